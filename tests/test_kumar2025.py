"""Kumar & Haupt (issue #8): every claim holds on its fixed case and every twin is refuted;
unit tests of numeric.homogeneous and symbolic/_homogeneous.py; determinism."""

from __future__ import annotations

import numpy as np
import pytest

import proofs_checks
from numeric import finite_data as tl, homogeneous as hm, ode
from proofs_checks import run_claim
from proofs_checks._claim import clear_shared_results

proofs_checks.load_builtin()

CLAIMS = [c for c in proofs_checks.select(["kumar2025.*"])]


def test_all_eighteen_claims_registered():
    ids = {c.id for c in CLAIMS}
    for k in range(1, 19):
        assert any(i.startswith(f"kumar2025.k{k:02d}") for i in ids), k
    for c in CLAIMS:
        assert c.twins, f"{c.id} has no false twin"
        assert c.hypotheses, f"{c.id} records no hypotheses"
        assert "unavailable" in c.notes and "reconstruction" in c.notes
        assert c.citation.arxiv in ("2402.09226", "2403.08121", "2502.15952")


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id.split(".", 1)[1] for c in CLAIMS])
def test_claim_verdict_and_twins(claim):
    r = run_claim(claim, profile="quick", seed=0)
    assert r.verdict == claim.expected, (r.error, r.evidence_summary)
    for t in r.twins:
        assert t.verdict == "refuted", (t.id, t.error, t.evidence_summary)


def test_finding_is_linked_to_its_correction():
    k15 = next(c for c in CLAIMS if c.id == "kumar2025.k15_sparsity_L2_Odelta")
    assert k15.finding and k15.expected == "refuted"
    assert k15.corrected_by == "kumar2025.k15_sparsity_L2"


def test_relu_is_excluded_by_hypotheses():
    for c in CLAIMS:
        if c.hypotheses.get("locally_lipschitz_gradient"):
            assert "ReLU" in c.hypotheses["relu_excluded"]


def test_determinism_same_seed_same_margin():
    c = next(c for c in CLAIMS if c.id == "kumar2025.k01_euler_identity")
    a = run_claim(c, profile="quick", seed=3, twins=False)
    b = run_claim(c, profile="quick", seed=3, twins=False)
    assert a.margin == b.margin and a.evidence_summary == b.evidence_summary
    clear_shared_results()  # the projected ascent is recomputed, not read back
    c4 = next(c for c in CLAIMS if c.id == "kumar2025.k04_ncf_maximiser")
    m1 = run_claim(c4, profile="quick", seed=5, twins=False).margin
    clear_shared_results()
    assert run_claim(c4, profile="quick", seed=5, twins=False).margin == m1


# -- numeric/_homogeneous.py ---------------------------------------------------------------------
def test_pullback_matches_shared_gradients():
    net, w0 = hm.setup_r2()
    th = np.random.default_rng(0).standard_normal(net.k)
    v, U = th[:net.m], th[net.m:].reshape(net.m, net.d)
    gU, gv = tl.gradients(U, v, net.X, net.y, loss=tl.square_loss(mean=False), act=net.act)
    np.testing.assert_allclose(net.loss_grad(th), np.concatenate([gv, gU.ravel()]), rtol=1e-13,
                               atol=1e-13)
    np.testing.assert_allclose(net.outputs(th), tl.forward(U, v, net.X, net.act), rtol=1e-13)


@pytest.mark.parametrize("setup", [hm.setup_p3, hm.setup_p2, hm.setup_r2])
def test_homogeneity_and_rescaled_field(setup):
    net, w0 = setup()
    c, delta = 0.37, 1e-2
    np.testing.assert_allclose(net.outputs(c * w0), c ** net.L * net.outputs(w0), rtol=1e-12)
    # the rescaled field is -grad L at delta s, times delta^(1-L)
    lhs = net.rescaled_field(w0, delta)
    rhs = -net.loss_grad(delta * w0) * delta ** (1 - net.L)
    np.testing.assert_allclose(lhs, rhs, rtol=1e-10)


def test_setup_values_match_the_theory_note():
    net, w0 = hm.setup_p3()
    assert hm.square_nstar(net.X, net.y) == pytest.approx(1.95116, abs=1e-5)
    assert hm.blowup_time(net, w0) == pytest.approx(0.5736, abs=1e-4)
    times = hm.neuron_blowup_times(net, w0)
    np.testing.assert_allclose(times, [0.6335, 0.5819, 0.5737, 0.6056, 2.0687], atol=1e-4)


def test_bad_inputs_name_the_argument():
    net, w0 = hm.setup_p3()
    with pytest.raises(ValueError, match="theta"):
        net.outputs(np.ones(3))
    with pytest.raises(ValueError, match="signs"):
        hm.HomogeneousNet("x", net.X, net.y, 2, signs=np.array([1.0, 0.5]))
    with pytest.raises(ValueError, match="act"):
        hm.HomogeneousNet("x", net.X, net.y, 2)
    with pytest.raises(ValueError, match="X"):
        hm.HomogeneousNet("x", np.ones(3), net.y, 2, act=net.act)
    with pytest.raises(ValueError, match="y"):
        hm.square_nstar(net.X, net.y[:-1])
    with pytest.raises(ValueError, match="p"):
        hm.single_neuron_nstar(-1.0, 1.0)
    with pytest.raises(ValueError, match="eta"):
        hm.projected_ascent(net, w0[None], eta=0.0)
    with pytest.raises(ValueError, match="u0"):
        hm.projected_ascent(net, np.zeros((1, net.k)))
    with pytest.raises(ValueError, match="times"):
        ode.integrate_autonomous(lambda Y, r: Y, w0, [0.0, 0.0], rtol=1e-6)
    with pytest.raises(ValueError, match="delta"):
        hm.escape_run(net, w0, -1.0, w0, t_after=1.0)
    with pytest.raises(ValueError, match="delta"):
        hm.escape_run(net, w0, 10.0, w0, t_after=1.0)  # starts beyond the threshold
    with pytest.raises(ValueError, match="u_star"):
        hm.restricted_stationary_point(net, np.zeros(net.k))
    with pytest.raises(ValueError, match="radius"):
        hm.ncf_flow_until(net, w0, 0.5)
    with pytest.raises(ValueError, match="L > 2"):
        hm.blowup_time(hm.setup_p2()[0], hm.setup_p2()[1])


def test_event_already_satisfied_is_refused():
    with pytest.raises(ValueError, match="already satisfied"):
        hm.first_crossing(lambda Y, r: Y, np.ones(2), lambda Y: np.ones(1), 1.0, rtol=1e-8)


def test_first_crossing_exponential():
    # y' = y from 1: |y| = e at t = 1
    t, y = hm.first_crossing(lambda Y, r: Y, np.array([1.0]),
                             lambda Y: np.atleast_2d(Y)[:, 0] - np.e, 2.0, rtol=1e-11)
    assert t == pytest.approx(1.0, abs=1e-8)
    assert y[0] == pytest.approx(np.e, rel=1e-8)


def test_rebalance_keeps_outputs():
    net, w0 = hm.setup_p3()
    th = hm.rebalance(net, 2 * w0)
    np.testing.assert_allclose(net.outputs(th), net.outputs(2 * w0), rtol=1e-12)
    np.testing.assert_allclose(net.conserved(th), 0.0, atol=1e-12)


# -- symbolic/_homogeneous.py --------------------------------------------------------------------
def test_symbolic_pieces():
    import sympy as sp

    from symbolic import _homogeneous as sh

    assert sp.simplify(sh.single_neuron_constant(2) - 2 / (3 * sp.sqrt(3))) == 0
    p = sp.Symbol("p", positive=True)
    general = sh.single_neuron_constant()
    assert sp.simplify(general - (p + 1) ** sp.Rational(-1, 2) * (p / (p + 1)) ** (p / 2)) == 0
    assert sh.euler_residual(sh.ncf_term("relu_power", 2, 2.0)) == 0
    with pytest.raises(ValueError, match="kind"):
        sh.activation("relu")
    with pytest.raises(ValueError, match="d"):
        sh.ncf_term("square", 0)
    N, g = sh.ncf_functions("square", 4)
    net, w0 = hm.setup_p3()
    assert N(w0, net.X, net.y) == pytest.approx(float(net.ncf(w0)), rel=1e-13)
    with pytest.raises(ValueError, match="theta"):
        g(np.ones(7), net.X, net.y)

"""Boursier et al. (arXiv 2206.00939): every claim confirmed, every twin refuted, the
orthogonal-input extension (numeric.orthogonal, symbolic._orthogonal) unit-tested, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from numeric import orthogonal as orth
from numeric.stats import clopper_pearson, fit_slope
from proofs_checks._claim import clear_shared_results
from proofs_checks._engine import run_claim
from proofs_checks._registry import select
from proofs_checks.papers import boursier2022  # noqa: F401  (registers the claims)

CLAIMS = select(["boursier2022.*"])


@pytest.fixture(scope="module")
def results():
    """All claims (and twins) at the quick profile, seed 0: the shared runs are cached."""
    return {c.id: run_claim(c, profile="quick", seed=0) for c in CLAIMS}


def test_every_reconstructed_statement_is_registered():
    ids = {c.id for c in CLAIMS}
    expected = {"zero_loss", "balancedness", "sign_preserved", "frozen_inactive",
                "decoupled_ode", "limit_interpolator", "limit_norm", "plateau", "escape_times",
                "early_alignment", "early_norm", "early_alignment_yardstick",
                "finite_lambda_bias", "logistic_equal_norms", "no_jstar_group_norm",
                "min_variation_norm", "width_probability", "closed_forms",
                "coverage_condition"}
    assert {f"boursier2022.{e}" for e in expected} <= ids
    for c in CLAIMS:
        assert c.twins, f"{c.id} has no false twin"
        assert c.citation.arxiv == "2206.00939"
        assert "unavailable" in c.notes


@pytest.mark.parametrize("cid", [c.id for c in CLAIMS])
def test_claim_confirmed_and_twins_refuted(results, cid):
    r = results[cid]
    assert r.verdict == "confirmed", (r.error, r.evidence_summary)
    for t in r.twins:
        assert t.verdict == "refuted", (t.id, t.error, t.evidence_summary)


def test_deterministic():
    c = next(x for x in CLAIMS if x.id == "boursier2022.width_probability")
    a = run_claim(c, profile="quick", seed=3)
    clear_shared_results("boursier2022")  # what its claims stored through the kit
    b = run_claim(c, profile="quick", seed=3)
    assert a.margin == b.margin and a.verdict == b.verdict


# -- the extension ------------------------------------------------------------------------------
def test_orthogonal_data_is_orthogonal():
    d = orth.orthogonal_data(np.random.default_rng(0), [1.0, 2.0, 0.5], [1.0, -2.0, 0.3], 5)
    G = d.X @ d.X.T
    assert np.allclose(G - np.diag(np.diag(G)), 0.0, atol=1e-14)
    assert np.allclose(d.r, [1.0, 2.0, 0.5])
    # β± interpolates: <β+, x_k> = y_k on S+, 0 on S−
    assert np.allclose(d.X @ d.beta(1), np.where(d.pos, d.y, 0.0))
    assert np.allclose(orth.limit_function(d.X, d), d.y)
    assert d.min_norm == pytest.approx(np.sqrt(1 + 0.3 ** 2 / 0.25) + np.sqrt(4 / 4))


def test_neuron_classes():
    d = orth.orthogonal_data(np.random.default_rng(1), [1, 1, 1, 1], [1, 2, -1, -1], 4)
    W = np.stack([d.E[0] + d.E[1], d.E[0] - d.E[1], -d.E[0] - d.E[1], d.E[2] - 0.5 * d.E[3]])
    s = np.array([1.0, 1.0, 1.0, -1.0])
    assert orth.neuron_classes(W, s, d).tolist() == [2, 1, 0, 1]


def test_yardstick_solves_its_ode():
    t = np.linspace(0, 3, 301)
    p, q, K = -0.3, 0.2, 1.1
    z = orth.yardstick(t, p, q, K)
    dz = np.gradient(z, t, edge_order=2)
    assert z[0] == pytest.approx(p)
    assert np.max(np.abs(dz - K * np.sqrt(z ** 2 + q ** 2))) < 1e-3 * np.max(np.abs(dz))


def test_bundle_logistic_and_drop_time():
    t = np.linspace(0, 40, 81)
    U = orth.bundle_logistic(t, 2.0, 1e-6, 0.5)
    L = (1 - U / 2.0) ** 2
    th = orth.drop_time(t, L)
    # exact: 1 − U/U∞ = sqrt(L(0)/2); L(0) = (1 − 5e-7)² ≈ 1, hence the 1e-6 tolerance
    u = 1 - np.sqrt(0.5 * L[0])
    exact = np.log((2.0 / 1e-6 - 1) * u / (1 - u)) / (2 * 0.5)
    assert th == pytest.approx(exact, rel=1e-6)
    assert np.isnan(orth.drop_time(t, np.ones_like(t)))


def test_reduced_rhs_matches_symbolic():
    import sympy as sp

    from symbolic._orthogonal import decoupled_ode_residuals

    assert all(e == 0 for e in decoupled_ode_residuals(3, 2).values())
    assert any(e != 0 for e in decoupled_ode_residuals(3, 2, "sum").values())
    # numeric RHS vs the full-flow gradient projected on x_k
    from numeric.finite_data import gradients

    rng = np.random.default_rng(2)
    d = orth.orthogonal_data(rng, [1.0, 1.5, 0.7], [1.0, -0.5, 0.4], 4)
    W = rng.standard_normal((5, 4))
    s = np.where(rng.random(5) < 0.5, -1.0, 1.0)
    v = s * np.linalg.norm(W, axis=1)
    gW, _ = gradients(W, v, d.X, d.y, loss=orth.MEAN_SQUARE)
    C = W @ d.X.T
    rhs = orth.coefficient_rhs(C, s, np.sum(d.perp(W) ** 2, 1), d.y, d.r ** 2, C > 0)
    assert np.allclose(rhs, -gW @ d.X.T, atol=1e-13)
    assert sp.Integer(0) == 0


def test_solve_reduced_deactivates():
    # one neuron of the wrong sign on one point: c decreases to 0 in finite time and stays
    # there (the inactive side is tangent: a sliding mode at λ = 0), to a few ulps of its size
    C0 = np.array([[0.5]])
    sol = orth.solve_coefficients(C0, np.array([-1.0]), np.array([0.04]), np.array([1.0]),
                                  np.array([1.0]), np.linspace(0, 5, 11))
    assert len(sol.deactivations) == 1
    t_off = sol.deactivations[0][0]
    after = sol.t > t_off
    assert after.sum() >= 3 and np.all(np.abs(sol.C[after, 0, 0]) <= 8 * np.finfo(float).eps)


def test_lp_and_probabilities():
    d = orth.orthogonal_data(np.random.default_rng(3), [1.0, 2.0], [1.0, -1.0], 2)
    U = np.vstack([d.beta(1) / np.linalg.norm(d.beta(1)), d.beta(-1) / np.linalg.norm(d.beta(-1)),
                   [[np.cos(a), np.sin(a)] for a in np.linspace(0, 6, 50)]])
    val, _ = orth.min_variation_norm_lp(d.X, d.y, U)
    assert val == pytest.approx(d.min_norm, rel=1e-7)
    lo, hi = clopper_pearson(50, 100, 0.95)
    assert lo == pytest.approx(0.3983, abs=1e-3) and hi == pytest.approx(0.6017, abs=1e-3)
    assert orth.jstar_probability(4, 40) == pytest.approx(1 - (31 / 32) ** 40)
    assert orth.coverage_lower_bound(4, 10) == pytest.approx(1 - 4 * 0.75 ** 10)
    f = fit_slope([0, 1, 2, 3], [1, 3, 5, 7.0])
    assert f.slope == pytest.approx(2.0) and f.halfwidth < 1e-9


def test_fit_slope_with_a_correction_column():
    # log S = 0.7 log λ + 0.3 + 20 λ^0.6: the scaling law with a large next-order constant, as
    # at some draws of the early-phase norm. The plain line is bent by the correction; fitted
    # as a nuisance column the exponent comes back to rounding, inside its t-band.
    lam = np.geomspace(1e-4, 1e-10, 7)
    y = 0.7 * np.log(lam) + 0.3 + 20.0 * lam ** 0.6
    plain = fit_slope(np.log(lam), y)
    assert abs(plain.slope - 0.7) > 1e-3
    fit = fit_slope(np.log(lam), y, nuisance=lam ** 0.6)
    assert abs(fit.slope - 0.7) < 1e-12 + fit.halfwidth and fit.halfwidth < 1e-9
    # a wrong exponent of the law is not absorbed by the correction column
    wrong = fit_slope(np.log(lam), 0.5 * np.log(lam) + 20.0 * lam ** 0.6,
                      nuisance=lam ** 0.6)
    assert abs(wrong.slope - 0.7) > 0.1


def test_fit_slope_band_is_the_t_interval_with_k_minus_2_degrees_of_freedom():
    from scipy import stats

    # the textbook interval, written out: s² = RSS/(k−2), se = s/√Sxx, t_{0.975, k−2}
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([0.1, 0.9, 2.3, 2.8])
    b = np.polyfit(x, y, 1)
    rss = float(np.sum((y - np.polyval(b, x)) ** 2))
    se = np.sqrt(rss / (x.size - 2) / np.sum((x - x.mean()) ** 2))
    f = fit_slope(x, y)
    assert f.slope == pytest.approx(b[0], rel=1e-12)
    assert f.halfwidth == pytest.approx(stats.t.ppf(0.975, 2) * se, rel=1e-12)
    # the same interval from the nuisance path with a zero-effect column removed
    g = fit_slope(np.arange(6.0), np.array([0.1, 0.9, 2.3, 2.8, 4.2, 4.9]),
                  nuisance=np.arange(6.0) ** 2)
    assert np.isfinite(g.halfwidth) and g.halfwidth > 0
    # coverage at k = 4: the 95 % band misses the true slope about 5 % of the time
    rng = np.random.default_rng(np.random.SeedSequence(21))
    misses = 0
    for _ in range(400):
        yy = 1.3 * x + 0.2 * rng.standard_normal(4)
        fit = fit_slope(x, yy)
        misses += abs(fit.slope - 1.3) > fit.halfwidth
    assert 8 <= misses <= 36  # binomial(400, 0.05): 99.9 % range

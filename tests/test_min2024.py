"""Min, Mallada & Vidal (2307.12851): machinery tests and every claim/twin verdict (fast)."""

from __future__ import annotations

import numpy as np
import pytest

from numeric.datasets import (
    cone_labels,
    data_constants,
    exact_mu_data,
    random_separable_data,
    separability_mu,
    signed_active_sum,
    zeta2,
)
from numeric.finite_data import (
    EXP,
    LOGISTIC2,
    RELU,
    balanced_init,
    direction_flow,
    forward,
    gd,
    gradient_flow,
    gradients,
    leaky_relu,
    loss_value,
    relu_power,
    square_activation,
    square_loss,
    stable_rank,
)
from proofs_checks.kit import PROFILES, Context


def _rng(*keys: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([2024, *keys]))


def _small(seed: int = 0, B: int = 3, h: int = 6, eps: float = 0.3):
    rng = _rng(seed)
    X, y = exact_mu_data(rng, 3, 3, 0.3, 8)
    W0 = rng.standard_normal((B, h, 8)) / np.sqrt(8)
    s = np.where(rng.random((B, h)) < 0.5, 1.0, -1.0)
    W, v = balanced_init(W0, s, eps)
    return X, y, W, v, W0, s


# ------------------------------------------------------------------------------- datasets
def test_exact_mu_data_has_exact_mu_and_the_closed_form_constants():
    X, y = exact_mu_data(_rng(1), 4, 3, 0.3, 10)
    Z = y[:, None] * X
    G = Z @ Z.T
    off = G[~np.eye(7, dtype=bool)]
    assert np.allclose(off, 0.3, atol=1e-14) and np.allclose(np.diag(G), 1.0, atol=1e-14)
    dc = data_constants(X, y)
    n_p, mu = 4, 0.3
    assert dc.mu == pytest.approx(mu, abs=1e-14)
    assert np.linalg.norm(dc.x_plus) ** 2 == pytest.approx(n_p * (1 + (n_p - 1) * mu))
    c_pos = X[0] @ dc.x_plus / np.linalg.norm(dc.x_plus)
    assert c_pos == pytest.approx(np.sqrt((1 + (n_p - 1) * mu) / n_p))
    assert dc.zeta1 >= mu ** 2
    lab = cone_labels(np.stack([dc.x_plus, dc.x_minus, -dc.x_plus - dc.x_minus]), X, y)
    assert lab[0] == 1 and lab[1] == -1


def test_random_separable_data_is_separable_and_deterministic():
    a = random_separable_data(_rng(2), 5, 5, 12, 0.6)
    b = random_separable_data(_rng(2), 5, 5, 12, 0.6)
    assert np.array_equal(a[0], b[0]) and separability_mu(*a) > 0


def test_signed_active_sum_and_zeta2():
    X, y = exact_mu_data(_rng(3), 3, 3, 0.3, 8)
    w = X[0] + X[1]
    xa, na = signed_active_sum(w, X, y)
    act = X @ w > 0
    assert na == act.sum() and np.allclose(xa, (y[act, None] * X[act]).sum(0))
    W0 = _rng(4).standard_normal((6, 8))
    z2 = zeta2(W0, np.array([1, -1, 1, -1, 1, -1.0]), X, y)
    assert 0 <= z2 <= 1


@pytest.mark.parametrize("call, name", [
    (lambda: exact_mu_data(_rng(0), 3, 3, 1.5), "mu"),
    (lambda: exact_mu_data(_rng(0), 3, 3, 0.3, dim=4), "dim"),
    (lambda: exact_mu_data(0, 3, 3, 0.3), "rng"),
    (lambda: random_separable_data(_rng(0), 3, 3, 8, c=0.0), "c"),
    (lambda: separability_mu(np.ones((3, 2)), [1, 1]), "y"),
    (lambda: data_constants(np.eye(3), [1.0, -1.0, 2.0]), "y"),
    (lambda: zeta2(np.ones((2, 3)), [1.0, -1.0], np.eye(4), [1.0, 1.0, -1.0, -1.0]), "W0"),
    (lambda: balanced_init(np.ones((2, 3)), [1.0, 0.5], 1e-3), "signs"),
    (lambda: balanced_init(np.ones((2, 3)), [1.0, -1.0], -1.0), "eps"),
    (lambda: forward(np.ones((2, 3)), np.ones(3), np.ones((4, 3))), "v"),
    (lambda: forward(np.ones((2, 3)), np.ones(2), np.ones((4, 5))), "X"),
    (lambda: gd(np.ones((2, 3)), np.ones(2), np.ones((4, 3)), np.ones(4), lr=-1.0, steps=2),
     "lr"),
    (lambda: gradient_flow(np.ones((2, 3)), np.ones(2), np.ones((4, 3)), np.ones(4),
                           [0.0, 2.0, 1.0]), "t_eval"),
    (lambda: gradient_flow(np.ones((2, 3)), np.ones(2), np.ones((4, 3)), np.ones(3), [1.0]), "y"),
    (lambda: leaky_relu(2.0), "alpha"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# ------------------------------------------------------------------------------- gradients
@pytest.mark.parametrize("loss", [EXP, LOGISTIC2, square_loss(mean=True)], ids=lambda x: x.name)
@pytest.mark.parametrize("act", [RELU, leaky_relu(0.2), relu_power(2.0), square_activation()],
                         ids=lambda a: a.name)
def test_gradient_equals_finite_differences(loss, act):
    X, y, W, v, *_ = _small(5, B=2, h=4, eps=0.7)
    gW, gv = gradients(W, v, X, y, loss, act)
    d = 1e-6
    # central differences (ReLU kinks are measure zero; the random state keeps |z| >> d)
    assert np.min(np.abs(X @ np.swapaxes(W, -1, -2))) > 1e3 * d
    fdW = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += d
        Wm[idx] -= d
        fdW[idx] = (loss_value(Wp, v, X, y, loss, act)[idx[0]]
                    - loss_value(Wm, v, X, y, loss, act)[idx[0]]) / (2 * d)
    fdv = np.zeros_like(v)
    for idx in np.ndindex(v.shape):
        vp, vm = v.copy(), v.copy()
        vp[idx] += d
        vm[idx] -= d
        fdv[idx] = (loss_value(W, vp, X, y, loss, act)[idx[0]]
                    - loss_value(W, vm, X, y, loss, act)[idx[0]]) / (2 * d)
    # central-difference error O(d^2 L''') + rounding O(eps L / d) ~ 1e-8 at these scales
    assert np.max(np.abs(gW - fdW)) < 1e-7 and np.max(np.abs(gv - fdv)) < 1e-7


def test_gd_step_is_a_gradient_step():
    X, y, W, v, *_ = _small(6)
    tr = gd(W, v, X, y, lr=1e-2, steps=1)
    gW, gv = gradients(W, v, X, y)
    assert np.array_equal(tr.W[1], W - 1e-2 * gW) and np.array_equal(tr.v[1], v - 1e-2 * gv)


# ------------------------------------------------------------------------------- integrators
def test_gf_agrees_with_gd_as_eta_shrinks():
    X, y, W, v, *_ = _small(7, eps=0.5)
    T = 1.0
    ref = gradient_flow(W, v, X, y, [0.0, T], rtol=1e-11)
    errs = []
    for eta in (1e-2, 1e-3):
        g = gd(W, v, X, y, lr=eta, steps=int(round(T / eta)), record_every=10 ** 6)
        errs.append(np.max(np.abs(g.W[-1] - ref.W[-1])))
    # GD is a first-order method: error ~ C eta; a 10x smaller step gives ~10x less error
    assert errs[1] < errs[0] / 5 and errs[1] < 1e-2 * np.max(np.abs(ref.W[-1]))


def test_gf_converges_with_rtol_and_events_agree():
    X, y, W, v, *_ = _small(8, eps=1e-3)
    te = np.linspace(0, 4, 9)
    a = gradient_flow(W, v, X, y, te, rtol=1e-7)
    b = gradient_flow(W, v, X, y, te, rtol=1e-11)
    assert np.max(np.abs(a.W - b.W)) < 1e-5 * np.max(np.abs(b.W))
    assert len(a.events) == len(b.events) > 0
    assert np.max(np.abs(a.events.t - b.events.t)) < 1e-5
    bal = np.abs(b.v ** 2 - np.sum(b.W ** 2, -1)) / (b.v ** 2)
    assert bal.max() < 1e-8  # GF conserves v^2 - |w|^2


def test_batched_equals_per_run_and_is_deterministic():
    X, y, W, v, W0, s = _small(9, eps=1e-3)
    te = np.linspace(0, 3, 4)
    batch = gradient_flow(W, v, X, y, te)
    for b in range(W.shape[0]):
        one = gradient_flow(W[b], v[b], X, y, te)
        assert np.allclose(one.W, batch.W[:, b], rtol=1e-13, atol=0)
        assert np.array_equal(one.events.t, batch.events.t[batch.events.run == b])
    again = gradient_flow(W, v, X, y, te)
    assert np.array_equal(again.W, batch.W)
    lim = direction_flow(W0, s, X, y, te)
    lim1 = direction_flow(W0[1], s[1], X, y, te)
    assert np.allclose(lim1.W, lim.W[:, 1], rtol=1e-13, atol=1e-15)
    g = gd(W, v, X, y, lr=1e-2, steps=50)
    g1 = gd(W[2], v[2], X, y, lr=1e-2, steps=50)
    assert np.allclose(g1.W, g.W[:, 2], rtol=1e-14, atol=0)


def test_batched_data_per_run():
    X, y, W, v, *_ = _small(10, B=2, eps=1e-2)
    X2 = np.stack([X, 2 * X])
    tr = gradient_flow(W, v, X2, y, [0.0, 1.0])
    one = gradient_flow(W[1], v[1], 2 * X, y, [0.0, 1.0])
    assert np.allclose(tr.W[:, 1], one.W, rtol=1e-13, atol=0)


def test_runs_reads_one_configuration_out_of_a_batch():
    # two data sets in one batched integration, read back per data set: each part is the
    # record its own integration gives (events renumbered from 0, the other part's dropped)
    X, y, W, v, *_ = _small(10, B=2, eps=1e-2)
    X2 = np.concatenate([np.broadcast_to(X, (2, *X.shape)), np.broadcast_to(2 * X, (2, *X.shape))])
    te = np.linspace(0.0, 3.0, 4)
    both = gradient_flow(np.concatenate([W, W]), np.concatenate([v, v]), X2, y, te)
    for k, data in enumerate((X, 2 * X)):
        part, alone = both.runs(2 * k, 2 * k + 2), gradient_flow(W, v, data, y, te)
        assert np.allclose(part.W, alone.W, rtol=1e-13, atol=0)
        assert np.array_equal(part.events.run, alone.events.run)
        assert np.array_equal(part.events.t, alone.events.t) and len(alone.events) > 0
        assert np.array_equal(part.final_pattern, alone.final_pattern)
    with pytest.raises(ValueError, match="outside the batch"):
        both.runs(3, 5)


def test_smooth_activation_and_rebalance():
    X, y, W, v, *_ = _small(11, eps=0.3)
    tr = gradient_flow(W, v, X, y, [0.0, 0.5], loss=square_loss(), act=square_activation())
    assert np.all(np.isfinite(tr.W))
    g = gd(W, v, X, y, lr=5e-2, steps=30, rebalance=True)
    assert np.allclose(g.v ** 2, np.sum(g.W ** 2, -1), rtol=1e-12)
    g0 = gd(W, v, X, y, lr=5e-2, steps=1)
    g1 = gd(W, v, X, y, lr=5e-2, steps=1, rebalance=True)
    assert np.allclose(forward(g0.W[-1], g0.v[-1], X), forward(g1.W[-1], g1.v[-1], X),
                       rtol=1e-12)


def test_stable_rank_and_direction_flow_stays_on_sphere():
    X, y, _, _, W0, s = _small(12)
    lim = direction_flow(W0, s, X, y, np.linspace(0, 2, 3))
    assert np.allclose(np.linalg.norm(lim.W, axis=-1), 1.0, atol=1e-12)
    assert np.allclose(stable_rank(np.eye(3)[None]), 3.0)


# ------------------------------------------------------------------------------- claims
def _claims():
    import proofs_checks.papers.min2024  # noqa: F401  (registers)
    from proofs_checks._registry import select

    return select(["min2024.*"])


def test_every_claim_has_a_false_twin_and_metadata():
    cl = _claims()
    assert len(cl) >= 25
    for c in cl:
        assert c.twins, c.id
        assert c.citation.arxiv == "2307.12851" and c.statement and c.notes is not None
        if c.finding:
            assert c.expected == "refuted" and c.corrected_by


@pytest.mark.parametrize("claim_id", [
    "min2024.lemma2_loss_derivative", "min2024.lemma2_plain_logistic",
    "min2024.lemma4_direction_error", "min2024.lemma5_cone_cosine", "min2024.lemma11_xa_norm",
    "min2024.lemma8_cones_and_caps", "min2024.lemma9_xi", "min2024.monotone_activation",
    "min2024.balance_sign_invariants", "min2024.lemma3_small_norms",
    "min2024.lemma1_early_direction_error", "min2024.alignment_limit",
    "min2024.alignment_practical_eps", "min2024.alignment_eps_independence",
    "min2024.alignment_slower_small_mu", "min2024.epsilon2_unrepresentable",
    "min2024.dwell_time", "min2024.trapping", "min2024.norm_lemmas",
    "min2024.refined_alignment", "min2024.t2_bound", "min2024.loss_rate", "min2024.low_rank",
    "min2024.init_activation_probability", "min2024.digits_replication",
    "min2024.zeta_max_reading", "min2024.zeta_min_reading", "min2024.eps1_c4_reading",
    "min2024.eps1_c8_reading", "min2024.t1_harmonic_bound", "min2024.t1_proof_step_all_n",
])
def test_claim_fixed_case_and_twins(claim_id):
    """The claim's first case gives the expected status; each twin is violated somewhere."""
    c = next(x for x in _claims() if x.id == claim_id)
    prof = PROFILES["quick"]
    cases = c.cases(prof) if c.cases else [None]
    ev = c.evaluate(cases[0], Context(prof, 0, c.id))
    want = "holds" if c.expected == "confirmed" else "violated"
    if c.expected == "refuted":
        statuses = [c.evaluate(p, Context(prof, 0, c.id)).status for p in cases]
        assert "violated" in statuses
    else:
        assert ev.status == want, (ev.margin, ev.tolerance, ev.reason)
    for t in c.twins:
        tc = t.cases(prof) if t.cases else [None]
        statuses = [t.evaluate(p, Context(prof, 0, t.id)).status for p in tc]
        assert "violated" in statuses, (t.id, statuses)

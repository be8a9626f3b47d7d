"""Min, Mallada & Vidal, "Early Neuron Alignment in Two-layer ReLU Networks with Small
Initialization" (arXiv 2307.12851, ICLR 2024): claims C1-C17 of the digest and its errata.

Setting (digest Section 1, implemented exactly): ``f(x) = sum_j v_j relu(<w_j, x>)``, no width
scaling, no bias; the loss is a *sum* over samples of exp(-y yhat) or 2 log(1 + exp(-y yhat));
sigma'(0) = 0; balanced init ``W(0) = eps W0``, ``v_j = s_j ||w_j(0)||``. Data are exact-mu
(every signed pairwise cosine equals mu) or random mu-separable; mu, X_min, X_max, zeta1, zeta2
and xi are computed from the data and the init, never assumed.

Honesty about epsilon: Theorem 1 needs ``eps <= eps2 = exp(-64 n X_max log n / (...))/sqrt(h)``,
about exp(-10^3) here, far below the smallest double. The literal guarantee is therefore *never*
tested. Instead two different things are checked and labelled as such: the eps -> 0 limit of the
early phase (the direction ODE ``du_j/dt = s_j P_{u_j} x_a(u_j)``, method "ode" on the sphere)
and the actual flow at practical eps (1e-4 .. 1e-8), whose alignment is expected behaviour, not
a guarantee. Where a statement is about times after the theorem's t1 (~10^3, far past anything
interesting), the observed alignment time t_al is used in its place; each such claim says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from numeric._datasets import (
    CONE_DEAD,
    CONE_MINUS,
    CONE_PLUS,
    cone_labels,
    data_constants,
    exact_mu_data,
    random_separable_data,
    separability_mu,
    signed_active_sum,
    zeta2,
)
from numeric._twolayer import (
    EXP,
    LOGISTIC,
    LOGISTIC2,
    RELU,
    Loss,
    Trajectory,
    balanced_init,
    direction_flow,
    forward,
    gd,
    gradient_flow,
    gradients,
    square_loss,
)

from ._claim import Citation, Claim, Context, Evidence, shared_result
from ._registry import register

_TITLE = "Early Neuron Alignment in Two-layer ReLU Networks with Small Initialization"
_AUTHORS = "H. Min, E. Mallada, R. Vidal"
_EPS = float(np.finfo(float).eps)
_SHARED = "min2024.shared"  # claim id under which shared runs draw their randomness


def _cite(where: str) -> Citation:
    return Citation(_TITLE, arxiv="2307.12851", where=where, authors=_AUTHORS)


_COMMON_ASSUMPTIONS = (
    "f(x) = sum_j v_j relu(<w_j,x>), no width scaling, no bias; sigma'(0) = 0",
    "L = sum_i l(y_i, f(x_i)) with l = exp(-y yhat) (or 2 log(1+exp(-y yhat)))",
    "balanced init W(0) = eps W0, v_j = s_j ||w_j(0)||, [W0]_ij ~ N(0, 1/D)",
    "Assumption 1: mu > 0 (computed from the data)",
)

_LOSSES: dict[str, Loss] = {
    "exp": EXP, "logistic2": LOGISTIC2, "logistic": LOGISTIC, "square": square_loss(mean=False),
}

# ---------------------------------------------------------------------------------------------
# shared set-ups and runs (cached per seed and profile: several claims read the same run)
def _cached(key: tuple, build):
    return shared_result(key, build, namespace=__name__)


def _shared(ctx: Context) -> Context:
    return Context(ctx.profile, ctx.seed, _SHARED)


@dataclass
class _Setup:
    X: np.ndarray
    y: np.ndarray
    dc: object  # DataConstants
    W0: np.ndarray  # (B, h, D) init shapes
    s: np.ndarray  # (B, h) output signs
    eps: float
    zeta2: np.ndarray  # (B,)
    zeta: np.ndarray  # (B,) min(zeta1, zeta2), the corrected reading
    t1: np.ndarray  # (B,) Theorem 1's alignment time
    T: float  # Lemma 3's early-phase horizon
    w_max: np.ndarray  # (B,)
    w_min: np.ndarray  # (B,)

    @property
    def h(self) -> int:
        return self.W0.shape[1]


def _data(rng: np.random.Generator, kind: str, n_pos: int, n_neg: int, mu_or_c: float,
          dim: int) -> tuple[np.ndarray, np.ndarray]:
    if kind == "exact":
        return exact_mu_data(rng, n_pos, n_neg, mu_or_c, dim)
    return random_separable_data(rng, n_pos, n_neg, dim, mu_or_c)


def _setup(rng: np.random.Generator, *, kind="exact", n_pos=5, n_neg=5, mu=0.3, dim=12, h=16,
           runs=2, eps=1e-6) -> _Setup:
    X, y = _data(rng, kind, n_pos, n_neg, mu, dim)
    dc = data_constants(X, y)
    W0 = rng.standard_normal((runs, h, dim)) / math.sqrt(dim)
    s = np.where(rng.random((runs, h)) < 0.5, 1.0, -1.0)
    s[:, 0], s[:, 1] = 1.0, -1.0  # both V+ and V- non-empty (Part 2 of Theorem 1 needs it)
    z2 = np.array([zeta2(W0[b], s[b], X, y) for b in range(runs)])
    zeta = np.minimum(dc.zeta1, z2)
    t1 = 16 * math.log(dc.n) / (np.minimum(zeta, dc.xi) * math.sqrt(dc.mu) * dc.x_min)
    T = math.log(1 / (math.sqrt(h) * eps)) / (4 * dc.n * dc.x_max)
    nrm = np.linalg.norm(W0, axis=-1)
    return _Setup(X, y, dc, W0, s, eps, z2, zeta, t1, T, nrm.max(1), nrm.min(1))


def _pattern_cones(A: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Cone labels (B, h) from activation patterns A (B, n, h)."""
    pos = (y > 0)[None, :, None]
    out = np.full((A.shape[0], A.shape[2]), 2, dtype=int)
    out[np.all(A == pos, axis=1)] = CONE_PLUS
    out[np.all(A == ~pos, axis=1)] = CONE_MINUS
    out[~A.any(axis=1)] = CONE_DEAD
    return out


def _end_cones(tr: Trajectory, su: _Setup) -> np.ndarray:
    """Cones at the last record, from the integrator's own pattern (a pair sliding on its kink,
    z = 0 to rounding, is inactive: sigma(0) = 0)."""
    if tr.final_pattern is not None:
        return _pattern_cones(tr.final_pattern, su.y)
    return cone_labels(tr.W[-1], su.X, su.y)


def _align_time(tr: Trajectory, su: _Setup) -> np.ndarray:
    """Observed alignment time per run: after it every V+ neuron is in S+ or S_dead and every V-
    neuron in S- or S_dead for the rest of the record (inf if not aligned at the end)."""
    cones = _end_cones(tr, su)
    ok = (cones == CONE_DEAD) | (cones == su.s.astype(int))
    last = np.zeros(su.s.shape)
    ev = tr.events
    np.maximum.at(last, (ev.run, ev.neuron), ev.t)
    return np.where(ok.all(axis=1), last.max(axis=1), np.inf)


def _segments(tr: Trajectory, su: _Setup):
    """Per (run, neuron): list of (t_start, t_end, active-mask) pattern segments, from the initial
    pattern and the located events (simultaneous events are merged)."""
    A0 = (su.X @ np.swapaxes(tr.W[0], -1, -2)) > 0  # (B, n, h)
    ev = tr.events
    out = {}
    B, h = su.s.shape
    for b in range(B):
        for j in range(h):
            sel = (ev.run == b) & (ev.neuron == j)
            a = A0[b, :, j].copy()
            t_prev = 0.0
            segs = []
            times, samples = ev.t[sel], ev.sample[sel]
            k = 0
            while k < len(times):
                tk = times[k]
                segs.append((t_prev, tk, a.copy()))
                while k < len(times) and times[k] - tk <= 1e-12 * max(1.0, tk):
                    a[samples[k]] = ~a[samples[k]]
                    k += 1
                t_prev = tk
            segs.append((t_prev, float(tr.t[-1]), a.copy()))
            out[b, j] = segs
    return out


def _cone_of_mask(a: np.ndarray, y: np.ndarray) -> int:
    pos = y > 0
    if not a.any():
        return CONE_DEAD
    if np.array_equal(a, pos):
        return CONE_PLUS
    if np.array_equal(a, ~pos):
        return CONE_MINUS
    return 2


def _main(ctx: Context):
    """The main practical-eps run (digest Run 1, scaled down): exact-mu data n = 5 + 5, mu = 0.3,
    D = 12, h = 16, eps = 1e-6, exp loss, accurate GF to t = 300 with a dense grid on [0, T]."""
    p = ctx.profile

    def build():
        rng = _shared(ctx).rng("main")
        su = _setup(rng, runs=p.n(4, minimum=2))
        te = np.unique(np.concatenate([
            [0.0], np.linspace(su.T / 16, su.T, 16), np.geomspace(su.T * 1.05, 300.0, 70)]))
        W, v = balanced_init(su.W0, su.s, su.eps)
        tr = gradient_flow(W, v, su.X, su.y, te, loss=EXP, rtol=p.ode_rtol)
        return su, tr, _align_time(tr, su)

    return _cached(("main", ctx.seed, p.name), build)


def _lim(ctx: Context, kind: str, n_pos: int, n_neg: int, mu: float, dim: int, t_end: float,
         key: str = "lim"):
    """eps -> 0 direction flow for a data/init draw shared by every claim asking the same case."""
    p = ctx.profile

    def build():
        rng = _shared(ctx).rng(key, kind, n_pos, n_neg, str(mu), dim)
        su = _setup(rng, kind=kind, n_pos=n_pos, n_neg=n_neg, mu=mu, dim=dim,
                    runs=p.n(4, minimum=2))
        te = np.linspace(0.0, t_end, 41)
        tr = direction_flow(su.W0, su.s, su.X, su.y, te, loss=EXP, rtol=p.ode_rtol)
        return su, tr, _align_time(tr, su)

    return _cached((key, ctx.seed, p.name, kind, n_pos, n_neg, mu, dim, t_end), build)


def _sub_outputs(W, v, su: _Setup, members: np.ndarray) -> np.ndarray:
    """Outputs of the sub-network formed by the neurons in ``members`` (B, h) bool: (..., B, n)."""
    return forward(W, np.where(members, v, 0.0), su.X)


# ---------------------------------------------------------------------------------------------
# claim registration helper
def _claim(**kw) -> Claim:
    kw.setdefault("assumptions", _COMMON_ASSUMPTIONS)
    return register(Claim(**kw))


# =============================================================================================
# C1 - Lemma 2: |-l'(y, yhat) - y| <= 2 |yhat| on |yhat| <= 1
def _lemma2_ratio(loss: Loss, grid: int) -> tuple[float, float, dict]:
    """max over y = +-1 and 0 < |yhat| <= 1 of |-dl/dyhat - y| / (2|yhat|) and its rounding."""
    g = np.linspace(1.0 / grid, 1.0, grid)
    yhat = np.concatenate([-g[::-1], g])
    worst, tol, where = 0.0, 0.0, 0.0
    for yy in (1.0, -1.0):
        yv = np.full_like(yhat, yy)
        lhs = np.abs(-loss.scale * loss.deriv(yv, yhat) - yv)
        r = lhs / (2 * np.abs(yhat))
        k = int(np.argmax(r))
        if r[k] > worst:
            worst, where = float(r[k]), float(yhat[k] * yy)
    # -l' is computed to a few ulps of |y| = 1 and the subtraction of y is exact (Sterbenz),
    # so the ratio carries an absolute error <= 4 eps / (2 min|yhat|).
    tol = 4 * _EPS / (2 * g[0])
    return worst, tol, {"argmax_y_yhat": where, "grid_points": 2 * grid}


def _check_lemma2(params, ctx: Context) -> Evidence:
    loss = _LOSSES[params["loss"]]
    worst, tol, d = _lemma2_ratio(loss, ctx.profile.grid * 100)
    d["loss"] = loss.name
    return Evidence.upper_bound(worst, 1.0, tolerance=tol, detail=d, reason=(
        "max |-l'-y|/(2|yhat|) over a dense grid of 0<|yhat|<=1, y=+-1; tolerance = rounding of "
        "-l' (few ulps) divided by the smallest 2|yhat|"))


def _check_lemma2_const1(params, ctx: Context) -> Evidence:
    loss = _LOSSES[params["loss"]]
    worst, tol, d = _lemma2_ratio(loss, ctx.profile.grid * 100)
    return Evidence.upper_bound(2 * worst, 1.0, tolerance=2 * tol, detail=d,
                                reason="constant 1 instead of 2: max |-l'-y|/|yhat| <= 1?")


lemma2 = _claim(
    id="min2024.lemma2_loss_derivative",
    title="Lemma 2: |-l'(y,yhat) - y| <= 2|yhat| for |yhat| <= 1 (exp, 2*logistic, square)",
    statement=("For the exponential loss and the scaled logistic loss 2 log(1+e^{-y yhat}) (and, "
               "Remark 4, the square loss 1/2 (y-yhat)^2), |-dl/dyhat(y,yhat) - y| <= 2|yhat| "
               "whenever |yhat| <= 1, y in {+1,-1}."),
    latex=r"\left|-\partial_{\hat y}\ell(y,\hat y) - y\right| \le 2|\hat y|,\quad |\hat y|\le 1",
    assumptions=("y in {+1, -1}", "|yhat| <= 1", "l = exp, 2*logistic or 1/2 square"),
    citation=_cite("Lemma 2 (Appendix B), Remark 4"),
    source="P",
    method="exact",
    check=_check_lemma2,
    cases=lambda p: [{"loss": "exp"}, {"loss": "logistic2"}, {"loss": "square"}],
    notes=("Sup ratios: exp (e-1)/2 = 0.859 at y yhat = -1; 2*logistic 1/4 near 0 "
           "(tanh(yhat/2)/(2 yhat)); square exactly 1/2. The ratio form avoids the 0 <= 0 case."),
)
lemma2.twin("constant_one", title="Lemma 2 with constant 1: |-l'-y| <= |yhat| (exp loss)",
            check=_check_lemma2_const1, cases=lambda p: [{"loss": "exp"}],
            notes="Fails for exp: (e-1) = 1.718 > 1 at y yhat = -1.")

lemma2_plain = _claim(
    id="min2024.lemma2_plain_logistic",
    title="Erratum: Lemma 2 for the main text's plain logistic loss log(1+e^{-y yhat})",
    statement=("The main text defines the logistic loss as log(1+e^{-y yhat}); with it, Lemma 2 "
               "|-l' - y| <= 2|yhat| would hold on |yhat| <= 1."),
    latex=r"\ell(y,\hat y)=\log(1+e^{-y\hat y}):\ |-\ell' - y| \le 2|\hat y|\ \text{(false)}",
    assumptions=("plain logistic loss",),
    citation=_cite("Section 2.1 (loss definition) vs Appendix B"),
    source="typo?",
    method="exact",
    check=_check_lemma2,
    cases=lambda p: [{"loss": "logistic"}],
    expected="refuted",
    finding=True,
    corrected_by="min2024.lemma2_loss_derivative",
    notes=("FINDING. At yhat = 0 the plain logistic gives -l' = y/2, so |-l'-y| = 1/2 > 0 = 2|yhat|"
           ": Lemma 2 (and all early-phase constants) hold only for 2*logistic, the version used "
           "in Appendix B. The corrected statement is min2024.lemma2_loss_derivative (logistic2 "
           "case). With plain logistic the early phase runs at half speed (times double)."),
)
lemma2_plain.twin("constant_one", title="plain logistic with constant 1: |-l'-y| <= |yhat|",
                  check=_check_lemma2_const1, notes="Even more false than the finding itself.")


# =============================================================================================
# C2 - Lemma 4: direction dynamics error at balanced states with max|f| <= 1
def _direction_error(W, v, X, y, loss: Loss):
    """Exact d/dt(w_j/|w_j|) from the gradient vs sign(v_j) P_w x_a(w_j): max_j error, (...)."""
    gW, _ = gradients(W, v, X, y, loss, RELU)
    nw = np.linalg.norm(W, axis=-1, keepdims=True)
    u = W / nw
    wd = -gW
    dir_dot = (wd - np.sum(wd * u, -1, keepdims=True) * u) / nw
    xa, _ = signed_active_sum(W, X, y)
    pxa = xa - np.sum(xa * u, -1, keepdims=True) * u
    err = np.linalg.norm(dir_dot - np.sign(v)[..., None] * pxa, axis=-1)
    return err.max(-1), np.linalg.norm(xa, axis=-1).max(-1)


def _random_states(rng, su_X, su_y, count, h, vfactor=1.0):
    D = su_X.shape[1]
    G = rng.standard_normal((count, h, D))
    s = np.where(rng.random((count, h)) < 0.5, 1.0, -1.0)
    v = vfactor * s * np.linalg.norm(G, axis=-1)
    f = np.max(np.abs(forward(G, v, su_X)), axis=-1)
    target = 10 ** rng.uniform(-3, 0, count)  # max|f| log-uniform in [1e-3, 1]
    c = np.sqrt(target / f)  # f is 2-homogeneous in (W, v)
    return G * c[:, None, None], v * c[:, None], target


def _check_lemma4(params, ctx: Context, vfactor: float = 1.0) -> Evidence:
    rng = ctx.rng("lemma4", params["data"], params["loss"])
    X, y = _data(rng, params["data"], 6, 6, 0.3 if params["data"] == "exact" else 0.6, 16)
    W, v, fmax = _random_states(rng, X, y, ctx.profile.n(40, minimum=10), 8, vfactor)
    loss = _LOSSES[params["loss"]]
    err, xa_norm = _direction_error(W, v, X, y, loss)
    n, xmax = len(y), float(np.max(np.linalg.norm(X, axis=1)))
    bound = 2 * n * xmax * fmax
    ratio = err / bound
    # rounding: both sides are O(|x_a|) vectors computed from ~n*D products -> ~ n*D*eps*|x_a|
    tol = float(np.max(len(y) * X.shape[1] * _EPS * (xa_norm + n * xmax) / bound))
    k = int(np.argmax(ratio))
    return Evidence.upper_bound(float(ratio[k]), 1.0, tolerance=tol, detail={
        "states": len(ratio), "max_f_at_worst": float(fmax[k]), "median_ratio":
        float(np.median(ratio)), "mu": separability_mu(X, y)}, reason=(
        "max over random states of |d/dt(w/|w|) - sign(v) P_w x_a(w)| / (2 n X_max max|f|); "
        "tolerance = rounding of the two O(|x_a|) vectors"))


lemma4 = _claim(
    id="min2024.lemma4_direction_error",
    title="Lemma 4: |d/dt(w_j/|w_j|) - sign(v_j) P_w x_a(w_j)| <= 2 n X_max max|f|",
    statement=("At any balanced state (v_j^2 = |w_j|^2) with max_i |f(x_i)| <= 1, the normalised "
               "neuron direction moves like sign(v_j) P_{w_j} x_a(w_j) up to 2 n X_max max_i|f|."),
    latex=(r"\Big\|\tfrac{d}{dt}\tfrac{w_j}{\|w_j\|}-\mathrm{sign}(v_j)P_{w_j}x_a(w_j)\Big\|"
           r"\le 2nX_{\max}\max_i|f(x_i)|"),
    citation=_cite("Lemma 4"),
    source="P",
    method="exact",
    check=_check_lemma4,
    cases=lambda p: [{"loss": lo, "data": d} for lo in ("exp", "logistic2")
                     for d in ("exact", "random")],
    notes="Digest measured ratio <= 0.24. States: Gaussian W scaled so max|f| in [1e-3, 1].",
)
lemma4.twin("unbalanced", title="Lemma 4 without balance (v_j = 3 s_j |w_j|)",
            check=lambda p, c: _check_lemma4(p, c, vfactor=3.0),
            notes="Dropping balance: the direction moves 3x faster, error ~ 2|P x_a| >> bound.")


# =============================================================================================
# C3 - data lemmas (5, 7-8, 9, 11)
_DATA_CASES = [
    {"kind": "exact", "n_pos": 5, "n_neg": 5, "mu": 0.3, "dim": 12},
    {"kind": "exact", "n_pos": 3, "n_neg": 7, "mu": 0.1, "dim": 12},
    {"kind": "random", "n_pos": 6, "n_neg": 6, "mu": 0.6, "dim": 16},
]


def _case_data(params, ctx: Context, tag: str):
    rng = ctx.rng(tag, params["kind"], params["n_pos"], params["n_neg"], str(params["mu"]))
    X, y = _data(rng, params["kind"], params["n_pos"], params["n_neg"], params["mu"],
                 params["dim"])
    return rng, X, y, data_constants(X, y)


def _unit(a):
    return a / np.linalg.norm(a, axis=-1, keepdims=True)


def _conic(rng, X, y, count):
    """Random unit conic combinations of the y_i x_i with dense Dirichlet(1) weights."""
    wts = rng.dirichlet(np.ones(len(y)), size=count)
    return _unit(wts @ (y[:, None] * X))


def _check_lemma5(params, ctx: Context, power: float = 1.0) -> Evidence:
    rng, X, y, dc = _case_data(params, ctx, "lemma5")
    m = ctx.profile.n(2000, minimum=200)
    a, b = _conic(rng, X, y, m), _conic(rng, X, y, m)
    cos = np.sum(a * b, axis=1)
    if power != 1.0:  # twins also test the extreme rays themselves
        Z = _unit(y[:, None] * X)
        cos = np.concatenate([cos, (Z @ Z.T)[np.triu_indices(len(y), 1)]])
    bound = dc.mu ** power
    return Evidence.lower_bound(float(cos.min()), bound, tolerance=8 * _EPS, detail={
        "pairs": int(cos.size), "mu": dc.mu}, reason=(
        "min cosine over random conic combinations of y_i x_i; tolerance = rounding of a unit "
        "dot product"))


lemma5 = _claim(
    id="min2024.lemma5_cone_cosine",
    title="Lemma 5: cos(z1, z2) >= mu for nonzero z1, z2 in K = cone{y_i x_i}",
    statement="Any two nonzero vectors of the cone K spanned by the y_i x_i have cosine >= mu.",
    latex=r"\cos(z_1,z_2)\ge\mu\quad\forall z_1,z_2\in K\setminus\{0\}",
    assumptions=("Assumption 1 (mu > 0)",),
    citation=_cite("Lemma 5"),
    source="P",
    method="montecarlo",
    check=_check_lemma5,
    cases=lambda p: _DATA_CASES,
    notes=(
        "Equality is attained on the extreme rays of exact-mu data; dense"
        " combinations stay inside."),
)
lemma5.twin("sqrt_mu", title="Lemma 5 with sqrt(mu): cos(z1, z2) >= sqrt(mu) on K",
            check=lambda p, c: _check_lemma5(p, c, power=0.5),
            notes="The extreme rays attain cos = mu < sqrt(mu).")


def _check_lemma11(params, ctx: Context, with_mu: bool = True) -> Evidence:
    rng, X, y, dc = _case_data(params, ctx, "lemma11")
    w = rng.standard_normal((ctx.profile.n(4000, minimum=400), X.shape[1]))
    xa, na = signed_active_sum(w, X, y)
    keep = na >= 1
    lhs = np.linalg.norm(xa[keep], axis=1)
    rhs = (math.sqrt(dc.mu) if with_mu else 1.0) * na[keep] * dc.x_min
    r = lhs / rhs
    return Evidence.lower_bound(float(r.min()), 1.0, tolerance=4 * len(y) * _EPS, detail={
        "draws": int(keep.sum()), "mu": dc.mu, "n_a_at_min": int(na[keep][np.argmin(r)])},
        reason="min |x_a(w)| / (sqrt(mu) n_a X_min) over random w; tolerance = summation rounding")


lemma11 = _claim(
    id="min2024.lemma11_xa_norm",
    title="Lemma 11: |x_a(w)| >= sqrt(mu) n_a(w) X_min",
    statement=("The signed active sum x_a(w) = sum_{<x_i,w> > 0} y_i x_i has norm at least "
               "sqrt(mu) n_a X_min (the printed 'sqrt(mu n_a)' means sqrt(mu) * n_a)."),
    latex=r"\|x_a(w)\|\ge\sqrt{\mu}\,n_a(w)\,X_{\min}",
    assumptions=("Assumption 1 (mu > 0)",),
    citation=_cite("Lemma 11"),
    source="P",
    method="montecarlo",
    check=_check_lemma11,
    cases=lambda p: _DATA_CASES,
)
lemma11.twin("no_sqrt_mu", title="Lemma 11 without sqrt(mu): |x_a(w)| >= n_a X_min",
             check=lambda p, c: _check_lemma11(p, c, with_mu=False),
             notes="For exact-mu data |x_a|^2 = n_a(1 + mu(n_a - 1)) < n_a^2 once n_a >= 2.")


def _cap_margin(X, y, c, sign, zeta):
    """min over the cap {z: cos(z, c) >= sqrt(1 - zeta)} of the signed activation cosines:
    >= 0 (> 0 for the points that must be active) iff the cap lies in S+ (sign=+1) / S- (-1).
    Exact: the worst z tilts c by the cap angle towards the hyperplane, giving cos(theta+phi_i)."""
    a = _unit(sign * y[:, None] * X)
    ch = c / np.linalg.norm(c)
    cosphi = a @ ch
    sinphi = np.linalg.norm(a - cosphi[:, None] * ch[None, :], axis=1)
    phi = np.arctan2(sinphi, cosphi)
    theta = math.atan2(math.sqrt(zeta), math.sqrt(max(1.0 - zeta, 0.0)))
    return float(np.min(np.cos(theta + phi)))


def _sample_cap(rng, c, zeta, count):
    """Random points on the boundary circle-sphere of the cap around c (cross-check)."""
    ch = c / np.linalg.norm(c)
    g = rng.standard_normal((count, len(c)))
    g -= (g @ ch)[:, None] * ch[None, :]
    g = _unit(g)
    return math.sqrt(1 - zeta) * ch[None, :] + math.sqrt(zeta) * g


def _check_lemma8(params, ctx: Context, zeta_mode: str = "mu2") -> Evidence:
    rng, X, y, dc = _case_data(params, ctx, "lemma8")
    m = ctx.profile.n(2000, minimum=200)
    margins = {}
    # (i) x+/|x+| in S+, x-/|x-| in S-  (Lemma 7)
    margins["x_plus_in_S+"] = float(np.min(_unit(y[:, None] * X) @ _unit(dc.x_plus)))
    margins["x_minus_in_S-"] = float(np.min(_unit(-y[:, None] * X) @ _unit(dc.x_minus)))
    zetas = {"mu2": [dc.mu ** 2, (1 - 1e-6) * dc.zeta1],
             "wide": [dc.zeta1 + 0.5 * (1 - dc.zeta1)]}[zeta_mode]
    for z in zetas:
        for name, c, sg in (("+", dc.x_plus, 1.0), ("-", dc.x_minus, -1.0)):
            margins[f"cap{name}(zeta={z:.4g})"] = _cap_margin(X, y, c, sg, z)
            pts = _sample_cap(rng, c, z, m)
            lab = cone_labels(pts, X, y)
            margins[f"sampled_cap{name}_outside_frac(zeta={z:.4g})"] = float(
                np.mean(lab != (CONE_PLUS if sg > 0 else CONE_MINUS)))
    if zeta_mode == "mu2":
        margins["zeta1_minus_mu2"] = dc.zeta1 - dc.mu ** 2
    analytic = [v for k, v in margins.items() if "sampled" not in k]
    sampled_bad = max(v for k, v in margins.items() if "sampled" in k)
    worst = min(analytic)
    if sampled_bad > 0 and worst > 0:  # the exact worst case and sampling disagree: suspicious
        return Evidence.failed("sampled cap points left the cone though the exact margin is > 0",
                               margins)
    return Evidence.lower_bound(worst, 0.0, tolerance=16 * _EPS, detail=margins, reason=(
        "exact worst-case signed activation cosine over each cap (tilt by the cap angle, atan2 "
        "angles), x+- membership and zeta1 - mu^2; sampled cap points as a cross-check; "
        "tolerance = rounding of unit dot products and one cos"))


lemma8 = _claim(
    id="min2024.lemma8_cones_and_caps",
    title="Lemmas 7-8: x+- in S+-, and the caps cos(z, x+-) >= sqrt(1-zeta1) lie in S+-",
    statement=("x+/|x+| lies in S+ and x-/|x-| in S-; with zeta1 = mu^2 (and with the largest "
               "valid zeta1 = min_c min_i cos^2(c, x_i), taken just below its supremum) the caps "
               "S^zeta1_{x+-} = {z: cos(z, x+-) >= sqrt(1-zeta1)} lie inside S+-, so zeta1 >= "
               "mu^2."),
    latex=(
        r"S^{\zeta_1}_{x_\pm}=\{z:\cos(z,x_\pm)\ge\sqr"
        r"t{1-\zeta_1}\}\subset S_\pm,\ \zeta_1\ge\mu^2"),
    assumptions=("Assumption 1 (mu > 0)",),
    citation=_cite("Lemmas 6-8"),
    source="P",
    method="exact",
    check=_check_lemma8,
    cases=lambda p: _DATA_CASES,
    notes="zeta1 >= mu^2 and the closed form for the largest zeta1 are [derived] in the digest.",
)
lemma8.twin("cap_too_wide", title="caps with zeta halfway between zeta1 and 1 lie in S+-",
            check=lambda p, c: _check_lemma8(p, c, zeta_mode="wide"),
            notes="A cap wider than the largest valid zeta1 crosses some hyperplane x_i-perp.")


def _check_lemma9(params, ctx: Context, xi_mode: str = "mu2") -> Evidence:
    rng, X, y, dc = _case_data(params, ctx, "lemma9")
    m = ctx.profile.n(2000, minimum=200)
    Z = _unit(y[:, None] * X)
    if xi_mode == "mu2":
        x1 = _conic(rng, X, y, m)
        g = _unit(rng.standard_normal((4 * m, X.shape[1])))
        # plus points on the hyperplanes x_i-perp (the boundary, where the sup is approached)
        i = rng.integers(0, len(y), m)
        xh = _unit(X[i])
        pr = x1 - np.sum(x1 * xh, 1, keepdims=True) * xh
        x2 = np.concatenate([g, _unit(pr)])
    else:  # witnesses: extreme ray y_j x_j and its projection onto x_i-perp, i != j
        jj, ii = np.nonzero(~np.eye(len(y), dtype=bool))
        x1 = Z[jj]
        xh = _unit(X[ii])
        x2 = _unit(x1 - np.sum(x1 * xh, 1, keepdims=True) * xh)
    lab = cone_labels(x2, X, y)
    outside = (lab != CONE_PLUS) & (lab != CONE_MINUS)
    if xi_mode == "mu2":
        x2o = x2[outside][: max(1, int(5e6 // len(x1)))]  # cap the pair matrix at 5e6 entries
        worst = float(np.abs(x1 @ x2o.T).max())
        # pair the hyperplane points with their own x1 (their cos is the informative one)
        own = np.abs(np.sum(x1 * x2[4 * m:], 1))[outside[4 * m:]]
        worst = max(worst, float(own.max(initial=0.0)))
        bound = math.sqrt(1 - dc.mu ** 2)
    else:
        worst = float(np.abs(np.sum(x1 * x2, 1))[outside].max())
        bound = math.sqrt(1 - dc.mu)
    return Evidence.upper_bound(worst, bound, tolerance=16 * _EPS, detail={
        "x2_outside_S+-": int(outside.sum()), "mu": dc.mu}, reason=(
        "max |cos(x1, x2)| over sampled unit x1 in K and x2 outside S+ u S- (random and on the "
        "hyperplanes x_i-perp); tolerance = rounding of unit dot products"))


lemma9 = _claim(
    id="min2024.lemma9_xi",
    title="Lemma 9 with xi = mu^2: sup |cos(x1, x2)| <= sqrt(1 - mu^2), x1 in K, x2 not in S+ u S-",
    statement=("xi = mu^2 is a valid constant in Lemma 9: every unit x1 in K and unit x2 outside "
               "S+ u S- have |cos(x1, x2)| <= sqrt(1 - mu^2)."),
    latex=r"\sup_{x_1\in K,\ x_2\notin S_+\cup S_-}|\cos(x_1,x_2)|\le\sqrt{1-\mu^2}",
    assumptions=("Assumption 1 (mu > 0)",),
    citation=_cite("Lemma 9 (xi >= mu^2 is [derived])"),
    source="derived",
    method="montecarlo",
    check=_check_lemma9,
    cases=lambda p: _DATA_CASES,
    notes=("For exact-mu data the sup equals sqrt(1-mu^2) (attained at x1 = y_j x_j, x2 its "
           "projection on x_i-perp), so xi = mu^2 is exact there; samples stay strictly inside."),
)
lemma9.twin("xi_mu", title="Lemma 9 with xi = mu: sup |cos| <= sqrt(1 - mu)",
            check=lambda p, c: _check_lemma9(p, c, xi_mode="mu"),
            notes="The extreme-ray witnesses reach sqrt(1-mu^2) > sqrt(1-mu).")


# =============================================================================================
# C4 - monotone activation patterns (eq. 46)
def _gd_run(ctx: Context):
    p = ctx.profile

    def build():
        su = _setup(_shared(ctx).rng("gd"), runs=p.n(4, minimum=2))
        W, v = balanced_init(su.W0, su.s, su.eps)
        steps = p.n(1500, minimum=300)
        tr = gd(W, v, su.X, su.y, lr=1e-3, steps=steps, loss=EXP, record_every=1)
        return su, tr

    return _cached(("gd", ctx.seed, p.name), build)


def _check_monotone(params, ctx: Context, flip: bool = False) -> Evidence:
    if params["run"] == "gd":
        su, tr = _gd_run(ctx)
        rtol = 0.0
    else:
        su, tr, _ = _main(ctx)
        rtol = ctx.profile.ode_rtol
    q = (su.y[:, None] * (su.X @ np.swapaxes(tr.W, -1, -2))) * np.sign(tr.v)[:, :, None, :]
    dq = np.diff(q, axis=0)
    if flip:
        dq = -dq
    wn = np.linalg.norm(tr.W, axis=-1)[:, :, None, :]
    xn = np.linalg.norm(su.X, axis=1)[None, None, :, None]
    # rounding of q: D products and sums -> <= D eps |x||w| per value, twice for a difference;
    # for GF add the integrator's global error, measured <= rtol relative (rtol sweep), x10
    allow = 2 * su.X.shape[1] * _EPS * xn * np.maximum(wn[1:], wn[:-1]) + 10 * rtol * (
        np.abs(q[1:]) + np.abs(q[:-1]))
    value = float(np.max(-dq / allow))
    sign_flips = int(np.sum(np.sign(tr.v[1:]) != np.sign(tr.v[:1])))
    return Evidence.upper_bound(value, 1.0, tolerance=0.0, detail={
        "max_decrease": float(np.max(-dq)), "records": len(tr.t), "sign_flips": sign_flips,
        "decreases_above_zero": int(np.sum(dq < 0))}, reason=(
        "largest decrease of q_ij = y_i sign(v_j) <x_i, w_j> between consecutive records, in "
        "units of its own rounding (+ integrator) error allowance; <= 1 means no decrease"))


monotone = _claim(
    id="min2024.monotone_activation",
    title="Eq. 46: q_ij = y_i sign(v_j) <x_i, w_j(t)> is non-decreasing (GD steps and GF)",
    statement=("Under Assumption 1 and the exp loss, y_i sign(v_j) <x_i, dw_j/dt> = |w_j| sum_k "
               "1[<x_k,w_j> > 0] e^{-y_k f_k} <y_i x_i, y_k x_k> >= 0, so q_ij(t) never decreases; "
               "each GD step inherits this exactly while sign(v_j) does not flip. A V+ neuron "
               "can only gain positive and lose negative points (at most n pattern changes)."),
    latex=r"\tfrac{d}{dt}\,y_i\,\mathrm{sign}(v_j)\langle x_i,w_j\rangle\ge 0",
    citation=_cite("eqs. 7-8 and eq. 46 (monotonicity in time is [derived])"),
    source="derived",
    method="gd",
    check=_check_monotone,
    cases=lambda p: [{"run": "gd"}, {"run": "gf"}],
    notes="GD: eta = 1e-3 on the main configuration; GF: the main accurate run.",
)
monotone.twin("reversed", title="q_ij is non-increasing", check=lambda p, c: _check_monotone(
    p, c, flip=True), notes="Flipped inequality: live neurons strictly increase q.")


# =============================================================================================
# C5 - sign and balance invariants
def _check_balance(params, ctx: Context) -> Evidence:
    su, tr, _ = _main(ctx)
    v2, w2 = tr.v ** 2, np.sum(tr.W ** 2, -1)
    drift = float(np.max(np.abs(v2 - w2) / (v2 + w2)))
    flips = int(np.sum(np.sign(tr.v) != np.sign(tr.v[:1])))
    N = tr.W[0].size // tr.W.shape[1] + tr.v.shape[-1]
    # each accepted step commits a local error <= rtol*|y| in RMS, so a single component can be
    # off by sqrt(N) rtol relative; v^2 - |w|^2 relative drifts <= 2 sqrt(N) rtol per step
    allow = 2 * math.sqrt(N) * tr.rtol * int(tr.steps.max())
    if flips:
        return Evidence.predicate(False, computed=flips, claimed=0,
                                  reason="sign(v_j) changed along the flow")
    return Evidence.upper_bound(drift, allow, tolerance=0.0, detail={
        "sign_flips": flips, "steps": int(tr.steps.max()), "rtol": tr.rtol}, reason=(
        "max relative |v_j^2 - |w_j|^2| along accurate GF vs the integrator's worst-case drift "
        "2 sqrt(N) rtol per step"))


def _check_balance_gd(params, ctx: Context) -> Evidence:
    su = _setup(ctx.rng("gd_balance"), runs=2)
    W, v = balanced_init(su.W0, su.s, 1e-2)
    tr = gd(W, v, su.X, su.y, lr=1e-2, steps=400, loss=EXP, record_every=50)
    v2, w2 = tr.v ** 2, np.sum(tr.W ** 2, -1)
    drift = float(np.max(np.abs(v2 - w2) / (v2 + w2)))
    return Evidence.upper_bound(drift, 400 * 8 * _EPS, tolerance=0.0, reason=(
        "GD (eta = 1e-2, no re-balancing): relative balance drift vs pure rounding"))


balance = _claim(
    id="min2024.balance_sign_invariants",
    title="GF invariants: sign v_j(t) constant and v_j^2 - |w_j|^2 = 0 (balanced init)",
    statement=("Under gradient flow d/dt(v_j^2 - |w_j|^2) = 0, so a balanced init stays balanced, "
               "and sign v_j(t) = sign v_j(0): V+ and V- are time-invariant."),
    latex=r"v_j(t)^2-\|w_j(t)\|^2\equiv 0,\ \mathrm{sign}\,v_j(t)=\mathrm{sign}\,v_j(0)",
    citation=_cite("Section 2.1 (citing Du et al. 2018, Boursier et al. 2022)"),
    source="P",
    method="ode",
    check=_check_balance,
    notes="Measured drift ~1e-10 at rtol 1e-9 against a worst-case allowance ~1e-5.",
)
balance.twin("gd_exact", title="GD (eta = 1e-2) keeps v_j^2 - |w_j|^2 = 0 up to rounding",
             check=_check_balance_gd,
             notes="GD drifts by eta^2 (g_v^2 - |g_w|^2) per step: the invariant is GF-only.")


# =============================================================================================
# C6, C7 - early phase bounds for t <= T (practical eps; the eps-condition of Lemma 3 is met)
def _early(ctx: Context):
    su, tr, tal = _main(ctx)
    k = tr.t <= su.T * (1 + 1e-12)
    return su, tr, k


def _check_lemma3(params, ctx: Context, bound_kind: str = "paper") -> Evidence:
    su, tr, k = _early(ctx)
    h, eps, xmax = su.h, su.eps, su.dc.x_max
    wmax2 = su.w_max ** 2  # (B,)
    cond = eps <= 1 / (4 * math.sqrt(h) * xmax * wmax2)
    w2 = np.max(np.sum(tr.W[k] ** 2, -1), axis=(0, 2))  # (B,)
    f = np.max(np.abs(forward(tr.W[k], tr.v[k], su.X)), axis=(0, 2))
    if bound_kind == "paper":
        bw, bf = 2 * eps * wmax2 / math.sqrt(h), 2 * eps * math.sqrt(h) * xmax * wmax2
    else:  # twin: no growth at all
        bw, bf = eps ** 2 * wmax2, eps ** 2 * xmax * wmax2 * h
    r = np.maximum(w2 / bw, f / bf)
    if not np.all(cond):
        return Evidence.failed("eps condition of Lemma 3 not met", {"eps": eps})
    return Evidence.upper_bound(float(r.max()), 1.0, tolerance=100 * ctx.profile.ode_rtol,
                                detail={"T": su.T, "records_in_[0,T]": int(k.sum()),
                                        "ratio_norm": float((w2 / bw).max()),
                                        "ratio_f": float((f / bf).max())}, reason=(
        "max over t <= T of |w_j|^2 / (2 eps W_max^2/sqrt(h)) and max|f| / (2 eps sqrt(h) X_max "
        "W_max^2); tolerance = integrator relative error (rtol, x100 for products/steps)"))


lemma3 = _claim(
    id="min2024.lemma3_small_norms",
    title=(
        "Lemma 3: for t <= T, |w_j|^2 <= 2 eps W_max^2/sqrt(h) and max|f|"
        " <= 2 eps sqrt(h) X_max W_max^2"),
    statement=("If eps <= 1/(4 sqrt(h) X_max W_max^2), then for t <= T = log(1/(sqrt(h) eps))/(4 n "
               "X_max): max_j |w_j(t)|^2 <= 2 eps W_max^2/sqrt(h) and max_i |f(x_i)| <= 2 eps "
               "sqrt(h) X_max W_max^2."),
    latex=(r"t\le T:\ \max_j\|w_j\|^2\le \tfrac{2\varepsilon W_{\max}^2}{\sqrt h},\ "
           r"\max_i|f(x_i)|\le 2\varepsilon\sqrt h X_{\max}W_{\max}^2"),
    citation=_cite("Lemma 3"),
    source="P",
    method="ode",
    check=_check_lemma3,
    notes="Main run (eps = 1e-6 satisfies this lemma's condition, unlike Theorem 1's eps2).",
)
lemma3.twin("no_growth", title="for t <= T the norms do not grow: |w_j|^2 <= eps^2 W_max^2",
            check=lambda p, c: _check_lemma3(p, c, bound_kind="none"),
            notes="Aligned neurons grow like exp(2|x_a| t) already before T.")


def _check_lemma1(params, ctx: Context, exact_limit: bool = False) -> Evidence:
    su, tr, k = _early(ctx)
    err, xa = _direction_error(tr.W[k], tr.v[k], su.X, su.y, EXP)  # (K, B)
    if exact_limit:  # twin: no O(eps) term at all, only rounding
        bound = su.dc.n * su.X.shape[1] * _EPS * (xa.max() + su.dc.n * su.dc.x_max)
        return Evidence.upper_bound(float(err.max()), float(bound), tolerance=0.0, reason=(
            "direction error along GF vs pure rounding of the two vectors"))
    bound = 4 * su.eps * su.dc.n * math.sqrt(su.h) * su.dc.x_max ** 2 * su.w_max ** 2
    r = err / bound[None, :]
    return Evidence.upper_bound(float(r.max()), 1.0, tolerance=100 * ctx.profile.ode_rtol,
                                detail={"max_error": float(err.max())}, reason=(
        "max over t <= T of the Lemma-4 error along GF divided by 4 eps n sqrt(h) X_max^2 "
        "W_max^2; tolerance = integrator relative error"))


lemma1 = _claim(
    id="min2024.lemma1_early_direction_error",
    title="Lemma 1: direction error <= 4 eps n sqrt(h) X_max^2 W_max^2 for t <= T",
    statement=("Under Lemma 3's eps condition, for all t <= T and all j: |d/dt(w_j/|w_j|) - "
               "sign(v_j) P_{w_j} x_a(w_j)| <= 4 eps n sqrt(h) X_max^2 W_max^2."),
    latex=(r"\Big\|\tfrac{d}{dt}\tfrac{w_j}{\|w_j\|}-\mathrm{sign}(v_j)P_{w_j}x_a(w_j)\Big\|\le "
           r"4\varepsilon n\sqrt h X_{\max}^2W_{\max}^2"),
    citation=_cite("Lemma 1 (formal: Lemmas 3 + 4)"),
    source="P",
    method="ode",
    check=_check_lemma1,
    notes="Checked on accurate GF (exact balance), as the digest advises against plain GD.",
)
lemma1.twin("exact_limit", title="for t <= T the direction obeys the eps->0 ODE exactly",
            check=lambda p, c: _check_lemma1(p, c, exact_limit=True),
            notes=("Dropping the O(eps) term: the error is tiny (~1e-8 of the bound, since the "
                   "true error is O(max|f|) = O(eps^2)) but far above rounding. A 'no horizon' "
                   "twin is not false on symmetric exact-mu data: there -l'_i is equal across a "
                   "class, so the error stays parallel to x+ and P_w removes it."))


# =============================================================================================
# C8 - alignment: eps -> 0 limit (LIM) and practical eps, independence of eps, growth as mu falls
_LIM_CASES = [
    {"kind": "exact", "n_pos": 5, "n_neg": 5, "mu": 0.3, "dim": 12},
    {"kind": "exact", "n_pos": 3, "n_neg": 7, "mu": 0.3, "dim": 12},
    {"kind": "random", "n_pos": 6, "n_neg": 6, "mu": 0.6, "dim": 16},
]
_LIM_T_END = 40.0


def _lim_case(ctx: Context, params):
    return _lim(ctx, params["kind"], params["n_pos"], params["n_neg"], params["mu"],
                params["dim"], _LIM_T_END)


def _should_live(su: _Setup, W_init) -> np.ndarray:
    """Neurons that activate a same-class point at init (Theorem 1, second bullet)."""
    A0 = (su.X @ np.swapaxes(W_init, -1, -2)) > 0  # (B, n, h)
    pos = su.y > 0
    return np.where(su.s > 0, A0[:, pos, :].any(1), A0[:, ~pos, :].any(1))


def _alignment_evidence(su: _Setup, tr: Trajectory, tal: np.ndarray, *, label: str
                        ) -> Evidence:
    cones = _end_cones(tr, su)
    target = su.s.astype(int)
    must = _should_live(su, tr.W[0])
    bad = int(np.sum(must & (cones != target)))
    detail = {"t_al": tal, "t1": su.t1, "t_al_over_t1": tal / su.t1, "horizon": float(tr.t[-1]),
              "dead_at_end": int(np.sum(cones == CONE_DEAD)),
              "should_live_not_in_own_cone": bad, "zeta": su.zeta, "mu": su.dc.mu}
    if bad:
        return Evidence.predicate(False, computed=bad, claimed=0, detail=detail, reason=(
            f"{label}: neurons that had a same-class active point at init but did not end in "
            "their own cone"))
    if not np.all(np.isfinite(tal)):
        return Evidence.failed(f"{label}: not aligned by the horizon {tr.t[-1]} (< t1)", detail)
    return Evidence.upper_bound(float(np.max(tal / su.t1)), 1.0, tolerance=1e-6, detail=detail,
                                reason=(f"{label}: observed alignment time / t1 (t1 = 16 log n/"
                                        "(min(zeta, xi) sqrt(mu) X_min)); tolerance = event-time "
                                        "location accuracy, relative"))


def _swapped_evidence(su: _Setup, tr: Trajectory) -> Evidence:
    cones = _end_cones(tr, su)
    bad = int(np.sum((cones != CONE_DEAD) & (cones != -su.s.astype(int))))
    return Evidence.predicate(bad == 0, computed=bad, claimed=0, reason=(
        "neurons not in the opposite cone or S_dead at the end"))


def _check_align_lim(params, ctx: Context, swapped: bool = False) -> Evidence:
    su, tr, tal = _lim_case(ctx, params)
    if swapped:
        return _swapped_evidence(su, tr)
    return _alignment_evidence(su, tr, tal, label="eps->0 direction flow")


_ALIGN_STATEMENT = (
    "At t1 = 16 log n / (min{zeta, xi} sqrt(mu) X_min) every V+ neuron lies in S+ u S_dead and "
    "every V- neuron in S- u S_dead; a V+ (V-) neuron that activates some positive (negative) "
    "point at init lies in S+ (S-).")

align_lim = _claim(
    id="min2024.alignment_limit",
    title="Theorem 1 Part 1 in the eps -> 0 limit: alignment by t1 (direction ODE)",
    statement=_ALIGN_STATEMENT + " Checked on the eps -> 0 limit of the early phase.",
    latex=(r"t_1=\frac{16\log n}{\min\{\zeta,\xi\}\sqrt\mu X_{\min}}:\ "
           r"w_j(t_1)\in S_{\mathrm{sign}(v_j)}\cup S_{\mathrm{dead}}"),
    assumptions=_COMMON_ASSUMPTIONS + ("Assumption 2 (zeta2 computed from W0)",
                                       "eps -> 0: du_j/dt = s_j P_{u_j} x_a(u_j) on the sphere"),
    citation=_cite("Theorem 1 (Part 1), Lemma 1"),
    source="P",
    method="ode",
    check=_check_align_lim,
    cases=lambda p: _LIM_CASES,
    notes=("NOT the literal theorem: Theorem 1 needs eps <= eps2 ~ exp(-3e4) here (see "
           "min2024.epsilon2_unrepresentable), which no float can hold. This claim checks the "
           "limiting direction dynamics the proof approximates (Lemma 1's error -> 0 as eps -> 0)."
           " zeta = min(zeta1, zeta2) (corrected reading), xi = mu^2 (exact for exact-mu data, "
           "conservative otherwise). The flow is recorded to t = 40 << t1; alignment found there "
           "persists by trapping (min2024.trapping). Expect t_al/t1 ~ 1e-3."),
)
align_lim.twin("sign_swapped",
               title="V+ neurons align with x- (S- u S_dead) and V- neurons with x+",
               check=lambda p, c: _check_align_lim(p, c, swapped=True),
               notes=("Swapped roles. (A 'no neuron dies' twin is false only for some draws: "
                      "seed-dependent, so not used.)"))


def _practical(ctx: Context, eps: float):
    """GF at a practical eps on the main configuration's data and init shapes (to t = 3)."""
    p = ctx.profile

    def build():
        # every eps in one batched integration (a batched run equals the runs done one at a
        # time, so this only saves the per-step overhead), read back per eps
        su0, _, _ = _main(ctx)
        inits = [balanced_init(su0.W0, su0.s, e) for e in _EPS_LIST]
        te = np.linspace(0.0, 3.0, 7)
        tr_all = gradient_flow(np.concatenate([w for w, _ in inits]),
                               np.concatenate([v for _, v in inits]), su0.X, su0.y, te,
                               loss=EXP, rtol=p.ode_rtol)
        B, out = su0.W0.shape[0], {}
        for k, e in enumerate(_EPS_LIST):
            su = _Setup(**{**su0.__dict__, "eps": e})
            tr = tr_all.runs(k * B, (k + 1) * B)
            out[e] = (su, tr, _align_time(tr, su))
        return out

    return _cached(("practical", ctx.seed, p.name), build)[eps]


def _lim_main(ctx: Context):
    p = ctx.profile

    def build():
        su, _, _ = _main(ctx)
        tr = direction_flow(su.W0, su.s, su.X, su.y, np.linspace(0.0, 3.0, 7), loss=EXP,
                            rtol=p.ode_rtol)
        return su, tr, _align_time(tr, su)

    return _cached(("lim_main", ctx.seed, p.name), build)


_EPS_LIST = (1e-4, 1e-6, 1e-8)


def _check_align_practical(params, ctx: Context, swapped: bool = False) -> Evidence:
    su, tr, tal = _practical(ctx, params["eps"])
    if swapped:  # twin: V+ neurons end in S- u S_dead and V- in S+ u S_dead
        return _swapped_evidence(su, tr)
    return _alignment_evidence(su, tr, tal, label=f"GF at eps = {params['eps']:g}")


align_practical = _claim(
    id="min2024.alignment_practical_eps",
    title="Theorem 1 Part 1 at practical eps (1e-4..1e-8): expected behaviour, not the guarantee",
    statement=_ALIGN_STATEMENT + " Checked on accurate GF at eps in {1e-4, 1e-6, 1e-8}.",
    latex=r"\varepsilon\in\{10^{-4},10^{-6},10^{-8}\}\gg\varepsilon_2:\ t_{al}\le t_1",
    assumptions=_COMMON_ASSUMPTIONS + ("eps far ABOVE eps2: outside the theorem",),
    citation=_cite("Theorem 1 (Part 1); Section 4 experiments"),
    source="P",
    method="ode",
    check=_check_align_practical,
    cases=lambda p: [{"eps": e} for e in _EPS_LIST],
    notes=("Honest label: these eps violate the theorem's eps <= eps2, so a pass is evidence that "
           "the conclusion is robust, not a test of the theorem. Main configuration (exact mu = "
           "0.3, n = 5 + 5, h = 16)."),
)
align_practical.twin("sign_swapped",
                     title="V+ neurons align with x- (S- u S_dead) and V- neurons with x+",
                     check=lambda p, c: _check_align_practical(p, c, swapped=True),
                     notes=("Swapped roles: the output sign decides the cone. (A 'no neuron "
                            "dies' twin is false only for some draws, so it is not used here.)"))


def _check_eps_independence(params, ctx: Context, scaling: bool = False) -> Evidence:
    _, _, tal0 = _lim_main(ctx)
    tals = {e: _practical(ctx, e)[2] for e in _EPS_LIST}
    su = _main(ctx)[0]
    if scaling:  # twin: t_al grows like log(1/eps): t_al(1e-8) >= 1.5 t_al(1e-4)
        r = float(np.min(tals[1e-8] / tals[1e-4]))
        return Evidence.lower_bound(r, 1.5, tolerance=1e-6, detail={"t_al": tals},
                                    reason="t_al(1e-8)/t_al(1e-4) against 1.5")
    # Allowed shift: Lemma 1 bounds the direction-field error by delta(eps) = 4 eps n sqrt(h)
    # X_max^2 W_max^2; a boundary crossing with normal speed >= c = mu^{3/2} X_min / 2 (eqs.
    # 7-8) moves by <= delta t / c when the error acts for time t (first-order estimate).
    c = su.dc.mu ** 1.5 * su.dc.x_min / 2
    dev, allow = [], []
    for e, t in tals.items():
        delta = 4 * e * su.dc.n * math.sqrt(su.h) * su.dc.x_max ** 2 * su.w_max ** 2
        dev.append(np.abs(t - tal0))
        allow.append(delta * tal0 / c + 1e-6 * tal0)
    dev, allow = np.array(dev), np.array(allow)
    return Evidence.upper_bound(float(np.max(dev / allow)), 1.0, tolerance=0.0, detail={
        "t_al_limit": tal0, "t_al": tals, "abs_dev": dev, "allowed": allow}, reason=(
        "|t_al(eps) - t_al(eps->0)| in units of the Lemma-1 first-order shift bound "
        "delta(eps) t_al / (mu^1.5 X_min / 2) (+ 1e-6 relative event-location accuracy)"))


eps_indep = _claim(
    id="min2024.alignment_eps_independence",
    title="Alignment time is (essentially) independent of eps: t_al(eps) -> t_al(eps->0)",
    statement=("The observed alignment time at eps in {1e-4, 1e-6, 1e-8} differs from the eps -> 0 "
               "direction flow's by no more than the shift allowed by Lemma 1's O(eps) error."),
    latex=(
        r"|t_{al}(\varepsilon)-t_{al}(0)|\le"
        r" \delta(\varepsilon)\,t_{al}(0)/(\mu^{3/2}X_{\min}/2)"),
    citation=_cite("Lemma 1; digest Run 2 (times identical for eps = 1e-4 and 1e-8)"),
    source="derived",
    method="ode",
    check=_check_eps_independence,
    notes=("Practical eps, labelled as expected behaviour. The paper's t1 = Theta(log n/sqrt(mu)) "
           "has no eps, while the theorem's T and eps2 do; alignment itself does not need eps -> 0 "
           "in practice."),
)
eps_indep.twin("log_scaling", title="t_al grows like log(1/eps): t_al(1e-8) >= 1.5 t_al(1e-4)",
               check=lambda p, c: _check_eps_independence(p, c, scaling=True))

# A factor 5 between neighbours: at a factor 2 (0.6, 0.3) the draw-to-draw scatter of the mean
# alignment time over a few runs overturns the trend at some seeds (0.501 vs 0.489 at seed
# 725116221); App. A.2 itself compares mu a factor ~100 apart (theta = 0.1 vs 0.001).
_MU_SWEEP = (0.5, 0.1, 0.02)


def _check_mu_sweep(params, ctx: Context, reverse: bool = False) -> Evidence:
    p = ctx.profile

    def build():
        # the same rng key for every mu: identical frame {u, e_i}, W0 and signs (paired); all
        # mu in one batched integration with per-run data, read back per mu
        sus = [_setup(_shared(ctx).rng("mu_sweep"), mu=mu, runs=p.n(4, minimum=2))
               for mu in _MU_SWEEP]
        B = sus[0].W0.shape[0]
        X = np.concatenate([np.broadcast_to(su.X, (B, *su.X.shape)) for su in sus])
        y = np.concatenate([np.broadcast_to(su.y, (B, *su.y.shape)) for su in sus])
        tr_all = direction_flow(np.concatenate([su.W0 for su in sus]),
                                np.concatenate([su.s for su in sus]), X, y,
                                np.linspace(0.0, 20.0, 5), loss=EXP, rtol=p.ode_rtol)
        out = []
        for k, su in enumerate(sus):
            tr = tr_all.runs(k * B, (k + 1) * B)
            out.append((su, tr, _align_time(tr, su)))
        return out

    means = []
    for mu, (_, _, tal) in zip(_MU_SWEEP, _cached(("mu_sweep", ctx.seed, p.name), build),
                                 strict=True):
        if not np.all(np.isfinite(tal)):
            return Evidence.failed(f"not aligned by t = 20 at mu = {mu}")
        means.append(float(np.mean(tal)))
    m = np.array(means)
    ratios = m[1:] / m[:-1]  # later (smaller mu) over earlier
    if reverse:
        ratios = 1 / ratios
    return Evidence.lower_bound(float(ratios.min()) - 1.0, 0.0, tolerance=1e-6, detail={
        "mu": list(_MU_SWEEP), "mean_t_al": means}, reason=(
        "mean eps->0 alignment time over paired draws; margin = smallest relative increase as "
        "mu falls; tolerance = event-time accuracy"))


mu_sweep = _claim(
    id="min2024.alignment_slower_small_mu",
    title="Alignment slows down as mu falls (t1 = O(log n / sqrt(mu)); App. A.2)",
    statement=("With the frame, init shapes and signs held fixed, the mean eps -> 0 alignment time "
               "increases as mu decreases through 0.5, 0.1, 0.02."),
    latex=r"\mu\downarrow\ \Rightarrow\ t_{al}\uparrow",
    citation=_cite("Theorem 1 (t1 = O(log n/sqrt(mu))); Appendix A.2"),
    source="P",
    method="ode",
    check=_check_mu_sweep,
    notes=("A monotone trend, not a constant: App. A.2 shows it qualitatively, with mu a factor "
           "~100 apart. The sweep steps mu by a factor 5: a factor 2 is within the scatter of "
           "a few-run mean at some seeds, which made the verdict depend on the seed."),
)
mu_sweep.twin("faster", title="alignment gets faster as mu falls",
              check=lambda p, c: _check_mu_sweep(p, c, reverse=True))


def _log_eps2(su: _Setup) -> float:
    m = float(np.min(np.minimum(su.zeta, su.dc.xi)))
    return (-0.5 * math.log(su.h) - 64 * su.dc.n * su.dc.x_max * math.log(su.dc.n)
            / (m * math.sqrt(su.dc.mu) * su.dc.x_min))


def _check_eps2(params, ctx: Context) -> Evidence:
    su = _main(ctx)[0]
    l10 = _log_eps2(su) / math.log(10)
    return Evidence.upper_bound(l10, math.log10(5e-324), tolerance=0.0, detail={
        "log10_eps2": l10, "log10_eps1(c=8)": math.log10(_eps1(su, 8.0))}, reason=(
        "log10 eps2 (computed in log space) against the log10 of the smallest positive double"))


def _eps1(su: _Setup, c: float) -> float:
    m = float(np.min(np.minimum(np.minimum(su.zeta, su.dc.xi), su.dc.mu)))
    return (m * math.sqrt(su.dc.mu) * su.dc.x_min
            / (c * math.sqrt(su.h) * su.dc.n * su.dc.x_max ** 2 * float(su.w_max.max()) ** 2))


eps2_claim = _claim(
    id="min2024.epsilon2_unrepresentable",
    title="Theorem 1's eps2 underflows double precision (the literal guarantee is untestable)",
    statement=("For the main configuration eps2 = exp(-64 n X_max log n / (min{zeta,xi} sqrt(mu) "
               "X_min)) / sqrt(h) is below the smallest positive double, so no floating-point run "
               "satisfies eps <= eps2."),
    latex=(
        r"\varepsilon_2=\tfrac{1}{\sqrt h}\exp\!\Big(-\tfrac{64nX_{\max}\log"
        r" n}{\min\{\zeta,\xi\}\sqrt\mu X_{\min}}\Big)<5\cdot10^{-324}"),
    citation=_cite("Theorem 1, eq. (28)"),
    source="P",
    method="exact",
    check=_check_eps2,
    notes=("This is why every alignment claim here is either the eps -> 0 limit or practical eps, "
           "labelled as such. eps2 is exactly the condition T >= t1."),
)
def _check_eps2_practical(params, ctx: Context) -> Evidence:
    l10 = _log_eps2(_main(ctx)[0]) / math.log(10)
    return Evidence.lower_bound(l10, -8.0, tolerance=0.0, reason="log10 eps2 against -8")


eps2_claim.twin("representable", title="eps2 >= 1e-8 (a practical eps would satisfy Theorem 1)",
                check=_check_eps2_practical)


# =============================================================================================
# C9 dwell time, C10 trapping (pattern segments from located events)
def _check_dwell(params, ctx: Context, include_trapped: bool = False) -> Evidence:
    su, tr, tal = _lim_case(ctx, params)
    segs = _segments(tr, su)
    worst, worst_info, count = 0.0, {}, 0
    for (b, j), lst in segs.items():
        m = min(float(su.zeta[b]), su.dc.xi)
        for k, (t0, t1_, a) in enumerate(lst):
            cone = _cone_of_mask(a, su.y)
            allowed = cone in (CONE_DEAD, int(su.s[b, j]))
            if allowed and not include_trapped:
                continue
            na = int(a.sum())
            if na == 0:
                continue
            if k == len(lst) - 1 and not allowed:
                return Evidence.failed("a neuron is still outside its cone at the horizon")
            bound = 4 / (m * math.sqrt(su.dc.mu) * su.dc.x_min * na)
            r = (t1_ - t0) / bound
            count += 1
            if r > worst:
                worst, worst_info = r, {"run": b, "neuron": j, "n_a": na, "dwell": t1_ - t0,
                                        "bound": bound}
    return Evidence.upper_bound(worst, 1.0, tolerance=1e-6, detail={
        "segments_checked": count, "worst": worst_info}, reason=(
        "longest stay in one activation pattern outside S_s u S_dead, in units of 4/(min{zeta,xi}"
        " sqrt(mu) X_min n_a); tolerance = event-time accuracy"))


dwell = _claim(
    id="min2024.dwell_time",
    title=(
        "Dwell time: outside S+ u S_dead a V+ neuron changes pattern within"
        " 4/(min{zeta,xi} sqrt(mu) X_min n_a)"),
    statement=("While outside S+ u S_dead (V+; S- u S_dead for V-) a neuron keeps one activation "
               "pattern for at most Delta t = 4/(min{zeta,xi} sqrt(mu) X_min n_a)."),
    latex=r"\Delta t\le\frac{4}{\min\{\zeta,\xi\}\sqrt\mu X_{\min}n_a}",
    assumptions=_COMMON_ASSUMPTIONS + ("eps -> 0 direction flow",),
    citation=_cite("proof of Theorem 1 (Appendix C)"),
    source="P",
    method="ode",
    check=_check_dwell,
    cases=lambda p: _LIM_CASES,
    notes="Checked on the eps -> 0 direction flow (the proof's approximation error vanishes).",
)
dwell.twin("trapped_too", title="the dwell bound also holds inside S+ / S- (trapped neurons)",
           check=lambda p, c: _check_dwell(p, c, include_trapped=True),
           cases=lambda p: [_LIM_CASES[0]],
           notes="Dropped assumption: trapped neurons keep their pattern until the horizon (40).")


def _check_trapping(params, ctx: Context, never_switch: bool = False) -> Evidence:
    if params["run"] == "gf":
        su, tr, _ = _main(ctx)
    else:
        su, tr, _ = _lim_case(ctx, _LIM_CASES[params["case"]])
    segs = _segments(tr, su)
    exits, switches = 0, 0
    for (b, j), lst in segs.items():
        switches += len(lst) - 1
        inside = False
        for _, _, a in lst:
            cone = _cone_of_mask(a, su.y)
            if inside:
                exits += 1  # any later segment means the pattern changed after entering
                break
            if cone in (CONE_DEAD, int(su.s[b, j])):
                inside = True
    if never_switch:
        return Evidence.predicate(switches == 0, computed=switches, claimed=0,
                                  reason="number of activation-pattern changes")
    return Evidence.predicate(exits == 0, computed=exits, claimed=0, detail={
        "pattern_changes": switches}, reason=(
        "neurons whose pattern changed after entering S_sign(v) or S_dead (from located events)"))


trapping = _claim(
    id="min2024.trapping",
    title="Lemma 12: S+ traps V+ neurons, S- traps V- neurons, S_dead traps all",
    statement=("Once a V+ neuron is in S+ (V- in S-), or any neuron in S_dead, it never leaves."),
    latex=(
        r"w_j(t_0)\in S_{\mathrm{sign}(v_j)}\cup S_{\mathrm{dead}}\Rightarrow"
        r" w_j(t)\in\text{same},\ t\ge t_0"),
    citation=_cite("Lemma 12"),
    source="P",
    method="ode",
    check=_check_trapping,
    cases=lambda p: [{"run": "gf"}, {"run": "lim", "case": 0}, {"run": "lim", "case": 1}],
    notes="Main GF run (eps = 1e-6, to t = 300) and the eps -> 0 direction flows.",
)
trapping.twin("never_switch", title="activation patterns never change from init",
              check=lambda p, c: _check_trapping(p, c, never_switch=True))


# =============================================================================================
# C11-C15 on the main run (Part 2): t1 is replaced by the observed alignment time t_al
def _part2(ctx: Context):
    su, tr, tal = _main(ctx)
    if not np.all(np.isfinite(tal)):
        raise RuntimeError("main run did not align")
    cones = _end_cones(tr, su)  # = cones at t_al by trapping
    Vp, Vm = cones == CONE_PLUS, cones == CONE_MINUS
    fp = _sub_outputs(tr.W, tr.v, su, Vp)  # (K, B, n)
    fm = _sub_outputs(tr.W, tr.v, su, Vm)
    pos = su.y > 0
    t2p_idx = np.argmax(np.abs(fp[:, :, pos]).max(-1) > 0.25, axis=0)  # first record above 1/4
    t2m_idx = np.argmax(np.abs(fm[:, :, ~pos]).max(-1) > 0.25, axis=0)
    return su, tr, tal, Vp, Vm, t2p_idx, t2m_idx


_PART2_NOTE = ("Theorem 1's t1 (~750 here) is replaced by the observed alignment time t_al "
               "(~0.7): every V+- neuron is in S+- u S_dead from t_al on, which is all the "
               "Part-2 proofs use from t1. Practical eps = 1e-6 (eps2 is unreachable).")


def _check_norms(params, ctx: Context, decreasing: bool = False) -> Evidence:
    su, tr, tal, Vp, Vm, *_ = _part2(ctx)
    rt = ctx.profile.ode_rtol
    worst13, worst14 = np.inf, np.inf
    for V in (Vp, Vm):
        S = np.sum(np.sum(tr.W ** 2, -1) * V[None], -1)  # (K, B)
        for b in range(S.shape[1]):
            after = tr.t >= tal[b]
            k_al = int(np.argmax(after))
            early = np.arange(1, k_al + 1)  # t = 0 is the trivial equality
            r13 = S[early, b] / (np.exp(-4 * su.dc.n * su.dc.x_max * tr.t[early]) * S[0, b])
            worst13 = min(worst13, float(r13.min()))
            Sa = S[after, b]
            inc = np.diff(Sa) / Sa[:-1]
            worst14 = min(worst14, float((-inc if decreasing else inc).min()))
    if decreasing:
        return Evidence.lower_bound(worst14, 0.0, tolerance=10 * rt, reason=(
            "twin: smallest relative DEcrease of sum |w_j|^2 over consecutive records after t_al"))
    margin = min(worst13 - 1.0, worst14)
    return Evidence.lower_bound(margin, 0.0, tolerance=10 * rt, detail={
        "lemma13_min_ratio": worst13, "lemma14_min_rel_increment": worst14}, reason=(
        "min of (Lemma 13 ratio - 1) over records t <= t_al and Lemma 14's relative increments "
        "after t_al; tolerance = 10 rtol (measured global relative error <= rtol)"))


norms = _claim(
    id="min2024.norm_lemmas",
    title=(
        "Lemmas 13-14: sum_{V+-} |w_j|^2 >= e^{-4 n X_max t} sum |w_j(0)|^2"
        " early; non-decreasing after alignment"),
    statement=("Sum over the aligned neurons of |w_j(t)|^2 decays at most like e^{-4 n X_max t} "
               "up to alignment (Lemma 13, at t1) and is non-decreasing afterwards (Lemma 14)."),
    latex=(r"\sum_{\tilde V_\pm}\|w_j(t_1)\|^2\ge e^{-4nX_{\max}t_1}"
           r"\sum_{\tilde V_\pm}\|w_j(0)\|^2,"
           r"\ \tfrac{d}{dt}\sum_{\tilde V_\pm}\|w_j\|^2\ge0"),
    citation=_cite("Lemmas 13-14"),
    source="P",
    method="ode",
    check=_check_norms,
    notes=_PART2_NOTE,
)
norms.twin("shrinking", title="after alignment sum_{V+-} |w_j|^2 is non-increasing",
           check=lambda p, c: _check_norms(p, c, decreasing=True))


def _check_refined(params, ctx: Context, all_times: bool = False) -> Evidence:
    su, tr, tal, Vp, Vm, t2p, t2m = _part2(ctx)
    worst, used = np.inf, 0
    late = []
    for V, c, n_c, t2i in ((Vp, su.dc.x_plus, su.dc.n_pos, t2p),
                           (Vm, su.dc.x_minus, su.dc.n_neg, t2m)):
        cos = (tr.W @ c) / (np.linalg.norm(tr.W, axis=-1) * np.linalg.norm(c))  # (K, B, h)
        start = tal + 6 / (math.sqrt(su.dc.mu) * n_c * su.dc.x_min)
        for b in range(len(tal)):
            if all_times:
                sel = np.ones(len(tr.t), bool)
            else:
                sel = (tr.t >= start[b]) & (np.arange(len(tr.t)) < t2i[b])
            if sel.any() and V[b].any():
                worst = min(worst, float(cos[sel][:, b][:, V[b]].min()))
                used += int(sel.sum())
            if V[b].any():
                late.append(float(cos[-1, b, V[b]].min()))
    if used == 0:
        return Evidence.failed("no record falls in [t_al + 6/(sqrt(mu) n X_min), t2)")
    return Evidence.lower_bound(worst, 0.25, tolerance=16 * _EPS, detail={
        "records_in_window": used, "min_cos_at_end(empirical -> 1)": min(late)}, reason=(
        "min cos(w_j, x+-) over aligned neurons and records in the window; tolerance = rounding"))


refined = _claim(
    id="min2024.refined_alignment",
    title="cos(w_j, x+) >= 1/4 for j in V+ on [t1 + 6/(sqrt(mu) n+ X_min), t2+] (and for V-)",
    statement=("Every neuron aligned into S+ has cos(w_j, x+) >= 1/4 between t1 + 6/(sqrt(mu) n+ "
               "X_min) and t2+ (symmetrically for S-, x-, n-). Later cos -> 1 is only empirical."),
    latex=r"\cos(w_j,x_+)\ge\tfrac14,\ t\in[t_1+\tfrac{6}{\sqrt\mu n_+X_{\min}},t_2^+]",
    citation=_cite("proof of Theorem 1 Part 2 (Appendix D)"),
    source="P",
    method="ode",
    check=_check_refined,
    notes=_PART2_NOTE + " The empirical late alignment (digest: min cos ~ 1.000) is in detail.",
)
refined.twin("all_times", title="cos(w_j, x+-) >= 1/4 at all times, init included",
             check=lambda p, c: _check_refined(p, c, all_times=True),
             notes="Dropped time window: random init directions are nearly orthogonal to x+-.")


def _t2_bound(su: _Setup, t1: np.ndarray, n_c: int, with_log: bool = True) -> np.ndarray:
    a = math.sqrt(su.dc.mu) * n_c * su.dc.x_min
    extra = 0.0
    if with_log:
        extra = (4 / a) * (np.log(2 / (su.eps ** 2 * math.sqrt(su.dc.mu) * su.dc.x_min
                                       * su.w_min ** 2)) + 4 * su.dc.n * su.dc.x_max * t1)
    return t1 + 6 / a + extra


def _check_t2(params, ctx: Context, with_log: bool = True) -> Evidence:
    su, tr, tal, Vp, Vm, t2p, t2m = _part2(ctx)
    # the first record above 1/4 is >= the true t2 (a conservative stand-in)
    rp = tr.t[t2p] / _t2_bound(su, tal, su.dc.n_pos, with_log)
    rm = tr.t[t2m] / _t2_bound(su, tal, su.dc.n_neg, with_log)
    return Evidence.upper_bound(float(max(rp.max(), rm.max())), 1.0, tolerance=1e-6, detail={
        "t2_plus_record": tr.t[t2p], "t2_minus_record": tr.t[t2m],
        "bound_plus(t1=t_al)": _t2_bound(su, tal, su.dc.n_pos, with_log),
        "bound_plus(t1=theorem)": _t2_bound(su, su.t1, su.dc.n_pos, with_log)}, reason=(
        "t2+- (first record with max|f+-| > 1/4, an upper estimate) over bound (39) with t1 := "
        "t_al; tolerance = record-time rounding"))


t2_claim = _claim(
    id="min2024.t2_bound",
    title=(
        "Eq. (39): t2+ <= t1 + 6/(sqrt(mu) n+ X_min) + 4/(sqrt(mu) n+ X_min)"
        " [log(2/(eps^2 sqrt(mu) X_min W_min^2)) + 4 n X_max t1]"),
    statement=("The time t2+ at which the positive sub-network's max output first exceeds 1/4 "
               "satisfies bound (39); symmetrically for t2-."),
    latex=(r"t_2^+\le t_1+\frac{6}{\sqrt\mu n_+X_{\min}}+\frac{4}{\sqrt\mu n_+X_{\min}}\Big["
           r"\log\frac{2}{\varepsilon^2\sqrt\mu X_{\min}W_{\min}^2}+4nX_{\max}t_1\Big]"),
    citation=_cite("eq. (39)"),
    source="P",
    method="ode",
    check=_check_t2,
    notes=_PART2_NOTE + " With the theorem's t1 the bound is ~10^3 larger still (see detail).",
)
t2_claim.twin("no_log_term", title="t2 <= t1 + 6/(sqrt(mu) n X_min) (no log(1/eps) growth term)",
              check=lambda p, c: _check_t2(p, c, with_log=False),
              notes="The outputs need ~log(1/eps^2)/rate to grow from eps^2 to 1/4.")


def _check_loss_rate(params, ctx: Context, exponential: bool = False) -> Evidence:
    su, tr, tal, Vp, Vm, t2p, t2m = _part2(ctx)
    alpha = (su.dc.mu * su.dc.x_min) ** 2 / (32 * su.dc.x_max)
    worst, tl_end = np.inf, []
    for b in range(len(tal)):
        k2 = int(max(t2p[b], t2m[b]))  # first record >= t2: valid start (d(1/L)/dt >= alpha)
        t, L = tr.t[k2 + 1:], tr.loss[k2 + 1:, b]
        t2, L2 = tr.t[k2], tr.loss[k2, b]
        if exponential:
            r = np.log(L2 * np.exp(-su.dc.mu * su.dc.x_min * (t - t2)) / L)  # >= 0 claimed
            worst = min(worst, float(r.min()))
        else:
            r = (1 / L - 1 / L2) / (alpha * (t - t2))
            worst = min(worst, float(r.min()) - 1.0)
        tl_end.append(float((t[-1] - t2) * L[-1]))
    # L's relative error: global state error <= 10 rtol (measured), f bilinear (x2), amplified
    # by |y f| <= 50 in exp(-y f): 1e3 rtol, relative to the ratio
    return Evidence.lower_bound(worst, 0.0, tolerance=1e3 * ctx.profile.ode_rtol, detail={
        "alpha": alpha, "1/alpha": 1 / alpha, "(t-t2)L(t)_at_end": tl_end}, reason=(
        "min over records t > t2 of [(1/L(t) - 1/L(t2)) / (alpha (t - t2))] - 1"
        if not exponential else "min log(L(t2) exp(-mu X_min (t-t2)) / L(t))"))


loss_rate = _claim(
    id="min2024.loss_rate",
    title="Loss rate: 1/L(t) - 1/L(t2) >= alpha (t - t2), alpha = (mu X_min)^2/(32 X_max)",
    statement=("For t >= t2, L(t) <= L(t2)/(L(t2) alpha (t - t2) + 1) with alpha = (mu X_min)^2 / "
               "(32 X_max); in particular (t - t2) L(t) <= 1/alpha."),
    latex=(r"L(t)\le\frac{L(t_2)}{L(t_2)\alpha(t-t_2)+1},\ \alpha=\frac{(\mu X_{\min})^2}"
           r"{32X_{\max}}"),
    citation=_cite("Theorem 1 Part 2; Lemma 15"),
    source="P",
    method="ode",
    check=_check_loss_rate,
    notes=_PART2_NOTE + " Expect a wide margin (digest: t L ~ 0.2-0.3 against 1/alpha = 356).",
)
loss_rate.twin("exponential", title="linear convergence: L(t) <= L(t2) exp(-mu X_min (t - t2))",
               check=lambda p, c: _check_loss_rate(p, c, exponential=True),
               notes="Exp loss on separable data decays like 1/t, not exponentially.")


def _check_low_rank(params, ctx: Context, rank_one: bool = False) -> Evidence:
    su, tr, tal, *_ = _part2(ctx)
    sv = np.linalg.svd(tr.W, compute_uv=False)  # (K, B, min(h, D))
    fro2, spec2 = np.sum(sv ** 2, -1), sv[..., 0] ** 2
    sr_end = fro2[-1] / spec2[-1]
    if rank_one:
        return Evidence.upper_bound(float(sr_end.max()), 1.0 + 1e-3, tolerance=1e-9, detail={
            "stable_rank_end": sr_end, "cos(x+,x-)": su.dc.cos_plus_minus},
            reason="stable rank at t = 300 against 1 + 1e-3")
    bound = 2 * spec2 + 4 * math.sqrt(su.h) * su.eps * su.w_max[None, :] ** 2
    after = tr.t[:, None] >= tal[None, :]
    rel = np.where(after, (bound - fro2) / fro2, np.inf)
    return Evidence.lower_bound(float(rel.min()), 0.0, tolerance=1e-9, detail={
        "stable_rank_end": sr_end, "cos(x+,x-)": su.dc.cos_plus_minus,
        "limsup_check_stable_rank_end<=2": bool(np.all(sr_end <= 2))}, reason=(
        "min over records t >= t_al of (2|W|_2^2 + 4 sqrt(h) eps W_max^2 - |W|_F^2)/|W|_F^2; "
        "tolerance = SVD rounding + integrator error (relative)"))


low_rank = _claim(
    id="min2024.low_rank",
    title="Low rank: |W|_F^2 <= 2|W|_2^2 + 4 sqrt(h) eps W_max^2 for t >= t1 (stable rank -> <= 2)",
    statement=("After alignment the first layer has |W(t)|_F^2 <= 2 |W(t)|_2^2 + 4 sqrt(h) eps "
               "W_max^2, so limsup |W|_F^2/|W|_2^2 <= 2 as |W| -> infinity."),
    latex=r"\|W\|_F^2\le 2\|W\|_2^2+4\sqrt h\varepsilon W_{\max}^2",
    citation=_cite("Theorem 1 Part 2 (low-rank bias)"),
    source="P",
    method="ode",
    check=_check_low_rank,
    notes=_PART2_NOTE + " Stable rank ~1.19 here, with cos(x+, x-) = -0.68.",
)
low_rank.twin("rank_one", title="the stable rank tends to 1 (|W|_F^2 <= (1 + 1e-3) |W|_2^2)",
              check=lambda p, c: _check_low_rank(p, c, rank_one=True),
              notes="Only when cos(x+, x-) ~ -1; here the two neuron groups are 133 deg apart.")


# =============================================================================================
# C16 - random init: P(some V+ neuron activates a positive point) >= 1 - 2^-m
_CP_ALPHA = 1e-6  # Clopper-Pearson: two-sided 1 - 1e-6 confidence


def _clopper_pearson(k: int, n: int, alpha: float = _CP_ALPHA) -> tuple[float, float]:
    from numeric.stats import clopper_pearson

    return clopper_pearson(int(k), int(n), 1.0 - alpha)


def _check_init_prob(params, ctx: Context, every: bool = False) -> Evidence:
    m = params["m"]
    rng = ctx.rng("init_prob", m)
    X, y = exact_mu_data(rng, 3, 3, 0.3, 8)
    N = max(ctx.profile.samples // 10, 2000)
    W = rng.standard_normal((N, m, X.shape[1])) / math.sqrt(X.shape[1])
    act = (W @ X[y > 0].T) > 0  # (N, m, n+)
    per_neuron = act.any(-1)
    hit = per_neuron.all(-1) if every else per_neuron.any(-1)
    k = int(hit.sum())
    lo, hi = _clopper_pearson(k, N)
    return Evidence.interval(k / N, lo, hi, 1 - 2.0 ** (-m), side="at_least", detail={
        "samples": N, "m": m, "confidence": 1 - _CP_ALPHA}, reason=(
        "Monte Carlo rate with a Clopper-Pearson interval at confidence 1 - 1e-6 against "
        "1 - 2^-m"))


init_prob = _claim(
    id="min2024.init_activation_probability",
    title="Random init: P(some V+ neuron activates a positive point) >= 1 - 2^-m",
    statement=("With m neurons in V+ and Gaussian W0, each activates some positive point with "
               "probability >= 1/2, so S+ is non-empty at t1 with probability >= 1 - 2^-m."),
    latex=(
        r"\mathbb P\big(\exists j\in V_+:\max_{i\in I_+}\langle"
        r" w_j(0),x_i\rangle>0\big)\ge1-2^{-m}"),
    assumptions=("[W0]_ij ~ N(0, 1/D) iid", "Assumption 1", "n+ = 3 exact-mu points"),
    citation=_cite("remark after Theorem 1 (random initialisation)"),
    source="P",
    method="montecarlo",
    check=_check_init_prob,
    cases=lambda p: [{"m": m} for m in (1, 2, 4)],
    notes=("With a single positive point the bound is an equality (undecidable by sampling), so "
           "n+ = 3. h = Theta(1) suffices, unlike orthogonal data (Boursier et al.)."),
)
init_prob.twin("every_neuron", title="P(EVERY V+ neuron activates a positive point) >= 1 - 2^-m",
               check=lambda p, c: _check_init_prob(p, c, every=True),
               cases=lambda p: [{"m": 4}],
               notes="Quantifier swap: the probability of 'all' falls with m.")


# =============================================================================================
# C17 - replication on scikit-learn's bundled digits (no download)
_DIGITS_PAIRS = {"quick": [(0, 1)], "ci": [(0, 1), (3, 8)], "thorough": [(0, 1), (3, 8), (1, 7)]}
_DIGITS_STEPS = {(0, 1): 11000, (3, 8): 18000, (1, 7): 18000}  # past the loss drop
_DIGITS_LR = 2e-3
_DIGITS_H = 50


def _digits_data(pair):
    from sklearn.datasets import load_digits  # bundled with scikit-learn, no download

    d = load_digits()
    sel = (d.target == pair[0]) | (d.target == pair[1])
    X = d.data[sel] / 16.0  # pixels to [0, 1], like MNIST
    y = np.where(d.target[sel] == pair[0], 1.0, -1.0)
    return X - X.mean(0), y  # centred, as in the paper


def digits_run(pair: tuple[int, int], seed_seq: np.random.SeedSequence, *,
               steps: int | None = None, record_every: int = 50) -> dict:
    """The paper's Section-4 protocol on sklearn digits: centred images, h = 50, W and v iid
    N(0, 1e-12) (unbalanced, as in the paper), plain GD with eta = 2e-3 on the *mean* exp loss.

    Returns iteration-indexed diagnostics: cos(mean V+ neuron, x+), cos(mean V- neuron, x-),
    loss, |W|_2^2 and stable rank (V+- = sign of v_j at that iteration).
    """
    X, y = _digits_data(pair)
    steps = _DIGITS_STEPS.get(tuple(pair), 18000) if steps is None else steps
    rng = np.random.default_rng(seed_seq)
    D = X.shape[1]
    W = 1e-6 * rng.standard_normal((_DIGITS_H, D))
    v = 1e-6 * rng.standard_normal(_DIGITS_H)
    loss = Loss("exp_mean", EXP.value, EXP.deriv, mean=True)
    tr = gd(W, v, X, y, lr=_DIGITS_LR, steps=steps, loss=loss, record_every=record_every)
    xp, xm = X[y > 0].sum(0), X[y < 0].sum(0)
    cp, cm = [], []
    for Wk, vk in zip(tr.W, tr.v, strict=True):
        wp, wm = Wk[vk > 0].mean(0), Wk[vk < 0].mean(0)
        cp.append(wp @ xp / (np.linalg.norm(wp) * np.linalg.norm(xp)))
        cm.append(wm @ xm / (np.linalg.norm(wm) * np.linalg.norm(xm)))
    sv = np.linalg.svd(tr.W, compute_uv=False)
    return {"iters": np.round(tr.t / _DIGITS_LR).astype(int), "cos_plus": np.array(cp),
            "cos_minus": np.array(cm), "loss": tr.loss, "spec2": sv[:, 0] ** 2,
            "stable_rank": np.sum(sv ** 2, -1) / sv[:, 0] ** 2, "n": len(y),
            "mu": separability_mu(X, y), "cos_x+_x-": float(xp @ xm / np.linalg.norm(xp)
                                                              / np.linalg.norm(xm))}


def _digits_milestones(r: dict) -> dict:
    it = r["iters"]
    al = np.nonzero((r["cos_plus"] >= 0.95) & (r["cos_minus"] >= 0.95))[0]
    drop = np.nonzero(r["loss"] <= 0.5 * r["loss"][0])[0]
    grow = np.nonzero(r["spec2"] >= 1e3 * r["spec2"][0])[0]
    return {"align_iter(cos>=0.95)": int(it[al[0]]) if al.size else None,
            "norm_growth_iter(|W|_2^2 x1e3)": int(it[grow[0]]) if grow.size else None,
            "loss_half_iter": int(it[drop[0]]) if drop.size else None,
            "stable_rank_end": float(r["stable_rank"][-1]),
            "paper": {"align_iter": 2000, "norm_growth_loss_drop_iter": 3000}}


def _digits(ctx: Context, pair):
    return _cached(("digits", ctx.seed, pair), lambda: digits_run(
        pair, _shared(ctx).seed_sequence("digits", *pair)))


def _check_digits(params, ctx: Context, growth_first: bool = False) -> Evidence:
    pair = tuple(params["pair"])
    r = _digits(ctx, pair)
    ms = _digits_milestones(r)
    ms.update({"n": r["n"], "mu(after centring)": r["mu"], "cos(x+,x-)": r["cos_x+_x-"]})
    a, d = ms["align_iter(cos>=0.95)"], ms["loss_half_iter"]
    if a is None or d is None:
        return Evidence.failed("no alignment or no loss drop within the run", ms)
    if growth_first:
        return Evidence.predicate(d < a, computed=(d, a), claimed="loss drop before alignment",
                                  detail=ms, reason="iteration of loss halving vs alignment")
    ok = a < d and ms["stable_rank_end"] <= 2.0
    return Evidence.predicate(ok, computed={"align": a, "loss_half": d,
                                            "stable_rank_end": ms["stable_rank_end"]},
                              claimed="align < loss drop, stable rank <= 2", detail=ms, reason=(
        "two phases in order (alignment cos >= 0.95 for both class means, then the loss halves) "
        "and a final stable rank <= 2"))


def _digits_cases(p):
    return [{"pair": list(pr)} for pr in _DIGITS_PAIRS.get(p.name, _DIGITS_PAIRS["ci"])]


digits = _claim(
    id="min2024.digits_replication",
    title=(
        "Replication on sklearn digits (0 vs 1; 3 vs 8): alignment, then norm"
        " growth / loss drop, stable rank ~ 1"),
    statement=("GD from small init (std 1e-6, h = 50, eta = 2e-3) on centred digit images first "
               "aligns the V+- neurons with x+- (cos >= 0.95), only then grows the norms and drops "
               "the loss, and ends with stable rank <= 2 (about 1, since cos(x+, x-) ~ -1)."),
    latex=r"t_{\rm align}<t_{\rm loss\ drop},\ \|W\|_F^2/\|W\|_2^2\to\approx1",
    assumptions=("unbalanced Gaussian init, as in the paper's experiments",
                 "mean exp loss (see notes)", "Assumption 1 only approximate after centring"),
    citation=_cite("Section 4, Figure 5 (MNIST), Figures 10-11 (other pairs)"),
    source="P",
    method="gd",
    check=_check_digits,
    cases=_digits_cases,
    notes=("Qualitative replication; the iteration counts are in detail next to the paper's "
           "(~2000 alignment, ~3000 norm growth). Differences, with reasons: sklearn digits are "
           "8x8 (D = 64, ~360 images per pair) vs MNIST 28x28; pixels scaled to [0, 1] and "
           "centred give |x_i| ~ 2 vs ~9 for MNIST, and the growth phase lasts ~log(1/eps^2)/"
           "(eta |x_a|/n) iterations, so it is ~4x longer here; the paper does not state n, the "
           "loss or the reduction. A SUM loss with eta = 2e-3 makes both phases take only a few "
           "hundred iterations on this data, so the mean (PyTorch default) is used; with it the "
           "alignment iteration matches the paper (~2000). Centred digits violate Assumption 1 "
           "(mu < 0), as the paper notes for MNIST. Quick profile: 0 vs 1 only."),
)
digits.twin("growth_first", title="the loss drops before the neurons align",
            check=lambda p, c: _check_digits(p, c, growth_first=True),
            cases=lambda p: [{"pair": [0, 1]}])


# =============================================================================================
# Errata as findings: zeta = max vs min, c = 4 vs 8 in eps1, the n >= 4 step of t1
def _zeta_properties(params, ctx: Context, reading: str) -> Evidence:
    rng = ctx.rng("zeta_reading", params["dim"])
    X, y = exact_mu_data(rng, 5, 5, 0.3, params["dim"])
    dc = data_constants(X, y)
    h = 16
    W0 = rng.standard_normal((h, params["dim"])) / math.sqrt(params["dim"])
    s = np.where(np.arange(h) % 2 == 0, 1.0, -1.0)
    z1, z2 = 0.99 * dc.zeta1, 0.99 * zeta2(W0, s, X, y)  # valid constants, strictly inside
    zeta = min(z1, z2) if reading == "min" else max(z1, z2)
    cap = min(_cap_margin(X, y, dc.x_plus, 1.0, zeta), _cap_margin(X, y, dc.x_minus, -1.0, zeta))
    thr = math.sqrt(1 - zeta)
    cp = np.max((W0[s > 0] @ dc.x_minus) / (np.linalg.norm(W0[s > 0], axis=1)
                                              * np.linalg.norm(dc.x_minus)))
    cm = np.max((W0[s < 0] @ dc.x_plus) / (np.linalg.norm(W0[s < 0], axis=1)
                                             * np.linalg.norm(dc.x_plus)))
    sep = thr - max(cp, cm)
    return Evidence.lower_bound(min(cap, sep), 0.0, tolerance=16 * _EPS, detail={
        "zeta1": z1, "zeta2": z2, "zeta": zeta, "cap_margin(Lemma 8)": cap,
        "init_outside_caps_margin(Assumption 2)": sep}, reason=(
        "min of the exact cap-inclusion margin (cap of x+- inside S+-) and the Assumption-2 "
        "separation sqrt(1-zeta) - max cos(w_j(0), x-+); tolerance = rounding"))


zeta_max = _claim(
    id="min2024.zeta_max_reading",
    title="Erratum: with zeta := max{zeta1, zeta2} the proof's two cap properties hold",
    statement=("With zeta = max{zeta1, zeta2} (as printed), both the caps S^zeta_{x+-} lie in S+- "
               "(Lemma 8) and every V+ (V-) neuron starts outside the zeta-cap of x- (x+) "
               "(Assumption 2)."),
    latex=(
        r"\zeta=\max\{\zeta_1,\zeta_2\}:\ S^{\zeta}_{x_\pm}\subset S_\pm\ \wedge"
        r"\ \max_{V_+}\cos(w_j(0),x_-)<\sqrt{1-\zeta}"),
    assumptions=("Assumption 1", "Assumption 2", "Gaussian W0 in D = 12 / 40"),
    citation=_cite("Theorem 1 statement (definition of zeta)"),
    source="typo?",
    method="exact",
    check=lambda p, c: _zeta_properties(p, c, "max"),
    cases=lambda p: [{"dim": 12}, {"dim": 40}],
    expected="refuted",
    finding=True,
    corrected_by="min2024.zeta_min_reading",
    notes=("FINDING. For Gaussian W0, zeta2 ~ 1 - O(1/D) exceeds zeta1, and the max-reading cap "
           "then crosses a hyperplane x_i-perp, so Lemma 8's property fails. The corrected reading "
           "min{zeta1, zeta2} (min2024.zeta_min_reading) satisfies both."),
)
def _check_zeta_one(params, ctx: Context) -> Evidence:
    X, y = exact_mu_data(ctx.rng("zeta_one", params["dim"]), 5, 5, 0.3, params["dim"])
    dc = data_constants(X, y)
    zeta = 1.0 - 1e-12
    cap = min(_cap_margin(X, y, dc.x_plus, 1.0, zeta), _cap_margin(X, y, dc.x_minus, -1.0, zeta))
    return Evidence.lower_bound(cap, 0.0, tolerance=16 * _EPS,
                                reason="exact cap-inclusion margin at zeta -> 1")


zeta_max.twin("zeta_one", title="zeta -> 1 (caps = half-spaces) keeps the caps inside S+-",
              check=_check_zeta_one,
              notes="A cap of angular radius ~90 degrees cannot lie inside S+.")

zeta_min = _claim(
    id="min2024.zeta_min_reading",
    title="Corrected: with zeta := min{zeta1, zeta2} both cap properties hold",
    statement=("With zeta = min{zeta1, zeta2}, the caps S^zeta_{x+-} lie in S+- and every V+ (V-) "
               "neuron starts outside the zeta-cap of x- (x+)."),
    latex=r"\zeta=\min\{\zeta_1,\zeta_2\}",
    assumptions=("Assumption 1", "Assumption 2"),
    citation=_cite("Theorem 1 statement (definition of zeta), corrected"),
    source="typo?",
    method="exact",
    check=lambda p, c: _zeta_properties(p, c, "min"),
    cases=lambda p: [{"dim": 12}, {"dim": 40}],
    notes="Every t1 and eps in this module uses this reading.",
)
zeta_min.twin("max_reading", title="the same with zeta = max{zeta1, zeta2}",
              check=lambda p, c: _zeta_properties(p, c, "max"))


def _eps1_ratio(c_value) -> object:
    """Lemma 3's max|f| bound at eps = eps1(c) over eq. (29)'s requirement, symbolically."""
    import sympy as sp

    m, mu, xmin, xmax, h, n, wmax, c = sp.symbols("m mu X_min X_max h n W_max c", positive=True)
    eps1 = m * sp.sqrt(mu) * xmin / (c * sp.sqrt(h) * n * xmax ** 2 * wmax ** 2)
    fbound = 2 * eps1 * sp.sqrt(h) * xmax * wmax ** 2  # Lemma 3
    need = m * sp.sqrt(mu) * xmin / (4 * n * xmax)  # eq. (29)
    return sp.simplify((fbound / need).subs(c, c_value))


def _check_eps1(params, ctx: Context) -> Evidence:
    import sympy as sp

    r = _eps1_ratio(sp.Integer(params["c"]))
    ok = bool(sp.simplify(r - 1) <= 0)
    return Evidence.predicate(ok, computed=str(r), claimed="<= 1", detail={"c": params["c"]},
                              reason=("symbolic ratio (Lemma 3 bound at eps = eps1(c)) / "
                                      "(eq. 29 requirement) = 8/c; exact"))


eps1_c4 = _claim(
    id="min2024.eps1_c4_reading",
    title="Erratum: eps1 with the printed c = 4 gives eq. (29) through Lemma 3",
    statement=("With eps <= eps1 = min{mu,zeta,xi} sqrt(mu) X_min/(4 sqrt(h) n X_max^2 W_max^2), "
               "Lemma 3's bound max|f| <= 2 eps sqrt(h) X_max W_max^2 implies eq. (29), max|f| <= "
               "min{mu,zeta,xi} sqrt(mu) X_min/(4 n X_max)."),
    latex=(
        r"c=4:\ 2\varepsilon_1\sqrt"
        r" hX_{\max}W_{\max}^2\le\frac{\min\{\mu,\zeta,\xi\}\sqrt\mu X_{\min}}{4nX_{\max}}"),
    assumptions=("Lemma 3", "eq. (29) of the proof"),
    citation=_cite("Theorem 1, eq. (28)-(29)"),
    source="typo?",
    method="symbolic",
    check=_check_eps1,
    cases=lambda p: [{"c": 4}],
    expected="refuted",
    finding=True,
    corrected_by="min2024.eps1_c8_reading",
    notes=("FINDING. The ratio is 8/c: c = 4 overshoots eq. (29) by a factor 2 (the chain needs "
           "c >= 8). Corrected: min2024.eps1_c8_reading. Both eps1 are astronomically larger than "
           "eps2, so the practical impact is nil, but the printed constant does not close the "
           "proof."),
)
eps1_c4.twin("c2", title="the same with c = 2", check=_check_eps1, cases=lambda p: [{"c": 2}])

eps1_c8 = _claim(
    id="min2024.eps1_c8_reading",
    title="Corrected: eps1 with c = 8 gives eq. (29) through Lemma 3",
    statement="The same chain with c = 8 in eps1 delivers eq. (29) (with equality of constants).",
    latex=r"c=8",
    assumptions=("Lemma 3", "eq. (29) of the proof"),
    citation=_cite("Theorem 1, eq. (28)-(29), corrected"),
    source="typo?",
    method="symbolic",
    check=_check_eps1,
    cases=lambda p: [{"c": 8}],
)
eps1_c8.twin("c6", title="c = 6 suffices", check=_check_eps1, cases=lambda p: [{"c": 6}])


def _harmonics(n_max: int) -> np.ndarray:
    """H_0..H_{n_max} (H_0 = 0), summed in increasing k (rounding <= n_max eps H)."""
    return np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, n_max + 1))])


def _check_harmonic(params, ctx: Context, const: float = 4.0, proof_step: bool = False
                    ) -> Evidence:
    n_max = ctx.profile.n(500, minimum=50)
    H = _harmonics(n_max)
    worst, arg = np.inf, None
    for n in range(params["n_min"], n_max + 1):
        rhs = const * math.log(n)
        if proof_step:
            lhs = 2 * (1 + math.log(n)) + 0.5  # H_k <= 1 + ln k on both sums
            if rhs - lhs < worst:
                worst, arg = rhs - lhs, n
            continue
        if n < 2:
            continue
        npos = np.arange(1, n)
        gap = rhs - (H[n - npos] + 0.5 + H[npos - 1])
        k = int(np.argmin(gap))
        if gap[k] < worst:
            worst, arg = float(gap[k]), (int(npos[k]), int(n - npos[k]))
    return Evidence.lower_bound(worst, 0.0, tolerance=64 * _EPS * n_max, detail={
        "worst_at": arg, "n_max": n_max}, reason=(
        "min over n and splits of [c log n - (H_{n-} + 1/2 + H_{n+ - 1})]; tolerance = summation "
        "rounding"))


t1_harm = _claim(
    id="min2024.t1_harmonic_bound",
    title="The worst activation path fits in t1: H_{n-} + 1/2 + H_{n+-1} <= 4 log n for all n >= 2",
    statement=("For every n >= 2 and split n = n+ + n- (both >= 1) the worst-case path time "
               "4/(min{zeta,xi} sqrt(mu) X_min) (H_{n-} + 1/2 + H_{n+-1}) is <= t1, i.e. H_{n-} + "
               "1/2 + H_{n+-1} <= 4 log n."),
    latex=r"H_{n_-}+\tfrac12+H_{n_+-1}\le4\log n,\ n\ge2",
    assumptions=("n+ >= 1, n- >= 1",),
    citation=_cite("proof of Theorem 1 (path-time sum)"),
    source="derived",
    method="exact",
    check=_check_harmonic,
    cases=lambda p: [{"n_min": 2}],
    notes=("The theorem's t1 holds for every n >= 2 with exact harmonic numbers (tightest at "
           "n = 2, 3); the proof's cruder step needs n >= 4 (min2024.t1_proof_step_all_n)."),
)
t1_harm.twin("const_two", title="with 2 log n in place of 4 log n",
              check=lambda p, c: _check_harmonic(p, c, const=2.0))

t1_step = _claim(
    id="min2024.t1_proof_step_all_n",
    title="Erratum: the proof's step 2(1 + log n) + 1/2 <= 4 log n holds for all n >= 2",
    statement=("Bounding both harmonic sums by 1 + log n, as the proof does, gives 2(1 + log n) + "
               "1/2 <= 4 log n for every n >= 2."),
    latex=r"2(1+\log n)+\tfrac12\le4\log n\ \ \forall n\ge2",
    assumptions=("n >= 2",),
    citation=_cite("proof of Theorem 1 (Sum 1/k <= 1 + log n step)"),
    source="typo?",
    method="exact",
    check=lambda p, c: _check_harmonic(p, c, proof_step=True),
    cases=lambda p: [{"n_min": 2}],
    expected="refuted",
    finding=True,
    corrected_by="min2024.t1_harmonic_bound",
    notes=("FINDING. The step needs n >= 4 (fails at n = 2, 3). The theorem's conclusion "
           "survives for n >= 2 (min2024.t1_harmonic_bound), so this is a gap in the proof's "
           "bookkeeping, not in the result."),
)
t1_step.twin("n_min_1", title="the same for n >= 1", check=lambda p, c: _check_harmonic(
    {"n_min": 1}, c, proof_step=True), notes="log 1 = 0: even more false.")


# =============================================================================================
# plots (matplotlib Agg; drawn by the report from the cached runs)
def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _plot_alignment(result, ctx: Context, png_path: str) -> None:
    """cos(w_j, x+-) of every neuron over time (main run, eps = 1e-6), alignment time marked."""
    plt = _plt()
    su, tr, tal = _main(ctx)
    fig, ax = plt.subplots(figsize=(7, 4))
    b = 0
    for c, sg, col in ((su.dc.x_plus, 1.0, "tab:red"), (su.dc.x_minus, -1.0, "tab:blue")):
        cos = (tr.W[:, b] @ c) / (np.linalg.norm(tr.W[:, b], axis=-1) * np.linalg.norm(c))
        for j in np.nonzero(su.s[b] == sg)[0]:
            ax.plot(tr.t[1:], cos[1:, j], color=col, lw=0.8, alpha=0.7)
    ax.axvline(tal[b], color="k", ls="--", label=f"observed t_al = {tal[b]:.2f}")
    ax.set_xscale("log")
    ax.set_xlabel("t (GF time)")
    ax.set_ylabel("cos(w_j, x+) [V+, red], cos(w_j, x-) [V-, blue]")
    ax.set_title(f"alignment, eps = {su.eps:g}; Theorem 1's t1 = {su.t1[b]:.0f}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


def _plot_loss_rate(result, ctx: Context, png_path: str) -> None:
    """(t - t2) L(t) against the bound 1/alpha."""
    plt = _plt()
    su, tr, tal, Vp, Vm, t2p, t2m = _part2(ctx)
    alpha = (su.dc.mu * su.dc.x_min) ** 2 / (32 * su.dc.x_max)
    fig, ax = plt.subplots(figsize=(7, 4))
    for b in range(len(tal)):
        k2 = int(max(t2p[b], t2m[b]))
        t = tr.t[k2 + 1:]
        ax.plot(t, (t - tr.t[k2]) * tr.loss[k2 + 1:, b], label=f"run {b}")
    ax.axhline(1 / alpha, color="k", ls="--", label=f"1/alpha = {1 / alpha:.0f}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("t")
    ax.set_ylabel("(t - t2) L(t)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


def _plot_low_rank(result, ctx: Context, png_path: str) -> None:
    """Stable rank |W|_F^2 / |W|_2^2 over time against the limit 2."""
    plt = _plt()
    su, tr, tal = _main(ctx)
    sv = np.linalg.svd(tr.W, compute_uv=False)
    sr = np.sum(sv ** 2, -1) / sv[..., 0] ** 2
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(tr.t[1:], sr[1:])
    ax.axhline(2.0, color="k", ls="--", label="limsup bound 2")
    ax.set_xscale("log")
    ax.set_xlabel("t")
    ax.set_ylabel("stable rank of W")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


def _plot_digits(result, ctx: Context, png_path: str) -> None:
    """Digits 0 vs 1: alignment cosines, loss, |W|_2^2 and stable rank per iteration."""
    plt = _plt()
    r = _digits(ctx, (0, 1))
    fig, axs = plt.subplots(1, 3, figsize=(12, 3.6))
    axs[0].plot(r["iters"], r["cos_plus"], label="cos(mean V+, x+)")
    axs[0].plot(r["iters"], r["cos_minus"], label="cos(mean V-, x-)")
    axs[0].axvline(2000, color="gray", ls=":", label="paper ~2000")
    axs[0].legend(fontsize=7)
    axs[1].semilogy(r["iters"], r["loss"], label="loss")
    axs[1].semilogy(r["iters"], r["spec2"], label="|W|_2^2")
    axs[1].axvline(3000, color="gray", ls=":", label="paper ~3000")
    axs[1].legend(fontsize=7)
    axs[2].plot(r["iters"], r["stable_rank"])
    axs[2].set_ylabel("stable rank")
    for a in axs:
        a.set_xlabel("iteration")
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


align_practical.plot = _plot_alignment
loss_rate.plot = _plot_loss_rate
low_rank.plot = _plot_low_rank
digits.plot = _plot_digits

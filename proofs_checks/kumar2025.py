"""Kumar & Haupt: small-initialisation gradient flow of homogeneous networks (issue #8).

Papers: [A] arXiv 2402.09226 (L = 2), [B] arXiv 2403.08121 (L > 2), [C] arXiv 2502.15952
("beyond the origin"). The theorem texts were not available: every statement below is the
digest's reconstruction (``shared/theory/kumar_haupt.md``, tags [R]/[V]) and is checked on the
digest's fixed set-ups P3 (L = 3, sigma = z^2), P2 (L = 2 quadratic model) and R2 (L = 3, ReLU^2).
[B] and [C] need locally Lipschitz gradients, which excludes ReLU; the checks use z^2, ReLU^2
and leaky ReLU^p (p >= 2), recorded in each claim's ``hypotheses``.

Expensive flows (the escape runs, p*, the NCF flow on the sphere) are computed once per
(profile, tolerance) and shared by a claim and its twins.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ._claim import Citation, Claim, Context, Evidence, Profile
from ._registry import register

A = Citation(
    title="Directional Convergence Near Small Initializations and Saddles in Two-Homogeneous "
    "Neural Networks", arxiv="2402.09226", authors="Kumar, Haupt",
    where="near-origin directional convergence and saddle result (reconstructed, digest §2 A1/A2)",
)
B = Citation(
    title="Early Directional Convergence in Deep Homogeneous Neural Networks for Small "
    "Initializations", arxiv="2403.08121", authors="Kumar, Haupt",
    where="early directional convergence, L > 2 (reconstructed, digest §2 B1)",
)
C = Citation(
    title="Towards Understanding Gradient Flow Dynamics of Homogeneous Neural Networks Beyond "
    "the Origin", arxiv="2502.15952", authors="Kumar, Haupt",
    where="escape, first saddle and sparsity (reconstructed, digest §2 C1–C3)",
)

EPS = float(np.finfo(float).eps)
RECON = ("The theorem text was unavailable; this statement is the digest's reconstruction "
         "(kumar_haupt.md, tag [R]) checked on its [V] set-up. ")
# 95% two-sided Student t quantiles for a slope fitted to n points (n - 2 degrees of freedom)

SMOOTH = {"locally_lipschitz_gradient": True, "loss": "square 1/2|H - y|^2",
          "relu_excluded": "ReLU has no locally Lipschitz gradient ([C] scope)"}


# ---------------------------------------------------------------------------------------------
# shared, cached computations
def _nets():
    from numeric import _homogeneous as hm

    return hm


@cache
def _p3():
    return _nets().setup_p3()


@cache
def _p2():
    return _nets().setup_p2()


@cache
def _r2():
    return _nets().setup_r2()


def _rtol(profile: Profile, cap: float = 1e-9) -> float:
    """Solver tolerance: the profile's, never looser than ``cap`` (the rates need it)."""
    return min(profile.ode_rtol, cap)


def _deltas_l3(profile: Profile) -> tuple[float, ...]:
    # quick drops 1e-2, where the non-winner norms are still pre-asymptotic (17.8 delta vs
    # ~20 delta below), so that three points give a usable slope confidence interval
    if profile.name == "quick":
        return (3e-3, 1e-3, 3e-4)
    if profile.name == "thorough":
        return (1e-2, 3e-3, 1e-3, 3e-4, 1e-4)
    return (1e-2, 3e-3, 1e-3, 3e-4)


def _deltas_l2(profile: Profile) -> tuple[float, ...]:
    if profile.name == "quick":
        return (1e-8, 1e-10, 1e-12)
    return (1e-8, 1e-10, 1e-12, 1e-14)


def _winner_direction(net, theta) -> np.ndarray:
    """u* with the blocks of all but the largest neuron set to exactly 0 (its zero pattern)."""
    th = np.asarray(theta, float)
    j = int(np.argmax(net.neuron_norms(th)))
    out = np.zeros_like(th)
    sl = net.neuron_slices()[j]
    out[sl] = th[sl]
    return out / np.linalg.norm(out)


@cache
def _sphere(setup: str, rtol: float):
    """NCF flow from w0 on the sphere (kappa time) to kappa = 12, where |s| ~ e^60."""
    hm = _nets()
    net, w0 = {"P3": _p3, "R2": _r2}[setup]()
    return hm.ncf_sphere_flow(net, w0, np.linspace(0.0, 12.0, 25), rtol=rtol)


@cache
def _pstar(setup: str, rtol: float):
    """(u*, p*) of the L = 3 set-ups: u* = limit of the NCF flow from w0, p* by the restricted
    flow from 1e-4 u* (digest K13)."""
    hm = _nets()
    net, _ = {"P3": _p3, "R2": _r2}[setup]()
    sf = _sphere(setup, rtol)
    u = _winner_direction(net, sf.u[-1, 0])
    # start 1e-3 rather than the digest's 1e-4: the restricted minimiser is unique up to the
    # neuron rescaling, which rebalance() removes, so Newton lands on the same p* (measured
    # difference 6e-17 on P3) at a twentieth of the LSODA time
    return u, hm.restricted_stationary_point(net, u, start=1e-3, rtol=rtol)


@cache
def _p2_pstar(rtol: float):
    """P2: the NCF limit direction (positive neurons along e_max(M) in proportion to
    <e_max, w_j(0)>, closed form) and p* from it."""
    hm = _nets()
    net, w0 = _p2()
    M = (net.X * net.y[:, None]).T @ net.X
    e = np.linalg.eigh(M)[1][:, -1]
    W = w0.reshape(net.m, net.d)
    u = np.zeros(net.k)
    for j in range(net.m):
        if net.signs[j] > 0:
            u[j * net.d:(j + 1) * net.d] = (W[j] @ e) * e
    u /= np.linalg.norm(u)
    return u, hm.restricted_stationary_point(net, u, rtol=rtol)


@cache
def _runs_l3(setup: str, deltas: tuple[float, ...], rtol: float):
    hm = _nets()
    net, w0 = {"P3": _p3, "R2": _r2}[setup]()
    _, ps = _pstar(setup, rtol)
    return [hm.escape_run(net, w0, d, ps, t_after=30.0, rtol=rtol) for d in deltas]


@cache
def _runs_l2(deltas: tuple[float, ...], rtol: float):
    hm = _nets()
    net, w0 = _p2()
    _, ps = _p2_pstar(rtol)
    return [hm.escape_run(net, w0, d, ps, kappa_max=4.0, t_after=3.0, rtol=rtol)
            for d in deltas]


def _slope(x, y) -> tuple[float, float, float]:
    """log-log least-squares slope with its 95% confidence half-width (t quantile x stderr)."""
    from numeric.stats import fit_slope

    fit = fit_slope(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), conf=0.95)
    half = fit.halfwidth if fit.df > 0 else 0.0
    return fit.slope, half, fit.intercept


def _rate_evidence(deltas, values, claimed: float, *, what: str, band: float = 0.2) -> Evidence:
    """slope of log(values) vs log(delta) equals ``claimed`` to +-band (the digest's pass
    criterion); the tolerance is the fit's 95% confidence half-width."""
    s, half, icpt = _slope(deltas, values)
    return Evidence.agree(
        s, claimed, atol=band, uncertainty=half,
        reason=f"log-log slope of {what} vs delta (scipy.stats.linregress); claimed {claimed} "
        f"+-{band} (digest pass criterion); tolerance = 95% CI half-width of the slope",
        detail={"deltas": list(deltas), "values": list(values), "slope": s, "ci95": half,
                "intercept": icpt},
    )


def _within(items: dict[str, tuple[float, float]], *, rounding: float, reason: str,
            detail: dict | None = None) -> Evidence:
    """Several ``value <= bound`` facts at once: the margin is the smallest relative headroom
    ``1 - value/bound``; ``rounding`` is the relative float error of the values."""
    margins = {k: 1.0 - v / b for k, (v, b) in items.items()}
    worst = min(margins, key=margins.get)
    d = {k: {"value": v, "bound": b} for k, (v, b) in items.items()}
    d["worst"] = worst
    d.update(detail or {})
    return Evidence({k: v for k, (v, _) in items.items()}, {k: b for k, (_, b) in items.items()},
                    margins[worst], rounding, reason, d)


def _log_plot(png: str, x, ys: dict, title: str, xlabel: str = "delta") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.6))
    for lab, y in ys.items():
        ax.loglog(x, y, "o-", label=lab)
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
# K1: Euler's identity (SymPy) and the NCF gradient
_EULER_CASES = [
    {"kind": "square", "p": 2.0, "alpha": 0.0, "setup": "P3"},
    {"kind": "relu_power", "p": 2.0, "alpha": 0.0, "setup": "R2"},
    {"kind": "leaky_relu_power", "p": 3.0, "alpha": 0.3, "setup": "P3"},
]


def _euler_check(shift: float):
    def check(case, ctx: Context) -> Evidence:
        from symbolic import _homogeneous as sh

        kind, p, alpha = case["kind"], case["p"], case["alpha"]
        net, _ = _p3() if case["setup"] == "P3" else _r2()
        d = net.d
        # the exact identity on one (neuron, sample) term with symbolic weights and data; small
        # d keeps the Piecewise simplification fast, the identity is the same for every d
        term = sh.ncf_term(kind, 2, p, alpha)
        resid = sh.euler_residual(term)
        L = float(term.L) + shift
        N, grad = sh.ncf_functions(kind, d, p, alpha)
        worst, scale_w = 0.0, 0.0
        rng = ctx.rng(kind, "theta")
        for _ in range(ctx.profile.n(10, 3)):
            th = rng.standard_normal(net.m * (d + 1))
            g = grad(th, net.X, net.y)
            lhs, rhs = float(th @ g), L * N(th, net.X, net.y)
            scale = float(np.abs(th) @ np.abs(g)) + abs(rhs)
            worst = max(worst, abs(lhs - rhs) / scale)
            scale_w = scale
        claimed = 1e-12
        ok_sym = resid == 0 if shift == 0 else True
        return Evidence(
            worst, claimed, claimed - worst if ok_sym else -1.0,
            # float rounding: ~(n m (d+1)) products and sums at relative eps each
            net.X.shape[0] * net.m * (d + 1) * EPS,
            "max relative |<w, grad N> - L N| over random w (compiled SymPy N and grad N on the "
            "set-up data); claimed 1e-12 (digest); tolerance = float rounding n·m·(d+1)·eps; "
            "and the symbolic residual of one term must simplify to exactly 0",
            {"symbolic_residual": str(resid), "L": L, "scale": scale_w},
        )

    return check


k01 = register(Claim(
    id="kumar2025.k01_euler_identity",
    title="K1: Euler's identity <w, grad N(w)> = L N(w) for the NCF of an L-homogeneous net",
    statement="For positively L-homogeneous H, N(w) = y^T H(X; w) satisfies <w, grad N> = L N "
    "(L = p + 1 for a two-layer net with p-homogeneous sigma).",
    latex=r"\langle w, \nabla \mathcal N(w)\rangle = L\,\mathcal N(w)",
    citation=A, source="R", method="symbolic",
    assumptions=("H(x; c w) = c^L H(x; w) for c >= 0",),
    hypotheses={"positively_homogeneous": True, "activations": ["z^2", "ReLU^2",
                "leaky ReLU^3 (alpha 0.3)"]},
    cases=lambda profile: _EULER_CASES, check=_euler_check(0.0),
    notes=RECON + "N and grad N are derived in SymPy per (neuron, sample) term "
    "(symbolic/_homogeneous.py) and compiled with lambdify.",
))
k01.twin("degree_minus_one", title="Euler's identity with L - 1 in place of L",
         check=_euler_check(-1.0))


def _key_identity_check(factor: float):
    def check(case, ctx: Context) -> Evidence:
        from symbolic import _homogeneous as sh

        net, _ = _p3() if case["setup"] == "P3" else _r2()
        _, grad = sh.ncf_functions(case["kind"], net.d, case["p"], case["alpha"])
        rng = ctx.rng(case["kind"], "w")
        worst = 0.0
        for _ in range(ctx.profile.n(10, 3)):
            w = 0.7 * rng.standard_normal(net.k)
            lhs = -net.loss_grad(w)
            rhs = factor * grad(w, net.X, net.y) - net.pullback(w, net.outputs(w))
            worst = max(worst, float(np.max(np.abs(lhs - rhs)) / np.max(np.abs(lhs))))
        return Evidence.upper_bound(
            worst, 1e-12, tolerance=net.X.shape[0] * net.m * (net.d + 1) * EPS,
            reason="max relative |-grad L - (grad N - sum H grad H)| at random w: SymPy grad N vs "
            "the numeric pull-back the flows use; bound 1e-12; tolerance = float rounding",
        )

    return check


k01b = register(Claim(
    id="kumar2025.k01b_ncf_gradient",
    title="NCF gradient (SymPy) and the key identity -grad L = grad N - sum_i H_i grad H_i",
    statement="For the square loss 1/2|H - y|^2, -grad L(w) = grad N(w) - sum_i H(x_i; w) "
    "grad H(x_i; w); near the origin GF is gradient ascent on N.",
    citation=A, source="R", method="symbolic",
    hypotheses={"loss": "square 1/2|H - y|^2"},
    cases=lambda profile: [_EULER_CASES[0], _EULER_CASES[1]], check=_key_identity_check(1.0),
    notes=RECON + "Ties the SymPy derivation to the numeric right-hand sides of every flow.",
))
k01b.twin("logistic_half", title="Key identity with grad N / 2 (the logistic -l'(0) = y/2 "
          "constant applied to the square loss)", check=_key_identity_check(0.5))


# ---------------------------------------------------------------------------------------------
# K2: conservation law
@cache
def _conservation_flow(setup: str, rtol: float):
    """GF from 0.6 w0 to t = 4 by the shared numeric._twolayer.gradient_flow (square loss)."""
    from numeric import _twolayer as tl

    net, w0 = _p3() if setup == "P3" else _r2()
    th = 0.6 * w0
    v0, U0 = th[:net.m], th[net.m:].reshape(net.m, net.d)
    return net, tl.gradient_flow(U0, v0, net.X, net.y, np.linspace(0, 4.0, 9),
                                 loss=tl.square_loss(mean=False), act=net.act, rtol=rtol)


def _conservation_check(p_used: float | None):
    def check(setup, ctx: Context) -> Evidence:
        rtol = _rtol(ctx.profile, 1e-10)
        net, tr = _conservation_flow(setup, rtol)
        loss = np.ravel(tr.loss)
        p = net.p if p_used is None else p_used
        q = p * tr.v ** 2 - np.sum(tr.W ** 2, axis=-1)  # (K, m)
        drift = float(np.max(np.abs(q - q[0])))
        scale = float(np.max(tr.v ** 2 + np.sum(tr.W ** 2, axis=-1)))
        # DP5(4) with mixed error control: local error <= rtol|y| per step; the quadratic
        # invariant inherits 2 rtol |y|^2 per unit of relative motion, summed over the run;
        # 100 rtol scale is that budget with a factor ~10 of headroom
        bound = 100.0 * rtol * scale
        return Evidence.upper_bound(
            drift, bound, tolerance=1e3 * EPS * scale,
            reason=f"max_t |q_j(t) - q_j(0)| for q_j = p v_j^2 - |u_j|^2 along the shared "
            f"gradient_flow (rtol {rtol:g}); bound 100·rtol·max|theta|^2 (solver error budget); "
            "tolerance = float rounding 1e3·eps·scale",
            detail={"loss_start": float(loss[0]), "loss_end": float(loss[-1]),
                    "p_used": p, "scale": scale},
        )

    return check


k02 = register(Claim(
    id="kumar2025.k02_conservation",
    title="K2: GF conserves p v_j^2 - |u_j|^2 for each neuron (smooth p-homogeneous sigma)",
    statement="Along gradient flow of sum_j v_j sigma(u_j.x) with sigma p-homogeneous and C^1, "
    "p v_j^2 - |u_j|^2 is constant in time for every neuron j.",
    citation=C, source="R", method="ode",
    hypotheses={**SMOOTH, "sigma": "z^2 (P3), ReLU^2 (R2)"},
    cases=lambda profile: ["P3", "R2"], check=_conservation_check(None),
    notes=RECON + "Integrated by the shared numeric._twolayer.gradient_flow from 0.6·w0.",
))
k02.twin("unit_weight", title="Conservation of v_j^2 - |u_j|^2 (p replaced by 1)",
         check=_conservation_check(1.0))


# ---------------------------------------------------------------------------------------------
# K3: zero-preserving sets
def _zero_check(case, ctx: Context) -> Evidence:
    from numeric import _homogeneous as hm, _twolayer as tl

    act = {"square": tl.square_activation(), "relu2": tl.relu_power(2.0),
           "leaky3": tl.leaky_relu_power(0.3, 3.0),
           "leaky1": tl.leaky_relu_power(0.3, 1.0)}[case["act"]]
    base, w0 = _p3()
    net = hm.HomogeneousNet(f"P3-{case['act']}", base.X, base.y, base.m, act=act)
    rng = ctx.rng(case["act"], case["block"])
    th = rng.standard_normal(net.k)
    sl = net.neuron_slices()[0]
    idx = sl[1:] if case["block"] == "u" else sl  # u_j alone, or the pair (v_j, u_j)
    th[idx] = 0.0
    g = net.loss_grad(th)
    exact = bool(np.all(g[idx] == 0.0))
    # frozen v_j when u_j = 0: its gradient sum_i r_i sigma(0) is exactly 0 too
    frozen_v = bool(g[sl[0]] == 0.0)
    # GD at lr 1e-3 diverges from some N(0, 1) draws of a p = 3 net (the loss grows like
    # |theta|^(2p)); an overflowed run would turn 0·inf into NaN and says nothing about zero
    # preservation, so the (scale-free) statement is checked from the largest of
    # 1, 1/2, 1/4, ... times the draw at which the iterates stay finite
    for shrink in 0.5 ** np.arange(8):
        th_s = shrink * th
        v, U = th_s[:net.m], th_s[net.m:].reshape(net.m, net.d)
        with np.errstate(over="ignore", invalid="ignore"):
            tr = tl.gd(U, v, net.X, net.y, lr=1e-3, steps=ctx.profile.n(200, 50),
                       loss=tl.square_loss(mean=False), act=act, record_every=50)
        if np.all(np.isfinite(tr.W)) and np.all(np.isfinite(tr.v)):
            break
    else:
        return Evidence.failed("GD overflowed from every scale of the draw down to 1/128")
    gd_zero = bool(np.all(tr.W[:, 0, :] == 0.0)) and bool(np.all(tr.v[:, 0] == tr.v[0, 0]))
    ok = exact and frozen_v and gd_zero
    return Evidence.predicate(
        ok, computed={"grad_block_max": float(np.max(np.abs(g[idx]))), "v_frozen": frozen_v,
                      "gd_keeps_zero": gd_zero, "gd_scale": float(shrink)},
        claimed="exactly 0.0",
        reason="exact zeros: the loss gradient on the block and GD iterates (shared gd) keep "
        "u_j = 0.0 and v_j unchanged to the last bit",
    )


k03 = register(Claim(
    id="kumar2025.k03_zero_preserving",
    title="K3: zero-preserving sets: u_j alone when sigma'(0) = 0, (v_j, u_j) always",
    statement="If sigma(0) = 0 the neuron (v_j, u_j) is a zero-preserving set; if also "
    "sigma'(0) = 0 (z^2, ReLU^p, leaky ReLU^p, p >= 2) the incoming u_j alone is, and v_j is "
    "frozen: {w_S = 0} is invariant under GF and GD.",
    citation=C, source="R", method="exact",
    hypotheses={"sigma(0)": 0, "sigma_prime_zero": "required for u_j alone"},
    cases=lambda profile: [{"act": a, "block": b} for a in ("square", "relu2", "leaky3")
                           for b in ("u", "pair")],
    check=_zero_check,
    notes=RECON,
))
k03.twin("leaky_p1_u_alone", title="u_j alone is zero-preserving for leaky ReLU (p = 1, "
         "sigma'(0) = alpha != 0): dropped assumption sigma'(0) = 0", check=_zero_check,
         cases=lambda profile: [{"act": "leaky1", "block": "u"}])


# ---------------------------------------------------------------------------------------------
# K4-K6: the constrained-NCF maximiser
@cache
def _pga(setup: str, flip: bool, restarts: int, steps: int, seed: int):
    hm = _nets()
    net, _ = {"P3": _p3, "R2": _r2}[setup]()
    if flip:
        net = net.with_labels(-net.y)
    rng = np.random.default_rng(np.random.SeedSequence([seed, restarts, steps, int(flip)]))
    u = hm.projected_ascent(net, rng.standard_normal((restarts, net.k)), eta=0.05, steps=steps)
    vals = net.ncf(u)
    best = u[int(np.argmax(vals))]
    return net, best


def _shared_seed(ctx: Context, *keys: str) -> int:
    """A seed for a computation shared by a claim and its twins: drawn through Context's
    SeedSequence under one fixed id, so twins reuse the cached result of their claim."""
    shared = Context(ctx.profile, ctx.seed, "kumar2025.shared")
    return int(shared.seed_sequence(*keys).generate_state(1)[0])


def _pga_for(ctx: Context, setup: str, flip: bool = False):
    # digest: 30 restarts x 2e4 steps at ci; the ascent was measured to reach rho ~ 1e-15 in
    # under 1000 steps on P3 and R2, so quick uses 2000
    # quick uses 2000; ci and thorough the digest's 2e4 (more steps cannot improve rho ~ 1e-15);
    # restarts scale with the profile, capped at 60 (thorough)
    steps = 2000 if ctx.profile.name == "quick" else 20_000
    return _pga(setup, flip, min(ctx.profile.n(30, 8), 60), steps,
                _shared_seed(ctx, setup, "pga"))


def _kkt_check(multiplier_shift: float):
    def check(setup, ctx: Context) -> Evidence:
        net, u = _pga_for(ctx, setup)
        L = net.L + multiplier_shift
        rho = float(np.linalg.norm(net.ncf_grad(u) - L * net.ncf(u) * u))
        norms = net.neuron_norms(u)
        j = int(np.argmax(norms))
        others = float(np.max(np.delete(norms, j)))
        v, U = u[:net.m], u[net.m:].reshape(net.m, net.d)
        ratio_err = abs(float(U[j] @ U[j]) / float(v[j] ** 2) - net.p)
        return _within(
            {"rho": (rho, 1e-10), "other_neurons": (others, 1e-8),
             "balance |u|^2/v^2 - p": (ratio_err, 1e-12)},
            # |grad N| ~ 1: rho carries k·eps rounding, i.e. <1e-14, i.e. 1e-4 of the 1e-10 bound
            rounding=1e-4,
            reason="projected gradient ascent on the sphere (eta 0.05): KKT residual "
            "rho = |grad N - L N u| <= 1e-10, one neuron of norm 1 (others <= 1e-8), "
            "|u|^2/v^2 = p to 1e-12 (digest K4); margin = smallest relative headroom",
            detail={"N": float(net.ncf(u)), "winner": j, "L_used": L},
        )

    return check


k04 = register(Claim(
    id="kumar2025.k04_ncf_maximiser",
    title="K4: the constrained-NCF maximiser is a single balanced neuron with KKT multiplier L N",
    statement="Projected gradient ascent on |w| = 1 finds a KKT point u* with grad N(u*) = "
    "L N(u*) u* (Euler), supported on one neuron, with |u|^2 = p v^2 (L > 2).",
    citation=B, source="R", method="exact",
    hypotheses={**SMOOTH, "L": 3},
    cases=lambda profile: ["P3", "R2"], check=_kkt_check(0.0),
    notes=RECON + "Certificate: rho(u) = |grad N(u) - L N(u) u|.",
))
k04.twin("multiplier_L_minus_1", title="KKT multiplier (L - 1) N(u*) instead of L N(u*)",
         check=_kkt_check(-1.0))


def _square_nstar_check(formula: str):
    def check(flip, ctx: Context) -> Evidence:
        from numeric import _homogeneous as hm
        from symbolic import _homogeneous as sh

        net, u = _pga_for(ctx, "P3", flip)
        n_pga = float(net.ncf(u))
        M = (net.X * net.y[:, None]).T @ net.X
        ev = np.linalg.eigvalsh(M)
        const = float(sh.single_neuron_constant(2))  # 2 sqrt(3) / 9 = 2 / (3 sqrt 3), SymPy
        if formula == "max_abs":
            closed = hm.square_nstar(net.X, net.y)
            closed_sym = const * max(ev[-1], -ev[0])
        else:
            closed = closed_sym = const * ev[-1]
        return Evidence.agree(
            n_pga, closed, atol=1e-8,
            uncertainty=1e3 * EPS * abs(closed),
            reason="N at the PGA maximiser vs the closed form (constant solved in SymPy); "
            "agree to 1e-8 (digest K5); tolerance = eigensolver/float rounding",
            detail={"eig(M)": ev, "closed_numeric": closed, "closed_sympy": closed_sym,
                    "labels": "-y" if flip else "y"},
        )

    return check


k05 = register(Claim(
    id="kumar2025.k05_square_nstar",
    title="K5: for sigma = z^2, N* = 2 max(lambda_max, -lambda_min)(M) / (3 sqrt 3)",
    statement="With M = sum_i y_i x_i x_i^T, max_{|w|=1} N(w) = 2 max(lambda_max(M), "
    "-lambda_min(M)) / (3 sqrt 3) (P3: 1.95116).",
    latex=r"\mathcal N^* = \frac{2\max(\lambda_{\max}(M), -\lambda_{\min}(M))}{3\sqrt3}",
    citation=B, source="R", method="exact",
    hypotheses={**SMOOTH, "sigma": "z^2"},
    cases=lambda profile: [False, True], check=_square_nstar_check("max_abs"),
    notes=RECON + "Cases: P3 labels y and -y (the second makes -lambda_min the larger branch).",
))
k05.twin("lambda_max_only", title="N* = 2 lambda_max(M) / (3 sqrt 3) (the -lambda_min branch "
         "dropped)", check=_square_nstar_check("lambda_max"))


@cache
def _relu2_gmax(seed: int, restarts: int, steps: int) -> float:
    """max_{|u|=1} |g(u)|, g(u) = sum_i y_i relu(u.x_i)^2, by PGA on +-g on S^2 (independent of
    the full-network ascent)."""
    hm = _nets()
    net, _ = _r2()
    single = hm.HomogeneousNet("R2-g", net.X, net.y, 1, signs=None, act=net.act)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    best = 0.0
    for sgn in (1.0, -1.0):
        U = rng.standard_normal((restarts, net.d))
        U /= np.linalg.norm(U, axis=1, keepdims=True)
        for _ in range(steps):
            th = np.concatenate([np.full((restarts, 1), sgn), U], axis=1)
            U = U + 0.05 * single.ncf_grad(th)[:, 1:]
            U /= np.linalg.norm(U, axis=1, keepdims=True)
        th = np.concatenate([np.ones((restarts, 1)), U], axis=1)
        best = max(best, float(np.max(sgn * single.ncf(th))))
    return best


def _relu2_check(p_const: float):
    def check(_params, ctx: Context) -> Evidence:
        from numeric import _homogeneous as hm

        net, u = _pga_for(ctx, "R2")
        n_pga = float(net.ncf(u))
        j = int(np.argmax(net.neuron_norms(u)))
        uj = u[net.m + j * net.d: net.m + (j + 1) * net.d]
        uh = uj / np.linalg.norm(uj)
        g_hat = float(np.sum(net.y * np.maximum(net.X @ uh, 0.0) ** 2))
        gmax = _relu2_gmax(_shared_seed(ctx, "gmax"), min(ctx.profile.n(20, 6), 40),
                           min(ctx.profile.n(3000, 1000), 5000))
        pred_hat = hm.single_neuron_nstar(p_const, abs(g_hat))
        pred_max = hm.single_neuron_nstar(p_const, gmax)
        return Evidence.agree(
            [n_pga, n_pga], [pred_hat, pred_max], atol=1e-8,
            uncertainty=1e3 * EPS * abs(n_pga),
            reason="ReLU^2 (R2): N at the PGA winner vs (p+1)^(-1/2)(p/(p+1))^(p/2)|g(u_hat)| and "
            "vs the same constant times max|g| found by a separate ascent on S^2; agree to 1e-8",
            detail={"digest": 1.2874291813794, "g_hat": g_hat, "gmax": gmax, "p": p_const},
        )

    return check


k06 = register(Claim(
    id="kumar2025.k06_relu2_nstar",
    title="K6: ReLU^2: N* = (2 / (3 sqrt 3)) max_{|u|=1} |g(u)|",
    statement="For sigma = ReLU^2, the constrained-NCF maximum is one neuron with v^2 = 1/3, "
    "|u|^2 = 2/3, and N* = (2/(3 sqrt 3)) max|g| with g(u) = sum_i y_i relu(u.x_i)^2 "
    "(R2: 1.2874291813794).",
    citation=B, source="R", method="exact",
    hypotheses={**SMOOTH, "sigma": "ReLU^2 (C^1, locally Lipschitz gradient)"},
    check=_relu2_check(2.0), notes=RECON,
))
k06.twin("constant_p1", title="N* with the p = 1 constant 2^(-1/2)(1/2)^(1/2) max|g|",
         check=_relu2_check(1.0))


# ---------------------------------------------------------------------------------------------
# K7, K8: directional convergence with error O(delta^L)
@cache
def _direction_l3(deltas: tuple[float, ...], rtol: float):
    hm = _nets()
    net, w0 = _p3()
    tau20, s20 = hm.ncf_flow_until(net, w0, 20.0, rtol=rtol)
    u20 = s20 / np.linalg.norm(s20)
    ds = np.asarray(deltas)

    def rhs(Y, rows):
        # each row is the rescaled flow of its own delta (batched through the shared scheme)
        return net._pullback(Y, net.y - ds[rows][:, None] ** net.L * net._outputs(Y))

    out = hm.integrate(rhs, np.tile(w0, (len(ds), 1)), [0.0, tau20], rtol=rtol,
                       atol=rtol * 1e-3)[-1]
    err = np.linalg.norm(out / np.linalg.norm(out, axis=1, keepdims=True) - u20, axis=1)
    return tau20, err, np.linalg.norm(out, axis=1)


def _dir_l3_check(claimed: float):
    def check(_p, ctx: Context) -> Evidence:
        deltas = _deltas_l3(ctx.profile)
        rtol = _rtol(ctx.profile, 1e-11)
        tau20, err, norms = _direction_l3(deltas, rtol)
        ev = _rate_evidence(deltas, err, claimed, what="|w/|w|(tau/delta) - s/|s|(tau)| (P3)")
        ev.detail.update({"tau_20": tau20, "|w|/delta": list(norms), "rtol": rtol})
        return ev

    return check


def _plot_dir(result, ctx: Context, png: str) -> None:
    deltas = _deltas_l3(ctx.profile)
    _, err, _ = _direction_l3(deltas, _rtol(ctx.profile, 1e-11))
    _log_plot(png, deltas, {"direction error": err, "delta^3": np.asarray(deltas) ** 3 *
                            err[0] / deltas[0] ** 3}, "K7: direction error vs delta (P3, L = 3)")


k07 = register(Claim(
    id="kumar2025.k07_direction_L3",
    title="K7: w(tau/delta^(L-2))/|w| tracks the NCF-flow direction with error O(delta^L), L = 3",
    statement="On tau in [0, T] (here T: |s(T)| = 20) the GF direction from delta w0 at time "
    "tau/delta^(L-2) is within O(delta^L) of the NCF flow s(tau)/|s(tau)|, and |w| = O(delta).",
    citation=B, source="R", method="scaling",
    hypotheses={**SMOOTH, "L": 3, "sigma": "z^2"},
    check=_dir_l3_check(3.0), plot=_plot_dir,
    notes=RECON + "Exact rescaling w = delta s, tau = delta^(L-2) t; both flows through the "
    "shared Dormand-Prince scheme (rtol <= 1e-11).",
))
k07.twin("rate_L_minus_1", title="Direction error O(delta^(L-1)) (slope 2)",
         check=_dir_l3_check(2.0))


def _deltas_k8(profile: Profile) -> tuple[float, ...]:
    # errors ~ 6.7e7 delta^2 at T = 0.6: this range keeps them in [6e-9, 7e-5], far above the
    # solver's 1e-12 (the digest's delta = 1e-10 error of 6.7e-13 would sit at its floor)
    # at 1e-5 the growth |w(T)|/delta already saturates (7.0e4 vs 9.2e4): not asymptotic
    if profile.name == "quick":
        return (1e-6, 1e-7, 1e-8)
    return (1e-6, 3e-7, 1e-7, 3e-8, 1e-8)


@cache
def _direction_l2(deltas: tuple[float, ...], rtol: float, T: float = 0.6):
    from scipy.linalg import expm

    hm = _nets()
    net, w0 = _p2()
    M = (net.X * net.y[:, None]).T @ net.X
    W0 = w0.reshape(net.m, net.d)
    S = np.concatenate([expm(2 * a * M * T) @ wj for a, wj in zip(net.signs, W0, strict=True)])
    uT = S / np.linalg.norm(S)
    ds = np.asarray(deltas)

    def rhs(Y, rows):
        return net._pullback(Y, net.y - ds[rows][:, None] ** 2 * net._outputs(Y))

    out = hm.integrate(rhs, np.tile(w0, (len(ds), 1)), [0.0, T], rtol=rtol, atol=rtol * 1e-3)[-1]
    err = np.linalg.norm(out / np.linalg.norm(out, axis=1, keepdims=True) - uT, axis=1)
    return err, np.linalg.norm(out, axis=1), uT


def _dir_l2_check(claimed: float):
    def check(_p, ctx: Context) -> Evidence:
        deltas = _deltas_k8(ctx.profile)
        rtol = _rtol(ctx.profile, 1e-12)
        err, norms, _ = _direction_l2(deltas, rtol)
        ev = _rate_evidence(deltas, err, claimed, what="direction error at T = 0.6 (P2)")
        ev.detail.update({"|w(T)|/delta": list(norms), "rtol": rtol})
        return ev

    return check


k08 = register(Claim(
    id="kumar2025.k08_direction_L2",
    title="K8: L = 2: the GF direction at fixed T is within O(delta^2) of the NCF flow",
    statement="For the L = 2 quadratic model, w(T)/|w(T)| from delta w0 differs from the NCF "
    "flow direction expm(2 a_j M T) w_j(0) (normalised) by O(delta^2).",
    citation=A, source="R", method="scaling",
    hypotheses={"L": 2, "model": "sum_j a_j (w_j.x)^2, fixed signs", **SMOOTH},
    check=_dir_l2_check(2.0), notes=RECON + "NCF flow in closed form (scipy expm).",
))
k08.twin("rate_L_plus_1", title="Direction error O(delta^3) for L = 2", check=_dir_l2_check(3.0))


# ---------------------------------------------------------------------------------------------
# K9: the limit direction is a positive second-order KKT point
def _kkt_limit_check(spread: bool):
    def check(_p, ctx: Context) -> Evidence:
        from numeric import _homogeneous as hm

        net, _ = _p3()
        rtol = _rtol(ctx.profile, 1e-11)
        sf = _sphere("P3", rtol)
        u = sf.u[-1, 0]
        rho = float(sf.rho[-1, 0])
        nstar = hm.square_nstar(net.X, net.y)
        norms = net.neuron_norms(u)
        j = int(np.argmax(norms))
        second = float(np.sort(norms)[-2])
        M = (net.X * net.y[:, None]).T @ net.X
        e = np.linalg.eigh(M)[1][:, -1]
        uj = u[net.m + j * net.d: net.m + (j + 1) * net.d]
        cos = abs(float(uj @ e)) / np.linalg.norm(uj)
        v = float(u[j])
        items = {
            "rho": (rho, 1e-8),
            "|N(u) - N*|": (abs(float(sf.ncf[-1, 0]) - nstar), 1e-8),
            "1 - cos(u_j, e_max)": (1.0 - cos, 1e-8),
            "||u|^2/v^2 - 2|": (abs(float(uj @ uj) / v ** 2 - 2.0), 1e-8),
            "-v (v > 0)": (-v, 0.0) if v < 0 else (0.0, 1.0),
        }
        if spread:
            # false twin: the mass is spread, second-largest neuron >= 0.1
            items = {"0.1 - second neuron": (0.1 - second, 1e-3)}
        else:
            items["second neuron"] = (second, 1e-6)
        return _within(
            items, rounding=1e-2,
            reason="NCF flow on the sphere (kappa time, shared DP5 at rtol <= 1e-11) to |s| ~ "
            "e^60: KKT residual, N = N*, single neuron with v > 0 along the top eigenvector of "
            "M, balanced; bounds 1e-8 = 1000 x the solver tolerance; rounding 1% of the bound",
            detail={"rho_by_kappa": list(sf.rho[:, 0]), "log|s|": list(sf.log_r[:, 0]),
                    "winner": j, "N": float(sf.ncf[-1, 0]), "N*": nstar},
        )

    return check


k09 = register(Claim(
    id="kumar2025.k09_kkt_limit",
    title="K9: the NCF-flow direction converges to a positive (second-order) KKT point",
    statement="s(tau)/|s(tau)| of the NCF flow from w0 converges to u* with grad N(u*) = "
    "L N(u*) u*, N(u*) > 0; on P3 u* is the global maximiser: one neuron, v > 0, u along the "
    "top eigenvector of M, |u|^2 = 2 v^2.",
    citation=B, source="R", method="ode",
    hypotheses={**SMOOTH, "L": 3, "second_order_KKT": "local max of N on the sphere"},
    check=_kkt_limit_check(False),
    notes=RECON + "The digest measured rho = 1.3e-2 at |s| = 1e4; the kappa-time flow reaches "
    "|s| ~ e^60 without integrating into the blow-up, and rho falls to the solver floor.",
))
k09.twin("mass_spread", title="L = 3: the limit direction spreads over two or more neurons",
         check=_kkt_limit_check(True))


# ---------------------------------------------------------------------------------------------
# K10-K14: escape, winner, first saddle, sparsity (P3 runs)
def _p3_runs(ctx: Context):
    rtol = ctx.profile.ode_rtol
    deltas = _deltas_l3(ctx.profile)
    return deltas, _runs_l3("P3", deltas, rtol), rtol


def _escape_l3_check(power: float):
    def check(_p, ctx: Context) -> Evidence:
        deltas, runs, rtol = _p3_runs(ctx)
        tstar = float(_sphere("P3", _rtol(ctx.profile, 1e-11)).tau_star[0])
        scaled = np.array([r.t_esc * d ** power for r, d in zip(runs, deltas, strict=True)])
        gap = np.abs(scaled - tstar)
        s, half, _ = _slope(deltas, gap)
        # "falls at least linearly": slope >= 1 with the digest's 0.2 band on rates
        return Evidence.interval(
            s, s - half, s + half, 0.8, side="at_least",
            reason=f"|delta^{power:g} t_esc - tau*| vs delta on log-log axes; claimed slope >= "
            "1 (-0.2 band); the 95% CI of the fitted slope must clear 0.8",
            detail={"delta^(L-2) t_esc": list(scaled), "tau*": tstar, "gaps": list(gap),
                    "rtol": rtol},
        )

    return check


k10 = register(Claim(
    id="kumar2025.k10_escape_time_L3",
    title="K10: L > 2: delta^(L-2) t_esc -> tau*, the NCF-flow blow-up time",
    statement="The first time |w| reaches |p*|/2 satisfies delta^(L-2) t_esc -> tau* (the blow-up "
    "time of ds/dtau = grad N(s), s(0) = w0), the gap falling at least linearly in delta "
    "(P3: tau* = 0.5736).",
    citation=B, source="R", method="ode",
    hypotheses={**SMOOTH, "L": 3},
    check=_escape_l3_check(1.0),
    notes=RECON + "Rescaled ODE near the origin (shared DP5, kappa time) with a crossing search "
    "that refuses an already-satisfied event; LSODA after the escape.",
))
k10.twin("wrong_power", title="delta^(L-1) t_esc -> tau* (wrong time scale)",
         check=_escape_l3_check(2.0))


def _escape_l2_check(factor: float):
    def check(_p, ctx: Context) -> Evidence:
        from numeric import _homogeneous as hm  # noqa: F401  (keeps imports lazy)

        net, _ = _p2()
        rtol = ctx.profile.ode_rtol
        deltas = _deltas_l2(ctx.profile)
        runs = _runs_l2(deltas, rtol)
        M = (net.X * net.y[:, None]).T @ net.X
        ev = np.linalg.eigvalsh(M)
        nstar = max(ev[-1], -ev[0])  # L = 2: max_{|w|=1} sum a_j w_j^T M w_j
        off = np.array([r.t_esc - factor * np.log(1 / d) / (2 * nstar)
                        for r, d in zip(runs, deltas, strict=True)])
        spread = float(np.max(off) - np.min(off))
        return Evidence.upper_bound(
            spread, 1e-2, tolerance=1e-6,
            reason="spread over delta of t_esc - ln(1/delta)/(2 N*) (P2); bound 1e-2 (digest "
            "pass criterion); tolerance 1e-6 ≥ crossing-time error (bisection on the dense "
            "output to ~4 ulp, plus the interpolant's error ≈ rtol·|t_esc|, rtol ≤ 1e-9)",
            detail={"offsets": list(off), "N*": nstar, "deltas": list(deltas)},
        )

    return check


k11 = register(Claim(
    id="kumar2025.k11_escape_time_L2",
    title="K11: L = 2: t_esc - ln(1/delta)/(2 N*) is constant in delta",
    statement="For L = 2 the escape time is ln(1/delta)/(2 N*) + O(1), with the O(1) offset "
    "independent of delta (P2: 0.027).",
    citation=A, source="R", method="ode",
    hypotheses={"L": 2, **SMOOTH},
    check=_escape_l2_check(1.0), notes=RECON,
))
k11.twin("no_factor_two", title="t_esc - ln(1/delta)/N* is constant (factor 2 dropped)",
         check=_escape_l2_check(2.0))


def _winner_check(rule: str):
    def check(_p, ctx: Context) -> Evidence:
        from numeric import _homogeneous as hm

        net, w0 = _p3()
        rtol11 = _rtol(ctx.profile, 1e-11)
        times = hm.neuron_blowup_times(net, w0, rtol=rtol11)
        tstar = float(_sphere("P3", rtol11).tau_star[0])
        if rule == "blowup":
            pred = int(np.argmin(times))
        else:  # largest initial per-neuron NCF value N_j(theta_j(0))
            pred = int(np.argmax([net.ncf(np.where(np.isin(np.arange(net.k), sl), w0, 0.0))
                                  for sl in net.neuron_slices()]))
        deltas, runs, _ = _p3_runs(ctx)
        winners = [r.winner for r in runs]
        ok = all(w == pred for w in winners)
        agree = abs(float(np.min(times)) - tstar)
        # min_j tau_j = tau* exactly (decoupled neurons); both from the same kappa-time solver
        ok_t = agree <= 1e3 * rtol11
        return Evidence.predicate(
            ok and ok_t, computed={"GF winners": winners, "predicted": pred,
                                   "|min_j tau_j - tau*|": agree},
            claimed={"winner": "predicted neuron", "min_j tau_j": tstar},
            reason="the GF winner (largest neuron at |w| = |p*|/2) for every delta equals the "
            "prediction, and min_j tau_j = tau* within 1e3 x rtol",
            detail={"per_neuron_blowup": list(times)},
        )

    return check


k12 = register(Claim(
    id="kumar2025.k12_winner_neuron",
    title="K12: L > 2: the winning neuron is the one whose NCF flow blows up first",
    statement="The NCF separates by neuron; the neuron that escapes is argmin_j tau_j*, the "
    "per-neuron blow-up times, and min_j tau_j* = tau* (P3: 0.6335, 0.5819, 0.5736, 0.6055, "
    "2.0687 -> neuron 2).",
    citation=C, source="R", method="ode",
    hypotheses={**SMOOTH, "L": 3, "separable_by_neuron": True},
    check=_winner_check("blowup"), notes=RECON,
))
k12.twin("largest_initial_ncf", title="The winner is the neuron with the largest initial "
         "N_j(theta_j(0)) (greedy, ignores the nonlinear race)", check=_winner_check("ncf0"))


def _saddle_check(claimed: float):
    def check(_p, ctx: Context) -> Evidence:
        net, _ = _p3()
        deltas, runs, rtol = _p3_runs(ctx)
        _, ps = _pstar("P3", rtol)
        gnorm = float(np.linalg.norm(net.loss_grad(ps)))
        ev = _rate_evidence(deltas, [r.dist_min for r in runs], claimed,
                            what="min_t |w(t) - p*| after the escape (P3)")
        if gnorm > 1e-10:  # p* must be stationary before distances to it mean anything
            return Evidence.predicate(False, computed=gnorm, claimed="|grad L(p*)| <= 1e-10",
                                      reason="p* is not a stationary point")
        ev.detail.update({"L(p*)": float(net.loss(ps)), "|grad L(p*)|": gnorm,
                          "loss at origin": float(net.loss(np.zeros(net.k)))})
        return ev

    return check


def _plot_runs(result, ctx: Context, png: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    net, _ = _p3()
    deltas, runs, rtol = _p3_runs(ctx)
    r = runs[-1]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.5))
    nn = net.neuron_norms(r.w_grid)
    for j in range(net.m):
        a1.semilogy(r.t_grid + r.t_esc, nn[:, j], label=f"neuron {j}")
    a1.set_xlabel("t")
    a1.set_title(f"per-neuron norms after the escape (delta={r.delta:g})", fontsize=9)
    a1.legend(fontsize=7)
    a2.loglog(deltas, [x.dist_min for x in runs], "o-", label="min |w - p*|")
    a2.loglog(deltas, [np.max(np.delete(net.neuron_norms(x.w_min), x.winner)) for x in runs],
              "s-", label="largest non-winner")
    a2.set_xlabel("delta")
    a2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    plt.close(fig)


k13 = register(Claim(
    id="kumar2025.k13_first_saddle",
    title="K13: GF from delta w0 passes within O(delta) of the first saddle p*",
    statement="p* = lim GF from an infinitesimal start along u* is a stationary point of L "
    "restricted to supp(u*) (P3: L(p*) = 1.780697); GF from delta w0 enters a ball of radius "
    "O(delta) around p* after the escape.",
    citation=C, source="R", method="ode",
    hypotheses={**SMOOTH, "L": 3, "second_order_KKT": True, "zero_preserving_support": True},
    check=_saddle_check(1.0), plot=_plot_runs, notes=RECON,
))
k13.twin("rate_delta_squared", title="Closest approach to p* is O(delta^2)",
         check=_saddle_check(2.0))


def _sparsity_l3_check(claimed: float):
    def check(_p, ctx: Context) -> Evidence:
        net, _ = _p3()
        deltas, runs, _ = _p3_runs(ctx)
        other = [float(np.max(np.delete(net.neuron_norms(r.w_min), r.winner))) for r in runs]
        ev = _rate_evidence(deltas, other, claimed,
                            what="largest non-winner neuron norm at the closest approach (P3)")
        ev.detail["ratio_to_delta"] = [o / d for o, d in zip(other, deltas, strict=True)]
        return ev

    return check


k14 = register(Claim(
    id="kumar2025.k14_sparsity_L3",
    title="K14: L = 3: the zero block of u* stays O(delta) until p*",
    statement="The neurons outside supp(u*) (a zero-preserving set) stay O(delta) in norm from "
    "the escape until GF reaches p* (P3: about 18-21 delta).",
    citation=C, source="R", method="scaling",
    hypotheses={**SMOOTH, "L": 3, "zero_preserving_support": True},
    check=_sparsity_l3_check(1.0), plot=_plot_runs, notes=RECON,
))
k14.twin("rate_delta_squared", title="Non-winner neurons are O(delta^2) at p*",
         check=_sparsity_l3_check(2.0))


# ---------------------------------------------------------------------------------------------
# K15: sparsity for L = 2 (finding about rates)
def _p2_wrong_sign(ctx: Context):
    net, _ = _p2()
    rtol = ctx.profile.ode_rtol
    deltas = _deltas_l2(ctx.profile)
    runs = _runs_l2(deltas, rtol)
    neg = net.signs < 0
    wrong = [float(np.max(net.neuron_norms(r.w_min)[neg])) for r in runs]
    return deltas, runs, wrong


def _sparsity_l2_rate_check(claimed: float):
    def check(_p, ctx: Context) -> Evidence:
        deltas, runs, wrong = _p2_wrong_sign(ctx)
        ev = _rate_evidence(deltas, wrong, claimed,
                            what="largest wrong-sign neuron norm at the closest approach (P2)")
        ev.detail["dist_min"] = [r.dist_min for r in runs]
        return ev

    return check


def _sparsity_l2_corrected(vanish: bool):
    def check(_p, ctx: Context) -> Evidence:
        deltas, runs, wrong = _p2_wrong_sign(ctx)
        s, half, _ = _slope(deltas, wrong)
        s_d, half_d, _ = _slope(deltas, [r.dist_min for r in runs])
        lo, hi = s - half, s + half
        if vanish:
            # claim: 0 < slope < 1 (o(1) but slower than O(delta)), whole 95% CI inside (0, 1)
            margin = min(lo - 0.0, 1.0 - hi)
        else:  # twin: the wrong-sign neurons do not vanish (slope <= 0)
            margin = -lo
        forced = "undecided" if (vanish and (lo <= 0 < hi or lo < 1 <= hi)) else None
        return Evidence(
            s, "0 < slope < 1" if vanish else "slope <= 0", float(margin), 0.0,
            "log-log slope of the largest wrong-sign neuron norm at the closest approach to p* "
            "vs delta (P2, delta 1e-8..1e-14); margin from the 95% CI's near end",
            {"slope": s, "ci95": half, "wrong_sign_norms": wrong, "deltas": list(deltas),
             "dist_min": [r.dist_min for r in runs], "dist_slope": s_d, "dist_ci95": half_d},
            forced,
        )

    return check


def _plot_k15(result, ctx: Context, png: str) -> None:
    deltas, runs, wrong = _p2_wrong_sign(ctx)
    _log_plot(png, deltas, {"wrong-sign norm": wrong, "min |w - p*|": [r.dist_min for r in runs],
                            "delta (O(delta) reference)": np.asarray(deltas) * wrong[0] /
                            deltas[0]}, "K15: L = 2 sparsity near p* (P2)")


k15c = register(Claim(
    id="kumar2025.k15_sparsity_L2",
    title="K15 (corrected): L = 2: wrong-sign neurons near p* vanish as delta -> 0, but at a "
    "rate much slower than delta (about delta^0.12)",
    statement="For the L = 2 quadratic model (P2) the neurons outside supp(u*) are o(1) at the "
    "closest approach to p*, with a fitted rate delta^beta, 0 < beta < 1 (measured ~0.12).",
    citation=C, source="V", method="scaling",
    hypotheses={"L": 2, **SMOOTH, "zero_preserving_support": True},
    check=_sparsity_l2_corrected(True), plot=_plot_k15,
    notes=RECON + "Corrected statement of the rate finding; see kumar2025.k15_sparsity_L2_Odelta.",
))
k15c.twin("no_vanishing", title="L = 2: wrong-sign neurons stay bounded away from 0",
          check=_sparsity_l2_corrected(False))

k15 = register(Claim(
    id="kumar2025.k15_sparsity_L2_Odelta",
    title="K15 (as stated for L = 3, applied to L = 2): the zero block stays O(delta) until p*",
    statement="The O(delta) sparsity rate of K14 carries over to L = 2: wrong-sign neurons near "
    "p* are O(delta).",
    citation=C, source="V", method="scaling",
    hypotheses={"L": 2, **SMOOTH},
    check=_sparsity_l2_rate_check(1.0), expected="refuted", finding=True,
    corrected_by="kumar2025.k15_sparsity_L2",
    notes=RECON + "Finding about rates, not a quoted erratum: the O(delta) rate seen for L = 3 "
    "(K14) does not carry over to L = 2, where the zero block is o(1) but roughly delta^0.12 "
    "(digest K15 and C3 'rates'); the corrected statement is kumar2025.k15_sparsity_L2.",
))
k15.twin("rate_delta_squared", title="L = 2 wrong-sign neurons are O(delta^2) at p*",
         check=_sparsity_l2_rate_check(2.0))


# ---------------------------------------------------------------------------------------------
# K16: the residual NCF at p* is positive (staircase)
def _residual_check(claim_positive: bool):
    def check(_p, ctx: Context) -> Evidence:
        from numeric import _homogeneous as hm

        net, _ = _p3()
        _, ps = _pstar("P3", ctx.profile.ode_rtol)
        r = net.y - net.outputs(ps)
        val = hm.square_nstar(net.X, r)  # best new neuron for the residual NCF
        deltas, runs, _ = _p3_runs(ctx)
        first = runs[0]
        later = float(first.loss_grid[-1])
        tol = 1e3 * EPS * float(np.sum(np.abs(r)))
        detail = {"residual NCF N*_r": val, "L(p*)": float(net.loss(ps)),
                  f"loss at t_esc+30 (delta={first.delta:g})": later}
        if claim_positive:
            return Evidence.lower_bound(
                val, 0.0, tolerance=tol, detail=detail,
                reason="N*_r = 2 max(lambda_max, -lambda_min)(M_r)/(3 sqrt 3), M_r = sum_i r_i "
                "x_i x_i^T, r = y - H(X; p*): > 0 means p* is a strict saddle of the full loss "
                "(another neuron escapes later); tolerance = float rounding of M_r")
        return Evidence.upper_bound(
            val, 0.0, tolerance=tol, detail=detail,
            reason="false twin: p* a local minimum of the full loss (residual NCF <= 0)")

    return check


def _plot_staircase(result, ctx: Context, png: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    deltas, runs, _ = _p3_runs(ctx)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    for r in runs:
        ax.plot(r.t_grid, r.loss_grid, label=f"delta={r.delta:g}")
    ax.set_xlabel("t - t_esc")
    ax.set_ylabel("loss")
    ax.set_title("K16: loss staircase (P3)", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    plt.close(fig)


k16 = register(Claim(
    id="kumar2025.k16_residual_ncf",
    title="K16: p* is a saddle: the residual NCF at p* has a positive maximum (staircase)",
    statement="At the first saddle p*, N_r(w) = (y - H(X; p*))^T H(X; w) takes a positive value "
    "on the zero block, so a further neuron escapes later (P3: 1.512).",
    citation=C, source="R", method="exact",
    hypotheses={**SMOOTH, "L": 3},
    check=_residual_check(True), plot=_plot_staircase, notes=RECON,
))
k16.twin("local_minimum", title="p* is a local minimum of the full loss (residual NCF <= 0)",
         check=_residual_check(False))


# ---------------------------------------------------------------------------------------------
# K17: collapse when N <= 0
def _collapse_check(grows: bool):
    def check(_p, ctx: Context) -> Evidence:
        from numeric import _homogeneous as hm

        base, w0 = _p2()
        y = -np.abs(base.y)
        net = hm.HomogeneousNet("P2-collapse", base.X, y, base.m, signs=np.ones(base.m))
        lam_max = float(np.linalg.eigvalsh((net.X * y[:, None]).T @ net.X)[-1])
        delta = 1e-3
        rtol = _rtol(ctx.profile, 1e-10)
        times = np.linspace(0.0, 1.0, 21)
        out = hm.integrate(lambda Y, _r: net.rescaled_field(Y, delta), w0, times, rtol=rtol,
                           atol=rtol * 1e-6)[:, 0]
        ratio = np.linalg.norm(out, axis=1)  # |w|/delta = |s|
        # d|s|^2/dt = 4 N(s) - 4 delta^2 |H(s)|^2 <= 4 lambda_max(M) |s|^2 (Euler: <s, grad H> =
        # 2H), hence |s(t)| <= e^{2 lambda_max t}: a decay rate, not only monotonicity
        envelope = np.exp(2 * lam_max * times)
        detail = {"|w|/delta": list(ratio), "lambda_max(M) (<= 0: N <= 0)": lam_max,
                  "envelope e^{2 lambda_max t}": list(envelope)}
        if grows:
            return Evidence.lower_bound(float(ratio[-1]), 1.0, tolerance=rtol, detail=detail,
                                        reason="false twin: |w(1)|/delta >= 1 (escape)")
        mono = bool(np.all(np.diff(ratio) < 0))
        if not (mono and lam_max <= 0):
            return Evidence.predicate(False, computed=detail, claimed="monotone decrease",
                                      reason="not monotone, or N is not <= 0")
        excess = float(np.max(ratio[1:] / envelope[1:] - 1.0))  # t = 0 sits on the envelope
        return Evidence.upper_bound(
            excess, 0.0, tolerance=100 * rtol, detail=detail,
            reason="N(w) <= 0 everywhere (lambda_max(M) <= 0); |w|/delta decreases monotonically "
            "on a 21-point grid and stays under e^{2 lambda_max(M) t}; max relative excess over "
            "the envelope <= 0 up to the solver's 100 rtol")

    return check


k17 = register(Claim(
    id="kumar2025.k17_collapse",
    title="K17: when N <= 0 everywhere the weights collapse toward 0 (A1/B1 alternative)",
    statement="If N(w) <= 0 for all w (P2 with all a_j = +1 and y = -|y|), GF from delta w0 "
    "shrinks: |w(t)|/delta decreases monotonically, at least as fast as e^{2 lambda_max(M) t}.",
    citation=A, source="R", method="ode",
    hypotheses={"L": 2, "ncf_nonpositive": True},
    check=_collapse_check(False),
    notes=RECON + "The digest's 2.9e-12 at t = 1 is not reproduced: its labels 'y <= 0' are not "
    "fully specified; with y = -|y| lambda_max(M) = -0.65 and |w(1)|/delta = 0.155. The decay "
    "envelope is derived (Euler's identity), not quoted.",
))
k17.twin("escape", title="With N <= 0 the weights still escape (|w(1)| >= delta)",
         check=_collapse_check(True))


# ---------------------------------------------------------------------------------------------
# K18: L = 2 degeneracy
def _degeneracy_check(sparse: bool):
    def check(_p, ctx: Context) -> Evidence:
        from scipy.linalg import expm

        net, w0 = _p2()
        M = (net.X * net.y[:, None]).T @ net.X
        lam, V = np.linalg.eigh(M)
        e = V[:, -1]
        W0 = w0.reshape(net.m, net.d)
        T = 0.6
        S = np.stack([expm(2 * a * M * T) @ wj for a, wj in zip(net.signs, W0, strict=True)])
        S /= np.linalg.norm(S)
        norms = np.linalg.norm(S, axis=1)
        pos = net.signs > 0
        c = np.abs(W0[pos] @ e)
        pred = c / np.linalg.norm(c)
        share = norms[pos] / np.linalg.norm(norms[pos])
        # next-eigenvalue leakage e^{-2 (lam1 - lam2) T} relative to the top mode bounds the
        # deviation from the predicted split
        leak = float(np.exp(-2 * (lam[-1] - lam[-2]) * T) * np.max(np.abs(W0)) / np.min(c))
        if sparse:
            second = float(np.sort(share)[-2])
            return Evidence.upper_bound(second, 1e-2, tolerance=1e-12,
                                        reason="false twin: one positive neuron carries the "
                                        "mass (second share <= 1e-2)",
                                        detail={"shares": list(share)})
        return _within(
            {"|share - predicted|": (float(np.max(np.abs(share - pred))), max(2 * leak, 1e-12)),
             "opposite-sign norm": (float(np.max(norms[~pos])), 5e-4)},
            rounding=1e-6,
            reason="closed-form NCF flow (expm) at T = 0.6: positive-neuron norms share the mass "
            "in proportion to <e_max, w_j(0)> up to the second-mode leakage "
            "2 e^{-2(lam1-lam2)T} max|w0|/min c_j; opposite sign <= 5e-4 (digest K18)",
            detail={"shares": list(share), "predicted": list(pred), "norms": list(norms)},
        )

    return check


k18 = register(Claim(
    id="kumar2025.k18_degeneracy_L2",
    title="K18: L = 2: no single-neuron sparsity; same-sign neurons share the mass",
    statement="For L = 2 the NCF-flow direction splits the mass across all same-sign neurons in "
    "proportion to <e_max, w_j(0)> (P2: .24, .84, .49); the opposite sign is negligible.",
    citation=A, source="R", method="exact",
    hypotheses={"L": 2, "model": "sum_j a_j (w_j.x)^2"},
    check=_degeneracy_check(False), notes=RECON,
))
k18.twin("single_neuron", title="L = 2: the limit direction is a single neuron (as for L > 2)",
         check=_degeneracy_check(True))

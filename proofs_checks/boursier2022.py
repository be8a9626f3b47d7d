"""Boursier, Pillaud-Vivien & Flammarion, "Gradient flow dynamics of shallow ReLU networks for
square loss and orthogonal inputs" (arXiv 2206.00939, NeurIPS 2022): the digest's §4 rows.

The paper's full text was not available; every statement is the digest's reconstruction
(/work/shared/theory/boursier2022.md), tagged there as [P] abstract, [S-C]/[S-M] citing works,
[D] derived from the model, [V] reproduced numerically. Each claim's ``source`` repeats those
tags, and its ``notes`` say what is reconstructed. Exact constants and theorem numbers of the
paper are unknown.

Setting, implemented exactly: h(x) = Σ_j a_j σ(<w_j, x>), no bias, σ'(0) = 0 (the shared
integrator's ReLU), loss L = (1/2n) Σ_k (h(x_k) − y_k)² (``square_loss(mean=True)``; every rate
and time below carries this 1/n, and the ``~sum_normalisation`` twins check that the ½Σ
convention is refuted), balanced init w_j(0) = λ z_j, a_j(0) = s_j ||w_j(0)|| with
z_j ~ N(0, I/(dm)), pairwise-orthogonal inputs of arbitrary norms, real labels of both signs.
The full flow is integrated by :func:`numeric._twolayer.gradient_flow` on the integrator core:
the Clarke inclusion of the ReLU kinks, with pattern crossings located on the dense output and
frozen pairs following the minimal-norm sliding mode (docs/ode.md).

Shared runs are cached per (profile, seed) and draw their randomness from a scenario context
(``boursier2022.shared``), so a claim and its twins see the same data and initialisation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from numeric._orthogonal import (
    MEAN_SQUARE,
    OrthogonalData,
    bundle_logistic,
    class_losses,
    coverage_lower_bound,
    drop_time,
    init_shape,
    jstar_probability,
    limit_function,
    min_variation_norm_lp,
    neuron_classes,
    one_minus_cos,
    orthogonal_data,
    solve_reduced,
    yardstick,
)
from numeric._twolayer import Trajectory, gradient_flow
from numeric.stats import clopper_pearson, fit_slope

from ._claim import Citation, Claim, Context, Evidence, Profile, shared_result
from ._registry import register

_TITLE = ("Gradient flow dynamics of shallow ReLU networks for square loss and orthogonal "
          "inputs")
_AUTHORS = "E. Boursier, L. Pillaud-Vivien, N. Flammarion"
_EPS = float(np.finfo(float).eps)
_SHARED = "boursier2022.shared"
_NO_TEXT = ("The paper's full text was unavailable: this is the digest's reconstruction "
            "(/work/shared/theory/boursier2022.md), not the paper's wording or constants.")


def _cite(where: str) -> Citation:
    return Citation(_TITLE, arxiv="2206.00939", where=where, authors=_AUTHORS)


_ASSUMPTIONS = (
    "h(x) = Σ_j a_j σ(<w_j, x>), no bias, σ = ReLU with σ'(0) = 0",
    "L = (1/2n) Σ_k (h(x_k) − y_k)² (rates and times carry the 1/n)",
    "balanced init w_j(0) = λ z_j, a_j(0) = s_j ||w_j(0)||, z_j ~ N(0, I/(dm)), s_j = ±1",
    "pairwise-orthogonal inputs, arbitrary norms; real labels of both signs",
)

# ---------------------------------------------------------------------------------------------
# shared scenarios (cached per profile and seed)
def _cached(key: tuple, build):
    return shared_result(key, build, namespace=__name__)


def _shared(ctx: Context) -> Context:
    return Context(ctx.profile, ctx.seed, _SHARED)


# The digest's working example (§3): n = 4, two labels of each sign, unequal norms.
_Y = np.array([1.0, 0.5, -0.7, -0.4])
_R = np.array([1.0, 1.5, 0.8, 1.2])


def _draw_init(rng: np.random.Generator, data: OrthogonalData, m: int, d: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """An init with J+* and J−* non-empty (the theorem's assumption), by rejection."""
    for _ in range(1000):
        Z, s = init_shape(rng, m, d)
        cls = neuron_classes(Z, s, data)
        if np.any((cls == 2) & (s > 0)) and np.any((cls == 2) & (s < 0)):
            return Z, s
    raise RuntimeError("no init with J+* and J-* non-empty in 1000 draws")  # pragma: no cover


@dataclass
class _Run:
    data: OrthogonalData
    Z: np.ndarray  # (m, d) init shape
    s: np.ndarray  # (m,)
    lams: np.ndarray  # (B,)
    tr: Trajectory
    Lp: np.ndarray  # (K, B)
    Lm: np.ndarray  # (K, B)

    @property
    def T(self) -> np.ndarray:
        """Predicted escape times (n/||D±||) log(1/λ) per run: (T+, T−) each (B,)."""
        lg = np.log(1.0 / self.lams)
        n = self.data.n
        return (n / np.linalg.norm(self.data.D(1)) * lg, n / np.linalg.norm(self.data.D(-1)) * lg)

    def at(self, t: float) -> int:
        return int(np.argmin(np.abs(self.tr.t - t)))


def _lams(p: Profile, lo: float, hi: float, base: int) -> np.ndarray:
    k = max(4, min(8, p.n(base)))
    return np.geomspace(hi, lo, k)


def _main(ctx: Context) -> _Run:
    """The main run: digest example, m neurons, λ from 1e-3 to 1e-12, to 1.6 T_slow + 10."""
    p = ctx.profile

    def build() -> _Run:
        rng = _shared(ctx).rng("main")
        data = orthogonal_data(rng, _R, _Y, dim=6)
        m = min(p.n(50, minimum=30), 150)
        Z, s = _draw_init(rng, data, m, 6)
        lams = _lams(p, 1e-12, 1e-3, 10)
        Dmin = min(np.linalg.norm(data.D(1)), np.linalg.norm(data.D(-1)))
        Tc = 1.6 * data.n * np.log(1.0 / lams) / Dmin  # the digest's C0 horizon per λ
        dt = 0.5 if p.scale <= 1 else 0.25  # drop windows are ~n/||D|| ≈ 3-5 wide
        Tp = data.n / np.linalg.norm(data.D(1)) * np.log(1 / lams)
        Tm = data.n / np.linalg.norm(data.D(-1)) * np.log(1 / lams)
        special = np.concatenate([Tc, Tc / data.n, 0.5 * (Tp + Tm)])
        te = np.unique(np.concatenate([np.arange(0.0, Tc.max() + 10.0, dt), special]))
        W = lams[:, None, None] * Z[None]
        v = s[None] * np.linalg.norm(W, axis=-1)
        tr = gradient_flow(W, v, data.X, data.y, te, loss=MEAN_SQUARE, rtol=p.ode_rtol)
        Lp, Lm = class_losses(tr.W, tr.v, data)
        return _Run(data, Z, s, lams, tr, Lp, Lm)

    return _cached(("main", p, ctx.seed), build)


# ---------------------------------------------------------------------------------------------
# invariants (C1, C2, C3) and zero loss (C0)
def _lam_cases(which: str):
    def cases(p: Profile):
        k = max(4, min(8, p.n(10)))
        return [{"run": i, "what": which} for i in range(k)]

    return cases


def _zero_loss_times(run: _Run, factor: float) -> np.ndarray:
    Dmin = min(np.linalg.norm(run.data.D(1)), np.linalg.norm(run.data.D(-1)))
    return factor * 1.6 * run.data.n * np.log(1.0 / run.lams) / Dmin


def _check_zero_loss(factor: float, *, at_end: bool = False):
    def check(params, ctx: Context) -> Evidence:
        run = _main(ctx)
        b = params["run"]
        lam = float(run.lams[b])
        T_c = float(_zero_loss_times(run, factor)[b])
        T = float(run.tr.t[-1]) if at_end else T_c
        L = float(run.tr.loss[run.at(T), b])
        L0 = float(run.tr.loss[0, b])
        # rounding floor of the loss itself: (ε max|y|)² per point
        floor = run.data.n * (_EPS * float(np.max(np.abs(run.data.y)))) ** 2
        where = ("at the end of the run, T ≥ 1.6 n log(1/λ)/min||D±|| + 10" if at_end else
                 f"at T = {factor:g} · 1.6 n log(1/λ)/min||D±||")
        return Evidence.upper_bound(
            L, 1e-9, tolerance=floor,
            reason=f"L(T) <= 1e-9 {where}: convergence to a global minimiser, L0 ≈ 0.24. "
            "Tolerance = float rounding floor n(ε max|y|)² of the loss",
            detail={"lambda": lam, "T": T, "L0": L0,
                    "L_at_digest_horizon": float(run.tr.loss[run.at(T_c), b]),
                    "digest_horizon": T_c})

    return check


def _small_lam_cases(p: Profile):
    k = max(4, min(8, p.n(10)))
    lams = np.geomspace(1e-3, 1e-12, k)
    return [{"run": i} for i in range(k) if lams[i] <= 1.0001e-6]


zero_loss = register(Claim(
    id="boursier2022.zero_loss",
    title="Convergence to zero loss (J+* and J−* non-empty, small λ)",
    statement="For small λ and J±* ≠ ∅ the flow converges to a global minimiser: L(T) ≤ 1e-9 by "
    "the end of the run (T ≥ 1.6 n log(1/λ)/min||D±|| + 10)",
    latex=r"L(\theta(t)) \to 0 \quad (\lambda \to 0,\ J_\pm^* \neq \emptyset)",
    citation=_cite("abstract; convergence theorem (number unknown); digest §2.3, C0"),
    source="P,S-M,D,V", method="ode", check=_check_zero_loss(1.0, at_end=True),
    cases=_small_lam_cases,
    assumptions=_ASSUMPTIONS + ("J+* and J−* non-empty (init drawn conditionally on it)",),
    notes=_NO_TEXT + " The paper's λ bound is informal. The digest's horizon T_c = 1.6 n "
    "log(1/λ)/min||D±|| (its C0) is too short at λ = 1e-6: with the flow integrated through "
    "the frozen pairs as a Filippov sliding mode, L(T_c) = 2.2e-9 at quick seed 0 (m = 30), "
    "confirmed by an independent piecewise scipy DOP853 solve of the reduced c_jk ODE to 1e-15. "
    "The earlier switched-system integrator reported 4.8e-10 there because its chattering on "
    "those pairs perturbed the flow. So the claim checks convergence at the end of the run and "
    "reports L(T_c) in the detail; the T_c/4 twin stays refuted by seven decades.",
))
zero_loss.twin(
    "sum_normalisation", title="Zero loss already at T/n (the ½Σ time scale)",
    check=_check_zero_loss(1.0 / 4.0),
    notes="Under L = ½Σ every time shrinks by n; with the paper's 1/(2n) the slow class has not "
    "escaped at T/n, so the loss is still ≈ L0.",
)


def _balance_tolerance(run: _Run, b: int, q: np.ndarray) -> float:
    """Integrator error on a quadratic invariant: each accepted step adds a local error of at
    most rtol·|Y| (RMS over the N components, so ≤ sqrt(N) rtol |Y| per component), and a
    quadratic form of size Q changes by ≤ 2 that relative error; summed over the steps."""
    N = run.Z.size + run.s.size
    return float(2.0 * run.tr.rtol * math.sqrt(N) * run.tr.steps[b] * np.max(q))


def _check_balance(conserved: str):
    def check(params, ctx: Context) -> Evidence:
        run = _main(ctx)
        b = params["run"]
        W, v = run.tr.W[:, b], run.tr.v[:, b]
        nw2 = np.sum(W * W, axis=-1)
        q = v * v - nw2 if conserved == "difference" else v * v + nw2
        drift = float(np.max(np.abs(q - q[0])))
        tol = _balance_tolerance(run, b, v * v + nw2)
        return Evidence.agree(
            drift, 0.0, atol=tol, uncertainty=0.0,
            reason="max_{t,j} |Q_j(t) − Q_j(0)| vs 0; allowed = accumulated integrator error "
            "2 sqrt(N) rtol · steps · max(a² + ||w||²) (quadratic invariant, RMS error control)",
            detail={"lambda": float(run.lams[b]), "steps": int(run.tr.steps[b])})

    return check


balancedness = register(Claim(
    id="boursier2022.balancedness",
    title="Balancedness a_j² − ||w_j||² is conserved",
    statement="a_j(t)² − ||w_j(t)||² = a_j(0)² − ||w_j(0)||² (= 0 for the balanced init)",
    latex=r"\tfrac{d}{dt}\big(a_j^2 - \|w_j\|^2\big) = 0",
    citation=_cite("balancedness (S-C Prop. 1, S-M); digest §2.1, C1"),
    source="S-C,S-M,D,V", method="ode", check=_check_balance("difference"),
    cases=_lam_cases("balance"), assumptions=_ASSUMPTIONS,
    derivation=None,
    notes=_NO_TEXT + " Also derived symbolically (boursier2022.decoupled_ode, 'balance_j').",
))
balancedness.twin(
    "sum_conserved", title="a_j² + ||w_j||² is conserved (wrong invariant)",
    check=_check_balance("sum"),
)


def _unbalanced(ctx: Context) -> tuple[_Run, Trajectory]:
    """Twin run: the main data and init shape at λ = 1e-3 with a_j(0) = 0.1 s_j ||w_j(0)||."""
    p = ctx.profile

    def build():
        run = _main(ctx)
        W = 1e-3 * run.Z
        v = 0.1 * run.s * np.linalg.norm(W, axis=-1)
        te = np.linspace(0.0, 20.0, 41)
        return run, gradient_flow(W, v, run.data.X, run.data.y, te, loss=MEAN_SQUARE,
                                  rtol=p.ode_rtol)

    return _cached(("unbalanced", p, ctx.seed), build)


def _check_signs(params, ctx: Context) -> Evidence:
    run = _main(ctx)
    b = params["run"]
    v = run.tr.v[:, b]
    ok = bool(np.all(np.sign(v) == run.s[None]) and np.all(v != 0))
    flips = int(np.sum(np.any(np.sign(v) != run.s[None], axis=0)))
    return Evidence.predicate(
        ok, computed=flips, claimed=0,
        reason="number of neurons with sign a_j(t) ≠ s_j at some recorded t (exact)",
        detail={"lambda": float(run.lams[b]), "min |a_j(t)|": float(np.min(np.abs(v)))})


def _check_signs_unbalanced(params, ctx: Context) -> Evidence:
    run, tr = _unbalanced(ctx)
    v = tr.v
    flips = int(np.sum(np.any(np.sign(v) != run.s[None], axis=0)))
    return Evidence.predicate(
        flips == 0, computed=flips, claimed=0,
        reason="neurons whose output weight changed sign, init a_j(0) = 0.1 s_j ||w_j(0)|| (exact)")


signs = register(Claim(
    id="boursier2022.sign_preserved",
    title="sign a_j(t) = sign a_j(0), a_j never reaches 0",
    statement="Under the balanced init, sign a_j(t) = s_j for all t and a_j(t) ≠ 0",
    citation=_cite("sign preservation (credited to the paper by S-M, S-MV); digest §2.1, C2"),
    source="S-M,S-MV,S-C,V", method="ode", check=_check_signs, cases=_lam_cases("signs"),
    assumptions=_ASSUMPTIONS, notes=_NO_TEXT,
))
signs.twin(
    "unbalanced", title="Signs are preserved without balancedness (a_j(0) = 0.1 s_j||w_j(0)||)",
    check=_check_signs_unbalanced, cases=lambda p: [{"case": "unbalanced"}],
    notes="Dropped assumption: (a_j, c_jk/r_k) rotate hyperbolically, a² − c²/r² is conserved "
    "and negative, so a wrong-sign a_j crosses 0.",
)


def _correlated(ctx: Context) -> tuple[_Run, np.ndarray, Trajectory]:
    """Twin run: the main init at λ = 1e-3 on inputs mixed to be non-orthogonal."""
    p = ctx.profile

    def build():
        run = _main(ctx)
        X = run.data.X.copy()
        Xc = X + 0.3 * np.roll(X, 1, axis=0)  # <x_k, x_{k-1}> ≠ 0 now
        W = 1e-3 * run.Z
        v = run.s * np.linalg.norm(W, axis=-1)
        # short horizon: the drift is already ~λ·t, far above rounding, and a longer run meets a
        # sliding mode the switched integrator refuses (non-orthogonal kinks)
        te = np.linspace(0.0, 0.1, 3)
        # rtol 1e-9 at every profile: the drift to detect is ~1e-4, and at tighter rtol the
        # shared integrator stalls on this non-orthogonal data (reported to the lead)
        return run, Xc, gradient_flow(W, v, Xc, run.data.y, te, loss=MEAN_SQUARE, rtol=1e-9)

    return _cached(("correlated", p, ctx.seed), build)


def _kink_scale(W, X) -> float:
    """Size below which <w, x_k> cannot be told from 0 (the kink): ~1e3 ε ||x|| max||w||."""
    return 1e3 * _EPS * float(np.max(np.linalg.norm(X, axis=1))) * float(
        np.max(np.linalg.norm(W, axis=-1)))


def _frozen_evidence(W, X, E_perp_of, steps: int, lam: float) -> Evidence:
    C = W @ X.T  # (K, m, n)
    wmax = float(np.max(np.linalg.norm(W, axis=-1)))
    xmax = float(np.max(np.linalg.norm(X, axis=1)))
    # A frozen projection moves only by rounding: each accepted step adds a dW in span of the
    # active x_l whose projection on x_k (or off the span) is a few ulps of ||x|| ||dW||; over
    # `steps` steps with 8 stage additions each: 8 ε steps ||x|| max||w||.
    tol = 8.0 * _EPS * steps * max(xmax, 1.0) * wmax
    # Strictly inactive pairs only: a pair within rounding of the kink cannot be told apart
    # from a pair sitting *on* it, where σ'(0) = 0 makes the flow non-unique (see notes); and
    # a pair with |c(0)| below the accumulated rounding `tol` can have its sign flipped by
    # float64 alone (measured at λ ≈ 2e-11 in the thorough profile), so it is undecidable.
    kink = max(_kink_scale(W, X), tol)
    inactive = C[0] < -kink
    drift_c = np.abs(C - C[0])[:, inactive]
    gained = int(np.sum(np.any(C[:, inactive] > 0, axis=0)))
    P = E_perp_of(W)
    drift_p = np.linalg.norm(P - P[0], axis=-1)
    drift = float(max(drift_c.max(initial=0.0), drift_p.max(initial=0.0)))
    detail = {"lambda": lam, "inactive_pairs": int(inactive.sum()), "gained_points": gained,
              "pairs_at_kink_excluded": int(np.sum((C[0] <= 0) & ~inactive))}
    if gained:
        return Evidence.predicate(False, computed=gained, claimed=0,
                                  reason="a strictly inactive pair became active", detail=detail)
    return Evidence.agree(
        drift, 0.0, atol=tol, uncertainty=0.0,
        reason="max drift of strictly inactive <w_j, x_k> (c < −1e3 ε||x||max||w||) and of "
        "P⊥w_j vs 0; allowed = rounding 8 ε · steps · ||x|| · max||w|| (exact in exact "
        "arithmetic)", detail=detail)


def _check_frozen(params, ctx: Context) -> Evidence:
    run = _main(ctx)
    b = params["run"]
    return _frozen_evidence(run.tr.W[:, b], run.data.X, run.data.perp, int(run.tr.steps[b]),
                            float(run.lams[b]))


def _check_frozen_correlated(params, ctx: Context) -> Evidence:
    run, Xc, tr = _correlated(ctx)
    q, _ = np.linalg.qr(Xc.T)

    def perp(W):
        return W - (W @ q) @ q.T

    return _frozen_evidence(tr.W, Xc, perp, int(tr.steps[0]), 1e-3)


frozen = register(Claim(
    id="boursier2022.frozen_inactive",
    title="Inactive pairs and off-span components are frozen",
    statement="If <w_j(0), x_k> ≤ 0 then <w_j(t), x_k> = <w_j(0), x_k> for all t; P⊥w_j(t) = "
    "P⊥w_j(0); no neuron ever gains an active point",
    citation=_cite("orthogonal decoupling (S-MV: patterns stay fixed); digest §2.1, C3"),
    source="S-MV,D,V", method="ode", check=_check_frozen, cases=_lam_cases("frozen"),
    assumptions=_ASSUMPTIONS, notes=_NO_TEXT,
))
frozen.twin(
    "correlated_inputs", title="Inactive pairs stay frozen for non-orthogonal inputs",
    check=_check_frozen_correlated, cases=lambda p: [{"case": "correlated"}],
    notes="Dropped assumption (orthogonality): the gradient along active x_l has a component "
    "along an inactive x_k.",
)


# ---------------------------------------------------------------------------------------------
# the decoupled ODE (symbolic + reduced integration vs the full flow)
def _first_reactivation(W, X) -> float:
    """First record time at which a pair that had reached the kink (c ≤ 0 after being active)
    is active again in the full flow (inf if never)."""
    C = W @ X.T
    was_off = np.maximum.accumulate((C <= 0) & (C[0] > 0), axis=0)
    again = was_off & (C > 0)
    k = np.nonzero(again.reshape(len(C), -1).any(axis=1))[0]
    return float("inf") if k.size == 0 else float(k[0])


def _reduced_vs_full(run: _Run, b: int, rtol: float, n_scale: float | None):
    W = run.tr.W[:, b]
    X = run.data.X
    k_re = _first_reactivation(W, X)
    K = len(run.tr.t) if not math.isfinite(k_re) else int(k_re)
    W = W[:K]
    C_full = W @ X.T
    perp2 = np.sum(run.data.perp(W[0]) ** 2, axis=-1)
    r2 = run.data.r ** 2
    sol = solve_reduced(C_full[0], run.s, perp2, run.data.y, r2, run.tr.t[:K], rtol=rtol,
                        n_scale=n_scale)
    scale = np.linalg.norm(W, axis=-1)[:, :, None] * run.data.r[None, None, :]
    err = float(np.max(np.abs(sol.C - C_full) / scale))
    return err, sol, float(run.tr.t[K - 1])


def _check_decoupled(variant: str):
    def check(params, ctx: Context) -> Evidence:
        if params["what"] == "symbolic":
            from symbolic._orthogonal import decoupled_ode_residuals

            res = decoupled_ode_residuals(3, 2, variant)
            bad = sorted(k for k, e in res.items() if e != 0)
            return Evidence.predicate(
                not bad, computed=len(bad), claimed=0,
                reason="SymPy residuals of dc_jk/dt, da_j/dt, dP⊥w_j/dt, ||w_j||² and "
                "d(a²−||w||²)/dt for n = 3 orthogonal inputs, m = 2 neurons (exact zero)",
                detail={"nonzero": bad[:6]})
        run = _main(ctx)
        b = params["run"]
        rtol = run.tr.rtol
        err, sol, t_end = _reduced_vs_full(run, b, rtol * 0.1,
                                           None if variant == "paper" else 1.0)
        # Both solvers keep each local error below rtol relative (DOP853 at rtol/10, the full
        # flow at rtol); the sum over the full flow's steps bounds the global error relative to
        # each neuron's size (growth is along the solution, so relative errors do not amplify).
        tol = float(rtol * run.tr.steps[b])
        return Evidence.agree(
            err, 0.0, atol=tol, uncertainty=0.0,
            reason="max_t,j,k |c_jk^reduced − <w_j, x_k>^full| / (||w_j(t)|| ||x_k||); "
            "allowed = rtol · steps of the full flow (accumulated local errors)",
            detail={"lambda": float(run.lams[b]), "deactivations": len(sol.deactivations),
                    "nfev_reduced": sol.nfev, "compared_until": t_end})

    return check


def _decoupled_cases(p: Profile):
    # run 0 only (λ = 1e-3): the reduced DOP853 run at smaller λ and ci rtol was too slow
    return [{"what": "symbolic"}, {"what": "trajectory", "run": 0}]


decoupled = register(Claim(
    id="boursier2022.decoupled_ode",
    title="The flow is a closed ODE in c_jk = <w_j, x_k>",
    statement="dc_jk/dt = (a_j/n)(y_k − h(x_k))||x_k||² 1[c_jk > 0], "
    "a_j = s_j sqrt(Σ_k c_jk²/||x_k||² + ||P⊥w_j(0)||²), h(x_k) = Σ_j a_j σ(c_jk)",
    latex=r"\dot c_{jk} = \tfrac{a_j}{n}(y_k - h(x_k))\|x_k\|^2\,\mathbb 1[c_{jk}>0]",
    citation=_cite("orthogonal decoupling; digest §2.1 and §5.1 (D)"),
    source="D,V", method="symbolic", check=_check_decoupled("paper"), cases=_decoupled_cases,
    assumptions=_ASSUMPTIONS,
    notes=_NO_TEXT + " Derived with SymPy (symbolic._orthogonal.decoupled_ode_residuals) on the "
    "branch δ_jk ∈ {0,1}; the reduced system is integrated by scipy's DOP853 with a terminal "
    "event per deactivation and matched against the full d-dimensional flow.",
))
decoupled.twin(
    "sum_normalisation", title="Decoupled ODE without the 1/n (½Σ normalisation)",
    check=_check_decoupled("sum"),
)


# ---------------------------------------------------------------------------------------------
# closed forms (C13) — symbolic residuals
def _check_closed_forms(wrong: bool):
    def check(params, ctx: Context) -> Evidence:
        from symbolic import _orthogonal as so

        name = params["form"]
        fn = {
            "yardstick": lambda: so.yardstick_residuals("cosh" if wrong else "paper"),
            "pair_logistic": lambda: so.pair_logistic_residuals("rate_y2" if wrong else "paper"),
            "bundle_logistic": lambda: so.bundle_logistic_residuals("kappa" if wrong else "paper"),
            "bundle_from_flow": lambda: so.bundle_from_flow_residual(2, 4),
        }[name]
        res = fn()
        bad = sorted(k for k, e in res.items() if e != 0)
        return Evidence.predicate(
            not bad, computed={k: str(res[k]) for k in bad[:3]}, claimed=0,
            reason=f"SymPy residuals of the {name} closed form simplify to exactly 0",
            detail={"nonzero": bad})

    return check


closed_forms = register(Claim(
    id="boursier2022.closed_forms",
    title="Closed forms: sinh yardstick, per-pair and bundle logistic (SymPy residuals 0)",
    statement="z = q sinh(asinh(p/q) + Kt) solves z' = K sqrt(z²+q²) with asymptote "
    "((p+sqrt(p²+q²))/2)e^{Kt}; c² = y/(1+(y/c0²−1)e^{−2yt}); U = U∞/(1+(U∞/u0−1)e^{−2κt}) "
    "solves U' = 2κU(1−U/U∞), which the per-pair ODE implies for an equal-norm class",
    citation=_cite("digest §5.1–5.3 (D); the yardstick's analogue is App. B.6 per S-C"),
    source="D,S-C", method="symbolic", check=_check_closed_forms(False),
    cases=lambda p: [{"form": f} for f in ("yardstick", "pair_logistic", "bundle_logistic",
                                           "bundle_from_flow")],
    notes=_NO_TEXT,
))
closed_forms.twin(
    "wrong_forms", title="cosh yardstick, e^{−2y²t} pair rate, e^{−κt} bundle rate",
    check=_check_closed_forms(True),
    cases=lambda p: [{"form": f} for f in ("yardstick", "pair_logistic", "bundle_logistic")],
)


# ---------------------------------------------------------------------------------------------
# early alignment (C7) and the numeric yardstick
_EPS_ALIGN = 0.3


@dataclass
class _Align:
    data: OrthogonalData
    Z: np.ndarray
    s: np.ndarray
    lams: np.ndarray
    t_eps: np.ndarray  # (B,) ε (n/||D+||) log(1/λ)
    tr: Trajectory
    planted: int  # index of the planted yardstick neuron (pattern exactly S+)


def _alignment(ctx: Context) -> _Align:
    """Main data and init plus one planted neuron active exactly on S+; λ from 1e-4 to 1e-10."""
    p = ctx.profile

    def build() -> _Align:
        run = _main(ctx)
        data = run.data
        rng = _shared(ctx).rng("yardstick")
        # planted: positive coefficient on S+, negative on S−, random off-span part
        coef = np.where(data.pos, 1.0, -1.0) * (0.5 + rng.random(data.n))
        zp = coef @ data.E + 0.5 * data.perp(rng.standard_normal(6))
        zp *= np.linalg.norm(run.Z, axis=1).mean() / np.linalg.norm(zp)
        Z = np.vstack([run.Z, zp])
        s = np.append(run.s, 1.0)
        # seven λ at least: the fit has three coefficients (intercept, slope, λ^{2ε} term)
        lams = np.geomspace(1e-4, 1e-10, max(7, min(13, p.n(13))))
        K = np.linalg.norm(data.D(1)) / data.n
        t_eps = _EPS_ALIGN * np.log(1.0 / lams) / K
        T_half = 0.5 * np.log(1.0 / lams.min()) / K
        te = np.unique(np.concatenate([np.linspace(0.0, T_half, 41), t_eps]))
        W = lams[:, None, None] * Z[None]
        v = s[None] * np.linalg.norm(W, axis=-1)
        tr = gradient_flow(W, v, data.X, data.y, te, loss=MEAN_SQUARE, rtol=p.ode_rtol)
        return _Align(data, Z, s, lams, t_eps, tr, Z.shape[0] - 1)

    return _cached(("align", p, ctx.seed), build)


def _alignment_series(al: _Align):
    """Per λ at t = ε T+: 1 − cos(w_j, D+) of one J+* neuron and ||w_j|| of one neuron, each the
    one that attains the max over j at the smallest λ.

    With w_j(0) = λ z_j every neuron's series is a smooth power law in λ plus a λ^{2ε}
    correction, and as λ → 0 the max over j is attained by one neuron; at the largest λ the
    argmax can still be another neuron (seed 162007066: a kink in the max at λ ~ 3e-5 that
    bent the fitted slope by 0.005). Following the asymptotic argmax measures the exponent of
    the max without that kink.
    """
    jstar = np.nonzero((neuron_classes(al.Z, al.s, al.data) == 2) & (al.s > 0))[0]
    omc, nrm = [], []
    for b, t in enumerate(al.t_eps):
        k = int(np.argmin(np.abs(al.tr.t - t)))
        W = al.tr.W[k, b]
        omc.append(one_minus_cos(W[jstar], al.data.D(1)))
        nrm.append(np.linalg.norm(W, axis=-1))
    omc, nrm = np.array(omc), np.array(nrm)
    last = int(np.argmin(al.lams))
    return omc[:, np.argmax(omc[last])], nrm[:, np.argmax(nrm[last])]


def _check_alignment(which: str, claimed_rate):
    def check(params, ctx: Context) -> Evidence:
        al = _alignment(ctx)
        omc, nrm = _alignment_series(al)
        series = omc if which == "cos" else nrm
        # The next-order term is a relative λ^{2ε} one (sinh vs its exponential asymptote, and
        # the non-growing components of w_j next to the growing one); its constant is a ratio
        # of init components that can be ~20 at some draws (a 7% shift of log(series) at
        # λ = 1e-4), so it is fitted as a nuisance column, not bounded with constant 1.
        fit = fit_slope(np.log(al.lams), np.log(series), conf=0.95,
                        nuisance=al.lams ** (2 * _EPS_ALIGN))
        claimed = float(claimed_rate(_EPS_ALIGN))
        # What the fit leaves out: the λ^{4ε} term and the output feedback h ~ ||w||², a
        # relative λ^{2(1−ε)} effect; each shifts log(series) by at most 2·(that) at the
        # largest λ, so the slope by at most that over ln(λmax/λmin).
        lmax, lmin = float(al.lams.max()), float(al.lams.min())
        allowed = 2.0 * lmax ** min(4 * _EPS_ALIGN, 2 * (1 - _EPS_ALIGN)) / math.log(lmax / lmin)
        return Evidence.agree(
            fit.slope, claimed, atol=allowed, uncertainty=fit.halfwidth,
            reason=f"slope of log({'1−cos(w_j, D+)' if which == 'cos' else '||w_j||'}) vs "
            f"log λ at t = ε(n/||D+||)log(1/λ), ε = {_EPS_ALIGN}, for the neuron attaining the "
            "max at the smallest λ, fitted with a λ^(2ε) correction column; allowed = neglected "
            "terms 2 λmax^{min(4ε, 2−2ε)}/ln(λmax/λmin); tolerance = 95% t-band of the slope",
            detail={"lambdas": al.lams, "series": series, "intercept": fit.intercept,
                    "stderr": fit.stderr})

    return check


early_alignment = register(Claim(
    id="boursier2022.early_alignment",
    title="Early alignment: 1 − cos(w_j, D+) = O(λ^{2ε}), ||w_j|| = O(λ^{1−ε}) at ε T+",
    statement="At t = ε (n/||D+||) log(1/λ), every J+* neuron has 1 − cos∠(w_j, D+) = O(λ^{2ε}) "
    "and every neuron ||w_j|| = O(λ^{1−ε}) (log-log slopes 2ε and 1−ε over λ)",
    latex=r"1-\cos\angle(w_j, D_+) = O(\lambda^{2\varepsilon}),\ "
    r"\|w_j\| = O(\lambda^{1-\varepsilon})",
    citation=_cite("quantitative early alignment (abstract); S-C Lemma 5 form; digest §2.2, C7"),
    source="P,S-M,S-C,D,V", method="scaling",
    check=_check_alignment("cos", lambda e: 2 * e),
    cases=lambda p: [{"series": "cos"}], assumptions=_ASSUMPTIONS,
    notes=_NO_TEXT + " Same init shape z_j for every λ (w_j(0) = λ z_j), so by homogeneity the "
    "constants are λ-independent and the slope is the exponent. A planted neuron with pattern "
    "exactly S+ is added to the main init.",
))
early_alignment.twin(
    "rate_eps", title="1 − cos = Θ(λ^ε) (S-C's bound read as the rate)",
    check=_check_alignment("cos", lambda e: e), cases=lambda p: [{"series": "cos"}],
)
early_norm = register(Claim(
    id="boursier2022.early_norm",
    title="Early phase: ||w_j|| = O(λ^{1−ε}) at ε T+",
    statement="At t = ε (n/||D+||) log(1/λ), max_j ||w_j|| = Θ(λ^{1−ε}): log-log slope 1−ε",
    citation=_cite("early alignment; S-MV (norm stays Õ(λ)); digest §2.2, C7"),
    source="S-MV,S-C,D,V", method="scaling", check=_check_alignment("norm", lambda e: 1 - e),
    cases=lambda p: [{"series": "norm"}], assumptions=_ASSUMPTIONS, notes=_NO_TEXT,
))
early_norm.twin(
    "no_growth", title="||w_j|| = Θ(λ) at ε T+ (no growth in the early phase)",
    check=_check_alignment("norm", lambda e: 1.0), cases=lambda p: [{"series": "norm"}],
)


def _check_yardstick(fn: str):
    def check(params, ctx: Context) -> Evidence:
        al = _alignment(ctx)
        b = int(np.argmin(al.lams))
        j = al.planted
        D = al.data.D(1)
        Dh = D / np.linalg.norm(D)
        K = float(np.linalg.norm(D) / al.data.n)
        W = al.tr.W[:, b]
        w0 = W[0, j]
        p0 = float(w0 @ Dh)
        q0 = float(np.linalg.norm(w0 - p0 * Dh))
        z = W[:, j] @ Dh
        pred = yardstick(al.tr.t, p0, q0, K) if fn == "sinh" else \
            q0 * np.cosh(np.arcsinh(p0 / q0) + K * al.tr.t)
        rel = float(np.max(np.abs(z - pred) / np.abs(pred)))
        # The yardstick neglects h: dτ/dt carries (y_k − h_k) instead of y_k, a relative
        # perturbation max|h/y| of the rate, accumulated over K t_end; plus the integrator's
        # accumulated relative error rtol · steps.
        H = np.abs(np.einsum("knh,kh->kn", np.maximum(W @ al.data.X.T, 0.0).swapaxes(1, 2),
                             al.tr.v[:, b]))
        hy = float(np.max(H / np.abs(al.data.y)))
        allowed = K * float(al.tr.t[-1]) * hy + float(al.tr.rtol * al.tr.steps[b])
        return Evidence.agree(
            rel, 0.0, atol=2.0 * allowed, uncertainty=0.0,
            reason="max_t |<w_j, D̂+> − q sinh(asinh(p/q) + ||D+||t/n)| / |prediction| for the "
            "planted neuron (pattern exactly S+) up to 0.5 T+; allowed = 2 × (K t max|h/y| "
            "+ rtol·steps): neglected output feedback plus integrator error",
            detail={"lambda": float(al.lams[b]), "max|h/y|": hy, "K": K})

    return check


yard = register(Claim(
    id="boursier2022.early_alignment_yardstick",
    title="The sinh yardstick matches the full flow in the early phase",
    statement="A neuron active exactly on S+ has <w_j(t), D̂+> = q sinh(asinh(p/q) + ||D+||t/n) "
    "until the output becomes non-negligible (p, q: components of w_j(0) along and off D̂+)",
    citation=_cite("yardstick solution; App. B.6 analogue per S-C; digest §2.2 (D)"),
    source="D,S-C,V", method="ode", check=_check_yardstick("sinh"), assumptions=_ASSUMPTIONS,
    notes=_NO_TEXT + " SymPy residual of the closed form: boursier2022.closed_forms.",
))
yard.twin("cosh", title="cosh in place of sinh in the yardstick", check=_check_yardstick("cosh"))


# ---------------------------------------------------------------------------------------------
# width / probability conditions (C12 and the weaker coverage condition)
_CONF = 0.99  # Clopper–Pearson level: a false "violated" at most 1% of seeds per case


def _mc_sample(ctx: Context, n_pos: int, n_neg: int, m: int, key: str) -> tuple[int, int, int]:
    """Draw inits on real orthogonal data; count (J+* ≠ ∅, every point covered, draws).
    Drawn once per run: every case of a claim and its twin count the same draws."""
    return _cached(("mc", ctx.profile, ctx.seed, n_pos, n_neg, m, key),
                   lambda: _mc_count(ctx, n_pos, n_neg, m, key))


def _mc_count(ctx: Context, n_pos: int, n_neg: int, m: int, key: str) -> tuple[int, int, int]:
    p = ctx.profile
    # Undecided happens when the estimate strays from the truth by more than _DELTA minus the
    # interval's half width z·σ. For that to be a < 1e-7 event per check, σ ≤ _DELTA/(2.58 +
    # 5.3), i.e. N ≥ p(1 − p)/σ² ≈ 55 000 at p ≈ 0.7; 20 000 (quick) left it undecided at
    # about 3% of seeds (seen at seed 1289000169)
    N = max(p.n(50_000), 60_000)
    rng = _shared(ctx).rng("mc", key)
    n = n_pos + n_neg
    d = n + 2
    data = orthogonal_data(rng, 0.5 + rng.random(n), np.r_[np.ones(n_pos), -np.ones(n_neg)], d)
    jstar = cover = 0
    chunk = 5_000
    done = 0
    while done < N:
        b = min(chunk, N - done)
        Z = rng.standard_normal((b, m, d))
        s = np.where(rng.random((b, m)) < 0.5, -1.0, 1.0)
        act = (Z @ data.X.T) > 0  # (b, m, n)
        own = np.where(s[..., None] > 0, data.pos, ~data.pos)
        full_pos = np.all(act | ~data.pos, axis=-1) & (s > 0)
        jstar += int(np.sum(np.any(full_pos, axis=1)))
        cov = np.any(act & own, axis=1)  # (b, n): point k has an active neuron of its sign
        cover += int(np.sum(np.all(cov, axis=1)))
        done += b
    return jstar, cover, N


_N_POS, _M_J = 4, 40
_DELTA = 0.015  # resolution of an equality checked by Monte Carlo (digest C12 band)


def _check_width(formula):
    def check(params, ctx: Context) -> Evidence:
        k, _, N = _mc_sample(ctx, _N_POS, 2, _M_J, "jstar")
        lo, hi = clopper_pearson(k, N, _CONF)
        p0 = float(formula(_N_POS, _M_J))
        side = params["side"]
        bound = p0 - _DELTA if side == "at_least" else p0 + _DELTA
        return Evidence.interval(
            k / N, lo, hi, bound, side=side,
            reason=f"Monte Carlo P(J+* ≠ ∅), n+ = {_N_POS}, m = {_M_J}, {N} draws, "
            f"{_CONF:.0%} Clopper–Pearson interval vs formula ± {_DELTA} (the equality's "
            "resolution; the interval's half width is below it)",
            detail={"formula": p0})

    return check


width = register(Claim(
    id="boursier2022.width_probability",
    title="P(J+* ≠ ∅) = 1 − (1 − 2^{−(n+ + 1)})^m",
    statement="For isotropic z_j and fair signs, a neuron is in J+* with probability "
    "2^{−(n+ + 1)}, independently across neurons",
    latex=r"\mathbb P(J_+^*\neq\emptyset) = 1-(1-2^{-(n_++1)})^m",
    citation=_cite("width condition (S-M); formula digest §2.3 (D), C12"),
    source="S-M,D,V", method="montecarlo", check=_check_width(jstar_probability),
    cases=lambda p: [{"side": "at_least"}, {"side": "at_most"}],
    notes=_NO_TEXT + " Simulated on real orthogonal data (random norms), not on coin flips.",
))
width.twin(
    "no_sign_coin", title="P(J+* ≠ ∅) = 1 − (1 − 2^{−n+})^m (forgetting the sign of a_j)",
    check=_check_width(lambda npos, m: 1.0 - (1.0 - 2.0 ** (-npos)) ** m),
)


@dataclass
class _Groups:
    data: OrthogonalData
    tr: Trajectory  # run 0: covered (groups {1,2},{3}); run 1: point 3 uncovered
    lam: float


def _groups(ctx: Context) -> _Groups:
    """Three positive points of norm 1; neuron A active on {1,2}, neuron B on {3} only.

    Run 0: both positive (every point covered, J+* = ∅). Run 1: B negative (point 3 has no
    active positive neuron).
    """
    p = ctx.profile

    def build() -> _Groups:
        rng = _shared(ctx).rng("groups")
        data = orthogonal_data(rng, np.ones(3), np.ones(3), dim=4)
        mag = 0.5 + rng.random((2, 3))
        perp = data.perp(rng.standard_normal((2, 4)))
        zA = (mag[0] * np.array([1.0, 1.0, -1.0])) @ data.E + 0.3 * perp[0]
        zB = (mag[1] * np.array([-1.0, -1.0, 1.0])) @ data.E + 0.3 * perp[1]
        Z = np.stack([zA, zB]) / math.sqrt(4 * 2)
        lam = 1e-6
        W = lam * np.stack([Z, Z])
        s = np.array([[1.0, 1.0], [1.0, -1.0]])
        v = s * np.linalg.norm(W, axis=-1)
        T = 1.6 * data.n * math.log(1 / lam) / 1.0 + 10.0  # slowest group: ||D_{3}|| = 1
        te = np.linspace(0.0, T, 201)
        tr = gradient_flow(W, v, data.X, data.y, te, loss=MEAN_SQUARE, rtol=p.ode_rtol)
        return _Groups(data, tr, lam)

    return _cached(("groups", p, ctx.seed), build)


def _theta2(W, v) -> float:
    return float(np.sum(W * W) + np.sum(v * v))


def _check_coverage(mode: str):
    def check(params, ctx: Context) -> Evidence:
        what = params["what"]
        if what == "probability":
            n, m = 4, 10
            _, k, N = _mc_sample(ctx, 2, 2, m, "cover")
            lo, hi = clopper_pearson(k, N, _CONF)
            return Evidence.interval(
                k / N, lo, hi, coverage_lower_bound(n, m), side="at_least",
                reason=f"Monte Carlo P(every point has an active neuron of its sign), n = {n}, "
                f"m = {m}, {N} draws, {_CONF:.0%} Clopper–Pearson vs 1 − n(3/4)^m")
        g = _groups(ctx)
        L = g.tr.loss
        y2 = g.data.y ** 2 / (2 * g.data.n)
        floor = g.data.n * (_EPS * 1.0) ** 2
        if what == "interpolates":
            if mode == "jstar_needed":  # twin: without J* the loss stays above min_k y_k²/2n
                return Evidence.lower_bound(
                    float(L[-1, 0]), float(y2.min()), tolerance=floor,
                    reason="twin: final loss >= min_k y_k²/(2n) when J+* = ∅")
            return Evidence.upper_bound(
                float(L[-1, 0]), 1e-9, tolerance=floor,
                reason="final loss with J+* = ∅ but every point covered (groups {1,2},{3}); "
                "1e-9 as in zero_loss (predicted O(λ^2.4) ≈ 1e-14); tolerance = rounding floor",
                detail={"lambda": g.lam})
        # floor: point 3 uncovered in run 1
        if mode == "uncovered_converges":
            return Evidence.upper_bound(
                float(L[-1, 1]), 1e-9, tolerance=floor,
                reason="twin: the loss still reaches 1e-9 with point 3 uncovered")
        W, v = g.tr.W[:, 1], g.tr.v[:, 1]
        h3 = np.einsum("kh,kh->k", np.maximum(W @ g.data.X[2], 0.0), v)
        # (h_3 − y_3)² >= y_3² ⇔ h_3 <= 0 (y_3 > 0): every term a_j σ(c_j3) is <= 0 when no
        # positive neuron is active on x_3 — an exact sign fact, so L >= y_3²/(2n) for all t.
        return Evidence.predicate(
            bool(np.all(h3 <= 0.0)), computed=float(h3.max()), claimed=0.0,
            reason="max_t h(x_3) <= 0 for the uncovered point 3, hence L(t) >= y_3²/(2n) "
            "(exact sign fact)", detail={"min_t L": float(L[:, 1].min()), "floor": float(y2[2])})

    return check


coverage = register(Claim(
    id="boursier2022.coverage_condition",
    title="Zero loss needs only one active matching-sign neuron per point",
    statement="If every point k has at init an active neuron with s_j = sign(y_k), the flow "
    "interpolates (even with J* = ∅); this happens with probability ≥ 1 − n(3/4)^m; a point "
    "without one keeps L ≥ y_k²/(2n) forever",
    citation=_cite("beyond the theorem: digest §2.3 (D), C10, C13; cf. arXiv 2502.16977"),
    source="D,V", method="ode", check=_check_coverage("paper"),
    cases=lambda p: [{"what": "probability"}, {"what": "interpolates"}, {"what": "floor"}],
    assumptions=_ASSUMPTIONS,
    notes=_NO_TEXT + " Not a statement of the paper: a derived strengthening of its condition.",
))
coverage.twin(
    "jstar_needed", title="Without a J* neuron the loss stays >= min_k y_k²/(2n)",
    check=_check_coverage("jstar_needed"), cases=lambda p: [{"what": "interpolates"}],
)
coverage.twin(
    "uncovered_converges", title="The loss reaches 0 even with an uncovered point",
    check=_check_coverage("uncovered_converges"), cases=lambda p: [{"what": "floor"}],
)


# ---------------------------------------------------------------------------------------------
# implicit bias (C4, C4b, C10, C11)
def _test_points(ctx: Context, d: int) -> np.ndarray:
    return _shared(ctx).rng("test", d).standard_normal((ctx.profile.n(2000, minimum=500), d))


def _bias_exponents(data: OrthogonalData, Z, s) -> np.ndarray:
    """The distinct 2(1 − ||D_S||/||D_c||) over the class-(b) active sets present at init,
    ascending: the leading exponent of the bias first, then the next-order ones."""
    act = (Z @ data.X.T) > 0
    out = []
    for j in range(Z.shape[0]):
        own = data.pos if s[j] > 0 else ~data.pos
        S = np.nonzero(act[j] & own)[0]
        if 0 < S.size < own.sum():
            ratio = np.linalg.norm(data.D_subset(S)) / np.linalg.norm(data.D(int(s[j])))
            out.append(2 * (1 - ratio))
    e = np.unique(np.round(np.array(out, float), 12))
    return e


def _bias_exponent(data: OrthogonalData, Z, s) -> float:
    """The smallest 2(1 − ||D_S||/||D_c||) over the class-(b) active sets present at init."""
    e = _bias_exponents(data, Z, s)
    return float(e[0]) if e.size else math.inf


@dataclass
class _Limit:
    W: np.ndarray  # (m, d) final weights of the canonical (frozen-at-kink) solution
    v: np.ndarray  # (m,)
    lam: float
    full_W: np.ndarray  # the shared integrator's final state, for comparison
    full_v: np.ndarray
    reactivated: int  # kink pairs the full-flow integrator switched back on


def _limit(ctx: Context) -> _Limit:
    """The final state at the smallest λ along the *canonical* solution.

    With σ'(0) = 0 a pair that reaches the kink (c_jk = 0) may stay there or re-enter when its
    residual later changes sign (within-class overshoot, unequal norms): the flow is not unique.
    The shared integrator lands such pairs at c ≈ −1e-14 and sometimes switches them back on;
    the digest's claims are about the solution that keeps them frozen, which the reduced ODE
    (validated against the full flow by boursier2022.decoupled_ode) follows exactly.
    """
    p = ctx.profile

    def build() -> _Limit:
        run = _main(ctx)
        b = int(np.argmin(run.lams))
        d = run.data
        W0 = run.tr.W[0, b]
        P0 = d.perp(W0)
        sol = solve_reduced(W0 @ d.X.T, run.s, np.sum(P0 ** 2, axis=-1), d.y, d.r ** 2,
                            np.array([0.0, float(run.tr.t[-1])]), rtol=p.ode_rtol)
        C = sol.C[-1]
        W = C @ (d.X / d.r[:, None] ** 2) + P0
        v = run.s * np.linalg.norm(W, axis=-1)
        Cf = run.tr.W[:, b] @ d.X.T
        was_off = np.maximum.accumulate((Cf <= 0) & (Cf[0] > 0), axis=0)
        re = int(np.sum(np.any(was_off & (Cf > 0), axis=0)))
        return _Limit(W, v, float(run.lams[b]), run.tr.W[-1, b], run.tr.v[-1, b], re)

    return _cached(("limit", p, ctx.seed), build)


_CANONICAL = (
    " Finding: with σ'(0) = 0 the flow is not unique once a pair that reached the kink sees its "
    "residual change sign (within-class overshoot for unequal norms): the pair may stay at 0 or "
    "re-enter. The shared integrator re-enters (pairs at c ≈ −1e-14 switched back on), which "
    "costs ≈2% function error and +0.5% in ||θ||² here (full-flow values in the detail); the "
    "claim is checked on the solution that keeps them frozen (reduced ODE)."
)


def _check_limit_function(beta_power: int):
    def check(params, ctx: Context) -> Evidence:
        run = _main(ctx)
        lim = _limit(ctx)
        Xt = _test_points(ctx, run.data.X.shape[1])
        h = np.maximum(Xt @ lim.W.T, 0.0) @ lim.v
        h_full = np.maximum(Xt @ lim.full_W.T, 0.0) @ lim.full_v
        if beta_power == 2:
            target = limit_function(Xt, run.data)
        else:  # twin: β with 1/||x_k|| in place of 1/||x_k||²
            d = run.data
            bp = (np.abs(d.y) * d.pos / d.r) @ d.X
            bm = (np.abs(d.y) * ~d.pos / d.r) @ d.X
            target = np.maximum(Xt @ bp, 0.0) - np.maximum(Xt @ bm, 0.0)
        rel = float(np.linalg.norm(h - target) / np.linalg.norm(target))
        rel_full = float(np.linalg.norm(h_full - target) / np.linalg.norm(target))
        e = _bias_exponent(run.data, run.Z, run.s)
        lam = lim.lam
        return Evidence.agree(
            rel, 0.0, atol=5e-3, uncertainty=0.0,
            reason="relative L2 error of h(θ(T)) vs σ(<β+,x>) − σ(<β−,x>) on Gaussian test "
            "points at the smallest λ, canonical solution (kink pairs stay frozen); allowed "
            "5e-3 (digest C4): the finite-λ bias is O(λ^e) with e from the init's class-(b) "
            "sets (λ^e in detail), integrator error ~rtol·steps is far below",
            detail={"lambda": lam, "exponent_e": e, "lambda^e": lam ** e,
                    "full_flow_error": rel_full, "kink_pairs_reactivated": lim.reactivated})

    return check


limit_fn = register(Claim(
    id="boursier2022.limit_interpolator",
    title="The limit interpolator is σ(<β+, x>) − σ(<β−, x>)",
    statement="As λ → 0 (J±* ≠ ∅), h_θ(t→∞)(x) → σ(<β+, x>) − σ(<β−, x>) with "
    "β± = Σ_{S±} |y_k| x_k/||x_k||²",
    latex=r"h_\infty(x) = \sigma(\langle\beta_+,x\rangle) - \sigma(\langle\beta_-,x\rangle)",
    citation=_cite("implicit bias (abstract: minimum variation norm); closed form digest §2.4, "
    "C4"), source="P,S-C,D,V", method="ode", check=_check_limit_function(2),
    assumptions=_ASSUMPTIONS, notes=_NO_TEXT,
))
limit_fn.twin("beta_first_power", title="Limit vectors with 1/||x_k|| in place of 1/||x_k||²",
              check=_check_limit_function(1))


def _check_limit_norm(kind: str):
    def check(params, ctx: Context) -> Evidence:
        run = _main(ctx)
        lim = _limit(ctx)
        th2 = _theta2(lim.W, lim.v)
        d = run.data
        if kind == "paper":
            claimed = 2.0 * d.min_norm
        else:  # twin: the Euclidean norm of the linear interpolator's weights
            claimed = 2.0 * float(np.linalg.norm(d.beta(1) - d.beta(-1)))
        return Evidence.agree(
            th2 / claimed, 1.0, atol=2e-3, uncertainty=0.0,
            reason="||θ(T)||² / (2(||β+|| + ||β−||)) at the smallest λ; allowed 2e-3 (digest "
            "C4b): finite-λ class-(b) neurons carry O(λ^e) of the norm; canonical solution",
            detail={"theta2": th2, "claimed": claimed, "lambda": lim.lam,
                    "full_flow_theta2": _theta2(lim.full_W, lim.full_v),
                    "kink_pairs_reactivated": lim.reactivated})

    return check


limit_norm = register(Claim(
    id="boursier2022.limit_norm",
    title="||θ∞||² = 2(||β+|| + ||β−||)",
    statement="The limit parameters have ||θ∞||² = Σ_j a_j² + ||w_j||² = 2(||β+|| + ||β−||), "
    "twice the minimum variation norm (balanced, one direction per sign)",
    citation=_cite("implicit bias; S-C: minimal Euclidean parameter norm; digest §2.4, C4b"),
    source="P,S-C,D,V", method="ode", check=_check_limit_norm("paper"),
    assumptions=_ASSUMPTIONS, notes=_NO_TEXT + _CANONICAL,
))
limit_norm.twin("linear_norm", title="||θ∞||² = 2||β+ − β−|| (the linear interpolator's norm)",
                check=_check_limit_norm("linear"))


def _lp_directions(ctx: Context, d: int) -> np.ndarray:
    N = ctx.profile.n(20_000, minimum=2_000)
    U = _shared(ctx).rng("lp", d).standard_normal((N, d))
    return U / np.linalg.norm(U, axis=1, keepdims=True)


def _check_min_norm(kind: str):
    def check(params, ctx: Context) -> Evidence:
        run = _main(ctx)
        d = run.data
        U = _lp_directions(ctx, d.X.shape[1])
        Rstar = d.min_norm if kind == "paper" else float(np.linalg.norm(d.beta(1) - d.beta(-1)))
        # dual certificate α_k = y_k/(||x_k||²||β±||): its ℓ1 norm scales the LP's error
        alpha = np.where(d.pos, d.y / (d.r ** 2 * np.linalg.norm(d.beta(1))),
                         d.y / (d.r ** 2 * np.linalg.norm(d.beta(-1))))
        # HiGHS stops at primal/dual feasibility 1e-7: objective error ≤ 1e-7 (Σ|α| + R*)
        tol = 1e-7 * (float(np.sum(np.abs(alpha))) + d.min_norm)
        what = params["what"]
        if what == "with_beta":
            bh = np.stack([d.beta(1), d.beta(-1)])
            val, _ = min_variation_norm_lp(d.X, d.y, np.vstack([U, bh / np.linalg.norm(
                bh, axis=1, keepdims=True)]))
            return Evidence.agree(
                val, Rstar, atol=10 * tol, uncertainty=tol,
                reason=f"LP min Σ|c_u| over {len(U)} random unit directions plus β̂± vs "
                "||β+|| + ||β−||; allowed 10×, tolerance 1× the HiGHS feasibility 1e-7 × "
                "(Σ|α| + R*)", detail={"directions": len(U)})
        if what == "random_only":
            val, _ = min_variation_norm_lp(d.X, d.y, U)
            return Evidence.lower_bound(
                val, Rstar, tolerance=tol,
                reason="no combination of random directions beats R* (LP value >= R*)",
                detail={"gap": val - Rstar})
        # dual feasibility of the certificate over the dictionary (Cauchy–Schwarz)
        F = np.maximum(d.X @ U.T, 0.0)
        pos_part = alpha[d.pos] @ F[d.pos]
        neg_part = alpha[~d.pos] @ F[~d.pos]
        worst = float(max(pos_part.max(), -neg_part.min()))
        dual = float(alpha @ d.y)
        if kind != "paper":
            return Evidence.agree(dual, Rstar, atol=1e-12 * Rstar, uncertainty=0.0,
                                  reason="dual value Σ α_k y_k vs the claimed minimum")
        return Evidence.upper_bound(
            worst, 1.0, tolerance=8 * _EPS,
            reason="max_u Σ_{S±} α_k σ(<u, x_k>) <= 1 over the dictionary (dual feasibility; "
            f"dual value Σα_k y_k = {dual:.15g} = R*); tolerance: rounding",
            detail={"dual_value": dual})

    return check


min_norm = register(Claim(
    id="boursier2022.min_variation_norm",
    title="Minimum variation norm of an interpolator = ||β+|| + ||β−|| (LP over directions)",
    statement="min{R(h): h(x_k) = y_k} = ||β+|| + ||β−||, attained by σ(<β+,x>) − σ(<β−,x>)",
    latex=r"\min\{R(h): h(x_k)=y_k\} = \|\beta_+\| + \|\beta_-\|",
    citation=_cite("minimum variation norm (abstract); dual certificate digest §2.4, C11"),
    source="P,S-C,D,V", method="exact", check=_check_min_norm("paper"),
    cases=lambda p: [{"what": "with_beta"}, {"what": "random_only"}, {"what": "dual"}],
    notes=_NO_TEXT + " The LP over a finite dictionary is an upper bound on the minimum; the dual "
    "certificate (feasible on every direction by Cauchy–Schwarz) gives the matching lower bound.",
))
min_norm.twin("linear", title="The minimum variation norm is ||β+ − β−||",
              check=_check_min_norm("linear"),
              cases=lambda p: [{"what": "with_beta"}, {"what": "dual"}])


def _check_groups(kind: str):
    def check(params, ctx: Context) -> Evidence:
        g = _groups(ctx)
        th2 = _theta2(g.tr.W[-1, 0], g.tr.v[-1, 0])
        group = 2.0 * (math.sqrt(2.0) + 1.0)  # 2(||β_{12}|| + ||β_{3}||), unit norms and labels
        claimed = group if kind == "paper" else 2.0 * g.data.min_norm
        return Evidence.agree(
            th2, claimed, atol=1e-3 * claimed, uncertainty=0.0,
            reason="||θ(T)||² vs 2 Σ_groups ||β_group|| (groups {1,2},{3}); allowed 1e-3 "
            "relative (digest C10): no class-(b) neuron exists here, the residual is the "
            "O(λ²) init mass and the integrator error",
            detail={"final_loss": float(g.tr.loss[-1, 0]), "min_norm_2R*": 2 * g.data.min_norm})

    return check


groups = register(Claim(
    id="boursier2022.no_jstar_group_norm",
    title="Without J* neurons: interpolation with ||θ∞||² = 2 Σ_groups ||β_group||",
    statement="Three positive unit points, one neuron active on {1,2}, one on {3}: L → 0 and "
    "||θ∞||² = 2(√2 + 1) ≈ 4.828 > 2√3 (the minimum)",
    citation=_cite("counter-case to the implicit bias without J*; digest §2.4, C10 (D)"),
    source="D,V", method="ode", check=_check_groups("paper"), assumptions=_ASSUMPTIONS,
    notes=_NO_TEXT + " The twin is the implicit-bias statement with the J* assumption dropped.",
))
groups.twin(
    "min_norm_without_jstar",
    title="Minimum norm 2(||β+|| + ||β−||) also without J* neurons (dropped assumption)",
    check=_check_groups("min_norm"),
    notes="Finding-style: the paper's bias result needs J±* ≠ ∅; without it the limit is "
    "2 Σ_groups ||β_group||, strictly above the minimum.",
)


# ---------------------------------------------------------------------------------------------
# saddle to saddle (C5, C6, C9) and the finite-λ bias (C8)
def _fast_slow(d: OrthogonalData) -> tuple[int, int]:
    return (1, -1) if np.linalg.norm(d.D(1)) > np.linalg.norm(d.D(-1)) else (-1, 1)


def _check_plateau(kind: str):
    def check(params, ctx: Context) -> Evidence:
        run = _main(ctx)
        d = run.data
        b = int(np.argmin(run.lams))
        Tp, Tm = run.T
        tmid = 0.5 * float(Tp[b] + Tm[b])
        L = float(run.tr.loss[run.at(tmid), b])
        fast, slow = _fast_slow(d)
        cls = slow if kind != "fast" else fast
        mask = d.pos if cls > 0 else ~d.pos
        norm = 2 * d.n if kind != "sum" else 2.0
        claimed = float(np.sum(d.y[mask] ** 2) / norm)
        return Evidence.agree(
            L, claimed, atol=0.0, rtol=0.01, uncertainty=0.0,
            reason="L at the midpoint of the predicted escape times vs ||y_slow||²/(2n), "
            "smallest λ; allowed 1% (digest C5): the leading corrections there are the slow "
            "class's growth λ^{2(1 − t_mid/T_slow)} and the fast class's residual",
            detail={"t_mid": tmid, "lambda": float(run.lams[b])})

    return check


plateau = register(Claim(
    id="boursier2022.plateau",
    title="Intermediate plateau ||y_slow||²/(2n) between the two escapes",
    statement="Between (n/||D_fast||) log(1/λ) and (n/||D_slow||) log(1/λ) the loss sits at "
    "(1/2n) Σ_{k ∈ S_slow} y_k²",
    citation=_cite("saddle-to-saddle (abstract); S-M App. A.1; digest §2.5, C5"),
    source="P,S-M,D,V", method="ode", check=_check_plateau("paper"), assumptions=_ASSUMPTIONS,
    notes=_NO_TEXT,
))
plateau.twin("fast_class", title="The plateau is ||y_fast||²/(2n)", check=_check_plateau("fast"))
plateau.twin("sum_normalisation", title="The plateau is ||y_slow||²/2 (½Σ loss)",
             check=_check_plateau("sum"))


def _escape_fit(run: _Run, sign: int):
    col = run.Lp if sign > 0 else run.Lm
    times = np.array([drop_time(run.tr.t, col[:, b]) for b in range(run.lams.size)])
    return times, fit_slope(np.log(1.0 / run.lams), times, conf=0.95)


def _check_escape(kind: str):
    def check(params, ctx: Context) -> Evidence:
        run = _main(ctx)
        sign = params["class"]
        times, fit = _escape_fit(run, sign)
        Dn = float(np.linalg.norm(run.data.D(sign)))
        claimed = run.data.n / Dn if kind == "paper" else 1.0 / Dn
        return Evidence.agree(
            fit.slope, claimed, atol=0.0, rtol=0.03, uncertainty=fit.halfwidth,
            reason="slope of the half-drop time of L± vs log(1/λ) (linregress) against "
            "n/||D±||; allowed 3% (digest C6): the O(1) offset converges only like the finite-λ "
            "bias, O(λ^e), so it drifts over λ ∈ [1e-12, 1e-3]; tolerance = 95% t-band",
            detail={"times": times, "lambdas": run.lams, "intercept": fit.intercept,
                    "stderr": fit.stderr})

    return check


def _plot_escape(result, ctx: Context, png: str) -> None:
    import matplotlib.pyplot as plt

    run = _main(ctx)
    fig, ax = plt.subplots(1, 2, figsize=(10, 3.6))
    for b, lam in enumerate(run.lams):
        ax[0].plot(run.tr.t / np.log(1 / lam), run.tr.loss[:, b], label=f"λ={lam:.0e}")
    for sign in (1, -1):
        ax[0].axvline(run.data.n / np.linalg.norm(run.data.D(sign)), ls=":", c="k")
    ax[0].set_xlabel("t / log(1/λ)")
    ax[0].set_ylabel("L")
    ax[0].set_xlim(0, 8)
    ax[0].legend(fontsize=7)
    ax[0].set_title("loss staircase, rescaled time")
    lg = np.log(1 / run.lams)
    for sign, c in ((1, "C0"), (-1, "C3")):
        times, fit = _escape_fit(run, sign)
        ax[1].plot(lg, times, "o", c=c)
        ax[1].plot(lg, fit.intercept + fit.slope * lg, "-", c=c,
                   label=f"S{'+' if sign > 0 else '−'}: slope {fit.slope:.3f} ± "
                   f"{fit.halfwidth:.3f} (n/||D|| = "
                   f"{run.data.n / np.linalg.norm(run.data.D(sign)):.3f})")
    ax[1].set_xlabel("log(1/λ)")
    ax[1].set_ylabel("half-drop time")
    ax[1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(png, dpi=90)


escape = register(Claim(
    id="boursier2022.escape_times",
    title="Escape times T± = (n/||D±||) log(1/λ) + O(1)",
    statement="Class c stays at its initial loss until (n/||D_c||) log(1/λ) + O(1), then drops "
    "in an O(n/||D_c||) window (slope of the half-drop time over log(1/λ))",
    latex=r"T_\pm = \frac{n}{\|D_\pm\|}\log\frac1\lambda + O(1)",
    citation=_cite("saddle-to-saddle (abstract); digest §2.5, C6"),
    source="P,S-M,D,V", method="scaling", check=_check_escape("paper"),
    cases=lambda p: [{"class": 1}, {"class": -1}], assumptions=_ASSUMPTIONS,
    plot=_plot_escape,
    notes=_NO_TEXT + " The raw ratio T/log(1/λ) converges slowly (O(1) offsets), so the claim "
    "is tested on the slope, as the digest recommends.",
))
escape.twin("sum_normalisation", title="Escape slope 1/||D±|| (½Σ loss: times shrink by n)",
            check=_check_escape("sum"))


@dataclass
class _Logi:
    data: OrthogonalData
    tr: Trajectory
    lam: float


def _logistic_run(ctx: Context) -> _Logi:
    """Equal norms within each class; one planted neuron per class, active exactly on it."""
    p = ctx.profile

    def build() -> _Logi:
        rng = _shared(ctx).rng("logistic")
        data = orthogonal_data(rng, np.array([1.0, 1.0, 1.5, 1.5]),
                               np.array([1.0, 0.6, -0.8, -0.5]), dim=5)
        Z = []
        for sign in (1, -1):
            own = data.pos if sign > 0 else ~data.pos
            coef = np.where(own, 1.0, -1.0) * (0.5 + rng.random(4))
            Z.append(coef @ data.E + 0.3 * data.perp(rng.standard_normal(5)))
        Z = np.array(Z) / math.sqrt(5 * 2)
        lam = 1e-8
        W = lam * Z
        v = np.array([1.0, -1.0]) * np.linalg.norm(W, axis=-1)
        T = 1.3 * data.n * math.log(1 / lam) / min(np.linalg.norm(data.D(1)),
                                                   np.linalg.norm(data.D(-1))) + 10
        te = np.linspace(0.0, T, 301)
        tr = gradient_flow(W, v, data.X, data.y, te, loss=MEAN_SQUARE, rtol=p.ode_rtol)
        return _Logi(data, tr, lam)

    return _cached(("logistic", p, ctx.seed), build)


def _logistic_prediction(g: _Logi, n_scale: float) -> np.ndarray:
    d = g.data
    L = np.zeros_like(g.tr.t)
    for j, sign in enumerate((1, -1)):
        own = d.pos if sign > 0 else ~d.pos
        Dc = d.D(sign)
        w0 = g.tr.W[0, j]
        u0 = ((w0 @ Dc / np.linalg.norm(Dc) + np.linalg.norm(w0)) / 2) ** 2
        Ui = float(np.linalg.norm(d.beta(sign)))
        kap = float(np.linalg.norm(Dc) / n_scale)
        U = bundle_logistic(g.tr.t, Ui, u0, kap)
        L += np.sum(d.y[own] ** 2) / (2 * d.n) * (1 - U / Ui) ** 2
    return L


def _check_logistic(n_scale_kind: str):
    def check(params, ctx: Context) -> Evidence:
        g = _logistic_run(ctx)
        pred = _logistic_prediction(g, g.data.n if n_scale_kind == "paper" else 1.0)
        loss = np.ravel(g.tr.loss)
        err = float(np.max(np.abs(loss - pred)))
        L0 = float(loss[0])
        # Deviations of the closed form: the frozen off-class and off-span components and the
        # sinh-vs-asymptote start are O(λ²)/U corrections (≲ 1e-14 here); the integrator adds
        # ~rtol·steps relative. Allowed: 1e3 × rtol·steps·L0, far above both.
        allowed = 1e3 * g.tr.rtol * float(g.tr.steps[0]) * L0
        return Evidence.agree(
            err, 0.0, atol=max(allowed, 1e-9 * L0), uncertainty=0.0,
            reason="max_t |L(t) − Σ_c (||y_c||²/2n)(1 − U_c/U∞)²| with U_c logistic "
            "(κ = ||D_c||/n, U∞ = ||β_c||, u0 from the sinh asymptote); allowed 1e3·rtol·steps·L0",
            detail={"L0": L0, "lambda": g.lam})

    return check


def _plot_logistic(result, ctx: Context, png: str) -> None:
    import matplotlib.pyplot as plt

    g = _logistic_run(ctx)
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.plot(g.tr.t, np.ravel(g.tr.loss), lw=3, alpha=0.5, label="full flow")
    ax.plot(g.tr.t, _logistic_prediction(g, g.data.n), "k--", label="logistic closed form")
    ax.set_xlabel("t")
    ax.set_ylabel("L")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png, dpi=90)


logistic = register(Claim(
    id="boursier2022.logistic_equal_norms",
    title="Logistic loss curve for equal norms within each class",
    statement="With ||x_k|| = r_c on S_c, U_c = Σ_{J_c*} ||w_j||² is logistic: U' = 2κ_c U(1 − "
    "U/U∞), κ_c = ||D_c||/n, U∞ = ||β_c||, and L_c = (||y_c||²/2n)(1 − U_c/U∞)²",
    latex=r"U_c(t) = \frac{U_\infty}{1 + (U_\infty/u_0 - 1)e^{-2\kappa_c t}}",
    citation=_cite("saddle-to-saddle closed form; digest §2.5, §5.3 (D), C9"),
    source="D,V", method="ode", check=_check_logistic("paper"), assumptions=_ASSUMPTIONS,
    plot=_plot_logistic,
    notes=_NO_TEXT + " One planted neuron per class, active exactly on it (λ = 1e-8).",
))
logistic.twin("sum_normalisation", title="Logistic rate κ = ||D_c|| (½Σ loss)",
              check=_check_logistic("sum"))


@dataclass
class _Bias:
    data: OrthogonalData
    Z: np.ndarray
    s: np.ndarray
    lams: np.ndarray
    err: np.ndarray
    exponent: float
    next_order: float | None  # q of the relative λ^q correction (the next subset), if any


def _bias_run(ctx: Context) -> _Bias:
    """n = 3 equal positive points, random init, λ from 1e-2 to 1e-8: the error vs h∞."""
    p = ctx.profile

    def build() -> _Bias:
        rng = _shared(ctx).rng("bias")
        data = orthogonal_data(rng, np.ones(3), np.ones(3), dim=5)
        m = min(p.n(100, minimum=40), 400)
        Z, s = init_shape(rng, m, 5)
        for _ in range(1000):  # J+* ≠ ∅ (the theorem's assumption)
            if np.any((neuron_classes(Z, s, data) == 2) & (s > 0)):
                break
            Z, s = init_shape(rng, m, 5)
        # The next subset size adds a relative λ^q term (q ≈ 0.48 here: ≈ 0.04 at 1e-3), fitted
        # as a nuisance column; seven λ at least, as the fit has three coefficients.
        lams = np.geomspace(1e-4, 1e-12, max(7, min(13, p.n(13))))
        T = 1.6 * data.n * np.log(1 / lams.min()) / np.linalg.norm(data.D(1)) + 20.0
        # The canonical solution through the reduced ODE (validated against the full flow by
        # boursier2022.decoupled_ode), cheaper than the full flow at 40-400 neurons.
        Xt = _test_points(ctx, 5)
        target = limit_function(Xt, data)
        W0 = lams[:, None, None] * Z[None]  # the λ runs in one batch
        P0 = data.perp(W0)
        sol = solve_reduced(W0 @ data.X.T, s, np.sum(P0 ** 2, axis=-1), data.y,
                            data.r ** 2, np.array([0.0, T]), rtol=p.ode_rtol)
        W = sol.C[-1] @ (data.X / data.r[:, None] ** 2) + P0
        v = s * np.linalg.norm(W, axis=-1)
        h = np.einsum("bth,bh->bt", np.maximum(np.einsum("td,bhd->bth", Xt, W), 0.0), v)
        err = np.linalg.norm(h - target[None], axis=1) / np.linalg.norm(target)
        ex = _bias_exponents(data, Z, s)
        return _Bias(data, Z, s, lams, err, float(ex[0]) if ex.size else math.inf,
                     float(ex[1] - ex[0]) if ex.size > 1 else None)

    return _cached(("bias", p, ctx.seed), build)


def _check_bias(kind: str):
    def check(params, ctx: Context) -> Evidence:
        bb = _bias_run(ctx)
        # the next subset's relative λ^q term (q = the gap to the next exponent) is fitted as
        # a nuisance column: at a few λ points its tilt and the t-band of a plain line were
        # of the same size as the allowed 0.05, and the verdict depended on the seed
        nuis = None if bb.next_order is None else bb.lams ** bb.next_order
        fit = fit_slope(np.log(bb.lams), np.log(bb.err), conf=0.95, nuisance=nuis)
        claimed = bb.exponent if kind == "paper" else bb.exponent / 2
        return Evidence.agree(
            fit.slope, claimed, atol=0.05, uncertainty=fit.halfwidth,
            reason="log-log slope of ||h − h∞||/||h∞|| vs λ against 2(1 − max_S ||D_S||/||D||) "
            "over the class-(b) sets present at init, fitted with the next subset's relative "
            "λ^q term (q = the gap to the next exponent) as a nuisance column; allowed 0.05 "
            "(digest C8); tolerance = 95% t-band",
            detail={"lambdas": bb.lams, "errors": bb.err, "stderr": fit.stderr,
                    "q": bb.next_order})

    return check


def _plot_bias(result, ctx: Context, png: str) -> None:
    import matplotlib.pyplot as plt

    bb = _bias_run(ctx)
    fit = fit_slope(np.log(bb.lams), np.log(bb.err))
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    ax.loglog(bb.lams, bb.err, "o", label="||h − h∞|| / ||h∞||")
    ax.loglog(bb.lams, np.exp(fit.intercept) * bb.lams ** fit.slope, "-",
              label=f"fit slope {fit.slope:.3f} ± {fit.halfwidth:.3f}")
    ax.loglog(bb.lams, bb.err[0] * (bb.lams / bb.lams[0]) ** bb.exponent, ":",
              label=f"predicted {bb.exponent:.3f}")
    ax.set_xlabel("λ")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=90)


bias = register(Claim(
    id="boursier2022.finite_lambda_bias",
    title="Finite-λ bias of order λ^{2(1 − ||D_S||/||D_c||)}",
    statement="A class-(b) neuron on S ⊂ S_c reaches λ^{1−||D_S||/||D_c||} by the escape; the "
    "function error vs h∞ scales as λ^{2(1 − max_S ||D_S||/||D_c||)}",
    citation=_cite("why λ must be exponentially small in n; digest §2.6 (D), C8"),
    source="S-C,D,V", method="scaling", check=_check_bias("paper"), assumptions=_ASSUMPTIONS,
    plot=_plot_bias,
    notes=_NO_TEXT + " The exponent is computed from the class-(b) active sets present at init "
    "(for n = 3 equal points it is 2(1 − sqrt(2/3)) ≈ 0.367). Integrated through the reduced "
    "ODE (the canonical solution; see boursier2022.decoupled_ode): the shared full-flow "
    "integrator fails on this data (sliding-mode / max_steps errors).",
))
bias.twin("neuron_size_exponent", title="Bias of order λ^{1 − ||D_S||/||D_c||} (not squared)",
          check=_check_bias("half"))

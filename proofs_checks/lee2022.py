"""Lee, Sim, Ye — magnitude and angle dynamics of single ReLU neurons (arXiv 2209.13394).

Every row of the digest's §6 (``/work/shared/theory/lee_sim_ye.md``) as a claim with at least
one deliberately false twin. The paper's own theorem statements, constants and experiment
parameters were **unavailable**: the bounds checked here are the digest's *reconstructed*
statements about the model (tag [R]; [R?] where the model itself is a guess, [S] where sourced),
not quotes of the paper.

Conventions (digest §1–§2): teacher v = e₁ (‖v‖ = 1), r = ‖w‖, θ = ∠(w, v), φ = π − θ,
g(φ) = sin φ − φ cos φ, κ = E‖x‖²/d. Reduced flows are integrated with
:func:`numeric._reduced_ode.integrate_batch` in the stable variables (ln r, z = ln tan(θ/2)).

Every tolerance is written next to its check with its reason. Work scales with the profile;
claim and twin share one cached computation (keyed by profile, seed and the claim's base id), so
a twin costs only its own comparison. Randomness goes through :meth:`Context.rng` of the *base*
claim id, so a twin sees the same draws as its claim.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from numeric import cross_moment, pair_angle, population_gradient, relu_kernel
from numeric._reduced_ode import (
    Event,
    converged_event,
    integrate_batch,
    r_level_event,
    reduced_rhs,
    solve_batch,
    z_to_angles,
)

from ._claim import (
    Citation,
    Claim,
    Context,
    Evidence,
    Profile,
    clear_shared_results,
    shared_result,
)
from ._domain import Domain, Real
from ._registry import register

TITLE = "Magnitude and Angle Dynamics in Training Single ReLU Neurons"
ARXIV = "2209.13394"
AUTHORS = "S. Lee, B. Sim, J. C. Ye"
UNAVAILABLE = (
    "The paper's own statements (theorem wording, constants, figure values) were unavailable; "
    "this checks the digest's reconstructed statement about the model, not a quote of the paper."
)
EPS = float(np.finfo(float).eps)


def _cite(where: str) -> Citation:
    return Citation(title=TITLE, arxiv=ARXIV, where=where, authors=AUTHORS)


def _notes(extra: str = "") -> str:
    return f"{UNAVAILABLE} {extra}".strip()


# --- shared helpers ----------------------------------------------------------------------------

def _base_ctx(ctx: Context) -> Context:
    """The claim's own context for a twin (same draws as the claim it belongs to)."""
    return Context(ctx.profile, ctx.seed, ctx.claim_id.split("~", 1)[0])


def _memo(ctx: Context, key: str, fn: Callable[[], Any]) -> Any:
    """Compute once per (profile, seed, base claim, key); twins reuse the claim's evidence."""
    base = _base_ctx(ctx)
    k = (base.profile, base.seed, base.claim_id, key)  # Profile is frozen, hence hashable
    return shared_result(k, fn, namespace=__name__)


def clear_cache() -> None:
    """Forget cached integrations (tests use it to time a cold run)."""
    clear_shared_results(__name__)


def g_fn(phi):
    """g(φ) = sin φ − φ cos φ (increasing on [0, π], g(0) = 0, g(π) = π)."""
    phi = np.asarray(phi, dtype=float)
    return np.sin(phi) - phi * np.cos(phi)


def _ode_tols(profile: Profile) -> tuple[float, float]:
    """(rtol, atol) for envelope integrations: never looser than 1e-10.

    The envelope slacks (1e-7, 1e-6 in log) must exceed the solver's global error, ~10·rtol·|z|
    with |z| ≤ ~25 over our horizons, so rtol ≤ 1e-10 whatever the profile says.
    """
    return min(profile.ode_rtol, 1e-10), 1e-12


def _global_allowance(rtol: float, atol: float, scale: float) -> float:
    """Global error allowance of a DP5 solution component of size ``scale``.

    The flows here contract (all trajectories converge to (1, π)), so local errors do not grow;
    10× the local tolerance covers their accumulation (measured against DOP853 at rtol 1e-13 on
    30 random envelope problems: ≤ 0.45× at t_end; tests/test_lee2022.py asserts ≤ 10×).
    """
    return 10.0 * (atol + rtol * scale)


def _plane(r: float, theta: float, d: int = 2) -> np.ndarray:
    w = np.zeros(d)
    w[0], w[1] = r * math.cos(theta), r * math.sin(theta)
    return w


E1_CACHE: dict[int, np.ndarray] = {}


def _e1(d: int) -> np.ndarray:
    if d not in E1_CACHE:
        e = np.zeros(d)
        e[0] = 1.0
        E1_CACHE[d] = e
    return E1_CACHE[d]


def _digits(ctx: Context) -> int:
    """mpmath digits for references checked at 1e-12: 20 suffice; more only when asked for."""
    return min(ctx.profile.digits, 20) if ctx.profile.scale < 1.0 else ctx.profile.digits


def _register_all(claims: list[Claim]) -> None:
    for c in claims:
        register(c)


# ============================================================================================
# 1. Cross moment (Tian's closed form) — quadrature
# ============================================================================================

def _cm_cases(p: Profile) -> list[dict]:
    n = p.n(8, minimum=4)
    thetas = np.linspace(0.02, math.pi - 0.02, n)
    return [{"theta": float(t), "r": 0.7 + 0.5 * i / max(n - 1, 1)} for i, t in enumerate(thetas)]


def _cm_reference(params: dict, ctx: Context):
    from numeric._reference import reference_cross_moment

    def run():
        w = _plane(params["r"], params["theta"], 3)
        ref = reference_cross_moment(w, _e1(3), digits=_digits(ctx))
        return w, ref.to_numpy(), float(ref.error)

    return _memo(ctx, f"cm:{params['theta']!r}:{params['r']!r}", run)


def _cm_check(factor: float):
    def check(params: dict, ctx: Context) -> Evidence:
        w, ref, qerr = _cm_reference(params, ctx)
        th = params["theta"]
        what = ((math.pi - th) * _e1(3) + math.sin(th) * w / np.linalg.norm(w)) / (factor * math.pi)
        # 1e-12 (digest §6.1): the closed form is evaluated in float64 from O(1) terms, rounding
        # ~1e-16; the quadrature reference carries its own error estimate as the tolerance.
        return Evidence.agree(
            what, ref, atol=1e-12, uncertainty=qerr,
            reason="closed form vs mpmath plane quadrature split at the kinks; atol 1e-12 "
                   "(digest §6.1), tolerance = quadrature error estimate",
            detail={"numeric_cross_moment_err":
                    float(np.max(np.abs(cross_moment(w, _e1(3)) - ref)))},
        )
    return check


C01 = Claim(
    id="lee2022.cross_moment",
    title="E[1{w·x>0} x σ(v·x)] = [(π−θ)v + sinθ ŵ]/(2π)",
    statement="For x ~ N(0, I_d), ‖v‖ = 1 and θ = ∠(w, v) ∈ (0, π): "
              "E[1{w·x>0} x σ(v·x)] = [(π−θ)v + sin θ ŵ]/(2π) (Tian 2017).",
    citation=_cite("digest §2, §6.1 (Tian ICML 2017 closed form)"),
    source="S",
    method="quadrature",
    check=_cm_check(2.0),
    domain=Domain({"theta": Real(0.02, math.pi - 0.02), "r": Real(0.3, 3.0, log=True)}),
    examples=_cm_cases,
    latex=r"\mathbb E[\mathbf 1\{w\cdot x>0\}x\,\sigma(v\cdot x)]"
          r"=\frac{(\pi-\theta)v+\sin\theta\,\hat w}{2\pi}",
    notes=_notes("The closed form itself is sourced [S] (Tian 2017, yuandong-tian/ICML17_ReLU "
                 "utils.py single_term)."),
)
C01.twin("over_pi", title="Cross moment normalised by 1/π instead of 1/(2π)",
         check=_cm_check(1.0))


def _cm_mc_check(factor: float):
    def check(params: dict, ctx: Context) -> Evidence:
        from numeric._montecarlo import montecarlo_cross_moment

        th, d = params["theta"], 5
        w = _plane(params["r"], th, d)
        v = _e1(d)
        n = ctx.profile.n(4_000_000, minimum=400_000)  # digest §6.1: N = 4e6 at ci
        # computed once per case: claim and twin judge the same draws
        key = ("cm-mc", repr(th), repr(params["r"]))
        est, se = ctx.shared(key, lambda: montecarlo_cross_moment(
            w, v, samples=n, rng=ctx.rng(*key)))
        what = ((math.pi - th) * v + math.sin(th) * w / np.linalg.norm(w)) / (factor * math.pi)
        dev = float(np.max(np.abs(what - est) / se))
        # 4 s.e. per entry (digest quotes 3 s.e. ≈ 1.5e-3 at N = 4e6): with d = 5 entries
        # a false alarm has probability ≈ 3e-4 per case.
        return Evidence.upper_bound(
            dev, 4.0, tolerance=0.0,
            reason=f"max |closed − MC|/s.e. over the d = {d} entries, {n} seeded samples",
            detail={"max_abs_dev": float(np.max(np.abs(what - est))),
                    "max_se": float(np.max(se))},
        )
    return check


C01_MC = Claim(
    id="lee2022.cross_moment_montecarlo",
    title="E[1{w·x>0} x σ(v·x)] = [(π−θ)v + sinθ ŵ]/(2π), by Monte Carlo",
    statement="The same closed form agrees with a seeded Monte Carlo average (d = 5) within "
              "4 standard errors per entry.",
    citation=_cite("digest §6.1 (MC with N = 4e6)"),
    source="S",
    method="montecarlo",
    check=_cm_mc_check(2.0),
    cases=lambda p: _cm_cases(p)[:: max(1, len(_cm_cases(p)) // 3)],
    notes=_notes("Independent of the quadrature check above: sampled x, no plane reduction."),
)
C01_MC.twin("over_pi", title="Cross moment normalised by 1/π instead of 1/(2π), by Monte Carlo",
            check=_cm_mc_check(1.0))


# ============================================================================================
# 2. Arc-cosine kernel and E[1{w·x>0} x xᵀ] = I/2 — quadrature
# ============================================================================================

def _k_cases(p: Profile) -> list[dict]:
    n = p.n(6, minimum=3)
    return [{"theta": float(t), "r": 0.5 + t / 3} for t in np.linspace(0.05, math.pi - 0.05, n)]


def _k_reference(params: dict, ctx: Context):
    from numeric._reference import reference_cross_moment, reference_kernel

    def run():
        d = 3
        w = _plane(params["r"], params["theta"], d)
        k = reference_kernel(w, _e1(d), digits=_digits(ctx))
        cols, err = [], float(k.error)
        for j in range(d):
            e = np.zeros(d)
            e[j] = 1.0
            # x_j = σ(x_j) − σ(−x_j): column j of E[1{w·x>0} x xᵀ] from two cross moments.
            a = reference_cross_moment(w, e, digits=_digits(ctx))
            b = reference_cross_moment(w, -e, digits=_digits(ctx))
            cols.append(a.to_numpy() - b.to_numpy())
            err = max(err, float(a.error) + float(b.error))
        return w, float(k.to_numpy()), np.stack(cols, axis=1), err

    return _memo(ctx, f"k:{params['theta']!r}", run)


def _k_check(kfactor: float, mfactor: float):
    def check(params: dict, ctx: Context) -> Evidence:
        w, kref, M, qerr = _k_reference(params, ctx)
        r, phi = params["r"], math.pi - params["theta"]
        claimed_k = r * float(g_fn(phi)) / (kfactor * math.pi)
        claimed_M = np.eye(3) / mfactor
        computed = np.concatenate([[kref], M.ravel()])
        claimed = np.concatenate([[claimed_k], claimed_M.ravel()])
        return Evidence.agree(
            computed, claimed, atol=1e-12, uncertainty=qerr,
            reason="mpmath plane quadrature vs r g(φ)/(2π) and I/2 (digest §6.2, atol 1e-12); "
                   "tolerance = quadrature error estimate",
            detail={"numeric_kernel_err": abs(float(relu_kernel(w, _e1(3))) - kref)},
        )
    return check


C02 = Claim(
    id="lee2022.arccos_kernel",
    title="E[σ(w·x)σ(v·x)] = r g(φ)/(2π) and E[1{w·x>0} x xᵀ] = I/2",
    statement="For x ~ N(0, I_d), ‖v‖ = 1: E[σ(w·x)σ(v·x)] = r g(φ)/(2π) with "
              "g(φ) = sin φ − φ cos φ, and E[1{w·x>0} x xᵀ] = I/2.",
    citation=_cite("digest §2, §6.2"),
    source="R",
    method="quadrature",
    check=_k_check(2.0, 2.0),
    cases=_k_cases,
    latex=r"\mathbb E[\sigma(w\cdot x)\sigma(v\cdot x)]=\frac{r\,g(\phi)}{2\pi},\quad"
          r"\mathbb E[\mathbf 1\{w\cdot x>0\}xx^\top]=\tfrac12 I",
    notes=_notes(),
)
C02.twin("kernel_over_pi", title="Kernel r g(φ)/π (factor 2 dropped)", check=_k_check(1.0, 2.0))
C02.twin("identity_second_moment", title="E[1{w·x>0} x xᵀ] = I (half-space ignored)",
         check=_k_check(2.0, 1.0))


# ============================================================================================
# 3. Spherical non-Gaussian data: moments = κ × Gaussian values — Monte Carlo
# ============================================================================================

def _sample_spherical(rng: np.random.Generator, n: int, d: int, rho_max: float) -> np.ndarray:
    """x = ρ u, u uniform on S^{d−1}, ρ ~ U(0, ρ_max): spherical, non-Gaussian, κ = ρ_max²/(3d)."""
    try:
        from numeric._montecarlo import sample_inputs

        u = sample_inputs(rng, n, d, law="sphere_scaled", radius=1.0)
    except ImportError:  # pragma: no cover - helper not present
        u = rng.standard_normal((n, d))
        u /= np.linalg.norm(u, axis=1, keepdims=True)
    return u * rng.uniform(0.0, rho_max, size=(n, 1))


def _z_family(alpha: float, m: int) -> float:
    """Two-sided normal quantile at family-wise level ``alpha`` over ``m`` tests (Bonferroni)."""
    from statistics import NormalDist  # stdlib: avoids importing scipy.stats (seconds) here

    return float(NormalDist().inv_cdf(1 - alpha / (2 * m)))


# Family-wise false-alarm rate of the Monte Carlo checks. A verdict must hold at every seed: at
# 1e-3 a true claim came back refuted at seed 2000101156 (|t| = z_c + 0.12), as it must about
# once per thousand seeds; at 1e-6 (|t| ≤ 5.3-5.6 here) that is once per million, and every
# twin is still off by tens of standard errors.
ALPHA = 1e-6


def _sph_data(ctx: Context):
    def run():
        d, rho_max = 10, 3.0
        kappa = rho_max**2 / (3 * d)  # E ρ² = ρ_max²/3 for ρ ~ U(0, ρ_max); κ = Eρ²/d = 0.3
        rng = _base_ctx(ctx).rng("spherical")
        n = ctx.profile.samples
        theta = 1.1
        w = _plane(1.3, theta, d)
        v = _e1(d)
        s1 = np.zeros(d)
        s2 = np.zeros(d)
        k1 = k2 = 0.0
        done = 0
        while done < n:  # chunks keep memory bounded
            m = min(65536, n - done)
            x = _sample_spherical(rng, m, d, rho_max)
            sv = np.maximum(x @ v, 0.0)
            pw = x @ w
            weight = (pw > 0) * sv  # σ'(0) = 0: strict inequality
            s1 += weight @ x
            s2 += (weight * weight) @ (x * x)
            kk = np.maximum(pw, 0.0) * sv
            k1 += kk.sum()
            k2 += (kk * kk).sum()
            done += m
        mean_cm = s1 / n
        se_cm = np.sqrt(np.maximum(s2 / n - mean_cm**2, 0.0) / (n - 1))
        mean_k = k1 / n
        se_k = math.sqrt(max(k2 / n - mean_k**2, 0.0) / (n - 1))
        est = np.concatenate([mean_cm, [mean_k]])
        se = np.concatenate([se_cm, [se_k]])
        gauss = np.concatenate([cross_moment(w, v), [relu_kernel(w, v)]])
        return est, se, gauss, kappa, n

    return _memo(ctx, "sph", run)


def _sph_check(kappa_of: Callable[[float, int], float]):
    def check(params: Any, ctx: Context) -> Evidence:
        est, se, gauss, kappa, n = _sph_data(ctx)
        k_claim = kappa_of(kappa, 10)
        # Guard against a zero standard error (an entry that never varied): floor it at 1/n,
        # the resolution of an n-sample mean of O(1) terms.
        se_eff = np.maximum(se, 1.0 / n)
        zstat = (est - k_claim * gauss) / se_eff
        zc = _z_family(ALPHA, zstat.size)
        return Evidence.agree(
            zstat, 0.0, atol=zc,
            reason=f"MC t-statistics (est − κ·Gaussian)/s.e. over {zstat.size} entries, N = {n}; "
                   f"allowed |t| ≤ {zc:.2f} (Bonferroni, family-wise false alarm 1e-6)",
            detail={"kappa": kappa, "kappa_claimed": k_claim,
                    "max_abs_dev": float(np.max(np.abs(est - k_claim * gauss))),
                    "max_se": float(np.max(se))},
        )
    return check


C03 = Claim(
    id="lee2022.spherical_kappa",
    title="Spherical non-Gaussian data: moments are κ = E‖x‖²/d times the Gaussian ones",
    statement="For x = ρu (u uniform on S^{d−1}, ρ ~ U(0,3) independent, d = 10, κ = 0.3): "
              "E[1{w·x>0}xσ(v·x)] and E[σ(w·x)σ(v·x)] equal κ times their Gaussian values.",
    citation=_cite("digest §1 (κ normalisation), §6.3"),
    source="R",
    method="montecarlo",
    check=_sph_check(lambda k, d: k),
    notes=_notes("Degree-2 homogeneity: E[ρ²]·(angular average) is the Gaussian value times "
                 "Eρ²/d. Hence spherical data rescales time in every ODE by κ."),
)
C03.twin("kappa_without_d", title="Moments scale by E‖x‖² (the /d forgotten)",
         check=_sph_check(lambda k, d: k * d))


# ============================================================================================
# 4. Loss closed form — Monte Carlo
# ============================================================================================

def _loss_data(ctx: Context):
    from numeric._montecarlo import montecarlo_loss

    def run():
        rng = _base_ctx(ctx).rng("loss")
        d = 8
        w = 0.7 * rng.standard_normal(d)
        v = _e1(d)
        est, se = montecarlo_loss(w[None], v[None], samples=ctx.profile.samples, rng=rng)
        r = float(np.linalg.norm(w))
        phi = math.pi - float(pair_angle(w, v))
        return est, se, r, phi

    return _memo(ctx, "loss", run)


def _loss_check(c_r2: float):
    def check(params: Any, ctx: Context) -> Evidence:
        est, se, r, phi = _loss_data(ctx)
        claimed = c_r2 * r * r - r * float(g_fn(phi)) / (2 * math.pi) + 0.25
        zc = _z_family(ALPHA, 1)
        return Evidence.agree(
            (est - claimed) / se, 0.0, atol=zc,
            reason=f"MC t-statistic of ½E[(σ(w·x)−σ(v·x))²] vs the closed form; allowed "
                   f"|t| ≤ {zc:.2f} (two-sided, false alarm 1e-6), N = {ctx.profile.samples}",
            detail={"estimate": est, "stderr": se, "claimed": claimed, "r": r},
        )
    return check


C04 = Claim(
    id="lee2022.loss_closed_form",
    title="𝓛(w) = r²/4 − r g(φ)/(2π) + 1/4",
    statement="For x ~ N(0, I_8), ‖v‖ = 1 and w = 0.7·N(0, I_8): "
              "½E[(σ(w·x) − σ(v·x))²] = r²/4 − r g(φ)/(2π) + 1/4.",
    citation=_cite("digest §2, §6.4"),
    source="R",
    method="montecarlo",
    check=_loss_check(0.25),
    notes=_notes(),
)
C04.twin("r2_over_2", title="𝓛 = r²/2 − r g(φ)/(2π) + 1/4 (wrong quadratic coefficient)",
         check=_loss_check(0.5))


# ============================================================================================
# Full-parameter flows (d-dimensional w, explicit a_k) — shared by claims 5, 10, 11, 12
# ============================================================================================

def full_chain_rhs(w: np.ndarray, a: np.ndarray, v: np.ndarray, kappa: float):
    """(dw/dt, da/dt) of GF on J(w, a) = 𝓛₁(u·w), u = ∏a_k, by the chain rule.

    ∂J/∂w = u ∇𝓛₁(uw) and ∂J/∂a_k = (u/a_k) w·∇𝓛₁(uw), with ∇𝓛₁ from
    ``numeric.population_gradient`` (independent of the reduced ODE).
    """
    u = float(np.prod(a)) if a.size else 1.0
    grad = population_gradient((u * w)[None], v[None], kappa=kappa)[0]
    dw = -u * grad
    da = -(u / a) * float(w @ grad) if a.size else a
    return dw, da


def _full_flow(w0, a0, kappa, t_eval, rtol=1e-11, atol=1e-13):
    # 8th order at rtol 1e-11: global error ~1e-11 on O(1) values, ≪ FLOW_UNC = 1e-10.
    """Integrate the full flow with DOP853 (8th order): the independent reference."""
    from scipy.integrate import solve_ivp

    d = w0.size
    v = _e1(d)

    def f(t, y):
        dw, da = full_chain_rhs(y[:d], y[d:], v, kappa)
        return np.concatenate([dw, da])

    sol = solve_ivp(f, (0.0, float(t_eval[-1])), np.concatenate([w0, a0]), method="DOP853",
                    rtol=rtol, atol=atol, t_eval=t_eval)
    if not sol.success:
        raise RuntimeError(f"full flow failed: {sol.message}")
    return sol.y[:d].T, sol.y[d:].T


def _random_w0(rng: np.random.Generator, d: int, r0: float, theta0: float) -> np.ndarray:
    """A w with ‖w‖ = r0 at angle θ0 to e₁, in a random direction of the orthogonal complement."""
    q = rng.standard_normal(d)
    q[0] = 0.0
    q /= np.linalg.norm(q)
    return r0 * (math.cos(theta0) * _e1(d) + math.sin(theta0) * q)


FLOW_TOL = 1e-9  # digest §6.5/§6.10/§6.11: agreement / drift to 1e-9
FLOW_RTOL = 1e-11  # digest §6.5; global error ≲ 10·rtol·|y| = 1e-10 on O(1) values, < 1e-9
FLOW_UNC = 1e-10  # uncertainty of a difference of two such solutions (10·rtol on O(1) values)
CHAIN_RTOL = 1e-13  # the deep-chain comparisons: global errors ~1e-11, well inside FLOW_UNC


# ============================================================================================
# 5. d-dimensional GF (L = 1) matches the SymPy-derived (r, φ) ODE
# ============================================================================================

def _flow5_cases(p: Profile) -> list[dict]:
    n = p.n(4, minimum=2)
    return [{"i": i} for i in range(n)]


def _flow_horizon(p: Profile) -> float:
    """Horizon of the full-flow comparisons: the digest's 25 from the ci profile up, 12 in quick."""
    return 25.0 if p.scale >= 1.0 else 12.0


def _flow5_all(ctx: Context):
    def run():
        cases = _flow5_cases(ctx.profile)
        T = _flow_horizon(ctx.profile)
        t_eval = np.linspace(0.0, T, int(T) + 1)
        d = 6
        rows = []
        for c in cases:
            rng = _base_ctx(ctx).rng("flow5", c["i"])
            r0 = float(np.exp(rng.uniform(np.log(0.1), np.log(3.0))))
            theta0 = float(rng.uniform(0.3, math.pi - 0.3))
            kappa = float(rng.uniform(0.5, 2.0))
            w0 = _random_w0(rng, d, r0, theta0)
            W, _ = _full_flow(w0, np.zeros(0), kappa, t_eval)
            rows.append((r0, theta0, kappa, np.linalg.norm(W, axis=1),
                         pair_angle(W, np.broadcast_to(_e1(d), W.shape))))
        r0s = np.array([x[0] for x in rows])
        th0s = np.array([x[1] for x in rows])
        kaps = np.array([x[2] for x in rows])
        # (a) the stable reduced ODE (ln r, z), all cases in one batch
        red = integrate_batch(r0s, theta0=th0s, kappa=kaps, t_end=T, rtol=FLOW_RTOL,
                              atol=1e-14, t_eval=t_eval)
        # (b) the SymPy-derived ODE itself (numeric.single_neuron_rhs is generated from
        #     symbolic.derive("single_neuron_ode")), integrated in (r, φ)
        from numeric import single_neuron_rhs

        def f(t, y, idx):
            out = np.empty_like(y)
            # An RK stage may overshoot φ = π by ~rtol once θ is tiny; the kernel (rightly)
            # rejects φ > π, and the true solution never leaves [0, π], so clip the stage.
            phi = np.clip(y[:, 1], 0.0, math.pi)
            out[:, 0], out[:, 1] = single_neuron_rhs(y[:, 0], phi, kappa=1.0)
            return out * kaps[idx, None]  # κ is a common factor of both components

        sym = solve_batch(f, np.stack([r0s, math.pi - th0s], axis=1), T, rtol=FLOW_RTOL,
                          atol=1e-14, t_eval=t_eval)
        out = {}
        for i, c in enumerate(cases):
            out[c["i"]] = {
                "r_full": rows[i][3], "th_full": rows[i][4], "t": t_eval, "kappa": kaps[i],
                "r0": r0s[i], "theta0": th0s[i], "r_red": red.r_eval[i],
                "th_red": red.theta_eval[i], "r_sym": sym.y_eval[i, :, 0],
                "th_sym": math.pi - sym.y_eval[i, :, 1],
            }
        return out

    return _memo(ctx, "flow5", run)


def _flow5_data(params: dict, ctx: Context):
    return _flow5_all(ctx)[params["i"]]


def _flow5_check(params: dict, ctx: Context) -> Evidence:
    D = _flow5_data(params, ctx)
    computed = np.concatenate([D["r_red"], D["th_red"], D["r_sym"], D["th_sym"]])
    claimed = np.concatenate([D["r_full"], D["th_full"], D["r_full"], D["th_full"]])
    return Evidence.agree(
        computed, claimed, atol=FLOW_TOL, uncertainty=FLOW_UNC,
        reason=f"max |Δr|, |Δθ| over t ∈ [0, {D['t'][-1]:g}] between the d = 6 flow "
               "(population_gradient, DOP853 rtol 1e-11) and the reduced ODE (stable and "
               "SymPy-compiled forms, DP5 rtol 1e-11); allowed 1e-9 (digest §6.5), uncertainty "
               "1e-10 = 10× the DP5 global error on O(1) values",
        detail={"kappa": D["kappa"], "r0": D["r0"], "theta0": D["theta0"]},
    )


def _flow5_twin(params: dict, ctx: Context) -> Evidence:
    D = _flow5_data(params, ctx)
    kappa = D["kappa"]

    def f(t, y, idx):  # the L = 2 angular rate used for one layer: 1/r dropped
        dl, _ = reduced_rhs(y[:, 0], y[:, 1], 1.0, kappa)
        _, dz = reduced_rhs(y[:, 0], y[:, 1], 2.0, kappa)
        return np.stack([dl, dz], axis=1)

    from numeric._reduced_ode import theta_to_z

    # A wrong ODE only has to be clearly off: rtol 1e-9 (global error ~1e-8 ≪ the misfit).
    sol = solve_batch(f, [[math.log(D["r0"]), float(theta_to_z(D["theta0"]))]], D["t"][-1],
                      rtol=1e-9, atol=1e-12, t_eval=D["t"])
    th = z_to_angles(sol.y_eval[0, :, 1])[0]
    return Evidence.agree(np.concatenate([np.exp(sol.y_eval[0, :, 0]), th]),
                          np.concatenate([D["r_full"], D["th_full"]]), atol=FLOW_TOL,
                          uncertainty=FLOW_UNC, reason="as the claim, with dφ/dt = κφ sinφ/(2π)")


C05 = Claim(
    id="lee2022.full_flow_matches_ode",
    title="The d-dimensional gradient flow follows the (r, φ) ODE",
    statement="For one neuron (L = 1), w(t) under ẇ = −∇𝓛 in d = 6 satisfies "
              "ṙ = κ[g(φ)/(2π) − r/2], φ̇ = κ φ sinφ/(2π r): agreement to 1e-9 on t ∈ [0, 25].",
    citation=_cite("digest §2 (single-neuron ODE), §5.2, §6.5"),
    source="R",
    method="ode",
    check=_flow5_check,
    cases=_flow5_cases,
    derivation="single_neuron_ode",
    notes=_notes("Full flow uses numeric.population_gradient (Tian's closed form), integrated "
                 "with scipy DOP853; the reduced ODE is both the stable (ln r, z) form and the "
                 "SymPy-compiled (r, φ) form."),
)
C05.twin("no_one_over_r", title="One layer with φ̇ = κφ sinφ/(2π) (the 1/r dropped)",
         check=_flow5_twin)


# ============================================================================================
# 6. The ODE follows from the loss: ṙ = −∂𝓛/∂r, θ̇ = −r⁻²∂𝓛/∂θ — symbolic
# ============================================================================================

def _sympy_ode_from_loss():
    """(ṙ, φ̇) by differentiating the closed-form chain loss (cheap: no SymPy integration).

    𝓛 = κ[P² r²/4 − P r g(φ)/(2π) + 1/4] with φ = π − θ and P = ∏a_k held fixed while
    differentiating (the flow of w sees P as a parameter); then P = r^{L−1}.
    """
    import sympy as sp

    from symbolic import _derive as D

    r, th, L, kappa = D.r, D.theta, D.depth, D.kappa
    P = sp.Symbol("P", positive=True)
    ph = sp.pi - th
    J = kappa * (P**2 * r**2 / 4 - P * r * (sp.sin(ph) - ph * sp.cos(ph)) / (2 * sp.pi)
                 + sp.Rational(1, 4))
    rdot = (-sp.diff(J, r)).subs(P, r ** (L - 1)).subs(th, sp.pi - D.phi)
    phidot = (sp.diff(J, th) / r**2).subs(P, r ** (L - 1)).subs(th, sp.pi - D.phi)
    return rdot, phidot


def _unbalanced_flows(from_symbolic_module: bool) -> dict:
    """Flows of (r, θ, a_2, a_3) for the L = 3 chain with free a_k.

    ``symbolic._derive.deep_chain_full_rhs(3)`` integrates the plane kernel in SymPy (seconds),
    so the quick profile differentiates the closed-form loss instead (the same algebra).
    """
    import sympy as sp

    from symbolic import _derive as D

    if from_symbolic_module:
        return D.deep_chain_full_rhs(3)
    r, th, kappa = D.r, D.theta, D.kappa
    a = sp.symbols("a2:4", positive=True)
    P = a[0] * a[1]
    ph = sp.pi - th
    J = kappa * (P**2 * r**2 / 4 - P * r * (sp.sin(ph) - ph * sp.cos(ph)) / (2 * sp.pi)
                 + sp.Rational(1, 4))
    flows = {ak: -sp.diff(J, ak) for ak in a}
    flows[r] = -sp.diff(J, r)
    flows[th] = -sp.diff(J, th) / r**2
    return flows


def _is_zero(expr) -> str:
    """'zero' if SymPy reduces ``expr`` to 0, 'nonzero' if certified ≠ 0 at a rational point."""
    import sympy as sp

    from symbolic import _derive as D

    cheap = sp.expand(sp.powsimp(sp.expand(expr), force=True))
    if cheap == 0:
        return "zero"
    # Certify non-zero first (cheap): 30 digits at an exact rational point.
    pt = {D.r: sp.Rational(7, 10), D.phi: sp.Rational(13, 10), D.depth: 3,
          D.kappa: sp.Rational(3, 2), D.theta: sp.pi - sp.Rational(13, 10)}
    if abs(sp.N(expr.subs(pt), 30)) > 1e-20:
        return "nonzero"
    return "zero" if sp.simplify(cheap) == 0 else "unknown"


def _sym_check(power_shift: int):
    def check(params: Any, ctx: Context) -> Evidence:
        import sympy as sp

        from numeric import single_neuron_rhs
        from symbolic import _derive as D

        r, phi, L, kappa = D.r, D.phi, D.depth, D.kappa
        g = sp.sin(phi) - phi * sp.cos(phi)
        want_r = kappa * r ** (L - 1) * (g / (2 * sp.pi) - r**L / 2)
        want_phi = kappa * r ** (L - 2 + power_shift) * phi * sp.sin(phi) / (2 * sp.pi)
        rdot, phidot = _sympy_ode_from_loss()
        residuals = {"r": rdot - want_r, "phi": phidot - want_phi,
                     "r_L1": rdot.subs(L, 1) - want_r.subs(L, 1),
                     "phi_L1": phidot.subs(L, 1) - want_phi.subs(L, 1)}
        # The unbalanced chain at L = 3 with a_k = r: same ṙ, and ȧ_k = ṙ (balance persists).
        flows = _unbalanced_flows(ctx.profile.scale >= 1.0)
        a2, a3 = sp.symbols("a2:4", positive=True)
        bal = {a2: r, a3: r}
        th = D.theta
        residuals["full3_r"] = flows[r].subs(bal).subs(th, sp.pi - phi) - want_r.subs(L, 3)
        residuals["full3_a"] = (flows[a2] - flows[r]).subs(bal)
        residuals["full3_phi"] = -flows[th].subs(bal).subs(th, sp.pi - phi) - want_phi.subs(L, 3)
        if ctx.profile.scale >= 1.0:
            # The symbolic module's own derivations (SymPy integration of the plane kernel,
            # several seconds): ci and thorough profiles only.
            import symbolic

            deep_r, deep_phi = symbolic.derive("deep_chain_ode").expr
            one_r, one_phi = symbolic.derive("single_neuron_ode").expr
            residuals.update({"derive_deep_r": deep_r - want_r, "derive_deep_phi":
                              deep_phi - want_phi, "derive_one_r": one_r - want_r.subs(L, 1),
                              "derive_one_phi": one_phi - want_phi.subs(L, 1)})
        status = {name: _is_zero(e) for name, e in residuals.items()}
        # The compiled kernels (generated from symbolic.derive) at random points, every profile.
        rng = _base_ctx(ctx).rng("sym")
        rr = np.exp(rng.uniform(-2, 1, 200))
        pp = rng.uniform(0.01, math.pi - 0.01, 200)
        LL = rng.integers(1, 5, 200)
        comp_err = 0.0
        for Lv in (1, 2, 3, 4):
            m = LL == Lv
            got = single_neuron_rhs(rr[m], pp[m], depth=Lv, kappa=1.0)
            gg = g_fn(pp[m])
            # The claimed ODE written out in numpy (the sympy side is checked above).
            exp_r = rr[m] ** (Lv - 1) * (gg / (2 * np.pi) - rr[m] ** Lv / 2)
            exp_p = rr[m] ** (Lv - 2 + power_shift) * pp[m] * np.sin(pp[m]) / (2 * np.pi)
            # Rounding is relative to the summands, not to the result: ṙ = r^{L−1}(g/2π −
            # r^L/2) cancels near its zero and g = sin φ − φ cos φ near φ = 0, so each side
            # is exact to a few ulps of these sizes (a relative 1e-12 of ṙ itself failed at
            # seed 1340244225, where ṙ ≈ 0).
            size_r = rr[m] ** (Lv - 1) * ((np.abs(np.sin(pp[m])) + np.abs(pp[m] * np.cos(pp[m])))
                                          / (2 * np.pi) + rr[m] ** Lv / 2)
            for a, b, size in zip(got, (exp_r, exp_p), (size_r, np.abs(exp_p)), strict=True):
                comp_err = max(comp_err, float(np.max(np.abs(a - b) / size)))
        # 64 ulps of the summands: both sides are a few dozen float operations on the same
        # inputs (the generated kernel takes φ through atan2, the claim through numpy's sin/cos).
        status["compiled_kernel"] = "zero" if comp_err <= 64 * EPS else "nonzero"
        ok = all(v == "zero" for v in status.values())
        bad = any(v == "nonzero" for v in status.values())
        if not ok and not bad:
            return Evidence.failed("sympy could not decide a residual", {"residuals": status})
        return Evidence.predicate(
            ok, computed=status, claimed="all residuals 0",
            reason="exact: sympy reduces (derived − claimed) to 0; a non-zero residual is "
                   "certified at an exact rational point (30 digits); the SymPy-generated "
                   "numeric kernel agrees with the claimed ODE to 64 ulps of its summands at "
                   "200 points",
            detail={"compiled_max_rel_err": comp_err})
    return check


C06 = Claim(
    id="lee2022.ode_from_loss",
    title="ṙ = −∂𝓛/∂r, θ̇ = −r⁻²∂𝓛/∂θ reproduce the (r, φ) ODE for symbolic L and κ",
    statement="With u = r^{L−1} (balanced chain): ṙ = κ r^{L−1}[g(φ)/(2π) − r^L/2] and "
              "φ̇ = κ r^{L−2} φ sinφ/(2π) for symbolic L, κ; L = 1 gives the single-neuron ODE; "
              "the unbalanced chain restricted to a_k = r agrees and keeps ȧ_k = ṙ.",
    citation=_cite("digest §2, §5.5, §6.6"),
    source="R",
    method="symbolic",
    check=_sym_check(0),
    derivation="deep_chain_ode",
    notes=_notes("Every profile: sympy differentiation of the closed-form loss (free a_2, a_3 "
                 "for the unbalanced chain) and the SymPy-generated numeric kernels; ci/thorough "
                 "add symbolic.derive('deep_chain_ode'), derive('single_neuron_ode') and "
                 "symbolic._derive.deep_chain_full_rhs(3) (SymPy integration of the plane kernel, "
                 "several seconds, kept out of the quick budget)."),
)
C06.twin("wrong_power", title="φ̇ = κ r^{L−1} φ sinφ/(2π) (wrong power of r)",
         check=_sym_check(1))


# ============================================================================================
# Reduced-flow batches shared by P1–P5 (claims 7, 8, 9, 13)
# ============================================================================================

def _log_uniform(rng, lo, hi, n):
    return np.exp(rng.uniform(np.log(lo), np.log(hi), n))


# ============================================================================================
# 7. P1: φ is non-decreasing (strictly for φ0 ∈ (0, π)); φ0 = 0 is invariant
# ============================================================================================

def _p1_cases(p: Profile) -> list[str]:
    return ["random", "invariant"]


def _p1_data(ctx: Context):
    def run():
        p = ctx.profile
        rng = _base_ctx(ctx).rng("p1")
        n = p.n(250, minimum=50)
        r0 = _log_uniform(rng, 0.1, 5.0, n)
        phi0 = rng.uniform(0.05, math.pi - 0.05, n)
        L = rng.integers(1, 5, n)
        kappa = rng.uniform(0.3, 3.0, n)
        rtol, atol = _ode_tols(p)
        T = 20.0
        grid = np.linspace(0.0, T, 41)

        def step_dec(view):  # z decrease on every accepted step (φ increase)
            return view.z_prev - view.z

        sol = integrate_batch(r0, phi0, depth=L, kappa=kappa, t_end=T, rtol=rtol, atol=atol,
                              t_eval=grid, monitors={"step_dec": step_dec})
        z = sol.z_eval
        dec = z[:, :-1] - z[:, 1:]
        allow = 2 * _global_allowance(rtol, atol, float(np.nanmax(np.abs(z))))
        inv = integrate_batch(0.8, 0.0, depth=1, kappa=1.0, t_end=10.0, rtol=rtol, atol=atol)
        return {"dec_min": float(np.nanmin(dec)), "dec_max": float(np.nanmax(dec)),
                "allow": allow, "step_dec_min": float(np.min(sol.monitor_min["step_dec"])),
                "status_ok": bool(np.all(sol.status >= 0)), "n": n,
                "inv_r": float(inv.r[0]), "inv_z": float(inv.z[0]), "rtol": rtol}

    return _memo(ctx, "p1", run)


def _p1_check(flip: bool, rate: float):
    def check(case: str, ctx: Context) -> Evidence:
        D = _p1_data(ctx)
        if not D["status_ok"]:
            return Evidence.failed("integration failed")
        if case == "random":
            margin_val = -D["dec_max"] if flip else D["dec_min"]
            # Strictly increasing φ: z must drop between grid points (Δt = 0.5) by more than
            # the global error of two z values (2 × 10·(atol + rtol|z|)).
            return Evidence.lower_bound(
                margin_val, 0.0, tolerance=D["allow"],
                reason="min over trajectories and grid steps (Δt = 0.5) of the decrease of "
                       "z = ln tan(θ/2); tolerance = twice the global error allowance of z",
                detail={"n_trajectories": D["n"], "min_step_decrease": D["step_dec_min"]})
        expected = 0.8 * math.exp(-rate * 10.0)
        if not math.isinf(D["inv_z"]) or D["inv_z"] < 0:
            return Evidence.predicate(False, computed=D["inv_z"], claimed=math.inf,
                                      reason="φ0 = 0 must stay exactly 0 (z = +∞)")
        # On φ = 0, d ln r/dt = −κ/2 is constant: DP5 integrates it exactly up to rounding of
        # ~1e3 additions of O(5) numbers, ≲ 1e-12 in ln r, i.e. 1e-12 relative in r.
        return Evidence.agree(
            D["inv_r"], expected, atol=0.0, rtol=1e-9, uncertainty=1e-12 * expected,
            reason="r(10) from r0 = 0.8, φ0 = 0, L = 1 vs 0.8 e^{−5} = 0.005390 (digest §6.7, "
                   "relative 1e-9); uncertainty = rounding of the exact linear ln r",
            detail={"phi_stays_zero": True})
    return check


C07 = Claim(
    id="lee2022.phi_nondecreasing",
    title="P1: φ(t) never decreases (strictly increases for φ0 ∈ (0, π)); φ0 = 0 is invariant",
    statement="Along the balanced depth-L flow (L = 1..4, any κ > 0) φ(t) is strictly increasing "
              "for φ0 ∈ (0, π); φ0 = 0 stays 0 with r(t) = r0 e^{−κt/2} for L = 1 "
              "(r0 = 0.8: r(10) = 0.005390).",
    citation=_cite("digest §3 P1, §6.7"),
    source="R",
    method="ode",
    check=_p1_check(False, 0.5),
    cases=_p1_cases,
    derivation="deep_chain_ode",
    notes=_notes("Integrated in z = ln tan(θ/2) (dz/dt = −κ r^{L−2} φ/(2π) < 0), never arccos."),
)
C07.twin("phi_nonincreasing", title="P1 flipped: φ(t) is non-increasing",
         check=_p1_check(True, 0.5), cases=lambda p: ["random"])
C07.twin("invariant_rate", title="On φ0 = 0, r(t) = r0 e^{−κt} (rate doubled)",
         check=_p1_check(False, 1.0), cases=lambda p: ["invariant"])


# ============================================================================================
# 8. P2 + P3: one-layer envelopes; 9. P4: deep envelopes — monitored at every accepted step
# ============================================================================================

SLACK_P23 = 1e-7  # digest §6.8: slack 1e-7 in log (the envelopes touch at t = 0)
SLACK_P4 = 1e-6  # digest §6.9: slack 1e-6 in log


def _env1_monitors() -> dict[str, Callable]:
    def common(v):
        r0, z0, k, phi0 = v.param("r0"), v.param("z0"), v.param("kappa"), v.param("phi0")
        return r0, z0, k, phi0, g_fn(phi0)

    def r_lower(v):
        r0, _, k, _, g0 = common(v)
        e = np.exp(-0.5 * k * v.t)
        return v.log_r - np.log(r0 * e + g0 / np.pi * (1 - e))

    def r_upper(v):
        r0, _, k, _, _ = common(v)
        e = np.exp(-0.5 * k * v.t)
        return np.log(r0 * e + (1 - e)) - v.log_r

    def z_upper(v):  # tan(θ/2) ≤ tan(θ0/2) exp(−κ φ0 t/(2π r_max))
        r0, z0, k, phi0, _ = common(v)
        return z0 - k * phi0 * v.t / (2 * np.pi * np.maximum(r0, 1.0)) - v.z

    def z_lower(v):  # tan(θ/2) ≥ tan(θ0/2) exp(−κ t/(2 r_min))
        r0, z0, k, _, g0 = common(v)
        return v.z - (z0 - k * v.t / (2 * np.minimum(r0, g0 / np.pi)))

    # False twins' envelopes, monitored in the same pass.
    def tw_r_lower_full_rate(v):  # r ≥ r0 e + (1 − e): as if φ0 = π
        r0, _, k, _, _ = common(v)
        e = np.exp(-0.5 * k * v.t)
        return v.log_r - np.log(r0 * e + (1 - e))

    def tw_z_upper_no_r(v):  # angular rate without 1/r_max
        r0, z0, k, phi0, _ = common(v)
        return z0 - k * phi0 * v.t / (2 * np.pi) - v.z

    return {"r_lower": r_lower, "r_upper": r_upper, "z_upper": z_upper, "z_lower": z_lower,
            "tw_r_lower_full_rate": tw_r_lower_full_rate, "tw_z_upper_no_r": tw_z_upper_no_r}


def _env_data(ctx: Context, deep: bool):
    def run():
        p = ctx.profile
        rng = _base_ctx(ctx).rng("env")
        n = p.n(200, minimum=60)
        if deep:
            r0 = _log_uniform(rng, 0.05, 3.0, n)
            L = rng.integers(2, 5, n)
        else:
            r0 = _log_uniform(rng, 1e-3, 10.0, n)
            L = np.ones(n, dtype=int)
        theta0 = rng.uniform(0.05, math.pi - 0.05, n)
        kappa = rng.uniform(0.3, 3.0, n)
        rtol, atol = _ode_tols(p)
        T = 30.0 / kappa  # ≥ 15 time constants 2/κ: every trajectory has (nearly) converged
        mons = _env4_monitors() if deep else _env1_monitors()
        grid = np.linspace(0.0, 10.0, 201)  # for plots (T ≥ 10 for every κ ≤ 3)
        sol = integrate_batch(r0, theta0=theta0, depth=L, kappa=kappa, t_end=T, rtol=rtol,
                              atol=atol, monitors=mons, t_eval=grid)
        zmax = float(np.max(np.abs(np.concatenate([sol.z0, sol.z]))))
        return {"sol": sol, "min": {k: v for k, v in sol.monitor_min.items()},
                "allow": _global_allowance(rtol, atol, max(zmax, 10.0)), "n": n,
                "ok": bool(np.all(sol.status >= 0)), "grid": grid}

    return _memo(ctx, "env4" if deep else "env1", run)


def _env_check(deep: bool, names: tuple[str, ...], slack: float):
    def check(params: Any, ctx: Context) -> Evidence:
        D = _env_data(ctx, deep)
        if not D["ok"]:
            return Evidence.failed("integration failed for some trajectory")
        per = {k: float(np.min(D["min"][k])) for k in names}
        worst = min(per, key=per.get)
        # Margin = (bound side) + slack, in log units; tolerance = the solver's global error of
        # ln r or z (the slack is the digest's allowance for the envelopes touching at t = 0).
        return Evidence.lower_bound(
            per[worst] + slack, 0.0, tolerance=D["allow"],
            reason=f"min over {D['n']} trajectories and every accepted step of the log-margins "
                   f"{', '.join(names)}, plus slack {slack:g} (digest); tolerance = global "
                   "error allowance 10·(atol + rtol·|z|max)",
            detail={"per_bound_min": per, "worst_bound": worst})
    return check


def _plot_envelopes(deep: bool):
    def plot(result: Any, ctx: Context, png_path: str) -> None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        D = _env_data(ctx, deep)
        sol = D["sol"]
        t = D["grid"]
        fig, axes = plt.subplots(1, 2, figsize=(10, 4))
        lo_y = np.inf
        for i in range(min(5, sol.r0.size)):
            r0, k, L = sol.r0[i], sol.kappa[i], sol.depth[i]
            g0 = float(g_fn(sol.phi0[i]))
            (ln,) = axes[0].plot(t, sol.r_eval[i], lw=1.2)
            col = ln.get_color()
            tan_half = np.exp(sol.z_eval[i])
            lo_y = min(lo_y, float(np.nanmin(tan_half)))
            axes[1].semilogy(t, tan_half, lw=1.2, color=col)
            if not deep:
                e = np.exp(-0.5 * k * t)
                axes[0].fill_between(t, r0 * e + g0 / np.pi * (1 - e), r0 * e + (1 - e),
                                     color=col, alpha=0.15)
                rmin, rmax = min(r0, g0 / np.pi), max(r0, 1.0)
                lo = np.exp(sol.z0[i] - k * t / (2 * rmin))
                hi = np.exp(sol.z0[i] - k * sol.phi0[i] * t / (2 * np.pi * rmax))
            else:
                rmin, rmax = min(r0, (g0 / np.pi) ** (1 / L)), max(r0, 1.0)
                axes[0].fill_between(t, rmin, rmax, color=col, alpha=0.1)
                lo = np.exp(sol.z0[i] - k * rmax ** (L - 2) * t / 2)
                hi = np.exp(sol.z0[i] - k * sol.phi0[i] * rmin ** (L - 2) * t / (2 * np.pi))
            axes[1].fill_between(t, lo, hi, color=col, alpha=0.15)
        axes[1].set_ylim(max(lo_y, 1e-30) / 10, None)
        axes[0].set(xlabel="t", ylabel="r(t)", title="magnitude and its envelope")
        axes[1].set(xlabel="t", ylabel="tan(θ/2)", title="angle and its envelope")
        fig.suptitle(f"{result.id if result is not None else ''}")
        fig.tight_layout()
        fig.savefig(png_path, dpi=90)
        plt.close(fig)
    return plot


C08 = Claim(
    id="lee2022.envelope_one_layer",
    title="P2/P3: one-layer envelopes on r(t) and tan(θ(t)/2)",
    statement="L = 1, e = e^{−κt/2}: r0 e + (g(φ0)/π)(1−e) ≤ r(t) ≤ r0 e + (1−e), and with "
              "r_min = min(r0, g(φ0)/π), r_max = max(r0, 1): tan(θ0/2) e^{−κt/(2 r_min)} ≤ "
              "tan(θ/2) ≤ tan(θ0/2) e^{−κφ0 t/(2π r_max)}; r0 ∈ [1e-3, 10], θ0 ∈ [0.05, π−0.05].",
    citation=_cite("digest §3 P2, P3, §6.8"),
    source="R",
    method="ode",
    check=_env_check(False, ("r_lower", "r_upper", "z_upper", "z_lower"), SLACK_P23),
    derivation="single_neuron_ode",
    plot=_plot_envelopes(False),
    notes=_notes("Monitored at t0 and every accepted DP5 step of every trajectory."),
)
C08.twin("r_lower_full_rate", title="r(t) ≥ r0 e + (1 − e) (lower envelope at full rate)",
         check=_env_check(False, ("tw_r_lower_full_rate",), SLACK_P23))
C08.twin("angle_rate_without_r", title="tan(θ/2) ≤ tan(θ0/2) e^{−κφ0 t/(2π)} (r_max dropped)",
         check=_env_check(False, ("tw_z_upper_no_r",), SLACK_P23))


def _env4_monitors() -> dict[str, Callable]:
    def common(v):
        r0, z0, k, phi0, L = (v.param("r0"), v.param("z0"), v.param("kappa"), v.param("phi0"),
                              v.param("depth"))
        g0 = g_fn(phi0)
        rmin = np.minimum(r0, (g0 / np.pi) ** (1.0 / L))
        rmax = np.maximum(r0, 1.0)
        return r0, z0, k, phi0, L, rmin, rmax

    def r_lower(v):
        *_, rmin, _ = common(v)
        return v.log_r - np.log(rmin)

    def r_upper(v):
        *_, rmax = common(v)
        return np.log(rmax) - v.log_r

    def z_upper(v):  # tan(θ/2) ≤ tan(θ0/2) exp(−κ φ0 r_min^{L−2} t/(2π))
        r0, z0, k, phi0, L, rmin, rmax = common(v)
        return z0 - k * phi0 * rmin ** (L - 2) * v.t / (2 * np.pi) - v.z

    def z_lower(v):  # tan(θ/2) ≥ tan(θ0/2) exp(−κ r_max^{L−2} t/2)
        r0, z0, k, phi0, L, rmin, rmax = common(v)
        return v.z - (z0 - k * rmax ** (L - 2) * v.t / 2)

    def tw_z_upper_rmax(v):  # guaranteed angular rate with r_max in place of r_min
        r0, z0, k, phi0, L, rmin, rmax = common(v)
        return z0 - k * phi0 * rmax ** (L - 2) * v.t / (2 * np.pi) - v.z

    def tw_r_upper_one(v):  # r ≤ 1 (the max with r0 dropped)
        return -v.log_r

    return {"r_lower": r_lower, "r_upper": r_upper, "z_upper": z_upper, "z_lower": z_lower,
            "tw_z_upper_rmax": tw_z_upper_rmax, "tw_r_upper_one": tw_r_upper_one}


C09 = Claim(
    id="lee2022.envelope_deep",
    title="P4: deep (balanced, L = 2..4) envelopes on r(t) and tan(θ(t)/2)",
    statement="r(t) ∈ [r_min, r_max] = [min(r0, (g(φ0)/π)^{1/L}), max(r0, 1)] and "
              "tan(θ0/2) e^{−κ r_max^{L−2} t/2} ≤ tan(θ/2) ≤ "
              "tan(θ0/2) e^{−κφ0 r_min^{L−2} t/(2π)}.",
    citation=_cite("digest §3 P4, §6.9"),
    source="R",
    method="ode",
    check=_env_check(True, ("r_lower", "r_upper", "z_upper", "z_lower"), SLACK_P4),
    derivation="deep_chain_ode",
    plot=_plot_envelopes(True),
    notes=_notes("The balanced chain (a_k = ‖w‖) is the [R?] reconstruction of the paper's "
                 "multi-layer single neuron."),
)
C09.twin("angle_rate_r_max", title="Guaranteed angular rate with r_max^{L−2} instead of r_min",
         check=_env_check(True, ("tw_z_upper_rmax",), SLACK_P4))
C09.twin("r_at_most_one", title="r(t) ≤ 1 for every init (max with r0 dropped)",
         check=_env_check(True, ("tw_r_upper_one",), SLACK_P4))


# ============================================================================================
# 10. Conservation of a_k² − ‖w‖²; 11. balanced full flow = reduced ODE
# ============================================================================================

def _chain_cases(p: Profile) -> list[dict]:
    return [{"L": L} for L in (2, 3, 4)]


def _chain_all(ctx: Context, balanced: bool):
    def run():
        T = _flow_horizon(ctx.profile) * 0.6  # 15 (ci) / 7.2 (quick): the chain is faster
        t_eval = np.linspace(0.0, T, 31)
        d = 5
        out = {}
        for c in _chain_cases(ctx.profile):
            L = c["L"]
            rng = _base_ctx(ctx).rng("chain", L, int(balanced))
            r0 = float(rng.uniform(0.5, 1.2))
            theta0 = float(rng.uniform(0.5, 2.5))
            kappa = float(rng.uniform(0.5, 2.0))
            w0 = _random_w0(rng, d, r0, theta0)
            a0 = np.full(L - 1, r0) if balanced else rng.uniform(0.5, 1.5, L - 1)
            # Both solutions at rtol 1e-13 (DOP853 here, the core's DP5 below): at 1e-11 their
            # difference reached 1.0e-9 at some seeds (seed 203, L = 4) — the global error
            # grows with t beyond 10·rtol — and fell inside the 1e-9 ± 1e-10 band
            W, A = _full_flow(w0, a0, kappa, t_eval, rtol=CHAIN_RTOL, atol=1e-15)
            out[L] = {"W": W, "A": A, "t": t_eval, "r0": r0, "theta0": theta0, "kappa": kappa,
                      "a0": a0}
        if balanced:
            Ls = sorted(out)
            red = integrate_batch([out[L]["r0"] for L in Ls],
                                  theta0=[out[L]["theta0"] for L in Ls], depth=Ls,
                                  kappa=[out[L]["kappa"] for L in Ls], t_end=T, rtol=CHAIN_RTOL,
                                  atol=1e-15, t_eval=t_eval)
            for i, L in enumerate(Ls):
                out[L]["r_red"], out[L]["th_red"] = red.r_eval[i], red.theta_eval[i]
        return out

    return _memo(ctx, f"chain:{balanced}", run)


def _chain_data(params: dict, ctx: Context, balanced: bool):
    return _chain_all(ctx, balanced)[params["L"]]


def _cons_check(kind: str):
    def check(params: dict, ctx: Context) -> Evidence:
        worst = 0.0
        for bal in (False, True):
            D = _chain_data(params, ctx, bal)
            rw = np.linalg.norm(D["W"], axis=1)
            if kind == "squares":
                c = D["A"] ** 2 - (rw**2)[:, None]
            elif kind == "plain":
                c = D["A"] - rw[:, None]
            else:  # "sum"
                c = D["A"] ** 2 + (rw**2)[:, None]
            worst = max(worst, float(np.max(np.abs(c - c[0]))))
        return Evidence.agree(
            worst, 0.0, atol=FLOW_TOL, uncertainty=FLOW_UNC,
            reason="max_k,t |c_k(t) − c_k(0)| over an unbalanced and a balanced start, "
                   "d = 5, DOP853 rtol 1e-13 on t ∈ [0, 7.2 (quick) / 15]; allowed 1e-9 (digest "
                   "§6.10), "
                   "uncertainty 1e-10 = 10× the solver's global error on O(1) values")
    return check


C10 = Claim(
    id="lee2022.balancedness_conserved",
    title="a_k² − ‖w‖² is conserved by gradient flow (balanced or not)",
    statement="For the depth-L chain f = (∏a_k)σ(w·x), L = 2..4, gradient flow on all "
              "parameters keeps a_k(t)² − ‖w(t)‖² constant for every k.",
    citation=_cite("digest §2 (deep chain), §5.4, §6.10"),
    source="R",
    method="ode",
    check=_cons_check("squares"),
    cases=_chain_cases,
    notes=_notes("Full flow by the chain rule on numeric.population_gradient; the chain model "
                 "is [R?]."),
)
C10.twin("plain_difference", title="a_k − ‖w‖ is conserved (squares dropped)",
         check=_cons_check("plain"))
C10.twin("sum_of_squares", title="a_k² + ‖w‖² is conserved", check=_cons_check("sum"))


def _bal_check(params: dict, ctx: Context) -> Evidence:
    D = _chain_data(params, ctx, True)
    W, A = D["W"], D["A"]
    r_full = np.linalg.norm(W, axis=1)
    th_full = pair_angle(W, np.broadcast_to(_e1(W.shape[1]), W.shape))
    computed = np.concatenate([D["r_red"], D["th_red"], A.ravel()])
    claimed = np.concatenate([r_full, th_full, np.repeat(r_full, A.shape[1])])
    return Evidence.agree(
        computed, claimed, atol=FLOW_TOL, uncertainty=FLOW_UNC,
        reason=f"max |Δr|, |Δθ|, |a_k − ‖w‖| on t ∈ [0, {D['t'][-1]:g}]: full flow (DOP853, "
               "rtol 1e-13) vs reduced ODE (DP5, rtol 1e-13); allowed 1e-9 (digest §6.11), "
               "uncertainty 1e-10 ≥ 10× the global error of either solution")


def _bal_twin(params: dict, ctx: Context) -> Evidence:
    D = _chain_data(params, ctx, True)
    L, kappa = params["L"], D["kappa"]

    def f(t, y, idx):  # wrong angular power r^{L−1}
        dl, _ = reduced_rhs(y[:, 0], y[:, 1], float(L), kappa)
        _, dz = reduced_rhs(y[:, 0], y[:, 1], float(L + 1), kappa)
        return np.stack([dl, dz], axis=1)

    from numeric._reduced_ode import theta_to_z

    sol = solve_batch(f, [[math.log(D["r0"]), float(theta_to_z(D["theta0"]))]], D["t"][-1],
                      rtol=1e-9, atol=1e-12, t_eval=D["t"])
    W = D["W"]
    th_full = pair_angle(W, np.broadcast_to(_e1(W.shape[1]), W.shape))
    return Evidence.agree(z_to_angles(sol.y_eval[0, :, 1])[0], th_full, atol=FLOW_TOL,
                          uncertainty=FLOW_UNC, reason="as the claim, with φ̇ ∝ r^{L−1}")


C11 = Claim(
    id="lee2022.balanced_reduction",
    title="The balanced full deep flow equals the reduced ODE, with a_k(t) = ‖w(t)‖",
    statement="From a_k(0) = ‖w(0)‖ the full-parameter flow (L = 2..4, d = 5) satisfies "
              "ṙ = κ r^{L−1}[g/(2π) − r^L/2], φ̇ = κ r^{L−2} φ sinφ/(2π) and a_k(t) = r(t).",
    citation=_cite("digest §2 (balanced case), §5.4, §6.11"),
    source="R",
    method="ode",
    check=_bal_check,
    cases=_chain_cases,
    derivation="deep_chain_ode",
    notes=_notes("The balanced chain model is [R?]."),
)
C11.twin("angle_power_L_minus_1", title="Reduced angle ODE with r^{L−1} (wrong power)",
         check=_bal_twin)


# ============================================================================================
# 12. Orbit identity dφ/d ln r = φ sinφ/(g − π r^L), independent of κ
# ============================================================================================

def _orbit_data(ctx: Context):
    def run():
        import sympy as sp

        from symbolic import _derive as D

        rdot, phidot = _sympy_ode_from_loss()
        g = sp.sin(D.phi) - D.phi * sp.cos(D.phi)
        claimed = D.phi * sp.sin(D.phi) / (g - sp.pi * D.r**D.depth)
        resid = sp.simplify(sp.together(phidot / (rdot / D.r) - claimed))
        sym_zero = resid == 0
        # Numeric: the ratio from the full d-dimensional gradient (chain rule on
        # population_gradient), κ = 2.7, at random balanced states.
        rng = _base_ctx(ctx).rng("orbit")
        n = ctx.profile.n(60, minimum=20)
        d, kappa = 4, 2.7
        v = _e1(d)
        rows = []
        for _ in range(n):
            L = int(rng.integers(1, 4))
            r = float(np.exp(rng.uniform(np.log(0.2), np.log(2.0))))
            th = float(rng.uniform(0.1, math.pi - 0.1))
            w = _random_w0(rng, d, r, th)
            dw, _ = full_chain_rhs(w, np.full(L - 1, r), v, kappa)
            what = w / r
            rdot_n = float(what @ dw)
            e_perp = v - (v @ what) * what
            e_perp /= np.linalg.norm(e_perp)
            phidot_n = float(dw @ e_perp) / r  # θ̇ = −(ẇ·e⊥)/r, φ̇ = −θ̇
            phi = math.pi - th
            gg = float(g_fn(phi))
            rows.append((phidot_n, rdot_n / r, phi * math.sin(phi), gg - math.pi * r**L))
        return sym_zero, str(resid), np.array(rows)

    return _memo(ctx, "orbit", run)


def _orbit_check(kappa_factor: float):
    def check(params: Any, ctx: Context) -> Evidence:
        sym_zero, resid, rows = _orbit_data(ctx)
        phidot, lrdot, num, den = rows.T
        # Cross-multiplied: φ̇ (g − π r^L) = c · φ sinφ · (d ln r/dt), relative to the terms'
        # size; c = 1 for the claim (κ cancels), c = κ for the twin.
        c = kappa_factor
        lhs, rhs = phidot * den, c * num * lrdot
        rel = np.abs(lhs - rhs) / np.maximum(np.abs(lhs) + np.abs(rhs), 1e-300)
        if not sym_zero and kappa_factor == 1.0:
            return Evidence.predicate(False, computed=resid, claimed="0",
                                      reason="sympy residual of the orbit identity is not 0")
        return Evidence.agree(
            rel, 0.0, atol=1e-10, uncertainty=1e-13,
            reason="relative residual of the cross-multiplied identity at random states, "
                   "d = 4, κ = 2.7, from the full gradient; allowed 1e-10 (digest §6.12), "
                   "uncertainty ~ 500 eps of rounding in the gradient and products; sympy "
                   f"residual of the reduced ODE: {'0' if sym_zero else resid}",
            detail={"sympy_residual_zero": bool(sym_zero)})
    return check


C12 = Claim(
    id="lee2022.orbit_identity",
    title="Orbit: dφ/d ln r = φ sinφ/(g(φ) − π r^L), independent of κ",
    statement="Along the balanced depth-L flow, dφ/d ln r = φ sinφ/(g(φ) − π r^L) for every κ.",
    citation=_cite("digest §2 (orbit), §5.6, §6.12"),
    source="R",
    method="ode",
    check=_orbit_check(1.0),
    derivation="deep_chain_ode",
    notes=_notes("Symbolic (sympy on the ODE differentiated from the loss) and numeric (full "
                 "gradient at κ = 2.7) evidence; the numeric residual is the reported margin."),
)
C12.twin("kappa_scaled", title="dφ/d ln r = κ φ sinφ/(g − π r^L) (κ does not cancel)",
         check=_orbit_check(2.7))


# ============================================================================================
# 13. P5: r0^L ≤ g(φ0)/π ⇒ r non-decreasing; large-init counterexample as twin
# ============================================================================================

SLACK_P5 = 1e-9  # digest §6.13: slack 1e-9 (solver noise near r = 1)
P5_RTOL, P5_ATOL = 1e-11, 1e-14  # per-step error 2(atol + rtol|ln r|) ≤ 4e-10 < the slack


def _p5_cases(p: Profile) -> list[str]:
    return ["small_init"]


def _p5_data(ctx: Context, case: str):
    def run():
        rtol = P5_RTOL
        if case == "small_init":
            rng = _base_ctx(ctx).rng("p5")
            n = ctx.profile.n(200, minimum=50)
            L = rng.integers(1, 5, n)
            phi0 = rng.uniform(0.05, math.pi - 0.05, n)
            u = rng.uniform(0.01, 1.0, n)
            r0 = u * (g_fn(phi0) / np.pi) ** (1.0 / L)
            kappa = rng.uniform(0.3, 3.0, n)
            T = 20.0 / kappa  # 10 time constants 2/κ: r is within e^{-10} of its limit
        else:  # digest: r0 = 3, θ0 = 3.0, L = 1 dips to r ≈ 0.0577
            L, r0, kappa, T = np.array([1]), np.array([3.0]), np.array([1.0]), 30.0
            phi0 = np.array([math.pi - 3.0])
            rtol = 1e-9  # the counterexample's dip is O(1); no need for the tight tolerance
        mons = {
            "step_growth": lambda v: v.log_r - v.log_r_prev,
            "invariant": lambda v: np.log(g_fn(v.phi) / np.pi) - v.param("depth") * v.log_r,
            "log_r": lambda v: v.log_r,
            "abs_log_r": lambda v: -np.abs(v.log_r),
        }
        sol = integrate_batch(r0, phi0, depth=L, kappa=kappa, t_end=T, rtol=rtol,
                              atol=P5_ATOL, monitors=mons)
        return sol, rtol

    return _memo(ctx, f"p5:{case}", run)


def _p5_check(case_override: str | None):
    def check(case: str, ctx: Context) -> Evidence:
        sol, rtol = _p5_data(ctx, case_override or case)
        if not np.all(sol.status >= 0):
            return Evidence.failed("integration failed")
        grow = float(np.min(sol.monitor_min["step_growth"]))
        inv = float(np.min(sol.monitor_min["invariant"]))
        max_abs = -float(np.min(sol.monitor_min["abs_log_r"]))
        allow = 2 * (P5_ATOL + rtol * max_abs)
        marg = grow if case_override else min(grow, inv)
        return Evidence.lower_bound(
            marg + SLACK_P5, 0.0, tolerance=allow,
            reason="min over trajectories and accepted steps of Δ ln r (and of the invariant "
                   "margin ln(g(φ)/π) − L ln r), plus slack 1e-9 (digest §6.13); tolerance = "
                   "per-step error 2(atol + rtol·max|ln r|), rtol 1e-11",
            detail={"min_step_growth": grow, "min_invariant_margin": inv,
                    "min_r": float(np.exp(np.min(sol.monitor_min["log_r"])))})
    return check


C13 = Claim(
    id="lee2022.monotone_growth",
    title="P5: if r0^L ≤ g(φ0)/π then r(t) is non-decreasing",
    statement="The set {r^L ≤ g(φ)/π} is forward-invariant, so r0^L ≤ g(φ0)/π implies r(t) "
              "non-decreasing for all t (L = 1..4, any κ).",
    citation=_cite("digest §3 P5, §6.13"),
    source="R",
    method="ode",
    check=_p5_check(None),
    cases=_p5_cases,
    derivation="deep_chain_ode",
    notes=_notes("Echoes the authors' earlier 'norm strictly increases' [S, arXiv 2202.05510]."),
)
C13.twin("any_init", title="r(t) is non-decreasing for every init (r0 = 3, θ0 = 3.0, L = 1)",
         check=_p5_check("large_init"), cases=lambda p: ["large_init"],
         notes="Counterexample: r dips to ≈ 0.0577 before converging to 1 (digest §3 P5).")


# ============================================================================================
# 14. P6: escape-time bounds; 15. scaling Θ(r0^{−(L−2)}), Θ(log 1/r0), one layer not slowed
# ============================================================================================

THETA0_P6 = 2.0
RHO1 = 0.9


def _p6_cases(p: Profile) -> list[dict]:
    return [{"L": L, "r0": r0} for L in (2, 3, 4) for r0 in (0.1, 0.03, 0.01)]


def _p6_bounds(L: int, r0: float, kappa: float = 1.0, c_lower: float = 2.0):
    g0 = float(g_fn(math.pi - THETA0_P6))
    if L == 2:
        lower = c_lower * math.log(RHO1 / r0) / kappa
        # Upper for L = 2 [R, derived here]: d ln r/dt ≥ κ g0/(4π) while r² ≤ g0/(2π) — the
        # L → 2 limit of the digest's bound.
        upper = 4 * math.pi * math.log((g0 / (2 * math.pi)) ** 0.5 / r0) / (kappa * g0)
    else:
        p = L - 2
        lower = c_lower * (r0**-p - RHO1**-p) / (p * kappa)
        upper = 4 * math.pi * (r0**-p - (g0 / (2 * math.pi)) ** (-p / L)) / (p * kappa * g0)
    return lower, upper, (g0 / (2 * math.pi)) ** (1.0 / L)


def _p6_data(ctx: Context):
    def run():
        cases = _p6_cases(ctx.profile)
        L = np.array([c["L"] for c in cases])
        r0 = np.array([c["r0"] for c in cases])
        bounds = [_p6_bounds(c["L"], c["r0"]) for c in cases]
        log_level = np.log(np.array([b[2] for b in bounds]))

        # r^L = g(φ0)/(2π) comes first (level < 0.9), so only the r = 0.9 event is terminal:
        # integrating on past convergence would be stability-limited (rate κL/2) for no use.
        half_g = Event("half_g", lambda t, y, idx: y[:, 0] - log_level[idx])
        sol = integrate_batch(r0, theta0=THETA0_P6, depth=L, kappa=1.0,
                              t_end=np.array([20 * b[1] + 100 for b in bounds]), rtol=1e-10,
                              atol=1e-12,
                              events=[half_g, r_level_event(RHO1, name="rho1", terminal=True)])
        return {(c["L"], c["r0"]): (float(sol.events["rho1"][i]), float(sol.events["half_g"][i]))
                for i, c in enumerate(cases)}

    return _memo(ctx, "p6", run)


EVENT_TOL = 1e-7  # log-time tolerance of an event: DP5 rtol 1e-10 dense output + bisection


def _p6_check(c_lower: float):
    def check(case: dict, ctx: Context) -> Evidence:
        L, r0 = case["L"], case["r0"]
        T1, T2 = _p6_data(ctx)[(L, r0)]
        lo, up, _ = _p6_bounds(L, r0, c_lower=c_lower)
        if not (math.isfinite(T1) and math.isfinite(T2)):
            return Evidence.failed("an event was not reached", {"T_rho1": T1, "T_half_g": T2})
        m_lo = math.log(T1) - math.log(lo)
        m_up = math.log(up) - math.log(T2)
        return Evidence.lower_bound(
            min(m_lo, m_up), 0.0, tolerance=EVENT_TOL,
            reason="log margins of T(r = 0.9) ≥ lower and T(r^L = g(φ0)/2π) ≤ upper; "
                   "tolerance 1e-7 in log time (event located on the DP5 dense output, "
                   "rtol 1e-10, by bisection to 4 ulp)",
            detail={"T_rho1": T1, "lower": lo, "T_half_g": T2, "upper": up})
    return check


C14 = Claim(
    id="lee2022.escape_time_bounds",
    title="P6: escape-time bounds for L = 2, 3, 4",
    statement="θ0 = 2, κ = 1. L ≥ 3: T(r = 0.9) ≥ 2(r0^{−(L−2)} − 0.9^{−(L−2)})/((L−2)κ) and "
              "T(r^L = g(φ0)/2π) ≤ 4π(r0^{−(L−2)} − (g(φ0)/2π)^{−(L−2)/L})/((L−2)κ g(φ0)); "
              "L = 2: T(r = 0.9) ≥ 2 ln(0.9/r0)/κ and T(r² = g(φ0)/2π) ≤ "
              "4π ln((g(φ0)/2π)^{1/2}/r0)/(κ g(φ0)).",
    citation=_cite("digest §3 P6, §6.14"),
    source="R",
    method="ode",
    check=_p6_check(2.0),
    cases=_p6_cases,
    derivation="deep_chain_ode",
    notes=_notes("The L = 2 upper bound is derived here (the L → 2 limit of the digest's bound, "
                 "same comparison argument). Digest example L = 3, r0 = 0.01: 197.8 ≤ 439.0 and "
                 "435.2 ≤ 2823."),
)
C14.twin("lower_constant_8", title="Escape lower bound with constant 8 instead of 2",
         check=_p6_check(8.0))


CONF = 0.95  # confidence of the slope bands (two-sided Student t on linregress's stderr)
REL_SCALING = 0.05  # digest §6.15: 5% on the exponents / ratios


def _scaling_cases(p: Profile) -> list[dict]:
    return [{"kind": "slope", "L": L} for L in (1, 2, 3, 4)] + \
        [{"kind": "ratio", "L": L} for L in (3, 4)]


def _scaling_grid(L: int, p: Profile) -> np.ndarray:
    n = p.n(8, minimum=5)
    if L == 1:
        return np.geomspace(0.3, 3e-3, n)  # the digest's range
    if L == 2:
        return np.geomspace(1e-2, 1e-6, n)  # Θ(log): needs decades in ln(1/r0)
    return np.geomspace(1e-2, 1e-4, n)  # asymptotic regime: the additive O(1) time is < 2%


def _scaling_data(ctx: Context):
    def run():
        p = ctx.profile
        r0s, Ls = [], []
        for L in (1, 2, 3, 4):
            g = _scaling_grid(L, p)
            r0s.append(g)
            Ls.append(np.full(g.size, L))
        # the digest's ratio rows: r0 = 0.01 → 0.003
        r0s.append(np.array([0.01, 0.003, 0.01, 0.003]))
        Ls.append(np.array([3, 3, 4, 4]))
        r0 = np.concatenate(r0s)
        L = np.concatenate(Ls)
        t_end = 100.0 + 50.0 * r0 ** -(np.maximum(L - 2, 0).astype(float))
        sol = integrate_batch(r0, theta0=THETA0_P6, depth=L, kappa=1.0, t_end=t_end,
                              rtol=1e-10, atol=1e-12, events=[converged_event(1e-3, 1e-3)])
        T = sol.events["converged"]
        return {"r0": r0, "L": L, "T": T, "n_ratio": 4}

    return _memo(ctx, "scaling", run)


def _fit(x: np.ndarray, y: np.ndarray):
    from numeric.stats import fit_slope

    fit = fit_slope(x, y, conf=CONF)
    return fit.slope, fit.halfwidth


def _scaling_check(mode: str):
    """mode 'claim', 'twin_power' (exponent −(L−1)), 'twin_slowed' (one layer slowed)."""

    def check(case: dict, ctx: Context) -> Evidence:
        D = _scaling_data(ctx)
        L = case["L"]
        nr = D["n_ratio"]
        r0, Ls, T = D["r0"][:-nr], D["L"][:-nr], D["T"][:-nr]
        if case["kind"] == "ratio":
            rr, LL, TT = D["r0"][-nr:], D["L"][-nr:], D["T"][-nr:]
            sel = LL == L
            Tr = TT[sel]
            ratio = float(Tr[1] / Tr[0])
            p = (L - 2) if mode == "claim" else (L - 1)
            expected = (rr[sel][0] / rr[sel][1]) ** p
            return Evidence.agree(
                ratio, expected, atol=0.0, rtol=REL_SCALING, uncertainty=1e-6 * expected,
                reason="T(0.003)/T(0.01) vs (10/3)^{L−2}, 5% (digest §6.15); uncertainty = "
                       "event-time accuracy (1e-7 relative per time)",
                detail={"T": Tr.tolist()})
        sel = Ls == L
        x, y = np.log(r0[sel]), T[sel]
        if not np.all(np.isfinite(y)):
            return Evidence.failed("convergence not reached", {"L": L})
        if L >= 3:
            slope, half = _fit(x, np.log(y))
            p = -(L - 2) if mode == "claim" else -(L - 1)
            return Evidence.agree(
                slope, p, atol=REL_SCALING * abs(p), uncertainty=half,
                reason=f"log-log slope of T vs r0 (linregress over r0 ∈ [1e-4, 1e-2]) within "
                       f"5% of {p}; uncertainty = {int(CONF * 100)}% t-band of the slope",
                detail={"slope": slope, "band_half_width": half, "T": y.tolist()})
        if L == 2:
            if mode == "claim":
                slope, half = _fit(-x, y)  # T = c ln(1/r0) + B with c = 2/κ
                return Evidence.agree(
                    slope, 2.0, atol=REL_SCALING * 2.0, uncertainty=half,
                    reason="slope of T against ln(1/r0) equals 2/κ (Θ(log 1/r0), the lower "
                           f"bound's constant) within 5%; uncertainty = {int(CONF * 100)}% band",
                    detail={"slope": slope, "band_half_width": half})
            slope, half = _fit(x, np.log(y))  # twin: Θ(r0^{−1}), log-log slope −1
            return Evidence.agree(slope, -1.0, atol=REL_SCALING, uncertainty=half,
                                  reason="twin: log-log slope −1 for L = 2",
                                  detail={"slope": slope})
        slope, half = _fit(-x, y)  # L = 1: slope of T against ln(1/r0)
        if mode == "twin_slowed":
            return Evidence.interval(
                slope, slope - half, slope + half, 2.0 * (1 - REL_SCALING), side="at_least",
                reason="twin: one layer slowed like L = 2 (slope vs ln(1/r0) ≥ 1.9)")
        return Evidence.interval(
            slope, slope - half, slope + half, 0.0, side="at_most",
            reason="one layer: slope of T against ln(1/r0) ≤ 0 (not slowed by small init); "
                   f"{int(CONF * 100)}% t-band from linregress",
            detail={"T": y.tolist()})

    return check


def _plot_scaling(result: Any, ctx: Context, png_path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    D = _scaling_data(ctx)
    nr = D["n_ratio"]
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for L in (1, 2, 3, 4):
        sel = D["L"][:-nr] == L
        ax.loglog(D["r0"][:-nr][sel], D["T"][:-nr][sel], "o-", label=f"L = {L}")
    ax.set(xlabel="r0", ylabel="convergence time T (θ ≤ 1e-3, |r−1| ≤ 1e-3)",
           title="escape time vs init scale (θ0 = 2, κ = 1)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png_path, dpi=90)
    plt.close(fig)


C15 = Claim(
    id="lee2022.escape_time_scaling",
    title="P6: convergence time Θ(r0^{−(L−2)}) for L ≥ 3, Θ(log 1/r0) for L = 2, "
          "one layer not slowed",
    statement="θ0 = 2, κ = 1, T = first time θ ≤ 1e-3 and |r − 1| ≤ 1e-3. L = 3, 4: the log-log "
              "slope of T against r0 is −(L−2) (5%); L = 2: T grows like (2/κ) ln(1/r0); "
              "L = 1: T does not increase as r0 decreases; T(0.003)/T(0.01) ≈ (10/3)^{L−2}.",
    citation=_cite("digest §3 P6 (table), §6.15"),
    source="R",
    method="scaling",
    check=_scaling_check("claim"),
    cases=_scaling_cases,
    derivation="deep_chain_ode",
    plot=_plot_scaling,
    notes=_notes("[S, AI summary] 'small init accelerates one layer, decelerates deeper ones'. "
                 "Slope bands: scipy.stats.linregress stderr × Student t at 95%; the r0 ranges "
                 "sit in the asymptotic regime so the O(1) additive time biases the slope < 2%."),
)
C15.twin("one_power_more", title="T ∝ r0^{−(L−1)} (one power too many)",
         check=_scaling_check("twin_power"),
         cases=lambda p: [c for c in _scaling_cases(p) if c["L"] >= 2])
C15.twin("one_layer_slowed", title="One layer is slowed like L = 2: T ≳ 2 ln(1/r0)",
         check=_scaling_check("twin_slowed"), cases=lambda p: [{"kind": "slope", "L": 1}])


# ============================================================================================
# P7: alignment before growth (orbit equation; depth only changes the clock)
# ============================================================================================

RHO_P7 = 0.05  # ρ^L ≤ g(φ0)/π for θ0 = 2 and every L ≥ 1 (g(φ0)/π = 0.138)


def _h_rotation(phi0: float, phi: float) -> float:
    """H(φ) = ∫_{φ0}^{φ} g(s)/(s sin s) ds: the 'log-radius' a rotation φ0 → φ costs.

    quad (QUADPACK) with epsrel 1e-12; the integrand is smooth on [φ0, φ] ⊂ (0, π).
    """
    from scipy.integrate import quad

    val, _ = quad(lambda x: (math.sin(x) - x * math.cos(x)) / (x * math.sin(x)), phi0, phi,
                  epsabs=0.0, epsrel=1e-12)
    return val


def _p7_cases(p: Profile) -> list[dict]:
    return [{"L": L, "kind": k} for L in (1, 2, 3, 4) for k in ("bound", "monotone")]


def _p7_data(ctx: Context):
    def run():
        r0 = np.geomspace(1e-2, 1e-5, ctx.profile.n(8, minimum=4))
        Ls = np.repeat([1, 2, 3, 4], r0.size)
        r0s = np.tile(r0, 4)
        t_end = 100.0 + 50.0 * r0s ** -(np.maximum(Ls - 2, 0).astype(float))
        sol = integrate_batch(r0s, theta0=THETA0_P6, depth=Ls, kappa=1.0, t_end=t_end,
                              rtol=1e-10, atol=1e-12,
                              events=[r_level_event(RHO_P7, terminal=True, name="rho")])
        phi_at = z_to_angles(sol.raw.event_y["rho"][:, 1])[1]
        phi0 = math.pi - THETA0_P6
        H = np.array([_h_rotation(phi0, float(p)) if np.isfinite(p) else np.nan
                      for p in phi_at])
        return {"r0": r0s, "L": Ls, "phi": phi_at, "H": H, "logratio": np.log(RHO_P7 / r0s)}

    return _memo(ctx, "p7", run)


def _p7_check(depth_factor: bool):
    def check(case: dict, ctx: Context) -> Evidence:
        D = _p7_data(ctx)
        sel = D["L"] == case["L"]
        if not np.all(np.isfinite(D["H"][sel])):
            return Evidence.failed("r did not reach ρ", {"L": case["L"]})
        if case["kind"] == "bound":
            c = case["L"] if depth_factor else 1
            rel = D["H"][sel] / (c * D["logratio"][sel]) - 1.0
            # The error of H at the event: δφ ≲ rtol·|z| ≈ 1e-10 from the dense output (ln r is
            # located to 4 ulp), times dH/dφ = g/(φ sinφ) = O(1), plus quad's 1e-12, over
            # ln(ρ/r0) ≥ ln 5: ~1e-10; 1e-8 leaves a factor 100.
            return Evidence.lower_bound(
                float(np.min(rel)), 0.0, tolerance=1e-8,
                reason="H(φ(T_ρ))/ln(ρ/r0) − 1 ≥ 0 with H(φ) = ∫_{φ0}^{φ} g/(s sin s) ds, "
                       "from dφ/d ln r ≥ φ sinφ/g(φ) on {π r^L < g}; tolerance 1e-8 relative "
                       "(100× the event + quadrature error)",
                detail={"phi_at_rho": D["phi"][sel].tolist()})
        phis = D["phi"][sel]  # r0 decreasing along the grid
        inc = np.diff(phis)
        # φ(T_ρ) must grow as r0 shrinks by more than the event/angle error (~1e-9).
        return Evidence.lower_bound(
            float(np.min(inc)), 0.0, tolerance=1e-9,
            reason="φ(T_ρ) strictly increases as r0 decreases (rotation before growth grows "
                   "with ln(1/r0)); tolerance 1e-9 = event location error in φ",
            detail={"phi_at_rho": phis.tolist()})
    return check


C21 = Claim(
    id="lee2022.alignment_before_growth",
    title="P7: the rotation completed before the norm grows increases with ln(1/r0), any depth",
    statement="θ0 = 2, κ = 1, ρ = 0.05: the angle φ(T_ρ) when r first reaches ρ satisfies "
              "∫_{φ0}^{φ(T_ρ)} g(s)/(s sin s) ds ≥ ln(ρ/r0) for every L = 1..4 (depth only "
              "changes the clock dt ∝ r^{−(L−2)} d ln r), so it increases as r0 decreases.",
    citation=_cite("digest §3 P7 (from the orbit equation of §2)"),
    source="R",
    method="ode",
    check=_p7_check(False),
    cases=_p7_cases,
    derivation="deep_chain_ode",
    notes=_notes("The inequality is the integrated form of dφ/d ln r = φ sinφ/(g − π r^L) ≥ "
                 "φ sinφ/g on {π r^L < g}, which is forward-invariant from r0^L ≤ g(φ0)/π "
                 "(P5). It is independent of κ and of L, as the digest says."),
)
C21.twin("depth_slows_rotation", title="Deeper chains rotate L times more per e-fold of r: "
         "∫ g/(s sin s) ds ≥ L ln(ρ/r0)", check=_p7_check(True),
         cases=lambda p: [{"L": L, "kind": "bound"} for L in (2, 3, 4)])


# ============================================================================================
# GD on the population loss (P8, P9)
# ============================================================================================

def gd_map(r, theta, eta, kappa=1.0):
    """One GD step in (r, θ) (digest P8): w' = A ŵ + B v, atan2 form, no arccos.

    A = (1 − ηκ/2) r + (ηκ/2π) sinθ,  B = (ηκ/2π)(π − θ);
    θ' = atan2(A sinθ, A cosθ + B),  r' = hypot(A cosθ + B, A sinθ).
    """
    A = (1 - eta * kappa / 2) * r + eta * kappa / (2 * np.pi) * np.sin(theta)
    B = eta * kappa / (2 * np.pi) * (np.pi - theta)
    c = A * np.cos(theta) + B
    s = A * np.sin(theta)
    return np.hypot(c, s), np.arctan2(np.abs(s), c)


def _gd_full_step(w, eta, kappa):
    v = _e1(w.shape[-1])
    return w - eta * population_gradient(w[None], v[None], kappa=kappa)[0]


# 16. η ≤ 2/κ ⇒ θ strictly decreasing -----------------------------------------------------------

def _gd16_cases(p: Profile) -> list[str]:
    return ["map", "monotone"]


def _gd16_data(ctx: Context):
    def run():
        rng = _base_ctx(ctx).rng("gd16")
        # (a) the map equals a GD step on population_gradient
        errs = []
        for _ in range(ctx.profile.n(50, minimum=10)):
            d = 3
            r = float(np.exp(rng.uniform(np.log(1e-2), np.log(50))))
            th = float(rng.uniform(0.01, math.pi - 0.01))
            kappa = float(rng.uniform(0.3, 3.0))
            eta = float(rng.uniform(0.01, 4.0 / kappa))
            w = _plane(r, th, d)
            w1 = _gd_full_step(w, eta, kappa)
            r1, th1 = gd_map(r, th, eta, kappa)
            r_full = float(np.linalg.norm(w1))
            th_full = float(pair_angle(w1, _e1(d)))
            errs.append(max(abs(r1 - r_full) / max(r_full, 1e-300),
                            abs(th1 - th_full) / max(abs(th_full), 1e-3)))
        # (b) monotonicity over random starts with η ∈ (0, 2/κ]
        n = ctx.profile.n(2500, minimum=500)
        r = np.exp(rng.uniform(np.log(1e-2), np.log(50), n))
        th = rng.uniform(1e-3, math.pi - 1e-3, n)
        kappa = rng.uniform(0.3, 3.0, n)
        eta = rng.uniform(0.0, 1.0, n) * 2.0 / kappa
        eta[:n // 10] = 2.0 / kappa[:n // 10]  # the boundary η = 2/κ itself
        eta = np.maximum(eta, 1e-3)
        worst = np.inf
        for _ in range(400):
            r1, th1 = gd_map(r, th, eta, kappa)
            live = th > 1e-12
            if not np.any(live):
                break
            rel = (th[live] - th1[live]) / th[live]  # relative decrease per step
            worst = min(worst, float(np.min(rel)))
            r, th = r1, th1
        return float(max(errs)), worst, n

    return _memo(ctx, "gd16", run)


def _gd16_check(case: str, ctx: Context) -> Evidence:
    map_err, worst, n = _gd16_data(ctx)
    if case == "map":
        return Evidence.agree(
            map_err, 0.0, atol=1e-12, uncertainty=1e-14,
            reason="relative difference of the (r, θ) map and a float GD step on "
                   "population_gradient (atan2 angle); 1e-12 = room for ~1e3 eps of rounding "
                   "in the d = 3 step (the angle's error is relative to max(θ, 1e-3))")
    # Strict decrease: relative decrease per step must exceed rounding (θ' computed by one
    # atan2 of products: ≤ 8 eps relative).
    return Evidence.lower_bound(
        worst, 0.0, tolerance=8 * EPS,
        reason=f"min over {n} starts (r0 ∈ [1e-2, 50], η ∈ (0, 2/κ]) and steps with θ > 1e-12 "
               "of (θ_k − θ_{k+1})/θ_k; tolerance 8 eps (rounding of one map step)")


def _gd_eta35(case: Any, ctx: Context) -> Evidence:
    w = np.array([4.0, 3.0, 0.0])
    r, th = float(np.linalg.norm(w)), float(pair_angle(w, _e1(3)))
    seq = [th]
    for _ in range(3):
        r, th = gd_map(r, th, 3.5, 1.0)
        seq.append(float(th))
    dec = min(seq[i] - seq[i + 1] for i in range(len(seq) - 1))
    return Evidence.lower_bound(dec, 0.0, tolerance=8 * EPS,
                                reason="θ_k − θ_{k+1} at η = 3.5, w0 = (4, 3, 0)",
                                detail={"theta": seq})


C16 = Claim(
    id="lee2022.gd_theta_decreasing",
    title="P8: the exact GD map; η ≤ 2/κ ⇒ θ_k strictly decreasing",
    statement="GD on the population loss is w' = A ŵ + B v with A = (1−ηκ/2)r + (ηκ/2π)sinθ, "
              "B = (ηκ/2π)(π−θ); for η ≤ 2/κ, A > 0 and θ_k decreases strictly (never "
              "overshooting v), over r0 ∈ [1e-2, 50].",
    citation=_cite("digest §3 P8, §6.16"),
    source="R",
    method="gd",
    check=_gd16_check,
    cases=_gd16_cases,
    notes=_notes("[S] The abstract says the results carry over to GD; the condition η ≤ 2/κ is "
                 "the digest's, the paper's own learning-rate condition is unknown."),
)
C16.twin("eta_3_5", title="θ_k also decreases at η = 3.5 (w0 = (4, 3, 0))", check=_gd_eta35,
         cases=lambda p: ["example"],
         notes="θ runs 0.6435, 2.1502, 0.7219, … (digest §6.16).")


# 17. local contraction |1 − ηκ/2|; divergence at η = 4.1 ----------------------------------------

def _gd17_cases(p: Profile) -> list[dict]:
    return [{"eta": e, "kappa": 1.0} for e in (0.5, 1.0, 3.0)] + [{"eta": 0.5, "kappa": 2.0}]


def _gd17_ratios(eta: float, kappa: float):
    r, th = 1.0 + 1e-2, 1e-2
    hist = []
    while max(th, abs(r - 1)) > 1e-9 and len(hist) < 5000:
        r1, th1 = gd_map(r, th, eta, kappa)
        hist.append((th1 / th, abs(r1 - 1) / abs(r - 1)))
        r, th = r1, th1
    return np.array(hist), r, th


def _gd17_check(factor: Callable[[float, float], float]):
    def check(case: dict, ctx: Context) -> Evidence:
        eta, kappa = case["eta"], case["kappa"]
        hist, r, th = _gd17_ratios(eta, kappa)
        last, prev = hist[-1], hist[-2]
        expected = factor(eta, kappa)
        # uncertainty: how much the ratios still move (nonlinear O(θ, r − 1) remainder) plus
        # rounding of |r − 1| ~ 1e-9: eps/1e-9 ≈ 2e-7.
        unc = float(np.max(np.abs(last - prev))) + EPS / max(abs(r - 1), 1e-300)
        return Evidence.agree(
            last, expected, atol=1e-4, uncertainty=unc,
            reason="θ_{k+1}/θ_k and |r_{k+1}−1|/|r_k−1| once both are ≤ 1e-9 vs |1 − ηκ/2| "
                   "(digest §6.17, 1e-4)",
            detail={"steps": len(hist)})
    return check


def _gd_diverges(case: Any, ctx: Context) -> Evidence:
    r, th = 1.0 + 1e-3, 1e-3
    for _ in range(2000):
        r, th = gd_map(r, th, 4.1, 1.0)
    dist = float(max(abs(r - 1), th))
    return Evidence.upper_bound(dist, 1e-6, tolerance=1e-12,
                                reason="claimed convergence: distance to (1, 0) after 2000 steps "
                                       "≤ 1e-6 from a start 1e-3 away",
                                detail={"r": float(r), "theta": float(th)})


C17 = Claim(
    id="lee2022.gd_local_contraction",
    title="GD contracts θ and r − 1 by |1 − ηκ/2| per step near the optimum",
    statement="Near (r, θ) = (1, 0), θ_{k+1}/θ_k → |1 − ηκ/2| and |r_{k+1}−1|/|r_k−1| → "
              "|1 − ηκ/2| (0.75 at η = 0.5, 0.5 at η = 1 and 3, κ = 1); locally stable iff "
              "η < 4/κ.",
    citation=_cite("digest §3 P8, §6.17"),
    source="R",
    method="gd",
    check=_gd17_check(lambda e, k: abs(1 - e * k / 2)),
    # the local stability region ηκ < 4, without its edges (at ηκ < 0.05 or > 3.95 the factor
    # is within 0.025 of 1 and 5000 steps do not bring θ and r − 1 down to 1e-9) and without
    # |ηκ − 2| < 0.01, where the factor is < 0.005: there the quadratic remainder sets the
    # ratios (convergence is superlinear), which is not the rate the statement is about
    domain=Domain({"eta": Real(0.01, 8.0, log=True), "kappa": Real(0.25, 4.0, log=True)},
                  constraint=lambda c: (0.05 <= c["eta"] * c["kappa"] <= 3.95
                                        and abs(c["eta"] * c["kappa"] - 2.0) >= 0.01)),
    examples=_gd17_cases,
    notes=_notes("Searched over the local stability region 0.05 ≤ ηκ ≤ 3.95 beyond the "
                 "digest's four points. Near ηκ = 2 (|1 − ηκ/2| < 0.005) the linear factor "
                 "vanishes and the ratios measure the quadratic remainder instead; the aimed "
                 "search found that point (undecided at ηκ = 2), so it is excluded."),
)
C17.twin("factor_1_minus_eta", title="Contraction factor |1 − ηκ| (the ½ dropped)",
         check=_gd17_check(lambda e, k: abs(1 - e * k)))
C17.twin("converges_eta_4_1", title="GD converges at η = 4.1 > 4/κ", check=_gd_diverges,
         cases=lambda p: ["eta=4.1"])


# 18. GD–GF gap O(η) ------------------------------------------------------------------------------

def _gd18_data(ctx: Context):
    def run():
        etas = [0.2, 0.1, 0.05, 0.025]
        r0, th0, kappa, T = 0.5, 2.0, 1.0, 10.0
        grid = np.arange(0, int(round(T / etas[-1])) + 1) * etas[-1]
        # GF error at rtol 1e-10 is ≲ 1e-9 against gaps ≥ 1e-3: ratio uncertainty ~1e-6.
        gf = integrate_batch(r0, theta0=th0, kappa=kappa, t_end=T, rtol=1e-10, atol=1e-12,
                             t_eval=grid)
        Wgf = np.stack([gf.r_eval[0] * np.cos(gf.theta_eval[0]),
                        gf.r_eval[0] * np.sin(gf.theta_eval[0])], axis=1)
        errs = []
        for eta in etas:
            # GD through the exact map (claim lee2022.gd_theta_decreasing checks it equals a
            # step on population_gradient to 1e-12); w stays in the (v, w0) plane.
            r, th = r0, th0
            k_every = int(round(eta / etas[-1]))
            e = 0.0
            for k in range(1, int(round(T / eta)) + 1):
                r, th = gd_map(r, th, eta, kappa)
                wk = np.array([r * math.cos(th), r * math.sin(th)])
                e = max(e, float(np.linalg.norm(wk - Wgf[k * k_every])))
            errs.append(e)
        return etas, errs

    return _memo(ctx, "gd18", run)


def _gd18_cases(p: Profile) -> list[int]:
    return [0, 1, 2]


def _gd18_check(order: float):
    def check(i: int, ctx: Context) -> Evidence:
        etas, errs = _gd18_data(ctx)
        ratio = errs[i] / errs[i + 1]
        # GF reference error (rtol 1e-10) ≲ 1e-9 against errors ≥ 1e-3: ratio uncertainty 1e-5.
        return Evidence.agree(
            ratio, 2.0**order, atol=0.15, uncertainty=1e-5,
            reason=f"max_k ‖w_k − w(kη)‖ on [0, 10] at η = {etas[i]} over η = {etas[i + 1]} "
                   "(digest §6.18: 2 ± 0.15); GD by the exact map, GF by DP5 rtol 1e-10",
            detail={"errors": errs})
    return check


C18 = Claim(
    id="lee2022.gd_gf_gap",
    title="P9: the GD–GF gap on [0, 10] is O(η) (halving η halves it)",
    statement="With w0 = 0.5(cos 2, sin 2), κ = 1: max_k ‖w_k − w(kη)‖ on [0, 10] halves when η "
              "halves (ratio 2 ± 0.15, η = 0.2 → 0.025).",
    citation=_cite("digest §3 P9, §6.18"),
    source="R",
    method="gd",
    check=_gd18_check(1.0),
    cases=_gd18_cases,
    notes=_notes("The initial point is ours (the digest's is unstated)."),
)
C18.twin("second_order", title="The GD–GF gap is O(η²) (ratio 4)", check=_gd18_check(2.0))


# 19. GD balancedness drift η²((∂_a J)² − ‖∂_w J‖²) ----------------------------------------------

def _gd19_cases(p: Profile) -> list[dict]:
    return [{"L": L, "eta": eta} for L in (2, 3, 4) for eta in (0.01, 0.1, 0.5)]


def _gd19_check(power: int, coeff: float):
    def check(case: dict, ctx: Context) -> Evidence:
        from fractions import Fraction as Fr

        rng = _base_ctx(ctx).rng("gd19", case["L"], str(case["eta"]))
        L, eta, d = case["L"], case["eta"], 4
        w = _random_w0(rng, d, float(rng.uniform(0.4, 1.5)), float(rng.uniform(0.3, 2.8)))
        a = rng.uniform(0.5, 1.5, L - 1)
        # The identity is algebraic in the chain rule: ∂J/∂w = u g and ∂J/∂a_k = (u/a_k) w·g
        # for g = ∇𝓛₁(uw), whatever g is. So g is taken from the float closed form and
        # everything after it — the chain-rule gradients, the step, c before and after — is
        # exact rational arithmetic: the claim's difference is exactly 0 at every seed, and a
        # wrong power or coefficient leaves an exact, non-zero difference.
        u_f = float(np.prod(a))
        g = population_gradient((u_f * w)[None], _e1(d)[None], kappa=1.0)[0]
        E = Fr(eta)
        wq = [Fr(x) for x in w]
        aq = [Fr(x) for x in a]
        uq = Fr(1)
        for x in aq:
            uq *= x
        gq_base = [Fr(x) for x in g]
        gwq = [uq * x for x in gq_base]  # ∂J/∂w
        wg = sum(x * y for x, y in zip(wq, gq_base, strict=True))
        w1 = [x - E * gw for x, gw in zip(wq, gwq, strict=True)]
        ww = sum(x * x for x in wq)
        ww1 = sum(x * x for x in w1)
        gg = sum(x * x for x in gwq)
        drift, claimed, exact_gap = [], [], Fr(0)
        for ak in aq:
            gq = uq / ak * wg  # ∂J/∂a_k
            a1 = ak - E * gq
            dq = (a1 * a1 - ww1) - (ak * ak - ww)
            cq = Fr(coeff) * E**power * (gq * gq - gg)
            exact_gap = max(exact_gap, abs(dq - cq))
            drift.append(float(dq))
            claimed.append(float(cq))
        return Evidence.agree(
            float(exact_gap), 0.0, atol=1e-14, uncertainty=0.0,
            reason="max_k |Δc_k − η^p·coeff·((∂_a J)² − ‖∂_w J‖²)| in exact rationals (the "
                   "chain-rule gradients of a float ∇𝓛₁, the GD step and c); atol 1e-14 "
                   "(digest §6.19), uncertainty 0: nothing is rounded after g",
            detail={"drift": drift, "claimed": claimed})
    return check


C19 = Claim(
    id="lee2022.gd_balancedness_drift",
    title="GD breaks balancedness only at second order: Δc = η²((∂_a J)² − ‖∂_w J‖²)",
    statement="For one GD step on the depth-L chain, c = a_k² − ‖w‖² changes by exactly "
              "η²((∂_{a_k}J)² − ‖∂_w J‖²) (the first-order terms cancel since a_k∂_{a_k}J = "
              "w·∂_w J).",
    citation=_cite("digest §3 P9, §6.19"),
    source="R",
    method="exact",
    check=_gd19_check(2, 1.0),
    cases=_gd19_cases,
    notes=_notes(),
)
C19.twin("conserved", title="GD conserves a_k² − ‖w‖² exactly", check=_gd19_check(2, 0.0))
C19.twin("first_order", title="Δc = η((∂_a J)² − ‖∂_w J‖²) (first order)",
         check=_gd19_check(1, 1.0))


# 20. Finite-sample GD tracks the ODE -------------------------------------------------------------

def _gd20_cases(p: Profile) -> list[str]:
    return ["gaussian", "spherical"]


def _gd20_data(case: str, ctx: Context):
    def run():
        rng = _base_ctx(ctx).rng("gd20", case)
        d = 5
        N = max(20_000, ctx.profile.samples // 10)  # 2e4 quick, 1e5 ci, 1e6 thorough
        eta, steps = 0.1, 200  # horizon t = 20
        if case == "gaussian":
            X = rng.standard_normal((N, d))
            kappa = 1.0
        else:
            X = _sample_spherical(rng, N, d, 3.0)
            kappa = 3.0**2 / (3 * d)  # Eρ² = 3 for ρ ~ U(0, 3): κ = 3/5 = 0.6
        v = _e1(d)
        y = np.maximum(X @ v, 0.0)
        w = _random_w0(rng, d, 0.5, 2.0)
        Ws = np.empty((steps + 1, d))
        Ws[0] = w
        for k in range(steps):
            pre = X @ w
            resid = np.maximum(pre, 0.0) - y
            grad = ((pre > 0) * resid) @ X / N
            w = w - eta * grad
            Ws[k + 1] = w
        t = eta * np.arange(steps + 1)
        rs = np.linalg.norm(Ws, axis=1)
        ths = pair_angle(Ws, np.broadcast_to(v, Ws.shape))
        return rs, ths, t, kappa, N, eta

    return _memo(ctx, f"gd20:{case}", run)


def _gd20_check(use_kappa: bool):
    def check(case: str, ctx: Context) -> Evidence:
        rs, ths, t, kappa, N, eta = _gd20_data(case, ctx)
        k = kappa if use_kappa else 1.0

        def ode_run():  # both κ in one batch, shared by the claim and its twin
            return integrate_batch(0.5, theta0=2.0, kappa=[kappa, 1.0], t_end=float(t[-1]),
                                   rtol=1e-10, atol=1e-12, t_eval=t)

        ode = _memo(ctx, f"gd20ode:{case}", ode_run)
        j = 0 if use_kappa else 1
        dev = max(float(np.max(np.abs(ode.r_eval[j] - rs))),
                  float(np.max(np.abs(ode.theta_eval[j] - ths))))
        # Allowed deviation: the digest's 3e-2 at N = 2e5, scaled as 1/√N (sampling error of
        # the empirical gradient), plus the GD–GF gap ≈ 0.1 η (claim 18 measured ~0.07 η).
        allowed = 3e-2 * math.sqrt(2e5 / N) + 0.1 * eta
        return Evidence.upper_bound(
            dev, allowed, tolerance=1e-9,
            reason=f"max |Δr|, |Δθ| on t ∈ [0, 20], N = {N}, η = {eta}, ODE with κ = {k:g}; "
                   "allowed = 3e-2·√(2e5/N) + 0.1η (digest §6.20 scaled by 1/√N, plus the "
                   "O(η) GD–GF gap)",
            detail={"kappa_data": kappa})
    return check


C20 = Claim(
    id="lee2022.finite_sample_gd",
    title="Finite-sample GD tracks the population ODE (time scaled by κ for spherical data)",
    statement="GD on N samples (d = 5; Gaussian, or spherical with ρ ~ U(0,3), κ = 0.6) stays "
              "within ~3e-2·√(2e5/N) of the (r, θ) ODE with κ (digest: 3e-2 at N = 2e5).",
    citation=_cite("digest §5.3, §6.20"),
    source="R",
    method="montecarlo",
    check=_gd20_check(True),
    cases=_gd20_cases,
    derivation="single_neuron_ode",
    notes=_notes("The tolerance is the digest's measured deviation scaled by 1/√N; it is "
                 "empirical, not a proved bound."),
)
C20.twin("no_time_rescale", title="Spherical data follow the Gaussian ODE (κ = 1, no rescale)",
         check=_gd20_check(False), cases=lambda p: ["spherical"])


ALL: list[Claim] = [C01, C01_MC, C02, C03, C04, C05, C06, C07, C08, C09, C10, C11, C12, C13,
                    C14, C15, C21, C16, C17, C18, C19, C20]
DEEP_NOTE = ("The multi-layer model (width-1 chain f = (∏a_k)σ(w·x), balanced a_k = ‖w‖) is the "
             "digest's [R?] reconstruction of the paper's deep single neuron.")
_DEEP_IDS = {"lee2022.ode_from_loss", "lee2022.phi_nondecreasing", "lee2022.envelope_deep",
             "lee2022.balancedness_conserved", "lee2022.balanced_reduction",
             "lee2022.orbit_identity", "lee2022.monotone_growth", "lee2022.escape_time_bounds",
             "lee2022.escape_time_scaling", "lee2022.gd_balancedness_drift",
             "lee2022.alignment_before_growth"}
for _c in ALL:
    if _c.id in _DEEP_IDS and "[R?]" not in _c.notes:
        _c.notes = f"{_c.notes} {DEEP_NOTE}"
_register_all(ALL)

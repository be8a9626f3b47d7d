"""The full-parameter flows (d-dimensional w, explicit a_k) that the reduced (r, φ) ODE is
compared with, the deep-chain simulations two claims read, and the solver tolerances of the
reduced integrations."""

from __future__ import annotations

import numpy as np

from numeric import integrate_batch, population_gradient
from proofs_checks.kit import Context, Profile

from . import paper
from .setup import e1, random_w0

FLOW_TOL = 1e-9  # agreement / drift of the full and reduced flows to 1e-9
FLOW_RTOL = 1e-11  # global error ≲ 10·rtol·|y| = 1e-10 on O(1) values, < 1e-9
FLOW_UNC = 1e-10  # uncertainty of a difference of two such solutions (10·rtol on O(1) values)
CHAIN_RTOL = 1e-13  # the deep-chain comparisons: global errors ~1e-11, well inside FLOW_UNC


def ode_tols(profile: Profile) -> tuple[float, float]:
    """(rtol, atol) for envelope integrations: never looser than 1e-10.

    The envelope slacks (1e-7, 1e-6 in log) must exceed the solver's global error, ~10·rtol·|z|
    with |z| ≤ ~25 over our horizons, so rtol ≤ 1e-10 whatever the profile says.
    """
    return min(profile.ode_rtol, 1e-10), 1e-12


def global_allowance(rtol: float, atol: float, scale: float) -> float:
    """Global error allowance of a DP5 solution component of size ``scale``.

    The flows here contract (all trajectories converge to (1, π)), so local errors do not grow;
    10× the local tolerance covers their accumulation (measured against DOP853 at rtol 1e-13 on
    30 random envelope problems: ≤ 0.45× at t_end; tests/test_lee2022.py asserts ≤ 10×).
    """
    return 10.0 * (atol + rtol * scale)


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


def full_flow(w0, a0, kappa, t_eval, rtol=1e-11, atol=1e-13):
    """Integrate the full flow with DOP853 (8th order): the independent reference.

    At rtol 1e-11 the global error is ~1e-11 on O(1) values, ≪ FLOW_UNC = 1e-10.
    """
    from scipy.integrate import solve_ivp

    d = w0.size
    v = e1(d)

    def f(t, y):
        dw, da = full_chain_rhs(y[:d], y[d:], v, kappa)
        return np.concatenate([dw, da])

    sol = solve_ivp(f, (0.0, float(t_eval[-1])), np.concatenate([w0, a0]), method="DOP853",
                    rtol=rtol, atol=atol, t_eval=t_eval)
    if not sol.success:
        raise RuntimeError(f"full flow failed: {sol.message}")
    return sol.y[:d].T, sol.y[d:].T


def chain_cases(p: Profile) -> list[dict]:
    return [{"L": L} for L in (2, 3, 4)]


def chain_runs(ctx: Context, balanced: bool) -> dict:
    """Full-parameter flows of the depth-L chain (L = 2, 3, 4, d = 5) from a balanced
    (a_k = ‖w‖) or an unbalanced start, and for the balanced one the reduced ODE alongside.
    Drawn and cached per claim (each claim that reads them has its own draws)."""

    def run():
        # 15 (ci) / 7.2 (quick): the chain is faster than one neuron
        T = paper.setting("flow_horizon", ctx) * 0.6
        t_eval = np.linspace(0.0, T, 31)
        d = 5
        out = {}
        for c in chain_cases(ctx.profile):
            L = c["L"]
            rng = ctx.rng("chain", L, int(balanced))
            r0 = float(rng.uniform(0.5, 1.2))
            theta0 = float(rng.uniform(0.5, 2.5))
            kappa = float(rng.uniform(0.5, 2.0))
            w0 = random_w0(rng, d, r0, theta0)
            a0 = np.full(L - 1, r0) if balanced else rng.uniform(0.5, 1.5, L - 1)
            # Both solutions at rtol 1e-13 (DOP853 here, the core's DP5 below): at 1e-11 their
            # difference reached 1.0e-9 at some seeds (seed 203, L = 4) — the global error
            # grows with t beyond 10·rtol — and fell inside the 1e-9 ± 1e-10 band
            W, A = full_flow(w0, a0, kappa, t_eval, rtol=CHAIN_RTOL, atol=1e-15)
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

    return ctx.shared(f"chain:{balanced}", run)

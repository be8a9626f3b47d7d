"""From a balanced start the full deep-chain flow is the reduced ODE, with a_k(t) = ‖w(t)‖."""

from __future__ import annotations

import math

import numpy as np

from numeric import pair_angle, reduced_rhs, solve_batch, theta_to_z, z_to_angles
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import e1, notes
from .setup_flows import FLOW_TOL, FLOW_UNC, chain_cases, chain_runs


def check(params: dict, ctx: Context) -> Evidence:
    D = chain_runs(ctx, True)[params["L"]]
    W, A = D["W"], D["A"]
    r_full = np.linalg.norm(W, axis=1)
    th_full = pair_angle(W, np.broadcast_to(e1(W.shape[1]), W.shape))
    computed = np.concatenate([D["r_red"], D["th_red"], A.ravel()])
    claimed = np.concatenate([r_full, th_full, np.repeat(r_full, A.shape[1])])
    # 1e-9 agreement; uncertainty 1e-10 ≥ 10× the global error of either solution (rtol 1e-13)
    return Evidence.agree(
        computed, claimed, atol=FLOW_TOL, uncertainty=FLOW_UNC,
        reason=f"max |Δr|, |Δθ|, |a_k − ‖w‖| on t ∈ [0, {D['t'][-1]:g}]: full flow (DOP853, "
               "rtol 1e-13) vs reduced ODE (DP5, rtol 1e-13); allowed 1e-9, "
               "uncertainty 1e-10 ≥ 10× the global error of either solution")


def angle_power_too_high(params: dict, ctx: Context) -> Evidence:
    """The twin: the full flow's angle against a reduced ODE with φ̇ ∝ r^{L−1}."""
    D = chain_runs(ctx, True)[params["L"]]
    L, kappa = params["L"], D["kappa"]

    def f(t, y, idx):  # wrong angular power r^{L−1}
        dl, _ = reduced_rhs(y[:, 0], y[:, 1], float(L), kappa)
        _, dz = reduced_rhs(y[:, 0], y[:, 1], float(L + 1), kappa)
        return np.stack([dl, dz], axis=1)

    sol = solve_batch(f, [[math.log(D["r0"]), float(theta_to_z(D["theta0"]))]], D["t"][-1],
                      rtol=1e-9, atol=1e-12, t_eval=D["t"])
    W = D["W"]
    th_full = pair_angle(W, np.broadcast_to(e1(W.shape[1]), W.shape))
    return Evidence.agree(z_to_angles(sol.y_eval[0, :, 1])[0], th_full, atol=FLOW_TOL,
                          uncertainty=FLOW_UNC, reason="as the claim, with φ̇ ∝ r^{L−1}")


claim = paper.claim(
    "balanced_reduction", where="deep chain, balanced case (reconstructed)",
    title="The balanced full deep flow equals the reduced ODE, with a_k(t) = ‖w(t)‖",
    statement="From a_k(0) = ‖w(0)‖ the full-parameter flow (L = 2..4, d = 5) satisfies "
              "ṙ = κ r^{L−1}[g/(2π) − r^L/2], φ̇ = κ r^{L−2} φ sinφ/(2π) and a_k(t) = r(t).",
    source="R", method="ode", cases=chain_cases, derivation="deep_chain_ode",
    notes=notes("The balanced chain model is [R?] (docs/theory/lee2022.md, 'Deep chain and "
                "balancedness')."),
)(check)

claim.twin("angle_power_L_minus_1", title="Reduced angle ODE with r^{L−1} (wrong power)",
           check=angle_power_too_high)

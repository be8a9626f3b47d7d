"""P1: φ(t) never decreases (strictly increases for φ0 ∈ (0, π)); φ0 = 0 is invariant."""

from __future__ import annotations

import math

import numpy as np

from numeric import integrate_batch
from proofs_checks.kit import Context, Evidence, Profile

from . import paper
from .setup import log_uniform, notes
from .setup_flows import global_allowance, ode_tols


def cases(p: Profile) -> list[str]:
    return ["random", "invariant"]


def _runs(ctx: Context) -> dict:
    """Random balanced flows (L = 1..4) on a grid of Δt = 0.5, and the invariant start φ0 = 0."""

    def run():
        p = ctx.profile
        rng = ctx.rng("p1")
        n = p.n(250, minimum=50)
        r0 = log_uniform(rng, 0.1, 5.0, n)
        phi0 = rng.uniform(0.05, math.pi - 0.05, n)
        L = rng.integers(1, 5, n)
        kappa = rng.uniform(0.3, 3.0, n)
        rtol, atol = ode_tols(p)
        T = 20.0
        grid = np.linspace(0.0, T, 41)

        def step_dec(view):  # z decrease on every accepted step (φ increase)
            return view.z_prev - view.z

        sol = integrate_batch(r0, phi0, depth=L, kappa=kappa, t_end=T, rtol=rtol, atol=atol,
                              t_eval=grid, monitors={"step_dec": step_dec})
        z = sol.z_eval
        dec = z[:, :-1] - z[:, 1:]
        allow = 2 * global_allowance(rtol, atol, float(np.nanmax(np.abs(z))))
        inv = integrate_batch(0.8, 0.0, depth=1, kappa=1.0, t_end=10.0, rtol=rtol, atol=atol)
        return {"dec_min": float(np.nanmin(dec)), "dec_max": float(np.nanmax(dec)),
                "allow": allow, "step_dec_min": float(np.min(sol.monitor_min["step_dec"])),
                "status_ok": bool(np.all(sol.status >= 0)), "n": n,
                "inv_r": float(inv.r[0]), "inv_z": float(inv.z[0]), "rtol": rtol}

    return ctx.shared("p1", run)


def check(case: str, ctx: Context, *, nonincreasing: bool, invariant_rate: float) -> Evidence:
    D = _runs(ctx)
    if not D["status_ok"]:
        return Evidence.failed("integration failed")
    if case == "random":
        margin_val = -D["dec_max"] if nonincreasing else D["dec_min"]
        # Strictly increasing φ: z must drop between grid points (Δt = 0.5) by more than
        # the global error of two z values (2 × 10·(atol + rtol|z|)).
        return Evidence.lower_bound(
            margin_val, 0.0, tolerance=D["allow"],
            reason="min over trajectories and grid steps (Δt = 0.5) of the decrease of "
                   "z = ln tan(θ/2); tolerance = twice the global error allowance of z",
            detail={"n_trajectories": D["n"], "min_step_decrease": D["step_dec_min"]})
    expected = 0.8 * math.exp(-invariant_rate * 10.0)
    if not math.isinf(D["inv_z"]) or D["inv_z"] < 0:
        return Evidence.predicate(False, computed=D["inv_z"], claimed=math.inf,
                                  reason="φ0 = 0 must stay exactly 0 (z = +∞)")
    # On φ = 0, d ln r/dt = −κ/2 is constant: DP5 integrates it exactly up to rounding of
    # ~1e3 additions of O(5) numbers, ≲ 1e-12 in ln r, i.e. 1e-12 relative in r.
    return Evidence.agree(
        D["inv_r"], expected, atol=0.0, rtol=1e-9, uncertainty=1e-12 * expected,
        reason="r(10) from r0 = 0.8, φ0 = 0, L = 1 vs 0.8 e^{−5} = 0.005390 (relative 1e-9); "
               "uncertainty = rounding of the exact linear ln r",
        detail={"phi_stays_zero": True})


claim = paper.claim(
    "phi_nondecreasing", where="P1 (reconstructed)",
    title="P1: φ(t) never decreases (strictly increases for φ0 ∈ (0, π)); φ0 = 0 is invariant",
    statement="Along the balanced depth-L flow (L = 1..4, any κ > 0) φ(t) is strictly increasing "
              "for φ0 ∈ (0, π); φ0 = 0 stays 0 with r(t) = r0 e^{−κt/2} for L = 1 "
              "(r0 = 0.8: r(10) = 0.005390).",
    source="R", method="ode", cases=cases, derivation="deep_chain_ode",
    settings={"nonincreasing": False, "invariant_rate": 0.5},
    notes=notes("Integrated in z = ln tan(θ/2) (dz/dt = −κ r^{L−2} φ/(2π) < 0), never arccos "
                "(docs/theory/lee2022.md, 'P1: the angle never decreases').", deep=True),
)(check)

claim.twin("phi_nonincreasing", title="P1 flipped: φ(t) is non-increasing",
           nonincreasing=True, cases=lambda p: ["random"])
claim.twin("invariant_rate", title="On φ0 = 0, r(t) = r0 e^{−κt} (rate doubled)",
           invariant_rate=1.0, cases=lambda p: ["invariant"])

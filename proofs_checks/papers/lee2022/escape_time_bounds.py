"""P6: lower and upper bounds on the escape times from a small init, L = 2, 3, 4."""

from __future__ import annotations

import math

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import notes
from .setup_escape import EVENT_TOL, escape_bounds, escape_cases, escape_times


def check(case: dict, ctx: Context, *, c_lower: float) -> Evidence:
    L, r0 = case["L"], case["r0"]
    T1, T2 = escape_times(ctx)[(L, r0)]
    lo, up, _ = escape_bounds(L, r0, c_lower=c_lower)
    if not (math.isfinite(T1) and math.isfinite(T2)):
        return Evidence.failed("an event was not reached", {"T_rho1": T1, "T_half_g": T2})
    m_lo = math.log(T1) - math.log(lo)
    m_up = math.log(up) - math.log(T2)
    # 1e-7 in log time: the events are located on the DP5 dense output (rtol 1e-10)
    return Evidence.lower_bound(
        min(m_lo, m_up), 0.0, tolerance=EVENT_TOL,
        reason="log margins of T(r = 0.9) ≥ lower and T(r^L = g(φ0)/2π) ≤ upper; "
               "tolerance 1e-7 in log time (event located on the DP5 dense output, "
               "rtol 1e-10, by bisection to 4 ulp)",
        detail={"T_rho1": T1, "lower": lo, "T_half_g": T2, "upper": up})


claim = paper.claim(
    "escape_time_bounds", where="P6 (reconstructed)",
    title="P6: escape-time bounds for L = 2, 3, 4",
    statement="θ0 = 2, κ = 1. L ≥ 3: T(r = 0.9) ≥ 2(r0^{−(L−2)} − 0.9^{−(L−2)})/((L−2)κ) and "
              "T(r^L = g(φ0)/2π) ≤ 4π(r0^{−(L−2)} − (g(φ0)/2π)^{−(L−2)/L})/((L−2)κ g(φ0)); "
              "L = 2: T(r = 0.9) ≥ 2 ln(0.9/r0)/κ and T(r² = g(φ0)/2π) ≤ "
              "4π ln((g(φ0)/2π)^{1/2}/r0)/(κ g(φ0)).",
    source="R", method="ode", cases=escape_cases, derivation="deep_chain_ode",
    settings={"c_lower": 2.0},
    notes=notes("The L = 2 upper bound is derived here (the L → 2 limit of the L ≥ 3 bound, "
                "same comparison argument). Example L = 3, r0 = 0.01: 197.8 ≤ 439.0 and "
                "435.2 ≤ 2823 (docs/theory/lee2022.md, 'P6: escape times').", deep=True),
)(check)

claim.twin("lower_constant_8", title="Escape lower bound with constant 8 instead of 2",
           c_lower=8.0)

"""P6: convergence time Θ(r0^{−(L−2)}) for L ≥ 3, Θ(log 1/r0) for L = 2, one layer not slowed."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence, Profile

from . import paper
from .setup import notes
from .setup_escape import CONF, REL_SCALING, convergence_times, plot_scaling, slope

BAND = f"{int(CONF * 100)}% t-band"


def cases(p: Profile) -> list[dict]:
    return [{"kind": "slope", "L": L} for L in (1, 2, 3, 4)] + \
        [{"kind": "ratio", "L": L} for L in (3, 4)]


def _ratio(L: int, D: dict, mode: str) -> Evidence:
    nr = D["n_ratio"]
    rr, LL, TT = D["r0"][-nr:], D["L"][-nr:], D["T"][-nr:]
    sel = LL == L
    Tr = TT[sel]
    ratio = float(Tr[1] / Tr[0])
    p = (L - 2) if mode == "claim" else (L - 1)
    expected = (rr[sel][0] / rr[sel][1]) ** p
    # 5% on the ratio; uncertainty = event-time accuracy (1e-7 relative per time)
    return Evidence.agree(
        ratio, expected, atol=0.0, rtol=REL_SCALING, uncertainty=1e-6 * expected,
        reason="T(0.003)/T(0.01) vs (10/3)^{L−2}, 5%; uncertainty = "
               "event-time accuracy (1e-7 relative per time)",
        detail={"T": Tr.tolist()})


def check(case: dict, ctx: Context, *, mode: str) -> Evidence:
    """``mode``: 'claim', 'one_power_more' (exponent −(L−1)), 'one_layer_slowed'."""
    D = convergence_times(ctx)
    L = case["L"]
    if case["kind"] == "ratio":
        return _ratio(L, D, mode)
    nr = D["n_ratio"]
    r0, Ls, T = D["r0"][:-nr], D["L"][:-nr], D["T"][:-nr]
    sel = Ls == L
    x, y = np.log(r0[sel]), T[sel]
    if not np.all(np.isfinite(y)):
        return Evidence.failed("convergence not reached", {"L": L})
    if L >= 3:
        s, half = slope(x, np.log(y))
        p = -(L - 2) if mode == "claim" else -(L - 1)
        # 5% on the exponent; the r0 range keeps the O(1) additive time's bias below 2%
        return Evidence.agree(
            s, p, atol=REL_SCALING * abs(p), uncertainty=half,
            reason=f"log-log slope of T vs r0 (least squares over r0 ∈ [1e-4, 1e-2]) within "
                   f"5% of {p}; uncertainty = {BAND} of the slope",
            detail={"slope": s, "band_half_width": half, "T": y.tolist()})
    if L == 2:
        if mode == "claim":
            s, half = slope(-x, y)  # T = c ln(1/r0) + B with c = 2/κ
            return Evidence.agree(
                s, 2.0, atol=REL_SCALING * 2.0, uncertainty=half,
                reason="slope of T against ln(1/r0) equals 2/κ (Θ(log 1/r0), the lower "
                       f"bound's constant) within 5%; uncertainty = {BAND}",
                detail={"slope": s, "band_half_width": half})
        s, half = slope(x, np.log(y))  # twin: Θ(r0^{−1}), log-log slope −1
        return Evidence.agree(s, -1.0, atol=REL_SCALING, uncertainty=half,
                              reason="twin: log-log slope −1 for L = 2", detail={"slope": s})
    s, half = slope(-x, y)  # L = 1: slope of T against ln(1/r0)
    if mode == "one_layer_slowed":
        return Evidence.interval(
            s, s - half, s + half, 2.0 * (1 - REL_SCALING), side="at_least",
            reason="twin: one layer slowed like L = 2 (slope vs ln(1/r0) ≥ 1.9)")
    return Evidence.interval(
        s, s - half, s + half, 0.0, side="at_most",
        reason="one layer: slope of T against ln(1/r0) ≤ 0 (not slowed by small init); "
               f"{BAND} of the least-squares slope",
        detail={"T": y.tolist()})


claim = paper.claim(
    "escape_time_scaling", where="P6, convergence-time table (reconstructed)",
    title="P6: convergence time Θ(r0^{−(L−2)}) for L ≥ 3, Θ(log 1/r0) for L = 2, "
          "one layer not slowed",
    statement="θ0 = 2, κ = 1, T = first time θ ≤ 1e-3 and |r − 1| ≤ 1e-3. L = 3, 4: the log-log "
              "slope of T against r0 is −(L−2) (5%); L = 2: T grows like (2/κ) ln(1/r0); "
              "L = 1: T does not increase as r0 decreases; T(0.003)/T(0.01) ≈ (10/3)^{L−2}.",
    source="R", method="scaling", cases=cases, derivation="deep_chain_ode", plot=plot_scaling,
    settings={"mode": "claim"},
    notes=notes("[S, AI summary] 'small init accelerates one layer, decelerates deeper ones'. "
                "Slope bands: least-squares stderr × Student t at 95%; the r0 ranges "
                "sit in the asymptotic regime so the O(1) additive time biases the slope < 2% "
                "(docs/theory/lee2022.md, 'P6: escape times').", deep=True),
)(check)

claim.twin("one_power_more", title="T ∝ r0^{−(L−1)} (one power too many)",
           mode="one_power_more", cases=lambda p: [c for c in cases(p) if c["L"] >= 2])
claim.twin("one_layer_slowed", title="One layer is slowed like L = 2: T ≳ 2 ln(1/r0)",
           mode="one_layer_slowed", cases=lambda p: [{"kind": "slope", "L": 1}])

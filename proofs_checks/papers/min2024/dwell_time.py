"""Outside its own cone a neuron keeps a pattern <= 4/(min{zeta,xi} sqrt(mu) X_min n_a)."""

from __future__ import annotations

import math

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_flows import CONE_DEAD, LIM_CASES, cone_of_mask, limit_case, pattern_segments


def check(params, ctx: Context, *, include_trapped: bool) -> Evidence:
    su, tr, tal = limit_case(ctx, params)
    segs = pattern_segments(tr, su)
    worst, worst_info, count = 0.0, {}, 0
    for (b, j), lst in segs.items():
        m = min(float(su.zeta[b]), su.dc.xi)
        for k, (t0, t1_, a) in enumerate(lst):
            cone = cone_of_mask(a, su.y)
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
    # tolerance: 1e-6 relative, the event-time location accuracy
    return Evidence.upper_bound(worst, 1.0, tolerance=1e-6, detail={
        "segments_checked": count, "worst": worst_info}, reason=(
        "longest stay in one activation pattern outside S_s u S_dead, in units of 4/(min{zeta,xi}"
        " sqrt(mu) X_min n_a); tolerance = event-time accuracy"))


claim = paper.claim(
    "dwell_time", where="proof of Theorem 1 (Appendix C)",
    title=("Dwell time: outside S+ u S_dead a V+ neuron changes pattern within "
           "4/(min{zeta,xi} sqrt(mu) X_min n_a)"),
    statement=("While outside S+ u S_dead (V+; S- u S_dead for V-) a neuron keeps one activation "
               "pattern for at most Delta t = 4/(min{zeta,xi} sqrt(mu) X_min n_a)."),
    latex=r"\Delta t\le\frac{4}{\min\{\zeta,\xi\}\sqrt\mu X_{\min}n_a}",
    assumptions=("eps -> 0 direction flow",),
    source="P", method="ode",
    cases=lambda p: LIM_CASES, settings={"include_trapped": False},
    notes="Checked on the eps -> 0 direction flow (the proof's approximation error vanishes).",
)(check)

claim.twin("trapped_too", title="the dwell bound also holds inside S+ / S- (trapped neurons)",
           latex=r"\text{also for }w_j\in S_{\mathrm{sign}(v_j)}:\ "
                 r"\Delta t\le\frac{4}{\min\{\zeta,\xi\}\sqrt\mu X_{\min}n_a}",
           cases=lambda p: [LIM_CASES[0]], include_trapped=True,
           notes="Dropped assumption: trapped neurons keep their pattern until the horizon (40).")

"""Eq. (39): the time t2+- at which a sub-network's output first exceeds 1/4 obeys the bound."""

from __future__ import annotations

import math

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import Setup
from .setup_flows import PART2_NOTE, part2


def t2_bound(su: Setup, t1: np.ndarray, n_c: int, with_log: bool = True) -> np.ndarray:
    """Right-hand side of eq. (39) for a group of n_c points, given t1 (per run)."""
    a = math.sqrt(su.dc.mu) * n_c * su.dc.x_min
    extra = 0.0
    if with_log:
        extra = (4 / a) * (np.log(2 / (su.eps ** 2 * math.sqrt(su.dc.mu) * su.dc.x_min
                                       * su.w_min ** 2)) + 4 * su.dc.n * su.dc.x_max * t1)
    return t1 + 6 / a + extra


def check(params, ctx: Context, *, with_log: bool) -> Evidence:
    su, tr, tal, Vp, Vm, t2p, t2m = part2(ctx)
    # the first record above 1/4 is >= the true t2 (a conservative stand-in)
    rp = tr.t[t2p] / t2_bound(su, tal, su.dc.n_pos, with_log)
    rm = tr.t[t2m] / t2_bound(su, tal, su.dc.n_neg, with_log)
    # tolerance: 1e-6 relative, rounding of the record times
    return Evidence.upper_bound(float(max(rp.max(), rm.max())), 1.0, tolerance=1e-6, detail={
        "t2_plus_record": tr.t[t2p], "t2_minus_record": tr.t[t2m],
        "bound_plus(t1=t_al)": t2_bound(su, tal, su.dc.n_pos, with_log),
        "bound_plus(t1=theorem)": t2_bound(su, su.t1, su.dc.n_pos, with_log)}, reason=(
        "t2+- (first record with max|f+-| > 1/4, an upper estimate) over bound (39) with t1 := "
        "t_al; tolerance = record-time rounding"))


claim = paper.claim(
    "t2_bound", where="eq. (39)",
    title=("Eq. (39): t2+ <= t1 + 6/(sqrt(mu) n+ X_min) + 4/(sqrt(mu) n+ X_min)"
           " [log(2/(eps^2 sqrt(mu) X_min W_min^2)) + 4 n X_max t1]"),
    statement=("The time t2+ at which the positive sub-network's max output first exceeds 1/4 "
               "satisfies bound (39); symmetrically for t2-."),
    latex=(r"t_2^+\le t_1+\frac{6}{\sqrt\mu n_+X_{\min}}+\frac{4}{\sqrt\mu n_+X_{\min}}\Big["
           r"\log\frac{2}{\varepsilon^2\sqrt\mu X_{\min}W_{\min}^2}+4nX_{\max}t_1\Big]"),
    source="P", method="ode", settings={"with_log": True},
    notes=PART2_NOTE + " With the theorem's t1 the bound is ~10^3 larger still (see detail).",
)(check)

claim.twin("no_log_term", title="t2 <= t1 + 6/(sqrt(mu) n X_min) (no log(1/eps) growth term)",
           latex=r"t_2^+\le t_1+\frac{6}{\sqrt\mu n_+X_{\min}}",
           with_log=False, notes="The outputs need ~log(1/eps^2)/rate to grow from eps^2 to 1/4.")

"""Lemmas 13-14: aligned norms shrink at most like e^{-4 n X_max t}, then never decrease."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_flows import PART2_NOTE, part2


def check(params, ctx: Context, *, decreasing: bool) -> Evidence:
    su, tr, tal, Vp, Vm, *_ = part2(ctx)
    rt = ctx.profile.ode_rtol
    worst13, worst14 = np.inf, np.inf
    for V in (Vp, Vm):
        S = np.sum(np.sum(tr.W ** 2, -1) * V[None], -1)  # (K, B)
        for b in range(S.shape[1]):
            after = tr.t >= tal[b]
            k_al = int(np.argmax(after))
            early = np.arange(1, k_al + 1)  # t = 0 is the trivial equality
            r13 = S[early, b] / (np.exp(-4 * su.dc.n * su.dc.x_max * tr.t[early]) * S[0, b])
            worst13 = min(worst13, float(r13.min()))
            Sa = S[after, b]
            inc = np.diff(Sa) / Sa[:-1]
            worst14 = min(worst14, float((-inc if decreasing else inc).min()))
    # tolerance: 10 rtol (the measured global relative error is <= rtol)
    if decreasing:
        return Evidence.lower_bound(worst14, 0.0, tolerance=10 * rt, reason=(
            "twin: smallest relative DEcrease of sum |w_j|^2 over consecutive records after t_al"))
    margin = min(worst13 - 1.0, worst14)
    return Evidence.lower_bound(margin, 0.0, tolerance=10 * rt, detail={
        "lemma13_min_ratio": worst13, "lemma14_min_rel_increment": worst14}, reason=(
        "min of (Lemma 13 ratio - 1) over records t <= t_al and Lemma 14's relative increments "
        "after t_al; tolerance = 10 rtol (measured global relative error <= rtol)"))


claim = paper.claim(
    "norm_lemmas", where="Lemmas 13-14",
    title=("Lemmas 13-14: sum_{V+-} |w_j|^2 >= e^{-4 n X_max t} sum |w_j(0)|^2 early; "
           "non-decreasing after alignment"),
    statement=("Sum over the aligned neurons of |w_j(t)|^2 decays at most like e^{-4 n X_max t} "
               "up to alignment (Lemma 13, at t1) and is non-decreasing afterwards (Lemma 14)."),
    latex=(r"\sum_{\tilde V_\pm}\|w_j(t_1)\|^2\ge e^{-4nX_{\max}t_1}"
           r"\sum_{\tilde V_\pm}\|w_j(0)\|^2,"
           r"\ \tfrac{d}{dt}\sum_{\tilde V_\pm}\|w_j\|^2\ge0"),
    source="P", method="ode", settings={"decreasing": False},
    notes=PART2_NOTE,
)(check)

claim.twin("shrinking", title="after alignment sum_{V+-} |w_j|^2 is non-increasing",
           latex=r"t\ge t_{al}:\ \tfrac{d}{dt}\sum_{\tilde V_\pm}\|w_j\|^2\le0",
           decreasing=True)

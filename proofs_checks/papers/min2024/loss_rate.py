"""Theorem 1 Part 2: after t2, 1/L grows at least like alpha t, alpha = (mu X_min)^2/(32 X_max)."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .plots import plot_loss_rate
from .setup_flows import PART2_NOTE, part2


def check(params, ctx: Context, *, exponential: bool) -> Evidence:
    su, tr, tal, Vp, Vm, t2p, t2m = part2(ctx)
    alpha = (su.dc.mu * su.dc.x_min) ** 2 / (32 * su.dc.x_max)
    worst, tl_end = np.inf, []
    for b in range(len(tal)):
        k2 = int(max(t2p[b], t2m[b]))  # first record >= t2: valid start (d(1/L)/dt >= alpha)
        t, L = tr.t[k2 + 1:], tr.loss[k2 + 1:, b]
        t2, L2 = tr.t[k2], tr.loss[k2, b]
        if exponential:
            r = np.log(L2 * np.exp(-su.dc.mu * su.dc.x_min * (t - t2)) / L)  # >= 0 claimed
            worst = min(worst, float(r.min()))
        else:
            r = (1 / L - 1 / L2) / (alpha * (t - t2))
            worst = min(worst, float(r.min()) - 1.0)
        tl_end.append(float((t[-1] - t2) * L[-1]))
    # L's relative error: global state error <= 10 rtol (measured), f bilinear (x2), amplified
    # by |y f| <= 50 in exp(-y f): 1e3 rtol, relative to the ratio
    return Evidence.lower_bound(worst, 0.0, tolerance=1e3 * ctx.profile.ode_rtol, detail={
        "alpha": alpha, "1/alpha": 1 / alpha, "(t-t2)L(t)_at_end": tl_end}, reason=(
        "min over records t > t2 of [(1/L(t) - 1/L(t2)) / (alpha (t - t2))] - 1"
        if not exponential else "min log(L(t2) exp(-mu X_min (t-t2)) / L(t))"))


claim = paper.claim(
    "loss_rate", where="Theorem 1 Part 2; Lemma 15",
    title="Loss rate: 1/L(t) - 1/L(t2) >= alpha (t - t2), alpha = (mu X_min)^2/(32 X_max)",
    statement=("For t >= t2, L(t) <= L(t2)/(L(t2) alpha (t - t2) + 1) with alpha = (mu X_min)^2 / "
               "(32 X_max); in particular (t - t2) L(t) <= 1/alpha."),
    latex=(r"L(t)\le\frac{L(t_2)}{L(t_2)\alpha(t-t_2)+1},\ \alpha=\frac{(\mu X_{\min})^2}"
           r"{32X_{\max}}"),
    source="P", method="ode", settings={"exponential": False}, plot=plot_loss_rate,
    notes=PART2_NOTE + (" Expect a wide margin: (t - t2) L(t) is a fraction of 1/alpha "
                        "(about 0.2-0.3 against 356 in a larger configuration)."),
)(check)

claim.twin("exponential", title="linear convergence: L(t) <= L(t2) exp(-mu X_min (t - t2))",
           latex=r"L(t)\le L(t_2)\,e^{-\mu X_{\min}(t-t_2)}",
           exponential=True, notes="Exp loss on separable data decays like 1/t, not exponentially.")

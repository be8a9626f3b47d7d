"""In Theorem 1's proof: cos(w_j, x+-) >= 1/4 on [t1 + 6/(sqrt(mu) n+- X_min), t2+-]."""

from __future__ import annotations

import math

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS
from .setup_flows import PART2_NOTE, part2


def check(params, ctx: Context, *, all_times: bool) -> Evidence:
    su, tr, tal, Vp, Vm, t2p, t2m = part2(ctx)
    worst, used = np.inf, 0
    late = []
    for V, c, n_c, t2i in ((Vp, su.dc.x_plus, su.dc.n_pos, t2p),
                           (Vm, su.dc.x_minus, su.dc.n_neg, t2m)):
        cos = (tr.W @ c) / (np.linalg.norm(tr.W, axis=-1) * np.linalg.norm(c))  # (K, B, h)
        start = tal + 6 / (math.sqrt(su.dc.mu) * n_c * su.dc.x_min)
        for b in range(len(tal)):
            if all_times:
                sel = np.ones(len(tr.t), bool)
            else:
                sel = (tr.t >= start[b]) & (np.arange(len(tr.t)) < t2i[b])
            if sel.any() and V[b].any():
                worst = min(worst, float(cos[sel][:, b][:, V[b]].min()))
                used += int(sel.sum())
            if V[b].any():
                late.append(float(cos[-1, b, V[b]].min()))
    if used == 0:
        return Evidence.failed("no record falls in [t_al + 6/(sqrt(mu) n X_min), t2)")
    # tolerance: rounding of a cosine (16 ulps)
    return Evidence.lower_bound(worst, 0.25, tolerance=16 * EPS, detail={
        "records_in_window": used, "min_cos_at_end(empirical -> 1)": min(late)}, reason=(
        "min cos(w_j, x+-) over aligned neurons and records in the window; tolerance = rounding"))


claim = paper.claim(
    "refined_alignment", where="proof of Theorem 1 Part 2 (Appendix D)",
    title="cos(w_j, x+) >= 1/4 for j in V+ on [t1 + 6/(sqrt(mu) n+ X_min), t2+] (and for V-)",
    statement=("Every neuron aligned into S+ has cos(w_j, x+) >= 1/4 between t1 + 6/(sqrt(mu) n+ "
               "X_min) and t2+ (symmetrically for S-, x-, n-). Later cos -> 1 is only empirical."),
    latex=r"\cos(w_j,x_+)\ge\tfrac14,\ t\in[t_1+\tfrac{6}{\sqrt\mu n_+X_{\min}},t_2^+]",
    source="P", method="ode", settings={"all_times": False},
    notes=PART2_NOTE + (" The empirical late alignment (min cos close to 1 at t = 300) is in "
                        "detail."),
)(check)

claim.twin("all_times", title="cos(w_j, x+-) >= 1/4 at all times, init included",
           latex=r"\cos(w_j,x_\pm)\ge\tfrac14,\ t\ge0",
           all_times=True,
           notes="Dropped time window: random init directions are nearly orthogonal to x+-.")

"""Theorem 1 Part 2: |W|_F^2 <= 2|W|_2^2 + 4 sqrt(h) eps W_max^2 after alignment (low rank)."""

from __future__ import annotations

import math

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .plots import plot_low_rank
from .setup_flows import PART2_NOTE, part2


def check(params, ctx: Context, *, rank_one: bool) -> Evidence:
    su, tr, tal, *_ = part2(ctx)
    sv = np.linalg.svd(tr.W, compute_uv=False)  # (K, B, min(h, D))
    fro2, spec2 = np.sum(sv ** 2, -1), sv[..., 0] ** 2
    sr_end = fro2[-1] / spec2[-1]
    # tolerance 1e-9 relative: SVD rounding + integrator error
    if rank_one:
        return Evidence.upper_bound(float(sr_end.max()), 1.0 + 1e-3, tolerance=1e-9, detail={
            "stable_rank_end": sr_end, "cos(x+,x-)": su.dc.cos_plus_minus},
            reason="stable rank at t = 300 against 1 + 1e-3")
    bound = 2 * spec2 + 4 * math.sqrt(su.h) * su.eps * su.w_max[None, :] ** 2
    after = tr.t[:, None] >= tal[None, :]
    rel = np.where(after, (bound - fro2) / fro2, np.inf)
    return Evidence.lower_bound(float(rel.min()), 0.0, tolerance=1e-9, detail={
        "stable_rank_end": sr_end, "cos(x+,x-)": su.dc.cos_plus_minus,
        "limsup_check_stable_rank_end<=2": bool(np.all(sr_end <= 2))}, reason=(
        "min over records t >= t_al of (2|W|_2^2 + 4 sqrt(h) eps W_max^2 - |W|_F^2)/|W|_F^2; "
        "tolerance = SVD rounding + integrator error (relative)"))


claim = paper.claim(
    "low_rank", where="Theorem 1 Part 2 (low-rank bias)",
    title="Low rank: |W|_F^2 <= 2|W|_2^2 + 4 sqrt(h) eps W_max^2 for t >= t1 (stable rank -> <= 2)",
    statement=("After alignment the first layer has |W(t)|_F^2 <= 2 |W(t)|_2^2 + 4 sqrt(h) eps "
               "W_max^2, so limsup |W|_F^2/|W|_2^2 <= 2 as |W| -> infinity."),
    latex=r"\|W\|_F^2\le 2\|W\|_2^2+4\sqrt h\varepsilon W_{\max}^2",
    source="P", method="ode", settings={"rank_one": False}, plot=plot_low_rank,
    notes=PART2_NOTE + " Stable rank ~1.19 here, with cos(x+, x-) = -0.68.",
)(check)

claim.twin("rank_one", title="the stable rank tends to 1 (|W|_F^2 <= (1 + 1e-3) |W|_2^2)",
           latex=r"\|W\|_F^2\le (1+10^{-3})\|W\|_2^2",
           rank_one=True,
           notes="Only when cos(x+, x-) ~ -1; here the two neuron groups are 133 deg apart.")

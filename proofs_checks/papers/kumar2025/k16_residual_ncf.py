"""p* is a saddle: the residual NCF at p* has a positive maximum (a loss staircase)."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import BEYOND_ORIGIN, EPS, RECON, SMOOTH, p3
from .setup_flows import first_saddle, p3_escape_runs


def check(_p, ctx: Context, *, positive: bool) -> Evidence:
    net, _ = p3()
    _, ps = first_saddle(ctx, "P3", ctx.profile.ode_rtol)
    r = net.y - net.outputs(ps)
    val = numeric.homogeneous.square_nstar(net.X, r)  # best new neuron for the residual NCF
    deltas, runs, _ = p3_escape_runs(ctx)
    first = runs[0]
    later = float(first.loss_grid[-1])
    tol = 1e3 * EPS * float(np.sum(np.abs(r)))  # float rounding of M_r
    detail = {"residual NCF N*_r": val, "L(p*)": float(net.loss(ps)),
              f"loss at t_esc+30 (delta={first.delta:g})": later}
    if positive:
        return Evidence.lower_bound(
            val, 0.0, tolerance=tol, detail=detail,
            reason="N*_r = 2 max(lambda_max, -lambda_min)(M_r)/(3 sqrt 3), M_r = sum_i r_i "
            "x_i x_i^T, r = y - H(X; p*): > 0 means p* is a strict saddle of the full loss "
            "(another neuron escapes later); tolerance = float rounding of M_r")
    return Evidence.upper_bound(
        val, 0.0, tolerance=tol, detail=detail,
        reason="false twin: p* a local minimum of the full loss (residual NCF <= 0)")


def plot(result, ctx: Context, png: str) -> None:
    import matplotlib.pyplot as plt

    deltas, runs, _ = p3_escape_runs(ctx)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    for r in runs:
        ax.plot(r.t_grid, r.loss_grid, label=f"delta={r.delta:g}")
    ax.set_xlabel("t − t_esc (gradient-flow time after the escape)")
    ax.set_ylabel("loss L (units of y²)")
    ax.set_title("K16: loss staircase (P3)", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    plt.close(fig)


claim = paper.claim(
    "k16_residual_ncf", citation=BEYOND_ORIGIN,
    title="K16: p* is a saddle: the residual NCF at p* has a positive maximum (staircase)",
    statement="At the first saddle p*, N_r(w) = (y - H(X; p*))^T H(X; w) takes a positive value "
    "on the zero block, so a further neuron escapes later (P3: 1.512).",
    source="R", method="exact",
    hypotheses={**SMOOTH, "L": 3},
    settings={"positive": True}, plot=plot,
    notes=RECON + "docs/theory/kumar2025.md, 'K16 The residual NCF'.",
)(check)

claim.twin("local_minimum", title="p* is a local minimum of the full loss (residual NCF <= 0)",
           positive=False)

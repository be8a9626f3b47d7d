"""Gradient flow from delta w0 passes within O(delta) of the first saddle p*."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import BEYOND_ORIGIN, RECON, SMOOTH, p3, rate_evidence
from .setup_flows import first_saddle, p3_escape_runs, plot_p3_runs


def check(_p, ctx: Context, *, claimed: float) -> Evidence:
    net, _ = p3()
    deltas, runs, rtol = p3_escape_runs(ctx)
    _, ps = first_saddle(ctx, "P3", rtol)
    gnorm = float(np.linalg.norm(net.loss_grad(ps)))
    ev = rate_evidence(deltas, [r.dist_min for r in runs], claimed,
                       what="min_t |w(t) - p*| after the escape (P3)")
    # p* must be stationary (1e-10: Newton reaches 2e-15) before distances to it mean anything
    if gnorm > 1e-10:
        return Evidence.predicate(False, computed=gnorm, claimed="|grad L(p*)| <= 1e-10",
                                  reason="p* is not a stationary point")
    ev.detail.update({"L(p*)": float(net.loss(ps)), "|grad L(p*)|": gnorm,
                      "loss at origin": float(net.loss(np.zeros(net.k)))})
    return ev


claim = paper.claim(
    "k13_first_saddle", citation=BEYOND_ORIGIN,
    title="K13: GF from delta w0 passes within O(delta) of the first saddle p*",
    statement="p* = lim GF from an infinitesimal start along u* is a stationary point of L "
    "restricted to supp(u*) (P3: L(p*) = 1.780697); GF from delta w0 enters a ball of radius "
    "O(delta) around p* after the escape.",
    source="R", method="ode",
    hypotheses={**SMOOTH, "L": 3, "second_order_KKT": True, "zero_preserving_support": True},
    settings={"claimed": 1.0}, plot=plot_p3_runs,
    notes=RECON + "docs/theory/kumar2025.md, 'K13–K14 The first saddle and sparsity'.",
)(check)

claim.twin("rate_delta_squared", title="Closest approach to p* is O(delta^2)", claimed=2.0)

"""L = 3: the zero block of u* stays O(delta) in norm from the escape until p*."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import BEYOND_ORIGIN, RECON, SMOOTH, p3, rate_evidence
from .setup_flows import p3_escape_runs, plot_p3_runs


def check(_p, ctx: Context, *, claimed: float) -> Evidence:
    net, _ = p3()
    deltas, runs, _ = p3_escape_runs(ctx)
    other = [float(np.max(np.delete(net.neuron_norms(r.w_min), r.winner))) for r in runs]
    ev = rate_evidence(deltas, other, claimed,
                       what="largest non-winner neuron norm at the closest approach (P3)")
    ev.detail["ratio_to_delta"] = [o / d for o, d in zip(other, deltas, strict=True)]
    return ev


claim = paper.claim(
    "k14_sparsity_L3", citation=BEYOND_ORIGIN,
    title="K14: L = 3: the zero block of u* stays O(delta) until p*",
    statement="The neurons outside supp(u*) (a zero-preserving set) stay O(delta) in norm from "
    "the escape until GF reaches p* (P3: about 18-21 delta).",
    source="R", method="scaling",
    hypotheses={**SMOOTH, "L": 3, "zero_preserving_support": True},
    settings={"claimed": 1.0}, plot=plot_p3_runs,
    notes=RECON + "docs/theory/kumar2025.md, 'K13–K14 The first saddle and sparsity'.",
)(check)

claim.twin("rate_delta_squared", title="Non-winner neurons are O(delta^2) at p*", claimed=2.0)

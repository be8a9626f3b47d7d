"""Finding: the O(delta) sparsity rate of L = 3 does not carry over to L = 2."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import BEYOND_ORIGIN, RECON, SMOOTH, rate_evidence
from .setup_flows import p2_wrong_sign


def check(_p, ctx: Context, *, claimed: float) -> Evidence:
    deltas, runs, wrong = p2_wrong_sign(ctx)
    ev = rate_evidence(deltas, wrong, claimed,
                       what="largest wrong-sign neuron norm at the closest approach (P2)")
    ev.detail["dist_min"] = [r.dist_min for r in runs]
    return ev


claim = paper.claim(
    "k15_sparsity_L2_Odelta", citation=BEYOND_ORIGIN,
    title="K15 (as stated for L = 3, applied to L = 2): the zero block stays O(delta) until p*",
    statement="The O(delta) sparsity rate of K14 carries over to L = 2: wrong-sign neurons near "
    "p* are O(delta).",
    source="V", method="scaling",
    hypotheses={"L": 2, **SMOOTH},
    settings={"claimed": 1.0}, expected="refuted", finding=True,
    corrected_by="kumar2025.k15_sparsity_L2",
    notes=RECON + "Finding about rates, not a quoted erratum: the O(delta) rate seen for L = 3 "
    "(K14) does not carry over to L = 2, where the zero block is o(1) but roughly delta^0.12 "
    "(docs/theory/kumar2025.md, 'K15 Sparsity for L = 2'); the corrected statement is "
    "kumar2025.k15_sparsity_L2.",
)(check)

claim.twin("rate_delta_squared", title="L = 2 wrong-sign neurons are O(delta^2) at p*",
           claimed=2.0)

"""Early phase: at t = ε T+ the largest neuron has ||w_j|| = Θ(λ^{1−ε})."""

from __future__ import annotations

from . import paper
from .setup import NO_TEXT, THEORY
from .setup_early import EPS_ALIGN, early_slope

claim = paper.claim(
    "early_norm", where="early alignment; S-MV (norm stays Õ(λ))",
    title="Early phase: ||w_j|| = O(λ^{1−ε}) at ε T+",
    statement="At t = ε (n/||D+||) log(1/λ), max_j ||w_j|| = Θ(λ^{1−ε}): log-log slope 1−ε",
    source="S-MV,S-C,D,V", method="scaling",
    cases=lambda p: [{"series": "norm"}], settings={"exponent": 1 - EPS_ALIGN},
    notes=NO_TEXT + f" See {THEORY}, 'Early alignment'.",
)(early_slope)

claim.twin("no_growth", title="||w_j|| = Θ(λ) at ε T+ (no growth in the early phase)",
           exponent=1.0)

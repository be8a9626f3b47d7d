"""The exact basin probabilities reproduce the values printed in the theory note."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import basin_probability

# P(w0 ∈ Ω) for ‖w*‖ = 1, printed to 6 decimals: (d, ε) -> P
PRINTED = {
    (2, 0.1): 0.484637, (5, 0.1): 0.468042, (20, 0.1): 0.455383, (100, 0.1): 0.451232,
    (1000, 0.1): 0.450242, (5, 0.5): 0.342721, (100, 0.5): 0.269838, (1000, 0.5): 0.265884,
}


def check(case: tuple, ctx: Context, *, shift: int) -> Evidence:
    d, eps = case
    p, err = basin_probability(d, eps, ctx.profile.digits, shift)
    return Evidence.agree(
        p, PRINTED[case], atol=5e-7,  # printed to 6 decimals: half a unit in the last place
        uncertainty=err + 1e-15,
        reason="printed to 6 decimals: half a unit in the last place, 5e-7; tolerance = "
               "quadrature error estimate",
    )


claim = paper.claim(
    "init_probability_values", where="single-ReLU initialisation bound, exact values",
    title="Exact P(w0 ∈ Ω) reproduces the printed values",
    statement="d=2 0.484637, d=5 0.468042, d=20 0.455383, d=100 0.451232, d=1000 0.450242 "
              "(ε = 0.1); d=5 0.342721, d=100 0.269838, d=1000 0.265884 (ε = 0.5).",
    source="R", method="quadrature",
    cases=lambda p: list(PRINTED), settings={"shift": 1},
    notes="docs/theory/tian2017.md, 'Initialisation probability' (values derived there, not "
          "printed in the paper).",
)(check)

claim.twin("radius_d", title="The printed values come from r = ε√(2π/d) (d in place of d+1)",
           shift=0)

"""SSB, one-sided: a perturbation x0 = y0 + 1e-9 of a symmetric start converges to w*."""

from __future__ import annotations

from . import paper
from .setup_ssb import SSB_KS, perturbation_check

claim = paper.claim(
    "ssb_one_sided", where="symmetry breaking, corrected to perturbations into x > y",
    title="SSB, one-sided: x0 = y0 + 1e-9 converges to w* for every K",
    statement="A perturbation of a symmetric initialisation into x > y (x0 = y0 + 1e-9) leads "
              "to w* = (1, 0).",
    source="R", method="ode",
    cases=lambda p: [(K, 1, y0) for K in SSB_KS for y0 in (1e-3, 0.3)],
    derivation="tian_symmetric_ode",
    notes="The corrected statement of the finding tian2017.ssb_any_perturbation; "
          "docs/theory/tian2017.md, 'The SSB statement is one-sided'.",
)(perturbation_check)

# the same check on the other side of the diagonal: only the cases change
claim.twin("minus_side", title="Also x0 = y0 − 1e-9 converges to w* (for every K)",
           cases=lambda p: [(K, -1, 0.3) for K in SSB_KS], check=perturbation_check)

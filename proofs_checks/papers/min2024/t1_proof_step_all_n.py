"""Erratum: the proof's step 2(1 + log n) + 1/2 <= 4 log n fails for n = 2, 3."""

from __future__ import annotations

from . import paper
from .t1_harmonic_bound import check

claim = paper.claim(
    "t1_proof_step_all_n", where="proof of Theorem 1 (Sum 1/k <= 1 + log n step)",
    title="Erratum: the proof's step 2(1 + log n) + 1/2 <= 4 log n holds for all n >= 2",
    statement=("Bounding both harmonic sums by 1 + log n, as the proof does, gives 2(1 + log n) + "
               "1/2 <= 4 log n for every n >= 2."),
    latex=r"2(1+\log n)+\tfrac12\le4\log n\ \ \forall n\ge2",
    common_assumptions=False, assumptions=("n >= 2",),
    source="typo?", method="exact",
    cases=lambda p: [{"n_min": 2}],
    settings={"const": 4.0, "proof_step": True, "n_min": None},
    expected="refuted", finding=True, corrected_by="min2024.t1_harmonic_bound",
    notes=("FINDING. The step needs n >= 4 (fails at n = 2, 3). The theorem's conclusion "
           "survives for n >= 2 (min2024.t1_harmonic_bound), so this is a gap in the proof's "
           "bookkeeping, not in the result (docs/theory/min2024.md, 'Suspected typos')."),
)(check)

claim.twin("n_min_1", title="the same for n >= 1",
           latex=r"2(1+\log n)+\tfrac12\le4\log n\ \ \forall n\ge1",
           n_min=1, notes="log 1 = 0: even more false.")

"""Corrected: with zeta := min{zeta1, zeta2} both cap properties of the proof hold."""

from __future__ import annotations

from . import paper
from .zeta_max_reading import zeta_properties

claim = paper.claim(
    "zeta_min_reading", where="Theorem 1 statement (definition of zeta), corrected",
    title="Corrected: with zeta := min{zeta1, zeta2} both cap properties hold",
    statement=("With zeta = min{zeta1, zeta2}, the caps S^zeta_{x+-} lie in S+- and every V+ (V-) "
               "neuron starts outside the zeta-cap of x- (x+)."),
    latex=r"\zeta=\min\{\zeta_1,\zeta_2\}",
    common_assumptions=False, assumptions=("Assumption 1", "Assumption 2"),
    source="typo?", method="exact",
    cases=lambda p: [{"dim": 12}, {"dim": 40}], settings={"reading": "min"},
    notes="Every t1 and eps in this paper's claims uses this reading.",
)(zeta_properties)

claim.twin("max_reading", title="the same with zeta = max{zeta1, zeta2}",
           latex=r"\zeta=\max\{\zeta_1,\zeta_2\}",
           reading="max")

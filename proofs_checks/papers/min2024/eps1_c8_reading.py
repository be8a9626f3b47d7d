"""Corrected: eps1 with c = 8 gives eq. (29) through Lemma 3."""

from __future__ import annotations

from . import paper
from .eps1_c4_reading import check

claim = paper.claim(
    "eps1_c8_reading", where="Theorem 1, eq. (28)-(29), corrected",
    title="Corrected: eps1 with c = 8 gives eq. (29) through Lemma 3",
    statement="The same chain with c = 8 in eps1 delivers eq. (29) (with equality of constants).",
    latex=r"c=8",
    common_assumptions=False, assumptions=("Lemma 3", "eq. (29) of the proof"),
    source="typo?", method="symbolic",
    cases=lambda p: [{"c": 8}],
)(check)

# the same computation on another constant: the twin changes the case, not a setting
claim.twin("c6", title="c = 6 suffices",
           latex=r"c=6",
           check=check, cases=lambda p: [{"c": 6}])

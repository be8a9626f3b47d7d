"""Erratum: Lemma 2 fails for the main text's plain logistic loss log(1 + e^{-y yhat})."""

from __future__ import annotations

from . import paper
from .lemma2_loss_derivative import check

claim = paper.claim(
    "lemma2_plain_logistic", where="Section 2.1 (loss definition) vs Appendix B",
    title="Erratum: Lemma 2 for the main text's plain logistic loss log(1+e^{-y yhat})",
    statement=("The main text defines the logistic loss as log(1+e^{-y yhat}); with it, Lemma 2 "
               "|-l' - y| <= 2|yhat| would hold on |yhat| <= 1."),
    latex=r"\ell(y,\hat y)=\log(1+e^{-y\hat y}):\ |-\ell' - y| \le 2|\hat y|\ \text{(false)}",
    common_assumptions=False, assumptions=("plain logistic loss",),
    source="typo?", method="exact",
    cases=lambda p: [{"loss": "logistic"}], settings={"constant": 2.0},
    expected="refuted", finding=True, corrected_by="min2024.lemma2_loss_derivative",
    notes=("FINDING. At yhat = 0 the plain logistic gives -l' = y/2, so |-l'-y| = 1/2 > 0 = 2|yhat|"
           ": Lemma 2 (and all early-phase constants) hold only for 2*logistic, the version used "
           "in Appendix B. The corrected statement is min2024.lemma2_loss_derivative (logistic2 "
           "case). With plain logistic the early phase runs at half speed (times double); "
           "docs/theory/min2024.md, 'Suspected typos'."),
)(check)

claim.twin("constant_one", title="plain logistic with constant 1: |-l'-y| <= |yhat|",
           latex=r"\ell(y,\hat y)=\log(1+e^{-y\hat y}):\ |-\ell' - y| \le |\hat y|\ \text{(false)}",
           constant=1.0, notes="Even more false than the finding itself.")

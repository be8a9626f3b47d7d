"""Lemma 11: the signed active sum has norm |x_a(w)| >= sqrt(mu) n_a(w) X_min."""

from __future__ import annotations

import math

import numpy as np

from numeric import datasets
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import DATA_CASES, EPS, case_data


def check(params, ctx: Context, *, with_mu: bool) -> Evidence:
    rng, X, y, dc = case_data(params, ctx, "lemma11")
    w = rng.standard_normal((ctx.profile.n(4000, minimum=400), X.shape[1]))
    xa, na = datasets.signed_active_sum(w, X, y)
    keep = na >= 1
    lhs = np.linalg.norm(xa[keep], axis=1)
    rhs = (math.sqrt(dc.mu) if with_mu else 1.0) * na[keep] * dc.x_min
    r = lhs / rhs
    # tolerance: rounding of a sum of n vectors (4 n ulps)
    return Evidence.lower_bound(float(r.min()), 1.0, tolerance=4 * len(y) * EPS, detail={
        "draws": int(keep.sum()), "mu": dc.mu, "n_a_at_min": int(na[keep][np.argmin(r)])},
        reason="min |x_a(w)| / (sqrt(mu) n_a X_min) over random w; tolerance = summation rounding")


claim = paper.claim(
    "lemma11_xa_norm", where="Lemma 11",
    title="Lemma 11: |x_a(w)| >= sqrt(mu) n_a(w) X_min",
    statement=("The signed active sum x_a(w) = sum_{<x_i,w> > 0} y_i x_i has norm at least "
               "sqrt(mu) n_a X_min (the printed 'sqrt(mu n_a)' means sqrt(mu) * n_a)."),
    latex=r"\|x_a(w)\|\ge\sqrt{\mu}\,n_a(w)\,X_{\min}",
    common_assumptions=False, assumptions=("Assumption 1 (mu > 0)",),
    source="P", method="montecarlo",
    cases=lambda p: DATA_CASES, settings={"with_mu": True},
    notes="docs/theory/min2024.md, 'Data lemmas', reads the printed sqrt(mu n_a).",
)(check)

claim.twin("no_sqrt_mu", title="Lemma 11 without sqrt(mu): |x_a(w)| >= n_a X_min",
           latex=r"\|x_a(w)\|\ge n_a(w)\,X_{\min}",
           with_mu=False,
           notes="For exact-mu data |x_a|^2 = n_a(1 + mu(n_a - 1)) < n_a^2 once n_a >= 2.")

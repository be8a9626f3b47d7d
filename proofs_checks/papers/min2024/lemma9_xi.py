"""Lemma 9 with xi = mu^2: |cos(x1, x2)| <= sqrt(1 - mu^2) for x1 in K, x2 outside S+ u S-."""

from __future__ import annotations

import math

import numpy as np

from numeric import datasets
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import DATA_CASES, EPS, case_data, conic_combinations, unit


def check(params, ctx: Context, *, xi_mode: str) -> Evidence:
    rng, X, y, dc = case_data(params, ctx, "lemma9")
    m = ctx.profile.n(2000, minimum=200)
    Z = unit(y[:, None] * X)
    if xi_mode == "mu2":
        x1 = conic_combinations(rng, X, y, m)
        g = unit(rng.standard_normal((4 * m, X.shape[1])))
        # plus points on the hyperplanes x_i-perp (the boundary, where the sup is approached)
        i = rng.integers(0, len(y), m)
        xh = unit(X[i])
        pr = x1 - np.sum(x1 * xh, 1, keepdims=True) * xh
        x2 = np.concatenate([g, unit(pr)])
    else:  # witnesses: extreme ray y_j x_j and its projection onto x_i-perp, i != j
        jj, ii = np.nonzero(~np.eye(len(y), dtype=bool))
        x1 = Z[jj]
        xh = unit(X[ii])
        x2 = unit(x1 - np.sum(x1 * xh, 1, keepdims=True) * xh)
    lab = datasets.cone_labels(x2, X, y)
    outside = (lab != datasets.CONE_PLUS) & (lab != datasets.CONE_MINUS)
    if xi_mode == "mu2":
        x2o = x2[outside][: max(1, int(5e6 // len(x1)))]  # cap the pair matrix at 5e6 entries
        worst = float(np.abs(x1 @ x2o.T).max())
        # pair the hyperplane points with their own x1 (their cos is the informative one)
        own = np.abs(np.sum(x1 * x2[4 * m:], 1))[outside[4 * m:]]
        worst = max(worst, float(own.max(initial=0.0)))
        bound = math.sqrt(1 - dc.mu ** 2)
    else:
        worst = float(np.abs(np.sum(x1 * x2, 1))[outside].max())
        bound = math.sqrt(1 - dc.mu)
    # tolerance: rounding of unit dot products (16 ulps)
    return Evidence.upper_bound(worst, bound, tolerance=16 * EPS, detail={
        "x2_outside_S+-": int(outside.sum()), "mu": dc.mu}, reason=(
        "max |cos(x1, x2)| over sampled unit x1 in K and x2 outside S+ u S- (random and on the "
        "hyperplanes x_i-perp); tolerance = rounding of unit dot products"))


claim = paper.claim(
    "lemma9_xi", where="Lemma 9 (xi >= mu^2 is derived here)",
    title="Lemma 9 with xi = mu^2: sup |cos(x1, x2)| <= sqrt(1 - mu^2), x1 in K, x2 not in S+ u S-",
    statement=("xi = mu^2 is a valid constant in Lemma 9: every unit x1 in K and unit x2 outside "
               "S+ u S- have |cos(x1, x2)| <= sqrt(1 - mu^2)."),
    latex=r"\sup_{x_1\in K,\ x_2\notin S_+\cup S_-}|\cos(x_1,x_2)|\le\sqrt{1-\mu^2}",
    common_assumptions=False, assumptions=("Assumption 1 (mu > 0)",),
    source="derived", method="montecarlo",
    cases=lambda p: DATA_CASES, settings={"xi_mode": "mu2"},
    notes=("For exact-mu data the sup equals sqrt(1-mu^2) (attained at x1 = y_j x_j, x2 its "
           "projection on x_i-perp), so xi = mu^2 is exact there; samples stay strictly inside."),
)(check)

claim.twin("xi_mu", title="Lemma 9 with xi = mu: sup |cos| <= sqrt(1 - mu)",
           latex=r"\sup_{x_1\in K,\ x_2\notin S_+\cup S_-}|\cos(x_1,x_2)|\le\sqrt{1-\mu}",
           xi_mode="mu",
           notes="The extreme-ray witnesses reach sqrt(1-mu^2) > sqrt(1-mu).")

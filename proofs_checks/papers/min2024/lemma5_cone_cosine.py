"""Lemma 5: any two nonzero vectors of the cone K = cone{y_i x_i} have cosine >= mu."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import DATA_CASES, EPS, case_data, conic_combinations, unit


def check(params, ctx: Context, *, power: float) -> Evidence:
    rng, X, y, dc = case_data(params, ctx, "lemma5")
    m = ctx.profile.n(2000, minimum=200)
    a, b = conic_combinations(rng, X, y, m), conic_combinations(rng, X, y, m)
    cos = np.sum(a * b, axis=1)
    if power != 1.0:  # twins also test the extreme rays themselves
        Z = unit(y[:, None] * X)
        cos = np.concatenate([cos, (Z @ Z.T)[np.triu_indices(len(y), 1)]])
    bound = dc.mu ** power
    # tolerance: rounding of a unit dot product (8 ulps)
    return Evidence.lower_bound(float(cos.min()), bound, tolerance=8 * EPS, detail={
        "pairs": int(cos.size), "mu": dc.mu}, reason=(
        "min cosine over random conic combinations of y_i x_i; tolerance = rounding of a unit "
        "dot product"))


claim = paper.claim(
    "lemma5_cone_cosine", where="Lemma 5",
    title="Lemma 5: cos(z1, z2) >= mu for nonzero z1, z2 in K = cone{y_i x_i}",
    statement="Any two nonzero vectors of the cone K spanned by the y_i x_i have cosine >= mu.",
    latex=r"\cos(z_1,z_2)\ge\mu\quad\forall z_1,z_2\in K\setminus\{0\}",
    common_assumptions=False, assumptions=("Assumption 1 (mu > 0)",),
    source="P", method="montecarlo",
    cases=lambda p: DATA_CASES, settings={"power": 1.0},
    notes=("Equality is attained on the extreme rays of exact-mu data; dense combinations stay "
           "inside."),
)(check)

claim.twin("sqrt_mu", title="Lemma 5 with sqrt(mu): cos(z1, z2) >= sqrt(mu) on K",
           latex=r"\cos(z_1,z_2)\ge\sqrt\mu\quad\forall z_1,z_2\in K\setminus\{0\}",
           power=0.5,
           notes="The extreme rays attain cos = mu < sqrt(mu).")

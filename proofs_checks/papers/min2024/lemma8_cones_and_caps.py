"""Lemmas 7-8: x+- lie in S+-, and the zeta1-caps around x+- lie in S+- (zeta1 >= mu^2)."""

from __future__ import annotations

import numpy as np

from numeric import datasets
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import DATA_CASES, EPS, cap_margin, case_data, sample_cap_boundary, unit


def check(params, ctx: Context, *, zeta_mode: str) -> Evidence:
    rng, X, y, dc = case_data(params, ctx, "lemma8")
    m = ctx.profile.n(2000, minimum=200)
    margins = {}
    # (i) x+/|x+| in S+, x-/|x-| in S-  (Lemma 7)
    margins["x_plus_in_S+"] = float(np.min(unit(y[:, None] * X) @ unit(dc.x_plus)))
    margins["x_minus_in_S-"] = float(np.min(unit(-y[:, None] * X) @ unit(dc.x_minus)))
    zetas = {"mu2": [dc.mu ** 2, (1 - 1e-6) * dc.zeta1],
             "wide": [dc.zeta1 + 0.5 * (1 - dc.zeta1)]}[zeta_mode]
    for z in zetas:
        for name, c, sg in (("+", dc.x_plus, 1.0), ("-", dc.x_minus, -1.0)):
            margins[f"cap{name}(zeta={z:.4g})"] = cap_margin(X, y, c, sg, z)
            pts = sample_cap_boundary(rng, c, z, m)
            lab = datasets.cone_labels(pts, X, y)
            margins[f"sampled_cap{name}_outside_frac(zeta={z:.4g})"] = float(
                np.mean(lab != (datasets.CONE_PLUS if sg > 0 else datasets.CONE_MINUS)))
    if zeta_mode == "mu2":
        margins["zeta1_minus_mu2"] = dc.zeta1 - dc.mu ** 2
    analytic = [v for k, v in margins.items() if "sampled" not in k]
    sampled_bad = max(v for k, v in margins.items() if "sampled" in k)
    worst = min(analytic)
    if sampled_bad > 0 and worst > 0:  # the exact worst case and sampling disagree: suspicious
        return Evidence.failed("sampled cap points left the cone though the exact margin is > 0",
                               margins)
    # tolerance: rounding of unit dot products and one cos (16 ulps)
    return Evidence.lower_bound(worst, 0.0, tolerance=16 * EPS, detail=margins, reason=(
        "exact worst-case signed activation cosine over each cap (tilt by the cap angle, atan2 "
        "angles), x+- membership and zeta1 - mu^2; sampled cap points as a cross-check; "
        "tolerance = rounding of unit dot products and one cos"))


claim = paper.claim(
    "lemma8_cones_and_caps", where="Lemmas 6-8",
    title="Lemmas 7-8: x+- in S+-, and the caps cos(z, x+-) >= sqrt(1-zeta1) lie in S+-",
    statement=("x+/|x+| lies in S+ and x-/|x-| in S-; with zeta1 = mu^2 (and with the largest "
               "valid zeta1 = min_c min_i cos^2(c, x_i), taken just below its supremum) the caps "
               "S^zeta1_{x+-} = {z: cos(z, x+-) >= sqrt(1-zeta1)} lie inside S+-, so zeta1 >= "
               "mu^2."),
    latex=(r"S^{\zeta_1}_{x_\pm}=\{z:\cos(z,x_\pm)\ge\sqrt{1-\zeta_1}\}\subset S_\pm,"
           r"\ \zeta_1\ge\mu^2"),
    common_assumptions=False, assumptions=("Assumption 1 (mu > 0)",),
    source="P", method="exact",
    cases=lambda p: DATA_CASES, settings={"zeta_mode": "mu2"},
    notes=("zeta1 >= mu^2 and the closed form of the largest zeta1 are derived, not printed in "
           "the paper: docs/theory/min2024.md, 'Constants zeta1, zeta2, xi'."),
)(check)

claim.twin("cap_too_wide", title="caps with zeta halfway between zeta1 and 1 lie in S+-",
           latex=r"S^{\zeta}_{x_\pm}=\{z:\cos(z,x_\pm)\ge\sqrt{1-\zeta}\}\subset S_\pm,"
                 r"\ \zeta=\tfrac{\zeta_1+1}{2}",
           zeta_mode="wide",
           notes="A cap wider than the largest valid zeta1 crosses some hyperplane x_i-perp.")

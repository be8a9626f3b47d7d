"""GD breaks balancedness only at second order: Δ(a_k² − ‖w‖²) = η²((∂_a J)² − ‖∂_w J‖²)."""

from __future__ import annotations

from fractions import Fraction as Fr

import numpy as np

from numeric import population_gradient
from proofs_checks.kit import Context, Evidence, Profile

from . import paper
from .setup import e1, notes, random_w0


def cases(p: Profile) -> list[dict]:
    return [{"L": L, "eta": eta} for L in (2, 3, 4) for eta in (0.01, 0.1, 0.5)]


def check(case: dict, ctx: Context, *, power: int, coeff: float) -> Evidence:
    rng = ctx.rng("gd19", case["L"], str(case["eta"]))
    L, eta, d = case["L"], case["eta"], 4
    w = random_w0(rng, d, float(rng.uniform(0.4, 1.5)), float(rng.uniform(0.3, 2.8)))
    a = rng.uniform(0.5, 1.5, L - 1)
    # The identity is algebraic in the chain rule: ∂J/∂w = u g and ∂J/∂a_k = (u/a_k) w·g
    # for g = ∇𝓛₁(uw), whatever g is. So g is taken from the float closed form and
    # everything after it — the chain-rule gradients, the step, c before and after — is
    # exact rational arithmetic: the claim's difference is exactly 0 at every seed, and a
    # wrong power or coefficient leaves an exact, non-zero difference.
    u_f = float(np.prod(a))
    g = population_gradient((u_f * w)[None], e1(d)[None], kappa=1.0)[0]
    E = Fr(eta)
    wq = [Fr(x) for x in w]
    aq = [Fr(x) for x in a]
    uq = Fr(1)
    for x in aq:
        uq *= x
    gq_base = [Fr(x) for x in g]
    gwq = [uq * x for x in gq_base]  # ∂J/∂w
    wg = sum(x * y for x, y in zip(wq, gq_base, strict=True))
    w1 = [x - E * gw for x, gw in zip(wq, gwq, strict=True)]
    ww = sum(x * x for x in wq)
    ww1 = sum(x * x for x in w1)
    gg = sum(x * x for x in gwq)
    drift, claimed, exact_gap = [], [], Fr(0)
    for ak in aq:
        gq = uq / ak * wg  # ∂J/∂a_k
        a1 = ak - E * gq
        dq = (a1 * a1 - ww1) - (ak * ak - ww)
        cq = Fr(coeff) * E**power * (gq * gq - gg)
        exact_gap = max(exact_gap, abs(dq - cq))
        drift.append(float(dq))
        claimed.append(float(cq))
    # atol 1e-14, uncertainty 0: nothing is rounded after g
    return Evidence.agree(
        float(exact_gap), 0.0, atol=1e-14, uncertainty=0.0,
        reason="max_k |Δc_k − η^p·coeff·((∂_a J)² − ‖∂_w J‖²)| in exact rationals (the "
               "chain-rule gradients of a float ∇𝓛₁, the GD step and c); atol 1e-14, "
               "uncertainty 0: nothing is rounded after g",
        detail={"drift": drift, "claimed": claimed})


claim = paper.claim(
    "gd_balancedness_drift", where="P9, deep chain under GD (reconstructed)",
    title="GD breaks balancedness only at second order: Δc = η²((∂_a J)² − ‖∂_w J‖²)",
    statement="For one GD step on the depth-L chain, c = a_k² − ‖w‖² changes by exactly "
              "η²((∂_{a_k}J)² − ‖∂_w J‖²) (the first-order terms cancel since a_k∂_{a_k}J = "
              "w·∂_w J).",
    source="R", method="exact", cases=cases, settings={"power": 2, "coeff": 1.0},
    notes=notes("docs/theory/lee2022.md, 'P9: GD against GF'.", deep=True),
)(check)

claim.twin("conserved", title="GD conserves a_k² − ‖w‖² exactly", coeff=0.0)
claim.twin("first_order", title="Δc = η((∂_a J)² − ‖∂_w J‖²) (first order)", power=1)

"""K = 1: −∇J = ½(w* − w) + (α sin θ·w − θ·w*)/2π with α = ‖w*‖/‖w‖."""

from __future__ import annotations

import math

import numpy as np

from numeric import pair_angle, population_gradient
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS, TWO_PI


def check(case: int, ctx: Context, *, theta_sign: float) -> Evidence:
    rng = ctx.rng("k1", case)
    d = int(rng.integers(2, 7))
    w = rng.standard_normal(d)
    ws = rng.standard_normal(d)
    w *= rng.uniform(0.5, 2.0) / np.linalg.norm(w)
    ws *= rng.uniform(0.5, 2.0) / np.linalg.norm(ws)
    th = float(pair_angle(w, ws))
    alpha = np.linalg.norm(ws) / np.linalg.norm(w)
    rewrite = 0.5 * (ws - w) + (alpha * math.sin(th) * w - theta_sign * th * ws) / TWO_PI
    desc = -population_gradient(w[None], ws[None])[0]
    scale = np.linalg.norm(w) + np.linalg.norm(ws)
    return Evidence.agree(
        desc, rewrite, atol=1e-14,  # an identity: 1e-14 is float64 headroom for norms ≤ 2
        uncertainty=4 * EPS * scale,
        reason="claimed 1e-14 (table) for norms in [0.5, 2]; tolerance = float64 rounding "
               "of both forms, 4 eps·(‖w‖+‖w*‖)",
    )


claim = paper.claim(
    "k1_rewrite", where="one ReLU (K = 1), the gradient rewritten",
    title="K = 1: −∇J = ½(w* − w) + (α sinθ·w − θ·w*)/2π",
    statement="With θ = ∠(w, w*) and α = ‖w*‖/‖w‖, −∇J = ½(w*−w) + (1/2π)(α sinθ w − θ w*).",
    latex=r"-\nabla J=\tfrac12(w^*-w)+\tfrac{1}{2\pi}(\alpha\sin\theta\,w-\theta\,w^*)",
    source="R", method="exact",
    cases=lambda p: list(range(p.n(20, minimum=5))),
    settings={"theta_sign": 1.0}, derivation="cross_moment",
    notes="docs/theory/tian2017.md, 'One ReLU'.",
)(check)

claim.twin("theta_sign", title="K = 1 rewrite with +θ·w* instead of −θ·w*",
           latex=r"-\nabla J=\tfrac12(w^*-w)+\tfrac{1}{2\pi}(\alpha\sin\theta\,w+\theta\,w^*)",
           theta_sign=-1.0)

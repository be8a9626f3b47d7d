"""Input scale: x ~ N(0, s²I) multiplies gradient and loss by s²; the summed loss carries N."""

from __future__ import annotations

import numpy as np

from numeric import population_gradient, population_loss
from proofs_checks.kit import Context, Domain, Evidence, Real

from . import paper


def check(params: dict, ctx: Context, *, power: float) -> Evidence:
    s = float(params["s"])
    rng = ctx.rng("scale", repr(s))
    W, V = rng.standard_normal((3, 4)), rng.standard_normal((2, 4))
    # x ~ N(0, s²I) is s·z: ReLU is positively homogeneous, so J_s(W) = J(sW; sV) and
    # ∇_W J_s = s·(∇J)(sW; sV) by the chain rule.
    J_s = float(population_loss(s * W, s * V))
    g_s = s * population_gradient(s * W, s * V)
    J1, g1 = float(population_loss(W, V)), population_gradient(W, V)
    # The paper's summed loss over N rows of a dataset is N times the mean loss exactly.
    N = 64
    X = rng.standard_normal((N, 4))
    res = np.maximum(X @ V.T, 0).sum(1) - np.maximum(X @ W.T, 0).sum(1)
    summed, mean = 0.5 * float(np.sum(res**2)), 0.5 * float(np.mean(res**2))
    # Gradient components can cancel to far below their terms, so a componentwise ratio
    # g_s/g would measure that cancellation; they are compared in units of the terms' scale
    # G = ½(Σ‖w‖ + Σ‖v‖) ≥ ‖m(w, ·)‖ sums (‖m(u, v)‖ ≤ ‖v‖/2), where rounding is ~(K+M)·1e-16.
    G = 0.5 * (np.linalg.norm(W, axis=1).sum() + np.linalg.norm(V, axis=1).sum())
    kap = float(population_loss(W, V, kappa=s * s)) / J1
    comp = np.concatenate([[J_s / J1], (g_s / (s**power * G)).ravel(),
                           [summed / mean / N * s**power, kap]])
    claimed = np.concatenate([[s**power], (g1 / G).ravel(), [s**power, s**power]])
    return Evidence.agree(
        comp, claimed, atol=1e-12, rtol=1e-12,  # exact identities; float64 rounding ~1e-15
        uncertainty=0.0,
        reason="J_s/J, κ = s² convention and summed/(N·mean) equal s^p, and ∇J_s = s^p ∇J in "
               "units of the gradient terms' scale, to 1e-12 (float64 rounding is ~1e-15)",
    )


claim = paper.claim(
    "input_scaling", where="normalisation of the loss and the input",
    title="x ~ N(0, s²I) scales gradient and loss by s²; the summed loss carries N",
    statement="If x ~ N(0, s²I), every gradient and loss is multiplied by s²; the paper's "
              "summed (sample) loss is N times the per-sample loss.",
    source="R", method="scaling",
    domain=Domain({"s": Real(0.05, 20.0, log=True)}),
    examples=[{"s": 0.5}, {"s": 2.0}, {"s": 3.7}],
    settings={"power": 2.0}, derivation="population_loss",
    notes="docs/theory/tian2017.md, 'Setting and conventions'.",
)(check)

claim.twin("linear_in_s", title="Input scale s multiplies gradient and loss by s (not s²)",
           power=1.0)

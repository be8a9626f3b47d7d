"""The K-node gradient −∂J/∂w_j = Σ_k F(e_j, w*_k) − Σ_k F(e_j, w_k) agrees with Monte Carlo."""

from __future__ import annotations

import math

import numpy as np

from numeric import montecarlo_gradient
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import MC_SIGMAS, tian_term


def check(case: int, ctx: Context, *, self_coef: float) -> Evidence:
    rng = ctx.rng("knode", case)
    W, Ws = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    # The descent direction assembled term by term from F (not population_gradient).
    desc = np.zeros_like(W)
    for j in range(3):
        for k in range(3):
            desc[j] += tian_term(W[j], Ws[k])
            desc[j] -= self_coef * W[j] if k == j else tian_term(W[j], W[k])
    # one estimate per case and run: the twin judges the claim's own draws
    est, se = ctx.shared(("knode-mc", case), lambda: montecarlo_gradient(
        W, Ws, samples=ctx.profile.samples, rng=ctx.rng("knode-mc", case)))
    return Evidence.agree(
        desc, -np.asarray(est), atol=MC_SIGMAS * np.asarray(se),  # see MC_SIGMAS
        uncertainty=1e-14,  # float64 rounding of the assembled sum
        reason=f"|formula − MC| ≤ {MC_SIGMAS:g} s.e. per entry over 15 entries (family "
               f"false alarm ≤ {15 * math.erfc(MC_SIGMAS / math.sqrt(2)):.1e}, union bound); "
               "tolerance = float64 rounding",
        detail={"max_se": float(np.max(se))},
    )


claim = paper.claim(
    "k_node_gradient", where="K-node gradient (author's code, compute_gradient)",
    title="K-node gradient −∂J/∂w_j = Σ_k F(e_j, w*_k) − Σ_k F(e_j, w_k) agrees with Monte Carlo",
    statement="For K = 3 students and teachers in R^5, −∂J/∂w_j = Σ_k F(e_j,w*_k) "
              "− Σ_k F(e_j,w_k), with the self term F(e_j, w_j) = w_j/2.",
    source="C", method="montecarlo",
    cases=lambda p: list(range(min(p.n(3, minimum=1), 5))),
    settings={"self_coef": 0.5}, derivation="population_gradient",
    notes="docs/theory/tian2017.md, 'The K-node gradient and the loss'.",
)(check)

claim.twin("self_term_w", title="K-node gradient with self term F(e_j, w_j) = w_j", self_coef=1.0)

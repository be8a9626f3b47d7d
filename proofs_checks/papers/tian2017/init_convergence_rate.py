"""Gradient flow from w0 uniform in the small ball reaches w* with probability ≥ (1−ε)/2."""

from __future__ import annotations

import numpy as np

from numeric.population import population_flow
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import CP_ALPHA, init_radius, rate_interval, uniform_ball


def check(_: None, ctx: Context) -> Evidence:
    d, eps = 5, 0.1
    n = ctx.profile.n(100, minimum=40)
    ws = np.zeros((1, d))
    ws[0, 0] = 1.0
    w0 = uniform_ball(ctx.rng("rate"), n, d, init_radius(d, eps))
    # Convergence test ‖w − w*‖ < 1e-6: near w* the Hessian is I/2, so ‖∇J‖ < 1e-8 at the stop
    # means distance ≲ 2e-8, well inside; t_max = 400 ≫ the escape time from the ball.
    res = population_flow(w0[:, None, :], ws, t_max=400.0, grad_tol=1e-8,
                          rtol=ctx.profile.ode_rtol, atol=1e-12)
    ok = np.linalg.norm(res.W[:, 0] - ws[0], axis=-1) < 1e-6
    k = int(ok.sum())
    lo, hi = rate_interval(k, n)
    return Evidence.interval(
        k / n, lo, hi, (1 - eps) / 2, side="at_least",
        reason=f"Clopper–Pearson {100 * (1 - CP_ALPHA):g}% interval for the fraction of "
               "gradient-flow runs reaching w* (‖w−w*‖ < 1e-6)",
        detail={"runs": n, "converged": k},
    )


def basin_fraction(_: None, ctx: Context) -> Evidence:
    """The twin: the fraction of the same kind of starts that lie in Ω is at least 0.6."""
    d, eps = 5, 0.1
    n = ctx.profile.n(5000, minimum=2000)
    w0 = uniform_ball(ctx.rng("omega-rate"), n, d, init_radius(d, eps))
    ws = np.zeros(d)
    ws[0] = 1.0
    k = int(np.sum(np.linalg.norm(w0 - ws, axis=1) < 1.0))
    lo, hi = rate_interval(k, n)
    return Evidence.interval(k / n, lo, hi, 0.6, side="at_least",
                             reason="Clopper–Pearson interval for the fraction of w0 in Ω")


claim = paper.claim(
    "init_convergence_rate", where="abstract (convergence with probability ≥ (1−ε)/2)",
    title="Gradient flow from w0 ~ U(B(0, r)) reaches w* with probability ≥ (1−ε)/2",
    statement="d = 5, ε = 0.1: the fraction of batched gradient-flow runs from uniform small "
              "initialisations that converge to w* is at least (1−ε)/2 (Clopper–Pearson).",
    source="S", method="ode",
    notes="All runs converge (V decreases globally, docs/theory/tian2017.md, 'One ReLU'): "
          "the bound is loose.",
)(check)

claim.twin("omega_0.6", title="P(w0 ∈ Ω) ≥ 0.6 at d = 5, ε = 0.1 (wrong constant; empirical)",
           check=basin_fraction)

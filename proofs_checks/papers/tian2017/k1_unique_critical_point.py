"""K = 1: the only critical point with w ≠ 0 is w*."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from numeric import population_gradient
from numeric.population import find_critical_points
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS


@lru_cache(maxsize=1)
def symbolic_solutions() -> dict:
    """Solve −∇J = 0 for K = 1 in the plane (w* = e1, w = r(cos θ, sin θ)) with SymPy.

    The perpendicular component factors as sinθ·(sinθ/π − r)/2; each factor is solved and
    substituted into the parallel component.
    """
    import sympy as sp

    r = sp.Symbol("r", positive=True)
    th = sp.Symbol("theta", nonnegative=True)
    w = r * sp.Matrix([sp.cos(th), sp.sin(th)])
    ws = sp.Matrix([1, 0])
    desc = (ws - w) / 2 + ((1 / r) * sp.sin(th) * w - th * ws) / (2 * sp.pi)
    par, perp = sp.simplify(desc[0]), sp.simplify(desc[1])
    perp_f = sp.factor(perp)
    sols = []
    # factor sin θ = 0 on [0, π]: θ ∈ {0, π}
    for t0 in (sp.S.Zero, sp.pi):
        for rr in sp.solve(sp.Eq(par.subs(th, t0), 0), r):
            sols.append((sp.nsimplify(rr), t0))
    # factor r = sinθ/π: the parallel component becomes (π − θ)/(2π)
    par_on = sp.simplify(par.subs(r, sp.sin(th) / sp.pi))
    roots = sp.solve(sp.Eq(par_on, 0), th)
    extra = [(sp.sin(t) / sp.pi, t) for t in roots]
    return {"perp": perp_f, "parallel_on_branch": par_on, "solutions": sols, "branch": extra}


def check(case: str, ctx: Context) -> Evidence:
    if case == "symbolic":
        import sympy as sp

        s = symbolic_solutions()
        ok = s["solutions"] == [(1, sp.S.Zero)] and all(
            sp.simplify(rr) == 0 for rr, _ in s["branch"])
        return Evidence.predicate(
            ok, computed=str(s["solutions"] + s["branch"]), claimed="[(1, 0)] (+ r = 0 only)",
            reason="SymPy: perpendicular part = sinθ(sinθ/π − r)/2; branch sinθ = 0 gives r = 1 "
                   "at θ = 0 (θ = π needs r = 0); branch r = sinθ/π leaves (π − θ)/2π = 0, "
                   "so θ = π and r = 0 (degenerate)",
            detail={"perp": str(s["perp"]), "parallel_on_branch": str(s["parallel_on_branch"])},
        )
    rng = ctx.rng("k1-roots")
    n, d = ctx.profile.n(40, minimum=10), 3
    ws = np.array([[1.0, 0.0, 0.0]])
    starts = rng.standard_normal((n, 1, d))
    res = find_critical_points(starts, ws, tol=1e-12, max_iter=100)
    conv = res.converged
    dist = np.linalg.norm(res.W[conv, 0] - ws[0], axis=-1)
    worst = float(np.max(dist)) if dist.size else float("nan")
    return Evidence.upper_bound(
        worst, 1e-9, tolerance=1e-10,  # ‖∇J‖ < 1e-12 and Hessian I/2: distance ≤ 2e-12
        reason="Levenberg–Marquardt root search from random starts: every converged root "
               "(‖∇J‖ < 1e-12, Hessian I/2 near w*, so distance ≤ 2‖∇J‖) lies at w*",
        detail={"starts": n, "converged": int(conv.sum())},
    )


def parallel_equation_dropped(case: str, ctx: Context) -> Evidence:
    """The twin: r = sinθ/π at θ = π/2 solves the perpendicular equation alone; is it critical?"""
    w = np.array([[0.0, 1.0 / math.pi]])
    g = float(np.linalg.norm(population_gradient(w, np.array([[1.0, 0.0]]))))
    return Evidence.agree(g, 0.0, atol=1e-12, uncertainty=4 * EPS,
                          reason="‖∇J‖ at the candidate (float64 rounding tolerance)")


claim = paper.claim(
    "k1_unique_critical_point", where="one ReLU (K = 1), critical points",
    title="K = 1: the only critical point with w ≠ 0 is w*",
    statement="For one ReLU and teacher w*, ∇J(w) = 0 with w ≠ 0 only at w = w* "
              "(perpendicular part forces ‖w‖ = ‖w*‖ sinθ/π, the parallel part then θ = π).",
    source="R", method="symbolic",
    cases=lambda p: ["symbolic", "root_search"], derivation="single_neuron_ode",
    notes="docs/theory/tian2017.md, 'One ReLU' (the projection argument).",
)(check)

claim.twin("perp_only", title="K = 1: w = (sinθ/π)(cosθ, sinθ) at θ = π/2 is critical "
           "(parallel equation dropped)", check=parallel_equation_dropped,
           cases=lambda p: ["candidate"])

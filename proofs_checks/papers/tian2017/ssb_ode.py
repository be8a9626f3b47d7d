"""The symmetric (x, y) ODE equals the K-node gradient on its invariant family."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence, Profile

from . import paper
from .setup import EPS
from .setup_ssb import projected_rhs, rhs, transcribed_symmetric_rhs


def cases(p: Profile) -> list:
    return [(K, i) for K in (2, 3, 4, 5, 10) for i in range(p.n(3, minimum=2))]


def check(case: tuple, ctx: Context, *, t_weight_shift: int) -> Evidence:
    K, i = case
    rng = ctx.rng("ssb-family", K, i)
    x, y = rng.uniform(-1, 1, 2)
    gen = projected_rhs(x, y, K)
    sym = rhs(x, y, K)
    dig = np.array([float(v) for v in transcribed_symmetric_rhs(x, y, K, K - 1 + t_weight_shift)])
    err_sym = float(np.max(np.abs(sym - gen)))
    # float64 rounding of K-term sums
    if err_sym > 1e-12:  # the compiled SymPy ODE is the other form under test
        return Evidence.agree(sym, gen, atol=1e-12, uncertainty=16 * EPS * K,
                              reason="SymPy-derived ODE vs the general formula")
    return Evidence.agree(
        dig, gen, atol=1e-12, uncertainty=16 * EPS * K,
        reason="claimed 1e-12 (table); tolerance = float64 rounding of K-term sums",
        detail={"x": x, "y": y, "symbolic_vs_general": err_sym},
    )


claim = paper.claim(
    "ssb_ode", where="symmetric two-parameter dynamics (author's code, dynamics.py)",
    title="The symmetric (x, y) ODE equals the K-node gradient on its family",
    statement="For w_j = x e_j + y Σ_{k≠j} e_k and w*_k = e_k, the transcribed ODE (2πẋ, 2πẏ) of "
              "dynamics.py, and the SymPy-derived one, equal the projections of −∂J/∂w_j.",
    source="C", method="exact",
    cases=cases, settings={"t_weight_shift": 0}, derivation="tian_symmetric_ode",
    notes="docs/theory/tian2017.md, 'Spontaneous symmetry breaking'.",
)(check)

claim.twin("T_weight_K", title="The symmetric ODE with K (not K−1) in T", t_weight_shift=1)

"""For sigma = z^2 the constrained-NCF maximum is 2 max(lambda_max, -lambda_min)(M)/(3 sqrt 3)."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import DEEP_HOMOGENEOUS, EPS, RECON, SMOOTH, label_matrix
from .setup_flows import pga_maximiser


def check(flip, ctx: Context, *, formula: str) -> Evidence:
    from symbolic import homogeneous as sh

    net, u = pga_maximiser(ctx, "P3", flip)
    n_pga = float(net.ncf(u))
    ev = np.linalg.eigvalsh(label_matrix(net))
    const = float(sh.single_neuron_constant(2))  # 2 sqrt(3) / 9 = 2 / (3 sqrt 3), SymPy
    if formula == "max_abs":
        closed = numeric.homogeneous.square_nstar(net.X, net.y)
        closed_sym = const * max(ev[-1], -ev[0])
    else:  # the twin: the -lambda_min branch dropped
        closed = closed_sym = const * ev[-1]
    return Evidence.agree(
        # 1e-8: the ascent converges to rho ~ 1e-15; 1e-8 leaves room for a flat maximum
        n_pga, closed, atol=1e-8,
        uncertainty=1e3 * EPS * abs(closed),
        reason="N at the PGA maximiser vs the closed form (constant solved in SymPy); "
        "agree to 1e-8; tolerance = eigensolver/float rounding",
        detail={"eig(M)": ev, "closed_numeric": closed, "closed_sympy": closed_sym,
                "labels": "-y" if flip else "y"},
    )


claim = paper.claim(
    "k05_square_nstar", citation=DEEP_HOMOGENEOUS,
    title="K5: for sigma = z^2, N* = 2 max(lambda_max, -lambda_min)(M) / (3 sqrt 3)",
    statement="With M = sum_i y_i x_i x_i^T, max_{|w|=1} N(w) = 2 max(lambda_max(M), "
    "-lambda_min(M)) / (3 sqrt 3) (P3: 1.95116).",
    latex=r"\mathcal N^* = \frac{2\max(\lambda_{\max}(M), -\lambda_{\min}(M))}{3\sqrt3}",
    source="R", method="exact",
    hypotheses={**SMOOTH, "sigma": "z^2"},
    cases=lambda profile: [False, True], settings={"formula": "max_abs"},
    notes=RECON + "Cases: P3 labels y and -y (the second makes -lambda_min the larger branch); "
    "docs/theory/kumar2025.md, 'K4–K6 The constrained NCF'.",
)(check)

claim.twin("lambda_max_only", title="N* = 2 lambda_max(M) / (3 sqrt 3) (the -lambda_min branch "
           "dropped)",
           latex=r"\mathcal N^* = \frac{2\lambda_{\max}(M)}{3\sqrt3}",
           formula="lambda_max")

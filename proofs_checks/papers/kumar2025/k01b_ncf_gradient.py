"""The SymPy NCF gradient and the key identity -grad L = grad N - sum_i H_i grad H_i."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS, EULER_CASES, RECON, SETUPS, TWO_HOMOGENEOUS


def check(case, ctx: Context, *, factor: float) -> Evidence:
    from symbolic import homogeneous as sh

    net, _ = SETUPS[case["setup"]]()
    _, grad = sh.ncf_functions(case["kind"], net.d, case["p"], case["alpha"])
    rng = ctx.rng(case["kind"], "w")
    worst = 0.0
    for _ in range(ctx.profile.n(10, 3)):
        w = 0.7 * rng.standard_normal(net.k)
        lhs = -net.loss_grad(w)
        rhs = factor * grad(w, net.X, net.y) - net.pullback(w, net.outputs(w))
        worst = max(worst, float(np.max(np.abs(lhs - rhs)) / np.max(np.abs(lhs))))
    return Evidence.upper_bound(
        # bound 1e-12 relative (two float evaluations of one sum); tolerance = their rounding
        worst, 1e-12, tolerance=net.X.shape[0] * net.m * (net.d + 1) * EPS,
        reason="max relative |-grad L - (grad N - sum H grad H)| at random w: SymPy grad N vs "
        "the numeric pull-back the flows use; bound 1e-12; tolerance = float rounding",
    )


claim = paper.claim(
    "k01b_ncf_gradient", citation=TWO_HOMOGENEOUS,
    title="NCF gradient (SymPy) and the key identity -grad L = grad N - sum_i H_i grad H_i",
    statement="For the square loss 1/2|H - y|^2, -grad L(w) = grad N(w) - sum_i H(x_i; w) "
    "grad H(x_i; w); near the origin GF is gradient ascent on N.",
    source="R", method="symbolic",
    hypotheses={"loss": "square 1/2|H - y|^2"},
    cases=lambda profile: [EULER_CASES[0], EULER_CASES[1]], settings={"factor": 1.0},
    notes=RECON + "Ties the SymPy derivation to the numeric right-hand sides of every flow "
    "(docs/theory/kumar2025.md, 'The key identity and the rescaled flow').",
)(check)

claim.twin("logistic_half", title="Key identity with grad N / 2 (the logistic -l'(0) = y/2 "
           "constant applied to the square loss)", factor=0.5)

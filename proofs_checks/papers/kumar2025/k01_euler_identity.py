"""Euler's identity <w, grad N(w)> = L N(w) for the NCF of an L-homogeneous net."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS, EULER_CASES, RECON, SETUPS, TWO_HOMOGENEOUS


def check(case, ctx: Context, *, shift: float) -> Evidence:
    from symbolic import homogeneous as sh

    kind, p, alpha = case["kind"], case["p"], case["alpha"]
    net, _ = SETUPS[case["setup"]]()
    d = net.d
    # the exact identity on one (neuron, sample) term with symbolic weights and data; small
    # d keeps the Piecewise simplification fast, the identity is the same for every d
    term = sh.ncf_term(kind, 2, p, alpha)
    resid = sh.euler_residual(term)
    L = float(term.L) + shift  # the twin's degree L - 1
    N, grad = sh.ncf_functions(kind, d, p, alpha)
    worst, scale_w = 0.0, 0.0
    rng = ctx.rng(kind, "theta")
    for _ in range(ctx.profile.n(10, 3)):
        th = rng.standard_normal(net.m * (d + 1))
        g = grad(th, net.X, net.y)
        lhs, rhs = float(th @ g), L * N(th, net.X, net.y)
        scale = float(np.abs(th) @ np.abs(g)) + abs(rhs)
        worst = max(worst, abs(lhs - rhs) / scale)
        scale_w = scale
    claimed = 1e-12  # 1e-12 relative: ~5000 ulps, the measured error is 2e-15
    ok_sym = resid == 0 if shift == 0 else True
    return Evidence(
        worst, claimed, claimed - worst if ok_sym else -1.0,
        # float rounding: ~(n m (d+1)) products and sums at relative eps each
        net.X.shape[0] * net.m * (d + 1) * EPS,
        "max relative |<w, grad N> - L N| over random w (compiled SymPy N and grad N on the "
        "set-up data); claimed 1e-12; tolerance = float rounding n·m·(d+1)·eps; "
        "and the symbolic residual of one term must simplify to exactly 0",
        {"symbolic_residual": str(resid), "L": L, "scale": scale_w},
    )


claim = paper.claim(
    "k01_euler_identity", citation=TWO_HOMOGENEOUS,
    title="K1: Euler's identity <w, grad N(w)> = L N(w) for the NCF of an L-homogeneous net",
    statement="For positively L-homogeneous H, N(w) = y^T H(X; w) satisfies <w, grad N> = L N "
    "(L = p + 1 for a two-layer net with p-homogeneous sigma).",
    latex=r"\langle w, \nabla \mathcal N(w)\rangle = L\,\mathcal N(w)",
    source="R", method="symbolic",
    hypotheses={"positively_homogeneous": True, "activations": ["z^2", "ReLU^2",
                "leaky ReLU^3 (alpha 0.3)"]},
    cases=lambda profile: EULER_CASES, settings={"shift": 0.0},
    notes=RECON + "N and grad N are derived in SymPy per (neuron, sample) term "
    "(symbolic/_homogeneous.py) and compiled with lambdify; docs/theory/kumar2025.md, "
    "'K1 Euler's identity'.",
)(check)

claim.twin("degree_minus_one", title="Euler's identity with L - 1 in place of L",
           latex=r"\langle w, \nabla \mathcal N(w)\rangle = (L-1)\,\mathcal N(w)",
           shift=-1.0)

"""Gradient flow conserves p v_j^2 - |u_j|^2 for every neuron (smooth p-homogeneous sigma)."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import BEYOND_ORIGIN, EPS, RECON, SETUPS, SMOOTH, capped_rtol


def conservation_flow(ctx: Context, setup: str, rtol: float):
    """GF from 0.6 w0 to t = 4 by the shared two-layer gradient_flow (square loss)."""

    def build():
        tl = numeric.finite_data
        net, w0 = SETUPS[setup]()
        th = 0.6 * w0
        v0, U0 = th[:net.m], th[net.m:].reshape(net.m, net.d)
        return net, tl.gradient_flow(U0, v0, net.X, net.y, np.linspace(0, 4.0, 9),
                                     loss=tl.square_loss(mean=False), act=net.act, rtol=rtol)

    return ctx.shared(("flow", setup, rtol), build)


def check(setup, ctx: Context, *, p_used: float | None) -> Evidence:
    rtol = capped_rtol(ctx.profile, 1e-10)
    net, tr = conservation_flow(ctx, setup, rtol)
    loss = np.ravel(tr.loss)
    p = net.p if p_used is None else p_used  # the twin's p = 1
    q = p * tr.v ** 2 - np.sum(tr.W ** 2, axis=-1)  # (K, m)
    drift = float(np.max(np.abs(q - q[0])))
    scale = float(np.max(tr.v ** 2 + np.sum(tr.W ** 2, axis=-1)))
    # DP5(4) with mixed error control: local error <= rtol|y| per step; the quadratic
    # invariant inherits 2 rtol |y|^2 per unit of relative motion, summed over the run;
    # 100 rtol scale is that budget with a factor ~10 of headroom
    bound = 100.0 * rtol * scale
    return Evidence.upper_bound(
        drift, bound, tolerance=1e3 * EPS * scale,
        reason=f"max_t |q_j(t) - q_j(0)| for q_j = p v_j^2 - |u_j|^2 along the shared "
        f"gradient_flow (rtol {rtol:g}); bound 100·rtol·max|theta|^2 (solver error budget); "
        "tolerance = float rounding 1e3·eps·scale",
        detail={"loss_start": float(loss[0]), "loss_end": float(loss[-1]),
                "p_used": p, "scale": scale},
    )


claim = paper.claim(
    "k02_conservation", citation=BEYOND_ORIGIN,
    title="K2: GF conserves p v_j^2 - |u_j|^2 for each neuron (smooth p-homogeneous sigma)",
    statement="Along gradient flow of sum_j v_j sigma(u_j.x) with sigma p-homogeneous and C^1, "
    "p v_j^2 - |u_j|^2 is constant in time for every neuron j.",
    source="R", method="ode",
    hypotheses={**SMOOTH, "sigma": "z^2 (P3), ReLU^2 (R2)"},
    cases=lambda profile: ["P3", "R2"], settings={"p_used": None},
    notes=RECON + "Integrated by the shared numeric.finite_data.gradient_flow from 0.6·w0 "
    "(docs/theory/kumar2025.md, 'K2 Conservation law').",
)(check)

claim.twin("unit_weight", title="Conservation of v_j^2 - |u_j|^2 (p replaced by 1)", p_used=1.0)

"""Balancedness: a_j² − ||w_j||² is conserved along the flow (0 for the balanced init)."""

from __future__ import annotations

import math

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import NO_TEXT, THEORY, MainRun, lambda_cases, main_run


def quadratic_drift_allowance(run: MainRun, b: int, q: np.ndarray) -> float:
    """Integrator error on a quadratic invariant: each accepted step adds a local error of at
    most rtol·|Y| (RMS over the N components, so ≤ sqrt(N) rtol |Y| per component), and a
    quadratic form of size Q changes by ≤ 2 that relative error; summed over the steps."""
    N = run.Z.size + run.s.size
    return float(2.0 * run.tr.rtol * math.sqrt(N) * run.tr.steps[b] * np.max(q))


def check(params, ctx: Context, *, conserved: str) -> Evidence:
    run = main_run(ctx)
    b = params["run"]
    W, v = run.tr.W[:, b], run.tr.v[:, b]
    nw2 = np.sum(W * W, axis=-1)
    q = v * v - nw2 if conserved == "difference" else v * v + nw2
    drift = float(np.max(np.abs(q - q[0])))
    # accumulated integrator error on a quadratic invariant of size max(a² + ||w||²)
    tol = quadratic_drift_allowance(run, b, v * v + nw2)
    return Evidence.agree(
        drift, 0.0, atol=tol, uncertainty=0.0,
        reason="max_{t,j} |Q_j(t) − Q_j(0)| vs 0; allowed = accumulated integrator error "
        "2 sqrt(N) rtol · steps · max(a² + ||w||²) (quadratic invariant, RMS error control)",
        detail={"lambda": float(run.lams[b]), "steps": int(run.tr.steps[b])})


claim = paper.claim(
    "balancedness", where="balancedness (S-C Prop. 1, S-M)",
    title="Balancedness a_j² − ||w_j||² is conserved",
    statement="a_j(t)² − ||w_j(t)||² = a_j(0)² − ||w_j(0)||² (= 0 for the balanced init)",
    latex=r"\tfrac{d}{dt}\big(a_j^2 - \|w_j\|^2\big) = 0",
    source="S-C,S-M,D,V", method="ode", cases=lambda_cases("balance"),
    settings={"conserved": "difference"},
    notes=NO_TEXT + " Also derived symbolically (boursier2022.decoupled_ode, 'balance_j'); "
    f"see {THEORY}, 'Invariants'.",
)(check)

claim.twin("sum_conserved", title="a_j² + ||w_j||² is conserved (wrong invariant)",
           latex=r"\tfrac{d}{dt}\big(a_j^2 + \|w_j\|^2\big) = 0",
           conserved="sum")

"""The population gradient is the derivative of the population loss (central differences)."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS, TIAN, teacher_student


def check(WV, ctx: Context, *, self_term: float) -> Evidence:
    W, V = WV
    g = numeric.population_gradient(W, V)
    if self_term != 0.5:  # the twin's self term m(w, w) = self_term · w
        g = g + (self_term - 0.5) * W
    h = 1e-5 * max(1.0, float(np.abs(W).max()))
    fd = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        E = np.zeros_like(W)
        E[idx] = h
        fd[idx] = (numeric.population_loss(W + E, V) - numeric.population_loss(W - E, V)) / (2 * h)
    scale = (np.linalg.norm(W, axis=1).sum() + np.linalg.norm(V, axis=1).sum()) ** 2
    wmin = float(np.linalg.norm(W, axis=1).min())
    # Central difference: truncation ≲ h²·scale/min‖w‖² (third derivative of a kernel
    # homogeneous of degree 1 in each argument) + rounding 10·eps·scale/h.
    tol = h**2 * scale / wmin**2 + 10 * EPS * scale / h
    return Evidence.agree(
        g, fd, atol=tol, reason="∇J vs central difference of J, h = 1e-5; tolerance is "
        "the difference's truncation + rounding bound",
    )


claim = paper.claim(
    "gradient_is_loss_derivative", citation=TIAN,
    title="The loss is the gradient's potential",
    statement="∂J/∂w_j = κ[Σ_k m(w_j, w_k) − Σ_m m(w_j, v_m)] is the derivative of "
    "J = ½κ[Σk(w,w) − 2Σk(w,v) + Σk(v,v)], with m(w, w) = w/2",
    source="R", method="exact",
    strategy=teacher_student(3, 2, 4), settings={"self_term": 0.5},
    derivation="population_gradient",
)(check)

claim.twin("self_term_w", title="Self term m(w, w) = w instead of w/2", self_term=1.0)

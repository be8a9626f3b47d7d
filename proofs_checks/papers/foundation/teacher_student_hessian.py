"""The teacher–student Hessian in (W, a), assembled from the derived Jacobians of the cross
moment, against central differences of the derived gradient."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .derived_forms import DERIVER, DIM, K_STUDENTS, M_TEACHERS, flat_gradient, ts_cases


def ts_hessian(case, ctx: Context, *, forget_normal_tilt: bool) -> Evidence:
    """The assembled Hessian against central differences of the derived gradient (which the
    claim above checks against 30-digit references)."""
    import symbolic
    from symbolic import gaussian as G

    spec = case["activation"]
    rng = ctx.rng("ts_hessian", spec, case["instance"])
    K, M, d = K_STUDENTS, M_TEACHERS, DIM
    W, V = rng.standard_normal((K, d)), rng.standard_normal((M, d))
    a, b = rng.standard_normal(K), rng.standard_normal(M)
    if forget_normal_tilt:  # the slip: on ⊥ only û tilts (A/‖u‖), n̂ assumed fixed
        act = symbolic.activation(spec)
        jac = dict(G.cross_moment_jacobians(act))
        jac["u_perp"] = jac["A"] / G.r_u
        H = G.assemble_hessian(G.compile_jacobians(jac), act, W, a, V, b)
    else:
        H = symbolic.teacher_student_hessian(spec)(W, a, V, b)
    theta, h = np.concatenate([W.ravel(), a]), 1e-6
    fd = np.stack([(flat_gradient(spec, theta + h * e, V, b, K, d)
                    - flat_gradient(spec, theta - h * e, V, b, K, d)) / (2 * h)
                   for e in np.eye(theta.size)], axis=1)
    scale = float(np.max(np.abs(fd)))
    err = float(np.max(np.abs(H - fd)))
    # central differences: truncation h²|∇³J|/6 + rounding 2ε|∇J|/h ≈ 1e-10·scale at h = 1e-6
    return Evidence.upper_bound(
        err / scale, 1e-7, tolerance=1e-10,
        reason="max |H − central difference of the derived gradient| / max|H| (K = 3, M = 2, "
        "trained a, b); bound 1e-7; tolerance = the difference's truncation and rounding")


c = paper.claim(
    "teacher_student_hessian", citation=DERIVER,
    title="Derived teacher–student Hessian with a trained second layer",
    statement="The Hessian of J in (w_1, …, w_K, a_1, …, a_K), assembled from the derived "
    "Jacobians ∂m/∂u and ∂m/∂v of the cross moment in the frame (û, n̂, ⊥), is the Jacobian of "
    "the derived gradient, for leaky ReLU, ReLU², |z| and erf",
    source="D", method="exact",
    assumptions=("x ~ N(0, I_d)", "φ continuous", "no zero student row"),
    cases=ts_cases, settings={"forget_normal_tilt": False},
    derivation="cross_moment_jacobians", derivation_params={"activation": "leaky_relu:0.1"},
    notes="For ReLU with unit second layers the same assembly equals numeric.population_hessian "
    "(an independent derivation) to 1e-13 (tests/test_derivations.py).",
)(ts_hessian)
c.twin("normal_tilt_forgotten", title="Hessian whose ⊥ block forgets that n̂ tilts with û",
       forget_normal_tilt=True)

"""reluflow's foundation: the closed forms it derives are right.

Each claim compares what ``symbolic`` derived and ``numeric`` compiled with a reference that
never uses the closed form (mpmath quadrature in the plane of each pair, Arb enclosures, seeded
Monte Carlo, finite differences, the full d-dimensional flow); each twin applies the same
comparison to a formula with one deliberate error, which must be refuted.
"""

from proofs_checks.kit import Paper

paper = Paper(
    "foundation", title="reluflow's derived closed forms", rank=0,
    theory="docs/theory/foundation.md",
    source_tags={
        "C": "a closed form from the literature (Cho and Saul's kernel, Tian's cross moment)",
        "D": "produced by reluflow's general Gaussian deriver for this activation",
        "R": "a property of reluflow's own derivation or compilation, derived here",
    },
)

# the claim files register on the paper above, in this order (the report's)
# isort: off
from . import (  # noqa: E402
    relu_kernel,
    cross_moment,
    kernel_leaky_relu,
    cross_moment_leaky_relu,
    kernel_relu_squared,
    cross_moment_relu_squared,
    kernel_relu_cubed,
    cross_moment_relu_cubed,
    kernel_abs,
    cross_moment_abs,
    kernel_step,
    kernel_linear,
    cross_moment_linear,
    kernel_erf,
    cross_moment_erf,
    kernel_poly,
    cross_moment_poly,
    teacher_student_loss,
    teacher_student_gradient,
    teacher_student_hessian,
    kernel_derivation_exact,
    kernel_certified,
    loss_gradient_montecarlo,
    gradient_is_loss_derivative,
    ode_is_projected_flow,
)
# isort: on

__all__ = [
    "paper", "relu_kernel", "cross_moment", "kernel_derivation_exact", "kernel_certified",
    "kernel_leaky_relu",
    "cross_moment_leaky_relu",
    "kernel_relu_squared",
    "cross_moment_relu_squared",
    "kernel_relu_cubed",
    "cross_moment_relu_cubed",
    "kernel_abs",
    "cross_moment_abs",
    "kernel_step",
    "kernel_linear",
    "cross_moment_linear",
    "kernel_erf",
    "cross_moment_erf",
    "kernel_poly",
    "cross_moment_poly",
    "teacher_student_loss",
    "teacher_student_gradient",
    "teacher_student_hessian",
    "loss_gradient_montecarlo", "gradient_is_loss_derivative", "ode_is_projected_flow",
]

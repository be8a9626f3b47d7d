"""Tian (2017), arXiv 1703.00560: the population gradient of two-layer ReLU networks in
closed form, and what it gives for critical points and convergence.

Teacher and student are g(x; W) = Σ_j σ(w_jᵀx) with Gaussian input. The claims check the
analytical gradient (Theorem 1) and its loss, the single-ReLU results (unique critical point,
Lyapunov decrease, the (1−ε)/2 initialisation bound), spontaneous symmetry breaking for an
orthonormal teacher (one-sided: the stated "any perturbation" version is a finding), the
in-plane and out-of-plane critical points of two ReLUs, and the author's scripts.
"""

from proofs_checks.kit import Paper

paper = Paper(
    "tian2017",
    title="An Analytical Formula of Population Gradient for two-layered ReLU network and its "
    "Applications in Convergence and Critical Point Analysis",
    authors="Tian", arxiv="1703.00560",
    assumptions=("x ~ N(0, I_d)", "σ = ReLU, no biases, output weights 1",
                 "J = ½E[(g(x; W*) − g(x; W))²] per sample"),
    theory="docs/theory/tian2017.md", rank=1,
    source_tags={
        "S": "the paper's abstract",
        "C": "the author's code",
        "R": "derived here",
        "M": "recalled from the paper's body and not confirmed against its text",
    },
)

# the claim files register on the paper above, in this order (the report's)
# isort: off
from . import (  # noqa: E402
    thm1_montecarlo,
    thm1_quadrature,
    k_node_gradient,
    loss_potential,
    k1_rewrite,
    k1_unique_critical_point,
    lyapunov_omega,
    lyapunov_global,
    init_probability,
    init_probability_values,
    init_convergence_rate,
    ssb_ode,
    ssb_saddle,
    ssb_saddle_spectrum,
    ssb_convergence,
    ssb_symmetric_init,
    ssb_any_perturbation,
    ssb_one_sided,
    ssb_spurious_points,
    kd_spurious_minima,
    dynamics_py,
    cone_sign_rule,
    critical_point_free_regions,
    out_of_plane_manifold,
    input_scaling,
    convergence_py,
)
# isort: on

__all__ = [
    "paper", "thm1_montecarlo", "thm1_quadrature", "k_node_gradient", "loss_potential",
    "k1_rewrite", "k1_unique_critical_point", "lyapunov_omega", "lyapunov_global",
    "init_probability", "init_probability_values", "init_convergence_rate", "ssb_ode",
    "ssb_saddle", "ssb_saddle_spectrum", "ssb_convergence", "ssb_symmetric_init",
    "ssb_any_perturbation", "ssb_one_sided", "ssb_spurious_points", "kd_spurious_minima",
    "dynamics_py",
    "cone_sign_rule", "critical_point_free_regions", "out_of_plane_manifold", "input_scaling",
    "convergence_py",
]

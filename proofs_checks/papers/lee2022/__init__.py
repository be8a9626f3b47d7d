"""Lee, Sim, Ye — magnitude and angle dynamics of single ReLU neurons (arXiv 2209.13394).

Gradient flow of one ReLU neuron (and of a width-one deep chain) fitting a ReLU teacher under
spherically symmetric inputs splits into a magnitude r = ‖w‖ and an angle φ = π − θ. The claims
check the Gaussian moments behind the reduced (r, φ) ODE, the ODE against the d-dimensional
flow, the envelopes, monotonicity and escape-time bounds the ODE supports, and their gradient
descent versions. The paper's own theorem wording was unavailable: the statements are the
reconstructions written up in docs/theory/lee2022.md, each with deliberately false twins.
"""

from proofs_checks.kit import Paper

paper = Paper(
    "lee2022", title="Magnitude and Angle Dynamics in Training Single ReLU Neurons",
    authors="S. Lee, B. Sim, J. C. Ye", arxiv="2209.13394", rank=2,
    theory="docs/theory/lee2022.md",
    settings={
        # horizon of the d-dimensional flow comparisons (the chain runs 0.6 of it)
        "flow_horizon": {"quick": 12.0, "ci": 25.0, "thorough": 25.0},
        # SymPy integration of the plane kernel (several seconds) besides the cheap algebra
        "symbolic_derivations": {"quick": False, "ci": True, "thorough": True},
    },
    source_tags={
        "S": "sourced: Tian's 2017 closed form of the cross moment, which the paper uses",
        "R": "reconstructed here from the model (theorem texts unseen)",
    },
)

# the claim files register on the paper above, in this order (the report's)
# isort: off
from . import (  # noqa: E402
    cross_moment,
    cross_moment_montecarlo,
    arccos_kernel,
    spherical_kappa,
    loss_closed_form,
    full_flow_matches_ode,
    ode_from_loss,
    g_increasing,
    phi_nondecreasing,
    envelope_one_layer,
    envelope_deep,
    balancedness_conserved,
    balanced_reduction,
    orbit_identity,
    monotone_growth,
    escape_time_bounds,
    escape_time_scaling,
    alignment_before_growth,
    gd_theta_decreasing,
    gd_local_contraction,
    gd_gf_gap,
    gd_balancedness_drift,
    finite_sample_gd,
)
# isort: on
from .setup import g_fn  # noqa: E402
from .setup_flows import full_chain_rhs  # noqa: E402
from .setup_gd import gd_map  # noqa: E402

#: every claim of the paper, in report order
ALL = list(paper.claims)

__all__ = [
    "ALL", "full_chain_rhs", "g_fn", "gd_map", "paper",
    "cross_moment", "cross_moment_montecarlo", "arccos_kernel", "spherical_kappa",
    "loss_closed_form", "full_flow_matches_ode", "ode_from_loss", "g_increasing",
    "phi_nondecreasing",
    "envelope_one_layer", "envelope_deep", "balancedness_conserved", "balanced_reduction",
    "orbit_identity", "monotone_growth", "escape_time_bounds", "escape_time_scaling",
    "alignment_before_growth", "gd_theta_decreasing", "gd_local_contraction", "gd_gf_gap",
    "gd_balancedness_drift", "finite_sample_gd",
]

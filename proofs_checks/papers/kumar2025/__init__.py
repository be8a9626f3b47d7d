"""Kumar & Haupt: gradient flow of positively homogeneous networks from small initialisations.

Three papers ([A] arXiv 2402.09226, L = 2; [B] arXiv 2403.08121, L > 2; [C] arXiv 2502.15952,
beyond the origin): near the origin gradient flow is gradient ascent on the neural correlation
function N(w) = y^T H(X; w), its direction converges to a KKT point of N on the sphere, the
weights then escape, pass a first saddle p* and keep the zero pattern of the KKT point. The
theorem texts were unavailable: every statement is a reconstruction (docs/theory/kumar2025.md),
checked on the fixed set-ups P3 (L = 3, z^2), P2 (L = 2 quadratic model) and R2 (L = 3, ReLU^2).
"""

from proofs_checks.kit import Paper

paper = Paper(
    "kumar2025", rank=5, theory="docs/theory/kumar2025.md",
    title="Towards Understanding Gradient Flow Dynamics of Homogeneous Neural Networks Beyond "
    "the Origin", authors="Kumar, Haupt", arxiv="2502.15952",
    assumptions=("H(x; c w) = c^L H(x; w) for c >= 0 (positively L-homogeneous)",),
    settings={
        # δ of the L = 3 escape and direction runs: quick drops 1e-2, where the non-winner norms
        # are still pre-asymptotic (17.8 δ vs ~20 δ below), so that three points give a usable
        # slope confidence interval
        "deltas_l3": {"quick": (3e-3, 1e-3, 3e-4), "ci": (1e-2, 3e-3, 1e-3, 3e-4),
                      "thorough": (1e-2, 3e-3, 1e-3, 3e-4, 1e-4)},
        # δ of the L = 2 escape runs (P2)
        "deltas_l2": {"quick": (1e-8, 1e-10, 1e-12), "ci": (1e-8, 1e-10, 1e-12, 1e-14),
                      "thorough": (1e-8, 1e-10, 1e-12, 1e-14)},
        # δ of the L = 2 direction error at T = 0.6: errors ~ 6.7e7 δ² stay in [6e-9, 7e-5],
        # far above the solver's 1e-12 (δ = 1e-10 would put them at its floor); at 1e-5 the
        # growth |w(T)|/δ already saturates (7.0e4 vs 9.2e4): not asymptotic
        "deltas_direction_l2": {"quick": (1e-6, 1e-7, 1e-8),
                                "ci": (1e-6, 3e-7, 1e-7, 3e-8, 1e-8),
                                "thorough": (1e-6, 3e-7, 1e-7, 3e-8, 1e-8)},
        # projected gradient ascent steps: it reaches rho ~ 1e-15 in under 1000 steps on P3 and
        # R2, so quick uses 2000; ci and thorough 2e4 (more steps cannot improve rho ~ 1e-15)
        "pga_steps": {"quick": 2000, "ci": 20_000, "thorough": 20_000},
    },
    source_tags={
        "R": "reconstructed here from the definitions and the abstract (theorem texts unseen)",
        "V": "a fact established by the runs themselves",
    },
)

# the claim files register on the paper above, in this order (the report's)
# isort: off
from . import (  # noqa: E402
    k01_euler_identity,
    k01b_ncf_gradient,
    k02_conservation,
    k03_zero_preserving,
    k04_ncf_maximiser,
    k05_square_nstar,
    k06_relu2_nstar,
    k07_direction_L3,
    k08_direction_L2,
    k09_kkt_limit,
    k10_escape_time_L3,
    k11_escape_time_L2,
    k12_winner_neuron,
    k13_first_saddle,
    k14_sparsity_L3,
    k15_sparsity_L2,
    k15_sparsity_L2_Odelta,
    k16_residual_ncf,
    k17_collapse,
    k18_degeneracy_L2,
)
# isort: on

__all__ = [
    "paper", "k01_euler_identity", "k01b_ncf_gradient", "k02_conservation",
    "k03_zero_preserving", "k04_ncf_maximiser", "k05_square_nstar", "k06_relu2_nstar",
    "k07_direction_L3", "k08_direction_L2", "k09_kkt_limit", "k10_escape_time_L3",
    "k11_escape_time_L2", "k12_winner_neuron", "k13_first_saddle", "k14_sparsity_L3",
    "k15_sparsity_L2", "k15_sparsity_L2_Odelta", "k16_residual_ncf", "k17_collapse",
    "k18_degeneracy_L2",
]

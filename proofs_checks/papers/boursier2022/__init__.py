"""Boursier, Pillaud-Vivien & Flammarion, "Gradient flow dynamics of shallow ReLU networks for
square loss and orthogonal inputs" (arXiv 2206.00939, NeurIPS 2022).

A one-hidden-layer ReLU network without biases, trained by gradient flow on the square loss
(1/2n)Σ from a balanced initialisation of scale λ → 0, on pairwise-orthogonal inputs: the
invariants and the decoupled ODE in c_jk = <w_j, x_k>, early alignment, convergence to zero
loss, the minimum-variation-norm limit and the saddle-to-saddle path. The paper's text was
unavailable; the statements are reconstructed in docs/theory/boursier2022.md.
"""

from proofs_checks.kit import Paper

paper = Paper(
    "boursier2022",
    title="Gradient flow dynamics of shallow ReLU networks for square loss and orthogonal "
    "inputs",
    authors="E. Boursier, L. Pillaud-Vivien, N. Flammarion", arxiv="2206.00939",
    assumptions=(
        "h(x) = Σ_j a_j σ(<w_j, x>), no bias, σ = ReLU with σ'(0) = 0",
        "L = (1/2n) Σ_k (h(x_k) − y_k)² (rates and times carry the 1/n)",
        "balanced init w_j(0) = λ z_j, a_j(0) = s_j ||w_j(0)||, z_j ~ N(0, I/(dm)), s_j = ±1",
        "pairwise-orthogonal inputs, arbitrary norms; real labels of both signs",
    ),
    theory="docs/theory/boursier2022.md", rank=4,
    source_tags={
        "P": "the paper's abstract",
        "S-C": "Chistikov, Englert, Lazić (NeurIPS 2023), who reuse the paper's notation",
        "S-M": "Min, Mallada, Vidal (ICLR 2024), citing the paper",
        "S-MV": "Min, Vidal (ICML 2025), citing the paper",
        "D": "derived here from the model, not confirmed against the paper's wording",
        "V": "reproduced numerically by the claim",
    },
)

# the claim files register on the paper above, in this order (the report's)
# isort: off
from . import (  # noqa: E402
    zero_loss,
    balancedness,
    sign_preserved,
    frozen_inactive,
    decoupled_ode,
    closed_forms,
    early_alignment,
    early_norm,
    early_alignment_yardstick,
    width_probability,
    coverage_condition,
    limit_interpolator,
    limit_norm,
    min_variation_norm,
    no_jstar_group_norm,
    plateau,
    escape_times,
    logistic_equal_norms,
    finite_lambda_bias,
)
# isort: on

__all__ = [
    "paper", "zero_loss", "balancedness", "sign_preserved", "frozen_inactive", "decoupled_ode",
    "closed_forms", "early_alignment", "early_norm", "early_alignment_yardstick",
    "width_probability", "coverage_condition", "limit_interpolator", "limit_norm",
    "min_variation_norm", "no_jstar_group_norm", "plateau", "escape_times",
    "logistic_equal_norms", "finite_lambda_bias",
]

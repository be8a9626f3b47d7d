"""Min, Mallada & Vidal, "Early Neuron Alignment in Two-layer ReLU Networks with Small
Initialization" (arXiv 2307.12851, ICLR 2024): the lemmas behind early alignment, Theorem 1's
two parts on its own gradient flows, the random-init remark, a digits replication, and the
paper's errata (as findings next to their corrected statements).

Theorem 1's ε2 underflows double precision, so its literal guarantee is never tested: the
alignment claims check the ε → 0 direction flow or the flow at practical ε, each labelled as
such (docs/theory/min2024.md, "What is and is not tested").
"""

from proofs_checks.kit import Paper

paper = Paper(
    "min2024",
    title="Early Neuron Alignment in Two-layer ReLU Networks with Small Initialization",
    authors="H. Min, E. Mallada, R. Vidal", arxiv="2307.12851", rank=3,
    theory="docs/theory/min2024.md",
    assumptions=(
        "f(x) = sum_j v_j relu(<w_j,x>), no width scaling, no bias; sigma'(0) = 0",
        "L = sum_i l(y_i, f(x_i)) with l = exp(-y yhat) (or 2 log(1+exp(-y yhat)))",
        "balanced init W(0) = eps W0, v_j = s_j ||w_j(0)||, [W0]_ij ~ N(0, 1/D)",
        "Assumption 1: mu > 0 (computed from the data)",
    ),
    settings={
        # the digit pairs of the replication (the quick profile runs 0 vs 1 only)
        "digits_pairs": {"quick": [(0, 1)], "ci": [(0, 1), (3, 8)],
                         "thorough": [(0, 1), (3, 8), (1, 7)]},
    },
    source_tags={
        "P": "the paper, as printed",
        "derived": "worked out here from the paper's definitions",
        "typo?": "a printed statement that looks wrong; its corrected reading is another claim",
    },
)

# the claim files register on the paper above, in this order (the report's)
# isort: off
from . import (  # noqa: E402
    lemma2_loss_derivative,
    lemma2_plain_logistic,
    lemma4_direction_error,
    lemma5_cone_cosine,
    lemma11_xa_norm,
    lemma8_cones_and_caps,
    lemma9_xi,
    monotone_activation,
    balance_sign_invariants,
    lemma3_small_norms,
    lemma1_early_direction_error,
    alignment_limit,
    alignment_practical_eps,
    alignment_eps_independence,
    alignment_slower_small_mu,
    epsilon2_unrepresentable,
    dwell_time,
    trapping,
    norm_lemmas,
    refined_alignment,
    t2_bound,
    loss_rate,
    low_rank,
    init_activation_probability,
    digits_replication,
    zeta_max_reading,
    zeta_min_reading,
    eps1_c4_reading,
    eps1_c8_reading,
    t1_harmonic_bound,
    t1_proof_step_all_n,
)
# isort: on

__all__ = [
    "paper", "lemma2_loss_derivative", "lemma2_plain_logistic", "lemma4_direction_error",
    "lemma5_cone_cosine", "lemma11_xa_norm", "lemma8_cones_and_caps", "lemma9_xi",
    "monotone_activation", "balance_sign_invariants", "lemma3_small_norms",
    "lemma1_early_direction_error", "alignment_limit", "alignment_practical_eps",
    "alignment_eps_independence", "alignment_slower_small_mu", "epsilon2_unrepresentable",
    "dwell_time", "trapping", "norm_lemmas", "refined_alignment", "t2_bound", "loss_rate",
    "low_rank", "init_activation_probability", "digits_replication", "zeta_max_reading",
    "zeta_min_reading", "eps1_c4_reading", "eps1_c8_reading", "t1_harmonic_bound",
    "t1_proof_step_all_n",
]

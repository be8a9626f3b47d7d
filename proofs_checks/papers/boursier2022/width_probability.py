"""P(J+* ≠ ∅) = 1 − (1 − 2^{−(n+ + 1)})^m for isotropic init directions and fair signs."""

from __future__ import annotations

from numeric.orthogonal import jstar_probability
from proofs_checks.kit import Context, Evidence, clopper_pearson

from . import paper
from .setup import NO_TEXT, THEORY
from .setup_scenarios import CONF, init_counts

N_POS, WIDTH = 4, 40
# The resolution of an equality checked by Monte Carlo: the interval's half width at the
# draws taken is below it (see setup_scenarios.init_counts).
DELTA = 0.015


def forgetting_the_sign(n_pos: int, m: int) -> float:
    """The twin's formula: a neuron in J+* with probability 2^{−n+} (sign of a_j forgotten)."""
    return 1.0 - (1.0 - 2.0 ** (-n_pos)) ** m


def check(params, ctx: Context, *, probability) -> Evidence:
    k, _, N = init_counts(ctx, N_POS, 2, WIDTH, "jstar")
    lo, hi = clopper_pearson(k, N, CONF)
    p0 = float(probability(N_POS, WIDTH))
    side = params["side"]
    bound = p0 - DELTA if side == "at_least" else p0 + DELTA
    return Evidence.interval(
        k / N, lo, hi, bound, side=side,
        reason=f"Monte Carlo P(J+* ≠ ∅), n+ = {N_POS}, m = {WIDTH}, {N} draws, "
        f"{CONF:.0%} Clopper–Pearson interval vs formula ± {DELTA} (the equality's "
        "resolution; the interval's half width is below it)",
        detail={"formula": p0})


claim = paper.claim(
    "width_probability", where="width condition (S-M); formula reconstructed",
    title="P(J+* ≠ ∅) = 1 − (1 − 2^{−(n+ + 1)})^m",
    statement="For isotropic z_j and fair signs, a neuron is in J+* with probability "
    "2^{−(n+ + 1)}, independently across neurons",
    latex=r"\mathbb P(J_+^*\neq\emptyset) = 1-(1-2^{-(n_++1)})^m",
    source="S-M,D,V", method="montecarlo", common_assumptions=False,
    cases=lambda p: [{"side": "at_least"}, {"side": "at_most"}],
    settings={"probability": jstar_probability},
    notes=NO_TEXT + " Simulated on real orthogonal data (random norms), not on coin flips "
    f"({THEORY}, 'Convergence to zero loss').",
)(check)

claim.twin(
    "no_sign_coin", title="P(J+* ≠ ∅) = 1 − (1 − 2^{−n+})^m (forgetting the sign of a_j)",
    latex=r"\mathbb P(J_+^*\neq\emptyset) = 1-(1-2^{-n_+})^m",
    probability=forgetting_the_sign,
)

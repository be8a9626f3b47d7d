"""Population loss and gradient of the teacher–student network against Monte Carlo."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence, Profile

from . import paper
from .setup import TIAN


def cases(profile: Profile) -> list:
    """Fixed Gaussian weights (K = 3 students, M = 2 teachers, d = 5), seeded apart from the
    run: the cases are the same at every seed, the Monte Carlo draws are not."""
    rng = np.random.default_rng(np.random.SeedSequence([20250101, 5]))
    return [(rng.normal(size=(3, 5)), rng.normal(size=(2, 5))) for _ in range(profile.n(3))]


def check(WV, ctx: Context, *, factor: float) -> Evidence:
    W, V = WV
    n = ctx.profile.samples

    def sample():
        rng = ctx.rng("montecarlo", *np.asarray(W).shape)
        return (numeric.montecarlo_gradient(W, V, samples=n, rng=rng),
                numeric.montecarlo_loss(W, V, samples=n, rng=rng))

    # one sample per case and run: the twin judges the claim's own draws
    (g_est, g_se), (j_est, j_se) = ctx.shared(("montecarlo", W.tobytes(), V.tobytes()), sample)
    g = factor * numeric.population_gradient(W, V)
    j = factor * numeric.population_loss(W, V)
    # 4 standard errors per entry: a false alarm has probability ~6e-5 per entry.
    dev = np.concatenate([np.ravel(np.abs(g - g_est) / g_se), [abs(j - j_est) / j_se]])
    return Evidence(
        computed=float(dev.max()), claimed=4.0, margin=float(4.0 - dev.max()), tolerance=0.0,
        reason=f"max |closed − MC|/s.e. over loss and gradient entries, {n} seeded samples;"
        " bound 4 s.e.",
    )


claim = paper.claim(
    "loss_gradient_montecarlo", citation=TIAN,
    title="Population loss and gradient vs Monte Carlo (d = 5)",
    statement="J and ∇J of the K-student/M-teacher network equal their sample averages "
    "within 4 standard errors",
    source="C", method="montecarlo",
    assumptions=("x ~ N(0, I_5)", "K = 3, M = 2, random Gaussian weights"),
    cases=cases, settings={"factor": 1.0}, derivation="population_gradient",
)(check)

claim.twin("doubled", title="Loss and gradient doubled (1/π for 1/2π)", factor=2.0)

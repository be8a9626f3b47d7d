"""Random init: some V+ neuron activates a positive point with probability >= 1 - 2^-m."""

from __future__ import annotations

import math

from numeric import datasets
from proofs_checks.kit import Context, Evidence, clopper_pearson

from . import paper

CP_ALPHA = 1e-6  # Clopper-Pearson: two-sided 1 - 1e-6 confidence


def check(params, ctx: Context, *, every: bool) -> Evidence:
    m = params["m"]
    rng = ctx.rng("init_prob", m)
    X, y = datasets.exact_mu_data(rng, 3, 3, 0.3, 8)
    N = max(ctx.profile.samples // 10, 2000)
    W = rng.standard_normal((N, m, X.shape[1])) / math.sqrt(X.shape[1])
    act = (W @ X[y > 0].T) > 0  # (N, m, n+)
    per_neuron = act.any(-1)
    hit = per_neuron.all(-1) if every else per_neuron.any(-1)
    k = int(hit.sum())
    # the rate's uncertainty: a Clopper-Pearson interval at confidence 1 - 1e-6
    lo, hi = clopper_pearson(k, N, 1.0 - CP_ALPHA)
    return Evidence.interval(k / N, lo, hi, 1 - 2.0 ** (-m), side="at_least", detail={
        "samples": N, "m": m, "confidence": 1 - CP_ALPHA}, reason=(
        "Monte Carlo rate with a Clopper-Pearson interval at confidence 1 - 1e-6 against "
        "1 - 2^-m"))


claim = paper.claim(
    "init_activation_probability", where="remark after Theorem 1 (random initialisation)",
    title="Random init: P(some V+ neuron activates a positive point) >= 1 - 2^-m",
    statement=("With m neurons in V+ and Gaussian W0, each activates some positive point with "
               "probability >= 1/2, so S+ is non-empty at t1 with probability >= 1 - 2^-m."),
    latex=(r"\mathbb P\big(\exists j\in V_+:\max_{i\in I_+}\langle"
           r" w_j(0),x_i\rangle>0\big)\ge1-2^{-m}"),
    common_assumptions=False,
    assumptions=("[W0]_ij ~ N(0, 1/D) iid", "Assumption 1", "n+ = 3 exact-mu points"),
    source="P", method="montecarlo",
    cases=lambda p: [{"m": m} for m in (1, 2, 4)], settings={"every": False},
    notes=("With a single positive point the bound is an equality (undecidable by sampling), so "
           "n+ = 3. h = Theta(1) suffices, unlike orthogonal data (Boursier et al.)."),
)(check)

claim.twin("every_neuron", title="P(EVERY V+ neuron activates a positive point) >= 1 - 2^-m",
           latex=r"\mathbb P\big(\forall j\in V_+:\max_{i\in I_+}\langle"
                 r" w_j(0),x_i\rangle>0\big)\ge1-2^{-m}",
           cases=lambda p: [{"m": 4}], every=True,
           notes="Quantifier swap: the probability of 'all' falls with m.")

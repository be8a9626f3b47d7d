"""The worst activation path fits in t1: H_{n-} + 1/2 + H_{n+ - 1} <= 4 log n for all n >= 2."""

from __future__ import annotations

import math

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS


def harmonics(n_max: int) -> np.ndarray:
    """H_0..H_{n_max} (H_0 = 0), summed in increasing k (rounding <= n_max eps H)."""
    return np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, n_max + 1))])


def check(params, ctx: Context, *, const: float, proof_step: bool,
          n_min: int | None) -> Evidence:
    """min over n in [n_min, n_max] (and splits n = n+ + n-) of const·log n minus the path
    sum, or minus the proof's cruder bound 2(1 + log n) + 1/2 when ``proof_step``; ``n_min``
    (a twin's) replaces the case's smallest n."""
    n_max = ctx.profile.n(500, minimum=50)
    H = harmonics(n_max)
    worst, arg = np.inf, None
    for n in range(params["n_min"] if n_min is None else n_min, n_max + 1):
        rhs = const * math.log(n)
        if proof_step:
            lhs = 2 * (1 + math.log(n)) + 0.5  # H_k <= 1 + ln k on both sums
            if rhs - lhs < worst:
                worst, arg = rhs - lhs, n
            continue
        if n < 2:
            continue
        npos = np.arange(1, n)
        gap = rhs - (H[n - npos] + 0.5 + H[npos - 1])
        k = int(np.argmin(gap))
        if gap[k] < worst:
            worst, arg = float(gap[k]), (int(npos[k]), int(n - npos[k]))
    # tolerance: the harmonic sums' rounding, 64 ulps per term
    return Evidence.lower_bound(worst, 0.0, tolerance=64 * EPS * n_max, detail={
        "worst_at": arg, "n_max": n_max}, reason=(
        "min over n and splits of [c log n - (H_{n-} + 1/2 + H_{n+ - 1})]; tolerance = summation "
        "rounding"))


claim = paper.claim(
    "t1_harmonic_bound", where="proof of Theorem 1 (path-time sum)",
    title="The worst activation path fits in t1: H_{n-} + 1/2 + H_{n+-1} <= 4 log n for all n >= 2",
    statement=("For every n >= 2 and split n = n+ + n- (both >= 1) the worst-case path time "
               "4/(min{zeta,xi} sqrt(mu) X_min) (H_{n-} + 1/2 + H_{n+-1}) is <= t1, i.e. H_{n-} + "
               "1/2 + H_{n+-1} <= 4 log n."),
    latex=r"H_{n_-}+\tfrac12+H_{n_+-1}\le4\log n,\ n\ge2",
    common_assumptions=False, assumptions=("n+ >= 1, n- >= 1",),
    source="derived", method="exact",
    cases=lambda p: [{"n_min": 2}],
    settings={"const": 4.0, "proof_step": False, "n_min": None},
    notes=("The theorem's t1 holds for every n >= 2 with exact harmonic numbers (tightest at "
           "n = 2, 3); the proof's cruder step needs n >= 4 (min2024.t1_proof_step_all_n)."),
)(check)

claim.twin("const_two", title="with 2 log n in place of 4 log n",
           latex=r"H_{n_-}+\tfrac12+H_{n_+-1}\le2\log n,\ n\ge2",
           const=2.0)

"""K = 1: V = ½‖w − w*‖² decreases on the basin Ω = {‖w − w*‖ < ‖w*‖}."""

from __future__ import annotations

import numpy as np

from numeric import population_gradient
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS, uniform_ball


def check(d: int, ctx: Context, *, bound: float) -> Evidence:
    rng = ctx.rng("omega", d)
    ws = np.zeros(d)
    ws[0] = 1.0
    n = ctx.profile.n(4000, minimum=500)
    w = ws + uniform_ball(rng, n, d, 1.0)  # uniform in Ω = B(w*, ‖w*‖)
    desc = -population_gradient(w[:, None, :], ws[None, :])[:, 0]
    diff = w - ws
    ratio = np.sum(diff * desc, axis=1) / np.sum(diff**2, axis=1)
    worst = float(np.max(ratio))
    return Evidence.upper_bound(
        worst, bound, tolerance=16 * EPS * 3.0,  # rounding of a ratio of terms of size ≤ 3
        reason="max over uniform samples of Ω of (w−w*)ᵀ(−∇J)/‖w−w*‖²; tolerance = "
               "float64 rounding of the ratio (terms of size ≤ 3)",
        detail={"samples": n},
    )


claim = paper.claim(
    "lyapunov_omega", where="one ReLU: Lyapunov function on the basin Ω (recalled)",
    title="V = ½‖w − w*‖² decreases on Ω = {‖w − w*‖ < ‖w*‖}",
    statement="On Ω, dV/dt = (w − w*)ᵀ(−∇J) < 0 for w ≠ w* (K = 1).",
    source="M", method="exact",
    assumptions=("K = 1", "w ∈ Ω"),
    cases=lambda p: [2, 3, 5, 10], settings={"bound": 0.0}, derivation="single_neuron_ode",
    notes="docs/theory/tian2017.md, 'One ReLU': the largest ratio is −0.254 for ‖w*‖ = 1.",
)(check)

claim.twin("rate_0.3", title="dV/dt ≤ −0.3‖w − w*‖² on Ω (too strong a rate)", bound=-0.3)

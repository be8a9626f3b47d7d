"""The population loss 𝓛(w) = r²/4 − r g(φ)/(2π) + 1/4, against Monte Carlo."""

from __future__ import annotations

import math

import numpy as np

from numeric import montecarlo_loss, pair_angle
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import ALPHA, e1, g_fn, notes, z_family


def _estimate(ctx: Context):
    """One random w = 0.7·N(0, I_8) and a Monte Carlo estimate of its loss."""

    def run():
        rng = ctx.rng("loss")
        d = 8
        w = 0.7 * rng.standard_normal(d)
        v = e1(d)
        est, se = montecarlo_loss(w[None], v[None], samples=ctx.profile.samples, rng=rng)
        r = float(np.linalg.norm(w))
        phi = math.pi - float(pair_angle(w, v))
        return est, se, r, phi

    return ctx.shared("loss", run)


def check(params, ctx: Context, *, quadratic_coefficient: float) -> Evidence:
    est, se, r, phi = _estimate(ctx)
    claimed = quadratic_coefficient * r * r - r * float(g_fn(phi)) / (2 * math.pi) + 0.25
    zc = z_family(ALPHA, 1)  # two-sided, false alarm 1e-6
    return Evidence.agree(
        (est - claimed) / se, 0.0, atol=zc,
        reason=f"MC t-statistic of ½E[(σ(w·x)−σ(v·x))²] vs the closed form; allowed "
               f"|t| ≤ {zc:.2f} (two-sided, false alarm 1e-6), N = {ctx.profile.samples}",
        detail={"estimate": est, "stderr": se, "claimed": claimed, "r": r},
    )


claim = paper.claim(
    "loss_closed_form", where="population loss",
    title="𝓛(w) = r²/4 − r g(φ)/(2π) + 1/4",
    statement="For x ~ N(0, I_8), ‖v‖ = 1 and w = 0.7·N(0, I_8): "
              "½E[(σ(w·x) − σ(v·x))²] = r²/4 − r g(φ)/(2π) + 1/4.",
    source="R", method="montecarlo", settings={"quadratic_coefficient": 0.25},
    notes=notes("docs/theory/lee2022.md, 'Population loss and the (r, φ) ODE'."),
)(check)

claim.twin("r2_over_2", title="𝓛 = r²/2 − r g(φ)/(2π) + 1/4 (wrong quadratic coefficient)",
           quadratic_coefficient=0.5)

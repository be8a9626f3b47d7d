"""K = 1: V = ½‖w − w*‖² decreases at every w ∉ {0, w*} (a strengthening of the basin
statement)."""

from __future__ import annotations

import math

import numpy as np

from numeric import population_gradient
from proofs_checks.kit import Certified, Context, Evidence, nonnegative_square

from . import paper
from .setup import EPS, TWO_PI


def check(_: None, ctx: Context, *, rate: float) -> Evidence:
    n = min(ctx.profile.grid * 4, 800)  # 800² points keep the batched gradient < 1 GB
    r = np.geomspace(1e-3, 10.0, n)
    th = np.linspace(1e-3, math.pi, n)
    R, T = np.meshgrid(r, th, indexing="ij")
    closed = (-math.pi * R**2 + ((TWO_PI - T) * np.cos(T) + np.sin(T)) * R
              - (math.pi - T) - np.sin(T) * np.cos(T)) / TWO_PI
    # The same quantity from the compiled gradient in d = 2 (consistency of the closed form).
    w = np.stack([R * np.cos(T), R * np.sin(T)], axis=-1)
    ws = np.array([1.0, 0.0])
    desc = -population_gradient(w[..., None, :], ws[None, :])[..., 0, :]
    num = np.sum((w - ws) * desc, axis=-1)
    dist2 = np.sum((w - ws) ** 2, axis=-1)
    gap = float(np.max(np.abs(num - closed)))
    value = float(np.max(closed + rate * dist2))  # claim: closed ≤ −rate·‖w−w*‖²
    # float64 rounding of the trigonometric polynomial, whose terms are at most 100π
    unc = 32 * EPS * (math.pi * 100 + 10 * 3 * math.pi + 2 * math.pi) / TWO_PI
    if gap > 1e-12:
        return Evidence.failed(f"closed form and compiled gradient differ by {gap:.2e}")
    return Evidence.upper_bound(
        value, 0.0, tolerance=unc,
        reason="max over the (r, θ) grid of dV/dt (+ rate·‖w−w*‖² for a rate claim); "
               "tolerance = float64 rounding of the trigonometric polynomial (terms ≤ 100π)",
        detail={"grid": [n, n], "closed_vs_compiled": gap},
    )


def certified_margin(box: dict, *, rate: float):
    """An Arb enclosure of −dV/dt − rate·‖w − w*‖² over a box of (r, θ).

    Written as 2π dV/dt = −π‖w − w*‖² + r g(θ) + h(θ), with ‖w − w*‖² = (r − cos θ)² + sin²θ,
    g(θ) = sin θ − θ cos θ and h(θ) = θ − sin θ cos θ (expanding gives the statement's form;
    checked in SymPy by the tests). Near w* (r = 1, θ → 0) the margin vanishes like θ², while
    the terms of the statement's form are O(1): a plain enclosure of that form would need boxes
    of width θ², this one boxes of width θ. Analytic bounds used, so that g and h are enclosed
    by their end values rather than by their cancelling terms: h' = 2 sin²θ ≥ 0 (h increasing
    everywhere) and g' = θ sin θ ≥ 0 on [0, π] (g increasing there, decreasing just past π, so
    g(π) joins the end values when the box reaches the ball of π). Squares are enclosed from
    the absolute bounds of their argument, so they are never negative.
    """
    import flint

    arb = flint.arb
    r, t = box["r"], box["theta"]
    pi = arb.pi()
    lo, hi = box.ends["theta"]
    g_range = _g(lo).union(_g(hi))
    if hi > 3:  # the box may reach past π, where g turns
        g_range = g_range.union(_g(pi))
    h_range = _h(lo).union(_h(hi))
    dist2 = nonnegative_square(r - t.cos()) + nonnegative_square(t.sin())
    return (pi * dist2 - r * g_range - h_range) / (2 * pi) - rate * dist2


def _g(t):
    return t.sin() - t * t.cos()


def _h(t):
    return t - t.sin() * t.cos()


claim = paper.claim(
    "lyapunov_global", where="one ReLU: Lyapunov function (strengthened; not in the paper)",
    title="V = ½‖w − w*‖² decreases at every w ∉ {0, w*} (global strengthening)",
    statement="With ‖w*‖ = 1, r = ‖w‖: 2π(w−w*)ᵀ(−∇J) = −πr² + [(2π−θ)cosθ + sinθ]r − (π−θ) "
              "− sinθcosθ < 0 for r ∈ [1e-3, 10], θ ∈ [1e-3, π].",
    source="R", method="exact", settings={"rate": 0.0}, derivation="single_neuron_ode",
    certified=Certified(
        box={"r": ("1e-3", 10), "theta": ("1e-3", "pi")}, margin=certified_margin, strict=True,
        corners="near w* the margin vanishes like θ²: g and h are enclosed by monotonicity "
                "(see certified_margin); θ = 0 and r = 0 are outside the box"),
    notes="docs/theory/tian2017.md, 'One ReLU' (global decrease). Proved by interval "
          "branch-and-bound over the whole (r, θ) box (about 1800 boxes), besides the grid.",
)(check)

claim.twin("uniform_rate", title="dV/dt ≤ −0.01‖w − w*‖² globally (a uniform rate)", rate=0.01,
           notes="False near the ray −c·w* at small r, where dV/dt → 0 while ‖w−w*‖ → 1.")

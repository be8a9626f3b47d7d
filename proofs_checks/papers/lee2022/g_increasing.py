"""g(φ) = sin φ − φ cos φ, the angular factor of the cross moment, is increasing on [0, π]."""

from __future__ import annotations

import math

import numpy as np

from proofs_checks.kit import Certified, Context, Evidence

from . import paper
from .setup import g_fn, notes

EPS = float(np.finfo(float).eps)
#: the analytic bound is used within this distance of 0 and π; elsewhere the enclosures alone
#: must show g' > 0
CORNER = 0.125


def check(_: None, ctx: Context, *, upper: float) -> Evidence:
    """The smallest step g(φ_{k+1}) − g(φ_k) on a grid of [0, upper]."""
    phi = np.linspace(0.0, upper, 200 * ctx.profile.grid + 1)
    steps = np.diff(g_fn(phi))
    k = int(np.argmin(steps))
    # g is O(π) and each value is rounded to a few ulps of 3π, so a step carries ≤ 8 eps·3π
    return Evidence.lower_bound(
        float(steps[k]), 0.0, tolerance=8 * EPS * 3 * math.pi,
        reason="smallest increment of g over the grid; tolerance = rounding of two values of g "
               "(a few ulps of 3π each)",
        detail={"at_phi": float(phi[k]), "grid_points": int(phi.size)})


def certified_margin(box: dict, *, upper: float):
    """Bounds of g'(φ) = φ sin φ over a box of φ ∩ [0, upper]: (lower, upper) or one ball.

    Where the box touches 0 or π, g' vanishes and a plain enclosure of φ sin φ always dips
    below 0. Within CORNER of either end Jordan's inequality gives the bound instead:
    sin φ ≥ (2/π)·min(φ, π − φ) on [0, π], so g'(φ) ≥ (2/π)·lo·min(lo, π − hi) ≥ 0 for
    φ ∈ [lo, hi] ⊂ [0, π]. The box's top end is the ball of π (π is not a float), so for the
    domain [0, π] (``upper`` = π) the part of that ball past π is outside the domain and
    π − hi is taken as at least 0. Past π (a wider domain) the enclosure is the plain one.
    """
    import flint

    phi = box["phi"]
    pi = flint.arb.pi()
    lo, hi = box.ends["phi"]
    plain = phi * phi.sin()
    to_pi = pi - hi
    if upper == math.pi and not to_pi >= 0:  # the ball of π overshoots: clip at the domain
        to_pi = flint.arb(0)
    near_an_end = hi <= CORNER or pi - lo <= CORNER  # the whole box within a corner
    if near_an_end and lo >= 0 and to_pi >= 0:
        return 2 * lo * lo.min(to_pi) / pi, plain  # (lower bound, enclosure)
    return plain


claim = paper.claim(
    "g_increasing", where="the angular factor of the cross moment (reconstructed)",
    title="g(φ) = sin φ − φ cos φ is increasing on [0, π]",
    statement="g(φ) = sin φ − φ cos φ satisfies g'(φ) = φ sin φ ≥ 0 on [0, π] (zero only at "
              "the ends), so g increases from g(0) = 0 to g(π) = π.",
    latex=r"g'(\varphi)=\varphi\sin\varphi\ \ge 0\quad(0\le\varphi\le\pi)",
    source="R", method="exact", settings={"upper": math.pi},
    certified=Certified(
        box={"phi": (0, "pi")}, margin=certified_margin,
        corners="φ = 0 and φ = π, where g' = 0: Jordan's inequality (see certified_margin)"),
    notes=notes("The monotonicity behind P1 (φ never decreases) and behind the kernel's "
                "shape; proved over [0, π] by interval branch-and-bound, the two zero ends by "
                "Jordan's inequality."),
)(check)

claim.twin("to_three_halves_pi", title="g is increasing on [0, 3π/2] (the range extended)",
           latex=r"g'(\varphi)\ge 0\quad(0\le\varphi\le 3\pi/2)",
           upper=1.5 * math.pi,
           certified=Certified(box={"phi": (0, "[4.71238898038468985769396507 +/- 1e-25]")},
                               margin=certified_margin),
           notes="False past π, where sin φ < 0: g falls from π at φ = π.")

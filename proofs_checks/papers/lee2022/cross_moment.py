"""Tian's cross moment E[1{w·x>0} x σ(v·x)] = [(π−θ)v + sinθ ŵ]/(2π), by plane quadrature."""

from __future__ import annotations

import math

import numpy as np

from numeric import cross_moment, reference_cross_moment
from proofs_checks.kit import Context, Domain, Evidence, Real

from . import paper
from .setup import cross_moment_angles, e1, notes, plane, reference_digits


def _reference(params: dict, ctx: Context):
    def run():
        w = plane(params["r"], params["theta"], 3)
        ref = reference_cross_moment(w, e1(3), digits=reference_digits(ctx))
        return w, ref.to_numpy(), float(ref.error)

    return ctx.shared(f"cm:{params['theta']!r}:{params['r']!r}", run)


def check(params: dict, ctx: Context, *, normaliser: float) -> Evidence:
    w, ref, qerr = _reference(params, ctx)
    th = params["theta"]
    what = ((math.pi - th) * e1(3) + math.sin(th) * w / np.linalg.norm(w)) / (normaliser * math.pi)
    # 1e-12: the closed form is evaluated in float64 from O(1) terms, rounding ~1e-16; the
    # quadrature reference carries its own error estimate as the tolerance.
    return Evidence.agree(
        what, ref, atol=1e-12, uncertainty=qerr,
        reason="closed form vs mpmath plane quadrature split at the kinks; atol 1e-12 "
               "(float64 rounding of O(1) terms), tolerance = quadrature error estimate",
        detail={"numeric_cross_moment_err": float(np.max(np.abs(cross_moment(w, e1(3)) - ref)))},
    )


claim = paper.claim(
    "cross_moment", where="Gaussian moments (Tian, ICML 2017 closed form)",
    title="E[1{w·x>0} x σ(v·x)] = [(π−θ)v + sinθ ŵ]/(2π)",
    statement="For x ~ N(0, I_d), ‖v‖ = 1 and θ = ∠(w, v) ∈ (0, π): "
              "E[1{w·x>0} x σ(v·x)] = [(π−θ)v + sin θ ŵ]/(2π) (Tian 2017).",
    source="S", method="quadrature",
    domain=Domain({"theta": Real(0.02, math.pi - 0.02), "r": Real(0.3, 3.0, log=True)}),
    examples=cross_moment_angles, settings={"normaliser": 2.0},
    latex=r"\mathbb E[\mathbf 1\{w\cdot x>0\}x\,\sigma(v\cdot x)]"
          r"=\frac{(\pi-\theta)v+\sin\theta\,\hat w}{2\pi}",
    notes=notes("The closed form itself is sourced [S] (Tian 2017, yuandong-tian/ICML17_ReLU "
                "utils.py single_term); docs/theory/lee2022.md, 'Gaussian moments'."),
)(check)

claim.twin("over_pi", title="Cross moment normalised by 1/π instead of 1/(2π)",
           latex=r"\mathbb E[\mathbf 1\{w\cdot x>0\}x\,\sigma(v\cdot x)]"
           r"=\frac{(\pi-\theta)v+\sin\theta\,\hat w}{\pi}",
           normaliser=1.0)

"""What several foundation claims share: the sources they cite, the compiled-agreement
level, the input strategies and the kernel formulas (right and deliberately wrong)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import numeric
from proofs_checks.kit import Citation, Evidence, Profile

CHO_SAUL = Citation(
    title="Kernel Methods for Deep Learning", arxiv="(NeurIPS 2009)", where="arc-cosine kernel n=1",
    authors="Cho, Saul",
)
TIAN = Citation(
    title="An Analytical Formula of Population Gradient for two-layered ReLU network and its "
    "Applications in Convergence and Critical Point Analysis",
    arxiv="1703.00560", where="Theorem 1", authors="Tian",
)
LEE = Citation(
    title="Magnitude and Angle Dynamics in Training Single ReLU Neurons", arxiv="2209.13394",
    where="(r, φ) ODEs (reconstructed; docs/theory/lee2022.md)", authors="Lee, Sim, Ye",
)

EPS = float(np.finfo(float).eps)
# Compiled float64 vs a 30-digit reference: the closed form is exact, so the error is float64
# rounding through ~20 operations on values of size ‖u‖‖v‖; the claimed agreement is 1e-12 of
# that scale (≈ 5000 ulps). The reference's own quadrature error estimate is the tolerance.
COMPILED_AGREEMENT = 1e-12


def pairs(d_max: int = 6) -> Callable[[Profile], object]:
    """Vector pairs of any geometry (near-parallel and near-antiparallel included), d ≤ d_max."""

    def strategy(profile: Profile):
        from hypothesis import strategies as st

        from proofs_checks.kit import strategies

        return st.integers(2, d_max).flatmap(lambda d: strategies.vector_pairs(d, kind="any"))

    return strategy


def teacher_student(K: int, M: int, d: int) -> Callable[[Profile], object]:
    def strategy(profile: Profile):
        from proofs_checks.kit import strategies

        return strategies.teacher_student(K, M, d)

    return strategy


def kernel(u, v):
    return numeric.relu_kernel(u, v)


def kernel_pi_plus_theta(u, v):
    """The arc-cosine kernel with (π + θ) for (π − θ): the twins' wrong formula."""
    th = numeric.pair_angle(u, v)
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    return nu * nv * (np.sin(th) + (np.pi + th) * np.cos(th)) / (2 * np.pi)


def agrees_with_reference(computed, ref, *, scale: float, reference: str, scale_name: str
                          ) -> Evidence:
    """A compiled closed form against an mpmath reference value (``ref.to_numpy()``, with its
    quadrature error estimate ``ref.error``): claimed agreement COMPILED_AGREEMENT · scale,
    the float64 rounding of the compiled form; the tolerance is the quadrature's error."""
    return Evidence.agree(
        computed, ref.to_numpy(), atol=COMPILED_AGREEMENT * scale,
        uncertainty=float(ref.error),
        reason=f"compiled closed form vs mpmath {reference}; claimed 1e-12·{scale_name} "
        "(float64 rounding); tolerance = quadrature error estimate",
        detail={"scale": scale},
    )


def angle_deviation_margin(box, *, closed: Callable, at_angle: Callable, second: float,
                           tau: float):
    """(lower, upper) of tau − max_i |D_i(θ)| over a box of θ, D = closed − integral.

    ``closed(t)`` gives the closed form's components for an Arb ball or power series t;
    ``at_angle(m)`` the certified integrals' values and θ-derivatives at the point m;
    ``second`` bounds the integrals' second θ-derivatives over the whole range (derived next
    to each claim). Second-order Taylor form about the box's midpoint m, half-width h:
    |D_i(θ) − D_i(m)| ≤ |D_i'(m)|·h + (sup_box|closed_i''| + second)·h²/2. The upper end of
    max_i |D_i| proves the bound; its lower end (from any component) certifies a violation.
    """
    import flint

    arb, series = flint.arb, flint.arb_series
    lo, hi = box.ends["theta"]
    m = arb(((lo + hi) / 2).mid())
    h = arb((hi - lo).upper() / 2 + abs(float((m - (lo + hi) / 2).mid())))
    values, slopes = at_angle(m)
    at_m = closed(series([m, 1], prec=2))
    on_box = closed(series([box["theta"], 1], prec=3))
    uppers, lowers = [], []
    for i, (val, slope) in enumerate(zip(values, slopes, strict=True)):
        d0, d1 = at_m[i][0] - val, at_m[i][1] - slope
        curvature = arb((on_box[i][2] * 2).abs_upper()) + arb(second)
        slack = arb(d1.abs_upper()) * h + curvature * h * h / 2
        uppers.append(arb(d0.abs_upper()) + slack)
        lowers.append(arb(d0.abs_lower()) - slack)
    worst_upper = max(uppers, key=lambda b: float(b.upper()))
    best_lower = max(lowers, key=lambda b: float(b.lower()))
    return arb(tau) - worst_upper, arb(tau) - best_lower

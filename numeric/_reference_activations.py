"""mpmath references for the kernels and cross moments of general activations (issue: the
derivation engine), independent of the SymPy deriver in symbolic/_gaussian.py.

An activation is given numerically: ``PiecewisePolynomial(negative, positive)`` with the
polynomial coefficients [c₀, c₁, …] on each side of 0, or the string ``"erf"``.

* **Piecewise polynomials.** The plane of (u, v) comes from numeric._reference.exact_plane,
  exact in rationals. The circle of directions is cut where u·x or v·x vanishes, at angles
  computed from the vectors. Each piece's sign pattern is read at its midpoint. On each piece,
  for each angle a, the integrand is a polynomial in ρ: the product of φ(x₁ρ) and ψ(x₂ρ), with
  x₁, x₂ the linear forms at a. Its coefficients are convolved numerically and weighted by the
  radial moments ∫₀^∞ ρ^{n+1}e^{−ρ²/2}dρ. Each of those moments is itself integrated by
  ``mp.quad`` rather than taken from the Γ formula. The angle is integrated by Gauss–Legendre
  on each piece, where the integrand is a trigonometric polynomial. Nothing here shares code or
  closed forms with the deriver (its exact arc bookkeeping and antiderivatives).
* **erf.** One Gaussian coordinate is integrated in closed form by the one-variable identities
  E[erf(α + βZ)] = erf(α/√(1 + 2β²)) and E[Z erf(α + βZ)] = (2β/√π) e^{−α²/(1+2β²)}/√(1 + 2β²),
  and the other by ``mp.quad``. This does not use the arcsine kernel.

Zero vectors: a continuous activation has σ(0·x) = σ(0), and the cross moment at u = 0 is
σ'(0) E[x ψ(v·x)], where σ'(0) is the minimal-norm one-sided derivative (the deriver's
convention). For a discontinuous activation a zero vector is refused: its value there is a
convention, not an expectation.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import mpmath
import numpy as np

from ._reference import GUARD_DIGITS, ReferenceValue, _mp_plane, _pieces, exact_plane
from ._validate import as_vectors, positive_int, same_dimension

__all__ = ["PiecewisePolynomial", "reference_activation_cross_moment",
           "reference_activation_kernel"]


def _exact(c):
    """A coefficient at the working precision: rationals (Fraction, or anything whose str is
    one, e.g. a SymPy Rational) are divided at that precision, not rounded to float first."""
    if isinstance(c, (int, Fraction)):
        q = Fraction(c)
    else:
        try:
            q = Fraction(str(c))
        except ValueError:
            return mpmath.mpf(c)
    return mpmath.mpf(q.numerator) / q.denominator


@dataclass(frozen=True)
class PiecewisePolynomial:
    """σ(z) = Σ negative[i] zⁱ for z < 0 and Σ positive[i] zⁱ for z > 0: numbers, exact
    rationals (``Fraction``, a SymPy ``Rational``) kept exact."""

    negative: tuple
    positive: tuple

    def side(self, sign: int) -> tuple:
        return tuple(_exact(c) for c in (self.positive if sign > 0 else self.negative))

    def derivative(self) -> PiecewisePolynomial:
        def d(cs):
            return tuple(i * c for i, c in enumerate(cs))[1:] or (0,)
        return PiecewisePolynomial(d(self.negative), d(self.positive))

    @property
    def continuous(self) -> bool:
        return _exact(self.negative[0]) == _exact(self.positive[0])

    def at_zero(self):
        return _exact(self.positive[0])

    def minimal_norm_slope(self):
        left = _exact(self.negative[1]) if len(self.negative) > 1 else mpmath.mpf(0)
        right = _exact(self.positive[1]) if len(self.positive) > 1 else mpmath.mpf(0)
        lo, hi = min(left, right), max(left, right)
        return max(lo, min(mpmath.mpf(0), hi))


@cache
def _radial(n: int, dps: int):
    with mpmath.workdps(dps):
        return mpmath.quad(lambda r: r ** (n + 1) * mpmath.exp(-r * r / 2), [0, 1, 4, mpmath.inf])


def _poly_at(cs: tuple, x) -> tuple:
    """Coefficients in ρ of Σ cᵢ (xρ)ⁱ."""
    return tuple(c * x**i for i, c in enumerate(cs))


def _convolve(p: tuple, q: tuple) -> list:
    out = [mpmath.mpf(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            out[i + j] += a * b
    return out


def _plane_integral(phi: PiecewisePolynomial, psi: PiecewisePolynomial, a: tuple, b: tuple,
                    weights) -> tuple[list, object]:
    """(1/2π)∫ dα ∫ ρ dρ e^{−ρ²/2} φ(a·x) ψ(b·x) w(α) ρ^{extra}, x = ρ(cos α, sin α), per
    weight (w, extra) in ``weights``."""
    dps = mpmath.mp.dps
    totals = [mpmath.mpf(0) for _ in weights]
    err = mpmath.mpf(0)
    for lo, hi in _pieces([a, b]):
        cm, sm = mpmath.cos_sin((lo + hi) / 2)
        su = 1 if a[0] * cm + a[1] * sm > 0 else -1
        sv = 1 if b[0] * cm + b[1] * sm > 0 else -1
        p_cs, q_cs = phi.side(su), psi.side(sv)
        # mp.quad stops on an absolute error of ~eps: an integrand of size 1e5 (large norms)
        # would drive Gauss–Legendre to its highest degree (seconds of node computation).
        # Integrate the integrand divided by its scale, and multiply back.
        scale = (max(mpmath.mpf(1), mpmath.norm(a)) ** (len(p_cs) - 1)
                 * max(mpmath.mpf(1), mpmath.norm(b)) ** (len(q_cs) - 1))
        for k, (w, extra) in enumerate(weights):
            def integrand(t, w=w, extra=extra, p_cs=p_cs, q_cs=q_cs, scale=scale):
                ct, st = mpmath.cos_sin(t)
                coeffs = _convolve(_poly_at(p_cs, a[0] * ct + a[1] * st),
                                   _poly_at(q_cs, b[0] * ct + b[1] * st))
                radial = sum(c * _radial(n + extra, dps) for n, c in enumerate(coeffs))
                return radial * w(ct, st) / scale
            # a trigonometric polynomial on each piece: Gauss–Legendre converges exponentially
            # (and 5–20× faster than tanh-sinh here; both agree to the working precision)
            val, e = mpmath.quad(integrand, [lo, hi], error=True, method="gauss-legendre")
            totals[k] += scale * val / (2 * mpmath.pi)
            err += scale * abs(e)
    return totals, err + 64 * mpmath.eps * (1 + sum(abs(t) for t in totals))


def _mean_x_psi(psi, norm_v):
    """E[g ψ(‖v‖g)], g ~ N(0, 1)."""
    dens = 1 / mpmath.sqrt(2 * mpmath.pi)
    if psi == "erf":
        f = lambda g: g * mpmath.erf(norm_v * g) * mpmath.exp(-g * g / 2) * dens  # noqa: E731
    else:
        def f(g):
            cs = psi.side(1 if g > 0 else -1)
            return g * sum(c * (norm_v * g) ** i for i, c in enumerate(cs)) \
                * mpmath.exp(-g * g / 2) * dens
    return mpmath.quad(f, [-mpmath.inf, 0, mpmath.inf])


def _erf_parts(norm_u, b1, b2, kernel: bool):
    """k, or (m·e1, m·e2), for erf⊗erf: one Gaussian coordinate in closed form, one by
    quadrature, and the quadrature's truncation bound.

    The integrands are even in g, so twice the integral over [0, G], G = √(2(dps + 10) ln 10):
    every factor but the Gaussian weight is bounded by 4/π (and by g for m·e1), so the tail
    beyond G is below 4/π·(1 + G)·e^{−G²/2} ≈ 10^{−dps−9}, added to the error estimate. On
    [0, G] the integrand is entire: Gauss–Legendre converges exponentially.
    """
    s = mpmath.sqrt(1 + 2 * b2 * b2)
    dens = 1 / mpmath.sqrt(2 * mpmath.pi)
    two_rt_pi = 2 / mpmath.sqrt(mpmath.pi)
    G = mpmath.sqrt(2 * (mpmath.mp.dps + 10) * mpmath.log(10))
    # the integrands vary on the scale c = min(1, 1/‖u‖, s/|b₁|) (erf's transition, the
    # narrow Gaussians e^{−(‖u‖g)²} and e^{−(b₁g/s)²}): nodes geometric from c/8 up to G, so
    # that no piece holds a peak narrower than itself (fixed nodes miss one of width 1e-2)
    c = min(mpmath.mpf(1), 1 / norm_u, s / abs(b1) if b1 else mpmath.mpf(1))
    nodes = [mpmath.mpf(0)]
    x = c / 8
    while x < G:
        nodes.append(x)
        x *= 2
    nodes.append(G)
    tail = 8 / mpmath.pi * (1 + G) * mpmath.exp(-G * G / 2)

    def w(g):
        return mpmath.exp(-g * g / 2) * dens

    def quad(f):
        val, err = mpmath.quad(f, nodes, error=True, method="gauss-legendre")
        return 2 * val, 2 * abs(err) + tail

    if kernel:
        return quad(lambda g: mpmath.erf(norm_u * g) * mpmath.erf(b1 * g / s) * w(g))
    m1, e1 = quad(lambda g: g * two_rt_pi * mpmath.exp(-(norm_u * g) ** 2)
                  * mpmath.erf(b1 * g / s) * w(g))
    m2, e2 = quad(lambda g: two_rt_pi * mpmath.exp(-(norm_u * g) ** 2)
                  * (2 * b2 / mpmath.sqrt(mpmath.pi)) * mpmath.exp(-(b1 * g) ** 2 / s**2) / s
                  * w(g))
    return m1, m2, e1 + e2


def _check(phi, psi, u, v, digits):
    for name, act in (("phi", phi), ("psi", psi)):
        if not (act == "erf" or isinstance(act, PiecewisePolynomial)):
            raise ValueError(f"{name} must be a PiecewisePolynomial or 'erf', got {act!r}")
    if (phi == "erf") != (psi == "erf"):
        raise ValueError("erf pairs only with erf")
    u, v = as_vectors("u", u), as_vectors("v", v)
    if u.ndim != 1 or v.ndim != 1:
        raise ValueError("u and v must be single vectors (d,)")
    same_dimension(("u", "v"), u, v)
    return u, v, positive_int("digits", digits, minimum=5)


def _zero_vector(phi, psi, u, v) -> None:
    for name, act, vec in (("u", phi, u), ("v", psi, v)):
        if not np.any(vec) and act != "erf" and not act.continuous:
            raise ValueError(f"{name} = 0 with a discontinuous activation: the value there is "
                             "a convention, not an expectation")


def reference_activation_kernel(phi, psi, u, v, *, digits: int = 30) -> ReferenceValue:
    """E[φ(u·x) ψ(v·x)], x ~ N(0, I_d), to ``digits`` digits."""
    u, v, digits = _check(phi, psi, u, v, digits)
    _zero_vector(phi, psi, u, v)
    with mpmath.workdps(digits + GUARD_DIGITS):
        if phi == "erf":
            if not np.any(u) or not np.any(v):
                return ReferenceValue(mpmath.mpf(0), mpmath.mpf(0), digits)
            pl = _mp_plane(exact_plane(u, v))
            k, err = _erf_parts(pl.a[0], *pl.b, kernel=True)
            return ReferenceValue(k, err + 16 * mpmath.eps * (1 + abs(k)), digits)
        if not np.any(u) or not np.any(v):  # σ(0) times a one-dimensional expectation
            zero, other, vec = (phi, psi, v) if not np.any(u) else (psi, phi, u)
            nv = mpmath.sqrt(sum(mpmath.mpf(float(x)) ** 2 for x in vec))
            dens = 1 / mpmath.sqrt(2 * mpmath.pi)
            mean = mpmath.quad(lambda g: sum(c * (nv * g) ** i for i, c in enumerate(
                other.side(1 if g > 0 else -1))) * mpmath.exp(-g * g / 2) * dens,
                [-mpmath.inf, 0, mpmath.inf])
            val = zero.at_zero() * mean
            return ReferenceValue(val, 16 * mpmath.eps * (1 + abs(val)), digits)
        pl = _mp_plane(exact_plane(u, v))
        (val,), err = _plane_integral(phi, psi, pl.a, pl.b, [(lambda c, s: 1, 0)])
        return ReferenceValue(val, err, digits)


def reference_activation_cross_moment(phi, psi, u, v, *, digits: int = 30) -> ReferenceValue:
    """E[φ'(u·x) x ψ(v·x)] (a d-tuple), φ' almost everywhere; at u = 0 see the module doc."""
    u, v, digits = _check(phi, psi, u, v, digits)
    _zero_vector(phi, psi, u, v)
    d = u.shape[0]
    with mpmath.workdps(digits + GUARD_DIGITS):
        zero = tuple(mpmath.mpf(0) for _ in range(d))
        if not np.any(v):
            if phi == "erf" or psi.at_zero() == 0:
                return ReferenceValue(zero, mpmath.mpf(0), digits)
        if not np.any(u):
            slope = 2 / mpmath.sqrt(mpmath.pi) if phi == "erf" else phi.minimal_norm_slope()
            if not np.any(v) or slope == 0:
                return ReferenceValue(zero, mpmath.mpf(0), digits)
            vq = [mpmath.mpf(float(x)) for x in v]
            nv = mpmath.sqrt(sum(x * x for x in vq))
            c = slope * _mean_x_psi(psi, nv)
            vec = tuple(c * x / nv for x in vq)
            return ReferenceValue(vec, 16 * mpmath.eps * (1 + abs(c)), digits)
        if not np.any(v):  # ψ(v·x) = ψ(0): E[φ'(u·x) x] ψ(0) = ψ(0) E[g φ'(‖u‖g)] û
            uq = [mpmath.mpf(float(x)) for x in u]
            nu = mpmath.sqrt(sum(x * x for x in uq))
            c = psi.at_zero() * _mean_x_psi(phi.derivative(), nu)
            vec = tuple(c * x / nu for x in uq)
            return ReferenceValue(vec, 16 * mpmath.eps * (1 + abs(c)), digits)
        pl = _mp_plane(exact_plane(u, v))
        if phi == "erf":
            m1, m2, err = _erf_parts(pl.a[0], *pl.b, kernel=False)
            err += 16 * mpmath.eps * (1 + abs(m1) + abs(m2))
        else:
            dphi = phi.derivative()
            (m1, m2), err = _plane_integral(dphi, psi, pl.a, pl.b,
                                            [(lambda c, s: c, 1), (lambda c, s: s, 1)])
        vec = tuple(m1 * x1 + m2 * x2 for x1, x2 in zip(pl.e1, pl.e2, strict=True))
        return ReferenceValue(vec, err, digits)

"""Independent high-precision references (mpmath) for the ReLU Gaussian moments.

These functions exist to *check* reluflow's closed forms, so they never use one. Each pair
expectation is reduced to the plane spanned by the two vectors and integrated from first
principles:

* x ~ N(0, I_d). Write x = x_plane + x_perp with x_plane = rho (cos a e1 + sin a e2), where
  (e1, e2) is an orthonormal basis of span(u, v). x_perp is independent of x_plane and has mean
  zero; every integrand below depends on x only through x_plane (or is linear in x_perp), so
  x_perp drops out.
* (rho, a) has density rho exp(-rho^2/2) / (2 pi). The integrands are positively homogeneous
  of degree 2 in x_plane, so the radial factor is the moment
  M_3 = int_0^oo rho^3 exp(-rho^2/2) d rho = 2^((k-1)/2) Gamma((k+1)/2) at k = 3, evaluated
  with mpmath's gamma.
* What is left is a 1-D integral over the angle a of a product of clipped trigonometric linear
  forms. It is split at the kink angles (where u.x = 0 or v.x = 0 in the plane, computed from
  the in-plane coordinates of the vectors) and each smooth piece goes to ``mp.quad``
  (tanh-sinh). Without the split tanh-sinh stalls at ~1e-6 (engineering notes §1.5).

Conventions: sigma = ReLU with sigma'(0) = 0, so 1{u.x > 0} is 0 on u.x = 0, and a zero vector
u or v gives kernel 0 and cross moment 0 *exactly* (returned with error 0, no quadrature).

The plane geometry is computed in exact rational arithmetic from the float inputs (floats are
dyadic rationals), so the only roundings are square roots and divisions at the working
precision ``digits + 20``; nearly parallel vectors therefore lose nothing to cancellation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from ._validate import as_vectors, finite_scalar, positive_int, same_dimension

__all__ = [
    "ReferenceValue",
    "reference_cross_moment",
    "reference_gradient",
    "reference_kernel",
    "reference_loss",
]

# Guard digits used internally on top of the requested ``digits``.
GUARD_DIGITS = 20


@dataclass(frozen=True)
class ReferenceValue:
    """A high-precision reference value with its quadrature error estimate.

    ``value`` is an ``mpmath.mpf`` for scalars, a tuple of ``mpf`` (length d) for vectors and
    a tuple of such tuples (K rows of length d) for matrices. Entries carry the working
    precision ``digits + 20``; they are trustworthy to about ``digits`` significant digits.
    ``error`` is an upper estimate of the absolute error of *every* entry: ``mp.quad``'s
    truncation estimate plus the rounding of the quadrature sum at the working precision,
    summed over the pieces and weighted by the assembly coefficients. ``digits`` is the
    requested precision.
    """

    value: Any
    error: Any
    digits: int

    def to_numpy(self) -> np.ndarray:
        """The value as a float64 array (0-d for a scalar)."""
        return np.array(_nested_float(self.value), dtype=np.float64)


def _nested_float(value):
    if isinstance(value, (tuple, list)):
        return [_nested_float(v) for v in value]
    return float(value)


# ---------------------------------------------------------------------------------------------
# Exact plane geometry (shared with the Arb certifier)


@dataclass(frozen=True)
class ExactPlane:
    """Exact rational description of span(u, v), for nonzero u and v.

    With c = (u.v)/|u|^2: v = c u + w, w orthogonal to u. In the basis e1 = u/|u|,
    e2 = w_basis/|w_basis| the in-plane coordinates are u -> (|u|, 0) and
    v -> (u.v/|u|, |w|). When u and v are parallel (w = 0) the plane is 1-D and ``w_basis``
    is a Gram-Schmidt completion from a standard basis vector instead, so e2 is still a
    unit vector orthogonal to e1 (any such choice gives the same answer).
    """

    u: tuple[Fraction, ...]
    uu: Fraction  # |u|^2
    uv: Fraction  # u.v
    ww: Fraction  # |w|^2 = (|u|^2 |v|^2 - (u.v)^2) / |u|^2, exactly >= 0
    w_basis: tuple[Fraction, ...]
    wbwb: Fraction  # |w_basis|^2 > 0


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum((x * y for x, y in zip(a, b, strict=True)), Fraction(0))


def exact_plane(u: np.ndarray, v: np.ndarray) -> ExactPlane:
    """Plane data of two nonzero float vectors, in exact rational arithmetic."""
    uf = tuple(Fraction(float(x)) for x in u)
    vf = tuple(Fraction(float(x)) for x in v)
    uu = _dot(uf, uf)
    uv = _dot(uf, vf)
    c = uv / uu
    w = tuple(y - c * x for x, y in zip(uf, vf, strict=True))
    ww = _dot(w, w)
    if ww != 0:
        w_basis, wbwb = w, ww
    else:
        # Parallel or antiparallel: complete with the standard basis vector on which u has the
        # smallest weight, so |w_basis|^2 >= 1 - 1/d >= 1/2 (well conditioned).
        i = min(range(len(uf)), key=lambda k: abs(uf[k]))
        ei = tuple(Fraction(int(k == i)) for k in range(len(uf)))
        ci = uf[i] / uu
        w_basis = tuple(e - ci * x for e, x in zip(ei, uf, strict=True))
        wbwb = _dot(w_basis, w_basis)
    return ExactPlane(uf, uu, uv, ww, w_basis, wbwb)


def _mpf_q(q: Fraction):
    # numerator and denominator rounded separately: two roundings at working precision.
    return mpmath.mpf(q.numerator) / q.denominator


@dataclass(frozen=True)
class _MpPlane:
    a: tuple  # in-plane coordinates of u: (|u|, 0)
    b: tuple  # in-plane coordinates of v: (u.v/|u|, |w|)
    e1: tuple
    e2: tuple


def _mp_plane(p: ExactPlane) -> _MpPlane:
    norm_u = mpmath.sqrt(_mpf_q(p.uu))
    a = (norm_u, mpmath.mpf(0))
    b = (_mpf_q(p.uv) / norm_u, mpmath.sqrt(_mpf_q(p.ww)))
    e1 = tuple(_mpf_q(x) / norm_u for x in p.u)
    norm_wb = mpmath.sqrt(_mpf_q(p.wbwb))
    e2 = tuple(_mpf_q(x) / norm_wb for x in p.w_basis)
    return _MpPlane(a, b, e1, e2)


# ---------------------------------------------------------------------------------------------
# Angular quadrature


def radial_moment(k: int):
    """int_0^oo rho^k exp(-rho^2/2) d rho = 2^((k-1)/2) Gamma((k+1)/2), at working precision."""
    return mpmath.power(2, mpmath.mpf(k - 1) / 2) * mpmath.gamma(mpmath.mpf(k + 1) / 2)


def _kinks(coeffs: Sequence[tuple]) -> list:
    """Angles in [-pi, pi] where some linear form c1 cos a + c2 sin a vanishes.

    c1 cos a + c2 sin a = r cos(a - phi) with phi = atan2(c2, c1), so the zeros are
    phi +- pi/2, wrapped into [-pi, pi).
    """
    pi = mpmath.pi
    out = []
    for c1, c2 in coeffs:
        phi = mpmath.atan2(c2, c1)
        for k in (phi - pi / 2, phi + pi / 2):
            if k >= pi:
                k -= 2 * pi
            elif k < -pi:
                k += 2 * pi
            out.append(k)
    return out


def _pieces(coeffs: Sequence[tuple]) -> list[tuple]:
    """Consecutive intervals of [-pi, pi] on which no linear form changes sign."""
    pts = sorted(set([-mpmath.pi, mpmath.pi, *_kinks(coeffs)]))
    return [(lo, hi) for lo, hi in zip(pts[:-1], pts[1:], strict=True) if hi > lo]


def _lin(c: tuple, ca, sa):
    return c[0] * ca + c[1] * sa


def _angular_integrals(a: tuple, b: tuple, factors: Sequence[Callable]) -> tuple[list, Any]:
    """int over [-pi, pi] of 1{a.(cos,sin) > 0} * max(0, b.(cos,sin)) * f(angle), per f.

    Each piece between kinks has a fixed sign pattern, read off at its midpoint (a piece is
    never so thin that this matters: its contribution would be below the working precision).
    Pieces where either factor is inactive contribute exactly 0; on active pieces the
    integrand is analytic and tanh-sinh converges at full precision. Returns the integrals and
    the summed error estimate over all pieces and factors.
    """
    totals = [mpmath.mpf(0) for _ in factors]
    err = mpmath.mpf(0)
    for lo, hi in _pieces([a, b]):
        mid = (lo + hi) / 2
        cm, sm = mpmath.cos_sin(mid)
        if _lin(a, cm, sm) <= 0 or _lin(b, cm, sm) <= 0:
            continue
        for i, f in enumerate(factors):

            def integrand(t, f=f):
                ct, st = mpmath.cos_sin(t)
                return _lin(b, ct, st) * f(ct, st)

            val, e = mpmath.quad(integrand, [lo, hi], error=True)
            totals[i] += val
            # mp.quad's estimate is the truncation error only (1e-90 and below here); the
            # rounding of its weighted sum at the working precision bounds the rest: a few
            # ulps of the integral of |integrand| <= (hi − lo)·|b|·max|f| with max|f| <= |a|+1
            bound = (hi - lo) * mpmath.sqrt(b[0] ** 2 + b[1] ** 2) * (
                mpmath.sqrt(a[0] ** 2 + a[1] ** 2) + 1)
            err += abs(e) + 16 * mpmath.eps * bound
    return totals, err


# ---------------------------------------------------------------------------------------------
# Pair expectations at working precision (inputs already validated, context already set)


def _pair_kernel(u: np.ndarray, v: np.ndarray) -> tuple[Any, Any]:
    """E[sigma(u.x) sigma(v.x)] and its error estimate."""
    if not np.any(u) or not np.any(v):
        return mpmath.mpf(0), mpmath.mpf(0)  # sigma(0) = 0: exact
    pl = _mp_plane(exact_plane(u, v))
    a = pl.a
    # max(0, a.(c,s)) = 1{a.(c,s) > 0} * a.(c,s) on the active pieces.
    (integral,), err = _angular_integrals(a, pl.b, [lambda c, s: _lin(a, c, s)])
    scale = radial_moment(3) / (2 * mpmath.pi)
    return scale * integral, scale * err


def _pair_cross_moment(u: np.ndarray, v: np.ndarray) -> tuple[tuple, Any]:
    """E[1{u.x > 0} x sigma(v.x)] (a d-tuple) and an error estimate valid for every entry."""
    d = u.shape[0]
    if not np.any(u) or not np.any(v):
        # sigma'(0) = 0 and sigma(0) = 0: exact zeros.
        return tuple(mpmath.mpf(0) for _ in range(d)), mpmath.mpf(0)
    pl = _mp_plane(exact_plane(u, v))
    # in-plane coordinates of x / rho are (cos a, sin a); x_perp averages out.
    (i1, i2), err = _angular_integrals(pl.a, pl.b, [lambda c, s: c, lambda c, s: s])
    scale = radial_moment(3) / (2 * mpmath.pi)
    vec = tuple(scale * (i1 * x1 + i2 * x2) for x1, x2 in zip(pl.e1, pl.e2, strict=True))
    # |e1_i|, |e2_i| <= 1, so the summed error bounds each entry.
    return vec, scale * err


# ---------------------------------------------------------------------------------------------
# Validation


def _check_digits(digits) -> int:
    return positive_int("digits", digits, minimum=5)


def _vector(name: str, value) -> np.ndarray:
    arr = as_vectors(name, value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (d,), got shape {arr.shape}")
    return arr


def _matrix(name: str, value) -> np.ndarray:
    arr = as_vectors(name, value, min_ndim=2)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (K, d), got shape {arr.shape}")
    if arr.shape[0] < 1:
        raise ValueError(f"{name} must have at least one row, got shape {arr.shape}")
    return arr


# ---------------------------------------------------------------------------------------------
# Public API


def reference_kernel(u, v, *, digits: int = 30) -> ReferenceValue:
    """E[relu(u.x) relu(v.x)], x ~ N(0, I_d), by plane reduction and split 1-D quadrature.

    ``u`` and ``v`` are 1-D float arrays of the same length d >= 2.
    """
    u, v = _vector("u", u), _vector("v", v)
    same_dimension(("u", "v"), u, v)
    digits = _check_digits(digits)
    with mpmath.workdps(digits + GUARD_DIGITS):
        val, err = _pair_kernel(u, v)
    return ReferenceValue(val, err, digits)


def reference_cross_moment(u, v, *, digits: int = 30) -> ReferenceValue:
    """The d-vector E[1{u.x > 0} x relu(v.x)], x ~ N(0, I_d), by plane reduction.

    This is the pair term of the population gradient; ``value`` is a d-tuple of mpf.
    """
    u, v = _vector("u", u), _vector("v", v)
    same_dimension(("u", "v"), u, v)
    digits = _check_digits(digits)
    with mpmath.workdps(digits + GUARD_DIGITS):
        vec, err = _pair_cross_moment(u, v)
    return ReferenceValue(vec, err, digits)


def reference_loss(W, V, *, kappa: float = 1.0, digits: int = 30) -> ReferenceValue:
    """J(W, V) = kappa/2 E[(g(x;W) - g(x;V))^2] assembled from pair kernels.

    ``W`` (K, d) are the student rows, ``V`` (K', d) the teacher rows; K' may differ from K.
    E[(sum_j a_j - sum_k b_k)^2] = sum_jj' k(w_j, w_j') - 2 sum_jk k(w_j, v_k)
    + sum_kk' k(v_k, v_k'); the diagonal (self) terms go through the same quadrature.
    """
    W, V = _matrix("W", W), _matrix("V", V)
    same_dimension(("W", "V"), W, V)
    kappa = finite_scalar("kappa", kappa, positive=True)
    digits = _check_digits(digits)
    with mpmath.workdps(digits + GUARD_DIGITS):
        total, err = mpmath.mpf(0), mpmath.mpf(0)

        def add(coef, a, b):
            nonlocal total, err
            val, e = _pair_kernel(a, b)
            total += coef * val
            err += abs(coef) * e

        for block, sign in ((W, 1), (V, 1)):
            for i in range(block.shape[0]):
                add(sign, block[i], block[i])
                for j in range(i + 1, block.shape[0]):
                    # k(a, b) = k(b, a) is an identity of the expectation: count the pair twice.
                    add(2 * sign, block[i], block[j])
        for i in range(W.shape[0]):
            for j in range(V.shape[0]):
                add(-2, W[i], V[j])
        half_kappa = mpmath.mpf(kappa) / 2
        return ReferenceValue(half_kappa * total, half_kappa * err, digits)


def reference_gradient(W, V, *, kappa: float = 1.0, digits: int = 30) -> ReferenceValue:
    """dJ/dW (K x d): row j is kappa (sum_k C(w_j, w_k) - sum_k C(w_j, v_k)).

    C(u, v) = E[1{u.x > 0} x relu(v.x)] is the pair cross moment; the self term C(w_j, w_j)
    is computed by the same quadrature. ``error`` bounds every entry.
    """
    W, V = _matrix("W", W), _matrix("V", V)
    same_dimension(("W", "V"), W, V)
    kappa = finite_scalar("kappa", kappa, positive=True)
    digits = _check_digits(digits)
    d = W.shape[1]
    with mpmath.workdps(digits + GUARD_DIGITS):
        kap = mpmath.mpf(kappa)
        rows, worst = [], mpmath.mpf(0)
        for j in range(W.shape[0]):
            acc = [mpmath.mpf(0)] * d
            err = mpmath.mpf(0)
            for block, sign in ((W, 1), (V, -1)):
                for k in range(block.shape[0]):
                    vec, e = _pair_cross_moment(W[j], block[k])
                    acc = [s + sign * x for s, x in zip(acc, vec, strict=True)]
                    err += e
            rows.append(tuple(kap * s for s in acc))
            worst = max(worst, kap * err)
        return ReferenceValue(tuple(rows), worst, digits)

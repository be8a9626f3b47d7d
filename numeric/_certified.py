"""Rigorous Arb enclosures (python-flint) of the ReLU Gaussian pair moments.

Same reduction as :mod:`numeric._reference` (plane of the pair, exact radial moment, 1-D
angular integral) but every step is ball arithmetic, so the result is a certified enclosure
rather than an estimate:

* The plane geometry starts from exact rationals (``fmpq``) built from the float inputs; the
  in-plane coordinates, basis vectors and kink angles are then computed as ``arb`` balls.
* The angle is written a = pi t, t in [-1, 1], so the outer endpoints are exact and the
  trigonometric functions are ``cos_pi`` / ``sin_pi``. The 2-D Gaussian density
  rho exp(-rho^2/2) / (2 pi) and d a = pi d t leave the factor M_3 / 2 with
  M_3 = int_0^oo rho^3 exp(-rho^2/2) d rho = 2^((k-1)/2) Gamma((k+1)/2) = 2 (k = 3),
  computed in Arb (exact).
* The integrand uses ``acb.real_max`` / ``acb.real_heaviside`` with the ``analytic`` flag
  honoured, so a ball that straddles a kink is reported as non-analytic and the integrator
  bisects there (engineering notes §1.4). ``mode="analytic"`` integrates it over the whole
  period in one call.
* ``mode="breakpoints"`` splits the period at the kink balls (``acb.integral`` accounts for
  the radius of ball endpoints). When the balls are pairwise disjoint, the true kinks are in
  midpoint order and no kink lies inside a piece, so the sign pattern certified at an exact
  interior point holds on the whole piece: the piece is skipped (identically zero) or
  integrated as an analytic trigonometric polynomial, ~100x faster. Otherwise (kinks closer
  than the working precision) that piece falls back to the kink-aware integrand, which is
  rigorous on any split.

``mode="unsafe"`` ignores the analytic flag and is WRONG ON PURPOSE (see the docstrings).

flint is imported lazily so that the rest of reluflow works without the ``certified`` extra.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._reference import exact_plane
from ._validate import as_vectors, positive_int, same_dimension

__all__ = ["certified_cross_moment", "certified_cross_moment_at_angle", "certified_kernel",
           "certified_kernel_at_angle"]

_MODES = ("breakpoints", "analytic", "unsafe")
# Binary guard bits on top of the requested decimal precision.
_GUARD_BITS = 30


def _flint():
    try:
        import flint
    except ImportError as exc:  # pragma: no cover - exercised by monkeypatching sys.modules
        raise ImportError(
            "certified enclosures need python-flint: pip install 'reluflow[certified]'"
        ) from exc
    return flint


def _check(u, v, digits, mode) -> tuple[np.ndarray, np.ndarray, int, str]:
    u = as_vectors("u", u)
    v = as_vectors("v", v)
    for name, arr in (("u", u), ("v", v)):
        if arr.ndim != 1:
            raise ValueError(f"{name} must be a 1-D array of shape (d,), got shape {arr.shape}")
    same_dimension(("u", "v"), u, v)
    digits = positive_int("digits", digits, minimum=5)
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {_MODES}, got {mode!r}")
    return u, v, digits, mode


def _arb_q(flint, q):
    return flint.arb(flint.fmpq(q.numerator, q.denominator))


def _arb_plane(flint, u, v):
    """In-plane coordinates a (of u), b (of v) and the basis e1, e2, as arb balls."""
    p = exact_plane(u, v)
    norm_u = _arb_q(flint, p.uu).sqrt()
    a = (norm_u, flint.arb(0))
    # |w|^2 is an exact nonnegative rational; its ball cannot straddle 0 unless it is 0.
    b = (_arb_q(flint, p.uv) / norm_u, _arb_q(flint, p.ww).sqrt())
    e1 = [_arb_q(flint, x) / norm_u for x in p.u]
    norm_wb = _arb_q(flint, p.wbwb).sqrt()
    e2 = [_arb_q(flint, x) / norm_wb for x in p.w_basis]
    return a, b, e1, e2


def _kinks_t(flint, coeffs) -> list:
    """Kinks in t = a/pi of each form c1 cos(pi t) + c2 sin(pi t): atan2(c2, c1)/pi +- 1/2.

    Returned as arb balls reduced into [-1, 1) by their midpoints (the reduction adds or
    subtracts the exact integer 2, so it loses no rigour). An exactly zero c2 (u itself, or
    a v parallel to u) gives the exact angle 0 or 1 instead of a ball from pi/pi, so that
    coinciding kinks are recognised as equal.
    """
    arb = flint.arb
    half = arb(0.5)
    out = []
    for c1, c2 in coeffs:
        if c2.is_exact() and c2.is_zero():
            # c1 is a nonzero ball here (nonzero vectors), so its sign is certain.
            phi_t = arb(0) if c1 > 0 else arb(1)
        else:
            phi_t = arb.atan2(c2, c1) / arb.pi()
        for k in (phi_t - half, phi_t + half):
            m = float(k.mid())
            if m >= 1:
                k -= 2
            elif m < -1:
                k += 2
            out.append(k)
    return out


def _same_ball(x, y) -> bool:
    return x.is_exact() and y.is_exact() and x == y


def _breakpoints(flint, a, b) -> tuple[list, bool]:
    """Period [k0, k0 + 2] split at all kinks, and whether the split is certified clean.

    Clean means consecutive kink balls are pairwise disjoint, so the order of the true kinks
    is the order of the midpoints and no true kink lies inside any piece.
    """
    kinks = []
    for k in sorted(_kinks_t(flint, [a, b]), key=lambda z: float(z.mid())):
        if not (kinks and _same_ball(kinks[-1], k)):
            kinks.append(k)
    pts = [*kinks, kinks[0] + 2]
    clean = all(lo.upper() < hi.lower() for lo, hi in zip(pts[:-1], pts[1:], strict=True))
    return pts, clean


def _integrate(flint, a, b, components, mode) -> list:
    """(M_3/2) int over a period of max(0, b.(c, s)) h(t) dt for each component.

    c, s = cos(pi t), sin(pi t). h is max(0, a.(c, s)) for "kernel", and
    1{a.(c, s) > 0} c or 1{a.(c, s) > 0} s for "cos" / "sin". "dcos" / "dsin" replace
    max(0, b.(c, s)) by its derivative along b's rotation, 1{b.(c, s) > 0} b⊥.(c, s), times
    1{a.(c, s) > 0} c or s.
    """
    acb, arb = flint.acb, flint.arb

    def clipped(comp, flag):
        def f(t, analytic):
            # unsafe: the flag is dropped, so straddling balls are evaluated as if analytic.
            fl = False if flag is None else analytic
            c, s = t.cos_pi(), t.sin_pi()
            lb = b[0] * c + b[1] * s
            la = a[0] * c + a[1] * s
            zero = acb(0)
            relu_b = lb.real_max(zero, analytic=fl)
            if comp == "kernel":
                return la.real_max(zero, analytic=fl) * relu_b
            if comp in ("dcos", "dsin"):  # relu(b·x) differentiated along b⊥
                rot = b[0] * s - b[1] * c
                return (la.real_heaviside(analytic=fl) * lb.real_heaviside(analytic=fl) * rot
                        * (c if comp == "dcos" else s))
            return la.real_heaviside(analytic=fl) * relu_b * (c if comp == "cos" else s)

        return f

    def smooth(comp):
        # Both forms are positive on the piece: the integrand is an analytic trig polynomial.
        def f(t, _analytic):
            c, s = t.cos_pi(), t.sin_pi()
            lb = b[0] * c + b[1] * s
            if comp == "kernel":
                return (a[0] * c + a[1] * s) * lb
            if comp in ("dcos", "dsin"):
                return (b[0] * s - b[1] * c) * (c if comp == "dcos" else s)
            return lb * (c if comp == "cos" else s)

        return f

    # Each entry: (lo, hi, integrand factory or None for an identically zero piece).
    pieces: list = []
    if mode == "breakpoints":
        pts, clean = _breakpoints(flint, a, b)
        for lo, hi in zip(pts[:-1], pts[1:], strict=True):
            # Default: the kink-aware integrand, rigorous on any piece (only slower).
            kind = "clipped"
            # An exact point strictly between the two balls lies inside the true piece, where
            # no form changes sign; if the signs there are certain they hold on the piece.
            m = arb((lo.upper() + hi.lower()) / 2).mid()
            if clean and lo.upper() < m < hi.lower():
                cm, sm = m.cos_pi(), m.sin_pi()
                la, lb = a[0] * cm + a[1] * sm, b[0] * cm + b[1] * sm
                if la < 0 or lb < 0:
                    kind = None  # identically zero piece
                elif la > 0 and lb > 0:
                    kind = "smooth"
            pieces.append((lo, hi, kind))
    else:
        pieces.append((arb(-1), arb(1), "clipped"))
    flag = None if mode == "unsafe" else True

    k = 3
    m3 = arb(2) ** (arb(k - 1) / 2) * (arb(k + 1) / 2).gamma()
    results = []
    for comp in components:
        total = acb(0)
        for lo, hi, kind in pieces:
            if kind is None:
                continue
            f = smooth(comp) if kind == "smooth" else clipped(comp, flag)
            total += acb.integral(f, lo, hi)
        results.append(total.real * m3 / 2)
    return results


def certified_kernel(u, v, *, digits: int = 30, mode: str = "breakpoints") -> Any:
    """A rigorous ``flint.arb`` ball for E[relu(u.x) relu(v.x)], x ~ N(0, I_d).

    ``mode``: "breakpoints" (split at the kink angles; fast), "analytic" (one integral over
    the circle, kinks found by the analytic flag), or "unsafe" — DELIBERATELY WRONG: the
    analytic flag is ignored, so Arb treats the kinked integrand as analytic and returns a
    ball that can exclude the true value. It exists only so a test can demonstrate that
    pitfall; never use it for a check.
    A zero u or v gives the exact ball 0 (sigma(0) = 0).
    """
    flint = _flint()
    u, v, digits, mode = _check(u, v, digits, mode)
    if not np.any(u) or not np.any(v):
        return flint.arb(0)
    with flint.ctx.workprec(int(digits * 3.33) + _GUARD_BITS):
        a, b, _, _ = _arb_plane(flint, u, v)
        (val,) = _integrate(flint, a, b, ["kernel"], mode)
    return val


def certified_cross_moment(u, v, *, digits: int = 30, mode: str = "breakpoints") -> list:
    """Rigorous ``flint.arb`` balls for the d-vector E[1{u.x > 0} x relu(v.x)].

    The in-plane components (along e1 = u/|u| and e2 orthogonal to it in span(u, v)) are
    certified integrals; entry i is A1 e1_i + A2 e2_i in ball arithmetic. ``mode`` as in
    :func:`certified_kernel` ("unsafe" is DELIBERATELY WRONG). Zero u or v gives exact zeros
    (sigma'(0) = 0, sigma(0) = 0).
    """
    flint = _flint()
    u, v, digits, mode = _check(u, v, digits, mode)
    if not np.any(u) or not np.any(v):
        return [flint.arb(0) for _ in range(u.shape[0])]
    with flint.ctx.workprec(int(digits * 3.33) + _GUARD_BITS):
        a, b, e1, e2 = _arb_plane(flint, u, v)
        i1, i2 = _integrate(flint, a, b, ["cos", "sin"], mode)
        return [i1 * x1 + i2 * x2 for x1, x2 in zip(e1, e2, strict=True)]


def certified_kernel_at_angle(theta: Any) -> tuple[Any, Any]:
    """Arb balls for k(θ) and k'(θ), where k(θ) = E[relu(e1·x) relu(v_θ·x)] with
    v_θ = (cos θ, sin θ), x ~ N(0, I_2), for ``theta`` an ``flint.arb`` ball (or a float).

    Both are the defining Gaussian integrals, not the closed form: k by the angular integral of
    the product of the two ReLUs, k' = E[relu(e1·x) 1{v_θ·x > 0} (v_θ⊥·x)] (the derivative of
    relu(v_θ·x) in θ) by the same integral with a step in place of the second ReLU. The balls
    enclose the values at every θ of the ball; use a narrow ball (the integrator bisects at
    the kinks, whose positions are balls too). Works at the caller's Arb precision.
    """
    flint = _flint()
    arb = flint.arb
    t = arb(theta)
    c, s = t.cos(), t.sin()
    a, b = (arb(1), arb(0)), (c, s)
    (k,) = _integrate(flint, a, b, ["kernel"], "breakpoints")
    # E[1{b·x > 0} relu(a·x) x] in the (e1, e2) coordinates, then its component along v⊥
    m1, m2 = _integrate(flint, b, a, ["cos", "sin"], "breakpoints")
    return k, -s * m1 + c * m2


def certified_cross_moment_at_angle(theta: Any) -> tuple[list, list]:
    """Arb balls for F(θ) = E[1{e1·x > 0} x relu(v_θ·x)] and F'(θ) (both in the (e1, e2)
    basis), v_θ = (cos θ, sin θ), x ~ N(0, I_2), from the defining integrals (not the closed
    form): F' = E[1{e1·x > 0} x 1{v_θ·x > 0} (v_θ⊥·x)]. As :func:`certified_kernel_at_angle`.
    """
    flint = _flint()
    arb = flint.arb
    t = arb(theta)
    a, b = (arb(1), arb(0)), (t.cos(), t.sin())
    f = _integrate(flint, a, b, ["cos", "sin"], "breakpoints")
    df = _integrate(flint, a, b, ["dcos", "dsin"], "breakpoints")
    return f, df

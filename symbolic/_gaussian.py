"""The general Gaussian-expectation deriver: kernels E[φ(u·x) ψ(v·x)] and cross moments
E[φ'(u·x) x ψ(v·x)], x ~ N(0, I_d), for the activations of :mod:`symbolic._activations`.

**Piecewise polynomials** (breakpoint 0). Only the plane of (u, v) matters: with an orthonormal
basis (û, n̂) of it, n̂ the unit vector ⟂ û towards v, x = ρ(cos α û + sin α n̂) + x⊥, where
(ρ, α) has density ρ e^{−ρ²/2}/2π and x⊥ is independent with mean 0. Then u·x = ‖u‖ρ cos α,
v·x = ‖v‖ρ cos(α − θ). For θ ∈ [0, π] the kink angles −π/2, θ − π/2, π/2, θ + π/2 cut the
circle into four arcs on which the signs of u·x and v·x are fixed:
(+, −), (+, +), (−, +), (−, −). On each arc the integrand is a sum of monomials
cᵢ dⱼ ‖u‖ⁱ‖v‖ʲ ρ^{i+j} cosⁱα cosʲ(α − θ). The radial factor is the exact moment
M_n = ∫₀^∞ ρ^{n+1} e^{−ρ²/2} dρ = 2^{n/2} Γ(n/2 + 1), and the angular factor is integrated
exactly between the arc's end points, so every form holds on the closed interval θ ∈ [0, π].
The cross moment's components along û and n̂ carry one more factor ρ cos α, or ρ sin α.

**erf**: E[erf(u·x) erf(v·x)] = (2/π) arcsin(2u·v / √((1 + 2‖u‖²)(1 + 2‖v‖²))), the arcsine
kernel. The pair (u·x, v·x) is Gaussian and the two-variable expectation of erf·erf reduces to
this closed form (Williams 1997). It is printed as (2/π) atan2(2‖u‖‖v‖cos θ, √(1 + 2‖u‖² +
2‖v‖² + 4‖u‖²‖v‖² sin²θ)), the same function without the cancellation in 1 − s² as s → ±1.
Its cross moment is its gradient in u (erf is smooth, so ∇_u E[φ(u·x)ψ(v·x)] =
E[φ'(u·x) x ψ(v·x)]): A = ∂k/∂‖u‖ along û and B = −(∂k/∂θ)/‖u‖ along n̂, simplified with
the square root as a symbol reduced modulo its square.

**Vector forms.** n̂ = v⊥/(‖v‖ sin θ) with v⊥ = v − (v·û)û. SymPy cancels the sin θ of B, so
the printed form m = A û + C v⊥ with C = B/(‖v‖ sin θ) has no division that vanishes at
θ ∈ {0, π}. At u = 0 the direction û is undefined; m(0, v) = σ'(0) E[x ψ(v·x)], with σ'(0) the
minimal-norm element of the one-sided derivatives' interval. That is the project's Filippov /
minimal-norm convention: 0 for ReLU, |z| and ReLU^p; α for leaky ReLU with 0 < α < 1.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from ._activations import Activation, activation, z
from ._primitives import Angle, NonzeroOr1, Norm, Positive, Reject, Unit

__all__ = [
    "sphere_factor",
    "cross_moment_plane",
    "cross_moment_vector",
    "kernel_plane",
    "kernel_vector",
    "plane_to_vectors",
    "radial_moment",
]

theta = sp.Symbol("theta", nonnegative=True)
r_u, r_v = sp.symbols("r_u r_v", positive=True)
u_vec, v_vec = sp.symbols("u v")
_a = sp.Symbol("a", real=True)  # the polar angle in the plane

_ARCS = (
    ((-sp.pi / 2, theta - sp.pi / 2), (+1, -1)),
    ((theta - sp.pi / 2, sp.pi / 2), (+1, +1)),
    ((sp.pi / 2, theta + sp.pi / 2), (-1, +1)),
    ((theta + sp.pi / 2, 3 * sp.pi / 2), (-1, -1)),
)


def radial_moment(n: int) -> sp.Expr:
    """∫₀^∞ ρ^{n+1} e^{−ρ²/2} dρ = 2^{n/2} Γ(n/2 + 1), exact."""
    half = sp.Rational(n, 2)
    return sp.simplify(2**half * sp.gamma(half + 1))


@cache
def _antiderivative(m: int, n: int) -> sp.Expr:
    return sp.integrate(sp.cos(_a) ** m * sp.sin(_a) ** n, _a)


def _angular(i: int, j: int, weight: str, lo, hi) -> sp.Expr:
    """∫_lo^hi cosⁱα cosʲ(α − θ) w(α) dα with w = 1, cos α or sin α, exactly."""
    extra_c, extra_s = {"1": (0, 0), "cos": (1, 0), "sin": (0, 1)}[weight]
    total = sp.S.Zero
    for k in range(j + 1):  # cos(α − θ) = cos α cos θ + sin α sin θ
        coeff = sp.binomial(j, k) * sp.cos(theta) ** k * sp.sin(theta) ** (j - k)
        F = _antiderivative(i + k + extra_c, j - k + extra_s)
        total += coeff * (F.subs(_a, hi) - F.subs(_a, lo))
    return total


def _plane_sum(phi: Activation, psi: Activation, weight: str) -> sp.Expr:
    extra = 0 if weight == "1" else 1
    total = sp.S.Zero
    for (lo, hi), (su, sv) in _ARCS:
        for i, ci in enumerate(phi.coefficients(su)):
            if ci == 0:
                continue
            for j, dj in enumerate(psi.coefficients(sv)):
                if dj == 0:
                    continue
                total += (ci * dj * r_u**i * r_v**j * radial_moment(i + j + extra)
                          * _angular(i, j, weight, lo, hi))
    return total / (2 * sp.pi)


_c, _s = sp.symbols("c s", real=True)


def _tidy(expr: sp.Expr) -> sp.Expr:
    """A normal form: polynomial in cos θ, at most linear in sin θ (sin²θ = 1 − cos²θ), terms
    collected by θ and sin θ. Cheap, and it keeps a ReLU^p kernel readable."""
    e = sp.expand(sp.expand_trig(expr)).subs({sp.sin(theta): _s, sp.cos(theta): _c})
    e = sp.expand(e)
    if e.has(sp.sin, sp.cos):  # a trigonometric function of something else: leave it
        return sp.factor_terms(sp.simplify(expr))
    out = sp.S.Zero
    for term in sp.Add.make_args(e):
        power = sp.degree(term, _s) if term.has(_s) else 0
        out += term / _s**power * (1 - _c**2) ** (power // 2) * _s ** (power % 2)
    out = sp.collect(sp.expand(out), [theta, _s], sp.factor)
    return sp.factor_terms(out.subs({_s: sp.sin(theta), _c: sp.cos(theta)}))


def _pair(phi, psi) -> tuple[Activation, Activation]:
    phi = activation(phi)
    psi = phi if psi is None else activation(psi)
    if (phi.kind == "erf") != (psi.kind == "erf"):
        raise ValueError("erf pairs only with erf (a mixed erf/piecewise expectation has no "
                         "closed form in elementary functions)")
    return phi, psi


def erf_kernel_arcsine() -> sp.Expr:
    """Williams' form (2/π) arcsin(2‖u‖‖v‖cos θ / √((1 + 2‖u‖²)(1 + 2‖v‖²)))."""
    s = 2 * r_u * r_v * sp.cos(theta) / sp.sqrt((1 + 2 * r_u**2) * (1 + 2 * r_v**2))
    return 2 / sp.pi * sp.asin(s)


def _erf_kernel() -> sp.Expr:
    # arcsin(s) = atan2(s, √(1 − s²)), and (1 + 2‖u‖²)(1 + 2‖v‖²)(1 − s²) = 1 + 2‖u‖² + 2‖v‖²
    # + 4‖u‖²‖v‖² sin²θ exactly: no cancellation in 1 − s² where s → ±1 (large norms, θ → 0
    # or π), where the arcsine form loses half the digits (√ε ≈ 1e-8).
    num = 2 * r_u * r_v * sp.cos(theta)
    return 2 / sp.pi * sp.atan2(num, sp.sqrt(_erf_radicand()))


@cache
def _kernel_plane(phi: Activation, psi: Activation) -> sp.Expr:
    if phi.kind == "erf":
        return _erf_kernel()
    return _tidy(_plane_sum(phi, psi, "1"))


def kernel_plane(phi, psi=None) -> sp.Expr:
    """k(‖u‖, ‖v‖, θ) = E[φ(u·x) ψ(v·x)], θ ∈ [0, π] (ψ = φ when omitted)."""
    return _kernel_plane(*_pair(phi, psi))


def _erf_radicand() -> sp.Expr:
    return 1 + 2 * r_u**2 + 2 * r_v**2 + 4 * r_u**2 * r_v**2 * sp.sin(theta) ** 2


def _reduce_radical(expr: sp.Expr) -> sp.Expr:
    """Simplify a derivative of the erf kernel: its square root D = √Q as a symbol, numerator
    and denominator reduced modulo D² − Q, sin² + cos² = 1, then cancelled."""
    Q = _erf_radicand()
    D = sp.Symbol("D", positive=True)
    e = sp.together(expr.subs(sp.sqrt(Q), D))
    parts = []
    for part in sp.fraction(e):
        part = sp.rem(sp.expand(part), D**2 - sp.expand(Q), D)
        parts.append(sp.factor(sp.trigsimp(sp.expand(part))))
    return sp.factor(sp.cancel(parts[0] / parts[1])).subs(D, sp.sqrt(Q))


@cache
def _cross_moment_plane(phi: Activation, psi: Activation) -> tuple[sp.Expr, sp.Expr]:
    if phi.kind == "erf":
        k = _erf_kernel()
        return _reduce_radical(sp.diff(k, r_u)), _reduce_radical(-sp.diff(k, theta) / r_u)
    dphi = phi.derivative()
    return _tidy(_plane_sum(dphi, psi, "cos")), _tidy(_plane_sum(dphi, psi, "sin"))


def cross_moment_plane(phi, psi=None) -> tuple[sp.Expr, sp.Expr]:
    """(A, B): E[φ'(u·x) x ψ(v·x)] = A û + B n̂ in the plane of (u, v)."""
    return _cross_moment_plane(*_pair(phi, psi))


dim = sp.Symbol("d", positive=True, integer=True)
kappa_data = sp.Symbol("kappa", positive=True)


def sphere_factor(phi, psi=None, *, moment: bool = False) -> sp.Expr:
    """E_sphere / E_gauss for x uniform on the sphere of radius R = √(κd) in R^d, exact when the
    integrand is positively homogeneous of one degree n (each activation homogeneous):
    x = ‖g‖ξ with ‖g‖ independent of ξ, so E_gauss f = E‖g‖ⁿ · E f(ξ) and E_sphere f = Rⁿ E f(ξ),
    with E‖g‖ⁿ = 2^{n/2} Γ((d + n)/2)/Γ(d/2). For the cross moment n = deg φ' + 1 + deg ψ =
    deg φ + deg ψ as well."""
    phi, psi = _pair(phi, psi)
    degrees = (phi.degree, psi.degree)
    if None in degrees:
        raise ValueError(f"data='sphere' needs positively homogeneous activations (one degree "
                         f"per activation); {phi.name!r}/{psi.name!r} are not: only Gaussian "
                         "data have a closed form for them here")
    n = sum(degrees)
    half = sp.Rational(n, 2)
    return sp.simplify((kappa_data * dim) ** half * sp.gamma(dim / 2)
                       / (2**half * sp.gamma(dim / 2 + half)))


def plane_to_vectors(expr: sp.Expr, safe_u: bool = False) -> sp.Expr:
    """A plane form in (r_u, r_v, θ) as a vector form in (u, v): ‖u‖, ‖v‖, θ(u, v);
    ``safe_u`` puts NonzeroOr1(‖u‖) for r_u (for factors that the caller zeroes at u = 0)."""
    nu = NonzeroOr1(Norm(u_vec)) if safe_u else Norm(u_vec)
    return expr.subs({r_u: nu, r_v: Norm(v_vec), theta: Angle(u_vec, v_vec)})


def kernel_vector(phi, psi=None) -> sp.Expr:
    """k(u, v) on arrays (..., d): the plane form at (‖u‖, ‖v‖, θ(u, v))."""
    return plane_to_vectors(kernel_plane(phi, psi))


def minimal_norm_derivative_at_zero(phi: Activation) -> sp.Expr:
    """The element of least modulus of [min, max] of the one-sided derivatives of φ at 0."""
    if phi.kind == "erf":
        return 2 / sp.sqrt(sp.pi)
    left = sp.diff(phi.negative, z).subs(z, 0)
    right = sp.diff(phi.positive, z).subs(z, 0)
    lo, hi = sp.Min(left, right), sp.Max(left, right)
    return sp.Max(lo, sp.Min(0, hi))


def _half_moment(n: int) -> sp.Expr:
    """E[gⁿ 1{g > 0}] = 2^{n/2} Γ((n + 1)/2) / (2√π), g ~ N(0, 1)."""
    return 2 ** sp.Rational(n, 2) * sp.gamma(sp.Rational(n + 1, 2)) / (2 * sp.sqrt(sp.pi))


def _mean_x_psi(psi: Activation) -> sp.Expr:
    """c(‖v‖) with E[x ψ(v·x)] = c(‖v‖) v̂: E[g ψ(‖v‖ g)], g ~ N(0, 1), from exact half-line
    moments (E[gⁿ 1{g < 0}] = (−1)ⁿ E[gⁿ 1{g > 0}]); erf by Stein's lemma,
    E[g erf(rg)] = r E[erf'(rg)] = (2r/√π) E[e^{−r²g²}] = 2r/√(π(1 + 2r²))."""
    if psi.kind == "erf":
        return 2 * r_v / sp.sqrt(sp.pi * (1 + 2 * r_v**2))
    total = sp.S.Zero
    for side in (1, -1):
        for j, c in enumerate(psi.coefficients(side)):
            total += c * r_v**j * side ** (j + 1) * _half_moment(j + 1)
    return sp.simplify(total)


@cache
def _cross_moment_vector(phi: Activation, psi: Activation) -> sp.Expr:
    A, B = _cross_moment_plane(phi, psi)
    C = sp.simplify(B / (r_v * sp.sin(theta)))
    den = sp.denom(sp.together(C))
    if any(sp.simplify(den.subs(theta, end)) == 0 for end in (0, sp.pi)):
        raise AssertionError(f"sin θ did not cancel in the normal coefficient: {C}")
    at_zero = minimal_norm_derivative_at_zero(phi)
    moving = Positive(Norm(u_vec)) * (plane_to_vectors(A, True) * Unit(u_vec)
                                      + plane_to_vectors(C, True) * Reject(v_vec, u_vec))
    if at_zero == 0:
        return moving
    rest = ((1 - Positive(Norm(u_vec))) * at_zero * plane_to_vectors(_mean_x_psi(psi))
            * Unit(v_vec))
    return moving + rest


def cross_moment_vector(phi, psi=None) -> sp.Expr:
    """m(u, v) = E[φ'(u·x) x ψ(v·x)] on arrays (..., d) (see the module docstring at u = 0)."""
    return _cross_moment_vector(*_pair(phi, psi))

"""Kernels compiled from symbolic/ by ``python -m symbolic.codegen``. Do not edit.

Each function is the lambdify output (printer: symbolic._printer.ReluflowPrinter, with
common-subexpression elimination) of the derivation of the same name; vectors lie on
the last axis and reductions keep it with length 1 so that scalars broadcast.
SymPy 1.14.0; content hash d1a5e72b7dd44247.
"""

# ruff: noqa
import math

import numpy

__all__ = ['pair_angle', 'pair_kernel', 'plane_kernel', 'pair_cross_moment', 'plane_cross_moment', 'single_neuron_rhs', 'deep_chain_rhs', 'deep_chain_log_rhs', 'deep_chain_loss', 'tian_symmetric_rhs', 'plane_second_moment', 'plane_cross_moment_du']


def _vector_norm(x):
    return numpy.sqrt(numpy.einsum("...i,...i->...", x, x))[..., None]


_UNIT_ROUNDOFF = 2.0**-53
# Accept the cheap wedge when its worst-case relative error is below this: the kernels then
# stay within a few 1e-14 relatively (J(δ) amplifies δ's error at most 3-fold, the direct
# branch of J at most 4.6-fold). Measured cost: the accurate pass runs on the pairs with
# |cos θ| above ~0.8 (d = 10), a few percent of random pairs.
WEDGE_BUDGET = 2e-14
_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's splitting constant for float64


def _two_product(a, b):
    """(p, e) with p = fl(a·b) and p + e = a·b exactly (Dekker; no FMA needed)."""
    p = a * b
    c = _SPLIT * a
    ah = c - (c - a)
    al = a - ah
    c = _SPLIT * b
    bh = c - (c - b)
    bl = b - bh
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _dot2(x, y):
    """Σ x_i y_i over the last axis as a double-double (hi, lo): as accurate as if computed
    in twice the working precision (Ogita, Rump & Oishi 2005, Dot2)."""
    p, e = _two_product(x, y)
    s = p[..., 0]
    c = e[..., 0]
    for i in range(1, x.shape[-1]):
        t = s + p[..., i]
        z = t - s
        c = c + ((s - (t - z)) + (p[..., i] - z)) + e[..., i]
        s = t
    hi = s + c
    return hi, c - (hi - s)


def _accurate_rejection(v, u):
    """v − (u·v/‖u‖²) u with the ratio in double-double; rows of u must be nonzero."""
    dh, dl = _dot2(u, v)
    nh, nl = _dot2(u, u)
    ah = dh / nh
    p, e = _two_product(ah, nh)
    al = (((dh - p) - e) + dl - ah * nl) / nh
    ph, pl = _two_product(ah[..., None], u)
    return ((v - ph) - pl) - al[..., None] * u


def _cheap_is_accurate(nu2, nv2, w2, d):
    # fl(‖u‖²‖v‖² − (u·v)²) errs by at most (4d + 4)·u·‖u‖²‖v‖² (three length-d dot products,
    # two products and a difference; Higham, Accuracy and Stability, §3.1).
    return w2 >= (4 * d + 4) * _UNIT_ROUNDOFF / WEDGE_BUDGET * (nu2 * nv2)


def _pair_geometry(u, v):
    """(‖u‖², u·v, ‖u∧v‖, v⊥) over the last axis, broadcast; v⊥ has the vector axis."""
    u, v = numpy.broadcast_arrays(u, v)
    batch, d = u.shape[:-1], u.shape[-1]
    u = u.reshape(-1, d)
    v = v.reshape(-1, d)
    nu2 = numpy.einsum("...i,...i->...", u, u)
    nv2 = numpy.einsum("...i,...i->...", v, v)
    dot = numpy.einsum("...i,...i->...", u, v)
    w2 = numpy.maximum(nu2 * nv2 - dot * dot, 0.0)
    vperp = v - (dot / numpy.where(nu2 == 0, 1.0, nu2))[:, None] * u
    wedge = numpy.sqrt(w2)
    redo = ~_cheap_is_accurate(nu2, nv2, w2, d) & (nu2 > 0)
    if numpy.any(redo):
        vp = _accurate_rejection(v[redo], u[redo])
        vperp[redo] = vp
        wedge[redo] = numpy.sqrt(nu2[redo]) * numpy.sqrt(numpy.einsum("...i,...i->...", vp, vp))
    return (nu2.reshape(batch), dot.reshape(batch), wedge.reshape(batch),
            vperp.reshape(*batch, d))


def _pair_angle(u, v):
    """θ(u, v) = atan2(‖u∧v‖, u·v) ∈ [0, π], relatively accurate at every angle."""
    _, dot, wedge, _ = _pair_geometry(u, v)
    return numpy.arctan2(wedge, dot)[..., None]


def _supplement(u, v):
    """δ = π − θ(u, v) = atan2(‖u∧v‖, −u·v), computed directly (π − θ would lose δ's digits)."""
    _, dot, wedge, _ = _pair_geometry(u, v)
    return numpy.arctan2(wedge, -dot)[..., None]


def _reject(v, u):
    """v⊥ = v − (v·û)û, the part of v orthogonal to u (v itself when u = 0)."""
    return _pair_geometry(u, v)[3]


def _sin_minus_x_cos(delta):
    """sin δ − δ cos δ, accurate to a few ulps relatively for δ ∈ [0, π] (a series of 9 terms
    below δ = 1; see symbolic/_series.py)."""
    x2 = delta*delta
    series = delta*x2*((((((((1.4797143443923793e-16*x2 + -4.498331606952833e-14)*x2 + 1.0706029224547743e-11)*x2 + -1.9270852604185937e-09)*x2 + 2.505210838544172e-07)*x2 + -2.2045855379188714e-05)*x2 + 0.0011904761904761906)*x2 + -0.03333333333333333)*x2 + 0.3333333333333333)
    return numpy.where(delta < 1, series, numpy.sin(delta) - delta*numpy.cos(delta))


def pair_angle(u, v):
    """θ(u, v) = atan2(‖u∧v‖, u·v), the wedge accurate relatively at every angle (θ → 0 and π)."""
    return _pair_angle(u, v)


def pair_kernel(u, v):
    """Arc-cosine kernel k(u,v) = E[σ(u·x)σ(v·x)], x ~ N(0, I_d): the plane form at θ = π − δ, ‖u‖‖v‖(sin δ − δ cos δ)/2π, with δ computed directly (no cancellation as θ → π)."""
    return (1/2)*_vector_norm(u)*_vector_norm(v)*_sin_minus_x_cos(_supplement(u, v))/numpy.pi


def plane_kernel(r_u, r_v, theta):
    """Arc-cosine kernel in the plane of (u, v): polar coordinates, kinks at θ − π/2 and π/2, radial moment ∫ρ³e^{−ρ²/2}dρ = 2 exact."""
    x0 = numpy.cos(theta)
    return (1/2)*r_u*r_v*(-theta*x0 + numpy.pi*x0 + numpy.sin(theta))/numpy.pi


def pair_cross_moment(u, v):
    """E[1{u·x>0} x σ(v·x)] = (‖v‖ sin θ/2π) û + ((π − θ)/2π) v (Tian's F), zero for u = 0; regrouped as (‖v‖(sin δ − δ cos δ)/2π) û + (δ/2π) v⊥ with δ = π − θ, v⊥ ⟂ u."""
    x0 = _vector_norm(u)
    x1 = _supplement(u, v)
    x2 = (1/2)/numpy.pi
    return (u*x2*_vector_norm(v)*_sin_minus_x_cos(x1)/numpy.where(x0 == 0, 1.0, x0) + x1*x2*_reject(v, u))*numpy.greater(x0, 0.0).astype(numpy.float64)


def plane_cross_moment(r_v, theta):
    """In-plane components of E[1{u·x>0} x σ(v·x)]: along û and along the in-plane normal."""
    x0 = numpy.sin(theta)
    x1 = numpy.cos(theta)
    x2 = (1/2)*r_v/numpy.pi
    return (x2*(-theta*x1 + x0 + numpy.pi*x1), x0*x2*(numpy.pi - theta))


def single_neuron_rhs(r, phi, kappa):
    """One neuron, teacher norm 1: ṙ = −∂J/∂r, φ̇ = r⁻²∂J/∂θ (φ = π − θ)."""
    x0 = numpy.sin(phi)
    x1 = (1/2)*kappa/numpy.pi
    return (x1*(-phi*numpy.cos(phi) - numpy.pi*r + x0), phi*x0*x1/r)


def deep_chain_rhs(r, phi, L, kappa):
    """Balanced depth-L chain f = (∏a_k)σ(w·x), a_k = ‖w‖: (ṙ, φ̇) with κ."""
    x0 = numpy.sin(phi)
    x1 = (1/2)*kappa/numpy.pi
    return (r**(L - 1)*x1*(-phi*numpy.cos(phi) - numpy.pi*r**L + x0), phi*r**(L - 2)*x0*x1)


def deep_chain_log_rhs(log_r, phi, L, kappa):
    """The balanced depth-L chain in the integrator's variables (ln r, z = ln tan(θ/2)): d ln r/dt = κ r^{L−2}(J(φ) − π r^L)/2π, dz/dt = −κ r^{L−2} φ/2π, J(φ) = sin φ − φ cos φ."""
    x0 = (1/2)*kappa*numpy.exp(log_r*(L - 2))/numpy.pi
    return (x0*(_sin_minus_x_cos(phi) - numpy.pi*numpy.exp(L*log_r)), -phi*x0)


def deep_chain_loss(r, phi, L, kappa):
    """Population loss of the balanced depth-L chain in (r, φ)."""
    x0 = 2*r**L
    return (1/4)*kappa*(phi*x0*numpy.cos(phi) + numpy.pi*r**(2*L) - x0*numpy.sin(phi) + numpy.pi)/numpy.pi


def tian_symmetric_rhs(x, y, K):
    """Tian's symmetric family w_j = x e_j + y Σ_{k≠j} e_k, orthonormal teacher: (ẋ, ẏ) projected from the K-node gradient."""
    x0 = (1/2)*x
    x1 = -numpy.pi
    x2 = abs(y)
    x3 = K - 1
    x4 = numpy.sqrt(x3)
    x5 = x2*x4
    x6 = numpy.pi**(-1.0)
    x7 = x0*x6
    x8 = x**2
    x9 = y**2
    x10 = x3*x9 + x8
    x11 = x10**(-1.0)
    x12 = 1/numpy.sqrt(x10)
    x13 = K - 2
    x14 = x13*x9
    x15 = x14 + x8
    x16 = numpy.sqrt(x15)
    x17 = 1/numpy.sqrt(x15 + x9)
    x18 = (1/2)*y
    x19 = x - y
    x20 = x9*(2*K - 4) + (x + y)**2
    x21 = numpy.sqrt(x20)*abs(x19)
    x22 = 2*x*y + x14
    x23 = x6*(-x1 - numpy.arctan2(x21, x22))
    x24 = x18*x23
    x25 = x21/numpy.sqrt(x19**2*x20 + x22**2)
    x26 = x18*x25*x6
    return (-x0 + x11*x5*x7 + x12*x16*x17*x3*x7 - x3*(x24 + x25*x7) + (1/2)*x6*(-x1 - numpy.arctan2(x5, x)), -x0*x23 + (1/2)*x11*x2*x4*x6*y + (1/2)*x12*x13*x16*x17*x6*y + (1/2)*x12*x16*x17*x6*y - x13*(x24 + x26) - x18 - x26 + (1/2)*x6*(-x1 - numpy.arctan2(x16, y)))


def plane_second_moment(theta):
    """E[1{u·x>0}1{v·x>0} x xᵀ] = ∂m(u,v)/∂v in the frame (û, n, ⊥): polar integral over the common sector (kinks θ − π/2, π/2 by hand) in the plane, ((π − θ)/2π)·I on ⊥."""
    x0 = (1/2)*numpy.sin(2*theta)
    x1 = (1/2)/numpy.pi
    x2 = theta - numpy.pi
    return (x1*(-theta + x0 + numpy.pi), x1*numpy.sin(theta)**2, x1*(-x0 - x2), -x1*x2)


def plane_cross_moment_du(r_u, r_v, theta):
    """∂m(u,v)/∂u in the frame (û, n, ⊥): only the n·nᵀ entry b_nn and the ⊥ multiple b_perp are nonzero (polar derivatives of the closed form of m)."""
    x0 = r_v*numpy.sin(theta)/(numpy.pi*r_u)
    return (x0, (1/2)*x0)


# -- per-pair scalar forms (numeric/_fast.py compiles them with numba) ------------------------


def _sin_minus_x_cos_scalar(delta):
    """sin δ − δ cos δ, accurate to a few ulps relatively for δ ∈ [0, π] (a series of 9 terms
    below δ = 1; see symbolic/_series.py)."""
    if delta < 1:
        x2 = delta*delta
        return delta*x2*((((((((1.4797143443923793e-16*x2 + -4.498331606952833e-14)*x2 + 1.0706029224547743e-11)*x2 + -1.9270852604185937e-09)*x2 + 2.505210838544172e-07)*x2 + -2.2045855379188714e-05)*x2 + 0.0011904761904761906)*x2 + -0.03333333333333333)*x2 + 0.3333333333333333)
    return math.sin(delta) - delta*math.cos(delta)


def _sin_minus_x_cos_scalar_series(delta):
    """The series of J(δ) alone (δ < 1), for branch-free loops."""
    x2 = delta*delta
    return delta*x2*((((((((1.4797143443923793e-16*x2 + -4.498331606952833e-14)*x2 + 1.0706029224547743e-11)*x2 + -1.9270852604185937e-09)*x2 + 2.505210838544172e-07)*x2 + -2.2045855379188714e-05)*x2 + 0.0011904761904761906)*x2 + -0.03333333333333333)*x2 + 0.3333333333333333)


def pair_kernel_scalar(r_u, r_v, delta):
    return (1/2)*r_u*r_v*_sin_minus_x_cos_scalar(delta)/math.pi


def pair_kernel_series_scalar(r_u, r_v, delta):
    return (1/2)*r_u*r_v*_sin_minus_x_cos_scalar_series(delta)/math.pi


def pair_cross_moment_scalar(r_u, r_v, delta):
    x0 = (1/2)/math.pi
    return r_v*x0*_sin_minus_x_cos_scalar(delta)/r_u, delta*x0


def pair_kernel_wedge_scalar(wedge, dot, delta):
    return (1/2)*(delta*dot + wedge)/math.pi


def pair_cross_moment_wedge_scalar(wedge, dot, delta):
    x0 = (1/2)/math.pi
    return x0*(delta*dot + wedge), delta*x0


SERIES_BELOW = 1

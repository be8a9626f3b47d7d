"""Kernels compiled from symbolic/ by ``python -m symbolic.codegen``. Do not edit.

Each function is the lambdify output (printer: symbolic._printer.ReluflowPrinter, with
common-subexpression elimination) of the derivation of the same name; vectors lie on
the last axis and reductions keep it with length 1 so that scalars broadcast.
SymPy 1.14.0; content hash 490258613a2d1e70.
"""

# ruff: noqa
import numpy

__all__ = ['pair_angle', 'pair_kernel', 'plane_kernel', 'pair_cross_moment', 'plane_cross_moment', 'single_neuron_rhs', 'deep_chain_rhs', 'deep_chain_loss', 'tian_symmetric_rhs', 'plane_second_moment', 'plane_cross_moment_du']


def _vector_norm(x):
    return numpy.sqrt(numpy.einsum("...i,...i->...", x, x))[..., None]


def pair_angle(u, v):
    """θ(u, v) = atan2(‖u∧v‖, u·v) in Kahan's half-angle form (accurate at θ → 0 and π)."""
    x0 = u*_vector_norm(v)
    x1 = v*_vector_norm(u)
    return 2*numpy.arctan2(_vector_norm(x0 - x1), _vector_norm(x0 + x1))


def pair_kernel(u, v):
    """Arc-cosine kernel k(u,v) = E[σ(u·x)σ(v·x)], x ~ N(0, I_d), lifted from the plane form with the stable atan2 angle."""
    x0 = _vector_norm(u)
    x1 = _vector_norm(v)
    x2 = u*x1
    x3 = v*x0
    x4 = 2*numpy.arctan2(_vector_norm(x2 - x3), _vector_norm(x2 + x3))
    x5 = numpy.cos(x4)
    return (1/2)*x0*x1*(-x4*x5 + numpy.pi*x5 + numpy.sin(x4))/numpy.pi


def plane_kernel(r_u, r_v, theta):
    """Arc-cosine kernel in the plane of (u, v): polar coordinates, kinks at θ − π/2 and π/2, radial moment ∫ρ³e^{−ρ²/2}dρ = 2 exact."""
    x0 = numpy.cos(theta)
    return (1/2)*r_u*r_v*(-theta*x0 + numpy.pi*x0 + numpy.sin(theta))/numpy.pi


def pair_cross_moment(u, v):
    """E[1{u·x>0} x σ(v·x)] = (‖v‖ sin θ/2π) û + ((π − θ)/2π) v (Tian's F), zero for u = 0."""
    x0 = _vector_norm(u)
    x1 = u*_vector_norm(v)
    x2 = v*x0
    x3 = 2*numpy.arctan2(_vector_norm(x1 - x2), _vector_norm(x1 + x2))
    x4 = (1/2)/numpy.pi
    return (v*x4*(numpy.pi - x3) + x1*x4*numpy.sin(x3)/numpy.where(x0 == 0, 1.0, x0))*numpy.greater(x0, 0.0).astype(numpy.float64)


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

"""Public batched kernels: validated wrappers around the compiled closed forms.

Shapes follow numpy broadcasting over leading batch axes; vectors lie on the last axis.
Conventions: x ~ N(0, I_d) scaled by κ = E‖x‖²/d; loss J(W) = ½κE[(g(x;W) − g(x;V))²] per
sample; σ'(0) = 0, so a zero student row has zero gradient and zero cross moments.
"""

from __future__ import annotations

import numpy as np

from . import _fast, _generated as G
from ._validate import (
    as_float_array,
    as_vectors,
    broadcast_batch,
    finite_scalar,
    positive_int,
    same_dimension,
)


def _pair(name_u: str, u, name_v: str, v) -> tuple[np.ndarray, np.ndarray]:
    u = as_vectors(name_u, u)
    v = as_vectors(name_v, v)
    same_dimension((name_u, name_v), u, v)
    broadcast_batch((name_u, name_v), u.shape[:-1], v.shape[:-1])
    return u, v


def pair_angle(u, v) -> np.ndarray:
    """θ(u, v) ∈ [0, π] via atan2 (Kahan's half-angle form); shapes (..., d) → (...).

    A zero vector has no direction: that raises, since an angle to it is undefined.
    """
    u, v = _pair("u", u, "v", v)
    for name, a in (("u", u), ("v", v)):
        if np.any(np.all(a == 0.0, axis=-1)):
            raise ValueError(f"{name} contains a zero vector; the angle to it is undefined")
    return G.pair_angle(u, v)[..., 0]


def _output(out, shape: tuple) -> np.ndarray | None:
    """``out`` checked as a writable float64 C-contiguous array of ``shape`` (or None)."""
    if out is None:
        return None
    if not isinstance(out, np.ndarray) or out.dtype != np.float64:
        raise ValueError(f"out must be a float64 numpy array, got {type(out).__name__}"
                         + (f" of {out.dtype}" if isinstance(out, np.ndarray) else ""))
    if out.shape != tuple(shape):
        raise ValueError(f"out must have shape {tuple(shape)}, got {out.shape}")
    if not (out.flags.c_contiguous and out.flags.writeable):
        raise ValueError("out must be C-contiguous and writeable")
    return out


def _into(out: np.ndarray | None, value: np.ndarray) -> np.ndarray:
    if out is None:
        return value
    np.copyto(out, value)
    return out


def relu_kernel(u, v, *, out: np.ndarray | None = None) -> np.ndarray:
    """k(u, v) = E[σ(u·x)σ(v·x)], x ~ N(0, I_d): shapes (..., d), (..., d) → (...).

    Zero vectors are allowed (k = 0 there). ``out`` (float64, the broadcast batch shape)
    receives the result without a new allocation on the numba engine.
    """
    u, v = _pair("u", u, "v", v)
    out = _output(out, np.broadcast_shapes(u.shape[:-1], v.shape[:-1]))
    if _fast.engine() == "numba":
        return _fast.kernel(u, v, out=out)
    return _into(out, G.pair_kernel(u, v)[..., 0])


def cross_moment(u, v, *, out: np.ndarray | None = None) -> np.ndarray:
    """E[1{u·x>0} x σ(v·x)] (Tian's F(û, v)): shapes (..., d), (..., d) → (..., d).

    Zero for u = 0 (σ'(0) = 0) and for v = 0. ``out`` as for :func:`relu_kernel`.
    """
    u, v = _pair("u", u, "v", v)
    out = _output(out, (*np.broadcast_shapes(u.shape[:-1], v.shape[:-1]), u.shape[-1]))
    if _fast.engine() == "numba":
        return _fast.cross_moment(u, v, out=out)
    return _into(out, G.pair_cross_moment(u, v))


def _student_teacher(W, V) -> tuple[np.ndarray, np.ndarray]:
    W = as_vectors("W", W, min_ndim=2)
    V = as_vectors("V", V, min_ndim=2)
    same_dimension(("W", "V"), W, V)
    broadcast_batch(("W", "V"), W.shape[:-2], V.shape[:-2])
    return W, V


def _pairwise(f, A: np.ndarray, B: np.ndarray) -> np.ndarray:
    return f(A[..., :, None, :], B[..., None, :, :])


def population_loss(W, V, *, kappa: float = 1.0) -> np.ndarray:
    """J(W) = ½κE[(Σ_j σ(w_j·x) − Σ_m σ(v_m·x))²]: W (..., K, d), V (..., M, d) → (...).

    Absolute accuracy is ~eps·(Σ‖w‖ + Σ‖v‖)² (the three kernel sums cancel near J = 0).
    """
    W, V = _student_teacher(W, V)
    kappa = finite_scalar("kappa", kappa, positive=True)
    if _fast.engine() == "numba":
        return kappa * _fast.loss(W, V)
    kww = _pairwise(G.pair_kernel, W, W)[..., 0].sum(axis=(-1, -2))
    kwv = _pairwise(G.pair_kernel, W, V)[..., 0].sum(axis=(-1, -2))
    kvv = _pairwise(G.pair_kernel, V, V)[..., 0].sum(axis=(-1, -2))
    return 0.5 * kappa * (kww - 2.0 * kwv + kvv)


def _cross_moment_difference(u, b, e, xp=np, geometry=None):
    """m(u, b + e) − m(u, b) from (u, b, e) without forming the two O(1) values.

    With û = u/‖u‖, b = b∥û + b⊥ and ρ = ‖b⊥‖, m(u, b) = (ρ û + δ b)/2π, δ = π − θ(u, b). Then
    m(u, b') − m(u, b) = (Δρ û + δ e − Δθ b')/2π, where Δρ = (2 b⊥·e⊥ + ‖e⊥‖²)/(ρ' + ρ) and
    Δθ = θ' − θ = atan2(Δρ b∥ − ρ e∥, b∥b'∥ + ρρ') (the angle between the plane points
    (b∥, ρ) and (b'∥, ρ')): every term is O(‖e‖) and is computed from e, so the result keeps
    its relative accuracy as e → 0, where the direct difference keeps only eps·‖b‖ absolutely.
    (Near θ = π the û component still cancels to O(δ²‖e‖); the gradient near its zero W = V
    pairs each student with its own teacher, at θ ≈ 0.) Zero for u = 0 (σ'(0) = 0).

    ``xp``/``geometry``: the array module and its pair geometry (numpy and the printed numpy
    helper by default; jax.numpy and the branch-free JAX helper for numeric.jax_backend).
    """
    geometry = G._pair_geometry if geometry is None else geometry
    nu2, b_par_scaled, _, b_perp = geometry(u, b)
    nu = xp.sqrt(nu2)
    safe = xp.where(nu == 0, 1.0, nu)
    uhat = u / safe[..., None]
    b_par = b_par_scaled / safe
    e_par = xp.einsum("...i,...i->...", e, uhat)
    e_perp = e - e_par[..., None] * uhat
    rho = xp.sqrt(xp.einsum("...i,...i->...", b_perp, b_perp))
    b2_perp = b_perp + e_perp
    rho2 = xp.sqrt(xp.einsum("...i,...i->...", b2_perp, b2_perp))
    den = rho + rho2
    num = 2.0 * xp.einsum("...i,...i->...", b_perp, e_perp) + xp.einsum("...i,...i->...",
                                                                       e_perp, e_perp)
    d_rho = xp.where(den == 0, 0.0, num / xp.where(den == 0, 1.0, den))
    b2_par = b_par + e_par
    d_theta = xp.arctan2(d_rho * b_par - rho * e_par, b_par * b2_par + rho * rho2)
    delta = xp.arctan2(rho, -b_par)
    out = (d_rho[..., None] * uhat + delta[..., None] * e
           - d_theta[..., None] * (b + e)) / (2.0 * xp.pi)
    return xp.where((nu > 0)[..., None], out, 0.0)


def cross_moment_difference(u, v, e) -> np.ndarray:
    """m(u, v + e) − m(u, v) for the cross moment m (:func:`cross_moment`), computed from the
    difference e: relatively accurate as e → 0 (the direct difference of two cross moments
    loses every digit of an O(‖e‖) result below ‖e‖ ~ eps·‖v‖). Shapes (..., d) → (..., d)."""
    u, v = _pair("u", u, "v", v)
    e = as_vectors("e", e)
    same_dimension(("u", "e"), u, e)
    broadcast_batch(("v", "e"), np.broadcast_shapes(u.shape[:-1], v.shape[:-1]), e.shape[:-1])
    return _cross_moment_difference(u, v, e)


def _nearest_teacher_pairing(W, V, xp=np):
    """π[..., k] = the teacher nearest student k where that is a bijection (K = M), the
    identity in the batch elements where it is not: any bijection gives the same gradient,
    the nearest one keeps its relative accuracy as W → V."""
    diff = W[..., :, None, :] - V[..., None, :, :]
    pi = xp.argmin(xp.einsum("...kmi,...kmi->...km", diff, diff), axis=-1)
    K = W.shape[-2]
    bijective = xp.all(xp.sort(pi, axis=-1) == xp.arange(K), axis=-1)
    return xp.where(bijective[..., None], pi, xp.arange(K))


def population_gradient(W, V, *, kappa: float = 1.0, paired: bool | None = None,
                        out: np.ndarray | None = None) -> np.ndarray:
    """∂J/∂W = κ[Σ_k m(w_j, w_k) − Σ_m m(w_j, v_m)], same shape as W (broadcast batch).

    m is the cross moment; the self term m(w_j, w_j) = w_j/2 is used exactly.

    Near the global minimum (W a permutation of V) the two sums are O(1) and their difference
    O(‖W − V‖). So when K = M the gradient is summed as Σ_k [m(w_j, w_k) − m(w_j, v_π(k))]
    over a bijection π — the nearest teacher of each student where that is one — with each
    bracket from :func:`cross_moment_difference`: the same value, with its relative accuracy
    kept as W → V. ``paired=False`` forces the plain sums; ``paired=True`` requires K = M.
    ``out`` (float64, W's broadcast shape) receives the result.
    """
    W, V = _student_teacher(W, V)
    kappa = finite_scalar("kappa", kappa, positive=True)
    out = _output(out, (*np.broadcast_shapes(W.shape[:-2], V.shape[:-2]), *W.shape[-2:]))
    square = W.shape[-2] == V.shape[-2]
    if paired and not square:
        raise ValueError(f"paired=True needs K = M students and teachers, got K = "
                         f"{W.shape[-2]}, M = {V.shape[-2]}")
    use_pairing = square and paired is not False
    if _fast.engine() == "numba":
        g = _fast.gradient(W, V, use_pairing, out=out)
        if kappa != 1.0:
            g *= kappa
        return g
    if use_pairing:
        batch = np.broadcast_shapes(W.shape[:-2], V.shape[:-2])
        Wb = np.broadcast_to(W, (*batch, *W.shape[-2:]))
        Vb = np.broadcast_to(V, (*batch, *V.shape[-2:]))
        Vp = np.take_along_axis(Vb, _nearest_teacher_pairing(Wb, Vb)[..., None], axis=-2)
        diff = _cross_moment_difference(Wb[..., :, None, :], Vp[..., None, :, :],
                                        (Wb - Vp)[..., None, :, :])
        return _into(out, kappa * diff.sum(axis=-2))
    cww = _pairwise(G.pair_cross_moment, W, W)
    K = W.shape[-2]
    idx = np.arange(K)
    cww[..., idx, idx, :] = 0.5 * W
    cwv = _pairwise(G.pair_cross_moment, W, V)
    return _into(out, kappa * (cww.sum(axis=-2) - cwv.sum(axis=-2)))


def single_neuron_rhs(
    r, phi, *, depth: int = 1, kappa: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """(dr/dt, dφ/dt) of gradient flow for one neuron (depth 1) or the balanced depth-L chain.

    Teacher norm 1; r = ‖w‖ > 0 (the angle is undefined at w = 0); φ = π − θ ∈ [0, π].
    """
    r = as_float_array("r", r)
    phi = as_float_array("phi", phi)
    if np.any(r <= 0):
        raise ValueError("r must be > 0: the angle, hence phi, is undefined at w = 0")
    if np.any((phi < 0) | (phi > np.pi)):
        raise ValueError("phi must lie in [0, pi]")
    depth = positive_int("depth", depth)
    kappa = finite_scalar("kappa", kappa, positive=True)
    r, phi = np.broadcast_arrays(r, phi)
    if depth == 1:
        dr, dphi = G.single_neuron_rhs(r, phi, kappa)
    else:
        dr, dphi = G.deep_chain_rhs(r, phi, depth, kappa)
    return np.asarray(dr, dtype=np.float64), np.asarray(dphi, dtype=np.float64)


def single_neuron_loss(r, phi, *, depth: int = 1, kappa: float = 1.0) -> np.ndarray:
    """Population loss of the balanced depth-L single-neuron chain at (r, φ), teacher norm 1."""
    r = as_float_array("r", r)
    phi = as_float_array("phi", phi)
    if np.any(r < 0):
        raise ValueError("r must be >= 0")
    depth = positive_int("depth", depth)
    kappa = finite_scalar("kappa", kappa, positive=True)
    return np.asarray(G.deep_chain_loss(r, phi, depth, kappa), dtype=np.float64)


def tian_symmetric_rhs_unchecked(x, y, K) -> tuple[np.ndarray, np.ndarray]:
    """:func:`tian_symmetric_rhs` without validation, for ODE right-hand sides: float arrays
    x, y away from (0, 0), and ``K`` an integer or an integer array broadcast with them (one
    K per row of a batched flow)."""
    return G.tian_symmetric_rhs(x, y, K)


def tian_symmetric_rhs(x, y, *, K: int) -> tuple[np.ndarray, np.ndarray]:
    """(ẋ, ẏ) of Tian's symmetric family w_j = x e_j + y Σ_{k≠j} e_k, orthonormal teacher."""
    x = as_float_array("x", x)
    y = as_float_array("y", y)
    K = positive_int("K", K, minimum=2)
    x, y = np.broadcast_arrays(x, y)
    if np.any((x == 0) & (y == 0)):
        raise ValueError("(x, y) = (0, 0) is the zero network, where the angles are undefined")
    dx, dy = G.tian_symmetric_rhs(x, y, K)
    return np.asarray(dx, dtype=np.float64), np.asarray(dy, dtype=np.float64)

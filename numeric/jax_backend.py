"""The kernels on JAX (extra ``gpu``): the same derivations printed for ``jax.numpy``.

``numeric/_generated_jax.py`` is printed from the SymPy derivations by
``symbolic._printer.ReluflowJaxPrinter`` (the numpy printer retargeted through SymPy's module
mechanism), with branch-free versions of the accurate pair geometry: on a GPU the kernels
run where the arrays live. Importing this module enables ``jax_enable_x64``: the kernels are
float64 (in float32 the angle alone would lose 1e-7 relatively). Tested on CPU against the
numpy engine to 1e-13.

Inputs are validated like the numpy functions' (shapes, d ≥ 2, finite entries: one reduction
on the device); the jitted cores are ``kernel_core`` and friends, for use inside a user's own
``jax.jit``.
"""

from __future__ import annotations

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402 - after enabling float64

from . import _generated_jax as GJ  # noqa: E402

__all__ = ["cross_moment", "population_gradient", "population_loss", "relu_kernel",
           "single_neuron_rhs"]


def _vectors(name: str, x, min_ndim: int = 1) -> jax.Array:
    a = jnp.asarray(x, dtype=jnp.float64)
    if a.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} axes, got shape {a.shape}")
    if a.shape[-1] < 2:
        raise ValueError(f"{name} must have dimension d >= 2 on its last axis, got d = "
                         f"{a.shape[-1]}")
    if a.size and not bool(jnp.all(jnp.isfinite(a))):
        raise ValueError(f"{name} contains NaN or infinite entries")
    return a


def _pair(u, v, min_ndim: int = 1, names=("u", "v")) -> tuple[jax.Array, jax.Array]:
    u, v = _vectors(names[0], u, min_ndim), _vectors(names[1], v, min_ndim)
    if u.shape[-1] != v.shape[-1]:
        raise ValueError(f"{names[0]} and {names[1]} have different dimensions d: "
                         f"{u.shape[-1]} vs {v.shape[-1]}")
    tail = 2 if min_ndim == 2 else 1
    try:
        jnp.broadcast_shapes(u.shape[:-tail], v.shape[:-tail])
    except ValueError as exc:
        raise ValueError(f"batch shapes of {names[0]} {u.shape[:-tail]} and {names[1]} "
                         f"{v.shape[:-tail]} do not broadcast") from exc
    return u, v


@jax.jit
def kernel_core(u, v):
    return GJ.pair_kernel(u, v)[..., 0]


@jax.jit
def cross_moment_core(u, v):
    return GJ.pair_cross_moment(u, v)


@jax.jit
def loss_core(W, V):
    def s(A, B):
        return GJ.pair_kernel(A[..., :, None, :], B[..., None, :, :])[..., 0].sum(axis=(-1, -2))
    return 0.5 * (s(W, W) - 2.0 * s(W, V) + s(V, V))


@jax.jit
def gradient_core(W, V):
    K = W.shape[-2]
    cww = GJ.pair_cross_moment(W[..., :, None, :], W[..., None, :, :])
    eye = jnp.eye(K, dtype=bool)[..., None]
    cww = jnp.where(eye, 0.5 * W[..., :, None, :], cww)  # m(w, w) = w/2 exactly
    cwv = GJ.pair_cross_moment(W[..., :, None, :], V[..., None, :, :])
    return cww.sum(axis=-2) - cwv.sum(axis=-2)


def relu_kernel(u, v) -> jax.Array:
    """k(u, v) like :func:`numeric.relu_kernel`, on JAX: (..., d), (..., d) → (...)."""
    return kernel_core(*_pair(u, v))


def cross_moment(u, v) -> jax.Array:
    """m(u, v) like :func:`numeric.cross_moment`, on JAX: (..., d), (..., d) → (..., d)."""
    return cross_moment_core(*_pair(u, v))


def _kappa(kappa: float) -> float:
    k = float(kappa)
    if not (k > 0 and k != float("inf")):
        raise ValueError(f"kappa must be a finite positive number, got {kappa!r}")
    return k


def population_loss(W, V, *, kappa: float = 1.0) -> jax.Array:
    """J(W) like :func:`numeric.population_loss`, on JAX: (..., K, d), (..., M, d) → (...)."""
    return _kappa(kappa) * loss_core(*_pair(W, V, 2, ("W", "V")))


def population_gradient(W, V, *, kappa: float = 1.0) -> jax.Array:
    """∂J/∂W like :func:`numeric.population_gradient` with ``paired=False`` (the plain sums;
    the difference form near W = V is the numpy/numba engines')."""
    return _kappa(kappa) * gradient_core(*_pair(W, V, 2, ("W", "V")))


def single_neuron_rhs(r, phi, *, depth: int = 1, kappa: float = 1.0):
    """(dr/dt, dφ/dt) like :func:`numeric.single_neuron_rhs`, on JAX (batched reduced ODE)."""
    r = jnp.asarray(r, dtype=jnp.float64)
    phi = jnp.asarray(phi, dtype=jnp.float64)
    if not bool(jnp.all(r > 0)):
        raise ValueError("r must be > 0: the angle, hence phi, is undefined at w = 0")
    if not bool(jnp.all((phi >= 0) & (phi <= jnp.pi))):
        raise ValueError("phi must lie in [0, pi]")
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    k = _kappa(kappa)
    if depth == 1:
        return GJ.single_neuron_rhs(r, phi, k)
    return GJ.deep_chain_rhs(r, phi, depth, k)

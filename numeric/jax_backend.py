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

from dataclasses import dataclass  # noqa: E402

import jax.numpy as jnp  # noqa: E402 - after enabling float64
import numpy as np  # noqa: E402

from . import _generated_jax as GJ, _reduced_ode_jax as _ode  # noqa: E402
from ._kernels import _cross_moment_difference, _nearest_teacher_pairing  # noqa: E402
from ._reduced_ode import _batch_params  # noqa: E402
from ._validate import finite_scalar, positive_int  # noqa: E402
from .ode._driver import check_t_eval, validate_tolerances  # noqa: E402

__all__ = ["ReducedTrajectories", "cross_moment", "helper_namespace", "integrate_reduced",
           "population_gradient", "population_loss", "relu_kernel", "single_neuron_rhs"]


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


def helper_namespace() -> dict:
    """The helpers JAX-printed code calls (vector norm, accurate pair geometry, J(δ)), by name:
    what ``symbolic.Derivation.compile("jax")`` hands to ``sympy.lambdify``."""
    return {k: v for k, v in vars(GJ).items() if k.startswith("_") and callable(v)}


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
    """The plain sums Σ_k m(w_j, w_k) − Σ_m m(w_j, v_m), the self term w_j/2 exactly."""
    K = W.shape[-2]
    cww = GJ.pair_cross_moment(W[..., :, None, :], W[..., None, :, :])
    eye = jnp.eye(K, dtype=bool)[..., None]
    cww = jnp.where(eye, 0.5 * W[..., :, None, :], cww)  # m(w, w) = w/2 exactly
    cwv = GJ.pair_cross_moment(W[..., :, None, :], V[..., None, :, :])
    return cww.sum(axis=-2) - cwv.sum(axis=-2)


@jax.jit
def paired_gradient_core(W, V):
    """K = M: Σ_k [m(w_j, w_k) − m(w_j, v_π(k))] over the nearest-teacher bijection π, each
    bracket in the difference form of numeric.cross_moment_difference (the same function on
    jax.numpy): relatively accurate as W → V."""
    batch = jnp.broadcast_shapes(W.shape[:-2], V.shape[:-2])
    Wb = jnp.broadcast_to(W, (*batch, *W.shape[-2:]))
    Vb = jnp.broadcast_to(V, (*batch, *V.shape[-2:]))
    pi = _nearest_teacher_pairing(Wb, Vb, xp=jnp)
    Vp = jnp.take_along_axis(Vb, pi[..., None], axis=-2)
    diff = _cross_moment_difference(Wb[..., :, None, :], Vp[..., None, :, :],
                                    (Wb - Vp)[..., None, :, :], xp=jnp,
                                    geometry=GJ._pair_geometry)
    return diff.sum(axis=-2)


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


def population_gradient(W, V, *, kappa: float = 1.0, paired: bool | None = None) -> jax.Array:
    """∂J/∂W like :func:`numeric.population_gradient`: (..., K, d), (..., M, d) → (..., K, d).

    When K = M (and ``paired`` is not False) the difference form over the nearest-teacher
    bijection, relatively accurate as W → V; ``paired=False`` forces the plain sums;
    ``paired=True`` requires K = M.
    """
    W, V = _pair(W, V, 2, ("W", "V"))
    k = _kappa(kappa)
    square = W.shape[-2] == V.shape[-2]
    if paired and not square:
        raise ValueError(f"paired=True needs K = M students and teachers, got K = "
                         f"{W.shape[-2]}, M = {V.shape[-2]}")
    core = paired_gradient_core if square and paired is not False else gradient_core
    return k * core(W, V)


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


@dataclass(frozen=True)
class ReducedTrajectories:
    """Result of :func:`integrate_reduced`; arrays stay on the JAX device.

    ``log_r``, ``z`` (n,) at the stop time ``t``; ``status`` (n,) as
    :class:`numeric.ode.Status` (0: reached t_end; negative: a failure); ``n_steps``,
    ``n_rejected``; ``log_r_eval``, ``z_eval`` (n, T) at ``t_eval`` (NaN where not reached).
    """

    t: jax.Array
    log_r: jax.Array
    z: jax.Array
    status: jax.Array
    n_steps: jax.Array
    n_rejected: jax.Array
    t_eval: jax.Array | None
    log_r_eval: jax.Array | None
    z_eval: jax.Array | None

    @property
    def r(self) -> jax.Array:
        return jnp.exp(self.log_r)

    @property
    def phi(self) -> jax.Array:
        return _ode.z_to_phi(self.z)

    @property
    def theta(self) -> jax.Array:
        """θ = π − φ, to full relative precision near 0 (from z, not by subtraction)."""
        return _ode.z_to_phi(-self.z)

    @property
    def success(self) -> bool:
        return bool(jnp.all(self.status >= 0))


def integrate_reduced(
    r0,
    phi0=None,
    *,
    theta0=None,
    depth=1,
    kappa=1.0,
    t_end,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    t_eval=None,
    max_steps: int = 100_000,
    max_step: float = float("inf"),
    dt: float | None = None,
) -> ReducedTrajectories:
    """The batched reduced (r, φ) flow of the balanced depth-L chain on JAX: the counterpart of
    :func:`numeric.integrate_batch` (same variables (ln r, z = ln tan(θ/2)), same
    Dormand–Prince 5(4) with PI control, same error norm), without events or monitors.

    ``r0``, ``phi0`` or ``theta0``, ``depth``, ``kappa`` broadcast to one 1-D batch and are
    validated as in numpy; ``t_end`` > 0 (scalar or per trajectory); ``dt``: constant steps of
    that length instead of adaptive ones (every step accepted).
    """
    params = _batch_params(r0, phi0, theta0, depth, kappa)
    n = params["r0"].size
    y0 = np.stack([np.log(params["r0"]), params["z0"]], axis=1)
    t_end_arr = np.asarray(t_end, dtype=float) if np.ndim(t_end) else None
    if t_end_arr is None:
        t_end_arr = np.full(n, finite_scalar("t_end", t_end, positive=True))
    elif t_end_arr.shape != (n,) or not np.all(np.isfinite(t_end_arr) & (t_end_arr > 0)):
        raise ValueError(f"t_end must be a finite positive scalar or shape ({n},)")
    rtol, atol_arr = validate_tolerances(rtol, atol, n, 2)
    max_steps = positive_int("max_steps", max_steps)
    if dt is not None:
        step = finite_scalar("dt", dt, positive=True)
    else:
        step = float(max_step)
        if not step > 0:
            raise ValueError(f"max_step must be > 0, got {max_step}")
    te = (np.zeros(0) if t_eval is None
          else check_t_eval(t_eval, float(t_end_arr.max())))
    t, y, status, n_steps, n_rej, y_eval = _ode.integrate(
        jnp.asarray(y0), jnp.asarray(t_end_arr), jnp.asarray(params["depth"]),
        jnp.asarray(params["kappa"]), rtol, jnp.asarray(atol_arr), step, jnp.asarray(te),
        max_steps=max_steps, constant_step=dt is not None)
    evals = (None, None, None) if t_eval is None else (jnp.asarray(te), y_eval[..., 0],
                                                       y_eval[..., 1])
    return ReducedTrajectories(t, y[:, 0], y[:, 1], status, n_steps, n_rej, *evals)

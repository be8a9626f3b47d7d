"""Batched adaptive integration of the reduced (r, φ) gradient-flow ODE, with events and monitors.

Why a batch integrator: the Lee–Sim–Ye claims quantify over 10^4–10^5 initial conditions
(r0, φ0, L, κ); a Python loop over ``scipy.integrate.solve_ivp`` spends almost all of its time in
per-call overhead. The integrator core (:mod:`numeric.ode`) gives every trajectory its own
time, step size and error control, and one numpy pass advances all active trajectories by one
Dormand–Prince 5(4) step with dense output.

* :func:`solve_batch` is the core's driver under this module's defaults: ``rhs(t, y, idx)``.
* :func:`integrate_batch` is the reduced single-neuron / balanced deep-chain flow (Lee–Sim–Ye,
  docs/theory/lee2022.md) integrated in the stable variables ``(ln r, z)``, ``z = ln tan(θ/2)``, θ
  = π − φ.
  ``z`` is exact to the last bit as θ → 0 (where gradient flow converges); recovering θ from
  ``arccos`` of a cosine loses ~1e-8 there and makes monotonicity/envelope checks fail falsely.
  The invariant sets φ = 0 (z = +∞) and φ = π (z = −∞) are represented exactly.

Events fire at the first time ``event(t, y, idx) >= 0``; they are located by bisection on the
dense output to a relative time accuracy of ~4 ulp, and an event already satisfied at t0 is
refused (``ValueError``) rather than reported as T = 0, which would make any lower bound on an
escape time pass vacuously. Monitors (``monitor(view) -> margins``) are evaluated at t0 and after
every accepted step; the per-trajectory minimum margin and where it occurred are returned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _generated, ode
from ._validate import as_float_array, finite_scalar
from .ode import Event, Solution, StepView
from .ode._events import Monitor, named_monitors

__all__ = [
    "BatchSolution",
    "Event",
    "ReducedSolution",
    "ReducedView",
    "StepView",
    "converged_event",
    "integrate_batch",
    "loss_below_event",
    "r_level_event",
    "reduced_rhs",
    "solve_batch",
    "theta_to_z",
    "z_to_angles",
]

Rhs = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]

#: the core's result type under this module's historical name
BatchSolution = Solution


def solve_batch(
    rhs: Rhs,
    y0,
    t_end,
    *,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    t_eval=None,
    events: Sequence[Event] = (),
    monitors: Sequence[Monitor] | Mapping[str, Monitor] = (),
    max_steps: int = 100_000,
    max_step: float = np.inf,
    allow_infinite: bool = True,
) -> Solution:
    """Integrate ``y' = rhs(t, y, idx)`` for a batch of n initial states from t = 0 to ``t_end``.

    A thin name for :func:`numeric.ode.solve` with this module's defaults (rtol 1e-10,
    atol 1e-12): each trajectory has its own adaptive Dormand–Prince 5(4) step and PI control,
    so its accuracy equals that of a one-trajectory run at the same tolerances; ``t_eval``
    (strictly increasing, in [0, max t_end]) is filled from the dense output. ±inf states
    are allowed here: the reduced flow represents its invariant sets φ ∈ {0, π} exactly.
    """
    return ode.solve(rhs, y0, t_end, rtol=rtol, atol=atol, t_eval=t_eval, events=events,
                     monitors=monitors, max_steps=max_steps, max_step=max_step,
                     allow_infinite=allow_infinite)


_named = named_monitors


# --- the reduced Lee–Sim–Ye flow in (ln r, z) -----------------------------------------------

def z_to_angles(z) -> tuple[np.ndarray, np.ndarray]:
    """(θ, φ) from z = ln tan(θ/2), both accurate near 0 (no arccos, no cancellation)."""
    z = np.asarray(z, dtype=float)
    q = np.exp(-np.abs(z))  # in [0, 1]: never overflows
    small = 2.0 * np.arctan(q)  # the smaller of θ and φ, to full relative precision
    theta = np.where(z < 0, small, np.pi - small)
    phi = np.where(z < 0, np.pi - small, small)
    return theta, phi


def theta_to_z(theta) -> np.ndarray:
    """z = ln tan(θ/2); θ = 0 ↦ −∞ and θ = π ↦ +∞ exactly (the invariant sets)."""
    theta = np.asarray(theta, dtype=float)
    with np.errstate(divide="ignore"):
        z = np.log(np.tan(0.5 * theta))
    return np.where(theta >= np.pi, np.inf, np.where(theta <= 0, -np.inf, z))


def _phi_to_z(phi: np.ndarray) -> np.ndarray:
    # −ln tan(φ/2): accurate for small φ, which θ = π − φ would round away.
    with np.errstate(divide="ignore"):
        z = -np.log(np.tan(0.5 * phi))
    return np.where(phi <= 0, np.inf, np.where(phi >= np.pi, -np.inf, z))


def reduced_rhs(log_r, z, depth, kappa) -> tuple[np.ndarray, np.ndarray]:
    """(d ln r/dt, dz/dt) of the balanced depth-L flow, teacher norm 1 (docs/theory/lee2022.md).

    d ln r/dt = κ r^{L−2}[J(φ) − π r^L]/2π,  dz/dt = −κ r^{L−2} φ/2π, J(φ) = sin φ − φ cos φ:
    the derivation ``deep_chain_log_ode`` (symbolic), printed into ``numeric._generated``; φ
    from z by :func:`z_to_angles` (exact at z = ±∞, the invariant sets).
    """
    phi = z_to_angles(z)[1]
    return _generated.deep_chain_log_rhs(log_r, phi, depth, kappa)




@dataclass
class ReducedSolution:
    """Result of :func:`integrate_batch`: the generic solution plus (r, φ, θ) views."""

    raw: BatchSolution
    r0: np.ndarray
    phi0: np.ndarray
    z0: np.ndarray
    depth: np.ndarray
    kappa: np.ndarray

    @property
    def t(self) -> np.ndarray:
        return self.raw.t

    @property
    def r(self) -> np.ndarray:
        return np.exp(self.raw.y[:, 0])

    @property
    def z(self) -> np.ndarray:
        return self.raw.y[:, 1]

    @property
    def theta(self) -> np.ndarray:
        return z_to_angles(self.z)[0]

    @property
    def phi(self) -> np.ndarray:
        return z_to_angles(self.z)[1]

    @property
    def r_eval(self) -> np.ndarray:
        """r at ``t_eval``: shape (n, len(t_eval)), NaN where not reached."""
        return np.exp(self.raw.y_eval[..., 0])

    @property
    def z_eval(self) -> np.ndarray:
        return self.raw.y_eval[..., 1]

    @property
    def phi_eval(self) -> np.ndarray:
        return z_to_angles(self.z_eval)[1]

    @property
    def theta_eval(self) -> np.ndarray:
        return z_to_angles(self.z_eval)[0]

    @property
    def events(self) -> dict[str, np.ndarray]:
        return self.raw.events

    @property
    def monitor_min(self) -> dict[str, np.ndarray]:
        return self.raw.monitor_min

    @property
    def monitor_t(self) -> dict[str, np.ndarray]:
        return self.raw.monitor_t

    @property
    def status(self) -> np.ndarray:
        return self.raw.status


@dataclass(frozen=True)
class ReducedView:
    """A monitor's view of the reduced flow on one accepted step (active rows ``idx``)."""

    step: StepView
    sol_params: Any

    @property
    def idx(self) -> np.ndarray:
        return self.step.idx

    @property
    def t(self) -> np.ndarray:
        return self.step.t

    @property
    def log_r(self) -> np.ndarray:
        return self.step.y[:, 0]

    @property
    def z(self) -> np.ndarray:
        return self.step.y[:, 1]

    @property
    def log_r_prev(self) -> np.ndarray:
        return self.step.y_prev[:, 0]

    @property
    def z_prev(self) -> np.ndarray:
        return self.step.y_prev[:, 1]

    @property
    def phi(self) -> np.ndarray:
        return z_to_angles(self.z)[1]

    def param(self, name: str) -> np.ndarray:
        """Per-trajectory constant (r0, phi0, z0, depth, kappa) of these rows."""
        return self.sol_params[name][self.idx]


def _batch_params(r0, phi0, theta0, depth, kappa) -> dict[str, np.ndarray]:
    r0 = as_float_array("r0", r0)
    if np.any(r0 <= 0):
        raise ValueError("r0 must be > 0 (the angle is undefined at w = 0)")
    if (phi0 is None) == (theta0 is None):
        raise ValueError("give exactly one of phi0 and theta0")
    if phi0 is not None:
        ang = as_float_array("phi0", phi0)
        if np.any((ang < 0) | (ang > np.pi)):
            raise ValueError("phi0 must lie in [0, pi]")
    else:
        ang = as_float_array("theta0", theta0)
        if np.any((ang < 0) | (ang > np.pi)):
            raise ValueError("theta0 must lie in [0, pi]")
    depth_arr = np.asarray(depth)
    if depth_arr.dtype.kind not in "iu" and not (
            depth_arr.dtype.kind == "f" and np.all(depth_arr == np.round(depth_arr))):
        raise ValueError(f"depth must be a positive integer (or array of them), got {depth!r}")
    depth_arr = depth_arr.astype(float)
    if np.any(depth_arr < 1):
        raise ValueError("depth must be >= 1")
    kappa = as_float_array("kappa", kappa)
    if np.any(kappa <= 0):
        raise ValueError("kappa must be > 0")
    try:
        r0, ang, depth_arr, kappa = np.broadcast_arrays(r0, ang, depth_arr, kappa)
    except ValueError as exc:
        raise ValueError(
            "r0, phi0/theta0, depth and kappa must broadcast to one batch shape") from exc
    if r0.ndim > 1:
        raise ValueError(f"the batch must be 1-D, got shape {r0.shape}")
    r0, ang, depth_arr, kappa = (np.atleast_1d(a).astype(float).copy()
                                 for a in (r0, ang, depth_arr, kappa))
    if phi0 is not None:
        z0 = _phi_to_z(ang)
        phi = ang
    else:
        z0 = theta_to_z(ang)
        phi = z_to_angles(z0)[1]
    return {"r0": r0, "phi0": phi, "z0": z0, "depth": depth_arr, "kappa": kappa}


def integrate_batch(
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
    events: Sequence[Event] = (),
    monitors: Sequence[Callable[[ReducedView], np.ndarray]]
    | Mapping[str, Callable[[ReducedView], np.ndarray]] = (),
    max_steps: int = 100_000,
    max_step: float = np.inf,
) -> ReducedSolution:
    """Integrate the reduced Lee–Sim–Ye flow for a batch of (r0, φ0 or θ0, depth, κ).

    Arguments broadcast to one 1-D batch. State is (ln r, z = ln tan(θ/2)); ``rtol``/``atol``
    apply to those. Events and monitors receive the reduced state: an event gets
    ``(t, y, idx)`` with ``y[:, 0] = ln r``, ``y[:, 1] = z``; a monitor gets a
    :class:`ReducedView`. Returns a :class:`ReducedSolution`.
    """
    params = _batch_params(r0, phi0, theta0, depth, kappa)
    y0 = np.stack([np.log(params["r0"]), params["z0"]], axis=1)
    dep, kap = params["depth"], params["kappa"]

    def rhs(t, y, idx):
        out = np.empty_like(y)
        out[:, 0], out[:, 1] = reduced_rhs(y[:, 0], y[:, 1], dep[idx], kap[idx])
        return out

    events = list(events)
    for ev in events:
        if not isinstance(ev, Event):
            raise ValueError(f"events must be Event instances, got {type(ev).__name__}")
    bound_events = [Event(ev.name, _bind(ev.fn, params), ev.terminal) for ev in events]
    items = _named(monitors)
    for name, fn in items:
        if not callable(fn):
            raise ValueError(f"monitor {name!r} is not callable")
    wrapped = {name: (lambda step, fn=fn: fn(ReducedView(step, params))) for name, fn in items}
    raw = solve_batch(rhs, y0, t_end, rtol=rtol, atol=atol, t_eval=t_eval, events=bound_events,
                      monitors=wrapped, max_steps=max_steps, max_step=max_step)
    return ReducedSolution(raw, params["r0"], params["phi0"], params["z0"], dep, kap)


def _bind(fn, params):
    """Event functions of the reduced flow may take ``(t, y, idx, params)``; pass them along."""
    import inspect

    try:
        nargs = len(inspect.signature(fn).parameters)
    except (TypeError, ValueError):  # pragma: no cover - builtins
        nargs = 3
    if nargs >= 4:
        return lambda t, y, idx: fn(t, y, idx, params)
    return fn


def r_level_event(level: float, *, terminal: bool = False, name: str | None = None) -> Event:
    """Event: r reaches ``level`` from below (an escape time T(r = level))."""
    level = finite_scalar("level", level, positive=True)
    log_level = float(np.log(level))
    return Event(name or f"r>={level:g}", lambda t, y, idx: y[:, 0] - log_level, terminal)


def loss_below_event(level: float, *, terminal: bool = False, name: str | None = None) -> Event:
    """Event: the population loss of the balanced chain drops to ``level`` (teacher norm 1).

    J = κ/4 [r^{2L} − 2 r^L g(φ)/π + 1] (docs/theory/lee2022.md).
    """
    level = finite_scalar("level", level, positive=True)

    def fn(t, y, idx, params):
        dep, kap = params["depth"][idx], params["kappa"][idx]
        theta, phi = z_to_angles(y[:, 1])
        g = np.sin(phi) - phi * np.cos(phi)
        R = np.exp(dep * y[:, 0])
        loss = 0.25 * kap * (R * R - 2.0 * R * g / np.pi + 1.0)
        return level - loss

    return Event(name or f"loss<={level:g}", fn, terminal)


def converged_event(theta_tol: float = 1e-3, r_tol: float = 1e-3, *, terminal: bool = True,
                    name: str = "converged") -> Event:
    """Event: θ ≤ ``theta_tol`` and |r − 1| ≤ ``r_tol`` (the convergence criterion of
    docs/theory/lee2022.md)."""
    theta_tol = finite_scalar("theta_tol", theta_tol, positive=True)
    r_tol = finite_scalar("r_tol", r_tol, positive=True)
    z_tol = float(np.log(np.tan(0.5 * theta_tol)))

    def fn(t, y, idx):
        # ≥ 0 exactly when both hold; z is monotone in θ, so compare in z (no angle recovery).
        return np.minimum(z_tol - y[:, 1], r_tol - np.abs(np.expm1(y[:, 0])))

    return Event(name, fn, terminal)

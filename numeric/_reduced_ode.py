"""Batched adaptive integration of the reduced (r, φ) gradient-flow ODE, with events and monitors.

Why a batch integrator: the Lee–Sim–Ye claims quantify over 10^4–10^5 initial conditions
(r0, φ0, L, κ); a Python loop over ``scipy.integrate.solve_ivp`` spends almost all of its time in
per-call overhead. Here every trajectory carries its own time, step size and error control, and
one numpy pass advances all active trajectories by one Dormand–Prince 5(4) step (7 stages, FSAL,
the embedded 4th-order error estimate, Hairer's 4th-order continuous extension for dense output).

* :func:`solve_batch` is the generic engine: ``rhs(t, y, idx)`` on the active rows ``idx``.
* :func:`integrate_batch` is the reduced single-neuron / balanced deep-chain flow (Lee–Sim–Ye,
  digest §2) integrated in the stable variables ``(ln r, z)``, ``z = ln tan(θ/2)``, θ = π − φ.
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
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._dormand_prince import B5 as _DP_B5, A as _DP_A, C as _DP_C, E as _DP_E
from ._validate import as_float_array, finite_scalar, positive_int

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

# Dormand–Prince 5(4) tableau and Hairer's dense-output polynomial (as in scipy's RK45).
_C = _DP_C[:6]
_A = [np.array(row) for row in _DP_A[:6]]
_B = _DP_B5[:6]
_E = -_DP_E  # sign convention of scipy's RK45 (only its norm is used)
_P = np.array([
    [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
    [0, 0, 0, 0],
    [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
    [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
    [0, 127303824393 / 49829197408, -318862633887 / 49829197408,
     701980252875 / 199316789632],
    [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
    [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
])
_SAFETY, _MIN_FACTOR, _MAX_FACTOR = 0.9, 0.2, 10.0
_EPS = np.finfo(float).eps

Rhs = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Event:
    """Fires at the first time ``fn(t, y, idx) >= 0`` (``idx``: batch rows of ``y``).

    ``terminal`` stops that trajectory there. Time accuracy: bisection on the dense output to
    ~4 ulp of t, plus the interpolant's own error (≈ the local tolerance / |d fn/dt|).
    """

    name: str
    fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    terminal: bool = False


@dataclass(frozen=True)
class StepView:
    """What a monitor sees: the accepted step ``[t_prev, t]`` of the active rows ``idx``."""

    t: np.ndarray
    y: np.ndarray
    t_prev: np.ndarray
    y_prev: np.ndarray
    idx: np.ndarray


Monitor = Callable[[StepView], np.ndarray]


@dataclass
class BatchSolution:
    """Result of :func:`solve_batch` (n trajectories, m state components).

    ``status``: 0 reached ``t_end``, 1 stopped by a terminal event, -1 failed (step size
    underflow, non-finite state or ``max_steps``). ``y_eval`` has shape (n, len(t_eval), m),
    NaN where a trajectory did not reach that time. ``events[name]`` is the event time (NaN if
    never), ``event_y[name]`` the state there. ``monitor_min[name]`` is the minimum margin over
    t0 and every accepted step, ``monitor_t[name]`` where it was attained.
    """

    t: np.ndarray
    y: np.ndarray
    status: np.ndarray
    n_steps: np.ndarray
    n_rejected: np.ndarray
    n_rhs: int
    t_eval: np.ndarray | None = None
    y_eval: np.ndarray | None = None
    events: dict[str, np.ndarray] = field(default_factory=dict)
    event_y: dict[str, np.ndarray] = field(default_factory=dict)
    monitor_min: dict[str, np.ndarray] = field(default_factory=dict)
    monitor_t: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def success(self) -> bool:
        return bool(np.all(self.status >= 0))


def _combine(coef: np.ndarray, K: np.ndarray) -> np.ndarray:
    """Σ_s coef[s] K[s] over the non-zero coefficients, in a fixed order."""
    out = None
    for s, c in enumerate(coef):
        if c != 0.0:
            out = c * K[s] if out is None else out + c * K[s]
    return out


def _rms(x: np.ndarray) -> np.ndarray:
    # Explicit sum over the (few) components: the same arithmetic for any batch size.
    acc = x[:, 0] * x[:, 0]
    for j in range(1, x.shape[1]):
        acc = acc + x[:, j] * x[:, j]
    return np.sqrt(acc / x.shape[1])


def _scaled(num: np.ndarray, scale: np.ndarray) -> np.ndarray:
    # Components that are ±inf (an exactly represented invariant set) have infinite scale and
    # carry no error; 0/inf would be fine but inf/inf is not, hence the mask.
    out = np.zeros_like(num)
    ok = np.isfinite(scale)
    np.divide(num, scale, out=out, where=ok)
    return out


def _dense(y_old: np.ndarray, h: np.ndarray, K: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Dense output at fractions ``s`` of the steps: y_old + h Kᵀ P [s, s², s³, s⁴]."""
    powers = (s, s * s, s * s * s, (s * s) * (s * s))
    acc = None
    # Elementwise in a fixed order (no BLAS/einsum): batch-size independent rounding.
    for j in range(7):
        if not np.any(_P[j]):
            continue
        cj = _P[j, 0] * powers[0] + _P[j, 1] * powers[1] + _P[j, 2] * powers[2] \
            + _P[j, 3] * powers[3]
        term = cj[:, None] * K[:, j]
        acc = term if acc is None else acc + term
    with np.errstate(invalid="ignore"):
        return y_old + h[:, None] * acc


def _validate_rtol_atol(rtol, atol) -> tuple[float, float]:
    rtol = finite_scalar("rtol", rtol, positive=True)
    atol = finite_scalar("atol", atol, positive=True)
    if rtol < 100 * _EPS:
        raise ValueError(f"rtol must be >= 100·eps = {100 * _EPS:.2e}, got {rtol}")
    return rtol, atol


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
) -> BatchSolution:
    """Integrate ``y' = rhs(t, y, idx)`` for a batch of n initial states from t = 0 to ``t_end``.

    ``y0`` has shape (n, m); ``t_end`` is a scalar or shape (n,). Each trajectory has its own
    adaptive step (Dormand–Prince 5(4), error norm RMS of err/(atol + rtol·|y|), as scipy's RK45),
    so the accuracy per trajectory equals that of ``solve_ivp(method="RK45")`` at the same
    tolerances. ``t_eval`` (sorted, in [0, max t_end]) is filled from the dense output.
    """
    y0 = _nonnan("y0", y0)
    if y0.ndim != 2 or y0.shape[0] < 1 or y0.shape[1] < 1:
        raise ValueError(f"y0 must have shape (n, m) with n, m >= 1, got {y0.shape}")
    n, m = y0.shape
    t_end = as_float_array("t_end", t_end)
    if np.any(t_end <= 0):
        raise ValueError("t_end must be > 0")
    t_end = np.broadcast_to(t_end, (n,)).astype(float).copy()
    rtol, atol = _validate_rtol_atol(rtol, atol)
    max_steps = positive_int("max_steps", max_steps)
    max_step = float(max_step)
    if not max_step > 0:
        raise ValueError(f"max_step must be > 0, got {max_step}")
    if t_eval is not None:
        t_eval = as_float_array("t_eval", t_eval)
        if t_eval.ndim != 1 or np.any(np.diff(t_eval) < 0) or np.any(t_eval < 0):
            raise ValueError("t_eval must be a sorted 1-D array of times >= 0")
    events = list(events)
    for ev in events:
        if not isinstance(ev, Event):
            raise ValueError(f"events must be Event instances, got {type(ev).__name__}")
    if len({ev.name for ev in events}) != len(events):
        raise ValueError("events must have distinct names")
    mon_items = _named(monitors)
    for name, f in mon_items:
        if not callable(f):
            raise ValueError(f"monitor {name!r} is not callable")

    all_idx = np.arange(n)
    t = np.zeros(n)
    y = y0.copy()
    n_rhs = 0

    def f(tt, yy, ii):
        nonlocal n_rhs
        n_rhs += 1
        return np.asarray(rhs(tt, yy, ii), dtype=float)

    f_cur = f(t, y, all_idx)
    if f_cur.shape != y.shape:
        raise ValueError(f"rhs returned shape {f_cur.shape}, expected {y.shape}")

    # Events: refuse ones already satisfied at t0 (an escape "at time 0" is not an escape).
    ev_time = {ev.name: np.full(n, np.nan) for ev in events}
    ev_y = {ev.name: np.full((n, m), np.nan) for ev in events}
    for ev in events:
        g0 = np.asarray(ev.fn(t, y, all_idx), dtype=float)
        bad = np.nonzero(~(g0 < 0))[0]
        if bad.size:
            raise ValueError(
                f"events: {ev.name!r} is already satisfied (or NaN) at t0 for {bad.size} "
                f"trajectories (first index {bad[0]}); an escape time needs a start outside it"
            )
    ev_pending = [np.ones(n, bool) for _ in events]

    mon_min = {name: np.full(n, np.inf) for name, _ in mon_items}
    mon_t = {name: np.zeros(n) for name, _ in mon_items}

    def run_monitors(view: StepView) -> None:
        for name, fn in mon_items:
            marg = np.asarray(fn(view), dtype=float)
            cur = mon_min[name][view.idx]
            # NaN margins are recorded as NaN (never silently as "fine").
            worse = (marg < cur) | np.isnan(marg)
            rows = view.idx[worse]
            mon_min[name][rows] = marg[worse]
            mon_t[name][rows] = view.t[worse]

    run_monitors(StepView(t, y, t, y, all_idx))

    y_eval = None
    if t_eval is not None:
        y_eval = np.full((n, t_eval.size, m), np.nan)
        at0 = t_eval == 0.0
        if np.any(at0):
            y_eval[:, at0, :] = y[:, None, :]

    # Initial step (Hairer & Wanner, II.4), per trajectory.
    scale = atol + rtol * np.abs(y)
    d0 = _rms(_scaled(np.where(np.isfinite(y), y, 0.0), scale))
    d1 = _rms(_scaled(f_cur, scale))
    h0 = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / np.maximum(d1, 1e-300))
    h0 = np.minimum(np.minimum(h0, t_end), max_step)
    y1 = y + h0[:, None] * f_cur
    f1 = f(h0, y1, all_idx)
    d2 = _rms(_scaled(f1 - f_cur, scale)) / h0
    dmax = np.maximum(d1, d2)
    h1 = np.where(dmax <= 1e-15, np.maximum(1e-6, h0 * 1e-3),
                  (0.01 / np.maximum(dmax, 1e-300)) ** 0.2)
    h = np.minimum(np.minimum(100 * h0, h1), max_step)

    status = np.zeros(n, dtype=int)
    active = np.ones(n, bool)
    n_steps = np.zeros(n, dtype=int)
    n_rej = np.zeros(n, dtype=int)
    rejected_before = np.zeros(n, bool)  # scipy's rule: no growth right after a rejection
    while np.any(active):
        idx = np.nonzero(active)[0]
        ti, yi, hi, fi = t[idx], y[idx], h[idx], f_cur[idx]
        hi = np.minimum(hi, t_end[idx] - ti)
        # Stage combinations as elementwise multiply-adds (not BLAS): each trajectory's
        # arithmetic is then identical whatever the batch, so a batch equals single runs bitwise.
        k_act = idx.size
        Ki = np.empty((7, k_act, m))
        Ki[0] = fi
        hcol = hi[:, None]
        for s in range(1, 6):
            Ki[s] = f(ti + _C[s] * hi, yi + hcol * _combine(_A[s], Ki), idx)
        with np.errstate(invalid="ignore"):
            y_new = yi + hcol * _combine(_B, Ki)
        f_new = f(ti + hi, y_new, idx)
        Ki[6] = f_new
        err_vec = hcol * _combine(_E, Ki)
        sc = atol + rtol * np.maximum(np.abs(yi), np.abs(y_new))
        err = _rms(_scaled(err_vec, sc))
        finite = np.all(~np.isnan(y_new), axis=1) & np.isfinite(err) \
            & np.all(np.isfinite(f_new), axis=1)
        accept = finite & (err <= 1.0)
        with np.errstate(divide="ignore"):
            fac = np.where(err == 0, _MAX_FACTOR,
                           np.clip(_SAFETY * err ** -0.2, _MIN_FACTOR, _MAX_FACTOR))
        fac = np.where(accept, np.where(rejected_before[idx], np.minimum(fac, 1.0), fac),
                       np.where(finite, np.minimum(fac, 1.0), _MIN_FACTOR))
        rejected_before[idx] = ~accept
        h_next = np.minimum(hi * fac, max_step)

        rej = idx[~accept]
        n_rej[rej] += 1
        h[rej] = h_next[~accept]
        tiny = h[rej] < 16 * _EPS * np.maximum(np.abs(t[rej]), 1.0)
        status[rej[tiny]] = -1
        active[rej[tiny]] = False

        a = np.nonzero(accept)[0]
        if a.size:
            ia = idx[a]
            t_old, y_old = ti[a], yi[a]
            t_newa = np.where(hi[a] >= t_end[ia] - t_old, t_end[ia], t_old + hi[a])
            ya, ha = y_new[a], hi[a]
            Ka = np.moveaxis(Ki[:, a], 0, 1)  # (a, 7, m) for the dense output
            # Events on this step: sign change of fn from < 0 to >= 0.
            stop_at = np.full(a.size, np.inf)
            for k, ev in enumerate(events):
                g_new = np.asarray(ev.fn(t_newa, ya, ia), dtype=float)
                hit = ev_pending[k][ia] & (g_new >= 0)
                if np.any(hit):
                    hrows = np.nonzero(hit)[0]
                    s_hit, y_hit = _bisect(ev, y_old[hrows], ha[hrows], Ka[hrows], t_old[hrows],
                                           ia[hrows])
                    rows = ia[hrows]
                    ev_time[ev.name][rows] = t_old[hrows] + s_hit * ha[hrows]
                    ev_y[ev.name][rows] = y_hit
                    ev_pending[k][rows] = False
                    if ev.terminal:
                        stop_at[hrows] = np.minimum(stop_at[hrows], s_hit)
            if y_eval is not None:
                _fill_dense(y_eval, t_eval, ia, t_old, t_newa, y_old, ha, Ka, stop_at)
            term = np.isfinite(stop_at)
            if np.any(term):
                rows = np.nonzero(term)[0]
                ya = ya.copy()
                t_newa = t_newa.copy()
                ya[rows] = _dense(y_old[rows], ha[rows], Ka[rows], stop_at[rows])
                t_newa[rows] = t_old[rows] + stop_at[rows] * ha[rows]
            t[ia], y[ia], f_cur[ia] = t_newa, ya, f_new[a]
            h[ia] = h_next[a]
            n_steps[ia] += 1
            run_monitors(StepView(t_newa, ya, t_old, y_old, ia))
            done = (t_newa >= t_end[ia]) | term
            status[ia[term]] = 1
            active[ia[done]] = False
            over = ia[~done & (n_steps[ia] >= max_steps)]
            status[over] = -1
            active[over] = False
    return BatchSolution(t=t, y=y, status=status, n_steps=n_steps, n_rejected=n_rej, n_rhs=n_rhs,
                         t_eval=t_eval, y_eval=y_eval, events=ev_time, event_y=ev_y,
                         monitor_min=mon_min, monitor_t=mon_t)


def _named(monitors) -> list[tuple[str, Callable]]:
    """(name, fn) pairs: a mapping's keys, else the function names (``monitor{i}`` for lambdas
    and repeats, so two anonymous monitors never overwrite each other's record)."""
    if isinstance(monitors, Mapping):
        return list(monitors.items())
    out, seen = [], set()
    for i, fn in enumerate(monitors):
        name = getattr(fn, "__name__", "<lambda>")
        if name == "<lambda>" or name in seen:
            name = f"monitor{i}"
        seen.add(name)
        out.append((name, fn))
    return out


def _nonnan(name: str, value) -> np.ndarray:
    """Float array that may hold ±inf (exact invariant sets) but no NaN."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {type(value).__name__}") from exc
    if np.any(np.isnan(arr)):
        raise ValueError(f"{name} contains NaN entries")
    return arr


def _bisect(ev: Event, y_old, h, K, t_old, rows) -> tuple[np.ndarray, np.ndarray]:
    """Smallest step fraction s with fn >= 0 on the dense output (bisection, 4 ulp in t)."""
    lo = np.zeros(h.size)
    hi = np.ones(h.size)
    for _ in range(60):
        if np.all((hi - lo) * h <= 4 * _EPS * np.maximum(np.abs(t_old + h), 1e-300)):
            break
        mid = 0.5 * (lo + hi)
        g = np.asarray(ev.fn(t_old + mid * h, _dense(y_old, h, K, mid), rows), dtype=float)
        up = g >= 0
        hi = np.where(up, mid, hi)
        lo = np.where(up, lo, mid)
    return hi, _dense(y_old, h, K, hi)


def _fill_dense(y_eval, t_eval, ia, t_old, t_new, y_old, h, K, stop_at) -> None:
    t_stop = np.where(np.isfinite(stop_at), t_old + np.minimum(stop_at, 1.0) * h, t_new)
    lo = np.searchsorted(t_eval, t_old, side="right")
    hi = np.searchsorted(t_eval, t_stop, side="right")
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        return
    rows = np.repeat(np.arange(ia.size), counts)
    offs = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    cols = lo[rows] + offs
    s = np.clip((t_eval[cols] - t_old[rows]) / h[rows], 0.0, 1.0)
    y_eval[ia[rows], cols] = _dense(y_old[rows], h[rows], K[rows], s)


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
    """(d ln r/dt, dz/dt) of the balanced depth-L flow, teacher norm 1 (digest §2).

    d ln r/dt = κ r^{L−2}[g(φ)/(2π) − r^L/2],  dz/dt = −κ r^{L−2} φ/(2π),
    with sin φ = sech z, cos φ = tanh z, g = sin φ − φ cos φ; exact at z = ±∞.
    """
    q = np.exp(-np.abs(z))  # in [0, 1]: no overflow at |z| → ∞
    q2 = q * q
    inv = 1.0 / (1.0 + q2)
    small = 2.0 * np.arctan(q)
    phi = np.where(z < 0, np.pi - small, small)
    sin_phi = 2.0 * q * inv
    cos_phi = np.copysign((1.0 - q2) * inv, z)
    g = sin_phi - phi * cos_phi
    scale = kappa * np.exp((depth - 2.0) * log_r)
    dlogr = scale * (_INV_2PI * g - 0.5 * np.exp(depth * log_r))
    dz = (-_INV_2PI) * scale * phi
    return dlogr, dz


_INV_2PI = 1.0 / (2.0 * np.pi)


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

    J = κ/4 [r^{2L} − 2 r^L g(φ)/π + 1] (digest §2 with u = r^{L−1}).
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
    """Event: θ ≤ ``theta_tol`` and |r − 1| ≤ ``r_tol`` (the digest's convergence criterion)."""
    theta_tol = finite_scalar("theta_tol", theta_tol, positive=True)
    r_tol = finite_scalar("r_tol", r_tol, positive=True)
    z_tol = float(np.log(np.tan(0.5 * theta_tol)))

    def fn(t, y, idx):
        # ≥ 0 exactly when both hold; z is monotone in θ, so compare in z (no angle recovery).
        return np.minimum(z_tol - y[:, 1], r_tol - np.abs(np.expm1(y[:, 0])))

    return Event(name, fn, terminal)

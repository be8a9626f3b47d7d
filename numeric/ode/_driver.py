"""The one driver: batched Dormand–Prince 5(4), per-trajectory steps, dense output, events,
monitors, and the hooks through which a piecewise-smooth system switches modes.

Every trajectory carries its own time, step size, controller state and status; one numpy pass
advances all running trajectories by one step. The arithmetic of a row never depends on the
others (stage combinations are elementwise multiply-adds in a fixed order), so a batched run
equals the runs done one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .._validate import as_float_array, finite_scalar, positive_int
from ._controller import ConstantStep, PIController
from ._events import Event, Monitor, StepView, bisect_on_dense, named_monitors
from ._solution import Solution, Status, SwitchLog
from ._tableau import B5 as _B5, A as _A, C as _C, E as _E, combine, dense

_EPS = np.finfo(float).eps
_A_ROWS = [np.array(row) for row in _A]
Rhs = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


class _Smooth:
    """A C¹ right-hand side ``rhs(t, y, idx)``: no modes, never cuts a step."""

    def __init__(self, rhs: Rhs) -> None:
        self.rhs = rhs

    def start(self, t, y):
        return y

    def field(self, t, y, idx):
        return self.rhs(t, y, idx)

    def locate(self, t_old, y_old, h, K, t_new, y_new, idx):
        return np.full(idx.size, np.inf)

    def switch(self, t, y, idx):
        return y

    def finish(self, sol: Solution) -> Solution:
        return sol


def _rms(x: np.ndarray) -> np.ndarray:
    # A row-wise reduction of a C-contiguous (b, m) array runs the same pairwise summation on
    # every row whatever b is, so a batch still equals its rows run alone, bit for bit.
    x = np.ascontiguousarray(x)
    return np.sqrt(np.sum(x * x, axis=1) / x.shape[1])


def _scaled(num: np.ndarray, scale: np.ndarray) -> np.ndarray:
    # Components that are ±inf (an exactly represented invariant set) have infinite scale and
    # carry no error; 0/inf would be fine but inf/inf is not, hence the mask.
    out = np.zeros_like(num)
    ok = np.isfinite(scale)
    np.divide(num, scale, out=out, where=ok)
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


def validate_tolerances(rtol, atol, n: int, m: int) -> tuple[float, np.ndarray]:
    """rtol > 100 ε (below that the error estimate is rounding noise); atol > 0, a scalar,
    one value per trajectory (n,) or per component (n, m)."""
    rtol = finite_scalar("rtol", rtol, positive=True)
    if rtol < 100 * _EPS:
        raise ValueError(f"rtol must be >= 100·eps = {100 * _EPS:.2e}, got {rtol}")
    at = as_float_array("atol", atol)
    if np.any(at <= 0):
        raise ValueError("atol must be > 0")
    if at.ndim == 1 and at.shape == (n,):  # per trajectory (also when n == m)
        at = at[:, None]
    try:
        at = np.broadcast_to(at, (n, m)).astype(float).copy()
    except ValueError as exc:
        raise ValueError(f"atol must be a scalar, shape ({n},) or ({n}, {m}); got {at.shape}"
                         ) from exc
    return rtol, at


def check_t_eval(t_eval, t_max: float | None = None) -> np.ndarray:
    te = as_float_array("t_eval", t_eval, min_ndim=1)
    if te.ndim != 1 or te.size == 0:
        raise ValueError("t_eval must be a non-empty 1-D array of times")
    if te[0] < 0 or np.any(np.diff(te) <= 0):
        raise ValueError("t_eval must be >= 0 and strictly increasing")
    if t_max is not None and te[-1] > t_max * (1 + 4 * _EPS):
        raise ValueError(f"t_eval must lie in [0, t_end = {t_max}]")
    return te


def solve(
    rhs,
    y0,
    t_end,
    *,
    rtol: float = 1e-9,
    atol=1e-12,
    t_eval=None,
    events: Sequence[Event] = (),
    monitors: Sequence[Monitor] | Mapping[str, Monitor] = (),
    max_steps: int = 100_000,
    max_step: float = np.inf,
    controller: PIController | ConstantStep | None = None,
    allow_infinite: bool = False,
) -> Solution:
    """Integrate ``y' = rhs(t, y, idx)`` (or a :class:`PiecewiseSmooth` system) from t = 0.

    **Arguments:** ``y0`` (n, m) initial states (NaN refused, ±inf only with
    ``allow_infinite``); ``t_end`` scalar or (n,); ``rtol`` (> 100 ε), ``atol`` (scalar, (n,) or
    (n, m)): the error norm is the RMS of err/(atol + rtol·max(|y|, |y_new|)), as scipy's RK45;
    ``t_eval``: strictly increasing times in [0, max t_end], filled from the dense output;
    ``events``, ``monitors`` (see :class:`Event`, :class:`StepView`); ``max_steps`` accepted
    steps per trajectory; ``controller``: :class:`PIController` (default) or
    :class:`ConstantStep`; ``allow_infinite``: accept ±inf components in ``y0`` (an exactly
    represented invariant set such as z = ln tan(θ/2) = ±∞; off by default, so an overflowed
    initial state is an error rather than a silent invariant).

    **Returns:** a :class:`Solution`; a failure is a negative ``status``, never an exception
    and never a hang.
    """
    from ._filippov import PiecewiseSmooth

    term = rhs.bind() if isinstance(rhs, PiecewiseSmooth) else _Smooth(rhs)
    if not (isinstance(rhs, PiecewiseSmooth) or callable(rhs)):
        raise ValueError("rhs must be callable or a PiecewiseSmooth system")
    y0 = _nonnan("y0", y0)
    if not allow_infinite and not np.all(np.isfinite(y0)):
        raise ValueError("y0 contains inf entries (pass allow_infinite=True for an exactly "
                         "represented invariant set)")
    if y0.ndim != 2 or y0.shape[0] < 1 or y0.shape[1] < 1:
        raise ValueError(f"y0 must have shape (n, m) with n, m >= 1, got {y0.shape}")
    n, m = y0.shape
    t_end = as_float_array("t_end", t_end)
    if np.any(t_end <= 0):
        raise ValueError("t_end must be > 0")
    t_end = np.broadcast_to(t_end, (n,)).astype(float).copy()
    rtol, atol = validate_tolerances(rtol, atol, n, m)
    max_steps = positive_int("max_steps", max_steps)
    max_step = float(max_step)
    if not max_step > 0:
        raise ValueError(f"max_step must be > 0, got {max_step}")
    if t_eval is not None:
        t_eval = check_t_eval(t_eval, float(t_end.max()))
    controller = PIController() if controller is None else controller
    events = list(events)
    for ev in events:
        if not isinstance(ev, Event):
            raise ValueError(f"events must be Event instances, got {type(ev).__name__}")
    if len({ev.name for ev in events}) != len(events):
        raise ValueError("events must have distinct names")
    mon_items = named_monitors(monitors)

    all_idx = np.arange(n)
    t = np.zeros(n)
    y = y0.copy()
    n_rhs = 0

    def f(tt, yy, ii):
        nonlocal n_rhs
        n_rhs += 1
        out = np.asarray(term.field(tt, yy, ii), dtype=float)
        return out

    y = term.start(t, y)
    f_cur = f(t, y, all_idx)
    if f_cur.shape != y.shape:
        raise ValueError(f"rhs returned shape {f_cur.shape}, expected {y.shape}")

    ev_time = {ev.name: np.full(n, np.nan) for ev in events}
    ev_y = {ev.name: np.full((n, m), np.nan) for ev in events}
    g_prev = []
    for ev in events:
        g0 = np.asarray(ev.fn(t, y, all_idx), dtype=float)
        bad = np.nonzero(ev.satisfied(g0) if ev.direction != 0 else (g0 == 0) | np.isnan(g0))[0]
        if bad.size:
            raise ValueError(
                f"events: {ev.name!r} is already satisfied (or NaN) at t0 for {bad.size} "
                f"trajectories (first index {bad[0]}); an escape time needs a start outside it")
        g_prev.append(g0)
    ev_pending = [np.ones(n, bool) for _ in events]

    mon_min = {name: np.full(n, np.inf) for name, _ in mon_items}
    mon_t = {name: np.zeros(n) for name, _ in mon_items}

    def run_monitors(view: StepView) -> None:
        for name, fn in mon_items:
            marg = np.asarray(fn(view), dtype=float)
            cur = mon_min[name][view.idx]
            worse = (marg < cur) | np.isnan(marg)  # NaN is recorded, never read as "fine"
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

    h = _initial_step(f, t, y, f_cur, t_end, rtol, atol, max_step, all_idx) \
        if controller.adaptive else np.full(n, controller.dt)
    if not controller.adaptive:
        h = np.minimum(h, max_step)

    status = np.zeros(n, dtype=int)
    active = np.ones(n, bool)
    n_steps = np.zeros(n, dtype=int)
    n_rej = np.zeros(n, dtype=int)
    err_prev = np.full(n, 1e-4)  # Hairer's start value of the PI controller's memory
    rejected_before = np.zeros(n, bool)
    stalled = np.zeros(n, dtype=int)  # consecutive zero-length (switch-only) steps
    while np.any(active):
        idx = np.nonzero(active)[0]
        ti, yi, fi = t[idx], y[idx], f_cur[idx]
        hi = np.minimum(h[idx], t_end[idx] - ti)
        k_act = idx.size
        K = np.empty((7, k_act, m))
        K[0] = fi
        hcol = hi[:, None]
        for s in range(1, 6):
            K[s] = f(ti + _C[s] * hi, yi + hcol * combine(_A_ROWS[s], K), idx)
        with np.errstate(invalid="ignore", over="ignore"):
            y_new = yi + hcol * combine(_B5, K)
        f_new = f(ti + hi, y_new, idx)
        K[6] = f_new
        with np.errstate(invalid="ignore", over="ignore"):
            err_vec = hcol * combine(_E, K)
            sc = atol[idx] + rtol * np.maximum(np.abs(yi), np.abs(y_new))
            err = _rms(_scaled(err_vec, sc))
        finite = np.all(~np.isnan(y_new), axis=1) & np.isfinite(err) \
            & np.all(np.isfinite(f_new), axis=1)
        err = np.where(finite, err, np.inf)
        accept, fac = controller.factor(err, err_prev[idx], rejected_before[idx])
        accept &= finite
        rejected_before[idx] = ~accept
        h_next = np.minimum(hi * fac, max_step) if controller.adaptive else h[idx]
        err_prev[idx[accept]] = np.maximum(err[accept], 1e-4)

        rej = idx[~accept]
        n_rej[rej] += 1
        h[rej] = h_next[~accept]
        fin_r = finite[~accept]
        if controller.adaptive:
            dead = h[rej] < 16 * _EPS * np.maximum(np.abs(t[rej]), 1.0)
        else:  # a constant step cannot shrink: a non-finite step ends the trajectory
            dead = np.ones(rej.size, bool)
        status[rej[dead]] = np.where(fin_r[dead], Status.STEP_UNDERFLOW, Status.NON_FINITE)
        active[rej[dead]] = False

        a = np.nonzero(accept)[0]
        if not a.size:
            continue
        if a.size == idx.size:  # every row accepted (the usual case): no gathers
            ia, t_old, y_old, ha, Ka, y_new_a, f_new_a = idx, ti, yi, hi, K, y_new, f_new
        else:
            ia = idx[a]
            t_old, y_old, ha, Ka, y_new_a, f_new_a = ti[a], yi[a], hi[a], K[:, a], y_new[a], \
                f_new[a]
        t_newa = np.where(ha >= t_end[ia] - t_old, t_end[ia], t_old + ha)
        # 1. mode switches of a piecewise-smooth system: where the step must be cut
        s_kink = term.locate(t_old, y_old, ha, Ka, t_newa, y_new_a, ia)
        s_cut = np.minimum(s_kink, 1.0)
        # 2. events on the (possibly cut) step
        kinked = np.isfinite(s_kink)
        y_cut, t_cut = y_new_a, t_newa
        if kinked.any():  # the dense output only where a kink cuts the step
            y_cut, t_cut = y_cut.copy(), t_cut.copy()
            y_cut[kinked] = dense(y_old[kinked], ha[kinked], Ka[:, kinked], s_cut[kinked])
            t_cut[kinked] = t_old[kinked] + s_cut[kinked] * ha[kinked]
        stop_at = np.full(a.size, np.inf)
        for k, ev in enumerate(events):
            g_new = np.asarray(ev.fn(t_cut, y_cut, ia), dtype=float)
            g_old = g_prev[k][ia]
            hit = ev_pending[k][ia] & ev.crossed(g_old, g_new)
            g_prev[k][ia] = g_new
            if not np.any(hit):
                continue
            hr = np.nonzero(hit)[0]
            if ev.locate:
                g0r = g_old[hr]
                if ev.direction == 0:
                    def pred(tt, yy, rr, ev=ev, g0r=g0r):
                        g = np.asarray(ev.fn(tt, yy, rr), dtype=float)
                        return (np.sign(g) != np.sign(g0r)) | np.isnan(g)
                else:
                    def pred(tt, yy, rr, ev=ev):
                        return ev.satisfied(np.asarray(ev.fn(tt, yy, rr), dtype=float))
                s_hit = bisect_on_dense(pred, y_old[hr], ha[hr], Ka[:, hr], t_old[hr], ia[hr],
                                        s_cut[hr])
                y_hit = dense(y_old[hr], ha[hr], Ka[:, hr], s_hit)
            else:
                s_hit, y_hit = s_cut[hr], y_cut[hr]
            rows = ia[hr]
            ev_time[ev.name][rows] = t_old[hr] + s_hit * ha[hr]
            ev_y[ev.name][rows] = y_hit
            ev_pending[k][rows] = False
            if ev.terminal:
                stop_at[hr] = np.minimum(stop_at[hr], s_hit)
        term_hit = np.isfinite(stop_at) & (stop_at <= s_cut)
        s_end = np.where(term_hit, stop_at, s_cut)
        cut = term_hit | np.isfinite(s_kink)
        if y_eval is not None:
            _fill_dense(y_eval, t_eval, ia, t_old, np.where(cut, t_old + s_end * ha, t_newa),
                        y_old, ha, Ka, s_end)
        y_end, t_stop, f_end = y_new_a, t_newa, f_new_a
        if np.any(cut):  # copies only where the step ends early
            y_end, t_stop, f_end = y_end.copy(), t_stop.copy(), f_end.copy()
            y_end[cut] = dense(y_old[cut], ha[cut], Ka[:, cut], s_end[cut])
            t_stop[cut] = t_old[cut] + s_end[cut] * ha[cut]
        # 3. switch modes where the step ended on a kink (not where a terminal event ended it)
        sw = np.isfinite(s_kink) & ~term_hit
        if np.any(sw):
            rows = ia[sw]
            y_end[sw] = term.switch(t_stop[sw], y_end[sw], rows)
        refresh = cut & ~term_hit
        if np.any(refresh):
            f_end[refresh] = f(t_stop[refresh], y_end[refresh], ia[refresh])
        t[ia], y[ia], f_cur[ia] = t_stop, y_end, f_end
        h[ia] = h_next[a]
        n_steps[ia] += 1
        zero_len = (t_stop - t_old) <= 16 * _EPS * np.maximum(np.abs(t_old), 1.0)
        stalled[ia] = np.where(zero_len, stalled[ia] + 1, 0)
        run_monitors(StepView(t_stop, y_end, t_old, y_old, ia))
        done = (t_stop >= t_end[ia]) | term_hit
        status[ia[term_hit]] = Status.TERMINAL_EVENT
        active[ia[done]] = False
        stuck = ia[~done & (stalled[ia] > 200)]
        status[stuck] = Status.NO_PROGRESS
        active[stuck] = False
        over = ia[~done & (n_steps[ia] >= max_steps)]
        status[over] = Status.MAX_STEPS
        active[over] = False
    sol = Solution(t=t, y=y, status=status, n_steps=n_steps, n_rejected=n_rej, n_rhs=n_rhs,
                   t_eval=t_eval, y_eval=y_eval, events=ev_time, event_y=ev_y,
                   monitor_min=mon_min, monitor_t=mon_t, switches=SwitchLog())
    return term.finish(sol)


def _initial_step(f, t, y, f0, t_end, rtol, atol, max_step, idx) -> np.ndarray:
    """Hairer & Wanner II.4: h0 from |y|/|f|, refined by one Euler probe of the curvature."""
    scale = atol + rtol * np.abs(y)
    d0 = _rms(_scaled(np.where(np.isfinite(y), y, 0.0), scale))
    d1 = _rms(_scaled(f0, scale))
    h0 = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / np.maximum(d1, 1e-300))
    h0 = np.minimum(np.minimum(h0, t_end), max_step)
    with np.errstate(invalid="ignore", over="ignore"):
        y1 = y + h0[:, None] * f0
        f1 = np.asarray(f(t + h0, y1, idx), dtype=float)
        d2 = _rms(_scaled(f1 - f0, scale)) / h0
    dmax = np.maximum(d1, d2)
    h1 = np.where(dmax <= 1e-15, np.maximum(1e-6, h0 * 1e-3),
                  (0.01 / np.maximum(dmax, 1e-300)) ** 0.2)
    h1 = np.where(np.isfinite(h1), h1, h0)
    return np.minimum(np.minimum(100 * h0, h1), max_step)


def _fill_dense(y_eval, t_eval, ia, t_old, t_stop, y_old, h, K, s_end) -> None:
    lo = np.searchsorted(t_eval, t_old, side="right")
    hi = np.searchsorted(t_eval, t_stop, side="right")
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        return
    rows = np.repeat(np.arange(ia.size), counts)
    offs = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    cols = lo[rows] + offs
    s = np.clip((t_eval[cols] - t_old[rows]) / h[rows], 0.0, s_end[rows])
    y_eval[ia[rows], cols] = dense(y_old[rows], h[rows], K[:, rows], s)

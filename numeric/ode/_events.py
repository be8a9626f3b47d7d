"""Events located on the dense output, and monitors evaluated on every accepted step."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ._tableau import dense

_EPS = np.finfo(float).eps


@dataclass(frozen=True)
class Event:
    """Fires at the first time ``fn(t, y, idx)`` crosses 0 in ``direction`` (``idx``: rows).

    ``direction``: +1 from < 0 to ≥ 0 (the default: "reaches a level"), −1 from > 0 to ≤ 0,
    0 either way. ``terminal`` stops that trajectory there. ``locate=False`` fires at the end of
    the first accepted step where the condition holds, without bisection (a stop rule such as
    ‖∇L‖ < tol, whose exact time does not matter). An event already satisfied at t0 is refused
    with ``ValueError``: an escape "at time 0" would make a lower bound on an escape time pass
    vacuously. Time accuracy when located: bisection on the dense output to ~4 ulp of t, plus
    the interpolant's own error (≈ the local tolerance / |d fn/dt|).
    """

    name: str
    fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    terminal: bool = False
    direction: int = 1
    locate: bool = True

    def __post_init__(self) -> None:
        if self.direction not in (-1, 0, 1):
            raise ValueError(f"direction must be -1, 0 or +1, got {self.direction!r}")
        if not callable(self.fn):
            raise ValueError(f"event {self.name!r}: fn is not callable")

    def satisfied(self, g: np.ndarray) -> np.ndarray:
        """Whether the value g is on the far side of the crossing (NaN counts as satisfied,
        so a NaN never passes silently as 'not yet')."""
        with np.errstate(invalid="ignore"):
            if self.direction > 0:
                return ~(g < 0)
            if self.direction < 0:
                return ~(g > 0)
            return np.zeros(g.shape, bool) | np.isnan(g)

    def crossed(self, g0: np.ndarray, g1: np.ndarray) -> np.ndarray:
        if self.direction != 0:
            return self.satisfied(g1)
        with np.errstate(invalid="ignore"):
            return (np.sign(g1) != np.sign(g0)) | np.isnan(g1)


@dataclass(frozen=True)
class StepView:
    """What a monitor sees: the accepted step ``[t_prev, t]`` of the active rows ``idx``."""

    t: np.ndarray
    y: np.ndarray
    t_prev: np.ndarray
    y_prev: np.ndarray
    idx: np.ndarray


Monitor = Callable[[StepView], np.ndarray]


def named_monitors(monitors) -> list[tuple[str, Callable]]:
    """(name, fn) pairs: a mapping's keys, else the function names (``monitor{i}`` for lambdas
    and repeats, so two anonymous monitors never overwrite each other's record)."""
    if isinstance(monitors, Mapping):
        items = list(monitors.items())
    else:
        items, seen = [], set()
        for i, fn in enumerate(monitors):
            name = getattr(fn, "__name__", "<lambda>")
            if name == "<lambda>" or name in seen:
                name = f"monitor{i}"
            seen.add(name)
            items.append((name, fn))
    for name, fn in items:
        if not callable(fn):
            raise ValueError(f"monitor {name!r} is not callable")
    return items


def bisect_on_dense(pred: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
                    y_old, h, K, t_old, rows, s_hi=None) -> np.ndarray:
    """Smallest step fraction s in (0, s_hi] with ``pred(t, y(s), rows)`` true, where the
    predicate is false at 0 and true at s_hi (bisection to ~4 ulp in t)."""
    lo = np.zeros(h.size)
    hi = np.ones(h.size) if s_hi is None else np.asarray(s_hi, float).copy()
    for _ in range(64):
        if np.all((hi - lo) * h <= 4 * _EPS * np.maximum(np.abs(t_old + h), 1e-300)):
            break
        mid = 0.5 * (lo + hi)
        up = pred(t_old + mid * h, dense(y_old, h, K, mid), rows)
        hi = np.where(up, mid, hi)
        lo = np.where(up, lo, mid)
    return hi


def root_on_dense(g: Callable[..., tuple[np.ndarray, np.ndarray]], y_old, h, K, t_old, rows
                  ) -> np.ndarray:
    """Smallest step fraction s where the continuous ``g(t, y(s), rows, sel)`` reaches 0, given
    g(0) < 0 ≤ g(1): :func:`root_in_step` on the dense output.

    ``g`` returns its values and their rounding level ``tol`` (≥ 0); ``sel`` are the positions
    (into the arrays given here) that ``g`` is asked about.
    """

    def g_of_s(s, sel):
        hs = h[sel]
        return g(t_old[sel] + s * hs, dense(y_old[sel], hs, K[:, sel], s), rows[sel], sel)

    return root_in_step(g_of_s, h, t_old)


def root_in_step(g: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
                 h, t_old) -> np.ndarray:
    """Smallest step fraction s where the continuous ``g(s, sel)`` reaches 0, given
    g(0) < 0 ≤ g(1), for a batch of brackets (steps of sizes ``h`` from ``t_old``).

    ``g`` returns its values and their rounding level ``tol`` (≥ 0): a bracket ends at a point
    with 0 ≤ g ≤ tol — below the rounding level the sign of g says nothing more about the
    root — or when it is ~4 ulp of t wide. ``sel`` are the brackets asked about: only the
    ones not yet converged are evaluated. The secant through the last two points (superlinear
    when both lie on one side, where regula falsi converges only linearly), guarded by the
    bracket, else Illinois regula falsi; Brent's minimum step closes a converged end. The
    fraction returned is the bracket's upper end, where g ≥ 0 holds.
    """
    n = h.size
    every = np.arange(n)
    lo, hi = np.zeros(n), np.ones(n)
    g_lo = np.asarray(g(lo, every)[0], dtype=float)
    g_hi, tol_hi = (np.asarray(v, dtype=float) for v in g(hi.copy(), every))
    done = g_hi <= tol_hi
    s_last, g_last, s_prev, g_prev = hi.copy(), g_hi.copy(), lo.copy(), g_lo.copy()
    side = np.zeros(n, np.int8)
    width_tol = 4 * _EPS * np.maximum(np.abs(t_old + h), 1e-300)
    for _ in range(80):
        act = np.nonzero(~done & ((hi - lo) * h > width_tol))[0]
        if act.size == 0:
            break
        l, u, gl, gu = lo[act], hi[act], g_lo[act], g_hi[act]
        sa, ga, sb, gb = s_last[act], g_last[act], s_prev[act], g_prev[act]
        with np.errstate(invalid="ignore", divide="ignore"):
            s = sa - ga * (sa - sb) / (ga - gb)
            rf = l - gl * (u - l) / (gu - gl)
        s = np.where(np.isfinite(s) & (s > l) & (s < u), s, rf)
        bad = ~np.isfinite(s) | (s <= l) | (s >= u)
        s = np.where(bad, 0.5 * (l + u), s)
        step = 0.5 * width_tol[act] / h[act]
        s = np.where(s - l < step, np.minimum(l + step, 0.5 * (l + u)), s)
        s = np.where(u - s < step, np.maximum(u - step, 0.5 * (l + u)), s)
        gm, tol = (np.asarray(v, dtype=float) for v in g(s, act))
        up = gm >= 0
        s_prev[act], g_prev[act] = sa, ga
        s_last[act], g_last[act] = s, gm
        sd = side[act]
        # Illinois: halve the stale end's value when the same end is kept twice
        gu = np.where(~up & (sd == -1), 0.5 * gu, gu)
        gl = np.where(up & (sd == 1), 0.5 * gl, gl)
        hi[act] = np.where(up, s, u)
        g_hi[act] = np.where(up, gm, gu)
        lo[act] = np.where(up, l, s)
        g_lo[act] = np.where(up, gl, gm)
        side[act] = np.where(up, 1, -1)
        done[act] = up & (gm <= tol)
    return hi

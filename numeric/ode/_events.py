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


def root_on_dense(g: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
                  y_old, h, K, t_old, rows) -> np.ndarray:
    """Smallest step fraction s where the continuous ``g(t, y(s), rows)`` reaches 0, given
    g(0) < 0 ≤ g(1): Illinois regula falsi on the dense output, to ~4 ulp of t.

    Superlinear (a handful of evaluations where bisection needs ~50); the bracket is kept, and
    the fraction returned is its upper end, where g ≥ 0 holds.
    """
    lo, hi = np.zeros(h.size), np.ones(h.size)
    g_lo = np.asarray(g(t_old, y_old, rows), dtype=float)
    g_hi = np.asarray(g(t_old + h, dense(y_old, h, K, hi), rows), dtype=float)
    side = np.zeros(h.size, np.int8)
    for _ in range(80):
        done = (hi - lo) * h <= 4 * _EPS * np.maximum(np.abs(t_old + h), 1e-300)
        if np.all(done):
            break
        with np.errstate(invalid="ignore", divide="ignore"):
            s = lo - g_lo * (hi - lo) / (g_hi - g_lo)
        bad = ~np.isfinite(s) | (s <= lo) | (s >= hi)
        s = np.where(bad, 0.5 * (lo + hi), s)
        gm = np.asarray(g(t_old + s * h, dense(y_old, h, K, s), rows), dtype=float)
        up = gm >= 0
        # Illinois: halve the stale end's value when the same end is kept twice
        g_hi = np.where(~up & (side == -1), 0.5 * g_hi, g_hi)
        g_lo = np.where(up & (side == 1), 0.5 * g_lo, g_lo)
        hi = np.where(up & ~done, s, hi)
        g_hi = np.where(up & ~done, gm, g_hi)
        lo = np.where(~up & ~done, s, lo)
        g_lo = np.where(~up & ~done, gm, g_lo)
        side = np.where(done, side, np.where(up, 1, -1)).astype(np.int8)
    return hi

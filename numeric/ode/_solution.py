"""The one result type of the integrator core and its one status enum."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import numpy as np


class Status(enum.IntEnum):
    """Why a trajectory stopped. Non-negative values are successes, negative ones failures."""

    REACHED_END = 0
    TERMINAL_EVENT = 1
    STEP_UNDERFLOW = -1
    NON_FINITE = -2
    MAX_STEPS = -3
    #: a piecewise-smooth run kept switching at one instant without advancing (see _filippov)
    NO_PROGRESS = -4

    @property
    def message(self) -> str:
        return _MESSAGES[self]


_MESSAGES = {
    Status.REACHED_END: "reached t_end",
    Status.TERMINAL_EVENT: "stopped by a terminal event",
    Status.STEP_UNDERFLOW: "step size underflow (the step fell below 16 ulp of t)",
    Status.NON_FINITE: "the state or the right-hand side became non-finite",
    Status.MAX_STEPS: "max_steps accepted steps were taken before t_end",
    Status.NO_PROGRESS: "the switching logic made no progress in time (repeated mode changes "
                        "at one instant)",
}


class IntegrationError(RuntimeError):
    """A trajectory failed (negative :class:`Status`); raised by the high-level flows, whose
    callers turn it into an *inconclusive* verdict with this message as the reason."""

    def __init__(self, status: Status, t: float, where: str = "") -> None:
        self.status = Status(status)
        self.t = float(t)
        super().__init__(f"{where + ': ' if where else ''}{self.status.message} at t={t:.6g} "
                         f"(status {self.status.name})")


@dataclass
class SwitchLog:
    """Mode changes of a piecewise-smooth run, one entry per (trajectory, surface) change.

    ``kind``: ``"cross"`` (transversal crossing), ``"slide"`` (entered a sliding mode),
    ``"exit"`` (left a sliding mode); ``old``/``new`` are the modes (+1 positive side,
    −1 negative side, 0 sliding on the surface).
    """

    row: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    surface: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    t: np.ndarray = field(default_factory=lambda: np.zeros(0))
    old: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    new: np.ndarray = field(default_factory=lambda: np.zeros(0, int))

    @property
    def kind(self) -> np.ndarray:
        return np.where(self.new == 0, "slide", np.where(self.old == 0, "exit", "cross"))

    def __len__(self) -> int:
        return int(self.t.size)

    @classmethod
    def concat(cls, parts: list[tuple]) -> SwitchLog:
        if not parts:
            return cls()
        cols = [np.concatenate([p[c] for p in parts]) for c in range(5)]
        order = np.lexsort((cols[1], cols[0], cols[2]))
        return cls(*(c[order] for c in cols))


@dataclass
class Solution:
    """Result of :func:`numeric.ode.solve` for a batch of n trajectories with m components.

    ``t``, ``y``: where each trajectory stopped; ``status`` (n,) of :class:`Status` values;
    ``y_eval`` (n, len(t_eval), m) from the dense output, NaN where a trajectory did not reach
    that time; ``events[name]`` the first time the event fired (NaN if never) and
    ``event_y[name]`` the state there; ``monitor_min[name]`` the least margin over t0 and every
    accepted step, ``monitor_t[name]`` where; ``modes`` the final modes of a piecewise-smooth run
    (n, n_surfaces) and ``switches`` its :class:`SwitchLog`.
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
    modes: np.ndarray | None = None
    multipliers: np.ndarray | None = None
    switches: SwitchLog = field(default_factory=SwitchLog)

    @property
    def success(self) -> bool:
        return bool(np.all(self.status >= 0))

    def raise_on_failure(self, where: str = "") -> Solution:
        """Raise :class:`IntegrationError` for the first failed trajectory; else return self."""
        bad = np.nonzero(self.status < 0)[0]
        if bad.size:
            i = int(bad[0])
            raise IntegrationError(Status(int(self.status[i])), float(self.t[i]), where)
        return self

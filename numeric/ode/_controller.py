"""Step-size controllers: Hairer's PI controller, and a constant step for convergence studies.

Both act per trajectory on the RMS error norm ``err`` of the embedded pair (``err <= 1``
accepts). A controller returns the accept mask and the next step sizes; it keeps no state of
its own beyond the per-trajectory previous error, which the driver stores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._tableau import ERROR_ORDER


@dataclass(frozen=True)
class PIController:
    """Proportional–integral step control (Gustafsson; Hairer & Wanner II.4, DOPRI5's choice).

    ``h_new = h · clip(safety · err^(−α) · err_prev^β, min_factor, max_factor)`` with
    α = 1/5 − 0.75 β and β = 0.04 for the 5(4) pair; no growth right after a rejection. The
    integral term damps the step-size oscillation a pure I-controller shows on mildly stiff
    stretches such as a near-origin plateau.
    """

    safety: float = 0.9
    beta: float = 0.04
    min_factor: float = 0.2
    max_factor: float = 10.0

    def factor(self, err: np.ndarray, err_prev: np.ndarray, rejected_before: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
        accept = err <= 1.0
        alpha = 1.0 / (ERROR_ORDER + 1) - 0.75 * self.beta
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            raw = self.safety * np.maximum(err, 1e-10) ** (-alpha) * err_prev ** self.beta
            rej = self.safety * np.maximum(err, 1e-10) ** (-1.0 / (ERROR_ORDER + 1))
        fac = np.where(accept, np.clip(raw, self.min_factor, self.max_factor),
                       np.clip(rej, self.min_factor, 1.0))
        fac = np.where(accept & rejected_before, np.minimum(fac, 1.0), fac)
        fac = np.where(np.isfinite(err), fac, self.min_factor)
        return accept, fac

    @property
    def adaptive(self) -> bool:
        return True


@dataclass(frozen=True)
class ConstantStep:
    """Every step has length ``dt`` (clipped at t_end, events and kinks) and is accepted.

    For order-of-convergence studies: the global error then scales like dt⁵.
    """

    dt: float

    def __post_init__(self) -> None:
        if not (np.isfinite(self.dt) and self.dt > 0):
            raise ValueError(f"dt must be finite and > 0, got {self.dt}")

    def factor(self, err, err_prev, rejected_before):
        return np.isfinite(err), np.ones_like(err)

    @property
    def adaptive(self) -> bool:
        return False

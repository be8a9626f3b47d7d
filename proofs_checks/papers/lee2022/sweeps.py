"""The built-in sweep of Lee–Sim–Ye's single neuron (``reluflow sweep NAME``).

``lee2022.escape_time``: how long gradient flow of one ReLU neuron of depth L (the reduced
(r, θ) flow, teacher ‖w*‖ = 1, κ = 1) takes to grow from ‖w(0)‖ = r0 to r = 1/2, from a
direction uniform on the sphere of R^d, over (r0, L). The theory: about ln(1/r0) for L = 2,
a blow-up time of order r0^{−(L−2)} for L > 2, after an O(1) rotation for L = 1.
"""

from __future__ import annotations

import math

import numpy as np

from numeric import integrate_batch, r_level_event
from proofs_checks.kit import Sweep, register_sweep

#: the escape level: r = 1/2 is half the teacher's norm, well out of the small-r regime
LEVEL = 0.5


def escape_run(rng: np.random.Generator, r0: float, L: int, d: int = 10) -> dict:
    """One start: a direction uniform on S^{d−1}, its angle θ0 to w* by atan2, the time to
    r = LEVEL (inf when the flow does not get there by t_end, e.g. a start at θ0 = π)."""
    if not 0 < r0 < LEVEL:
        raise ValueError(f"r0 must lie in (0, {LEVEL}), got {r0}")
    if L < 1:
        raise ValueError(f"L must be a positive integer, got {L}")
    if d < 2:
        raise ValueError(f"d must be at least 2, got {d}")
    x = rng.standard_normal(d)
    theta0 = math.atan2(float(np.linalg.norm(x[1:])), float(x[0]))
    # the L > 2 blow-up time scales like r0^{−(L−2)}: the horizon follows it
    t_end = 200.0 + 50.0 * r0 ** -float(max(L - 2, 0))
    sol = integrate_batch(r0, theta0=theta0, depth=L, kappa=1.0, t_end=t_end, rtol=1e-10,
                          atol=1e-12, events=[r_level_event(LEVEL, terminal=True, name="up")])
    t_up = float(sol.raw.events["up"][0])
    reached = bool(np.isfinite(t_up))
    return {"reached": reached, "t_escape": t_up if reached else float("nan"),
            "theta0": theta0, "log_inv_r0": math.log(1 / r0)}


escape_time = register_sweep(Sweep(
    "lee2022.escape_time", escape_run, grid={"r0": (1e-2, 1e-3, 1e-4), "L": (1, 2, 3)},
    outcome="t_escape", summary="mean", seeds=20,
    title="gradient-flow time for one ReLU neuron to grow from r0 to 1/2 (depth L)",
    outcome_label="time to reach r = 1/2 (gradient-flow time)",
    axis_labels={"r0": "r0 (initial norm, units of ‖w*‖)", "L": "L (depth)"},
    notes="Directions uniform on S^9; θ0 by atan2. A start that never reaches r = 1/2 by "
          "t_end is recorded with reached = False and left out of the mean."))

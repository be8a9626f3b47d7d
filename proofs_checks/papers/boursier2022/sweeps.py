"""The built-in sweep of Boursier et al.'s orthogonal-input plateaus (``reluflow sweep NAME``).

``boursier2022.plateau_time``: on the working example (n = 4 orthogonal inputs, two labels of
each sign, unequal norms), how long the loss of each class stays on its plateau after an
initialisation of scale λ: the time at which the positive class's loss first falls to half its
initial value, against the prediction T+ = (n/‖D+‖)·log(1/λ), over λ. The data's directions
and the initialisation's shape are drawn per record; the norms and labels are the paper's.
"""

from __future__ import annotations

import math

import numpy as np

from numeric.finite_data import gradient_flow
from numeric.orthogonal import MEAN_SQUARE, class_losses, orthogonal_data
from proofs_checks.kit import Sweep, register_sweep

from .setup import LABELS, NORMS, draw_init, zero_loss_horizon

#: the grid step of the recorded trajectory: the plateau's end is located to this
RECORD_DT = 0.1


def _first_below(t: np.ndarray, loss: np.ndarray, level: float) -> float:
    """The first record time at which ``loss`` ≤ ``level`` (nan if never)."""
    hit = np.nonzero(loss <= level)[0]
    return float(t[hit[0]]) if hit.size else float("nan")


def plateau_run(rng: np.random.Generator, lam: float, width: int = 30) -> dict:
    """One data draw and one initialisation of scale λ; the flow to the zero-loss horizon."""
    if not 0 < lam < 0.1:
        raise ValueError(f"lam must lie in (0, 0.1), got {lam}")
    if width < 2:
        raise ValueError(f"width must be at least 2, got {width}")
    data = orthogonal_data(rng, NORMS, LABELS, dim=6)
    Z, s = draw_init(rng, data, width, 6)
    horizon = float(zero_loss_horizon(data, np.array([lam]))[0]) + 10.0
    te = np.arange(0.0, horizon + RECORD_DT, RECORD_DT)
    W = lam * Z[None]
    v = s[None] * np.linalg.norm(W, axis=-1)
    tr = gradient_flow(W, v, data.X, data.y, te, loss=MEAN_SQUARE, rtol=1e-8)
    Lp, Lm = class_losses(tr.W, tr.v, data)
    t_plus = _first_below(tr.t, Lp[:, 0], Lp[0, 0] / 2)
    t_minus = _first_below(tr.t, Lm[:, 0], Lm[0, 0] / 2)
    pred_plus = data.n / float(np.linalg.norm(data.D(1))) * math.log(1 / lam)
    pred_minus = data.n / float(np.linalg.norm(data.D(-1))) * math.log(1 / lam)
    return {"t_plus": t_plus, "t_minus": t_minus, "T_plus": pred_plus, "T_minus": pred_minus,
            "ratio_plus": t_plus / pred_plus, "ratio_minus": t_minus / pred_minus}


plateau_time = register_sweep(Sweep(
    "boursier2022.plateau_time", plateau_run, grid={"lam": (1e-3, 1e-6, 1e-9)},
    outcome="ratio_plus", summary="mean", seeds=10,
    title="end of the positive class's loss plateau over its prediction (n/‖D+‖) log(1/λ)",
    outcome_label="t(L+ halves) / ((n/‖D+‖) log 1/λ) (unitless)",
    axis_labels={"lam": "λ (initialisation scale)"},
    notes="The ratio tends to a constant as λ → 0 when the plateau lasts Θ(log 1/λ); the "
          "record also keeps both classes' times and predictions."))

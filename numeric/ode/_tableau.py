"""The Dormand–Prince 5(4) pair with Hairer's 4th-order continuous extension.

Hairer, Nørsett & Wanner, *Solving ODEs I*, Table 5.2 (FSAL: the 7th stage is the next step's
1st). ``E = B5 − B4`` is written as exact rational literals, not as a float difference; ``P``
is the dense-output polynomial (the one scipy's RK45 uses): y(t + s h) = y + h Kᵀ P [s, s², s³, s⁴].
"""

from __future__ import annotations

import numpy as np

ORDER = 5
ERROR_ORDER = 4
C = np.array([0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0, 1.0])
A: tuple[tuple[float, ...], ...] = (
    (),
    (1 / 5,),
    (3 / 40, 9 / 40),
    (44 / 45, -56 / 15, 32 / 9),
    (19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
    (9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656),
    (35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84),
)
B5 = np.array([35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0.0])
E = np.array([71 / 57600, 0.0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40])
P = np.array([
    [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
    [0, 0, 0, 0],
    [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
    [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
    [0, 127303824393 / 49829197408, -318862633887 / 49829197408,
     701980252875 / 199316789632],
    [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
    [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
])


def combine(coef, K) -> np.ndarray:
    """Σ_s coef[s] K[s] over the non-zero coefficients, elementwise in a fixed order.

    No BLAS and no einsum: each trajectory's arithmetic is then the same whatever the batch,
    so a batched run equals the runs done one at a time bit for bit.
    """
    out = None
    for s, c in enumerate(coef):
        if c != 0.0:
            out = c * K[s] if out is None else out + c * K[s]
    return out


def dense(y_old: np.ndarray, h: np.ndarray, K: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Dense output at fractions ``s`` (b,) of the steps; ``K`` has shape (7, b, n)."""
    powers = (s, s * s, s * s * s, (s * s) * (s * s))
    acc = None
    for j in range(7):
        if not np.any(P[j]):
            continue
        cj = P[j, 0] * powers[0] + P[j, 1] * powers[1] + P[j, 2] * powers[2] \
            + P[j, 3] * powers[3]
        term = cj[:, None] * K[j]
        acc = term if acc is None else acc + term
    with np.errstate(invalid="ignore"):
        return y_old + h[:, None] * acc

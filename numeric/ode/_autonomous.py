"""A smooth autonomous batched ODE on the core, recorded at given times."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validate import as_float_array, finite_scalar


def integrate_autonomous(
    rhs: Callable[[np.ndarray, np.ndarray], np.ndarray],
    y0,
    times,
    *,
    rtol: float,
    atol: float | None = None,
    max_steps: int = 200_000,
) -> np.ndarray:
    """Integrate dY/dt = rhs(Y, rows) from t = times[0]; return Y at ``times``, shape
    (len(times), B, k).

    ``rows`` are the indices of the rows of Y being advanced, so a right-hand side may depend
    on the row (e.g. its own δ). ``atol`` defaults to ``rtol · 1e-3 · max|Y0|`` per row (an
    error relative to the possibly tiny initial scale). Raises
    :class:`numeric.ode.IntegrationError` when a row fails.
    """
    from .._twolayer import _integrate_records

    Y0 = np.atleast_2d(as_float_array("y0", y0, min_ndim=1)).copy()
    te = as_float_array("times", times, min_ndim=1)
    if te.ndim != 1 or te.size < 1 or np.any(np.diff(te) <= 0):
        raise ValueError("times must be a non-empty strictly increasing 1-D array")
    rtol = finite_scalar("rtol", rtol, positive=True)
    if atol is None:
        atol_v = rtol * 1e-3 * np.max(np.abs(Y0), axis=1)
        atol_v = np.where(atol_v > 0, atol_v, rtol * 1e-3)
    else:
        atol_v = np.full(Y0.shape[0], finite_scalar("atol", atol, positive=True))
    return _integrate_records(rhs, Y0, te - te[0], rtol=rtol, atol=atol_v, max_steps=max_steps)

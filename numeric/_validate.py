"""Input checks shared by every public numeric function.

Bad input gets a ``ValueError`` that names the argument, never a silent NaN.
"""

from __future__ import annotations

import math

import numpy as np


def as_float_array(name: str, value, *, min_ndim: int = 0) -> np.ndarray:
    """``value`` as a float64 array with finite entries and at least ``min_ndim`` axes."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {type(value).__name__}") from exc
    if arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} axes, got shape {arr.shape}")
    # min/max propagate NaN and expose ±inf without allocating an isfinite mask.
    if arr.size and not (np.isfinite(arr.min()) and np.isfinite(arr.max())):
        raise ValueError(f"{name} contains NaN or infinite entries")
    return arr


def as_vectors(name: str, value, *, min_ndim: int = 1) -> np.ndarray:
    """A stack of vectors (..., d) with d >= 2: float64, finite."""
    arr = as_float_array(name, value, min_ndim=min_ndim)
    if arr.shape[-1] < 2:
        raise ValueError(
            f"{name} must have dimension d >= 2 on its last axis, got d = {arr.shape[-1]}"
        )
    return arr


def same_dimension(names: tuple[str, str], a: np.ndarray, b: np.ndarray) -> None:
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(
            f"{names[0]} and {names[1]} have different dimensions d: {a.shape[-1]} vs {b.shape[-1]}"
        )


def broadcast_batch(names: tuple[str, str], a_batch: tuple, b_batch: tuple) -> tuple:
    try:
        return np.broadcast_shapes(a_batch, b_batch)
    except ValueError as exc:
        raise ValueError(
            f"batch shapes of {names[0]} {a_batch} and {names[1]} {b_batch} do not broadcast"
        ) from exc


def finite_scalar(name: str, value, *, positive: bool = False, nonnegative: bool = False) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a real number, got {value!r}") from exc
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    if positive and x <= 0:
        raise ValueError(f"{name} must be > 0, got {x}")
    if nonnegative and x < 0:
        raise ValueError(f"{name} must be >= 0, got {x}")
    return x


def nonzero(name: str, arr: np.ndarray) -> None:
    """Vectors whose angle is needed must not be zero (the angle is undefined there)."""
    if np.any(np.all(arr == 0.0, axis=-1)):
        raise ValueError(f"{name} contains a zero vector; the angle to it is undefined")


def positive_int(name: str, value, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or int(value) != value:
        raise ValueError(f"{name} must be an integer, got {value!r}")
    v = int(value)
    if v < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {v}")
    return v

"""Hypothesis strategies for ReLU-network claims: vectors, pairs, teachers, data sets.

Every strategy draws float64 arrays with bounded magnitudes: no NaN, no infinities, no
subnormals, so a counterexample is about the claim and never about overflow. Arguments are
validated when the strategy is built (``ValueError`` naming the argument), not at draw time.
Shrinking goes towards simple objects (the first basis vector, norm 1, labels of one sign first).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

__all__ = [
    "balanced_small_init",
    "dimensions",
    "orthogonal_datasets",
    "separated_datasets",
    "teacher_student",
    "unit_vectors",
    "vector_pairs",
    "weight_vectors",
]

_ELEM = st.floats(-1.0, 1.0, allow_nan=False, allow_infinity=False, allow_subnormal=False,
                  width=64)
_MAX_NORM = 1e150  # squared norms and products must stay finite
_PAIR_KINDS = ("generic", "near_parallel", "near_antiparallel", "any")
_MIN_ANGLE = 1e-12
_MAX_NEAR_ANGLE = 1e-2


# -- validation ---------------------------------------------------------------------------------
def _int(name: str, value: object, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    v = int(value)
    if v < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {v}")
    if maximum is not None and v > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {v}")
    return v


def _float(name: str, value: object, *, lo: float, hi: float, lo_open: bool = False) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number, got {value!r}") from None
    if not math.isfinite(x) or x < lo or x > hi or (lo_open and x == lo):
        bracket = "(" if lo_open else "["
        raise ValueError(f"{name} must be in {bracket}{lo:g}, {hi:g}], got {value!r}")
    return x


# -- building blocks ----------------------------------------------------------------------------
def _flush(a: np.ndarray, floor: float = 1e-280) -> np.ndarray:
    """Zero the entries below ``floor`` in magnitude: no subnormal ever leaves a strategy."""
    a = np.asarray(a, dtype=np.float64)
    return np.where(np.abs(a) < floor, 0.0, a)


def _unit(raw: np.ndarray) -> np.ndarray:
    """Normalise; a (near-)zero draw becomes e_1, so shrinking lands on the first basis vector.

    Components below 1e-150 are zeroed first, so scaling by any norm >= 1e-130 stays normal.
    """
    raw = _flush(raw, 1e-150)
    n = float(np.linalg.norm(raw))
    if not n > 1e-6:
        out = np.zeros_like(raw)
        out[0] = 1.0
        return out
    return _flush(raw / n, 1e-150)


def _orthonormal_to(draw: st.DrawFn, u: np.ndarray) -> np.ndarray:
    """A unit vector orthogonal to the unit vector ``u`` (needs d >= 2)."""
    d = u.shape[0]
    raw = draw(arrays(np.float64, (d,), elements=_ELEM))
    for candidate in (raw, *np.eye(d)):
        p = candidate - (candidate @ u) * u
        p = p - (p @ u) * u  # a second pass: orthogonal to rounding level
        n = float(np.linalg.norm(p))
        if n > 1e-3:
            return _flush(p / n, 1e-150)
    raise AssertionError("unreachable: some basis vector is not parallel to u")  # pragma: no cover


def _norm(draw: st.DrawFn, lo: float, hi: float) -> float:
    """A norm log-uniform in [lo, hi]; shrinks towards 1 when 1 is inside."""
    llo, lhi = math.log(lo), math.log(hi)
    if llo == lhi:
        return lo
    t = draw(st.floats(llo, lhi, allow_nan=False, allow_infinity=False, allow_subnormal=False))
    return float(min(hi, max(lo, math.exp(t))))


@st.composite
def _unit_vectors(draw: st.DrawFn, d: int) -> np.ndarray:
    return _unit(draw(arrays(np.float64, (d,), elements=_ELEM)))


@st.composite
def _weight_vectors(draw: st.DrawFn, d: int, lo: float, hi: float) -> np.ndarray:
    u = draw(_unit_vectors(d))
    return _flush(_norm(draw, lo, hi) * u)


# -- public strategies --------------------------------------------------------------------------
def dimensions(min: int = 2, max: int = 8) -> st.SearchStrategy[int]:
    """Input dimensions d in ``[min, max]`` (shrinking to ``min``)."""
    lo = _int("min", min, 1)
    hi = _int("max", max, lo)
    return st.integers(lo, hi)


def unit_vectors(d: int) -> st.SearchStrategy[np.ndarray]:
    """Unit vectors in R^d (float64, shape (d,))."""
    return _unit_vectors(_int("d", d, 1))


def weight_vectors(
    d: int, min_norm: float = 1e-3, max_norm: float = 1e3
) -> st.SearchStrategy[np.ndarray]:
    """Nonzero vectors in R^d with norm log-uniform in ``[min_norm, max_norm]``."""
    d = _int("d", d, 1)
    lo = _float("min_norm", min_norm, lo=0.0, hi=_MAX_NORM, lo_open=True)
    hi = _float("max_norm", max_norm, lo=0.0, hi=_MAX_NORM, lo_open=True)
    if lo < 1e-150:
        raise ValueError(f"min_norm must be >= 1e-150 (no subnormal products), got {min_norm!r}")
    if hi < lo:
        raise ValueError(f"max_norm ({max_norm!r}) must be >= min_norm ({min_norm!r})")
    return _weight_vectors(d, lo, hi)


@st.composite
def _pairs(draw: st.DrawFn, d: int, kind: str, lo: float, hi: float
           ) -> tuple[np.ndarray, np.ndarray]:
    if kind == "any":
        kind = draw(st.sampled_from(_PAIR_KINDS[:3]))
    if kind == "generic":
        return draw(_weight_vectors(d, lo, hi)), draw(_weight_vectors(d, lo, hi))
    u = draw(_unit_vectors(d))
    p = _orthonormal_to(draw, u)
    # angle log-uniform in [1e-12, 1e-2]; shrinks towards 1e-6.
    e = draw(st.floats(math.log10(_MIN_ANGLE), math.log10(_MAX_NEAR_ANGLE), allow_nan=False))
    theta = 10.0 ** e
    c = math.cos(theta) if kind == "near_parallel" else -math.cos(theta)
    v = c * u + math.sin(theta) * p
    return _flush(_norm(draw, lo, hi) * u), _flush(_norm(draw, lo, hi) * v)


def vector_pairs(
    d: int, kind: str = "generic", *, min_norm: float = 1e-3, max_norm: float = 1e3
) -> st.SearchStrategy[tuple[np.ndarray, np.ndarray]]:
    """Pairs (u, v) of nonzero vectors in R^d.

    ``kind``: ``generic`` (independent directions), ``near_parallel`` (angle in [1e-12, 1e-2]),
    ``near_antiparallel`` (angle within [1e-12, 1e-2] of π) or ``any`` (one of these three).
    Near-degenerate angles are where arccos-based formulas break (use atan2).
    """
    d = _int("d", d, 2)
    if kind not in _PAIR_KINDS:
        raise ValueError(f"kind must be one of {_PAIR_KINDS}, got {kind!r}")
    weight_vectors(d, min_norm, max_norm)  # validates the norms
    return _pairs(d, kind, float(min_norm), float(max_norm))


@st.composite
def _stack(draw: st.DrawFn, n: int, d: int, lo: float, hi: float) -> np.ndarray:
    return np.stack([draw(_weight_vectors(d, lo, hi)) for _ in range(n)])


def teacher_student(
    K: int, M: int, d: int, *, min_norm: float = 0.1, max_norm: float = 10.0
) -> st.SearchStrategy[tuple[np.ndarray, np.ndarray]]:
    """A student ``W`` (K, d) and a teacher ``V`` (M, d): rows nonzero, norms in range."""
    K = _int("K", K, 1)
    M = _int("M", M, 1)
    d = _int("d", d, 1)
    weight_vectors(d, min_norm, max_norm)  # validates the norms
    lo, hi = float(min_norm), float(max_norm)
    return st.tuples(_stack(K, d, lo, hi), _stack(M, d, lo, hi))


@st.composite
def _balanced(draw: st.DrawFn, m: int, d: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    W = _stack(m, d, 0.1 * scale, scale)
    w = draw(W)
    signs = np.array(draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=m, max_size=m)))
    w = _flush(w)
    a = signs * np.linalg.norm(w, axis=1)
    return w, a


def balanced_small_init(m: int, d: int, scale: float) -> st.SearchStrategy[
        tuple[np.ndarray, np.ndarray]]:
    """A balanced two-layer initialisation ``(W, a)``: W (m, d), |a_j| = ‖w_j‖, random signs.

    Row norms lie in ``[scale/10, scale]``, so ``scale`` is the initialisation scale λ.
    """
    m = _int("m", m, 1)
    d = _int("d", d, 1)
    s = _float("scale", scale, lo=0.0, hi=_MAX_NORM, lo_open=True)
    if s < 1e-140:
        raise ValueError(f"scale must be >= 1e-140 (no subnormal weights), got {scale!r}")
    return _balanced(m, d, s)


def _both_signs(draw: st.DrawFn, n: int) -> np.ndarray:
    signs = np.array(draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=n, max_size=n)))
    if n >= 2 and np.all(signs == signs[0]):
        signs[-1] = -signs[0]
    return signs


def _orthonormal_rows(draw: st.DrawFn, k: int, d: int) -> np.ndarray:
    """k orthonormal vectors in R^d (rows), from the QR factor of a drawn matrix."""
    raw = draw(arrays(np.float64, (d, d), elements=_ELEM))
    q, _ = np.linalg.qr(raw + np.eye(d) * 1e-3)  # the shift keeps Q well defined when raw is 0
    return _flush(q[:, :k].T, 1e-150)


@st.composite
def _orthogonal(draw: st.DrawFn, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    E = _orthonormal_rows(draw, n, d)
    norms = np.array([_norm(draw, 1e-2, 1e2) for _ in range(n)])
    mags = np.array([_norm(draw, 1e-1, 1e1) for _ in range(n)])
    return _flush(norms[:, None] * E), _both_signs(draw, n) * mags


def orthogonal_datasets(n: int, d: int) -> st.SearchStrategy[tuple[np.ndarray, np.ndarray]]:
    """``(X, y)``: n pairwise-orthogonal inputs (rows, norms in [0.01, 100]) in R^d (n ≤ d),
    real labels with |y_i| in [0.1, 10], both signs present when n ≥ 2."""
    n = _int("n", n, 1)
    d = _int("d", d, 1)
    if n > d:
        raise ValueError(f"n ({n}) pairwise-orthogonal nonzero inputs need d >= n, got d = {d}")
    return _orthogonal(n, d)


@st.composite
def _separated(draw: st.DrawFn, n: int, d: int, mu: float) -> tuple[np.ndarray, np.ndarray]:
    B = _orthonormal_rows(draw, n + 1, d)
    u, E = B[0], B[1:]
    y = _both_signs(draw, n)
    Z = math.sqrt(mu) * u[None, :] + math.sqrt(1.0 - mu) * E  # z_i = y_i x_i
    return _flush(y[:, None] * Z), y


def separated_datasets(
    n: int, d: int, mu: float
) -> st.SearchStrategy[tuple[np.ndarray, np.ndarray]]:
    """``(X, y)`` with separation μ: y_i x_i = √μ u + √(1−μ) e_i for orthonormal u, e_1..e_n.

    So ‖x_i‖ = 1 and ⟨y_i x_i, y_j x_j⟩ = μ for i ≠ j; labels are ±1 (both signs when n ≥ 2).
    Needs d ≥ n + 1 and 0 < μ ≤ 1.
    """
    n = _int("n", n, 1)
    d = _int("d", d, 2)
    m = _float("mu", mu, lo=0.0, hi=1.0, lo_open=True)
    if d < n + 1:
        raise ValueError(f"separated_datasets needs d >= n + 1, got n = {n}, d = {d}")
    return _separated(n, d, m)

"""Seeded data generators and data constants for two-layer ReLU classification checks.

Everything follows Min, Mallada & Vidal (arXiv 2307.12851), Section 2: labels y_i in {+1, -1},
``mu = min_{i,j} cos(y_i x_i, y_j x_j)`` (Assumption 1), the cones S+, S-, S_dead, and the
constants zeta1 (Lemma 8), zeta2 (Assumption 2) and xi (Lemma 9).

Randomness always comes in as a ``numpy.random.Generator`` (callers derive it from a
``numpy.random.SeedSequence``), so equal seeds give equal data. No arccos anywhere: cosines are
``dot/(norm*norm)`` and angles, where needed, come from ``atan2``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_float_array, finite_scalar, positive_int

__all__ = [
    "CONE_DEAD",
    "CONE_MINUS",
    "CONE_OTHER",
    "CONE_PLUS",
    "DataConstants",
    "cone_labels",
    "data_constants",
    "exact_mu_data",
    "random_separable_data",
    "separability_mu",
    "signed_active_sum",
    "zeta2",
]

CONE_PLUS = 1  #: z activates exactly the positive points (S+)
CONE_MINUS = -1  #: z activates exactly the negative points (S-)
CONE_DEAD = 0  #: z activates no point (S_dead)
CONE_OTHER = 2  #: anything else


def _check_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    return rng


def _check_labels(name: str, y, n: int | None = None) -> np.ndarray:
    arr = as_float_array(name, y, min_ndim=1)
    if n is not None and arr.shape[-1] != n:
        raise ValueError(f"{name} must have {n} entries on its last axis, got {arr.shape[-1]}")
    if not np.all((arr == 1.0) | (arr == -1.0)):
        raise ValueError(f"{name} must contain only +1 and -1")
    return arr


def _check_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    Xa = as_float_array("X", X, min_ndim=2)
    if Xa.ndim != 2:
        raise ValueError(f"X must have shape (n, D), got {Xa.shape}")
    ya = _check_labels("y", y, Xa.shape[0])
    if ya.ndim != 1:
        raise ValueError(f"y must have shape (n,), got {ya.shape}")
    if np.any(np.linalg.norm(Xa, axis=1) == 0.0):
        raise ValueError("X contains a zero row; its cosine with other points is undefined")
    return Xa, ya


def exact_mu_data(
    rng: np.random.Generator,
    n_pos: int,
    n_neg: int,
    mu: float,
    dim: int | None = None,
    norms=None,
) -> tuple[np.ndarray, np.ndarray]:
    """Data with *every* signed pairwise cosine equal to ``mu`` (docs/theory/min2024.md).

    ``y_i x_i = r_i (sqrt(mu) u + sqrt(1 - mu) e_i)`` with orthonormal ``u, e_1..e_n`` drawn at
    random (QR of a Gaussian matrix), so ``mu`` in Assumption 1 is exact and ``||x_i|| = r_i``
    (``norms``, default 1). Positive points come first. Returns ``(X, y)`` of shapes (n, D), (n,).
    """
    _check_rng(rng)
    n_pos = positive_int("n_pos", n_pos, minimum=0)
    n_neg = positive_int("n_neg", n_neg, minimum=0)
    n = n_pos + n_neg
    if n < 1:
        raise ValueError("n_pos + n_neg must be >= 1")
    mu = finite_scalar("mu", mu)
    if not 0.0 < mu < 1.0:
        raise ValueError(f"mu must lie in (0, 1), got {mu}")
    dim = n + 1 if dim is None else positive_int("dim", dim)
    if dim < n + 1:
        raise ValueError(f"dim must be >= n + 1 = {n + 1} for the exact-mu construction, got {dim}")
    if norms is None:
        r = np.ones(n)
    else:
        r = as_float_array("norms", norms, min_ndim=1)
        if r.shape != (n,) or np.any(r <= 0):
            raise ValueError(f"norms must be {n} positive numbers")
    q, rr = np.linalg.qr(rng.standard_normal((dim, n + 1)))
    q = q * np.sign(np.diag(rr))  # a Haar-distributed frame
    u, e = q[:, 0], q[:, 1:].T
    y = np.concatenate([np.ones(n_pos), -np.ones(n_neg)])
    yx = np.sqrt(mu) * u[None, :] + np.sqrt(1.0 - mu) * e
    X = (y * r)[:, None] * yx
    return X, y


def random_separable_data(
    rng: np.random.Generator,
    n_pos: int,
    n_neg: int,
    dim: int,
    c: float = 0.5,
    *,
    max_tries: int = 1000,
) -> tuple[np.ndarray, np.ndarray]:
    """Random mu-separable unit-norm data: ``y_i x_i`` = normalised ``sqrt(c) u + sqrt(1-c) g_i``.

    ``g_i ~ N(0, I/D)`` and a random unit ``u``; a draw whose empirical ``mu`` is <= 0 is rejected
    and redrawn (at most ``max_tries`` times, then ValueError). ``mu`` is computed, not assumed:
    call :func:`separability_mu` on the result.
    """
    _check_rng(rng)
    n_pos = positive_int("n_pos", n_pos, minimum=0)
    n_neg = positive_int("n_neg", n_neg, minimum=0)
    n = n_pos + n_neg
    if n < 1:
        raise ValueError("n_pos + n_neg must be >= 1")
    dim = positive_int("dim", dim, minimum=2)
    c = finite_scalar("c", c)
    if not 0.0 < c < 1.0:
        raise ValueError(f"c must lie in (0, 1), got {c}")
    max_tries = positive_int("max_tries", max_tries)
    y = np.concatenate([np.ones(n_pos), -np.ones(n_neg)])
    for _ in range(max_tries):
        u = rng.standard_normal(dim)
        u /= np.linalg.norm(u)
        g = rng.standard_normal((n, dim)) / np.sqrt(dim)
        z = np.sqrt(c) * u[None, :] + np.sqrt(1.0 - c) * g
        z /= np.linalg.norm(z, axis=1, keepdims=True)
        X = y[:, None] * z
        if separability_mu(X, y) > 0.0:
            return X, y
    raise ValueError(f"no mu-separable draw in max_tries={max_tries}; increase c or max_tries")


def separability_mu(X, y) -> float:
    """``mu = min_{i,j} <y_i x_i, y_j x_j> / (||x_i|| ||x_j||)`` (Assumption 1; > 0: separable)."""
    Xa, ya = _check_data(X, y)
    z = ya[:, None] * Xa
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    return float(np.min(z @ z.T))


def signed_active_sum(w, X, y) -> tuple[np.ndarray, np.ndarray]:
    """``x_a(w) = sum_{i: <x_i,w> > 0} y_i x_i`` and ``n_a(w)`` (eq. 5), batched over w (..., D)."""
    Xa, ya = _check_data(X, y)
    wa = as_float_array("w", w, min_ndim=1)
    if wa.shape[-1] != Xa.shape[1]:
        raise ValueError(f"w must have dimension D = {Xa.shape[1]}, got {wa.shape[-1]}")
    act = (wa @ Xa.T) > 0.0
    xa = act.astype(float) @ (ya[:, None] * Xa)
    return xa, act.sum(axis=-1)


def cone_labels(W, X, y) -> np.ndarray:
    """The cone of each vector of ``W`` (..., D): CONE_PLUS, CONE_MINUS, CONE_DEAD or CONE_OTHER.

    Uses the strict indicator ``<x_i, w> > 0`` of the paper (sigma'(0) = 0).
    """
    Xa, ya = _check_data(X, y)
    Wa = as_float_array("W", W, min_ndim=1)
    if Wa.shape[-1] != Xa.shape[1]:
        raise ValueError(f"W must have dimension D = {Xa.shape[1]} on its last axis")
    act = (Wa @ Xa.T) > 0.0
    pos = ya > 0
    plus = np.all(act == pos, axis=-1)
    minus = np.all(act == ~pos, axis=-1)
    dead = ~np.any(act, axis=-1)
    out = np.full(act.shape[:-1], CONE_OTHER, dtype=int)
    out[plus] = CONE_PLUS
    out[minus] = CONE_MINUS
    out[dead] = CONE_DEAD  # (with both classes present, dead and plus/minus are disjoint)
    return out


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a @ b) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b))


@dataclass(frozen=True)
class DataConstants:
    """The data constants of Theorem 1, computed from (X, y)."""

    n: int
    n_pos: int
    n_neg: int
    mu: float
    x_min: float
    x_max: float
    x_plus: np.ndarray
    x_minus: np.ndarray
    zeta1: float  #: largest valid zeta1 of Lemma 8 (a supremum; use a value just below it)
    xi: float  #: mu**2, a valid (conservative) xi for Lemma 9; exact for exact-mu data
    cos_plus_minus: float


def data_constants(X, y) -> DataConstants:
    """mu, X_min, X_max, x+/x-, zeta1 and xi of (X, y); ValueError if not mu-separable.

    zeta1 = min over c in {x+, x-} and i of cos^2(c, x_i): the cap ``cos(z, c) >= sqrt(1-zeta1)``
    around c stays inside the half-spaces of every x_i (derived). xi = mu^2 is always
    valid (the angle from K to any x_i-hyperplane is at least arcsin mu) and is exact when a pair
    attains mu, as in exact-mu data.
    """
    Xa, ya = _check_data(X, y)
    mu = separability_mu(Xa, ya)
    if mu <= 0:
        raise ValueError(f"(X, y) is not mu-separable: mu = {mu:.3g} <= 0")
    pos = ya > 0
    if not pos.any() or pos.all():
        raise ValueError("y must contain both labels for the data constants")
    norms = np.linalg.norm(Xa, axis=1)
    xp, xm = Xa[pos].sum(0), Xa[~pos].sum(0)
    z1 = min(float(np.min(_cos(Xa, xp) ** 2)), float(np.min(_cos(Xa, xm) ** 2)))
    cpm = float(xp @ xm / (np.linalg.norm(xp) * np.linalg.norm(xm)))
    return DataConstants(
        n=len(ya), n_pos=int(pos.sum()), n_neg=int((~pos).sum()), mu=mu,
        x_min=float(norms.min()), x_max=float(norms.max()), x_plus=xp, x_minus=xm,
        zeta1=z1, xi=mu * mu, cos_plus_minus=cpm,
    )


def zeta2(W0, signs, X, y) -> float:
    """Largest zeta2 of Assumption 2 for the init shape ``W0`` (h, D) and output signs (h,).

    ``max_{j in V+} cos(w_j, x-) < sqrt(1 - zeta2)`` and likewise for V- with x+, so the
    supremum is ``1 - max(0, c)^2`` with ``c`` the larger of the two maxima. Returns 1.0 when
    every relevant cosine is <= 0.
    """
    Xa, ya = _check_data(X, y)
    Wa = as_float_array("W0", W0, min_ndim=2)
    if Wa.ndim != 2 or Wa.shape[1] != Xa.shape[1]:
        raise ValueError(f"W0 must have shape (h, {Xa.shape[1]}), got {Wa.shape}")
    s = as_float_array("signs", signs, min_ndim=1)
    if s.shape != (Wa.shape[0],) or not np.all(np.abs(s) == 1):
        raise ValueError(f"signs must be {Wa.shape[0]} entries of +1/-1")
    xp, xm = Xa[ya > 0].sum(0), Xa[ya < 0].sum(0)
    c = 0.0
    if np.any(s > 0) and np.linalg.norm(xm) > 0:
        c = max(c, float(np.max(_cos(Wa[s > 0], xm))))
    if np.any(s < 0) and np.linalg.norm(xp) > 0:
        c = max(c, float(np.max(_cos(Wa[s < 0], xp))))
    return 1.0 - c * c

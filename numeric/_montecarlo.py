"""Seeded Monte Carlo estimates (numpy only) of the ReLU moments, with standard errors.

A third, statistically independent check next to the mpmath references and the Arb balls.
All randomness comes from the ``numpy.random.Generator`` the caller passes (build it from a
``numpy.random.SeedSequence`` so runs are reproducible and sweeps can spawn children).

Samples are drawn and reduced in chunks of at most ``2**16`` rows (fewer when K d is large),
so memory stays bounded whatever ``samples`` is. Per entry we accumulate the sum and the sum
of squares across chunks; ``stderr = sample std (ddof=1) / sqrt(n)``. The chunk layout depends
only on ``samples`` and the shapes, so a given seed gives bit-identical estimates.

Input laws (``law=``): "gaussian" (x ~ N(0, I_d)), "sphere" (uniform on the sphere of radius
sqrt(d), E|x|^2/d = 1) and "sphere_scaled" (uniform on the sphere of radius ``radius``).
:func:`input_kappa` gives kappa = E|x|^2 / d for a law. The estimators return the expectation
*under the chosen law* and never multiply by that kappa themselves; the ``kappa`` argument of
the loss and gradient is the loss's own prefactor, applied as given.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import as_vectors, finite_scalar, positive_int, same_dimension

__all__ = [
    "input_kappa",
    "montecarlo_cross_moment",
    "montecarlo_gradient",
    "montecarlo_kernel",
    "montecarlo_loss",
    "sample_inputs",
]

_LAWS = ("gaussian", "sphere", "sphere_scaled")
_MAX_ROWS = 2**16
# Cap on floats per chunk for the widest intermediate (rows x K x d would be 3-D; we avoid
# it with matrix products, but rows x max(K, d) arrays still scale with the shapes).
_MAX_CHUNK_FLOATS = 2**22


def _check_law(law: str, radius) -> float | None:
    if law not in _LAWS:
        raise ValueError(f"law must be one of {_LAWS}, got {law!r}")
    if law == "sphere_scaled":
        if radius is None:
            raise ValueError("radius is required for law='sphere_scaled'")
        return finite_scalar("radius", radius, positive=True)
    if radius is not None:
        raise ValueError(f"radius is only used with law='sphere_scaled', not law={law!r}")
    return None


def _check_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy.random.Generator (e.g. np.random.default_rng(SeedSequence(..))), "
            f"got {type(rng).__name__}"
        )
    return rng


def input_kappa(law: str, d: int, radius: float | None = None) -> float:
    """kappa = E|x|^2 / d for the input law: 1 for "gaussian" and "sphere", radius^2/d else."""
    d = positive_int("d", d, minimum=2)
    r = _check_law(law, radius)
    return 1.0 if r is None else r * r / d


def sample_inputs(
    rng: np.random.Generator, n: int, d: int, *, law: str = "gaussian", radius: float | None = None
) -> np.ndarray:
    """``n`` input rows of dimension ``d`` drawn from ``law`` with ``rng``; shape (n, d)."""
    rng = _check_rng(rng)
    n = positive_int("n", n)
    d = positive_int("d", d, minimum=2)
    r = _check_law(law, radius)
    x = rng.standard_normal((n, d))
    if law == "gaussian":
        return x
    # A normalised Gaussian is uniform on the unit sphere (rotation invariance). A zero row
    # has probability 0 and is not guarded.
    target = math.sqrt(d) if r is None else r
    x *= target / np.linalg.norm(x, axis=1, keepdims=True)
    return x


class _Moments:
    """Running sum and sum of squares per entry; float64 is ample for a standard error."""

    def __init__(self, shape):
        self.n = 0
        self.s1 = np.zeros(shape)
        self.s2 = np.zeros(shape)

    def add(self, n, s1, s2):
        self.n += n
        self.s1 += s1
        self.s2 += s2

    def result(self, scale=1.0):
        n = self.n
        mean = self.s1 / n
        # Unbiased variance from the sums; clipped at 0 against rounding when var ~ 0.
        var = np.maximum(self.s2 - n * mean * mean, 0.0) / (n - 1)
        est = scale * mean
        err = abs(scale) * np.sqrt(var / n)
        if est.ndim == 0:
            return float(est), float(err)
        return est, err


def _chunks(samples: int, width: int):
    rows = max(1, min(_MAX_ROWS, _MAX_CHUNK_FLOATS // max(1, width)))
    done = 0
    while done < samples:
        m = min(rows, samples - done)
        yield m
        done += m


def _pair(u, v):
    u = as_vectors("u", u)
    v = as_vectors("v", v)
    for name, arr in (("u", u), ("v", v)):
        if arr.ndim != 1:
            raise ValueError(f"{name} must be a 1-D array of shape (d,), got shape {arr.shape}")
    same_dimension(("u", "v"), u, v)
    return u, v


def _pair_matrices(W, V):
    W = as_vectors("W", W, min_ndim=2)
    V = as_vectors("V", V, min_ndim=2)
    for name, arr in (("W", W), ("V", V)):
        if arr.ndim != 2 or arr.shape[0] < 1:
            raise ValueError(f"{name} must be a 2-D array of shape (K, d), got shape {arr.shape}")
    same_dimension(("W", "V"), W, V)
    return W, V


def _samples(samples) -> int:
    return positive_int("samples", samples, minimum=2)


def montecarlo_kernel(
    u, v, *, samples: int, rng: np.random.Generator, law: str = "gaussian", radius=None
) -> tuple[float, float]:
    """(estimate, stderr) of E[relu(u.x) relu(v.x)] under ``law``."""
    u, v = _pair(u, v)
    samples, rng = _samples(samples), _check_rng(rng)
    _check_law(law, radius)
    d = u.shape[0]
    acc = _Moments(())
    for m in _chunks(samples, d):
        x = sample_inputs(rng, m, d, law=law, radius=radius)
        y = np.maximum(x @ u, 0.0) * np.maximum(x @ v, 0.0)
        acc.add(m, y.sum(), (y * y).sum())
    return acc.result()


def montecarlo_cross_moment(
    u, v, *, samples: int, rng: np.random.Generator, law: str = "gaussian", radius=None
) -> tuple[np.ndarray, np.ndarray]:
    """(estimate, stderr), each shape (d,), of E[1{u.x > 0} x relu(v.x)] under ``law``."""
    u, v = _pair(u, v)
    samples, rng = _samples(samples), _check_rng(rng)
    _check_law(law, radius)
    d = u.shape[0]
    acc = _Moments((d,))
    for m in _chunks(samples, d):
        x = sample_inputs(rng, m, d, law=law, radius=radius)
        # sigma'(0) = 0: strict inequality.
        weight = (x @ u > 0) * np.maximum(x @ v, 0.0)
        acc.add(m, weight @ x, (weight * weight) @ (x * x))
    return acc.result()


def _residual(x, W, V):
    """g(x; W) - g(x; V) and the student pre-activations x W^T."""
    pre_w = x @ W.T
    return np.maximum(pre_w, 0.0).sum(axis=1) - np.maximum(x @ V.T, 0.0).sum(axis=1), pre_w


def montecarlo_loss(
    W,
    V,
    *,
    samples: int,
    rng: np.random.Generator,
    kappa: float = 1.0,
    law: str = "gaussian",
    radius=None,
) -> tuple[float, float]:
    """(estimate, stderr) of kappa/2 E[(g(x;W) - g(x;V))^2] under ``law``."""
    W, V = _pair_matrices(W, V)
    samples, rng = _samples(samples), _check_rng(rng)
    kappa = finite_scalar("kappa", kappa, positive=True)
    _check_law(law, radius)
    d = W.shape[1]
    acc = _Moments(())
    for m in _chunks(samples, d + W.shape[0] + V.shape[0]):
        x = sample_inputs(rng, m, d, law=law, radius=radius)
        r, _ = _residual(x, W, V)
        y = r * r
        acc.add(m, y.sum(), (y * y).sum())
    return acc.result(scale=0.5 * kappa)


def montecarlo_gradient(
    W,
    V,
    *,
    samples: int,
    rng: np.random.Generator,
    kappa: float = 1.0,
    law: str = "gaussian",
    radius=None,
) -> tuple[np.ndarray, np.ndarray]:
    """(estimate, stderr), each (K, d), of kappa E[1{w_j.x > 0} x (g(x;W) - g(x;V))]."""
    W, V = _pair_matrices(W, V)
    samples, rng = _samples(samples), _check_rng(rng)
    kappa = finite_scalar("kappa", kappa, positive=True)
    _check_law(law, radius)
    d = W.shape[1]
    acc = _Moments(W.shape)
    for m in _chunks(samples, d + W.shape[0] + V.shape[0]):
        x = sample_inputs(rng, m, d, law=law, radius=radius)
        r, pre_w = _residual(x, W, V)
        # Entry (j, i) of sample n is mask[n, j] r[n] x[n, i]: sums via matrix products,
        # never materialising the (n, K, d) tensor.
        a = (pre_w > 0) * r[:, None]
        acc.add(m, a.T @ x, (a * a).T @ (x * x))
    return acc.result(scale=kappa)

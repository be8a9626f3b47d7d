"""The kernel engines: fused numba loops (extra ``fast``, the default when installed) or numpy.

``numeric.relu_kernel``, ``cross_moment``, ``population_loss`` and ``population_gradient`` run
on the engine named by :func:`engine`: ``"numba"`` when numba imports, else ``"numpy"``; the
environment variable ``RELUFLOW_ENGINE`` or :func:`set_engine` choose one explicitly. Both
compute the same derived formulas with the same accurate-wedge rule; they differ in summation
order only (a few ulps, tested). The numba loops compile on first use and are cached on disk
next to the package (numba's ``cache=True``), so later processes load them in milliseconds.
"""

from __future__ import annotations

import os
from functools import cache

import numpy as np

from ._validate import as_vectors, broadcast_batch, same_dimension

ENGINES = ("numba", "numpy")
ENGINE_ENV = "RELUFLOW_ENGINE"
PARALLEL_FROM = 1 << 16  # rows × d above which the loops run on numba's threads
_chosen: str | None = None


@cache
def numba_available() -> bool:
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def engine() -> str:
    """The engine the kernels use now: ``"numba"`` or ``"numpy"``."""
    if _chosen is not None:
        return _chosen
    env = os.environ.get(ENGINE_ENV)
    if env:
        if env not in ENGINES:
            raise ValueError(f"{ENGINE_ENV} must be one of {', '.join(ENGINES)}, got {env!r}")
        if env == "numba" and not numba_available():
            raise ValueError(f"{ENGINE_ENV}=numba but numba is not installed "
                             "(pip install 'reluflow[fast]')")
        return env
    return "numba" if numba_available() else "numpy"


def set_engine(name: str | None) -> None:
    """Use ``name`` (``"numba"`` or ``"numpy"``) from now on; ``None`` restores the default."""
    global _chosen
    if name is not None and name not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)} or None, got {name!r}")
    if name == "numba" and not numba_available():
        raise ValueError("engine 'numba' needs numba: pip install 'reluflow[fast]'")
    _chosen = name


@cache
def _loops():
    from . import _fast_loops

    return _fast_loops


def _rows(a: np.ndarray, batch: tuple, tail: tuple) -> np.ndarray:
    return np.ascontiguousarray(np.broadcast_to(a, (*batch, *tail)).reshape(-1, *tail))


def _parallel(n: int) -> bool:
    return n >= PARALLEL_FROM


def kernel(u: np.ndarray, v: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """k(u, v) on validated, broadcast-compatible (..., d) arrays. A Gram matrix —
    u (n1, 1, d) against v (1, n2, d) — computes each norm once and never copies the
    broadcast rows."""
    batch = np.broadcast_shapes(u.shape[:-1], v.shape[:-1])
    d = u.shape[-1]
    if u.ndim == 3 and v.ndim == 3 and u.shape[1] == 1 and v.shape[0] == 1:
        U, V = np.ascontiguousarray(u[:, 0]), np.ascontiguousarray(v[0])
        res = np.empty((U.shape[0], V.shape[0])) if out is None else out
        L = _loops()
        (L.kernel_gram_parallel if _parallel(res.size * d) else L.kernel_gram)(U, V, res)
        return res
    U, V = _rows(u, batch, (d,)), _rows(v, batch, (d,))
    res = np.empty(batch) if out is None else out
    L = _loops()
    (L.kernel_rows_parallel if _parallel(U.size) else L.kernel_rows)(U, V, res.reshape(-1))
    return res


def cross_moment(u: np.ndarray, v: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    batch = np.broadcast_shapes(u.shape[:-1], v.shape[:-1])
    d = u.shape[-1]
    U, V = _rows(u, batch, (d,)), _rows(v, batch, (d,))
    res = np.empty((*batch, d)) if out is None else out
    L = _loops()
    (L.cross_rows_parallel if _parallel(U.size) else L.cross_rows)(U, V, res.reshape(-1, d))
    return res


def loss(W: np.ndarray, V: np.ndarray) -> np.ndarray:
    """½Σk(w, w') − Σk(w, v) + ½Σk(v, v') (κ = 1) on validated (..., K, d), (..., M, d)."""
    batch = np.broadcast_shapes(W.shape[:-2], V.shape[:-2])
    Wr, Vr = _rows(W, batch, W.shape[-2:]), _rows(V, batch, V.shape[-2:])
    out = np.empty(Wr.shape[0])
    L = _loops()
    work = Wr.shape[0] * (Wr.shape[1] + Vr.shape[1]) ** 2 * W.shape[-1]
    (L.loss_batch_parallel if _parallel(work) else L.loss_batch)(Wr, Vr, out)
    return out.reshape(batch)


def gradient(W: np.ndarray, V: np.ndarray, pairing: bool,
             out: np.ndarray | None = None) -> np.ndarray:
    """κ = 1 gradient; with ``pairing`` each batch element whose nearest-teacher map is a
    bijection is summed in the difference form (numeric._kernels.population_gradient)."""
    batch = np.broadcast_shapes(W.shape[:-2], V.shape[:-2])
    Wr, Vr = _rows(W, batch, W.shape[-2:]), _rows(V, batch, V.shape[-2:])
    res = np.empty((*batch, *W.shape[-2:])) if out is None else out
    L = _loops()
    work = Wr.shape[0] * Wr.shape[1] * (Wr.shape[1] + Vr.shape[1]) * W.shape[-1]
    flat = res.reshape(-1, *W.shape[-2:])
    if _parallel(work):
        import numba

        chunks = min(Wr.shape[0], 16 * numba.get_num_threads())  # scratch once per chunk
        L.gradient_batch_parallel(Wr, Vr, flat, pairing, chunks)
    else:
        L.gradient_batch(Wr, Vr, flat, pairing)
    return res


def relu_kernel_fast(u, v) -> np.ndarray:
    """k(u, v) = E[σ(u·x)σ(v·x)] like :func:`numeric.relu_kernel`, always on the numba engine."""
    if not numba_available():
        raise ImportError("relu_kernel_fast needs numba: pip install 'reluflow[fast]'")
    u = as_vectors("u", u)
    v = as_vectors("v", v)
    same_dimension(("u", "v"), u, v)
    broadcast_batch(("u", "v"), u.shape[:-1], v.shape[:-1])
    return kernel(u, v)

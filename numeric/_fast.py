"""Fused numba kernels (extra ``fast``): the same stable formulas in one pass, no temporaries.

The numpy kernels allocate several (n, d) temporaries per call (‖v‖u, ‖u‖v, their sum and
difference); a fused loop reads each pair once. The formulas are the derived ones —
k = ‖u‖‖v‖(sin θ + (π − θ)cos θ)/2π with Kahan's atan2 half-angle θ — and a test holds them to
the compiled numpy kernels at rounding level. numba is imported on first use only.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ._validate import as_vectors, broadcast_batch, same_dimension


@cache
def _compiled():
    try:
        import numba
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("relu_kernel_fast needs numba: pip install 'reluflow[fast]'") from exc

    @numba.njit(cache=False, fastmath=False)
    def kernel_rows(U, V, out):  # pragma: no cover - compiled by numba
        n, d = U.shape
        two_pi = 2.0 * np.pi
        for i in range(n):
            nu = 0.0
            nv = 0.0
            for j in range(d):
                nu += U[i, j] * U[i, j]
                nv += V[i, j] * V[i, j]
            nu = np.sqrt(nu)
            nv = np.sqrt(nv)
            dm = 0.0
            dp = 0.0
            for j in range(d):
                a = nv * U[i, j]
                b = nu * V[i, j]
                dm += (a - b) * (a - b)
                dp += (a + b) * (a + b)
            th = 2.0 * np.arctan2(np.sqrt(dm), np.sqrt(dp))
            out[i] = nu * nv * (np.sin(th) + (np.pi - th) * np.cos(th)) / two_pi

    return kernel_rows


def relu_kernel_fast(u, v) -> np.ndarray:
    """k(u, v) = E[σ(u·x)σ(v·x)] like :func:`numeric.relu_kernel`, as one fused numba loop."""
    u = as_vectors("u", u)
    v = as_vectors("v", v)
    same_dimension(("u", "v"), u, v)
    batch = broadcast_batch(("u", "v"), u.shape[:-1], v.shape[:-1])
    d = u.shape[-1]
    U = np.ascontiguousarray(np.broadcast_to(u, (*batch, d)).reshape(-1, d))
    V = np.ascontiguousarray(np.broadcast_to(v, (*batch, d)).reshape(-1, d))
    out = np.empty(U.shape[0])
    _compiled()(U, V, out)
    return out.reshape(batch)

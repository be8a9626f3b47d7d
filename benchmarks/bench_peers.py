"""reluflow's kernels against their peers, side by side in one run, as ratios (and M pairs/s).

Peers:
* Tian's vectorised numpy formula (arccos angle, every pair evaluated, self pairs included):
  the kernel and the teacher–student gradient;
* neural-tangents' ReLU NNGP kernel (JAX jit, float64) on a Gram matrix, when a Python with
  neural-tangents is named by ``RELUFLOW_NT_PYTHON`` (it needs an older jax than current
  releases; see benchmarks/README.md for the two-line environment). It runs in a subprocess
  of this run, on the same inputs' sizes, so the ratio is measured under the same load.

Each throughput is also reported as a fraction of the memory bandwidth a STREAM-style triad
a = b + s·c measures in the same run (bytes a kernel must move: its inputs and its output).

Run: ``python benchmarks/bench_peers.py [--quick]``; ratios > 1 mean reluflow is faster.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import numpy as np
from bench_kernels import best_of  # the same timer (run as a script from benchmarks/)

import numeric


def triad_bandwidth(n: int) -> float:
    """Bytes/s of a = b + s·c over float64 arrays of n entries (3 × 8n bytes per sweep)."""
    b = np.random.default_rng(0).standard_normal(n)
    c = np.random.default_rng(1).standard_normal(n)
    a = np.empty(n)
    try:
        import numba

        @numba.njit(parallel=True)
        def triad(a, b, c, s):
            for i in numba.prange(a.shape[0]):
                a[i] = b[i] + s * c[i]

        triad(a, b, c, 3.0)
        return 24.0 * n / best_of(lambda: triad(a, b, c, 3.0))
    except ImportError:  # numpy needs two passes (5 × 8n bytes)
        def triad_np():
            np.multiply(c, 3.0, out=a)
            np.add(a, b, out=a)
        return 40.0 * n / best_of(triad_np)


# -- Tian's formulas, as his code writes them -------------------------------------------------
def tian_kernel(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    nu = np.linalg.norm(u, axis=-1)
    nv = np.linalg.norm(v, axis=-1)
    theta = np.arccos(np.clip(np.sum(u * v, axis=-1) / (nu * nv), -1.0, 1.0))
    return nu * nv * (np.sin(theta) + (np.pi - theta) * np.cos(theta)) / (2 * np.pi)


def tian_F(w: np.ndarray, v: np.ndarray) -> np.ndarray:
    """F(w, v) = ((π − θ)v + ‖v‖ sin θ ŵ)/2π (Tian 2017, eq. 3), arccos angle."""
    nw = np.linalg.norm(w, axis=-1, keepdims=True)
    nv = np.linalg.norm(v, axis=-1, keepdims=True)
    theta = np.arccos(np.clip(np.sum(w * v, axis=-1, keepdims=True) / (nw * nv), -1.0, 1.0))
    return ((np.pi - theta) * v + nv * np.sin(theta) * w / nw) / (2 * np.pi)


def tian_gradient(W: np.ndarray, V: np.ndarray) -> np.ndarray:
    """Σ_k F(w_j, w_k) − Σ_m F(w_j, v_m) over all pairs (self pairs included, as in his code)."""
    return (tian_F(W[..., :, None, :], W[..., None, :, :]).sum(-2)
            - tian_F(W[..., :, None, :], V[..., None, :, :]).sum(-2))


def neural_tangents_gram(python: str, n: int, d: int) -> float | None:
    """Seconds per n × n NNGP Gram matrix of a Dense → ReLU network, or None if unavailable."""
    code = f"""
import json, time, numpy as np, jax
jax.config.update("jax_enable_x64", True)
from neural_tangents import stax
_, _, kf = stax.serial(stax.Dense(1, W_std=1.0, b_std=None), stax.Relu())
kf = jax.jit(kf, static_argnames="get")
rng = np.random.default_rng(0)
x1, x2 = rng.standard_normal(({n}, {d})), rng.standard_normal(({n}, {d}))
kf(x1, x2, "nngp").block_until_ready()
ts = []
for _ in range(7):
    t = time.perf_counter()
    kf(x1, x2, "nngp").block_until_ready()
    ts.append(time.perf_counter() - t)
print(json.dumps(min(ts)))
"""
    try:
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=600,
                             check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"neural-tangents: not run ({exc})")
        return None
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def row(label: str, pairs: float, ours: float, peer: float | None, peer_name: str,
        bytes_per_pair: float, bandwidth: float) -> None:
    rate = pairs / ours
    frac = rate * bytes_per_pair / bandwidth
    ratio = f"{peer / ours:6.2f}× {peer_name}" if peer is not None else "   (peer not run)"
    print(f"{label:<38} {rate / 1e6:8.1f} M/s  {frac:6.1%} of triad bandwidth   {ratio}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes (smoke run)")
    args = p.parse_args()
    rng = np.random.default_rng(np.random.SeedSequence(20261201))
    d = 10
    n = 20_000 if args.quick else 100_000
    bw = triad_bandwidth(2_000_000 if args.quick else 20_000_000)
    print(f"engine: {numeric.engine()}; STREAM-style triad: {bw / 1e9:.1f} GB/s; d = {d}")
    u, v = rng.standard_normal((2, n, d))
    numeric.relu_kernel(u[:4], v[:4])  # compile (numba) outside the timings
    t_ours = best_of(lambda: numeric.relu_kernel(u, v))
    t_tian = best_of(lambda: tian_kernel(u, v))
    row(f"relu_kernel, {n} independent pairs", n, t_ours, t_tian, "Tian numpy",
        16 * d + 8, bw)
    g = int(round(n ** 0.5))
    x1, x2 = rng.standard_normal((2, g, d))
    numeric.relu_kernel(x1[:2, None], x2[None, :2])
    t_gram = best_of(lambda: numeric.relu_kernel(x1[:, None], x2[None, :]))
    t_tian_gram = best_of(lambda: tian_kernel(x1[:, None], x2[None, :]))
    row(f"relu_kernel, {g}×{g} Gram matrix", g * g, t_gram, t_tian_gram, "Tian numpy", 8, bw)
    nt_python = os.environ.get("RELUFLOW_NT_PYTHON")
    t_nt = neural_tangents_gram(nt_python, g, d) if nt_python else None
    row(f"relu_kernel, {g}×{g} Gram matrix", g * g, t_gram, t_nt, "neural-tangents", 8, bw)
    if not nt_python:
        print("  (set RELUFLOW_NT_PYTHON to a Python with neural-tangents to compare with it)")
    for K, batch in ((1, n), (2, n // 4), (5, n // 25), (10, n // 100), (100, 10)):
        W, V = rng.standard_normal((2, batch, K, d))
        numeric.population_gradient(W[:1], V[:1])
        t_ours = best_of(lambda W=W, V=V: numeric.population_gradient(W, V), repeat=5)
        t_tian = best_of(lambda W=W, V=V: tian_gradient(W, V), repeat=5)
        pairs = batch * K * 2 * K
        row(f"population_gradient K = M = {K}, batch {batch}", pairs, t_ours, t_tian,
            "Tian numpy", 8 * 2 * d / K + 8 * d / (2 * K), bw)


if __name__ == "__main__":
    sys.exit(main())

"""The JAX path (extra ``gpu``) on whatever device JAX picks: pair evaluations/s and the batched
reduced ODE, each against reluflow's own CPU engine in the same run.

Goals of the kernels issue on an H100/H200-class GPU: ≥ 1e9 pair evaluations/s, and 1e7
reduced-ODE trajectories to t = 40 in ≤ 2 s. The kernel is timed on a Gram matrix (every pair
of two sets of n vectors, d = 10), jitted and warm, best of 5 with ``block_until_ready``; the
ODE at rtol 1e-8 / atol 1e-10 on random (r0, φ0, L, κ) as in bench_reduced_ode.py, warm (the
compile is reported separately). The CPU reference runs on a slice of the batch so that it
finishes; the ratio is per pair or per trajectory.

Run: ``python benchmarks/bench_jax.py [--quick]`` (on a GPU machine: ``pip install -e '.[gpu]'
'jax[cuda12]'``). Prints one JSON line at the end.
"""

from __future__ import annotations

import argparse
import json
import math
import time

import jax  # noqa: E402 - after jax_backend has enabled float64
import jax.numpy as jnp  # noqa: E402
import numpy as np

import numeric
from numeric import jax_backend


def _best(fn, repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        jax.block_until_ready(fn())
        best = min(best, time.perf_counter() - t0)
    return best


def bench_gram(n: int, d: int, repeat: int) -> dict:
    rng = np.random.default_rng(np.random.SeedSequence([0, 7001]))
    U = jnp.asarray(rng.standard_normal((n, d)))
    V = jnp.asarray(rng.standard_normal((n, d)))
    gram = jax.jit(lambda a, b: jax_backend.kernel_core(a[:, None, :], b[None, :, :]))
    jax.block_until_ready(gram(U, V))
    seconds = _best(lambda: gram(U, V), repeat)
    m = min(n, 1000)  # the CPU engine on an m×m block
    Un, Vn = np.asarray(U[:m])[:, None, :], np.asarray(V[:m])[None, :, :]
    numeric.relu_kernel(Un[:2], Vn)  # compile (numba) outside the timing
    cpu = _best(lambda: numeric.relu_kernel(Un, Vn), repeat)
    rate, cpu_rate = n * n / seconds, m * m / cpu
    return {"pairs": n * n, "seconds": seconds, "pairs_per_s": rate,
            "cpu_engine": numeric.engine(), "cpu_pairs_per_s": cpu_rate,
            "ratio_vs_cpu": rate / cpu_rate}


def bench_ode(n: int, n_cpu: int, t_end: float) -> dict:
    rng = np.random.default_rng(np.random.SeedSequence([0, 2209, 13394]))
    r0 = np.exp(rng.uniform(math.log(1e-2), math.log(5.0), n))
    phi0 = rng.uniform(0.05, math.pi - 0.05, n)
    L = rng.integers(1, 5, n).astype(float)
    kappa = rng.uniform(0.3, 3.0, n)
    kw = dict(t_end=t_end, rtol=1e-8, atol=1e-10)
    t0 = time.perf_counter()
    first = jax_backend.integrate_reduced(r0, phi0, depth=L, kappa=kappa, **kw)
    jax.block_until_ready(first.z)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    sol = jax_backend.integrate_reduced(r0, phi0, depth=L, kappa=kappa, **kw)
    jax.block_until_ready(sol.z)
    warm = time.perf_counter() - t0
    m = min(n, n_cpu)
    t0 = time.perf_counter()
    ref = numeric.integrate_batch(r0[:m], phi0[:m], depth=L[:m], kappa=kappa[:m], **kw)
    cpu = time.perf_counter() - t0
    gap = float(np.max(np.abs(np.asarray(sol.log_r[:m]) - ref.raw.y[:, 0])))
    return {"trajectories": n, "t_end": t_end, "cold_s": cold, "warm_s": warm,
            "max_steps": int(jnp.max(sol.n_steps)), "success": sol.success,
            "cpu_trajectories": m, "cpu_s": cpu,
            "ratio_vs_cpu_per_trajectory": (cpu / m) / (warm / n),
            "max_abs_gap_ln_r_vs_cpu": gap}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="CPU-sized problems")
    ap.add_argument("--gram-n", type=int, default=None)
    ap.add_argument("--ode-n", type=int, default=None)
    args = ap.parse_args(argv)
    device = jax.devices()[0]
    gpu = device.platform == "gpu"
    gram_n = args.gram_n or (1000 if args.quick else (40_000 if gpu else 3000))
    ode_n = args.ode_n or (2000 if args.quick else (10_000_000 if gpu else 20_000))
    out = {"device": f"{device.platform}: {device.device_kind}", "jax": jax.__version__}
    out["gram"] = bench_gram(gram_n, 10, 5)
    g = out["gram"]
    print(f"device {out['device']}; jax {jax.__version__}")
    print(f"relu_kernel Gram {gram_n}x{gram_n}, d = 10: {g['pairs_per_s'] / 1e9:.3f} G pairs/s "
          f"(goal on an H100/H200: >= 1 G/s); {g['ratio_vs_cpu']:.2f}x the {g['cpu_engine']} "
          "engine on this machine's CPU")
    out["ode"] = bench_ode(ode_n, 2000 if gpu else 1000, 40.0)
    o = out["ode"]
    print(f"reduced ODE, {ode_n} trajectories to t = 40 (rtol 1e-8): {o['warm_s']:.2f} s warm, "
          f"{o['cold_s']:.2f} s with compile (goal for 1e7 on an H100/H200: <= 2 s); "
          f"{o['ratio_vs_cpu_per_trajectory']:.1f}x numpy per trajectory; max steps "
          f"{o['max_steps']}; |Δ ln r| vs numpy {o['max_abs_gap_ln_r_vs_cpu']:.1e}")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()

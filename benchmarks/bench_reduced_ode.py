"""Batched reduced-ODE integrator vs a per-trajectory ``scipy.integrate.solve_ivp`` loop.

Same problems (random (r0, φ0, L, κ), L = 1..4), same method family (Dormand–Prince 5(4):
scipy's ``RK45``), same rtol/atol, same state (ln r, z = ln tan(θ/2)). The scipy loop runs on the
first ``--n-scipy`` trajectories only (a full 10^4 loop takes minutes); the speed ratio is the
per-trajectory time of the loop over that of the batch, both measured in this run. The
disagreement is the max |Δ(ln r, z)| at t_end over the looped trajectories; it should be of the
order of the global error, ~10·(atol + rtol·|y|).

Run: ``python benchmarks/bench_reduced_ode.py [--n 10000] [--n-scipy 200] [--rtol 1e-8]``.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from scipy.integrate import solve_ivp

from numeric import integrate_batch, reduced_rhs


def problems(n: int, seed: int = 0):
    """Random initial conditions spanning the ranges of the paper's experiments."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2209, 13394]))
    r0 = np.exp(rng.uniform(math.log(1e-2), math.log(5.0), n))
    phi0 = rng.uniform(0.05, math.pi - 0.05, n)
    L = rng.integers(1, 5, n)
    kappa = rng.uniform(0.3, 3.0, n)
    return r0, phi0, L, kappa


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--n-scipy", type=int, default=200)
    ap.add_argument("--t-end", type=float, default=20.0)
    ap.add_argument("--rtol", type=float, default=1e-8)
    ap.add_argument("--atol", type=float, default=1e-10)
    args = ap.parse_args(argv)

    r0, phi0, L, kappa = problems(args.n)
    t0 = time.perf_counter()
    sol = integrate_batch(r0, phi0, depth=L, kappa=kappa, t_end=args.t_end, rtol=args.rtol,
                          atol=args.atol)
    t_batch = time.perf_counter() - t0

    m = min(args.n_scipy, args.n)
    worst = 0.0
    t0 = time.perf_counter()
    for i in range(m):
        Li, ki = float(L[i]), float(kappa[i])

        def f(t, y, Li=Li, ki=ki):
            dl, dz = reduced_rhs(y[0], y[1], Li, ki)
            return [dl, dz]

        ref = solve_ivp(f, (0.0, args.t_end), [math.log(r0[i]), float(sol.z0[i])],
                        method="RK45", rtol=args.rtol, atol=args.atol)
        worst = max(worst, float(np.max(np.abs(ref.y[:, -1] - sol.raw.y[i]))))
    t_scipy = time.perf_counter() - t0

    per_batch = t_batch / args.n
    per_scipy = t_scipy / m
    ratio = per_scipy / per_batch
    out = {"n": args.n, "n_scipy": m, "batch_s": t_batch, "scipy_s": t_scipy,
           "per_traj_batch_ms": 1e3 * per_batch, "per_traj_scipy_ms": 1e3 * per_scipy,
           "speed_ratio": ratio, "max_disagreement": worst,
           "max_steps": int(sol.raw.n_steps.max()), "all_ok": bool(sol.raw.success)}
    print(f"batch: {args.n} trajectories in {t_batch:.2f} s ({1e3 * per_batch:.3f} ms each, "
          f"max {out['max_steps']} steps)")
    print(f"solve_ivp loop: {m} trajectories in {t_scipy:.2f} s ({1e3 * per_scipy:.2f} ms each)")
    print(f"speed ratio (per trajectory, same run): {ratio:.0f}x   "
          f"max disagreement |Δ(ln r, z)|: {worst:.2e}  (rtol {args.rtol:g}, atol {args.atol:g})")
    return out


if __name__ == "__main__":
    main()

"""Kernel benchmarks, reported as ratios measured in one run (machines here are noisy).

1. compiled ``relu_kernel`` / ``cross_moment`` vs hand-written numpy of the same stable
   formula (target ratio ≥ 1.0 at 1e5–1e6 pairs), and vs the naive Gram-entry formula
   (faster but loses √eps ≈ 1e-8 in the angle near θ = 0; shown for information);
2. closed form vs Monte Carlo at equal accuracy: MC samples needed to reach the closed form's
   float64 error, extrapolated from the measured cost per sample;
3. seconds per 30-digit reference integral (mpmath) and per Arb enclosure (python-flint).

Run: ``python benchmarks/bench_kernels.py [--quick]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import numeric
from numeric import montecarlo_kernel, reference_kernel


def best_of(fn, repeat: int = 5) -> float:
    """Minimum wall time over ``repeat`` calls (the least-disturbed run)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def handwritten_stable_kernel(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    nu = np.sqrt(np.einsum("...i,...i->...", u, u))[..., None]
    nv = np.sqrt(np.einsum("...i,...i->...", v, v))[..., None]
    a, b = nv * u, nu * v
    amb, apb = a - b, a + b
    th = 2 * np.arctan2(np.sqrt(np.einsum("...i,...i->...", amb, amb)),
                        np.sqrt(np.einsum("...i,...i->...", apb, apb)))
    n = (nu * nv)[..., 0]
    return n * (np.sin(th) + (np.pi - th) * np.cos(th)) / (2 * np.pi)


def handwritten_gram_kernel(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    uu = np.einsum("...i,...i->...", u, u)
    vv = np.einsum("...i,...i->...", v, v)
    uv = np.einsum("...i,...i->...", u, v)
    th = np.arctan2(np.sqrt(np.maximum(uu * vv - uv * uv, 0.0)), uv)
    return np.sqrt(uu * vv) * (np.sin(th) + (np.pi - th) * np.cos(th)) / (2 * np.pi)


def handwritten_cross_moment(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    nu = np.sqrt(np.einsum("...i,...i->...", u, u))[..., None]
    nv = np.sqrt(np.einsum("...i,...i->...", v, v))[..., None]
    a, b = nv * u, nu * v
    amb, apb = a - b, a + b
    th = 2 * np.arctan2(np.sqrt(np.einsum("...i,...i->...", amb, amb)),
                        np.sqrt(np.einsum("...i,...i->...", apb, apb)))[..., None]
    safe = np.where(nu == 0, 1.0, nu)
    return ((np.pi - th) * v + nv * np.sin(th) * u / safe) / (2 * np.pi) * (nu > 0)


def kernel_ratios(sizes: list[int], d: int, rng: np.random.Generator) -> None:
    print(f"\n[1] compiled kernel vs hand-written numpy, d = {d} (ratio = handwritten/compiled)")
    print("kernel: handwritten/compiled; vs gram: naive Gram formula/compiled; cross: the same "
          "for the cross moment; numba: compiled numpy/fused numba (extra 'fast')")
    print(f"{'pairs':>9} {'kernel':>8} {'vs gram':>8} {'cross':>8} {'numba':>8}   max|diff|")
    for n in sizes:
        u = rng.normal(size=(n, d))
        v = rng.normal(size=(n, d))
        def timed(f, u=u, v=v):
            return best_of(lambda: f(u, v))

        t_comp, t_hand = timed(numeric.relu_kernel), timed(handwritten_stable_kernel)
        t_gram = timed(handwritten_gram_kernel)
        t_cc, t_ch = timed(numeric.cross_moment), timed(handwritten_cross_moment)
        numeric.relu_kernel_fast(u[:2], v[:2])  # compile outside the timing
        t_fast = timed(numeric.relu_kernel_fast)
        diff = np.max(np.abs(numeric.relu_kernel(u, v) - handwritten_stable_kernel(u, v)))
        print(f"{n:>9} {t_hand / t_comp:>8.2f} {t_gram / t_comp:>8.2f} {t_ch / t_cc:>8.2f}"
              f" {t_comp / t_fast:>8.2f}   {diff:.1e}")


def closed_form_vs_montecarlo(rng: np.random.Generator, samples: int) -> None:
    print("\n[2] closed form vs Monte Carlo at equal accuracy (one pair, d = 5)")
    u, v = rng.normal(size=5), rng.normal(size=5)
    t_closed = best_of(lambda: numeric.relu_kernel(u, v), repeat=50)
    t_mc = best_of(lambda: montecarlo_kernel(u, v, samples=samples, rng=rng), repeat=3)
    _, se = montecarlo_kernel(u, v, samples=samples, rng=rng)
    target = 1e-15 * float(np.linalg.norm(u) * np.linalg.norm(v))  # the closed form's error
    needed = samples * (se / target) ** 2
    t_needed = t_mc / samples * needed
    print(f"closed form: {t_closed * 1e6:.1f} µs/call; MC: s.e. {se:.1e} with {samples} samples "
          f"in {t_mc:.3f} s")
    print(f"MC samples for s.e. {target:.0e}: {needed:.1e} → {t_needed:.1e} s; "
          f"ratio MC/closed ≈ {t_needed / t_closed:.1e}")


def reference_costs(rng: np.random.Generator) -> None:
    print("\n[3] seconds per high-precision reference (one pair, d = 4)")
    u, v = rng.normal(size=4), rng.normal(size=4)
    t_mp = best_of(lambda: reference_kernel(u, v, digits=30), repeat=5)
    print(f"mpmath 30 digits, angular 1-D split at kinks: {t_mp:.4f} s/integral")
    try:
        from numeric import certified_kernel

        t_bp = best_of(lambda: certified_kernel(u, v, digits=30, mode="breakpoints"), repeat=5)
        t_an = best_of(lambda: certified_kernel(u, v, digits=30, mode="analytic"), repeat=3)
        print(f"Arb 30 digits, breakpoints: {t_bp:.4f} s; analytic flag: {t_an:.4f} s "
              f"(ratio {t_an / t_bp:.0f}×)")
    except ImportError as exc:
        print(f"Arb: skipped ({exc})")
    t_np = best_of(lambda: numeric.relu_kernel(u, v), repeat=50)
    print(f"compiled float64: {t_np * 1e6:.1f} µs; reference/compiled ≈ {t_mp / t_np:.0f}×")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes (smoke run)")
    args = p.parse_args()
    rng = np.random.default_rng(np.random.SeedSequence(20251123))
    sizes = [10_000, 100_000] if args.quick else [100_000, 1_000_000]
    kernel_ratios(sizes, d=10, rng=rng)
    closed_form_vs_montecarlo(rng, samples=200_000 if args.quick else 1_000_000)
    reference_costs(rng)


if __name__ == "__main__":
    main()

"""Finite-data two-layer gradient flow on the integrator core: cost per accepted step.

Two workloads, each batched over B runs: ``crossing`` (Gaussian data, exp loss, small init:
the pattern changes by transversal crossings, no sliding — Min et al.'s regime) and ``sliding``
(orthogonal inputs, square loss: pairs freeze on their kinks and slide with the minimal-norm
multiplier — Boursier et al.'s regime). The yardstick measured in the same run is the cost of
the seven gradient evaluations one Dormand–Prince step needs (``gradients`` on the same batch):
``overhead`` = time per step / time of 7 gradients, i.e. what the driver, the error control,
the event location and the Filippov logic add on top of the arithmetic a step cannot avoid.

A third workload, ``min_main`` (Min et al.'s main run: exact-μ data, h = 16, ε = 1e-6, exp
loss, t ∈ [0, 300], four draws), is also timed against a **baseline checkout** when one is
given: ``--baseline DIR`` runs the same workload with DIR's ``numeric`` in a child process,
interleaved with this tree's, and prints the per-step and per-run ratios (e.g. DIR = a
``git worktree`` of the commit before the integrator core).

Run: ``python benchmarks/bench_finite_flow.py [--runs 8] [--repeat 3] [--baseline DIR]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from numeric.finite_data import EXP, balanced_init, gradient_flow, gradients
from numeric.orthogonal import MEAN_SQUARE, orthogonal_data


def crossing_problem(B: int, seed: int = 0):
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2307, 12851]))
    n, D, h = 10, 12, 16
    X = rng.normal(size=(n, D)) / np.sqrt(D)
    y = np.where(np.arange(n) < n // 2, 1.0, -1.0)
    W0 = rng.normal(size=(B, h, D))
    s = np.where(rng.random((B, h)) < 0.5, 1.0, -1.0)
    W, v = balanced_init(W0, s, 1e-3)
    return W, v, X, y, EXP, np.linspace(0.0, 40.0, 41)


def sliding_problem(B: int, seed: int = 0):
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2206, 939]))
    data = orthogonal_data(rng, [1.0, 1.5, 0.8, 1.2], [1.0, 0.5, -0.7, -0.4], dim=6)
    Z = rng.normal(size=(B, 30, 6)) / np.sqrt(6 * 30)
    s = np.where(rng.random((B, 30)) < 0.5, 1.0, -1.0)
    W = 1e-3 * Z
    v = s * np.linalg.norm(W, axis=-1)
    return W, v, data.X, data.y, MEAN_SQUARE, np.linspace(0.0, 60.0, 61)


def measure(problem, B: int, repeat: int) -> dict:
    W, v, X, y, loss, te = problem(B)
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        tr = gradient_flow(W, v, X, y, te, loss=loss, rtol=1e-9)
        best = min(best, time.perf_counter() - t0)
    steps = int(tr.steps.max())
    # yardstick: 7 gradient evaluations on the full batch, repeated `steps` times
    t0 = time.perf_counter()
    for _ in range(steps):
        for _ in range(7):
            gradients(W, v, X, y, loss)
    grads = time.perf_counter() - t0
    return {"steps": steps, "events": len(tr.events), "flow_s": best,
            "ms_per_step": 1e3 * best / steps, "overhead": best / grads}


_MIN_MAIN = r"""
import json, sys, time
import numpy as np
sys.path.insert(0, sys.argv[1])
from numeric._twolayer import EXP, balanced_init, gradient_flow
from proofs_checks import min2024 as m  # the alias: this script also runs in older checkouts
best_total, steps = 0.0, 0
for draw in range(4):
    rng = np.random.default_rng(np.random.SeedSequence([draw, 77]))
    su = m._setup(rng, runs=2)
    te = np.unique(np.concatenate([[0.0], np.linspace(su.T / 16, su.T, 16),
                                   np.geomspace(su.T * 1.05, 300.0, 70)]))
    W, v = balanced_init(su.W0, su.s, su.eps)
    best = np.inf
    for _ in range(int(sys.argv[2])):
        t0 = time.perf_counter()
        tr = gradient_flow(W, v, su.X, su.y, te, loss=EXP, rtol=1e-8)
        best = min(best, time.perf_counter() - t0)
    best_total += best
    steps += int(np.max(tr.steps))
print(json.dumps({"seconds": best_total, "steps": steps}))
"""


def min_main(tree: Path, repeat: int) -> dict:
    """Min et al.'s main run (four draws, best of ``repeat``) with ``tree``'s code."""
    out = subprocess.run([sys.executable, "-c", _MIN_MAIN, str(tree), str(repeat)],
                         capture_output=True, text=True, check=True, cwd=tree)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", type=Path, default=None, metavar="DIR",
                    help="a checkout to time Min's main run against (e.g. a git worktree)")
    args = ap.parse_args(argv)
    if args.baseline is not None and not (args.baseline / "numeric").is_dir():
        ap.error(f"--baseline {args.baseline} has no numeric/ package")
    out = {}
    if args.baseline is not None:
        here = Path(__file__).resolve().parents[1]
        rounds = []
        for _ in range(3):  # interleaved, so that load drifts hit both alike
            rounds.append((min_main(args.baseline, args.repeat + 2),
                           min_main(here, args.repeat + 2)))
        base = min(r[0]["seconds"] for r in rounds), rounds[0][0]["steps"]
        mine = min(r[1]["seconds"] for r in rounds), rounds[0][1]["steps"]
        per_step = (mine[0] / mine[1]) / (base[0] / base[1])
        out["min_main"] = {"baseline_ms_per_step": 1e3 * base[0] / base[1],
                           "ms_per_step": 1e3 * mine[0] / mine[1], "per_step_ratio": per_step,
                           "per_run_ratio": mine[0] / base[0], "steps": mine[1],
                           "baseline_steps": base[1]}
        print(f"min_main  {mine[1]} steps vs {base[1]} in the baseline: "
              f"{1e3 * mine[0] / mine[1]:.2f} vs {1e3 * base[0] / base[1]:.2f} ms/step "
              f"(ratio {per_step:.2f}); whole runs {mine[0] / base[0]:.2f}x the baseline")
    for name, prob in (("crossing", crossing_problem), ("sliding", sliding_problem)):
        r = measure(prob, args.runs, args.repeat)
        out[name] = r
        print(f"{name:9s} B={args.runs}: {r['steps']} steps, {r['events']} pattern events, "
              f"{r['ms_per_step']:.2f} ms/step, {r['overhead']:.2f}x the cost of its 7 "
              f"gradient evaluations")
    return out


if __name__ == "__main__":
    main()

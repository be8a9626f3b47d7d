"""Finite-data two-layer gradient flow on the integrator core: cost per accepted step.

Two workloads, each batched over B runs: ``crossing`` (Gaussian data, exp loss, small init:
the pattern changes by transversal crossings, no sliding — Min et al.'s regime) and ``sliding``
(orthogonal inputs, square loss: pairs freeze on their kinks and slide with the minimal-norm
multiplier — Boursier et al.'s regime). The yardstick measured in the same run is the cost of
the seven gradient evaluations one Dormand–Prince step needs (``_grads`` on the same batch):
``overhead`` = time per step / time of 7 gradients, i.e. what the driver, the error control,
the event location and the Filippov logic add on top of the arithmetic a step cannot avoid.

Run: ``python benchmarks/bench_finite_flow.py [--runs 8] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from numeric._orthogonal import MEAN_SQUARE, orthogonal_data
from numeric._twolayer import EXP, RELU, _grads, balanced_init, gradient_flow


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
            _grads(W, v, X, y, loss, RELU)
    grads = time.perf_counter() - t0
    return {"steps": steps, "events": len(tr.events), "flow_s": best,
            "ms_per_step": 1e3 * best / steps, "overhead": best / grads}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    out = {}
    for name, prob in (("crossing", crossing_problem), ("sliding", sliding_problem)):
        r = measure(prob, args.runs, args.repeat)
        out[name] = r
        print(f"{name:9s} B={args.runs}: {r['steps']} steps, {r['events']} pattern events, "
              f"{r['ms_per_step']:.2f} ms/step, {r['overhead']:.2f}x the cost of its 7 "
              f"gradient evaluations")
    return out


if __name__ == "__main__":
    main()

"""A user's own sweep, registered from the user's own repository.

Run it with the reluflow CLI (records go to ./reluflow-sweeps, a rerun skips them)::

    reluflow sweep user.sign_agreement --module examples/user_sweeps/sign_agreement.py \
        --grid theta=0.5,1.5,2.5 --seeds 30 -j 2 --report sweep-report

Question: for x ~ N(0, I_d), how often do two ReLU units at angle θ fire together? The answer
is P(u·x > 0, v·x > 0) = (π − θ)/(2π), the factor behind the arc-cosine kernel. Each record is
one Monte Carlo batch; the summary is the mean of the batch estimates with its t interval, to
compare with (π − θ)/(2π) (the record carries it).

A sweep is a function ``run(rng, **params) -> dict`` of one repetition at one grid point: it
must draw every random number from ``rng`` (reluflow seeds it from the record's key), and
return numbers, booleans or short strings. ``register_sweep`` makes it known to the CLI and,
through ``--module``, to the Dask workers.
"""

from __future__ import annotations

import math

import numpy as np

from proofs_checks.kit import Sweep, register_sweep


def both_fire(rng: np.random.Generator, theta: float, d: int = 3, batch: int = 20_000) -> dict:
    """The fraction of one batch of Gaussian x on which both units are active."""
    if not 0 <= theta <= math.pi:
        raise ValueError(f"theta must lie in [0, π], got {theta}")
    u = np.zeros(d)
    u[0] = 1.0
    v = np.zeros(d)
    v[0], v[1] = math.cos(theta), math.sin(theta)
    x = rng.standard_normal((batch, d))
    return {"fraction": float(np.mean((x @ u > 0) & (x @ v > 0))),
            "exact": (math.pi - theta) / (2 * math.pi)}


sign_agreement = register_sweep(Sweep(
    "user.sign_agreement", both_fire,
    grid={"theta": (0.5, 1.5, 2.5), "d": (3,), "batch": (20_000,)},
    outcome="fraction", summary="mean", seeds=10,
    title="P(both ReLU units fire) against their angle", outcome_label="P(u·x > 0, v·x > 0)",
    axis_labels={"theta": "θ (angle between the units, radians)", "d": "d (input dimension)",
                 "batch": "Gaussian draws per record"},
    notes="Exact: (π − θ)/(2π)."))

"""The built-in sweeps of Tian's and Safran–Shamir's settings (``reluflow sweep NAME``).

* ``tian2017.spurious_census``: how often gradient descent from a Xavier start on the K = d
  teacher–student problem (teacher I, second layer fixed to ones) ends in a spurious minimum,
  per K, with exact binomial intervals.
* ``tian2017.convergence_probability``: how often gradient flow on one ReLU from w0 uniform in
  the ball of radius ε√(2π/(d+1)) reaches w*, over (d, ε), next to the probability that w0
  starts in Tian's basin Ω (the claim ``tian2017.init_probability``).
"""

from __future__ import annotations

import numpy as np

import numeric
from numeric.population import population_flow
from proofs_checks.kit import Sweep, register_sweep

from .setup import init_radius, uniform_ball
from .setup_kd_minima import newton_abs

#: a descent end with ‖∇J‖ at or below this is a critical point (the issue's tolerance)
GRAD_TOL = 1e-12
#: the loss below which a converged end point is the global minimum (J = 0 there; the
#: smallest spurious loss met for K ≤ 20 is about 1e-2, ten orders above)
GLOBAL_LOSS = 1e-10


def _pattern(W: np.ndarray, V: np.ndarray) -> str:
    """How many students point closest (by cosine) to each teacher, in decreasing order:
    "1,1,…,1" for a permutation of the teachers, "2,1,…,1,0" when two share one."""
    Wn = W / np.maximum(np.linalg.norm(W, axis=1, keepdims=True), 1e-300)
    nearest = np.argmax(Wn @ V.T, axis=1)
    counts = np.sort(np.bincount(nearest, minlength=V.shape[0]))[::-1]
    return ",".join(str(int(c)) for c in counts)


def census_run(rng: np.random.Generator, K: int, lr: float = 0.1, gd_steps: int = 1500) -> dict:
    """One start: Xavier W0 (entries N(0, 1/K)), gradient descent, then Newton on |H| to
    ‖∇J‖ ≤ 1e-12 (gradient descent alone would need ~10⁵ steps near the flattest minima);
    the end point classified by its loss, its Hessian and its symmetry pattern."""
    if K < 2:
        raise ValueError(f"K must be at least 2, got {K}")
    V = np.eye(K)
    W0 = rng.standard_normal((1, K, K)) / np.sqrt(K)
    end = numeric.gradient_descent(W0, V, lr=lr, steps=gd_steps)
    w = newton_abs(end.W[0], V, grad_tol=GRAD_TOL, steps=100)
    cp = numeric.certify_critical_point(w, V)
    converged = cp.grad_norm <= GRAD_TOL
    if not converged:
        kind = "unconverged"
    elif cp.loss < GLOBAL_LOSS:
        kind = "global"
    elif cp.kind == "minimum":
        kind = "spurious"
    else:
        kind = cp.kind  # a saddle or a degenerate minimum: neither class
    return {"end": kind, "spurious": kind == "spurious", "global": kind == "global",
            "loss": float(cp.loss), "grad_norm": float(cp.grad_norm),
            "lambda_min": float(cp.eigenvalues[0]), "pattern": _pattern(w, V)}


def convergence_run(rng: np.random.Generator, d: int, eps: float) -> dict:
    """One gradient flow from w0 uniform in the ball of radius ε√(2π/(d+1)), ‖w*‖ = 1."""
    if d < 2:
        raise ValueError(f"d must be at least 2, got {d}")
    if not 0 < eps < 1:
        raise ValueError(f"eps must lie in (0, 1), got {eps}")
    ws = np.zeros((1, d))
    ws[0, 0] = 1.0
    w0 = uniform_ball(rng, 1, d, init_radius(d, eps))
    # ‖w − w*‖ < 1e-6 as in init_convergence_rate: near w* the Hessian is I/2, so the stop at
    # ‖∇J‖ < 1e-8 leaves a distance ≲ 2e-8; t_max = 400 ≫ the time to leave the ball
    res = population_flow(w0[:, None, :], ws, t_max=400.0, grad_tol=1e-8, rtol=1e-8,
                          atol=1e-12)
    return {"converged": bool(np.linalg.norm(res.W[0, 0] - ws[0]) < 1e-6),
            "in_basin": bool(np.linalg.norm(w0[0] - ws[0]) < 1.0),
            "r0": float(np.linalg.norm(w0[0]))}


spurious_census = register_sweep(Sweep(
    "tian2017.spurious_census", census_run, grid={"K": (6, 8, 10, 12)}, outcome="spurious",
    title="fraction of Xavier starts ending in a spurious minimum (K = d, teacher I)",
    seeds=50, outcome_label="P(spurious minimum)",
    axis_labels={"K": "K = d (students = teachers = input dimension)"},
    notes="Safran & Shamir (ICML 2018) report spurious minima for K = 6 … 20 at rates rising "
          "with K; each record is one start (GD lr 0.1, 1500 steps, then Newton on |H|)."))

convergence_probability = register_sweep(Sweep(
    "tian2017.convergence_probability", convergence_run,
    grid={"d": (2, 5, 10, 20), "eps": (0.1, 0.5)}, outcome="converged",
    title="fraction of gradient flows from the small ball that reach w*", seeds=40,
    outcome_label="P(gradient flow reaches w*)",
    axis_labels={"d": "d (input dimension)", "eps": "ε (initial-ball parameter, unitless)"},
    notes="Tian (2017), Theorem 4: at least (1 − ε)/2; the record keeps whether w0 started "
          "in Ω as well."))

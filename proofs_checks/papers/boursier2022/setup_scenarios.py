"""The side scenarios, each a shared simulation built once per (profile, seed): the main init
unbalanced or on correlated inputs (twins that drop an assumption), the two-group data without
a J* neuron, the equal-norm logistic run, the finite-λ bias batch and the Monte Carlo counts of
the width and coverage conditions."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from numeric.finite_data import Trajectory, gradient_flow
from numeric.orthogonal import (
    MEAN_SQUARE,
    OrthogonalData,
    init_shape,
    limit_function,
    neuron_classes,
    orthogonal_data,
    solve_coefficients,
)
from proofs_checks.kit import Context

from .setup import MainRun, bias_exponents, main_run, scenario, test_points

#: Clopper–Pearson level of the Monte Carlo claims: a false "violated" at most 1% of seeds
#: per case
CONF = 0.99


def unbalanced_run(ctx: Context) -> tuple[MainRun, Trajectory]:
    """The main data and init shape at λ = 1e-3 with a_j(0) = 0.1 s_j ||w_j(0)||."""
    p = ctx.profile

    def build():
        run = main_run(ctx)
        W = 1e-3 * run.Z
        v = 0.1 * run.s * np.linalg.norm(W, axis=-1)
        te = np.linspace(0.0, 20.0, 41)
        return run, gradient_flow(W, v, run.data.X, run.data.y, te, loss=MEAN_SQUARE,
                                  rtol=p.ode_rtol)

    return scenario(ctx).shared("unbalanced", build)


def correlated_run(ctx: Context) -> tuple[MainRun, np.ndarray, Trajectory]:
    """The main init at λ = 1e-3 on inputs mixed to be non-orthogonal."""

    def build():
        run = main_run(ctx)
        X = run.data.X.copy()
        Xc = X + 0.3 * np.roll(X, 1, axis=0)  # <x_k, x_{k-1}> ≠ 0 now
        W = 1e-3 * run.Z
        v = run.s * np.linalg.norm(W, axis=-1)
        # short horizon: the drift is already ~λ·t, far above rounding, and a longer run meets a
        # sliding mode the switched integrator refuses (non-orthogonal kinks)
        te = np.linspace(0.0, 0.1, 3)
        # rtol 1e-9 at every profile: the drift to detect is ~1e-4, and at tighter rtol the
        # integrator stalls on this non-orthogonal data
        return run, Xc, gradient_flow(W, v, Xc, run.data.y, te, loss=MEAN_SQUARE, rtol=1e-9)

    return scenario(ctx).shared("correlated", build)


@dataclass
class GroupsRun:
    data: OrthogonalData
    tr: Trajectory  # run 0: covered (groups {1,2},{3}); run 1: point 3 uncovered
    lam: float


def groups_run(ctx: Context) -> GroupsRun:
    """Three positive points of norm 1; neuron A active on {1,2}, neuron B on {3} only.

    Run 0: both positive (every point covered, J+* = ∅). Run 1: B negative (point 3 has no
    active positive neuron).
    """
    p = ctx.profile
    sh = scenario(ctx)

    def build() -> GroupsRun:
        rng = sh.rng("groups")
        data = orthogonal_data(rng, np.ones(3), np.ones(3), dim=4)
        mag = 0.5 + rng.random((2, 3))
        perp = data.perp(rng.standard_normal((2, 4)))
        zA = (mag[0] * np.array([1.0, 1.0, -1.0])) @ data.E + 0.3 * perp[0]
        zB = (mag[1] * np.array([-1.0, -1.0, 1.0])) @ data.E + 0.3 * perp[1]
        Z = np.stack([zA, zB]) / math.sqrt(4 * 2)
        lam = 1e-6
        W = lam * np.stack([Z, Z])
        s = np.array([[1.0, 1.0], [1.0, -1.0]])
        v = s * np.linalg.norm(W, axis=-1)
        T = 1.6 * data.n * math.log(1 / lam) / 1.0 + 10.0  # slowest group: ||D_{3}|| = 1
        te = np.linspace(0.0, T, 201)
        tr = gradient_flow(W, v, data.X, data.y, te, loss=MEAN_SQUARE, rtol=p.ode_rtol)
        return GroupsRun(data, tr, lam)

    return sh.shared("groups", build)


@dataclass
class LogisticRun:
    data: OrthogonalData
    tr: Trajectory
    lam: float


def logistic_run(ctx: Context) -> LogisticRun:
    """Equal norms within each class; one planted neuron per class, active exactly on it."""
    p = ctx.profile
    sh = scenario(ctx)

    def build() -> LogisticRun:
        rng = sh.rng("logistic")
        data = orthogonal_data(rng, np.array([1.0, 1.0, 1.5, 1.5]),
                               np.array([1.0, 0.6, -0.8, -0.5]), dim=5)
        Z = []
        for sign in (1, -1):
            own = data.pos if sign > 0 else ~data.pos
            coef = np.where(own, 1.0, -1.0) * (0.5 + rng.random(4))
            Z.append(coef @ data.E + 0.3 * data.perp(rng.standard_normal(5)))
        Z = np.array(Z) / math.sqrt(5 * 2)
        lam = 1e-8
        W = lam * Z
        v = np.array([1.0, -1.0]) * np.linalg.norm(W, axis=-1)
        T = 1.3 * data.n * math.log(1 / lam) / min(np.linalg.norm(data.D(1)),
                                                   np.linalg.norm(data.D(-1))) + 10
        te = np.linspace(0.0, T, 301)
        tr = gradient_flow(W, v, data.X, data.y, te, loss=MEAN_SQUARE, rtol=p.ode_rtol)
        return LogisticRun(data, tr, lam)

    return sh.shared("logistic", build)


@dataclass
class BiasRun:
    data: OrthogonalData
    Z: np.ndarray
    s: np.ndarray
    lams: np.ndarray
    err: np.ndarray
    exponent: float
    next_order: float | None  # q of the relative λ^q correction (the next subset), if any


def bias_run(ctx: Context) -> BiasRun:
    """n = 3 equal positive points, random init, λ from 1e-4 to 1e-12: the error vs h∞."""
    p = ctx.profile
    sh = scenario(ctx)

    def build() -> BiasRun:
        rng = sh.rng("bias")
        data = orthogonal_data(rng, np.ones(3), np.ones(3), dim=5)
        m = min(p.n(100, minimum=40), 400)
        Z, s = init_shape(rng, m, 5)
        for _ in range(1000):  # J+* ≠ ∅ (the theorem's assumption)
            if np.any((neuron_classes(Z, s, data) == 2) & (s > 0)):
                break
            Z, s = init_shape(rng, m, 5)
        # The next subset size adds a relative λ^q term (q ≈ 0.48 here: ≈ 0.04 at 1e-3), fitted
        # as a nuisance column; seven λ at least, as the fit has three coefficients.
        lams = np.geomspace(1e-4, 1e-12, max(7, min(13, p.n(13))))
        T = 1.6 * data.n * np.log(1 / lams.min()) / np.linalg.norm(data.D(1)) + 20.0
        # The canonical solution through the reduced ODE (validated against the full flow by
        # boursier2022.decoupled_ode), cheaper than the full flow at 40-400 neurons.
        Xt = test_points(ctx, 5)
        target = limit_function(Xt, data)
        W0 = lams[:, None, None] * Z[None]  # the λ runs in one batch
        P0 = data.perp(W0)
        sol = solve_coefficients(W0 @ data.X.T, s, np.sum(P0 ** 2, axis=-1), data.y,
                                 data.r ** 2, np.array([0.0, T]), rtol=p.ode_rtol)
        W = sol.C[-1] @ (data.X / data.r[:, None] ** 2) + P0
        v = s * np.linalg.norm(W, axis=-1)
        h = np.einsum("bth,bh->bt", np.maximum(np.einsum("td,bhd->bth", Xt, W), 0.0), v)
        err = np.linalg.norm(h - target[None], axis=1) / np.linalg.norm(target)
        ex = bias_exponents(data, Z, s)
        return BiasRun(data, Z, s, lams, err, float(ex[0]) if ex.size else math.inf,
                       float(ex[1] - ex[0]) if ex.size > 1 else None)

    return sh.shared("bias", build)


def init_counts(ctx: Context, n_pos: int, n_neg: int, m: int, key: str
                ) -> tuple[int, int, int]:
    """Random inits on real orthogonal data (random norms): (draws with J+* ≠ ∅, draws with
    every point covered by an active neuron of its sign, draws). Drawn once per run: every
    case of a claim and its twin count the same draws."""
    p = ctx.profile
    sh = scenario(ctx)

    def count() -> tuple[int, int, int]:
        # Undecided happens when the estimate strays from the truth by more than the equality's
        # resolution δ = 0.015 minus the interval's half width z·σ. For that to be a < 1e-7
        # event per check, σ ≤ δ/(2.58 + 5.3), i.e. N ≥ p(1 − p)/σ² ≈ 55 000 at p ≈ 0.7;
        # 20 000 (quick) left it undecided at about 3% of seeds (seen at seed 1289000169)
        N = max(p.n(50_000), 60_000)
        rng = sh.rng("mc", key)
        n = n_pos + n_neg
        d = n + 2
        data = orthogonal_data(rng, 0.5 + rng.random(n), np.r_[np.ones(n_pos), -np.ones(n_neg)],
                               d)
        jstar = cover = 0
        chunk = 5_000
        done = 0
        while done < N:
            b = min(chunk, N - done)
            Z = rng.standard_normal((b, m, d))
            s = np.where(rng.random((b, m)) < 0.5, -1.0, 1.0)
            act = (Z @ data.X.T) > 0  # (b, m, n)
            own = np.where(s[..., None] > 0, data.pos, ~data.pos)
            full_pos = np.all(act | ~data.pos, axis=-1) & (s > 0)
            jstar += int(np.sum(np.any(full_pos, axis=1)))
            cov = np.any(act & own, axis=1)  # (b, n): point k has an active neuron of its sign
            cover += int(np.sum(np.all(cov, axis=1)))
            done += b
        return jstar, cover, N

    return sh.shared(("mc", n_pos, n_neg, m, key), count)

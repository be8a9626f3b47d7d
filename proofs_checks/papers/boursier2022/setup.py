"""What several Boursier et al. claims read: the working example (n = 4 orthogonal inputs, two
labels of each sign, unequal norms), its conditioned init, the main batch of full-flow runs
over λ, the canonical limit state (reduced ODE at the smallest λ), the class-(b) exponents of
the finite-λ bias and the seeded Gaussian test points.

Every simulation is built once per (profile, seed) through the paper's context
(``boursier2022.shared``, :func:`scenario`) and draws from it, so a claim and its twins, and
the claims reading one run, see the same data and initialisation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from numeric.finite_data import Trajectory, gradient_flow
from numeric.orthogonal import (
    MEAN_SQUARE,
    OrthogonalData,
    class_losses,
    init_shape,
    neuron_classes,
    orthogonal_data,
    solve_coefficients,
)
from proofs_checks.kit import Context, Profile

EPS = float(np.finfo(float).eps)
PAPER = "boursier2022"
THEORY = "docs/theory/boursier2022.md"
NO_TEXT = ("The paper's full text was unavailable: this is a reconstruction "
           f"({THEORY}), not the paper's wording or constants.")

# The working example: n = 4, two labels of each sign, unequal norms.
LABELS = np.array([1.0, 0.5, -0.7, -0.4])
NORMS = np.array([1.0, 1.5, 0.8, 1.2])


def scenario(ctx: Context) -> Context:
    """The paper's shared context ``boursier2022.shared``: ``ctx.paper()`` for the paper's
    claims and twins, named so that any other context (a notebook's) reads the same runs."""
    return ctx.paper(PAPER)


def draw_init(rng: np.random.Generator, data: OrthogonalData, m: int, d: int
              ) -> tuple[np.ndarray, np.ndarray]:
    """An init with J+* and J−* non-empty (the theorem's assumption), by rejection."""
    for _ in range(1000):
        Z, s = init_shape(rng, m, d)
        cls = neuron_classes(Z, s, data)
        if np.any((cls == 2) & (s > 0)) and np.any((cls == 2) & (s < 0)):
            return Z, s
    raise RuntimeError("no init with J+* and J-* non-empty in 1000 draws")  # pragma: no cover


@dataclass
class MainRun:
    """The full flow on the working example, one run per λ (batched)."""

    data: OrthogonalData
    Z: np.ndarray  # (m, d) init shape
    s: np.ndarray  # (m,)
    lams: np.ndarray  # (B,)
    tr: Trajectory
    Lp: np.ndarray  # (K, B) loss of the positive class
    Lm: np.ndarray  # (K, B) loss of the negative class

    @property
    def T(self) -> tuple[np.ndarray, np.ndarray]:
        """Predicted escape times (n/||D±||) log(1/λ) per run: (T+, T−) each (B,)."""
        lg = np.log(1.0 / self.lams)
        n = self.data.n
        return (n / np.linalg.norm(self.data.D(1)) * lg, n / np.linalg.norm(self.data.D(-1)) * lg)

    def at(self, t: float) -> int:
        """Index of the record time nearest t."""
        return int(np.argmin(np.abs(self.tr.t - t)))


def lambda_count(p: Profile) -> int:
    """Runs in the main batch (λ from 1e-3 down to 1e-12): 4 to 8."""
    return max(4, min(8, p.n(10)))


def main_run(ctx: Context) -> MainRun:
    """The working example with m neurons, λ from 1e-3 to 1e-12, to 1.6 T_slow + 10."""
    p = ctx.profile
    sh = scenario(ctx)

    def build() -> MainRun:
        rng = sh.rng("main")
        data = orthogonal_data(rng, NORMS, LABELS, dim=6)
        m = min(p.n(50, minimum=30), 150)
        Z, s = draw_init(rng, data, m, 6)
        lams = np.geomspace(1e-3, 1e-12, lambda_count(p))
        Tc = zero_loss_horizon(data, lams)
        dt = 0.5 if p.scale <= 1 else 0.25  # drop windows are ~n/||D|| ≈ 3-5 wide
        Tp = data.n / np.linalg.norm(data.D(1)) * np.log(1 / lams)
        Tm = data.n / np.linalg.norm(data.D(-1)) * np.log(1 / lams)
        special = np.concatenate([Tc, Tc / data.n, 0.5 * (Tp + Tm)])
        te = np.unique(np.concatenate([np.arange(0.0, Tc.max() + 10.0, dt), special]))
        W = lams[:, None, None] * Z[None]
        v = s[None] * np.linalg.norm(W, axis=-1)
        tr = gradient_flow(W, v, data.X, data.y, te, loss=MEAN_SQUARE, rtol=p.ode_rtol)
        Lp, Lm = class_losses(tr.W, tr.v, data)
        return MainRun(data, Z, s, lams, tr, Lp, Lm)

    return sh.shared("main", build)


def zero_loss_horizon(data: OrthogonalData, lams: np.ndarray, factor: float = 1.0
                      ) -> np.ndarray:
    """factor · T_c per λ, T_c = 1.6 n log(1/λ)/min||D±|| (the reconstruction's horizon)."""
    Dmin = min(np.linalg.norm(data.D(1)), np.linalg.norm(data.D(-1)))
    return factor * 1.6 * data.n * np.log(1.0 / lams) / Dmin


def lambda_cases(which: str):
    """One case per run of the main batch."""

    def cases(p: Profile):
        return [{"run": i, "what": which} for i in range(lambda_count(p))]

    return cases


def theta_squared(W, v) -> float:
    """||θ||² = Σ_j a_j² + ||w_j||²."""
    return float(np.sum(W * W) + np.sum(v * v))


def test_points(ctx: Context, d: int) -> np.ndarray:
    """Seeded Gaussian test inputs at which functions are compared."""
    return scenario(ctx).rng("test", d).standard_normal((ctx.profile.n(2000, minimum=500), d))


def bias_exponents(data: OrthogonalData, Z, s) -> np.ndarray:
    """The distinct 2(1 − ||D_S||/||D_c||) over the class-(b) active sets present at init,
    ascending: the leading exponent of the bias first, then the next-order ones."""
    act = (Z @ data.X.T) > 0
    out = []
    for j in range(Z.shape[0]):
        own = data.pos if s[j] > 0 else ~data.pos
        S = np.nonzero(act[j] & own)[0]
        if 0 < S.size < own.sum():
            ratio = np.linalg.norm(data.D_subset(S)) / np.linalg.norm(data.D(int(s[j])))
            out.append(2 * (1 - ratio))
    return np.unique(np.round(np.array(out, float), 12))


def leading_bias_exponent(data: OrthogonalData, Z, s) -> float:
    """The smallest 2(1 − ||D_S||/||D_c||) over the class-(b) active sets present at init."""
    e = bias_exponents(data, Z, s)
    return float(e[0]) if e.size else math.inf


@dataclass
class LimitState:
    """The final state at the smallest λ of the main batch, along the canonical solution."""

    W: np.ndarray  # (m, d) final weights of the canonical (frozen-at-kink) solution
    v: np.ndarray  # (m,)
    lam: float
    full_W: np.ndarray  # the full-flow integrator's final state, for comparison
    full_v: np.ndarray
    reactivated: int  # kink pairs the full-flow integrator switched back on


def limit_state(ctx: Context) -> LimitState:
    """The final state at the smallest λ along the *canonical* solution.

    With σ'(0) = 0 a pair that reaches the kink (c_jk = 0) may stay there or re-enter when its
    residual later changes sign (within-class overshoot, unequal norms): the flow is not unique.
    The full-flow integrator lands such pairs at c ≈ −1e-14 and sometimes switches them back
    on; the statements are about the solution that keeps them frozen, which the reduced ODE
    (validated against the full flow by boursier2022.decoupled_ode) follows exactly.
    """
    p = ctx.profile

    def build() -> LimitState:
        run = main_run(ctx)
        b = int(np.argmin(run.lams))
        d = run.data
        W0 = run.tr.W[0, b]
        P0 = d.perp(W0)
        sol = solve_coefficients(W0 @ d.X.T, run.s, np.sum(P0 ** 2, axis=-1), d.y, d.r ** 2,
                                 np.array([0.0, float(run.tr.t[-1])]), rtol=p.ode_rtol)
        W = sol.C[-1] @ (d.X / d.r[:, None] ** 2) + P0
        v = run.s * np.linalg.norm(W, axis=-1)
        Cf = run.tr.W[:, b] @ d.X.T
        was_off = np.maximum.accumulate((Cf <= 0) & (Cf[0] > 0), axis=0)
        re = int(np.sum(np.any(was_off & (Cf > 0), axis=0)))
        return LimitState(W, v, float(run.lams[b]), run.tr.W[-1, b], run.tr.v[-1, b], re)

    return scenario(ctx).shared("limit", build)

"""Finite-sample GD tracks the population (r, θ) ODE, time scaled by κ for spherical data."""

from __future__ import annotations

import math

import numpy as np

from numeric import integrate_batch, pair_angle
from proofs_checks.kit import Context, Evidence, Profile

from . import paper
from .setup import e1, notes, random_w0, sample_spherical


def cases(p: Profile) -> list[str]:
    return ["gaussian", "spherical"]


def _gd(case: str, ctx: Context):
    """200 GD steps (η = 0.1) on N samples, d = 5, from r0 = 0.5, θ0 = 2."""

    def run():
        rng = ctx.rng("gd20", case)
        d = 5
        N = max(20_000, ctx.profile.samples // 10)  # 2e4 quick, 1e5 ci, 1e6 thorough
        eta, steps = 0.1, 200  # horizon t = 20
        if case == "gaussian":
            X = rng.standard_normal((N, d))
            kappa = 1.0
        else:
            X = sample_spherical(rng, N, d, 3.0)
            kappa = 3.0**2 / (3 * d)  # Eρ² = 3 for ρ ~ U(0, 3): κ = 3/5 = 0.6
        v = e1(d)
        y = np.maximum(X @ v, 0.0)
        w = random_w0(rng, d, 0.5, 2.0)
        Ws = np.empty((steps + 1, d))
        Ws[0] = w
        for k in range(steps):
            pre = X @ w
            resid = np.maximum(pre, 0.0) - y
            grad = ((pre > 0) * resid) @ X / N
            w = w - eta * grad
            Ws[k + 1] = w
        t = eta * np.arange(steps + 1)
        rs = np.linalg.norm(Ws, axis=1)
        ths = pair_angle(Ws, np.broadcast_to(v, Ws.shape))
        return rs, ths, t, kappa, N, eta

    return ctx.shared(f"gd20:{case}", run)


def check(case: str, ctx: Context, *, use_kappa: bool) -> Evidence:
    rs, ths, t, kappa, N, eta = _gd(case, ctx)
    k = kappa if use_kappa else 1.0

    def ode_run():  # both κ in one batch, shared by the claim and its twin
        return integrate_batch(0.5, theta0=2.0, kappa=[kappa, 1.0], t_end=float(t[-1]),
                               rtol=1e-10, atol=1e-12, t_eval=t)

    ode = ctx.shared(f"gd20ode:{case}", ode_run)
    j = 0 if use_kappa else 1
    dev = max(float(np.max(np.abs(ode.r_eval[j] - rs))),
              float(np.max(np.abs(ode.theta_eval[j] - ths))))
    # Allowed deviation: 3e-2 at N = 2e5, scaled as 1/√N (sampling error of the empirical
    # gradient), plus the GD–GF gap ≈ 0.1 η (lee2022.gd_gf_gap measured ~0.07 η).
    allowed = 3e-2 * math.sqrt(2e5 / N) + 0.1 * eta
    return Evidence.upper_bound(
        dev, allowed, tolerance=1e-9,
        reason=f"max |Δr|, |Δθ| on t ∈ [0, 20], N = {N}, η = {eta}, ODE with κ = {k:g}; "
               "allowed = 3e-2·√(2e5/N) + 0.1η (the measured deviation at N = 2e5 scaled by "
               "1/√N, plus the O(η) GD–GF gap)",
        detail={"kappa_data": kappa})


claim = paper.claim(
    "finite_sample_gd", where="finite samples (reconstructed)",
    title="Finite-sample GD tracks the population ODE (time scaled by κ for spherical data)",
    statement="GD on N samples (d = 5; Gaussian, or spherical with ρ ~ U(0,3), κ = 0.6) stays "
              "within ~3e-2·√(2e5/N) of the (r, θ) ODE with κ (3e-2 measured at N = 2e5).",
    source="R", method="montecarlo", cases=cases, derivation="single_neuron_ode",
    settings={"use_kappa": True},
    notes=notes("The tolerance is a measured deviation scaled by 1/√N; it is empirical, not a "
                "proved bound (docs/theory/lee2022.md, 'Finite samples')."),
)(check)

claim.twin("no_time_rescale", title="Spherical data follow the Gaussian ODE (κ = 1, no rescale)",
           use_kappa=False, cases=lambda p: ["spherical"])

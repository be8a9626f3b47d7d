"""Escape from small initialisation (P6): the comparison bounds on the escape times, the event
times they are checked against, and the convergence-time batch of the scaling claim."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from numeric import Event, converged_event, integrate_batch, r_level_event
from proofs_checks.kit import Context, Profile, fit_slope

from .setup import g_fn

THETA0 = 2.0  # initial angle of every escape-time experiment
RHO1 = 0.9  # the level r = ρ₁ of the escape-time lower bound
EVENT_TOL = 1e-7  # log-time tolerance of an event: DP5 rtol 1e-10 dense output + bisection
CONF = 0.95  # confidence of the slope bands (two-sided Student t on the slope's stderr)
REL_SCALING = 0.05  # 5% on the exponents / ratios


def escape_bounds(L: int, r0: float, kappa: float = 1.0, c_lower: float = 2.0):
    """(lower bound on T(r = ρ₁), upper bound on T(r^L = g(φ0)/2π), the level g(φ0)/2π^{1/L})."""
    g0 = float(g_fn(math.pi - THETA0))
    if L == 2:
        lower = c_lower * math.log(RHO1 / r0) / kappa
        # Upper for L = 2 [R, derived here]: d ln r/dt ≥ κ g0/(4π) while r² ≤ g0/(2π) — the
        # L → 2 limit of the L ≥ 3 bound.
        upper = 4 * math.pi * math.log((g0 / (2 * math.pi)) ** 0.5 / r0) / (kappa * g0)
    else:
        p = L - 2
        lower = c_lower * (r0**-p - RHO1**-p) / (p * kappa)
        upper = 4 * math.pi * (r0**-p - (g0 / (2 * math.pi)) ** (-p / L)) / (p * kappa * g0)
    return lower, upper, (g0 / (2 * math.pi)) ** (1.0 / L)


def escape_cases(p: Profile) -> list[dict]:
    return [{"L": L, "r0": r0} for L in (2, 3, 4) for r0 in (0.1, 0.03, 0.01)]


def escape_times(ctx: Context) -> dict:
    """(T(r = 0.9), T(r^L = g(φ0)/2π)) per (L, r0) of :func:`escape_cases`, κ = 1."""

    def run():
        cases = escape_cases(ctx.profile)
        L = np.array([c["L"] for c in cases])
        r0 = np.array([c["r0"] for c in cases])
        bounds = [escape_bounds(c["L"], c["r0"]) for c in cases]
        log_level = np.log(np.array([b[2] for b in bounds]))

        # r^L = g(φ0)/(2π) comes first (level < 0.9), so only the r = 0.9 event is terminal:
        # integrating on past convergence would be stability-limited (rate κL/2) for no use.
        half_g = Event("half_g", lambda t, y, idx: y[:, 0] - log_level[idx])
        sol = integrate_batch(r0, theta0=THETA0, depth=L, kappa=1.0,
                              t_end=np.array([20 * b[1] + 100 for b in bounds]), rtol=1e-10,
                              atol=1e-12,
                              events=[half_g, r_level_event(RHO1, name="rho1", terminal=True)])
        return {(c["L"], c["r0"]): (float(sol.events["rho1"][i]), float(sol.events["half_g"][i]))
                for i, c in enumerate(cases)}

    return ctx.shared("p6", run)


def scaling_grid(L: int, p: Profile) -> np.ndarray:
    n = p.n(8, minimum=5)
    if L == 1:
        return np.geomspace(0.3, 3e-3, n)  # the range of the paper's regime of interest
    if L == 2:
        return np.geomspace(1e-2, 1e-6, n)  # Θ(log): needs decades in ln(1/r0)
    return np.geomspace(1e-2, 1e-4, n)  # asymptotic regime: the additive O(1) time is < 2%


def convergence_times(ctx: Context) -> dict:
    """T = first time θ ≤ 1e-3 and |r − 1| ≤ 1e-3 from θ0 = 2, κ = 1, over the r0 grid of
    each depth, then the four ratio rows (r0 = 0.01 → 0.003 at L = 3, 4) last."""

    def run():
        p = ctx.profile
        r0s, Ls = [], []
        for L in (1, 2, 3, 4):
            g = scaling_grid(L, p)
            r0s.append(g)
            Ls.append(np.full(g.size, L))
        r0s.append(np.array([0.01, 0.003, 0.01, 0.003]))
        Ls.append(np.array([3, 3, 4, 4]))
        r0 = np.concatenate(r0s)
        L = np.concatenate(Ls)
        t_end = 100.0 + 50.0 * r0 ** -(np.maximum(L - 2, 0).astype(float))
        sol = integrate_batch(r0, theta0=THETA0, depth=L, kappa=1.0, t_end=t_end,
                              rtol=1e-10, atol=1e-12, events=[converged_event(1e-3, 1e-3)])
        T = sol.events["converged"]
        return {"r0": r0, "L": L, "T": T, "n_ratio": 4}

    return ctx.shared("scaling", run)


def slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Least-squares slope of y on x and the half width of its CONF t-band."""
    fit = fit_slope(x, y, conf=CONF)
    return fit.slope, fit.halfwidth


def plot_scaling(result: Any, ctx: Context, png_path: str) -> None:
    import matplotlib.pyplot as plt

    D = convergence_times(ctx)
    nr = D["n_ratio"]
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for L in (1, 2, 3, 4):
        sel = D["L"][:-nr] == L
        r0, T = D["r0"][:-nr][sel], D["T"][:-nr][sel]
        (ln,) = ax.loglog(r0, T, "o-", label=f"L = {L}")
        i = int(np.argmin(r0))  # the claimed law, anchored at the smallest r0
        if L >= 3:
            ax.loglog(r0, T[i] * (r0 / r0[i]) ** (-(L - 2)), "--", color=ln.get_color(),
                      lw=1, label=f"claimed slope −{L - 2} (L = {L})")
        elif L == 2:  # T = (2/κ) ln(1/r0) + O(1), κ = 1
            ax.loglog(r0, T[i] + 2 * (np.log(1 / r0) - np.log(1 / r0[i])), "--",
                      color=ln.get_color(), lw=1, label="claimed 2 ln(1/r0) + c (L = 2)")
    ax.set(xlabel="r0 = ‖w(0)‖ (units of v)",
           ylabel="convergence time T (gradient-flow time; θ ≤ 1e-3, |r−1| ≤ 1e-3)",
           title="escape time vs init scale (θ0 = 2, κ = 1)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(png_path, dpi=90)
    plt.close(fig)

"""The envelope claims' machinery (P2–P4): the bounds as monitors evaluated at t0 and every
accepted step of a batch of reduced flows, the batch itself, the check and the plot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from numeric import integrate_batch
from proofs_checks.kit import Context, Evidence

from .setup import g_fn, log_uniform
from .setup_flows import global_allowance, ode_tols

SLACK_ONE_LAYER = 1e-7  # slack 1e-7 in log (the envelopes touch at t = 0)
SLACK_DEEP = 1e-6  # slack 1e-6 in log


def one_layer_monitors() -> dict[str, Callable]:
    """Log-margins of P2 (magnitude) and P3 (angle) for L = 1, and the twins' wrong bounds."""

    def common(v):
        r0, z0, k, phi0 = v.param("r0"), v.param("z0"), v.param("kappa"), v.param("phi0")
        return r0, z0, k, phi0, g_fn(phi0)

    def r_lower(v):
        r0, _, k, _, g0 = common(v)
        e = np.exp(-0.5 * k * v.t)
        return v.log_r - np.log(r0 * e + g0 / np.pi * (1 - e))

    def r_upper(v):
        r0, _, k, _, _ = common(v)
        e = np.exp(-0.5 * k * v.t)
        return np.log(r0 * e + (1 - e)) - v.log_r

    def z_upper(v):  # tan(θ/2) ≤ tan(θ0/2) exp(−κ φ0 t/(2π r_max))
        r0, z0, k, phi0, _ = common(v)
        return z0 - k * phi0 * v.t / (2 * np.pi * np.maximum(r0, 1.0)) - v.z

    def z_lower(v):  # tan(θ/2) ≥ tan(θ0/2) exp(−κ t/(2 r_min))
        r0, z0, k, _, g0 = common(v)
        return v.z - (z0 - k * v.t / (2 * np.minimum(r0, g0 / np.pi)))

    # False twins' envelopes, monitored in the same pass.
    def tw_r_lower_full_rate(v):  # r ≥ r0 e + (1 − e): as if φ0 = π
        r0, _, k, _, _ = common(v)
        e = np.exp(-0.5 * k * v.t)
        return v.log_r - np.log(r0 * e + (1 - e))

    def tw_z_upper_no_r(v):  # angular rate without 1/r_max
        r0, z0, k, phi0, _ = common(v)
        return z0 - k * phi0 * v.t / (2 * np.pi) - v.z

    return {"r_lower": r_lower, "r_upper": r_upper, "z_upper": z_upper, "z_lower": z_lower,
            "tw_r_lower_full_rate": tw_r_lower_full_rate, "tw_z_upper_no_r": tw_z_upper_no_r}


def deep_monitors() -> dict[str, Callable]:
    """Log-margins of P4 (balanced L = 2..4), and the twins' wrong bounds."""

    def common(v):
        r0, z0, k, phi0, L = (v.param("r0"), v.param("z0"), v.param("kappa"), v.param("phi0"),
                              v.param("depth"))
        g0 = g_fn(phi0)
        rmin = np.minimum(r0, (g0 / np.pi) ** (1.0 / L))
        rmax = np.maximum(r0, 1.0)
        return r0, z0, k, phi0, L, rmin, rmax

    def r_lower(v):
        *_, rmin, _ = common(v)
        return v.log_r - np.log(rmin)

    def r_upper(v):
        *_, rmax = common(v)
        return np.log(rmax) - v.log_r

    def z_upper(v):  # tan(θ/2) ≤ tan(θ0/2) exp(−κ φ0 r_min^{L−2} t/(2π))
        r0, z0, k, phi0, L, rmin, rmax = common(v)
        return z0 - k * phi0 * rmin ** (L - 2) * v.t / (2 * np.pi) - v.z

    def z_lower(v):  # tan(θ/2) ≥ tan(θ0/2) exp(−κ r_max^{L−2} t/2)
        r0, z0, k, phi0, L, rmin, rmax = common(v)
        return v.z - (z0 - k * rmax ** (L - 2) * v.t / 2)

    def tw_z_upper_rmax(v):  # guaranteed angular rate with r_max in place of r_min
        r0, z0, k, phi0, L, rmin, rmax = common(v)
        return z0 - k * phi0 * rmax ** (L - 2) * v.t / (2 * np.pi) - v.z

    def tw_r_upper_one(v):  # r ≤ 1 (the max with r0 dropped)
        return -v.log_r

    return {"r_lower": r_lower, "r_upper": r_upper, "z_upper": z_upper, "z_lower": z_lower,
            "tw_z_upper_rmax": tw_z_upper_rmax, "tw_r_upper_one": tw_r_upper_one}


def envelope_runs(ctx: Context, deep: bool) -> dict:
    """Random reduced flows (L = 1, or balanced L = 2..4) with every envelope monitored."""

    def run():
        p = ctx.profile
        rng = ctx.rng("env")
        n = p.n(200, minimum=60)
        if deep:
            r0 = log_uniform(rng, 0.05, 3.0, n)
            L = rng.integers(2, 5, n)
        else:
            r0 = log_uniform(rng, 1e-3, 10.0, n)
            L = np.ones(n, dtype=int)
        theta0 = rng.uniform(0.05, np.pi - 0.05, n)
        kappa = rng.uniform(0.3, 3.0, n)
        rtol, atol = ode_tols(p)
        T = 30.0 / kappa  # ≥ 15 time constants 2/κ: every trajectory has (nearly) converged
        mons = deep_monitors() if deep else one_layer_monitors()
        grid = np.linspace(0.0, 10.0, 201)  # for plots (T ≥ 10 for every κ ≤ 3)
        sol = integrate_batch(r0, theta0=theta0, depth=L, kappa=kappa, t_end=T, rtol=rtol,
                              atol=atol, monitors=mons, t_eval=grid)
        zmax = float(np.max(np.abs(np.concatenate([sol.z0, sol.z]))))
        return {"sol": sol, "min": {k: v for k, v in sol.monitor_min.items()},
                "allow": global_allowance(rtol, atol, max(zmax, 10.0)), "n": n,
                "ok": bool(np.all(sol.status >= 0)), "grid": grid}

    return ctx.shared("env4" if deep else "env1", run)


def envelope_check(ctx: Context, *, deep: bool, bounds: tuple[str, ...],
                   slack: float) -> Evidence:
    """The smallest log-margin of ``bounds`` over the batch and its steps, plus ``slack``."""
    D = envelope_runs(ctx, deep)
    if not D["ok"]:
        return Evidence.failed("integration failed for some trajectory")
    per = {k: float(np.min(D["min"][k])) for k in bounds}
    worst = min(per, key=per.get)
    # Margin = (bound side) + slack, in log units; tolerance = the solver's global error of
    # ln r or z (the slack allows for the envelopes touching at t = 0).
    return Evidence.lower_bound(
        per[worst] + slack, 0.0, tolerance=D["allow"],
        reason=f"min over {D['n']} trajectories and every accepted step of the log-margins "
               f"{', '.join(bounds)}, plus slack {slack:g}; tolerance = global "
               "error allowance 10·(atol + rtol·|z|max)",
        detail={"per_bound_min": per, "worst_bound": worst})


def plot_envelopes(deep: bool):
    """Five trajectories of r and tan(θ/2) inside their envelopes."""

    def plot(result: Any, ctx: Context, png_path: str) -> None:
        import matplotlib.pyplot as plt

        D = envelope_runs(ctx, deep)
        sol = D["sol"]
        t = D["grid"]
        fig, axes = plt.subplots(1, 2, figsize=(10, 4))
        lo_y = np.inf
        for i in range(min(5, sol.r0.size)):
            r0, k, L = sol.r0[i], sol.kappa[i], sol.depth[i]
            g0 = float(g_fn(sol.phi0[i]))
            first = i == 0  # one legend entry per kind of curve
            (ln,) = axes[0].plot(t, sol.r_eval[i], lw=1.2,
                                 label="trajectories (five)" if first else None)
            col = ln.get_color()
            tan_half = np.exp(sol.z_eval[i])
            lo_y = min(lo_y, float(np.nanmin(tan_half)))
            axes[1].semilogy(t, tan_half, lw=1.2, color=col,
                             label="trajectories (five)" if first else None)
            if not deep:
                e = np.exp(-0.5 * k * t)
                axes[0].fill_between(t, r0 * e + g0 / np.pi * (1 - e), r0 * e + (1 - e),
                                     color=col, alpha=0.15,
                                     label="claimed envelope" if first else None)
                rmin, rmax = min(r0, g0 / np.pi), max(r0, 1.0)
                lo = np.exp(sol.z0[i] - k * t / (2 * rmin))
                hi = np.exp(sol.z0[i] - k * sol.phi0[i] * t / (2 * np.pi * rmax))
            else:
                rmin, rmax = min(r0, (g0 / np.pi) ** (1 / L)), max(r0, 1.0)
                axes[0].fill_between(t, rmin, rmax, color=col, alpha=0.1,
                                     label="claimed envelope" if first else None)
                lo = np.exp(sol.z0[i] - k * rmax ** (L - 2) * t / 2)
                hi = np.exp(sol.z0[i] - k * sol.phi0[i] * rmin ** (L - 2) * t / (2 * np.pi))
            axes[1].fill_between(t, lo, hi, color=col, alpha=0.15,
                                 label="claimed envelope" if first else None)
        axes[1].set_ylim(max(lo_y, 1e-30) / 10, None)
        axes[0].set(xlabel="t (gradient-flow time)", ylabel="r(t) = ‖w(t)‖ (units of v)",
                    title="magnitude and its envelope")
        axes[1].set(xlabel="t (gradient-flow time)", ylabel="tan(θ/2) (θ in radians)",
                    title="angle and its envelope")
        for ax in axes:
            ax.legend(fontsize=7)
        fig.suptitle(f"{result.id if result is not None else ''}")
        fig.tight_layout()
        fig.savefig(png_path, dpi=90)
        plt.close(fig)

    return plot

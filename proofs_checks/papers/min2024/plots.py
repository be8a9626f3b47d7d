"""Figures the report draws from the shared runs (matplotlib, Agg backend)."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context

from .setup_digits import digits
from .setup_flows import main_run, part2


def _plt():
    import matplotlib.pyplot as plt

    return plt


def plot_alignment(result, ctx: Context, png_path: str) -> None:
    """cos(w_j, x+-) of every neuron over time (main run, eps = 1e-6), alignment time marked."""
    plt = _plt()
    su, tr, tal = main_run(ctx)
    fig, ax = plt.subplots(figsize=(7, 4))
    b = 0
    for c, sg, col in ((su.dc.x_plus, 1.0, "tab:red"), (su.dc.x_minus, -1.0, "tab:blue")):
        cos = (tr.W[:, b] @ c) / (np.linalg.norm(tr.W[:, b], axis=-1) * np.linalg.norm(c))
        for j in np.nonzero(su.s[b] == sg)[0]:
            ax.plot(tr.t[1:], cos[1:, j], color=col, lw=0.8, alpha=0.7)
    ax.axvline(tal[b], color="k", ls="--", label=f"observed t_al = {tal[b]:.2f}")
    ax.set_xscale("log")
    ax.set_xlabel("t (gradient-flow time)")
    ax.set_ylabel("cos(w_j, x+) [V+, red], cos(w_j, x-) [V-, blue]")
    ax.set_title(f"alignment, eps = {su.eps:g}; Theorem 1's t1 = {su.t1[b]:.0f}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


def plot_loss_rate(result, ctx: Context, png_path: str) -> None:
    """(t - t2) L(t) against the bound 1/alpha."""
    plt = _plt()
    su, tr, tal, Vp, Vm, t2p, t2m = part2(ctx)
    alpha = (su.dc.mu * su.dc.x_min) ** 2 / (32 * su.dc.x_max)
    fig, ax = plt.subplots(figsize=(7, 4))
    top = 0.0
    for b in range(len(tal)):
        k2 = int(max(t2p[b], t2m[b]))
        t = tr.t[k2 + 1:]
        y = (t - tr.t[k2]) * tr.loss[k2 + 1:, b]
        top = max(top, float(np.nanmax(y)))
        ax.plot(t, y, label=f"run {b}")
    # the theorem's constant is a worst case over the data's geometry: say how loose it is here
    ax.axhline(1 / alpha, color="k", ls="--",
               label=f"claimed bound 1/α = {1 / alpha:.0f} ({1 / alpha / top:.0f}× the largest "
               "value: a worst-case constant)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("t (gradient-flow time)")
    ax.set_ylabel("(t − t2)·L(t) (flow time × loss)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


def plot_low_rank(result, ctx: Context, png_path: str) -> None:
    """Stable rank |W|_F^2 / |W|_2^2 over time against the limit 2."""
    plt = _plt()
    su, tr, tal = main_run(ctx)
    sv = np.linalg.svd(tr.W, compute_uv=False)
    sr = np.sum(sv ** 2, -1) / sv[..., 0] ** 2
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(tr.t[1:], sr[1:])
    ax.axhline(2.0, color="k", ls="--", label="limsup bound 2")
    ax.set_xscale("log")
    ax.set_xlabel("t (gradient-flow time)")
    ax.set_ylabel("stable rank of W (‖W‖_F² / ‖W‖₂², unitless)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)


def plot_digits(result, ctx: Context, png_path: str) -> None:
    """Digits 0 vs 1: alignment cosines, loss, |W|_2^2 and stable rank per iteration."""
    plt = _plt()
    r = digits(ctx, (0, 1))
    fig, axs = plt.subplots(1, 3, figsize=(12, 3.6))
    axs[0].plot(r["iters"], r["cos_plus"], label="cos(mean V+, x+)")
    axs[0].plot(r["iters"], r["cos_minus"], label="cos(mean V-, x-)")
    axs[0].axvline(2000, color="gray", ls=":", label="paper ~2000")
    axs[0].legend(fontsize=7)
    axs[0].set_ylabel("alignment cosine (unitless)")
    axs[1].semilogy(r["iters"], r["loss"], label="loss")
    axs[1].semilogy(r["iters"], r["spec2"], label="|W|_2^2")
    axs[1].axvline(3000, color="gray", ls=":", label="paper ~3000")
    axs[1].legend(fontsize=7)
    axs[1].set_ylabel("loss, ‖W‖₂²")
    axs[2].plot(r["iters"], r["stable_rank"])
    axs[2].set_ylabel("stable rank")
    for a in axs:
        a.set_xlabel("GD iteration")
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)

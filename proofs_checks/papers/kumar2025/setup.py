"""What several Kumar–Haupt claims share: the three papers they cite, the note every claim
carries (the statements are reconstructions), the fixed set-ups P3, P2 and R2, the solver
tolerance cap, and the evidence and plot helpers for rates and for several bounds at once."""

from __future__ import annotations

from functools import cache

import numpy as np

import numeric
from proofs_checks.kit import Citation, Evidence, Profile, fit_slope

THEORY = "docs/theory/kumar2025.md"

# [A], [B] and [C] of the theory note
TWO_HOMOGENEOUS = Citation(
    title="Directional Convergence Near Small Initializations and Saddles in Two-Homogeneous "
    "Neural Networks", arxiv="2402.09226", authors="Kumar, Haupt",
    where="near-origin directional convergence and saddle result (reconstructed; "
    f"{THEORY}, 'Paper A')",
)
DEEP_HOMOGENEOUS = Citation(
    title="Early Directional Convergence in Deep Homogeneous Neural Networks for Small "
    "Initializations", arxiv="2403.08121", authors="Kumar, Haupt",
    where=f"early directional convergence, L > 2 (reconstructed; {THEORY}, 'Paper B')",
)
BEYOND_ORIGIN = Citation(
    title="Towards Understanding Gradient Flow Dynamics of Homogeneous Neural Networks Beyond "
    "the Origin", arxiv="2502.15952", authors="Kumar, Haupt",
    where=f"escape, first saddle and sparsity (reconstructed; {THEORY}, 'Paper C')",
)

EPS = float(np.finfo(float).eps)
RECON = ("The theorem text was unavailable; this statement is a reconstruction "
         f"({THEORY}, 'Sources') checked on one of the fixed set-ups P3, P2, R2. ")

SMOOTH = {"locally_lipschitz_gradient": True, "loss": "square 1/2|H - y|^2",
          "relu_excluded": "ReLU has no locally Lipschitz gradient ([C] scope)"}


# -- the fixed set-ups (seeded data, pure functions of constants) -----------------------------
@cache
def p3():
    """L = 3, sigma = z^2: d = 4, n = 30, m = 5."""
    return numeric.homogeneous.setup_p3()


@cache
def p2():
    """L = 2 quadratic model sum_j a_j (w_j.x)^2, signs (+, +, +, -, -, -)."""
    return numeric.homogeneous.setup_p2()


@cache
def r2():
    """L = 3, sigma = ReLU^2: d = 3, n = 40, m = 6, inputs on the sphere."""
    return numeric.homogeneous.setup_r2()


SETUPS = {"P3": p3, "P2": p2, "R2": r2}


def label_matrix(net) -> np.ndarray:
    """M = sum_i y_i x_i x_i^T (the NCF of a square neuron is u^T M u)."""
    return (net.X * net.y[:, None]).T @ net.X


def capped_rtol(profile: Profile, cap: float = 1e-9) -> float:
    """Solver tolerance: the profile's, never looser than ``cap`` (the rates need it)."""
    return min(profile.ode_rtol, cap)


# -- evidence ---------------------------------------------------------------------------------
def loglog_slope(x, y) -> tuple[float, float, float]:
    """log-log least-squares slope with its 95% confidence half-width (t quantile x stderr)."""
    fit = fit_slope(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), conf=0.95)
    half = fit.halfwidth if fit.df > 0 else 0.0
    return fit.slope, half, fit.intercept


def rate_evidence(deltas, values, claimed: float, *, what: str, band: float = 0.2) -> Evidence:
    """slope of log(values) vs log(delta) equals ``claimed`` to +-band (the pass criterion of
    docs/theory/kumar2025.md, 'Pass criteria'); the tolerance is the fit's 95% CI half-width."""
    s, half, icpt = loglog_slope(deltas, values)
    return Evidence.agree(
        s, claimed, atol=band, uncertainty=half,
        reason=f"log-log slope of {what} vs delta (least squares); claimed {claimed} "
        f"+-{band} (pass criterion for rates); tolerance = 95% CI half-width of the slope",
        detail={"deltas": list(deltas), "values": list(values), "slope": s, "ci95": half,
                "intercept": icpt},
    )


def within_bounds(items: dict[str, tuple[float, float]], *, rounding: float, reason: str,
                  detail: dict | None = None) -> Evidence:
    """Several ``value <= bound`` facts at once: the margin is the smallest relative headroom
    ``1 - value/bound``; ``rounding`` is the relative float error of the values."""
    margins = {k: 1.0 - v / b for k, (v, b) in items.items()}
    worst = min(margins, key=margins.get)
    d = {k: {"value": v, "bound": b} for k, (v, b) in items.items()}
    d["worst"] = worst
    d.update(detail or {})
    return Evidence({k: v for k, (v, _) in items.items()}, {k: b for k, (_, b) in items.items()},
                    margins[worst], rounding, reason, d)


# -- plots ------------------------------------------------------------------------------------
def log_plot(png: str, x, ys: dict, title: str, xlabel: str = "δ (initial scale, ‖w(0)‖ = δ)",
             ylabel: str = "value (log scale; the legend names each curve)") -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.6))
    for lab, y in ys.items():
        ax.loglog(x, y, "o-", label=lab)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    plt.close(fig)


#: the activations Euler's identity and the key identity are checked for, with their set-up
EULER_CASES = [
    {"kind": "square", "p": 2.0, "alpha": 0.0, "setup": "P3"},
    {"kind": "relu_power", "p": 2.0, "alpha": 0.0, "setup": "R2"},
    {"kind": "leaky_relu_power", "p": 3.0, "alpha": 0.3, "setup": "P3"},
]

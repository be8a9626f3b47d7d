"""The K = d teacher–student search behind ``kd_spurious_minima``: Xavier starts, gradient
descent, Newton steps on |H|, the lowest-loss spurious minimum and its interval certificate,
once per K and run; and the claim's plot of the certified J and λ_min against K."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Citation, Context

SAFRAN_SHAMIR = Citation(
    "Spurious Local Minima are Common in Two-Layer ReLU Neural Networks", arxiv="1712.08968",
    where="Section 3 (K = d = 6 … 20, teacher I, second layer fixed to 1)",
    authors="Safran, Shamir")
#: the K of each profile (each K costs a search of ~5 s and a certificate of 0.1 s at K = 6 to
#: 4 s at K = 20)
K_VALUES = {"quick": (8,), "ci": (6, 8, 10, 12), "thorough": tuple(range(6, 21))}
#: starts per round, and the most rounds per K. Spurious minima are rarest at K = 6: 3 of 1024
#: Xavier starts here (Safran & Shamir report 0.3%), so K = 6 gets up to 200 rounds of 16 — a
#: run without one has probability ≈ 0.997^3200 < 1e-4; the search stops at the first round
#: that has one (~20 rounds, 25 s, on average). From K = 8 on they are several in a hundred.
STARTS = 16
ROUNDS = {6: 200}
DEFAULT_ROUNDS = 32
#: descent ends whose loss is below this are on their way to the global minimum (J = 0) and
#: are not polished
GLOBAL_LOSS = 1e-4


def newton_abs(w: np.ndarray, V: np.ndarray, *, grad_tol: float = 1e-13,
               steps: int = 60) -> np.ndarray:
    """Newton steps on |H| (the Hessian's eigenvalues in absolute value) until ‖∇J‖ ≤
    ``grad_tol``: a descent method that converges quadratically to minima and is not attracted
    by saddles, unlike Gauss–Newton on ‖∇J‖². Far from the end a step is backtracked until J
    decreases; once ‖∇J‖ < 1e-7, J changes by less than its own rounding, so there a full step
    is kept when it reduces ‖∇J‖ (and the iteration stops when it does not)."""
    for _ in range(steps):
        g = numeric.population_gradient(w, V).ravel()
        gn = float(np.linalg.norm(g))
        if gn <= grad_tol:
            break
        lam, Q = np.linalg.eigh(numeric.population_hessian(w, V))
        step = -(Q @ ((Q.T @ g) / np.maximum(np.abs(lam), 1e-8))).reshape(w.shape)
        if gn < 1e-7:
            trial = w + step
            if np.linalg.norm(numeric.population_gradient(trial, V)) >= gn:
                break
            w = trial
            continue
        j0, t = float(numeric.population_loss(w, V)), 1.0
        while t > 1e-6 and numeric.population_loss(w + t * step, V) > j0 + 1e-4 * t * float(
                g @ step.ravel()):
            t /= 2
        w = w + t * step
    return w


def spurious_minimum(ctx: Context, K: int) -> dict:
    """The lowest-loss spurious minimum that descent reaches from Xavier starts, with its float
    and interval certificates; once per K and run."""

    def build() -> dict:
        V = np.eye(K)
        rng = ctx.rng("kd-starts", K)
        found, starts = [], 0
        for _ in range(ROUNDS.get(K, DEFAULT_ROUNDS)):
            W = rng.standard_normal((STARTS, K, K)) / np.sqrt(K)  # Xavier: entries N(0, 1/d)
            starts += STARTS
            end = numeric.gradient_descent(W, V, lr=0.1, steps=1500)
            for w in end.W[end.loss > GLOBAL_LOSS]:
                w = newton_abs(w, V)
                cp = numeric.certify_critical_point(w, V)
                if cp.grad_norm < 1e-12 and cp.kind == "minimum" and cp.loss > 1e-6:
                    found.append(cp)
            if found:
                break
        if not found:
            return {"starts": starts, "found": 0}
        best = min(found, key=lambda c: c.loss)
        cert = numeric.certify_critical_point_interval(best.W, V)
        return {"starts": starts, "found": len(found), "point": best, "certificate": cert}

    return ctx.shared(("kd-minimum", K), build)


def plot(result, ctx: Context, png: str) -> None:
    """The certified loss and λ_min of the minimum found at each K (enclosures as bars)."""
    import matplotlib.pyplot as plt

    Ks, rows = [], []
    for K in K_VALUES.get(ctx.profile.name, K_VALUES["ci"]):
        r = spurious_minimum(ctx, K)
        if r["found"] and r["certificate"].exists_unique:
            Ks.append(K)
            rows.append((r["certificate"].loss, r["certificate"].lambda_min))
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.6))
    for ax, k, label in ((a1, 0, "J at the minimum (units of ‖v‖²)"),
                         (a2, 1, "λ_min of the Hessian (unitless)")):
        lo = np.array([row[k][0] for row in rows])
        hi = np.array([row[k][1] for row in rows])
        ax.errorbar(Ks, (lo + hi) / 2, yerr=(hi - lo) / 2, fmt="o", capsize=3,
                    label="certified enclosure")
        ax.axhline(0.0, color="black", lw=1, label="0 (global minimum / flat direction)")
        ax.set_xlabel("K = d (students = teachers = input dimension)")
        ax.set_ylabel(label)
        ax.legend(fontsize=7)
    a1.set_title("spurious minima: loss", fontsize=9)
    a2.set_title("spurious minima: smallest Hessian eigenvalue", fontsize=9)
    fig.tight_layout()
    fig.savefig(png, dpi=100)
    plt.close(fig)

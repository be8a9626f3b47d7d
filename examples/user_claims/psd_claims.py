"""A user's own claim, registered from the user's own repository.

Run it with the reluflow CLI::

    reluflow check --module examples/user_claims/psd_claims.py --no-builtin

or under pytest::

    pytest --reluflow --reluflow-module examples/user_claims/psd_claims.py --reluflow-no-builtin

Claim: the arc-cosine (ReLU) kernel matrix K_ij = E_x[σ(w_i·x) σ(w_j·x)], x ~ N(0, I_d), of any
finite set of weight vectors is positive semidefinite — it is a Gram matrix of the functions
x ↦ σ(w_i·x) in L²(N(0, I_d)). Its false twin claims every eigenvalue is at least 0.1, which
fails for small or nearly parallel weights; the engine must refute it.

Written with the claim kit (``proofs_checks.kit``): a ``Paper`` holds the citation and
registers the claim; the twin is the same check with one setting overridden. To add a claim
of your own, copy this file and change the statement, the check and the twin.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from numeric import relu_kernel
from proofs_checks.kit import Evidence, Paper, strategies

EPS = float(np.finfo(np.float64).eps)

paper = Paper("user", title="Kernel methods for deep learning", authors="Cho & Saul",
              arxiv="(NeurIPS 2009, no arXiv id)")


@st.composite
def weight_sets(draw: st.DrawFn) -> np.ndarray:
    """n weight vectors w_1..w_n in R^d as the rows of an (n, d) array."""
    d = draw(strategies.dimensions(2, 5))
    n = draw(st.integers(1, 6))
    return np.stack([draw(strategies.weight_vectors(d, min_norm=0.1, max_norm=10.0))
                     for _ in range(n)])


def kernel_matrix(W: np.ndarray) -> np.ndarray:
    """K_ij = relu_kernel(w_i, w_j), by the closed form (no Monte Carlo)."""
    return relu_kernel(W[:, None, :], W[None, :, :])


@paper.claim(
    "relu_kernel_psd", where="arc-cosine kernel of degree 1",
    title="The ReLU (arc-cosine) kernel matrix is positive semidefinite",
    statement="For any w_1..w_n in R^d, K_ij = E[σ(w_i·x)σ(w_j·x)] (x ~ N(0, I_d)) has "
              "λ_min(K) ≥ 0, up to float64 rounding (λ_min ≥ −tol, tol ≈ 16·n·eps·max|K|).",
    latex=r"K_{ij}=\mathbb{E}_{x\sim\mathcal N(0,I_d)}[\sigma(w_i^\top x)\sigma(w_j^\top x)],"
          r"\quad \lambda_{\min}(K)\ge 0",
    source="R", method="exact",
    assumptions=("w_i nonzero, norms in [0.1, 10]", "d in [2, 5], n in [1, 6]"),
    notes="A Gram matrix is PSD. A singular K (repeated directions) has λ_min ≈ 0 and still "
          "holds: the claim allows the rounding band, so the bound sits at −2·tol.",
    strategy=lambda profile: weight_sets(),
    settings={"floor": None},
)
def relu_kernel_psd(W: np.ndarray, ctx, *, floor: float | None) -> Evidence:
    K = kernel_matrix(W)
    lam = float(np.linalg.eigvalsh(K)[0])
    # float64 rounding of the n²-entry matrix and of a backward-stable eigensolver:
    # |Δλ| ≲ c · n · eps · max|K|, with a generous c = 16.
    tol = 16.0 * K.shape[0] * EPS * float(np.max(np.abs(K)))
    # claimed λ_min ≥ 0: holds iff λ_min ≥ −tol (margin λ_min + 2tol ≥ tol), violated iff
    # λ_min < −3·tol; the twin claims a floor of its own
    bound = -2.0 * tol if floor is None else floor
    return Evidence.lower_bound(lam, bound, tolerance=tol, reason="eigvalsh of the "
                                "closed-form kernel matrix; tol = float64 rounding",
                                detail={"n": K.shape[0], "d": W.shape[1],
                                        "max_K": float(K.max())})


relu_kernel_psd.twin("eig_floor", title="… has all eigenvalues ≥ 0.1", floor=0.1)

"""For sigma = z^2 the constrained-NCF maximum is 2 max(lambda_max, -lambda_min)(M)/(3 sqrt 3)."""

from __future__ import annotations

from functools import cache

import numpy as np

import numeric
from proofs_checks.kit import Certified, Context, Evidence

from . import paper
from .setup import DEEP_HOMOGENEOUS, EPS, RECON, SETUPS, SMOOTH, label_matrix
from .setup_flows import pga_maximiser


def check(flip, ctx: Context, *, formula: str) -> Evidence:
    from symbolic import homogeneous as sh

    net, u = pga_maximiser(ctx, "P3", flip)
    n_pga = float(net.ncf(u))
    ev = np.linalg.eigvalsh(label_matrix(net))
    const = float(sh.single_neuron_constant(2))  # 2 sqrt(3) / 9 = 2 / (3 sqrt 3), SymPy
    if formula == "max_abs":
        closed = numeric.homogeneous.square_nstar(net.X, net.y)
        closed_sym = const * max(ev[-1], -ev[0])
    else:  # the twin: the -lambda_min branch dropped
        closed = closed_sym = const * ev[-1]
    return Evidence.agree(
        # 1e-8: the ascent converges to rho ~ 1e-15; 1e-8 leaves room for a flat maximum
        n_pga, closed, atol=1e-8,
        uncertainty=1e3 * EPS * abs(closed),
        reason="N at the PGA maximiser vs the closed form (constant solved in SymPy); "
        "agree to 1e-8; tolerance = eigensolver/float rounding",
        detail={"eig(M)": ev, "closed_numeric": closed, "closed_sympy": closed_sym,
                "labels": "-y" if flip else "y"},
    )


@cache
def factored_form_holds(constant: str | None = None) -> bool:
    """Whether c − v + v³ = (v − a)²(v + 2a), a = 1/√3, holds exactly (SymPy), with c the
    one-neuron constant that SymPy solves for (or ``constant``, a SymPy string, to test a
    wrong one). The certificate's lower bound is used only when it does."""
    import sympy as sp

    from symbolic import homogeneous as sh

    v = sp.Symbol("v")
    c = sh.single_neuron_constant(2) if constant is None else sp.sympify(constant)
    a = 1 / sp.sqrt(3)
    return sp.expand(c - v + v**3 - (v - a) ** 2 * (v + 2 * a)) == 0


def reduced_margin(box: dict, *, formula: str, constant: str | None = None):
    """(lower, enclosure) of c − v(1 − v²) over a box of v ⊂ [0, 1], c = 2/(3√3).

    The proof of N* ≤ c·ρ(M), ρ = max(λ_max, −λ_min), for any width: N(θ) = Σ_j v_j u_jᵀMu_j
    ≤ ρ Σ_j |v_j| a_j with a_j = ‖u_j‖² (Rayleigh); with s_j = v_j² + a_j (Σ s_j = 1) each
    term is s_j^{3/2} times the one-neuron value |v'|(1 − v'²), v' = v_j/√s_j, so the claim
    reduces to this 1-D inequality (and Σ s_j^{3/2} ≤ Σ s_j = 1). Equality holds at
    v = 1/√3, u = √(2/3)·(top eigenvector), which attains c·ρ, so N* = c·ρ exactly.
    The margin has a double root at v = a = 1/√3, where any plain enclosure dips below 0;
    there the lower bound is (v − a)²(v + 2a), valid only because SymPy confirms the
    factorisation for this c (:func:`factored_form_holds`); without it the plain enclosure
    is all there is, and the proof cannot close at the root.
    """
    import flint

    v = box["v"]
    a = 1 / flint.arb(3).sqrt()
    c = 2 * a / 3 if constant is None else flint.arb(constant)
    plain = c - v + v * v * v
    if not factored_form_holds(constant):
        return plain
    lo, _ = box.ends["v"]
    # (v − a)² ≥ (the smallest |v − a|)², exactly 0 where the box holds the root; v + 2a > 0
    return flint.arb((v - a).abs_lower()) ** 2 * (lo + 2 * a), plain


def witness_margin(flip: bool, *, formula: str):
    """An enclosure of c·λ_max(M) − N(θ_q) for the twin, θ_q one neuron at v = −1/√3,
    u = √(2/3)·q with q the float eigenvector of λ_min: N* ≥ N(θ_q) (any point of the
    sphere), so an upper end < 0 certifies N* > c·λ_max. λ_max is enclosed by Arb's
    certified eigenvalues (Rump's method) of M computed in balls from the float data."""
    import flint

    net, _ = SETUPS["P3"]()
    y = -net.y if flip else net.y
    d = net.X.shape[1]
    M = flint.arb_mat(d, d)
    for x, yi in zip(net.X.tolist(), y.tolist(), strict=True):
        for i in range(d):
            for j in range(d):
                M[i, j] += flint.arb(yi) * flint.arb(x[i]) * flint.arb(x[j])
    eig = flint.acb_mat(M).eig(algorithm="rump")
    lam_max = max((e.real for e in eig), key=lambda b: float(b.mid()))
    q = np.linalg.eigh(label_matrix(net.with_labels(y)))[1][:, 0]
    qa = flint.arb_mat([[flint.arb(c)] for c in q.tolist()])
    rayleigh = (qa.transpose() * M * qa)[0, 0] / (qa.transpose() * qa)[0, 0]
    c = 2 / (3 * flint.arb(3).sqrt())
    n_witness = -(1 / flint.arb(3).sqrt()) * (flint.arb(2) / 3) * rayleigh
    m = c * lam_max - n_witness
    return m, m, {"lambda_max": [float(lam_max.lower()), float(lam_max.upper())],
                  "N_witness": [float(n_witness.lower()), float(n_witness.upper())]}


claim = paper.claim(
    "k05_square_nstar", citation=DEEP_HOMOGENEOUS,
    title="K5: for sigma = z^2, N* = 2 max(lambda_max, -lambda_min)(M) / (3 sqrt 3)",
    statement="With M = sum_i y_i x_i x_i^T, max_{|w|=1} N(w) = 2 max(lambda_max(M), "
    "-lambda_min(M)) / (3 sqrt 3) (P3: 1.95116).",
    latex=r"\mathcal N^* = \frac{2\max(\lambda_{\max}(M), -\lambda_{\min}(M))}{3\sqrt3}",
    source="R", method="exact",
    hypotheses={**SMOOTH, "sigma": "z^2"},
    cases=lambda profile: [False, True], settings={"formula": "max_abs"},
    certified=Certified(
        box={"v": (0, 1)}, margin=reduced_margin,
        corners="the double root v = 1/√3 (the maximiser): the factored form (see "
                "reduced_margin); v = 0 and v = 1 are plain"),
    notes=RECON + "Cases: P3 labels y and -y (the second makes -lambda_min the larger branch); "
    "docs/theory/kumar2025.md, 'K4–K6 The constrained NCF'. Proved for every M: the bound "
    "reduces exactly to one neuron's c − v(1 − v²) ≥ 0 on [0, 1], which interval "
    "branch-and-bound proves; the top eigenvector attains it.",
)(check)

claim.twin("lambda_max_only", title="N* = 2 lambda_max(M) / (3 sqrt 3) (the -lambda_min branch "
           "dropped)",
           latex=r"\mathcal N^* = \frac{2\lambda_{\max}(M)}{3\sqrt3}",
           formula="lambda_max",
           certified=Certified(box=None, over="cases", margin=witness_margin))

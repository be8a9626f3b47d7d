"""The arc-cosine kernel E[σ(w·x)σ(v·x)] = r g(φ)/(2π) and E[1{w·x>0} x xᵀ] = I/2."""

from __future__ import annotations

import math

import numpy as np

from numeric import reference_cross_moment, reference_kernel, relu_kernel
from proofs_checks.kit import Context, Evidence, Profile

from . import paper
from .setup import e1, g_fn, notes, plane, reference_digits


def cases(p: Profile) -> list[dict]:
    n = p.n(6, minimum=3)
    return [{"theta": float(t), "r": 0.5 + t / 3} for t in np.linspace(0.05, math.pi - 0.05, n)]


def _reference(params: dict, ctx: Context):
    def run():
        d = 3
        w = plane(params["r"], params["theta"], d)
        k = reference_kernel(w, e1(d), digits=reference_digits(ctx))
        cols, err = [], float(k.error)
        for j in range(d):
            e = np.zeros(d)
            e[j] = 1.0
            # x_j = σ(x_j) − σ(−x_j): column j of E[1{w·x>0} x xᵀ] from two cross moments.
            a = reference_cross_moment(w, e, digits=reference_digits(ctx))
            b = reference_cross_moment(w, -e, digits=reference_digits(ctx))
            cols.append(a.to_numpy() - b.to_numpy())
            err = max(err, float(a.error) + float(b.error))
        return w, float(k.to_numpy()), np.stack(cols, axis=1), err

    return ctx.shared(f"k:{params['theta']!r}", run)


def check(params: dict, ctx: Context, *, kernel_normaliser: float,
          second_moment_normaliser: float) -> Evidence:
    w, kref, M, qerr = _reference(params, ctx)
    r, phi = params["r"], math.pi - params["theta"]
    claimed_k = r * float(g_fn(phi)) / (kernel_normaliser * math.pi)
    claimed_M = np.eye(3) / second_moment_normaliser
    computed = np.concatenate([[kref], M.ravel()])
    claimed = np.concatenate([[claimed_k], claimed_M.ravel()])
    # 1e-12: float64 rounding of O(1) closed forms; the quadrature error is the tolerance.
    return Evidence.agree(
        computed, claimed, atol=1e-12, uncertainty=qerr,
        reason="mpmath plane quadrature vs r g(φ)/(2π) and I/2 (atol 1e-12); "
               "tolerance = quadrature error estimate",
        detail={"numeric_kernel_err": abs(float(relu_kernel(w, e1(3))) - kref)},
    )


claim = paper.claim(
    "arccos_kernel", where="Gaussian moments (arc-cosine kernel)",
    title="E[σ(w·x)σ(v·x)] = r g(φ)/(2π) and E[1{w·x>0} x xᵀ] = I/2",
    statement="For x ~ N(0, I_d), ‖v‖ = 1: E[σ(w·x)σ(v·x)] = r g(φ)/(2π) with "
              "g(φ) = sin φ − φ cos φ, and E[1{w·x>0} x xᵀ] = I/2.",
    source="R", method="quadrature", cases=cases,
    settings={"kernel_normaliser": 2.0, "second_moment_normaliser": 2.0},
    latex=r"\mathbb E[\sigma(w\cdot x)\sigma(v\cdot x)]=\frac{r\,g(\phi)}{2\pi},\quad"
          r"\mathbb E[\mathbf 1\{w\cdot x>0\}xx^\top]=\tfrac12 I",
    notes=notes("docs/theory/lee2022.md, 'Gaussian moments'."),
)(check)

claim.twin("kernel_over_pi", title="Kernel r g(φ)/π (factor 2 dropped)",
           latex=r"\mathbb E[\sigma(w\cdot x)\sigma(v\cdot x)]=\frac{r\,g(\phi)}{\pi},\quad"
           r"\mathbb E[\mathbf 1\{w\cdot x>0\}xx^\top]=\tfrac12 I",
           kernel_normaliser=1.0)
claim.twin("identity_second_moment", title="E[1{w·x>0} x xᵀ] = I (half-space ignored)",
           latex=r"\mathbb E[\sigma(w\cdot x)\sigma(v\cdot x)]=\frac{r\,g(\phi)}{2\pi},\quad"
           r"\mathbb E[\mathbf 1\{w\cdot x>0\}xx^\top]=I",
           second_moment_normaliser=1.0)

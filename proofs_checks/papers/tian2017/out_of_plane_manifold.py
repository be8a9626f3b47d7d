"""Out-of-plane critical points are not isolated: rotations of the S^⊥ component keep them
critical, on manifolds of the orbit's dimension."""

from __future__ import annotations

import numpy as np

from numeric import pair_angle, population_gradient, population_loss
from numeric.population import certify_critical_point
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_critical_points import haar_rotation, out_of_plane_point, out_of_plane_search


def printed_saddle() -> Evidence:
    """The printed d = 4, K = 2 saddle at its printed precision."""
    W, cert = out_of_plane_point(4)
    ang = float(pair_angle(W[0], W[1]))
    return Evidence.agree(
        [cert.loss, ang, float(cert.eigenvalues[0]), cert.grad_norm],
        [0.0736129, 1.00797, -0.239, 0.0], atol=[5e-8, 5e-6, 5e-4, 1e-12],  # printed digits
        uncertainty=1e-14,  # float64 rounding of J and ‖∇J‖
        reason="printed saddle: loss / angle / negative eigenvalue at their printed precision; "
               "‖∇J‖ ≤ 1e-12 (table); tolerance = float64 rounding of J and ‖∇J‖",
        detail={"nullity": cert.nullity, "index": cert.index})


def check(case, ctx: Context) -> Evidence:
    if case == "printed_saddle":
        return printed_saddle()
    d, K = case
    pts = ctx.shared(("oop", K, d), lambda: out_of_plane_search(K, d, ctx))
    if not pts:
        return Evidence.failed(f"no out-of-plane critical point found for K = {K}, d = {d}")
    V = np.eye(d)[:K]
    m = d - K
    rng = ctx.rng("oop-rot", d, K)
    fails, worst_g, worst_j, orbits, nulls = 0, 0.0, 0.0, [], []
    for W in pts:
        cert = certify_critical_point(W, V)
        p = int(np.linalg.matrix_rank(W[:, K:], tol=1e-8))
        orbit = p * m - p * (p + 1) // 2  # dim SO(m)/SO(m − p)
        for _ in range(ctx.profile.n(3, minimum=2)):
            R = np.eye(d)
            R[K:, K:] = haar_rotation(rng, m)
            WR = W @ R.T
            worst_g = max(worst_g, float(np.linalg.norm(population_gradient(WR, V))))
            worst_j = max(worst_j, abs(float(population_loss(WR, V)) - cert.loss))
        fails += not (cert.nullity >= orbit >= 1)
        orbits.append(orbit)
        nulls.append(cert.nullity)
    det = {"points": len(pts), "orbit_dims": orbits, "nullities": nulls,
           "rotated_grad_max": worst_g, "rotated_loss_change_max": worst_j}
    if worst_g > 1e-12 or worst_j > 1e-12:  # float64 rounding of ‖∇J‖ and J is ~1e-15
        return Evidence.agree(max(worst_g, worst_j), 0.0, atol=1e-12, uncertainty=1e-15,
                              reason="‖∇J‖ and |ΔJ| after rotating the S^⊥ block (table 1e-12)",
                              detail=det)
    return Evidence.predicate(
        fails == 0, computed=fails, claimed=0, detail=det,
        reason="points whose closed-form Hessian has fewer zero eigenvalues (|λ| ≤ zero_tol of "
               "the certificate) than the dimension p·m − p(p+1)/2 of their SO(d−K) orbit; "
               "every rotated copy keeps ‖∇J‖ ≤ 1e-12 and J to 1e-12")


def codimension_one(_: None, ctx: Context) -> Evidence:
    """The twin: with d − rank(W*) = 1 (d = 3) the saddle still has a zero Hessian eigenvalue."""
    W, cert = out_of_plane_point(3)  # d − rank(W*) = 1: only a reflection fixes S
    return Evidence.predicate(
        cert.nullity >= 1, computed=cert.nullity, claimed=">= 1",
        reason="zero eigenvalues of the closed-form Hessian at the d = 3 embedding",
        detail={"eigenvalues": cert.eigenvalues, "grad_norm": cert.grad_norm})


claim = paper.claim(
    "out_of_plane_manifold", where="out-of-plane critical points are not isolated (abstract)",
    title="Out-of-plane critical points lie on manifolds (rotations of the S^⊥ component)",
    statement="For W* = [e1..eK] (K = 2, 3, 4) and d − K ≥ 2 (d ≤ 8), every critical point with a "
              "component in S^⊥ = span(W*)^⊥ stays critical with the same loss under rotations "
              "of S^⊥, and its Hessian has at least orbit-dimension zero eigenvalues; the d = 4, "
              "K = 2 saddle a(e1+e2) ± b·u (a = 0.524579, b = 0.409132) has loss 0.0736129.",
    source="R", method="hessian",
    cases=lambda p: ["printed_saddle"] + [(d, K) for K in (2, 3, 4) for d in range(K + 2, 9)],
    derivation="pair_second_moment",
    notes="Critical points found by Levenberg–Marquardt from random starts in each d = K+2..8 "
    "(closed-form Hessian), each certified by ‖∇J‖ and its Hessian spectrum; "
    "docs/theory/tian2017.md, 'Out-of-plane critical points'.",
)(check)

claim.twin("codim_one", title="With d − rank(W*) = 1 (d = 3) the critical point is still on a "
           "continuum (a zero Hessian eigenvalue)", check=codimension_one, cases=lambda p: [None],
           notes="Only a reflection fixes S when d − rank(W*) = 1: no continuum, nullity 0.")

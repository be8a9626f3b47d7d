"""Critical points of the K = 2 problem in the plane (the L vector of fig_L.py/fig_verify.py,
the cone test, a root search) and out of the teachers' plane (the printed saddle, searches
in d = K+2..8, rotations of the orthogonal complement).

See docs/theory/tian2017.md, 'Two ReLUs in the plane' and 'Out-of-plane critical points'.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from numeric.population import certify_critical_point, find_critical_points
from proofs_checks.kit import Context

from .setup import TWO_PI

# teachers of the printed spurious in-plane critical point, and that point
TEACHERS_2D = np.array([[1.0, 0.0], [1.7 * math.cos(1.1), 1.7 * math.sin(1.1)]])
PRINTED_INPLANE_POINT = [[1.7416, 1.6200], [-0.0355, -0.0247]]
# the printed out-of-plane saddle a(e1 + e2) ± b·e3 for W* = [e1, e2]
OOP_A, OOP_B = 0.524579, 0.409132


def L_vector(theta, phi) -> tuple[np.ndarray, np.ndarray]:
    """(L12, L21) for students e1 = (1,0), e2 = (cos θ, sin θ) and teacher direction φ.

    M_{ijk} = (π − θ_i^k) cos∠(e_j, w_k) + sin θ_i^k cos∠(e_i, e_j); L = M*_off − M_off M_r⁻¹ M*_r.
    Angles between planar unit vectors come from atan2 of their cross and dot products.
    """
    theta, phi = np.broadcast_arrays(np.asarray(theta, float), np.asarray(phi, float))
    e = [np.stack([np.ones_like(theta), np.zeros_like(theta)], -1),
         np.stack([np.cos(theta), np.sin(theta)], -1)]
    t = np.stack([np.cos(phi), np.sin(phi)], -1)

    def ang(a, b):
        return np.arctan2(np.abs(a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]),
                          np.sum(a * b, -1))

    def cos(a, b):
        return np.sum(a * b, -1)

    def M(i, j, w):
        th = ang(e[i], w)
        return (math.pi - th) * cos(e[j], w) + np.sin(th) * cos(e[i], e[j])

    Mr = np.stack([np.stack([M(0, 0, e[0]), M(0, 0, e[1])], -1),
                   np.stack([M(1, 1, e[0]), M(1, 1, e[1])], -1)], -2)
    Moff = np.stack([np.stack([M(0, 1, e[0]), M(0, 1, e[1])], -1),
                     np.stack([M(1, 0, e[0]), M(1, 0, e[1])], -1)], -2)
    Mr_star = np.stack([M(0, 0, t), M(1, 1, t)], -1)
    Moff_star = np.stack([M(0, 1, t), M(1, 0, t)], -1)
    sol = np.linalg.solve(Mr, Mr_star[..., None])[..., 0]
    L = Moff_star - np.einsum("...ij,...j->...i", Moff, sol)
    return L[..., 0], L[..., 1]


def cone_position(W: np.ndarray, t: np.ndarray) -> str:
    """'inside' / 'outside' the open cone of w1, w2 (non-parallel, planar), or 'boundary'.

    t = a1 w1 + a2 w2: strictly inside iff a1, a2 > 0. Within 1e-9 (relative) of a ray the
    position is 'boundary' — such points are in neither hypothesis of the claim.
    """
    a = np.linalg.solve(W.T, t)
    if np.min(np.abs(a)) <= 1e-9 * np.max(np.abs(a)):
        return "boundary"
    return "inside" if np.all(a > 0) else "outside"


def reduced_residual(W: np.ndarray, V: np.ndarray) -> np.ndarray:
    """Σ_k ‖w*_k‖ L(e*_k) in the frame where e1 = ŵ1 (angles measured from w1 towards w2)."""
    a1 = math.atan2(W[0, 1], W[0, 0])
    rel = math.atan2(W[1, 1], W[1, 0]) - a1
    sgn = 1.0 if math.sin(rel) > 0 else -1.0  # orient so that w2 is at +θ
    th = math.atan2(abs(math.sin(rel)), math.cos(rel))
    out = np.zeros(2)
    for v in V:
        ph = np.mod(sgn * (math.atan2(v[1], v[0]) - a1), TWO_PI)
        L12, L21 = L_vector(th, ph)
        out += np.linalg.norm(v) * np.array([float(L12), float(L21)])
    return out


def inplane_search(ctx: Context) -> dict:
    """LM root search for in-plane K = 2 critical points: the printed teachers (start 0 is the
    printed point) and random teacher pairs, from starts of widely varying scale."""
    n_cfg, n_starts = ctx.profile.n(5, minimum=3), ctx.profile.n(60, minimum=24)
    out = []
    for c in range(n_cfg):
        rng = ctx.rng("inplane", c)
        if c == 0:
            V = TEACHERS_2D
        else:
            ang = rng.uniform(0.3, 2.8)
            V = np.array([[1.0, 0.0], rng.uniform(0.5, 2.0) * np.array([math.cos(ang),
                                                                        math.sin(ang)])])
        starts = rng.standard_normal((n_starts, 2, 2)) * rng.uniform(0.05, 2.0, (n_starts, 2, 1))
        if c == 0:
            starts[0] = PRINTED_INPLANE_POINT
        res = find_critical_points(starts, V, tol=1e-12, max_iter=150)
        out.append((V, res))
    return {"configs": out}


def haar_rotation(rng: np.random.Generator, m: int) -> np.ndarray:
    """A Haar-random rotation of R^m (QR with the sign fix, determinant +1)."""
    q, r = np.linalg.qr(rng.standard_normal((m, m)))
    q = q * np.sign(np.diag(r))
    if np.linalg.det(q) < 0:
        q[:, 0] = -q[:, 0]
    return q


@cache
def out_of_plane_point(d: int) -> tuple:
    """The printed d = 4, K = 2 saddle embedded in R^d, refined by LM, with its certificate
    (a pure function of d, hence cached)."""
    V = np.eye(d)[:2]
    W0 = np.zeros((2, d))
    W0[:, :2] = OOP_A
    W0[0, 2], W0[1, 2] = OOP_B, -OOP_B
    res = find_critical_points(W0, V, tol=1e-13, max_iter=50)
    return res.W, certify_critical_point(res.W, V)


def out_of_plane_search(K: int, d: int, ctx: Context) -> list[np.ndarray]:
    """Out-of-plane critical points for W* = [e1..eK] in R^d from random starts (LM).

    Searched in each d directly (not only embedded from d = K + 2), so points whose S^⊥
    component spans more than two dimensions can be found too.
    """
    n = ctx.profile.n(40, minimum=16)
    rng = ctx.rng("oop-search", K, d)
    starts = rng.standard_normal((n, K, d)) * rng.uniform(0.1, 1.0, (n, 1, 1))
    if K == 2:
        starts[0] = out_of_plane_point(d)[0]
    res = find_critical_points(starts, np.eye(d)[:K], tol=1e-12, max_iter=200)
    keep = [W for W, c, loss in zip(res.W, res.converged, res.loss, strict=True)
            if c and loss > 1e-10 and np.linalg.norm(W[:, K:]) > 1e-3
            and np.min(np.linalg.norm(W, axis=1)) > 1e-6]
    return keep

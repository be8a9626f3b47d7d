"""Certified critical points of the population loss (teacher–student, second layer fixed to 1).

Interval Newton in Krawczyk's form, with every quantity an Arb ball (python-flint):

* the gradient ∇J(W) = Σ_k m(w_j, w_k) − Σ_m m(w_j, v_m) (the self term m(w, w) = w/2) at the
  numerical point, and the closed-form Hessian (diagonal blocks I/2 + Σ_{k≠j} B(w_j, w_k)
  − Σ_m B(w_j, v_m), off-diagonal blocks A(w_j, w_k)) over the whole box X = W̃ ± ρ: each entry
  is computed from balls, so it encloses the Hessian at every point of X;
* Krawczyk's operator K(X) = x̃ − C∇J(x̃) + (I − C H(X))(X − x̃), C ≈ H(x̃)⁻¹ in floats (any
  matrix is allowed: it only has to make the operator contract). K(X) ⊂ int X proves that X
  contains exactly one critical point (Krawczyk 1969; Moore 1977);
* λ_min over the box: for every H ∈ H(X), the eigenvalues of H are those of S H Q with Q the
  float eigenvectors of H(x̃) and S an enclosure of Q⁻¹, so Gershgorin's discs of the ball matrix
  S H(X) Q bound them below; the Rayleigh quotient of the float eigenvector bounds λ_min above.
  λ_min > 0 on X makes the critical point a strict local minimum; a certified negative
  Rayleigh quotient makes it a saddle, with that direction;
* the Morse index: when no Gershgorin disc meets 0, the discs below 0 count the negative
  eigenvalues (a union of discs disjoint from the rest holds exactly as many eigenvalues);
* the loss J at the critical point, by a mean-value form around W̃.

Angles are θ = atan2(√(‖u‖²‖v‖² − (u·v)²), u·v) in balls; the box must keep every pair away from
parallel (θ > 0, where the frame normal is defined) and every row away from 0, which the
certificate checks and reports otherwise.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._teacher_student import population_hessian
from ._validate import as_vectors, finite_scalar

__all__ = ["CertifiedCriticalPoint", "certify_critical_point_interval"]


@dataclass
class CertifiedCriticalPoint:
    """What the interval computation proved about the box W̃ ± radius."""

    exists_unique: bool  # Krawczyk: exactly one critical point in the box
    kind: str  # "strict local minimum", "saddle" or "undecided"
    radius: float
    loss: tuple[float, float]  # enclosure of J at the critical point
    lambda_min: tuple[float, float]  # enclosure of the Hessian's smallest eigenvalue there
    contraction: float  # max_i |K(X)_i − x̃_i| / ρ (< 1 proves existence)
    seconds: float
    reason: str = ""
    negative_direction: np.ndarray | None = field(default=None, repr=False)
    #: the certified count of negative Hessian eigenvalues (Morse index) over the box, None when
    #: a Gershgorin disc straddles 0
    index: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"exists_unique": self.exists_unique, "kind": self.kind, "radius": self.radius,
                "loss": list(self.loss), "lambda_min": list(self.lambda_min),
                "contraction": self.contraction, "index": self.index,
                "seconds": round(self.seconds, 6), "reason": self.reason}


def _flint():
    try:
        import flint
    except ImportError as exc:  # pragma: no cover - the certified extra is missing
        raise ImportError("certified critical points need python-flint: "
                          "pip install 'reluflow[certified]'") from exc
    return flint


class _Balls:
    """Vectors of Arb balls as d×1 arb_mat columns, with the pair geometry of the closed forms."""

    def __init__(self, flint: Any, d: int) -> None:
        self.flint = flint
        self.d = d
        self.pi = flint.arb.pi()
        self.eye = flint.arb_mat(d, d, [1 if i == j else 0 for i in range(d) for j in range(d)])

    def column(self, entries) -> Any:
        return self.flint.arb_mat(self.d, 1, list(entries))

    @staticmethod
    def dot(a, b):
        return (a.transpose() * b)[0, 0]

    def pair(self, u, v, nu, nv):
        """θ, sin θ, cos θ, û and the unit in-plane normal n towards v, for balls u, v."""
        uv = self.dot(u, v)
        wedge2 = nu * nu * nv * nv - uv * uv
        if not wedge2 > 0:
            raise _Degenerate("a pair is (nearly) parallel in the box: θ is not bounded away "
                              "from 0")
        wedge = wedge2.sqrt()
        theta = self.flint.arb.atan2(wedge, uv)
        uh = u * (1 / nu)
        rej = v - uh * self.dot(v, uh)
        n = rej * (1 / (wedge / nu))  # ‖rej‖ = ‖u ∧ v‖ / ‖u‖
        return theta, wedge / (nu * nv), uv / (nu * nv), uh, n

    def cross_moment(self, u, v, nu, nv):
        theta, s, _, uh, _ = self.pair(u, v, nu, nv)
        return (v * (self.pi - theta) + uh * (nv * s)) * (1 / (2 * self.pi))

    def block_a(self, u, v, nu, nv):
        theta, s, c, uh, n = self.pair(u, v, nu, nv)
        two_pi = 2 * self.pi
        sin2 = 2 * s * c
        a_uu = (self.pi - theta + sin2 / 2) / two_pi
        a_un = s * s / two_pi
        a_nn = (self.pi - theta - sin2 / 2) / two_pi
        a_p = (self.pi - theta) / two_pi
        pu, pn = uh * uh.transpose(), n * n.transpose()
        return (pu * a_uu + (uh * n.transpose() + n * uh.transpose()) * a_un + pn * a_nn
                + (self.eye - pu - pn) * a_p)

    def block_b(self, u, v, nu, nv):
        _, s, _, uh, n = self.pair(u, v, nu, nv)
        b_nn = nv * s / (self.pi * nu)
        pu, pn = uh * uh.transpose(), n * n.transpose()
        return pn * b_nn + (self.eye - pu - pn) * (b_nn / 2)

    def kernel(self, u, v, nu, nv):
        theta, s, c, _, _ = self.pair(u, v, nu, nv)
        return nu * nv * (s + (self.pi - theta) * c) / (2 * self.pi)


class _Degenerate(ValueError):
    pass


def _gradient_hessian_loss(balls: _Balls, W: list, V: list, *, hessian: bool = True):
    flint = balls.flint
    K, M, d = len(W), len(V), balls.d
    nw = [balls.dot(w, w).sqrt() for w in W]
    nv = [balls.dot(v, v).sqrt() for v in V]
    for j, r in enumerate(nw):
        if not r > 0:
            raise _Degenerate(f"student row {j} can be 0 in the box: J is not twice "
                              "differentiable there")
    grad = []
    for j in range(K):
        g = W[j] * flint.arb(0.5)
        for k in range(K):
            if k != j:
                g = g + balls.cross_moment(W[j], W[k], nw[j], nw[k])
        for m in range(M):
            g = g - balls.cross_moment(W[j], V[m], nw[j], nv[m])
        grad.append(g)
    loss = flint.arb(0)
    for j in range(K):
        loss += nw[j] * nw[j] / 2
        for k in range(K):
            if k != j:
                loss += balls.kernel(W[j], W[k], nw[j], nw[k])
        for m in range(M):
            loss -= 2 * balls.kernel(W[j], V[m], nw[j], nv[m])
    for m in range(M):
        loss += nv[m] * nv[m] / 2
        for q in range(M):
            if q != m:
                loss += balls.kernel(V[m], V[q], nv[m], nv[q])
    loss = loss / 2
    if not hessian:
        return grad, None, loss
    n = K * d
    H = flint.arb_mat(n, n)
    for j in range(K):
        diag = balls.eye * flint.arb(0.5)
        for k in range(K):
            if k != j:
                diag = diag + balls.block_b(W[j], W[k], nw[j], nw[k])
                _place(H, j, k, d, balls.block_a(W[j], W[k], nw[j], nw[k]))
        for m in range(M):
            diag = diag - balls.block_b(W[j], V[m], nw[j], nv[m])
        _place(H, j, j, d, diag)
    return grad, H, loss


def _place(H, j: int, k: int, d: int, block) -> None:
    for a in range(d):
        for b in range(d):
            H[j * d + a, k * d + b] = block[a, b]


def certify_critical_point_interval(W, V, *, radius: float | None = None,
                                    prec: int = 128) -> CertifiedCriticalPoint:
    """Prove (or fail to prove) that the box W ± radius holds exactly one critical point of
    J(·; V), and say what kind it is, with enclosures of J and λ_min there.

    ``radius`` defaults to max(1e3·‖C∇J(W)‖∞, 1e-10): large enough to contain the Newton
    correction, small enough for the Hessian over the box to stay a contraction.
    """
    flint = _flint()
    W = as_vectors("W", W, min_ndim=2)
    V = as_vectors("V", V, min_ndim=2)
    if W.ndim != 2 or V.ndim != 2 or W.shape[1] != V.shape[1]:
        raise ValueError("W (K, d) and V (M, d) must be single points of the same dimension d")
    K, d = W.shape
    n = K * d
    t0 = time.perf_counter()
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        H0 = population_hessian(W, V)
        try:
            if not np.all(np.isfinite(H0)):
                raise np.linalg.LinAlgError("not finite")
            C = np.linalg.inv(H0)
        except np.linalg.LinAlgError:
            return CertifiedCriticalPoint(
                False, "undecided", math.nan if radius is None else float(radius),
                (math.nan, math.nan), (math.nan, math.nan), math.inf,
                time.perf_counter() - t0, "the Hessian at W is singular or undefined (a "
                "parallel pair or a zero row): no Newton operator, nothing to certify")
        balls = _Balls(flint, d)
        Vb = [balls.column(flint.arb(float(x)) for x in row) for row in V]
        point = [balls.column(flint.arb(float(x)) for x in row) for row in W]
        try:
            g_point, _, loss_point = _gradient_hessian_loss(balls, point, Vb, hessian=False)
        except _Degenerate as exc:
            return CertifiedCriticalPoint(False, "undecided", math.nan, (math.nan, math.nan),
                                          (math.nan, math.nan), math.inf,
                                          time.perf_counter() - t0, str(exc))
        g_vec = flint.arb_mat(n, 1, [g[a, 0] for g in g_point for a in range(d)])
        Cm = flint.arb_mat(C.tolist())
        newton = Cm * g_vec
        if radius is None:
            step = max(float(abs(newton[i, 0]).upper()) for i in range(n))
            radius = max(1e3 * step, 1e-10)
        radius = finite_scalar("radius", radius, positive=True)
        rho = flint.arb(radius)
        box = [balls.column(flint.arb(float(x), radius) for x in row) for row in W]
        try:
            g_box, Hbox, _ = _gradient_hessian_loss(balls, box, Vb)
        except _Degenerate as exc:
            return CertifiedCriticalPoint(False, "undecided", radius, (math.nan, math.nan),
                                          (math.nan, math.nan), math.inf,
                                          time.perf_counter() - t0, str(exc))
        # mean value form: J(x*) ∈ J(x̃) + ∇J(ξ)·(x* − x̃), ξ and x* in the box (the plain
        # enclosure of J over the box is ~1e3× wider: its O(1) terms cancel)
        slope = sum((abs(g[a, 0]) for g in g_box for a in range(d)), flint.arb(0))
        loss = loss_point + flint.arb(0, 1) * slope * rho
        eye_n = flint.arb_mat(n, n, [1 if i == j else 0 for i in range(n) for j in range(n)])
        Mk = eye_n - Cm * Hbox
        worst = 0.0
        for i in range(n):
            spread = sum((abs(Mk[i, j]) for j in range(n)), flint.arb(0)) * rho
            k_i = abs(newton[i, 0]) + spread
            worst = max(worst, float(k_i.upper()) / radius)
        exists = worst < 1.0
        # λ_min: Gershgorin on S H(X) Q (Q the float eigenvectors, S ⊇ Q⁻¹), Rayleigh above
        evals, Q = np.linalg.eigh(0.5 * (H0 + H0.T))
        Qm = flint.arb_mat(Q.tolist())
        T = Qm.inv() * Hbox * Qm
        lows, highs = [], []
        for i in range(n):
            off = sum((abs(T[i, j]) for j in range(n) if j != i), flint.arb(0))
            lows.append(float((T[i, i] - off).lower()))
            highs.append(float((T[i, i] + off).upper()))
        # Gershgorin: a union of discs disjoint from the others holds as many eigenvalues as it
        # has discs, so when no disc meets 0 the discs below 0 count the negative eigenvalues
        index = (sum(h < 0 for h in highs)
                 if all(h < 0 or lo > 0 for lo, h in zip(lows, highs, strict=True)) else None)
        q = flint.arb_mat(n, 1, [float(x) for x in Q[:, 0]])
        rayleigh = (q.transpose() * Hbox * q)[0, 0] / (q.transpose() * q)[0, 0]
        lam = (min(lows), float(rayleigh.upper()))
        if not exists:
            kind, reason = "undecided", (f"Krawczyk's operator does not contract (ratio "
                                         f"{worst:.3g} ≥ 1) at radius {radius:.3g}")
        elif lam[0] > 0:
            kind, reason = "strict local minimum", ("exactly one critical point in the box, "
                                                    "every Hessian over it positive definite")
        elif lam[1] < 0:
            kind, reason = "saddle", ("exactly one critical point in the box, with a certified "
                                      "direction of negative curvature")
        else:
            kind, reason = "undecided", "λ_min's enclosure straddles 0"
        return CertifiedCriticalPoint(
            exists, kind, radius, (float(loss.lower()), float(loss.upper())), lam, worst,
            time.perf_counter() - t0, reason,
            negative_direction=Q[:, 0].copy() if kind == "saddle" else None,
            index=index if exists else None)
    finally:
        flint.ctx.prec = old

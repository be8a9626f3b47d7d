"""The symmetric family of the SSB claims: w_j = x e_j + y Σ_{k≠j} e_k with an orthonormal
teacher w*_k = e_k, its (x, y) ODE (as transcribed from the author's dynamics.py, as derived
by SymPy, and as projected from the K-node gradient), the symmetric saddle, batched flows of
the family and the shared end points of the perturbed symmetric starts.

See docs/theory/tian2017.md, 'Spontaneous symmetry breaking' and 'The SSB statement is
one-sided'.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from numeric.population import (
    certify_critical_point,
    population_gradient,
    rk45_batched,
    tian_symmetric_rhs,
    tian_symmetric_rhs_unchecked,  # K may differ per row
)
from proofs_checks.kit import Context, Evidence

from .setup import TWO_PI

SSB_KS = (2, 3, 5, 6, 8, 10)
# printed values: x* of the symmetric saddle, and the unstable eigenvalue there
SADDLE_PRINTED = {2: 0.534155, 5: 0.256841, 10: 0.155735}
LAMBDA_PLUS_PRINTED = {2: 0.59591, 5: 1.54916, 10: 3.40654}
# the spurious symmetric critical points reached from x0 = y0 − 1e-9:
# (x, y), loss, number of negative Hessian eigenvalues
SPURIOUS_POINTS = {
    3: ((-0.31818, 0.659453), 0.02412, 1),
    5: ((-0.594076, 0.396729), 0.04771, 6),
    6: ((-0.663397, 0.33071), 0.055669, 0),
    8: ((-0.749325, 0.24807), 0.067732, 0),
    10: ((-0.800304, 0.198477), 0.07664, 0),
}
PERTURBED_Y0 = (1e-3, 0.3)


def transcribed_symmetric_rhs(x, y, K: int, t_weight: float | None = None):
    """The (x, y) ODE of dynamics.py as transcribed, (2πẋ, 2πẏ)/2π, angles via atan2.

    ``t_weight`` replaces the (K−1) in T (for the false twin).
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    a = 1.0 / np.sqrt(x * x + (K - 1) * y * y)
    th = np.arctan2(math.sqrt(K - 1) * np.abs(y), x)
    phs = np.arctan2(np.sqrt(x * x + (K - 2) * y * y), y)
    ph = np.arctan2(np.abs(x - y) * np.sqrt((x + y) ** 2 + 2 * (K - 2) * y * y),
                    2 * x * y + (K - 2) * y * y)
    kw = (K - 1) if t_weight is None else t_weight
    T = kw * (a * np.sin(phs) - np.sin(ph)) + a * np.sin(th)
    common = -(math.pi - ph) * (x - 1 + (K - 1) * y)
    dx = (common - ph * (x - 1) - th + T * x) / TWO_PI
    dy = (common - ph * y - (phs - ph) + T * y) / TWO_PI
    return dx, dy


def symmetric_family(x: float, y: float, K: int) -> np.ndarray:
    """The K students of the family as rows: x on the diagonal, y elsewhere."""
    return x * np.eye(K) + y * (np.ones((K, K)) - np.eye(K))


def projected_rhs(x: float, y: float, K: int) -> np.ndarray:
    """(ẋ, ẏ) read off −∂J/∂w_1 of the general K-node gradient at the family's point."""
    desc = -population_gradient(symmetric_family(x, y, K), np.eye(K))
    return np.array([desc[0, 0], desc[0, 1]])


def rhs(x: float, y: float, K: int) -> np.ndarray:
    """The SymPy-derived (ẋ, ẏ) at one point, as floats."""
    return np.array([float(v) for v in tian_symmetric_rhs(x, y, K=K)])


def saddle_x(K: int, sign: float = -1.0) -> float:
    """x* = (√(K−1) − ∠(1/√K) + π)/(πK), the angle as atan2(√(K−1), 1) (no inverse cosine)."""
    return (math.sqrt(K - 1) + sign * math.atan2(math.sqrt(K - 1), 1.0) + math.pi) / (math.pi * K)


def symmetric_jacobian(x: float, y: float, K: int, h: float = 1e-6) -> np.ndarray:
    """Central-difference Jacobian of the SymPy-derived (ẋ, ẏ)."""
    J = np.zeros((2, 2))
    for c, (dx, dy) in enumerate(((h, 0.0), (0.0, h))):
        J[:, c] = (rhs(x + dx, y + dy, K) - rhs(x - dx, y - dy, K)) / (2 * h)
    return J


def symmetric_flow(points: np.ndarray, Ks, t_max: float, rtol: float, stop_tol: float = 1e-12,
                   record_times=None):
    """Batched flow of the symmetric ODE; each row may have its own K (the kernel broadcasts).

    Runs stop at a rest point (‖(ẋ, ẏ)‖ < stop_tol, i.e. within stop_tol/|λ| of it) or t_max.
    The compiled kernel is called directly inside the integrator (inputs validated once here
    through the public function) because the per-call validation dominates a 2-D right-hand side.
    """
    points = np.asarray(points, float)
    Ks = np.broadcast_to(np.asarray(Ks, float), (points.shape[0],)).copy()
    tian_symmetric_rhs(points[:, 0], points[:, 1], K=int(Ks.min()))  # validates the starts

    def f(s: np.ndarray, idx: np.ndarray) -> np.ndarray:
        dx, dy = tian_symmetric_rhs_unchecked(s[:, 0], s[:, 1], Ks[idx])
        return np.stack([dx, dy], axis=1)

    def stop(y: np.ndarray, fy: np.ndarray) -> np.ndarray:
        return np.sqrt(np.sum(fy**2, axis=1)) < stop_tol

    return rk45_batched(f, points, t_max=t_max, rtol=rtol, atol=1e-14, stop=stop,
                        record_times=record_times)


def diagonal_ends(rtol: float) -> dict:
    """End points of the flow restricted to x = y from 1e-3, for K = 2, 3, 5, 10 at once."""
    Ks = np.array([2.0, 3.0, 5.0, 10.0])

    # On x = y the flow is 1-D (the diagonal is invariant); integrating the restriction avoids
    # amplifying rounding asymmetry through the unstable direction (λ+ up to 3.4). Stop at
    # |ż| < 1e-8: along the diagonal the rate is ≥ 1, so the distance to x* is ≤ 1e-8 (and the
    # check measures it against x* directly).
    def f(z: np.ndarray, idx: np.ndarray) -> np.ndarray:
        return np.asarray(tian_symmetric_rhs_unchecked(z[:, 0], z[:, 0], Ks[idx])[0])[:, None]

    res = rk45_batched(f, np.full((Ks.size, 1), 1e-3), t_max=600.0, rtol=rtol, atol=1e-14,
                       stop=lambda y, fy: np.abs(fy[:, 0]) < 1e-8)
    return {int(K): float(z) for K, z in zip(Ks, res.y[:, 0], strict=True)}


def perturbed_ends(rtol: float) -> dict:
    """End points from x0 = y0 ± 1e-9 for every K, sign and y0, in one batched flow."""
    keys = [(K, s, y0) for K in SSB_KS for s in (1, -1) for y0 in PERTURBED_Y0]
    pts = np.array([[y0 + s * 1e-9, y0] for _, s, y0 in keys])
    res = symmetric_flow(pts, [k[0] for k in keys], 600.0, rtol)
    return {k: (float(res.y[i, 0]), float(res.y[i, 1])) for i, k in enumerate(keys)}


def perturbed_end(ctx: Context, K: int, y0: float, delta: float) -> tuple[float, float]:
    """The end point from (y0 + delta, y0), from the paper's one shared batched flow."""
    ends = ctx.paper().shared("perturbed_ends", lambda: perturbed_ends(ctx.profile.ode_rtol))
    return ends[(K, 1 if delta > 0 else -1, y0)]


def distance_to_permutation(x: float, y: float, K: int) -> float:
    """Distance from (x, y) to the permutations of w* inside the family: (1,0); (0,1) if K = 2."""
    d = math.hypot(x - 1, y)
    if K == 2:
        d = min(d, math.hypot(x, y - 1))
    return d


def perturbation_check(case: tuple, ctx: Context) -> Evidence:
    """From x0 = y0 + sign·1e-9 the flow ends at w* or a permutation of it (within 1e-5)."""
    K, sign, y0 = case
    x, y = perturbed_end(ctx, K, y0, sign * 1e-9)
    dist = distance_to_permutation(x, y, K)
    return Evidence.upper_bound(
        dist, 1e-5, tolerance=100 * ctx.profile.ode_rtol,  # global ODE error ~ 100·rtol
        reason="end point within 1e-5 of w* or a permutation of it (in the family: (1,0), and "
               "(0,1) for K = 2) at T = 600; tolerance = ODE error",
        detail={"end": [x, y]},
    )


def spurious_point(K: int, rtol: float, end: tuple[float, float] | None = None) -> tuple:
    """The end point from x0 = y0 − 1e-9 (y0 = 0.3; ``end`` if already integrated), refined by
    Newton on the 2-D rhs: (x, y, loss, Hessian index, λ_min, ‖∇J‖)."""
    x, y = perturbed_ends(rtol)[(K, -1, 0.3)] if end is None else end
    for _ in range(8):  # Newton with the FD Jacobian: quadratic from the ODE's ~1e-9 accuracy
        step = np.linalg.solve(symmetric_jacobian(x, y, K, 1e-7), -rhs(x, y, K))
        x, y = x + step[0], y + step[1]
    cert = certify_critical_point(symmetric_family(x, y, K), np.eye(K))
    return x, y, cert.loss, cert.index, float(cert.eigenvalues[0]), cert.grad_norm


@lru_cache(maxsize=4)
def _dynamics_py_map(steps: int, lr: float) -> dict[int, np.ndarray]:
    """The author's map for K = 2, 5, 10 at once (the compiled ODE broadcasts over K)."""
    Ks = np.array([2.0, 5.0, 10.0])
    x, y = np.full(3, 1e-3), np.zeros(3)
    tian_symmetric_rhs(x, y, K=2)  # validate the start once; the loop calls the compiled kernel
    out = np.empty((steps + 1, 3))
    for i in range(steps + 1):
        out[i] = (x - 1) ** 2 + (Ks - 1) * y**2
        if i < steps:
            dx, dy = tian_symmetric_rhs_unchecked(x, y, Ks)
            x, y = x + lr * dx, y + lr * dy
    return {int(K): out[:, j] for j, K in enumerate(Ks)}


def dynamics_py_errors(K: int, steps: int = 1000, lr: float = 0.01) -> np.ndarray:
    """The author's discrete map x ← x + η·ẋ from (1e-3, 0): error (x−1)² + (K−1)y² per step
    (index i = before the (i+1)-th update; K ∈ {2, 5, 10})."""
    return _dynamics_py_map(steps, lr)[K]


def plot_ssb(result: Any, ctx: Context, png: str) -> None:
    """Phase portrait of the symmetric family: flows from random starts, the saddle, w* and the
    spurious point on the x < y side. For a refuted claim the portrait is drawn at the
    counterexample's K, with the counterexample's own trajectory in bold (a finding's plot must
    show what refutes it, not a generic K = 5 picture)."""
    import matplotlib.pyplot as plt

    cx = getattr(result, "counterexample", None) or {}
    params = cx.get("params")
    K = 5
    if isinstance(params, (list, tuple)) and len(params) == 3 and int(params[0]) in \
            SPURIOUS_POINTS:
        K = int(params[0])
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    X, Y = np.meshgrid(np.linspace(-0.8, 1.1, 20), np.linspace(-0.2, 1.1, 14))
    U, Vv = (np.asarray(a) for a in tian_symmetric_rhs(X, Y + 1e-9, K=K))
    nrm = np.hypot(U, Vv) + 1e-12
    ax.quiver(X, Y, U / nrm, Vv / nrm, color="0.75", width=0.003)
    pts = ctx.rng("ssb-plot").random((12, 2))
    tr = symmetric_flow(pts, K, 60.0, 1e-8, record_times=np.linspace(0, 60, 200))
    for i in range(pts.shape[0]):
        ax.plot(tr.records[:, i, 0], tr.records[:, i, 1], lw=1,
                label="flows from random starts" if i == 0 else None)
    if isinstance(params, (list, tuple)) and len(params) == 3:
        _, sign, y0 = params
        start = np.array([[y0 + sign * 1e-9, y0]])
        cex = symmetric_flow(start, K, 60.0, 1e-10, record_times=np.linspace(0, 60, 400))
        ax.plot(cex.records[:, 0, 0], cex.records[:, 0, 1], color="tab:red", lw=2.5,
                label=f"counterexample: x0 = y0 {'+' if sign > 0 else '−'} 1e-9, y0 = {y0:g}")
    xs_ = saddle_x(K)
    ax.plot([xs_], [xs_], "k^", ms=8, label="symmetric saddle (x*, x*)")
    ax.plot([1], [0], "g*", ms=12, label="w* = (1, 0)")
    sx, sy = SPURIOUS_POINTS[K][0]
    ax.plot([sx], [sy], "rs", ms=7, label="spurious critical point (x0 < y0 side)")
    ax.plot([-1, 1.1], [-1, 1.1], "k--", lw=0.7)
    ax.set_xlim(-0.8, 1.1)
    ax.set_ylim(-0.2, 1.1)
    ax.set_xlabel("x (weight of w_j on its own e_j, units of ‖w*‖)")
    ax.set_ylabel("y (weight on each other e_k, units of ‖w*‖)")
    ax.set_title(f"SSB phase portrait, K = {K} (diagonal dashed)")
    ax.legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    plt.close(fig)

"""Teacher–student training on the population loss: flows, descent, Hessian, critical points.

Everything is batched over many initialisations at once: a batch of students W (..., K, d)
against teachers V (M, d) or (..., M, d) goes through the batch axes of
:func:`numeric.population_gradient` in one call per stage — no Python loop over runs.

* :func:`population_flow` — Ẇ = −∇J on the integrator core (:mod:`numeric.ode`) with a step
  size and error control *per run* (:func:`rk45_batched`, which also serves any autonomous
  batched ODE, e.g. Tian's (x, y) reduction); each run stops on ‖∇J‖ < grad_tol or t_max.
* :func:`gradient_descent` — W ← W − η∇J with per-run stopping and sparse recording.
* :func:`population_hessian` — the **closed-form** Hessian: pair blocks derived in SymPy
  (``symbolic/_hessian.py``: A = ∂m/∂v by a polar integral with the kinks supplied by hand,
  B = ∂m/∂u by differentiating the closed form of m) and compiled into ``numeric._generated``;
  tests compare it with finite differences of the analytic gradient.
* :func:`find_critical_points` / :func:`certify_critical_point` — Levenberg–Marquardt on ∇J = 0
  (Gauss–Newton for ‖∇J‖², so saddles are found as well as minima) from many starts at once,
  with a certificate: ‖∇J‖, the loss and the Hessian spectrum (index, nullity).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import _generated as G, ode
from ._kernels import population_gradient, population_loss
from ._validate import as_float_array, as_vectors, finite_scalar, positive_int, same_dimension

__all__ = [
    "CriticalPoint",
    "CriticalPointSearch",
    "DescentResult",
    "FlowResult",
    "ODEResult",
    "certify_critical_point",
    "find_critical_points",
    "gradient_descent",
    "population_flow",
    "population_hessian",
    "rk45_batched",
]

_EPS = np.finfo(float).eps


# --- validation -------------------------------------------------------------------------------

def _students_teachers(W0, V) -> tuple[np.ndarray, np.ndarray, tuple]:
    """W0 (..., K, d), V (..., M, d) → flat (B, K, d), (B, M, d) and the batch shape."""
    W0 = as_vectors("W0", W0, min_ndim=2)
    V = as_vectors("V", V, min_ndim=2)
    same_dimension(("W0", "V"), W0, V)
    try:
        batch = np.broadcast_shapes(W0.shape[:-2], V.shape[:-2])
    except ValueError as exc:
        raise ValueError(
            f"batch shapes of W0 {W0.shape[:-2]} and V {V.shape[:-2]} do not broadcast"
        ) from exc
    K, M, d = W0.shape[-2], V.shape[-2], W0.shape[-1]
    Wb = np.broadcast_to(W0, (*batch, K, d)).reshape(-1, K, d).copy()
    Vb = np.broadcast_to(V, (*batch, M, d)).reshape(-1, M, d).copy()
    return Wb, Vb, batch


def _grad_norm(g: np.ndarray) -> np.ndarray:
    return np.sqrt(np.sum(g.reshape(g.shape[0], -1) ** 2, axis=-1))


# --- a batched adaptive integrator -----------------------------------------------------------

@dataclass
class ODEResult:
    """Final states (B, n), times (B,), accepted steps (B,), status (B,) and the records.

    status: 0 = stopped by the stop rule, 1 = reached t_max, 2 = ran out of max_steps.
    ``records`` (len(record_times), B, n): the state at each record time; a run that stopped
    earlier holds its stopping state there (it is a rest point to the stop tolerance).
    """

    y: np.ndarray
    t: np.ndarray
    steps: np.ndarray
    status: np.ndarray
    record_times: np.ndarray
    records: np.ndarray


def rk45_batched(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    y0,
    *,
    t_max: float,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    stop: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    record_times=None,
    max_steps: int = 200_000,
) -> ODEResult:
    """Integrate the autonomous batched ODE ẏ = f(y, idx) for every row of y0 (B, n) to t_max.

    Runs on the integrator core (:func:`numeric.ode.solve`). ``f(y_active, idx)`` gets the rows
    still running and their indices (so a per-run parameter can be selected);
    ``stop(y, f(y))`` → bool per row ends a run at the end of the first step where it holds
    (an unlocated terminal event). Step size and error control are per run, so a stiff run
    does not slow the others; records come from the dense output.
    """
    y = as_float_array("y0", y0, min_ndim=2).copy()
    if y.ndim != 2:
        raise ValueError(f"y0 must have shape (B, n), got {y.shape}")
    t_max = finite_scalar("t_max", t_max, positive=True)
    max_steps = positive_int("max_steps", max_steps)
    rt = (np.zeros(0) if record_times is None
          else np.unique(as_float_array("record_times", record_times).ravel()))
    if rt.size and (rt[0] < 0 or rt[-1] > t_max):
        raise ValueError("record_times must lie in [0, t_max]")
    B, n = y.shape
    status = np.full(B, 1)
    t = np.zeros(B)
    steps = np.zeros(B, dtype=int)
    records = np.full((rt.size, B, n), np.nan)
    done0 = np.zeros(B, bool)
    if stop is not None:
        done0 = np.asarray(stop(y, f(y, np.arange(B))), dtype=bool)
        status[done0] = 0
    run = np.nonzero(~done0)[0]
    if run.size:
        events = []
        if stop is not None:
            def fn(tt, yy, idx):
                return np.where(np.asarray(stop(yy, f(yy, run[idx])), dtype=bool), 1.0, -1.0)

            events = [ode.Event("stop", fn, terminal=True, locate=False)]
        sol = ode.solve(lambda tt, yy, idx: f(yy, run[idx]), y[run], t_max, rtol=rtol,
                        atol=atol, t_eval=rt if rt.size else None, events=events,
                        max_steps=max_steps)
        y[run], t[run], steps[run] = sol.y, sol.t, sol.n_steps
        status[run] = np.where(sol.status == ode.Status.TERMINAL_EVENT, 0,
                               np.where(sol.status == ode.Status.REACHED_END, 1, 2))
        if rt.size:
            records[:, run] = np.moveaxis(sol.y_eval, 1, 0)
    # Runs that stopped early hold their final state at the later record times.
    for i in range(rt.size):
        miss = np.isnan(records[i, :, 0])
        records[i, miss] = y[miss]
    return ODEResult(y, t, steps, status, rt, records)


# --- gradient flow and gradient descent ------------------------------------------------------

@dataclass
class FlowResult:
    """Batched gradient-flow outcome; arrays carry the batch shape of the inputs.

    W (..., K, d) final students; t (...) stop times; grad_norm (...) ‖∇J‖ there; loss (...);
    converged (...) the stop rule fired; steps (...); times (n_rec,) and trajectory
    (n_rec, ..., K, d) at the requested record times (a run that stopped earlier holds its
    stopping state, a rest point to grad_tol, at the later times).
    """

    W: np.ndarray
    t: np.ndarray
    grad_norm: np.ndarray
    loss: np.ndarray
    converged: np.ndarray
    steps: np.ndarray
    times: np.ndarray
    trajectory: np.ndarray


def population_flow(
    W0,
    V,
    *,
    t_max: float = 100.0,
    grad_tol: float = 1e-10,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    record_times=None,
    max_steps: int = 200_000,
    kappa: float = 1.0,
) -> FlowResult:
    """Integrate Ẇ = −∇J(W) for a batch of initialisations W0 (..., K, d), teachers V.

    Adaptive Dormand–Prince 5(4) per run (:func:`rk45_batched`); a run stops when
    ‖∇J‖_F < grad_tol or at t_max. One gradient call per stage serves the whole batch.
    """
    Wb, Vb, batch = _students_teachers(W0, V)
    grad_tol = finite_scalar("grad_tol", grad_tol, nonnegative=True)
    kappa = finite_scalar("kappa", kappa, positive=True)
    B, K, d = Wb.shape

    def rhs(y: np.ndarray, idx: np.ndarray) -> np.ndarray:
        return -population_gradient(y.reshape(-1, K, d), Vb[idx], kappa=kappa).reshape(len(idx), -1)

    def stop(y: np.ndarray, fy: np.ndarray) -> np.ndarray:
        return np.sqrt(np.sum(fy**2, axis=1)) < grad_tol

    res = rk45_batched(rhs, Wb.reshape(B, -1), t_max=t_max, rtol=rtol, atol=atol,
                       stop=stop, record_times=record_times, max_steps=max_steps)
    W = res.y.reshape(B, K, d)
    g = population_gradient(W, Vb, kappa=kappa)
    return FlowResult(
        W=W.reshape(*batch, K, d),
        t=res.t.reshape(batch),
        grad_norm=_grad_norm(g).reshape(batch),
        loss=population_loss(W, Vb, kappa=kappa).reshape(batch),
        converged=(res.status == 0).reshape(batch),
        steps=res.steps.reshape(batch),
        times=res.record_times,
        trajectory=res.records.reshape(res.record_times.size, *batch, K, d),
    )


@dataclass
class DescentResult:
    """Batched gradient-descent outcome (see :class:`FlowResult`); ``steps`` per run taken."""

    W: np.ndarray
    steps: np.ndarray
    grad_norm: np.ndarray
    loss: np.ndarray
    converged: np.ndarray
    record_steps: np.ndarray
    trajectory: np.ndarray


def gradient_descent(
    W0,
    V,
    *,
    lr: float = 0.01,
    steps: int = 1000,
    grad_tol: float = 0.0,
    record_every: int | None = None,
    kappa: float = 1.0,
    backend: str = "kernel",
) -> DescentResult:
    """W ← W − lr·∇J(W) for a batch of initialisations W0 (..., K, d) (the author's update).

    A run freezes once ‖∇J‖_F < grad_tol (0 disables the rule); ``record_every`` keeps
    W after every that many steps (step 0 included), so the trajectory stays sparse.
    """
    Wb, Vb, batch = _students_teachers(W0, V)
    lr = finite_scalar("lr", lr, positive=True)
    steps = positive_int("steps", steps)
    grad_tol = finite_scalar("grad_tol", grad_tol, nonnegative=True)
    kappa = finite_scalar("kappa", kappa, positive=True)
    if record_every is not None:
        record_every = positive_int("record_every", record_every)
    if backend not in ("kernel", "gram"):
        raise ValueError(f"backend must be 'kernel' or 'gram', got {backend!r}")

    def grad(Wi: np.ndarray, Vi: np.ndarray) -> np.ndarray:
        if backend == "gram":
            return kappa * _gram_gradient(Wi, Vi)
        return population_gradient(Wi, Vi, kappa=kappa)

    B, K, d = Wb.shape
    W = Wb
    taken = np.zeros(B, dtype=int)
    live = np.ones(B, dtype=bool)
    rec_steps = [] if record_every is None else list(range(0, steps + 1, record_every))
    traj = np.empty((len(rec_steps), B, K, d))
    ri = 0
    g = np.zeros_like(W)
    for s in range(steps + 1):
        if ri < len(rec_steps) and rec_steps[ri] == s:
            traj[ri] = W
            ri += 1
        idx = np.flatnonzero(live)
        if not idx.size or s == steps:
            break
        gi = grad(W[idx], Vb[idx])
        g[idx] = gi
        small = _grad_norm(gi) < grad_tol
        live[idx[small]] = False
        move = idx[~small]
        W[move] = W[move] - lr * gi[~small]
        taken[move] += 1
    for j in range(ri, len(rec_steps)):
        traj[j] = W
    g = population_gradient(W, Vb, kappa=kappa)
    return DescentResult(
        W=W.reshape(*batch, K, d),
        steps=taken.reshape(batch),
        grad_norm=_grad_norm(g).reshape(batch),
        loss=population_loss(W, Vb, kappa=kappa).reshape(batch),
        converged=(~live).reshape(batch),
        record_steps=np.asarray(rec_steps, dtype=int),
        trajectory=traj.reshape(len(rec_steps), *batch, K, d),
    )


def _gram_gradient(W: np.ndarray, V: np.ndarray) -> np.ndarray:
    """∂J/∂W from Gram matrices (matrix products, O(K²d) flops) for large K·d (κ = 1).

    Same formula as :func:`numeric.population_gradient` (m(u, v) = c_u û + c_v v with
    c_u = ‖v‖ sin θ/2π, c_v = (π − θ)/2π; the self term has θ = 0 exactly, so m = w/2), but
    θ = atan2(√(‖u‖²‖v‖² − (u·v)²), u·v) from the Gram entries: it loses ~√eps in θ for
    nearly parallel *distinct* pairs, acceptable for descent far from alignment (the
    ``convergence.py`` replica), which is why it is opt-in.
    """
    nw = np.linalg.norm(W, axis=-1)  # (B, K)
    nv = np.linalg.norm(V, axis=-1)  # (B, M)
    uh = W / np.where(nw == 0, 1.0, nw)[..., None]

    def coeffs(Gm: np.ndarray, nb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        prod = nw[..., :, None] * nb[..., None, :]
        th = np.arctan2(np.sqrt(np.maximum(prod**2 - Gm**2, 0.0)), Gm)
        return nb[..., None, :] * np.sin(th) / (2 * np.pi), (np.pi - th) / (2 * np.pi)

    cu_w, cv_w = coeffs(W @ np.swapaxes(W, -1, -2), nw)
    K = W.shape[-2]
    idx = np.arange(K)
    cu_w[..., idx, idx] = 0.0
    cv_w[..., idx, idx] = 0.5
    cu_v, cv_v = coeffs(W @ np.swapaxes(V, -1, -2), nv)
    alive = (nw > 0)[..., None]  # σ'(0) = 0: a zero row has zero gradient
    g = (uh * (cu_w.sum(-1) - cu_v.sum(-1))[..., None] + cv_w @ W - cv_v @ V)
    return np.where(alive, g, 0.0)


# --- the closed-form Hessian -----------------------------------------------------------------

def _frame(u: np.ndarray, v: np.ndarray):
    """û, the unit in-plane normal n towards v (0 where v ∥ u), ‖u‖, ‖v‖, θ(u, v)."""
    ru = np.linalg.norm(u, axis=-1, keepdims=True)
    rv = np.linalg.norm(v, axis=-1, keepdims=True)
    uh = u / np.where(ru == 0, 1.0, ru)
    rej = v - np.sum(v * uh, axis=-1, keepdims=True) * uh
    nr = np.linalg.norm(rej, axis=-1, keepdims=True)
    n = rej / np.where(nr == 0, 1.0, nr)
    th = G.pair_angle(u, v)
    return uh, n, ru, rv, th


def _outer(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a[..., :, None] * b[..., None, :]


def _block_A(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """A(u, v) = E[1{u·x>0}1{v·x>0} x xᵀ] = ∂m(u, v)/∂v, shape (..., d, d)."""
    uh, n, _, _, th = _frame(u, v)
    a_uu, a_un, a_nn, a_p = G.plane_second_moment(th)
    a_uu, a_un, a_nn, a_p = (np.asarray(c)[..., None] for c in (a_uu, a_un, a_nn, a_p))
    P_u, P_n = _outer(uh, uh), _outer(n, n)
    eye = np.eye(u.shape[-1])
    return (a_uu * P_u + a_un * (_outer(uh, n) + _outer(n, uh)) + a_nn * P_n
            + a_p * (eye - P_u - P_n))


def _block_B(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """B(u, v) = ∂m(u, v)/∂u, shape (..., d, d) (u ≠ 0)."""
    uh, n, ru, rv, th = _frame(u, v)
    b_nn, b_p = G.plane_cross_moment_du(ru, rv, th)
    b_nn, b_p = np.asarray(b_nn)[..., None], np.asarray(b_p)[..., None]
    P_u, P_n = _outer(uh, uh), _outer(n, n)
    eye = np.eye(u.shape[-1])
    return b_nn * P_n + b_p * (eye - P_u - P_n)


def population_hessian(W, V, *, kappa: float = 1.0) -> np.ndarray:
    """∇²J(W) for students W (..., K, d), teachers V (..., M, d): shape (..., K·d, K·d).

    Closed form (derived in SymPy, ``symbolic/_hessian.py``), not finite differences:
    diagonal block j: κ[I/2 + Σ_{k≠j} B(w_j, w_k) − Σ_m B(w_j, v_m)]; off-diagonal (j, k):
    κ A(w_j, w_k). J is not twice differentiable at a zero student row, which raises.
    """
    W = as_vectors("W", W, min_ndim=2)
    V = as_vectors("V", V, min_ndim=2)
    same_dimension(("W", "V"), W, V)
    try:
        batch = np.broadcast_shapes(W.shape[:-2], V.shape[:-2])
    except ValueError as exc:
        raise ValueError(
            f"batch shapes of W {W.shape[:-2]} and V {V.shape[:-2]} do not broadcast") from exc
    kappa = finite_scalar("kappa", kappa, positive=True)
    if np.any(np.all(W == 0.0, axis=-1)):
        raise ValueError("W has a zero row: J is not twice differentiable there")
    K, M, d = W.shape[-2], V.shape[-2], W.shape[-1]
    W = np.broadcast_to(W, (*batch, K, d))
    V = np.broadcast_to(V, (*batch, M, d))
    Wj, Wk = W[..., :, None, :], W[..., None, :, :]
    Wj, Wk = np.broadcast_arrays(Wj, Wk)
    A = _block_A(Wj, Wk)  # (..., K, K, d, d)
    Bww = _block_B(Wj, Wk)
    Wj2, Vm = np.broadcast_arrays(W[..., :, None, :], V[..., None, :, :])
    Bwv = _block_B(Wj2, Vm).sum(axis=-3)  # (..., K, d, d)
    idx = np.arange(K)
    Bww[..., idx, idx, :, :] = 0.0  # the self term is exactly I/2
    diag = 0.5 * np.eye(d) + Bww.sum(axis=-3) - Bwv
    H = A.copy()
    H[..., idx, idx, :, :] = diag
    H = np.swapaxes(H, -3, -2).reshape(*batch, K * d, K * d)
    H = kappa * H
    return 0.5 * (H + np.swapaxes(H, -1, -2))  # symmetric to rounding; remove the rounding


# --- critical points -------------------------------------------------------------------------

@dataclass(frozen=True)
class CriticalPoint:
    """Certificate of an (approximate) critical point W of J.

    grad_norm ‖∇J‖_F at W; eigenvalues of the closed-form Hessian (ascending); index = number of
    eigenvalues < −zero_tol, nullity = number within ±zero_tol (a flat direction, e.g. along a
    manifold of critical points).
    """

    W: np.ndarray
    grad_norm: float
    loss: float
    eigenvalues: np.ndarray
    index: int
    nullity: int
    zero_tol: float

    @property
    def kind(self) -> str:
        if self.index > 0:
            return "saddle"
        return "minimum" if self.nullity == 0 else "degenerate minimum"


def certify_critical_point(W, V, *, kappa: float = 1.0, zero_tol: float | None = None
                           ) -> CriticalPoint:
    """‖∇J‖, J and the Hessian spectrum at one point W (K, d) against teachers V (M, d).

    Default zero_tol = 10·‖∇J‖·max(‖H‖, 1) + 1e3·eps·‖H‖: an eigenvalue of the Hessian at
    the true critical point nearby can move by about Lip(H)·distance, and the distance is of
    order ‖∇J‖/|λ_min≠0|; the eps term covers the rounding of the assembled matrix. There is
    no absolute floor: it would swallow genuine eigenvalues of a rescaled loss (kappa ≪ 1).
    """
    W = as_vectors("W", W, min_ndim=2)
    V = as_vectors("V", V, min_ndim=2)
    if W.ndim != 2 or V.ndim != 2:
        raise ValueError("certify_critical_point takes a single point: W (K, d), V (M, d)")
    g = population_gradient(W, V, kappa=kappa)
    gn = float(np.linalg.norm(g))
    H = population_hessian(W, V, kappa=kappa)
    ev = np.linalg.eigvalsh(H)
    hn = float(np.max(np.abs(ev)))
    if zero_tol is None:
        zero_tol = 10.0 * gn * max(hn, 1.0) + 1e3 * _EPS * hn
    zero_tol = finite_scalar("zero_tol", zero_tol, positive=True)
    return CriticalPoint(
        W=W.copy(), grad_norm=gn, loss=float(population_loss(W, V, kappa=kappa)),
        eigenvalues=ev, index=int(np.sum(ev < -zero_tol)),
        nullity=int(np.sum(np.abs(ev) <= zero_tol)), zero_tol=float(zero_tol),
    )


@dataclass
class CriticalPointSearch:
    """Outcome of :func:`find_critical_points` per start: W (B, K, d), ‖∇J‖ (B,), loss (B,),
    converged (B,) (‖∇J‖ < tol), iterations (B,)."""

    W: np.ndarray
    grad_norm: np.ndarray
    loss: np.ndarray
    converged: np.ndarray
    iterations: np.ndarray


def find_critical_points(
    starts,
    V,
    *,
    tol: float = 1e-12,
    max_iter: int = 200,
    kappa: float = 1.0,
) -> CriticalPointSearch:
    """Solve ∇J(W) = 0 from every start (B, K, d) at once by Levenberg–Marquardt.

    Step δ = −(H² + μI)⁻¹ H g with the closed-form Hessian H (Gauss–Newton for ½‖∇J‖², so
    saddles attract as well as minima); μ shrinks ×1/3 on success and grows ×4 on failure, per
    start. Starts whose student rows collapse to 0 (not twice differentiable) are frozen.
    """
    Wb, Vb, batch = _students_teachers(starts, V)
    tol = finite_scalar("tol", tol, positive=True)
    max_iter = positive_int("max_iter", max_iter)
    kappa = finite_scalar("kappa", kappa, positive=True)
    B, K, d = Wb.shape
    n = K * d
    W = Wb
    g = population_gradient(W, Vb, kappa=kappa)
    gn = _grad_norm(g)
    mu = np.full(B, 1e-3)
    it = np.zeros(B, dtype=int)
    live = gn >= tol
    eye = np.eye(n)
    for _ in range(max_iter):
        idx = np.flatnonzero(live & (np.min(np.linalg.norm(W, axis=-1), axis=-1) > 1e-10))
        if not idx.size:
            break
        H = population_hessian(W[idx], Vb[idx], kappa=kappa)
        gi = g[idx].reshape(-1, n)
        lhs = H @ H + mu[idx, None, None] * eye
        rhs = -np.einsum("bij,bj->bi", H, gi)
        delta = np.linalg.solve(lhs, rhs[..., None])[..., 0]
        trial = W[idx] + delta.reshape(-1, K, d)
        gt = population_gradient(trial, Vb[idx], kappa=kappa)
        gtn = _grad_norm(gt)
        better = gtn < gn[idx]
        acc = idx[better]
        W[acc] = trial[better]
        g[acc] = gt[better]
        gn[acc] = gtn[better]
        mu[acc] = np.maximum(mu[acc] / 3.0, 1e-15)
        mu[idx[~better]] *= 4.0
        it[idx] += 1
        live = (gn >= tol) & (mu < 1e12)
    return CriticalPointSearch(
        W=W.reshape(*batch, K, d),
        grad_norm=gn.reshape(batch),
        loss=population_loss(W, Vb, kappa=kappa).reshape(batch),
        converged=(gn < tol).reshape(batch),
        iterations=it.reshape(batch),
    )


gradient_flow = population_flow  # the name before the finite-data/population renaming

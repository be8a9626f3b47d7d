"""Orthogonal-input helpers for Boursier, Pillaud-Vivien & Flammarion (arXiv 2206.00939).

A thin layer over :mod:`numeric._twolayer` (which integrates the full flow): the data
construction, the driving and limit vectors D± and β±, the neuron classes J*, the class losses
and escape times, the closed forms of docs/theory/boursier2022.md, the reduced ODE in ``c_jk =
<w_j, x_k>``
(integrated with ``scipy.integrate.solve_ivp``, one smooth piece per activation pattern), the
minimum-variation-norm LP and Clopper–Pearson intervals. No arccos anywhere.

Loss convention throughout: ``L = (1/2n) sum_k (h(x_k) - y_k)^2`` (``square_loss(mean=True)``);
every rate below carries the 1/n of that normalisation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import ode
from ._twolayer import square_loss
from ._validate import as_float_array, finite_scalar, positive_int
from .ode._driver import check_t_eval
from .stats import SlopeFit, clopper_pearson, fit_slope  # noqa: F401  (their old home)

__all__ = [
    "MEAN_SQUARE",
    "OrthogonalData",
    "CoefficientSolution",
    "SlopeFit",
    "bundle_logistic",
    "class_losses",
    "clopper_pearson",
    "coverage_lower_bound",
    "drop_time",
    "fit_slope",
    "init_shape",
    "jstar_probability",
    "limit_function",
    "min_variation_norm_lp",
    "neuron_classes",
    "one_minus_cos",
    "orthogonal_data",
    "coefficient_rhs",
    "solve_coefficients",
    "yardstick",
]

#: the paper's loss (1/2n) sum (h - y)^2
MEAN_SQUARE = square_loss(mean=True)


@dataclass(frozen=True)
class OrthogonalData:
    """Pairwise-orthogonal inputs ``X`` (rows ``x_k = r_k e_k``) and real labels ``y``."""

    X: np.ndarray  # (n, d)
    y: np.ndarray  # (n,)
    E: np.ndarray  # (n, d) orthonormal rows, x_k = r_k E[k]

    @property
    def n(self) -> int:
        return int(self.y.size)

    @property
    def r(self) -> np.ndarray:
        return np.linalg.norm(self.X, axis=1)

    @property
    def pos(self) -> np.ndarray:
        return self.y > 0

    def D(self, sign: int) -> np.ndarray:
        """Driving vector D± = sum_{k in S±} |y_k| x_k (the early-phase direction)."""
        m = self.pos if sign > 0 else self.y < 0
        return (np.abs(self.y) * m) @ self.X

    def beta(self, sign: int) -> np.ndarray:
        """Limit vector β± = sum_{k in S±} |y_k| x_k / ||x_k||^2 (the interpolating direction)."""
        m = self.pos if sign > 0 else self.y < 0
        return (np.abs(self.y) * m / self.r ** 2) @ self.X

    def D_subset(self, idx) -> np.ndarray:
        """D_S = sum_{k in S} |y_k| x_k for a subset S of one class."""
        idx = np.asarray(idx, int)
        return np.abs(self.y[idx]) @ self.X[idx]

    @property
    def min_norm(self) -> float:
        """R* = ||β+|| + ||β−||: the minimum variation norm of an interpolator
        (docs/theory/boursier2022.md)."""
        return float(np.linalg.norm(self.beta(1)) + np.linalg.norm(self.beta(-1)))

    def perp(self, W) -> np.ndarray:
        """The component of each row of ``W`` orthogonal to span(x_1..x_n)."""
        W = np.asarray(W, float)
        return W - (W @ self.E.T) @ self.E


def orthogonal_data(rng: np.random.Generator, norms, labels, dim: int | None = None
                    ) -> OrthogonalData:
    """``x_k = r_k Q[:, k]`` for a Haar-random orthogonal ``Q`` (QR of a Gaussian matrix)."""
    r = as_float_array("norms", norms, min_ndim=1)
    y = as_float_array("labels", labels, min_ndim=1)
    if r.shape != y.shape or r.ndim != 1 or np.any(r <= 0):
        raise ValueError("norms must be positive and have the shape of labels (n,)")
    if np.any(y == 0):
        raise ValueError("labels must be non-zero (the sign decides the class)")
    n = r.size
    d = n if dim is None else positive_int("dim", dim)
    if d < n:
        raise ValueError(f"n = {n} orthogonal inputs need dim >= n, got {d}")
    q, rr = np.linalg.qr(rng.standard_normal((d, d)))
    q = q * np.sign(np.diag(rr))
    E = q[:, :n].T.copy()
    return OrthogonalData(r[:, None] * E, y.copy(), E)


def init_shape(rng: np.random.Generator, m: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """z_j ~ N(0, I_d/(dm)), uniform signs s_j: w_j(0) = λ z_j, a_j(0) = s_j ||w_j(0)||."""
    m = positive_int("m", m)
    d = positive_int("d", d)
    Z = rng.standard_normal((m, d)) / math.sqrt(d * m)
    s = np.where(rng.random(m) < 0.5, -1.0, 1.0)
    return Z, s


def neuron_classes(W, s, data: OrthogonalData) -> np.ndarray:
    """Class of each neuron w.r.t. the points of its own sign (docs/theory/boursier2022.md).

    2: J* (active on every point of its class), 1: active on a strict non-empty subset,
    0: active on no point of its class. Uses the strict indicator <w, x> > 0 (σ'(0) = 0).
    """
    W = np.asarray(W, float)
    act = (W @ data.X.T) > 0  # (..., m, n)
    own = np.where(np.asarray(s)[..., None] > 0, data.pos, ~data.pos)  # (..., m, n)
    k_own = own.sum(-1)
    k_act = (act & own).sum(-1)
    return np.where(k_act == 0, 0, np.where(k_act == k_own, 2, 1))


def class_losses(W, v, data: OrthogonalData) -> tuple[np.ndarray, np.ndarray]:
    """(L+, L−): the (1/2n)-normalised loss restricted to S+ and to S− (L = L+ + L−)."""
    H = np.einsum("...nh,...h->...n", np.maximum(np.asarray(W) @ data.X.T, 0.0).swapaxes(-1, -2),
                  np.asarray(v))
    sq = (H - data.y) ** 2 / (2 * data.n)
    return np.sum(sq * data.pos, -1), np.sum(sq * ~data.pos, -1)


def drop_time(t, L, level: float = 0.5) -> float:
    """First time the class loss ``L(t)`` falls to ``level * L(0)``.

    Interpolated linearly in the logit of ``u = 1 - sqrt(L/L(0))``, the coordinate in which the
    equal-norm class loss is exactly logistic (docs/theory/boursier2022.md), so a coarse time grid
    suffices.
    Returns NaN when the level is never reached.
    """
    t = np.asarray(t, float)
    L = np.asarray(L, float)
    below = np.nonzero(L <= level * L[0])[0]
    if below.size == 0:
        return float("nan")
    i = int(below[0])
    if i == 0:
        return float(t[0])

    def logit(x):
        u = np.clip(1.0 - np.sqrt(np.clip(x / L[0], 0.0, 1.0)), 1e-300, 1 - 1e-16)
        return np.log(u) - np.log1p(-u)

    g0, g1, gs = logit(L[i - 1]), logit(L[i]), logit(level * L[0])
    if not (np.isfinite(g0) and np.isfinite(g1)) or g1 == g0:
        return float(t[i])
    return float(t[i - 1] + (gs - g0) / (g1 - g0) * (t[i] - t[i - 1]))


def one_minus_cos(W, u) -> np.ndarray:
    """1 − cos∠(w_j, u), computed as ||ŵ − û||²/2 (exact to rounding as the angle → 0)."""
    W = np.asarray(W, float)
    uh = np.asarray(u, float) / np.linalg.norm(u)
    Wh = W / np.linalg.norm(W, axis=-1, keepdims=True)
    return 0.5 * np.sum((Wh - uh) ** 2, axis=-1)


# -- closed forms (docs/theory/boursier2022.md) ------------------
def yardstick(t, p: float, q: float, K: float) -> np.ndarray:
    """z(t) = q sinh(asinh(p/q) + K t): solution of z' = K sqrt(z^2 + q^2), z(0) = p."""
    return q * np.sinh(np.arcsinh(p / q) + K * np.asarray(t, float))


def bundle_logistic(t, U_inf: float, u0: float, kappa: float) -> np.ndarray:
    """U(t) = U∞ / (1 + (U∞/u0 − 1) e^{−2κt}): the equal-norm class bundle
    (docs/theory/boursier2022.md)."""
    t = np.asarray(t, float)
    return U_inf / (1.0 + (U_inf / u0 - 1.0) * np.exp(-2.0 * kappa * t))


def limit_function(Xt, data: OrthogonalData) -> np.ndarray:
    """h∞(x) = σ(<β+, x>) − σ(<β−, x>) (the λ → 0 limit, docs/theory/boursier2022.md)."""
    Xt = np.asarray(Xt, float)
    return np.maximum(Xt @ data.beta(1), 0.0) - np.maximum(Xt @ data.beta(-1), 0.0)


def jstar_probability(n_class: int, m: int) -> float:
    """P(J* ≠ ∅) = 1 − (1 − 2^{−(n_c+1)})^m for isotropic z_j and fair signs
    (docs/theory/boursier2022.md)."""
    return 1.0 - (1.0 - 2.0 ** (-(n_class + 1))) ** m


def coverage_lower_bound(n: int, m: int) -> float:
    """P(every point has an active neuron of its label's sign) >= 1 − n (3/4)^m."""
    return 1.0 - n * 0.75 ** m


# -- the reduced ODE in c_jk = <w_j, x_k> ------------------------------------------------------
def coefficient_rhs(C, s, perp2, y, r2, A, n_scale: float | None = None) -> np.ndarray:
    """dc_jk/dt = (a_j/n)(y_k − h_k)||x_k||² 1[active], a_j = s_j sqrt(Σ_k c_jk²/r_k² + |P⊥w_j|²).

    The decoupled form of the flow for orthogonal inputs and a balanced init
    (docs/theory/boursier2022.md):
    a closed ODE in the m×n numbers c_jk. ``A`` is the (m, n) activation mask (a fixed branch);
    ``n_scale`` replaces the 1/n (for the ½Σ-normalisation twin).
    """
    n = C.shape[-1] if n_scale is None else n_scale
    a = s * np.sqrt(np.sum(C * C / r2, axis=-1) + perp2)
    sig = np.where(A, C, 0.0)
    h = a @ sig
    return (a[:, None] / n) * ((y - h) * r2)[None, :] * A


@dataclass
class CoefficientSolution:
    """c_jk(t) at ``t`` (K, m, n) and the deactivation times found."""

    t: np.ndarray
    C: np.ndarray
    deactivations: list[tuple[float, int, int]]
    nfev: int


def solve_coefficients(C0, s, perp2, y, r2, t_eval, *, rtol: float = 1e-10,
                  n_scale: float | None = None, max_steps: int = 200_000) -> CoefficientSolution:
    """Integrate :func:`coefficient_rhs` as a Filippov system on the integrator core.

    Surface (j, k) is c_jk = 0 with λ_jk the Clarke value of σ'(0). An inactive pair has
    dc_jk/dt = 0 exactly, so a pair that reaches its kink from the active side finds the
    inactive side tangent and slides there with λ = 0 — the frozen pair of the theory, which
    the core produces rather than a special case. ``deactivations`` lists (t, j, k) for every
    pair that left the active side.

    Batched: ``C0`` (B, m, n) with ``perp2`` (B, m) integrates B runs at once (``C`` is then
    (K, B, m, n) and ``deactivations`` holds (t, run, j, k)).
    """
    C = np.array(C0, float)
    batched = C.ndim == 3
    if C.ndim not in (2, 3):
        raise ValueError(f"C0 must have shape (m, n) or (B, m, n), got {C.shape}")
    Cb0 = C if batched else C[None]
    B, m, n = Cb0.shape
    s = np.asarray(s, float)
    perp2_all = np.broadcast_to(np.asarray(perp2, float), (B, m))
    y = np.asarray(y, float)
    r2 = np.asarray(r2, float)
    te = check_t_eval(t_eval)
    rtol = finite_scalar("rtol", rtol, positive=True)
    nn = n if n_scale is None else n_scale

    def unpack(Y):
        return Y.reshape(-1, m, n)

    def amp(Cb, idx):
        return s * np.sqrt(np.sum(Cb * Cb / r2, axis=-1) + perp2_all[idx])  # (b, m)

    def field(t, Y, idx, lam):
        Cb, L = unpack(Y), lam.reshape(-1, m, n)
        a = amp(Cb, idx)
        h = np.einsum("bj,bjk->bk", a, L * Cb)
        return ((a[:, :, None] / nn) * ((y - h) * r2)[:, None, :] * L).reshape(len(idx), -1)

    def surfaces(t, Y, idx):
        Cb = unpack(Y)
        wnorm = np.sqrt(np.sum(Cb * Cb / r2, axis=-1) + perp2_all[idx])  # ||w_j||
        return Y, (wnorm[:, :, None] * np.sqrt(r2)).reshape(len(idx), -1)  # ||w_j|| ||x_k||

    def gain(Y, idx):
        Cb = unpack(Y)
        a = amp(Cb, idx)
        h = np.einsum("bj,bjk->bk", a, np.maximum(Cb, 0.0))
        return (a[:, :, None] / nn) * ((y - h) * r2)[:, None, :], a, h  # ∂ċ_jk/∂λ_jk

    def rates(t, Y, F, idx):
        _, a, h = gain(Y, idx)
        bound = (np.abs(a)[:, :, None] / nn) * ((np.abs(y) + np.abs(h)) * r2)[:, None, :]
        return F, bound.reshape(len(idx), -1) + np.abs(F)

    def rate_jacobian(t, Y, idx, lam, S):
        g = gain(Y, idx)[0].reshape(len(idx), -1)
        valid = S >= 0
        d = np.where(valid, g[np.arange(len(idx))[:, None], np.where(valid, S, 0)], 0.0)
        return d[:, :, None] * np.eye(S.shape[1])[None]

    system = ode.PiecewiseSmooth(field, surfaces, rates, m * n, rate_jacobian,
                                 affine_surfaces=True)  # z = c_jk itself
    atol = rtol * 1e-3 * np.maximum(np.max(np.abs(Cb0.reshape(B, -1)), axis=1), 1e-300)
    if te[-1] == 0.0:
        out = np.broadcast_to(Cb0, (te.size, B, m, n)).copy()
        return CoefficientSolution(te, out if batched else out[:, 0], [], 0)
    sol = ode.solve(system, Cb0.reshape(B, -1), float(te[-1]), rtol=rtol, atol=atol, t_eval=te,
                    max_steps=max_steps).raise_on_failure("solve_coefficients")
    sw = sol.switches
    left = (sw.old == 1) & (sw.new != 1)
    j, k = np.divmod(sw.surface[left], n)
    if batched:
        deact = [(float(tt), int(b), int(jj), int(kk))
                 for tt, b, jj, kk in zip(sw.t[left], sw.row[left], j, k, strict=True)]
    else:
        deact = [(float(tt), int(jj), int(kk)) for tt, jj, kk in zip(sw.t[left], j, k,
                                                                      strict=True)]
    C_t = np.moveaxis(sol.y_eval.reshape(B, te.size, m, n), 0, 1)
    return CoefficientSolution(te, C_t if batched else C_t[:, 0], deact, int(sol.n_rhs))


# -- convex program, statistics ----------------------------------------------------------------
def min_variation_norm_lp(X, y, U) -> tuple[float, np.ndarray]:
    """min Σ_u |c_u| s.t. Σ_u c_u σ(<u, x_k>) = y_k over the unit directions ``U`` (rows).

    The variation norm restricted to a finite dictionary: an upper bound on the true minimum,
    equal to it when the dictionary contains an optimal support. Solved by HiGHS
    (``scipy.optimize.linprog``) with c = c⁺ − c⁻. Returns (value, c).
    """
    from scipy.optimize import linprog

    X = np.asarray(X, float)
    U = np.asarray(U, float)
    F = np.maximum(X @ U.T, 0.0)  # (n, N) features
    N = U.shape[0]
    res = linprog(np.ones(2 * N), A_eq=np.hstack([F, -F]), b_eq=np.asarray(y, float),
                  bounds=(0, None), method="highs")
    if res.status != 0:
        raise RuntimeError(f"linprog failed: {res.message}")
    c = res.x[:N] - res.x[N:]
    return float(res.fun), c


# the names before the finite-data/population renaming (served with a warning by
# numeric.orthogonal; kept here for code that imported the private module)
ReducedSolution = CoefficientSolution
solve_reduced = solve_coefficients
reduced_rhs = coefficient_rhs

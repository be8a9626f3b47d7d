"""The Hessian of the teacher–student loss with trained second layers, for every continuous
activation of the Gaussian deriver.

Everything comes from the plane components (A, B) of the cross moment m(u, v) = A û + B n̂
(symbolic/_gaussian.py) and their partial derivatives. In the frame (û, n̂, ⊥) of the pair:

* ∂m/∂u: û ↦ A_{r_u} û + B_{r_u} n̂;  n̂ ↦ [(−A_θ − B) û + (A − B_θ) n̂]/‖u‖ (u turning towards
  v lowers θ);  ⊥ ↦ (A − C‖v‖cos θ)/‖u‖ (û tilts, and n̂ with it by −cot θ), C = B/(‖v‖ sin θ);
* ∂m/∂v: v̂ ↦ A_{r_v} û + B_{r_v} n̂;  v̂⊥ ↦ (A_θ û + B_θ n̂)/‖v‖;  ⊥ ↦ C (n̂ tilts out of the
  plane), with v̂ = cos θ û + sin θ n̂ and v̂⊥ = −sin θ û + cos θ n̂.

At θ ∈ {0, π} n̂ is any unit vector ⟂ û: the blocks are isotropic on (n̂, ⊥) there (A_θ = 0 and
B/sin θ → B_θ), so the choice does not matter.

With g_{w_j} = κa_j[Σ_k a_k m(w_j, w_k) − Σ_l b_l m(w_j, v_l)] and
g_{a_j} = κ[Σ_k a_k k(w_j, w_k) − Σ_l b_l k(w_j, v_l)]:

* H_{w_j w_k} = κ a_j a_k ∂_v m(w_j, w_k)  (j ≠ k);
* H_{w_j w_j} = κ a_j [Σ_{k≠j} a_k ∂_u m(w_j, w_k) + a_j (∂_u + ∂_v) m(w_j, w_j)
  − Σ_l b_l ∂_u m(w_j, v_l)];
* H_{w_j a_k} = κ a_j m(w_j, w_k) (k ≠ j), H_{w_j a_j} = g_{w_j}/a_j + κ a_j m(w_j, w_j);
* H_{a_j a_k} = κ k(w_j, w_k).

The chain rule inside the expectation needs φ' continuous off a null set *and* no jump of φ
itself; a jump of φ' (ReLU's kink) is fine because m, not φ', is differentiated. Zero student
rows are refused: the frame, hence the Hessian, is undefined at w = 0.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import sympy as sp

from . import _gaussian as G
from ._activations import Activation, activation

__all__ = ["assemble", "compile_expr_tuple", "cross_moment_jacobians", "teacher_student_hessian"]

_NAMES = ("A", "B", "C", "A_ru", "B_ru", "A_rv", "B_rv", "A_th", "B_th", "u_perp")


@cache
def _jacobians(act: Activation) -> dict[str, sp.Expr]:
    A, B = G.cross_moment_plane(act)
    r_u, r_v, th = G.r_u, G.r_v, G.theta
    # the deriver's normal form for trigonometric polynomials (piecewise); for erf one rational
    # function over the radical (together/cancel: milliseconds, where reducing the radical
    # modulo its square, or a blanket simplify, costs seconds per activation)
    def tidy(e):
        return sp.cancel(sp.together(e)) if act.kind == "erf" else G._tidy(e)
    C = sp.simplify(B / (r_v * sp.sin(th)))
    out = {
        "A": A, "B": B, "C": C,
        "A_ru": sp.diff(A, r_u), "B_ru": sp.diff(B, r_u),
        "A_rv": sp.diff(A, r_v), "B_rv": sp.diff(B, r_v),
        "A_th": sp.diff(A, th), "B_th": sp.diff(B, th),
        "u_perp": (A - C * r_v * sp.cos(th)) / r_u,
    }
    return {k: (v if k in ("A", "B", "C") else tidy(v)) for k, v in out.items()}


def cross_moment_jacobians(phi) -> dict[str, sp.Expr]:
    """The plane quantities the Jacobians of m are made of (see the module docstring), as
    SymPy expressions in (r_u, r_v, θ)."""
    act = activation(phi)
    if not act.continuous:
        raise ValueError(f"{act.name!r} jumps: its loss Hessian carries Dirac terms the cross "
                         "moment leaves out")
    return _jacobians(act)


@cache
def _compiled(act: Activation) -> Callable:
    return compile_expr_tuple(_jacobians(act))


def _frame(u: np.ndarray, v: np.ndarray):
    """(r_u, r_v, θ, û, n̂) of one pair; n̂ ⟂ û towards v, any unit normal when v ∥ u."""
    from numeric import pair_angle

    r_u, r_v = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    th = float(np.ravel(pair_angle(u, v))[0]) if r_v > 0 else 0.0
    uhat = u / r_u
    perp = v - (v @ uhat) * uhat
    if np.linalg.norm(perp) <= 1e-300 or r_v == 0 or th in (0.0, np.pi):
        i = int(np.argmin(np.abs(uhat)))
        e = np.zeros_like(u)
        e[i] = 1.0
        perp = e - (e @ uhat) * uhat
    return r_u, r_v, th, uhat, perp / np.linalg.norm(perp)


def _pair_blocks(fn, u, v):
    """(m, ∂m/∂u, ∂m/∂v) of one pair as (d,), (d, d), (d, d) arrays."""
    r_u, r_v, th, uh, nh = _frame(u, v)
    vals = dict(zip(_NAMES, (float(np.ravel(x)[0]) for x in fn(r_u, r_v, th)), strict=True))
    d = u.shape[0]
    perp = np.eye(d) - np.outer(uh, uh) - np.outer(nh, nh)
    m = vals["A"] * uh + vals["B"] * nh
    du = (np.outer(vals["A_ru"] * uh + vals["B_ru"] * nh, uh)
          + np.outer(((-vals["A_th"] - vals["B"]) * uh + (vals["A"] - vals["B_th"]) * nh) / r_u,
                     nh)
          + vals["u_perp"] * perp)
    if r_v == 0:
        return m, du, vals["C"] * np.eye(d)
    vhat = np.cos(th) * uh + np.sin(th) * nh
    vperp = -np.sin(th) * uh + np.cos(th) * nh
    dv = (np.outer(vals["A_rv"] * uh + vals["B_rv"] * nh, vhat)
          + np.outer((vals["A_th"] * uh + vals["B_th"] * nh) / r_v, vperp)
          + vals["C"] * perp)
    return m, du, dv


def compile_expr_tuple(jac: dict[str, sp.Expr]) -> Callable:
    """The plane quantities ``jac`` (names as in :func:`cross_moment_jacobians`) compiled."""
    from ._printer import compile_expr

    return compile_expr(sp.Tuple(*(jac[n] for n in _NAMES)), (G.r_u, G.r_v, G.theta))


@cache
def _kernel_fn(act: Activation) -> Callable:
    from ._printer import compile_expr

    return compile_expr(G.kernel_vector(act), (G.u_vec, G.v_vec))


def teacher_student_hessian(phi="relu") -> Callable[..., np.ndarray]:
    """H(W, a, V, b, kappa=1.0): the Hessian of J = ½κE[(Σ_j a_jφ(w_j·x) − Σ_l b_lφ(v_l·x))²]
    in the parameters (w_1, …, w_K, a_1, …, a_K), shape (K(d + 1), K(d + 1)), W (K, d) with
    nonzero rows, a (K,), V (M, d), b (M,)."""
    act = activation(phi)
    cross_moment_jacobians(act)  # refuses a jump
    fn = _compiled(act)

    def hessian(W, a, V, b, kappa: float = 1.0) -> np.ndarray:
        return assemble(fn, act, W, a, V, b, kappa)

    return hessian


def assemble(fn: Callable, act: Activation, W, a, V, b, kappa: float = 1.0) -> np.ndarray:
    """The Hessian from compiled plane quantities ``fn`` (see :func:`teacher_student_hessian`)."""
    W, V = np.asarray(W, float), np.asarray(V, float)
    a, b = np.asarray(a, float), np.asarray(b, float)
    if W.ndim != 2 or V.ndim != 2 or W.shape[1] != V.shape[1]:
        raise ValueError(f"W and V must be (K, d) and (M, d), got {W.shape} and {V.shape}")
    K, d = W.shape
    if a.shape != (K,) or b.shape != (V.shape[0],):
        raise ValueError(f"a must have shape ({K},) and b ({V.shape[0]},), got {a.shape} "
                         f"and {b.shape}")
    for name, x in (("W", W), ("a", a), ("V", V), ("b", b)):
        if not np.all(np.isfinite(x)):
            raise ValueError(f"{name} contains NaN or infinite entries")
    if np.any(np.linalg.norm(W, axis=1) == 0):
        raise ValueError("W has a zero row: the Hessian is undefined at w = 0")
    if not (np.isfinite(kappa) and kappa > 0):
        raise ValueError(f"kappa must be a finite positive number, got {kappa!r}")
    k = _kernel_fn(act)
    H = np.zeros((K * (d + 1), K * (d + 1)))
    wa = K * d
    for j in range(K):
        wj = slice(j * d, (j + 1) * d)
        grad_part = np.zeros(d)
        diag = np.zeros((d, d))
        for kk in range(K):
            m, du, dv = _pair_blocks(fn, W[j], W[kk])
            grad_part += a[kk] * m
            H[wa + j, wa + kk] = float(np.ravel(k(W[j], W[kk]))[0])
            if kk == j:
                diag += a[j] * (du + dv)
                H[wj, wa + j] += a[j] * m
            else:
                diag += a[kk] * du
                H[wj, kk * d:(kk + 1) * d] = a[j] * a[kk] * dv
                H[wj, wa + kk] = a[j] * m
        for ll in range(V.shape[0]):
            m, du, _ = _pair_blocks(fn, W[j], V[ll])
            grad_part -= b[ll] * m
            diag -= b[ll] * du
        H[wj, wj] = a[j] * diag
        H[wj, wa + j] += grad_part
    # the (a, w) blocks are the transposes of the (w, a) ones
    H[wa:, :wa] = H[:wa, wa:].T
    return kappa * H

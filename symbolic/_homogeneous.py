"""SymPy derivations for Kumar & Haupt (small-init flow of homogeneous nets).

* the neural correlation function (NCF) of a two-layer net, N(v, U) = sum_i y_i sum_j v_j
  sigma(u_j . x_i), and its gradient, derived per (neuron, sample) term and compiled with
  ``lambdify`` (numpy broadcasting does the double sum);
* Euler's identity <w, grad N(w)> = L N(w) for L-homogeneous N, as an exact symbolic residual;
* the best single neuron on the unit sphere, N* = (p+1)^(-1/2) (p/(p+1))^(p/2) max|g|, by
  solving the one-variable maximisation of v (1 - v^2)^(p/2) exactly; for sigma = z^2 this is
  2 max(lambda_max, -lambda_min)(M) / (3 sqrt 3).

Activations: ``square`` (z^2), ``relu_power`` (max(z,0)^p) and ``leaky_relu_power``
(z^p for z > 0, -alpha |z|^p otherwise), matching :mod:`numeric._twolayer`'s objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp

__all__ = [
    "NCFTerm",
    "activation",
    "euler_residual",
    "ncf_functions",
    "ncf_term",
    "single_neuron_constant",
    "square_nstar_formula",
]

z = sp.Symbol("z", real=True)
_KINDS = ("square", "relu_power", "leaky_relu_power")


def activation(kind: str, p: sp.Expr | float = 2, alpha: sp.Expr | float = 0) -> sp.Expr:
    """sigma(z) as a SymPy expression (Piecewise for the ReLU family)."""
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, got {kind!r}")
    p = sp.nsimplify(p)
    alpha = sp.nsimplify(alpha)
    if kind == "square":
        return z**2
    if kind == "relu_power":
        return sp.Piecewise((z**p, z > 0), (0, True))
    return sp.Piecewise((z**p, z > 0), (-alpha * (-z) ** p, True))


def degree(kind: str, p: sp.Expr | float = 2) -> sp.Expr:
    """Homogeneity degree of sigma (2 for the square)."""
    return sp.Integer(2) if kind == "square" else sp.nsimplify(p)


@dataclass(frozen=True)
class NCFTerm:
    """One (neuron, sample) term y v sigma(u.x) of the NCF and its gradient in (v, u)."""

    kind: str
    d: int
    p: sp.Expr
    alpha: sp.Expr
    v: sp.Symbol
    u: tuple[sp.Symbol, ...]
    x: tuple[sp.Symbol, ...]
    y: sp.Symbol
    expr: sp.Expr
    grad: tuple[sp.Expr, ...]  # (d/dv, d/du_1, ..., d/du_d)

    @property
    def L(self) -> sp.Expr:
        """Homogeneity degree in the trained weights (v, u): p + 1."""
        return degree(self.kind, self.p) + 1


@cache
def ncf_term(kind: str = "square", d: int = 2, p: float = 2, alpha: float = 0) -> NCFTerm:
    """The NCF term y v sigma(u.x) with symbolic weights and data, and its gradient."""
    if int(d) != d or d < 1:
        raise ValueError(f"d must be a positive integer, got {d!r}")
    v = sp.Symbol("v", real=True)
    u = sp.symbols(f"u1:{d + 1}", real=True)
    x = sp.symbols(f"x1:{d + 1}", real=True)
    y = sp.Symbol("y", real=True)
    pre = sum(ui * xi for ui, xi in zip(u, x, strict=True))
    expr = y * v * activation(kind, p, alpha).subs(z, pre)
    grad = tuple(sp.diff(expr, w) for w in (v, *u))
    return NCFTerm(kind, int(d), sp.nsimplify(p), sp.nsimplify(alpha), v, u, x, y, expr, grad)


@cache
def euler_residual(term: NCFTerm) -> sp.Expr:
    """<w, grad N(w)> - L N(w) for one term, simplified: exactly 0 for L-homogeneous N.

    For the Piecewise activations each branch is simplified separately (piecewise_fold), so the
    kink is never differentiated through (the branches hold on open sets)."""
    w = (term.v, *term.u)
    res = sum(wi * gi for wi, gi in zip(w, term.grad, strict=True)) - term.L * term.expr
    res = sp.piecewise_fold(sp.expand(res))
    if isinstance(res, sp.Piecewise):
        pieces = [(sp.simplify(sp.expand_power_base(sp.powsimp(e, force=True), force=True)), c)
                  for e, c in res.args]
        return sp.Piecewise(*pieces)
    return sp.simplify(res)


def ncf_functions(
    kind: str = "square", d: int = 2, p: float = 2, alpha: float = 0
) -> tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]]:
    """Compiled (N, grad N) for a two-layer net from the SymPy term.

    ``N(theta, X, y)`` and ``grad(theta, X, y)`` with ``theta = [v (m), U (m x d)]`` (as in the
    theory note,
    order); the (neuron, sample) term is lambdified and summed by numpy broadcasting."""
    from ._printer import compile_expr

    term = ncf_term(kind, d, p, alpha)
    args = (term.v, *term.u, *term.x, term.y)
    # through the reluflow printer (complete Piecewise → nested where), like every derivation
    f = compile_expr(term.expr, args)
    g = compile_expr(sp.Tuple(*term.grad), args)

    def split(theta, X, y):
        th = np.asarray(theta, float)
        Xa = np.asarray(X, float)
        ya = np.asarray(y, float)
        if Xa.ndim != 2 or Xa.shape[1] != d:
            raise ValueError(f"X must have shape (n, {d}), got {Xa.shape}")
        if ya.shape != (Xa.shape[0],):
            raise ValueError(f"y must have shape ({Xa.shape[0]},), got {ya.shape}")
        if th.ndim != 1 or th.size % (d + 1):
            raise ValueError(f"theta must be a flat [v (m), U (m x {d})] vector, got {th.shape}")
        m = th.size // (d + 1)
        v, U = th[:m], th[m:].reshape(m, d)
        # (m, 1) weights against (1, n) samples
        cols = [v[:, None], *(U[:, k][:, None] for k in range(d)),
                *(Xa[:, k][None, :] for k in range(d)), ya[None, :]]
        return m, cols

    def N(theta, X, y) -> float:
        _, cols = split(theta, X, y)
        return float(np.sum(np.broadcast_to(f(*cols), (cols[0].shape[0], ya_n(cols)))))

    def ya_n(cols):
        return cols[-1].shape[1]

    def grad(theta, X, y) -> np.ndarray:
        m, cols = split(theta, X, y)
        shape = (m, ya_n(cols))
        parts = [np.sum(np.broadcast_to(gk, shape), axis=1) for gk in g(*cols)]
        return np.concatenate([parts[0], np.stack(parts[1:], axis=1).ravel()])

    return N, grad


def single_neuron_constant(p: sp.Expr | float | None = None) -> sp.Expr:
    """max over v^2 + |u|^2 = 1 of v |u|^p, i.e. of v (1 - v^2)^(p/2) on 0 < v < 1.

    Solved exactly: the stationary point is v = (p+1)^(-1/2), giving
    (p+1)^(-1/2) (p/(p+1))^(p/2); N* is this times max_{|u|=1} |g(u)| (sign of v = sign of g).
    """
    P = sp.Symbol("p", positive=True) if p is None else sp.nsimplify(p)
    v = sp.Symbol("v", positive=True)
    obj = v * (1 - v**2) ** (P / 2)
    crit = [c for c in sp.solve(sp.diff(obj, v), v) if c.is_positive is not False]
    if len(crit) != 1:
        raise ValueError(f"expected one stationary point in (0, 1), got {crit}")
    return sp.simplify(obj.subs(v, crit[0]))


def square_nstar_formula() -> sp.Expr:
    """N* for sigma = z^2 in terms of lam = max(lambda_max, -lambda_min)(M): 2 lam / (3 sqrt 3).

    g(u) = u^T M u, so max_{|u|=1} |g| = lam and N* = single_neuron_constant(2) * lam."""
    lam = sp.Symbol("lambda", positive=True)
    return sp.nsimplify(single_neuron_constant(2)) * lam

"""SymPy derivations for orthogonal inputs (Boursier, Pillaud-Vivien, Flammarion, 2206.00939).

Every function returns *residuals*: expressions that simplify to exactly 0 when the closed form
of docs/theory/boursier2022.md is right. The derivations start from the model equations
(h = Σ_j a_j σ(<w_j, x>), L = (1/2n) Σ_k (h(x_k) − y_k)², σ'(0) = 0) and never from the claimed
result; a wrong closed form (``variant=...``) leaves a non-zero residual, which is how the false
twins are refuted.

The activation pattern is represented by 0/1 symbols δ_jk (the branch on which the flow sits,
exactly as the integrator freezes it), so no Heaviside or Max ever reaches SymPy's simplifier
(engineering notes §1.3).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

__all__ = [
    "bundle_from_flow_residual",
    "bundle_logistic_residuals",
    "decoupled_ode_residuals",
    "pair_logistic_residuals",
    "yardstick_residuals",
]

t = sp.Symbol("t", nonnegative=True)


def _zero_one(expr: sp.Expr, deltas) -> sp.Expr:
    """Reduce powers of 0/1 symbols: δ^k = δ for k >= 1."""
    expr = sp.expand(expr)
    for d in deltas:
        expr = expr.replace(lambda e, d=d: e.is_Pow and e.base == d and e.exp.is_Integer
                            and e.exp >= 1, lambda e, d=d: d)
    return sp.expand(expr)


@cache
def decoupled_ode_residuals(n: int = 3, m: int = 2, variant: str = "paper") -> dict[str, sp.Expr]:
    """Residuals of the decoupled ODE of §2.1 for n orthogonal inputs and m neurons.

    Coordinates: an orthonormal basis e_1..e_n of span(x_k) plus one off-span direction e_⊥
    (every off-span component of w_j lies along one direction per neuron, so a single extra
    axis per neuron is general: we give each neuron its own e_⊥ coefficient in one shared axis,
    which is enough because the gradient has no off-span part at all).
    ``variant``: "paper" (the claim), "sum" (the ½Σ normalisation: no 1/n) or "norm" (‖x_k‖
    in place of ‖x_k‖²) — the last two must leave non-zero residuals.
    """
    r = sp.symbols(f"r1:{n + 1}", positive=True)
    y = sp.symbols(f"y1:{n + 1}", real=True)
    a = sp.symbols(f"a1:{m + 1}", real=True)
    W = [[sp.Symbol(f"w{j + 1}_{k + 1}", real=True) for k in range(n + 1)] for j in range(m)]
    dl = [[sp.Symbol(f"delta{j + 1}_{k + 1}", nonnegative=True) for k in range(n)]
          for j in range(m)]
    deltas = [d for row in dl for d in row]
    X = [[r[k] if i == k else 0 for i in range(n + 1)] for k in range(n)]  # x_k = r_k e_k

    def dot(u, v):
        return sum(ui * vi for ui, vi in zip(u, v, strict=True))

    c = [[dot(W[j], X[k]) for k in range(n)] for j in range(m)]
    h = [sum(a[j] * dl[j][k] * c[j][k] for j in range(m)) for k in range(n)]  # σ(c) = δ c
    L = sp.Rational(1, 2 * n) * sum((h[k] - y[k]) ** 2 for k in range(n))
    # gradient flow on the branch: σ'(c) = δ, i.e. differentiate with δ held fixed
    wdot = [[-sp.diff(L, W[j][i]) for i in range(n + 1)] for j in range(m)]
    adot = [-sp.diff(L, a[j]) for j in range(m)]
    inv_n = {"paper": sp.Rational(1, n), "sum": sp.Integer(1), "norm": sp.Rational(1, n)}[variant]
    rpow = 1 if variant == "norm" else 2
    out: dict[str, sp.Expr] = {}
    for j in range(m):
        for k in range(n):
            cdot = dot(wdot[j], X[k])
            claimed = a[j] * inv_n * (y[k] - h[k]) * r[k] ** rpow * dl[j][k]
            out[f"dc_{j + 1}{k + 1}"] = _zero_one(cdot - claimed, deltas)
        claimed_a = sp.Rational(1, n) * sum((y[k] - h[k]) * dl[j][k] * c[j][k] for k in range(n))
        out[f"da_{j + 1}"] = _zero_one(adot[j] - claimed_a, deltas)
        out[f"dperp_{j + 1}"] = sp.expand(wdot[j][n])  # the off-span component never moves
        norm2 = sum(wi ** 2 for wi in W[j])
        out[f"norm_{j + 1}"] = sp.expand(
            norm2 - (sum(c[j][k] ** 2 / r[k] ** 2 for k in range(n)) + W[j][n] ** 2))
        # balancedness: d/dt (a_j² − ‖w_j‖²) = 2 a_j a_j' − 2 <w_j, w_j'> = 0
        out[f"balance_{j + 1}"] = _zero_one(2 * a[j] * adot[j] - 2 * dot(W[j], wdot[j]), deltas)
    return out


@cache
def yardstick_residuals(variant: str = "paper") -> dict[str, sp.Expr]:
    """z(t) = q sinh(asinh(p/q) + K t) solves z' = K sqrt(z² + q²), z(0) = p
    (docs/theory/boursier2022.md).

    Also derives the yardstick ODE itself from w(t) = w0 + τ(t) D, τ' = ||w||/n, and the
    asymptote ((p + sqrt(p² + q²))/2) e^{Kt}. ``variant="cosh"`` is the false twin.
    """
    p = sp.Symbol("p", real=True)
    q, K, Dn, nn = sp.symbols("q K D n", positive=True)
    arg = sp.Symbol("s", real=True)  # s = asinh(p/q) + K t, real
    f = sp.sinh if variant == "paper" else sp.cosh
    z = q * f(sp.asinh(p / q) + K * t)
    zdot = sp.diff(z, t).subs(sp.asinh(p / q) + K * t, arg)
    zs = z.subs(sp.asinh(p / q) + K * t, arg)
    # Compare squares (SymPy does not take sqrt of a perfect square of cosh), then the sign:
    # z' and K sqrt(z² + q²) are equal iff their squares are and z' > 0.
    sq = sp.simplify(sp.expand(zdot ** 2 - K ** 2 * (zs ** 2 + q ** 2)).rewrite(sp.exp))
    A = (p + sp.sqrt(p ** 2 + q ** 2)) / 2
    # exact identity z = A e^{Kt} − q²/(4A) e^{−Kt}, hence the asymptote A e^{Kt}
    exact = sp.simplify(sp.expand((z - (A * sp.exp(K * t) - q ** 2 / (4 * A) * sp.exp(-K * t)))
                                  .rewrite(sp.exp).rewrite(sp.log)))
    out = {
        "ode_squared": sq,
        "ode_sign": sp.Integer(0) if zdot.is_positive else sp.Integer(1),
        "initial": sp.simplify(z.subs(t, 0) - p),
        "asymptote": exact,
    }
    # z := <w, D̂>, w = p D̂ + q_vec + τ D: dz/dt = ||D|| τ' = (||D||/n) sqrt(z² + q²), K = ||D||/n
    zz = sp.Symbol("z", real=True)
    dz = Dn * sp.sqrt(zz ** 2 + q ** 2) / nn
    out["rate"] = sp.simplify(dz - K.subs(K, Dn / nn) * sp.sqrt(zz ** 2 + q ** 2))
    return out


@cache
def pair_logistic_residuals(variant: str = "paper") -> dict[str, sp.Expr]:
    """One neuron, one unit-norm point, n = 1, q = 0: c(t)² = y/(1 + (y/c0² − 1)e^{−2yt}).

    From §5.1, dc/dt = sqrt(c² + q²)(y − c sqrt(c² + q²)); with q = 0 and c > 0 this is
    c' = c(y − c²), so (c²)' = 2c²(y − c²). ``variant="rate_y2"`` uses e^{−2y²t} (false).
    """
    y, c0 = sp.symbols("y c0", positive=True)
    rate = 2 * y if variant == "paper" else 2 * y ** 2
    c2 = y / (1 + (y / c0 ** 2 - 1) * sp.exp(-rate * t))
    c = sp.sqrt(c2)
    q = sp.Integer(0)
    cdot_flow = sp.sqrt(c ** 2 + q ** 2) * (y - c * sp.sqrt(c ** 2 + q ** 2))
    return {
        "ode": sp.simplify(sp.diff(c, t) - cdot_flow),
        "initial": sp.simplify(c.subs(t, 0) - c0),
    }


@cache
def bundle_logistic_residuals(variant: str = "paper") -> dict[str, sp.Expr]:
    """U(t) = U∞/(1 + (U∞/u0 − 1)e^{−2κt}) solves U' = 2κU(1 − U/U∞), U(0) = u0 (§5.3)."""
    Ui, u0, kap = sp.symbols("U_inf u0 kappa", positive=True)
    rate = 2 * kap if variant == "paper" else kap
    U = Ui / (1 + (Ui / u0 - 1) * sp.exp(-rate * t))
    return {
        "ode": sp.simplify(sp.diff(U, t) - 2 * kap * U * (1 - U / Ui)),
        "initial": sp.simplify(U.subs(t, 0) - u0),
    }


@cache
def bundle_from_flow_residual(n_class: int = 2, n: int = 3) -> dict[str, sp.Expr]:
    """Derive U' = 2κU(1 − U/U∞) from the per-pair ODE for an equal-norm class (§2.5).

    One neuron aligned with the class (c_k = α y_k r²/r² on its n_class points, norm r, no
    off-span part, the only active neuron): then U = ||w||² = α²||y||²/r² and
    κ = ||D||/n = ||y|| r/n, U∞ = ||D||/r² = ||y||/r.
    """
    r, al = sp.symbols("r alpha", positive=True)
    y = sp.symbols(f"y1:{n_class + 1}", positive=True)
    ynorm = sp.sqrt(sum(yk ** 2 for yk in y))
    c = [al * yk for yk in y]
    wnorm = sp.sqrt(sum(ck ** 2 / r ** 2 for ck in c))  # = α||y||/r
    a = wnorm
    h = [a * ck for ck in c]
    cdot = [a / n * (yk - hk) * r ** 2 for yk, hk in zip(y, h, strict=True)]
    # every c_k stays proportional to y_k: (c_k'/y_k) is the same for all k
    prop = [sp.simplify(cdot[k] / y[k] - cdot[0] / y[0]) for k in range(1, n_class)]
    U = wnorm ** 2
    Udot = sum(2 * ck * cd / r ** 2 for ck, cd in zip(c, cdot, strict=True))
    kap = ynorm * r / n
    Ui = ynorm / r
    out = {"ode": sp.simplify(Udot - 2 * kap * U * (1 - U / Ui))}
    out.update({f"proportional_{k + 2}": e for k, e in enumerate(prop)})
    return out

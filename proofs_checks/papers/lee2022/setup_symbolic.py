"""SymPy algebra two claims share: the (r, φ) ODE differentiated from the closed-form chain
loss, the unbalanced chain's flows, and a decision procedure for "this residual is 0"."""

from __future__ import annotations


def chain_loss(P, r, th, kappa):
    """κ[P² r²/4 − P r g(φ)/(2π) + 1/4] with φ = π − θ: the depth-L chain's loss, the product
    P = ∏a_k of the scalar layers held as its own symbol."""
    import sympy as sp

    ph = sp.pi - th
    return kappa * (P**2 * r**2 / 4 - P * r * (sp.sin(ph) - ph * sp.cos(ph)) / (2 * sp.pi)
                    + sp.Rational(1, 4))


def ode_from_loss():
    """(ṙ, φ̇) by differentiating the closed-form chain loss (cheap: no SymPy integration).

    P = ∏a_k is held fixed while differentiating (the flow of w sees P as a parameter); then
    P = r^{L−1}.
    """
    import sympy as sp

    from symbolic import symbols as D

    r, th, L, kappa = D.r, D.theta, D.depth, D.kappa
    P = sp.Symbol("P", positive=True)
    J = chain_loss(P, r, th, kappa)
    rdot = (-sp.diff(J, r)).subs(P, r ** (L - 1)).subs(th, sp.pi - D.phi)
    phidot = (sp.diff(J, th) / r**2).subs(P, r ** (L - 1)).subs(th, sp.pi - D.phi)
    return rdot, phidot


def unbalanced_flows(from_symbolic_module: bool) -> dict:
    """Flows of (r, θ, a_2, a_3) for the L = 3 chain with free a_k.

    ``symbolic``'s own ``deep_chain_full_rhs(3)`` integrates the plane kernel in SymPy
    (seconds), so without the symbolic derivations the closed-form loss is differentiated
    instead (the same algebra).
    """
    import sympy as sp

    import symbolic
    from symbolic import symbols as D

    if from_symbolic_module:
        return symbolic.deep_chain_full_rhs(3)
    r, th, kappa = D.r, D.theta, D.kappa
    a = sp.symbols("a2:4", positive=True)
    J = chain_loss(a[0] * a[1], r, th, kappa)
    flows = {ak: -sp.diff(J, ak) for ak in a}
    flows[r] = -sp.diff(J, r)
    flows[th] = -sp.diff(J, th) / r**2
    return flows


def is_zero(expr) -> str:
    """'zero' if SymPy reduces ``expr`` to 0, 'nonzero' if certified ≠ 0 at a rational point."""
    import sympy as sp

    from symbolic import symbols as D

    cheap = sp.expand(sp.powsimp(sp.expand(expr), force=True))
    if cheap == 0:
        return "zero"
    # Certify non-zero first (cheap): 30 digits at an exact rational point.
    pt = {D.r: sp.Rational(7, 10), D.phi: sp.Rational(13, 10), D.depth: 3,
          D.kappa: sp.Rational(3, 2), D.theta: sp.pi - sp.Rational(13, 10)}
    if abs(sp.N(expr.subs(pt), 30)) > 1e-20:
        return "nonzero"
    return "zero" if sp.simplify(cheap) == 0 else "unknown"

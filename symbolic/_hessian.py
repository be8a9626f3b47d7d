"""Closed-form second derivatives of the Gaussian ReLU population loss, derived in SymPy.

The Hessian of J = ½Σ_jk k(w_j, w_k) − Σ_jm k(w_j, v_m) + const is built from two pair blocks
of the cross moment m(u, v) = E[1{u·x>0} x σ(v·x)] (∂J/∂w_j = Σ_k m(w_j, w_k) − Σ_m m(w_j, v_m)):

* ∂m(u, v)/∂v = A(u, v) = E[1{u·x>0} 1{v·x>0} x xᵀ]  (the off-diagonal Hessian blocks);
* ∂m(u, v)/∂u = B(u, v)                               (enters the diagonal blocks).

Both are written in the frame (û, n, ⊥): û = u/‖u‖, n the unit in-plane normal towards v
(v = ‖v‖(cos θ û + sin θ n)), ⊥ the orthogonal complement of span(u, v). Recipe as in
``_derive`` (engineering notes §1.3): polar coordinates in the plane with the kink angles
supplied by hand, exact radial moment. Out of the plane, x_⊥ is an independent N(0, I) vector,
so A acts on ⊥ as P(u·x>0, v·x>0)·I = ((π − θ)/2π)·I; B acts on ⊥ through the rotation of û
alone (θ is stationary to first order when u tilts out of the plane).

Kinks: ∂m/∂u contains no delta term of its own — it is obtained by differentiating the closed
form of m, which is C¹ in u away from u = 0 (it is degree-0 homogeneous in u).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from ._derive import KINK_HIGH, KINK_LOW, alpha, cross_moment_coefficients, r_u, r_v, rho, theta


@cache
def pair_second_moment_plane() -> tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr]:
    """(a_uu, a_un, a_nn, a_perp): A(u, v) = E[1{u·x>0}1{v·x>0} x xᵀ] in the (û, n, ⊥) frame.

    In-plane block: (1/2π)∫ρ³e^{−ρ²/2}dρ · ∫_{θ−π/2}^{π/2} (cos α, sin α)ᵀ(cos α, sin α) dα over
    the common positive sector; on ⊥: E[x_⊥²]·P(common sector) = (1/2π)∫ρe^{−ρ²/2}dρ·(π − θ).
    """
    rad3 = sp.integrate(rho**3 * sp.exp(-rho**2 / 2), (rho, 0, sp.oo))
    rad1 = sp.integrate(rho * sp.exp(-rho**2 / 2), (rho, 0, sp.oo))

    def ang(f):
        return sp.integrate(f, (alpha, KINK_LOW, KINK_HIGH))

    c = rad3 / (2 * sp.pi)
    a_uu = sp.simplify(c * ang(sp.cos(alpha) ** 2))
    a_un = sp.simplify(c * ang(sp.cos(alpha) * sp.sin(alpha)))
    a_nn = sp.simplify(c * ang(sp.sin(alpha) ** 2))
    a_perp = sp.simplify(rad1 * ang(sp.S.One) / (2 * sp.pi))
    return a_uu, a_un, a_nn, a_perp


@cache
def cross_moment_u_jacobian_plane() -> tuple[sp.Matrix, sp.Expr]:
    """(B_plane, b_perp): ∂m(u, v)/∂u in the (û, n) frame (2×2) and on ⊥ (a multiple of I).

    In-plane: put u = r_u(cos β, sin β), v = r_v(cos γ, sin γ) with θ = γ − β, write m in the
    fixed frame as R(β)·(c_u û₀ + c_v v₀) and take the polar derivatives ∂/∂r_u (direction û) and
    r_u⁻¹∂/∂β (direction n); rotate back and set β = 0.
    Out of plane: u + ε e_⊥ changes û by ε e_⊥/r_u and θ by O(ε²), so ∂m/∂u·e_⊥ = (c_u/r_u)·e_⊥
    (differentiated below rather than asserted).
    """
    beta, gamma, eps = sp.symbols("beta gamma epsilon", real=True)
    c_u, c_v = cross_moment_coefficients()  # m = c_u û + c_v v, functions of (r_v, θ)
    th = gamma - beta
    uhat = sp.Matrix([sp.cos(beta), sp.sin(beta)])
    v = r_v * sp.Matrix([sp.cos(gamma), sp.sin(gamma)])
    m = c_u.subs(theta, th) * uhat + c_v.subs(theta, th) * v
    col_u = sp.diff(m, r_u)  # m is degree-0 in r_u: this column is zero
    col_n = sp.diff(m, beta) / r_u
    rot_back = sp.Matrix([[sp.cos(beta), sp.sin(beta)], [-sp.sin(beta), sp.cos(beta)]])
    B = (rot_back * sp.Matrix.hstack(col_u, col_n)).subs({beta: 0, gamma: theta})
    B = B.applyfunc(sp.simplify)

    # Out of plane: u = r_u(1, 0, ε/r_u)·(scale irrelevant), v = r_v(cos θ, sin θ, 0).
    u3 = sp.Matrix([r_u, 0, eps])
    n_u3 = sp.sqrt(u3.dot(u3))
    uhat3 = u3 / n_u3
    vhat3 = sp.Matrix([sp.cos(theta), sp.sin(theta), 0])
    # θ(ε) from its cosine, expanded to first order (only θ'(0) is needed, and it is 0).
    cos_eps = uhat3.dot(vhat3)
    dtheta = sp.simplify(sp.diff(cos_eps, eps).subs(eps, 0) / (-sp.sin(theta)))
    m3 = c_u.subs(theta, theta) * uhat3 + c_v * r_v * vhat3
    dm3 = sp.diff(m3, eps).subs(eps, 0) + (
        sp.diff(c_u, theta) * sp.Matrix([1, 0, 0]) + sp.diff(c_v, theta) * r_v * vhat3
    ) * dtheta
    b_perp = sp.simplify(dm3[2])
    return B, b_perp


@cache
def cross_moment_v_jacobian_plane() -> sp.Matrix:
    """∂m(u, v)/∂v in the (û, n) frame by differentiating the closed form of m (cross-check).

    Must equal the in-plane block of A(u, v) obtained by integration; the test suite asserts it.
    """
    gamma = sp.Symbol("gamma", real=True)
    c_u, c_v = cross_moment_coefficients()
    v = r_v * sp.Matrix([sp.cos(gamma), sp.sin(gamma)])
    m = c_u.subs(theta, gamma) * sp.Matrix([1, 0]) + c_v.subs(theta, gamma) * v
    col_v = sp.diff(m, r_v)  # direction v̂ = (cos γ, sin γ)
    col_t = sp.diff(m, gamma) / r_v  # direction (−sin γ, cos γ)
    # Columns are derivatives along (v̂, v̂⊥); convert to the (û, n) basis.
    Q = sp.Matrix([[sp.cos(gamma), -sp.sin(gamma)], [sp.sin(gamma), sp.cos(gamma)]])
    J = sp.Matrix.hstack(col_v, col_t) * Q.T
    return J.subs(gamma, theta).applyfunc(sp.simplify)


def hessian_pair_outputs() -> tuple:
    """The nonzero coefficients compiled into numeric._generated.

    ``(a_uu, a_un, a_nn, a_perp)`` of A and ``(b_nn, b_perp)`` of B; the û-row and û-column of
    B vanish identically (m is degree-0 homogeneous in u and symmetric), which the tests assert.
    """
    B, b_perp = cross_moment_u_jacobian_plane()
    return pair_second_moment_plane(), (B[1, 1], b_perp)


# --- catalogue builders (registered in symbolic._catalogue._BUILDERS) -----------------------

def d_pair_second_moment():
    """Derivation of A(u, v) = ∂m(u, v)/∂v in the (û, n, ⊥) frame, compiled for the Hessian."""
    from ._catalogue import Derivation  # late: the catalogue imports this module's builders

    return Derivation(
        "pair_second_moment",
        "E[1{u·x>0}1{v·x>0} x xᵀ] = ∂m(u,v)/∂v in the frame (û, n, ⊥): polar integral over the "
        "common sector (kinks θ − π/2, π/2 by hand) in the plane, ((π − θ)/2π)·I on ⊥.",
        pair_second_moment_plane(), (theta,),
        ("a_{uu}", "a_{un}", "a_{nn}", "a_{\\perp}"), "plane_second_moment",
    )


def d_cross_moment_du():
    """Derivation of B(u, v) = ∂m(u, v)/∂u (nonzero entries), compiled for the Hessian."""
    from ._catalogue import Derivation

    _, (b_nn, b_perp) = hessian_pair_outputs()
    return Derivation(
        "cross_moment_du",
        "∂m(u,v)/∂u in the frame (û, n, ⊥): only the n·nᵀ entry b_nn and the ⊥ multiple b_perp "
        "are nonzero (polar derivatives of the closed form of m).",
        (b_nn, b_perp), (r_u, r_v, theta), ("b_{nn}", "b_{\\perp}"), "plane_cross_moment_du",
    )

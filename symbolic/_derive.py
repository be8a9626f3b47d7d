"""First-principles derivations of the Gaussian ReLU closed forms.

Recipe (engineering notes §1.3): rotate to the plane of the two weight vectors, write the
in-plane part of x ~ N(0, I_d) in polar coordinates (ρ, α) — a standard 2-D Gaussian with
density e^{−ρ²/2}ρ/(2π) — supply the kink angles by hand (SymPy cannot find symbolic kinks),
integrate the radial moment exactly and the angular integral between the kinks. Components of
x orthogonal to the plane are independent and zero-mean, so they drop out of every moment here.

With û = (1, 0) and v = ‖v‖(cos θ, sin θ), θ ∈ [0, π]:
u·x > 0  ⇔  α ∈ (−π/2, π/2),    v·x > 0  ⇔  α ∈ (θ − π/2, θ + π/2),
so both are positive on (θ − π/2, π/2).
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from ._primitives import NonzeroOr1, Norm, Positive, Reject, SinMinusXCos, Supplement, Unit

theta = sp.Symbol("theta", nonnegative=True)  # angle between the pair, in [0, π]
delta = sp.Symbol("delta", nonnegative=True)  # π − θ, the kernels' small variable at θ → π
phi = sp.Symbol("phi", nonnegative=True)  # π − θ for student–teacher pairs (Lee–Sim–Ye)
r_u, r_v = sp.symbols("r_u r_v", positive=True)
r = sp.Symbol("r", positive=True)
kappa = sp.Symbol("kappa", positive=True)
depth = sp.Symbol("L", positive=True, integer=True)
alpha, rho = sp.symbols("alpha rho", real=True)
u_vec, v_vec = sp.symbols("u v")  # stand for arrays of shape (..., d)

# The kinks, supplied explicitly: the common positive sector of u·x and v·x.
KINK_LOW = theta - sp.pi / 2
KINK_HIGH = sp.pi / 2


def _gaussian_polar(radial_power: int, angular) -> sp.Expr:
    """E over the 2-D Gaussian of ρ^radial_power · angular(α) restricted to the common sector."""
    radial = sp.integrate(rho ** (radial_power + 1) * sp.exp(-rho**2 / 2), (rho, 0, sp.oo))
    ang = sp.integrate(angular, (alpha, KINK_LOW, KINK_HIGH))
    return sp.simplify(radial * ang / (2 * sp.pi))


@cache
def plane_kernel() -> sp.Expr:
    """k(u, v) = E[σ(u·x)σ(v·x)] in terms of (‖u‖, ‖v‖, θ): the arc-cosine kernel."""
    # σ(u·x)σ(v·x) = ρ² ‖u‖‖v‖ cos α cos(α − θ) on the common sector.
    return sp.simplify(r_u * r_v * _gaussian_polar(2, sp.cos(alpha) * sp.cos(alpha - theta)))


@cache
def plane_cross_moment() -> tuple[sp.Expr, sp.Expr]:
    """(along û, along the in-plane normal) of E[1{u·x>0} x σ(v·x)], x = ρ(cos α, sin α)."""
    # x σ(v·x) = ρ (cos α, sin α) · ρ ‖v‖ cos(α − θ)
    along = r_v * _gaussian_polar(2, sp.cos(alpha) * sp.cos(alpha - theta))
    normal = r_v * _gaussian_polar(2, sp.sin(alpha) * sp.cos(alpha - theta))
    return sp.simplify(along), sp.simplify(normal)


@cache
def cross_moment_coefficients() -> tuple[sp.Expr, sp.Expr]:
    """Coefficients (c_u, c_v) with E[1{u·x>0} x σ(v·x)] = c_u û + c_v v.

    The in-plane normal is (v̂ − cos θ û)/sin θ; SymPy cancels the sin θ exactly, so the
    compiled form has no division that vanishes at θ ∈ {0, π}.
    """
    along, normal = plane_cross_moment()
    U, Vhat = sp.symbols("Uhat Vhat")
    vec = sp.expand(along * U + normal * (Vhat - sp.cos(theta) * U) / sp.sin(theta))
    c_u = sp.simplify(vec.coeff(U))
    c_vhat = sp.simplify(vec.coeff(Vhat))
    c_v = sp.simplify(c_vhat / r_v)  # r_v v̂ = v
    return c_u, c_v


@cache
def self_moment_coefficient() -> sp.Expr:
    """E[1{u·x>0} x σ(u·x)] = c · u; the θ = 0 case of the cross moment (c = 1/2)."""
    c_u, c_v = cross_moment_coefficients()
    # At θ = 0 the pair is (u, u): c_u û + c_v u with r_v = ‖u‖, û = u/‖u‖.
    return sp.simplify(c_u.subs({theta: 0, r_v: r_u}) / r_u + c_v.subs(theta, 0))


def expand_vector_nodes(expr: sp.Expr) -> sp.Expr:
    """Write Unit in terms of Norm, so CSE computes each norm once (the angles are helper
    calls of their own: see symbolic/_pair_helpers.py)."""
    return expr.replace(Unit, lambda u: u / NonzeroOr1(Norm(u)))


def _in_delta(expr: sp.Expr, stable: sp.Expr) -> sp.Expr:
    """``stable`` (written with J(δ) = SinMinusXCos(δ)) after checking that it equals ``expr``
    at θ = π − δ, exactly."""
    diff = expr.subs(theta, sp.pi - delta) - stable.rewrite(sp.sin)
    if sp.simplify(sp.expand_trig(diff)) != 0:
        raise AssertionError(f"the δ form {stable} is not {expr} at θ = π − δ")
    return stable


@cache
def vector_kernel() -> sp.Expr:
    """k(u, v) on arrays (..., d): the plane form at θ = π − δ, where it is ‖u‖‖v‖J(δ)/2π with
    J(δ) = sin δ − δ cos δ; δ, not θ, because J cancels to O(δ³) as θ → π."""
    stable = _in_delta(plane_kernel(), r_u * r_v * SinMinusXCos(delta) / (2 * sp.pi))
    return stable.subs({r_u: Norm(u_vec), r_v: Norm(v_vec), delta: Supplement(u_vec, v_vec)})


@cache
def vector_cross_moment() -> sp.Expr:
    """E[1{u·x>0} x σ(v·x)] on arrays; zero when u = 0 (σ'(0) = 0 convention).

    c_u û + c_v v is regrouped with v = ‖v‖cos θ û + v⊥ into (c_u + c_v‖v‖cos θ) û + c_v v⊥:
    at θ = π − δ the û coefficient is ‖v‖J(δ)/2π (it cancels to O(δ³) in the c_u, c_v form)
    and c_v = δ/2π.
    """
    c_u, c_v = cross_moment_coefficients()
    along = _in_delta(c_u + c_v * r_v * sp.cos(theta), r_v * SinMinusXCos(delta) / (2 * sp.pi))
    normal = _in_delta(c_v, delta / (2 * sp.pi))
    sub = {r_v: Norm(v_vec), delta: Supplement(u_vec, v_vec)}
    return Positive(Norm(u_vec)) * (along.subs(sub) * Unit(u_vec)
                                    + normal.subs(sub) * Reject(v_vec, u_vec))


# --- K-student / M-teacher loss and gradient -----------------------------------------------

@cache
def population_loss_expansion(K: int, M: int) -> sp.Expr:
    """J = ½κ E[(Σ_j σ(w_j·x) − Σ_m σ(v_m·x))²] expanded into pair kernels k(·,·).

    Obtained by expanding the square of symbolic activations and taking the expectation of
    each product, which is a kernel by definition.
    """
    s = sp.symbols(f"s1:{K + 1}")  # σ(w_j·x)
    t = sp.symbols(f"t1:{M + 1}")  # σ(v_m·x)
    W = sp.symbols(f"w1:{K + 1}")
    V = sp.symbols(f"v1:{M + 1}")
    k = sp.Function("k")
    act = dict(zip(s, W, strict=True)) | dict(zip(t, V, strict=True))
    sample = sp.expand(kappa / 2 * (sum(s) - sum(t)) ** 2)
    out = sp.S.Zero
    for term in sp.Add.make_args(sample):
        coeff, factors = term.as_independent(*s, *t, as_Add=False)
        powers = factors.as_powers_dict()
        vecs = []
        for sym, p in powers.items():
            vecs.extend([act[sym]] * int(p))
        a, b = vecs
        out += coeff * k(*sorted((a, b), key=str))
    return out


@cache
def population_gradient_expansion(K: int, M: int, j: int = 1) -> sp.Expr:
    """∂J/∂w_j as a sum of cross moments m(w_j, ·) = E[1{w_j·x>0} x σ(·)].

    Differentiates the per-sample loss with the chain rule ∂σ(w_j·x)/∂w_j = 1{w_j·x>0} x, then
    takes expectations term by term.
    """
    s = sp.symbols(f"s1:{K + 1}")
    t = sp.symbols(f"t1:{M + 1}")
    W = sp.symbols(f"w1:{K + 1}")
    V = sp.symbols(f"v1:{M + 1}")
    m = sp.Function("m")
    act = dict(zip(s, W, strict=True)) | dict(zip(t, V, strict=True))
    sample = kappa / 2 * (sum(s) - sum(t)) ** 2
    outer = sp.expand(sp.diff(sample, s[j - 1]))  # times 1{w_j·x>0} x
    out = sp.S.Zero
    for term in sp.Add.make_args(outer):
        coeff, factor = term.as_independent(*s, *t, as_Add=False)
        out += coeff * m(W[j - 1], act[factor])
    return out


# --- one neuron and the balanced deep chain ------------------------------------------------

@cache
def single_neuron_loss() -> sp.Expr:
    """J(r, θ) for f = σ(w·x), teacher v with ‖v‖ = 1, loss ½κE[(f − σ(v·x))²]."""
    k = plane_kernel()
    k_ww = k.subs({r_u: r, r_v: r, theta: 0})
    k_wv = k.subs({r_u: r, r_v: 1})
    k_vv = k.subs({r_u: 1, r_v: 1, theta: 0})
    return sp.simplify(kappa / 2 * (k_ww - 2 * k_wv + k_vv))


@cache
def deep_chain_loss() -> sp.Expr:
    """J(P, r, θ) for f = P σ(w·x), P = ∏_{k=2..L} a_k (balanced: a_k = ‖w‖)."""
    P = sp.Symbol("P", positive=True)
    k = plane_kernel()
    k_ww = k.subs({r_u: r, r_v: r, theta: 0})
    k_wv = k.subs({r_u: r, r_v: 1})
    k_vv = k.subs({r_u: 1, r_v: 1, theta: 0})
    return sp.simplify(kappa / 2 * (P**2 * k_ww - 2 * P * k_wv + k_vv))


@cache
def deep_chain_rhs() -> tuple[sp.Expr, sp.Expr]:
    """(dr/dt, dφ/dt) of the balanced depth-L chain, φ = π − θ.

    Gradient flow in polar coordinates of w: ṙ = −∂J/∂r, θ̇ = −r⁻²∂J/∂θ, at fixed P; the
    balanced chain keeps a_k = r, so P = r^{L−1} is substituted after differentiating
    (differentiating first is right: the flow of w sees P as a parameter).
    """
    P = sp.Symbol("P", positive=True)
    J = deep_chain_loss()
    r_dot = -sp.diff(J, r)
    theta_dot = -sp.diff(J, theta) / r**2
    sub = {P: r ** (depth - 1)}
    r_dot = r_dot.subs(sub).subs(theta, sp.pi - phi)
    phi_dot = (-theta_dot).subs(sub).subs(theta, sp.pi - phi)
    return sp.simplify(sp.factor(r_dot)), sp.simplify(phi_dot)


log_r = sp.Symbol("log_r", real=True)


@cache
def deep_chain_log_rhs() -> tuple[sp.Expr, sp.Expr]:
    """(d ln r/dt, dz/dt) of the balanced depth-L chain in the integrator's variables.

    z = ln tan(θ/2) with θ = π − φ, so dz/dt = θ̇/sin θ = −φ̇/sin φ: the sin φ of φ̇ cancels
    symbolically, and the flow stays finite on its invariant sets z = ±∞ (φ = 0, π), where a
    numerical division would be 0/0. sin φ − φ cos φ is kept as J(φ) (summed as a series for
    small φ), r^p as exp(p ln r): no overflow for r far from 1.
    """
    r_dot, phi_dot = deep_chain_rhs()
    g = sp.Symbol("g", real=True)
    to_g = {sp.sin(phi): g + phi * sp.cos(phi)}
    dlog = sp.simplify(sp.expand((r_dot / r).subs(to_g)))
    dz = sp.simplify(-phi_dot / sp.sin(phi))
    if dlog.has(sp.sin, sp.cos) or dz.has(sp.sin, sp.cos):
        raise AssertionError(f"the log-polar flow did not reduce to J(φ): {dlog}, {dz}")
    polar = {r: sp.exp(log_r), g: SinMinusXCos(phi)}
    return (sp.powsimp(sp.factor(dlog).subs(polar), force=True),
            sp.powsimp(dz.subs(polar), force=True))


@cache
def single_neuron_rhs() -> tuple[sp.Expr, sp.Expr]:
    """(dr/dt, dφ/dt) for one neuron: ṙ = −∂J/∂r, θ̇ = −r⁻²∂J/∂θ, φ = π − θ."""
    J = single_neuron_loss()
    r_dot = -sp.diff(J, r)
    phi_dot = sp.diff(J, theta) / r**2
    return (sp.simplify(r_dot.subs(theta, sp.pi - phi)),
            sp.simplify(phi_dot.subs(theta, sp.pi - phi)))


@cache
def deep_chain_full_rhs(L: int) -> dict:
    """The unbalanced chain with explicit scalars a_2..a_L: every coordinate's flow.

    Used to check that the balanced reduction is exact and that a_k² − r² is conserved.
    """
    a = sp.symbols(f"a2:{L + 1}", positive=True)
    P = sp.Mul(*a)
    k = plane_kernel()
    J = kappa / 2 * (P**2 * k.subs({r_u: r, r_v: r, theta: 0})
                     - 2 * P * k.subs({r_u: r, r_v: 1}) + k.subs({r_u: 1, r_v: 1, theta: 0}))
    flows = {ak: -sp.diff(J, ak) for ak in a}
    flows[r] = -sp.diff(J, r)
    flows[theta] = -sp.diff(J, theta) / r**2
    return flows


# --- Tian's symmetric family ---------------------------------------------------------------

x_sym, y_sym = sp.symbols("x y", real=True)
K_sym = sp.Symbol("K", positive=True, integer=True)


@cache
def tian_symmetric_rhs() -> tuple[sp.Expr, sp.Expr]:
    """(ẋ, ẏ) for w_j = x e_j + y Σ_{k≠j} e_k with the orthonormal teacher w*_k = e_k.

    Assembled from the cross moment m(u, v) = c_u(θ,‖v‖) û + c_v(θ) v: −∂J/∂w_j =
    Σ_k m(w_j, e_k) − Σ_k m(w_j, w_k), projected on e_j (ẋ) and on e_k, k ≠ j (ẏ). The
    angles use atan2 of factorised wedge norms, so they stay accurate on the diagonal x = y.
    """
    x, y, K = x_sym, y_sym, K_sym
    c_u, c_v = cross_moment_coefficients()
    norm_w = sp.sqrt(x**2 + (K - 1) * y**2)
    # wedge² = ‖a‖²‖b‖² − (a·b)², factorised by hand-checked identities (verified below).
    th_j = sp.atan2(sp.sqrt(K - 1) * sp.Abs(y), x)  # ∠(w_j, e_j)
    th_k = sp.atan2(sp.sqrt(x**2 + (K - 2) * y**2), y)  # ∠(w_j, e_k), k ≠ j
    dot_ww = 2 * x * y + (K - 2) * y**2
    th_ww = sp.atan2(sp.Abs(x - y) * sp.sqrt((x + y) ** 2 + 2 * (K - 2) * y**2), dot_ww)
    # Components of û_j = w_j/‖w_j‖ on e_j and on e_k.
    uj_j, uj_k = x / norm_w, y / norm_w

    def m(th, rv, vj, vk):
        """(e_j, e_k) components of m(w_j, v) for v with those components."""
        cu = c_u.subs({theta: th, r_v: rv})
        cv = c_v.subs(theta, th)
        return cu * uj_j + cv * vj, cu * uj_k + cv * vk

    # Teachers: e_j (components 1, 0) and the K−1 others; on e_k exactly one of them is 1.
    tj = m(th_j, 1, 1, 0)
    tk_other = m(th_k, 1, 0, 0)  # an e_l with l ∉ {j, k}: 0 on both
    tk_same = m(th_k, 1, 0, 1)  # e_k itself
    teach_j = tj[0] + (K - 1) * tk_other[0]
    teach_k = tj[1] + tk_same[1] + (K - 2) * tk_other[1]
    # Students: the self term m(w_j, w_j) = w_j/2, and K−1 others w_l.
    sj = (x / 2, y / 2)
    # w_l (l ≠ j) has component y on e_j; on e_k it is x if l = k, else y.
    s_on_j = (K - 1) * m(th_ww, norm_w, y, 0)[0]
    s_on_k = m(th_ww, norm_w, 0, x)[1] + (K - 2) * m(th_ww, norm_w, 0, y)[1]
    x_dot = teach_j - (sj[0] + s_on_j)
    y_dot = teach_k - (sj[1] + s_on_k)
    return x_dot, y_dot


def tian_wedge_identities() -> list[sp.Expr]:
    """Residuals (should simplify to 0) of the factorised wedge norms used above."""
    x, y, K = x_sym, y_sym, K_sym
    nw2 = x**2 + (K - 1) * y**2
    dot_ww = 2 * x * y + (K - 2) * y**2
    return [
        sp.expand(nw2 * 1 - x**2 - (K - 1) * y**2),
        sp.expand(nw2 - y**2 - (x**2 + (K - 2) * y**2)),
        sp.expand(nw2**2 - dot_ww**2 - (x - y) ** 2 * ((x + y) ** 2 + 2 * (K - 2) * y**2)),
    ]

"""The derivations: identities they must satisfy, their printed forms, and the printer rules."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

import symbolic
from numeric import _generated as G
from numeric._reference import reference_cross_moment, reference_kernel
from proofs_checks import strategies as rs
from symbolic import _derive as D
from symbolic._printer import ReluflowPrinter

HIGH = 80  # working digits for the inputs' own geometry (cancellation in the wedge costs ≤ 32)


def _mp_geometry(u: np.ndarray, v: np.ndarray):
    """‖u‖, ‖v‖, θ at high precision from the exact float inputs, atan2 form."""
    with mp.workdps(HIGH):
        U = [mp.mpf(float(a)) for a in u]
        V = [mp.mpf(float(a)) for a in v]
        uu = mp.fsum(a * a for a in U)
        vv = mp.fsum(a * a for a in V)
        uv = mp.fsum(a * b for a, b in zip(U, V, strict=True))
        wedge = mp.sqrt(max(uu * vv - uv * uv, mp.mpf(0)))
        return mp.sqrt(uu), mp.sqrt(vv), mp.atan2(wedge, uv), U, V


def _closed_kernel(u, v, expr=None):
    """The SymPy closed form evaluated in mpmath (not the compiled float code)."""
    expr = D.plane_kernel() if expr is None else expr
    f = sp.lambdify((D.r_u, D.r_v, D.theta), expr, modules="mpmath")
    ru, rv, th, _, _ = _mp_geometry(u, v)
    with mp.workdps(HIGH):
        return f(ru, rv, th), ru * rv


def _closed_cross(u, v):
    c_u, c_v = D.cross_moment_coefficients()
    fu = sp.lambdify((D.r_v, D.theta), c_u, modules="mpmath")
    fv = sp.lambdify((D.theta,), c_v, modules="mpmath")
    ru, rv, th, U, V = _mp_geometry(u, v)
    with mp.workdps(HIGH):
        a, b = fu(rv, th), fv(th)
        return [a * x / ru + b * y for x, y in zip(U, V, strict=True)], rv


# 30-digit references have quadrature error ~1e-30 of the integrand's scale ‖u‖‖v‖; the
# closed form is exact, so agreement to 1e-25 of that scale leaves 5 digits of headroom.
REL_1E25 = mp.mpf("1e-25")


@settings(max_examples=8, deadline=None)
@given(rs.vector_pairs(d=3, kind="any"))
def test_kernel_closed_form_matches_30_digit_reference(pair):
    u, v = pair
    closed, scale = _closed_kernel(u, v)
    ref = reference_kernel(u, v, digits=30)
    assert abs(closed - ref.value) <= REL_1E25 * scale


@settings(max_examples=6, deadline=None)
@given(rs.vector_pairs(d=4, kind="any"))
def test_cross_moment_closed_form_matches_30_digit_reference(pair):
    u, v = pair
    closed, scale = _closed_cross(u, v)
    ref = reference_cross_moment(u, v, digits=30)
    values = ref.value
    for c, r in zip(closed, values, strict=True):
        assert abs(c - r) <= REL_1E25 * scale


def test_wrong_kernel_twin_is_caught_by_the_same_comparison():
    """(π + θ) for (π − θ): the comparison that confirms the closed form must reject this."""
    th = D.theta
    wrong = D.r_u * D.r_v * (sp.sin(th) + (sp.pi + th) * sp.cos(th)) / (2 * sp.pi)
    assert sp.simplify(wrong - D.plane_kernel()) != 0
    u, v = np.array([1.0, 0.2, -0.3]), np.array([0.4, 1.1, 0.5])
    closed, scale = _closed_kernel(u, v, wrong)
    ref = reference_kernel(u, v, digits=30)
    assert abs(closed - ref.value) > 1e-3 * scale


def test_self_moment_is_half():
    assert D.self_moment_coefficient() == sp.Rational(1, 2)


def test_single_neuron_ode_is_the_depth_one_chain():
    r1, p1 = D.single_neuron_rhs()
    rl, pl = D.deep_chain_rhs()
    assert sp.simplify(rl.subs(D.depth, 1) - r1) == 0
    assert sp.simplify(pl.subs(D.depth, 1) - p1) == 0


def test_log_polar_flow_is_the_chain_in_ln_r_and_z():
    """d ln r/dt = ṙ/r and dz/dt = θ̇/sin θ (z = ln tan(θ/2), θ = π − φ), exactly; a version
    that forgets the chain rule of z (dz/dt = θ̇) is told apart."""
    from symbolic import SinMinusXCos

    polar = {D.r: sp.exp(D.log_r)}
    rl, pl = (e.subs(polar) for e in D.deep_chain_rhs())
    dlog, dz = (e.replace(SinMinusXCos, lambda x: sp.sin(x) - x * sp.cos(x))
                for e in D.deep_chain_log_rhs())

    def same(a, b):
        return sp.simplify(sp.powsimp(sp.expand(a - b), force=True)) == 0

    assert same(dlog, rl / sp.exp(D.log_r))
    theta_dot = -pl
    assert same(dz, theta_dot / sp.sin(sp.pi - D.phi))
    assert not same(dz, theta_dot)


@pytest.mark.parametrize("L", [2, 3, 4])
def test_balanced_reduction_of_the_explicit_chain(L):
    """The explicit (a_2..a_L, r, θ) flow at a_k = r equals the reduced ODE, and a_k² − r² is
    conserved for every state (balanced or not)."""
    flows = D.deep_chain_full_rhs(L)
    a = [s for s in flows if s.name.startswith("a")]
    rl, pl = D.deep_chain_rhs()
    balanced = {ak: D.r for ak in a}
    r_dot = flows[D.r].subs(balanced).subs(D.theta, sp.pi - D.phi)
    phi_dot = (-flows[D.theta]).subs(balanced).subs(D.theta, sp.pi - D.phi)
    assert sp.simplify(r_dot - rl.subs(D.depth, L)) == 0
    assert sp.simplify(phi_dot - pl.subs(D.depth, L)) == 0
    for ak in a:
        assert sp.simplify(2 * ak * flows[ak] - 2 * D.r * flows[D.r]) == 0


def test_loss_expansion_counts_pairs():
    J = D.population_loss_expansion(3, 2)
    k = sp.Function("k")
    w = sp.symbols("w1:4")
    assert J.coeff(k(w[0], w[1])) == D.kappa  # ½κ·2 from the cross term of the square
    assert J.coeff(k(w[0], w[0])) == D.kappa / 2


def test_tian_wedge_identities_hold():
    assert all(sp.simplify(e) == 0 for e in D.tian_wedge_identities())


def test_tian_symmetric_ode_matches_authors_transcription():
    """The paper's transcription of dynamics.py (an independent source) at a few points."""
    for K, x, y in [(2, 0.3, 0.1), (3, 0.4, 0.2), (5, -0.2, 0.6), (10, 0.9, 0.05)]:
        a = (x * x + (K - 1) * y * y) ** -0.5
        th = np.arctan2(np.sqrt(K - 1) * abs(y), x)
        ths = np.arctan2(np.sqrt(x * x + (K - 2) * y * y), y)
        dot = 2 * x * y + (K - 2) * y * y
        ph = np.arctan2(np.sqrt(max((x * x + (K - 1) * y * y) ** 2 - dot**2, 0.0)), dot)
        T = (K - 1) * (a * np.sin(ths) - np.sin(ph)) + a * np.sin(th)
        xd = (-(np.pi - ph) * (x - 1 + (K - 1) * y) - ph * (x - 1) - th + T * x) / (2 * np.pi)
        yd = (-(np.pi - ph) * (x - 1 + (K - 1) * y) - ph * y - (ths - ph) + T * y) / (2 * np.pi)
        ours = G.tian_symmetric_rhs(x, y, K)
        np.testing.assert_allclose(ours, (xd, yd), rtol=0, atol=1e-14)


def test_printer_refuses_incomplete_piecewise_and_acos():
    z = sp.Symbol("z", real=True)
    with pytest.raises(NotImplementedError, match="Piecewise"):
        ReluflowPrinter().doprint(sp.Piecewise((z, z > 0), (-z, z < -1)))
    # complete: nested where, never numpy.select with its NaN default
    printed = ReluflowPrinter().doprint(sp.Piecewise((z, z > 0), (0, True)))
    assert printed == "numpy.where(numpy.greater(z, 0), z, 0)" and "select" not in printed
    with pytest.raises(NotImplementedError, match="acos"):
        ReluflowPrinter().doprint(sp.acos(z))


def test_printer_relu_is_maximum_and_angle_is_atan2():
    u, v, z = sp.symbols("u v z")
    assert ReluflowPrinter().doprint(symbolic.relu(z)) == "numpy.maximum(z, 0.0)"
    assert ReluflowPrinter().doprint(symbolic.Angle(u, v)) == "_pair_angle(u, v)"
    helpers = symbolic._printer.helper_source()
    angle = helpers[helpers.index("def _pair_angle"):]
    assert "numpy.arctan2(wedge, dot)" in angle and "arccos" not in helpers


def test_acos_pitfall_is_real_and_avoided():
    """The kernel written with acos(u·v/‖u‖‖v‖), differentiated and lambdified, is NaN at
    θ ≲ 1e-9 (engineering notes §1.1); the compiled cross moment (that gradient) is finite and
    correct there: ∂k/∂w at w ∥ v is ((π − 0)/2π)v = v/2."""
    w1, w2 = sp.symbols("w1 w2", real=True)
    nw = sp.sqrt(w1**2 + w2**2)
    c = w1 / nw  # cos θ against v = e1
    naive = nw * (sp.sqrt(1 - c**2) + (sp.pi - sp.acos(c)) * c) / (2 * sp.pi)
    dnaive = sp.lambdify((w1, w2), sp.diff(naive, w1), modules="numpy", cse=True)
    with np.errstate(all="ignore"):
        assert np.isnan(dnaive(np.float64(1.0), np.float64(1e-9)))
    w = np.array([1.0, 1e-9])
    v = np.array([1.0, 0.0])
    np.testing.assert_allclose(G.pair_cross_moment(v, w)[0], 0.5, rtol=1e-15)


def test_derive_api_round_trips():
    names = symbolic.available()
    assert {"relu_kernel", "cross_moment", "population_loss", "population_gradient",
            "single_neuron_ode", "deep_chain_ode", "tian_symmetric_ode"} <= set(names)
    for name in names:
        d = symbolic.derive(name)
        assert d.latex()
        expr = sp.Tuple(*d.expr) if isinstance(d.expr, tuple) else d.expr
        back = sp.sympify(d.sympy(), locals=_srepr_namespace())
        # rebuilding a Mul from srepr distributes a rational over a sum, so a factored form
        # may come back expanded: the same expression, exactly
        pairs = zip(back, expr, strict=True) if isinstance(expr, sp.Tuple) else [(back, expr)]
        assert back == expr or all(sp.simplify(x - y) == 0 for x, y in pairs)
        if d.compiled_name:
            assert d.function_source().startswith(f"def {d.compiled_name}(")
            assert f"\ndef {d.compiled_name}(" in d.python()
    with pytest.raises(ValueError, match="unknown derivation"):
        symbolic.derive("no_such_thing")


def _srepr_namespace() -> dict:
    from symbolic import _primitives as P

    ns = {n: getattr(P, n) for n in ("relu", "Positive", "Norm", "Unit", "Angle", "NonzeroOr1",
                                     "Supplement", "Reject", "SinMinusXCos")}
    ns.update({n: getattr(sp, n) for n in dir(sp) if not n.startswith("_")})
    return ns


@given(st.floats(0.0, np.pi))
def test_plane_and_lifted_kernel_agree(theta):
    u = np.array([1.0, 0.0])
    v = 0.7 * np.array([np.cos(theta), np.sin(theta)])
    assert np.isclose(G.pair_kernel(u, v)[0], G.plane_kernel(1.0, 0.7, theta), rtol=1e-13,
                      atol=1e-15)


@settings(max_examples=5, deadline=None)
@given(rs.vector_pairs(d=3, kind="any"))
def test_arb_ball_contains_the_closed_form(pair):
    """The certified enclosure (python-flint, breakpoints at the kinks) contains the SymPy
    closed form evaluated at 80 digits (its own error ~1e-75, far inside a 30-digit ball)."""
    import flint

    from numeric._certified import certified_kernel

    u, v = pair
    closed, _ = _closed_kernel(u, v)
    ball = certified_kernel(u, v, digits=30)
    old = flint.ctx.dps
    try:
        flint.ctx.dps = HIGH
        assert ball.contains(flint.arb(mp.nstr(closed, HIGH - 5)))
    finally:
        flint.ctx.dps = old

"""The foundation's own claims: the closed forms reluflow derives are right.

Each claim compares what ``symbolic`` derived and ``numeric`` compiled with a reference that
never uses the closed form (mpmath quadrature in the plane of each pair, Arb enclosures, seeded
Monte Carlo, finite differences, the full d-dimensional flow). Each carries a false twin — the
same comparison applied to a formula with one deliberate error — which must be refuted.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np

from ._claim import Citation, Claim, Context, Evidence, Profile
from ._registry import register

CHO_SAUL = Citation(
    title="Kernel Methods for Deep Learning", arxiv="(NeurIPS 2009)", where="arc-cosine kernel n=1",
    authors="Cho, Saul",
)
TIAN = Citation(
    title="An Analytical Formula of Population Gradient for two-layered ReLU network and its "
    "Applications in Convergence and Critical Point Analysis",
    arxiv="1703.00560", where="Theorem 1", authors="Tian",
)
LEE = Citation(
    title="Magnitude and Angle Dynamics in Training Single ReLU Neurons", arxiv="2209.13394",
    where="(r, φ) ODEs (reconstructed, digest §2)", authors="Lee, Sim, Ye",
)

EPS = float(np.finfo(float).eps)
# Compiled float64 vs a 30-digit reference: the closed form is exact, so the error is float64
# rounding through ~20 operations on values of size ‖u‖‖v‖; the claimed agreement is 1e-12 of
# that scale (≈ 5000 ulps). The reference's own quadrature error estimate is the tolerance.
COMPILED_AGREEMENT = 1e-12


def _pairs(d_max: int = 6) -> Callable[[Profile], object]:
    def strategy(profile: Profile):
        from hypothesis import strategies as st

        from .strategies import vector_pairs

        return st.integers(2, d_max).flatmap(lambda d: vector_pairs(d, kind="any"))

    return strategy


def _teacher_student(K: int, M: int, d: int) -> Callable[[Profile], object]:
    def strategy(profile: Profile):
        from .strategies import teacher_student

        return teacher_student(K, M, d)

    return strategy


# --- kernel ------------------------------------------------------------------------------------

def _vs_reference(compiled: Callable, which: str) -> Callable:
    """Check ``compiled(u, v)`` against the mpmath reference of the kernel or cross moment."""

    def check(pair, ctx: Context) -> Evidence:
        from numeric._reference import reference_cross_moment, reference_kernel

        u, v = pair
        if which == "kernel":
            reference, scale = reference_kernel, float(np.linalg.norm(u) * np.linalg.norm(v))
            what = "angular quadrature split at the kinks; claimed 1e-12·‖u‖‖v‖"
        else:
            reference, scale = reference_cross_moment, float(np.linalg.norm(v))
            what = "in-plane quadrature (both components); claimed 1e-12·‖v‖"
        ref = reference(u, v, digits=ctx.profile.digits)
        return Evidence.agree(
            compiled(u, v), ref.to_numpy(), atol=COMPILED_AGREEMENT * scale,
            uncertainty=float(ref.error),
            reason=f"compiled closed form vs mpmath {what} (float64 rounding); "
            "tolerance = quadrature error estimate",
            detail={"scale": scale},
        )

    return check


def _kernel(u, v):
    import numeric

    return numeric.relu_kernel(u, v)


def _kernel_pi_plus_theta(u, v):
    import numeric

    th = numeric.pair_angle(u, v)
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    return nu * nv * (np.sin(th) + (np.pi + th) * np.cos(th)) / (2 * np.pi)


relu_kernel_claim = register(Claim(
    id="foundation.relu_kernel",
    title="Arc-cosine kernel closed form",
    statement="E[σ(u·x)σ(v·x)] = ‖u‖‖v‖(sin θ + (π − θ)cos θ)/(2π) for x ~ N(0, I_d)",
    latex=r"\mathbb E[\sigma(u^\top x)\sigma(v^\top x)] = "
    r"\frac{\|u\|\|v\|}{2\pi}\big(\sin\theta + (\pi-\theta)\cos\theta\big)",
    citation=CHO_SAUL, source="R", method="quadrature",
    assumptions=("x ~ N(0, I_d)", "σ = ReLU", "θ = atan2(‖u∧v‖, u·v)"),
    strategy=_pairs(), check=_vs_reference(_kernel, "kernel"),
    derivation="relu_kernel",
    notes="Derived in symbolic/ from the plane of (u, v); pairs include near-parallel and "
    "near-antiparallel ones (angles down to 1e-12), where acos-based code loses 1e-8.",
))
relu_kernel_claim.twin(
    "pi_plus_theta", title="Kernel with (π + θ) in place of (π − θ)",
    check=_vs_reference(_kernel_pi_plus_theta, "kernel"),
)


# --- cross moment --------------------------------------------------------------------------------

def _cross(u, v):
    import numeric

    return numeric.cross_moment(u, v)


def _cross_without_sine_term(u, v):
    import numeric

    th = numeric.pair_angle(u, v)
    return (np.pi - th) / (2 * np.pi) * v


cross_moment_claim = register(Claim(
    id="foundation.cross_moment",
    title="Tian's population-gradient term F(e, w)",
    statement="E[1{u·x>0} x σ(v·x)] = ((π − θ)v + ‖v‖ sin θ û)/(2π)",
    latex=r"\mathbb E[\mathbb 1\{u^\top x>0\}\,x\,\sigma(v^\top x)] = "
    r"\frac{(\pi-\theta)v + \|v\|\sin\theta\,\hat u}{2\pi}",
    citation=TIAN, source="C", method="quadrature",
    assumptions=("x ~ N(0, I_d)", "σ'(0) = 0"),
    strategy=_pairs(), check=_vs_reference(_cross, "cross"), derivation="cross_moment",
))
cross_moment_claim.twin(
    "no_sine_term", title="Cross moment without the ‖v‖ sin θ û term",
    check=_vs_reference(_cross_without_sine_term, "cross"),
)


# --- the SymPy expression itself, at 30 digits ---------------------------------------------------

@cache
def _mpmath_kernel(wrong: bool) -> Callable:
    """The derived plane kernel (or its 1/π twin) as an mpmath function of (‖u‖, ‖v‖, θ)."""
    import sympy as sp

    from symbolic import _derive as D

    expr = D.plane_kernel()
    if wrong:
        th = D.theta
        expr = D.r_u * D.r_v * (sp.sin(th) + (sp.pi - th) * sp.cos(th)) / sp.pi
    return sp.lambdify((D.r_u, D.r_v, D.theta), expr, modules="mpmath")


def _symbolic_vs_reference(wrong: bool) -> Callable:
    def check(pair, ctx: Context) -> Evidence:
        import mpmath as mp

        from numeric._reference import reference_kernel

        u, v = pair
        f = _mpmath_kernel(wrong)
        high = ctx.profile.digits + 50  # the inputs' geometry loses ≤ 32 digits to the wedge
        with mp.workdps(high):
            U = [mp.mpf(float(a)) for a in u]
            V = [mp.mpf(float(a)) for a in v]
            uu, vv = mp.fsum(a * a for a in U), mp.fsum(a * a for a in V)
            uv = mp.fsum(a * b for a, b in zip(U, V, strict=True))
            th = mp.atan2(mp.sqrt(max(uu * vv - uv * uv, 0)), uv)
            closed = f(mp.sqrt(uu), mp.sqrt(vv), th)
            scale = mp.sqrt(uu * vv)
            ref = reference_kernel(u, v, digits=ctx.profile.digits)
            err = abs(closed - ref.value) / scale
            # 1e-25 of the integrand scale at 30 digits: 5 digits of headroom over quadrature.
            claimed = mp.mpf(10) ** (-(ctx.profile.digits - 5))
        return Evidence(
            computed=float(err), claimed=float(claimed), margin=float(claimed - err),
            tolerance=float(ref.error / scale),
            reason=f"SymPy closed form evaluated in mpmath vs {ctx.profile.digits}-digit "
            "quadrature, relative to ‖u‖‖v‖; tolerance = quadrature error estimate",
        )

    return check


symbolic_kernel_claim = register(Claim(
    id="foundation.kernel_derivation_exact",
    title="The derived kernel is exact to 30 digits",
    statement="The SymPy-derived arc-cosine kernel agrees with 30-digit quadrature to 1e-25",
    citation=CHO_SAUL, source="R", method="symbolic",
    assumptions=("x ~ N(0, I_d)",), strategy=_pairs(4), check=_symbolic_vs_reference(False),
    derivation="relu_kernel_plane",
))
symbolic_kernel_claim.twin(
    "twice_the_kernel", title="Derived kernel with 1/π in place of 1/(2π)",
    check=_symbolic_vs_reference(True),
)


# --- certified ----------------------------------------------------------------------------------

def _certified(wrong: bool) -> Callable:
    def check(pair, ctx: Context) -> Evidence:
        import flint

        from numeric._certified import certified_kernel

        u, v = pair
        ball = certified_kernel(u, v, digits=ctx.profile.digits)
        value = _kernel_pi_plus_theta(u, v) if wrong else _kernel(u, v)
        # The compiled float value carries rounding ~64·eps·‖u‖‖v‖ (near-degenerate pairs
        # included); the claim is that the ball widened by that rounding contains it.
        scale = float(np.linalg.norm(u) * np.linalg.norm(v))
        rounding = 64 * EPS * scale
        mid = float(ball.mid())
        rad = float(ball.rad())
        dist = abs(float(value) - mid)
        return Evidence(
            computed=float(value), claimed=[mid, rad], margin=(rad + rounding) - dist,
            tolerance=0.0,
            reason="Arb enclosure (acb.integral, breakpoints at the kinks) of the angular "
            "integral, widened by the float64 rounding of the compiled value (64 ulps of scale)",
            detail={"flint": flint.__version__},
        )

    return check


certified_claim = register(Claim(
    id="foundation.kernel_certified",
    title="Arb ball contains the compiled kernel",
    statement="The compiled arc-cosine kernel lies in a certified Arb enclosure of "
    "E[σ(u·x)σ(v·x)]",
    citation=CHO_SAUL, source="R", method="certified",
    assumptions=("python-flint installed (extra 'certified')",),
    strategy=_pairs(4), check=_certified(False), derivation="relu_kernel",
    notes="Breakpoints are supplied at the kink angles: without them (or without honouring "
    "Arb's analytic flag) acb.integral silently returns a wrong enclosure (tested).",
))
certified_claim.twin(
    "pi_plus_theta", title="Arb ball contains the (π + θ) kernel", check=_certified(True),
)


# --- Monte Carlo --------------------------------------------------------------------------------

def _mc_gradient(scale_factor: float) -> Callable:
    def check(WV, ctx: Context) -> Evidence:
        import numeric
        from numeric._montecarlo import montecarlo_gradient, montecarlo_loss

        W, V = WV
        rng = ctx.rng("montecarlo", *np.asarray(W).shape)
        n = ctx.profile.samples
        g_est, g_se = montecarlo_gradient(W, V, samples=n, rng=rng)
        j_est, j_se = montecarlo_loss(W, V, samples=n, rng=rng)
        g = scale_factor * numeric.population_gradient(W, V)
        j = scale_factor * numeric.population_loss(W, V)
        # 4 standard errors per entry: a false alarm has probability ~6e-5 per entry.
        dev = np.concatenate([np.ravel(np.abs(g - g_est) / g_se), [abs(j - j_est) / j_se]])
        return Evidence(
            computed=float(dev.max()), claimed=4.0, margin=float(4.0 - dev.max()),
            tolerance=0.0,
            reason=f"max |closed − MC|/s.e. over loss and gradient entries, {n} seeded samples;"
            " bound 4 s.e.",
        )

    return check


def _mc_params(profile: Profile) -> list:
    from numpy.random import default_rng

    rng = default_rng(np.random.SeedSequence([20250101, 5]))
    return [(rng.normal(size=(3, 5)), rng.normal(size=(2, 5))) for _ in range(profile.n(3))]


montecarlo_claim = register(Claim(
    id="foundation.loss_gradient_montecarlo",
    title="Population loss and gradient vs Monte Carlo (d = 5)",
    statement="J and ∇J of the K-student/M-teacher network equal their sample averages "
    "within 4 standard errors",
    citation=TIAN, source="C", method="montecarlo",
    assumptions=("x ~ N(0, I_5)", "K = 3, M = 2, random Gaussian weights"),
    cases=_mc_params, check=_mc_gradient(1.0), derivation="population_gradient",
))
montecarlo_claim.twin(
    "doubled", title="Loss and gradient doubled (1/π for 1/2π)", check=_mc_gradient(2.0),
)


# --- gradient is the derivative of the loss ------------------------------------------------------

def _fd_check(self_term: float) -> Callable:
    def check(WV, ctx: Context) -> Evidence:
        import numeric

        W, V = WV
        g = numeric.population_gradient(W, V)
        if self_term != 0.5:
            g = g + (self_term - 0.5) * W
        h = 1e-5 * max(1.0, float(np.abs(W).max()))
        fd = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            E = np.zeros_like(W)
            E[idx] = h
            fd[idx] = (numeric.population_loss(W + E, V) - numeric.population_loss(W - E, V)) / (
                2 * h)
        scale = (np.linalg.norm(W, axis=1).sum() + np.linalg.norm(V, axis=1).sum()) ** 2
        wmin = float(np.linalg.norm(W, axis=1).min())
        # Central difference: truncation ≲ h²·scale/min‖w‖² (third derivative of a kernel
        # homogeneous of degree 1 in each argument) + rounding 10·eps·scale/h.
        tol = h**2 * scale / wmin**2 + 10 * EPS * scale / h
        return Evidence.agree(
            g, fd, atol=tol, reason="∇J vs central difference of J, h = 1e-5; tolerance is "
            "the difference's truncation + rounding bound",
        )

    return check


fd_claim = register(Claim(
    id="foundation.gradient_is_loss_derivative",
    title="The loss is the gradient's potential",
    statement="∂J/∂w_j = κ[Σ_k m(w_j, w_k) − Σ_m m(w_j, v_m)] is the derivative of "
    "J = ½κ[Σk(w,w) − 2Σk(w,v) + Σk(v,v)], with m(w, w) = w/2",
    citation=TIAN, source="R", method="exact",
    strategy=lambda p: _teacher_student(3, 2, 4)(p), check=_fd_check(0.5),
    derivation="population_gradient",
))
fd_claim.twin(
    "self_term_w", title="Self term m(w, w) = w instead of w/2", check=_fd_check(1.0),
)


# --- reduced ODE is the projected full flow ------------------------------------------------------

def _projected(phi_power_offset: int) -> Callable:
    def check(params, ctx: Context) -> Evidence:
        import numeric

        (w, v), depth = params
        v = v / np.linalg.norm(v)
        r = float(np.linalg.norm(w))
        P = r ** (depth - 1)
        w_dot = -P * numeric.population_gradient((P * w)[None], v[None])[0]
        th = float(numeric.pair_angle(w, v))
        if not 1e-3 < th < np.pi - 1e-3:
            # The projection divides by sin θ: outside this band it is not a fair reference.
            return Evidence.predicate(True, computed=th, claimed="sin θ > 1e-3",
                                      reason="pole excluded (projection undefined)")
        vh, wh = v, w / r
        grad_theta = -(vh - np.cos(th) * wh) / (r * np.sin(th))
        r_dot_full = float(w @ w_dot / r)
        phi_dot_full = float(-(grad_theta @ w_dot))
        r_dot, phi_dot = numeric.single_neuron_rhs(r, np.pi - th, depth=depth)
        if phi_power_offset:
            phi_dot = phi_dot * r**phi_power_offset
        # Same flow in two float64 evaluations, divided by sin θ ≥ 1e-3: 1e-9 relative to
        # the size r^{2L} of the terms (the bound) is ~1e4 times the rounding.
        scale = max(1.0, r ** (2 * depth))
        return Evidence.agree(
            [float(r_dot), float(phi_dot)], [r_dot_full, phi_dot_full], atol=1e-9 * scale,
            reason="(ṙ, φ̇) from SymPy vs projection of the d-dimensional balanced-chain flow",
        )

    return check


def _ode_params(profile: Profile):
    from hypothesis import strategies as st

    from .strategies import vector_pairs

    return st.tuples(vector_pairs(5, kind="generic", min_norm=0.1, max_norm=3.0),
                     st.integers(1, 4))


ode_claim = register(Claim(
    id="foundation.ode_is_projected_flow",
    title="(r, φ) ODE is the projected full gradient flow",
    statement="ṙ = κr^{L−1}[g(φ)/2π − r^L/2], φ̇ = κr^{L−2}φ sin φ/2π equal the radial and angular "
    "parts of the d-dimensional flow of the balanced depth-L chain",
    citation=LEE, source="R", method="exact",
    assumptions=("teacher norm 1", "balanced a_k = ‖w‖", "x ~ N(0, I_5)"),
    strategy=_ode_params, check=_projected(0), derivation="deep_chain_ode",
))
ode_claim.twin(
    "r_power_L_minus_1", title="φ̇ with r^{L−1} in place of r^{L−2}", check=_projected(1),
)

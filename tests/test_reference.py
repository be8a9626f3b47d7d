"""Tests of the independent references: mpmath plane reduction, Arb balls, Monte Carlo.

None of these tests uses a closed form for the kernel or the gradient: the references are
checked against an independent 2-D quadrature, against each other, against exact identities
of the expectation (symmetry, homogeneity, rotation invariance), against 1-D Gaussian moments
in the degenerate aligned case, and against seeded Monte Carlo.
"""

from __future__ import annotations

import math
import sys

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from numeric._montecarlo import (
    input_kappa,
    montecarlo_cross_moment,
    montecarlo_gradient,
    montecarlo_kernel,
    montecarlo_loss,
    sample_inputs,
)
from numeric._reference import (
    ReferenceValue,
    reference_cross_moment,
    reference_gradient,
    reference_kernel,
    reference_loss,
)

EPS = np.finfo(np.float64).eps
# Reference target of the engineering notes (§1.4-1.5).
TARGET_U = np.array([1.0, 0.0])
TARGET_V = 1.3 * np.array([math.cos(1.0), math.sin(1.0)])

# mpmath work in property tests: few examples, no deadline (each example is tens of ms).
PROPERTY = settings(max_examples=20, deadline=None)


def _mp_norm(x) -> mpmath.mpf:
    return mpmath.sqrt(mpmath.fsum(mpmath.mpf(float(t)) ** 2 for t in x))


# ---------------------------------------------------------------------------------------------
# 1. Agreement with an independent 2-D polar quadrature (d = 2, raw coordinates)

POLAR_R = 10.5
POLAR_DPS = 18


def _polar_tail_bound(scale: float, R: float) -> float:
    """Bound on the integrand mass beyond r = R.

    Both integrands are bounded by scale * r^2 (|relu(a)relu(b)| <= |u||v| r^2 and
    |1{.} x_i relu(v.x)| <= |v| r^2), so the tail is at most
    scale * int_R^oo r^3 e^{-r^2/2} dr = scale (R^2 + 2) e^{-R^2/2} (the 1/(2 pi) of the
    density cancels the 2 pi of the angular integral).
    """
    return scale * (R * R + 2) * math.exp(-R * R / 2)


def _polar_2d(u, v, integrand):
    """(1/2pi) int_{-pi}^{pi} int_0^R integrand(x) e^{-r^2/2} r dr dphi, split at the kinks.

    Independent of the module: raw Cartesian coordinates of R^2, no plane basis, the radial
    integral done numerically, kink angles from atan2 of each vector.
    """
    with mpmath.workdps(POLAR_DPS):
        pi = mpmath.pi
        pts = {-pi, pi}
        for w in (u, v):
            phi = mpmath.atan2(mpmath.mpf(w[1]), mpmath.mpf(w[0]))
            for k in (phi - pi / 2, phi + pi / 2):
                pts.add(k - 2 * pi if k >= pi else (k + 2 * pi if k < -pi else k))
        U = [mpmath.mpf(t) for t in u]
        V = [mpmath.mpf(t) for t in v]

        def f(phi, r):
            x = (r * mpmath.cos(phi), r * mpmath.sin(phi))
            ux = U[0] * x[0] + U[1] * x[1]
            vx = V[0] * x[0] + V[1] * x[1]
            return integrand(ux, vx, x) * mpmath.exp(-r * r / 2) * r

        return mpmath.quad(f, sorted(pts), [0, POLAR_R]) / (2 * pi)


def _relu(t):
    return t if t > 0 else 0


POLAR_CASES = [
    (TARGET_U, TARGET_V),  # acute, the notes' target
    (np.array([0.3, -1.7]), np.array([-2.1, 0.4])),  # obtuse angle, generic orientation
]


@pytest.mark.parametrize(("u", "v"), POLAR_CASES)
def test_kernel_matches_2d_polar_quadrature(u, v):
    scale = float(np.linalg.norm(u) * np.linalg.norm(v))
    tail = _polar_tail_bound(scale, POLAR_R)
    assert tail < 1e-20  # the truncation at R is invisible at the tolerance below
    polar = _polar_2d(u, v, lambda ux, vx, x: _relu(ux) * _relu(vx))
    ref = reference_kernel(u, v, digits=20)
    # tol 1e-15: the 2-D tanh-sinh at 18 dps with breakpoints reaches ~1e-17 (notes §1.5),
    # the tail is < 1e-20, the reference is good to 1e-20; a wrong plane reduction or radial
    # factor would be off at O(1e-2) or more.
    assert abs(ref.value - polar) < 1e-15
    assert ref.error < 1e-20


@pytest.mark.parametrize(("u", "v"), [*POLAR_CASES, (np.array([1.0, 0.2, 0.1]),
                                                      np.array([0.9, 0.3, -0.2]))])
@pytest.mark.parametrize("digits", [10, 30])
def test_reference_error_bound_is_valid_and_tight(u, v, digits):
    # exact: |u||v|/(2π)(sin θ + (π − θ) cos θ) at 120 digits, θ by acos at that precision
    with mpmath.workdps(120):
        U = [mpmath.mpf(float(x)) for x in u]
        V = [mpmath.mpf(float(x)) for x in v]
        nu, nv = mpmath.sqrt(sum(x * x for x in U)), mpmath.sqrt(sum(x * x for x in V))
        th = mpmath.acos(sum(a * b for a, b in zip(U, V, strict=True)) / (nu * nv))
        exact = nu * nv / (2 * mpmath.pi) * (mpmath.sin(th) + (mpmath.pi - th) * mpmath.cos(th))
        ref = reference_kernel(u, v, digits=digits)
        actual = abs(mpmath.mpf(ref.value) - exact)
        ulp = mpmath.mpf(10) ** (-(digits + 20)) * abs(exact)  # the working precision
        # valid: the estimate bounds the actual error; tight: within 1e3 ulps of the working
        # precision (measured 10-35), so an estimate inflated 100x fails
        assert actual <= ref.error <= 1000 * ulp


def test_cross_moment_matches_2d_polar_quadrature():
    u, v = POLAR_CASES[1]
    assert _polar_tail_bound(float(np.linalg.norm(v)), POLAR_R) < 1e-20
    ref = reference_cross_moment(u, v, digits=20)
    for i in range(2):
        polar = _polar_2d(u, v, lambda ux, vx, x, i=i: (1 if ux > 0 else 0) * x[i] * _relu(vx))
        # tol 1e-15 as in the kernel test (same quadrature, same tail bound).
        assert abs(ref.value[i] - polar) < 1e-15


# ---------------------------------------------------------------------------------------------
# 2. The notes' target: mpmath vs Arb balls, and the "unsafe" pitfall


def _ball_distance(ball, x) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(|mid(ball) - x|, rad(ball)) in exact mpmath arithmetic (mid and rad are dyadic)."""
    man, exp = ball.mid().man_exp()
    rman, rexp = ball.rad().man_exp()
    with mpmath.workdps(80):
        mid = mpmath.mpf((int(man), int(exp)))
        rad = mpmath.mpf((int(rman), int(rexp)))
        return abs(mid - x), rad


def test_target_mpmath_and_certified_balls_agree():
    pytest.importorskip("flint")
    from numeric._certified import certified_cross_moment, certified_kernel

    ref = reference_kernel(TARGET_U, TARGET_V, digits=30)
    # The notes quote the true value 0.41351...; 5e-6 is the rounding of that quote.
    assert abs(ref.value - mpmath.mpf("0.41351")) < 5e-6
    for mode in ("breakpoints", "analytic"):
        ball = certified_kernel(TARGET_U, TARGET_V, digits=30, mode=mode)
        dist, rad = _ball_distance(ball, ref.value)
        # The ball must contain the reference up to the reference's own error estimate, and
        # be tight (30 digits requested).
        assert dist <= rad + ref.error, mode
        assert rad < 1e-30, mode
    cross = reference_cross_moment(TARGET_U, TARGET_V, digits=30)
    balls = certified_cross_moment(TARGET_U, TARGET_V, digits=30)
    for ball, x in zip(balls, cross.value, strict=True):
        dist, rad = _ball_distance(ball, x)
        assert dist <= rad + cross.error and rad < 1e-30


def test_unsafe_mode_shows_the_pitfall():
    """Ignoring Arb's analytic flag gives a tight ball that EXCLUDES the true value."""
    pytest.importorskip("flint")
    from numeric._certified import certified_kernel

    ref = reference_kernel(TARGET_U, TARGET_V, digits=30)
    ball = certified_kernel(TARGET_U, TARGET_V, digits=30, mode="unsafe")
    dist, rad = _ball_distance(ball, ref.value)
    # Observed: mid 0.413532 vs truth 0.413509 with radius ~1e-38: excluded by ~1e-5.
    assert dist > rad + ref.error + 1e-10


def test_certified_matches_reference_generic_and_degenerate():
    pytest.importorskip("flint")
    from numeric._certified import certified_cross_moment, certified_kernel

    rng = np.random.default_rng(np.random.SeedSequence(7))
    u, v = rng.standard_normal(4), rng.standard_normal(4)
    cases = [
        (u, v),
        (u, 2.0 * u),  # exactly parallel: 1-D plane
        (u, -0.5 * u),  # exactly antiparallel: supports are disjoint
        (np.array([1.0, 0.0, 0.0]), np.array([1.0, 1e-30, 0.0])),  # nearly parallel
    ]
    for a, b in cases:
        ref = reference_kernel(a, b, digits=20)
        dist, rad = _ball_distance(certified_kernel(a, b, digits=20), ref.value)
        assert dist <= rad + ref.error and rad < 1e-20
        refc = reference_cross_moment(a, b, digits=20)
        for ball, x in zip(certified_cross_moment(a, b, digits=20), refc.value, strict=True):
            dist, rad = _ball_distance(ball, x)
            assert dist <= rad + refc.error and rad < 1e-20
    zero = certified_kernel(np.zeros(3), np.ones(3))
    assert zero.is_exact() and zero.is_zero()
    assert all(b.is_zero() for b in certified_cross_moment(np.ones(3), np.zeros(3)))


def test_certified_without_flint_says_how_to_install(monkeypatch):
    from numeric._certified import certified_kernel

    monkeypatch.setitem(sys.modules, "flint", None)  # makes `import flint` raise ImportError
    with pytest.raises(ImportError, match=r"reluflow\[certified\]"):
        certified_kernel(TARGET_U, TARGET_V)


# ---------------------------------------------------------------------------------------------
# 3. Properties of the reference that need no closed form

# Entries are 0 or of modest size, so float products stay far from under/overflow.
_entries = st.floats(-10, 10, allow_nan=False, allow_infinity=False, allow_subnormal=False).map(
    lambda t: 0.0 if abs(t) < 1e-3 else t
)


@st.composite
def _pairs(draw, min_d=2, max_d=5):
    d = draw(st.integers(min_d, max_d))
    u = draw(arrays(np.float64, (d,), elements=_entries))
    v = draw(arrays(np.float64, (d,), elements=_entries))
    return u, v


def _norms(u, v):
    return float(np.linalg.norm(u)), float(np.linalg.norm(v))


# Tolerance for identities evaluated from the *same exact inputs*: both sides are computed at
# 40 working digits and tanh-sinh converges to working precision on the analytic pieces, so
# the sides agree to ~1e-35 relative; 1e-25 relative is still far below any real defect.
_SAME_INPUT_RTOL = 1e-25


@PROPERTY
@given(_pairs())
def test_kernel_symmetry(pair):
    u, v = pair
    a, b = reference_kernel(u, v, digits=20), reference_kernel(v, u, digits=20)
    nu, nv = _norms(u, v)
    assert abs(a.value - b.value) <= a.error + b.error + _SAME_INPUT_RTOL * nu * nv


@PROPERTY
@given(_pairs(), st.floats(0.1, 10.0))
def test_kernel_positive_homogeneity(pair, scale):
    u, v = pair
    nu, nv = _norms(u, v)
    su = scale * u  # rounded in float64
    a = reference_kernel(su, v, digits=20)
    b = reference_kernel(u, v, digits=20)
    # |su - scale*u| <= eps/2 * scale |u| entrywise-relative. The kernel's gradient in u is
    # the cross moment C(u, v), and |C| <= |v|/sqrt(2) by Cauchy-Schwarz
    # (E[(e.x) relu(v.x)] <= sqrt(E[(e.x)^2] E[relu(v.x)^2])), so the rounding moves k by
    # at most eps * scale |u||v|; 4x that is the tolerance.
    tol = 4 * EPS * scale * nu * nv + a.error + scale * b.error
    assert abs(a.value - scale * b.value) <= tol


def _orthogonal(d: int, seed: int) -> np.ndarray:
    q, r = np.linalg.qr(np.random.default_rng(np.random.SeedSequence(seed)).standard_normal((d, d)))
    return q * np.sign(np.diag(r))


@PROPERTY
@given(_pairs(), st.integers(0, 2**32 - 1))
def test_kernel_rotation_invariance(pair, seed):
    u, v = pair
    d = u.shape[0]
    q = _orthogonal(d, seed)
    a = reference_kernel(q @ u, q @ v, digits=20)
    b = reference_kernel(u, v, digits=20)
    nu, nv = _norms(u, v)
    # Q is orthogonal up to a defect ~d eps and Q@u has rounding ~d eps |u|; with the
    # Lipschitz bound |C| <= |v|/sqrt(2) per argument the change is <= ~3 d eps |u||v|
    # (~4e-15 at d = 5). 1e-13 |u||v| leaves a 25x margin.
    assert abs(a.value - b.value) <= 1e-13 * nu * nv + a.error + b.error


@PROPERTY
@given(_pairs(), st.integers(0, 2**32 - 1))
def test_cross_moment_rotation_equivariance(pair, seed):
    u, v = pair
    d = u.shape[0]
    q = _orthogonal(d, seed)
    a = reference_cross_moment(q @ u, q @ v, digits=20)
    b = reference_cross_moment(u, v, digits=20)
    _, nv = _norms(u, v)
    with mpmath.workdps(40):
        qb = [mpmath.fsum(mpmath.mpf(q[i, j]) * b.value[j] for j in range(d)) for i in range(d)]
    # C depends on u only through its direction, with derivative of order |v|/|u|, and on v
    # with Lipschitz constant <= 1; perturbations of relative size ~d eps (defect of Q and
    # rounding of Q@u, Q@v) move it by ~2 d eps |v|. 1e-13 |v| leaves a 50x margin.
    for i in range(d):
        assert abs(a.value[i] - qb[i]) <= 1e-13 * nv + a.error + d * b.error


@PROPERTY
@given(_pairs(), st.integers(-3, 3))
def test_aligned_pair_matches_1d_gaussian_moments(pair, k):
    u, _ = pair
    v = u * 2.0**k  # exactly parallel (power-of-two scaling is exact): theta = 0
    nu, nv = _norms(u, v)
    ref = reference_kernel(u, v, digits=20)
    with mpmath.workdps(40):
        # E[relu(z)^2] = 1/2 for z ~ N(0,1): k(u, c u) = |u||cu|/2 (exact floats, exact norms).
        expected = _mp_norm(u) * _mp_norm(v) / 2
    assert abs(ref.value - expected) <= ref.error + _SAME_INPUT_RTOL * nu * nv
    # Cross moment: with z = e1.x, E[1{z>0} z x] = e1 E[z^2 1{z>0}] = e1/2 (the orthogonal
    # components are independent and centred), so C(u, c u) = v/2 entrywise.
    cross = reference_cross_moment(u, v, digits=20)
    for i in range(u.shape[0]):
        assert abs(cross.value[i] - mpmath.mpf(v[i]) / 2) <= cross.error + _SAME_INPUT_RTOL * nv
    # Antiparallel: relu(z) relu(-c z) = 0 pointwise, so every piece is inactive: exact 0.
    assert reference_kernel(u, -v, digits=20).value == 0


def test_zero_vectors_give_exact_zero():
    for u, v in ((np.zeros(3), np.ones(3)), (np.ones(3), np.zeros(3))):
        k = reference_kernel(u, v)
        c = reference_cross_moment(u, v)
        assert k.value == 0 and k.error == 0
        assert all(x == 0 for x in c.value) and c.error == 0
        assert c.to_numpy().shape == (3,)


def test_loss_and_gradient_shapes_and_assembly():
    rng = np.random.default_rng(np.random.SeedSequence(11))
    W, V = rng.standard_normal((2, 3)), rng.standard_normal((3, 3))
    loss = reference_loss(W, V, kappa=2.0, digits=20)
    grad = reference_gradient(W, V, kappa=2.0, digits=20)
    assert isinstance(loss, ReferenceValue) and loss.to_numpy().shape == ()
    assert grad.to_numpy().shape == (2, 3)
    # At W = V the residual g(x;W) - g(x;V) vanishes pointwise: loss and gradient are 0
    # up to quadrature error (cancelling pair terms computed from identical inputs).
    assert abs(reference_loss(V, V, digits=20).value) < 1e-25
    assert np.all(np.abs(reference_gradient(V, V, digits=20).to_numpy()) < 1e-25)
    # Central finite difference of the reference loss against the reference gradient:
    # step 1e-4 gives truncation error O(h^2 * third derivative) ~ 1e-8 at these scales.
    h = 1e-4
    for j, i in ((0, 0), (1, 2)):
        wp, wm = W.copy(), W.copy()
        wp[j, i] += h
        wm[j, i] -= h
        fd = (
            reference_loss(wp, V, kappa=2.0, digits=20).value
            - reference_loss(wm, V, kappa=2.0, digits=20).value
        ) / (wp[j, i] - wm[j, i])
        assert abs(fd - grad.value[j][i]) < 1e-6


# ---------------------------------------------------------------------------------------------
# 4. Monte Carlo vs the reference

MC_SAMPLES = 200_000
MC_SEED = 20261123
# 4 standard errors: a two-sided normal tail of 6e-5 per entry; with ~30 entries checked the
# chance of a false alarm is ~2e-3, and the seed is fixed, so the outcome is deterministic.
MC_Z = 4.0


def _rng(seed=MC_SEED):
    return np.random.default_rng(np.random.SeedSequence(seed))


def _mc_problem():
    rng = np.random.default_rng(np.random.SeedSequence(5))
    u, v = rng.standard_normal(5), rng.standard_normal(5)
    return u, v, rng.standard_normal((2, 5)), rng.standard_normal((3, 5))


def test_montecarlo_within_standard_errors_of_reference():
    u, v, W, V = _mc_problem()
    est, se = montecarlo_kernel(u, v, samples=MC_SAMPLES, rng=_rng())
    assert abs(est - float(reference_kernel(u, v).value)) <= MC_Z * se
    est, se = montecarlo_cross_moment(u, v, samples=MC_SAMPLES, rng=_rng(1))
    ref = reference_cross_moment(u, v).to_numpy()
    assert np.all(np.abs(est - ref) <= MC_Z * se)
    est, se = montecarlo_loss(W, V, samples=MC_SAMPLES, rng=_rng(2), kappa=1.5)
    assert abs(est - float(reference_loss(W, V, kappa=1.5).value)) <= MC_Z * se
    est, se = montecarlo_gradient(W, V, samples=MC_SAMPLES, rng=_rng(3), kappa=1.5)
    ref = reference_gradient(W, V, kappa=1.5).to_numpy()
    assert est.shape == se.shape == (2, 5)
    assert np.all(np.abs(est - ref) <= MC_Z * se)
    # The standard errors are honest in size too: ~1/sqrt(n) relative, not vanishing.
    assert np.all(se > 0) and np.all(se < 0.05)


def test_montecarlo_sphere_laws_scale_by_kappa():
    # For an integrand positively homogeneous of degree 2, write x = |x| s with s uniform on
    # the unit sphere and independent of |x|: E_gauss f = E|x|^2 E_s f = d E_s f, while the
    # sphere of radius r gives r^2 E_s f. So sphere(sqrt d) equals the Gaussian and
    # sphere_scaled(r) equals kappa = r^2/d times it.
    u, v, _, _ = _mc_problem()
    ref = float(reference_kernel(u, v).value)
    est, se = montecarlo_kernel(u, v, samples=MC_SAMPLES, rng=_rng(4), law="sphere")
    assert abs(est - ref) <= MC_Z * se
    kappa = input_kappa("sphere_scaled", 5, radius=3.0)
    assert kappa == pytest.approx(9 / 5)
    est, se = montecarlo_kernel(
        u, v, samples=MC_SAMPLES, rng=_rng(5), law="sphere_scaled", radius=3.0
    )
    assert abs(est - kappa * ref) <= MC_Z * se
    refc = reference_cross_moment(u, v).to_numpy()
    est, se = montecarlo_cross_moment(u, v, samples=MC_SAMPLES, rng=_rng(6), law="sphere")
    assert np.all(np.abs(est - refc) <= MC_Z * se)


def test_sample_inputs_laws():
    assert input_kappa("gaussian", 4) == 1.0 and input_kappa("sphere", 4) == 1.0
    x = sample_inputs(_rng(), 1000, 4, law="sphere")
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 2.0, rtol=1e-14)  # radius sqrt(4)
    x = sample_inputs(_rng(), 1000, 4, law="sphere_scaled", radius=0.5)
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 0.5, rtol=1e-14)
    assert sample_inputs(_rng(), 7, 3).shape == (7, 3)


def test_montecarlo_same_seed_is_bit_identical():
    u, v, W, V = _mc_problem()
    n = 2**16 + 1234  # crosses a chunk boundary
    for fn, args in (
        (montecarlo_kernel, (u, v)),
        (montecarlo_cross_moment, (u, v)),
        (montecarlo_loss, (W, V)),
        (montecarlo_gradient, (W, V)),
    ):
        a = fn(*args, samples=n, rng=_rng(9))
        b = fn(*args, samples=n, rng=_rng(9))
        c = fn(*args, samples=n, rng=_rng(10))
        assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True)), fn.__name__
        assert not np.array_equal(a[0], c[0]), fn.__name__  # the seed is actually used


# ---------------------------------------------------------------------------------------------
# 5. Bad input


def _bad_calls():
    ok2, ok3 = np.ones(2), np.ones(3)
    W = np.ones((2, 3))
    rng = np.random.default_rng(0)
    return [
        ("u", lambda: reference_kernel([np.nan, 1.0], ok2)),
        ("v", lambda: reference_kernel(ok2, [np.inf, 1.0])),
        ("u", lambda: reference_kernel([1.0], [1.0])),  # d < 2
        ("u", lambda: reference_kernel(np.ones((2, 2)), ok2)),  # wrong rank
        ("u", lambda: reference_kernel(3.0, ok2)),  # scalar
        ("v", lambda: reference_cross_moment(ok2, ok3)),  # mismatched d
        ("digits", lambda: reference_kernel(ok2, ok2, digits=0)),
        ("W", lambda: reference_loss(ok3, W)),  # rank 1
        ("V", lambda: reference_gradient(W, np.ones((2, 4)))),  # mismatched d
        ("kappa", lambda: reference_loss(W, W, kappa=np.nan)),
        ("V", lambda: reference_gradient(W, np.full((1, 3), np.nan))),
        ("samples", lambda: montecarlo_kernel(ok2, ok2, samples=0, rng=rng)),
        ("rng", lambda: montecarlo_kernel(ok2, ok2, samples=10, rng=np.random.RandomState(0))),
        ("law", lambda: montecarlo_kernel(ok2, ok2, samples=10, rng=rng, law="cube")),
        ("radius", lambda: montecarlo_kernel(ok2, ok2, samples=10, rng=rng, law="sphere_scaled")),
        ("v", lambda: montecarlo_cross_moment(ok2, [1.0, np.nan], samples=10, rng=rng)),
        ("W", lambda: montecarlo_gradient(np.ones((2, 2, 2)), W, samples=10, rng=rng)),
        ("kappa", lambda: montecarlo_loss(W, W, samples=10, rng=rng, kappa=-1.0)),
        ("d", lambda: sample_inputs(rng, 5, 1)),
    ]


@pytest.mark.parametrize(("name", "call"), _bad_calls())
def test_bad_input_names_the_argument(name, call):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        call()


def test_certified_bad_input():
    pytest.importorskip("flint")
    from numeric._certified import certified_kernel

    with pytest.raises(ValueError, match=r"\bmode\b"):
        certified_kernel(TARGET_U, TARGET_V, mode="fast")
    with pytest.raises(ValueError, match=r"\bv\b"):
        certified_kernel(TARGET_U, [np.nan, 0.0])

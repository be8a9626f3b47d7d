"""Compiled kernels against independent references, finite differences and the full flow."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

import numeric
from numeric._montecarlo import montecarlo_gradient, montecarlo_loss
from numeric._reference import (
    reference_cross_moment,
    reference_gradient,
    reference_kernel,
    reference_loss,
)
from proofs_checks import strategies as rs

pytestmark = pytest.mark.usefixtures("each_engine")  # numpy and numba (conftest.py)

EPS = np.finfo(float).eps

# Compiled float64 vs 30-digit reference: the closed form is exact, so the only error is
# float64 rounding through ~20 operations on values of size ‖u‖‖v‖; 1e-12 of that scale is
# ~5000 ulps of headroom (the bound), and we also keep a stricter ulp-level check below.
TOL_KERNEL = 1e-12


@settings(max_examples=25, deadline=None)
@given(rs.vector_pairs(d=4, kind="any"))
def test_relu_kernel_matches_reference(pair):
    u, v = pair
    scale = np.linalg.norm(u) * np.linalg.norm(v)
    ref = reference_kernel(u, v, digits=30).to_numpy()
    assert abs(numeric.relu_kernel(u, v) - ref) <= TOL_KERNEL * scale


@settings(max_examples=25, deadline=None)
@given(rs.vector_pairs(d=4, kind="any"))
def test_cross_moment_matches_reference(pair):
    u, v = pair
    scale = np.linalg.norm(v)
    ref = reference_cross_moment(u, v, digits=30).to_numpy()
    assert np.max(np.abs(numeric.cross_moment(u, v) - ref)) <= TOL_KERNEL * scale


@pytest.mark.parametrize("kind", ["near_parallel", "near_antiparallel"])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_degenerate_angles_are_accurate_to_ulps(kind, data):
    """Where acos-style angles lose 1e-8, ours must stay at rounding level (64 ulps of scale)."""
    u, v = data.draw(rs.vector_pairs(d=3, kind=kind))
    ref = reference_cross_moment(u, v, digits=30).to_numpy()
    err = np.max(np.abs(numeric.cross_moment(u, v) - ref))
    assert err <= 64 * EPS * np.linalg.norm(v)


def test_exactly_parallel_and_antiparallel_are_finite():
    u = np.array([0.3, -1.2, 2.0])
    for v in (2.5 * u, -0.5 * u):
        assert np.isfinite(numeric.relu_kernel(u, v))
        assert np.all(np.isfinite(numeric.cross_moment(u, v)))
    np.testing.assert_allclose(numeric.relu_kernel(u, 2.5 * u), 2.5 * (u @ u) / 2, rtol=1e-15)
    # Exactly 0 in exact arithmetic; sin(float π) ≈ 1.2e-16 leaves a few ulps of the scale.
    assert abs(numeric.relu_kernel(u, -0.5 * u)) <= 4 * EPS * 0.5 * (u @ u)
    assert numeric.pair_angle(u, -0.5 * u) == pytest.approx(np.pi, abs=4 * EPS)


@settings(max_examples=6, deadline=None)
@given(rs.teacher_student(K=3, M=2, d=4))
def test_loss_and_gradient_match_reference(WV):
    W, V = WV
    scale = (np.linalg.norm(W, axis=1).sum() + np.linalg.norm(V, axis=1).sum()) ** 2
    ref_loss = reference_loss(W, V, digits=30).to_numpy()
    ref_grad = reference_gradient(W, V, digits=30).to_numpy()
    # Loss: three sums of ~KM kernels that cancel near J = 0, each accurate to 1e-12·scale.
    assert abs(numeric.population_loss(W, V) - ref_loss) <= TOL_KERNEL * scale
    gscale = np.linalg.norm(W, axis=1).sum() + np.linalg.norm(V, axis=1).sum()
    assert np.max(np.abs(numeric.population_gradient(W, V) - ref_grad)) <= TOL_KERNEL * gscale


def test_self_term_is_exactly_half():
    W = np.array([[0.3, 0.4, -1.0]])
    V = np.zeros((1, 3))
    np.testing.assert_array_equal(numeric.population_gradient(W, V), W / 2)


def test_zero_student_row_has_zero_gradient():
    """σ'(0) = 0 convention: a dead (zero) row receives no gradient."""
    W = np.array([[0.0, 0.0, 0.0], [1.0, 0.5, 0.2]])
    V = np.array([[0.3, -1.0, 0.4]])
    g = numeric.population_gradient(W, V)
    np.testing.assert_array_equal(g[0], 0.0)
    assert np.all(np.isfinite(g))


@settings(max_examples=15, deadline=None)
@given(rs.teacher_student(K=2, M=2, d=3))
def test_gradient_is_the_central_difference_of_the_loss(WV):
    W, V = WV
    h = 1e-5 * max(1.0, np.abs(W).max())
    g = numeric.population_gradient(W, V)
    fd = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        E = np.zeros_like(W)
        E[idx] = h
        fd[idx] = (numeric.population_loss(W + E, V) - numeric.population_loss(W - E, V)) / (2 * h)
    scale = (np.linalg.norm(W, axis=1).sum() + np.linalg.norm(V, axis=1).sum()) ** 2
    # Central difference: truncation h²|J'''|/6 (J''' ~ scale/‖w‖ can blow up only near the
    # kink w → 0, which the strategy keeps ≥ 1e-3... so bound by scale/min‖w‖) plus rounding
    # eps·|J|/h.
    wmin = np.linalg.norm(W, axis=1).min()
    tol = h**2 * scale / wmin**2 + 10 * EPS * scale / h
    assert np.max(np.abs(fd - g)) <= tol


def test_montecarlo_agrees_within_four_standard_errors():
    """Seeded d = 5 Monte Carlo: |MC − closed| ≤ 4 s.e. per entry (false-alarm rate ~6e-5)."""
    rng = np.random.default_rng(np.random.SeedSequence([2024, 5]))
    W = rng.normal(size=(3, 5))
    V = rng.normal(size=(2, 5))
    est, se = montecarlo_loss(W, V, samples=400_000, rng=rng)
    assert abs(est - numeric.population_loss(W, V)) <= 4 * se
    gest, gse = montecarlo_gradient(W, V, samples=400_000, rng=rng)
    assert np.all(np.abs(gest - numeric.population_gradient(W, V)) <= 4 * gse)


def test_montecarlo_catches_a_wrong_constant():
    """The same 4-s.e. comparison rejects a gradient with 1/π in place of 1/2π."""
    rng = np.random.default_rng(np.random.SeedSequence([2024, 6]))
    W = rng.normal(size=(2, 5))
    V = rng.normal(size=(2, 5))
    gest, gse = montecarlo_gradient(W, V, samples=400_000, rng=rng)
    wrong = 2 * numeric.population_gradient(W, V)
    assert np.any(np.abs(gest - wrong) > 4 * gse)


def _full_flow_projection(w: np.ndarray, v: np.ndarray, depth: int):
    """(ṙ, φ̇) from the d-dimensional flow of the balanced chain f = P σ(w·x), P = ‖w‖^{L−1}."""
    r = np.linalg.norm(w)
    P = r ** (depth - 1)
    grad_eff = numeric.population_gradient((P * w)[None], v[None])[0]  # ∇J₁ at W = P w
    w_dot = -P * grad_eff
    r_dot = w @ w_dot / r
    # θ̇ = ∇_w θ · ẇ with ∇_w θ = −(v̂ − cos θ ŵ)/(r sin θ); φ̇ = −θ̇.
    th = numeric.pair_angle(w, v)
    vh, wh = v / np.linalg.norm(v), w / r
    grad_theta = -(vh - np.cos(th) * wh) / (r * np.sin(th))
    return r_dot, -(grad_theta @ w_dot), np.pi - th


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_ode_rhs_is_the_projected_full_gradient(depth, data):
    w, v = data.draw(rs.vector_pairs(d=5, kind="generic"))
    v = v / np.linalg.norm(v)
    # The projection divides by sin θ; keep away from the poles where it is 0/0 (the reduced
    # ODE itself is finite there, which test_exactly_parallel... covers).
    assume(1e-3 < numeric.pair_angle(w, v) < np.pi - 1e-3)
    r_dot, phi_dot, phi = _full_flow_projection(w, v, depth)
    ours = numeric.single_neuron_rhs(np.linalg.norm(w), phi, depth=depth)
    # Both sides are float64 evaluations of the same flow; the projection divides by
    # sin θ ≥ ~1e-3 for generic pairs, so 1e-9 (the bound) leaves ample room.
    scale = max(1.0, np.linalg.norm(w) ** (2 * depth))
    assert abs(ours[0] - r_dot) <= 1e-9 * scale
    assert abs(ours[1] - phi_dot) <= 1e-9 * scale


def test_batched_shapes_broadcast():
    rng = np.random.default_rng(np.random.SeedSequence(7))
    W = rng.normal(size=(6, 1, 3, 4))
    V = rng.normal(size=(5, 2, 4))
    assert numeric.population_loss(W, V).shape == (6, 5)
    assert numeric.population_gradient(W, V).shape == (6, 5, 3, 4)
    loop = np.array([[numeric.population_loss(W[i, 0], V[j]) for j in range(5)] for i in range(6)])
    np.testing.assert_allclose(numeric.population_loss(W, V), loop, rtol=1e-14, atol=1e-15)
    assert numeric.relu_kernel(rng.normal(size=(7, 3)), rng.normal(size=(3,))).shape == (7,)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: numeric.relu_kernel([np.nan, 1.0], [1.0, 0.0]), "u"),
        (lambda: numeric.relu_kernel([1.0, 0.0], [np.inf, 0.0]), "v"),
        (lambda: numeric.relu_kernel([1.0, 0.0, 0.0], [1.0, 0.0]), "d"),
        (lambda: numeric.relu_kernel([1.0], [1.0]), "d >= 2"),
        (lambda: numeric.population_loss(np.ones(3), np.ones((1, 3))), "W"),
        (lambda: numeric.population_gradient(np.ones((2, 3)), np.ones((1, 4))), "W and V"),
        (lambda: numeric.population_loss(np.ones((2, 3)), np.ones((1, 3)), kappa=-1), "kappa"),
        (lambda: numeric.pair_angle([0.0, 0.0], [1.0, 0.0]), "zero vector"),
        (lambda: numeric.single_neuron_rhs(0.0, 1.0), "r"),
        (lambda: numeric.single_neuron_rhs(1.0, 4.0), "phi"),
        (lambda: numeric.single_neuron_rhs(1.0, 1.0, depth=0), "depth"),
        (lambda: numeric.tian_symmetric_rhs(0.0, 0.0, K=3), "(x, y)"),
        (lambda: numeric.tian_symmetric_rhs(0.5, 0.1, K=1), "K"),
        (lambda: numeric.relu_kernel(np.ones((2, 3)), np.ones((3, 3))), "batch shapes"),
    ],
)
def test_bad_input_raises_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name.replace("(", r"\(").replace(")", r"\)")):
        call()


@pytest.mark.parametrize("theta", [0.0, 0.3, 1.2, np.pi / 2, 2.5, np.pi - 1e-3, np.pi])
@pytest.mark.parametrize("r_v", [0.4, 2.0])
def test_plane_forms_match_the_reference(theta, r_v):
    # the plane kernels (polar coordinates of v around u = e1) against the 30-digit
    # quadrature of the lifted pair: components along u and along the in-plane normal
    from numeric import _generated as G

    u = np.array([1.0, 0.0])
    v = r_v * np.array([np.cos(theta), np.sin(theta)])
    along, normal = G.plane_cross_moment(r_v, theta)
    ref = reference_cross_moment(u, v, digits=30).to_numpy()
    np.testing.assert_allclose([along, normal], ref, rtol=0, atol=TOL_KERNEL * r_v)
    k = G.plane_kernel(1.0, r_v, theta)
    assert abs(k - reference_kernel(u, v, digits=30).to_numpy()) <= TOL_KERNEL * r_v


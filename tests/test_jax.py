"""The JAX printing of the kernels (extra ``gpu``) equals the numpy engine to 1e-13 on CPU.

The pairs include the near-degenerate ones of tests/test_angles.py (θ and π − θ down to
1e-12), where only an accurate wedge keeps the relative error small; the JAX helpers compute
both wedges for every pair and select, so this also checks that XLA keeps Dekker's exact
product exact (a contracted or reassociated split would show here first).
"""

from __future__ import annotations

import numpy as np
import pytest

import numeric

jax_backend = pytest.importorskip("numeric.jax_backend", exc_type=ImportError)

from tests.test_angles import PAIRS  # noqa: E402

BOUND = 1e-13


def _numpy(f, *args, **kw):
    numeric.set_engine("numpy")
    try:
        return f(*args, **kw)
    finally:
        numeric.set_engine(None)


def test_kernel_and_cross_moment_equal_numpy_at_every_angle():
    for d in sorted({len(u) for u, _ in PAIRS}):
        U = np.stack([u for u, _ in PAIRS if len(u) == d])
        V = np.stack([v for u, v in PAIRS if len(u) == d])
        k = np.asarray(jax_backend.relu_kernel(U, V))
        k_ref = _numpy(numeric.relu_kernel, U, V)
        assert np.all(np.abs(k - k_ref) <= BOUND * np.abs(k_ref))
        m = np.asarray(jax_backend.cross_moment(U, V))
        m_ref = _numpy(numeric.cross_moment, U, V)
        assert np.all(np.linalg.norm(m - m_ref, axis=-1)
                      <= BOUND * np.linalg.norm(m_ref, axis=-1))


@pytest.mark.parametrize("K, M", [(1, 1), (3, 2), (4, 4)])
def test_loss_and_gradient_equal_numpy(K, M):
    rng = np.random.default_rng(np.random.SeedSequence(90 + K * 10 + M))
    W, V = rng.standard_normal((6, K, 5)), rng.standard_normal((6, M, 5))
    W[0, 0] = 0.0
    np.testing.assert_allclose(np.asarray(jax_backend.population_loss(W, V, kappa=2.0)),
                               _numpy(numeric.population_loss, W, V, kappa=2.0), rtol=BOUND)
    g = np.asarray(jax_backend.population_gradient(W, V))
    g_ref = _numpy(numeric.population_gradient, W, V, paired=False)
    np.testing.assert_allclose(g, g_ref, rtol=BOUND, atol=BOUND * np.max(np.abs(g_ref)))


@pytest.mark.parametrize("depth", [1, 3])
def test_reduced_ode_rhs_equals_numpy(depth):
    rng = np.random.default_rng(np.random.SeedSequence(5 + depth))
    r, phi = rng.uniform(0.05, 3.0, 400), rng.uniform(0.0, np.pi, 400)
    for a, b in zip(jax_backend.single_neuron_rhs(r, phi, depth=depth),
                    numeric.single_neuron_rhs(r, phi, depth=depth), strict=True):
        np.testing.assert_allclose(np.asarray(a), b, rtol=BOUND, atol=BOUND * np.max(np.abs(b)))


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="u contains NaN"):
        jax_backend.relu_kernel([np.nan, 1.0], [1.0, 0.0])
    with pytest.raises(ValueError, match="d >= 2"):
        jax_backend.cross_moment([1.0], [1.0])
    with pytest.raises(ValueError, match="W and V"):
        jax_backend.population_gradient(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="kappa"):
        jax_backend.population_loss(np.ones((2, 3)), np.ones((2, 3)), kappa=-1.0)

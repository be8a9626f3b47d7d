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
    for paired in (None, False):
        g = np.asarray(jax_backend.population_gradient(W, V, paired=paired))
        g_ref = _numpy(numeric.population_gradient, W, V, paired=paired)
        np.testing.assert_allclose(g, g_ref, rtol=BOUND, atol=BOUND * np.max(np.abs(g_ref)))


@pytest.mark.parametrize("K", [1, 4])
def test_gradient_near_the_global_minimum_keeps_its_relative_accuracy(K):
    # At ‖W − V‖ = 1e-12 the gradient is O(1e-12): the plain sums of O(1) cross moments keep
    # only ~eps/1e-12 of it (1e-4 relatively), the difference form all but a few ulps. The
    # numpy difference form is itself checked against 60 digits in tests/test_kernels.py.
    rng = np.random.default_rng(np.random.SeedSequence(310 + K))
    V = rng.standard_normal((5, K, 6))
    W = (V + 1e-12 * rng.standard_normal(V.shape))[:, rng.permutation(K)]
    g_ref = _numpy(numeric.population_gradient, W, V)
    scale = np.linalg.norm(g_ref, axis=(-1, -2))[:, None, None]
    g = np.asarray(jax_backend.population_gradient(W, V))
    assert np.all(np.abs(g - g_ref) <= 1e-13 * scale)
    plain = np.asarray(jax_backend.population_gradient(W, V, paired=False))
    assert np.max(np.abs(plain - g_ref) / scale) > 1e-10
    with pytest.raises(ValueError, match="paired=True needs K = M"):
        jax_backend.population_gradient(W, V[:, :0], paired=True)


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


# --- the batched reduced ODE ------------------------------------------------------------------

def _reduced_problems(n: int, seed: int):
    rng = np.random.default_rng(np.random.SeedSequence([seed, 4011]))
    r0 = np.exp(rng.uniform(np.log(1e-2), np.log(5.0), n))
    phi0 = rng.uniform(0.05, np.pi - 0.05, n)
    phi0[:2] = [0.0, np.pi]  # the invariant sets z = +∞ and z = −∞
    return r0, phi0, rng.integers(1, 5, n).astype(float), rng.uniform(0.3, 3.0, n)


def test_log_polar_rhs_equals_numpy_including_the_invariant_sets():
    from numeric import _reduced_ode_jax as ode_jax

    rng = np.random.default_rng(np.random.SeedSequence(77))
    y = np.stack([rng.uniform(-4, 2, 500), rng.uniform(-30, 30, 500)], axis=1)
    y[:2, 1] = [np.inf, -np.inf]
    L, kappa = rng.integers(1, 5, 500).astype(float), rng.uniform(0.3, 3.0, 500)
    got = np.asarray(ode_jax.field(y, L, kappa))
    want = np.stack(numeric.reduced_rhs(y[:, 0], y[:, 1], L, kappa), axis=1)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, want, rtol=BOUND, atol=0)


def test_constant_steps_equal_the_numpy_driver_to_1e13():
    # Same steps by construction, so the only difference is rounding (and XLA's FMAs): 1000
    # steps of O(ε) each stay far below 1e-13 relative to max(1, |y|).
    from numeric import ode

    r0, phi0, L, kappa = _reduced_problems(300, 1)
    z0 = numeric.theta_to_z(np.pi - phi0)

    def rhs(t, y, idx):
        return np.stack(numeric.reduced_rhs(y[:, 0], y[:, 1], L[idx], kappa[idx]), axis=1)

    t_eval = [0.0, 0.37, 5.0, 10.0]
    ref = ode.solve(rhs, np.stack([np.log(r0), z0], 1), 10.0, controller=ode.ConstantStep(0.01),
                    t_eval=t_eval, allow_infinite=True)
    got = jax_backend.integrate_reduced(r0, phi0, depth=L, kappa=kappa, t_end=10.0, dt=0.01,
                                        t_eval=t_eval)
    assert np.all(np.asarray(got.n_steps) == ref.n_steps)
    for a, b in [(got.log_r, ref.y[:, 0]), (got.z, ref.y[:, 1]),
                 (got.log_r_eval, ref.y_eval[..., 0]), (got.z_eval, ref.y_eval[..., 1])]:
        a = np.asarray(a)
        assert np.array_equal(np.isinf(a), np.isinf(b))
        fin = np.isfinite(b)
        assert np.all(np.abs(a[fin] - b[fin]) <= BOUND * np.maximum(1.0, np.abs(b[fin])))


@pytest.mark.parametrize("rtol, atol", [(1e-10, 1e-12), (1e-7, 1e-9)])
def test_adaptive_run_takes_the_numpy_steps(rtol, atol):
    # The same controller on the same error estimates: step counts agree except where an accept
    # decision sits within rounding of err = 1 (XLA contracts to FMAs); where they agree the
    # step sizes differ by rounding only, so the end states differ by much less than one
    # step's error allowance atol + rtol·|y|.
    r0, phi0, L, kappa = _reduced_problems(400, 2)
    t_eval = [0.0, 1.0, 40.0]
    ref = numeric.integrate_batch(r0, phi0, depth=L, kappa=kappa, t_end=40.0, rtol=rtol,
                                  atol=atol, t_eval=t_eval)
    got = jax_backend.integrate_reduced(r0, phi0, depth=L, kappa=kappa, t_end=40.0, rtol=rtol,
                                        atol=atol, t_eval=t_eval)
    assert got.success and ref.raw.success
    same = np.asarray(got.n_steps) == ref.raw.n_steps
    assert same.mean() >= 0.99
    for a, b in [(got.log_r, ref.raw.y[:, 0]), (got.z, ref.raw.y[:, 1]),
                 (got.log_r_eval[:, -1], ref.raw.y_eval[:, -1, 0])]:
        a = np.asarray(a)[same]
        b = b[same]
        fin = np.isfinite(b)
        assert np.array_equal(a[~fin], b[~fin])
        assert np.all(np.abs(a[fin] - b[fin]) <= atol + rtol * np.abs(b[fin]))
    np.testing.assert_allclose(np.asarray(got.theta)[2:], ref.theta[2:], rtol=1e-6)


def test_reduced_ode_bad_input_and_step_cap():
    with pytest.raises(ValueError, match="r0"):
        jax_backend.integrate_reduced([0.0], [1.0], t_end=1.0)
    with pytest.raises(ValueError, match="phi0"):
        jax_backend.integrate_reduced([1.0], [4.0], t_end=1.0)
    with pytest.raises(ValueError, match="t_end"):
        jax_backend.integrate_reduced([1.0], [1.0], t_end=np.nan)
    with pytest.raises(ValueError, match="rtol"):
        jax_backend.integrate_reduced([1.0], [1.0], t_end=1.0, rtol=1e-17)
    with pytest.raises(ValueError, match="depth"):
        jax_backend.integrate_reduced([1.0], [1.0], t_end=1.0, depth=1.5)
    with pytest.raises(ValueError, match="t_eval"):
        jax_backend.integrate_reduced([1.0], [1.0], t_end=1.0, t_eval=[0.5, 0.2])
    capped = jax_backend.integrate_reduced([0.5, 1.0], [1.0, 2.0], t_end=40.0, max_steps=3)
    assert np.all(np.asarray(capped.status) == numeric.ode.Status.MAX_STEPS)
    assert np.all(np.asarray(capped.n_steps) == 3)


@pytest.mark.parametrize("name", ["leaky_relu:0.1", "relu_power:2", "erf"])
def test_any_derivation_compiles_for_jax(name):
    import symbolic

    rng = np.random.default_rng(np.random.SeedSequence([91, len(name)]))
    U, V = rng.standard_normal((50, 4)), rng.standard_normal((50, 4))
    for kind in ("kernel", "cross_moment"):
        d = symbolic.derive(kind, activation=name)
        got = np.asarray(d.compile("jax")(U, V))
        want = d.compile()(U, V)
        np.testing.assert_allclose(got, want, rtol=BOUND, atol=BOUND * np.max(np.abs(want)))

"""The fused numba kernel (extra 'fast') computes exactly what the compiled kernel does."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

import numeric
from proofs_checks import strategies as rs

EPS = np.finfo(float).eps


@settings(max_examples=40, deadline=None)
@given(rs.vector_pairs(d=4, kind="any"))
def test_fast_kernel_equals_compiled_kernel(pair):
    u, v = pair
    scale = np.linalg.norm(u) * np.linalg.norm(v)
    # Same formula, different summation order in the norms: a few ulps of the scale.
    assert abs(numeric.relu_kernel_fast(u, v) - numeric.relu_kernel(u, v)) <= 16 * EPS * scale


def test_fast_kernel_broadcasts_and_validates():
    rng = np.random.default_rng(np.random.SeedSequence(11))
    W = rng.normal(size=(5, 3))
    K = numeric.relu_kernel_fast(W[:, None, :], W[None, :, :])
    np.testing.assert_allclose(K, numeric.relu_kernel(W[:, None, :], W[None, :, :]),
                               rtol=1e-14, atol=1e-15)
    assert K.shape == (5, 5)
    with pytest.raises(ValueError, match="u"):
        numeric.relu_kernel_fast([np.nan, 1.0], [1.0, 0.0])
    with pytest.raises(ValueError, match="d"):
        numeric.relu_kernel_fast([1.0, 0.0, 0.0], [1.0, 0.0])


# -- the engines --------------------------------------------------------------------------------
numba_missing = pytest.mark.skipif(not numeric._fast.numba_available(), reason="numba absent")


@numba_missing
def test_the_default_engine_is_numba_when_it_is_installed(monkeypatch):
    monkeypatch.delenv("RELUFLOW_ENGINE", raising=False)
    numeric.set_engine(None)
    assert numeric.engine() == "numba"


def test_engine_choices_are_validated(monkeypatch):
    with pytest.raises(ValueError, match="engine"):
        numeric.set_engine("gpu")
    monkeypatch.setenv("RELUFLOW_ENGINE", "fortran")
    numeric.set_engine(None)
    with pytest.raises(ValueError, match="RELUFLOW_ENGINE"):
        numeric.engine()
    monkeypatch.setenv("RELUFLOW_ENGINE", "numpy")
    assert numeric.engine() == "numpy"


def _on(name, f, *args, **kw):
    numeric.set_engine(name)
    try:
        return f(*args, **kw)
    finally:
        numeric.set_engine(None)


@numba_missing
@pytest.mark.parametrize("K, M", [(1, 1), (3, 3), (4, 2), (2, 5)])
def test_the_engines_agree(K, M):
    """Same formulas, same accurate-wedge rule; they differ in summation order only, so a few
    ulps (1e-14 relatively, normwise), also on near-degenerate pairs and zero rows."""
    rng = np.random.default_rng(np.random.SeedSequence(4100 + 10 * K + M))
    u, v = rng.standard_normal((2, 200, 6))
    v[:20] = -3.0 * u[:20] + 1e-11 * rng.standard_normal((20, 6))  # δ ~ 1e-11
    v[20:40] = 0.5 * u[20:40] + 1e-9 * rng.standard_normal((20, 6))  # θ ~ 1e-9
    u[40] = 0.0
    k_numba = _on("numba", numeric.relu_kernel, u, v)
    k_numpy = _on("numpy", numeric.relu_kernel, u, v)
    assert np.all(np.abs(k_numba - k_numpy) <= 1e-14 * np.abs(k_numpy))
    m_numba = _on("numba", numeric.cross_moment, u, v)
    m_numpy = _on("numpy", numeric.cross_moment, u, v)
    assert np.all(np.linalg.norm(m_numba - m_numpy, axis=-1)
                  <= 1e-14 * np.linalg.norm(m_numpy, axis=-1))
    W = rng.standard_normal((7, K, 6))
    V = rng.standard_normal((7, M, 6))
    W[0, 0] = 0.0
    if K == M:
        W[1] = V[1][::-1] + 1e-12 * rng.standard_normal((K, 6))  # near the global minimum
    for f in (numeric.population_loss, numeric.population_gradient):
        a, b = _on("numba", f, W, V), _on("numpy", f, W, V)
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-14 * np.max(np.abs(b)))


@numba_missing
def test_the_numba_path_validates_like_the_numpy_one():
    for bad in ([np.nan, 1.0], [np.inf, 0.0]):
        with pytest.raises(ValueError, match="u"):
            _on("numba", numeric.relu_kernel, bad, [1.0, 0.0])
    with pytest.raises(ValueError, match="W"):
        _on("numba", numeric.population_gradient, np.ones((2, 3)), np.ones((2, 4)))


@pytest.mark.parametrize("engine", ["numpy", "numba"])
def test_out_buffers_receive_the_result(engine):
    if engine == "numba" and not numeric._fast.numba_available():
        # numba is the optional extra `fast` (in the test extra, so CI never skips):
        # without it the numba engine does not exist and the numpy case still runs
        pytest.skip("numba absent")
    rng = np.random.default_rng(np.random.SeedSequence(77))
    u, v = rng.standard_normal((2, 30, 4))
    W, V = rng.standard_normal((2, 5, 3, 4))
    cases = [(numeric.relu_kernel, (u, v), np.empty(30)),
             (numeric.cross_moment, (u, v), np.empty((30, 4))),
             (numeric.population_gradient, (W, V), np.empty((5, 3, 4)))]
    for f, args, buf in cases:
        expected = _on(engine, f, *args)
        got = _on(engine, f, *args, out=buf)
        assert got is buf
        np.testing.assert_array_equal(buf, expected)
    with pytest.raises(ValueError, match="out"):
        _on(engine, numeric.relu_kernel, u, v, out=np.empty(29))
    with pytest.raises(ValueError, match="out"):
        _on(engine, numeric.relu_kernel, u, v, out=np.empty(30, dtype=np.float32))
    with pytest.raises(ValueError, match="out"):
        _on(engine, numeric.cross_moment, u, v, out=np.empty((4, 30)).T)


@numba_missing
def test_the_loops_atan2_is_accurate_to_about_an_ulp():
    """atan2_upper against mpmath: relative error ≤ 2 ulps (Cephes documents 2.2e-16 peak for
    its atan; the π/2 and π reflections add at most half an ulp each), on random angles, tiny
    ratios (θ or π − θ ~ 1e-12, where the kernels need relative accuracy) and the axes."""
    import mpmath as mp

    from numeric._fast_loops import atan2_upper

    rng = np.random.default_rng(np.random.SeedSequence(2718))
    y = np.concatenate([np.abs(rng.standard_normal(400)), 1e-12 * np.abs(rng.standard_normal(200)),
                        np.abs(rng.standard_normal(200)), [0.0, 1.0, 1.0, 2.0]])
    x = np.concatenate([rng.standard_normal(400), rng.standard_normal(200),
                        1e-12 * rng.standard_normal(200), [-1.0, 0.0, -0.0, 2.0]])
    assert atan2_upper(0.0, -0.0) == np.pi and atan2_upper(0.0, 0.0) == 0.0  # libm's zeros
    worst = 0.0
    with mp.workdps(40):
        for a, b in zip(y, x, strict=True):
            ref = mp.atan2(mp.mpf(float(a)), mp.mpf(float(b)))
            got = atan2_upper(float(a), float(b))
            if ref == 0:
                assert got == 0.0
                continue
            worst = max(worst, float(abs(mp.mpf(got) - ref) / ref))
    assert worst <= 2 * EPS

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

"""Properties of what proofs_checks.strategies generates, and its argument checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from proofs_checks import strategies as S

FAST = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
TINY = np.finfo(np.float64).tiny


def _clean(a: np.ndarray) -> bool:
    """float64, finite, no subnormals, bounded."""
    a = np.asarray(a)
    return (a.dtype == np.float64 and bool(np.all(np.isfinite(a)))
            and not bool(np.any((a != 0) & (np.abs(a) < TINY))) and float(np.max(np.abs(a))) < 1e6)


def _angle(u: np.ndarray, v: np.ndarray) -> float:
    # Kahan's stable form, accurate at 0 and pi
    a, b = u / np.linalg.norm(u), v / np.linalg.norm(v)
    return 2.0 * math.atan2(np.linalg.norm(a - b), np.linalg.norm(a + b))


@FAST
@given(st.data())
def test_unit_and_weight_vectors(data):
    d = data.draw(S.dimensions(2, 6))
    assert 2 <= d <= 6
    u = data.draw(S.unit_vectors(d))
    assert u.shape == (d,) and _clean(u) and abs(np.linalg.norm(u) - 1) < 1e-12
    w = data.draw(S.weight_vectors(d, min_norm=0.5, max_norm=4.0))
    assert w.shape == (d,) and _clean(w)
    assert 0.5 * (1 - 1e-12) <= np.linalg.norm(w) <= 4.0 * (1 + 1e-12)


@FAST
@given(st.data())
def test_vector_pairs_kinds(data):
    d = data.draw(S.dimensions(2, 5))
    u, v = data.draw(S.vector_pairs(d, "near_parallel"))
    assert _clean(u) and _clean(v) and u.shape == v.shape == (d,)
    assert 0.5e-12 <= _angle(u, v) <= 1.01e-2
    u, v = data.draw(S.vector_pairs(d, "near_antiparallel"))
    assert 0.5e-12 <= math.pi - _angle(u, v) <= 1.01e-2
    u, v = data.draw(S.vector_pairs(d, "generic"))
    assert 1e-3 * (1 - 1e-12) <= np.linalg.norm(u) <= 1e3 * (1 + 1e-12)
    u, v = data.draw(S.vector_pairs(d, "any"))
    assert _clean(u) and _clean(v)


def test_near_parallel_reaches_tiny_angles():
    seen: list[float] = []

    @settings(max_examples=200, database=None, deadline=None)
    @given(S.vector_pairs(3, "near_parallel"))
    def collect(pair):
        seen.append(_angle(*pair))

    collect()
    assert min(seen) < 1e-9 and max(seen) > 1e-4


@FAST
@given(st.data())
def test_teacher_student_and_balanced_init(data):
    W, V = data.draw(S.teacher_student(3, 2, 4))
    assert W.shape == (3, 4) and V.shape == (2, 4) and _clean(W) and _clean(V)
    assert np.all(np.linalg.norm(W, axis=1) > 0.09) and np.all(np.linalg.norm(V, axis=1) < 10.01)
    W, a = data.draw(S.balanced_small_init(5, 3, 1e-4))
    assert W.shape == (5, 3) and a.shape == (5,) and _clean(W) and _clean(a)
    np.testing.assert_allclose(np.abs(a), np.linalg.norm(W, axis=1), rtol=0, atol=0)
    assert np.all(np.linalg.norm(W, axis=1) <= 1e-4 * (1 + 1e-12))


@FAST
@given(st.data())
def test_orthogonal_datasets(data):
    n = data.draw(st.integers(1, 4))
    d = data.draw(st.integers(n, 6))
    X, y = data.draw(S.orthogonal_datasets(n, d))
    assert X.shape == (n, d) and y.shape == (n,) and _clean(X) and _clean(y)
    norms = np.linalg.norm(X, axis=1)
    G = X @ X.T / np.outer(norms, norms)
    assert np.max(np.abs(G - np.eye(n))) < 1e-12
    assert np.all(np.abs(y) >= 0.1 * (1 - 1e-12))
    if n >= 2:
        assert y.min() < 0 < y.max()


@FAST
@given(st.data())
def test_separated_datasets(data):
    n = data.draw(st.integers(1, 4))
    d = data.draw(st.integers(n + 1, 7))
    mu = data.draw(st.floats(0.01, 1.0))
    X, y = data.draw(S.separated_datasets(n, d, mu))
    assert X.shape == (n, d) and set(np.unique(y)) <= {-1.0, 1.0} and _clean(X)
    Z = y[:, None] * X
    G = Z @ Z.T
    off = G[~np.eye(n, dtype=bool)]
    np.testing.assert_allclose(np.diag(G), 1.0, atol=1e-12)
    np.testing.assert_allclose(off, mu, atol=1e-12)
    if n >= 2:
        assert y.min() < 0 < y.max()


@pytest.mark.parametrize(
    "build, name",
    [
        (lambda: S.unit_vectors(0), "d"),
        (lambda: S.unit_vectors(2.5), "d"),
        (lambda: S.weight_vectors(3, min_norm=0), "min_norm"),
        (lambda: S.weight_vectors(3, min_norm=2, max_norm=1), "max_norm"),
        (lambda: S.weight_vectors(3, max_norm=float("inf")), "max_norm"),
        (lambda: S.vector_pairs(1), "d"),
        (lambda: S.vector_pairs(3, kind="sideways"), "kind"),
        (lambda: S.teacher_student(0, 1, 2), "K"),
        (lambda: S.teacher_student(1, 0, 2), "M"),
        (lambda: S.balanced_small_init(2, 2, -1.0), "scale"),
        (lambda: S.orthogonal_datasets(4, 3), "n"),
        (lambda: S.separated_datasets(3, 3, 0.5), "d >= n"),
        (lambda: S.separated_datasets(2, 3, 0.0), "mu"),
        (lambda: S.separated_datasets(2, 3, 1.5), "mu"),
        (lambda: S.dimensions(5, 3), "max"),
        (lambda: S.dimensions(True, 3), "min"),
    ],
)
def test_bad_arguments_raise_naming_them(build, name):
    with pytest.raises(ValueError, match=name):
        build()


def test_shrinks_to_simple_objects():
    from hypothesis import find

    u = find(S.unit_vectors(3), lambda _: True)
    assert u.tolist() == [1.0, 0.0, 0.0]
    w = find(S.weight_vectors(3), lambda _: True)
    assert np.linalg.norm(w) == pytest.approx(1.0)

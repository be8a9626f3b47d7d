"""Relative accuracy at every angle: θ, the kernel and the cross moment against 60 digits.

The pairs are built at a prescribed θ or δ = π − θ from 1e-12 to π/2, in d = 2 … 10 with
unequal norms, and rounded to float64; the reference is evaluated in mpmath at 60 digits
*from those float64 inputs* (the wedge from its 2×2 minors, which lose nothing), so what is
measured is our arithmetic only. Bound: 1e-13 relatively (normwise for the cross moment).
Our own analysis gives a few 1e-15 (wedge within WEDGE_BUDGET = 2e-14, J(δ) amplifying δ's
error at most 3-fold); 1e-13 leaves room for the libm's sin/cos/atan2 ulps and is the bound
the issue names.

The same check is run on an arccos angle and on Kahan's half-angle form, which are accurate
only to ulps of π, i.e. absolutely: it must reject both (a check that cannot fail them could
not tell our wedge from theirs).
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

import numeric

pytestmark = pytest.mark.usefixtures("each_engine")  # numpy and numba (conftest.py)

BOUND = 1e-13
SMALL = (1e-12, 1e-9, 1e-6, 1e-3, 0.1, 0.7, np.pi / 2)


def _pair(rng, d: int, theta: float) -> tuple[np.ndarray, np.ndarray]:
    u = rng.standard_normal(d)
    u /= np.linalg.norm(u)
    n = rng.standard_normal(d)
    n -= (n @ u) * u
    n /= np.linalg.norm(n)
    return (rng.uniform(0.2, 5.0) * u,
            rng.uniform(0.2, 5.0) * (np.cos(theta) * u + np.sin(theta) * n))


def _pairs():
    rng = np.random.default_rng(np.random.SeedSequence(20261201))
    out = []
    for d in (2, 3, 5, 10):
        for small in SMALL:
            for side in ("theta", "delta"):
                out.append(_pair(rng, d, small if side == "theta" else np.pi - small))
    return out


PAIRS = _pairs()


def _reference(u: np.ndarray, v: np.ndarray) -> dict:
    with mp.workdps(60):
        U = [mp.mpf(float(x)) for x in u]
        V = [mp.mpf(float(x)) for x in v]
        d = len(U)
        nu = mp.sqrt(mp.fsum(x * x for x in U))
        nv = mp.sqrt(mp.fsum(x * x for x in V))
        dot = mp.fsum(a * b for a, b in zip(U, V, strict=True))
        wedge = mp.sqrt(mp.fsum((U[i] * V[j] - U[j] * V[i]) ** 2
                                for i in range(d) for j in range(i + 1, d)))
        theta = mp.atan2(wedge, dot)
        k = nu * nv * (mp.sin(theta) + (mp.pi - theta) * mp.cos(theta)) / (2 * mp.pi)
        m = [(nv * mp.sin(theta) * U[i] / nu + (mp.pi - theta) * V[i]) / (2 * mp.pi)
             for i in range(d)]
        return {"theta": theta, "delta": mp.pi - theta, "k": k, "m": m}


REFS = [_reference(u, v) for u, v in PAIRS]


def _relative(x, ref) -> float:
    if isinstance(ref, list):
        with mp.workdps(60):
            num = mp.sqrt(mp.fsum((mp.mpf(float(a)) - b) ** 2 for a, b in zip(x, ref, strict=True)))
            return float(num / mp.sqrt(mp.fsum(b * b for b in ref)))
    with mp.workdps(60):
        return float(abs(mp.mpf(float(x)) - ref) / abs(ref))


def _worst(angle_fn) -> float:
    """Worst relative error of θ(u, v) and of δ = θ(u, −v) over the pairs."""
    return max(max(_relative(angle_fn(u, v), r["theta"]), _relative(angle_fn(u, -v), r["delta"]))
               for (u, v), r in zip(PAIRS, REFS, strict=True))


def _arccos_angle(u, v):
    c = (u @ v) / (np.linalg.norm(u) * np.linalg.norm(v))
    return float(np.arccos(np.clip(c, -1.0, 1.0)))


def _kahan_half_angle(u, v):
    a, b = np.linalg.norm(v) * u, np.linalg.norm(u) * v
    return float(2 * np.arctan2(np.linalg.norm(a - b), np.linalg.norm(a + b)))


def test_the_angle_and_its_supplement_are_relatively_accurate():
    # angle(u, −v) = π − θ(u, v) exactly, so this measures δ as well as θ.
    assert _worst(lambda u, v: float(numeric.pair_angle(u, v))) <= BOUND


@pytest.mark.parametrize("wrong", [_arccos_angle, _kahan_half_angle])
def test_the_check_rejects_angles_accurate_only_to_ulps_of_pi(wrong):
    assert _worst(wrong) > 1e3 * BOUND


def test_the_kernel_is_relatively_accurate_at_every_angle():
    worst = max(_relative(numeric.relu_kernel(u, v), r["k"])
                for (u, v), r in zip(PAIRS, REFS, strict=True))
    assert worst <= BOUND


def test_the_cross_moment_is_relatively_accurate_at_every_angle():
    worst = max(_relative(numeric.cross_moment(u, v), r["m"])
                for (u, v), r in zip(PAIRS, REFS, strict=True))
    assert worst <= BOUND


def test_a_kernel_with_the_half_angle_form_fails_the_same_bound():
    """The formula the kernels had before: right to ulps of the scale, wrong relatively near π."""
    def old_kernel(u, v):
        th = _kahan_half_angle(u, v)
        return (np.linalg.norm(u) * np.linalg.norm(v)
                * (np.sin(th) + (np.pi - th) * np.cos(th)) / (2 * np.pi))

    worst = max(_relative(old_kernel(u, v), r["k"]) for (u, v), r in zip(PAIRS, REFS, strict=True))
    assert worst > 1e3 * BOUND


def test_batched_pairs_give_the_pairwise_values():
    """The accurate pass runs on a subset of a batch: results must not depend on the batch."""
    for d in (2, 10):
        sel = [i for i, (u, _) in enumerate(PAIRS) if len(u) == d]
        U = np.stack([PAIRS[i][0] for i in sel])
        V = np.stack([PAIRS[i][1] for i in sel])
        for f in (numeric.relu_kernel, numeric.cross_moment):
            np.testing.assert_array_equal(f(U, V), [f(u, v) for u, v in zip(U, V, strict=True)])


def test_the_series_of_j_is_its_taylor_series_with_the_remainder_bound_met():
    import sympy as sp

    from symbolic import _series

    assert _series.series_check() == 0  # J − series = O(δ^{2N+3}) exactly
    n = _series.terms_needed()
    c = _series.lower_bound_coefficient()
    assert abs(_series.term(n + 1, sp.Integer(1))) <= _series.RELATIVE_REMAINDER * c
    assert abs(_series.term(n, sp.Integer(1))) > _series.RELATIVE_REMAINDER * c  # N is minimal


def test_j_is_relatively_accurate_on_both_branches():
    """J(δ) = sin δ − δ cos δ from 1e-12 to π. Bound 5e-15: below δ = 1, Horner over
    coefficients whose absolute sum is 1.23× the value (≤ 2N+3 roundings of that size); above
    it, the direct form's cancellation factor is at most 4.6 on sin/cos/product ulps."""
    from symbolic import _printer, _series

    J = _printer.helper_namespace()[_series.HELPER_NAME]
    ns: dict = {}
    exec("import math\n" + _series.helper_source("math"), ns)
    deltas = np.concatenate([np.geomspace(1e-12, 1.0, 200), np.linspace(1.0, np.pi, 50)])
    values = J(deltas)
    with mp.workdps(60):
        for x, y in zip(deltas, values, strict=True):
            ref = mp.sin(mp.mpf(float(x))) - mp.mpf(float(x)) * mp.cos(mp.mpf(float(x)))
            assert float(abs(mp.mpf(float(y)) - ref) / ref) <= 5e-15, x
            assert ns[_series.HELPER_NAME](float(x)) == y  # the scalar print is the same code


# -- the gradient near its zero W = V -----------------------------------------------------------
def _m_reference(u, v):
    nu = mp.sqrt(mp.fsum(x * x for x in u))
    nv = mp.sqrt(mp.fsum(x * x for x in v))
    d = len(u)
    dot = mp.fsum(a * b for a, b in zip(u, v, strict=True))
    wedge = mp.sqrt(mp.fsum((u[i] * v[j] - u[j] * v[i]) ** 2
                            for i in range(d) for j in range(i + 1, d)))
    th = mp.atan2(wedge, dot)
    return [(nv * mp.sin(th) * u[i] / nu + (mp.pi - th) * v[i]) / (2 * mp.pi) for i in range(d)]


def _gradient_reference(W, V):
    """κ = 1 gradient at 60 digits from the float64 inputs (m(w, w) = w/2 exactly)."""
    with mp.workdps(60):
        Wm = [[mp.mpf(float(x)) for x in w] for w in W]
        Vm = [[mp.mpf(float(x)) for x in v] for v in V]
        out = []
        for j, w in enumerate(Wm):
            g = [mp.mpf(0)] * len(w)
            for k, wk in enumerate(Wm):
                t = [x / 2 for x in w] if k == j else _m_reference(w, wk)
                g = [a + b for a, b in zip(g, t, strict=True)]
            for v in Vm:
                g = [a - b for a, b in zip(g, _m_reference(w, v), strict=True)]
            out.append(g)
        return out


def _gradient_error(g, ref) -> float:
    with mp.workdps(60):
        flat = [x for row in ref for x in row]
        err = mp.sqrt(mp.fsum((mp.mpf(float(a)) - b) ** 2
                              for a, b in zip(np.ravel(g), flat, strict=True)))
        return float(err / mp.sqrt(mp.fsum(x * x for x in flat)))


NEAR_MINIMUM = []
_rng = np.random.default_rng(np.random.SeedSequence(7031))
for _K, _d in ((1, 3), (2, 5), (3, 10), (5, 4)):
    for _size in (1e-12, 1e-8, 1e-4):
        _V = _rng.standard_normal((_K, _d))
        _E = _rng.standard_normal((_K, _d))
        _W = _V[_rng.permutation(_K)] + _E * (_size / np.linalg.norm(_E))
        NEAR_MINIMUM.append((_W, _V, _gradient_reference(_W, _V)))


def test_the_gradient_keeps_its_relative_accuracy_as_w_tends_to_v():
    """Bound 1e-10 (the issue's); the difference form gives ~1e-16: each bracket's terms are
    O(‖W − V‖) and computed from the difference."""
    worst = max(_gradient_error(numeric.population_gradient(W, V), ref)
                for W, V, ref in NEAR_MINIMUM)
    assert worst <= 1e-10


def test_the_plain_sums_fail_that_bound():
    """Σ m(w, w_k) − Σ m(w, v_m) formed directly: 1e-4-ish at ‖W − V‖ = 1e-12."""
    worst = max(_gradient_error(numeric.population_gradient(W, V, paired=False), ref)
                for W, V, ref in NEAR_MINIMUM)
    assert worst > 1e3 * 1e-10


def test_the_difference_form_is_the_difference():
    rng = np.random.default_rng(np.random.SeedSequence(11))
    u, v, e = rng.standard_normal((3, 50, 6))
    direct = numeric.cross_moment(u, v + e) - numeric.cross_moment(u, v)
    np.testing.assert_allclose(numeric.cross_moment_difference(u, v, e), direct,
                               rtol=0, atol=1e-14 * 10)  # both O(1); rounding of the direct one
    assert np.all(numeric.cross_moment_difference(np.zeros(6), v[0], e[0]) == 0.0)


def test_paired_true_needs_a_bijection():
    W = np.ones((2, 3))
    with pytest.raises(ValueError, match="paired"):
        numeric.population_gradient(W, np.eye(3)[:1], paired=True)
    with pytest.raises(ValueError, match="e"):
        numeric.cross_moment_difference(np.ones(3), np.ones(3), np.ones(4))


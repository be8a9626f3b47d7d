"""The cancelling combination J(δ) = sin δ − δ cos δ of the kernels at θ → π, as a series.

With δ = π − θ, the arc-cosine kernel is ‖u‖‖v‖ J(δ)/2π and the component of the cross moment
along û is ‖v‖ J(δ)/2π. J(δ) ≈ δ³/3 as δ → 0, so the direct form loses every digit there (at
δ = 1e-6 it is a difference of two numbers near 1e-6 whose result is 3e-19). Its Taylor series

    J(δ) = Σ_{n≥1} (−1)^{n+1} 2n δ^{2n+1} / (2n+1)!

has alternating terms that decrease for δ ≤ 1, so the first omitted term bounds the remainder;
J(δ) ≥ (1/3 − 1/30) δ³ there, which turns the bound into a relative one. Everything below is
exact (SymPy rationals) until the coefficients are printed as float literals.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

SERIES_BELOW = 1  # δ < 1: the series; δ ≥ 1: sin δ − δ cos δ cancels by at most a factor 4.6
RELATIVE_REMAINDER = sp.Rational(1, 2**56)  # an eighth of a float64 ulp


_DELTA = sp.Symbol("delta", nonnegative=True)


def term(n: int, delta: sp.Expr = _DELTA) -> sp.Expr:
    """The n-th term (n ≥ 1) of the series of J(δ)."""
    return (-1) ** (n + 1) * 2 * n * delta ** (2 * n + 1) / sp.factorial(2 * n + 1)


def lower_bound_coefficient() -> sp.Rational:
    """c with J(δ) ≥ c δ³ on [0, 1]: the first two terms (the rest of an alternating series
    with decreasing terms is nonnegative)."""
    return sp.Rational(1, 3) - sp.Rational(1, 30)


@cache
def terms_needed() -> int:
    """The fewest terms N with |term N+1| ≤ RELATIVE_REMAINDER · c δ³ for every δ ≤ 1.

    term(N+1)/δ³ = 2(N+1) δ^{2N} / (2N+3)! increases with δ, so δ = 1 is the worst case.
    """
    c = lower_bound_coefficient()
    n = 1
    while abs(term(n + 1, sp.Integer(SERIES_BELOW))) > RELATIVE_REMAINDER * c:
        n += 1
    return n


def coefficients() -> tuple[sp.Rational, ...]:
    """Exact c_n with J(δ) = δ³ Σ_{n=1}^{N} c_n (δ²)^{n−1} + remainder."""
    d = _DELTA
    return tuple(sp.Rational(sp.simplify(term(n, d) / d ** (2 * n + 1)))
                 for n in range(1, terms_needed() + 1))


def series_check() -> sp.Expr:
    """J(δ) minus the truncated series, expanded at δ = 0: starts at order 2N + 3 (a check
    that the coefficients are the Taylor series of sin δ − δ cos δ)."""
    d = _DELTA
    n = terms_needed()
    poly = d**3 * sum(c * d ** (2 * k) for k, c in enumerate(coefficients()))
    return sp.series(sp.sin(d) - d * sp.cos(d) - poly, d, 0, 2 * n + 3).removeO()


HELPER_NAME = "_sin_minus_x_cos"


def helper_source(module: str = "numpy") -> str:
    """Source of ``_sin_minus_x_cos(delta)``: Horner in δ² below SERIES_BELOW, the direct form
    above. ``module`` is ``"numpy"`` (arrays, both branches evaluated, ``numpy.where``) or
    ``"math"`` (one scalar, an ``if``: for numba and plain Python)."""
    cs = [float(c) for c in coefficients()]
    horner = repr(cs[-1])
    for c in reversed(cs[:-1]):
        horner = f"({horner}*x2 + {c!r})"
    doc = ('    """sin δ − δ cos δ, accurate to a few ulps relatively for δ ∈ [0, π] (a series of '
           f'{len(cs)} terms\n    below δ = {SERIES_BELOW}; see symbolic/_series.py)."""\n')
    if module in ("numpy", "jax.numpy"):
        return (f"def {HELPER_NAME}(delta):\n{doc}"
                "    x2 = delta*delta\n"
                f"    series = delta*x2*{horner}\n"
                f"    return {module}.where(delta < {SERIES_BELOW}, series, "
                f"{module}.sin(delta) - delta*{module}.cos(delta))\n")
    if module == "series":  # the polynomial alone, valid below SERIES_BELOW: no branch
        return (f"def {HELPER_NAME}_series(delta):\n"
                f'    """The series of J(δ) alone (δ < {SERIES_BELOW}), for branch-free loops."""\n'
                "    x2 = delta*delta\n"
                f"    return delta*x2*{horner}\n")
    if module == "math":
        return (f"def {HELPER_NAME}(delta):\n{doc}"
                f"    if delta < {SERIES_BELOW}:\n"
                "        x2 = delta*delta\n"
                f"        return delta*x2*{horner}\n"
                "    return math.sin(delta) - delta*math.cos(delta)\n")
    raise ValueError(f"module must be 'numpy', 'jax.numpy' or 'math', got {module!r}")

"""SymPy function nodes for the vector-level closed forms.

Vectors are represented by plain commutative symbols (``u``, ``v``) that stand for arrays of
shape (..., d). The nodes below are the only operations on them; the reluflow printer turns
them into batched numpy code (reductions keep a trailing axis of length 1 so scalar factors
broadcast against vectors).
"""

from __future__ import annotations

import sympy as sp


class relu(sp.Function):  # noqa: N801 — reads like the math
    """σ(z) = max(z, 0); printed as ``numpy.maximum(z, 0.0)`` (never ``amax``/``select``)."""

    is_real = True

    @classmethod
    def eval(cls, z):
        if z.is_nonnegative:
            return z
        if z.is_nonpositive:
            return sp.S.Zero
        return None

    def fdiff(self, argindex=1):
        # sigma'(0) = 0: the derivative is the indicator of z > 0.
        return Positive(self.args[0])


class Positive(sp.Function):
    """1{z > 0} (so the value at 0 is 0, matching σ'(0) = 0)."""

    def _latex(self, printer):
        return rf"\mathbb{{1}}\{{{printer._print(self.args[0])} > 0\}}"

    is_real = True

    @classmethod
    def eval(cls, z):
        if z.is_positive:
            return sp.S.One
        if z.is_nonpositive:
            return sp.S.Zero
        return None


class Norm(sp.Function):
    """Euclidean norm of a vector symbol, ‖u‖."""

    def _latex(self, printer):
        return rf"\|{printer._print(self.args[0])}\|"

    is_real = True
    is_nonnegative = True


class Unit(sp.Function):
    """u/‖u‖, with the documented convention Unit(0) = 0 (no division by a vanishing norm)."""

    def _latex(self, printer):
        return rf"\hat{{{printer._print(self.args[0])}}}"


class Angle(sp.Function):
    """θ(u, v) ∈ [0, π], the angle atan2(‖u∧v‖, u·v).

    Printed as a call to the pair-geometry helper (``symbolic/_pair_helpers.py``): the wedge
    ‖u∧v‖ is the cheap √(‖u‖²‖v‖² − (u·v)²) where its rounding bound allows and otherwise
    ‖u‖·‖v⊥‖ with v⊥ formed in double-double, so θ keeps its relative accuracy at θ → 0 and
    θ → π (Kahan's half-angle form is accurate only to ulps of π there: 3e-5 relatively at
    θ = 1e-12). Angle(u, 0) = 0 by convention (every closed form multiplies it by ‖0‖ = 0).
    """

    def _latex(self, printer):
        u, v = (printer._print(a) for a in self.args)
        return rf"\theta_{{{u},{v}}}"

    is_real = True
    is_nonnegative = True


class Supplement(sp.Function):
    """δ(u, v) = π − θ(u, v) = atan2(‖u∧v‖, −u·v), computed directly: π − θ in floating point
    keeps only the absolute accuracy of θ, and the kernels near θ = π are O(δ³)."""

    def _latex(self, printer):
        u, v = (printer._print(a) for a in self.args)
        return rf"\delta_{{{u},{v}}}"

    is_real = True
    is_nonnegative = True


class Reject(sp.Function):
    """Reject(v, u) = v − (v·û)û, the part of v orthogonal to u (v itself when u = 0), formed
    without the cancellation of v − (v·û)û when v is nearly parallel to u."""

    def _latex(self, printer):
        v, u = (printer._print(a) for a in self.args)
        return rf"{v}_{{\perp {u}}}"


class SinMinusXCos(sp.Function):
    """J(δ) = sin δ − δ cos δ, the combination that cancels in the kernels at θ → π (δ = π − θ).

    Printed as a helper that sums its Taylor series (coefficients and the number of terms from
    the remainder bound in ``symbolic/_series.py``) below δ = 1 and the direct form above.
    """

    def _latex(self, printer):
        x = printer._print(self.args[0])
        return rf"J\left({x}\right)"

    is_real = True

    def fdiff(self, argindex=1):
        return self.args[0] * sp.sin(self.args[0])

    def _eval_rewrite_as_sin(self, delta, **kwargs):
        return sp.sin(delta) - delta * sp.cos(delta)


class NonzeroOr1(sp.Function):
    """x where x ≠ 0, else 1: the safe denominator behind Unit(u) = u/‖u‖ with Unit(0) = 0."""

    def _latex(self, printer):  # a safe denominator: reads as the quantity itself
        return printer._print(self.args[0])

    is_real = True


VECTOR_NODES = (Norm, Unit, Angle, Supplement, Reject)

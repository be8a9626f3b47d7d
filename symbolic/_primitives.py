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

    is_real = True
    is_nonnegative = True


class Unit(sp.Function):
    """u/‖u‖, with the documented convention Unit(0) = 0 (no division by a vanishing norm)."""


class Angle(sp.Function):
    """θ(u, v) ∈ [0, π], the angle atan2(‖u∧v‖, u·v).

    Printed in Kahan's half-angle form 2·atan2(‖‖v‖u − ‖u‖v‖, ‖‖v‖u + ‖u‖v‖), which equals
    atan2(‖u∧v‖, u·v) and keeps full relative accuracy at θ → 0 and θ → π, where the direct
    wedge √(‖u‖²‖v‖² − (u·v)²) loses √eps ≈ 1e-8. Angle(u, 0) = 0 by convention (every closed
    form multiplies it by ‖0‖ = 0).
    """

    is_real = True
    is_nonnegative = True


class NonzeroOr1(sp.Function):
    """x where x ≠ 0, else 1: the safe denominator behind Unit(u) = u/‖u‖ with Unit(0) = 0."""

    is_real = True


VECTOR_NODES = (Norm, Unit, Angle)

"""SymPy derivations of the Gaussian ReLU closed forms, from first principles.

``derive(name)`` returns a :class:`Derivation` (``.expr``, ``.latex()``, ``.python()``,
``.sympy()``); ``available()`` lists the names. ``symbolic.codegen`` compiles them into
``numeric._generated``.
"""

from ._catalogue import (
    Derivation as Derivation,
    available as available,
    derive as derive,
    describe as describe,
)
from ._derive import deep_chain_full_rhs as deep_chain_full_rhs
from ._primitives import (
    Angle as Angle,
    Norm as Norm,
    Positive as Positive,
    Reject as Reject,
    SinMinusXCos as SinMinusXCos,
    Supplement as Supplement,
    Unit as Unit,
    relu as relu,
)
from ._printer import ReluflowPrinter as ReluflowPrinter, python_source as python_source

__all__ = [
    "Angle", "Derivation", "Norm", "Positive", "Reject", "ReluflowPrinter", "SinMinusXCos",
    "Supplement", "Unit", "available",
    "deep_chain_full_rhs", "derive", "describe", "python_source", "relu",
]

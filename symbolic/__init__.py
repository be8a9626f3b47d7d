"""SymPy derivations of the Gaussian closed forms of ReLU-network training, from first principles.

``derive(name, **params)`` returns a :class:`Derivation` (``.expr``, ``.latex()``,
``.python()`` — a module that runs on its own —, ``.sympy()``, ``.compile()``, ``.subs()``);
``available()``, ``describe(name)`` and ``parameters(name)`` list what there is without
deriving anything; ``register(name, builder)`` adds a user's own derivation. Activations for
the Gaussian deriver: :func:`activation` (``"leaky_relu:0.1"``, ``"relu_power:2"``, ``"erf"``,
``"piecewise:NEG;POS"``, …) or an :class:`Activation` of one's own.
``teacher_student_hessian(activation)`` assembles the loss Hessian in (W, a) from the derived
Jacobians of the cross moment (``cross_moment_jacobians``). ``symbolic.codegen``
compiles the built-in ReLU derivations into ``numeric._generated``.
"""

from ._activations import (
    Activation as Activation,
    activation as activation,
    activation_names as activation_names,
)
from ._catalogue import (
    Derivation as Derivation,
    available as available,
    derive as derive,
    describe as describe,
    parameters as parameters,
    register as register,
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
from ._ts_hessian import (
    cross_moment_jacobians as cross_moment_jacobians,
    teacher_student_hessian as teacher_student_hessian,
)

__all__ = [
    "Activation", "Angle", "Derivation", "Norm", "Positive", "Reject", "ReluflowPrinter",
    "SinMinusXCos", "Supplement", "Unit", "activation", "activation_names", "available",
    "cross_moment_jacobians", "deep_chain_full_rhs", "derive", "describe", "parameters",
    "python_source", "register", "relu", "teacher_student_hessian",
]

"""SymPy side of Kumar–Haupt's homogeneous networks: activations and their degrees, the
neural correlation function's terms, Euler's identity residual, N* closed forms."""

from __future__ import annotations

from ._homogeneous import (
    NCFTerm as NCFTerm,
    activation as activation,
    euler_residual as euler_residual,
    ncf_functions as ncf_functions,
    ncf_term as ncf_term,
    single_neuron_constant as single_neuron_constant,
    square_nstar_formula as square_nstar_formula,
)

__all__ = [
    "NCFTerm",
    "activation",
    "euler_residual",
    "ncf_functions",
    "ncf_term",
    "single_neuron_constant",
    "square_nstar_formula",
]

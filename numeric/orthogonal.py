"""Boursier et al.'s orthogonal data: D±, β±, neuron classes, the limit interpolator and the
reduced ODE of the coefficients c_jk = <w_j, x_k> that the flow follows on such data."""

from __future__ import annotations

from ._deprecation import alias_getattr as _alias_getattr
from ._orthogonal import (
    MEAN_SQUARE as MEAN_SQUARE,
    CoefficientSolution as CoefficientSolution,
    OrthogonalData as OrthogonalData,
    bundle_logistic as bundle_logistic,
    class_losses as class_losses,
    coefficient_rhs as coefficient_rhs,
    coverage_lower_bound as coverage_lower_bound,
    drop_time as drop_time,
    init_shape as init_shape,
    jstar_probability as jstar_probability,
    limit_function as limit_function,
    min_variation_norm_lp as min_variation_norm_lp,
    neuron_classes as neuron_classes,
    one_minus_cos as one_minus_cos,
    orthogonal_data as orthogonal_data,
    solve_coefficients as solve_coefficients,
    yardstick as yardstick,
)

__all__ = [
    "bundle_logistic",
    "class_losses",
    "coefficient_rhs",
    "CoefficientSolution",
    "coverage_lower_bound",
    "drop_time",
    "init_shape",
    "jstar_probability",
    "limit_function",
    "MEAN_SQUARE",
    "min_variation_norm_lp",
    "neuron_classes",
    "one_minus_cos",
    "orthogonal_data",
    "OrthogonalData",
    "solve_coefficients",
    "yardstick",
]

__getattr__ = _alias_getattr(__name__, {
    "ReducedSolution": ("numeric.orthogonal", "CoefficientSolution"),
    "solve_reduced": ("numeric.orthogonal", "solve_coefficients"),
    "reduced_rhs": ("numeric.orthogonal", "coefficient_rhs"),
    "SlopeFit": ("numeric.stats", "SlopeFit"),
    "clopper_pearson": ("numeric.stats", "clopper_pearson"),
    "fit_slope": ("numeric.stats", "fit_slope"),
})

"""Compiled batched kernels, references, integrators and samplers for reluflow.

Kernels come from ``symbolic`` via generated code (no SymPy import here). References
(mpmath quadrature, Arb enclosures, Monte Carlo) never use the closed forms.
"""

from ._kernels import (
    cross_moment as cross_moment,
    pair_angle as pair_angle,
    population_gradient as population_gradient,
    population_loss as population_loss,
    relu_kernel as relu_kernel,
    single_neuron_loss as single_neuron_loss,
    single_neuron_rhs as single_neuron_rhs,
    tian_symmetric_rhs as tian_symmetric_rhs,
)

__all__ = [
    "cross_moment",
    "pair_angle",
    "population_gradient",
    "population_loss",
    "relu_kernel",
    "single_neuron_loss",
    "single_neuron_rhs",
    "tian_symmetric_rhs",
]

"""SymPy side of Boursier et al.'s orthogonal-data flow: the closed forms of the decoupled
dynamics (escape times, the yardstick, the class bundles) derived from the model equations."""

from __future__ import annotations

from ._orthogonal import (
    bundle_from_flow_residual as bundle_from_flow_residual,
    bundle_logistic_residuals as bundle_logistic_residuals,
    decoupled_ode_residuals as decoupled_ode_residuals,
    pair_logistic_residuals as pair_logistic_residuals,
    yardstick_residuals as yardstick_residuals,
)

__all__ = [
    "bundle_from_flow_residual",
    "bundle_logistic_residuals",
    "decoupled_ode_residuals",
    "pair_logistic_residuals",
    "yardstick_residuals",
]

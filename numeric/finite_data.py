"""Two-layer networks trained on a finite data set: losses, activations, gradient descent and
the gradient flow through the ReLU kinks (Clarke inclusion on the integrator core).

The population (Gaussian-input, teacher–student) counterpart is :mod:`numeric.population`."""

from __future__ import annotations

from ._twolayer import (
    EXP as EXP,
    LOGISTIC as LOGISTIC,
    LOGISTIC2 as LOGISTIC2,
    RELU as RELU,
    SQUARE as SQUARE,
    Activation as Activation,
    Events as Events,
    Loss as Loss,
    Trajectory as Trajectory,
    balanced_init as balanced_init,
    direction_flow as direction_flow,
    forward as forward,
    gd as gd,
    gradient_flow as gradient_flow,
    gradients as gradients,
    leaky_relu as leaky_relu,
    leaky_relu_power as leaky_relu_power,
    loss_value as loss_value,
    relu_power as relu_power,
    square_activation as square_activation,
    square_loss as square_loss,
    stable_rank as stable_rank,
)

__all__ = [
    "Activation",
    "balanced_init",
    "direction_flow",
    "Events",
    "EXP",
    "forward",
    "gd",
    "gradient_flow",
    "gradients",
    "leaky_relu",
    "leaky_relu_power",
    "LOGISTIC",
    "LOGISTIC2",
    "Loss",
    "loss_value",
    "RELU",
    "relu_power",
    "SQUARE",
    "square_activation",
    "square_loss",
    "stable_rank",
    "Trajectory",
]

from ._deprecation import alias_getattr as _alias_getattr

__getattr__ = _alias_getattr(__name__, {"integrate": ("numeric.ode", "integrate_autonomous")})

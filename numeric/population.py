"""The population problem: two-layer ReLU teacher–student networks on Gaussian inputs,
through the closed-form loss and gradient — flow, descent, critical points and their
certification. The finite-data counterpart is :mod:`numeric.finite_data`."""

from __future__ import annotations

from ._certified_critical import (
    CertifiedCriticalPoint as CertifiedCriticalPoint,
    certify_critical_point_interval as certify_critical_point_interval,
)
from ._deprecation import alias_getattr as _alias_getattr
from ._kernels import (
    population_gradient as population_gradient,
    population_loss as population_loss,
    tian_symmetric_rhs as tian_symmetric_rhs,
    tian_symmetric_rhs_unchecked as tian_symmetric_rhs_unchecked,
)
from ._teacher_student import (
    CriticalPoint as CriticalPoint,
    CriticalPointSearch as CriticalPointSearch,
    DescentResult as DescentResult,
    FlowResult as FlowResult,
    ODEResult as ODEResult,
    certify_critical_point as certify_critical_point,
    find_critical_points as find_critical_points,
    gradient_descent as gradient_descent,
    population_flow as population_flow,
    population_hessian as population_hessian,
    rk45_batched as rk45_batched,
)

__all__ = [
    "CriticalPoint",
    "CriticalPointSearch",
    "DescentResult",
    "FlowResult",
    "ODEResult",
    "CertifiedCriticalPoint",
    "certify_critical_point",
    "certify_critical_point_interval",
    "find_critical_points",
    "gradient_descent",
    "population_flow",
    "population_gradient",
    "population_hessian",
    "population_loss",
    "rk45_batched",
    "tian_symmetric_rhs",
    "tian_symmetric_rhs_unchecked",
]

__getattr__ = _alias_getattr(__name__, {"gradient_flow": ("numeric.population", "population_flow")})

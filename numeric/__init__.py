"""Compiled batched kernels, references, integrators and samplers for reluflow.

Kernels come from ``symbolic`` via generated code (no SymPy import here). References —
mpmath quadrature in the plane of each pair, Arb enclosures (extra ``certified``), seeded
Monte Carlo — never use the closed forms.
"""

from ._certified import (
    certified_cross_moment as certified_cross_moment,
    certified_cross_moment_at_angle as certified_cross_moment_at_angle,
    certified_kernel as certified_kernel,
    certified_kernel_at_angle as certified_kernel_at_angle,
)
from ._certified_critical import (
    CertifiedCriticalPoint as CertifiedCriticalPoint,
    certify_critical_point_interval as certify_critical_point_interval,
)
from ._fast import (  # numba imported on first call
    engine as engine,
    relu_kernel_fast as relu_kernel_fast,
    set_engine as set_engine,
)
from ._kernels import (
    cross_moment as cross_moment,
    cross_moment_difference as cross_moment_difference,
    pair_angle as pair_angle,
    population_gradient as population_gradient,
    population_loss as population_loss,
    relu_kernel as relu_kernel,
    single_neuron_loss as single_neuron_loss,
    single_neuron_rhs as single_neuron_rhs,
    tian_symmetric_rhs as tian_symmetric_rhs,
    tian_symmetric_rhs_unchecked as tian_symmetric_rhs_unchecked,
)
from ._montecarlo import (
    input_kappa as input_kappa,
    montecarlo_cross_moment as montecarlo_cross_moment,
    montecarlo_gradient as montecarlo_gradient,
    montecarlo_kernel as montecarlo_kernel,
    montecarlo_loss as montecarlo_loss,
    sample_inputs as sample_inputs,
)
from ._reduced_ode import (
    BatchSolution as BatchSolution,
    Event as Event,
    ReducedSolution as ReducedSolution,
    converged_event as converged_event,
    integrate_batch as integrate_batch,
    loss_below_event as loss_below_event,
    r_level_event as r_level_event,
    reduced_rhs as reduced_rhs,
    solve_batch as solve_batch,
    theta_to_z as theta_to_z,
    z_to_angles as z_to_angles,
)
from ._reference import (
    ReferenceValue as ReferenceValue,
    reference_cross_moment as reference_cross_moment,
    reference_gradient as reference_gradient,
    reference_kernel as reference_kernel,
    reference_loss as reference_loss,
)
from ._reference_activations import (
    PiecewisePolynomial as PiecewisePolynomial,
    reference_activation_cross_moment as reference_activation_cross_moment,
    reference_activation_kernel as reference_activation_kernel,
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
    "datasets",
    "finite_data",
    "ode",
    "homogeneous",
    "orthogonal",
    "population",
    "stats",
    "BatchSolution",
    "Event",
    "ReducedSolution",
    "converged_event",
    "integrate_batch",
    "loss_below_event",
    "r_level_event",
    "reduced_rhs",
    "solve_batch",
    "theta_to_z",
    "z_to_angles",
    "CriticalPoint",
    "CriticalPointSearch",
    "DescentResult",
    "FlowResult",
    "ODEResult",
    "PiecewisePolynomial",
    "ReferenceValue",
    "CertifiedCriticalPoint",
    "certify_critical_point",
    "certify_critical_point_interval",
    "find_critical_points",
    "gradient_descent",
    "population_flow",
    "population_hessian",
    "rk45_batched",
    "certified_cross_moment",
    "certified_cross_moment_at_angle",
    "certified_kernel",
    "certified_kernel_at_angle",
    "cross_moment",
    "cross_moment_difference",
    "engine",
    "input_kappa",
    "montecarlo_cross_moment",
    "montecarlo_gradient",
    "montecarlo_kernel",
    "montecarlo_loss",
    "pair_angle",
    "population_gradient",
    "population_loss",
    "reference_activation_cross_moment",
    "reference_activation_kernel",
    "reference_cross_moment",
    "set_engine",
    "reference_gradient",
    "reference_kernel",
    "reference_loss",
    "relu_kernel",
    "relu_kernel_fast",
    "sample_inputs",
    "single_neuron_loss",
    "single_neuron_rhs",
    "tian_symmetric_rhs",
    "tian_symmetric_rhs_unchecked",
]

# Namespaces imported on first use so `import numeric` stays light:
# numeric.ode (the one integrator core: DP5(4), events, Filippov sliding; docs/ode.md),
# numeric.finite_data (two-layer nets on a finite data set: losses, activations, GD, GF),
# numeric.population (the Gaussian-input teacher–student problem: flow, descent, critical
# points), numeric.datasets (exact-μ and μ-separable data, cones, ζ1, ζ2, ξ),
# numeric.homogeneous (Kumar–Haupt: NCF, rescaled near-origin flow, escape times),
# numeric.orthogonal (Boursier et al.: orthogonal data, D±, β±, the reduced c_jk ODE),
# numeric.stats (Clopper–Pearson intervals, slopes with t bands, t quantiles).
_LAZY = {"ode": ".ode", "finite_data": ".finite_data", "population": ".population",
         "datasets": ".datasets", "homogeneous": ".homogeneous", "orthogonal": ".orthogonal",
         "stats": ".stats", "twolayer": ".twolayer"}

# names before the finite-data/population renaming, served with a DeprecationWarning
_DEPRECATED = {"gradient_flow": ("numeric.population", "population_flow"),
               "twolayer": ("numeric", "finite_data")}


def __getattr__(name: str):
    if name in _DEPRECATED:
        import importlib
        import warnings

        target, new = _DEPRECATED[name]
        warnings.warn(f"numeric.{name} is deprecated; use {target}.{new}", DeprecationWarning,
                      stacklevel=2)
        return getattr(importlib.import_module(target), new)
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name], __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'numeric' has no attribute {name!r}")

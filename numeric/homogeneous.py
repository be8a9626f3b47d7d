"""Kumar–Haupt's homogeneous networks near the origin: the neural correlation function, the
rescaled near-origin flow, escape times and KKT points."""

from __future__ import annotations

from ._homogeneous import (
    EscapeRun as EscapeRun,
    HomogeneousNet as HomogeneousNet,
    SphereFlow as SphereFlow,
    blowup_time as blowup_time,
    escape_run as escape_run,
    first_crossing as first_crossing,
    kkt_residual as kkt_residual,
    ncf_flow_until as ncf_flow_until,
    ncf_sphere_flow as ncf_sphere_flow,
    neuron_blowup_times as neuron_blowup_times,
    projected_ascent as projected_ascent,
    rebalance as rebalance,
    restricted_stationary_point as restricted_stationary_point,
    setup_p2 as setup_p2,
    setup_p3 as setup_p3,
    setup_r2 as setup_r2,
    single_neuron_nstar as single_neuron_nstar,
    square_nstar as square_nstar,
)

__all__ = [
    "blowup_time",
    "escape_run",
    "EscapeRun",
    "first_crossing",
    "HomogeneousNet",
    "kkt_residual",
    "ncf_flow_until",
    "ncf_sphere_flow",
    "neuron_blowup_times",
    "projected_ascent",
    "rebalance",
    "restricted_stationary_point",
    "setup_p2",
    "setup_p3",
    "setup_r2",
    "single_neuron_nstar",
    "SphereFlow",
    "square_nstar",
]

from ._deprecation import alias_getattr as _alias_getattr

__getattr__ = _alias_getattr(__name__, {"integrate": ("numeric.ode", "integrate_autonomous")})

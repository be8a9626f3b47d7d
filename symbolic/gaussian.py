"""The general Gaussian deriver's public pieces: plane and vector forms of kernels and cross
moments for any supported activation, the spherical-data factor, and the plane Jacobians the
teacher–student Hessian is assembled from (see docs/derivations.md)."""

from __future__ import annotations

from ._gaussian import (
    cross_moment_plane as cross_moment_plane,
    cross_moment_vector as cross_moment_vector,
    erf_kernel_arcsine as erf_kernel_arcsine,
    kernel_plane as kernel_plane,
    kernel_vector as kernel_vector,
    plane_to_vectors as plane_to_vectors,
    r_u as r_u,
    r_v as r_v,
    radial_moment as radial_moment,
    sphere_factor as sphere_factor,
    theta as theta,
    u_vec as u_vec,
    v_vec as v_vec,
)
from ._ts_hessian import (
    assemble as assemble_hessian,
    compile_expr_tuple as compile_jacobians,
    cross_moment_jacobians as cross_moment_jacobians,
)

__all__ = [
    "assemble_hessian",
    "compile_jacobians",
    "cross_moment_jacobians",
    "cross_moment_plane",
    "cross_moment_vector",
    "erf_kernel_arcsine",
    "kernel_plane",
    "kernel_vector",
    "plane_to_vectors",
    "r_u",
    "r_v",
    "radial_moment",
    "sphere_factor",
    "theta",
    "u_vec",
    "v_vec",
]

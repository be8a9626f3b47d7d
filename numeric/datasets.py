"""Finite data sets with known geometry: exact-μ and μ-separable data, cones, ζ1, ζ2, ξ."""

from __future__ import annotations

from ._datasets import (
    CONE_DEAD as CONE_DEAD,
    CONE_MINUS as CONE_MINUS,
    CONE_OTHER as CONE_OTHER,
    CONE_PLUS as CONE_PLUS,
    DataConstants as DataConstants,
    cone_labels as cone_labels,
    data_constants as data_constants,
    exact_mu_data as exact_mu_data,
    random_separable_data as random_separable_data,
    separability_mu as separability_mu,
    signed_active_sum as signed_active_sum,
    zeta2 as zeta2,
)

__all__ = [
    "CONE_DEAD",
    "cone_labels",
    "CONE_MINUS",
    "CONE_OTHER",
    "CONE_PLUS",
    "data_constants",
    "DataConstants",
    "exact_mu_data",
    "random_separable_data",
    "separability_mu",
    "signed_active_sum",
    "zeta2",
]

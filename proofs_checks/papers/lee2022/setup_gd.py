"""Gradient descent on the population loss (P8, P9): the exact one-step map in (r, θ) and a
step of the d-dimensional GD it is checked against."""

from __future__ import annotations

import numpy as np

from numeric import population_gradient

from .setup import e1


def gd_map(r, theta, eta, kappa=1.0):
    """One GD step in (r, θ) (P8): w' = A ŵ + B v, atan2 form, no arccos.

    A = (1 − ηκ/2) r + (ηκ/2π) sinθ,  B = (ηκ/2π)(π − θ);
    θ' = atan2(A sinθ, A cosθ + B),  r' = hypot(A cosθ + B, A sinθ).
    """
    A = (1 - eta * kappa / 2) * r + eta * kappa / (2 * np.pi) * np.sin(theta)
    B = eta * kappa / (2 * np.pi) * (np.pi - theta)
    c = A * np.cos(theta) + B
    s = A * np.sin(theta)
    return np.hypot(c, s), np.arctan2(np.abs(s), c)


def gd_full_step(w, eta, kappa):
    """w − η∇𝓛(w) in R^d, the gradient from ``numeric.population_gradient``."""
    v = e1(w.shape[-1])
    return w - eta * population_gradient(w[None], v[None], kappa=kappa)[0]

"""The symbols every reluflow derivation is written in, so that a user's expression and a
derived one share them: θ the angle of a pair, φ = π − θ (Lee–Sim–Ye's student–teacher
angle), the norms r_u, r_v, a single neuron's norm r, the input scale κ, the depth L and the
leaky slope α / correlation ρ."""

from __future__ import annotations

from ._derive import (
    alpha as alpha,
    depth as depth,
    kappa as kappa,
    phi as phi,
    r as r,
    r_u as r_u,
    r_v as r_v,
    rho as rho,
    theta as theta,
)

__all__ = ["alpha", "depth", "kappa", "phi", "r", "r_u", "r_v", "rho", "theta"]

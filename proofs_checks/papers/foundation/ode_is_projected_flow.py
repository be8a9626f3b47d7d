"""Lee–Sim–Ye's (r, φ) ODE is the radial/angular part of the d-dimensional balanced flow."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence, Profile

from . import paper
from .setup import LEE


def strategy(profile: Profile):
    from hypothesis import strategies as st

    from proofs_checks.kit import strategies

    return st.tuples(strategies.vector_pairs(5, kind="generic", min_norm=0.1, max_norm=3.0),
                     st.integers(1, 4))


def check(params, ctx: Context, *, phi_power_offset: int) -> Evidence:
    (w, v), depth = params
    v = v / np.linalg.norm(v)
    r = float(np.linalg.norm(w))
    P = r ** (depth - 1)
    w_dot = -P * numeric.population_gradient((P * w)[None], v[None])[0]
    th = float(numeric.pair_angle(w, v))
    if not 1e-3 < th < np.pi - 1e-3:
        # The projection divides by sin θ: outside this band it is not a fair reference.
        return Evidence.predicate(True, computed=th, claimed="sin θ > 1e-3",
                                  reason="pole excluded (projection undefined)")
    vh, wh = v, w / r
    grad_theta = -(vh - np.cos(th) * wh) / (r * np.sin(th))
    r_dot_full = float(w @ w_dot / r)
    phi_dot_full = float(-(grad_theta @ w_dot))
    r_dot, phi_dot = numeric.single_neuron_rhs(r, np.pi - th, depth=depth)
    if phi_power_offset:  # the twin's wrong power of r
        phi_dot = phi_dot * r**phi_power_offset
    # Same flow in two float64 evaluations, divided by sin θ ≥ 1e-3: 1e-9 relative to
    # the size r^{2L} of the terms is ~1e4 times the rounding.
    scale = max(1.0, r ** (2 * depth))
    return Evidence.agree(
        [float(r_dot), float(phi_dot)], [r_dot_full, phi_dot_full], atol=1e-9 * scale,
        reason="(ṙ, φ̇) from SymPy vs projection of the d-dimensional balanced-chain flow",
    )


claim = paper.claim(
    "ode_is_projected_flow", citation=LEE,
    title="(r, φ) ODE is the projected full gradient flow",
    statement="ṙ = κr^{L−1}[g(φ)/2π − r^L/2], φ̇ = κr^{L−2}φ sin φ/2π equal the radial and "
    "angular parts of the d-dimensional flow of the balanced depth-L chain",
    source="R", method="exact",
    assumptions=("teacher norm 1", "balanced a_k = ‖w‖", "x ~ N(0, I_5)"),
    strategy=strategy, settings={"phi_power_offset": 0}, derivation="deep_chain_ode",
)(check)

claim.twin("r_power_L_minus_1", title="φ̇ with r^{L−1} in place of r^{L−2}", phi_power_offset=1)

"""Arc-cosine kernel closed form, compiled, against in-plane mpmath quadrature."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import CHO_SAUL, agrees_with_reference, kernel, kernel_pi_plus_theta, pairs


def versus_reference(pair, ctx: Context, *, compiled) -> Evidence:
    """``compiled(u, v)`` against the mpmath reference of the kernel."""
    u, v = pair
    return agrees_with_reference(
        compiled(u, v), numeric.reference_kernel(u, v, digits=ctx.profile.digits),
        scale=float(np.linalg.norm(u) * np.linalg.norm(v)),
        reference="angular quadrature split at the kinks", scale_name="‖u‖‖v‖")


claim = paper.claim(
    "relu_kernel", citation=CHO_SAUL,
    title="Arc-cosine kernel closed form",
    statement="E[σ(u·x)σ(v·x)] = ‖u‖‖v‖(sin θ + (π − θ)cos θ)/(2π) for x ~ N(0, I_d)",
    latex=r"\mathbb E[\sigma(u^\top x)\sigma(v^\top x)] = "
    r"\frac{\|u\|\|v\|}{2\pi}\big(\sin\theta + (\pi-\theta)\cos\theta\big)",
    source="R", method="quadrature",
    assumptions=("x ~ N(0, I_d)", "σ = ReLU", "θ = atan2(‖u∧v‖, u·v)"),
    strategy=pairs(), param_names=("u", "v"),
    settings={"compiled": kernel}, derivation="relu_kernel",
    notes="Derived in symbolic/ from the plane of (u, v); pairs include near-parallel and "
    "near-antiparallel ones (angles down to 1e-12), where acos-based code loses 1e-8.",
)(versus_reference)

claim.twin("pi_plus_theta", title="Kernel with (π + θ) in place of (π − θ)",
           latex=r"\mathbb E[\sigma(u^\top x)\sigma(v^\top x)] = "
           r"\frac{\|u\|\|v\|}{2\pi}\big(\sin\theta + (\pi+\theta)\cos\theta\big)",
           compiled=kernel_pi_plus_theta)

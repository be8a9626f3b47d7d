"""Tian's population-gradient term F(e, w), compiled, against in-plane mpmath quadrature."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import TIAN, agrees_with_reference, pairs


def _without_sine_term(u, v):
    """The twin's formula: the ‖v‖ sin θ û term dropped."""
    th = numeric.pair_angle(u, v)
    return (np.pi - th) / (2 * np.pi) * v


def versus_reference(pair, ctx: Context, *, compiled) -> Evidence:
    """``compiled(u, v)`` against the mpmath reference of the cross moment."""
    u, v = pair
    return agrees_with_reference(
        compiled(u, v), numeric.reference_cross_moment(u, v, digits=ctx.profile.digits),
        scale=float(np.linalg.norm(v)),
        reference="in-plane quadrature (both components)", scale_name="‖v‖")


claim = paper.claim(
    "cross_moment", citation=TIAN,
    title="Tian's population-gradient term F(e, w)",
    statement="E[1{u·x>0} x σ(v·x)] = ((π − θ)v + ‖v‖ sin θ û)/(2π)",
    latex=r"\mathbb E[\mathbb 1\{u^\top x>0\}\,x\,\sigma(v^\top x)] = "
    r"\frac{(\pi-\theta)v + \|v\|\sin\theta\,\hat u}{2\pi}",
    source="C", method="quadrature",
    assumptions=("x ~ N(0, I_d)", "σ'(0) = 0"),
    strategy=pairs(), param_names=("u", "v"),
    settings={"compiled": numeric.cross_moment}, derivation="cross_moment",
)(versus_reference)

claim.twin("no_sine_term", title="Cross moment without the ‖v‖ sin θ û term",
           latex=r"\mathbb E[\mathbb 1\{u^\top x>0\}\,x\,\sigma(v^\top x)] = "
           r"\frac{(\pi-\theta)v}{2\pi}",
           compiled=_without_sine_term)

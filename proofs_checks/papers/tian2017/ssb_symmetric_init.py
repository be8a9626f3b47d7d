"""From x0 = y0 = 1e-3 the flow stays on the diagonal and reaches the saddle (x*, x*)."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_ssb import diagonal_ends, saddle_x


def check(K: int, ctx: Context, *, target_wstar: bool) -> Evidence:
    z = ctx.shared("diagonal_ends", lambda: diagonal_ends(ctx.profile.ode_rtol))[K]
    target = np.array([1.0, 0.0]) if target_wstar else np.array([saddle_x(K)] * 2)
    return Evidence.agree(
        np.array([z, z]), target, atol=1e-6,
        uncertainty=100 * ctx.profile.ode_rtol,  # global ODE error ~ 100·rtol
        reason="within 1e-6 of the target at T = 600 (table); tolerance = ODE error",
    )


claim = paper.claim(
    "ssb_symmetric_init", where="symmetry-breaking theorem, symmetric start (as recalled)",
    title="From x0 = y0 = 1e-3 the flow on the diagonal reaches the saddle (x*, x*)",
    statement="With x0 = y0 the dynamics stay on x = y and converge to (x*, x*).",
    source="M", method="ode",
    cases=lambda p: [2, 3, 5, 10], settings={"target_wstar": False},
    derivation="tian_symmetric_ode",
    notes="docs/theory/tian2017.md, 'Spontaneous symmetry breaking'.",
)(check)

claim.twin("reaches_wstar", title="From x0 = y0 the flow reaches w* = (1, 0)", target_wstar=True)

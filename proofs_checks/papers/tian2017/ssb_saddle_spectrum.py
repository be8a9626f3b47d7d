"""The Jacobian at the symmetric saddle has spectrum {−K/2, λ+} with λ+ > 0."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS
from .setup_ssb import LAMBDA_PLUS_PRINTED, saddle_x, symmetric_jacobian


def check(K: int, ctx: Context, *, sink: bool) -> Evidence:
    xs = saddle_x(K)
    ev = np.sort(np.linalg.eigvals(symmetric_jacobian(xs, xs, K)).real)
    unc = 10 * EPS / 1e-6 + 1e-11  # rounding eps/h and truncation h² of the central FD
    if sink:
        return Evidence.upper_bound(ev[1], 0.0, tolerance=unc,
                                    reason="a sink needs both eigenvalues < 0")
    return Evidence.agree(
        ev, [-K / 2, LAMBDA_PLUS_PRINTED[K]], atol=1e-4,  # λ+ printed to 5 decimals
        uncertainty=unc,
        reason="claimed 1e-4 (table; λ+ printed to 5 decimals); tolerance = FD error "
               "(h = 1e-6: eps/h rounding + h² truncation)",
        detail={"eigenvalues": ev},
    )


claim = paper.claim(
    "ssb_saddle_spectrum", where="symmetric saddle, its spectrum (derived)",
    title="Jacobian at the symmetric saddle has spectrum {−K/2, λ+}, λ+ > 0",
    statement="λ+ = 0.59591 (K=2), 1.54916 (K=5), 3.40654 (K=10); the other eigenvalue is −K/2.",
    source="R", method="exact",
    cases=lambda p: [2, 5, 10], settings={"sink": False}, derivation="tian_symmetric_ode",
    notes="docs/theory/tian2017.md, 'Spontaneous symmetry breaking'.",
)(check)

claim.twin("sink", title="The symmetric fixed point is a sink (both eigenvalues < 0)", sink=True)

"""Between the two escapes the loss sits at the slow class's share ||y_slow||²/(2n)."""

from __future__ import annotations

import numpy as np

from numeric.orthogonal import OrthogonalData
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import NO_TEXT, THEORY, main_run


def fast_and_slow(d: OrthogonalData) -> tuple[int, int]:
    """The class signs ordered by escape: the larger ||D_c|| escapes first."""
    return (1, -1) if np.linalg.norm(d.D(1)) > np.linalg.norm(d.D(-1)) else (-1, 1)


def check(params, ctx: Context, *, plateau_class: str, normalisation: str) -> Evidence:
    run = main_run(ctx)
    d = run.data
    b = int(np.argmin(run.lams))
    Tp, Tm = run.T
    tmid = 0.5 * float(Tp[b] + Tm[b])
    L = float(run.tr.loss[run.at(tmid), b])
    fast, slow = fast_and_slow(d)
    cls = slow if plateau_class == "slow" else fast
    mask = d.pos if cls > 0 else ~d.pos
    norm = 2 * d.n if normalisation == "mean" else 2.0
    claimed = float(np.sum(d.y[mask] ** 2) / norm)
    # 1%: the leading corrections at t_mid are the slow class's growth
    # λ^{2(1 − t_mid/T_slow)} and the fast class's residual
    return Evidence.agree(
        L, claimed, atol=0.0, rtol=0.01, uncertainty=0.0,
        reason="L at the midpoint of the predicted escape times vs ||y_slow||²/(2n), "
        "smallest λ; allowed 1%: the leading corrections there are the slow "
        "class's growth λ^{2(1 − t_mid/T_slow)} and the fast class's residual",
        detail={"t_mid": tmid, "lambda": float(run.lams[b])})


claim = paper.claim(
    "plateau", where="saddle-to-saddle (abstract); S-M App. A.1",
    title="Intermediate plateau ||y_slow||²/(2n) between the two escapes",
    statement="Between (n/||D_fast||) log(1/λ) and (n/||D_slow||) log(1/λ) the loss sits at "
    "(1/2n) Σ_{k ∈ S_slow} y_k²",
    source="P,S-M,D,V", method="ode",
    settings={"plateau_class": "slow", "normalisation": "mean"},
    notes=NO_TEXT + f" See {THEORY}, 'Saddle to saddle'.",
)(check)

claim.twin("fast_class", title="The plateau is ||y_fast||²/(2n)", plateau_class="fast")
claim.twin("sum_normalisation", title="The plateau is ||y_slow||²/2 (½Σ loss)",
           normalisation="sum")

"""L = 2: t_esc - ln(1/delta)/(2 N*) does not depend on delta."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import RECON, SMOOTH, TWO_HOMOGENEOUS, label_matrix, p2
from .setup_flows import escape_runs_l2


def check(_p, ctx: Context, *, factor: float) -> Evidence:
    net, _ = p2()
    rtol = ctx.profile.ode_rtol
    deltas = paper.setting("deltas_l2", ctx)
    runs = escape_runs_l2(ctx, deltas, rtol)
    ev = np.linalg.eigvalsh(label_matrix(net))
    nstar = max(ev[-1], -ev[0])  # L = 2: max_{|w|=1} sum a_j w_j^T M w_j
    # the twin's factor 2: ln(1/delta)/N*
    off = np.array([r.t_esc - factor * np.log(1 / d) / (2 * nstar)
                    for r, d in zip(runs, deltas, strict=True)])
    spread = float(np.max(off) - np.min(off))
    return Evidence.upper_bound(
        spread, 1e-2, tolerance=1e-6,
        reason="spread over delta of t_esc - ln(1/delta)/(2 N*) (P2); bound 1e-2 (pass "
        "criterion for escape offsets); tolerance 1e-6 ≥ crossing-time error (bisection on "
        "the dense output to ~4 ulp, plus the interpolant's error ≈ rtol·|t_esc|, rtol ≤ 1e-9)",
        detail={"offsets": list(off), "N*": nstar, "deltas": list(deltas)},
    )


claim = paper.claim(
    "k11_escape_time_L2", citation=TWO_HOMOGENEOUS,
    title="K11: L = 2: t_esc - ln(1/delta)/(2 N*) is constant in delta",
    statement="For L = 2 the escape time is ln(1/delta)/(2 N*) + O(1), with the O(1) offset "
    "independent of delta (P2: 0.027).",
    source="R", method="ode",
    hypotheses={"L": 2, **SMOOTH},
    settings={"factor": 1.0},
    notes=RECON + "docs/theory/kumar2025.md, 'K10–K12 Escape'.",
)(check)

claim.twin("no_factor_two", title="t_esc - ln(1/delta)/N* is constant (factor 2 dropped)",
           factor=2.0)

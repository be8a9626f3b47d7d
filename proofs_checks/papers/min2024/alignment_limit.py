"""Theorem 1 Part 1 in the eps -> 0 limit: the direction flow aligns every neuron by t1."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_flows import (
    ALIGN_STATEMENT,
    LIM_CASES,
    alignment_evidence,
    limit_case,
    swapped_evidence,
)


def check(params, ctx: Context, *, swapped: bool) -> Evidence:
    su, tr, tal = limit_case(ctx, params)
    if swapped:
        return swapped_evidence(su, tr)
    # tolerance (in alignment_evidence): 1e-6 relative, the event-time location accuracy
    return alignment_evidence(su, tr, tal, label="eps->0 direction flow")


claim = paper.claim(
    "alignment_limit", where="Theorem 1 (Part 1), Lemma 1",
    title="Theorem 1 Part 1 in the eps -> 0 limit: alignment by t1 (direction ODE)",
    statement=ALIGN_STATEMENT + " Checked on the eps -> 0 limit of the early phase.",
    latex=(r"t_1=\frac{16\log n}{\min\{\zeta,\xi\}\sqrt\mu X_{\min}}:\ "
           r"w_j(t_1)\in S_{\mathrm{sign}(v_j)}\cup S_{\mathrm{dead}}"),
    assumptions=("Assumption 2 (zeta2 computed from W0)",
                 "eps -> 0: du_j/dt = s_j P_{u_j} x_a(u_j) on the sphere"),
    source="P", method="ode",
    cases=lambda p: LIM_CASES, settings={"swapped": False},
    notes=("NOT the literal theorem: Theorem 1 needs eps <= eps2 ~ exp(-3e4) here (see "
           "min2024.epsilon2_unrepresentable), which no float can hold. This claim checks the "
           "limiting direction dynamics the proof approximates (Lemma 1's error -> 0 as eps -> 0)."
           " zeta = min(zeta1, zeta2) (corrected reading), xi = mu^2 (exact for exact-mu data, "
           "conservative otherwise). The flow is recorded to t = 40 << t1; alignment found there "
           "persists by trapping (min2024.trapping). Expect t_al/t1 ~ 1e-3."),
)(check)

claim.twin("sign_swapped",
           title="V+ neurons align with x- (S- u S_dead) and V- neurons with x+",
           latex=r"t_1=\frac{16\log n}{\min\{\zeta,\xi\}\sqrt\mu X_{\min}}:\ "
                 r"w_j(t_1)\in S_{-\mathrm{sign}(v_j)}\cup S_{\mathrm{dead}}",
           swapped=True,
           notes=("Swapped roles. (A 'no neuron dies' twin is false only for some draws: "
                  "seed-dependent, so not used.)"))

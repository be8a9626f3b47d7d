"""Theorem 1 Part 1 at practical eps (1e-4, 1e-6, 1e-8): expected behaviour, not the guarantee."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .plots import plot_alignment
from .setup_flows import (
    ALIGN_STATEMENT,
    EPS_LIST,
    alignment_evidence,
    practical_run,
    swapped_evidence,
)


def check(params, ctx: Context, *, swapped: bool) -> Evidence:
    su, tr, tal = practical_run(ctx, params["eps"])
    if swapped:  # twin: V+ neurons end in S- u S_dead and V- in S+ u S_dead
        return swapped_evidence(su, tr)
    # tolerance (in alignment_evidence): 1e-6 relative, the event-time location accuracy
    return alignment_evidence(su, tr, tal, label=f"GF at eps = {params['eps']:g}")


claim = paper.claim(
    "alignment_practical_eps", where="Theorem 1 (Part 1); Section 4 experiments",
    title="Theorem 1 Part 1 at practical eps (1e-4..1e-8): expected behaviour, not the guarantee",
    statement=ALIGN_STATEMENT + " Checked on accurate GF at eps in {1e-4, 1e-6, 1e-8}.",
    latex=r"\varepsilon\in\{10^{-4},10^{-6},10^{-8}\}\gg\varepsilon_2:\ t_{al}\le t_1",
    assumptions=("eps far ABOVE eps2: outside the theorem",),
    source="P", method="ode",
    cases=lambda p: [{"eps": e} for e in EPS_LIST], settings={"swapped": False},
    plot=plot_alignment,
    notes=("Honest label: these eps violate the theorem's eps <= eps2, so a pass is evidence that "
           "the conclusion is robust, not a test of the theorem. Main configuration (exact mu = "
           "0.3, n = 5 + 5, h = 16)."),
)(check)

claim.twin("sign_swapped",
           title="V+ neurons align with x- (S- u S_dead) and V- neurons with x+",
           latex=r"\varepsilon\in\{10^{-4},10^{-6},10^{-8}\}\gg\varepsilon_2:\ "
                 r"w_j(t_1)\in S_{-\mathrm{sign}(v_j)}\cup S_{\mathrm{dead}}",
           swapped=True,
           notes=("Swapped roles: the output sign decides the cone. (A 'no neuron dies' twin is "
                  "false only for some draws, so it is not used here.)"))

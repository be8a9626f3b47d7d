"""Lemma 12: S+ traps V+ neurons, S- traps V- neurons, S_dead traps every neuron."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_flows import (
    CONE_DEAD,
    LIM_CASES,
    cone_of_mask,
    limit_case,
    main_run,
    pattern_segments,
)


def check(params, ctx: Context, *, never_switch: bool) -> Evidence:
    if params["run"] == "gf":
        su, tr, _ = main_run(ctx)
    else:
        su, tr, _ = limit_case(ctx, LIM_CASES[params["case"]])
    segs = pattern_segments(tr, su)
    exits, switches = 0, 0
    for (b, j), lst in segs.items():
        switches += len(lst) - 1
        inside = False
        for _, _, a in lst:
            cone = cone_of_mask(a, su.y)
            if inside:
                exits += 1  # any later segment means the pattern changed after entering
                break
            if cone in (CONE_DEAD, int(su.s[b, j])):
                inside = True
    if never_switch:
        return Evidence.predicate(switches == 0, computed=switches, claimed=0,
                                  reason="number of activation-pattern changes")
    # exact count of located events: no tolerance
    return Evidence.predicate(exits == 0, computed=exits, claimed=0, detail={
        "pattern_changes": switches}, reason=(
        "neurons whose pattern changed after entering S_sign(v) or S_dead (from located events)"))


claim = paper.claim(
    "trapping", where="Lemma 12",
    title="Lemma 12: S+ traps V+ neurons, S- traps V- neurons, S_dead traps all",
    statement="Once a V+ neuron is in S+ (V- in S-), or any neuron in S_dead, it never leaves.",
    latex=(r"w_j(t_0)\in S_{\mathrm{sign}(v_j)}\cup S_{\mathrm{dead}}\Rightarrow"
           r" w_j(t)\in\text{same},\ t\ge t_0"),
    source="P", method="ode",
    cases=lambda p: [{"run": "gf"}, {"run": "lim", "case": 0}, {"run": "lim", "case": 1}],
    settings={"never_switch": False},
    notes="Main GF run (eps = 1e-6, to t = 300) and the eps -> 0 direction flows.",
)(check)

claim.twin("never_switch", title="activation patterns never change from init",
           latex=r"\mathbb 1[\langle x_i,w_j(t)\rangle>0]=\mathbb 1[\langle x_i,w_j(0)\rangle>0]"
                 r"\ \ \forall i,j,\ t\ge0",
           never_switch=True)

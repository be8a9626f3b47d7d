"""L > 2: the neuron that escapes is the one whose own NCF flow blows up first."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import BEYOND_ORIGIN, RECON, SMOOTH, capped_rtol, p3
from .setup_flows import p3_escape_runs, sphere_flow


def check(_p, ctx: Context, *, rule: str) -> Evidence:
    net, w0 = p3()
    rtol11 = capped_rtol(ctx.profile, 1e-11)
    times = numeric.homogeneous.neuron_blowup_times(net, w0, rtol=rtol11)
    tstar = float(sphere_flow(ctx, "P3", rtol11).tau_star[0])
    if rule == "blowup":
        pred = int(np.argmin(times))
    else:  # the twin: largest initial per-neuron NCF value N_j(theta_j(0))
        pred = int(np.argmax([net.ncf(np.where(np.isin(np.arange(net.k), sl), w0, 0.0))
                              for sl in net.neuron_slices()]))
    deltas, runs, _ = p3_escape_runs(ctx)
    winners = [r.winner for r in runs]
    ok = all(w == pred for w in winners)
    agree = abs(float(np.min(times)) - tstar)
    # min_j tau_j = tau* exactly (decoupled neurons); both from the same kappa-time solver
    ok_t = agree <= 1e3 * rtol11
    return Evidence.predicate(
        ok and ok_t, computed={"GF winners": winners, "predicted": pred,
                               "|min_j tau_j - tau*|": agree},
        claimed={"winner": "predicted neuron", "min_j tau_j": tstar},
        reason="the GF winner (largest neuron at |w| = |p*|/2) for every delta equals the "
        "prediction, and min_j tau_j = tau* within 1e3 x rtol",
        detail={"per_neuron_blowup": list(times)},
    )


claim = paper.claim(
    "k12_winner_neuron", citation=BEYOND_ORIGIN,
    title="K12: L > 2: the winning neuron is the one whose NCF flow blows up first",
    statement="The NCF separates by neuron; the neuron that escapes is argmin_j tau_j*, the "
    "per-neuron blow-up times, and min_j tau_j* = tau* (P3: 0.6335, 0.5819, 0.5736, 0.6055, "
    "2.0687 -> neuron 2).",
    source="R", method="ode",
    hypotheses={**SMOOTH, "L": 3, "separable_by_neuron": True},
    settings={"rule": "blowup"},
    notes=RECON + "docs/theory/kumar2025.md, 'K10–K12 Escape'.",
)(check)

claim.twin("largest_initial_ncf", title="The winner is the neuron with the largest initial "
           "N_j(theta_j(0)) (greedy, ignores the nonlinear race)", rule="ncf0")

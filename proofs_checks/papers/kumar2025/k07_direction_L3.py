"""L = 3: the GF direction from delta w0 tracks the NCF-flow direction with error O(delta^L)."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import DEEP_HOMOGENEOUS, RECON, SMOOTH, capped_rtol, log_plot, p3, rate_evidence

RTOL_CAP = 1e-11  # errors reach 1.5e-8 at the smallest delta: the solver must sit far below


def direction_errors(ctx: Context):
    """(tau_20, errors, |w|/delta): at tau where |s(tau)| = 20, the distance of the rescaled
    GF direction (one row per delta, batched) from the NCF-flow direction."""
    deltas = paper.setting("deltas_l3", ctx)
    rtol = capped_rtol(ctx.profile, RTOL_CAP)

    def build():
        hm = numeric.homogeneous
        net, w0 = p3()
        tau20, s20 = hm.ncf_flow_until(net, w0, 20.0, rtol=rtol)
        u20 = s20 / np.linalg.norm(s20)
        ds = np.asarray(deltas)

        def rhs(Y, rows):
            # each row is the rescaled flow of its own delta (batched through the shared scheme)
            return net._pullback(Y, net.y - ds[rows][:, None] ** net.L * net._outputs(Y))

        out = numeric.ode.integrate_autonomous(rhs, np.tile(w0, (len(ds), 1)), [0.0, tau20],
                                               rtol=rtol, atol=rtol * 1e-3)[-1]
        err = np.linalg.norm(out / np.linalg.norm(out, axis=1, keepdims=True) - u20, axis=1)
        return tau20, err, np.linalg.norm(out, axis=1)

    return deltas, rtol, ctx.shared(("direction", deltas, rtol), build)


def check(_p, ctx: Context, *, claimed: float) -> Evidence:
    deltas, rtol, (tau20, err, norms) = direction_errors(ctx)
    ev = rate_evidence(deltas, err, claimed, what="|w/|w|(tau/delta) - s/|s|(tau)| (P3)")
    ev.detail.update({"tau_20": tau20, "|w|/delta": list(norms), "rtol": rtol})
    return ev


def plot(result, ctx: Context, png: str) -> None:
    deltas, _, (_, err, _) = direction_errors(ctx)
    log_plot(png, deltas, {"direction error": err, "delta^3": np.asarray(deltas) ** 3 *
                           err[0] / deltas[0] ** 3}, "K7: direction error vs delta (P3, L = 3)",
             ylabel="‖w/|w| − s/|s|‖ (unitless)")


claim = paper.claim(
    "k07_direction_L3", citation=DEEP_HOMOGENEOUS,
    title="K7: w(tau/delta^(L-2))/|w| tracks the NCF-flow direction with error O(delta^L), L = 3",
    statement="On tau in [0, T] (here T: |s(T)| = 20) the GF direction from delta w0 at time "
    "tau/delta^(L-2) is within O(delta^L) of the NCF flow s(tau)/|s(tau)|, and |w| = O(delta).",
    source="R", method="scaling",
    hypotheses={**SMOOTH, "L": 3, "sigma": "z^2"},
    settings={"claimed": 3.0}, plot=plot,
    notes=RECON + "Exact rescaling w = delta s, tau = delta^(L-2) t; both flows through the "
    "shared Dormand-Prince scheme (rtol <= 1e-11); docs/theory/kumar2025.md, "
    "'K7–K8 Directional convergence'.",
)(check)

claim.twin("rate_L_minus_1", title="Direction error O(delta^(L-1)) (slope 2)", claimed=2.0)

"""L = 2: the GF direction at fixed T is within O(delta^2) of the closed-form NCF flow."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import RECON, SMOOTH, TWO_HOMOGENEOUS, capped_rtol, label_matrix, p2, rate_evidence

RTOL_CAP = 1e-12  # errors reach 6e-9 at the smallest delta: the solver must sit far below
T = 0.6


def direction_errors(ctx: Context):
    """(errors, |w(T)|/delta, u_T): the rescaled GF direction at T (one row per delta)
    against expm(2 a_j M T) w_j(0), normalised."""
    deltas = paper.setting("deltas_direction_l2", ctx)
    rtol = capped_rtol(ctx.profile, RTOL_CAP)

    def build():
        from scipy.linalg import expm

        net, w0 = p2()
        M = label_matrix(net)
        W0 = w0.reshape(net.m, net.d)
        S = np.concatenate([expm(2 * a * M * T) @ wj
                            for a, wj in zip(net.signs, W0, strict=True)])
        uT = S / np.linalg.norm(S)
        ds = np.asarray(deltas)

        def rhs(Y, rows):
            return net._pullback(Y, net.y - ds[rows][:, None] ** 2 * net._outputs(Y))

        out = numeric.ode.integrate_autonomous(rhs, np.tile(w0, (len(ds), 1)), [0.0, T],
                                               rtol=rtol, atol=rtol * 1e-3)[-1]
        err = np.linalg.norm(out / np.linalg.norm(out, axis=1, keepdims=True) - uT, axis=1)
        return err, np.linalg.norm(out, axis=1), uT

    return deltas, rtol, ctx.shared(("direction", deltas, rtol), build)


def check(_p, ctx: Context, *, claimed: float) -> Evidence:
    deltas, rtol, (err, norms, _) = direction_errors(ctx)
    ev = rate_evidence(deltas, err, claimed, what="direction error at T = 0.6 (P2)")
    ev.detail.update({"|w(T)|/delta": list(norms), "rtol": rtol})
    return ev


claim = paper.claim(
    "k08_direction_L2", citation=TWO_HOMOGENEOUS,
    title="K8: L = 2: the GF direction at fixed T is within O(delta^2) of the NCF flow",
    statement="For the L = 2 quadratic model, w(T)/|w(T)| from delta w0 differs from the NCF "
    "flow direction expm(2 a_j M T) w_j(0) (normalised) by O(delta^2).",
    source="R", method="scaling",
    hypotheses={"L": 2, "model": "sum_j a_j (w_j.x)^2, fixed signs", **SMOOTH},
    settings={"claimed": 2.0},
    notes=RECON + "NCF flow in closed form (scipy expm); docs/theory/kumar2025.md, "
    "'K7–K8 Directional convergence'.",
)(check)

claim.twin("rate_L_plus_1", title="Direction error O(delta^3) for L = 2", claimed=3.0)

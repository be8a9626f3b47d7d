"""Lemma 3: for t <= T the neuron norms and the outputs stay O(eps) along GF."""

from __future__ import annotations

import math

import numpy as np

from numeric import finite_data
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_flows import early_records


def check(params, ctx: Context, *, bound_kind: str) -> Evidence:
    su, tr, k = early_records(ctx)
    h, eps, xmax = su.h, su.eps, su.dc.x_max
    wmax2 = su.w_max ** 2  # (B,)
    cond = eps <= 1 / (4 * math.sqrt(h) * xmax * wmax2)
    w2 = np.max(np.sum(tr.W[k] ** 2, -1), axis=(0, 2))  # (B,)
    f = np.max(np.abs(finite_data.forward(tr.W[k], tr.v[k], su.X)), axis=(0, 2))
    if bound_kind == "paper":
        bw, bf = 2 * eps * wmax2 / math.sqrt(h), 2 * eps * math.sqrt(h) * xmax * wmax2
    else:  # twin: no growth at all
        bw, bf = eps ** 2 * wmax2, eps ** 2 * xmax * wmax2 * h
    r = np.maximum(w2 / bw, f / bf)
    if not np.all(cond):
        return Evidence.failed("eps condition of Lemma 3 not met", {"eps": eps})
    # tolerance: the integrator's relative error rtol, x100 for products and steps
    return Evidence.upper_bound(float(r.max()), 1.0, tolerance=100 * ctx.profile.ode_rtol,
                                detail={"T": su.T, "records_in_[0,T]": int(k.sum()),
                                        "ratio_norm": float((w2 / bw).max()),
                                        "ratio_f": float((f / bf).max())}, reason=(
        "max over t <= T of |w_j|^2 / (2 eps W_max^2/sqrt(h)) and max|f| / (2 eps sqrt(h) X_max "
        "W_max^2); tolerance = integrator relative error (rtol, x100 for products/steps)"))


claim = paper.claim(
    "lemma3_small_norms", where="Lemma 3",
    title=("Lemma 3: for t <= T, |w_j|^2 <= 2 eps W_max^2/sqrt(h) and max|f| <= 2 eps sqrt(h) "
           "X_max W_max^2"),
    statement=("If eps <= 1/(4 sqrt(h) X_max W_max^2), then for t <= T = log(1/(sqrt(h) eps))/(4 n "
               "X_max): max_j |w_j(t)|^2 <= 2 eps W_max^2/sqrt(h) and max_i |f(x_i)| <= 2 eps "
               "sqrt(h) X_max W_max^2."),
    latex=(r"t\le T:\ \max_j\|w_j\|^2\le \tfrac{2\varepsilon W_{\max}^2}{\sqrt h},\ "
           r"\max_i|f(x_i)|\le 2\varepsilon\sqrt h X_{\max}W_{\max}^2"),
    source="P", method="ode", settings={"bound_kind": "paper"},
    notes="Main run (eps = 1e-6 satisfies this lemma's condition, unlike Theorem 1's eps2).",
)(check)

claim.twin("no_growth", title="for t <= T the norms do not grow: |w_j|^2 <= eps^2 W_max^2",
           latex=r"t\le T:\ \max_j\|w_j\|^2\le \varepsilon^2 W_{\max}^2,\ "
                 r"\max_i|f(x_i)|\le \varepsilon^2 h X_{\max}W_{\max}^2",
           bound_kind="none", notes="Aligned neurons grow like exp(2|x_a| t) already before T.")

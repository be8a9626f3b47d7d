"""Lemma 1: for t <= T the direction error along GF is <= 4 eps n sqrt(h) X_max^2 W_max^2."""

from __future__ import annotations

import math

from numeric import finite_data
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS, direction_error
from .setup_flows import early_records


def check(params, ctx: Context, *, exact_limit: bool) -> Evidence:
    su, tr, k = early_records(ctx)
    err, xa = direction_error(tr.W[k], tr.v[k], su.X, su.y, finite_data.EXP)  # (K, B)
    if exact_limit:  # twin: no O(eps) term at all, only rounding
        bound = su.dc.n * su.X.shape[1] * EPS * (xa.max() + su.dc.n * su.dc.x_max)
        return Evidence.upper_bound(float(err.max()), float(bound), tolerance=0.0, reason=(
            "direction error along GF vs pure rounding of the two vectors"))
    bound = 4 * su.eps * su.dc.n * math.sqrt(su.h) * su.dc.x_max ** 2 * su.w_max ** 2
    r = err / bound[None, :]
    # tolerance: the integrator's relative error rtol, x100
    return Evidence.upper_bound(float(r.max()), 1.0, tolerance=100 * ctx.profile.ode_rtol,
                                detail={"max_error": float(err.max())}, reason=(
        "max over t <= T of the Lemma-4 error along GF divided by 4 eps n sqrt(h) X_max^2 "
        "W_max^2; tolerance = integrator relative error"))


claim = paper.claim(
    "lemma1_early_direction_error", where="Lemma 1 (formal: Lemmas 3 + 4)",
    title="Lemma 1: direction error <= 4 eps n sqrt(h) X_max^2 W_max^2 for t <= T",
    statement=("Under Lemma 3's eps condition, for all t <= T and all j: |d/dt(w_j/|w_j|) - "
               "sign(v_j) P_{w_j} x_a(w_j)| <= 4 eps n sqrt(h) X_max^2 W_max^2."),
    latex=(r"\Big\|\tfrac{d}{dt}\tfrac{w_j}{\|w_j\|}-\mathrm{sign}(v_j)P_{w_j}x_a(w_j)\Big\|\le "
           r"4\varepsilon n\sqrt h X_{\max}^2W_{\max}^2"),
    source="P", method="ode", settings={"exact_limit": False},
    notes=("Checked on accurate GF (exact balance): along plain GD the balance drift would "
           "dominate the error (docs/theory/min2024.md, 'Early phase')."),
)(check)

claim.twin("exact_limit", title="for t <= T the direction obeys the eps->0 ODE exactly",
           latex=r"t\le T:\ \tfrac{d}{dt}\tfrac{w_j}{\|w_j\|}=\mathrm{sign}(v_j)P_{w_j}x_a(w_j)",
           exact_limit=True,
           notes=("Dropping the O(eps) term: the error is tiny (~1e-8 of the bound, since the "
                  "true error is O(max|f|) = O(eps^2)) but far above rounding. A 'no horizon' "
                  "twin is not false on symmetric exact-mu data: there -l'_i is equal across a "
                  "class, so the error stays parallel to x+ and P_w removes it."))

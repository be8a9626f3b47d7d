"""Eq. 46: q_ij = y_i sign(v_j) <x_i, w_j(t)> never decreases, along GD steps and along GF."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS
from .setup_flows import gd_run, main_run


def check(params, ctx: Context, *, flip: bool) -> Evidence:
    if params["run"] == "gd":
        su, tr = gd_run(ctx)
        rtol = 0.0
    else:
        su, tr, _ = main_run(ctx)
        rtol = ctx.profile.ode_rtol
    q = (su.y[:, None] * (su.X @ np.swapaxes(tr.W, -1, -2))) * np.sign(tr.v)[:, :, None, :]
    dq = np.diff(q, axis=0)
    if flip:
        dq = -dq
    wn = np.linalg.norm(tr.W, axis=-1)[:, :, None, :]
    xn = np.linalg.norm(su.X, axis=1)[None, None, :, None]
    # rounding of q: D products and sums -> <= D eps |x||w| per value, twice for a difference;
    # for GF add the integrator's global error, measured <= rtol relative (rtol sweep), x10
    allow = 2 * su.X.shape[1] * EPS * xn * np.maximum(wn[1:], wn[:-1]) + 10 * rtol * (
        np.abs(q[1:]) + np.abs(q[:-1]))
    value = float(np.max(-dq / allow))
    sign_flips = int(np.sum(np.sign(tr.v[1:]) != np.sign(tr.v[:1])))
    return Evidence.upper_bound(value, 1.0, tolerance=0.0, detail={
        "max_decrease": float(np.max(-dq)), "records": len(tr.t), "sign_flips": sign_flips,
        "decreases_above_zero": int(np.sum(dq < 0))}, reason=(
        "largest decrease of q_ij = y_i sign(v_j) <x_i, w_j> between consecutive records, in "
        "units of its own rounding (+ integrator) error allowance; <= 1 means no decrease"))


claim = paper.claim(
    "monotone_activation", where="eqs. 7-8 and eq. 46 (monotonicity in time is derived here)",
    title="Eq. 46: q_ij = y_i sign(v_j) <x_i, w_j(t)> is non-decreasing (GD steps and GF)",
    statement=("Under Assumption 1 and the exp loss, y_i sign(v_j) <x_i, dw_j/dt> = |w_j| sum_k "
               "1[<x_k,w_j> > 0] e^{-y_k f_k} <y_i x_i, y_k x_k> >= 0, so q_ij(t) never decreases; "
               "each GD step inherits this exactly while sign(v_j) does not flip. A V+ neuron "
               "can only gain positive and lose negative points (at most n pattern changes)."),
    latex=r"\tfrac{d}{dt}\,y_i\,\mathrm{sign}(v_j)\langle x_i,w_j\rangle\ge 0",
    source="derived", method="gd",
    cases=lambda p: [{"run": "gd"}, {"run": "gf"}], settings={"flip": False},
    notes="GD: eta = 1e-3 on the main configuration; GF: the main accurate run.",
)(check)

claim.twin("reversed", title="q_ij is non-increasing",
           latex=r"\tfrac{d}{dt}\,y_i\,\mathrm{sign}(v_j)\langle x_i,w_j\rangle\le 0",
           flip=True,
           notes="Flipped inequality: live neurons strictly increase q.")

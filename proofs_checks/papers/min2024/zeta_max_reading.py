"""Erratum: with zeta := max{zeta1, zeta2}, as printed, the proof's two cap properties fail."""

from __future__ import annotations

import math

import numpy as np

from numeric import datasets
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS, cap_margin


def zeta_properties(params, ctx: Context, *, reading: str) -> Evidence:
    """Both properties the proof needs of zeta = reading{zeta1, zeta2}: the zeta-caps of x+-
    lie in S+- (Lemma 8) and every V+ (V-) neuron starts outside the cap of x- (x+)."""
    rng = ctx.rng("zeta_reading", params["dim"])
    X, y = datasets.exact_mu_data(rng, 5, 5, 0.3, params["dim"])
    dc = datasets.data_constants(X, y)
    h = 16
    W0 = rng.standard_normal((h, params["dim"])) / math.sqrt(params["dim"])
    s = np.where(np.arange(h) % 2 == 0, 1.0, -1.0)
    z1, z2 = 0.99 * dc.zeta1, 0.99 * datasets.zeta2(W0, s, X, y)  # valid constants, inside
    zeta = min(z1, z2) if reading == "min" else max(z1, z2)
    cap = min(cap_margin(X, y, dc.x_plus, 1.0, zeta), cap_margin(X, y, dc.x_minus, -1.0, zeta))
    thr = math.sqrt(1 - zeta)
    cp = np.max((W0[s > 0] @ dc.x_minus) / (np.linalg.norm(W0[s > 0], axis=1)
                                              * np.linalg.norm(dc.x_minus)))
    cm = np.max((W0[s < 0] @ dc.x_plus) / (np.linalg.norm(W0[s < 0], axis=1)
                                             * np.linalg.norm(dc.x_plus)))
    sep = thr - max(cp, cm)
    # tolerance: rounding of unit dot products and one cos (16 ulps)
    return Evidence.lower_bound(min(cap, sep), 0.0, tolerance=16 * EPS, detail={
        "zeta1": z1, "zeta2": z2, "zeta": zeta, "cap_margin(Lemma 8)": cap,
        "init_outside_caps_margin(Assumption 2)": sep}, reason=(
        "min of the exact cap-inclusion margin (cap of x+- inside S+-) and the Assumption-2 "
        "separation sqrt(1-zeta) - max cos(w_j(0), x-+); tolerance = rounding"))


def zeta_one(params, ctx: Context, *, reading: str) -> Evidence:
    """The twin's computation: the cap-inclusion margin at zeta -> 1 (caps = half-spaces),
    whichever the reading (the claim's setting, unused here)."""
    X, y = datasets.exact_mu_data(ctx.rng("zeta_one", params["dim"]), 5, 5, 0.3, params["dim"])
    dc = datasets.data_constants(X, y)
    zeta = 1.0 - 1e-12
    cap = min(cap_margin(X, y, dc.x_plus, 1.0, zeta), cap_margin(X, y, dc.x_minus, -1.0, zeta))
    return Evidence.lower_bound(cap, 0.0, tolerance=16 * EPS,
                                reason="exact cap-inclusion margin at zeta -> 1")


claim = paper.claim(
    "zeta_max_reading", where="Theorem 1 statement (definition of zeta)",
    title="Erratum: with zeta := max{zeta1, zeta2} the proof's two cap properties hold",
    statement=("With zeta = max{zeta1, zeta2} (as printed), both the caps S^zeta_{x+-} lie in S+- "
               "(Lemma 8) and every V+ (V-) neuron starts outside the zeta-cap of x- (x+) "
               "(Assumption 2)."),
    latex=(r"\zeta=\max\{\zeta_1,\zeta_2\}:\ S^{\zeta}_{x_\pm}\subset S_\pm\ \wedge"
           r"\ \max_{V_+}\cos(w_j(0),x_-)<\sqrt{1-\zeta}"),
    common_assumptions=False,
    assumptions=("Assumption 1", "Assumption 2", "Gaussian W0 in D = 12 / 40"),
    source="typo?", method="exact",
    cases=lambda p: [{"dim": 12}, {"dim": 40}], settings={"reading": "max"},
    expected="refuted", finding=True, corrected_by="min2024.zeta_min_reading",
    notes=("FINDING. For Gaussian W0, zeta2 ~ 1 - O(1/D) exceeds zeta1, and the max-reading cap "
           "then crosses a hyperplane x_i-perp, so Lemma 8's property fails. The corrected reading "
           "min{zeta1, zeta2} (min2024.zeta_min_reading) satisfies both; docs/theory/min2024.md, "
           "'Suspected typos'."),
)(zeta_properties)

claim.twin("zeta_one", title="zeta -> 1 (caps = half-spaces) keeps the caps inside S+-",
           latex=r"\zeta\to1:\ S^{\zeta}_{x_\pm}\subset S_\pm",
           check=zeta_one, notes="A cap of angular radius ~90 degrees cannot lie inside S+.")

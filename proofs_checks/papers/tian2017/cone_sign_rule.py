"""K = 2 in the plane: sign L12 = sign L21 = +1 iff the teacher lies strictly inside the cone."""

from __future__ import annotations

import math

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import TWO_PI
from .setup_critical_points import L_vector


def check(case: str, ctx: Context, *, flipped: bool) -> Evidence:
    if case == "printed":
        vals = [float(L_vector(th, th / 2)[0]) for th in (3 * math.pi / 8, 7 * math.pi / 8)]
        return Evidence.agree(vals, [0.3784, 0.6392], atol=5e-5,  # printed to 4 decimals
                              uncertainty=1e-13,
                              reason="fig_L.py values printed to 4 decimals (5e-5)")
    n = ctx.profile.grid
    # Cell-centred grid: never exactly on φ ∈ {0, θ}, where L vanishes.
    th = (np.arange(n) + 0.5) / n * math.pi
    ph = (np.arange(4 * n) + 0.5) / (4 * n) * TWO_PI
    T, P = np.meshgrid(th, ph, indexing="ij")
    L12, L21 = L_vector(T, P)
    inside = P < T
    want = inside if not flipped else ~inside
    decided = (np.abs(L12) > 1e-12) & (np.abs(L21) > 1e-12)
    bad = int(np.sum(decided & (((L12 > 0) != want) | ((L21 > 0) != want))))
    refl = L_vector(T, np.mod(T - P, TWO_PI))[0]
    refl_err = float(np.max(np.abs(L21 - refl)))
    if not decided.all():
        return Evidence.failed(f"{int((~decided).sum())} grid points with |L| ≤ 1e-12")
    return Evidence.predicate(
        bad == 0 and refl_err < 1e-10, computed={"mismatches": bad, "reflection": refl_err},
        claimed={"mismatches": 0},
        reason="sign of (L12, L21) on a cell-centred θ×φ grid (|L| > 1e-12 everywhere, so "
               "float rounding cannot flip a sign); reflection L21(φ) = L12(θ−φ)",
        detail={"grid": [n, 4 * n]},
    )


claim = paper.claim(
    "cone_sign_rule", where="two ReLUs in the plane (author's fig_verify.py, fig_L.py)",
    title="sign L12 = sign L21 = +1 iff the teacher lies strictly inside the cone (0 < φ < θ)",
    statement="For students e1, e2 at angle θ ∈ (0, π) and teacher direction φ ∈ (0, 2π): "
              "L12, L21 > 0 when 0 < φ < θ and < 0 when θ < φ < 2π; L21(φ) = L12(θ − φ).",
    source="R", method="exact",
    cases=lambda p: ["grid", "printed"], settings={"flipped": False},
    notes="docs/theory/tian2017.md, 'Two ReLUs in the plane'.",
)(check)

claim.twin("flipped", title="Flipped sign rule: + iff the teacher is outside the cone",
           flipped=True, cases=lambda p: ["grid"])

"""Finding: "any infinitesimal perturbation of a symmetric initialisation converges to w* (or a
permutation of it)" is false as stated; it holds for perturbations into x > y only."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_ssb import (
    PERTURBED_Y0,
    SSB_KS,
    distance_to_permutation,
    perturbation_check,
    perturbed_end,
    plot_ssb,
)


def k2_fails(_: None, ctx: Context) -> Evidence:
    """The twin: even K = 2 from x0 = y0 − 1e-9 misses w* and its permutation (0, 1)."""
    return Evidence.lower_bound(
        distance_to_permutation(*perturbed_end(ctx, 2, 0.3, -1e-9), 2),
        1e-5, tolerance=100 * ctx.profile.ode_rtol,  # global ODE error ~ 100·rtol
        reason="distance to the nearest permutation of w* (claimed ≥ 1e-5)")


claim = paper.claim(
    "ssb_any_perturbation", where="abstract (spontaneous symmetry breaking)",
    title="Any infinitesimal perturbation of a symmetric init converges to w* (as stated)",
    statement="An infinitesimal perturbation (x0 = y0 ± 1e-9) of a symmetric initialisation "
              "leads to w* or a permutation of it.",
    source="S", method="ode",
    expected="refuted", finding=True, corrected_by="tian2017.ssb_one_sided",
    cases=lambda p: [(K, s, y0) for K in SSB_KS for s in (1, -1) for y0 in PERTURBED_Y0],
    param_names=("K", "perturbation_sign", "y0"), plot=plot_ssb, derivation="tian_symmetric_ode",
    notes="False for K ≥ 3: x0 = y0 − 1e-9 reaches spurious symmetric critical points (local "
          "minima for K ≥ 6, cf. Safran & Shamir 2018); docs/theory/tian2017.md, 'The SSB "
          "statement is one-sided'.",
)(perturbation_check)

claim.twin("K2_only_fails", title="Even K = 2 fails: x0 = y0 − 1e-9 does not reach w* or (0, 1)",
           check=k2_fails, cases=lambda p: [None])

"""The symmetric saddle of the SSB family: x* = y* = (√(K−1) − arccos(1/√K) + π)/(πK)."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import EPS
from .setup_ssb import SADDLE_PRINTED, rhs, saddle_x


def check(K: int, ctx: Context, *, sign: float) -> Evidence:
    xs = saddle_x(K, sign)
    value = rhs(xs, xs, K)
    if sign < 0 and K in SADDLE_PRINTED and abs(xs - SADDLE_PRINTED[K]) > 5e-7:
        return Evidence.agree(xs, SADDLE_PRINTED[K], atol=5e-7,  # printed to 6 decimals
                              reason="printed x* to 6 decimals (5e-7)")
    return Evidence.agree(
        value, 0.0, atol=1e-12, uncertainty=16 * EPS * K,  # float64 rounding of K-term sums
        reason="rhs(x*, x*) = 0 to 1e-12 (table); tolerance = float64 rounding; the "
               "printed x* values match to 5e-7",
        detail={"x_star": xs},
    )


claim = paper.claim(
    "ssb_saddle", where="symmetric saddle (reference line of the author's dynamics.py)",
    title="Symmetric saddle x* = y* = (√(K−1) − arc-cos(1/√K) + π)/(πK)",
    statement="The fixed point on the diagonal is x* = (√(K−1) − angle(1/√K) + π)/(πK): "
              "0.534155 (K=2), 0.256841 (K=5), 0.155735 (K=10).",
    source="C", method="exact", cases=lambda p: [2, 3, 5, 10, 20], settings={"sign": -1.0},
    derivation="tian_symmetric_ode",
    notes="docs/theory/tian2017.md, 'Spontaneous symmetry breaking'.",
)(check)

claim.twin("plus_angle", title="Saddle with +angle(1/√K) instead of −", sign=1.0)

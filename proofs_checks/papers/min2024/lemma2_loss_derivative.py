"""Lemma 2: |-l'(y, yhat) - y| <= 2|yhat| on |yhat| <= 1 for exp, 2*logistic and square."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Certified, Context, Evidence

from . import paper
from .setup import EPS, LOSSES


def lemma2_ratio(loss, grid: int) -> tuple[float, float, dict]:
    """max over y = +-1 and 0 < |yhat| <= 1 of |-dl/dyhat - y| / (2|yhat|) and its rounding."""
    g = np.linspace(1.0 / grid, 1.0, grid)
    yhat = np.concatenate([-g[::-1], g])
    worst, tol, where = 0.0, 0.0, 0.0
    for yy in (1.0, -1.0):
        yv = np.full_like(yhat, yy)
        lhs = np.abs(-loss.scale * loss.deriv(yv, yhat) - yv)
        r = lhs / (2 * np.abs(yhat))
        k = int(np.argmax(r))
        if r[k] > worst:
            worst, where = float(r[k]), float(yhat[k] * yy)
    # -l' is computed to a few ulps of |y| = 1 and the subtraction of y is exact (Sterbenz),
    # so the ratio carries an absolute error <= 4 eps / (2 min|yhat|).
    tol = 4 * EPS / (2 * g[0])
    return worst, tol, {"argmax_y_yhat": where, "grid_points": 2 * grid}


def check(params, ctx: Context, *, constant: float, certified_losses: tuple = ()) -> Evidence:
    """|-l' - y| <= constant |yhat| on a grid of 100·grid points per sign of yhat."""
    loss = LOSSES[params["loss"]]
    worst, tol, d = lemma2_ratio(loss, ctx.profile.grid * 100)
    if constant == 2.0:
        d["loss"] = loss.name
        return Evidence.upper_bound(worst, 1.0, tolerance=tol, detail=d, reason=(
            "max |-l'-y|/(2|yhat|) over a dense grid of 0<|yhat|<=1, y=+-1; tolerance = rounding "
            "of -l' (few ulps) divided by the smallest 2|yhat|"))
    k = 2.0 / constant  # the ratio to constant·|yhat| is the ratio to 2|yhat| times 2/constant
    return Evidence.upper_bound(k * worst, 1.0, tolerance=k * tol, detail=d, reason=(
        f"constant {constant:g} instead of 2: max |-l'-y|/|yhat| <= 1?"))


def _ratio_bounds(loss: str, s, lo, hi):
    """(lower, upper) balls of E(s) = |-l'(y, yhat) - y| / |yhat| over a box of s = y yhat.

    With |y| = 1 the quotient depends on s only: exp: E = (1 - e^{-s})/s; 2*logistic:
    E = tanh(s/2)/s; square: E = 1. Both quotients have a removable 0/0 at s = 0, so near 0
    (|s| ≤ NEAR_ZERO) analytic bounds replace the division: (1 - e^{-s})/s = ∫₀¹ e^{-ts} dt lies
    between 1 and e^{-s}; tanh(x)/x is even, decreasing in |x| and 1 at 0, so on |s| ≤ a it
    lies in [tanh(a/2)/a, 1/2]. Away from 0 the quotient of enclosures is rigorous.
    """
    import flint

    arb = flint.arb
    if loss == "square":
        return arb(1), arb(1)
    a = arb(max(abs(float(lo.lower())), abs(float(hi.upper()))))  # |s| ≤ a on the box
    if a <= NEAR_ZERO:
        if loss == "exp":
            e_lo, e_hi = (-hi).exp(), (-lo).exp()  # e^{-s} over the box
            return arb(1).min(e_lo), arb(1).max(e_hi)
        return (a / 2).tanh() / a, arb(1) / 2
    if 0 in s or not (lo > 0 or hi < 0):
        return None  # a box that straddles 0 but reaches past NEAR_ZERO: bisect it
    if loss == "exp":
        q = (1 - (-s).exp()) / s
    else:
        q = (s / 2).tanh() / s
    return q, q


NEAR_ZERO = 0.5


def certified_margin(box: dict, *, constant: float, certified_losses: tuple):
    """(lower, upper) balls of constant - max over the losses of E(s), over a box of s."""
    s = box["s"]
    lo, hi = box.ends["s"]
    bounds = [_ratio_bounds(loss, s, lo, hi) for loss in certified_losses]
    if any(b is None for b in bounds):
        return None
    worst_upper = bounds[0][1]
    worst_lower = bounds[0][0]
    for b_lo, b_hi in bounds[1:]:
        worst_upper, worst_lower = worst_upper.max(b_hi), worst_lower.max(b_lo)
    return constant - worst_upper, constant - worst_lower


claim = paper.claim(
    "lemma2_loss_derivative", where="Lemma 2 (Appendix B), Remark 4",
    title="Lemma 2: |-l'(y,yhat) - y| <= 2|yhat| for |yhat| <= 1 (exp, 2*logistic, square)",
    statement=("For the exponential loss and the scaled logistic loss 2 log(1+e^{-y yhat}) (and, "
               "Remark 4, the square loss 1/2 (y-yhat)^2), |-dl/dyhat(y,yhat) - y| <= 2|yhat| "
               "whenever |yhat| <= 1, y in {+1,-1}."),
    latex=r"\left|-\partial_{\hat y}\ell(y,\hat y) - y\right| \le 2|\hat y|,\quad |\hat y|\le 1",
    common_assumptions=False,
    assumptions=("y in {+1, -1}", "|yhat| <= 1", "l = exp, 2*logistic or 1/2 square"),
    source="P", method="exact",
    cases=lambda p: [{"loss": "exp"}, {"loss": "logistic2"}, {"loss": "square"}],
    settings={"constant": 2.0, "certified_losses": ("exp", "logistic2", "square")},
    certified=Certified(
        box={"s": (-1, 1)}, margin=certified_margin,
        corners="s = y·yhat = 0, a removable 0/0 of both quotients: bounded analytically on "
                "|s| ≤ 1/2 (see _ratio_bounds)"),
    notes=("Sup ratios: exp (e-1)/2 = 0.859 at y yhat = -1; 2*logistic 1/4 near 0 "
           "(tanh(yhat/2)/(2 yhat)); square exactly 1/2. The ratio form avoids the 0 <= 0 case."),
)(check)

claim.twin("constant_one", title="Lemma 2 with constant 1: |-l'-y| <= |yhat| (exp loss)",
           latex=r"\ell=e^{-y\hat y}:\ "
                 r"\left|-\partial_{\hat y}\ell(y,\hat y) - y\right| \le |\hat y|,"
                 r"\quad |\hat y|\le 1",
           cases=lambda p: [{"loss": "exp"}], constant=1.0, certified_losses=("exp",),
           notes="Fails for exp: (e-1) = 1.718 > 1 at y yhat = -1.")

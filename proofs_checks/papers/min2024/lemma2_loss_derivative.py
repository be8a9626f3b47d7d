"""Lemma 2: |-l'(y, yhat) - y| <= 2|yhat| on |yhat| <= 1 for exp, 2*logistic and square."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

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


def check(params, ctx: Context, *, constant: float) -> Evidence:
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
    settings={"constant": 2.0},
    notes=("Sup ratios: exp (e-1)/2 = 0.859 at y yhat = -1; 2*logistic 1/4 near 0 "
           "(tanh(yhat/2)/(2 yhat)); square exactly 1/2. The ratio form avoids the 0 <= 0 case."),
)(check)

claim.twin("constant_one", title="Lemma 2 with constant 1: |-l'-y| <= |yhat| (exp loss)",
           cases=lambda p: [{"loss": "exp"}], constant=1.0,
           notes="Fails for exp: (e-1) = 1.718 > 1 at y yhat = -1.")

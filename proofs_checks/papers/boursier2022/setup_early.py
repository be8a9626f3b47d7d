"""The early-phase runs: the main init plus one planted neuron active exactly on S+, over λ from
1e-4 to 1e-10, recorded at t = ε (n/||D+||) log(1/λ); and the log-log slope check that
early_alignment and early_norm share."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from numeric.finite_data import Trajectory, gradient_flow
from numeric.orthogonal import MEAN_SQUARE, OrthogonalData, neuron_classes, one_minus_cos
from proofs_checks.kit import Context, Evidence, fit_slope

from .setup import main_run, scenario

EPS_ALIGN = 0.3  # the ε of the early phase: records at t = ε T+


@dataclass
class AlignmentRun:
    data: OrthogonalData
    Z: np.ndarray
    s: np.ndarray
    lams: np.ndarray
    t_eps: np.ndarray  # (B,) ε (n/||D+||) log(1/λ)
    tr: Trajectory
    planted: int  # index of the planted yardstick neuron (pattern exactly S+)


def alignment_run(ctx: Context) -> AlignmentRun:
    """Main data and init plus one planted neuron active exactly on S+; λ from 1e-4 to 1e-10."""
    p = ctx.profile
    sh = scenario(ctx)

    def build() -> AlignmentRun:
        run = main_run(ctx)
        data = run.data
        rng = sh.rng("yardstick")
        # planted: positive coefficient on S+, negative on S−, random off-span part
        coef = np.where(data.pos, 1.0, -1.0) * (0.5 + rng.random(data.n))
        zp = coef @ data.E + 0.5 * data.perp(rng.standard_normal(6))
        zp *= np.linalg.norm(run.Z, axis=1).mean() / np.linalg.norm(zp)
        Z = np.vstack([run.Z, zp])
        s = np.append(run.s, 1.0)
        # seven λ at least: the fit has three coefficients (intercept, slope, λ^{2ε} term)
        lams = np.geomspace(1e-4, 1e-10, max(7, min(13, p.n(13))))
        K = np.linalg.norm(data.D(1)) / data.n
        t_eps = EPS_ALIGN * np.log(1.0 / lams) / K
        T_half = 0.5 * np.log(1.0 / lams.min()) / K
        te = np.unique(np.concatenate([np.linspace(0.0, T_half, 41), t_eps]))
        W = lams[:, None, None] * Z[None]
        v = s[None] * np.linalg.norm(W, axis=-1)
        tr = gradient_flow(W, v, data.X, data.y, te, loss=MEAN_SQUARE, rtol=p.ode_rtol)
        return AlignmentRun(data, Z, s, lams, t_eps, tr, Z.shape[0] - 1)

    return sh.shared("align", build)


def alignment_series(al: AlignmentRun) -> tuple[np.ndarray, np.ndarray]:
    """Per λ at t = ε T+: 1 − cos(w_j, D+) of one J+* neuron and ||w_j|| of one neuron, each the
    one that attains the max over j at the smallest λ.

    With w_j(0) = λ z_j every neuron's series is a smooth power law in λ plus a λ^{2ε}
    correction, and as λ → 0 the max over j is attained by one neuron; at the largest λ the
    argmax can still be another neuron (seed 162007066: a kink in the max at λ ~ 3e-5 that
    bent the fitted slope by 0.005). Following the asymptotic argmax measures the exponent of
    the max without that kink.
    """
    jstar = np.nonzero((neuron_classes(al.Z, al.s, al.data) == 2) & (al.s > 0))[0]
    omc, nrm = [], []
    for b, t in enumerate(al.t_eps):
        k = int(np.argmin(np.abs(al.tr.t - t)))
        W = al.tr.W[k, b]
        omc.append(one_minus_cos(W[jstar], al.data.D(1)))
        nrm.append(np.linalg.norm(W, axis=-1))
    omc, nrm = np.array(omc), np.array(nrm)
    last = int(np.argmin(al.lams))
    return omc[:, np.argmax(omc[last])], nrm[:, np.argmax(nrm[last])]


def early_slope(params, ctx: Context, *, exponent: float) -> Evidence:
    """Log-log slope over λ of params["series"] ("cos": 1 − cos(w_j, D+); "norm": ||w_j||) at
    ε T+ against ``exponent``."""
    al = alignment_run(ctx)
    omc, nrm = alignment_series(al)
    which = params["series"]
    series = omc if which == "cos" else nrm
    # The next-order term is a relative λ^{2ε} one (sinh vs its exponential asymptote, and
    # the non-growing components of w_j next to the growing one); its constant is a ratio
    # of init components that can be ~20 at some draws (a 7% shift of log(series) at
    # λ = 1e-4), so it is fitted as a nuisance column, not bounded with constant 1.
    fit = fit_slope(np.log(al.lams), np.log(series), conf=0.95,
                    nuisance=al.lams ** (2 * EPS_ALIGN))
    claimed = float(exponent)
    # What the fit leaves out: the λ^{4ε} term and the output feedback h ~ ||w||², a
    # relative λ^{2(1−ε)} effect; each shifts log(series) by at most 2·(that) at the
    # largest λ, so the slope by at most that over ln(λmax/λmin).
    lmax, lmin = float(al.lams.max()), float(al.lams.min())
    allowed = 2.0 * lmax ** min(4 * EPS_ALIGN, 2 * (1 - EPS_ALIGN)) / math.log(lmax / lmin)
    return Evidence.agree(
        fit.slope, claimed, atol=allowed, uncertainty=fit.halfwidth,
        reason=f"slope of log({'1−cos(w_j, D+)' if which == 'cos' else '||w_j||'}) vs "
        f"log λ at t = ε(n/||D+||)log(1/λ), ε = {EPS_ALIGN}, for the neuron attaining the "
        "max at the smallest λ, fitted with a λ^(2ε) correction column; allowed = neglected "
        "terms 2 λmax^{min(4ε, 2−2ε)}/ln(λmax/λmin); tolerance = 95% t-band of the slope",
        detail={"lambdas": al.lams, "series": series, "intercept": fit.intercept,
                "stderr": fit.stderr})

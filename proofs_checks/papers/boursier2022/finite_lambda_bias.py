"""At finite λ the limit function misses h∞ by O(λ^{2(1 − max_S ||D_S||/||D_c||)})."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence, fit_slope

from . import paper
from .setup import NO_TEXT, THEORY
from .setup_scenarios import bias_run


def check(params, ctx: Context, *, exponent_factor: float) -> Evidence:
    bb = bias_run(ctx)
    # the next subset's relative λ^q term (q = the gap to the next exponent) is fitted as
    # a nuisance column: at a few λ points its tilt and the t-band of a plain line were
    # of the same size as the allowed 0.05, and the verdict depended on the seed
    nuis = None if bb.next_order is None else bb.lams ** bb.next_order
    fit = fit_slope(np.log(bb.lams), np.log(bb.err), conf=0.95, nuisance=nuis)
    claimed = bb.exponent * exponent_factor
    # 0.05 on the slope: the reconstruction's resolution of this rate (its own run measured
    # 0.361 against 0.367); the leading correction is fitted, the later ones are smaller
    return Evidence.agree(
        fit.slope, claimed, atol=0.05, uncertainty=fit.halfwidth,
        reason="log-log slope of ||h − h∞||/||h∞|| vs λ against 2(1 − max_S ||D_S||/||D||) "
        "over the class-(b) sets present at init, fitted with the next subset's relative "
        "λ^q term (q = the gap to the next exponent) as a nuisance column; allowed 0.05; "
        "tolerance = 95% t-band",
        detail={"lambdas": bb.lams, "errors": bb.err, "stderr": fit.stderr,
                "q": bb.next_order})


def plot(result, ctx: Context, png: str) -> None:
    import matplotlib.pyplot as plt

    bb = bias_run(ctx)
    fit = fit_slope(np.log(bb.lams), np.log(bb.err))
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    ax.loglog(bb.lams, bb.err, "o", label="||h − h∞|| / ||h∞||")
    ax.loglog(bb.lams, np.exp(fit.intercept) * bb.lams ** fit.slope, "-",
              label=f"fit slope {fit.slope:.3f} ± {fit.halfwidth:.3f}")
    ax.loglog(bb.lams, bb.err[0] * (bb.lams / bb.lams[0]) ** bb.exponent, ":",
              label=f"predicted {bb.exponent:.3f}")
    ax.set_xlabel("λ (initialisation scale)")
    ax.set_ylabel("relative bias ‖h − h∞‖ / ‖h∞‖ (unitless)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=90)


claim = paper.claim(
    "finite_lambda_bias", where="why λ must be exponentially small in n (reconstructed)",
    title="Finite-λ bias of order λ^{2(1 − ||D_S||/||D_c||)}",
    statement="A class-(b) neuron on S ⊂ S_c reaches λ^{1−||D_S||/||D_c||} by the escape; the "
    "function error vs h∞ scales as λ^{2(1 − max_S ||D_S||/||D_c||)}",
    source="S-C,D,V", method="scaling", settings={"exponent_factor": 1.0}, plot=plot,
    notes=NO_TEXT + " The exponent is computed from the class-(b) active sets present at init "
    "(for n = 3 equal points it is 2(1 − sqrt(2/3)) ≈ 0.367). Integrated through the reduced "
    "ODE (the canonical solution; see boursier2022.decoupled_ode): the full-flow integrator "
    f"fails on this data (sliding-mode / max_steps errors). See {THEORY}, 'Finite-λ bias'.",
)(check)

claim.twin("neuron_size_exponent", title="Bias of order λ^{1 − ||D_S||/||D_c||} (not squared)",
           exponent_factor=0.5)

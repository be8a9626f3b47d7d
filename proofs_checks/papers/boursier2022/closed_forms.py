"""The sinh yardstick, the per-pair logistic and the bundle logistic solve their ODEs (SymPy)."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import NO_TEXT, THEORY


def residuals(name: str, wrong: bool) -> dict:
    from symbolic import orthogonal as so

    return {
        "yardstick": lambda: so.yardstick_residuals("cosh" if wrong else "paper"),
        "pair_logistic": lambda: so.pair_logistic_residuals("rate_y2" if wrong else "paper"),
        "bundle_logistic": lambda: so.bundle_logistic_residuals("kappa" if wrong else "paper"),
        "bundle_from_flow": lambda: so.bundle_from_flow_residual(2, 4),
    }[name]()


def check(params, ctx: Context, *, wrong: bool) -> Evidence:
    name = params["form"]
    res = residuals(name, wrong)
    bad = sorted(k for k, e in res.items() if e != 0)
    return Evidence.predicate(
        not bad, computed={k: str(res[k]) for k in bad[:3]}, claimed=0,
        reason=f"SymPy residuals of the {name} closed form simplify to exactly 0",
        detail={"nonzero": bad})


claim = paper.claim(
    "closed_forms", where="closed forms (reconstructed; the yardstick's analogue is App. B.6 "
    "per S-C)",
    title="Closed forms: sinh yardstick, per-pair and bundle logistic (SymPy residuals 0)",
    statement="z = q sinh(asinh(p/q) + Kt) solves z' = K sqrt(z²+q²) with asymptote "
    "((p+sqrt(p²+q²))/2)e^{Kt}; c² = y/(1+(y/c0²−1)e^{−2yt}); U = U∞/(1+(U∞/u0−1)e^{−2κt}) "
    "solves U' = 2κU(1−U/U∞), which the per-pair ODE implies for an equal-norm class",
    source="D,S-C", method="symbolic", common_assumptions=False,
    cases=lambda p: [{"form": f} for f in ("yardstick", "pair_logistic", "bundle_logistic",
                                           "bundle_from_flow")],
    settings={"wrong": False},
    notes=NO_TEXT + f" See {THEORY}, 'Closed forms'.",
)(check)

claim.twin(
    "wrong_forms", title="cosh yardstick, e^{−2y²t} pair rate, e^{−κt} bundle rate", wrong=True,
    cases=lambda p: [{"form": f} for f in ("yardstick", "pair_logistic", "bundle_logistic")],
)

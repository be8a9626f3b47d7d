"""Theorem 1's eps2 is below the smallest positive double: its literal guarantee is untestable."""

from __future__ import annotations

import math

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_flows import eps1, log_eps2, main_run


def check(params, ctx: Context, *, at_least: float | None) -> Evidence:
    su = main_run(ctx)[0]
    l10 = log_eps2(su) / math.log(10)
    if at_least is not None:  # the twin: eps2 is at least 10^at_least
        return Evidence.lower_bound(l10, at_least, tolerance=0.0,
                                    reason=f"log10 eps2 against {at_least:g}")
    # computed in log space, so exact up to rounding; the bound is the smallest subnormal
    return Evidence.upper_bound(l10, math.log10(5e-324), tolerance=0.0, detail={
        "log10_eps2": l10, "log10_eps1(c=8)": math.log10(eps1(su, 8.0))}, reason=(
        "log10 eps2 (computed in log space) against the log10 of the smallest positive double"))


claim = paper.claim(
    "epsilon2_unrepresentable", where="Theorem 1, eq. (28)",
    title="Theorem 1's eps2 underflows double precision (the literal guarantee is untestable)",
    statement=("For the main configuration eps2 = exp(-64 n X_max log n / (min{zeta,xi} sqrt(mu) "
               "X_min)) / sqrt(h) is below the smallest positive double, so no floating-point run "
               "satisfies eps <= eps2."),
    latex=(r"\varepsilon_2=\tfrac{1}{\sqrt h}\exp\!\Big(-\tfrac{64nX_{\max}\log"
           r" n}{\min\{\zeta,\xi\}\sqrt\mu X_{\min}}\Big)<5\cdot10^{-324}"),
    source="P", method="exact", settings={"at_least": None},
    notes=("This is why every alignment claim here is either the eps -> 0 limit or practical eps, "
           "labelled as such. eps2 is exactly the condition T >= t1."),
)(check)

claim.twin("representable", title="eps2 >= 1e-8 (a practical eps would satisfy Theorem 1)",
           latex=r"\varepsilon_2=\tfrac{1}{\sqrt h}\exp\!\Big(-\tfrac{64nX_{\max}\log"
                 r" n}{\min\{\zeta,\xi\}\sqrt\mu X_{\min}}\Big)\ge10^{-8}",
           at_least=-8.0)

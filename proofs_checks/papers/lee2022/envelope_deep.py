"""P4: envelopes of the balanced deep chain (L = 2..4) on r(t) and tan(θ(t)/2)."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import notes
from .setup_envelopes import SLACK_DEEP, envelope_check, plot_envelopes


def check(params, ctx: Context, *, bounds: tuple[str, ...]) -> Evidence:
    # slack 1e-6 in log: the envelopes touch the trajectory at t = 0
    return envelope_check(ctx, deep=True, bounds=bounds, slack=SLACK_DEEP)


claim = paper.claim(
    "envelope_deep", where="P4 (reconstructed)",
    title="P4: deep (balanced, L = 2..4) envelopes on r(t) and tan(θ(t)/2)",
    statement="r(t) ∈ [r_min, r_max] = [min(r0, (g(φ0)/π)^{1/L}), max(r0, 1)] and "
              "tan(θ0/2) e^{−κ r_max^{L−2} t/2} ≤ tan(θ/2) ≤ "
              "tan(θ0/2) e^{−κφ0 r_min^{L−2} t/(2π)}.",
    source="R", method="ode", derivation="deep_chain_ode", plot=plot_envelopes(True),
    settings={"bounds": ("r_lower", "r_upper", "z_upper", "z_lower")},
    notes=notes("The balanced chain (a_k = ‖w‖) is the [R?] reconstruction of the paper's "
                "multi-layer single neuron (docs/theory/lee2022.md, 'P4: deep envelopes')."),
)(check)

claim.twin("angle_rate_r_max", title="Guaranteed angular rate with r_max^{L−2} instead of r_min",
           bounds=("tw_z_upper_rmax",))
claim.twin("r_at_most_one", title="r(t) ≤ 1 for every init (max with r0 dropped)",
           bounds=("tw_r_upper_one",))

"""P2/P3: one-layer envelopes on r(t) and tan(θ(t)/2), monitored at every accepted step."""

from __future__ import annotations

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import notes
from .setup_envelopes import SLACK_ONE_LAYER, envelope_check, plot_envelopes


def check(params, ctx: Context, *, bounds: tuple[str, ...]) -> Evidence:
    # slack 1e-7 in log: the envelopes touch the trajectory at t = 0
    return envelope_check(ctx, deep=False, bounds=bounds, slack=SLACK_ONE_LAYER)


claim = paper.claim(
    "envelope_one_layer", where="P2, P3 (reconstructed)",
    title="P2/P3: one-layer envelopes on r(t) and tan(θ(t)/2)",
    statement="L = 1, e = e^{−κt/2}: r0 e + (g(φ0)/π)(1−e) ≤ r(t) ≤ r0 e + (1−e), and with "
              "r_min = min(r0, g(φ0)/π), r_max = max(r0, 1): tan(θ0/2) e^{−κt/(2 r_min)} ≤ "
              "tan(θ/2) ≤ tan(θ0/2) e^{−κφ0 t/(2π r_max)}; r0 ∈ [1e-3, 10], θ0 ∈ [0.05, π−0.05].",
    source="R", method="ode", derivation="single_neuron_ode", plot=plot_envelopes(False),
    settings={"bounds": ("r_lower", "r_upper", "z_upper", "z_lower")},
    notes=notes("Monitored at t0 and every accepted DP5 step of every trajectory "
                "(docs/theory/lee2022.md, 'P2–P3: one-layer envelopes')."),
)(check)

claim.twin("r_lower_full_rate", title="r(t) ≥ r0 e + (1 − e) (lower envelope at full rate)",
           bounds=("tw_r_lower_full_rate",))
claim.twin("angle_rate_without_r", title="tan(θ/2) ≤ tan(θ0/2) e^{−κφ0 t/(2π)} (r_max dropped)",
           bounds=("tw_z_upper_no_r",))

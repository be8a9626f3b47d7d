"""Early alignment: at t = ε T+ every J+* neuron has 1 − cos∠(w_j, D+) = O(λ^{2ε})."""

from __future__ import annotations

from . import paper
from .setup import NO_TEXT, THEORY
from .setup_early import EPS_ALIGN, early_slope

claim = paper.claim(
    "early_alignment", where="quantitative early alignment (abstract); S-C Lemma 5 form",
    title="Early alignment: 1 − cos(w_j, D+) = O(λ^{2ε}), ||w_j|| = O(λ^{1−ε}) at ε T+",
    statement="At t = ε (n/||D+||) log(1/λ), every J+* neuron has 1 − cos∠(w_j, D+) = O(λ^{2ε}) "
    "and every neuron ||w_j|| = O(λ^{1−ε}) (log-log slopes 2ε and 1−ε over λ)",
    latex=r"1-\cos\angle(w_j, D_+) = O(\lambda^{2\varepsilon}),\ "
    r"\|w_j\| = O(\lambda^{1-\varepsilon})",
    source="P,S-M,S-C,D,V", method="scaling",
    cases=lambda p: [{"series": "cos"}], settings={"exponent": 2 * EPS_ALIGN},
    notes=NO_TEXT + " Same init shape z_j for every λ (w_j(0) = λ z_j), so by homogeneity the "
    "constants are λ-independent and the slope is the exponent. A planted neuron with pattern "
    f"exactly S+ is added to the main init ({THEORY}, 'Early alignment').",
)(early_slope)

claim.twin("rate_eps", title="1 − cos = Θ(λ^ε) (S-C's bound read as the rate)",
           latex=r"1-\cos\angle(w_j, D_+) = \Theta(\lambda^{\varepsilon}),\ "
                 r"\|w_j\| = O(\lambda^{1-\varepsilon})",
           exponent=EPS_ALIGN)

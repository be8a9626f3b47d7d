"""The certified verdicts: an interval branch-and-bound that proves an inequality over a box or
returns a box on which it is false, and how the engine combines it with the sampled verdict."""

from __future__ import annotations

import math
import sys

import mpmath
import pytest

from proofs_checks import Claim, Evidence, run_claim
from proofs_checks._certify import Certified, branch_and_bound
from proofs_checks.kit import Citation

flint = pytest.importorskip("flint")  # the test extra installs python-flint: never skipped in CI

CITE = Citation("test", arxiv="")


def quadratic(box, *, shift=0.3):
    x = box["x"]
    return x * x - x + shift  # x² − x + shift > 0 on [0, 1] iff shift > 1/4


def narrow_dip(box, *, depth=2.0):
    """1 − depth·exp(−(x − 0.3)²/1e-10): false only within ~1e-5 of 0.3 when depth > 1."""
    x = box["x"]
    return 1 - depth * (-((x - flint.arb("0.3")) ** 2) / flint.arb("1e-10")).exp()


def test_proves_a_true_inequality_and_refutes_a_false_one():
    cert = Certified(box={"x": (0, 1)}, margin=quadratic, strict=True)
    ok = branch_and_bound(cert)
    assert ok.status == "proved" and ok.proved_boxes > 1 and ok.smallest_lower_bound > 0
    bad = branch_and_bound(cert, {"shift": 0.2})
    assert bad.status == "refuted"
    lo, hi = bad.counterexample_box["x"]
    # the box is truly a counterexample: at its midpoint, in 40 digits, x² − x + 0.2 < 0
    with mpmath.workdps(40):
        mid = (mpmath.mpf(lo) + mpmath.mpf(hi)) / 2
        assert mid * mid - mid + mpmath.mpf("0.2") < 0
    assert bad.counterexample_margin[1] < 0


def _midpoint_branch_and_bound(fn, lo: float, hi: float, depth: int = 14) -> str:
    """A plausible wrong implementation: judge each box by its midpoint value, not by an
    enclosure of the whole box. It 'proves' whatever is true at the sampled midpoints."""
    boxes = [(lo, hi)]
    for _ in range(depth):
        boxes = [half for a, b in boxes for half in ((a, (a + b) / 2), ((a + b) / 2, b))]
    for a, b in boxes:
        if fn({"x": flint.arb((a + b) / 2)}) < 0:
            return "refuted"
    return "proved"


def test_a_narrow_violation_between_midpoints_is_found():
    cert = Certified(box={"x": (0, 1)}, margin=narrow_dip)
    assert _midpoint_branch_and_bound(narrow_dip, 0.0, 1.0) == "proved"  # the wrong answer
    out = branch_and_bound(cert)
    assert out.status == "refuted"
    lo, hi = out.counterexample_box["x"]
    assert lo <= 0.3 + 1e-5 and hi >= 0.3 - 1e-5
    assert branch_and_bound(cert, {"depth": 0.5}).status == "proved"


def test_budget_and_depth_leave_it_unproved():
    # x(1 − x) ≥ 0 on [0, 1]: true, but a plain enclosure of a box at 0 or 1 always dips
    # below 0, so bisection cannot settle the ends
    cert = Certified(box={"x": (0, 1)}, margin=lambda b: b["x"] * (1 - b["x"]), max_depth=30)
    out = branch_and_bound(cert)
    assert out.status == "unproved" and "depth 30" in out.reason and out.undecided_box
    small = Certified(box={"x": (0, 1)}, margin=quadratic, strict=True, max_boxes=3)
    assert branch_and_bound(small).status == "unproved"
    assert "budget" in branch_and_bound(small).reason


def test_same_box_same_certificate():
    cert = Certified(box={"x": (0, 1), "y": ("-1", "pi")},
                     margin=lambda b: b["x"] ** 2 + b["y"] ** 2 - b["x"] * b["y"] + 0.01,
                     strict=True)
    a, b = branch_and_bound(cert).to_json(), branch_and_bound(cert).to_json()
    a.pop("seconds"), b.pop("seconds")
    assert a == b and a["status"] == "proved"


def test_bad_boxes_are_refused():
    with pytest.raises(ValueError, match="at least one variable"):
        Certified(box={}, margin=quadratic)
    with pytest.raises(ValueError, match="box\\['x'\\]"):
        Certified(box={"x": (0, 1, 2)}, margin=quadratic)
    with pytest.raises(ValueError, match="low must be"):
        branch_and_bound(Certified(box={"x": (1, 0)}, margin=quadratic))


def test_without_flint_the_sampled_verdict_stands(monkeypatch):
    monkeypatch.setitem(sys.modules, "flint", None)
    out = branch_and_bound(Certified(box={"x": (0, 1)}, margin=quadratic))
    assert out.status == "unavailable" and "python-flint" in out.reason


# -- in the engine ------------------------------------------------------------------------------
def _claim(sampled_holds: bool, shift: float, **kw) -> Claim:
    def check(_params, _ctx, *, shift):
        return Evidence.predicate(sampled_holds, computed=shift, claimed="> 1/4", reason="toy")

    return Claim(id="toycert.quadratic", title="x² − x + shift > 0", statement="s",
                 citation=CITE, source="R", method="exact", check=check,
                 settings={"shift": shift},
                 certified=Certified(box={"x": (0, 1)}, margin=quadratic, strict=True), **kw)


def test_a_proof_confirms_with_level_proved():
    r = run_claim(_claim(True, 0.3), profile="quick")
    assert (r.verdict, r.level, r.strength) == ("confirmed", "proved", "proved")
    assert r.certificate["status"] == "proved" and r.to_json()["level"] == "proved"


def test_a_certified_box_refutes_what_the_samples_missed():
    r = run_claim(_claim(True, 0.2), profile="quick")
    assert r.verdict == "refuted" and r.level == "proved"
    assert r.counterexample["found_by"] == "certified"
    assert r.counterexample["certified_box"]["box"]["x"][0] < 0.5 < \
        r.counterexample["certified_box"]["box"]["x"][1] + 0.5


def test_a_proof_against_a_sampled_counterexample_is_reported():
    r = run_claim(_claim(False, 0.3), profile="quick")
    assert r.verdict == "inconclusive" and "contradicts" in r.error


def test_a_twin_inherits_the_certified_check_with_its_overrides():
    c = _claim(True, 0.3)
    c.twin("quarter_minus", title="shift 0.2", shift=0.2)
    r = run_claim(c, profile="quick")
    (t,) = r.twins
    assert r.level == "proved" and t.verdict == "refuted" and t.level == "proved"


def test_the_certified_claims_are_proved_and_their_twins_certified_false():
    from proofs_checks._registry import load_builtin, select

    load_builtin()
    claims = [c for c in select(["*"]) if c.certified is not None]
    ids = {c.id for c in claims}
    assert {"tian2017.lyapunov_global", "lee2022.g_increasing",
            "min2024.lemma2_loss_derivative"} <= ids
    for c in claims:
        r = run_claim(c, profile="quick", seed=0)
        assert (r.verdict, r.level) == ("confirmed", "proved"), (c.id, r.certificate)
        assert r.certificate["seconds"] < 30  # the budget for a 2-D inequality
        for t in r.twins:
            assert (t.verdict, t.level) == ("refuted", "proved"), (t.id, t.certificate)


def test_the_lyapunov_rewrite_is_the_statement_exactly():
    """The certified margin of tian2017.lyapunov_global is written in another form than the
    statement (to avoid cancellation near w*); the two are equal in exact arithmetic."""
    import sympy as sp

    r, t = sp.symbols("r theta", positive=True)
    statement = (-sp.pi * r**2 + ((2 * sp.pi - t) * sp.cos(t) + sp.sin(t)) * r - (sp.pi - t)
                 - sp.sin(t) * sp.cos(t))
    dist2 = (r - sp.cos(t)) ** 2 + sp.sin(t) ** 2
    rewrite = -(sp.pi * dist2 - r * (sp.sin(t) - t * sp.cos(t)) - (t - sp.sin(t) * sp.cos(t)))
    assert sp.simplify(sp.expand(statement - rewrite)) == 0
    assert sp.simplify(dist2 - (r**2 - 2 * r * sp.cos(t) + 1)) == 0


def test_the_lemma2_quotients_are_the_loss_derivatives():
    """E(s) of the certified Lemma 2 check equals |-l' - y| / |yhat| (40 digits, y = ±1)."""
    from proofs_checks.papers.min2024.lemma2_loss_derivative import _ratio_bounds

    flint.ctx.prec = 128
    for y in (1, -1):
        for yhat in ("0.7", "-0.9", "0.05", "-0.3"):
            s = y * float(yhat)
            ball = flint.arb(s)
            with mpmath.workdps(40):
                yh = mpmath.mpf(yhat)
                dexp = -y * mpmath.exp(-y * yh)  # d/dyhat exp(-y yhat)
                dlog = 2 * (-y) * mpmath.exp(-y * yh) / (1 + mpmath.exp(-y * yh))
                want = {"exp": abs(-dexp - y) / abs(yh), "logistic2": abs(-dlog - y) / abs(yh),
                        "square": abs((y - yh) - y) / abs(yh)}
            for loss, value in want.items():
                lo, hi = _ratio_bounds(loss, ball, ball, ball)
                assert float(lo.lower()) <= float(value) * (1 + 1e-12) and \
                    float(hi.upper()) >= float(value) * (1 - 1e-12), (loss, y, yhat)
    assert math.isfinite(float(_ratio_bounds("exp", flint.arb(0), flint.arb(0),
                                             flint.arb(0))[1].upper()))


def test_a_certified_check_over_cases():
    from proofs_checks._certify import certify_cases

    cert = Certified(box=None, over="cases", strict=True,
                     margin=lambda case, *, bound: flint.arb(case) ** 2 - bound)
    ok = certify_cases(cert, [1, 2, 3], {"bound": 0.5})
    assert ok.status == "proved" and ok.proved_boxes == 3
    bad = certify_cases(cert, [1, 2, 3], {"bound": 2})
    assert bad.status == "refuted" and bad.counterexample_case == 1
    edge = certify_cases(cert, [1], {"bound": 1})  # exactly 0, not > 0: not settled
    assert edge.status == "unproved" and "straddles" in edge.reason
    with pytest.raises(ValueError, match="no box"):
        Certified(box={"x": (0, 1)}, over="cases", margin=quadratic)
    with pytest.raises(ValueError, match="over must be"):
        Certified(box={"x": (0, 1)}, over="grid", margin=quadratic)


def test_the_basin_enclosure_contains_the_quadrature_value():
    """The Arb enclosure of Tian's initialisation probability and the independent 30-digit
    tanh-sinh value agree (the enclosure's radius is ~1e-37)."""
    from proofs_checks.papers.tian2017.init_probability import basin_enclosure
    from proofs_checks.papers.tian2017.setup import basin_probability

    flint.ctx.prec = 128
    for d, eps in ((2, 0.05), (20, 0.5), (1000, 0.1)):
        ball = basin_enclosure(d, eps)
        p, err = basin_probability(d, eps, 30)
        assert float(ball.rad()) < 1e-30
        assert abs(float(ball.mid()) - p) <= 1e-15 + err  # p is a float64 of the value

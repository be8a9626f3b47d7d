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
    every = [c for c in select(["*"]) if c.certified is not None]
    ids = {c.id for c in every}
    # tian2017's are run, and required proved, by tests/test_tian2017.py's quick run
    claims = [c for c in every if c.paper != "tian2017"]
    assert {"tian2017.lyapunov_global", "lee2022.g_increasing",
            "min2024.lemma2_loss_derivative", "kumar2025.k05_square_nstar",
            "foundation.kernel_certified", "foundation.cross_moment"} <= ids
    for c in claims:
        r = run_claim(c, profile="quick", seed=0)
        assert (r.verdict, r.level) == ("confirmed", "proved"), (c.id, r.certificate)
        assert r.certificate["seconds"] < 30  # the budget for a 2-D inequality
        for t in r.twins:
            assert (t.verdict, t.level) == ("refuted", "proved"), (t.id, t.certificate)


def test_the_nstar_proof_needs_the_exact_constant():
    """kumar2025.k05's certificate closes at the double root only through the SymPy-checked
    factorisation; a constant 1e-4 too small, or one a fifth too small, is certified false
    on a box near the maximiser v = 1/√3."""
    import functools

    from proofs_checks.papers.kumar2025.k05_square_nstar import factored_form_holds, reduced_margin

    assert factored_form_holds()
    for wrong in ("0.3848", "0.3"):
        assert not factored_form_holds(wrong)
        cert = Certified(box={"v": (0, 1)}, margin=functools.partial(reduced_margin,
                                                                     constant=wrong))
        out = branch_and_bound(cert, {"formula": "max_abs"})
        assert out.status == "refuted", (wrong, out)
        lo, hi = out.counterexample_box["v"]
        assert lo - 0.1 < 1 / math.sqrt(3) < hi + 0.1, (wrong, lo, hi)


def test_the_kernel_box_proof_rejects_a_closed_form_off_by_1e_4():
    """foundation.kernel_certified proves |closed − integral| ≤ 1e-6 at every angle; a closed
    form whose sin θ term is 1.0005 times too large (off by ≤ 8e-5) is certified false, and
    the hand bound |k''| ≤ 1/2 behind the Taylor form holds on central differences of the
    certified k' (step 1e-4: the difference's error is ~1e-8·sup|k⁽⁴⁾|, far below 1e-3)."""
    import functools

    from numeric import certified_kernel_at_angle
    from proofs_checks.papers.foundation.kernel_certified import angle_margin

    def nearly(t):
        pi = flint.arb.pi()
        return (flint.arb("1.0005") * t.sin() + (pi - t) * t.cos()) / (2 * pi)

    flint.ctx.prec = 64
    cert = Certified(box={"theta": (0, "pi")}, margin=functools.partial(angle_margin,
                                                                       closed=nearly))
    out = branch_and_bound(cert)
    assert out.status == "refuted", out
    step = 1e-4
    for theta in (1e-3, 0.5, 1.5, 2.5, 3.1):
        dk = [float(certified_kernel_at_angle(theta + s)[1].mid()) for s in (-step, step)]
        assert abs(dk[1] - dk[0]) / (2 * step) <= 0.5 + 1e-3, theta


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
    # an undecided case does not hide a later false one
    late = certify_cases(Certified(box=None, over="cases", margin=lambda case: flint.arb(case)),
                         [0, 1, -1])
    assert late.status == "refuted" and late.counterexample_case == -1
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


# -- certified critical points (Krawczyk) -------------------------------------------------------
def test_the_interval_hessian_contains_the_closed_form_one():
    """Over a small box the Arb Hessian contains the float closed form at its centre; a
    Hessian with a block forgotten (the B terms of the diagonal) would not."""
    import numpy as np

    import numeric
    from numeric import _certified_critical as cc

    rng = np.random.default_rng(np.random.SeedSequence(17))
    W, V = rng.standard_normal((3, 4)), rng.standard_normal((2, 4))
    flint.ctx.prec = 128
    balls = cc._Balls(flint, 4)
    box = [balls.column(flint.arb(float(x), 1e-12) for x in row) for row in W]
    Vb = [balls.column(flint.arb(float(x)) for x in row) for row in V]
    grad, H, loss = cc._gradient_hessian_loss(balls, box, Vb)
    Hf = numeric.population_hessian(W, V)
    gf = numeric.population_gradient(W, V).ravel()
    n = W.size
    slack = 1e-12  # the float closed form's rounding
    for i in range(n):
        for j in range(n):
            assert float(H[i, j].lower()) - slack <= Hf[i, j] <= float(H[i, j].upper()) + slack
    flat = [g[a, 0] for g in grad for a in range(4)]
    assert all(float(b.lower()) - slack <= x <= float(b.upper()) + slack
               for b, x in zip(flat, gf, strict=True))
    Jf = float(numeric.population_loss(W, V))
    assert float(loss.lower()) - 1e-12 <= Jf <= float(loss.upper()) + 1e-12
    wrong = Hf.copy()
    for j in range(3):  # the diagonal blocks without their B terms: I/2 only
        wrong[4 * j:4 * j + 4, 4 * j:4 * j + 4] = 0.5 * np.eye(4)
    assert any(not float(H[i, i].lower()) - slack <= wrong[i, i] <= float(H[i, i].upper())
               + slack for i in range(n))


def _kd_minimum(K: int = 8):
    from proofs_checks._claim import Context
    from proofs_checks._engine import resolve_profile
    from proofs_checks.papers.tian2017.setup_kd_minima import spurious_minimum

    # seed 0 at quick: the search the registry loop above already ran in this process
    ctx = Context(resolve_profile("quick"), 0, "tian2017.kd_spurious_minima")
    return spurious_minimum(ctx, K)


def test_krawczyk_proves_a_spurious_minimum_and_rejects_a_non_critical_point():
    import numpy as np

    import numeric

    r = _kd_minimum()
    c = r["certificate"]
    assert c.exists_unique and c.kind == "strict local minimum" and c.contraction < 1
    assert c.loss[0] > 0 and c.lambda_min[0] > 0 and c.lambda_min[0] <= c.lambda_min[1]
    W, V = r["point"].W, np.eye(8)
    assert c.loss[0] <= float(numeric.population_loss(W, V)) + 1e-13 and \
        float(numeric.population_loss(W, V)) - 1e-13 <= c.loss[1]
    # 1e-6 away from it there is no critical point within the default (tiny) box
    off = numeric.certify_critical_point_interval(W + 1e-6, V)
    assert not off.exists_unique and off.kind == "undecided" and "contract" in off.reason


def test_krawczyk_finds_a_saddle_with_its_negative_direction():
    """The symmetric saddle of the K = 2 family (Tian's SSB), polished by Newton."""
    import numpy as np

    import numeric

    V = np.eye(3)
    starts = np.random.default_rng(np.random.SeedSequence(5)).standard_normal((64, 3, 3)) / 3
    search = numeric.find_critical_points(starts, V, tol=1e-13, max_iter=200)
    saddles = [w for w, ok in zip(search.W, search.converged, strict=True)
               if ok and numeric.certify_critical_point(w, V).kind == "saddle"]
    assert saddles
    c = numeric.certify_critical_point_interval(saddles[0], V)
    assert c.exists_unique and c.kind == "saddle" and c.lambda_min[1] < 0
    H = numeric.population_hessian(saddles[0], V)
    d = c.negative_direction
    assert d @ H @ d < 0


def test_krawczyk_refuses_a_degenerate_box():
    import numpy as np

    import numeric

    W = np.array([[1.0, 0.0], [2.0, 0.0]])  # a parallel pair: the frame normal is undefined
    c = numeric.certify_critical_point_interval(W, np.eye(2), radius=1e-6)
    assert c.kind == "undecided" and not c.exists_unique and "parallel" in c.reason
    # a box that reaches a parallel pair although the centre is generic
    W = np.array([[1.0, 0.0], [2.0, 1e-9]])
    c = numeric.certify_critical_point_interval(W, np.eye(2), radius=1e-6)
    assert c.kind == "undecided" and "parallel" in c.reason


def test_the_angle_integrals_derivatives_are_the_derivatives():
    """numeric.certified_kernel_at_angle / certified_cross_moment_at_angle return k' and F'
    from their own integrals (a step in place of a ReLU); they match central differences of
    k and F (step 1e-5: error ~1e-10·sup|k'''|), and F'' stays within the bound 1/π + 1/2 the
    cross-moment proof uses. A sign slip in the rotated form would fail the first check."""
    from numeric import certified_cross_moment_at_angle, certified_kernel_at_angle

    flint.ctx.prec = 64
    step = 1e-5
    for theta in (2e-3, 0.7, 1.9, 3.0):
        k_minus, k_plus = (float(certified_kernel_at_angle(theta + s)[0].mid())
                           for s in (-step, step))
        assert abs((k_plus - k_minus) / (2 * step)
                   - float(certified_kernel_at_angle(theta)[1].mid())) < 1e-8
        lo, hi = (certified_cross_moment_at_angle(theta + s) for s in (-step, step))
        slope = certified_cross_moment_at_angle(theta)[1]
        for i in range(2):
            fd = (float(hi[0][i].mid()) - float(lo[0][i].mid())) / (2 * step)
            assert abs(fd - float(slope[i].mid())) < 1e-8, (theta, i)
            second = (float(hi[1][i].mid()) - float(lo[1][i].mid())) / (2 * step)
            assert abs(second) <= 1 / math.pi + 0.5, (theta, i)

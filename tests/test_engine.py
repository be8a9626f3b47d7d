"""The verdict engine and its reports, on toy claims defined here (never registered)."""

from __future__ import annotations

import json
import math
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import strategies as st

from proofs_checks import (
    PROFILES,
    Citation,
    Claim,
    ClaimResult,
    Evidence,
    RunResult,
    _report as report,
    run_claim,
    run_claims,
)
from proofs_checks._engine import ProgressEvent, hypothesis_seed, pattern_matches

CITE = Citation("A toy paper", "0000.00000", where="Lemma 1")


def make(cid: str, check, **kw) -> Claim:
    kw.setdefault("title", cid)
    kw.setdefault("statement", f"statement of {cid}")
    return Claim(id=cid, citation=CITE, source="R", method=kw.pop("method", "exact"),
                 check=check, **kw)


def sin_claim() -> Claim:
    c = make(
        "toy.sin",
        lambda x, ctx: Evidence.upper_bound(abs(math.sin(x)), 1.0, tolerance=1e-15, reason="sin"),
        strategy=lambda p: st.floats(-1e3, 1e3, allow_nan=False),
    )
    c.twin("square", title="x^2 <= 1000 for integers x >= 0",
           check=lambda x, ctx: Evidence.upper_bound(x * x, 1000, tolerance=0.0, reason="exact"),
           strategy=lambda p: st.integers(min_value=0, max_value=10**6))
    c.twin("abs", title="|x| <= 10 for floats",
           check=lambda x, ctx: Evidence.upper_bound(abs(x), 10.0, tolerance=0.0, reason="exact"),
           strategy=lambda p: st.floats(-1e6, 1e6, allow_nan=False))
    return c


def mc_claim() -> Claim:
    def check(_, ctx):
        x = ctx.rng("mc").random(400)
        est, half = float(x.mean()), 3 * float(x.std()) / 20.0
        return Evidence.interval(est, est - half, est + half, 0.5, side="at_least", reason="MC")

    return make("toy.mc", check, method="montecarlo")


def crash_claim() -> Claim:
    def check(_, ctx):
        raise ZeroDivisionError("toy crash")

    return make("toy.crash", check)


def cases_claim() -> Claim:
    c = make("toy.cases", lambda n, ctx: Evidence.predicate(
        (n * n) % 2 == n % 2, computed=n * n % 2, claimed=n % 2, reason="parity"),
        cases=lambda p: list(range(10)))
    c.twin("below", title="n^2 <= 3n + 5",
           check=lambda n, ctx: Evidence.upper_bound(n * n, 3 * n + 5, tolerance=0.0,
                                                     reason="exact"))
    return c


QUICK = PROFILES["quick"]


# -- verdicts -----------------------------------------------------------------------------------
def test_true_claim_is_confirmed_and_twins_refuted():
    r = run_claim(sin_claim(), profile="quick", seed=0)
    assert r.verdict == "confirmed" and r.matches and r.ok
    assert r.cases >= QUICK.examples // 2
    assert r.margin is not None and r.tolerance is not None and r.margin >= r.tolerance
    assert r.counterexample is None and r.error is None
    assert r.evidence_summary["statuses"]["holds"] == r.cases
    assert [t.id for t in r.twins] == ["toy.sin~square", "toy.sin~abs"]
    assert all(t.verdict == "refuted" and t.expected == "refuted" for t in r.twins)


def test_counterexample_is_shrunk_to_the_minimum_and_reproducible():
    sq = sin_claim().twins[0]
    r = run_claim(sq, profile="ci", seed=3)
    assert r.verdict == "refuted"
    cx = r.counterexample
    assert cx["params"] == 32  # the smallest integer with x^2 > 1000
    assert cx["shrunk"] is True
    assert cx["evidence"]["computed"] == 1024 and cx["evidence"]["status"] == "violated"
    rep = cx["reproduce"]
    assert rep["blob"].startswith("b'") and "@reproduce_failure(" in rep["decorator"]
    assert rep["hypothesis_seed"] == hypothesis_seed(3, sq.id)
    assert "--seed 3" in rep["command"]
    # the minimum margin is over all cases; the counterexample carries its own
    assert r.margin <= cx["evidence"]["margin"]
    # the blob replays exactly that example, once
    again = run_claim(sq, profile="ci", seed=3, reproduce=rep["blob"])
    assert again.verdict == "refuted" and again.cases == 1
    assert again.counterexample["params"] == 32


def test_float_counterexample_shrinks_to_smallest_violating_integer():
    r = run_claim(sin_claim().twins[1], profile="quick", seed=0)
    assert r.verdict == "refuted"
    assert abs(r.counterexample["params"]) == 11.0


def test_straddling_interval_is_inconclusive():
    r = run_claim(mc_claim(), profile="quick", seed=0)
    assert r.verdict == "inconclusive" and r.error is None
    assert r.evidence_summary["statuses"]["undecided"] == 1
    assert r.evidence_summary["worst"]["evidence"]["status"] == "undecided"
    assert not r.ok


def test_exception_is_inconclusive_with_error_text():
    r = run_claim(crash_claim(), profile="quick", seed=0)
    assert r.verdict == "inconclusive"
    assert "ZeroDivisionError: toy crash" in r.error and "test_engine.py" in r.error
    assert r.margin is None and r.evidence_summary["statuses"]["errors"] == 1


def test_exception_in_some_strategy_cases_never_confirms():
    def check(x, ctx):
        if x == 7:
            raise ValueError("seven")
        return Evidence.upper_bound(x, 100, tolerance=0.0, reason="exact")

    c = make("toy.seven", check, strategy=lambda p: st.just(7) | st.integers(0, 100))
    r = run_claim(c, profile="quick", seed=0)
    assert r.verdict == "inconclusive" and "ValueError: seven" in r.error


def test_bad_return_and_broken_setup_are_inconclusive():
    r = run_claim(make("toy.none", lambda _, ctx: 1.0), profile="quick")
    assert r.verdict == "inconclusive" and "expected Evidence" in r.error
    r = run_claim(make("toy.nothing", lambda x, ctx: None, strategy=lambda p: st.nothing()),
                  profile="quick")
    assert r.verdict == "inconclusive" and r.error
    r = run_claim(make("toy.nocases", lambda x, ctx: None, cases=lambda p: 1 / 0),
                  profile="quick")
    assert r.verdict == "inconclusive" and "ZeroDivisionError" in r.error
    r = run_claim(make("toy.empty", lambda x, ctx: None, cases=lambda p: []), profile="quick")
    assert r.verdict == "inconclusive" and "no case" in r.error


def test_cases_claim_reports_the_violated_case_with_smallest_margin():
    r = run_claim(cases_claim(), profile="quick")
    assert r.verdict == "confirmed" and r.cases == 10
    tw = r.twins[0]
    assert tw.verdict == "refuted"
    # n^2 - 3n - 5 is largest at n = 9 among 0..9
    assert tw.counterexample["params"] == 9 and tw.counterexample["case_index"] == 9
    assert tw.margin == -(81 - 32)


def test_undecided_case_beside_holding_ones_is_inconclusive():
    def check(n, ctx):
        return Evidence.upper_bound(n, 5, tolerance=0.5, reason="toy")  # n = 5 is within tol

    r = run_claim(make("toy.edge", check, cases=lambda p: [1, 2, 5]), profile="quick")
    assert r.verdict == "inconclusive" and r.margin == 0.0 and r.tolerance == 0.5


def test_finding_expected_refuted_is_ok():
    c = make("toy.finding", lambda n, ctx: Evidence.upper_bound(n * n, 50, tolerance=0.0,
                                                                reason="exact"),
             strategy=lambda p: st.integers(0, 100), expected="refuted", finding=True)
    run = run_claims([c], profile="quick")
    assert run.results[0].verdict == "refuted" and run.results[0].counterexample["params"] == 8
    assert run.ok and run.summary["refuted"] == 1


def test_twins_disabled_and_run_ok():
    claims = [sin_claim(), cases_claim()]
    run = run_claims(claims, profile="quick", twins=False)
    assert all(not r.twins for r in run.results) and run.summary["twins_total"] == 0
    assert run.ok
    bad = run_claims([mc_claim()], profile="quick")
    assert not bad.ok and [r.id for r in bad.mismatches] == ["toy.mc"]


def test_twin_that_holds_makes_run_fail():
    c = cases_claim()
    c.twin("true", title="n >= 0", check=lambda n, ctx: Evidence.lower_bound(
        n, 0, tolerance=0.0, reason="exact") if n else Evidence.predicate(
        True, computed=0, claimed=0, reason="zero"))
    run = run_claims([c], profile="quick")
    assert run.results[0].matches and not run.ok
    assert [r.id for r in run.mismatches] == ["toy.cases~true"]


def test_progress_events_cover_claims_and_twins_in_order():
    events: list[ProgressEvent] = []
    run_claims([sin_claim(), mc_claim()], profile="quick", progress=events.append)
    done = [(e.index, e.total, e.claim.id) for e in events if e.kind == "done"]
    assert done == [(1, 4, "toy.sin"), (2, 4, "toy.sin~square"), (3, 4, "toy.sin~abs"),
                    (4, 4, "toy.mc")]
    assert [e.kind for e in events[:2]] == ["start", "done"]
    assert all(isinstance(e.result, ClaimResult) for e in events if e.kind == "done")


def test_unknown_profile_and_patterns():
    with pytest.raises(ValueError, match="unknown profile 'nope'"):
        run_claim(mc_claim(), profile="nope")
    ids = {"tian2017.k1", "tian2017.k10", "min2024.lemma2_a"}
    assert pattern_matches("tian2017", "tian2017.k1", ids)
    assert pattern_matches("tian2017.k1", "tian2017.k1", ids)
    assert not pattern_matches("tian2017.k1", "tian2017.k10", ids)  # an exact id wins
    assert pattern_matches("min2024.lemma2", "min2024.lemma2_a", ids)
    assert pattern_matches("tian*.k1?", "tian2017.k10", ids)


# -- determinism and JSON -----------------------------------------------------------------------
def _strip_seconds(obj):
    if isinstance(obj, dict):
        return {k: _strip_seconds(v) for k, v in obj.items() if k != "seconds"}
    if isinstance(obj, list):
        return [_strip_seconds(v) for v in obj]
    return obj


def _run(seed: int) -> RunResult:
    return run_claims([sin_claim(), cases_claim(), mc_claim(), crash_claim()], profile="quick",
                      seed=seed)


def test_same_seed_same_json_except_seconds():
    a = json.loads(report.dumps_json(_run(7)))
    b = json.loads(report.dumps_json(_run(7)))
    assert _strip_seconds(a) == _strip_seconds(b)
    c = json.loads(report.dumps_json(_run(8)))
    # another seed may search differently, but the verdicts and minimal examples stay
    assert [x["verdict"] for x in c["claims"]] == [x["verdict"] for x in a["claims"]]
    sq_a, sq_c = a["claims"][0]["twins"][0], c["claims"][0]["twins"][0]
    assert sq_a["counterexample"]["params"] == sq_c["counterexample"]["params"] == 32
    assert (sq_a["counterexample"]["reproduce"]["hypothesis_seed"]
            != sq_c["counterexample"]["reproduce"]["hypothesis_seed"])


_VERDICTS = {"confirmed", "refuted", "inconclusive"}


def _check_claim_record(c: dict, *, twin: bool) -> None:
    types = {"id": str, "verdict": str, "expected": str, "paper": str, "title": str,
             "method": str, "source": str, "finding": bool, "cases": int, "seconds": float}
    for key, typ in types.items():
        assert isinstance(c[key], typ), (key, c[key])
    assert c["verdict"] in _VERDICTS and c["expected"] in _VERDICTS
    assert c["margin"] is None or isinstance(c["margin"], float)
    cx = c["counterexample"]
    assert cx is None or ({"params", "evidence", "reproduce"} <= set(cx))
    if cx is not None:
        assert {"computed", "claimed", "margin", "tolerance", "reason", "status"} <= set(
            cx["evidence"])
    if twin:
        assert c["expected"] == "refuted" and "twins" not in c
    else:
        assert isinstance(c["twins"], list)
        for t in c["twins"]:
            _check_claim_record(t, twin=True)


def test_json_schema():
    doc = json.loads(report.dumps_json(_run(0)))
    assert isinstance(doc["reluflow"], str) and doc["seed"] == 0 and doc["profile"] == "quick"
    assert isinstance(doc["claims"], list) and len(doc["claims"]) == 4
    for c in doc["claims"]:
        _check_claim_record(c, twin=False)
    s = doc["summary"]
    for key in ("confirmed", "refuted", "inconclusive", "twins_refuted", "twins_total"):
        assert isinstance(s[key], int)
    assert (s["confirmed"], s["refuted"], s["inconclusive"]) == (2, 0, 2)
    assert (s["twins_refuted"], s["twins_total"]) == (3, 3)
    assert doc["ok"] is False
    crash = doc["claims"][3]
    assert crash["verdict"] == "inconclusive" and "ZeroDivisionError" in crash["error"]


def test_junit_xml(tmp_path):
    path = report.write_junit(_run(0), tmp_path / "j.xml")
    root = ET.parse(path).getroot()
    cases = root.findall("testcase")
    assert len(cases) == 7 and root.get("tests") == "7" and root.get("failures") == "2"
    by_name = {c.get("name"): c for c in cases}
    props = {p.get("name"): p.get("value") for p in by_name["toy.sin"].iter("property")}
    assert {"margin", "tolerance", "verdict", "expected", "cases", "seconds"} <= set(props)
    assert props["verdict"] == "confirmed"
    assert by_name["toy.sin"].find("failure") is None
    fail = by_name["toy.crash"].find("failure")
    assert fail is not None and "ZeroDivisionError" in fail.text
    assert by_name["toy.mc"].find("failure") is not None


def test_report_directory_with_plots_findings_and_escaping(tmp_path):
    def plot(result, ctx, png):
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(2, 2))
        ax.plot([0, 1], [0, result.cases])
        fig.savefig(png)

    sin = sin_claim()
    sin.plot = plot
    sin.title = "<script>alert(1)</script>"
    fnd = make("toy.finding", lambda n, ctx: Evidence.upper_bound(n * n, 50, tolerance=0.0,
                                                                  reason="exact"),
               strategy=lambda p: st.integers(0, 100), expected="refuted", finding=True,
               corrected_by="toy.sin")
    run = run_claims([sin, fnd, crash_claim()], profile="quick")
    index = report.write_report(run, tmp_path / "rep")
    html = index.read_text()
    md = (tmp_path / "rep" / "index.md").read_text()
    assert (tmp_path / "rep" / "plots" / "toy.sin.png").stat().st_size > 100
    assert "<img src='plots/toy.sin.png'" in html and "data:image" not in html  # linked
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "## Findings" in md and "Corrected version** `toy.sin`" in md
    assert "Corrected: <a href='#claim-toy.sin'>toy.<wbr>sin</a>" in html
    assert "ZeroDivisionError" in md and "toy.sin~square" in md


def test_report_without_matplotlib_notes_it(tmp_path, monkeypatch):
    sin = sin_claim()
    sin.plot = lambda result, ctx, png: None
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    run = run_claims([sin], profile="quick", twins=False)
    report.write_report(run, tmp_path)
    assert "matplotlib is not installed" in (tmp_path / "index.md").read_text()


def test_plot_failure_is_reported_not_raised(tmp_path):
    sin = sin_claim()

    def broken(result, ctx, png):
        raise RuntimeError("no plot today")

    sin.plot = broken
    run = run_claims([sin], profile="quick", twins=False)
    report.write_report(run, tmp_path)
    assert "Plot failed: RuntimeError: no plot today" in (tmp_path / "index.md").read_text()


def test_agreement_is_decided_by_its_worst_entry():
    # one entry far off and one exact: the claim fails (max over entries, not the best one)
    ev = Evidence.agree([1.0, 2.0], [1.0, 3.0], atol=0.1, reason="toy")
    assert ev.status == "violated" and ev.margin == pytest.approx(0.1 - 1.0)
    assert Evidence.agree([1.0, 2.95], [1.0, 3.0], atol=0.1, reason="toy").status == "holds"


def test_margins_do_not_depend_on_which_modules_are_loaded(tmp_path, monkeypatch):
    # Hypothesis draws literal constants from loaded local modules' source; a user module
    # full of float and integer literals must not change a built-in claim's cases
    import importlib

    from proofs_checks import load, select

    load()
    claim = select(["foundation.gradient_is_loss_derivative"])[0]
    before = run_claim(claim, profile="quick", seed=11, twins=False)
    literals = ", ".join(f"{1.0 + k / 7:.17g}, {3 ** k}, {-0.25 * k}" for k in range(60))
    (tmp_path / "_constants_galore.py").write_text(f"VALUES = [{literals}]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("_constants_galore")
    after = run_claim(claim, profile="quick", seed=11, twins=False)
    assert after.margin == before.margin
    assert [c["margin"] for c in after.case_results] == [c["margin"] for c in before.case_results]

"""Checking claims on Dask workers gives the serial run's results (``reluflow check -j N``).

The run-equality test starts a real local cluster of two worker processes (a few seconds);
it runs claims of two papers that share simulations through ``ctx.shared`` and a user module
loaded from a path, so it fails if a worker keys a draw on what ran before it, if results come
back in completion order, or if a worker cannot find a user's claim.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proofs_checks import _distributed, _report, select
from proofs_checks._engine import run_claims
from proofs_checks._registry import load

pytest.importorskip("distributed")
pytestmark = pytest.mark.usefixtures("isolated_registry_module")  # the user module is loaded here

ROOT = Path(__file__).resolve().parents[1]
USER_MODULE = str(ROOT / "examples" / "user_claims" / "psd_claims.py")
PATTERNS = ["foundation.kernel_certified", "kumar2025.k01",
            "kumar2025.k05", "user"]


def _without_timings(run) -> dict:
    doc = json.loads(_report.dumps_json(run))

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k != "seconds"}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return strip(doc)


def _first_difference(a, b, path: str = "") -> str:
    """Where two JSON documents first differ (for the assertion message)."""
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{path}/{k}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {a!r} != {b!r}"


def test_two_workers_give_the_serial_run():
    load([USER_MODULE])
    claims = select(PATTERNS)
    assert {c.paper for c in claims} == {"foundation", "kumar2025", "user"}
    serial = run_claims(claims, profile="quick", seed=913)
    parallel = run_claims(claims, profile="quick", seed=913, jobs=2, modules=[USER_MODULE])
    assert [r.id for r in parallel.results] == [c.id for c in claims]
    assert all(r.claim is c for r, c in zip(parallel.results, claims, strict=True))
    a, b = _without_timings(parallel), _without_timings(serial)
    assert a == b, _first_difference(a, b)
    assert parallel.ok


def test_a_paper_stays_on_one_worker_and_papers_go_largest_first():
    class C:
        def __init__(self, paper, twins=1):
            self.paper, self.twins = paper, [None] * twins

    claims = [C("a"), C("b"), C("b"), C("b"), C("a"), C("c", twins=0)]
    plan = _distributed._PaperScheduler(claims, twins=True)
    assert plan.next_for("w1") == 1  # b (6 claims and twins) before a (4) before c (1)
    assert plan.next_for("w2") == 0
    assert [plan.next_for("w1"), plan.next_for("w1")] == [2, 3]
    assert plan.next_for("w2") == 4
    assert plan.next_for("w1") == 5
    assert plan.next_for("w1") is None and plan.next_for("w2") is None


def test_an_idle_worker_takes_the_tail_of_the_only_paper():
    class C:
        paper, twins = "a", []

    plan = _distributed._PaperScheduler([C()] * 4, twins=True)
    assert plan.next_for("w1") == 0
    assert plan.next_for("w2") == 3  # no paper left for w2: it takes a's last claim
    assert [plan.next_for("w1"), plan.next_for("w2"), plan.next_for("w1")] == [1, 2, None]


@pytest.mark.parametrize("bad", [0, -1, "0", "two", 1.5, True])
def test_jobs_must_be_a_positive_integer_or_auto(bad):
    with pytest.raises(ValueError, match="jobs"):
        _distributed.resolve_jobs(bad)


def test_jobs_auto_is_the_usable_cores():
    assert _distributed.resolve_jobs("auto") >= 1
    assert _distributed.resolve_jobs("3") == 3


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(_distributed, "CONNECT_TIMEOUT_S", 1)
    claims = select(["foundation.relu_kernel"])
    with pytest.raises(_distributed.SchedulerError, match="cannot reach the Dask scheduler"):
        run_claims(claims, profile="quick", scheduler="tcp://127.0.0.1:1")


def test_a_claim_only_this_process_knows_is_checked_here():
    """Registered interactively (no module a worker could import): the worker cannot find it,
    so the client checks it itself, with the same result as a serial run."""
    from proofs_checks import Citation, Claim, Evidence

    def check(params, ctx):
        return Evidence.upper_bound(float(ctx.rng("x").random()), 1.0, tolerance=0.0,
                                    reason="a uniform draw is below 1")

    claim = Claim(id="local.only", title="t", statement="s", citation=Citation("c", "0"),
                  source="R", method="exact", check=check)
    serial = run_claims([claim], profile="quick", seed=5)
    parallel = run_claims([claim], profile="quick", seed=5, jobs=2)
    assert _without_timings(parallel) == _without_timings(serial)

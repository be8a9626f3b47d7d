"""The verdict engine: run a claim's cases, fold their evidence into one verdict.

* ``confirmed``    — every checked case ``holds``;
* ``refuted``      — some case is ``violated``; the counterexample is the Hypothesis-shrunk
  minimal one (strategy claims) or the violated case with the smallest margin (``cases`` claims);
* ``inconclusive`` — no violation, but some case is ``undecided`` or the check raised.

Strategy-driven claims run through Hypothesis programmatically, seeded from (run seed, claim id),
so the same seed gives the same verdicts, margins and counterexamples. Hypothesis is imported
lazily: importing this module stays cheap.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from ._claim import PROFILES, Claim, Context, Evidence, Profile, _to_jsonable

__all__ = [
    "ClaimResult",
    "ProgressEvent",
    "RunResult",
    "hypothesis_seed",
    "resolve_profile",
    "run_claim",
    "run_claims",
    "select_claims",
]


# -- results ------------------------------------------------------------------------------------
@dataclass
class ClaimResult:
    """The verdict on one claim (or twin), with its worst case and counterexample."""

    id: str
    paper: str
    title: str
    method: str
    source: str
    expected: str
    finding: bool
    verdict: str
    margin: float | None  # minimum margin over the evaluated cases (None: no finite margin)
    tolerance: float | None  # the tolerance of the case where the margin is attained
    cases: int  # number of cases evaluated (check calls, shrinking included)
    seconds: float
    counterexample: dict | None = None
    error: str | None = None
    twins: list[ClaimResult] = field(default_factory=list)
    evidence_summary: dict = field(default_factory=dict)
    statement: str = ""
    latex: str = ""
    assumptions: tuple[str, ...] = ()
    citation: str = ""
    notes: str = ""
    twin_of: str | None = None
    corrected_by: str | None = None
    coverage: dict = field(default_factory=dict)
    strength: str | None = None
    case_results: list[dict] = field(default_factory=list, repr=False)
    claim: Claim | None = field(default=None, repr=False, compare=False)
    #: "proved" when an interval branch-and-bound settled the verdict over the whole box (a
    #: proof, or a certified counterexample box); "sampled" when it rests on cases only
    level: str = "sampled"
    certificate: dict | None = None  # the branch-and-bound's record (boxes, depth, seconds)

    @property
    def matches(self) -> bool:
        """This claim's own verdict is the expected one (twins not included)."""
        return self.verdict == self.expected

    @property
    def ok(self) -> bool:
        """The verdict matches and every twin that ran was refuted."""
        return self.matches and all(t.verdict == "refuted" for t in self.twins)

    def to_json(self, *, with_twins: bool = True) -> dict:
        """A JSON-ready dict (the report's claim record)."""
        d: dict[str, Any] = {
            "id": self.id,
            "paper": self.paper,
            "title": self.title,
            "method": self.method,
            "source": self.source,
            "expected": self.expected,
            "finding": self.finding,
            "verdict": self.verdict,
            "margin": _finite_or_none(self.margin),
            "tolerance": _finite_or_none(self.tolerance),
            "cases": self.cases,
            "seconds": round(self.seconds, 6),
            "counterexample": self.counterexample,
            "error": self.error,
            "statement": self.statement,
            "citation": self.citation,
            "notes": self.notes,
            "evidence_summary": self.evidence_summary,
            "coverage": self.coverage,
            "strength": self.strength,
            "level": self.level,
            "certificate": self.certificate,
            "case_results": self.case_results,
        }
        if self.twin_of is not None:
            d["twin_of"] = self.twin_of
        if self.corrected_by is not None:
            d["corrected_by"] = self.corrected_by
        if with_twins:
            d["twins"] = [t.to_json(with_twins=False) for t in self.twins]
        return d


@dataclass
class RunResult:
    """Every claim result of one run, with the seed and profile that produced it."""

    results: list[ClaimResult]
    seed: int
    profile: str
    twins: bool = True
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Every claim's verdict is its expected verdict and every twin is refuted."""
        return all(r.ok for r in self.results)

    @property
    def summary(self) -> dict[str, int]:
        twins = [t for r in self.results for t in r.twins]
        return {
            "confirmed": sum(r.verdict == "confirmed" for r in self.results),
            "refuted": sum(r.verdict == "refuted" for r in self.results),
            "inconclusive": sum(r.verdict == "inconclusive" for r in self.results),
            "twins_refuted": sum(t.verdict == "refuted" for t in twins),
            "twins_total": len(twins),
            "proved": sum(r.level == "proved" and r.verdict == "confirmed"
                          for r in self.results),
            "twins_certified": sum(t.level == "proved" and t.verdict == "refuted"
                                   for t in twins),
            "mismatches": len(self.mismatches),
        }

    @property
    def mismatches(self) -> list[ClaimResult]:
        """Claims and twins whose verdict differs from the expected one."""
        out: list[ClaimResult] = []
        for r in self.results:
            if not r.matches:
                out.append(r)
            out.extend(t for t in r.twins if not t.matches)
        return out

    @property
    def warnings(self) -> list[str]:
        """User claims without a false twin: nothing shows that their check can fail."""
        from ._registry import is_builtin

        out = []
        for r in self.results:
            c = r.claim
            if c is not None and c.twin_of is None and not c.twins and not is_builtin(c):
                out.append(f"{r.id} has no false twin: nothing shows that its check can fail "
                           "(attach one with claim.twin(...))")
        return out

    def all_results(self) -> list[ClaimResult]:
        """Claims and their twins, flattened in report order."""
        return [x for r in self.results for x in (r, *r.twins)]

    def to_frame(self):
        """One row per claim and twin (pandas, extra ``frame``): id, paper, kind (claim, twin or
        finding), method, source, expected, verdict, matches, margin, tolerance, cases, seconds,
        strength, twin_of and the counterexample's parameters as JSON text."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - the extra is missing
            raise ImportError("RunResult.to_frame needs pandas: pip install 'reluflow[frame]'"
                              ) from exc
        import json

        rows = []
        for x in self.all_results():
            kind = "twin" if x.twin_of else ("finding" if x.finding else "claim")
            cx = x.counterexample
            rows.append({
                "id": x.id, "paper": x.paper, "kind": kind, "method": x.method,
                "source": x.source, "expected": x.expected, "verdict": x.verdict,
                "matches": x.matches, "margin": x.margin, "tolerance": x.tolerance,
                "cases": x.cases, "seconds": x.seconds, "strength": x.strength,
                "twin_of": x.twin_of,
                "counterexample": None if not cx else json.dumps(cx.get("params"),
                                                                 default=_jsonable),
            })
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class ProgressEvent:
    """Sent to the progress callback when a claim or twin starts (result None) and ends."""

    kind: Literal["start", "done"]
    claim: Claim
    index: int  # 1-based position among all claims and twins of the run
    total: int
    result: ClaimResult | None = None


ProgressCallback = Callable[[ProgressEvent], None]


# -- helpers ------------------------------------------------------------------------------------

def _jsonable(value):
    import numpy as np

    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return str(value)

def _finite_or_none(x: float | None) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return float(x)


def resolve_profile(profile: Profile | str) -> Profile:
    """A :class:`Profile` from itself or its name (ValueError naming the known ones)."""
    if isinstance(profile, Profile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(
            f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}"
        ) from None


def hypothesis_seed(seed: int, claim_id: str) -> int:
    """The Hypothesis seed of a claim: a stable hash of (run seed, claim id)."""
    digest = hashlib.sha256(f"reluflow:{int(seed)}:{claim_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def select_claims(patterns: Iterable[str] | None = None, *, builtin: bool = True,
                  require_match: bool = False) -> list[Claim]:
    """Registered claims matching any pattern (all when none), in registration order.

    A pattern with shell wildcards (``*?[``) matches ids with :func:`fnmatch`. A plain pattern
    selects the claim with exactly that id if there is one, and otherwise every id starting with
    it (``tian2017`` selects all of ``tian2017.*``; ``tian2017.k1`` only ``tian2017.k1`` when it
    exists, not ``tian2017.k10``). A pattern containing ``~`` also selects twins on their own.
    ``builtin=False`` keeps the user's claims only (even if built-ins are imported);
    ``require_match=True`` raises ``ValueError`` naming the patterns that select nothing.
    """
    from ._registry import all_claims, is_builtin

    pats = list(patterns or [])
    claims = [c for c in all_claims() if builtin or not is_builtin(c)]
    if require_match and pats:
        ids = {c.id for c in claims}
        tids = {t.id for c in claims for t in c.twins}
        dead = [p for p in pats
                if not any(pattern_matches(p, i, ids) for i in ids)
                and not ("~" in p and any(pattern_matches(p, i, tids) for i in tids))]
        if dead:
            raise ValueError(
                f"no claim matches {', '.join(repr(p) for p in dead)} "
                "(see `reluflow list`; use * wildcards or an id prefix such as `tian2017`)")
    if not pats:
        return claims
    ids = {c.id for c in claims}
    twin_pats = [p for p in pats if "~" in p]
    twin_ids = {t.id for c in claims for t in c.twins}
    out: list[Claim] = []
    for c in claims:
        if any(pattern_matches(p, c.id, ids) for p in pats):
            out.append(c)
        elif twin_pats:  # a twin asked for by its own id runs alone (e.g. to reproduce it)
            out.extend(t for t in c.twins
                       if any(pattern_matches(p, t.id, twin_ids) for p in twin_pats))
    return out


def pattern_matches(pattern: str, claim_id: str, ids: Iterable[str] = ()) -> bool:
    """Whether ``pattern`` selects ``claim_id`` among ``ids`` (see :func:`select_claims`)."""
    import fnmatch

    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(claim_id, pattern)
    if pattern in ids:
        return claim_id == pattern
    return claim_id.startswith(pattern)


def _error_text(exc: BaseException, where: str) -> str:
    """One readable line: exception type and message plus the innermost frame."""
    tb = traceback.extract_tb(exc.__traceback__)
    loc = ""
    if tb:
        fr = tb[-1]
        loc = f" [at {fr.filename.rsplit('/', 1)[-1]}:{fr.lineno} in {fr.name}]"
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{where}: {type(exc).__name__}: {msg}{loc}"


class _Violation(Exception):
    """Raised inside the Hypothesis test on a violated case, so that Hypothesis shrinks."""

    def __init__(self, params: Any, evidence: Evidence) -> None:
        super().__init__(f"violated: margin {evidence.margin!r} < -{evidence.tolerance!r}")
        self.params = params
        self.evidence = evidence


SOURCES = ("pinned", "random", "targeted", "optimised", "cases", "strategy", "single")
# How many per-case records the JSON keeps (the worst ones are always among them).
MAX_CASE_RECORDS = 200


class _Tracker:
    """Folds the evidence of every evaluated case: counts, worst margin, first error, and a
    record per case (index, how it was found, params, status, margin)."""

    def __init__(self) -> None:
        self.cases = 0
        self.counts = {"holds": 0, "violated": 0, "undecided": 0, "errors": 0}
        self.by_source: dict[str, int] = {}
        self.records: list[dict] = []
        self.restarts = 0
        self.worst: tuple[float, Evidence, Any] | None = None
        self.worst_violated: tuple[float, Evidence, Any, int | None, str] | None = None
        self.first_undecided: tuple[Evidence, Any] | None = None
        self.error: str | None = None

    def evaluate(
        self, claim: Claim, params: Any, ctx: Context, index: int | None,
        source: str = "cases",
    ) -> Evidence | None:
        """Run the check on one case; None when it raised (the error is recorded)."""
        jparams = _to_jsonable(params)  # snapshot before the check could mutate them
        self.cases += 1
        self.by_source[source] = self.by_source.get(source, 0) + 1
        rec: dict[str, Any] = {"index": self.cases - 1, "source": source, "params": jparams}
        if index is not None:
            rec["case_index"] = index
        self.records.append(rec)
        try:
            ev = claim.evaluate(params, ctx)
            if not isinstance(ev, Evidence):
                raise TypeError(f"check returned {type(ev).__name__}, expected Evidence")
            status = ev.status
        except Exception as exc:  # a crashing check is recorded, never confirmed
            self.counts["errors"] += 1
            rec.update(status="error", margin=None)
            if self.error is None:
                at = "" if params is None else f" at params {_short(jparams)}"
                self.error = _error_text(exc, f"check raised{at}")
            return None
        self.counts[status] += 1
        m = ev.margin
        rec.update(status=status, margin=_finite_or_none(m), tolerance=_finite_or_none(
            ev.tolerance))
        if not math.isnan(m) and (self.worst is None or m < self.worst[0]):
            self.worst = (m, ev, jparams)
        if status == "violated" and (self.worst_violated is None or m < self.worst_violated[0]):
            self.worst_violated = (m, ev, jparams, index, source)
        if status == "undecided" and self.first_undecided is None:
            self.first_undecided = (ev, jparams)
        return ev

    def case_records(self) -> list[dict]:
        """Every case when there are few; else the first ones and the smallest margins."""
        if len(self.records) <= MAX_CASE_RECORDS:
            return self.records
        keyed = sorted(self.records, key=lambda r: (r.get("margin") is None,
                                                    r.get("margin") or 0.0))
        keep = {r["index"] for r in keyed[: MAX_CASE_RECORDS // 2]}
        keep |= {r["index"] for r in self.records[: MAX_CASE_RECORDS // 2]}
        return [r for r in self.records if r["index"] in keep]

    def coverage(self, search: str) -> dict:
        m = self.worst[0] if self.worst is not None else None
        return {"search": search, "cases": self.cases, "by_source": dict(self.by_source),
                "min_margin": _finite_or_none(m), "restarts": self.restarts}

    def margin_tolerance(self) -> tuple[float | None, float | None]:
        if self.worst is None:
            return None, None
        return self.worst[0], self.worst[1].tolerance

    def summary(self) -> dict:
        d: dict[str, Any] = {"statuses": dict(self.counts)}
        if self.by_source:
            d["by_source"] = dict(self.by_source)
        if self.worst is not None:
            ev = self.worst[1]
            d["worst"] = {"params": self.worst[2], "evidence": ev.to_json()}
        elif self.first_undecided is not None:
            ev, p = self.first_undecided
            d["worst"] = {"params": p, "evidence": ev.to_json()}
        return d


def _short(obj: Any, limit: int = 200) -> str:
    text = repr(obj)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_BLOB = re.compile(r"@reproduce_failure\('([^']+)', (b'[^']*')\)")


def _blob_from_notes(exc: BaseException) -> dict | None:
    for note in getattr(exc, "__notes__", []) or []:
        m = _BLOB.search(note)
        if m:
            return {
                "hypothesis": m.group(1),
                "blob": m.group(2),
                "decorator": f"@reproduce_failure({m.group(1)!r}, {m.group(2)})",
            }
    return None


# -- running ------------------------------------------------------------------------------------
def _hypothesis_settings(profile: Profile) -> Any:
    from hypothesis import HealthCheck, Phase, Verbosity, settings

    return settings(
        max_examples=profile.examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
        phases=(Phase.explicit, Phase.generate, Phase.target, Phase.shrink),
        derandomize=False,  # the CI profile turns it on; our seed must decide instead
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
    )


def _evaluate_targeted(tracker: _Tracker, claim: Claim, params: Any, ctx: Context,
                       source: str) -> Evidence | None:
    """One case inside a Hypothesis test, its negated margin reported to ``target``:
    targeted property-based testing, so Hypothesis hill-climbs towards small margins."""
    import hypothesis

    ev = tracker.evaluate(claim, params, ctx, None, source)
    if ev is not None and math.isfinite(ev.margin):
        hypothesis.target(-ev.margin, label="negated margin")
    return ev


def _run_strategy(
    claim: Claim, ctx: Context, tracker: _Tracker, seed: int, reproduce: str | None
) -> dict | None:
    """Hypothesis search; returns the shrunk counterexample or None."""
    import ast

    import hypothesis
    from hypothesis import given

    assert claim.strategy is not None
    strategy = claim.strategy(ctx.profile)
    hseed = hypothesis_seed(seed, claim.id)

    def body(params: Any) -> None:
        ev = _evaluate_targeted(tracker, claim, params, ctx, "strategy")
        if ev is not None and ev.status == "violated":
            raise _Violation(_to_jsonable(params), ev)

    test = given(strategy)(body)
    test = _hypothesis_settings(ctx.profile)(test)
    test = hypothesis.seed(hseed)(test)
    if reproduce is not None:
        blob = reproduce.strip()
        blob_bytes = ast.literal_eval(blob) if blob[:2] in ("b'", 'b"') else blob.encode()
        test = hypothesis.reproduce_failure(hypothesis.__version__, blob_bytes)(test)
    try:
        test()
    except _Violation as exc:
        cx: dict[str, Any] = {
            "params": exc.params,
            "evidence": exc.evidence.to_json(),
            "shrunk": True,
        }
        rep = _blob_from_notes(exc) or {}
        rep["seed"] = seed
        rep["hypothesis_seed"] = hseed
        cx["reproduce"] = rep
        return cx
    except Exception as exc:
        # Flaky, Unsatisfiable, a strategy that raised, ...: keep what we saw.
        tracker.error = tracker.error or _error_text(exc, "hypothesis search failed")
        if tracker.worst_violated is not None:
            m, ev, p, _, _ = tracker.worst_violated
            return {
                "params": p,
                "evidence": ev.to_json(),
                "shrunk": False,
                "reproduce": {"seed": seed, "hypothesis_seed": hseed},
            }
    return None


def _run_cases(claim: Claim, ctx: Context, tracker: _Tracker, cases: Sequence[Any],
               only: int | None = None) -> dict | None:
    for i, params in enumerate(cases):
        if only is None or i == only:
            tracker.evaluate(claim, params, ctx, i)
    if tracker.worst_violated is None:
        return None
    m, ev, p, i, _ = tracker.worst_violated
    return {"params": p, "evidence": ev.to_json(), "case_index": i, "found_by": "cases",
            "reproduce": {"case_index": i}}


class _StopSearch(Exception):
    """A violation was found: the remaining search budget is not spent."""


def _examples(claim: Claim, prof: Profile) -> list[dict]:
    """A domain claim's pinned examples, each checked to name the domain's parameters."""
    return [claim.domain.check_example(p, i) for i, p in enumerate(claim.pinned_cases(prof))]


def _run_domain(claim: Claim, ctx: Context, tracker: _Tracker, seed: int,
                only: int | None = None) -> dict | None:
    """Pinned examples, a Sobol cover, a targeted Hypothesis search, then bounded Nelder–Mead
    from the worst cases; each stage only while no violation has been found."""
    from ._domain import search_budget

    dom = claim.domain
    budget = search_budget(ctx.profile)
    pinned = _examples(claim, ctx.profile)
    for i, p in enumerate(pinned):
        if only is None or i == only:
            tracker.evaluate(claim, p, ctx, i, "pinned")
    if only is None:
        try:
            if tracker.worst_violated is None:
                for p in dom.sobol(ctx.seed_sequence("domain", "random"), budget.random):
                    ev = tracker.evaluate(claim, p, ctx, None, "random")
                    if ev is not None and ev.status == "violated":
                        raise _StopSearch
            if tracker.worst_violated is None and budget.targeted > 0:
                _targeted_domain_search(claim, ctx, tracker, seed, budget.targeted)
            if tracker.worst_violated is None:
                _optimise_domain(claim, ctx, tracker, budget)
        except _StopSearch:
            pass
    if tracker.worst_violated is None:
        return None
    m, ev, p, i, source = tracker.worst_violated
    cx: dict[str, Any] = {"params": p, "evidence": ev.to_json(), "found_by": source}
    if i is not None:
        cx["case_index"] = i
        cx["reproduce"] = {"case_index": i}
    return cx


def _targeted_domain_search(claim: Claim, ctx: Context, tracker: _Tracker, seed: int,
                            n: int) -> None:
    import hypothesis
    from hypothesis import given, settings

    def body(params: dict) -> None:
        ev = _evaluate_targeted(tracker, claim, params, ctx, "targeted")
        if ev is not None and ev.status == "violated":
            raise _StopSearch

    from hypothesis import Phase

    test = given(claim.domain.strategy())(body)
    test = settings(_hypothesis_settings(ctx.profile), max_examples=n,
                    phases=(Phase.generate, Phase.target))(test)
    test = hypothesis.seed(hypothesis_seed(seed, claim.id + "#targeted"))(test)
    try:
        test()
    except _StopSearch:
        raise
    except Exception as exc:  # Unsatisfiable (a tight constraint), a raising strategy, ...
        tracker.error = tracker.error or _error_text(exc, "targeted search failed")


def _optimise_domain(claim: Claim, ctx: Context, tracker: _Tracker, budget: Any) -> None:
    """Minimise the margin over the real parameters from the worst cases found so far."""
    import numpy as np
    from scipy.optimize import minimize

    dom = claim.domain
    reals = dom.reals
    if not reals:
        return
    seen = [r for r in tracker.records if r.get("margin") is not None]
    seen.sort(key=lambda r: r["margin"])
    starts: list[dict] = []
    for r in seen:
        if len(starts) == budget.restarts:
            break
        if r["params"] not in starts:
            starts.append(r["params"])
    ri = [dom.names.index(n) for n in reals]
    for start in starts:
        tracker.restarts += 1
        u0 = dom.unit(start)

        def objective(ur: np.ndarray, u0: np.ndarray = u0) -> float:
            u = u0.copy()
            u[ri] = np.clip(ur, 0.0, 1.0)
            p = dom.point(u)
            if dom.constraint is not None and not dom.constraint(dict(p)):
                return math.inf
            ev = tracker.evaluate(claim, p, ctx, None, "optimised")
            if ev is None or not math.isfinite(ev.margin):
                return math.inf
            if ev.status == "violated":
                raise _StopSearch
            return float(ev.margin)

        k = len(ri)
        simplex = np.repeat(u0[ri][None], k + 1, axis=0)
        for j in range(k):  # a simplex of 10 % of the range, pointing into the box
            simplex[j + 1, j] += 0.1 if u0[ri[j]] <= 0.9 else -0.1
        minimize(objective, u0[ri], method="Nelder-Mead", bounds=[(0.0, 1.0)] * k,
                 options={"maxfev": budget.evaluations, "initial_simplex": simplex,
                          "xatol": 1e-9, "fatol": 0.0})


def run_claim(
    claim: Claim,
    *,
    profile: Profile | str = "ci",
    seed: int = 0,
    twins: bool = True,
    progress: ProgressCallback | None = None,
    reproduce: str | None = None,
    case: int | None = None,
    _index: tuple[int, int] | None = None,
) -> ClaimResult:
    """Check one claim (then its twins, unless ``twins=False``) and return its verdict.

    ``reproduce`` replays a single Hypothesis example from its ``@reproduce_failure`` blob
    (the ``b'...'`` text of a counterexample's ``reproduce.blob``). ``case`` checks only
    case ``case`` of a ``cases=`` claim (or pinned example of a ``domain=`` claim), by its
    ``case_index``.
    """
    prof = resolve_profile(profile)
    seed = int(seed)
    if case is not None:
        n_cases = (len(claim.pinned_cases(prof))
                   if claim.cases is not None or claim.domain is not None else 0)
        if isinstance(case, bool) or not isinstance(case, int) or not 0 <= case < n_cases:
            raise ValueError(f"case must be a case index in [0, {n_cases}) of {claim.id}, "
                             f"got {case!r}")
    index, total = _index if _index is not None else (1, 1 + (len(claim.twins) if twins else 0))
    if progress is not None:
        progress(ProgressEvent("start", claim, index, total))
    ctx = Context(profile=prof, seed=seed, claim_id=claim.id)
    tracker = _Tracker()
    counterexample: dict | None = None
    t0 = time.perf_counter()
    try:
        if claim.strategy is not None:
            with _without_source_constants():
                counterexample = _run_strategy(claim, ctx, tracker, seed, reproduce)
        elif claim.domain is not None:
            with _without_source_constants():
                counterexample = _run_domain(claim, ctx, tracker, seed, case)
        elif claim.cases is not None:
            counterexample = _run_cases(claim, ctx, tracker, list(claim.cases(prof)), case)
        else:
            tracker.evaluate(claim, None, ctx, None, "single")
            if tracker.worst_violated is not None:
                _, ev, p, _, _ = tracker.worst_violated
                counterexample = {"params": p, "evidence": ev.to_json(), "reproduce": {}}
    except Exception as exc:  # strategy()/cases() themselves failed
        tracker.error = tracker.error or _error_text(exc, "could not set up the cases")
    seconds = time.perf_counter() - t0

    if counterexample is not None:
        verdict = "refuted"
        rep = counterexample.setdefault("reproduce", {})
        rep.setdefault(
            "command", f"reluflow check '{claim.id}' --profile {prof.name} --seed {seed}"
        )
        if "blob" in rep:
            rep["replay"] = (f"reluflow check '{claim.id}' --profile {prof.name} --seed {seed} "
                             f"--reproduce \"{rep['blob']}\"")
    elif tracker.error is not None or tracker.counts["undecided"] or tracker.cases == 0:
        verdict = "inconclusive"
        if tracker.cases == 0 and tracker.error is None:
            tracker.error = "no case was checked (empty cases list)"
    else:
        verdict = "confirmed"
    level, certificate = "sampled", None
    if claim.certified is not None:
        verdict, counterexample, level, certificate = _certify(
            claim, prof, seed, verdict, counterexample, tracker, ctx)
    margin, tol = tracker.margin_tolerance()
    search = ("strategy" if claim.strategy is not None else "domain" if claim.domain is not None
              else "cases" if claim.cases is not None else "single")
    coverage = tracker.coverage(search)
    if counterexample is not None and margin is None:
        margin = counterexample["evidence"]["margin"]

    result = ClaimResult(
        id=claim.id,
        paper=claim.paper,
        title=claim.title,
        method=claim.method,
        source=claim.source,
        expected=claim.expected,
        finding=claim.finding,
        verdict=verdict,
        margin=margin,
        tolerance=tol,
        cases=tracker.cases,
        seconds=seconds,
        counterexample=counterexample,
        error=tracker.error,
        evidence_summary=tracker.summary(),
        statement=claim.statement,
        latex=claim.latex,
        assumptions=tuple(claim.assumptions),
        citation=str(claim.citation),
        notes=claim.notes,
        twin_of=claim.twin_of,
        corrected_by=claim.corrected_by,
        coverage=coverage,
        strength="proved" if level == "proved" and verdict == "confirmed"
        else _strength(verdict, coverage),
        case_results=tracker.case_records(),
        claim=claim,
        level=level,
        certificate=certificate,
    )
    if progress is not None:
        progress(ProgressEvent("done", claim, index, total, result))
    if twins and claim.twin_of is None:
        for k, tw in enumerate(claim.twins, start=1):
            result.twins.append(
                run_claim(tw, profile=prof, seed=seed, twins=False, progress=progress,
                          _index=(index + k, total))
            )
    return result


def _certify(claim: Claim, prof: Profile, seed: int, verdict: str, counterexample: dict | None,
             tracker: _Tracker, ctx: Context) -> tuple[str, dict | None, str, dict]:
    """Run the claim's certified check and combine it with the sampled verdict: a proof
    confirms (and overrides undecided samples, not errors), a certified box refutes (even where
    the samples missed it), a proof against a sampled counterexample is a contradiction
    (inconclusive, with the reason), and an unfinished certificate leaves the sampled verdict."""
    from ._certify import branch_and_bound, certify_cases

    t0 = time.perf_counter()
    try:
        if claim.certified.over == "cases":
            cert = certify_cases(claim.certified, claim.pinned_cases(prof), claim.settings,
                                 ctx)
        else:
            cert = branch_and_bound(claim.certified, claim.settings,
                                    budget_scale=4.0 if prof.name == "thorough" else 1.0)
    except Exception as exc:
        tracker.error = tracker.error or _error_text(exc, "the certified check failed")
        return "inconclusive", counterexample, "sampled", {
            "status": "error", "seconds": time.perf_counter() - t0, "reason": str(exc)}
    record = cert.to_json()
    if cert.status == "proved":
        if verdict == "refuted":
            tracker.error = ("the certified proof contradicts the sampled counterexample: one "
                             "of the two computations is wrong")
            return "inconclusive", counterexample, "sampled", record
        if verdict == "inconclusive" and tracker.error is not None:
            return verdict, counterexample, "sampled", record
        return "confirmed", counterexample, "proved", record
    if cert.status == "refuted":
        box = {"box": cert.counterexample_box, "margin_enclosure": cert.counterexample_margin}
        if cert.counterexample_case is not None:
            box = {"case": cert.counterexample_case,
                   "margin_enclosure": cert.counterexample_margin}
        if counterexample is None:
            counterexample = {
                "params": (cert.counterexample_box if cert.counterexample_case is None
                           else cert.counterexample_case),
                "evidence": {"computed": cert.counterexample_margin, "claimed": "margin ≥ 0",
                             "margin": cert.counterexample_margin[1], "tolerance": 0.0,
                             "reason": cert.reason, "status": "violated"},
                "found_by": "certified",
                "reproduce": {"command": f"reluflow check '{claim.id}' --profile {prof.name} "
                                         f"--seed {seed}"},
            }
        counterexample["certified_box"] = box
        return "refuted", counterexample, "proved", record
    return verdict, counterexample, "sampled", record


def _strength(verdict: str, coverage: dict) -> str | None:
    """What a ``confirmed`` rests on: ``single`` (one computation without parameters, whatever
    it covers inside), ``weak`` (a parametrised claim checked on one or two cases),
    ``enumerated`` (a fixed list), ``searched`` (a strategy or a domain search); None for other
    verdicts."""
    if verdict != "confirmed":
        return None
    if coverage["search"] == "single":
        return "single"
    if coverage["cases"] <= 2:
        return "weak"
    return "searched" if coverage["search"] in ("strategy", "domain") else "enumerated"


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Claims run with one BLAS thread: their matrices are small (a threaded BLAS hands off
    more than it computes; on a 2-core machine the registry took ~10% longer with two), and
    the rounding of a product then does not depend on the machine's core count, so the same
    seed gives the same numbers on a laptop and on a CI runner."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a core dependency; kept optional for vendoring
        yield
        return
    with threadpool_limits(1, user_api="blas"):
        yield


@contextmanager
def _without_source_constants() -> Iterator[None]:
    """Hypothesis (≥ 6.131) mixes literal constants harvested from the source of every loaded
    local module into the examples it draws. A claim's cases would then depend on which
    other modules happen to be imported (one paper or the whole registry, a user's module or
    none) and on their text: the same seed would not give the same margins. The engine turns
    that pool off while it searches; Hypothesis' own boundary constants stay. Where the
    internal hook is absent (other Hypothesis versions) there is nothing to turn off."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - Hypothesis not installed: no searches either
        yield
        return
    hook = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if hook is None or cache is None or not hasattr(providers, "Constants"):
        yield
        return
    empty = providers.Constants()
    cache.cache.clear()  # it memoises the pools per choice type, local ones included
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = hook
        cache.cache.clear()


def run_claims(
    claims: Iterable[Claim],
    *,
    profile: Profile | str = "ci",
    seed: int = 0,
    twins: bool = True,
    progress: ProgressCallback | None = None,
    jobs: int | str = 1,
    scheduler: str | None = None,
    modules: Sequence[str] = (),
    builtin: bool = True,
) -> RunResult:
    """Check claims in order (each followed by its twins) and collect a :class:`RunResult`.

    ``jobs > 1`` (or ``"auto"``: one per core) checks them on a local Dask cluster of that many
    worker processes, ``scheduler`` on an existing one (see :mod:`proofs_checks._distributed`);
    the workers import ``modules`` (and the built-in papers unless ``builtin=False``) to find
    the claims by id. The results are the serial run's, in the same order, apart from timings.
    """
    from ._distributed import resolve_jobs, run_claims_distributed

    prof = resolve_profile(profile)
    claims = list(claims)
    n_jobs = resolve_jobs(jobs)
    if n_jobs > 1 or scheduler is not None:
        return run_claims_distributed(claims, profile=prof, seed=int(seed), twins=twins,
                                      jobs=n_jobs, scheduler=scheduler, modules=modules,
                                      builtin=builtin, progress=progress)
    total = sum(1 + (len(c.twins) if twins else 0) for c in claims)
    results: list[ClaimResult] = []
    index = 1
    t0 = time.perf_counter()
    with _one_blas_thread():
        for c in claims:
            results.append(
                run_claim(c, profile=prof, seed=seed, twins=twins, progress=progress,
                          _index=(index, total))
            )
            index += 1 + (len(c.twins) if twins else 0)
    return RunResult(results, seed=int(seed), profile=prof.name, twins=twins,
                     seconds=time.perf_counter() - t0)

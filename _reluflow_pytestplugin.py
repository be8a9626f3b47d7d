"""pytest plugin for reluflow: ``pytest --reluflow`` checks claims as test items.

One item per claim and one per twin; an item fails when its verdict differs from the expected
one. Margins, tolerances and verdicts go to ``user_properties`` (and so to ``--junitxml``). This
module is loaded for every pytest run in an environment with reluflow installed, so it imports
nothing heavy at load time: reluflow itself is imported inside the hooks, and only with
``--reluflow``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # pragma: no cover
    from proofs_checks import Claim, ClaimResult


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("reluflow", "reluflow claim verification")
    group.addoption("--reluflow", action="store_true", default=False,
                    help="Check reluflow claims: one test item per claim and per twin.")
    group.addoption("--reluflow-profile", default="ci", metavar="NAME",
                    help="Evidence profile: quick, ci or thorough (default: ci).")
    group.addoption("--reluflow-seed", type=int, default=0, help="Run seed (default: 0).")
    group.addoption("--reluflow-pattern", action="append", default=[], metavar="PATTERN",
                    help="Only claims matching this id pattern (repeatable).")
    group.addoption("--reluflow-module", action="append", default=[], metavar="MODULE",
                    help="Import a module (dotted name or .py path) that registers claims "
                         "(repeatable).")
    group.addoption("--reluflow-no-builtin", action="store_true", default=False,
                    help="Do not load the built-in paper claims.")


def _dist_version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def pytest_report_header(config: pytest.Config) -> str:
    parts = [f"{name} {_dist_version(dist)}" for name, dist in
             (("mpmath", "mpmath"), ("flint", "python-flint"), ("numpy", "numpy"))]
    line = "reluflow: " + ", ".join(parts)
    if config.getoption("reluflow"):
        line += (f"; profile {config.getoption('reluflow_profile')}, "
                 f"seed {config.getoption('reluflow_seed')}")
    return line


class ReluflowMismatch(Exception):
    """An item's verdict differs from the expected verdict."""

    def __init__(self, result: ClaimResult) -> None:
        super().__init__(f"{result.id}: {result.verdict}, expected {result.expected}")
        self.result = result


class ReluflowItem(pytest.Item):
    """One claim (or twin), checked by the reluflow engine."""

    def __init__(self, *, claim: Claim, profile: str, seed: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.profile = profile
        self.seed = seed
        self.result: ClaimResult | None = None
        self.add_marker(pytest.mark.reluflow)

    def runtest(self) -> None:
        from proofs_checks import run_claim

        r = run_claim(self.claim, profile=self.profile, seed=self.seed, twins=False)
        self.result = r
        for key, value in (("verdict", r.verdict), ("expected", r.expected),
                           ("margin", r.margin), ("tolerance", r.tolerance),
                           ("cases", r.cases), ("seconds", round(r.seconds, 6))):
            self.user_properties.append((key, value))
        if r.verdict != r.expected:
            raise ReluflowMismatch(r)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
                     ) -> str:
        if isinstance(excinfo.value, ReluflowMismatch):
            return _describe(excinfo.value.result, self.profile, self.seed)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, f"reluflow claim {self.claim.id}"


def _describe(r: ClaimResult, profile: str, seed: int) -> str:
    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:.6g}"

    lines = [
        f"reluflow claim {r.id}: {r.title}",
        f"  computed verdict: {r.verdict}",
        f"  claimed verdict:  {r.expected}" + ("  (a twin: must be refuted)" if r.twin_of else ""),
        f"  margin {fmt(r.margin)} at tolerance {fmt(r.tolerance)} over {r.cases} case(s)",
        f"  statement: {r.statement}",
        f"  citation: {r.citation}",
    ]
    if r.error:
        lines.append(f"  error: {r.error}")
    if r.counterexample is not None:
        lines.append("  counterexample: " + json.dumps(r.counterexample, sort_keys=True))
    elif r.evidence_summary.get("worst"):
        lines.append("  worst case: " + json.dumps(r.evidence_summary["worst"], sort_keys=True))
    lines.append(f"  reproduce: reluflow check '{r.id.split('~')[0]}' --profile {profile} "
                 f"--seed {seed}")
    return "\n".join(lines)


class ReluflowCollector(pytest.Collector):
    """The parent of all claim items (node id ``reluflow``)."""

    def collect(self) -> list[pytest.Item]:
        from proofs_checks import load, select

        config = self.config
        builtin = not config.getoption("reluflow_no_builtin")
        try:
            load(config.getoption("reluflow_module"), builtin=builtin)
        except ModuleNotFoundError as exc:
            raise pytest.UsageError(f"--reluflow-module {exc}") from exc
        claims = select(config.getoption("reluflow_pattern") or None, builtin=builtin)
        profile = config.getoption("reluflow_profile")
        seed = config.getoption("reluflow_seed")
        items: list[pytest.Item] = []
        for c in claims:
            for x in (c, *c.twins):
                items.append(ReluflowItem.from_parent(self, name=x.id, claim=x, profile=profile,
                                                      seed=seed))
        return items


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "reluflow: a reluflow claim checked by the engine")
    if config.getoption("reluflow"):
        from proofs_checks import PROFILES

        name = config.getoption("reluflow_profile")
        if name not in PROFILES:
            raise pytest.UsageError(
                f"--reluflow-profile: unknown profile {name!r}; choose one of "
                f"{', '.join(PROFILES)}"
            )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """Append the claim items before -k/-m deselection runs."""
    if not config.getoption("reluflow"):
        return
    collector = ReluflowCollector.from_parent(session, name="reluflow", nodeid="reluflow")
    items.extend(collector.collect())

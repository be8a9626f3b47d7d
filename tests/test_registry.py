"""The whole built-in registry: every verdict matches its expectation.

The default run uses the ``quick`` profile (the same evidence `reluflow check` gathers by
default in CI-sized time). The ``thorough`` run is heavy evidence on demand —
``python -m pytest -m thorough`` — and is deselected by default (see pyproject.toml), not
skipped: it never runs silently as a no-op.
"""

from __future__ import annotations

import os

import pytest

from proofs_checks import PROFILES, load_builtin, run_claims, select
from proofs_checks._distributed import available
from proofs_checks._registry import is_builtin

#: papers whose own test file already runs every claim and twin at the quick profile (seed 0,
#: or a fresh random seed) and checks each verdict: the quick registry test leaves them out
#: rather than run them a second time (~45 s of CPU in all); the thorough one keeps them.
#: Guarded by the test below.
CHECKED_BY_THEIR_OWN_FILE = {
    "boursier2022": ("test_boursier2022.py", 'run_claim(c, profile="quick", seed=0) for c in '
                                             "CLAIMS", 'CLAIMS = select(["boursier2022.*"])'),
    "tian2017": ("test_tian2017.py", 'select(["tian2017.*"])',
                 'run_claims(claims, profile="quick", seed=0)', "assert not bad, bad"),
    "kumar2025": ("test_kumar2025.py",
                  'CLAIMS = [c for c in proofs_checks.select(["kumar2025.*"])]',
                  'run_claim(claim, profile="quick", seed=0)',
                  "assert r.verdict == claim.expected", 'assert t.verdict == "refuted"'),
    # at a fresh random seed each run rather than seed 0 (every claim and twin, quick)
    "min2024": ("test_random_seeds.py", '@pytest.mark.parametrize("paper", ["boursier2022", '
                '"min2024"])', 'run_claims(claims, profile="quick", seed=seed)',
                "if r.verdict != r.expected", "for t in r.twins if t.verdict != t.expected"),
}


def test_the_papers_left_out_are_run_whole_by_their_own_file():
    from pathlib import Path

    here = Path(__file__).resolve().parent
    for paper, (name, *needles) in CHECKED_BY_THEIR_OWN_FILE.items():
        text = (here / name).read_text()
        missing = [n for n in needles if n not in text]
        assert not missing, f"{name} no longer runs all of {paper} at quick: {missing}"


def _sampled_only(claim, prof, seed, verdict, counterexample, tracker, ctx):
    """Stands in for the engine's certified step: the sampled verdict, as when python-flint
    is missing. tests/test_certify.py runs every certified check (claims and twins) at quick,
    seed 0, and requires each to be proved or certified false; running them here again cost
    ~10 s of the serial quick run."""
    return verdict, counterexample, "sampled", None


def _mismatches(profile: str) -> list[str]:
    load_builtin()
    # On the machine's cores through Dask when installed: the results are the serial run's
    # (tests/test_distributed.py), in two thirds of the time on two cores. Not under
    # pytest-xdist, whose workers already hold the cores: there two Dask worker processes
    # (each importing and compiling everything) cost ~40 s of CPU more than the serial run.
    claims = [c for c in select() if is_builtin(c)  # not what other tests registered
              and (profile != "quick" or c.paper not in CHECKED_BY_THEIR_OWN_FILE)]
    nested = "PYTEST_XDIST_WORKER" in os.environ
    result = run_claims(claims, profile=PROFILES[profile], seed=0,
                        jobs="auto" if available() and not nested else 1)
    bad = []
    for c in result.results:
        if c.verdict != c.expected:
            bad.append(f"{c.id}: {c.verdict} (expected {c.expected}) {c.error or ''}")
        for t in c.twins:
            if t.verdict != "refuted":
                bad.append(f"{t.id}: {t.verdict} (twin, expected refuted) {t.error or ''}")
    return bad


def test_builtin_registry_quick(monkeypatch):
    import proofs_checks._engine as engine

    monkeypatch.setattr(engine, "_certify", _sampled_only)
    assert _mismatches("quick") == []


@pytest.mark.thorough
def test_builtin_registry_thorough():
    assert _mismatches("thorough") == []

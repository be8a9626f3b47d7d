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


def _mismatches(profile: str) -> list[str]:
    load_builtin()
    # On the machine's cores through Dask when installed: the results are the serial run's
    # (tests/test_distributed.py), in two thirds of the time on two cores. Not under
    # pytest-xdist, whose workers already hold the cores: there two Dask worker processes
    # (each importing and compiling everything) cost ~40 s of CPU more than the serial run.
    claims = [c for c in select() if is_builtin(c)]  # not what other tests registered
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


def test_builtin_registry_quick():
    assert _mismatches("quick") == []


@pytest.mark.thorough
def test_builtin_registry_thorough():
    assert _mismatches("thorough") == []

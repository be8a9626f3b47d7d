"""The claim kit: everything a claim file imports from the engine, and nothing else.

A claim file (built-in under ``proofs_checks/papers/<paper>/`` or a user's own module) reads::

    from proofs_checks.kit import Evidence, Real, Domain
    from . import paper            # the package's Paper (or declare one: kit.Paper(...))

and declares its claim with ``@paper.claim(...)``. Randomness comes from ``ctx.rng(key)``,
results several cases or the twins reuse from ``ctx.shared(key, build)`` (both keyed on the
base claim, so a twin judges its claim's own draws), simulations shared across a paper's
claims from ``ctx.paper().shared(key, build)``; the statistics from the functions below.
``kit.strategies`` (Hypothesis) is imported on first use.
"""

from __future__ import annotations

from typing import Any

from numeric.stats import SlopeFit, clopper_pearson, fit_slope, t_quantile

from ._certify import Certificate, Certified, branch_and_bound, certify_cases, nonnegative_square
from ._claim import PROFILES, Citation, Claim, Context, Evidence, Profile
from ._distributed import local_cluster
from ._domain import Domain, Integer, Real, SearchBudget, search_budget
from ._paper import Paper
from ._store import ResultsStore
from ._sweep import Sweep, SweepResult, register_sweep, run_sweep

__all__ = [  # noqa: F822 - "strategies" is served lazily by __getattr__
    "PROFILES", "Certificate", "Certified", "Citation", "Claim", "Context", "Domain",
    "Evidence", "Integer", "Paper", "Profile", "Real", "ResultsStore", "SearchBudget",
    "SlopeFit", "Sweep", "SweepResult", "branch_and_bound", "certify_cases", "clopper_pearson",
    "fit_slope", "local_cluster", "nonnegative_square", "register_sweep", "run_sweep",
    "search_budget", "strategies", "t_quantile",
]


def __getattr__(name: str) -> Any:
    if name == "strategies":  # Hypothesis only when a claim searches with it
        import importlib

        return importlib.import_module("proofs_checks.strategies")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

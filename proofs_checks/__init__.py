"""reluflow's claims: a claim model, a registry, a verdict engine, a CLI and reports.

``import proofs_checks`` is light (numpy, no Hypothesis, no sympy); the strategies module is
``proofs_checks.strategies`` and imports Hypothesis when first used.
"""

from __future__ import annotations

from typing import Any

from ._claim import (
    PROFILES as PROFILES,
    Citation as Citation,
    Claim as Claim,
    Context as Context,
    Evidence as Evidence,
    Profile as Profile,
)
from ._domain import (
    Domain as Domain,
    Integer as Integer,
    Real as Real,
)
from ._engine import (
    ClaimResult as ClaimResult,
    RunResult as RunResult,
    run_claim as run_claim,
    run_claims as run_claims,
)
from ._paper import Paper as Paper
from ._registry import (
    claim as claim,
    load as load,
    load_builtin as load_builtin,
    load_modules as load_modules,
    register as register,
    select as select,
    unregister as unregister,
)

__all__ = [
    "PROFILES", "Citation", "Claim", "ClaimResult", "Context", "Domain", "Evidence", "Integer",
    "Paper", "Profile", "Real", "RunResult",
    "claim", "load", "load_builtin", "load_modules", "register", "run_claim", "run_claims",
    "kit", "select", "strategies", "unregister",
]


def __getattr__(name: str) -> Any:
    # `proofs_checks.strategies` without importing Hypothesis at package import.
    if name in ("strategies", "kit"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reluflow")
    except PackageNotFoundError:  # pragma: no cover - bare checkout
        return "0+unknown"


__version__ = _version()

"""The claim registry: built-in paper modules plus whatever a user registers."""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from ._claim import CheckFn, Claim


def builtin_modules() -> tuple[str, ...]:
    """The modules that register reluflow's own claims: the packages under
    ``proofs_checks/papers/``, discovered (adding a paper is adding a folder)."""
    from .papers import discover

    return tuple(discover())


def builtin_papers() -> frozenset[str]:
    """The id prefixes ("paper") of the built-in claims."""
    return frozenset(m.rsplit(".", 1)[1] for m in builtin_modules())


_REGISTRY: dict[str, Claim] = {}
_loaded = False


def register(claim: Claim) -> Claim:
    """Add a claim (and its twins) to the registry; ids must be unique."""
    if claim.twin_of is not None:
        raise ValueError(f"{claim.id} is a twin; register the claim it belongs to")
    if claim.id in _REGISTRY and _REGISTRY[claim.id] is not claim:
        raise ValueError(f"claim id {claim.id!r} is already registered")
    _REGISTRY[claim.id] = claim
    return claim


def unregister(claim_id: str) -> None:
    _REGISTRY.pop(claim_id, None)


def claim(**fields) -> Callable[[CheckFn], Claim]:
    """Decorator: turn a check function into a registered :class:`Claim`.

    ``@claim(id="mine.psd", title=..., statement=..., citation=..., source="R", method="exact")``
    over ``def check(params, ctx) -> Evidence``. Attach twins afterwards with ``.twin(...)``.
    """

    def wrap(check: CheckFn) -> Claim:
        return register(Claim(check=check, **fields))

    return wrap


def load_builtin() -> None:
    """Import the paper modules that exist (an issue not yet done simply has no module)."""
    global _loaded
    if _loaded:
        return
    for name in builtin_modules():
        importlib.import_module(name)
    _loaded = True


def is_builtin(claim: Claim) -> bool:
    """Whether a claim belongs to one of reluflow's own papers."""
    return claim.paper in _builtin_papers()


@functools.cache
def _builtin_papers() -> frozenset[str]:
    return builtin_papers()


def load_modules(names: Iterable[str]) -> None:
    """Import user modules that register claims: dotted names or paths to ``.py`` files.

    A path is imported once per process (under a name derived from its resolved path), so loading
    the same file twice does not register its claims twice.
    """
    for name in names:
        if name.endswith(".py") or "/" in name or "\\" in name:
            _import_path(Path(name))
        else:
            importlib.import_module(name)


def _import_path(path: Path) -> None:
    path = path.expanduser().resolve()
    if not path.is_file():
        raise ModuleNotFoundError(f"no such claim module file: {path}", name=str(path))
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:10]
    mod_name = f"_reluflow_user_{path.stem}_{digest}"
    if mod_name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - not a loadable file
        raise ModuleNotFoundError(f"cannot import {path}", name=str(path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[mod_name]
        raise


def load(modules: Iterable[str] = (), *, builtin: bool = True) -> None:
    """What the CLI and the pytest plugin both do before selecting: the built-in paper modules
    (unless ``builtin=False``) and the user's modules, importable from the working directory
    as with ``python -m``. A missing module raises ``ModuleNotFoundError`` naming it."""
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)
    if builtin:
        load_builtin()
    for m in modules:
        try:
            load_modules([m])
        except ModuleNotFoundError as exc:
            raise ModuleNotFoundError(f"{m}: {exc}", name=exc.name) from exc


def all_claims() -> list[Claim]:
    """Registered claims, papers in their rank order, each paper's in registration order."""
    from ._paper import paper_rank

    return sorted(_REGISTRY.values(), key=lambda c: paper_rank(c.paper))


def select(patterns: Iterable[str] | None = None, *, builtin: bool = True) -> list[Claim]:
    """Registered claims matching any pattern (all when none): see
    :func:`proofs_checks._engine.select_claims`, the one selector the CLI and the plugin use.
    The built-in papers are loaded first (so a fresh ``select(["tian2017"])`` is not empty);
    ``builtin=False`` keeps the user's claims only."""
    from ._engine import select_claims

    if builtin:
        load_builtin()
    return select_claims(patterns, builtin=builtin)

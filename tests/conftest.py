"""Shared pytest configuration."""

pytest_plugins = ["pytester"]


import contextlib  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402


@contextlib.contextmanager
def _registry_restored(module_prefixes: tuple[str, ...]):
    """Forget the claims registered, and the claim modules imported, inside the block."""
    from proofs_checks._registry import all_claims, unregister

    before, mods = {c.id for c in all_claims()}, set(sys.modules)
    try:
        yield
    finally:
        for c in all_claims():
            if c.id not in before:
                unregister(c.id)
        for name in set(sys.modules) - mods:
            if name.startswith(module_prefixes):
                del sys.modules[name]


@pytest.fixture
def isolated_registry():
    """Leave the process-global registry as found after one test."""
    with _registry_restored(("_reluflow_user_",)):
        yield


@pytest.fixture(scope="module")
def isolated_registry_module():
    """Leave the process-global registry as found after a test module (also forgets the
    ``_toy_claims`` module the CLI tests import)."""
    with _registry_restored(("_reluflow_user_", "_toy_claims")):
        yield

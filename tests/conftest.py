"""Shared pytest configuration."""

pytest_plugins = ["pytester"]


import contextlib  # noqa: E402
import sys  # noqa: E402

import numpy  # noqa: E402, F401 - see below
import pytest  # noqa: E402

# numpy is imported here, before any test: an in-process pytester run that imports it first
# has it removed again from sys.modules when the run ends, and numpy refuses a second import
# in one process ("cannot load module more than once"). With tests spread over processes
# (pytest-xdist), a file such as test_plugin.py can be the first one a process runs.


@contextlib.contextmanager
def _registry_restored(module_prefixes: tuple[str, ...]):
    """Forget the claims registered, and the claim modules imported, inside the block. The
    built-in papers' claims stay: their modules stay imported (and ``load_builtin`` remembers
    it loaded them), so forgetting them would leave later test modules without them."""
    from proofs_checks._registry import all_claims, is_builtin, unregister

    before, mods = {c.id for c in all_claims()}, set(sys.modules)
    try:
        yield
    finally:
        for c in all_claims():
            if c.id not in before and not is_builtin(c):
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


@pytest.fixture(params=["numpy", "numba"])
def each_engine(request):
    """Run a test on both kernel engines: numpy (the printed vector code) and numba (the
    printed scalar forms in fused loops), the latter where numba is installed."""
    import numeric

    if request.param == "numba" and not numeric._fast.numba_available():
        # numba is the optional extra `fast` (in the test extra, so CI never skips):
        # without it the numba engine does not exist and the numpy case still runs
        pytest.skip("numba is not installed")
    numeric.set_engine(request.param)
    yield request.param
    numeric.set_engine(None)

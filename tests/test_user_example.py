"""The user-claim example (examples/user_claims/psd_claims.py) through the CLI and pytest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "user_claims" / "psd_claims.py"

pytestmark = pytest.mark.usefixtures("isolated_registry")


def test_example_through_the_cli(tmp_path):
    from proofs_checks.cli import app

    out = tmp_path / "r.json"
    res = CliRunner().invoke(app, ["check", "user", "--module", str(EXAMPLE), "--no-builtin",
                                   "--profile", "quick", "--json", str(out)])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text())
    (psd,) = doc["claims"]
    assert psd["id"] == "user.relu_kernel_psd" and psd["verdict"] == "confirmed"
    assert psd["cases"] > 0 and psd["margin"] >= psd["tolerance"]
    (twin,) = psd["twins"]
    assert twin["id"] == "user.relu_kernel_psd~eig_floor" and twin["verdict"] == "refuted"
    cx = twin["counterexample"]
    assert cx["evidence"]["computed"] < 0.1 and cx["reproduce"]["blob"].startswith("b'")


def _in_process() -> tuple[str, ...]:
    """The inner run finds this repository's pyproject when the checkout and pytest's temporary
    directory share an ancestor (a clone under /tmp): its ``-n auto`` would distribute the two
    items and change the output format. ``-n 0`` keeps them in this process."""
    try:
        import xdist  # noqa: F401
    except ImportError:
        return ()
    return ("-n", "0")


def test_example_through_pytest(pytester: pytest.Pytester):
    res = pytester.runpytest(
        *_in_process(), "-p", "no:cacheprovider", "--reluflow", "--reluflow-module", str(EXAMPLE),
        "--reluflow-no-builtin", "--reluflow-profile", "quick", "-v",
    )
    res.assert_outcomes(passed=2)
    res.stdout.fnmatch_lines(["*reluflow::user.relu_kernel_psd PASSED*",
                              "*reluflow::user.relu_kernel_psd~eig_floor PASSED*"])


def test_no_builtin_excludes_builtins_already_imported(pytester: pytest.Pytester):
    """In-process runs after the built-ins were imported (as in our own suite) still collect
    only the user's claims under --reluflow-no-builtin."""
    from proofs_checks import load_builtin

    load_builtin()
    res = pytester.runpytest(
        *_in_process(), "-p", "no:cacheprovider", "--reluflow", "--reluflow-module", str(EXAMPLE),
        "--reluflow-no-builtin", "--reluflow-profile", "quick", "--collect-only", "-q",
    )
    assert not any("foundation." in line for line in res.outlines)
    assert any("user.relu_kernel_psd" in line for line in res.outlines)

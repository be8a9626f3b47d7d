"""The pytest plugin (``pytest --reluflow``), through pytester.

The claim registry is process-global: in-process runs are wrapped in ``isolated_registry``, so
the toy claims of one run stay out of the next; one run goes through a subprocess as a whole.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

TOY = Path(__file__).with_name("_toy_claims.py").read_text()




@pytest.fixture
def toy(pytester: pytest.Pytester, isolated_registry) -> pytest.Pytester:
    pytester.makepyfile(toy_claims=TOY)
    return pytester


def test_plugin_module_is_light():
    import _reluflow_pytestplugin as plugin

    assert plugin.ReluflowItem is not None
    src = Path(plugin.__file__).read_text()
    head = src[: src.index("def pytest_addoption")]
    assert "proofs_checks" not in head.replace("from proofs_checks import Claim, ClaimResult", "")


def test_header_and_no_items_without_flag(pytester: pytest.Pytester):
    pytester.makepyfile(test_x="def test_x():\n    pass\n")
    res = pytester.runpytest("-p", "no:cacheprovider")
    res.assert_outcomes(passed=1)
    header = "\n".join(res.outlines[:8])
    assert "reluflow: mpmath" in header and "flint" in header and "numpy" in header
    assert "reluflow::" not in res.stdout.str()


def test_items_per_claim_and_twin_with_junit_properties(toy: pytest.Pytester):
    res = toy.runpytest_subprocess(
        "-p", "no:cacheprovider", "--reluflow", "--reluflow-module", "toy_claims.py",
        "--reluflow-no-builtin", "--reluflow-profile", "quick", "--reluflow-seed", "5",
        "--junitxml=junit.xml", "-rA",
    )
    res.assert_outcomes(passed=7, failed=2)
    out = res.stdout.str()
    assert "PASSED reluflow::toy.good.sin~square" in out
    assert "FAILED reluflow::toy.bad.crash" in out
    # a readable failure: computed vs claimed verdict, margin, error, reproduce command
    assert "computed verdict: inconclusive" in out and "claimed verdict:  confirmed" in out
    assert "error: check raised: ZeroDivisionError: toy crash" in out
    assert "reproduce: reluflow check 'toy.bad.mc' --profile quick --seed 5" in out
    root = ET.parse(toy.path / "junit.xml").getroot()
    cases = {c.get("name"): c for c in root.iter("testcase")}
    props = {p.get("name"): p.get("value") for p in cases["toy.good.sin~square"].iter("property")}
    assert props["verdict"] == "refuted" and props["expected"] == "refuted"
    assert float(props["margin"]) < 0 and "tolerance" in props and int(props["cases"]) > 0


def test_patterns_and_keyword_selection(toy: pytest.Pytester):
    res = toy.runpytest(
        "-p", "no:cacheprovider", "--reluflow", "--reluflow-module", "toy_claims.py",
        "--reluflow-no-builtin", "--reluflow-profile", "quick",
        "--reluflow-pattern", "toy.good.cases", "--reluflow-pattern", "toy.good.single",
        "-k", "cases", "-v",
    )
    res.assert_outcomes(passed=2, deselected=2)
    assert "reluflow::toy.good.cases~below PASSED" in res.stdout.str()


def test_missing_module_and_bad_profile_are_usage_errors(pytester: pytest.Pytester):
    res = pytester.runpytest("-p", "no:cacheprovider", "--reluflow",
                                        "--reluflow-no-builtin", "--reluflow-module", "nowhere.py")
    assert res.ret == pytest.ExitCode.USAGE_ERROR
    assert "nowhere.py" in res.stderr.str() + res.stdout.str()
    res = pytester.runpytest("-p", "no:cacheprovider", "--reluflow", "--reluflow-no-builtin",
                             "--reluflow-profile", "fast")
    assert res.ret == pytest.ExitCode.USAGE_ERROR


def test_plugin_is_registered_by_entry_point():
    from importlib.metadata import entry_points

    eps = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert eps.get("reluflow") == "_reluflow_pytestplugin"
    assert "_reluflow_pytestplugin" in sys.modules

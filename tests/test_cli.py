"""The reluflow CLI through typer's CliRunner, on the toy claims of tests/_toy_claims.py."""

from __future__ import annotations

import json
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proofs_checks.cli import app

TOY = str(Path(__file__).with_name("_toy_claims.py"))
BASE = ["--module", TOY, "--no-builtin"]
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("isolated_registry_module")  # the toy claims


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_list_shows_ids_methods_and_twins():
    res = invoke("list", *BASE)
    assert res.exit_code == 0, res.output
    lines = {ln.split()[0]: ln.split() for ln in res.output.splitlines() if ln.startswith("toy.")}
    assert lines["toy.good.sin"][1:] == ["toy", "exact", "R", "confirmed", "1"]
    assert lines["toy.good.finding"][4:] == ["refuted", "(finding)", "0"]
    res = invoke("list", "toy.bad", *BASE)
    assert res.exit_code == 0 and "toy.good" not in res.output and "toy.bad.mc" in res.output


def test_check_exit_0_when_everything_matches(tmp_path):
    res = invoke("check", "toy.good", *BASE, "--profile", "quick", "--seed", "3",
                 "--json", str(tmp_path / "r.json"), "--junit", str(tmp_path / "j.xml"),
                 "--report", str(tmp_path / "rep"))
    assert res.exit_code == 0, res.output
    out = res.output
    assert "[1/7] toy.good.sin ... confirmed" in out  # plain progress off a terminal
    assert "  ~ square" in out and "refuted" in out
    doc = json.loads((tmp_path / "r.json").read_text())
    assert doc["seed"] == 3 and doc["profile"] == "quick" and doc["ok"] is True
    assert [c["id"] for c in doc["claims"]] == ["toy.good.sin", "toy.good.cases",
                                                "toy.good.single", "toy.good.finding"]
    assert doc["summary"]["twins_refuted"] == doc["summary"]["twins_total"] == 3
    assert len(ET.parse(tmp_path / "j.xml").getroot().findall("testcase")) == 7
    assert (tmp_path / "rep" / "index.html").is_file()
    assert "toy.good.finding" in (tmp_path / "rep" / "index.md").read_text()


def test_check_exit_1_on_mismatch_and_names_it():
    res = invoke("check", "toy.bad.*", *BASE, "--profile", "quick")
    assert res.exit_code == 1, res.output
    assert "MISMATCH toy.bad.crash: inconclusive, expected confirmed" in res.output
    assert "ZeroDivisionError" in res.output


def test_no_twins_flag():
    res = invoke("check", "toy.good.single", *BASE, "--no-twins", "--json", "-")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout[res.stdout.index("{"):])
    assert doc["claims"][0]["twins"] == [] and doc["summary"]["twins_total"] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["check", "no.such.claim", *BASE],
        ["check", "toy.good", *BASE, "--profile", "fast"],
        ["check", "toy.good", *BASE, "--bogus"],
        ["check", "toy.good", *BASE, "--seed", "x"],
        ["check", "--module", "no_such_module_anywhere", "--no-builtin"],
        ["show", "toy", *BASE],
        ["check", "toy.good", *BASE, "--jobs", "0"],
        ["check", "toy.good", *BASE, "-j", "many"],
    ],
)
def test_usage_errors_exit_2(args):
    res = invoke(*args)
    assert res.exit_code == 2, res.output


def test_show_prints_statement_latex_assumptions_twins_and_derivation(monkeypatch):
    fake = types.ModuleType("symbolic")
    fake.derive = lambda name: types.SimpleNamespace(latex=lambda: rf"\text{{derived {name}}}")
    monkeypatch.setitem(sys.modules, "symbolic", fake)
    import _toy_claims_for_show as toys  # noqa: F401  (a tiny module registering one claim)

    res = invoke("show", "toy.show.one", "--no-builtin")
    assert res.exit_code == 0, res.output
    for text in ("For every x", r"x \ge 0", "x real", "A toy paper", "toy.show.one~neg",
                 r"\text{derived my_formula}", "corrected by: toy.good.cases"):
        assert text in res.output, text


@pytest.fixture(autouse=True)
def _show_module(tmp_path_factory, monkeypatch):
    d = tmp_path_factory.getbasetemp() / "showmod"
    d.mkdir(exist_ok=True)
    (d / "_toy_claims_for_show.py").write_text(
        "from proofs_checks import Citation, Evidence, claim\n"
        "c = claim(id='toy.show.one', title='one', statement='For every x, x*x >= 0.',\n"
        "          latex=r'x \\ge 0', assumptions=('x real',), derivation='my_formula',\n"
        "          corrected_by='toy.good.cases',\n"
        "          citation=Citation('A toy paper', '0000.00000'), source='R', method='exact')(\n"
        "    lambda _, ctx: Evidence.predicate(True, computed=1, claimed=1, reason='t'))\n"
        "c.twin('neg', title='x*x < 0', check=lambda _, ctx: Evidence.predicate(\n"
        "    False, computed=1, claimed=0, reason='t'))\n"
    )
    monkeypatch.syspath_prepend(str(d))


def _fake_symbolic() -> types.ModuleType:
    fake = types.ModuleType("symbolic")

    class D:
        def __init__(self, name):
            self.name, self.description, self.expr = name, f"about {name}", None

        def latex(self):
            return rf"k_{{{self.name}}}"

        def python(self):
            return f"def {self.name}(u, v):\n    return u"

        def sympy(self):
            return f"Symbol('{self.name}')"

    fake.available = lambda: ["kern", "grad"]
    fake.derive = lambda name, **params: D(name)
    fake.describe = lambda name: D(name).description
    fake.parameters = lambda name: {}
    return fake


def test_derive_formats_and_list(monkeypatch):
    monkeypatch.setitem(sys.modules, "symbolic", _fake_symbolic())
    res = invoke("derive", "--list")
    assert res.exit_code == 0 and "kern  about kern" in res.output and "grad" in res.output
    assert invoke("derive", "kern").output.strip() == r"k_{kern}"
    assert invoke("derive", "kern", "--format", "python").output.startswith("def kern(u, v):")
    assert invoke("derive", "kern", "-f", "sympy").output.strip() == "Symbol('kern')"
    assert invoke("derive", "nope").exit_code == 2
    assert invoke("derive").exit_code == 2
    assert invoke("derive", "kern", "--format", "xml").exit_code == 2


def test_import_is_light_and_module_entry_point_works():
    code = ("import sys, proofs_checks.cli, proofs_checks; "
            "heavy = [m for m in ('hypothesis', 'sympy', 'matplotlib', 'scipy') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    res = subprocess.run([sys.executable, "-m", "proofs_checks", "list", *BASE],
                         capture_output=True, text=True)
    assert res.returncode == 0 and "toy.good.sin" in res.stdout


def test_twin_by_id_and_replay_of_its_counterexample():
    res = invoke("check", "toy.good.sin~square", *BASE, "--profile", "quick", "--json", "-")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout[res.stdout.index("{"):])
    (tw,) = doc["claims"]
    assert tw["id"] == "toy.good.sin~square" and tw["twin_of"] == "toy.good.sin"
    rep = tw["counterexample"]["reproduce"]
    assert rep["replay"].endswith(f'--reproduce "{rep["blob"]}"')
    res = invoke("check", "toy.good.sin~square", *BASE, "--profile", "quick",
                 "--reproduce", rep["blob"])
    assert res.exit_code == 0, res.output
    assert "toy.good.sin~square ... refuted" in res.output
    assert invoke("check", "toy.good", *BASE, "--reproduce", rep["blob"]).exit_code == 2


def test_derive_with_the_real_symbolic_package():
    """End to end: the printed Python is the compiled kernel, the LaTeX is the derivation."""
    res = invoke("derive", "relu_kernel", "--format", "python")
    assert res.exit_code == 0 and "\ndef pair_kernel(u, v):" in res.output
    assert res.output.startswith('"""relu_kernel: ') and "\nimport numpy\n" in res.output
    assert "_supplement(u, v)" in res.output and "arccos" not in res.output
    listing = invoke("derive", "--list").output
    assert "deep_chain_ode" in listing and "tian_symmetric_ode" in listing


def test_strict_fails_on_user_claims_without_a_twin():
    # toy.good.finding has no false twin: a warning, and with --strict a failed run
    res = invoke("check", "toy.good", *BASE, "--profile", "quick")
    assert res.exit_code == 0, res.output
    assert "WARNING toy.good.finding has no false twin" in res.output
    strict = invoke("check", "toy.good", *BASE, "--profile", "quick", "--strict")
    assert strict.exit_code == 1 and "toy.good.finding has no false twin" in strict.output
    ok = invoke("check", "toy.good.cases", *BASE, "--profile", "quick", "--strict")
    assert ok.exit_code == 0 and "WARNING" not in ok.output


def test_case_replays_one_case(tmp_path):
    # the twin n^2 <= 3n + 5 fails from n = 5 on: case 6 alone refutes it, case 2 does not
    out = tmp_path / "one.json"
    res = invoke("check", "toy.good.cases~below", *BASE, "--case", "6", "--json", str(out))
    assert res.exit_code == 0, res.output
    rec = json.loads(out.read_text())["claims"][0]
    assert rec["cases"] == 1 and rec["verdict"] == "refuted"
    assert rec["case_results"] == [{"index": 0, "source": "cases", "params": 6, "case_index": 6,
                                    "status": "violated", "margin": -13.0, "tolerance": 0.0}]
    assert invoke("check", "toy.good.cases~below", *BASE, "--case", "2").exit_code == 1
    for bad in (["toy.good.cases", "--case", "999"], ["toy.good.sin", "--case", "0"],
                ["toy.good.cases", "--case", "-1"]):
        res = invoke("check", *bad, *BASE)
        assert res.exit_code == 2, (bad, res.output)


def test_show_names_the_theory_note_of_a_builtin_claim():
    res = invoke("show", "boursier2022.zero_loss")
    assert res.exit_code == 0, res.output
    assert "theory: docs/theory/boursier2022.md" in res.output


def _main(capsys, *argv):
    from proofs_checks.cli import main

    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


@pytest.mark.parametrize("argv, needle", [
    (("check", "foundation.relu_kernel", "--seed", "-1"), "--seed"),
    (("check", "foundation.relu_kernel", "--profile", "nope"), "unknown profile 'nope'"),
    (("check", "foundation.relu_kernel", "--reproduce", "garbage"), "not a Hypothesis"),
    (("check", "no.such.claim"), "no claim matches"),
    (("derive", "kernel", "--activation", "tanh"), "unknown activation 'tanh'"),
    (("show", "foundation.kernel_*"), "foundation.kernel_leaky_relu, "),
    (("list", "--bogus"), "No such option"),
])
def test_usage_errors_are_one_line_and_exit_2(capsys, argv, needle):
    code, out, err = _main(capsys, *argv)
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reluflow: error: ") and needle in lines[0]
    assert "Traceback" not in out + err


def test_module_with_a_syntax_error_is_a_usage_error(capsys, tmp_path):
    bad = tmp_path / "bad_claims.py"
    bad.write_text("x = (\n")
    code, _, err = _main(capsys, "check", "--module", str(bad), "--no-builtin")
    assert code == 2 and err.count("\n") == 1
    assert "syntax error at bad_claims.py:1" in err and "Traceback" not in err


def test_version_and_show_with_several_ids(capsys):
    code, out, _ = _main(capsys, "--version")
    assert code == 0 and out.startswith("reluflow ")
    code, out, _ = _main(capsys, "show", "foundation.relu_kernel", "foundation.kernel_abs")
    assert code == 0
    assert "foundation.relu_kernel —" in out and "foundation.kernel_abs —" in out


def test_refuted_rows_print_their_counterexample_with_named_parameters(capsys):
    # the finding's counterexample (K = 10 from x0 = y0 − 1e-9) under its row, by name
    code, out, _ = _main(capsys, "check", "tian2017.ssb_any_perturbation", "--profile", "quick")
    assert code == 0
    block = out[out.index("counterexamples:"):]
    assert "tian2017.ssb_any_perturbation: K=10, perturbation_sign=-1, y0=" in block
    assert "computed 1.811 vs claimed 1e-05" in block


def test_a_twin_shows_its_own_statement_not_the_true_formula(capsys):
    code, out, _ = _main(capsys, "show", "foundation.relu_kernel~pi_plus_theta")
    assert code == 0 and "twin of: foundation.relu_kernel" in out
    assert "Kernel with (π + θ) in place of (π − θ)" in out
    assert r"\big(\sin\theta + (\pi-\theta)\cos\theta\big)" not in out  # the true LaTeX
    assert "Derivation (relu_kernel)" not in out


def test_latex_tables_and_the_data_frame(tmp_path):
    # one table per paper, special characters escaped, twins marked; the frame has a row per
    # claim and twin with the same verdicts as the run
    from proofs_checks import run_claims, select
    from proofs_checks._report import latex_escape

    claims = select(["tian2017.ssb_any_perturbation", "foundation.relu_kernel"])
    run = run_claims(claims, profile="quick", seed=3)
    out = tmp_path / "verdicts.tex"
    res = invoke("check", "tian2017.ssb_any_perturbation", "foundation.relu_kernel",
                 "--profile", "quick", "--seed", "3", "--latex", str(out))
    assert res.exit_code == 0, res.output
    tex = out.read_text()
    assert tex.count(r"\begin{tabular}") == 2 and tex.count(r"\end{table}") == 2
    assert r"\texttt{ssb\_any\_perturbation} & ode & refuted & refuted" in tex
    assert r"\quad $\sim$ pi\_plus\_theta" in tex and "_plus" not in tex.replace(r"\_", "")
    assert latex_escape("a_b&c%{x}") == r"a\_b\&c\%\{x\}"
    frame = run.to_frame()
    assert list(frame["id"]) == [x.id for x in run.all_results()]
    assert set(frame["kind"]) == {"claim", "twin", "finding"}
    assert frame.loc[frame["kind"] == "finding", "counterexample"].iloc[0].startswith("[10, -1")


def test_result_table_fits_80_columns_without_cutting_ids():
    # the longest built-in ids, with their twins: at 80 columns the low-priority columns go,
    # the ids stay whole on one line each
    from dataclasses import replace

    from rich.console import Console

    from proofs_checks import run_claims, select
    from proofs_checks.cli import _results_table

    run = run_claims(select(["tian2017.ssb_any_perturbation"]), profile="quick", seed=1)
    r = run.results[0]
    long_id = "foundation.teacher_student_gradient_with_a_long_name"
    twin = replace(r.twins[0], id=long_id + "~second_layer_factor_forgotten")
    results = [r, replace(r, id=long_id, twins=[twin])]
    con = Console(width=80, record=True, color_system=None)
    con.print(_results_table(results, 80))
    lines = con.export_text().splitlines()
    assert all(len(line.rstrip()) <= 80 for line in lines)
    assert any(line.startswith(long_id + " ") for line in lines)
    assert any(line.startswith("  ~ second_layer_factor_forgotten ") for line in lines)
    assert all(word in lines[0] for word in ("claim", "verdict", "margin"))

"""The README's code runs: the tour, and the user-claim snippet through the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def test_tour_runs_and_its_cross_check_holds():
    tour = next(b for b in BLOCKS if "symbolic.derive" in b)
    out = subprocess.run([sys.executable, "-c", tour], capture_output=True, text=True,
                         check=True)
    assert "True" in out.stdout.split("\n")[1]  # the 1e-12 agreement line


def test_user_claim_snippet_confirms_and_its_twin_is_refuted(tmp_path):
    snippet = next(b for b in BLOCKS if "@claim(" in b)
    module = tmp_path / "my_claims.py"
    module.write_text(snippet)
    report = tmp_path / "out.json"
    res = subprocess.run(
        [sys.executable, "-m", "proofs_checks", "check", "--module", str(module),
         "--no-builtin", "--profile", "quick", "--json", str(report)],
        capture_output=True, text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    data = json.loads(report.read_text())
    (c,) = data["claims"]
    assert c["verdict"] == "confirmed"
    assert [t["verdict"] for t in c["twins"]] == ["refuted"]


def test_own_activation_snippet_runs_and_agrees_with_the_reference(tmp_path):
    snippet = next(b for b in BLOCKS if "symbolic.Activation(" in b)
    out = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    lines = out.stdout.strip().splitlines()
    k, ref = map(float, lines[-1].split())
    assert abs(k - ref) <= 1e-12 * abs(ref)
    printed = subprocess.run([sys.executable, "-I", "grad.py"], capture_output=True, text=True,
                             cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr

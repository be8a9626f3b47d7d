"""Execute every jupytext ``py:percent`` notebook in notebooks/ (what nbmake does, in-process).

The notebooks are committed as scripts only; each is converted to ipynb in a temporary folder
and run cell by cell in a fresh kernel, so a notebook that raises fails the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.py"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path: Path, tmp_path: Path):
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    nb = jupytext.read(path)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    nbformat.write(nb, tmp_path / f"{path.stem}.ipynb")


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no py:percent notebooks"

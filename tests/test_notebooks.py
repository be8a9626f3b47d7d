"""Execute every jupytext ``py:percent`` notebook in notebooks/ (what nbmake does, in-process).

The notebooks are committed as scripts only; each is converted to ipynb in a temporary folder
and run cell by cell in a fresh kernel, so a notebook that raises fails the suite. A notebook
is read for its pictures, so each cell that draws a figure must display it inline: a notebook
that draws off screen (``matplotlib.use("Agg")``, or a ``savefig`` without a display) executes
without error and shows nothing, which is what this test rejects.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.py"))
_DRAWS = re.compile(r"\bplt\.(subplots|figure)\(")


def inline_figures(cell: dict) -> int:
    """Images a code cell displayed (PNG or SVG outputs)."""
    return sum(1 for out in cell.get("outputs", [])
               if out.get("output_type") in ("display_data", "execute_result")
               and ({"image/png", "image/svg+xml"} & set(out.get("data", {}))))


def drawing_cells_without_figure(nb) -> list[int]:
    """Indices of code cells that create a figure but displayed none."""
    return [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            and _DRAWS.search(cell.source) and inline_figures(cell) == 0]


def _execute_with_inline_figures(path: Path, tmp_path: Path, monkeypatch) -> None:
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    # The kernel inherits the environment: a CI-wide MPLBACKEND=Agg would hide the figures.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = jupytext.read(path)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    nbformat.write(nb, tmp_path / f"{path.stem}.ipynb")
    figures = sum(inline_figures(c) for c in nb.cells if c.cell_type == "code")
    assert figures >= 1, f"{path.name} displayed no figure"
    missing = drawing_cells_without_figure(nb)
    assert not missing, f"{path.name}: cells {missing} draw a figure but display none"
    assert "MPLBACKEND" not in os.environ


# Two classes, so that pytest-xdist (--dist loadscope: a class is a scope) can run the two halves
# of the notebooks (~75 s in all) on different workers.
class TestNotebooksFirstHalf:
    @pytest.mark.parametrize("path", NOTEBOOKS[0::2], ids=[p.stem for p in NOTEBOOKS[0::2]])
    def test_executes_with_inline_figures(self, path: Path, tmp_path: Path, monkeypatch):
        _execute_with_inline_figures(path, tmp_path, monkeypatch)


class TestNotebooksSecondHalf:
    @pytest.mark.parametrize("path", NOTEBOOKS[1::2], ids=[p.stem for p in NOTEBOOKS[1::2]])
    def test_executes_with_inline_figures(self, path: Path, tmp_path: Path, monkeypatch):
        _execute_with_inline_figures(path, tmp_path, monkeypatch)


def test_figure_count_rejects_an_off_screen_notebook(tmp_path: Path, monkeypatch):
    """The check above can fail: the same kind of cell under the Agg backend displays nothing."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("MPLBACKEND", raising=False)
    draw = "fig, ax = plt.subplots()\nax.plot([0, 1], [0, 1])"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import matplotlib\nmatplotlib.use('Agg')\n"
                                  "import matplotlib.pyplot as plt"),
        nbformat.v4.new_code_cell(draw + "\nplt.show()"),
    ])
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert drawing_cells_without_figure(nb) == [1]
    inline = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt"),
        nbformat.v4.new_code_cell(draw),
    ])
    NotebookClient(inline, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert drawing_cells_without_figure(inline) == [] and inline_figures(inline.cells[1]) == 1


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no py:percent notebooks"

"""Every plot in a report has a title with the verdict and margin, labelled axes and a legend.

The figures are inspected as matplotlib objects when the report saves them. The default run
covers the generic evidence plot and a claim's own plot. The ``thorough`` test draws every
claim that has a plot of its own (about 35 s):
``python -m pytest -m thorough tests/test_plot_gallery.py``.
"""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")


def _figures_of_report(ids, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    from proofs_checks import run_claims, select
    from proofs_checks._report import write_report

    run = run_claims(select(ids), profile="quick", seed=0, twins=False)
    seen = []
    original = Figure.savefig

    def record(fig, *args, **kwargs):
        seen.append(fig)
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", record)
    write_report(run, tmp_path / "report")
    return run, seen


def _problems(fig) -> list[str]:
    axes = [ax for ax in fig.axes if ax.has_data()]
    title = (fig._suptitle.get_text() if fig._suptitle is not None else "") + " ".join(
        ax.get_title() for ax in axes)
    out = []
    if "margin" not in title or not any(v in title for v in ("confirmed", "refuted",
                                                             "inconclusive")):
        out.append("no verdict and margin in the title")
    for i, ax in enumerate(axes):
        if not ax.get_xlabel() or not ax.get_ylabel():
            out.append(f"axes {i} lacks an axis label")
    if not (any(ax.get_legend() is not None for ax in axes) or fig.legends):
        out.append("no legend")
    return out


def test_generic_and_own_plots_are_complete(tmp_path, monkeypatch):
    ids = ["foundation.kernel_abs", "tian2017.ssb_any_perturbation"]
    run, figs = _figures_of_report(ids, tmp_path, monkeypatch)
    assert len(figs) == 2
    for fig in figs:
        assert _problems(fig) == []
    # the refuted finding's plot says so on its face, whatever the plot drew
    own = next(f for f in figs if "ssb_any_perturbation" in (f._suptitle.get_text()
                                                              if f._suptitle else ""))
    assert "refuted, margin -1.811" in own._suptitle.get_text()
    pngs = sorted(p.name for p in (tmp_path / "report" / "plots").glob("*.png"))
    assert pngs == ["foundation.kernel_abs.png", "tian2017.ssb_any_perturbation.png"]


def test_a_plot_without_labels_is_caught():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    assert set(_problems(fig)) == {"no verdict and margin in the title",
                                   "axes 0 lacks an axis label", "no legend"}
    plt.close(fig)


@pytest.mark.thorough
def test_every_claim_plot_is_complete(tmp_path, monkeypatch):
    from proofs_checks import select

    ids = [c.id for c in select() if c.plot is not None]
    _, figs = _figures_of_report(ids, tmp_path, monkeypatch)
    assert len(figs) >= len(ids)
    bad = {f._suptitle.get_text().splitlines()[-1]: _problems(f) for f in figs if _problems(f)}
    assert not bad, bad

"""Reports of a run: JSON (machine-readable), JUnit XML (CI), and a Markdown/HTML directory.

The JSON is deterministic: the same seed gives the same document except the ``seconds`` fields.
Nothing heavy is imported here; matplotlib is imported only when plots are drawn.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from . import _html
from ._claim import Context, _to_jsonable
from ._engine import ClaimResult, RunResult, resolve_profile

__all__ = [
    "reluflow_version",
    "to_json",
    "dumps_json",
    "write_json",
    "junit_xml",
    "write_junit",
    "write_report",
    "format_margin",
]


def reluflow_version() -> str:
    """The installed reluflow version (``0+unknown`` when not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reluflow")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def to_json(run: RunResult) -> dict:
    """The run as the documented JSON document (a plain dict)."""
    summary = dict(run.summary)
    return {
        "reluflow": reluflow_version(),
        "seed": run.seed,
        "profile": run.profile,
        "twins_enabled": run.twins,
        "ok": run.ok,
        "claims": [r.to_json() for r in run.results],
        "summary": summary,
        "warnings": run.warnings,
    }


def dumps_json(run: RunResult) -> str:
    """The JSON document as text (strict JSON: no NaN/Infinity)."""
    return json.dumps(_to_jsonable(to_json(run)), indent=2, allow_nan=False) + "\n"


def write_json(run: RunResult, path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(dumps_json(run), encoding="utf-8")
    return p


def coverage_text(cov: dict) -> str:
    """``89 cases (pinned 1, random 16, targeted 12, optimised 60; 2 optimiser restarts)``."""
    parts = ", ".join(f"{k} {v}" for k, v in cov.get("by_source", {}).items())
    restarts = cov.get("restarts", 0)
    extra = f"; {restarts} optimiser restart(s)" if restarts else ""
    return f"{cov.get('cases', 0)} case(s) ({parts}{extra}), min margin " \
           f"{format_margin(cov.get('min_margin'))}"


def format_margin(x: float | None) -> str:
    """A margin or tolerance for people: 4 significant digits, ``-`` when absent."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.4g}"


# -- JUnit --------------------------------------------------------------------------------------
def _mismatch_text(r: ClaimResult) -> str:
    lines = [
        f"{r.id}: computed verdict {r.verdict!r}, expected {r.expected!r}",
        f"margin {format_margin(r.margin)} (tolerance {format_margin(r.tolerance)}), "
        f"{r.cases} case(s)",
    ]
    if r.error:
        lines.append(f"error: {r.error}")
    if r.counterexample is not None:
        lines.append("counterexample: " + json.dumps(r.counterexample, sort_keys=True))
    elif r.evidence_summary.get("worst"):
        lines.append("worst case: " + json.dumps(r.evidence_summary["worst"], sort_keys=True))
    return "\n".join(lines)


def junit_xml(run: RunResult) -> str:
    """A JUnit XML document: one testcase per claim and per twin, failure on a mismatch."""
    everything = run.all_results()
    failures = sum(not r.matches for r in everything)
    suite = ET.Element(
        "testsuite",
        name="reluflow",
        tests=str(len(everything)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time=f"{run.seconds:.3f}",
    )
    props = ET.SubElement(suite, "properties")
    for k, v in (("seed", run.seed), ("profile", run.profile), ("reluflow", reluflow_version())):
        ET.SubElement(props, "property", name=k, value=str(v))
    for r in everything:
        case = ET.SubElement(
            suite, "testcase", classname=f"reluflow.{r.paper}", name=r.id, time=f"{r.seconds:.3f}"
        )
        cprops = ET.SubElement(case, "properties")
        for k, v in (
            ("verdict", r.verdict),
            ("expected", r.expected),
            ("margin", format_margin(r.margin) if r.margin is None else repr(r.margin)),
            ("tolerance", format_margin(r.tolerance) if r.tolerance is None else repr(r.tolerance)),
            ("cases", r.cases),
            ("strength", r.strength or "-"),
            ("seconds", f"{r.seconds:.6f}"),
            ("method", r.method),
            ("finding", str(r.finding).lower()),
        ):
            ET.SubElement(cprops, "property", name=k, value=str(v))
        if not r.matches:
            fail = ET.SubElement(
                case, "failure", message=f"verdict {r.verdict}, expected {r.expected}",
                type="VerdictMismatch",
            )
            fail.text = _mismatch_text(r)
        elif r.counterexample is not None:
            out = ET.SubElement(case, "system-out")
            out.text = "counterexample: " + json.dumps(r.counterexample, sort_keys=True)
    ET.indent(suite)
    body = ET.tostring(suite, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}


def latex_escape(text: str) -> str:
    """Text safe inside LaTeX (the ten special characters escaped)."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def latex_tables(run: RunResult) -> str:
    """One booktabs table per paper: claim, method, verdict, expected, margin, cases — for a
    paper's appendix (``\\usepackage{booktabs}``)."""
    papers: dict[str, list] = {}
    for x in run.all_results():
        papers.setdefault(x.paper, []).append(x)
    out = [f"% reluflow verdicts, profile {run.profile}, seed {run.seed}", ""]
    for paper, rows in papers.items():
        out += [r"\begin{table}[ht]", r"\centering", r"\small",
                r"\begin{tabular}{llllrr}", r"\toprule",
                r"claim & method & verdict & expected & margin & cases \\", r"\midrule"]
        for x in rows:
            name = x.id.split(".", 1)[-1]
            name = (r"\quad $\sim$ " + latex_escape(name.split("~", 1)[1])) if x.twin_of \
                else latex_escape(name)
            mark = "" if x.matches else r" $\times$"
            out.append(rf"\texttt{{{name}}} & {latex_escape(x.method)} & "
                       rf"{latex_escape(x.verdict)}{mark} & {latex_escape(x.expected)} & "
                       rf"{latex_escape(format_margin(x.margin))} & {x.cases} \\")
        out += [r"\bottomrule", r"\end{tabular}",
                rf"\caption{{reluflow verdicts for \texttt{{{latex_escape(paper)}}} "
                rf"(profile {latex_escape(run.profile)}, seed {run.seed}); $\sim$ marks a "
                r"deliberately false twin, expected refuted.}",
                r"\end{table}", ""]
    return "\n".join(out)


def write_latex(run: RunResult, path: str | Path) -> Path:
    """Write :func:`latex_tables` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(latex_tables(run), encoding="utf-8")
    return path


def write_junit(run: RunResult, path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(junit_xml(run), encoding="utf-8")
    return p


# -- Markdown / HTML directory ------------------------------------------------------------------
def _safe_name(claim_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", claim_id)


def _verdict_title(r: ClaimResult) -> str:
    mark = "" if r.matches else f" (expected {r.expected})"
    level = "" if r.level != "proved" else (" (proved)" if r.verdict == "confirmed"
                                            else " (certified)")
    return f"{r.id}: {r.verdict}{level}{mark}, margin {format_margin(r.margin)}"


def plot_evidence(r: ClaimResult, path: str) -> None:
    """The generic plot of a claim without one of its own: every evaluated case's margin
    (claimed minus computed, in the claim's own units; ≥ 0 holds) against the claimed bound
    margin = 0, the counterexample marked. Needs at least two cases with a finite margin."""
    import math

    import matplotlib.pyplot as plt

    pts = [(c["index"], c["margin"], c.get("status")) for c in r.case_results
           if c.get("margin") is not None and math.isfinite(c["margin"])]
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    xs = [p[0] for p in pts]
    ax.plot(xs, [p[1] for p in pts], "o", ms=3, color="tab:blue", label="case margin")
    ax.axhline(0.0, color="black", lw=1, label="claimed bound (margin 0)")
    bad = [p for p in pts if p[2] == "violated"]
    if bad:
        ax.plot([p[0] for p in bad], [p[1] for p in bad], "x", color="tab:red", ms=8,
                label="violated case")
    cx = r.counterexample or {}
    worst = min(pts, key=lambda p: p[1]) if pts else None
    if worst is not None:
        ax.plot([worst[0]], [worst[1]], "s", mfc="none", color="tab:red" if cx else "tab:green",
                ms=9, label="counterexample" if cx else "smallest margin")
    if pts and min(p[1] for p in pts) > 0 and max(p[1] for p in pts) / min(p[1] for p in pts) > 1e3:
        ax.set_yscale("log")
    ax.set_xlabel("case (order of evaluation)")
    ax.set_ylabel("margin: claimed − computed (claim's units)")
    ax.set_title(_verdict_title(r), fontsize=9)
    ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    fig.savefig(path, dpi=80)


def _has_evidence_to_show(r: ClaimResult) -> bool:
    import math

    return sum(1 for c in r.case_results if c.get("margin") is not None
               and math.isfinite(c["margin"])) >= 2


def _titled(r: ClaimResult):
    """Around a claim's own plot: every figure it saves gets the verdict and margin in its
    title (a plot that disagrees with its verdict must say so on its face)."""
    import contextlib

    from matplotlib.figure import Figure

    original = Figure.savefig

    def savefig(fig, *args, **kwargs):
        title = _verdict_title(r)
        existing = fig._suptitle.get_text() if fig._suptitle is not None else ""
        if title not in existing:
            keep = existing and existing.strip() != r.id  # the bare id says less than the title
            text = (existing + "\n" if keep else "") + title
            fig.suptitle(text, fontsize=8)
            # room for the added line above the axes' own titles
            top = 1.0 - 0.3 * (text.count("\n") + 1) / fig.get_figheight()
            with contextlib.suppress(Exception):
                fig.tight_layout(rect=(0, 0, 1, top))
        return original(fig, *args, **kwargs)

    @contextlib.contextmanager
    def patched():
        Figure.savefig = savefig
        try:
            yield
        finally:
            Figure.savefig = original

    return patched()


def _draw_plots(run: RunResult, outdir: Path) -> tuple[dict[str, Path], dict[str, str], str | None]:
    """A PNG per claim with something to show: its own ``plot`` (the verdict and margin added to
    the title), else the generic evidence plot (:func:`plot_evidence`); twins get one only
    when they have their own. Returns (paths, per-claim errors, global note)."""
    wanted = [r for r in run.all_results() if r.claim is not None and (
        r.claim.plot is not None or (r.twin_of is None and _has_evidence_to_show(r)))]
    if not wanted:
        return {}, {}, None
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        return {}, {}, "matplotlib is not installed: plots were skipped (pip install matplotlib)."
    # The caller's backend is kept (switching it closes the user's figures, and in a notebook
    # would replace the inline backend); only the figures drawn here are closed, so none of them
    # shows up in a notebook cell and none of the user's is lost.
    users_figures = set(plt.get_fignums())
    prof = resolve_profile(run.profile)
    pngs: dict[str, Path] = {}
    errors: dict[str, str] = {}
    plots = outdir / "plots"
    if plots.is_dir():  # a fresh folder per run: no stale PNGs from an earlier one
        for old in plots.glob("*.png"):
            old.unlink()
    plots.mkdir(parents=True, exist_ok=True)
    for r in wanted:
        png = plots / f"{_safe_name(r.id)}.png"
        ctx = Context(profile=prof, seed=run.seed, claim_id=r.id)
        try:
            assert r.claim is not None
            if r.claim.plot is not None:
                with _titled(r):
                    r.claim.plot(r, ctx, str(png))
            else:
                plot_evidence(r, str(png))
            if png.is_file():
                pngs[r.id] = png
            else:
                errors[r.id] = "plot() wrote no file"
        except Exception as exc:  # a broken plot must not sink the report
            errors[r.id] = f"{type(exc).__name__}: {exc}"
        finally:
            for num in set(plt.get_fignums()) - users_figures:
                plt.close(num)
    return pngs, errors, None


def _cx_block(cx: dict | None) -> str:
    if cx is None:
        return ""
    return json.dumps(cx, indent=2, sort_keys=True)


def _corrected(run: RunResult, r: ClaimResult) -> tuple[str, str, str] | None:
    """(id, statement, verdict) of the corrected version of a finding, when known."""
    if not r.corrected_by:
        return None
    for x in run.results:
        if x.id == r.corrected_by:
            return x.id, x.statement or x.title, x.verdict
    from ._registry import all_claims

    for c in all_claims():
        if c.id == r.corrected_by:
            return c.id, c.statement or c.title, "not run"
    return r.corrected_by, "(not registered)", "not run"


def _md_cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown_tag_legend(run: RunResult) -> list[str]:
    """What each source tag of this run means, by paper."""
    from ._paper import tags_by_paper

    out = ["Source tags (where a claim's statement comes from, in its paper's terms):", ""]
    for key, (meanings, tags) in tags_by_paper(run.all_results()).items():
        out += [f"- {key}: " + "; ".join(
            f"`{t}` {meanings.get(t, 'not explained by the paper')}" for t in tags)]
    return out + [""]


def _markdown(run: RunResult, pngs: dict[str, Path], plot_errors: dict[str, str],
              note: str | None, outdir: Path) -> str:
    s = run.summary
    out = [
        "# reluflow report",
        "",
        f"reluflow {reluflow_version()} · profile `{run.profile}` · seed `{run.seed}` · "
        f"{'**all verdicts as expected**' if run.ok else '**MISMATCHES**'}",
        "",
        f"confirmed {s['confirmed']} · refuted {s['refuted']} · inconclusive {s['inconclusive']}"
        f" · twins refuted {s['twins_refuted']}/{s['twins_total']}",
        "",
    ]
    if note:
        out += [f"> {note}", ""]
    out += _markdown_tag_legend(run)
    out += [
        "| claim | method | source | verdict | expected | margin | tolerance | cases | strength "
        "| seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in run.all_results():
        name = ("↳ " if r.twin_of else "") + r.id
        flag = ("" if r.matches else " ✗") + (" (proved)" if r.level == "proved" else "")
        out.append(
            f"| {_md_cell(name)} | {r.method} | {r.source} | {r.verdict}{flag} | {r.expected} | "
            f"{format_margin(r.margin)} | {format_margin(r.tolerance)} | {r.cases} | "
            f"{r.strength or '-'} | {r.seconds:.2f} |"
        )
    findings = [r for r in run.results if r.finding]
    out += ["", "## Findings", ""]
    if not findings:
        out += ["No claim of this run is marked as a finding (a paper statement false as stated).",
                ""]
    for r in findings:
        out += [f"### {r.id} — {r.title}", "", f"**As stated** ({r.verdict}): {r.statement}", ""]
        if r.counterexample is not None:
            out += ["Counterexample:", "", "```json", _cx_block(r.counterexample), "```", ""]
        corr = _corrected(run, r)
        if corr is not None:
            out += [f"**Corrected version** `{corr[0]}` ({corr[2]}): {corr[1]}", ""]
        else:
            out += ["No corrected version registered (set `corrected_by` on the claim).", ""]
    out += ["", "## Claims", ""]
    for r in run.all_results():
        out += [f"### {r.id}", "", f"**{r.title}** — verdict **{r.verdict}**, expected "
                f"{r.expected}; margin {format_margin(r.margin)} at tolerance "
                f"{format_margin(r.tolerance)}, {r.cases} case(s), {r.seconds:.2f} s", ""]
        if r.coverage:
            out += [f"Coverage: {coverage_text(r.coverage)}; strength {r.strength or '-'}.", ""]
        if r.certificate:
            c = r.certificate
            out += [f"Certified check: {c.get('status')} — {c.get('reason', '')} "
                    f"({c.get('boxes', 0)} boxes, depth {c.get('depth', 0)}, "
                    f"{float(c.get('seconds', 0.0)):.2f} s)", ""]
            for rec in c.get("case_records") or []:
                out += ["- " + ", ".join(f"{k} {v}" for k, v in rec.items())]
            if c.get("case_records"):
                out += [""]
        if r.statement:
            out += [r.statement, ""]
        if r.latex:
            out += ["$$", r.latex, "$$", ""]
        if r.assumptions:
            out += ["Assumptions:", ""] + [f"- {a}" for a in r.assumptions] + [""]
        if r.citation:
            out += [f"Citation: {r.citation}", ""]
        if r.notes:
            out += [f"Notes: {r.notes}", ""]
        if r.error:
            out += [f"Error: `{r.error}`", ""]
        if r.counterexample is not None:
            out += ["Counterexample:", "", "```json", _cx_block(r.counterexample), "```", ""]
        if r.id in pngs:
            out += [f"![{r.id}]({pngs[r.id].relative_to(outdir).as_posix()})", ""]
        if r.id in plot_errors:
            out += [f"Plot failed: {plot_errors[r.id]}", ""]
    return "\n".join(out) + "\n"


def write_report(run: RunResult, directory: str | Path) -> Path:
    """Write ``index.md``, ``index.html`` (formulas typeset as MathML, plots linked) and
    ``plots/*.png`` into ``directory``.

    Returns the path of ``index.html``.
    """
    outdir = Path(directory)
    outdir.mkdir(parents=True, exist_ok=True)
    pngs, plot_errors, note = _draw_plots(run, outdir)
    (outdir / "index.md").write_text(_markdown(run, pngs, plot_errors, note, outdir),
                                     encoding="utf-8")
    index = outdir / "index.html"
    index.write_text(_html.render(run, pngs, plot_errors, note, outdir), encoding="utf-8")
    return index

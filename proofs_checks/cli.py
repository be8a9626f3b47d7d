"""The ``reluflow`` command line: list, show, check and derive claims; run sweeps.

Exit codes follow click: 0 when every verdict is as expected, 1 when some is not, 2 on a usage
error (unknown profile, a pattern that matches no claim, a bad option). Importing this module is
cheap: Hypothesis, sympy and the report writers are imported inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

try:  # typer >= 0.20 vendors click; its own UsageError is the one it turns into exit code 2
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - older typer on top of click
    from click import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from ._claim import Claim
    from ._engine import ClaimResult, ProgressEvent

app = typer.Typer(
    name="reluflow",
    help="Verify theorems about gradient-flow training of ReLU networks: one verdict per claim.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_VERDICT_STYLE = {"confirmed": "green", "refuted": "red", "inconclusive": "yellow"}


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"reluflow {version('reluflow')}")
        except PackageNotFoundError:  # pragma: no cover - run from a source tree
            typer.echo("reluflow (not installed)")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.",
    )] = False,
) -> None:
    """Verify theorems about gradient-flow training of ReLU networks: one verdict per claim."""


def _console(stderr: bool = False, soft_wrap: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    # Off a terminal (CI logs, pipes, CliRunner) keep plain text and a wide table.
    return Console(file=stream, highlight=False, soft_wrap=soft_wrap,
                   width=None if tty else 160, no_color=not tty, emoji=False)


def _load(modules: list[str], builtin: bool) -> None:
    """Import the built-in paper modules and the user's modules (usage error if one is missing)."""
    from ._registry import load

    try:
        load(modules, builtin=builtin)
    except ModuleNotFoundError as exc:
        raise UsageError(f"--module {exc}") from exc
    except SyntaxError as exc:
        where = f"{Path(exc.filename).name}:{exc.lineno}" if exc.filename else f"line {exc.lineno}"
        raise UsageError(f"--module: syntax error at {where}: {exc.msg}") from None


def _select(patterns: list[str], builtin: bool = True) -> list[Claim]:
    from ._engine import select_claims

    try:
        return select_claims(patterns, builtin=builtin, require_match=True)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _check_blob(blob: str) -> None:
    """A --reproduce blob that Hypothesis cannot decode is a usage error, not a verdict."""
    import ast

    from hypothesis.core import decode_failure

    text = blob.strip()
    try:
        raw = ast.literal_eval(text) if text[:2] in ("b'", 'b"') else text.encode()
        decode_failure(raw)
    except Exception as exc:  # noqa: BLE001 - any decoding failure means the same thing
        raise UsageError(f"--reproduce: not a Hypothesis reproduce blob ({type(exc).__name__}); "
                         "copy the b'...' text of a counterexample's reproduce.blob") from None


def _profile_callback(value: str) -> str:
    from ._claim import PROFILES

    if value not in PROFILES:
        raise typer.BadParameter(f"unknown profile {value!r}; choose one of {', '.join(PROFILES)}")
    return value


ModuleOpt = Annotated[
    list[str] | None,
    typer.Option("--module", "-m", metavar="MODULE",
                 help="Import a module (dotted name or .py path) that registers claims. "
                 "Repeatable."),
]
BuiltinOpt = Annotated[
    bool, typer.Option("--builtin/--no-builtin", help="Load the built-in paper claims.")
]


@app.command("list")
def list_(
    pattern: Annotated[list[str] | None, typer.Argument(metavar="PATTERN",
                                                        help="Claim id patterns.")] = None,
    module: ModuleOpt = None,
    builtin: BuiltinOpt = True,
) -> None:
    """List claims: id, paper, method, source tag, expected verdict, number of twins."""
    from rich.table import Table

    _load(module or [], builtin)
    claims = _select(pattern or [], builtin)
    table = Table(box=None, pad_edge=False)
    for col in ("id", "paper", "method", "source", "expected", "twins"):
        table.add_column(col, justify="right" if col == "twins" else "left")
    for c in claims:
        expected = c.expected + (" (finding)" if c.finding else "")
        table.add_row(c.id, c.paper, c.method, c.source, expected, str(len(c.twins)))
    con = _console()
    con.print(table)
    con.print(f"{len(claims)} claim(s), {sum(len(c.twins) for c in claims)} twin(s)")


@app.command()
def show(
    claim_ids: Annotated[list[str], typer.Argument(
        metavar="CLAIM...", help="Claim ids, or patterns that each match one claim.")],
    module: ModuleOpt = None,
    builtin: BuiltinOpt = True,
) -> None:
    """Show claims: statement, LaTeX, assumptions, citation, notes, twins, derivation."""
    _load(module or [], builtin)
    from ._engine import select_claims

    every = select_claims(None)
    chosen = []
    for claim_id in claim_ids:
        claims = [c for c in every if c.id == claim_id] or select_claims([claim_id])
        if len(claims) != 1:
            if not claims:
                raise UsageError(f"no claim matches {claim_id!r} (reluflow list)")
            listed = ", ".join(c.id for c in claims[:12]) + (" …" if len(claims) > 12 else "")
            raise UsageError(f"{len(claims)} claims match {claim_id!r}: {listed}; give exact "
                             "ids (several are fine)")
        chosen.append(claims[0])
    for i, c in enumerate(chosen):
        if i:
            _console().print()
        _show_one(c)


def _show_one(c: Claim) -> None:
    con = _console(soft_wrap=True)  # LaTeX and statements stay on their lines, copy-pasteable
    con.print(f"[bold]{c.id}[/bold] — {c.title}")
    rows = [
        ("paper", c.paper), ("method", c.method), ("source", c.source),
        ("expected", c.expected + (" (finding: false as stated)" if c.finding else "")),
        ("citation", str(c.citation)),
    ]
    from ._paper import papers

    paper = papers().get(c.paper)
    if paper is not None and paper.theory:
        rows.append(("theory", paper.theory))
    if c.corrected_by:
        rows.append(("corrected by", c.corrected_by))
    if c.twin_of:
        rows.append(("twin of", f"{c.twin_of} (a deliberately false variant)"))
    for k, v in rows:
        con.print(f"{k:>12}: {v}", markup=False)
    con.print("\nStatement:", style="bold")
    con.print(c.statement, markup=False)
    if c.latex:
        con.print("\nLaTeX:", style="bold")
        con.print(c.latex, markup=False)
    if c.assumptions:
        con.print("\nAssumptions:", style="bold")
        for a in c.assumptions:
            con.print(f"  - {a}", markup=False)
    if c.hypotheses:
        con.print("\nHypotheses:", style="bold")
        for k, v in c.hypotheses.items():
            con.print(f"  {k}: {v}", markup=False)
    if c.notes:
        con.print("\nNotes:", style="bold")
        con.print(c.notes, markup=False)
    if c.twins:
        con.print("\nTwins (expected refuted):", style="bold")
        for t in c.twins:
            con.print(f"  {t.id}: {t.title}", markup=False)
    if c.derivation:
        con.print(f"\nDerivation ({c.derivation}):", style="bold")
        try:
            import symbolic

            con.print(symbolic.derive(c.derivation, **c.derivation_params).latex(),
                      markup=False)
        except Exception as exc:  # a missing derivation must not hide the claim
            con.print(f"  (unavailable: {type(exc).__name__}: {exc})", markup=False)


def _rich_bar(console: Console, label: str, *, remaining: bool = False) -> object:
    """A transient rich progress bar: label, bar, done/total, elapsed (and remaining) time."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    if remaining:
        columns.append(TimeRemainingColumn())
    return Progress(*columns, console=console, transient=True)


class _Progress:
    """Live progress: a rich bar on a terminal, one plain line per claim otherwise."""

    def __init__(self, total: int, console: Console) -> None:
        self.total = total
        self.console = console
        self.bar = None
        if console.is_terminal:
            self.bar = _rich_bar(console, "{task.description}")
            self.task = self.bar.add_task("checking", total=total)

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def __call__(self, ev: ProgressEvent) -> None:
        if self.bar is not None:
            if ev.kind == "start":
                self.bar.update(self.task, description=f"checking {ev.claim.id}")
            else:
                self.bar.advance(self.task)
            return
        if ev.kind == "done" and ev.result is not None:
            r = ev.result
            mark = "" if r.matches else f"  (expected {r.expected})"
            self.console.print(
                f"[{ev.index}/{ev.total}] {r.id} ... {r.verdict}{mark} ({r.seconds:.2f} s)",
                markup=False,
            )


# the table's columns, the ones dropped first when the terminal is narrow last; the claim id
# is never wrapped or truncated (it is what a user copies into the next command)
_COLUMNS = ("claim", "verdict", "margin", "expected", "cases", "method", "seconds")
_SHOWN_ORDER = ("claim", "method", "verdict", "expected", "margin", "cases", "seconds")


def _level_callback(value: str) -> str:
    if value not in ("any", "proved"):
        raise typer.BadParameter(f"must be 'any' or 'proved', got {value!r}")
    return value


def _results_table(results: list[ClaimResult], width: int | None = None) -> object:
    from rich.markup import escape
    from rich.table import Table

    from ._report import format_margin

    rows = []
    for r in results:
        for x in (r, *r.twins):
            nested = x is not r
            name = ("  ~ " + x.id.split("~", 1)[-1]) if nested else x.id
            mark = "" if x.matches else " ✗"
            level = "" if x.level != "proved" else (
                " (proved)" if x.verdict == "confirmed" else " (certified)")
            rows.append({"claim": name, "method": x.method, "verdict": x.verdict + level + mark,
                         "expected": x.expected, "margin": format_margin(x.margin),
                         "cases": str(x.cases), "seconds": f"{x.seconds:.2f}",
                         "_style": _VERDICT_STYLE.get(x.verdict, ""), "_matches": x.matches})
    widths = {c: max([len(c)] + [len(row[c]) for row in rows]) for c in _COLUMNS}
    keep = list(_COLUMNS)
    if width is not None:
        while len(keep) > 2 and sum(widths[c] + 2 for c in keep) > width:
            keep.pop()
    shown = [c for c in _SHOWN_ORDER if c in keep]
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in shown:
        table.add_column(col, justify="right" if col in ("margin", "cases", "seconds") else "left",
                         no_wrap=True, min_width=widths[col] if col == "claim" else None)
    for row in rows:
        cells = []
        for col in shown:
            text = escape(row[col])
            if col == "verdict" and row["_style"]:
                verdict = escape(row["verdict"].replace(" ✗", ""))
                text = f"[{row['_style']}]{verdict}[/{row['_style']}]" + (
                    "" if row["_matches"] else " [bold]✗[/bold]")
            cells.append(text)
        table.add_row(*cells)
    return table


def _short(value, digits: int = 4) -> str:
    """A parameter value in a few significant digits (arrays as lists)."""
    import numpy as np

    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_short(v, digits)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)) or (hasattr(value, "shape") and np.ndim(value) > 0):
        items = list(np.asarray(value, dtype=object).ravel()) if hasattr(value, "shape") \
            else list(value)
        shown = [_short(v, digits) for v in items[:8]]
        return "[" + ", ".join(shown) + (", …" if len(items) > 8 else "") + "]"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def _named(params, names: tuple[str, ...]) -> str:
    if isinstance(params, dict):
        return ", ".join(f"{k}={_short(v)}" for k, v in params.items())
    if isinstance(params, (list, tuple)) and names and len(names) == len(params):
        return ", ".join(f"{k}={_short(v)}" for k, v in zip(names, params, strict=True))
    return _short(params)


def _print_counterexamples(con, results: list[ClaimResult], claims: list[Claim]) -> None:
    """One line per refuted claim (and per refuted twin when few claims ran): the
    counterexample's parameters by name, and its evidence in brief."""
    names = {}
    for c in claims:
        names[c.id] = c.param_names
        for t in c.twins:
            names[t.id] = t.param_names or c.param_names
    lines = []
    for r in results:
        rows = [r] + (list(r.twins) if len(results) <= 10 else [])
        for x in rows:
            cx = x.counterexample
            if x.verdict != "refuted" or not cx:
                continue
            ev = cx.get("evidence") or {}
            brief = ""
            if "computed" in ev and "claimed" in ev:
                brief = f"  (computed {_short(ev['computed'])} vs claimed {_short(ev['claimed'])})"
            lines.append(f"  {x.id}: {_named(cx.get('params'), names.get(x.id, ()))}{brief}")
            certified = cx.get("certified_box") or {}
            box = certified.get("box")
            if "case" in certified:
                lines.append(f"    certified false at case {_short(certified['case'])} "
                             f"(margin in {_short(certified.get('margin_enclosure'))})")
            elif box:
                lines.append("    certified box (false at every point): " + ", ".join(
                    f"{k} ∈ [{lo:.6g}, {hi:.6g}]" for k, (lo, hi) in box.items()))
    if lines:
        con.print("counterexamples:", style="bold")
        for line in lines:
            con.print(line, markup=False, soft_wrap=True)


@app.command()
def check(
    pattern: Annotated[list[str] | None, typer.Argument(
        metavar="PATTERN",
        help="Claim id patterns: shell wildcards, an exact id, or an id prefix such as "
             "`tian2017`.")] = None,
    profile: Annotated[str, typer.Option(
        "--profile", "-p", callback=_profile_callback, metavar="quick|ci|thorough",
        help="Effort: quick, ci or thorough.")] = "ci",
    seed: Annotated[int, typer.Option(
        "--seed", "-s", metavar="N", min=0,
        help="Run seed, an integer >= 0 (same seed, same run).")] = 0,
    json_path: Annotated[Path | None, typer.Option(
        "--json", metavar="PATH", help="Write the JSON report here ('-' for stdout).",
        allow_dash=True)] = None,
    junit: Annotated[Path | None, typer.Option("--junit", metavar="PATH",
                                               help="Write JUnit XML here.")] = None,
    latex: Annotated[Path | None, typer.Option(
        "--latex", metavar="PATH",
        help="Write one LaTeX (booktabs) verdict table per paper here.")] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="DIR",
        help="Write index.md, index.html and plots into this directory.")] = None,
    twins: Annotated[bool, typer.Option(
        "--twins/--no-twins", help="Also check each claim's false twins.")] = True,
    module: ModuleOpt = None,
    builtin: BuiltinOpt = True,
    reproduce: Annotated[str | None, typer.Option(
        "--reproduce", metavar="BLOB",
        help="Replay one Hypothesis counterexample from its reproduce blob (b'...'); "
             "needs a pattern selecting exactly one claim or twin.")] = None,
    case: Annotated[int | None, typer.Option(
        "--case", metavar="N",
        help="Check only case N (its case_index) of one claim or twin with cases= or "
             "pinned examples.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1) when a user claim has no false twin.")] = False,
    jobs: Annotated[str, typer.Option(
        "--jobs", "-j", metavar="N|auto",
        help="Check claims on N Dask worker processes ('auto': one per core); the verdicts, "
             "margins and counterexamples are the serial run's. Needs the parallel extra.")] = "1",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDR", envvar="DASK_SCHEDULER_ADDRESS",
        help="Check claims on the workers of this running Dask scheduler.")] = None,
    level: Annotated[str, typer.Option(
        "--level", metavar="any|proved", callback=_level_callback,
        help="'proved': only the claims with a certified (interval branch-and-bound) check; "
             "'any' (default): all.")] = "any",
) -> None:
    """Check claims and print one verdict per claim (exit 0 iff all are as expected)."""
    from ._distributed import SchedulerError, available, resolve_jobs
    from ._engine import RunResult, run_claim, run_claims

    try:
        n_jobs = resolve_jobs(jobs)
    except ValueError:
        raise UsageError(f"--jobs must be a positive integer or 'auto', got {jobs!r}") from None
    if (n_jobs > 1 or scheduler) and not available():
        raise UsageError("--jobs > 1 and --scheduler need Dask: "
                         "python -m pip install -e '.[parallel]'")
    _load(module or [], builtin)
    claims = _select(pattern or [], builtin)
    if not claims:
        raise UsageError("no claims are registered (try --module or --builtin)")
    if level == "proved":
        claims = [c for c in claims if c.certified is not None]
        if not claims:
            raise UsageError("--level proved: none of the selected claims has a certified "
                             "check")
    if reproduce is not None:
        if len(claims) != 1 or claims[0].strategy is None:
            raise UsageError("--reproduce needs a pattern selecting exactly one claim (or "
                             f"twin) with a strategy; this one selects {len(claims)}")
        _check_blob(reproduce)
        twins = False
    if case is not None:
        if reproduce is not None:
            raise UsageError("give --case or --reproduce, not both")
        if len(claims) != 1 or (claims[0].cases is None and claims[0].examples is None):
            raise UsageError("--case needs a pattern selecting exactly one claim (or twin) with "
                             f"cases= or pinned examples; this one selects {len(claims)}")
        if case < 0:
            raise UsageError(f"--case must be >= 0, got {case}")
        twins = False
    json_to_stdout = json_path is not None and str(json_path) == "-"
    con = _console(stderr=json_to_stdout)
    total = sum(1 + (len(c.twins) if twins else 0) for c in claims)
    with _Progress(total, con) as prog:
        if reproduce is not None or case is not None:
            try:
                one = run_claim(claims[0], profile=profile, seed=seed, twins=False,
                                progress=prog, reproduce=reproduce, case=case)
            except ValueError as exc:
                raise UsageError(f"--case: {exc}") from None
            run = RunResult([one], seed=seed, profile=profile, twins=False, seconds=one.seconds)
        else:
            try:
                run = run_claims(claims, profile=profile, seed=seed, twins=twins,
                                 progress=prog, jobs=n_jobs, scheduler=scheduler,
                                 modules=module or [], builtin=builtin)
            except SchedulerError as exc:
                raise UsageError(f"--scheduler: {exc}") from None
    con.print(_results_table(run.results, con.width))
    _print_counterexamples(con, run.results, claims)
    s = run.summary
    con.print(
        f"confirmed {s['confirmed']}, refuted {s['refuted']}, inconclusive {s['inconclusive']}; "
        f"twins refuted {s['twins_refuted']}/{s['twins_total']}; {run.seconds:.1f} s "
        f"(profile {profile}, seed {seed})"
    )
    certified = [x for x in run.all_results() if x.certificate is not None]
    if certified:
        unproved = [x.id for x in certified if x.level != "proved"]
        con.print(f"certified checks: {s['proved']} claims proved, {s['twins_certified']} twins "
                  f"refuted on a certified box" + (
                      f"; not settled (the sampled verdict stands): {', '.join(unproved)}"
                      if unproved else ""), markup=False)
    for r in run.mismatches:
        con.print(f"MISMATCH {r.id}: {r.verdict}, expected {r.expected}"
                  + (f" — {r.error}" if r.error else ""), markup=False, style="red")
    weak = [r.id for r in run.all_results() if r.strength == "weak"]
    if weak and len(weak) <= 12:
        con.print(f"note: confirmed on one or two cases only: {', '.join(weak)}", markup=False)
    elif weak:
        con.print(f"note: {len(weak)} verdicts are confirmed on one or two cases only "
                  "(strength 'weak' in the JSON)", markup=False)
    for w in run.warnings:
        con.print(f"WARNING {w}", markup=False, style="yellow")
    if json_path is not None or junit is not None or report is not None or latex is not None:
        from . import _report

        if json_to_stdout:
            sys.stdout.write(_report.dumps_json(run))
        elif json_path is not None:
            con.print(f"JSON: {_report.write_json(run, json_path)}", markup=False)
        if junit is not None:
            con.print(f"JUnit: {_report.write_junit(run, junit)}", markup=False)
        if latex is not None:
            con.print(f"LaTeX: {_report.write_latex(run, latex)}", markup=False)
        if report is not None:
            con.print(f"report: {_report.write_report(run, report)}", markup=False)
    raise typer.Exit(0 if run.ok and not (strict and run.warnings) else 1)


@app.command()
def derive(
    name: Annotated[str | None, typer.Argument(metavar="NAME",
                                               help="A derivation name (see --list).")] = None,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", metavar="latex|python|sympy",
        help="latex, python (a module that runs on its own) or sympy (srepr).")] = "latex",
    act: Annotated[str | None, typer.Option(
        "--activation", "-a", metavar="NAME[:PARAM]",
        help="relu, leaky_relu:0.1, relu_power:2, abs, step, linear, erf, "
        "piecewise:NEG;POS.")] = None,
    subs: Annotated[list[str] | None, typer.Option(
        "--subs", "-s", metavar="KEY=VALUE",
        help="A parameter of the derivation (K=3) or a value for one of its symbols (L=3, "
        "kappa=1/2); repeatable.")] = None,
    module: Annotated[list[str] | None, typer.Option(
        "--module", "-m", help="Import this module first (it may register derivations).",
    )] = None,
    list_all: Annotated[bool, typer.Option("--list", help="List the derivations.")] = False,
) -> None:
    """Print a symbolic derivation as LaTeX, a self-contained Python module or a sympy srepr."""
    import symbolic  # lazily: sympy is slow to import

    if module:
        from ._registry import load_modules

        try:
            load_modules(module)
        except ModuleNotFoundError as exc:
            raise UsageError(f"--module {exc}") from exc
        except SyntaxError as exc:
            raise UsageError(f"--module {module}: syntax error at line {exc.lineno}: "
                             f"{exc.msg}") from None
    if list_all:
        con = _console()
        for n in symbolic.available():
            desc = symbolic.describe(n)  # builders' docstrings: nothing is derived
            params = symbolic.parameters(n)
            shown = f" [{', '.join(params)}]" if params else ""
            con.print(f"{n}{shown}  {desc}".rstrip(), markup=False)
        return
    if name is None:
        raise UsageError("give a derivation NAME or --list")
    if fmt not in ("latex", "python", "sympy"):
        raise typer.BadParameter(f"{fmt!r} is not one of latex, python, sympy",
                                 param_hint="--format")
    if name not in symbolic.available():
        raise UsageError(
            f"unknown derivation {name!r}; available: {', '.join(symbolic.available())}"
        )
    allowed = symbolic.parameters(name)
    params: dict = {}
    values: dict = {}
    if act is not None:
        if "activation" not in allowed:
            raise UsageError(f"{name!r} takes no --activation; its parameters: "
                             f"{', '.join(allowed) or 'none'}")
        params["activation"] = act
    for item in subs or ():
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise UsageError(f"--subs takes KEY=VALUE, got {item!r}")
        (params if key in allowed else values)[key] = value
    try:
        d = symbolic.derive(name, **params)
        if values:
            d = d.subs(values)
        text = getattr(d, fmt)()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    typer.echo(text)


@app.command()
def sweep(
    name: Annotated[str | None, typer.Argument(
        metavar="NAME", help="A sweep name (see --list).")] = None,
    grid: Annotated[list[str] | None, typer.Option(
        "--grid", "-g", metavar="KEY=V1,V2,...",
        help="The values of one parameter (replaces its default); repeatable.")] = None,
    seeds: Annotated[int | None, typer.Option(
        "--seeds", "-n", metavar="N", min=1,
        help="Repetitions per grid point (default: the sweep's).")] = None,
    seed: Annotated[int, typer.Option(
        "--seed", "-s", metavar="N", min=0,
        help="Base seed, an integer >= 0 (same seed, same records).")] = 0,
    store: Annotated[Path | None, typer.Option(
        "--store", metavar="DIR",
        help="Results store (Parquet): finished records are kept there and skipped when the "
             "sweep is run again. Default: reluflow-sweeps/ in the working directory.")] = None,
    no_store: Annotated[bool, typer.Option(
        "--no-store", help="Keep the records in memory only (nothing resumes).")] = False,
    export: Annotated[Path | None, typer.Option(
        "--export", metavar="FILE", help="Write the records as CSV (.csv) or Parquet "
                                         "(.parquet).")] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="DIR",
        help="Write the summary (CSV, Markdown) and its plot (curve with confidence band, or "
             "heatmap for two parameters) here.")] = None,
    jobs: Annotated[str, typer.Option(
        "--jobs", "-j", metavar="N|auto",
        help="Run on N Dask worker processes ('auto': one per core).")] = "1",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDR", envvar="DASK_SCHEDULER_ADDRESS",
        help="Run on the workers of this running Dask scheduler.")] = None,
    module: Annotated[list[str] | None, typer.Option(
        "--module", "-m", metavar="MODULE",
        help="Import a module (dotted name or .py path) that registers sweeps. "
             "Repeatable.")] = None,
    builtin: Annotated[bool, typer.Option(
        "--builtin/--no-builtin", help="Load the built-in sweeps.")] = True,
    list_sweeps: Annotated[bool, typer.Option("--list", help="List the sweeps.")] = False,
) -> None:
    """Run a parameter sweep into a resumable results store and summarise it per grid point
    with confidence intervals."""
    from ._distributed import SchedulerError, available, resolve_jobs
    from ._store import ResultsStore
    from ._sweep import CONFIDENCE, all_sweeps, get_sweep, load_sweeps, parse_grid, run_sweep

    try:
        load_sweeps(module or [], builtin=builtin)
    except (ModuleNotFoundError, ImportError) as exc:
        raise UsageError(f"--module: {exc}") from None
    con = _console()
    if list_sweeps or name is None:
        if name is None and not list_sweeps:
            raise UsageError("give a sweep NAME, or --list")
        for sw in all_sweeps():
            grid_text = " ".join(f"{k}={','.join(map(str, v))}" for k, v in sw.grid.items())
            con.print(f"{sw.name}  {sw.title}\n    grid: {grid_text}; seeds {sw.seeds}; "
                      f"outcome {sw.outcome} ({sw.summary})", markup=False)
        return
    try:
        sw = get_sweep(name)
        grid_values = parse_grid(sw, grid or [])
        n_jobs = resolve_jobs(jobs)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if (n_jobs > 1 or scheduler) and not available():
        raise UsageError("--jobs > 1 and --scheduler need Dask: pip install "
                         "'reluflow[parallel]'")
    if export is not None and export.suffix not in (".csv", ".parquet"):
        raise UsageError(f"--export: the file must end in .csv or .parquet, got {str(export)!r}")
    results_store = None
    if not no_store:
        try:
            results_store = ResultsStore(store or Path("reluflow-sweeps"))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    progress = _SweepProgress(con)
    try:
        with progress:
            result = run_sweep(sw, grid=grid_values, seeds=seeds, seed=seed, jobs=n_jobs,
                               scheduler=scheduler, store=results_store,
                               modules=module or [], builtin=builtin, progress=progress)
    except (SchedulerError, ValueError) as exc:  # a bad parameter value is the user's
        raise UsageError(str(exc)) from None
    con.print(f"{sw.name}: {result.computed} records computed, {result.skipped} already "
              f"stored; {result.seconds:.1f} s (code {result.code_version})", markup=False)
    con.print(f"{sw.outcome_label or sw.outcome}, {100 * CONFIDENCE:g}% intervals:",
              markup=False)
    con.print(result.summary.to_string(index=False, float_format=lambda x: f"{x:.4g}"),
              markup=False)
    if results_store is not None:
        con.print(f"store: {results_store.folder(sw.name)}", markup=False)
    if export is not None:
        frame = result.records
        if export.suffix == ".csv":
            frame.to_csv(export, index=False)
        else:
            frame.to_parquet(export, index=False)
        con.print(f"records: {export}", markup=False)
    if report is not None:
        from ._sweep import plot_summary

        report.mkdir(parents=True, exist_ok=True)
        stem = sw.name.replace(".", "-")
        result.summary.to_csv(report / f"{stem}-summary.csv", index=False)
        (report / f"{stem}.md").write_text(
            f"# {sw.name}\n\n{sw.title}\n\n{sw.notes}\n\n"
            f"{len(result.records)} records, seed {seed}, code {result.code_version}; "
            f"{100 * CONFIDENCE:g}% {'Clopper–Pearson' if sw.summary == 'proportion' else 't'}"
            f" intervals.\n\n![{sw.name}]({stem}.png)\n\n"
            + _markdown_table(result.summary) + "\n", encoding="utf-8")
        try:
            plot_summary(result, str(report / f"{stem}.png"))
        except ImportError:
            con.print("(no plot: matplotlib is not installed)", markup=False)
        con.print(f"report: {report}", markup=False)


def _markdown_table(frame) -> str:
    cols = list(frame.columns)

    def cell(v) -> str:
        return f"{v:.4g}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |"
              for row in frame.itertuples(index=False)]
    return "\n".join(lines)


class _SweepProgress(_Progress):
    """A rich bar on a terminal; on a pipe, a line at every tenth of the records."""

    def __init__(self, console: Console) -> None:  # its own bar; entering and leaving are shared
        self.console = console
        self.bar = None
        self.task = None
        self.last = -1
        if console.is_terminal:
            self.bar = _rich_bar(console, "sweeping", remaining=True)

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            if self.task is None:
                self.task = self.bar.add_task("sweep", total=total, completed=done)
            else:
                self.bar.update(self.task, completed=done)
            return
        tenth = (10 * done) // max(total, 1)
        if tenth != self.last:
            self.last = tenth
            self.console.print(f"[{done}/{total}] records", markup=False)


def main(argv: list[str] | None = None) -> None:
    """Console entry point (``reluflow``, ``python -m proofs_checks``).

    A usage error is one line on stderr, ``reluflow: error: ...``, and exit code 2 (click's
    boxed help message is for ``--help``, not for a mistyped option)."""
    try:
        from typer._click.exceptions import Abort, ClickException, Exit
    except ImportError:  # pragma: no cover - older typer on top of click
        from click.exceptions import Abort, ClickException, Exit
    try:
        code = app(args=argv, prog_name="reluflow", standalone_mode=False)
    except UsageError as exc:
        if not exc.format_message():  # no arguments at all: the help was printed
            sys.exit(2)
        hint = f" (reluflow {exc.ctx.info_name} --help)" if exc.ctx is not None and \
            exc.ctx.info_name != "reluflow" else " (reluflow --help)"
        print(f"reluflow: error: {exc.format_message()}{hint}", file=sys.stderr)
        sys.exit(2)
    except ClickException as exc:
        print(f"reluflow: error: {exc.format_message()}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except Exit as exc:
        sys.exit(exc.exit_code)
    except Abort:
        print("reluflow: aborted", file=sys.stderr)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()

"""Parameter sweeps: many independent runs over a grid, on Dask, into a resumable store.

A :class:`Sweep` is a pure function ``run(rng, **params) -> {output: value}`` of one
repetition at one grid point, plus the grid, the repetitions per point and the output that the
summary counts. Each (point, repetition) is one task whose random generator is
``SeedSequence([seed, crc32(sweep), crc32(point), repetition])``: a record depends only on its
key, never on which worker ran it or what ran before, so a resumed or distributed sweep gives
the records of a serial one. The client writes each record to the store as its task returns
(:mod:`proofs_checks._store`); a killed worker loses only its running task, which Dask runs
again elsewhere, and a rerun skips every key already stored.

Summaries: an output that is a proportion (a boolean per run) gets exact Clopper–Pearson
intervals; a mean gets a Student-t interval over the runs that have a finite value (the others
are counted as ``missing``). Both at ``CONFIDENCE``.
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import math
import os
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._store import ResultsStore, canonical_params, record_key

__all__ = ["CONFIDENCE", "Sweep", "SweepResult", "all_sweeps", "code_version", "get_sweep",
           "load_sweeps", "parse_grid", "plot_summary", "register_sweep", "run_sweep",
           "summarise", "task_seed"]

#: the confidence level of every interval a sweep reports
CONFIDENCE = 0.95

_SWEEPS: dict[str, Sweep] = {}
_BUILTIN_MODULES = ("proofs_checks.papers.tian2017.sweeps",
                    "proofs_checks.papers.min2024.sweeps", "proofs_checks.papers.lee2022.sweeps",
                    "proofs_checks.papers.boursier2022.sweeps")
_loaded = False


@dataclass(frozen=True)
class Sweep:
    """A sweep: ``run(rng, **params)`` returns one repetition's outputs (numbers, booleans or
    short strings). ``grid`` is the default grid (each value a tuple of points), ``seeds`` the
    default repetitions per point, ``outcome`` the output the summary reports, ``summary``
    ``"proportion"`` (a boolean output: exact binomial intervals) or ``"mean"``."""

    name: str
    run: Callable[..., Mapping[str, Any]]
    grid: Mapping[str, tuple]
    outcome: str
    title: str = ""
    seeds: int = 20
    summary: str = "proportion"
    outcome_label: str = ""
    axis_labels: Mapping[str, str] = field(default_factory=dict)
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.name or not all(part.isidentifier() for part in self.name.split(".")):
            raise ValueError(f"sweep name must be dotted identifiers, got {self.name!r}")
        if self.summary not in ("proportion", "mean"):
            raise ValueError(f"summary must be 'proportion' or 'mean', got {self.summary!r}")
        if not self.grid:
            raise ValueError("grid must name at least one parameter")
        for k, values in self.grid.items():
            if not isinstance(values, (tuple, list)) or not values:
                raise ValueError(f"grid[{k!r}] must be a non-empty tuple of values")
        if not isinstance(self.seeds, int) or self.seeds < 1:
            raise ValueError(f"seeds must be a positive integer, got {self.seeds!r}")
        params = inspect.signature(self.run).parameters
        missing = [k for k in self.grid if k not in params]
        if missing:
            raise ValueError(f"sweep {self.name!r}: run() takes no parameter {missing}")

    def parameter_type(self, key: str) -> type:
        """int, float or str: the type of the key's default values (for --grid parsing)."""
        values = self.grid[key]
        if all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
            return int
        if all(isinstance(v, (int, float, np.number)) for v in values):
            return float
        return str


def register_sweep(sweep: Sweep) -> Sweep:
    """Make ``sweep`` known to ``reluflow sweep`` and to the Dask workers that import its
    module (``--module``). A second sweep of the same name from another function is refused."""
    old = _SWEEPS.get(sweep.name)
    if old is not None and old.run.__qualname__ != sweep.run.__qualname__:
        raise ValueError(f"a sweep named {sweep.name!r} is already registered")
    _SWEEPS[sweep.name] = sweep
    return sweep


def load_sweeps(modules: Iterable[str] = (), *, builtin: bool = True) -> None:
    """Import the built-in sweeps and the user's sweep modules (paths or module names)."""
    global _loaded
    from ._registry import load_modules

    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)
    if builtin and not _loaded:
        import importlib

        for name in _BUILTIN_MODULES:
            importlib.import_module(name)
        _loaded = True
    if modules:
        load_modules(list(modules))


def all_sweeps() -> list[Sweep]:
    return [_SWEEPS[k] for k in sorted(_SWEEPS)]


def get_sweep(name: str) -> Sweep:
    """The registered sweep ``name`` (the built-in sweeps are loaded on first use)."""
    if name not in _SWEEPS and not _loaded:
        load_sweeps()
    try:
        return _SWEEPS[name]
    except KeyError:
        known = ", ".join(sorted(_SWEEPS)) or "none"
        raise ValueError(f"no sweep named {name!r} (known: {known})") from None


def code_version(sweep: Sweep) -> str:
    """reluflow's version and a hash of the source of the module that defines the sweep: a
    changed sweep gets new keys, so old records are kept but not mixed with new ones."""
    from . import __version__

    module = inspect.getmodule(sweep.run)
    try:
        source = inspect.getsource(module) if module is not None else ""
    except (OSError, TypeError):
        source = sweep.run.__qualname__
    return f"{__version__}+{hashlib.sha256(source.encode()).hexdigest()[:10]}"


def parse_grid(sweep: Sweep, items: Sequence[str]) -> dict[str, tuple]:
    """``key=v1,v2,...`` items over the sweep's default grid. A key the sweep does not have,
    a value of the wrong type, a non-finite number or an empty list is a ValueError."""
    grid = {k: tuple(v) for k, v in sweep.grid.items()}
    for item in items:
        key, sep, values = item.partition("=")
        key = key.strip()
        if not sep or not values.strip():
            raise ValueError(f"--grid: expected key=v1,v2,..., got {item!r}")
        if key not in grid:
            raise ValueError(f"--grid: sweep {sweep.name!r} has no parameter {key!r} "
                             f"(it has {', '.join(grid)})")
        kind = sweep.parameter_type(key)
        parsed = []
        for raw in values.split(","):
            raw = raw.strip()
            try:
                v = kind(raw)
            except ValueError:
                raise ValueError(f"--grid: {key}={raw!r} is not {kind.__name__}") from None
            if isinstance(v, float) and not math.isfinite(v):
                raise ValueError(f"--grid: {key}={raw!r} is not finite")
            parsed.append(v)
        grid[key] = tuple(dict.fromkeys(parsed))
    return grid


def _points(grid: Mapping[str, tuple]) -> list[dict[str, Any]]:
    keys = list(grid)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*grid.values())]


def task_seed(sweep: str, params: Mapping[str, Any], seed: int, rep: int) -> np.random.SeedSequence:
    """The SeedSequence of one repetition: a function of its key only."""
    return np.random.SeedSequence([int(seed), zlib.crc32(sweep.encode()),
                                   zlib.crc32(canonical_params(params).encode()), int(rep)])


def _plain(value: Any) -> Any:
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, (int, float, str)) or value is None:
        return value
    raise ValueError(f"sweep outputs must be numbers, booleans or strings, got {value!r}")


def _one(name: str, params: dict[str, Any], seed: int, rep: int) -> dict[str, Any]:
    sweep = get_sweep(name)
    rng = np.random.default_rng(task_seed(name, params, seed, rep))
    t0 = time.perf_counter()
    out = {k: _plain(v) for k, v in dict(sweep.run(rng, **params)).items()}
    out["task_seconds"] = time.perf_counter() - t0
    return out


def _task_on_worker(name: str, params: dict[str, Any], seed: int, rep: int,
                    modules: tuple[str, ...], builtin: bool, cwd: str) -> dict[str, Any]:
    """One repetition on a Dask worker: load the sweep modules there (once per process)."""
    from ._distributed import one_numba_thread
    from ._engine import _one_blas_thread

    if os.path.isdir(cwd) and os.getcwd() != cwd:
        os.chdir(cwd)
    load_sweeps(modules, builtin=builtin)
    one_numba_thread()
    with _one_blas_thread():
        return _one(name, params, seed, rep)


@dataclass
class SweepResult:
    """What a sweep run produced: every record of its keys (stored ones included), the
    summary per grid point, and how many records it computed and skipped."""

    sweep: Sweep
    records: Any  # a pandas DataFrame
    summary: Any  # a pandas DataFrame
    computed: int
    skipped: int
    seconds: float
    code_version: str
    grid: dict[str, tuple]


ProgressFn = Callable[[int, int], None]


def run_sweep(sweep: Sweep | str, *, grid: Mapping[str, tuple] | None = None,
              seeds: int | None = None, seed: int = 0, jobs: int = 1,
              scheduler: str | None = None, store: ResultsStore | str | None = None,
              modules: Sequence[str] = (), builtin: bool = True,
              progress: ProgressFn | None = None) -> SweepResult:
    """Run every (grid point, repetition) of ``sweep`` not already in ``store``.

    ``jobs`` > 1 starts a local Dask cluster of that many one-thread worker processes;
    ``scheduler`` (or ``DASK_SCHEDULER_ADDRESS``) uses an existing cluster. ``progress(done,
    total)`` is called after each record (the skipped ones count as done at the start).
    """
    import pandas as pd

    from ._distributed import SCHEDULER_ENV, resolve_jobs

    if isinstance(sweep, str):
        sweep = get_sweep(sweep)
    grid = {k: tuple(v) for k, v in (grid or sweep.grid).items()}
    unknown = [k for k in grid if k not in sweep.grid]
    if unknown:
        raise ValueError(f"grid: sweep {sweep.name!r} has no parameter {unknown}")
    grid = {**{k: tuple(v) for k, v in sweep.grid.items()}, **grid}
    seeds = sweep.seeds if seeds is None else seeds
    if isinstance(seeds, bool) or not isinstance(seeds, (int, np.integer)) or seeds < 1:
        raise ValueError(f"seeds must be a positive integer, got {seeds!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    jobs = resolve_jobs(jobs)
    if isinstance(store, (str, os.PathLike)):
        store = ResultsStore(store)
    version = code_version(sweep)
    t0 = time.perf_counter()

    tasks = []
    for params in _points(grid):
        for rep in range(int(seeds)):
            key = record_key(sweep.name, params, seed, rep, version)
            tasks.append((key, params, rep))
    done_keys = store.keys(sweep.name) if store is not None else set()
    todo = [t for t in tasks if t[0] not in done_keys]
    skipped = len(tasks) - len(todo)
    fresh: list[dict[str, Any]] = []
    count = skipped
    if progress is not None:
        progress(count, len(tasks))

    def finish(key: str, params: dict[str, Any], rep: int, out: dict[str, Any]) -> None:
        nonlocal count
        record = {"sweep": sweep.name, "params": canonical_params(params), "seed": int(seed),
                  "rep": int(rep), "code_version": version, "key": key, **params, **out}
        if store is not None:
            store.write(record)
        fresh.append(record)
        count += 1
        if progress is not None:
            progress(count, len(tasks))

    address = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if todo and (jobs > 1 or address):
        _run_on_dask(sweep, todo, seed, jobs, address, tuple(modules), builtin, finish)
    else:
        for key, params, rep in todo:
            finish(key, params, rep, _one(sweep.name, params, seed, rep))

    if store is not None:
        stored = store.load(sweep.name, code_version=version)
        wanted = {t[0] for t in tasks}
        records = stored[stored["key"].isin(wanted)].reset_index(drop=True)
    else:
        records = pd.DataFrame(fresh)
    order = {t[0]: i for i, t in enumerate(tasks)}
    if len(records):
        records = records.sort_values("key", key=lambda s: s.map(order)).reset_index(drop=True)
    return SweepResult(sweep, records, summarise(sweep, records, list(grid)), len(todo),
                       skipped, time.perf_counter() - t0, version, grid)


def _run_on_dask(sweep: Sweep, todo: list, seed: int, jobs: int, address: str | None,
                 modules: tuple[str, ...], builtin: bool, finish: Callable) -> None:
    try:
        from distributed import as_completed
    except ImportError:
        raise ValueError("jobs > 1 or a scheduler needs Dask: pip install "
                         "'reluflow[parallel]'") from None
    from ._distributed import dask_client

    with dask_client(jobs, address) as client:
        cwd = os.getcwd()
        futures = {}
        for key, params, rep in todo:
            # the record key is the task key: a task lost with its worker is recomputed under
            # the same key, and two clients never run one record twice at once
            fut = client.submit(_task_on_worker, sweep.name, params, int(seed), rep, modules,
                                builtin, cwd, key=f"reluflow-sweep-{key}", pure=False,
                                retries=3)
            futures[fut] = (key, params, rep)
        for fut in as_completed(list(futures), loop=client.loop):
            key, params, rep = futures.pop(fut)
            finish(key, params, rep, fut.result())


def summarise(sweep: Sweep, records: Any, keys: Sequence[str] | None = None) -> Any:
    """Per grid point: runs, the outcome's estimate and its ``CONFIDENCE`` interval."""
    import pandas as pd

    from numeric.stats import clopper_pearson, t_quantile

    keys = list(keys or sweep.grid)
    rows = []
    if len(records) == 0:
        return pd.DataFrame(columns=[*keys, "runs", "estimate", "low", "high"])
    for point, group in records.groupby(keys, sort=True):
        point = point if isinstance(point, tuple) else (point,)
        values = group[sweep.outcome]
        n = int(len(values))
        row = dict(zip(keys, point, strict=True))
        if sweep.summary == "proportion":
            k = int(values.astype(bool).sum())
            lo, hi = clopper_pearson(k, n, CONFIDENCE)
            row.update(runs=n, successes=k, estimate=k / n, low=lo, high=hi)
        else:
            x = values.astype(float).to_numpy()
            missing = int(np.sum(~np.isfinite(x)))  # runs without a value (NaN: not reached)
            x = x[np.isfinite(x)]
            n = int(x.size)
            if n == 0:
                row.update(runs=0, missing=missing, estimate=float("nan"), low=float("nan"),
                           high=float("nan"))
                rows.append(row)
                continue
            mean = float(np.mean(x))
            half = (float(t_quantile(CONFIDENCE, n - 1) * np.std(x, ddof=1)
                          / math.sqrt(n)) if n > 1 else float("inf"))
            row.update(runs=n, missing=missing, estimate=mean, low=mean - half,
                       high=mean + half)
        rows.append(row)
    return pd.DataFrame(rows)


def plot_summary(result: SweepResult, png: str) -> str:
    """A curve with its confidence band (one varying parameter) or a heatmap (two)."""
    import matplotlib.pyplot as plt

    s, sweep = result.summary, result.sweep
    varying = [k for k, v in result.grid.items() if len(v) > 1]
    label = sweep.outcome_label or sweep.outcome
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    if len(varying) == 2:
        a, b = varying
        table = s.pivot(index=b, columns=a, values="estimate")
        limits = {"vmin": 0.0, "vmax": 1.0} if sweep.summary == "proportion" else {}
        im = ax.imshow(table.to_numpy(dtype=float), origin="lower", aspect="auto",
                       cmap="viridis", **limits)
        ax.set_xticks(range(table.shape[1]), [f"{x:g}" if isinstance(x, float) else str(x)
                                              for x in table.columns])
        ax.set_yticks(range(table.shape[0]), [f"{y:g}" if isinstance(y, float) else str(y)
                                              for y in table.index])
        for i in range(table.shape[0]):
            for j in range(table.shape[1]):
                row = s[(s[a] == table.columns[j]) & (s[b] == table.index[i])].iloc[0]
                ax.text(j, i, f"{row.estimate:.2f}\n[{row.low:.2f}, {row.high:.2f}]",
                        ha="center", va="center", fontsize=7, color="white")
        fig.colorbar(im, ax=ax, label=label)
        ax.set_xlabel(sweep.axis_labels.get(a, a))
        ax.set_ylabel(sweep.axis_labels.get(b, b))
    else:
        x_key = varying[0] if varying else next(iter(result.grid))
        rest = [k for k in result.grid if k != x_key]
        groups = s.groupby(rest) if rest else [((), s)]
        for point, g in groups:
            g = g.sort_values(x_key)
            tag = ", ".join(f"{k}={v}" for k, v in zip(rest, np.atleast_1d(point), strict=True))
            ax.plot(g[x_key], g["estimate"], "o-", label=tag or sweep.outcome)
            ax.fill_between(g[x_key].astype(float), g["low"], g["high"], alpha=0.25,
                            label=f"{100 * CONFIDENCE:g}% interval")
        if sweep.parameter_type(x_key) is int:
            ax.set_xticks(sorted(result.grid[x_key]))
        ax.set_xlabel(sweep.axis_labels.get(x_key, x_key))
        ax.set_ylabel(label)
        ax.legend(fontsize=7)
    import textwrap

    ax.set_title("\n".join(textwrap.wrap(f"{sweep.name}: {sweep.title}", 80)), fontsize=8)
    fig.tight_layout()
    fig.savefig(png, dpi=100)
    plt.close(fig)
    return png

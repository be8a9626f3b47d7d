"""Sweeps: records that depend only on their key, a store that resumes and loses nothing, the
summaries' intervals, the CLI, and a real Dask cluster (a scheduler and two worker processes
on loopback, started and stopped here) on which a worker is killed in the middle of a sweep."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from proofs_checks._store import ResultsStore, record_key
from proofs_checks._sweep import Sweep, get_sweep, load_sweeps, parse_grid, run_sweep, summarise
from proofs_checks.cli import main

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")  # the test extra installs it: never skipped in CI

ROOT = Path(__file__).resolve().parents[1]
USER_SWEEP = str(ROOT / "examples" / "user_sweeps" / "sign_agreement.py")
NAME = "user.sign_agreement"


@pytest.fixture(autouse=True)
def _user_sweep():
    load_sweeps([USER_SWEEP], builtin=False)


def _values(frame) -> list[tuple]:
    """The records' keys and outputs, without the timing column."""
    cols = [c for c in frame.columns if c != "task_seconds"]
    return sorted(map(tuple, frame[cols].astype(str).to_numpy()))


def test_a_record_depends_only_on_its_key(tmp_path):
    grid = {"theta": (0.5, 2.5)}
    a = run_sweep(NAME, grid=grid, seeds=3, seed=11)
    b = run_sweep(NAME, grid=grid, seeds=3, seed=11)
    c = run_sweep(NAME, grid=grid, seeds=3, seed=12)
    assert _values(a.records) == _values(b.records)
    assert list(a.records["fraction"]) != list(c.records["fraction"])
    # a point's records do not change when other points join the grid
    wider = run_sweep(NAME, grid={"theta": (0.5, 1.5, 2.5)}, seeds=3, seed=11)
    assert _values(wider.records[wider.records["theta"] != 1.5]) == _values(a.records)


def test_the_store_resumes_and_skips_finished_records(tmp_path):
    store = ResultsStore(tmp_path / "store")
    grid = {"theta": (0.5, 2.5)}
    first = run_sweep(NAME, grid=grid, seeds=3, seed=5, store=store)
    assert (first.computed, first.skipped) == (6, 0)
    more = run_sweep(NAME, grid=grid, seeds=5, seed=5, store=store)
    assert (more.computed, more.skipped) == (4, 6)
    fresh = run_sweep(NAME, grid=grid, seeds=5, seed=5)
    assert _values(more.records) == _values(fresh.records)
    store.compact(NAME)
    again = run_sweep(NAME, grid=grid, seeds=5, seed=5, store=store)
    assert (again.computed, again.skipped) == (0, 10)
    assert len(list(store.folder(NAME).glob("*.parquet"))) == 1


def test_an_interrupted_sweep_keeps_every_finished_record(tmp_path, monkeypatch):
    """The run is stopped (KeyboardInterrupt) in the middle of writing its 5th record, after
    the temporary file and before the rename: the 4 before it are in the store, whole, the
    half-written one is not a record; the rerun computes only the rest and ends with the
    uninterrupted sweep's records."""
    import proofs_checks._store as store_module

    store = ResultsStore(tmp_path / "store")
    calls = {"n": 0}
    real_replace = os.replace

    def dies_at_five(src, dst):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(store_module.os, "replace", dies_at_five)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(NAME, grid={"theta": (0.5, 2.5)}, seeds=4, seed=3, store=store)
    monkeypatch.setattr(store_module.os, "replace", real_replace)
    assert len(store.keys(NAME)) == 4
    assert len(list(store.folder(NAME).glob(".tmp-*"))) == 1  # the torn write, ignored
    rest = run_sweep(NAME, grid={"theta": (0.5, 2.5)}, seeds=4, seed=3, store=store)
    assert (rest.computed, rest.skipped) == (4, 4)
    whole = run_sweep(NAME, grid={"theta": (0.5, 2.5)}, seeds=4, seed=3)
    assert _values(rest.records) == _values(whole.records)


def test_records_are_keyed_by_sweep_params_seed_and_code_version():
    k = record_key("s", {"a": 1, "b": 0.5}, 0, 0, "v1")
    assert k == record_key("s", {"b": 0.5, "a": 1}, 0, 0, "v1")  # order of the keys: same
    others = {record_key("t", {"a": 1, "b": 0.5}, 0, 0, "v1"),
              record_key("s", {"a": 2, "b": 0.5}, 0, 0, "v1"),
              record_key("s", {"a": 1, "b": 0.5}, 1, 0, "v1"),
              record_key("s", {"a": 1, "b": 0.5}, 0, 1, "v1"),
              record_key("s", {"a": 1, "b": 0.5}, 0, 0, "v2")}
    assert k not in others and len(others) == 5


def test_the_summary_intervals():
    """A proportion gets the exact Clopper–Pearson interval (checked against scipy's beta
    quantiles), a mean the Student-t one; a mean that ignored the t quantile (1.96 at n = 4)
    would be too narrow and fails."""
    from scipy import stats

    sw = Sweep("t.prop", lambda rng, p: {"hit": True}, grid={"p": (1,)}, outcome="hit")
    frame = pd.DataFrame({"p": [1] * 10, "hit": [True] * 3 + [False] * 7})
    row = summarise(sw, frame).iloc[0]
    assert (row.runs, row.successes) == (10, 3)
    assert row.low == pytest.approx(stats.beta.ppf(0.025, 3, 8), rel=1e-12)
    assert row.high == pytest.approx(stats.beta.ppf(0.975, 4, 7), rel=1e-12)
    sm = Sweep("t.mean", lambda rng, p: {"x": 0.0}, grid={"p": (1,)}, outcome="x",
               summary="mean")
    x = np.array([1.0, 2.0, 4.0, 7.0])
    row = summarise(sm, pd.DataFrame({"p": [1] * 4, "x": x})).iloc[0]
    half = stats.t.ppf(0.975, 3) * x.std(ddof=1) / 2
    assert (row.low, row.high) == pytest.approx((x.mean() - half, x.mean() + half), rel=1e-12)
    assert row.high - row.estimate > 1.96 * x.std(ddof=1) / 2 * 1.5


def test_the_built_in_census_classifies_its_end_points():
    """K = 8: a few starts end global (pattern 1,…,1, J ≈ 0) or spurious (J > 0, ‖∇J‖ ≤
    1e-12, λ_min > 0, two students sharing a teacher); never a non-critical point."""
    load_sweeps()
    r = run_sweep("tian2017.spurious_census", grid={"K": (8,)}, seeds=5, seed=2)
    ends = r.records
    assert set(ends["end"]) <= {"global", "spurious"}
    assert (ends["grad_norm"] <= 1e-12).all()
    glob = ends[ends["end"] == "global"]
    assert (glob["pattern"] == ",".join(["1"] * 8)).all() and (glob["loss"] < 1e-10).all()
    spur = ends[ends["end"] == "spurious"]
    assert (spur["loss"] > 1e-3).all() and (spur["lambda_min"] > 0).all()
    assert r.summary.iloc[0].successes == len(spur)


@pytest.mark.parametrize("argv, needle", [
    (["sweep", NAME, "--grid", "theta"], "expected key=v1,v2"),
    (["sweep", NAME, "--grid", "phi=1"], "no parameter 'phi'"),
    (["sweep", NAME, "--grid", "theta=abc"], "is not float"),
    (["sweep", NAME, "--grid", "theta=nan"], "not finite"),
    (["sweep", NAME, "--grid", "theta=9"], "theta must lie in"),
    (["sweep", "no.such"], "no sweep named"),
    (["sweep", NAME, "--seeds", "0"], "--seeds"),
    (["sweep", NAME, "-j", "0"], "positive integer"),
    (["sweep", NAME, "--export", "x.txt"], ".csv or .parquet"),
])
def test_bad_sweep_arguments_exit_2(argv, needle, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--module", USER_SWEEP, "--no-builtin", "--no-store"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "reluflow: error:" in err and needle in err and "Traceback" not in err


def test_the_cli_runs_resumes_exports_and_reports(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    args = ["sweep", NAME, "--module", USER_SWEEP, "--no-builtin", "--grid", "theta=0.5,2.5",
            "--seeds", "3"]
    with pytest.raises(SystemExit) as exc:
        main([*args, "--export", "r.csv", "--report", "rep"])
    assert exc.value.code == 0
    assert "6 records computed, 0 already stored" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main([*args, "--export", "r.parquet"])
    assert "0 records computed, 6 already stored" in capsys.readouterr().out
    csv, parquet = pd.read_csv("r.csv"), pd.read_parquet("r.parquet")
    assert len(csv) == len(parquet) == 6
    assert sorted(csv["key"]) == sorted(parquet["key"])
    summary = pd.read_csv("rep/user-sign_agreement-summary.csv")
    exact = (np.pi - summary["theta"]) / (2 * np.pi)
    assert ((summary["low"] < exact + 0.01) & (exact - 0.01 < summary["high"])).all()
    assert Path("rep/user-sign_agreement.png").stat().st_size > 1000
    assert "user-sign_agreement.png" in Path("rep/user-sign_agreement.md").read_text()


def test_parse_grid_keeps_the_defaults_of_other_keys():
    sw = get_sweep(NAME)
    assert parse_grid(sw, ["theta=1,1,2"]) == {"theta": (1.0, 2.0), "d": (3,),
                                                "batch": (20_000,)}
    with pytest.raises(ValueError, match="grid must name"):
        Sweep("x.y", lambda rng: {}, grid={}, outcome="z")
    with pytest.raises(ValueError, match="takes no parameter"):
        Sweep("x.y", lambda rng, a: {}, grid={"b": (1,)}, outcome="z")


# -- a real cluster ---------------------------------------------------------------------------

def _start(args: list[str], log: Path) -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", *args], stdout=log.open("w"),
                            stderr=subprocess.STDOUT, env=env, cwd=ROOT)


@pytest.fixture
def loopback_cluster(tmp_path):
    """A dask scheduler and two worker processes (no nanny: a killed worker stays dead) on
    127.0.0.1; yields (address, [worker processes]) and stops them all afterwards."""
    from distributed import Client

    sched_file = tmp_path / "scheduler.json"
    procs = [_start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                     "--no-dashboard", "--scheduler-file", str(sched_file)],
                    tmp_path / "scheduler.log")]
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists():
            assert time.monotonic() < deadline, (tmp_path / "scheduler.log").read_text()
            time.sleep(0.1)
        workers = [_start(["distributed.cli.dask_worker", "--scheduler-file", str(sched_file),
                           "--nthreads", "1", "--no-nanny", "--no-dashboard",
                           "--host", "127.0.0.1"], tmp_path / f"worker{i}.log")
                   for i in range(2)]
        procs += workers
        with Client(scheduler_file=str(sched_file), timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
            address = client.scheduler.address
        yield address, workers
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_two_workers_and_a_killed_worker_lose_nothing(loopback_cluster, tmp_path):
    """On the real cluster: the records equal the serial run's; then a worker is killed
    (SIGKILL) while a stored sweep runs, and the sweep still completes with every record,
    the ones stored before the kill unchanged."""
    address, workers = loopback_cluster
    grid = {"theta": (0.5, 1.5, 2.5)}
    serial = run_sweep(NAME, grid=grid, seeds=4, seed=21)
    spread = run_sweep(NAME, grid=grid, seeds=4, seed=21, scheduler=address,
                       modules=[USER_SWEEP], builtin=False)
    assert _values(spread.records) == _values(serial.records)

    store = ResultsStore(tmp_path / "store")
    big = {"theta": (0.5, 1.5, 2.5), "batch": (200_000,)}
    box: dict = {}

    def sweep_in_background():
        box["result"] = run_sweep(NAME, grid=big, seeds=24, seed=8, store=store,
                                  scheduler=address, modules=[USER_SWEEP], builtin=False)

    th = threading.Thread(target=sweep_in_background)
    th.start()
    deadline = time.monotonic() + 120
    while len(store.keys(NAME)) < 10:
        assert time.monotonic() < deadline and th.is_alive(), "the sweep stalled"
        time.sleep(0.02)
    before = store.load(NAME)
    os.kill(workers[1].pid, signal.SIGKILL)
    workers[1].wait(timeout=20)
    th.join(timeout=300)
    assert not th.is_alive()
    result = box["result"]
    assert len(before) < 72, "the worker was killed after the sweep had finished"
    assert result.computed + result.skipped == 72 and len(result.records) == 72
    after = store.load(NAME).set_index("key")
    for rec in before.itertuples():
        assert after.loc[rec.key, "fraction"] == rec.fraction
    reference = run_sweep(NAME, grid={**big, "theta": (1.5,)}, seeds=24, seed=8)
    mine = result.records[result.records["theta"] == 1.5]
    assert _values(mine) == _values(reference.records)


def test_the_built_in_alignment_sweep_aligns_before_theorem_1s_time():
    """min2024.alignment_time: flows from ε = 1e-6 align, after Lemma 3's early horizon T
    and before Theorem 1's t1 (a sweep that recorded the wrong column would fail)."""
    load_sweeps()
    r = run_sweep("min2024.alignment_time", grid={"mu": (0.6,), "n": (4,)}, seeds=1, seed=3)
    rec = r.records
    assert rec["aligned"].all()
    assert ((rec["t_align"] > 0) & (rec["t_align"] < rec["t1_bound"])).all()
    assert r.summary.iloc[0].successes == 1


def test_the_built_in_escape_sweep_and_missing_values():
    """lee2022.escape_time at L = 2: the time to r = 1/2 grows when r0 shrinks 100-fold (it
    is Θ(ln 1/r0)); and a run without a value counts as missing, not as a NaN mean."""
    load_sweeps()
    r = run_sweep("lee2022.escape_time", grid={"r0": (1e-2, 1e-4), "L": (2,)}, seeds=2, seed=6)
    s = r.summary.set_index("r0")
    assert s.loc[1e-4, "estimate"] > s.loc[1e-2, "estimate"] + 2
    sw = Sweep("t.m", lambda rng, p: {"x": 0.0}, grid={"p": (1,)}, outcome="x",
               summary="mean")
    row = summarise(sw, pd.DataFrame({"p": [1] * 3, "x": [1.0, float("nan"), 3.0]})).iloc[0]
    assert (row.runs, row.missing, row.estimate) == (2, 1, 2.0)


def test_the_built_in_plateau_sweep():
    """boursier2022.plateau_time at λ = 1e-3: the prediction is (n/‖D+‖) ln(1/λ) with
    ‖D+‖² = Σ_{S+} y_k² r_k² = 1 + 0.5625 for the paper's labels and norms, whatever the drawn
    rotation; the positive class (larger ‖D‖) leaves its plateau first, after T+."""
    load_sweeps()
    rec = run_sweep("boursier2022.plateau_time", grid={"lam": (1e-3,)}, seeds=1,
                    seed=5).records.iloc[0]
    assert rec.T_plus == pytest.approx(4 / np.sqrt(1.5625) * np.log(1e3), rel=1e-12)
    assert rec.T_minus == pytest.approx(4 / np.sqrt(0.49 * 0.64 + 0.16 * 1.44) * np.log(1e3),
                                        rel=1e-12)
    assert rec.T_plus < rec.t_plus < rec.t_minus
    assert rec.ratio_plus == rec.t_plus / rec.T_plus

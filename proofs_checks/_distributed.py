"""Checking claims on Dask: a local cluster of worker processes, or an existing scheduler.

A task is a pure function of (claim id, profile, seed, twins, modules): the worker imports the
same claim modules as the client, finds the claim by its id and runs it with its twins exactly
as :func:`proofs_checks._engine.run_claim` does in a serial run. Every random draw of a claim
is keyed on (seed, claim id) and the engine switches off what would make a result depend on
what ran before it in the same process (see ``docs/engine.md``), so a distributed run's JSON
equals the serial run's apart from the timings; the suite checks that.

The claims of one paper go to one worker (they share simulations through ``ctx.shared``:
computing them once per paper rather than once per worker is what makes two workers nearly
twice as fast as one); see :class:`_PaperScheduler`.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ._claim import Claim, Profile

if TYPE_CHECKING:
    from ._engine import ClaimResult, ProgressCallback, RunResult

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
CONNECT_TIMEOUT_S = 10  # a scheduler that does not answer in this long is reported, not waited on

# Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc hand every
# freed block above 64 KiB back to the kernel: a loop of numpy steps on arrays of a few hundred
# KiB then page-faults on every temporary (Min et al.'s digits run: 2.8 s in a plain process,
# 9-11 s on a worker; the same 9 s in a plain process with that variable set). The claims
# allocate and free the same sizes again and again, so they keep glibc's adaptive default; the
# one-thread BLAS/OpenMP settings stay (threadpoolctl sets the same inside each task), and
# each task runs numba's prange loops on one thread (`one_numba_thread`): they would otherwise
# use a thread per core in every worker (two workers on two cores: 1.3x instead of 1.9x on the
# census sweep). Not through NUMBA_NUM_THREADS here: the nannies set these variables in the
# client's own process too, and numba there refuses a changed value once its threads run. The
# worker's stack profiler and GIL monitor are switched off: nothing reads them here.
_WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.tick.interval": "500ms",
    "distributed.worker.memory.monitor-interval": "2s",
}


class SchedulerError(ValueError):
    """The Dask scheduler named by the user cannot be used (unreachable, no workers)."""


def available() -> bool:
    """Whether Dask's distributed scheduler is installed (the ``parallel`` extra)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_jobs(jobs: int | str) -> int:
    """``jobs`` as a worker count: a positive integer, or ``"auto"`` for the cores this
    process may run on."""
    if isinstance(jobs, str):
        if jobs == "auto":
            try:
                return max(1, len(os.sched_getaffinity(0)))
            except AttributeError:  # pragma: no cover - not on Linux
                return max(1, os.cpu_count() or 1)
        try:
            jobs = int(jobs)
        except ValueError:
            raise ValueError(f"jobs must be a positive integer or 'auto', got {jobs!r}") from None
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer or 'auto', got {jobs!r}")
    return jobs


def local_cluster(workers: int) -> Any:
    """A local Dask cluster as reluflow starts it for ``-j N``: ``workers`` processes of one
    thread each, one BLAS/OpenMP/numba thread per process, no stack profiler, no dashboard.
    The caller closes it (it is a context manager)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(_WORKER_CONFIG):
        return LocalCluster(n_workers=resolve_jobs(workers), threads_per_worker=1,
                            processes=True, dashboard_address=None, memory_limit=0,
                            silence_logs=logging.ERROR)


@contextmanager
def dask_client(jobs: int, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client on the cluster at ``scheduler`` (or ``DASK_SCHEDULER_ADDRESS``), else on a
    local cluster of ``jobs`` workers started here and stopped on exit. An unreachable
    scheduler, or one without workers, is a :class:`SchedulerError`."""
    from distributed import Client

    address = scheduler or os.environ.get(SCHEDULER_ENV) or None
    cluster = local_cluster(jobs) if address is None else None
    try:
        try:
            client = Client(cluster if cluster is not None else address, set_as_default=False,
                            timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            raise SchedulerError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
        with client:
            if not client.scheduler_info()["workers"]:
                raise SchedulerError(f"the Dask scheduler at {address} has no workers")
            yield client
    finally:
        if cluster is not None:
            cluster.close()


def one_numba_thread() -> None:
    """numba's parallel loops on one thread in this (worker) thread: each Dask worker is one
    core's worth of work. No-op without numba (the ``fast`` extra)."""
    try:
        import numba
    except ImportError:
        return
    if numba.get_num_threads() != 1:
        numba.set_num_threads(1)


def _find_claim(claim_id: str) -> Claim:
    from ._registry import all_claims

    for c in all_claims():
        if c.id == claim_id:
            return c
        for t in c.twins:
            if t.id == claim_id:
                return t
    raise LookupError(
        f"claim {claim_id!r} is not registered in the Dask worker: claims checked on workers "
        "must be registered by a module the worker can import (the built-in papers, or "
        "--module / modules=); the client then checks it itself")


def _check_on_worker(claim_id: str, profile: Profile, seed: int, twins: bool,
                     modules: tuple[str, ...], builtin: bool, cwd: str) -> ClaimResult:
    """The task: load the claim modules in this worker (once per process), check one claim."""
    from ._engine import _one_blas_thread, run_claim
    from ._registry import load

    if os.path.isdir(cwd) and os.getcwd() != cwd:  # relative --module paths, as on the client
        os.chdir(cwd)
    load(modules, builtin=builtin)
    one_numba_thread()
    with _one_blas_thread():
        result = run_claim(_find_claim(claim_id), profile=profile, seed=seed, twins=twins)
    for r in (result, *result.twins):
        r.claim = None  # the client attaches its own Claim objects; functions need not travel
    return result


class _PaperScheduler:
    """Which claim a worker checks next: the claims of one paper stay on one worker (they
    share simulations through ``ctx.shared``, computed once per process), papers go to workers
    as they become free, largest first (by claims and twins); when no paper is left, an idle
    worker takes the last unstarted claim of the paper with most left, so that one paper on
    two workers still runs on both (their shared results are then computed on each)."""

    def __init__(self, claims: Sequence[Claim], twins: bool) -> None:
        by_paper: dict[str, deque[int]] = {}
        for i, c in enumerate(claims):
            by_paper.setdefault(c.paper, deque()).append(i)
        size = {p: sum(1 + (len(claims[i].twins) if twins else 0) for i in q)
                for p, q in by_paper.items()}
        order = sorted(by_paper, key=lambda p: -size[p])  # stable: ties in report order
        self._papers = deque(by_paper[p] for p in order)
        self._current: dict[str, deque[int]] = {}

    def next_for(self, worker: str) -> int | None:
        q = self._current.get(worker)
        if not q and self._papers:
            q = self._current[worker] = self._papers.popleft()
        if q:
            return q.popleft()
        busiest = max(self._current.values(), key=len, default=None)
        return busiest.pop() if busiest else None


def run_claims_distributed(
    claims: Iterable[Claim],
    *,
    profile: Profile,
    seed: int,
    twins: bool,
    jobs: int,
    scheduler: str | None = None,
    modules: Sequence[str] = (),
    builtin: bool = True,
    progress: ProgressCallback | None = None,
) -> RunResult:
    """Check ``claims`` on Dask and return the results in the order of ``claims``.

    ``scheduler`` (or the ``DASK_SCHEDULER_ADDRESS`` environment variable) names an existing
    cluster whose workers run this environment; otherwise a local cluster of ``jobs`` worker
    processes with one thread each is started for the run and stopped after it.
    """
    try:
        from distributed import as_completed
    except ImportError:
        raise ValueError("jobs > 1 or a scheduler needs Dask: pip install 'reluflow[parallel]' "
                         "(dask[distributed])") from None
    from ._engine import ProgressEvent, RunResult

    claims = list(claims)
    t0 = time.perf_counter()
    with dask_client(jobs, scheduler) as client:
        workers = sorted(client.scheduler_info()["workers"])
        if not workers:
            raise SchedulerError("the Dask scheduler has no workers")
        plan = _PaperScheduler(claims, twins)
        cwd = os.getcwd()

        def submit(i: int, worker: str):
            # One task in flight per worker, placed by `plan`; the restriction is loose so
            # that a task whose worker died runs on another one instead of waiting.
            fut = client.submit(
                _check_on_worker, claims[i].id, profile, int(seed), twins, tuple(modules),
                builtin, cwd, key=f"reluflow-check-{i}-{claims[i].id}", pure=False,
                workers=[worker], allow_other_workers=True)
            placed[fut] = (i, worker)
            return fut

        placed: dict = {}
        pending = as_completed(loop=client.loop)
        for w in workers:
            i = plan.next_for(w)
            if i is not None:
                pending.add(submit(i, w))
        results: list[ClaimResult | None] = [None] * len(claims)
        total = sum(1 + (len(c.twins) if twins else 0) for c in claims)
        done = 0
        for fut in pending:
            i, w = placed.pop(fut)
            try:
                r = fut.result()
            except LookupError:  # registered in this process only (a notebook, a test)
                from ._engine import _one_blas_thread, run_claim

                with _one_blas_thread():
                    r = run_claim(claims[i], profile=profile, seed=int(seed), twins=twins)
            nxt = plan.next_for(w)
            if nxt is not None:
                pending.add(submit(nxt, w))
            _attach(r, claims[i])
            results[i] = r
            if progress is not None:
                for one, owner in ((r, claims[i]), *zip(r.twins, claims[i].twins, strict=True)):
                    done += 1
                    progress(ProgressEvent("done", owner, done, total, one))
    assert all(r is not None for r in results)
    return RunResult([r for r in results if r is not None], seed=int(seed), profile=profile.name,
                     twins=twins, seconds=time.perf_counter() - t0)


def _attach(result: ClaimResult, claim: Claim) -> None:
    result.claim = claim
    for r, t in zip(result.twins, claim.twins, strict=True):
        r.claim = t

"""A sweep on two Dask workers against the same sweep on one, in one run.

The sweep is the built-in spurious-minima census (``tian2017.spurious_census``, K = 8: one
start per record, gradient descent then Newton on |H|, ~0.3 s each). Each cluster is started
first and warmed (every worker imports the claim modules and compiles the numba kernels on a
few records of another seed), because that start-up is paid once per cluster, not per sweep;
then the same records are timed on one worker and on two, without a store. The records must
agree (they depend only on their keys). The cold times, start-up included, are printed too.

Run: ``python benchmarks/bench_sweep.py [--seeds 40] [--K 8] [--repeats 3]``; the two
clusters take turns on the same records, and the median ratio is reported. Goal of the sweeps issue:
two workers ≥ 1.7× faster than one on a 2-core machine.
"""

from __future__ import annotations

import argparse
import time

from distributed import Client

from proofs_checks.kit import local_cluster, run_sweep


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=40)
    ap.add_argument("--K", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    grid = {"K": (args.K,)}
    addresses, start = {}, {}
    clusters, clients = [], []
    try:
        for n in (1, 2):
            t0 = time.perf_counter()
            clusters.append(local_cluster(n))  # configured as `reluflow sweep -j N`'s
            clients.append(Client(clusters[-1]))
            addresses[n] = clients[-1].scheduler.address
            run_sweep("tian2017.spurious_census", grid=grid, seeds=2 * n, seed=999_999,
                      scheduler=addresses[n])
            start[n] = time.perf_counter() - t0
        ratios, same = [], True
        for rep in range(args.repeats):
            took, records = {}, {}
            for n in (1, 2):  # same records on both, one cluster idle while the other runs
                t0 = time.perf_counter()
                r = run_sweep("tian2017.spurious_census", grid=grid, seeds=args.seeds,
                              seed=1 + rep, scheduler=addresses[n])
                took[n] = time.perf_counter() - t0
                cols = [c for c in r.records.columns if c != "task_seconds"]
                records[n] = r.records[cols].astype(str)
            same = same and records[1].equals(records[2])
            ratios.append(took[1] / took[2])
            print(f"repeat {rep}: one worker {took[1]:6.2f} s, two workers {took[2]:6.2f} s, "
                  f"speed-up {ratios[-1]:.2f}x")
    finally:
        for c in clients + clusters:
            c.close()
    median = float(sorted(ratios)[len(ratios) // 2])
    print(f"census K = {args.K}, {args.seeds} records per repeat; records identical on one "
          f"and two workers: {same}")
    print(f"cluster start and warm-up: one worker {start[1]:.2f} s, two workers {start[2]:.2f} s")
    print(f"median speed-up {median:.2f}x over {args.repeats} repeats (goal >= 1.7x)")
    return {"ratios": ratios, "median": median, "identical": same}


if __name__ == "__main__":
    main()

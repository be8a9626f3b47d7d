"""Mutation testing of reluflow's formula, reference, tolerance and engine code.

Each mutant is one realistic mistake — a wrong constant, a flipped sign, a wrong exponent, a
kink convention, a standard error or a tolerance inflated 100× — applied to a copy of the
working tree; the tests that guard that code run against the copy. A mutant is *killed* when
they fail and *survives* when they pass. The score is killed / total; survivors are listed,
each one a test that cannot tell the right implementation from a wrong one.

Run: ``python tools/mutation.py [--jobs 2] [--only NAME ...] [--list]`` (exit 1 if the score is
below ``--min-score``, default 0.95). Takes a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]  # pytest node ids or files guarding the code


_KER = ("tests/test_kernels.py",)
_REF = ("tests/test_reference.py",)
_ENG = ("tests/test_engine.py", "tests/test_search.py")
_DER = ("tests/test_derivations.py",)
_ODE = ("tests/test_ode.py",)

MUTANTS: tuple[Mutant, ...] = (
    # -- formulas (the compiled closed forms) ---------------------------------------------------
    Mutant("wedge_budget_loose", "numeric/_generated.py",
           "WEDGE_BUDGET = 2e-14", "WEDGE_BUDGET = 1e-2", ("tests/test_angles.py",)),
    Mutant("kernel_series_never_used", "numeric/_generated.py",
           "numpy.where(delta < 1, series,", "numpy.where(delta < 0, series,",
           ("tests/test_angles.py",)),
    Mutant("rejection_ratio_single_precision", "numeric/_generated.py",
           "    al = (((dh - p) - e) + dl - ah * nl) / nh\n", "    al = 0.0 * nh\n",
           ("tests/test_angles.py",)),
    Mutant("difference_form_without_delta_e", "numeric/_kernels.py",
           "out = (d_rho[..., None] * uhat + delta[..., None] * e",
           "out = (d_rho[..., None] * uhat + 0.0 * e", ("tests/test_angles.py",)),
    Mutant("numba_wedge_form_everywhere", "numeric/_fast_loops.py",
           "    if delta >= _SERIES_BELOW:\n        return _kernel_wedge(",
           "    if delta >= 0.0:\n        return _kernel_wedge(", ("tests/test_angles.py",)),
    Mutant("numba_accurate_pass_never_runs", "numeric/_fast_loops.py",
           "_BOUND = (2.0**-53) / G.WEDGE_BUDGET", "_BOUND = 0.0", ("tests/test_angles.py",)),
    Mutant("loops_atan2_without_range_reduction", "numeric/_fast_loops.py",
           "    reduced = t > 0.66\n", "    reduced = t > 2.0\n", ("tests/test_fast.py",)),
    Mutant("jax_wedge_budget_loose", "numeric/_generated_jax.py",
           "WEDGE_BUDGET = 2e-14", "WEDGE_BUDGET = 1e-2", ("tests/test_jax.py",)),
    Mutant("jax_ode_integral_controller", "numeric/_reduced_ode_jax.py",
           "_ALPHA = 1.0 / 5.0 - 0.75 * _BETA", "_ALPHA = 1.0 / 5.0", ("tests/test_jax.py",)),
    Mutant("jax_ode_dense_sign", "numeric/_reduced_ode_jax.py",
           "row[0] * powers[0] + row[1]", "row[0] * powers[0] - row[1]", ("tests/test_jax.py",)),
    Mutant("kernel_sin_coefficient_2", "numeric/_generated.py",
           "numpy.sin(delta) - delta*numpy.cos(delta))",
           "2*numpy.sin(delta) - delta*numpy.cos(delta))",
           _KER),
    Mutant("kernel_prefactor_quarter", "numeric/_generated.py",
           "return (1/2)*_vector_norm(u)*_vector_norm(v)*",
           "return (1/4)*_vector_norm(u)*_vector_norm(v)*",
           _KER),
    Mutant("cross_moment_half_normal", "numeric/_generated.py",
           "+ x1*x2*_reject(v, u))", "+ x1*x2*_reject(v, u)/2)", _KER),
    Mutant("cross_moment_kink_convention", "numeric/_generated.py",
           "*numpy.greater(x0, 0.0).astype(numpy.float64)",
           "*numpy.greater_equal(x0, 0.0).astype(numpy.float64)", _KER),
    Mutant("plane_cross_moment_sign", "numeric/_generated.py",
           "x0*x2*(numpy.pi - theta))", "x0*x2*(numpy.pi + theta))", _KER),
    Mutant("single_neuron_rhs_exponent", "numeric/_generated.py",
           "phi*x0*x1/r)", "phi*x0*x1/r**2)", ("tests/test_lee2022.py",)),
    Mutant("frozen_gradient_sign", "numeric/_twolayer.py",
           "    G = dS * r[..., :, None]\n    gW = v[..., :, None]",
           "    G = dS * r[..., :, None]\n    gW = -v[..., :, None]",
           ("tests/test_ode.py", "tests/test_min2024.py")),
    # -- references ---------------------------------------------------------------------------
    Mutant("reference_radial_moment", "numeric/_reference.py",
           "    scale = radial_moment(3) / (2 * mpmath.pi)\n    return scale * integral",
           "    scale = radial_moment(3) / mpmath.pi\n    return scale * integral", _REF),
    Mutant("reference_error_100x", "numeric/_reference.py",
           "err += abs(e) + 16 * mpmath.eps * bound",
           "err += 100 * (abs(e) + 16 * mpmath.eps * bound)", _REF),
    Mutant("monte_carlo_stderr_no_sqrt", "numeric/_montecarlo.py",
           "err = abs(scale) * np.sqrt(var / n)", "err = abs(scale) * var / n", _REF),
    # -- tolerances ---------------------------------------------------------------------------
    Mutant("critical_point_rounding_term_100x", "numeric/_teacher_student.py",
           "+ 1e3 * _EPS * hn", "+ 1e5 * _EPS * hn", ("tests/test_tian2017.py",)),
    Mutant("critical_point_gradient_term_100x", "numeric/_teacher_student.py",
           "10.0 * gn * max(hn, 1.0)", "1000.0 * gn * max(hn, 1.0)", ("tests/test_tian2017.py",)),
    Mutant("rate_band_100x", "numeric/stats.py",
           "return SlopeFit(slope, intercept, stderr, t_quantile(conf, df) * stderr",
           "return SlopeFit(slope, intercept, stderr, 100 * t_quantile(conf, df) * stderr",
           _ENG),
    Mutant("limit_error_100x", "proofs_checks/_claim.py",
           "est, err = float(ext[-1]), float(abs(ext[-1] - ext[-2])) + rounding",
           "est, err = float(ext[-1]), 100 * float(abs(ext[-1] - ext[-2])) + rounding", _ENG),
    Mutant("clopper_pearson_one_sided_alpha", "numeric/stats.py",
           "beta.ppf(alpha / 2, k, N - k + 1)", "beta.ppf(alpha, k, N - k + 1)",
           ("tests/test_boursier2022.py",)),
    Mutant("slope_t_quantile_df", "numeric/stats.py",
           "        df = x.size - 2\n        slope, intercept, stderr",
           "        df = x.size\n        slope, intercept, stderr",
           ("tests/test_boursier2022.py",)),
    # -- the verdict logic ----------------------------------------------------------------------
    Mutant("undecided_counts_as_holds", "proofs_checks/_claim.py",
           "        if self.margin >= self.tolerance:\n            return \"holds\"",
           "        if self.margin >= -self.tolerance:\n            return \"holds\"", _ENG),
    Mutant("agree_takes_best_entry", "proofs_checks/_claim.py",
           "margin = float(np.min(allowed - err))", "margin = float(np.max(allowed - err))", _ENG),
    Mutant("straddling_interval_decided", "proofs_checks/_claim.py",
           "        if low <= bound <= high:\n            forced = \"undecided\"",
           "        if False:\n            forced = \"undecided\"", _ENG),
    Mutant("no_optimiser_stage", "proofs_checks/_engine.py",
           "            if tracker.worst_violated is None:\n"
           "                _optimise_domain(claim, ctx, tracker, budget)",
           "            pass", _ENG),
    Mutant("no_random_cover", "proofs_checks/_domain.py",
           '"quick": SearchBudget(16, 12, 2, 30)', '"quick": SearchBudget(0, 12, 2, 30)', _ENG),
    Mutant("source_constants_pool_left_on", "proofs_checks/_engine.py",
           "    providers._get_local_constants = lambda: empty\n", "    pass\n", _ENG),
    Mutant("weak_strength_never_flagged", "proofs_checks/_engine.py",
           '    if coverage["cases"] <= 2:', '    if coverage["cases"] <= 0:', _ENG),
    Mutant("distributed_results_in_completion_order", "proofs_checks/_distributed.py",
           "            results[i] = r\n", "            results[results.index(None)] = r\n",
           ("tests/test_distributed.py",)),
    Mutant("distributed_worker_default_profile", "proofs_checks/_distributed.py",
           "run_claim(_find_claim(claim_id), profile=profile,",
           "run_claim(_find_claim(claim_id), profile=\"ci\",", ("tests/test_distributed.py",)),
    # -- the integrator -------------------------------------------------------------------------
    Mutant("dopri_stage_coefficient", "numeric/ode/_tableau.py",
           "B5 = np.array([35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0.0])",
           "B5 = np.array([35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 85, 0.0])",
           _ODE),
    Mutant("filippov_exit_slack_loose", "numeric/ode/_filippov.py",
           "EXIT_SLACK = 1e-6", "EXIT_SLACK = 1e-1", _ODE),
    Mutant("filippov_repelling_weaker_side", "numeric/ode/_filippov.py",
           "return 1 if fu >= fd else -1", "return 1 if fu <= fd else -1", _ODE),
    Mutant("event_root_returns_lower_end", "numeric/ode/_events.py",
           "        done[act] = up & (gm <= tol)\n    return hi",
           "        done[act] = up & (gm <= tol)\n    return lo", _ODE),
    # the derivation engine (issue #15): the deriver, the references and the Hessian
    Mutant("deriver_arc_signs_swapped", "symbolic/_gaussian.py",
           "((-sp.pi / 2, theta - sp.pi / 2), (+1, -1)),",
           "((-sp.pi / 2, theta - sp.pi / 2), (-1, +1)),", _DER),
    Mutant("deriver_radial_moment_without_power_of_two", "symbolic/_gaussian.py",
           "return sp.simplify(2**half * sp.gamma(half + 1))",
           "return sp.simplify(sp.gamma(half + 1))", _DER),
    Mutant("deriver_zero_slope_right_derivative", "symbolic/_gaussian.py",
           "return sp.Max(lo, sp.Min(0, hi))", "return right", _DER),
    Mutant("reference_radial_extra_power_dropped", "numeric/_reference_activations.py",
           "radial = sum(c * _radial(n + extra, dps)", "radial = sum(c * _radial(n, dps)",
           _DER),
    Mutant("sphere_factor_gaussian_moment_off_by_one", "symbolic/_gaussian.py",
           "/ (2**half * sp.gamma(dim / 2 + half)))",
           "/ (2**half * sp.gamma(dim / 2 + half + 1)))", _DER),
    Mutant("hessian_self_pair_without_dv", "symbolic/_ts_hessian.py",
           "diag += a[j] * (du + dv)", "diag += a[j] * du", _DER),
)


try:
    import xdist  # noqa: F401

    _IN_PROCESS: tuple[str, ...] = ("-n", "0")
except ImportError:  # pragma: no cover - xdist is in the test extra
    _IN_PROCESS = ()


def _copy_tree(dst: Path) -> None:
    ignore = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", ".ruff_cache",
                                    "*.egg-info", ".hypothesis", "reports", "build", "dist")
    shutil.copytree(ROOT, dst, ignore=ignore, dirs_exist_ok=True)


def _apply(root: Path, m: Mutant) -> None:
    f = root / m.path
    text = f.read_text()
    n = text.count(m.old)
    if n != 1:
        raise SystemExit(f"mutant {m.name}: the original text occurs {n} times in {m.path}")
    f.write_text(text.replace(m.old, m.new))


def run_mutant(m: Mutant, timeout: float) -> tuple[str, str, float]:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"mut_{m.name}_") as tmp:
        root = Path(tmp)
        _copy_tree(root)
        _apply(root, m)
        env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
        # the copy must be what the tests import, not the editable install
        probe = subprocess.run([sys.executable, "-c", "import numeric, proofs_checks; "
                                "print(numeric.__file__); print(proofs_checks.__file__)"],
                               cwd=root, env=env, capture_output=True, text=True)
        if probe.returncode or any(not p.startswith(str(root)) for p in probe.stdout.split()):
            return m.name, "error", time.perf_counter() - t0
        # -n 0: one process per mutant (mutants run side by side already), and pytest-xdist
        # would turn -x's stop at the first failure into exit status 2 ("interrupted").
        cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
               *_IN_PROCESS, "-m", "not thorough", *m.tests]
        try:
            res = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True,
                                 timeout=timeout)
            status = "survived" if res.returncode == 0 else (
                "killed" if res.returncode == 1 else f"error (pytest exit {res.returncode})")
        except subprocess.TimeoutExpired:
            status = "killed (timeout)"
    return m.name, status, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", nargs="*", default=None, metavar="NAME")
    ap.add_argument("--list", action="store_true", help="List the mutants and exit.")
    ap.add_argument("--min-score", type=float, default=0.95)
    ap.add_argument("--timeout", type=float, default=900.0, help="Seconds per mutant.")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error(f"--jobs must be >= 1, got {args.jobs}")
    chosen = [m for m in MUTANTS if args.only is None or m.name in args.only]
    if args.only:
        unknown = set(args.only) - {m.name for m in MUTANTS}
        if unknown:
            ap.error(f"unknown mutants: {sorted(unknown)}")
    if args.list:
        for m in chosen:
            print(f"{m.name:40s} {m.path}  [{' '.join(m.tests)}]")
        return 0
    for m in chosen:  # fail fast on a stale mutant before spending minutes
        if (ROOT / m.path).read_text().count(m.old) != 1:
            ap.error(f"mutant {m.name}: its original text is not unique in {m.path}")
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda m: run_mutant(m, args.timeout), chosen))
    killed = [r for r in results if r[1].startswith("killed")]
    for name, status, sec in results:
        print(f"{status:18s} {name:40s} {sec:6.1f} s")
    score = len(killed) / len(results) if results else 1.0
    survivors = [r[0] for r in results if not r[1].startswith("killed")]
    print(f"\nmutation score {len(killed)}/{len(results)} = {score:.1%}")
    print("survivors: " + (", ".join(survivors) if survivors else "none"))
    return 0 if score >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())

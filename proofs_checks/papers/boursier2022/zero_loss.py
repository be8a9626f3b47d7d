"""For small λ with J+* and J−* non-empty, the flow converges to a global minimiser (L → 0)."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence, Profile

from . import paper
from .setup import EPS, NO_TEXT, THEORY, lambda_count, main_run, zero_loss_horizon


def small_lambda_cases(p: Profile) -> list[dict]:
    """The runs of the main batch with λ ≤ 1e-6."""
    lams = np.geomspace(1e-3, 1e-12, lambda_count(p))
    return [{"run": i} for i in range(lambda_count(p)) if lams[i] <= 1.0001e-6]


def check(params, ctx: Context, *, factor: float, at_end: bool) -> Evidence:
    run = main_run(ctx)
    b = params["run"]
    lam = float(run.lams[b])
    T_c = float(zero_loss_horizon(run.data, run.lams, factor)[b])
    T = float(run.tr.t[-1]) if at_end else T_c
    L = float(run.tr.loss[run.at(T), b])
    L0 = float(run.tr.loss[0, b])
    # rounding floor of the loss itself: (ε max|y|)² per point
    floor = run.data.n * (EPS * float(np.max(np.abs(run.data.y)))) ** 2
    where = ("at the end of the run, T ≥ 1.6 n log(1/λ)/min||D±|| + 10" if at_end else
             f"at T = {factor:g} · 1.6 n log(1/λ)/min||D±||")
    return Evidence.upper_bound(
        L, 1e-9, tolerance=floor,
        reason=f"L(T) <= 1e-9 {where}: convergence to a global minimiser, L0 ≈ 0.24. "
        "Tolerance = float rounding floor n(ε max|y|)² of the loss",
        detail={"lambda": lam, "T": T, "L0": L0,
                "L_at_proposed_horizon": float(run.tr.loss[run.at(T_c), b]),
                "proposed_horizon": T_c})


claim = paper.claim(
    "zero_loss", where="abstract; convergence theorem (number unknown)",
    title="Convergence to zero loss (J+* and J−* non-empty, small λ)",
    statement="For small λ and J±* ≠ ∅ the flow converges to a global minimiser: L(T) ≤ 1e-9 by "
    "the end of the run (T ≥ 1.6 n log(1/λ)/min||D±|| + 10)",
    latex=r"L(\theta(t)) \to 0 \quad (\lambda \to 0,\ J_\pm^* \neq \emptyset)",
    source="P,S-M,D,V", method="ode", cases=small_lambda_cases,
    settings={"factor": 1.0, "at_end": True},
    assumptions=("J+* and J−* non-empty (init drawn conditionally on it)",),
    notes=NO_TEXT + " The paper's λ bound is informal. The horizon T_c = 1.6 n "
    "log(1/λ)/min||D±|| proposed by the reconstruction is too short at λ = 1e-6: with the flow "
    "integrated through the frozen pairs as a Filippov sliding mode, L(T_c) = 2.2e-9 at quick "
    "seed 0 (m = 30), confirmed by an independent piecewise scipy DOP853 solve of the reduced "
    "c_jk ODE to 1e-15. An earlier switched-system integrator reported 4.8e-10 there because "
    "its chattering on those pairs perturbed the flow. So the claim checks convergence at the "
    "end of the run and reports L(T_c) in the detail; the T_c/4 twin stays refuted by seven "
    f"decades ({THEORY}, 'Convergence to zero loss').",
)(check)

claim.twin(
    "sum_normalisation", title="Zero loss already at T/n (the ½Σ time scale)",
    latex=r"L\big(\theta(T_c/n)\big)\le10^{-9},\ "
          r"T_c=\frac{1.6\,n}{\min\|D_\pm\|}\log\frac1\lambda\quad (J_\pm^* \neq \emptyset)",
    factor=1.0 / 4.0, at_end=False,
    notes="Under L = ½Σ every time shrinks by n; with the paper's 1/(2n) the slow class has not "
    "escaped at T/n, so the loss is still ≈ L0.",
)

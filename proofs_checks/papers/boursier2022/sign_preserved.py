"""Under the balanced init the output weights keep their sign and never reach 0."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import NO_TEXT, THEORY, lambda_cases, main_run
from .setup_scenarios import unbalanced_run


def check(params, ctx: Context) -> Evidence:
    run = main_run(ctx)
    b = params["run"]
    v = run.tr.v[:, b]
    ok = bool(np.all(np.sign(v) == run.s[None]) and np.all(v != 0))
    flips = int(np.sum(np.any(np.sign(v) != run.s[None], axis=0)))
    return Evidence.predicate(
        ok, computed=flips, claimed=0,
        reason="number of neurons with sign a_j(t) ≠ s_j at some recorded t (exact)",
        detail={"lambda": float(run.lams[b]), "min |a_j(t)|": float(np.min(np.abs(v)))})


def check_unbalanced(params, ctx: Context) -> Evidence:
    """The same count on the run with a_j(0) = 0.1 s_j ||w_j(0)|| (another simulation)."""
    run, tr = unbalanced_run(ctx)
    flips = int(np.sum(np.any(np.sign(tr.v) != run.s[None], axis=0)))
    return Evidence.predicate(
        flips == 0, computed=flips, claimed=0,
        reason="neurons whose output weight changed sign, init a_j(0) = 0.1 s_j ||w_j(0)|| (exact)")


claim = paper.claim(
    "sign_preserved", where="sign preservation (credited to the paper by S-M, S-MV)",
    title="sign a_j(t) = sign a_j(0), a_j never reaches 0",
    statement="Under the balanced init, sign a_j(t) = s_j for all t and a_j(t) ≠ 0",
    source="S-M,S-MV,S-C,V", method="ode", cases=lambda_cases("signs"),
    notes=NO_TEXT + f" See {THEORY}, 'Invariants'.",
)(check)

claim.twin(
    "unbalanced", title="Signs are preserved without balancedness (a_j(0) = 0.1 s_j||w_j(0)||)",
    check=check_unbalanced, cases=lambda p: [{"case": "unbalanced"}],
    notes="Dropped assumption: (a_j, c_jk/r_k) rotate hyperbolically, a² − c²/r² is conserved "
    "and negative, so a wrong-sign a_j crosses 0.",
)

"""K = 2 in the plane: no critical point has all teachers inside (or all outside) the cone."""

from __future__ import annotations

import numpy as np

from proofs_checks.kit import Context, Evidence

from . import paper
from .setup_critical_points import cone_position, inplane_search, reduced_residual


def printed_point(search: dict, claim_none: bool) -> Evidence:
    """The printed spurious point, refined: critical, loss 0.049336, one teacher on each side
    of the cone, and Σ‖w*_k‖L(e*_k) = 0 there."""
    V0, r0 = search["configs"][0]
    Wp = r0.W[0]
    res = reduced_residual(Wp, V0)
    pos = [cone_position(Wp, v) for v in V0]
    det = {"W": Wp, "grad_norm": float(r0.grad_norm[0]), "loss": float(r0.loss[0]),
           "teacher_positions": pos, "residual": res}
    if claim_none:
        return Evidence.predicate(not r0.converged[0], computed="critical point found",
                                  claimed="no in-plane critical point", detail=det,
                                  reason="LM from the printed point")
    ok = r0.converged[0] and abs(r0.loss[0] - 0.049336) < 5e-7 and \
        sorted(pos) == ["inside", "outside"]
    if not ok:
        return Evidence.predicate(False, computed=det, claimed="mixed critical point",
                                  reason="critical, loss 0.049336, mixed teachers")
    return Evidence.agree(res, 0.0, atol=1e-10, uncertainty=1e-13,  # rounding of L
                          reason="Σ‖w*_k‖L(e*_k) = 0 at the refined critical point "
                                 "(table 1e-10); tolerance = rounding of L",
                          detail=det)


def check(case: str, ctx: Context, *, claim_none: bool) -> Evidence:
    search = ctx.shared("inplane", lambda: inplane_search(ctx))
    if case == "printed_point":
        return printed_point(search, claim_none)
    # Root search: every non-parallel critical point has teachers on both sides of the cone.
    bad, seen, boundary = 0, 0, 0
    for V, res in search["configs"]:
        for Wc, c in zip(res.W, res.converged, strict=True):
            norms = np.linalg.norm(Wc, axis=1)
            if not c or np.min(norms) < 1e-8:
                continue
            if abs(Wc[0, 0] * Wc[1, 1] - Wc[0, 1] * Wc[1, 0]) < 1e-6 * np.prod(norms):
                continue  # (anti)parallel pair: outside the statement (M_r singular)
            pos = {cone_position(Wc, v) for v in V}
            if "boundary" in pos:
                boundary += 1  # e.g. W = W*: teachers on the rays
                continue
            seen += 1
            bad += len(pos) == 1
    if claim_none:
        return Evidence.predicate(seen == 0, computed=seen, claimed=0,
                                  reason="number of non-parallel in-plane critical points")
    if seen == 0:
        return Evidence.failed("the root search found no non-parallel critical point")
    return Evidence.predicate(
        bad == 0, computed=bad, claimed=0,
        reason="critical points (‖∇J‖ < 1e-12) with all teachers strictly inside or all "
               "strictly outside the cone",
        detail={"non_parallel_found": seen, "teachers_on_boundary": boundary})


claim = paper.claim(
    "critical_point_free_regions", where="two ReLUs: in-plane critical-point-free regions",
    title="No in-plane critical point has all teachers inside (or all outside) the cone",
    statement="For a non-parallel in-plane pair (w1, w2), if every teacher lies strictly inside "
              "the cone of w1, w2, or every teacher strictly outside, the pair is not critical; "
              "the printed spurious critical point has Σ‖w*_k‖L(e*_k) = 0.",
    source="R", method="exact",
    cases=lambda p: ["printed_point", "root_search"], settings={"claim_none": False},
    notes="The paper's exact wording is unconfirmed; docs/theory/tian2017.md, 'Two ReLUs in "
          "the plane'.",
)(check)

claim.twin("no_critical_point", title="There is no non-parallel in-plane critical point at all",
           claim_none=True, cases=lambda p: ["root_search"])

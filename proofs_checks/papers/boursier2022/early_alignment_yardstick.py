"""A neuron active exactly on S+ follows the sinh yardstick until the output matters."""

from __future__ import annotations

import numpy as np

from numeric.orthogonal import yardstick
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import NO_TEXT, THEORY
from .setup_early import alignment_run


def check(params, ctx: Context, *, fn: str) -> Evidence:
    al = alignment_run(ctx)
    b = int(np.argmin(al.lams))
    j = al.planted
    D = al.data.D(1)
    Dh = D / np.linalg.norm(D)
    K = float(np.linalg.norm(D) / al.data.n)
    W = al.tr.W[:, b]
    w0 = W[0, j]
    p0 = float(w0 @ Dh)
    q0 = float(np.linalg.norm(w0 - p0 * Dh))
    z = W[:, j] @ Dh
    pred = yardstick(al.tr.t, p0, q0, K) if fn == "sinh" else \
        q0 * np.cosh(np.arcsinh(p0 / q0) + K * al.tr.t)
    rel = float(np.max(np.abs(z - pred) / np.abs(pred)))
    # The yardstick neglects h: dτ/dt carries (y_k − h_k) instead of y_k, a relative
    # perturbation max|h/y| of the rate, accumulated over K t_end; plus the integrator's
    # accumulated relative error rtol · steps. Allowed: twice that.
    H = np.abs(np.einsum("knh,kh->kn", np.maximum(W @ al.data.X.T, 0.0).swapaxes(1, 2),
                         al.tr.v[:, b]))
    hy = float(np.max(H / np.abs(al.data.y)))
    allowed = K * float(al.tr.t[-1]) * hy + float(al.tr.rtol * al.tr.steps[b])
    return Evidence.agree(
        rel, 0.0, atol=2.0 * allowed, uncertainty=0.0,
        reason="max_t |<w_j, D̂+> − q sinh(asinh(p/q) + ||D+||t/n)| / |prediction| for the "
        "planted neuron (pattern exactly S+) up to 0.5 T+; allowed = 2 × (K t max|h/y| "
        "+ rtol·steps): neglected output feedback plus integrator error",
        detail={"lambda": float(al.lams[b]), "max|h/y|": hy, "K": K})


claim = paper.claim(
    "early_alignment_yardstick", where="yardstick solution (App. B.6 analogue per S-C)",
    title="The sinh yardstick matches the full flow in the early phase",
    statement="A neuron active exactly on S+ has <w_j(t), D̂+> = q sinh(asinh(p/q) + ||D+||t/n) "
    "until the output becomes non-negligible (p, q: components of w_j(0) along and off D̂+)",
    source="D,S-C,V", method="ode", settings={"fn": "sinh"},
    notes=NO_TEXT + " SymPy residual of the closed form: boursier2022.closed_forms; see "
    f"{THEORY}, 'Early alignment'.",
)(check)

claim.twin("cosh", title="cosh in place of sinh in the yardstick", fn="cosh")

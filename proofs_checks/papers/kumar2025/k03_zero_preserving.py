"""Zero-preserving sets: u_j alone when sigma'(0) = 0, the pair (v_j, u_j) always."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import BEYOND_ORIGIN, RECON, p3


def _activation(name: str):
    tl = numeric.finite_data
    return {"square": tl.square_activation(), "relu2": tl.relu_power(2.0),
            "leaky3": tl.leaky_relu_power(0.3, 3.0),
            "leaky1": tl.leaky_relu_power(0.3, 1.0)}[name]


def check(case, ctx: Context) -> Evidence:
    tl = numeric.finite_data
    act = _activation(case["act"])
    base, w0 = p3()
    net = numeric.homogeneous.HomogeneousNet(f"P3-{case['act']}", base.X, base.y, base.m,
                                             act=act)
    rng = ctx.rng(case["act"], case["block"])
    th = rng.standard_normal(net.k)
    sl = net.neuron_slices()[0]
    idx = sl[1:] if case["block"] == "u" else sl  # u_j alone, or the pair (v_j, u_j)
    th[idx] = 0.0
    g = net.loss_grad(th)
    exact = bool(np.all(g[idx] == 0.0))  # exact zeros: no tolerance
    # frozen v_j when u_j = 0: its gradient sum_i r_i sigma(0) is exactly 0 too
    frozen_v = bool(g[sl[0]] == 0.0)
    # GD at lr 1e-3 diverges from some N(0, 1) draws of a p = 3 net (the loss grows like
    # |theta|^(2p)); an overflowed run would turn 0·inf into NaN and says nothing about zero
    # preservation, so the (scale-free) statement is checked from the largest of
    # 1, 1/2, 1/4, ... times the draw at which the iterates stay finite
    for shrink in 0.5 ** np.arange(8):
        th_s = shrink * th
        v, U = th_s[:net.m], th_s[net.m:].reshape(net.m, net.d)
        with np.errstate(over="ignore", invalid="ignore"):
            tr = tl.gd(U, v, net.X, net.y, lr=1e-3, steps=ctx.profile.n(200, 50),
                       loss=tl.square_loss(mean=False), act=act, record_every=50)
        if np.all(np.isfinite(tr.W)) and np.all(np.isfinite(tr.v)):
            break
    else:
        return Evidence.failed("GD overflowed from every scale of the draw down to 1/128")
    gd_zero = bool(np.all(tr.W[:, 0, :] == 0.0)) and bool(np.all(tr.v[:, 0] == tr.v[0, 0]))
    ok = exact and frozen_v and gd_zero
    return Evidence.predicate(
        ok, computed={"grad_block_max": float(np.max(np.abs(g[idx]))), "v_frozen": frozen_v,
                      "gd_keeps_zero": gd_zero, "gd_scale": float(shrink)},
        claimed="exactly 0.0",
        reason="exact zeros: the loss gradient on the block and GD iterates (shared gd) keep "
        "u_j = 0.0 and v_j unchanged to the last bit",
    )


claim = paper.claim(
    "k03_zero_preserving", citation=BEYOND_ORIGIN,
    title="K3: zero-preserving sets: u_j alone when sigma'(0) = 0, (v_j, u_j) always",
    statement="If sigma(0) = 0 the neuron (v_j, u_j) is a zero-preserving set; if also "
    "sigma'(0) = 0 (z^2, ReLU^p, leaky ReLU^p, p >= 2) the incoming u_j alone is, and v_j is "
    "frozen: {w_S = 0} is invariant under GF and GD.",
    source="R", method="exact",
    hypotheses={"sigma(0)": 0, "sigma_prime_zero": "required for u_j alone"},
    cases=lambda profile: [{"act": a, "block": b} for a in ("square", "relu2", "leaky3")
                           for b in ("u", "pair")],
    notes=RECON + "docs/theory/kumar2025.md, 'K3 Zero-preserving sets'.",
)(check)

# a dropped assumption is other parameters, not another computation: the same check
claim.twin("leaky_p1_u_alone", title="u_j alone is zero-preserving for leaky ReLU (p = 1, "
           "sigma'(0) = alpha != 0): dropped assumption sigma'(0) = 0", check=check,
           cases=lambda profile: [{"act": "leaky1", "block": "u"}])

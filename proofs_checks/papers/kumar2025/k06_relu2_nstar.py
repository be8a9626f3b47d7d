"""For sigma = ReLU^2 the constrained-NCF maximum is (2/(3 sqrt 3)) max_{|u|=1} |g(u)|."""

from __future__ import annotations

import numpy as np

import numeric
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import DEEP_HOMOGENEOUS, EPS, RECON, SMOOTH, r2
from .setup_flows import pga_maximiser


def relu2_gmax(ctx: Context) -> float:
    """max_{|u|=1} |g(u)|, g(u) = sum_i y_i relu(u.x_i)^2, by PGA on +-g on S^2 (independent of
    the full-network ascent); restarts and steps scale with the profile."""
    seed = int(ctx.paper().seed_sequence("gmax").generate_state(1)[0])
    restarts, steps = min(ctx.profile.n(20, 6), 40), min(ctx.profile.n(3000, 1000), 5000)

    def build() -> float:
        net, _ = r2()
        single = numeric.homogeneous.HomogeneousNet("R2-g", net.X, net.y, 1, signs=None,
                                                    act=net.act)
        rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
        best = 0.0
        for sgn in (1.0, -1.0):
            U = rng.standard_normal((restarts, net.d))
            U /= np.linalg.norm(U, axis=1, keepdims=True)
            for _ in range(steps):
                th = np.concatenate([np.full((restarts, 1), sgn), U], axis=1)
                U = U + 0.05 * single.ncf_grad(th)[:, 1:]
                U /= np.linalg.norm(U, axis=1, keepdims=True)
            th = np.concatenate([np.ones((restarts, 1)), U], axis=1)
            best = max(best, float(np.max(sgn * single.ncf(th))))
        return best

    return ctx.shared(("gmax", restarts, steps), build)


def check(_params, ctx: Context, *, p_const: float) -> Evidence:
    hm = numeric.homogeneous
    net, u = pga_maximiser(ctx, "R2")
    n_pga = float(net.ncf(u))
    j = int(np.argmax(net.neuron_norms(u)))
    uj = u[net.m + j * net.d: net.m + (j + 1) * net.d]
    uh = uj / np.linalg.norm(uj)
    g_hat = float(np.sum(net.y * np.maximum(net.X @ uh, 0.0) ** 2))
    gmax = relu2_gmax(ctx)
    pred_hat = hm.single_neuron_nstar(p_const, abs(g_hat))  # the twin's constant for p = 1
    pred_max = hm.single_neuron_nstar(p_const, gmax)
    return Evidence.agree(
        # 1e-8: both ascents converge far below it; tolerance = float rounding of N
        [n_pga, n_pga], [pred_hat, pred_max], atol=1e-8,
        uncertainty=1e3 * EPS * abs(n_pga),
        reason="ReLU^2 (R2): N at the PGA winner vs (p+1)^(-1/2)(p/(p+1))^(p/2)|g(u_hat)| and "
        "vs the same constant times max|g| found by a separate ascent on S^2; agree to 1e-8",
        detail={"reported": 1.2874291813794, "g_hat": g_hat, "gmax": gmax, "p": p_const},
    )


claim = paper.claim(
    "k06_relu2_nstar", citation=DEEP_HOMOGENEOUS,
    title="K6: ReLU^2: N* = (2 / (3 sqrt 3)) max_{|u|=1} |g(u)|",
    statement="For sigma = ReLU^2, the constrained-NCF maximum is one neuron with v^2 = 1/3, "
    "|u|^2 = 2/3, and N* = (2/(3 sqrt 3)) max|g| with g(u) = sum_i y_i relu(u.x_i)^2 "
    "(R2: 1.2874291813794).",
    source="R", method="exact",
    hypotheses={**SMOOTH, "sigma": "ReLU^2 (C^1, locally Lipschitz gradient)"},
    settings={"p_const": 2.0},
    notes=RECON + "docs/theory/kumar2025.md, 'K4–K6 The constrained NCF'.",
)(check)

claim.twin("constant_p1", title="N* with the p = 1 constant 2^(-1/2)(1/2)^(1/2) max|g|",
           p_const=1.0)

"""The paper's Section-4 experiment replayed on scikit-learn's bundled 8x8 digits (no
download): centred images, h = 50, unbalanced N(0, 1e-12) init, plain GD with η = 2e-3 on the
mean exponential loss, and the iteration milestones read off the record."""

from __future__ import annotations

import numpy as np

from numeric import datasets, finite_data
from proofs_checks.kit import Context

DIGITS_STEPS = {(0, 1): 11000, (3, 8): 18000, (1, 7): 18000}  # past the loss drop
DIGITS_LR = 2e-3
DIGITS_H = 50


def digits_data(pair):
    """Images of the two digits, pixels scaled to [0, 1] and centred; y = +1 for pair[0]."""
    from sklearn.datasets import load_digits  # bundled with scikit-learn, no download

    d = load_digits()
    sel = (d.target == pair[0]) | (d.target == pair[1])
    X = d.data[sel] / 16.0  # pixels to [0, 1], like MNIST
    y = np.where(d.target[sel] == pair[0], 1.0, -1.0)
    return X - X.mean(0), y  # centred, as in the paper


def digits_run(pair: tuple[int, int], seed_seq: np.random.SeedSequence, *,
               steps: int | None = None, record_every: int = 50) -> dict:
    """The paper's Section-4 protocol on sklearn digits: centred images, h = 50, W and v iid
    N(0, 1e-12) (unbalanced, as in the paper), plain GD with eta = 2e-3 on the *mean* exp loss.

    Returns iteration-indexed diagnostics: cos(mean V+ neuron, x+), cos(mean V- neuron, x-),
    loss, |W|_2^2 and stable rank (V+- = sign of v_j at that iteration).
    """
    X, y = digits_data(pair)
    steps = DIGITS_STEPS.get(tuple(pair), 18000) if steps is None else steps
    rng = np.random.default_rng(seed_seq)
    D = X.shape[1]
    W = 1e-6 * rng.standard_normal((DIGITS_H, D))
    v = 1e-6 * rng.standard_normal(DIGITS_H)
    loss = finite_data.Loss("exp_mean", finite_data.EXP.value, finite_data.EXP.deriv, mean=True)
    tr = finite_data.gd(W, v, X, y, lr=DIGITS_LR, steps=steps, loss=loss,
                     record_every=record_every)
    xp, xm = X[y > 0].sum(0), X[y < 0].sum(0)
    cp, cm = [], []
    for Wk, vk in zip(tr.W, tr.v, strict=True):
        wp, wm = Wk[vk > 0].mean(0), Wk[vk < 0].mean(0)
        cp.append(wp @ xp / (np.linalg.norm(wp) * np.linalg.norm(xp)))
        cm.append(wm @ xm / (np.linalg.norm(wm) * np.linalg.norm(xm)))
    sv = np.linalg.svd(tr.W, compute_uv=False)
    return {"iters": np.round(tr.t / DIGITS_LR).astype(int), "cos_plus": np.array(cp),
            "cos_minus": np.array(cm), "loss": tr.loss, "spec2": sv[:, 0] ** 2,
            "stable_rank": np.sum(sv ** 2, -1) / sv[:, 0] ** 2, "n": len(y),
            "mu": datasets.separability_mu(X, y),
            "cos_x+_x-": float(xp @ xm / np.linalg.norm(xp) / np.linalg.norm(xm))}


def digits_milestones(r: dict) -> dict:
    """Iterations of alignment (both class-mean cosines >= 0.95), of |W|_2^2 growing 1e3-fold
    and of the loss halving, the final stable rank, and the paper's iteration counts."""
    it = r["iters"]
    al = np.nonzero((r["cos_plus"] >= 0.95) & (r["cos_minus"] >= 0.95))[0]
    drop = np.nonzero(r["loss"] <= 0.5 * r["loss"][0])[0]
    grow = np.nonzero(r["spec2"] >= 1e3 * r["spec2"][0])[0]
    return {"align_iter(cos>=0.95)": int(it[al[0]]) if al.size else None,
            "norm_growth_iter(|W|_2^2 x1e3)": int(it[grow[0]]) if grow.size else None,
            "loss_half_iter": int(it[drop[0]]) if drop.size else None,
            "stable_rank_end": float(r["stable_rank"][-1]),
            "paper": {"align_iter": 2000, "norm_growth_loss_drop_iter": 3000}}


def digits(ctx: Context, pair):
    """The digits run of one pair, shared by the claim, its twin and the plot."""
    return ctx.paper().shared(("digits", pair), lambda: digits_run(
        pair, ctx.paper().seed_sequence("digits", *pair)))

"""Class c escapes its saddle at T_c = (n/||D_c||) log(1/λ) + O(1)."""

from __future__ import annotations

import numpy as np

from numeric.orthogonal import drop_time
from proofs_checks.kit import Context, Evidence

from . import paper
from .setup import NO_TEXT, THEORY, MainRun, main_run


def escape_fit(run: MainRun, sign: int):
    """Half-drop times of the class loss per λ (λ decreasing) and the secant slopes of the
    times over log(1/λ) between successive λ."""
    col = run.Lp if sign > 0 else run.Lm
    order = np.argsort(-run.lams)
    times = np.array([drop_time(run.tr.t, col[:, b]) for b in order])
    x = np.log(1.0 / run.lams[order])
    return times, x, np.diff(times) / np.diff(x)


def check(params, ctx: Context, *, normalisation: str) -> Evidence:
    run = main_run(ctx)
    sign = params["class"]
    times, x, secants = escape_fit(run, sign)
    Dn = float(np.linalg.norm(run.data.D(sign)))
    claimed = run.data.n / Dn if normalisation == "mean" else 1.0 / Dn
    # The slope is asymptotic (λ → 0): T = a log(1/λ) + b + O(λ^e), so the secant between the
    # two smallest λ is the estimate, and the change from the previous secant bounds its
    # remaining bias (the O(λ^e) term shrinks by λ-ratio^e per step). The times are
    # deterministic (ODE at rtol ~1e-9): a regression's t-band would treat that bias as noise
    # — with 4 points its 95% band was 3.5% wide, wider than the 3% allowance. 3%: the O(1)
    # offset drifts like the finite-λ bias over λ ∈ [1e-12, 1e-3].
    return Evidence.agree(
        secants[-1], claimed, atol=0.0, rtol=0.03, uncertainty=abs(secants[-1] - secants[-2]),
        reason="secant slope of the half-drop time of L± over log(1/λ) between the two smallest "
        "λ against n/||D±||; allowed 3%; tolerance = change from the previous secant (the "
        "O(λ^e) bias left)",
        detail={"times": times, "log_inv_lambda": x, "secants": secants})


def plot(result, ctx: Context, png: str) -> None:
    import matplotlib.pyplot as plt

    run = main_run(ctx)
    fig, ax = plt.subplots(1, 2, figsize=(10, 3.6))
    for b, lam in enumerate(run.lams):
        ax[0].plot(run.tr.t / np.log(1 / lam), run.tr.loss[:, b], label=f"λ={lam:.0e}")
    for sign in (1, -1):
        ax[0].axvline(run.data.n / np.linalg.norm(run.data.D(sign)), ls=":", c="k")
    ax[0].set_xlabel("t / log(1/λ) (flow time in units of log(1/λ))")
    ax[0].set_ylabel("loss L (units of y²)")
    ax[0].set_xlim(0, 8)
    ax[0].legend(fontsize=7)
    ax[0].set_title("loss staircase, rescaled time")
    for sign, c in ((1, "C0"), (-1, "C3")):
        times, x, secants = escape_fit(run, sign)
        ax[1].plot(x, times, "o-", c=c,
                   label=f"S{'+' if sign > 0 else '−'}: last secant {secants[-1]:.3f} "
                   f"(n/||D|| = {run.data.n / np.linalg.norm(run.data.D(sign)):.3f})")
    ax[1].set_xlabel("log(1/λ)")
    ax[1].set_ylabel("half-drop time (gradient-flow time)")
    ax[1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(png, dpi=90)


claim = paper.claim(
    "escape_times", where="saddle-to-saddle (abstract)",
    title="Escape times T± = (n/||D±||) log(1/λ) + O(1)",
    statement="Class c stays at its initial loss until (n/||D_c||) log(1/λ) + O(1), then drops "
    "in an O(n/||D_c||) window (slope of the half-drop time over log(1/λ))",
    latex=r"T_\pm = \frac{n}{\|D_\pm\|}\log\frac1\lambda + O(1)",
    source="P,S-M,D,V", method="scaling", cases=lambda p: [{"class": 1}, {"class": -1}],
    settings={"normalisation": "mean"}, plot=plot,
    notes=NO_TEXT + " The raw ratio T/log(1/λ) converges slowly (O(1) offsets), so the claim "
    f"is tested on the slope ({THEORY}, 'Saddle to saddle').",
)(check)

claim.twin("sum_normalisation", title="Escape slope 1/||D±|| (½Σ loss: times shrink by n)",
           latex=r"T_\pm = \frac{1}{\|D_\pm\|}\log\frac1\lambda + O(1)",
           normalisation="sum")

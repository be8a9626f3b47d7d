# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lee, Sim, Ye — magnitude and angle dynamics of single ReLU neurons (arXiv 2209.13394)
#
# The paper's own theorem statements were **unavailable**; everything below checks the
# *reconstructed* statements about the model (tag [R]; docs/theory/lee2022.md), not quotes
# of the paper.
#
# Model: teacher v = e₁, r = ‖w‖, θ = ∠(w, v), φ = π − θ, g(φ) = sin φ − φ cos φ, and the
# balanced depth-L chain
#
# $$\dot r = \kappa r^{L-1}\Big[\frac{g(\phi)}{2\pi} - \frac{r^L}{2}\Big],\qquad
#   \dot\phi = \kappa r^{L-2}\frac{\phi\sin\phi}{2\pi}.$$
#
# Trajectories are integrated by `numeric.integrate_batch` (batched
# Dormand–Prince 5(4)) in the stable variables (ln r, z = ln tan(θ/2)).

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from numeric import converged_event, integrate_batch
from proofs_checks.papers import lee2022 as M


def g(phi):
    return np.sin(phi) - phi * np.cos(phi)


# %% [markdown]
# ## 1. One layer: trajectories between their envelopes (P2, P3)

# %%
r0 = np.array([0.05, 0.3, 3.0, 8.0])
theta0 = np.array([2.5, 1.5, 2.8, 0.7])
t = np.linspace(0, 12, 241)
sol = integrate_batch(r0, theta0=theta0, t_end=12.0, t_eval=t)
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for i in range(r0.size):
    e = np.exp(-t / 2)
    g0 = g(math.pi - theta0[i])
    lo = r0[i] * e + g0 / np.pi * (1 - e)
    hi = r0[i] * e + (1 - e)
    (line,) = axes[0].plot(t, sol.r_eval[i], label=f"r0={r0[i]}, θ0={theta0[i]}")
    axes[0].fill_between(t, lo, hi, color=line.get_color(), alpha=0.15)
    rmin, rmax = min(r0[i], g0 / np.pi), max(r0[i], 1.0)
    z0 = math.log(math.tan(theta0[i] / 2))
    axes[1].semilogy(t, np.exp(sol.z_eval[i]), color=line.get_color())
    axes[1].fill_between(t, np.exp(z0 - t / (2 * rmin)),
                         np.exp(z0 - (math.pi - theta0[i]) * t / (2 * np.pi * rmax)),
                         color=line.get_color(), alpha=0.15)
    assert np.all(sol.r_eval[i] >= lo * (1 - 1e-7)) and np.all(sol.r_eval[i] <= hi * (1 + 1e-7))
axes[0].set(xlabel="t", ylabel="r(t)", title="P2: r between its envelopes")
axes[1].set(xlabel="t", ylabel="tan(θ/2)", title="P3: angle between its envelopes",
            ylim=(1e-8, 1e2))
axes[0].legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# ## 2. Escape / convergence time vs init scale, L = 1…4 (P6)
#
# T = first time θ ≤ 1e-3 and |r − 1| ≤ 1e-3, from θ0 = 2, κ = 1. Deep chains slow down like
# r0^{−(L−2)} (L ≥ 3) and ln(1/r0) (L = 2); one layer is not slowed.

# %%
grid = np.geomspace(0.3, 1e-3, 8)
fig, ax = plt.subplots(figsize=(6, 4.5))
times = {}
for L in (1, 2, 3, 4):
    t_end = 100 + 50 * grid ** -float(max(L - 2, 0))
    s = integrate_batch(grid, theta0=2.0, depth=L, t_end=t_end, events=[converged_event()])
    times[L] = s.events["converged"]
    ax.loglog(grid, times[L], "o-", label=f"L = {L}")
    if L >= 3:
        slope = np.polyfit(np.log(grid[-4:]), np.log(times[L][-4:]), 1)[0]
        print(f"L = {L}: log-log slope at small r0 = {slope:.3f} (theory {-(L - 2)})")
ax.set(xlabel="r0", ylabel="T", title="convergence time vs r0 (θ0 = 2, κ = 1)")
ax.legend()
fig.tight_layout()
print({L: np.round(v[[0, 2, 4]], 1) for L, v in times.items()})
assert times[1][-1] <= times[1][0]  # one layer: not slowed by small init

# %% [markdown]
# ## 3. Gradient descent vs gradient flow (P8, P9)
#
# GD on the population loss is the exact map w' = A ŵ + B v. Its gap to GF on [0, 10] is O(η).

# %%
r0_, th0_ = 0.5, 2.0
T = 10.0
fine = np.linspace(0, T, 801)
gf = integrate_batch(r0_, theta0=th0_, t_end=T, t_eval=fine, rtol=1e-10, atol=1e-12)
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
axes[0].plot(fine, gf.r_eval[0], "k", label="GF r(t)")
axes[1].semilogy(fine, gf.theta_eval[0], "k", label="GF θ(t)")
errs = []
for eta in (0.4, 0.2, 0.1, 0.05):
    r, th = r0_, th0_
    rs, ths = [r], [th]
    for _ in range(int(round(T / eta))):
        r, th = M.gd_map(r, th, eta)
        rs.append(r)
        ths.append(th)
    tk = eta * np.arange(len(rs))
    axes[0].plot(tk, rs, ".", ms=3, label=f"GD η={eta}")
    axes[1].semilogy(tk, ths, ".", ms=3)
    idx = np.rint(tk / (T / 800)).astype(int)
    wk = np.c_[np.array(rs) * np.cos(ths), np.array(rs) * np.sin(ths)]
    wg = np.c_[gf.r_eval[0] * np.cos(gf.theta_eval[0]), gf.r_eval[0] * np.sin(gf.theta_eval[0])]
    errs.append(np.max(np.linalg.norm(wk - wg[idx], axis=1)))
axes[0].set(xlabel="t", ylabel="r")
axes[1].set(xlabel="t", ylabel="θ")
axes[0].legend(fontsize=8)
fig.tight_layout()
print("GD–GF gap:", np.round(errs, 5), "ratios:", np.round(np.array(errs[:-1]) / errs[1:], 3))

# %% [markdown]
# ## 4. The verdicts of the claims behind these pictures (quick profile)
#
# The envelopes (P2, P3), the escape-time scaling (P6) and the GD–GF gap (P8); the paper's
# other claims run with `reluflow check 'lee2022.*'`.

# %%
from proofs_checks import run_claim, select  # noqa: E402

for c in select(["lee2022.envelope_one_layer", "lee2022.escape_time_scaling",
                 "lee2022.gd_gf_gap"]):
    res = run_claim(c, profile="quick", seed=0)
    twins = ", ".join(tw.verdict for tw in res.twins)
    print(f"{c.id:40s} {res.verdict:12s} twins: {twins}")
    assert res.ok, c.id

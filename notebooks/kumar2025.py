# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Kumar & Haupt: small-initialisation gradient flow of homogeneous networks
#
# Set-up P3 of docs/theory/kumar2025.md (L = 3, σ(z) = z², d = 4, n = 30, m = 5). The theorem texts of
# arXiv 2402.09226 / 2403.08121 / 2502.15952 were not available; what is shown here checks the
# reconstructed statements of docs/theory/kumar2025.md.
#
# 1. per-neuron norms over time: one neuron rises, the others stay flat (sparsity);
# 2. the loss staircase: plateau at the first saddle p*, then a second neuron escapes
#    (the residual NCF at p* is positive);
# 3. the direction error against δ on log-log axes (slope L = 3).

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import linregress

from numeric import homogeneous as hm, ode

net, w0 = hm.setup_p3()
print("N* =", hm.square_nstar(net.X, net.y), " tau* =", hm.blowup_time(net, w0))
print("per-neuron blow-up times:", np.round(hm.neuron_blowup_times(net, w0), 4))

# %% [markdown]
# ## Per-neuron norms and the loss staircase (gradient flow from δ·w0, δ = 1e-4)
#
# Near the origin the exact rescaled ODE s' = ∇N(s) − δ^L Σ H∇H (w = δs, τ = δt) runs through
# the shared Dormand–Prince scheme; after the escape (|w| = |p*|/2) the stiff phase runs on
# LSODA. The winner is the neuron whose NCF flow blows up first.

# %%
delta = 1e-4
j = int(np.argmin(hm.neuron_blowup_times(net, w0)))
sf = hm.ncf_sphere_flow(net, w0, [0.0, 12.0])
u_star = np.zeros(net.k)
sl = net.neuron_slices()[j]
u_star[sl] = sf.u[-1, 0][sl]
p_star = hm.restricted_stationary_point(net, u_star / np.linalg.norm(u_star))
run = hm.escape_run(net, w0, delta, p_star, t_after=400.0, n_grid=800)

# the approach to the escape, recorded on a tau grid that stops just before it
tau = np.linspace(0.0, 0.995 * run.t_esc * delta, 200)
pre = ode.integrate_autonomous(lambda Y, _r: net.rescaled_field(Y, delta), w0, tau, rtol=1e-10)[:, 0]
t_all = np.concatenate([tau / delta, run.t_esc + run.t_grid])
norms = np.concatenate([net.neuron_norms(delta * pre), net.neuron_norms(run.w_grid)])
loss = np.concatenate([net.loss(delta * pre), run.loss_grid])

fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.8))
for k in range(net.m):
    a1.semilogy(t_all, norms[:, k], label=f"neuron {k}" + (" (winner)" if k == j else ""))
a1.axvline(hm.blowup_time(net, w0) / delta, ls=":", c="k", label="τ*/δ")
a1.set_xlabel("t")
a1.set_ylabel("|(v_j, u_j)|")
a1.legend(fontsize=7)
a2.plot(t_all - run.t_esc, loss)
a2.axhline(float(net.loss(p_star)), ls=":", c="r", label="L(p*) (first saddle)")
a2.set_xlim(-50, 400)
a2.set_xlabel("t − t_esc")
a2.set_ylabel("loss")
a2.legend()
fig.tight_layout()
plt.show()
print("winner:", j, " L(p*) =", float(net.loss(p_star)), " min |w - p*| =", run.dist_min)

# %% [markdown]
# ## Direction error against δ (exact rescaling, shared Dormand–Prince scheme)
#
# w = δ s, τ = δ t: compare w/|w| with the NCF flow s/|s| at the τ where |s| = 20.

# %%
tau20, s20 = hm.ncf_flow_until(net, w0, 20.0)
deltas = np.array([1e-2, 3e-3, 1e-3, 3e-4])


def rhs(Y, rows):
    return net._pullback(Y, net.y - deltas[rows][:, None] ** 3 * net._outputs(Y))


out = ode.integrate_autonomous(rhs, np.tile(w0, (len(deltas), 1)), [0.0, tau20], rtol=1e-11,
                   atol=1e-14)[-1]
err = np.linalg.norm(out / np.linalg.norm(out, axis=1, keepdims=True) - s20 / 20.0, axis=1)
fit = linregress(np.log(deltas), np.log(err))
plt.figure(figsize=(4.5, 3.5))
plt.loglog(deltas, err, "o-", label=f"slope {fit.slope:.3f}")
plt.loglog(deltas, err[0] * (deltas / deltas[0]) ** 3, "k:", label="δ³")
plt.xlabel("δ")
plt.ylabel("direction error")
plt.legend()
plt.tight_layout()
plt.show()
assert abs(fit.slope - 3) < 0.2

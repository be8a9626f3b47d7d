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
# # reluflow foundation: derive → compile → cross-check
#
# The arc-cosine kernel and Tian's population-gradient term are derived by SymPy in the plane
# of each weight pair (polar coordinates, kink angles supplied by hand, radial moment exact),
# compiled to batched numpy, and confirmed against references that never use the closed form.

# %%
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Math, display

import numeric
import symbolic
from numeric import reference_cross_moment, reference_kernel

for name in ("relu_kernel_plane", "cross_moment", "deep_chain_ode"):
    display(Math(symbolic.derive(name).latex()))

# %% [markdown]
# The compiled code is the lambdify output of the derivation (stable atan2 angle, ReLU as
# `maximum`):

# %%
print(symbolic.derive("relu_kernel").python())

# %% [markdown]
# ## Cross-check against 30-digit quadrature across angles, including θ → 0 and θ → π

# %%
thetas = np.concatenate([np.logspace(-12, -1, 12), np.linspace(0.2, np.pi - 0.2, 12),
                         np.pi - np.logspace(-1, -12, 12)])
errors = []
for th in thetas:
    u = np.array([1.0, 0.0, 0.0])
    v = 1.3 * np.array([np.cos(th), np.sin(th), 0.0])
    ref = reference_cross_moment(u, v, digits=30).to_numpy()
    errors.append(np.max(np.abs(numeric.cross_moment(u, v) - ref)) / 1.3)
errors = np.array(errors)
print(f"max relative error of the compiled cross moment: {errors.max():.1e}")
assert errors.max() < 1e-12

fig, ax = plt.subplots(figsize=(6, 3))
ax.semilogy(thetas, np.maximum(errors, 1e-18), "o")
ax.set_xlabel("θ")
ax.set_ylabel("|compiled − reference| / ‖v‖")
ax.set_title("cross moment vs 30-digit quadrature")
fig.tight_layout()

# %% [markdown]
# ## The kernel matrix of random neurons is positive semidefinite

# %%
rng = np.random.default_rng(np.random.SeedSequence(0))
W = rng.normal(size=(40, 6))
K = numeric.relu_kernel(W[:, None, :], W[None, :, :])
print(f"min eigenvalue {np.linalg.eigvalsh(K).min():.3e}; "
      f"k(w0, w1) = {K[0, 1]:.15f} vs reference {float(reference_kernel(W[0], W[1]).value):.15f}")

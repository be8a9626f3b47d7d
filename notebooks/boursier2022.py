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
# # Boursier, Pillaud-Vivien & Flammarion (arXiv 2206.00939): orthogonal inputs
#
# Two-layer ReLU net, no bias, σ'(0) = 0, loss (1/2n)Σ(h − y)², balanced init at scale λ,
# pairwise-orthogonal inputs with unequal norms and labels of both signs. The paper's full text
# was unavailable; the statements are reconstructed (docs/theory/boursier2022.md). Below: the loss staircase on
# the rescaled time axis t/log(1/λ) (escapes at n/‖D±‖), and the neurons' directions converging
# to β̂± (the minimum-variation-norm interpolator).

# %%
import matplotlib.pyplot as plt
import numpy as np

from proofs_checks import PROFILES, Context
from numeric.orthogonal import neuron_classes
from proofs_checks.papers.boursier2022.setup import main_run

ctx = Context(PROFILES["quick"], 0, "notebook")
run = main_run(ctx)
d = run.data
print("n/||D+|| =", d.n / np.linalg.norm(d.D(1)), " n/||D-|| =", d.n / np.linalg.norm(d.D(-1)))

# %% [markdown]
# ## Loss staircase, rescaled time

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
for b, lam in enumerate(run.lams):
    ax.plot(run.tr.t / np.log(1 / lam), run.tr.loss[:, b], label=f"λ = {lam:.0e}")
for sign in (1, -1):
    ax.axvline(d.n / np.linalg.norm(d.D(sign)), ls=":", c="k")
plateau = np.sum(d.y[~d.pos] ** 2) / (2 * d.n)
ax.axhline(plateau, ls="--", c="gray", lw=0.8)
ax.set_xlim(0, 8)
ax.set_xlabel("t / log(1/λ)")
ax.set_ylabel("L")
ax.legend(fontsize=8)
ax.set_title("loss staircase: drops at n/||D+|| and n/||D−||")
plt.show()

# %% [markdown]
# ## Neuron directions converge to β̂± (smallest λ)

# %%
b = int(np.argmin(run.lams))
jstar = neuron_classes(run.Z, run.s, d) == 2
fig, ax = plt.subplots(figsize=(7, 3.5))
for sign, c in ((1, "C0"), (-1, "C3")):
    sel = jstar & (run.s == sign)
    W = run.tr.W[:, b][:, sel]
    bh = d.beta(sign) / np.linalg.norm(d.beta(sign))
    Dh = d.D(sign) / np.linalg.norm(d.D(sign))
    Wh = W / np.linalg.norm(W, axis=-1, keepdims=True)
    # angles via atan2 (stable near 0)
    cosb = Wh @ bh
    sinb = np.linalg.norm(Wh - cosb[..., None] * bh, axis=-1)
    ang = np.arctan2(sinb, cosb)
    ax.semilogy(run.tr.t / np.log(1 / run.lams[b]), ang, c=c, lw=0.8)
ax.set_xlabel("t / log(1/λ)")
ax.set_ylabel("angle(w_j, β̂±)  [rad]")
ax.set_title("J* neurons: blue positive, red negative")
plt.show()
final = ang[-1]
print("final angles to β̂− of the negative J* neurons:", final)

# %% [markdown]
# ## Verdicts of this paper's claims (quick profile)

# %%
from proofs_checks import run_claim, select

for c in select(["boursier2022.escape_times", "boursier2022.plateau",
                 "boursier2022.limit_norm"]):
    r = run_claim(c, profile="quick", seed=0)
    print(f"{r.id:35s} {r.verdict:10s} twins: {[t.verdict for t in r.twins]}")
    assert r.ok

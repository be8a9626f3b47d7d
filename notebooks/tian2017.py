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
# # Tian (2017): population gradient, symmetry breaking, initialisation
#
# Y. Tian, *An Analytical Formula of Population Gradient for two-layered ReLU network and its
# Applications in Convergence and Critical Point Analysis*, arXiv 1703.00560. The claims of the
# table in docs/theory/tian2017.md are registered as `tian2017.*` (`reluflow check 'tian2017.*'`); this
# notebook shows the derivations and the pictures behind them.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Math, display

import symbolic
from numeric import population_gradient, tian_symmetric_rhs
from numeric.population import certify_critical_point, population_hessian
from proofs_checks.papers.tian2017 import setup as tian, setup_critical_points as tian_cp, setup_ssb as tian_ssb

# %% [markdown]
# ## Derivations
# Theorem 1 is the cross moment m(u, v) = E[1{u·x>0} x σ(v·x)] (Tian's F), derived in the plane
# of (u, v) with the kink angles supplied by hand; the symmetric (x, y) ODE is projected from the
# K-node gradient; the Hessian blocks A = ∂m/∂v and B = ∂m/∂u come from the same polar integral.

# %%
for name in ("cross_moment", "tian_symmetric_ode", "pair_second_moment", "cross_moment_du"):
    print(name + ":", symbolic.derive(name).description)
    display(Math(symbolic.derive(name).latex()))

# %% [markdown]
# The closed-form Hessian agrees with central differences of the analytic gradient:

# %%
rng = np.random.default_rng(np.random.SeedSequence(2017))
W, V = rng.standard_normal((3, 4)), rng.standard_normal((2, 4))
H = population_hessian(W, V)
h = 1e-5
fd = np.column_stack([
    ((population_gradient(W + h * E.reshape(W.shape), V)
      - population_gradient(W - h * E.reshape(W.shape), V)) / (2 * h)).ravel()
    for E in np.eye(W.size)
])
print(f"max |H − FD| = {np.abs(H - fd).max():.1e}")
assert np.abs(H - fd).max() < 1e-8

# %% [markdown]
# ## Spontaneous symmetry breaking (K = 5): phase portrait and the symmetric saddle
# The saddle sits at x* = (√(K−1) − angle(1/√K) + π)/(πK) on the diagonal (the angle computed as
# atan2(√(K−1), 1)). Starts with x0 > y0 flow to w* = (1, 0); starts with x0 < y0 end at a
# spurious symmetric critical point for K ≥ 3.

# %%
K = 5
xs = tian_ssb.saddle_x(K)
print(f"x* = {xs:.6f}, rhs(x*, x*) = {[float(v) for v in tian_symmetric_rhs(xs, xs, K=K)]}")
print("Jacobian eigenvalues at the saddle:",
      np.sort(np.linalg.eigvals(tian_ssb.symmetric_jacobian(xs, xs, K)).real))

X, Y = np.meshgrid(np.linspace(-0.8, 1.1, 24), np.linspace(-0.2, 1.1, 18))
U, Vv = (np.asarray(a) for a in tian_symmetric_rhs(X, Y + 1e-9, K=K))
nrm = np.hypot(U, Vv) + 1e-12
pts = np.array([[0.6, 0.1], [0.2, 0.05], [0.9, 0.6], [0.3, 0.25], [0.05, 0.3], [0.2, 0.8],
                [0.4, 0.45], [xs + 1e-3, xs], [xs - 1e-3, xs]])
tr = tian_ssb.symmetric_flow(pts, K, 80.0, 1e-8, stop_tol=0.0, record_times=np.linspace(0, 80, 400))
fig, ax = plt.subplots(figsize=(6, 5))
ax.quiver(X, Y, U / nrm, Vv / nrm, color="0.75", width=0.003)
for i in range(len(pts)):
    ax.plot(tr.records[:, i, 0], tr.records[:, i, 1], lw=1.2)
    ax.plot(*pts[i], "k.", ms=4)
ax.plot([xs], [xs], "k^", ms=9, label=f"saddle (x*, x*), x* = {xs:.4f}")
ax.plot([1], [0], "g*", ms=14, label="w* = (1, 0)")
sx, sy = tian_ssb.SPURIOUS_POINTS[K][0]
ax.plot([sx], [sy], "rs", ms=7, label="spurious point (x < y side)")
ax.plot([-1, 1.2], [-1, 1.2], "k--", lw=0.7)
ax.set_xlim(-0.8, 1.1)
ax.set_ylim(-0.2, 1.1)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(fontsize=8, loc="upper right")
ax.set_title("symmetric family, K = 5")
fig.tight_layout()

# %% [markdown]
# The one-sidedness (the finding registered as `tian2017.ssb_any_perturbation`): from
# x0 = y0 − 1e-9 the flow ends at spurious points; their Hessian index (closed form, K² dims):

# %%
for K_ in (3, 5, 6, 8, 10):
    x, y, loss, index, lam, gn = tian_ssb.spurious_point(K_, 1e-9)
    print(f"K={K_:2d}: ({x:+.6f}, {y:.6f}) loss {loss:.6f}, negative eigenvalues {index}, "
          f"λ_min {lam:+.4f}, ‖∇J‖ {gn:.1e}")

# %% [markdown]
# ## The L12 sign map (fig_verify.py)
# For students e1 = (1, 0), e2 = (cos θ, sin θ) and a teacher at angle φ, L12 > 0 exactly when
# the teacher lies inside the cone (0 < φ < θ).

# %%
th = (np.arange(150) + 0.5) / 150 * math.pi
ph = (np.arange(600) + 0.5) / 600 * 2 * math.pi
TT, PP = np.meshgrid(th, ph, indexing="ij")
L12, L21 = tian_cp.L_vector(TT, PP)
mismatch = int(np.sum((L12 > 0) != (PP < TT)))
print("sign mismatches on the 150 × 600 grid:", mismatch)
assert mismatch == 0
fig, ax = plt.subplots(figsize=(7, 3.5))
im = ax.pcolormesh(ph, th, np.sign(L12), cmap="coolwarm", shading="auto")
ax.plot([0, math.pi], [0, math.pi], "k-", lw=1, label="φ = θ")
ax.set_xlabel("teacher angle φ")
ax.set_ylabel("student angle θ")
ax.set_title("sign L12(θ, φ)")
ax.legend(loc="upper right")
fig.colorbar(im, ax=ax)
fig.tight_layout()

# %% [markdown]
# ## Initialisation: exact P(w0 ∈ Ω) versus the bound (1−ε)/2
# w0 ~ U(B(0, r)), r = ε√(2π/(d+1))‖w*‖; P is a 1-D integral over the angle to w*
# (mpmath). The bound holds and becomes tight as d grows.

# %%
ds = np.array([2, 3, 5, 10, 20, 50, 100, 200, 500, 1000])
fig, ax = plt.subplots(figsize=(6, 4))
for eps in (0.1, 0.5, 0.9):
    ps = np.array([tian.basin_probability(int(d), eps)[0] for d in ds])
    assert np.all(ps >= (1 - eps) / 2)
    (line,) = ax.semilogx(ds, ps, "o-", label=f"ε = {eps}")
    ax.axhline((1 - eps) / 2, color=line.get_color(), ls="--", lw=0.8)
ax.set_xlabel("d")
ax.set_ylabel("P(w0 ∈ Ω)")
ax.set_title("exact probability (solid) vs (1−ε)/2 (dashed)")
ax.legend()
fig.tight_layout()
print("d = 5, ε = 0.1:", round(tian.basin_probability(5, 0.1)[0], 6))

# %% [markdown]
# ## The out-of-plane saddle of §3.1 (d = 4, K = 2)

# %%
Wp, cert = tian_cp.out_of_plane_point(4)
print(f"loss {cert.loss:.7f}, ‖∇J‖ {cert.grad_norm:.1e}, index {cert.index}, "
      f"zero eigenvalues {cert.nullity}, eigenvalues {np.round(cert.eigenvalues, 4)}")
assert certify_critical_point(Wp, np.eye(4)[:2]).nullity >= 1

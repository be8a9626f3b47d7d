"""What several Tian (2017) claims share: the statistical gates, the Theorem-1 term F(e, w)
assembled from its printed form, uniform draws in a ball and the exact basin probability.

Conventions (docs/theory/tian2017.md, 'Setting and conventions'): x ~ N(0, I_d), the loss
J = ½E[(g(x; W*) − g(x; W))²] per sample (the paper's summed loss is N times this), and
F(e, w) = E[x 1{eᵀx > 0} σ(wᵀx)].
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from numeric import pair_angle
from proofs_checks.kit import clopper_pearson

EPS = float(np.finfo(float).eps)
TWO_PI = 2.0 * math.pi
# Monte Carlo gate: |MC − formula| ≤ 5.5 s.e. per entry. The two-sided normal tail at 5.5σ is
# 3.8e-8 per entry, so ≤ 1e-6 over the ≤ 15 entries of up to 3 cases: a verdict must hold at
# every seed, and at 4σ (1e-3 per case) a true claim would be refuted about once per thousand
# seeds. The twins (self term w for w/2, a wrong prefactor) are off by hundreds of s.e.
MC_SIGMAS = 5.5
# Clopper–Pearson confidence for empirical rates: two-sided 1 − 1e-6, for the same reason.
CP_ALPHA = 1e-6


def tian_term(e: np.ndarray, w: np.ndarray, prefactor: float = 1.0 / TWO_PI) -> np.ndarray:
    """Theorem 1 as printed, F(e, w) = c[(π − θ)w + ‖w‖ sin θ ê] with c = 1/2π (another c for
    a twin); assembled here, independently of ``numeric.cross_moment``."""
    th = float(pair_angle(e, w))
    eh = e / np.linalg.norm(e)
    return prefactor * ((math.pi - th) * w + np.linalg.norm(w) * math.sin(th) * eh)


def uniform_ball(rng: np.random.Generator, n: int, d: int, radius: float) -> np.ndarray:
    """n points uniform in the d-ball of the given radius (direction × radius·U^{1/d})."""
    z = rng.standard_normal((n, d))
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    return z * (radius * rng.random(n) ** (1.0 / d))[:, None]


def rate_interval(k: int, n: int) -> tuple[float, float]:
    """Exact two-sided (1 − CP_ALPHA) Clopper–Pearson interval for k successes in n trials."""
    return clopper_pearson(int(k), int(n), 1.0 - CP_ALPHA)


def init_radius(d: int, eps: float) -> float:
    """The initialisation radius r = ε√(2π/(d+1)) for ‖w*‖ = 1."""
    return eps * math.sqrt(2 * math.pi / (d + 1))


# the (d, ε) grid of the probability claims; quick checks the two printed ε
PROB_DS = (2, 3, 5, 10, 20, 50, 100, 200, 500, 1000)
PROB_EPS = (0.05, 0.1, 0.5, 0.9)


@lru_cache(maxsize=256)
def basin_probability(d: int, eps: float, digits: int = 30, shift: int = 1) -> tuple[float, float]:
    """P(w0 ∈ Ω) for w0 ~ U(B(0, r)), r = ε√(2π/(d+shift)), ‖w*‖ = 1, by 1-D quadrature.

    With u = cos∠(w0, w*), w0 ∈ Ω ⇔ ‖w0‖ < 2u, and u has density ∝ (1−u²)^{(d−3)/2}; the
    ball's radial law gives P(‖w0‖ < 2u) = min(1, (2u/r)^d). Hence
    P = ½ − (1/B(½, (d−1)/2)) ∫_0^{r/2} [1 − (2u/r)^d](1−u²)^{(d−3)/2} du
    (substituted u = (r/2)v). Returns (P, quadrature error estimate). A pure function of its
    arguments, hence cached.
    """
    import mpmath as mp

    with mp.workdps(digits + 10):
        dm = mp.mpf(d)
        r = mp.mpf(eps) * mp.sqrt(2 * mp.pi / (dm + shift))
        Bn = mp.beta(mp.mpf(1) / 2, (dm - 1) / 2)

        def f(v):
            return (1 - v**dm) * (1 - r**2 * v**2 / 4) ** ((dm - 3) / 2)

        # v^d rises within ~1/d of v = 1: an extra node there keeps tanh-sinh accurate.
        pts = [0, 1 - mp.mpf(10) / dm, 1] if d > 20 else [0, 1]
        I, err = mp.quad(f, pts, error=True)
        scale = (r / 2) / Bn
        return float(mp.mpf(1) / 2 - scale * I), float(scale * abs(err))

"""What most lee2022 claims share: the paper's notation (g, the teacher e₁, points of the
(v, w) plane), reference precision, spherical inputs, Monte Carlo thresholds and the notes
every claim carries (the paper's own statements were unavailable)."""

from __future__ import annotations

import math

import numpy as np

from numeric import sample_inputs
from proofs_checks.kit import Context, Profile

EPS = float(np.finfo(float).eps)

UNAVAILABLE = (
    "The paper's own statements (theorem wording, constants, figure values) were unavailable; "
    "this checks a reconstructed statement about the model (docs/theory/lee2022.md), not a "
    "quote of the paper."
)
DEEP_NOTE = ("The multi-layer model (width-1 chain f = (∏a_k)σ(w·x), balanced a_k = ‖w‖) is a "
             "reconstruction [R?] of the paper's deep single neuron (docs/theory/lee2022.md, "
             "'Deep chain and balancedness').")

# Family-wise false-alarm rate of the Monte Carlo checks. A verdict must hold at every seed: at
# 1e-3 a true claim came back refuted at seed 2000101156 (|t| = z_c + 0.12), as it must about
# once per thousand seeds; at 1e-6 (|t| ≤ 5.3-5.6 here) that is once per million, and every
# twin is still off by tens of standard errors.
ALPHA = 1e-6


def notes(extra: str = "", *, deep: bool = False) -> str:
    """A claim's notes: the unavailability caveat, ``extra``, and (deep-chain claims) the
    reconstruction of the multi-layer model unless ``extra`` already flags it."""
    text = f"{UNAVAILABLE} {extra}".strip()
    if deep and "[R?]" not in text:
        text = f"{text} {DEEP_NOTE}"
    return text


def g_fn(phi):
    """g(φ) = sin φ − φ cos φ (increasing on [0, π], g(0) = 0, g(π) = π)."""
    phi = np.asarray(phi, dtype=float)
    return np.sin(phi) - phi * np.cos(phi)


def e1(d: int) -> np.ndarray:
    """The teacher v = e₁ in dimension d."""
    e = np.zeros(d)
    e[0] = 1.0
    return e


def plane(r: float, theta: float, d: int = 2) -> np.ndarray:
    """The point of norm r at angle θ to e₁ in the (e₁, e₂) plane of R^d."""
    w = np.zeros(d)
    w[0], w[1] = r * math.cos(theta), r * math.sin(theta)
    return w


def random_w0(rng: np.random.Generator, d: int, r0: float, theta0: float) -> np.ndarray:
    """A w with ‖w‖ = r0 at angle θ0 to e₁, in a random direction of the orthogonal complement."""
    q = rng.standard_normal(d)
    q[0] = 0.0
    q /= np.linalg.norm(q)
    return r0 * (math.cos(theta0) * e1(d) + math.sin(theta0) * q)


def log_uniform(rng: np.random.Generator, lo: float, hi: float, n: int) -> np.ndarray:
    return np.exp(rng.uniform(np.log(lo), np.log(hi), n))


def cross_moment_angles(p: Profile) -> list[dict]:
    """Angles across (0, π) with norms 0.7 … 1.2: the cross-moment claims' cases."""
    n = p.n(8, minimum=4)
    thetas = np.linspace(0.02, math.pi - 0.02, n)
    return [{"theta": float(t), "r": 0.7 + 0.5 * i / max(n - 1, 1)} for i, t in enumerate(thetas)]


def reference_digits(ctx: Context) -> int:
    """mpmath digits for references checked at 1e-12: 20 suffice; more only when asked for."""
    return min(ctx.profile.digits, 20) if ctx.profile.scale < 1.0 else ctx.profile.digits


def sample_spherical(rng: np.random.Generator, n: int, d: int, rho_max: float) -> np.ndarray:
    """x = ρ u, u uniform on S^{d−1}, ρ ~ U(0, ρ_max): spherical, non-Gaussian, κ = ρ_max²/(3d)."""
    u = sample_inputs(rng, n, d, law="sphere_scaled", radius=1.0)
    return u * rng.uniform(0.0, rho_max, size=(n, 1))


def z_family(alpha: float, m: int) -> float:
    """Two-sided normal quantile at family-wise level ``alpha`` over ``m`` tests (Bonferroni)."""
    from statistics import NormalDist  # stdlib: avoids importing scipy.stats (seconds) here

    return float(NormalDist().inv_cdf(1 - alpha / (2 * m)))

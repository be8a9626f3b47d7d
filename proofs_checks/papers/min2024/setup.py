"""What several Min–Mallada–Vidal claims share: the losses, the data and initialisation
set-up (exact-μ or random μ-separable data, balanced Gaussian init, the constants ζ, t1, T),
random balanced states, conic combinations and the exact cap-inclusion margin."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from numeric import datasets, finite_data
from proofs_checks.kit import Context

EPS = float(np.finfo(float).eps)

LOSSES: dict[str, finite_data.Loss] = {
    "exp": finite_data.EXP, "logistic2": finite_data.LOGISTIC2, "logistic": finite_data.LOGISTIC,
    "square": finite_data.square_loss(mean=False),
}

# the data sets the data lemmas (5, 7-8, 9, 11) are checked on
DATA_CASES = [
    {"kind": "exact", "n_pos": 5, "n_neg": 5, "mu": 0.3, "dim": 12},
    {"kind": "exact", "n_pos": 3, "n_neg": 7, "mu": 0.1, "dim": 12},
    {"kind": "random", "n_pos": 6, "n_neg": 6, "mu": 0.6, "dim": 16},
]


@dataclass
class Setup:
    """One data set with a batch of balanced initialisations and the theorem's constants."""

    X: np.ndarray
    y: np.ndarray
    dc: datasets.DataConstants
    W0: np.ndarray  # (B, h, D) init shapes
    s: np.ndarray  # (B, h) output signs
    eps: float
    zeta2: np.ndarray  # (B,)
    zeta: np.ndarray  # (B,) min(zeta1, zeta2), the corrected reading
    t1: np.ndarray  # (B,) Theorem 1's alignment time
    T: float  # Lemma 3's early-phase horizon
    w_max: np.ndarray  # (B,)
    w_min: np.ndarray  # (B,)

    @property
    def h(self) -> int:
        return self.W0.shape[1]


def make_data(rng: np.random.Generator, kind: str, n_pos: int, n_neg: int, mu_or_c: float,
              dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact-μ data (every signed pairwise cosine is μ) or random μ-separable data."""
    if kind == "exact":
        return datasets.exact_mu_data(rng, n_pos, n_neg, mu_or_c, dim)
    return datasets.random_separable_data(rng, n_pos, n_neg, dim, mu_or_c)


def make_setup(rng: np.random.Generator, *, kind="exact", n_pos=5, n_neg=5, mu=0.3, dim=12,
               h=16, runs=2, eps=1e-6) -> Setup:
    """Data, ``runs`` Gaussian init shapes N(0, 1/D) with random output signs, and ζ, t1, T."""
    X, y = make_data(rng, kind, n_pos, n_neg, mu, dim)
    dc = datasets.data_constants(X, y)
    W0 = rng.standard_normal((runs, h, dim)) / math.sqrt(dim)
    s = np.where(rng.random((runs, h)) < 0.5, 1.0, -1.0)
    s[:, 0], s[:, 1] = 1.0, -1.0  # both V+ and V- non-empty (Part 2 of Theorem 1 needs it)
    z2 = np.array([datasets.zeta2(W0[b], s[b], X, y) for b in range(runs)])
    zeta = np.minimum(dc.zeta1, z2)
    t1 = 16 * math.log(dc.n) / (np.minimum(zeta, dc.xi) * math.sqrt(dc.mu) * dc.x_min)
    T = math.log(1 / (math.sqrt(h) * eps)) / (4 * dc.n * dc.x_max)
    nrm = np.linalg.norm(W0, axis=-1)
    return Setup(X, y, dc, W0, s, eps, z2, zeta, t1, T, nrm.max(1), nrm.min(1))


def case_data(params, ctx: Context, tag: str):
    """A data case of DATA_CASES drawn under the claim's key ``tag``: (rng, X, y, constants)."""
    rng = ctx.rng(tag, params["kind"], params["n_pos"], params["n_neg"], str(params["mu"]))
    X, y = make_data(rng, params["kind"], params["n_pos"], params["n_neg"], params["mu"],
                     params["dim"])
    return rng, X, y, datasets.data_constants(X, y)


def unit(a):
    return a / np.linalg.norm(a, axis=-1, keepdims=True)


def conic_combinations(rng, X, y, count):
    """Random unit conic combinations of the y_i x_i with dense Dirichlet(1) weights."""
    wts = rng.dirichlet(np.ones(len(y)), size=count)
    return unit(wts @ (y[:, None] * X))


def cap_margin(X, y, c, sign, zeta):
    """min over the cap {z: cos(z, c) >= sqrt(1 - zeta)} of the signed activation cosines:
    >= 0 (> 0 for the points that must be active) iff the cap lies in S+ (sign=+1) / S- (-1).
    Exact: the worst z tilts c by the cap angle towards the hyperplane, giving cos(theta+phi_i)."""
    a = unit(sign * y[:, None] * X)
    ch = c / np.linalg.norm(c)
    cosphi = a @ ch
    sinphi = np.linalg.norm(a - cosphi[:, None] * ch[None, :], axis=1)
    phi = np.arctan2(sinphi, cosphi)
    theta = math.atan2(math.sqrt(zeta), math.sqrt(max(1.0 - zeta, 0.0)))
    return float(np.min(np.cos(theta + phi)))


def sample_cap_boundary(rng, c, zeta, count):
    """Random points on the boundary sphere of the cap around c (cross-check)."""
    ch = c / np.linalg.norm(c)
    g = rng.standard_normal((count, len(c)))
    g -= (g @ ch)[:, None] * ch[None, :]
    g = unit(g)
    return math.sqrt(1 - zeta) * ch[None, :] + math.sqrt(zeta) * g


def direction_error(W, v, X, y, loss: finite_data.Loss):
    """Exact d/dt(w_j/|w_j|) from the gradient vs sign(v_j) P_w x_a(w_j): (max_j error,
    max_j |x_a(w_j)|) per state."""
    gW, _ = finite_data.gradients(W, v, X, y, loss, finite_data.RELU)
    nw = np.linalg.norm(W, axis=-1, keepdims=True)
    u = W / nw
    wd = -gW
    dir_dot = (wd - np.sum(wd * u, -1, keepdims=True) * u) / nw
    xa, _ = datasets.signed_active_sum(W, X, y)
    pxa = xa - np.sum(xa * u, -1, keepdims=True) * u
    err = np.linalg.norm(dir_dot - np.sign(v)[..., None] * pxa, axis=-1)
    return err.max(-1), np.linalg.norm(xa, axis=-1).max(-1)


def random_states(rng, X, y, count, h, vfactor=1.0):
    """``count`` Gaussian states with v_j = vfactor s_j |w_j| (balanced at vfactor = 1), scaled
    so that max_i |f(x_i)| is log-uniform in [1e-3, 1]: (W, v, max|f|)."""
    D = X.shape[1]
    G = rng.standard_normal((count, h, D))
    s = np.where(rng.random((count, h)) < 0.5, 1.0, -1.0)
    v = vfactor * s * np.linalg.norm(G, axis=-1)
    f = np.max(np.abs(finite_data.forward(G, v, X)), axis=-1)
    target = 10 ** rng.uniform(-3, 0, count)  # max|f| log-uniform in [1e-3, 1]
    c = np.sqrt(target / f)  # f is 2-homogeneous in (W, v)
    return G * c[:, None, None], v * c[:, None], target

"""Full-batch GD and accurate gradient flow for two-layer nets on finite data, batched over runs.

The model is ``f(x) = sum_j v_j sigma(<w_j, x>)`` (no width scaling, no bias) with a pluggable
:class:`Activation` and a pluggable :class:`Loss` ``L = scale * sum_i l(y_i, f(x_i))`` (``mean``
divides by n). One module serves every two-layer paper in reluflow: Min et al. (exp / 2*logistic,
ReLU), Boursier et al. (square loss with 1/(2n), ReLU) and Kumar-Haupt (homogeneous sigma = z^2,
ReLU^p, leaky ReLU^p).

Shapes: a batch of B runs has ``W`` (B, h, D) and ``v`` (B, h); the data ``X`` is (n, D) shared
by all runs or (B, n, D) per run, ``y`` is (n,) or (B, n). Everything is vectorised over the
batch; the gradient-flow integrator (:func:`gradient_flow`) is a Dormand-Prince 5(4) scheme with
a *separate* step size per run, so a batched run equals the runs done one at a time.

Activation-pattern changes (a sign change of ``<x_i, w_j>``) are located inside each accepted
step by bisection on the cubic Hermite interpolant of the pre-activation and returned as events.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit

from . import ode
from ._validate import as_float_array, finite_scalar, positive_int
from .ode import PiecewiseSmooth
from .ode._driver import check_t_eval

__all__ = [
    "EXP",
    "LOGISTIC",
    "LOGISTIC2",
    "RELU",
    "SQUARE",
    "Activation",
    "Events",
    "Loss",
    "Trajectory",
    "balanced_init",
    "direction_flow",
    "forward",
    "gd",
    "gradient_flow",
    "gradients",
    "leaky_relu",
    "leaky_relu_power",
    "loss_value",
    "relu_power",
    "square_activation",
    "square_loss",
    "stable_rank",
]


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Run with one BLAS thread: these matrices are tiny, and on a shared 2-core machine a
    threaded BLAS was measured ~20x *slower* (thread hand-off dominates)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        yield
        return
    with threadpool_limits(1, user_api="blas"):
        yield


# ---------------------------------------------------------------------------------------------
# pluggable loss and activation
@dataclass(frozen=True)
class Loss:
    """A per-sample loss ``l(y, yhat)`` with derivative ``dl/dyhat``, and how samples are summed.

    ``L = scale * sum_i l(y_i, f(x_i))``, divided by n when ``mean`` is true.
    """

    name: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray]
    deriv: Callable[[np.ndarray, np.ndarray], np.ndarray]
    mean: bool = False
    scale: float = 1.0

    def total(self, y: np.ndarray, yhat: np.ndarray) -> np.ndarray:
        """The data loss over the last axis (samples)."""
        s = self.scale / (yhat.shape[-1] if self.mean else 1.0)
        return s * np.sum(self.value(y, yhat), axis=-1)

    def residual(self, y: np.ndarray, yhat: np.ndarray) -> np.ndarray:
        """``dL/df(x_i)`` per sample (includes scale and 1/n)."""
        s = self.scale / (yhat.shape[-1] if self.mean else 1.0)
        return s * self.deriv(y, yhat)


def _exp_val(y, f):
    return np.exp(-y * f)


def _exp_der(y, f):
    return -y * np.exp(-y * f)


def _log_val(y, f):
    return np.logaddexp(0.0, -y * f)


def _log_der(y, f):
    return -y * expit(-y * f)


def _sq_val(y, f):
    return 0.5 * (f - y) ** 2


def _sq_der(y, f):
    return f - y


#: exponential loss exp(-y yhat), summed over samples (Min et al.)
EXP = Loss("exp", _exp_val, _exp_der)
#: 2 log(1 + exp(-y yhat)), summed: the version Min et al.'s constants are proved for (App. B)
LOGISTIC2 = Loss("logistic2", _log_val, _log_der, scale=2.0)
#: plain log(1 + exp(-y yhat)), summed (the main text's formula; half-speed early phase)
LOGISTIC = Loss("logistic", _log_val, _log_der)


def square_loss(mean: bool = True) -> Loss:
    """``1/2 (yhat - y)^2`` summed, or averaged over n when ``mean`` (Boursier et al.'s 1/(2n))."""
    return Loss("square_mean" if mean else "square_sum", _sq_val, _sq_der, mean=bool(mean))


SQUARE = square_loss(mean=False)


@dataclass(frozen=True)
class Activation:
    """sigma and a fixed choice of sigma' (for ReLU: 1[z > 0], so sigma'(0) = 0).

    ``degree`` is the positive-homogeneity degree p (sigma(cz) = c^p sigma(z), c > 0) or None.
    """

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    deriv: Callable[[np.ndarray], np.ndarray]
    degree: float | None = None
    #: for kinked activations: ``frozen(z, lam) -> (sigma, sigma')`` on the branch with Clarke
    #: multiplier lam in [0, 1] (1: active side, 0: inactive side, between: on the kink); its
    #: presence makes the gradient flow a Filippov system with exact switching events
    frozen: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None


def _relu_frozen(z, lam):
    a = np.asarray(lam, dtype=float)
    return a * z, a


RELU = Activation("relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0.0).astype(float), 1.0,
                  _relu_frozen)


def leaky_relu(alpha: float) -> Activation:
    """max(z, alpha z) with sigma'(0) = alpha (the inactive side)."""
    a = finite_scalar("alpha", alpha)
    if not 0.0 <= a <= 1.0:
        raise ValueError(f"alpha must lie in [0, 1], got {a}")
    def frozen(z, lam):
        d = a + (1.0 - a) * np.asarray(lam, dtype=float)
        return d * z, d

    return Activation(f"leaky_relu({a:g})", lambda z: np.where(z > 0, z, a * z),
                      lambda z: np.where(z > 0, 1.0, a), 1.0, frozen)


def relu_power(p: float) -> Activation:
    """ReLU^p = max(z, 0)^p (p >= 1), p-homogeneous."""
    return leaky_relu_power(0.0, p)


def leaky_relu_power(alpha: float, p: float) -> Activation:
    """Sign-preserving leaky ReLU^p: z^p for z > 0 and -alpha |z|^p otherwise (p-homogeneous)."""
    a = finite_scalar("alpha", alpha)
    pp = finite_scalar("p", p)
    if pp < 1:
        raise ValueError(f"p must be >= 1, got {pp}")
    if not 0.0 <= a <= 1.0:
        raise ValueError(f"alpha must lie in [0, 1], got {a}")

    def val(z):
        return np.where(z > 0, np.abs(z) ** pp, -a * np.abs(z) ** pp)

    def der(z):
        return np.where(z > 0, pp * np.abs(z) ** (pp - 1), a * pp * np.abs(z) ** (pp - 1))

    name = f"relu^{pp:g}" if a == 0 else f"leaky_relu^{pp:g}({a:g})"
    return Activation(name, val, der, pp)


def square_activation() -> Activation:
    """sigma(z) = z^2 (2-homogeneous, smooth)."""
    return Activation("square", lambda z: z * z, lambda z: 2.0 * z, 2.0)


# ---------------------------------------------------------------------------------------------
# forward pass and gradients
def _prep(W, v, X, y=None):
    Wa = as_float_array("W", W, min_ndim=2)
    va = as_float_array("v", v, min_ndim=1)
    Xa = as_float_array("X", X, min_ndim=2)
    if Wa.shape[:-1] != va.shape:
        raise ValueError(f"v must have shape {Wa.shape[:-1]} to match W {Wa.shape}, got {va.shape}")
    if Xa.shape[-1] != Wa.shape[-1]:
        raise ValueError(f"X has dimension {Xa.shape[-1]} but W has {Wa.shape[-1]}")
    if Xa.ndim > 2 and Xa.shape[:-2] != Wa.shape[:-2]:
        raise ValueError(f"batched X {Xa.shape} must share W's batch shape {Wa.shape[:-2]}")
    if y is None:
        return Wa, va, Xa, None
    ya = as_float_array("y", y, min_ndim=1)
    if ya.shape[-1] != Xa.shape[-2]:
        raise ValueError(f"y must have n = {Xa.shape[-2]} entries on its last axis, got {ya.shape}")
    return Wa, va, Xa, ya


def _preact(W, X):
    """Z[..., i, j] = <x_i, w_j>."""
    return X @ np.swapaxes(W, -1, -2)


def forward(W, v, X, act: Activation = RELU) -> np.ndarray:
    """Network outputs f(x_i) = sum_j v_j sigma(<w_j, x_i>), shape (..., n)."""
    W, v, X, _ = _prep(W, v, X)
    return np.einsum("...nh,...h->...n", act.value(_preact(W, X)), v)


def loss_value(W, v, X, y, loss: Loss = EXP, act: Activation = RELU) -> np.ndarray:
    """The training loss L(W, v) per run, shape (...)."""
    W, v, X, y = _prep(W, v, X, y)
    return loss.total(y, np.einsum("...nh,...h->...n", act.value(_preact(W, X)), v))


def _grads(W, v, X, y, loss, act):
    Z = _preact(W, X)
    S = act.value(Z)
    f = np.einsum("...nh,...h->...n", S, v)
    r = loss.residual(y, f)  # dL/df_i
    gv = np.einsum("...n,...nh->...h", r, S)
    G = act.deriv(Z) * r[..., :, None]  # (..., n, h)
    gW = v[..., :, None] * (np.swapaxes(G, -1, -2) @ X)
    return gW, gv, f


def gradients(
    W, v, X, y, loss: Loss = EXP, act: Activation = RELU
) -> tuple[np.ndarray, np.ndarray]:
    """(dL/dW, dL/dv) with the activation's fixed sigma' (ReLU: 1[z > 0])."""
    W, v, X, y = _prep(W, v, X, y)
    gW, gv, _ = _grads(W, v, X, y, loss, act)
    return gW, gv


def balanced_init(W0, signs, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Min et al. eq. (3): ``W = eps W0``, ``v_j = s_j ||w_j||`` (balanced), batched."""
    W0a = as_float_array("W0", W0, min_ndim=2)
    s = as_float_array("signs", signs, min_ndim=1)
    eps = finite_scalar("eps", eps, positive=True)
    if s.shape != W0a.shape[:-1] or not np.all(np.abs(s) == 1.0):
        raise ValueError(f"signs must be +1/-1 with shape {W0a.shape[:-1]}")
    if np.any(np.linalg.norm(W0a, axis=-1) == 0):
        raise ValueError("W0 has a zero column (neuron); the paper requires nonzero columns")
    W = eps * W0a
    return W, s * np.linalg.norm(W, axis=-1)


def stable_rank(W) -> np.ndarray:
    """||W||_F^2 / ||W||_2^2 per run (W of shape (..., h, D))."""
    Wa = as_float_array("W", W, min_ndim=2)
    sv = np.linalg.svd(Wa, compute_uv=False)
    return np.sum(sv ** 2, axis=-1) / sv[..., 0] ** 2


# ---------------------------------------------------------------------------------------------
# results
@dataclass
class Events:
    """Sign changes of pre-activations ``<x_i, w_j>``: per event the run, neuron, sample, time and
    direction (+1: the point became active, -1: it became inactive)."""

    run: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    neuron: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    sample: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    t: np.ndarray = field(default_factory=lambda: np.zeros(0))
    direction: np.ndarray = field(default_factory=lambda: np.zeros(0, int))

    def __len__(self) -> int:
        return int(self.t.size)


@dataclass
class Trajectory:
    """Sparse record of a batch of runs: states at ``t`` (shared times), losses, events, stats."""

    t: np.ndarray  # (K,)
    W: np.ndarray  # (K, B, h, D)
    v: np.ndarray  # (K, B, h)
    loss: np.ndarray  # (K, B)
    events: Events
    steps: np.ndarray  # (B,) accepted steps
    rejected: np.ndarray  # (B,) rejected steps (0 for GD)
    method: str
    rtol: float | None = None
    #: activation pattern <x_i, w_j> > 0 at the last record, (B, n, h), as the integrator holds
    #: it: a pair sliding on its kink (z = 0 to rounding, σ(z) = 0) counts as inactive
    final_pattern: np.ndarray | None = None

    def runs(self, start: int, stop: int) -> Trajectory:
        """Runs ``start:stop`` of a batched record as a record of their own (events renumbered
        from 0): one batched integration of several configurations, read per configuration.
        Batched runs equal the runs done one at a time, so this is what each would give."""
        if self.W.ndim != 4:
            raise ValueError("runs() needs a batched record (W of shape (K, B, h, D))")
        B = self.W.shape[1]
        if not (0 <= start < stop <= B):
            raise ValueError(f"runs [{start}, {stop}) outside the batch of {B}")
        ev = self.events
        keep = (ev.run >= start) & (ev.run < stop)
        events = Events(ev.run[keep] - start, ev.neuron[keep], ev.sample[keep], ev.t[keep],
                        ev.direction[keep])
        fp = None if self.final_pattern is None else self.final_pattern[start:stop]
        return Trajectory(self.t, self.W[:, start:stop], self.v[:, start:stop],
                          self.loss[:, start:stop], events, self.steps[start:stop],
                          self.rejected[start:stop], self.method, self.rtol, fp)


def _batch(W, v):
    """Add a batch axis to unbatched (h, D) / (h,) parameters."""
    if W.ndim == 2:
        return W[None], v[None], True
    if W.ndim != 3:
        raise ValueError(f"W must have shape (h, D) or (B, h, D), got {W.shape}")
    return W, v, False


def _take(X, idx):
    return X if X.ndim == 2 else X[idx]


def _rebalance(W, v, degree):
    """Rescale each neuron (w, v) -> (r w, v / r^p) to p v^2 = ||w||^2, keeping f unchanged."""
    nw2 = np.sum(W * W, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (degree * v * v / nw2) ** (1.0 / (2.0 + 2.0 * degree))
    r = np.where(np.isfinite(r) & (r > 0), r, 1.0)
    return W * r[..., None], v / r ** degree


def gd(
    W0,
    v0,
    X,
    y,
    *,
    lr: float,
    steps: int,
    loss: Loss = EXP,
    act: Activation = RELU,
    record_every: int = 1,
    record_steps=None,
    rebalance: bool = False,
    track_patterns: bool = False,
) -> Trajectory:
    """Full-batch gradient descent on both layers for a batch of runs; GF time = lr * step.

    ``rebalance`` rescales each neuron after every step so that ``p v_j^2 = ||w_j||^2`` again
    without changing the network function (p = activation degree): GD's balance drift is
    ``lr^2 (g_v^2 - ||g_w||^2)`` per step, which can swamp the balanced-flow bounds
    (docs/theory/min2024.md). ``record_steps`` (iterable of ints) overrides ``record_every``.
    Pattern events are stamped with the time of the step at which the sign change is first
    seen.
    """
    W, v, X, y = _prep(W0, v0, X, y)
    lr = finite_scalar("lr", lr, positive=True)
    steps = positive_int("steps", steps, minimum=0)
    record_every = positive_int("record_every", record_every)
    if rebalance and act.degree is None:
        raise ValueError("rebalance needs a positively homogeneous activation (act.degree)")
    W, v, single = _batch(W.copy(), v.copy())
    if record_steps is None:
        rec = set(range(0, steps + 1, record_every)) | {steps}
    else:
        rec = {int(k) for k in record_steps}
        if any(k < 0 or k > steps for k in rec):
            raise ValueError("record_steps must lie in [0, steps]")
    ts, Ws, vs, Ls = [], [], [], []
    ev: list[tuple] = []
    act_prev = _preact(W, X) > 0 if track_patterns else None
    with _one_blas_thread():
        _gd_loop(W, v, X, y, loss, act, lr, steps, rec, rebalance, track_patterns, act_prev,
                 ts, Ws, vs, Ls, ev)
    events = _collect(ev)
    Wr, vr, Lr = np.array(Ws), np.array(vs), np.array(Ls)
    if single:
        Wr, vr, Lr = Wr[:, 0], vr[:, 0], Lr[:, 0]
    B = W.shape[0]
    Af = _preact(Wr[-1], X) > 0
    return Trajectory(np.array(ts), Wr, vr, Lr, events, np.full(B, steps),
                      np.zeros(B, int), "gd", None, Af)


def _gd_loop(W, v, X, y, loss, act, lr, steps, rec, rebalance, track_patterns, act_prev,
             ts, Ws, vs, Ls, ev):
    for k in range(steps + 1):
        gW, gv, f = _grads(W, v, X, y, loss, act)
        if k in rec:
            ts.append(lr * k)
            Ws.append(W.copy())
            vs.append(v.copy())
            Ls.append(loss.total(y, f))
        if k == steps:
            break
        W = W - lr * gW
        v = v - lr * gv
        if rebalance:
            W, v = _rebalance(W, v, act.degree)
        if track_patterns:
            a = _preact(W, X) > 0
            b, i, j = np.nonzero(a != act_prev)
            if b.size:
                ev.append((b, j, i, np.full(b.size, lr * (k + 1)), np.where(a[b, i, j], 1, -1)))
            act_prev = a


def _collect(ev) -> Events:
    if not ev:
        return Events()
    cols = [np.concatenate([e[c] for e in ev]) for c in range(5)]
    order = np.lexsort((cols[2], cols[1], cols[0], cols[3]))
    return Events(*(c[order] for c in cols))


# ---------------------------------------------------------------------------------------------
# gradient flow through the kinks: the Filippov system handed to the integrator core
def _check_times(t_eval) -> np.ndarray:
    return check_t_eval(t_eval)


def _kink_system(X, y, loss: Loss, act: Activation, h: int, D: int) -> PiecewiseSmooth:
    """ẇ ∈ −∂L for a kinked activation: surface (i, j) is <x_i, w_j> = 0 (flattened i·h + j),
    λ_ij the Clarke value of σ' there, so σ' = α + (1 − α) λ (ReLU: α = 0)."""
    n = X.shape[-2]
    alpha = float(act.deriv(np.array([-1.0]))[0])  # the inactive side's slope
    xnorm = np.linalg.norm(X, axis=-1)  # (n,) or (B, n)
    gram = X @ np.swapaxes(X, -1, -2)  # (n, n) or (B, n, n)

    def unpack(Yc):
        return Yc[:, : h * D].reshape(-1, h, D), Yc[:, h * D:]

    def yb(idx):
        return y if y.ndim == 1 else y[idx]

    def field(t, Yc, idx, lam):
        Wc, vc = unpack(Yc)
        gW, gv = _grads_frozen(Wc, vc, _take(X, idx), yb(idx), loss, act, lam.reshape(-1, n, h))
        return -np.concatenate([gW.reshape(len(idx), -1), gv], axis=1)

    def surfaces(t, Yc, idx):
        Wc, _ = unpack(Yc)
        Z = _preact(Wc, _take(X, idx))
        xn = xnorm if xnorm.ndim == 1 else xnorm[idx]
        S = xn[..., :, None] * np.linalg.norm(Wc, axis=-1)[:, None, :]
        return Z.reshape(len(idx), -1), S.reshape(len(idx), -1)

    def residual(Yc, idx):
        Wc, vc = unpack(Yc)
        f = np.einsum("...nh,...h->...n", act.value(_preact(Wc, _take(X, idx))), vc)
        return loss.residual(yb(idx), f)

    def rates(t, Yc, F, idx):
        Wc, vc = unpack(Yc)
        Xi = _take(X, idx)
        Fw = F[:, : h * D].reshape(-1, h, D)
        Zd = _preact(Fw, Xi)
        xn = xnorm if xnorm.ndim == 1 else xnorm[idx]
        r = residual(Yc, idx)
        # |ż_ij| <= |x_i| (|v_j| Σ_i' |r_i'| |x_i'|) for any σ' in [0, 1]: the rate's size
        bound = np.abs(vc) * np.sum(np.abs(r) * xn, axis=-1)[:, None]
        S = xn[..., :, None] * (bound[:, None, :] + np.linalg.norm(Fw, axis=-1)[:, None, :])
        return Zd.reshape(len(idx), -1), S.reshape(len(idx), -1)

    def linearize(t, Yc, idx, lam0, S):
        # one forward pass for F(λ0) and the rates on S with their Jacobian
        # ∂ż_ij/∂λ_i'j' = −δ_jj' (1 − α) v_j r_i' <x_i, x_i'> (a block per neuron)
        Wc, vc = unpack(Yc)
        Xi = _take(X, idx)
        b = len(idx)
        Z = _preact(Wc, Xi)
        Sg, dS = act.frozen(Z, lam0.reshape(-1, n, h))
        r = loss.residual(yb(idx), np.einsum("...nh,...h->...n", Sg, vc))
        gv = np.einsum("...n,...nh->...h", r, Sg)
        gW = vc[..., :, None] * (np.swapaxes(dS * r[..., :, None], -1, -2) @ Xi)
        F0 = -np.concatenate([gW.reshape(b, -1), gv], axis=1)
        valid = S >= 0
        Sc = np.where(valid, S, 0)
        i, j = np.divmod(Sc, h)
        rows = np.arange(b)[:, None]
        Fw = F0[:, : h * D].reshape(b, h, D)
        Xb = np.broadcast_to(Xi, (b, n, D))
        xi = Xb[rows, i]  # (b, s, D)
        a = np.sum(xi * Fw[rows, j], axis=-1)
        xn = xnorm if xnorm.ndim == 1 else xnorm[idx]
        xni = xn[i] if xn.ndim == 1 else xn[rows, i]
        bound = np.abs(vc) * np.sum(np.abs(r) * xn, axis=-1)[:, None]
        scale = xni * (bound[rows, j] + np.linalg.norm(Fw[rows, j], axis=-1))
        G = gram[i[:, :, None], i[:, None, :]] if gram.ndim == 2 else \
            gram[idx][rows[:, :, None], i[:, :, None], i[:, None, :]]
        coef = -(1.0 - alpha) * vc[rows, j] * r[rows, i]  # ∂F_wj/∂λ_ij = coef · x_i
        M = coef[:, None, :] * G * (j[:, :, None] == j[:, None, :])
        M = np.where(valid[:, :, None] & valid[:, None, :], M, 0.0)
        br = np.broadcast_to(rows, S.shape)[valid]
        iv, jv = i[valid], j[valid]
        dv = -(1.0 - alpha) * r[br, iv] * Z[br, iv, jv]  # ∂F_vj/∂λ_ij (z_ij = 0 to rounding)

        def update(lam_s):
            # F(λ) = F(λ0) + Σ_p λ_p ∂F/∂λ_p: σ = (α + (1 − α)λ)z is affine in λ, and the
            # residual's dependence on λ is O(z) = rounding on the kink
            Cw = np.zeros((b, n, h))
            Cw[br, iv, jv] = lam_s[valid] * coef[valid]
            Cv = np.zeros((b, n, h))
            Cv[br, iv, jv] = lam_s[valid] * dv
            dFw = np.einsum("bnh,bnd->bhd", Cw, Xb)
            return F0 + np.concatenate([dFw.reshape(b, -1), Cv.sum(axis=1)], axis=1)

        return F0, np.where(valid, a, 0.0), np.where(valid, scale, 1.0), M, update

    return PiecewiseSmooth(field, surfaces, rates, n * h, linearize=linearize,
                           affine_surfaces=True)  # z_ij = <x_i, w_j>


def _events_from_switches(sol, h: int) -> Events:
    """Pattern events: a change into (+1) or out of (−1) the active side of <x_i, w_j> > 0.

    A sliding pair (σ(z) = 0 on the surface) counts as inactive."""
    sw = sol.switches
    keep = (sw.old == 1) != (sw.new == 1)
    if not np.any(keep):
        return Events()
    sample, neuron = np.divmod(sw.surface[keep], h)
    run, tt = sw.row[keep], sw.t[keep]
    d = np.where(sw.new[keep] == 1, 1, -1)
    order = np.lexsort((sample, neuron, run, tt))
    return Events(run[order], neuron[order], sample[order], tt[order], d[order])


def _records(sol, te: np.ndarray, Y0: np.ndarray) -> np.ndarray:
    """States at ``te`` as (len(te), B, N) from the solution's dense-output records."""
    if sol is None:
        return np.broadcast_to(Y0, (len(te), *Y0.shape)).copy()
    return np.moveaxis(sol.y_eval, 1, 0)


def _run_core(term, Y0, te, rtol, atol, max_steps, where: str):
    if te[-1] == 0.0:
        return None
    with _one_blas_thread():
        sol = ode.solve(term, Y0, float(te[-1]), rtol=rtol, atol=atol, t_eval=te,
                        max_steps=max_steps)
    return sol.raise_on_failure(where)


def _integrate_records(
    rhs: Callable[[np.ndarray, np.ndarray], np.ndarray],
    Y0: np.ndarray,
    t_eval: np.ndarray,
    *,
    rtol: float,
    atol: np.ndarray | float,
    max_steps: int = 200_000,
) -> np.ndarray:
    """Integrate a smooth autonomous batched ODE dY/dt = rhs(Y, rows) on the integrator core.

    ``rows`` are the indices of the rows of ``Y`` being advanced, so a right-hand side may
    depend on the row. Returns Y at ``t_eval`` (which must start at 0), shape
    (len(t_eval), B, N); raises :class:`numeric.ode.IntegrationError` if a row fails.
    """
    Y0 = np.atleast_2d(np.asarray(Y0, dtype=float))
    te = _check_times(t_eval)
    sol = _run_core(lambda t, Y, idx: rhs(Y, idx), Y0, te, rtol, atol, max_steps, "integrate")
    return _records(sol, te, Y0)


def integrate(rhs, Y0, t_eval, *, rtol, atol, max_steps: int = 200_000) -> np.ndarray:
    """Deprecated: :func:`numeric.ode.integrate_autonomous` (the same, from any start time)."""
    import warnings

    warnings.warn("numeric.twolayer.integrate is deprecated; use "
                  "numeric.ode.integrate_autonomous", DeprecationWarning, stacklevel=2)
    return _integrate_records(rhs, Y0, t_eval, rtol=rtol, atol=atol, max_steps=max_steps)


def gradient_flow(
    W0,
    v0,
    X,
    y,
    t_eval,
    *,
    loss: Loss = EXP,
    act: Activation = RELU,
    rtol: float = 1e-9,
    atol: float | None = None,
    max_steps: int = 200_000,
) -> Trajectory:
    """Accurate gradient flow dW/dt ∈ −∂_W L, dv/dt = −∂_v L for a batch of runs.

    Integrated by the core (:func:`numeric.ode.solve`): adaptive Dormand–Prince 5(4) with
    per-run steps and mixed error control ``|err| <= atol + rtol |y|`` (RMS over a run's
    components); ``atol`` defaults to ``rtol * 1e-3 * max|Y_b(0)|`` per run, i.e. relative to the
    (possibly tiny) init scale. For activations with a kink (ReLU, leaky ReLU) the flow is the
    Clarke differential inclusion of :class:`numeric.ode.PiecewiseSmooth`: pattern changes are
    located and crossed, and a pair whose one-sided fields both point into its kink (or one
    points in and the other is tangent, as σ'(0) = 0 gives on orthogonal data) slides on it
    with the minimal-norm subgradient. States are recorded exactly at ``t_eval`` from the dense
    output; every change of the active set of ``<x_i, w_j> > 0`` is returned in ``events``.
    Raises :class:`numeric.ode.IntegrationError` (a ``RuntimeError``) when a run fails.
    """
    W, v, X, y = _prep(W0, v0, X, y)
    te = _check_times(t_eval)
    rtol = finite_scalar("rtol", rtol, positive=True)
    max_steps = positive_int("max_steps", max_steps)
    W, v, single = _batch(W, v)
    B, h, D = W.shape
    n = X.shape[-2]
    Y0 = np.concatenate([W.reshape(B, -1), v], axis=1)
    if atol is None:
        atol_v = rtol * 1e-3 * np.max(np.abs(Y0), axis=1)
        atol_v = np.where(atol_v > 0, atol_v, rtol * 1e-3)
    else:
        atol_v = finite_scalar("atol", atol, positive=True)

    if act.frozen is not None:
        term = _kink_system(X, y, loss, act, h, D)
    else:
        def term(t, Yc, idx):
            Wc = Yc[:, : h * D].reshape(-1, h, D)
            yc = y if y.ndim == 1 else y[idx]
            gW, gv, _ = _grads(Wc, Yc[:, h * D:], _take(X, idx), yc, loss, act)
            return -np.concatenate([gW.reshape(len(idx), -1), gv], axis=1)

    sol = _run_core(term, Y0, te, rtol, atol_v, max_steps, "gradient_flow")
    out = _records(sol, te, Y0)
    Wt = out[:, :, : h * D].reshape(len(te), B, h, D)
    vt = out[:, :, h * D:]
    Xb = X if X.ndim == 2 else X[None]
    yb = y if y.ndim == 1 else y[None]
    Lt = loss.total(yb, np.einsum("kbnh,kbh->kbn", act.value(_preact(Wt, Xb)), vt))
    if sol is not None and sol.modes is not None:
        events = _events_from_switches(sol, h)
        A = (sol.modes == 1).reshape(B, n, h)
    else:
        events = Events()
        A = (_preact(Wt[-1], Xb) > 0).reshape(B, n, h)
    steps = sol.n_steps if sol is not None else np.zeros(B, int)
    rej = sol.n_rejected if sol is not None else np.zeros(B, int)
    if single:
        Wt, vt, Lt, A = Wt[:, 0], vt[:, 0], Lt[:, 0], A[0]
    return Trajectory(te, Wt, vt, Lt, events, steps, rej, "dopri5", rtol, A)


def _grads_frozen(W, v, X, y, loss, act, lam):
    """Gradients on the branch ``lam`` (b, n, h) in [0, 1] of a kinked activation (the Clarke
    value of σ' on a kink, 0/1 off it, and the smooth extension of that branch)."""
    Z = _preact(W, X)
    S, dS = act.frozen(Z, lam)
    f = np.einsum("...nh,...h->...n", S, v)
    r = loss.residual(y, f)
    gv = np.einsum("...n,...nh->...h", r, S)
    G = dS * r[..., :, None]
    gW = v[..., :, None] * (np.swapaxes(G, -1, -2) @ X)
    return gW, gv


def direction_flow(
    U0,
    signs,
    X,
    y,
    t_eval,
    *,
    loss: Loss = EXP,
    rtol: float = 1e-9,
    max_steps: int = 200_000,
) -> Trajectory:
    """The eps -> 0 limit of the early phase (ReLU): ``du_j/dt = s_j P_{u_j} x_a(u_j)``, |u_j| = 1.

    ``x_a(u) = sum_i 1[<x_i,u> > 0] (-dl/dyhat(y_i, 0)) x_i`` (= sum y_i x_i for exp and
    2*logistic, half of it for plain logistic). Dead neurons (x_a = 0) stay put. Integrated as a
    Filippov system like :func:`gradient_flow` (surface (i, j): <x_i, u_j> = 0). Returns a
    :class:`Trajectory` whose ``W`` holds the unit directions and ``v`` the signs (``loss`` is
    NaN: no loss is defined in the limit).
    """
    U, s, X, y = _prep(U0, signs, X, y)
    te = _check_times(t_eval)
    rtol = finite_scalar("rtol", rtol, positive=True)
    max_steps = positive_int("max_steps", max_steps)
    if not np.all(np.abs(s) == 1.0):
        raise ValueError("signs must be +1/-1")
    nrm = np.linalg.norm(U, axis=-1, keepdims=True)
    if np.any(nrm == 0):
        raise ValueError("U0 contains a zero direction")
    U, s, single = _batch(U / nrm, s)
    B, h, D = U.shape
    n = X.shape[-2]
    c = -loss.residual(y, np.zeros_like(y))  # -dL/df at f = 0, (n,) or (B, n)
    Cx = c[..., :, None] * X
    xnorm = np.linalg.norm(X, axis=-1)
    gram = X @ np.swapaxes(X, -1, -2)

    def field(t, Yc, idx, lam):
        Uc = Yc.reshape(-1, h, D)
        Af = lam.reshape(-1, n, h)
        Cxi = Cx if Cx.ndim == 2 else Cx[idx]
        xa = np.swapaxes(Af, -1, -2) @ Cxi  # (b, h, D)
        uu = np.sum(Uc * Uc, axis=-1, keepdims=True)
        proj = xa - np.sum(xa * Uc, axis=-1, keepdims=True) / uu * Uc
        return (s[idx][..., None] * proj).reshape(len(idx), -1)

    def surfaces(t, Yc, idx):
        Uc = Yc.reshape(-1, h, D)
        xn = xnorm if xnorm.ndim == 1 else xnorm[idx]
        S = xn[..., :, None] * np.linalg.norm(Uc, axis=-1)[:, None, :]
        return _preact(Uc, _take(X, idx)).reshape(len(idx), -1), S.reshape(len(idx), -1)

    cabs = np.abs(c) * xnorm

    def rates(t, Yc, F, idx):
        Fu = F.reshape(-1, h, D)
        xn = xnorm if xnorm.ndim == 1 else xnorm[idx]
        ca = cabs if cabs.ndim == 1 else cabs[idx]
        S = xn[..., :, None] * (np.sum(ca, axis=-1)[..., None, None]
                                + np.linalg.norm(Fu, axis=-1)[:, None, :])
        return _preact(Fu, _take(X, idx)).reshape(len(idx), -1), S.reshape(len(idx), -1)

    def rate_jacobian(t, Yc, idx, lam, S):
        # ∂ż_ij/∂λ_i'j = s_j c_i' <x_i, P_u x_i'>, a block per neuron
        Uc = Yc.reshape(-1, h, D)
        valid = S >= 0
        Sc = np.where(valid, S, 0)
        i, j = np.divmod(Sc, h)
        rows = np.arange(len(idx))[:, None]
        Xi = _take(X, idx)
        Xi = np.broadcast_to(Xi, (len(idx), *X.shape[-2:]))
        u = Uc[rows, j]  # (b, s, D)
        u = u / np.linalg.norm(u, axis=-1, keepdims=True)
        xi = Xi[rows, i]  # (b, s, D)
        G = gram[i[:, :, None], i[:, None, :]] if gram.ndim == 2 else \
            gram[idx][rows[:, :, None], i[:, :, None], i[:, None, :]]
        xu = np.sum(xi * u, axis=-1)  # <x_i, u_j>
        # for the same neuron u_j is shared: <x_i, P_u x_i'> = <x_i, x_i'> - <x_i,u><x_i',u>
        Pij = G - xu[:, :, None] * xu[:, None, :]
        cc = c if c.ndim == 1 else c[idx]
        ci = cc[i] if cc.ndim == 1 else cc[rows, i]
        M = s[idx][rows, j][:, None, :] * ci[:, None, :] * Pij * (j[:, :, None] == j[:, None, :])
        return np.where(valid[:, :, None] & valid[:, None, :], M, 0.0)

    system = PiecewiseSmooth(field, surfaces, rates, n * h, rate_jacobian,
                             affine_surfaces=True)  # z_ij = <x_i, u_j>
    Y0 = U.reshape(B, -1)
    sol = _run_core(system, Y0, te, rtol, rtol * 1e-3, max_steps, "direction_flow")
    Ut = _records(sol, te, Y0).reshape(len(te), B, h, D)
    Ut = Ut / np.linalg.norm(Ut, axis=-1, keepdims=True)
    events = _events_from_switches(sol, h) if sol is not None else Events()
    st = np.broadcast_to(s, (len(te), B, h)).copy()
    A = ((sol.modes == 1) if sol is not None else (_preact(U, X) > 0).reshape(B, -1)
         ).reshape(B, n, h)
    steps = sol.n_steps if sol is not None else np.zeros(B, int)
    rej = sol.n_rejected if sol is not None else np.zeros(B, int)
    Lnan = np.full((len(te), B), np.nan)
    if single:
        Ut, st, A, Lnan = Ut[:, 0], st[:, 0], A[0], Lnan[:, 0]
    return Trajectory(te, Ut, st, Lnan, events, steps, rej, "dopri5-sphere", rtol, A)

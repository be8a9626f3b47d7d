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

from ._dormand_prince import B5 as _B5, A as _A, E as _E
from ._validate import as_float_array, finite_scalar, positive_int

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
    #: for kinked activations: ``frozen(z, A) -> (sigma, sigma')`` on the branch A (bool array)
    #: chosen at a step's start; lets the integrator treat kinks as exact switching events
    frozen: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None


def _relu_frozen(z, A):
    a = A.astype(float)
    return a * z, a


RELU = Activation("relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0.0).astype(float), 1.0,
                  _relu_frozen)


def leaky_relu(alpha: float) -> Activation:
    """max(z, alpha z) with sigma'(0) = alpha (the inactive side)."""
    a = finite_scalar("alpha", alpha)
    if not 0.0 <= a <= 1.0:
        raise ValueError(f"alpha must lie in [0, 1], got {a}")
    def frozen(z, A):
        d = np.where(A, 1.0, a)
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
    #: it: an entry switched off *on* the boundary (|z| <= 1e-12 |x||w|) counts as inactive
    final_pattern: np.ndarray | None = None


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
    ``lr^2 (g_v^2 - ||g_w||^2)`` per step, which can swamp the balanced-flow bounds (digest C5,
    C7). ``record_steps`` (iterable of ints) overrides ``record_every``. Pattern events are
    stamped with the time of the step at which the sign change is first seen.
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
# adaptive Dormand-Prince 5(4), batched with one step size per run, with exact kink handling

_DEADBAND = 1e-12  # relative width of the switching boundary (see _dopri)


def _dopri(rhs, Y0, t_eval, rtol, atol, max_steps, watch, masked):
    """Integrate dY/dt = rhs(Y, idx, A) for each row of Y0 (B, N); record at ``t_eval``.

    ``watch(Y, F, idx) -> (Z, Zdot, scale)`` gives the switching quantities (b, m)
    (pre-activations), their time derivatives and their natural size |x_i||w_j|.
    With ``masked`` the vector field is evaluated on the *frozen* branch ``A = Z > 0`` of the
    step's start (a smooth extension), a step that would carry some Z across 0 is cut at the
    located crossing and the branch is switched there: a switched system integrated piece by
    piece, so kinks cost no rejected steps and no accuracy. Without ``masked`` (a C^1 field)
    sign changes are only located and reported.
    """
    B, N = Y0.shape
    Y = Y0.copy()
    t = np.zeros(B)
    out = np.empty((len(t_eval), B, N))
    k_next = np.zeros(B, int)
    if t_eval[0] == 0.0:
        out[0] = Y
        k_next[:] = 1
    steps = np.zeros(B, int)
    rej = np.zeros(B, int)
    idx_all = np.arange(B)
    Z, Zd, _ = watch(Y, rhs(Y, idx_all, None), idx_all)
    A = Z > 0
    F = rhs(Y, idx_all, A)
    Z, Zd, _ = watch(Y, F, idx_all)
    atol_b = np.asarray(atol, float) * np.ones(B)
    sc0 = atol_b[:, None] + rtol * np.abs(Y)
    d0 = np.sqrt(np.mean((Y / sc0) ** 2, axis=1))
    d1 = np.sqrt(np.mean((F / sc0) ** 2, axis=1))
    dt = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / np.maximum(d1, 1e-300))
    forced = np.full(B, np.nan)  # step length that ends exactly at a located kink
    ev: list[tuple] = []
    it = 0
    stall = 0
    t_last = t.copy()
    while True:
        act = np.nonzero(k_next < len(t_eval))[0]
        if act.size == 0:
            break
        it += 1
        stall = stall + 1 if np.all(t[act] == t_last[act]) else 0
        t_last = t.copy()
        if stall > 1000:
            raise RuntimeError(f"no progress at t={t[act].min()}: an activation keeps switching "
                               "(a sliding mode on a kink; the switched-system integrator does "
                               "not follow Filippov sliding)")
        if it > max_steps:
            raise RuntimeError(f"gradient flow exceeded max_steps={max_steps} before "
                               f"t={t_eval[-1]}")
        target = t_eval[k_next[act]]
        fa = forced[act]
        is_forced = np.isfinite(fa)
        h = np.where(is_forced, fa, dt[act])
        hits = h >= target - t[act]
        h = np.minimum(h, target - t[act])
        is_forced &= ~hits
        Ya, Fa = Y[act], F[act]
        Aa = A[act] if masked else None
        K = [Fa]
        for s in range(1, 7):
            inc = sum(a * k for a, k in zip(_A[s], K, strict=False) if a != 0.0)
            K.append(rhs(Ya + h[:, None] * inc, act, Aa))
        Ynew = Ya + h[:, None] * sum(b * k for b, k in zip(_B5, K, strict=True) if b != 0.0)
        errv = h[:, None] * sum(e * k for e, k in zip(_E, K, strict=True) if e != 0.0)
        sc = atol_b[act, None] + rtol * np.maximum(np.abs(Ya), np.abs(Ynew))
        err = np.sqrt(np.mean((errv / sc) ** 2, axis=1))
        ok = err <= 1.0
        fac = np.where(err == 0, 10.0, np.clip(0.9 * np.maximum(err, 1e-300) ** -0.2, 0.2, 10.0))
        fac = np.where(ok, fac, np.minimum(fac, 1.0))
        Z1, Zd1, S1 = watch(Ynew, K[6], act)
        Z0, Zd0 = Z[act], Zd[act]
        if masked:
            # the frozen branch is no longer the true one; a dead band of 1e-12 |x_i||w_j| keeps
            # an entry that was switched *on* the boundary (z = +-1e-17, e.g. a neuron that just
            # died and no longer moves) from chattering between branches
            bad = ((Z1 > 0) != Aa) & (np.abs(Z1) > _DEADBAND * S1)
            cut = ok & ~is_forced & bad.any(axis=1)
            if np.any(cut):
                r, m = np.nonzero(bad & cut[:, None])
                th = _hermite_root(Z0[r, m], Zd0[r, m] * h[r], Z1[r, m], Zd1[r, m] * h[r])
                # no sign change inside the step: the entry started on the far side of the
                # boundary (inside the dead band), so it crosses at the start
                th = np.where((Z0[r, m] > 0) == (Z1[r, m] > 0), 0.0, th)
                thmin = np.full(act.size, np.inf)
                np.minimum.at(thmin, r, th)
                # a crossing at the very start of the step (an entry already on the boundary
                # and leaving it on the far side) is switched at once, without a step
                now = cut & (thmin == 0.0)
                if np.any(now):
                    sel = now[r] & (th == 0.0)
                    rn, mn = r[sel], m[sel]
                    ev.append((act[rn], mn, t[act[rn]], np.where(A[act[rn], mn], -1, 1)))
                    A[act[rn], mn] = ~A[act[rn], mn]
                    rows = act[np.unique(rn)]
                    F[rows] = rhs(Y[rows], rows, A[rows])
                    Z[rows], Zd[rows], _ = watch(Y[rows], F[rows], rows)
                later = cut & ~now
                forced[act[later]] = thmin[later] * h[later]
                ok = ok & ~cut
        # only the un-clipped, un-forced proposal carries over to the next step
        keep = ok & (hits | is_forced)
        dt[act] = np.where(keep, np.maximum(dt[act], h * fac), np.where(ok | ~np.isfinite(
            forced[act]) | is_forced, h * fac, dt[act]))
        rej[act[~ok & (err > 1.0)]] += 1
        forced[act[~ok & (err > 1.0)]] = np.nan
        if not np.any(ok):
            continue
        a_ok = act[ok]
        forced[a_ok] = np.nan
        Yn, Fn, hn = Ynew[ok], K[6][ok], h[ok]
        Z1o, Zd1o = Z1[ok], Zd1[ok]
        t_new = t[a_ok] + hn
        hit_ok = hits[ok]
        t_new[hit_ok] = target[ok][hit_ok]
        if masked:
            # a forced step ends on the kink: switch the branch of the entries that crossed,
            # i.e. those whose located root is at the end of this step (or already past it)
            Ao = A[a_ok]
            # switch entries beyond the boundary, and entries on it (|z| <= dead band, where a
            # forced step lands) that move across it
            onb = np.abs(Z1o) <= _DEADBAND * S1[ok]
            across = np.where(Ao, Zd1o < 0, Zd1o > 0)
            flip = (((Z1o > 0) != Ao) & ~onb) | (onb & across)
            if np.any(flip):
                r, m = np.nonzero(flip)
                ev.append((a_ok[r], m, t_new[r], np.where(Ao[r, m], -1, 1)))
                Ao = Ao ^ flip
                A[a_ok] = Ao
                rows = np.unique(r)
                Fn[rows] = rhs(Yn[rows], a_ok[rows], Ao[rows])
                Z1o[rows], Zd1o[rows], _ = watch(Yn[rows], Fn[rows], a_ok[rows])
        else:
            ch = (Z[a_ok] > 0) != (Z1o > 0)
            if np.any(ch):
                r, m = np.nonzero(ch)
                tc = _hermite_root(Z[a_ok][r, m], Zd[a_ok][r, m] * hn[r], Z1o[r, m],
                                   Zd1o[r, m] * hn[r])
                ev.append((a_ok[r], m, t[a_ok][r] + tc * hn[r], np.where(Z1o[r, m] > 0, 1, -1)))
        t[a_ok] = t_new
        Y[a_ok], F[a_ok] = Yn, Fn
        Z[a_ok], Zd[a_ok] = Z1o, Zd1o
        steps[a_ok] += 1
        if np.any(hit_ok):
            rr = a_ok[hit_ok]
            out[k_next[rr], rr] = Y[rr]
            k_next[rr] += 1
    if not masked:
        A = Z > 0
    return out, ev, steps, rej, A


def _hermite_root(z0, d0, z1, d1, iters: int = 60):
    """Root in [0, 1] of the cubic Hermite interpolant with values z0, z1 and slopes d0, d1
    (slopes already multiplied by the step); bisection keeps the sign change bracketed."""
    lo, hi = np.zeros_like(z0), np.ones_like(z0)
    s0 = z0 > 0
    for _ in range(iters):
        m = 0.5 * (lo + hi)
        m2, m3 = m * m, m * m * m
        zm = ((2 * m3 - 3 * m2 + 1) * z0 + (m3 - 2 * m2 + m) * d0
              + (-2 * m3 + 3 * m2) * z1 + (m3 - m2) * d1)
        same = (zm > 0) == s0
        lo = np.where(same, m, lo)
        hi = np.where(same, hi, m)
    return 0.5 * (lo + hi)


def _check_times(t_eval) -> np.ndarray:
    te = as_float_array("t_eval", t_eval, min_ndim=1)
    if te.ndim != 1 or te.size == 0:
        raise ValueError("t_eval must be a non-empty 1-D array of times")
    if te[0] < 0 or np.any(np.diff(te) <= 0):
        raise ValueError("t_eval must be >= 0 and strictly increasing")
    return te


def _split_events(ev, h) -> Events:
    if not ev:
        return Events()
    run = np.concatenate([e[0] for e in ev])
    m = np.concatenate([e[1] for e in ev])
    tt = np.concatenate([e[2] for e in ev])
    d = np.concatenate([e[3] for e in ev])
    sample, neuron = np.divmod(m, h)  # watch arrays are flattened (n, h)
    order = np.lexsort((sample, neuron, run, tt))
    return Events(run[order], neuron[order], sample[order], tt[order], d[order])


def integrate(
    rhs: Callable[[np.ndarray, np.ndarray], np.ndarray],
    Y0: np.ndarray,
    t_eval: np.ndarray,
    *,
    rtol: float,
    atol: np.ndarray | float,
    max_steps: int = 200_000,
) -> np.ndarray:
    """Integrate a smooth batched ODE dY/dt = rhs(Y, rows) with the shared Dormand–Prince.

    The stable public entry to this module's integrator for other flows (Kumar–Haupt's
    rescaled NCF flow, say): ``rows`` are the indices of the rows of ``Y`` being advanced, so
    a right-hand side may depend on the row. No switching quantities are watched (the field
    must be C¹). Returns Y at ``t_eval`` (which must start at 0), shape (len(t_eval), B, N).
    """
    Y0 = np.atleast_2d(np.asarray(Y0, dtype=float))
    empty = np.zeros((Y0.shape[0], 0))

    def f(Y, idx, A):
        return rhs(Y, idx)

    def watch(Y, F, idx):
        e = empty[: len(idx)]
        return e, e, e

    atol_b = np.broadcast_to(np.asarray(atol, dtype=float), (Y0.shape[0],)).copy()
    with _one_blas_thread():
        out, *_ = _dopri(f, Y0.copy(), _check_times(t_eval), rtol, atol_b, max_steps, watch,
                         False)
    return out


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
    """Accurate gradient flow dW/dt = -grad_W L, dv/dt = -grad_v L for a batch of runs.

    Adaptive Dormand-Prince 5(4) with per-run steps and mixed error control
    ``|err| <= atol + rtol |y|`` (RMS over a run's components); ``atol`` defaults to
    ``rtol * 1e-3 * max|Y_b(0)|`` per run, i.e. relative to the (possibly tiny) init scale.
    For activations with a kink (``act.masked``: ReLU, leaky ReLU) the flow is integrated as a
    switched system: each activation-pattern change is located and stepped onto exactly (the
    Caratheodory solution with the fixed sigma'). States are recorded exactly at ``t_eval``;
    every sign change of ``<x_i, w_j>`` is returned in ``events``.
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
    masked = act.frozen is not None

    def rhs(Yc, idx, A):
        Wc = Yc[:, : h * D].reshape(-1, h, D)
        vc = Yc[:, h * D:]
        yc = y if y.ndim == 1 else y[idx]
        Xi = _take(X, idx)
        if A is None or not masked:
            gW, gv, _ = _grads(Wc, vc, Xi, yc, loss, act)
        else:
            gW, gv = _grads_frozen(Wc, vc, Xi, yc, loss, act, A.reshape(-1, X.shape[-2], h))
        return -np.concatenate([gW.reshape(len(idx), -1), gv], axis=1)

    def watch(Yc, Fc, idx):
        Xi = _take(X, idx)
        Wc = Yc[:, : h * D].reshape(-1, h, D)
        Z = _preact(Wc, Xi)  # (b, n, h)
        Zd = _preact(Fc[:, : h * D].reshape(-1, h, D), Xi)
        S = np.linalg.norm(Xi, axis=-1)[..., :, None] * np.linalg.norm(Wc, axis=-1)[:, None, :]
        return Z.reshape(len(idx), -1), Zd.reshape(len(idx), -1), S.reshape(len(idx), -1)

    with _one_blas_thread():
        out, ev, steps, rej, A = _dopri(rhs, Y0, te, rtol, atol_v, max_steps, watch, masked)
    Wt = out[:, :, : h * D].reshape(len(te), B, h, D)
    vt = out[:, :, h * D:]
    Xb = X if X.ndim == 2 else X[None]
    yb = y if y.ndim == 1 else y[None]
    Lt = loss.total(yb, np.einsum("kbnh,kbh->kbn", act.value(_preact(Wt, Xb)), vt))
    events = _split_events(ev, h)
    A = A.reshape(B, n, h)
    if single:
        Wt, vt, Lt, A = Wt[:, 0], vt[:, 0], Lt[:, 0], A[0]
    return Trajectory(te, Wt, vt, Lt, events, steps, rej, "dopri5", rtol, A)


def _grads_frozen(W, v, X, y, loss, act, A):
    """Gradients on the frozen branch A (b, n, h) of a kinked activation."""
    Z = _preact(W, X)
    S, dS = act.frozen(Z, A)
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
    switched system like :func:`gradient_flow`. Returns a :class:`Trajectory` whose ``W`` holds
    the unit directions and ``v`` the signs (``loss`` is NaN: no loss is defined in the limit).
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

    def rhs(Yc, idx, A):
        Uc = Yc.reshape(-1, h, D)
        if A is None:
            A = _preact(Uc, _take(X, idx)) > 0
        Af = A.reshape(-1, n, h).astype(float)
        Cxi = Cx if Cx.ndim == 2 else Cx[idx]
        xa = np.swapaxes(Af, -1, -2) @ Cxi  # (b, h, D)
        uu = np.sum(Uc * Uc, axis=-1, keepdims=True)
        proj = xa - np.sum(xa * Uc, axis=-1, keepdims=True) / uu * Uc
        return (s[idx][..., None] * proj).reshape(len(idx), -1)

    def watch(Yc, Fc, idx):
        Xi = _take(X, idx)
        Uc = Yc.reshape(-1, h, D)
        Z = _preact(Uc, Xi)
        Zd = _preact(Fc.reshape(-1, h, D), Xi)
        S = np.linalg.norm(Xi, axis=-1)[..., :, None] * np.linalg.norm(Uc, axis=-1)[:, None, :]
        return Z.reshape(len(idx), -1), Zd.reshape(len(idx), -1), S.reshape(len(idx), -1)

    with _one_blas_thread():
        out, ev, steps, rej, A = _dopri(rhs, U.reshape(B, -1), te, rtol, rtol * 1e-3,
                                        max_steps, watch, True)
    Ut = out.reshape(len(te), B, h, D)
    Ut = Ut / np.linalg.norm(Ut, axis=-1, keepdims=True)
    events = _split_events(ev, h)
    st = np.broadcast_to(s, (len(te), B, h)).copy()
    if single:
        Ut, st = Ut[:, 0], st[:, 0]
    A = A.reshape(B, n, h)
    Lnan = np.full((len(te), B), np.nan)
    if single:
        A, Lnan = A[0], Lnan[:, 0]
    return Trajectory(te, Ut, st, Lnan, events, steps, rej, "dopri5-sphere", rtol, A)

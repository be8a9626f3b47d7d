"""The batched reduced (ln r, z) ODE on JAX: the numpy driver's Dormand–Prince 5(4) with PI
control, as one ``jax.lax.while_loop`` over the whole batch.

The algorithm is the one of :mod:`numeric.ode` (same tableau, same error norm — the RMS of
err/(atol + rtol·max(|y|, |y_new|)) — same PI constants, same initial-step rule), so a
trajectory takes the same steps as in :func:`numeric.integrate_batch` up to rounding: XLA
may contract a·b + c into one fused multiply-add, which can flip an accept decision that sits
within rounding of the threshold. The right-hand side is the derivation ``deep_chain_log_ode``
printed for ``jax.numpy`` (``numeric/_generated_jax.py``).

Every trajectory has its own time and step; one loop iteration attempts one step of every
running trajectory, and finished ones are masked (on a GPU the batch is one kernel launch per
stage). The loop ends when every trajectory has reached ``t_end`` or stopped, and after at
most ``4·max_steps`` iterations whatever happens, so it cannot hang.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from . import _generated_jax as GJ
from .ode._solution import Status
from .ode._tableau import B5 as _B5, A as _A, C as _C, E as _E, P as _P

_EPS = float(np.finfo(float).eps)
_A_ROWS = tuple(tuple(float(c) for c in row) for row in _A)
_B = tuple(float(c) for c in _B5)
_ERR = tuple(float(c) for c in _E)
_CS = tuple(float(c) for c in _C)
_DENSE = tuple(tuple(float(c) for c in row) for row in _P)
# Hairer's PI controller for the 5(4) pair (numeric/ode/_controller.py): α = 1/5 − 0.75 β.
_SAFETY, _BETA, _MIN_FACTOR, _MAX_FACTOR = 0.9, 0.04, 0.2, 10.0
_ALPHA = 1.0 / 5.0 - 0.75 * _BETA


def z_to_phi(z):
    """φ = π − θ from z = ln tan(θ/2), exact at z = ±∞ (numeric.z_to_angles, branch-free)."""
    small = 2.0 * jnp.arctan(jnp.exp(-jnp.abs(z)))
    return jnp.where(z < 0, jnp.pi - small, small)


def field(y, depth, kappa):
    """(d ln r/dt, dz/dt) for states y (n, 2)."""
    dlog, dz = GJ.deep_chain_log_rhs(y[:, 0], z_to_phi(y[:, 1]), depth, kappa)
    return jnp.stack([dlog, dz], axis=1)


def _combine(coef, K):
    # Non-zero coefficients in a fixed order, as numeric/ode/_tableau.combine. B5 has a zero
    # 7th entry and is combined before the 7th stage exists, hence strict=False.
    out = None
    for c, k in zip(coef, K, strict=False):
        if c != 0.0:
            out = c * k if out is None else out + c * k
    return out


def _rms_scaled(num, scale):
    # ±inf components (the invariant sets z = ±∞) have infinite scale and carry no error.
    ok = jnp.isfinite(scale)
    x = jnp.where(ok, num / jnp.where(ok, scale, 1.0), 0.0)
    return jnp.sqrt(jnp.sum(x * x, axis=1) / x.shape[1])


def _initial_step(y, f0, t_end, depth, kappa, rtol, atol, max_step):
    """Hairer & Wanner II.4, as numeric/ode/_driver._initial_step."""
    scale = atol + rtol * jnp.abs(y)
    d0 = _rms_scaled(jnp.where(jnp.isfinite(y), y, 0.0), scale)
    d1 = _rms_scaled(f0, scale)
    h0 = jnp.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / jnp.maximum(d1, 1e-300))
    h0 = jnp.minimum(jnp.minimum(h0, t_end), max_step)
    f1 = field(y + h0[:, None] * f0, depth, kappa)
    d2 = _rms_scaled(f1 - f0, scale) / h0
    dmax = jnp.maximum(d1, d2)
    h1 = jnp.where(dmax <= 1e-15, jnp.maximum(1e-6, h0 * 1e-3),
                   (0.01 / jnp.maximum(dmax, 1e-300)) ** 0.2)
    h1 = jnp.where(jnp.isfinite(h1), h1, h0)
    return jnp.minimum(jnp.minimum(100 * h0, h1), max_step)


def _dense(y_old, h, K, s):
    """Dense output at fractions s (n, T) of the steps: (n, T, 2)."""
    powers = (s, s * s, s * s * s, (s * s) * (s * s))
    acc = None
    for j in range(7):
        row = _DENSE[j]
        if not any(row):
            continue
        cj = row[0] * powers[0] + row[1] * powers[1] + row[2] * powers[2] + row[3] * powers[3]
        term = cj[..., None] * K[j][:, None, :]
        acc = term if acc is None else acc + term
    return y_old[:, None, :] + h[:, None, None] * acc


@partial(jax.jit, static_argnames=("max_steps", "constant_step"))
def integrate(y0, t_end, depth, kappa, rtol, atol, max_step, t_eval, *, max_steps: int,
              constant_step: bool):
    """The loop. ``y0`` (n, 2); ``t_end``, ``depth``, ``kappa`` (n,); ``t_eval`` (T,), possibly
    empty; with ``constant_step`` every step has length ``max_step`` and is accepted (order
    studies and exact comparisons with the numpy driver's ConstantStep)."""
    n = y0.shape[0]
    f0 = field(y0, depth, kappa)
    if constant_step:
        h0 = jnp.full(n, max_step)
    else:
        h0 = _initial_step(y0, f0, t_end, depth, kappa, rtol, atol, max_step)
    n_eval = t_eval.shape[0]
    y_eval = jnp.full((n, n_eval, 2), jnp.nan)
    if n_eval:
        y_eval = jnp.where((t_eval == 0.0)[None, :, None], y0[:, None, :], y_eval)
    state = dict(
        t=jnp.zeros(n), y=y0, f=f0, h=h0, err_prev=jnp.full(n, 1e-4),
        rejected_before=jnp.zeros(n, bool), active=jnp.ones(n, bool),
        status=jnp.zeros(n, jnp.int32), n_steps=jnp.zeros(n, jnp.int32),
        n_rejected=jnp.zeros(n, jnp.int32), y_eval=y_eval, iteration=jnp.int32(0),
    )
    max_iterations = 4 * max_steps

    def cond(st):
        return jnp.any(st["active"]) & (st["iteration"] < max_iterations)

    def body(st):
        t, y, active = st["t"], st["y"], st["active"]
        h = jnp.minimum(st["h"], t_end - t)
        hc = h[:, None]
        K = [st["f"]]
        for s in range(1, 6):
            K.append(field(y + hc * _combine(_A_ROWS[s], K), depth, kappa))
        y_new = y + hc * _combine(_B, K)
        f_new = field(y_new, depth, kappa)
        K.append(f_new)
        err_vec = hc * _combine(_ERR, K)
        scale = atol + rtol * jnp.maximum(jnp.abs(y), jnp.abs(y_new))
        err = _rms_scaled(err_vec, scale)
        finite = (~jnp.any(jnp.isnan(y_new), axis=1) & jnp.isfinite(err)
                  & jnp.all(jnp.isfinite(f_new), axis=1))
        err = jnp.where(finite, err, jnp.inf)
        if constant_step:
            accept = finite
            h_next = st["h"]
        else:
            safe_err = jnp.maximum(err, 1e-10)
            raw = _SAFETY * safe_err ** (-_ALPHA) * st["err_prev"] ** _BETA
            rej = _SAFETY * safe_err ** (-1.0 / 5.0)
            fac = jnp.where(err <= 1.0, jnp.clip(raw, _MIN_FACTOR, _MAX_FACTOR),
                            jnp.clip(rej, _MIN_FACTOR, 1.0))
            fac = jnp.where((err <= 1.0) & st["rejected_before"], jnp.minimum(fac, 1.0), fac)
            fac = jnp.where(jnp.isfinite(err), fac, _MIN_FACTOR)
            accept = (err <= 1.0) & finite
            h_next = jnp.minimum(h * fac, max_step)
        acc = active & accept
        rejd = active & ~accept

        # rejected: shrink, or stop where the step has underflowed (constant steps cannot shrink)
        if constant_step:
            dead = rejd
        else:
            dead = rejd & (h_next < 16 * _EPS * jnp.maximum(jnp.abs(t), 1.0))
        status = jnp.where(dead, jnp.where(finite, Status.STEP_UNDERFLOW, Status.NON_FINITE),
                           st["status"])

        t_new = jnp.where(h >= t_end - t, t_end, t + h)
        y_eval = st["y_eval"]
        if n_eval:
            hit = (acc[:, None] & (t_eval[None, :] > t[:, None])
                   & (t_eval[None, :] <= t_new[:, None]))
            s_frac = jnp.clip((t_eval[None, :] - t[:, None]) / h[:, None], 0.0, 1.0)
            y_eval = jnp.where(hit[..., None], _dense(y, h, K, s_frac), y_eval)
        n_steps = st["n_steps"] + acc
        done = acc & (t_new >= t_end)
        over = acc & ~done & (n_steps >= max_steps)
        status = jnp.where(over, Status.MAX_STEPS, status)
        return dict(
            t=jnp.where(acc, t_new, t),
            y=jnp.where(acc[:, None], y_new, y),
            f=jnp.where(acc[:, None], f_new, st["f"]),
            h=jnp.where(active, h_next, st["h"]),
            err_prev=jnp.where(acc, jnp.maximum(err, 1e-4), st["err_prev"]),
            rejected_before=jnp.where(active, ~accept, st["rejected_before"]),
            active=active & ~done & ~over & ~dead,
            status=status, n_steps=n_steps, n_rejected=st["n_rejected"] + rejd,
            y_eval=y_eval, iteration=st["iteration"] + 1,
        )

    out = jax.lax.while_loop(cond, body, state)
    # still running after the iteration cap: a rejection storm; report it as MAX_STEPS
    status = jnp.where(out["active"], Status.MAX_STEPS, out["status"])
    return out["t"], out["y"], status, out["n_steps"], out["n_rejected"], out["y_eval"]

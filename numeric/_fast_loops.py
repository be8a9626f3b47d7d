"""The numba engine's fused loops (imported only when numba is installed and chosen).

One pass over each pair reads u and v once for ‖u‖², ‖v‖² and u·v; the wedge is the cheap
√(‖u‖²‖v‖² − (u·v)²) unless its rounding bound exceeds WEDGE_BUDGET, and then a second pass
forms v⊥ with the double-double ratio — the rule and the arithmetic of the numpy helpers
(symbolic/_pair_helpers.py), so both engines are accurate at every angle. What a pair's
invariants turn into (k, the coefficients of m) is the derived scalar form printed into
numeric/_generated.py; this module only loops.

Every loop comes twice: serial, and ``prange`` over rows (numba threads) for large inputs;
each row's arithmetic is the same in both, so the results are identical.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange
from numba.extending import register_jitable

from . import _generated as G

_J = register_jitable(G._sin_minus_x_cos_scalar)  # noqa: SLF001 - the printed helper
_J_SERIES = register_jitable(G._sin_minus_x_cos_scalar_series)  # noqa: SLF001
_kernel_series = njit(cache=True, inline="always")(G.pair_kernel_series_scalar)
_kernel_scalar = njit(cache=True)(G.pair_kernel_scalar)
_cross_scalar = njit(cache=True)(G.pair_cross_moment_scalar)
_kernel_wedge = njit(cache=True)(G.pair_kernel_wedge_scalar)
_cross_wedge = njit(cache=True)(G.pair_cross_moment_wedge_scalar)
_SERIES_BELOW = float(G.SERIES_BELOW)

_BOUND = (2.0**-53) / G.WEDGE_BUDGET


# atan2 for the loops: Moshier's Cephes atan (a rational approximation on [0, 0.66] with the
# reduction t → (t − 1)/(t + 1) above it; documented peak relative error 2.2e-16), written
# without calls or branches on data so that LLVM can vectorise the loops around it; ~2× the
# speed of the libm call, and as accurate (≤ ~1 ulp against mpmath, tests/test_fast.py) —
# relatively, also for tiny angles, which is what the kernels need.
_P0, _P1, _P2, _P3, _P4 = (-8.750608600031904122785e-1, -1.615753718733365076637e1,
                           -7.500855792314704667340e1, -1.228866684490136173410e2,
                           -6.485021904942025371773e1)
_Q0, _Q1, _Q2, _Q3, _Q4 = (2.485846490142306297962e1, 1.650270098316988542046e2,
                           4.328810604912902668951e2, 4.853903996359136964868e2,
                           1.945506571482613964425e2)
_MOREBITS = 6.123233995736765886130e-17  # π/2 − fl(π/2)
_PIO4 = 7.85398163397448309616e-1
_PIO2 = 1.57079632679489661923e0
_PI = 3.14159265358979323846


@njit(cache=True, inline="always")
def atan2_upper(y, x):
    """atan2(y, x) for y ≥ 0 (a wedge against a dot product): in [0, π], with libm's signed
    zeros: 0 at (0, +0), π at (0, −0) (the difference form reads δ = π off a zero base)."""
    ax = abs(x)
    big = y > ax
    num = min(y, ax)
    den = max(y, ax)
    t = num / den if den > 0.0 else 0.0
    reduced = t > 0.66
    tt = (t - 1.0) / (t + 1.0) if reduced else t
    z = tt * tt
    p = (((_P0 * z + _P1) * z + _P2) * z + _P3) * z + _P4
    q = ((((z + _Q0) * z + _Q1) * z + _Q2) * z + _Q3) * z + _Q4
    r = (_PIO4 if reduced else 0.0) + (tt + tt * z * p / q + (0.5 * _MOREBITS if reduced else 0.0))
    r = (_PIO2 - r) + _MOREBITS if big else r
    return (_PI - r) + 2.0 * _MOREBITS if math.copysign(1.0, x) < 0.0 else r


# Dekker's exact product, the printed helper itself (scalar arithmetic only, so it compiles).
_two_product = njit(cache=True, inline="always")(G._two_product)


@njit(cache=True)
def _dot2(x, y):
    s, c = _two_product(x[0], y[0])
    for i in range(1, x.shape[0]):
        p, e = _two_product(x[i], y[i])
        t = s + p
        z = t - s
        c += ((s - (t - z)) + (p - z)) + e
        s = t
    hi = s + c
    return hi, c - (hi - s)


@njit(cache=True)
def _accurate_rejection(u, v, out):
    """out = v − (u·v/‖u‖²)u with the ratio in double-double; returns ‖out‖²."""
    dh, dl = _dot2(u, v)
    nh, nl = _dot2(u, u)
    ah = dh / nh
    p, e = _two_product(ah, nh)
    al = (((dh - p) - e) + dl - ah * nl) / nh
    s = 0.0
    for i in range(u.shape[0]):
        ph, pl = _two_product(ah, u[i])
        r = ((v[i] - ph) - pl) - al * u[i]
        out[i] = r
        s += r * r
    return s


@njit(cache=True, inline="always")
def _geometry(u, v, vperp, want_vperp):
    """(‖u‖², ‖v‖², u·v, ‖u∧v‖); fills vperp (length d) with v⊥ when want_vperp, or when the
    accurate pass runs (it needs the components)."""
    d = u.shape[0]
    nu2 = 0.0
    nv2 = 0.0
    dot = 0.0
    for i in range(d):
        nu2 += u[i] * u[i]
        nv2 += v[i] * v[i]
        dot += u[i] * v[i]
    w2 = max(nu2 * nv2 - dot * dot, 0.0)
    if nu2 == 0.0 or w2 >= (4 * d + 4) * _BOUND * (nu2 * nv2):
        if want_vperp:
            alpha = dot / nu2 if nu2 != 0.0 else 0.0
            for i in range(d):
                vperp[i] = v[i] - alpha * u[i]
        return nu2, nv2, dot, math.sqrt(w2)
    s = _accurate_rejection(u, v, vperp)
    return nu2, nv2, dot, math.sqrt(nu2) * math.sqrt(s)


@njit(cache=True, inline="always")
def _wedge(u, v, nu2, nv2, dot):
    """‖u∧v‖ from the pair's ‖u‖², ‖v‖², u·v: cheap, or the accurate pass (allocates then)."""
    w2 = max(nu2 * nv2 - dot * dot, 0.0)
    if nu2 == 0.0 or w2 >= (4 * u.shape[0] + 4) * _BOUND * (nu2 * nv2):
        return math.sqrt(w2)
    return math.sqrt(nu2) * math.sqrt(_accurate_rejection(u, v, np.empty(u.shape[0])))


@njit(cache=True, inline="always")
def _kernel_value(nu2, nv2, dot, wedge):
    delta = atan2_upper(wedge, -dot)
    if delta >= _SERIES_BELOW:
        return _kernel_wedge(wedge, dot, delta)
    return _kernel_scalar(math.sqrt(nu2), math.sqrt(nv2), delta)


@njit(cache=True, inline="always")
def _kernel_row(u, v):
    nu2 = 0.0
    nv2 = 0.0
    dot = 0.0
    for i in range(u.shape[0]):
        nu2 += u[i] * u[i]
        nv2 += v[i] * v[i]
        dot += u[i] * v[i]
    return _kernel_value(nu2, nv2, dot, _wedge(u, v, nu2, nv2, dot))


@njit(cache=True, inline="always")
def _gram_row(U, VT, V, nu2, nv2, i, row, redo):
    """row[j] = k(U[i], V[j]). Three passes over j, the first two without branches or calls
    (so LLVM vectorises them): the dot products from Vᵀ; the invariants, δ and both derived
    forms, selected; then the rare pairs whose cheap wedge is not accurate enough, again."""
    u = U[i]
    n2 = VT.shape[1]
    row[:] = 0.0
    for k in range(U.shape[1]):
        uk = u[k]
        for j in range(n2):
            row[j] += uk * VT[k, j]
    ru = math.sqrt(nu2[i])
    limit = (4 * U.shape[1] + 4) * _BOUND
    for j in range(n2):
        dot = row[j]
        prod = nu2[i] * nv2[j]
        w2 = max(prod - dot * dot, 0.0)
        redo[j] = w2 < limit * prod
        wedge = math.sqrt(w2)
        delta = atan2_upper(wedge, -dot)
        by_wedge = _kernel_wedge(wedge, dot, delta)
        by_series = _kernel_series(ru, math.sqrt(nv2[j]), delta)
        row[j] = by_wedge if delta >= _SERIES_BELOW else by_series
    if nu2[i] == 0.0:
        return
    for j in range(n2):
        if redo[j]:
            dot = row[j]  # overwritten: recompute the pair's dot product in the row order
            d = 0.0
            for k in range(U.shape[1]):
                d += u[k] * V[j, k]
            row[j] = _kernel_value(nu2[i], nv2[j], d, _wedge(u, V[j], nu2[i], nv2[j], d))


@njit(cache=True)
def _squared_norms(U):
    out = np.empty(U.shape[0])
    for i in range(U.shape[0]):
        s = 0.0
        for k in range(U.shape[1]):
            s += U[i, k] * U[i, k]
        out[i] = s
    return out


@njit(cache=True)
def kernel_gram(U, V, out):
    """out[i, j] = k(U[i], V[j]): each norm once, the dot products and the closed forms in
    vectorisable passes over j (see _gram_row)."""
    nu2, nv2 = _squared_norms(U), _squared_norms(V)
    VT = np.ascontiguousarray(V.T)
    redo = np.empty(V.shape[0], dtype=np.bool_)
    for i in range(U.shape[0]):
        _gram_row(U, VT, V, nu2, nv2, i, out[i], redo)


@njit(cache=True, parallel=True)
def kernel_gram_parallel(U, V, out):
    nu2, nv2 = _squared_norms(U), _squared_norms(V)
    VT = np.ascontiguousarray(V.T)
    for i in prange(U.shape[0]):
        redo = np.empty(V.shape[0], dtype=np.bool_)
        _gram_row(U, VT, V, nu2, nv2, i, out[i], redo)


@njit(cache=True)
def kernel_rows(U, V, out):
    for i in range(U.shape[0]):
        out[i] = _kernel_row(U[i], V[i])


@njit(cache=True, parallel=True)
def kernel_rows_parallel(U, V, out):
    for i in prange(U.shape[0]):
        out[i] = _kernel_row(U[i], V[i])


@njit(cache=True, inline="always")
def _cross_row(u, v, out):
    """out = m(u, v); zero for u = 0."""
    nu2, nv2, dot, wedge = _geometry(u, v, out, True)
    if nu2 == 0.0:
        out[:] = 0.0
        return
    delta = atan2_upper(wedge, -dot)
    if delta >= _SERIES_BELOW:
        a, b = _cross_wedge(wedge, dot, delta)
        a /= nu2
    else:
        a, b = _cross_scalar(math.sqrt(nu2), math.sqrt(nv2), delta)
    for i in range(u.shape[0]):
        out[i] = a * u[i] + b * out[i]


@njit(cache=True)
def cross_rows(U, V, out):
    for i in range(U.shape[0]):
        _cross_row(U[i], V[i], out[i])


@njit(cache=True, parallel=True)
def cross_rows_parallel(U, V, out):
    for i in prange(U.shape[0]):
        _cross_row(U[i], V[i], out[i])


@njit(cache=True)
def _loss_one(W, V):
    s = 0.0
    for j in range(W.shape[0]):
        for k in range(W.shape[0]):
            s += _kernel_row(W[j], W[k])
        for m in range(V.shape[0]):
            s -= 2.0 * _kernel_row(W[j], V[m])
    for m in range(V.shape[0]):
        for n in range(V.shape[0]):
            s += _kernel_row(V[m], V[n])
    return 0.5 * s


@njit(cache=True)
def loss_batch(W, V, out):
    for b in range(W.shape[0]):
        out[b] = _loss_one(W[b], V[b])


@njit(cache=True, parallel=True)
def loss_batch_parallel(W, V, out):
    for b in prange(W.shape[0]):
        out[b] = _loss_one(W[b], V[b])


@njit(cache=True)
def _nearest_pairing(W, V, pairing, seen):
    """pairing[k] = the teacher nearest student k when that is a bijection, else k (K = M):
    any bijection gives the same gradient; the nearest one keeps its relative accuracy."""
    K = W.shape[0]
    seen[:] = False
    for k in range(K):
        best = np.inf
        arg = 0
        for m in range(K):
            s = 0.0
            for i in range(W.shape[1]):
                t = W[k, i] - V[m, i]
                s += t * t
            if s < best:
                best = s
                arg = m
        if seen[arg]:
            for j in range(K):
                pairing[j] = j
            return
        seen[arg] = True
        pairing[k] = arg


@njit(cache=True)
def _add_difference(u, b, e, out, bperp):
    """out += m(u, b + e) − m(u, b), the difference form of numeric._kernels; u ≠ 0."""
    d = u.shape[0]
    nu2, _, dot, _ = _geometry(u, b, bperp, True)
    nu = math.sqrt(nu2)
    inv_nu = 1.0 / nu
    b_par = dot * inv_nu
    e_par = 0.0
    for i in range(d):
        e_par += e[i] * u[i]
    e_par *= inv_nu
    rho2 = 0.0
    rho2p = 0.0
    cross = 0.0
    eperp2 = 0.0
    c_par = e_par * inv_nu
    for i in range(d):
        ep = e[i] - c_par * u[i]
        rho2 += bperp[i] * bperp[i]
        t = bperp[i] + ep
        rho2p += t * t
        cross += bperp[i] * ep
        eperp2 += ep * ep
    rho = math.sqrt(rho2)
    rhop = math.sqrt(rho2p)
    den = rho + rhop
    d_rho = (2.0 * cross + eperp2) / den if den != 0.0 else 0.0
    d_theta = math.atan2(d_rho * b_par - rho * e_par, b_par * (b_par + e_par) + rho * rhop)
    delta = atan2_upper(rho, -b_par)
    c = 1.0 / (2.0 * math.pi)
    cu = c * d_rho * inv_nu
    ce = c * delta
    cb = c * d_theta
    for i in range(d):
        out[i] += cu * u[i] + ce * e[i] - cb * (b[i] + e[i])


@njit(cache=True)
def _gradient_one(W, V, out, use_pairing, work, pairing, seen):
    """One batch element; ``work`` (3, d), ``pairing`` (K,) and ``seen`` (K,) are scratch
    (allocated once per thread: a few small allocations per element cost more than K = 1's
    arithmetic)."""
    K, d = W.shape
    buf, tmp, e = work[0], work[1], work[2]
    paired = use_pairing and V.shape[0] == K
    if paired:
        _nearest_pairing(W, V, pairing, seen)
    for j in range(K):
        g = out[j]
        g[:] = 0.0
        nu2 = 0.0
        for i in range(d):
            nu2 += W[j, i] * W[j, i]
        if nu2 == 0.0:
            continue  # σ'(0) = 0: a zero row has zero gradient
        if paired:
            for k in range(K):
                vb = V[pairing[k]]
                for i in range(d):
                    e[i] = W[k, i] - vb[i]
                _add_difference(W[j], vb, e, g, buf)
            continue
        for k in range(K):
            if k == j:
                for i in range(d):
                    g[i] += 0.5 * W[j, i]
            else:
                _cross_row(W[j], W[k], tmp)
                for i in range(d):
                    g[i] += tmp[i]
        for m in range(V.shape[0]):
            _cross_row(W[j], V[m], tmp)
            for i in range(d):
                g[i] -= tmp[i]


@njit(cache=True)
def _gradient_span(W, V, out, use_pairing, lo, hi):
    K, d = W.shape[1], W.shape[2]
    work = np.empty((3, d))
    pairing = np.empty(K, dtype=np.int64)
    seen = np.empty(K, dtype=np.bool_)
    for b in range(lo, hi):
        _gradient_one(W[b], V[b], out[b], use_pairing, work, pairing, seen)


@njit(cache=True)
def gradient_batch(W, V, out, use_pairing):
    _gradient_span(W, V, out, use_pairing, 0, W.shape[0])


@njit(cache=True, parallel=True)
def gradient_batch_parallel(W, V, out, use_pairing, chunks):
    B = W.shape[0]
    for c in prange(chunks):
        _gradient_span(W, V, out, use_pairing, c * B // chunks, (c + 1) * B // chunks)

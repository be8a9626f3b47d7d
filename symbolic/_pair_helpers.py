"""Numpy helpers that the printed kernels call: pair geometry accurate at every angle.

These are real functions (the printer's ``lambdify`` namespace uses them) and also the source
text that ``symbolic.codegen`` copies into ``numeric/_generated.py`` (``inspect.getsource``), so
the compiled kernels and a lambdified derivation run the same code.

Why not ‖u∧v‖ = √(‖u‖²‖v‖² − (u·v)²), or Kahan's half-angle 2·atan2(‖‖v‖u − ‖u‖v‖, ‖‖v‖u + ‖u‖v‖)?
Both are accurate to a few ulps of π in θ, i.e. *absolutely*: at θ = 1e-12 (or δ = π − θ =
1e-12) the rounding of the norms alone leaves a relative error ~1e-4. The kernels there are
δ³-small, so every digit of the angle counts. Here the cheap wedge is used only where its
rounding bound is below ``WEDGE_BUDGET`` relatively; elsewhere v⊥ = v − (u·v/‖u‖²) u is formed
with u·v/‖u‖² in double-double (compensated dot products, Dekker's exact product), which makes
each component of v⊥ accurate to an ulp of itself plus eps²‖v‖ — relative accuracy down to
angles far below 1e-12.

Conventions: vectors lie on the last axis; results keep it with length 1 (scalars broadcast).
A zero u makes v⊥ = v and every angle to it 0 (θ) or π (δ): the closed forms multiply them by
‖u‖ = 0 (or by 1{‖u‖ > 0}).
"""

from __future__ import annotations

import inspect

import numpy

# -- printed helpers: from here to HELPERS is copied into generated modules -------------------
_UNIT_ROUNDOFF = 2.0**-53
# Accept the cheap wedge when its worst-case relative error is below this: the kernels then
# stay within a few 1e-14 relatively (J(δ) amplifies δ's error at most 3-fold, the direct
# branch of J at most 4.6-fold). Measured cost: the accurate pass runs on the pairs with
# |cos θ| above ~0.8 (d = 10), a few percent of random pairs.
WEDGE_BUDGET = 2e-14
_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's splitting constant for float64


def _two_product(a, b):
    """(p, e) with p = fl(a·b) and p + e = a·b exactly (Dekker; no FMA needed)."""
    p = a * b
    c = _SPLIT * a
    ah = c - (c - a)
    al = a - ah
    c = _SPLIT * b
    bh = c - (c - b)
    bl = b - bh
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _dot2(x, y):
    """Σ x_i y_i over the last axis as a double-double (hi, lo): as accurate as if computed
    in twice the working precision (Ogita, Rump & Oishi 2005, Dot2)."""
    p, e = _two_product(x, y)
    s = p[..., 0]
    c = e[..., 0]
    for i in range(1, x.shape[-1]):
        t = s + p[..., i]
        z = t - s
        c = c + ((s - (t - z)) + (p[..., i] - z)) + e[..., i]
        s = t
    hi = s + c
    return hi, c - (hi - s)


def _accurate_rejection(v, u):
    """v − (u·v/‖u‖²) u with the ratio in double-double; rows of u must be nonzero."""
    dh, dl = _dot2(u, v)
    nh, nl = _dot2(u, u)
    ah = dh / nh
    p, e = _two_product(ah, nh)
    al = (((dh - p) - e) + dl - ah * nl) / nh
    ph, pl = _two_product(ah[..., None], u)
    return ((v - ph) - pl) - al[..., None] * u


def _cheap_is_accurate(nu2, nv2, w2, d):
    # fl(‖u‖²‖v‖² − (u·v)²) errs by at most (4d + 4)·u·‖u‖²‖v‖² (three length-d dot products,
    # two products and a difference; Higham, Accuracy and Stability, §3.1).
    return w2 >= (4 * d + 4) * _UNIT_ROUNDOFF / WEDGE_BUDGET * (nu2 * nv2)


def _pair_geometry(u, v):
    """(‖u‖², u·v, ‖u∧v‖, v⊥) over the last axis, broadcast; v⊥ has the vector axis."""
    u, v = numpy.broadcast_arrays(u, v)
    batch, d = u.shape[:-1], u.shape[-1]
    u = u.reshape(-1, d)
    v = v.reshape(-1, d)
    nu2 = numpy.einsum("...i,...i->...", u, u)
    nv2 = numpy.einsum("...i,...i->...", v, v)
    dot = numpy.einsum("...i,...i->...", u, v)
    w2 = numpy.maximum(nu2 * nv2 - dot * dot, 0.0)
    vperp = v - (dot / numpy.where(nu2 == 0, 1.0, nu2))[:, None] * u
    wedge = numpy.sqrt(w2)
    redo = ~_cheap_is_accurate(nu2, nv2, w2, d) & (nu2 > 0)
    if numpy.any(redo):
        vp = _accurate_rejection(v[redo], u[redo])
        vperp[redo] = vp
        wedge[redo] = numpy.sqrt(nu2[redo]) * numpy.sqrt(numpy.einsum("...i,...i->...", vp, vp))
    return (nu2.reshape(batch), dot.reshape(batch), wedge.reshape(batch),
            vperp.reshape(*batch, d))


def _pair_angle(u, v):
    """θ(u, v) = atan2(‖u∧v‖, u·v) ∈ [0, π], relatively accurate at every angle."""
    _, dot, wedge, _ = _pair_geometry(u, v)
    return numpy.arctan2(wedge, dot)[..., None]


def _supplement(u, v):
    """δ = π − θ(u, v) = atan2(‖u∧v‖, −u·v), computed directly (π − θ would lose δ's digits)."""
    _, dot, wedge, _ = _pair_geometry(u, v)
    return numpy.arctan2(wedge, -dot)[..., None]


def _reject(v, u):
    """v⊥ = v − (v·û)û, the part of v orthogonal to u (v itself when u = 0)."""
    return _pair_geometry(u, v)[3]


# -- end of printed helpers ---------------------------------------------------------------------
HELPERS = (_two_product, _dot2, _accurate_rejection, _cheap_is_accurate, _pair_geometry,
           _pair_angle, _supplement, _reject)


def source() -> str:
    """The printed helpers' source (constants and functions), as copied into generated code."""
    text = inspect.getsource(inspect.getmodule(source))
    start = text.index("# -- printed helpers")
    end = text.index("# -- end of printed helpers")
    body = text[start:end]
    return body[body.index("\n") + 1:].rstrip() + "\n"


def jax_source() -> str:
    """The branch-free JAX versions (symbolic/_pair_helpers_jax.py), read as text."""
    from pathlib import Path

    text = (Path(__file__).with_name("_pair_helpers_jax.py")).read_text(encoding="utf-8")
    body = text[text.index("# -- printed helpers"):text.index("# -- end of printed helpers")]
    shared = "\n\n".join(inspect.getsource(f) for f in (_two_product, _dot2))
    constants = (f"_UNIT_ROUNDOFF = {_UNIT_ROUNDOFF!r}\nWEDGE_BUDGET = {WEDGE_BUDGET!r}\n"
                 f"_SPLIT = {_SPLIT!r}\n")
    return (constants + "\n\n" + shared + "\n\n"
            + body[body.index("\n") + 1:].rstrip() + "\n")

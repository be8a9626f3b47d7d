"""The pair-geometry helpers of symbolic/_pair_helpers.py, branch-free for JAX.

The shared arithmetic (constants, Dekker's product, Dot2) is the numpy module's, imported here
for reading and prepended to the printed text by its jax_source().

Same arithmetic (cheap wedge where its rounding bound allows, v⊥ with a double-double ratio
elsewhere), but both are computed for every pair and selected with ``where``: a jitted
function cannot index by a data-dependent mask. Requires float64 (``jax_enable_x64``).
``symbolic.codegen`` copies the text between the markers into numeric/_generated_jax.py; this
file is read, not imported (jax is an optional extra).
"""

import jax.numpy

from symbolic._pair_helpers import _UNIT_ROUNDOFF, WEDGE_BUDGET, _dot2, _two_product

# -- printed helpers: from here to the end marker is copied into generated modules ------------


def _vector_norm(x):
    return jax.numpy.sqrt(jax.numpy.sum(x * x, axis=-1))[..., None]


def _pair_geometry(u, v):
    u, v = jax.numpy.broadcast_arrays(u, v)
    d = u.shape[-1]
    nu2 = jax.numpy.sum(u * u, axis=-1)
    nv2 = jax.numpy.sum(v * v, axis=-1)
    dot = jax.numpy.sum(u * v, axis=-1)
    w2 = jax.numpy.maximum(nu2 * nv2 - dot * dot, 0.0)
    safe = jax.numpy.where(nu2 == 0, 1.0, nu2)
    cheap_vperp = v - (dot / safe)[..., None] * u
    dh, dl = _dot2(u, v)
    nh, nl = _dot2(u, u)
    nh_safe = jax.numpy.where(nh == 0, 1.0, nh)
    ah = dh / nh_safe
    p, e = _two_product(ah, nh)
    al = (((dh - p) - e) + dl - ah * nl) / nh_safe
    ph, pl = _two_product(ah[..., None], u)
    exact_vperp = ((v - ph) - pl) - al[..., None] * u
    redo = (w2 < (4 * d + 4) * _UNIT_ROUNDOFF / WEDGE_BUDGET * (nu2 * nv2)) & (nu2 > 0)
    vperp = jax.numpy.where(redo[..., None], exact_vperp, cheap_vperp)
    wedge = jax.numpy.where(
        redo, jax.numpy.sqrt(nu2) * jax.numpy.sqrt(jax.numpy.sum(exact_vperp**2, axis=-1)),
        jax.numpy.sqrt(w2))
    return nu2, dot, wedge, vperp


def _pair_angle(u, v):
    _, dot, wedge, _ = _pair_geometry(u, v)
    return jax.numpy.arctan2(wedge, dot)[..., None]


def _supplement(u, v):
    _, dot, wedge, _ = _pair_geometry(u, v)
    return jax.numpy.arctan2(wedge, -dot)[..., None]


def _reject(v, u):
    return _pair_geometry(u, v)[3]
# -- end of printed helpers ---------------------------------------------------------------------

"""Compile the derivations into ``numeric/_generated.py``.

The generated module is the derivation cache: ``numeric`` imports it without importing SymPy
(so ``import numeric`` stays well under a second), and ``tests/test_codegen.py`` regenerates it
and fails if the committed file is stale. Regenerate with ``python -m symbolic.codegen``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import sympy as sp

from . import _derive as D, _series
from ._catalogue import compiled
from ._primitives import Norm, Positive, Reject, Supplement, Unit
from ._printer import (
    SCALAR_J_NAME,
    ReluflowSeriesScalarPrinter,
    helper_source,
    jax_source,
    scalar_source,
)

TARGET = Path(__file__).resolve().parent.parent / "numeric" / "_generated.py"
JAX_TARGET = TARGET.with_name("_generated_jax.py")


def render() -> str:
    """The full text of ``numeric/_generated.py``."""
    parts = []
    names = []
    for d in compiled():
        src = d.function_source().rstrip() + "\n"
        doc = d.description.replace('"""', "'''")
        head, _, body = src.partition("\n")
        parts.append(f'{head}\n    """{doc}"""\n{body}')
        names.append(d.compiled_name)
    body = "\n\n".join(parts)
    digest = hashlib.sha256((body + scalar_forms()).encode()).hexdigest()[:16]
    header = (
        '"""Kernels compiled from symbolic/ by ``python -m symbolic.codegen``. Do not edit.\n\n'
        "Each function is the lambdify output (printer: symbolic._printer.ReluflowPrinter, with\n"
        "common-subexpression elimination) of the derivation of the same name; vectors lie on\n"
        "the last axis and reductions keep it with length 1 so that scalars broadcast.\n"
        f"SymPy {sp.__version__}; content hash {digest}.\n"
        '"""\n\n'
        "# ruff: noqa\n"
        "import math\n\n"
        "import numpy\n\n"
        f"__all__ = {names!r}\n\n\n"
        f"{helper_source()}\n\n"
    )
    scalar = ("\n\n# -- per-pair scalar forms (numeric/_fast.py compiles them with numba) "
              + "-" * 24 + "\n\n\n" + scalar_forms())
    return header + body + scalar


def scalar_forms() -> str:
    """Per-pair scalar forms of the kernel and the cross moment, in the invariants (‖u‖, ‖v‖, δ):
    what the fused loops of numeric/_fast.py evaluate once they have those invariants."""
    ru, rv, delta = sp.symbols("r_u r_v delta", nonnegative=True)
    pair = {Norm(D.u_vec): ru, Norm(D.v_vec): rv, Supplement(D.u_vec, D.v_vec): delta}
    kernel = D.vector_kernel().subs(pair)
    # m = 1{‖u‖ > 0}(a Unit(u) + b Reject(v, u)); the loop applies the indicator and forms
    # Unit(u) = u/‖u‖ itself, so the scalar form returns (a/‖u‖, b).
    m = D.vector_cross_moment()
    inner = sp.expand(sp.Mul(*[f for f in m.args if not isinstance(f, Positive)]))
    a = sp.simplify(inner.coeff(Unit(D.u_vec)).subs(pair)) / ru
    b = sp.simplify(inner.coeff(Reject(D.v_vec, D.u_vec)).subs(pair))
    # Where J is not summed as a series (δ ≥ SERIES_BELOW) its sine and cosine are the pair's
    # own invariants, sin δ = ‖u∧v‖/(‖u‖‖v‖) and cos δ = −u·v/(‖u‖‖v‖): no trigonometric call
    # (and at most the cancellation factor 4.6 of J's direct form on ‖u∧v‖ and u·v).
    wedge, dot = sp.symbols("wedge dot", real=True)
    trig = {sp.sin(delta): wedge / (ru * rv), sp.cos(delta): -dot / (ru * rv)}
    kernel_w = sp.simplify(kernel.rewrite(sp.sin).subs(trig))
    a_w = sp.simplify(a.rewrite(sp.sin).subs(trig) * ru**2)  # a·‖u‖²: free of ‖v‖ as well
    if kernel_w.free_symbols - {wedge, dot, delta} or a_w.free_symbols - {wedge, dot, delta}:
        raise AssertionError(f"the wedge forms depend on more than (wedge, dot, δ): {kernel_w}")
    j_src = _series.helper_source("math").replace(f"def {_series.HELPER_NAME}(",
                                                  f"def {SCALAR_J_NAME}(")
    return "\n\n".join([
        j_src,
        _series.helper_source("series").replace(f"def {_series.HELPER_NAME}_series(",
                                                 f"def {SCALAR_J_NAME}_series("),
        scalar_source(kernel, (ru, rv, delta), "pair_kernel_scalar"),
        scalar_source(kernel, (ru, rv, delta), "pair_kernel_series_scalar",
                      ReluflowSeriesScalarPrinter),
        scalar_source((a, b), (ru, rv, delta), "pair_cross_moment_scalar"),
        scalar_source(kernel_w, (wedge, dot, delta), "pair_kernel_wedge_scalar"),
        scalar_source((a_w, b), (wedge, dot, delta), "pair_cross_moment_wedge_scalar"),
    ]) + f"\n\nSERIES_BELOW = {_series.SERIES_BELOW}\n"


def render_jax() -> str:
    """The full text of ``numeric/_generated_jax.py``: the same derivations printed for
    ``jax.numpy`` (ReluflowJaxPrinter) with the branch-free helpers."""
    from . import _pair_helpers

    parts, names = [], []
    for d in compiled():
        expr = sp.Tuple(*d.expr) if isinstance(d.expr, tuple) else d.expr
        src = jax_source(D.expand_vector_nodes(expr), d.args, d.compiled_name)
        doc = d.description.replace('"""', "'''")
        head, _, body = src.partition("\n")
        parts.append(f'{head}\n    """{doc}"""\n{body}')
        names.append(d.compiled_name)
    body = "\n\n".join(parts)
    helpers = _pair_helpers.jax_source() + "\n\n" + _series.helper_source("jax.numpy")
    digest = hashlib.sha256((helpers + body).encode()).hexdigest()[:16]
    return (
        '"""Kernels compiled from symbolic/ for JAX by ``python -m symbolic.codegen``. Do not '
        'edit.\n\nThe derivations of numeric/_generated.py printed by '
        "symbolic._printer.ReluflowJaxPrinter\n(jax.numpy, float64: enable jax_enable_x64). "
        f"SymPy {sp.__version__}; content hash {digest}.\n"
        '"""\n\n# ruff: noqa\nimport jax.numpy\n\n'
        f"__all__ = {names!r}\n\n\n{helpers}\n\n{body}"
    )


def write(path: Path = TARGET, jax_path: Path = JAX_TARGET) -> Path:
    path.write_text(render())
    jax_path.write_text(render_jax())
    return path


if __name__ == "__main__":
    print(f"wrote {write()}")

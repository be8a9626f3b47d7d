"""The reluflow code printer: a ``NumPyPrinter`` subclass for batched float64 kernels.

Why a subclass rather than string edits: SymPy's stock printer emits ``numpy.amax`` for ``Max``
and ``numpy.select(..., default=nan)`` for ``Piecewise``, so a missing branch silently becomes
NaN, and ``acos`` angles give NaN gradients at aligned neurons. Here ReLU is ``numpy.maximum``,
angles are the stable atan2 form, ``Piecewise`` and ``acos`` are refused outright.
"""

from __future__ import annotations

from sympy.logic.boolalg import true as sympy_true
from sympy.printing.numpy import (
    NumPyPrinter,
    _jax_known_constants,
    _jax_known_functions,
    _print_known_const,
    _print_known_func,
)
from sympy.printing.pycode import PythonCodePrinter

NORM_HELPER_NAME = "_vector_norm"
# einsum avoids the temporary x*x that linalg.norm allocates (~5x faster on (1e5, 10) arrays,
# benchmarks/bench_kernels.py); [..., None] keeps the vector axis so scalars broadcast.
NORM_HELPER_SOURCE = f"""def {NORM_HELPER_NAME}(x):
    return numpy.sqrt(numpy.einsum("...i,...i->...", x, x))[..., None]
"""


def _vector_norm(x):
    import numpy

    return numpy.sqrt(numpy.einsum("...i,...i->...", x, x))[..., None]


def helper_namespace() -> dict:
    """The helpers printed code calls, by name: the vector norm, the pair geometry and J(δ)."""
    import builtins

    import numpy

    from . import _pair_helpers, _series

    ns: dict = {"numpy": numpy, "builtins": builtins}
    exec(_series.helper_source("numpy"), ns)  # noqa: S102 - our own generated source
    out = {NORM_HELPER_NAME: _vector_norm, _series.HELPER_NAME: ns[_series.HELPER_NAME],
           "builtins": builtins}
    out.update({f.__name__: f for f in _pair_helpers.HELPERS})
    return out


def helper_source() -> str:
    """The same helpers as source text, for a module that must run on its own."""
    from . import _pair_helpers, _series

    return "\n\n".join([NORM_HELPER_SOURCE, _pair_helpers.source(), _series.helper_source("numpy")])


def lambdify(args, expr):
    """``sympy.lambdify`` with the reluflow printer and the names its output needs (numpy)."""
    return compile_expr(expr, args, "numpy")


class ReluflowPrinter(NumPyPrinter):
    """Prints reluflow's vector nodes as batched numpy over leading axes (vectors on axis -1)."""

    printmethod = "_reluflow_numpy"

    def __init__(self, settings=None):
        settings = dict(settings or {})
        settings.setdefault("fully_qualified_modules", True)
        super().__init__(settings)

    def _norm(self, arg) -> str:
        return self._norm_text(self._print(arg))


    def _norm_text(self, x: str) -> str:
        # A call, so the argument is evaluated once; see NORM_HELPER for why einsum.
        return f"{NORM_HELPER_NAME}({x})"

    def _print_Norm(self, expr) -> str:
        return self._norm(expr.args[0])

    def _print_Unit(self, expr) -> str:
        u = self._print(expr.args[0])
        n = self._norm(expr.args[0])
        # Unit(0) = 0: divide by 1 where the norm vanishes (the numerator is 0 there).
        return f"({u}/{self._module}.where({n} == 0, 1.0, {n}))"

    def _print_NonzeroOr1(self, expr) -> str:
        x = self._print(expr.args[0])
        return f"{self._module}.where({x} == 0, 1.0, {x})"

    def _print_Angle(self, expr) -> str:
        u, v = (self._print(a) for a in expr.args)
        return f"_pair_angle({u}, {v})"

    def _print_Supplement(self, expr) -> str:
        u, v = (self._print(a) for a in expr.args)
        return f"_supplement({u}, {v})"

    def _print_Reject(self, expr) -> str:
        v, u = (self._print(a) for a in expr.args)
        return f"_reject({v}, {u})"

    def _print_SinMinusXCos(self, expr) -> str:
        return f"_sin_minus_x_cos({self._print(expr.args[0])})"

    def _print_relu(self, expr) -> str:
        return f"{self._module}.maximum({self._print(expr.args[0])}, 0.0)"

    def _print_Positive(self, expr) -> str:
        m = self._module
        return f"{m}.greater({self._print(expr.args[0])}, 0.0).astype({m}.float64)"

    def _print_Piecewise(self, expr) -> str:
        # Only a complete Piecewise (last condition True) is printed, as nested where: the
        # stock numpy.select(..., default=nan) turns a missing branch into a silent NaN.
        if expr.args[-1].cond is not sympy_true:
            raise NotImplementedError(
                "reluflow refuses to print a Piecewise without a final (expr, True) branch: "
                "numpy.select's NaN default would hide the missing branch"
            )
        out = self._print(expr.args[-1].expr)
        for e, c in reversed(expr.args[:-1]):
            out = f"{self._module}.where({self._print(c)}, {self._print(e)}, {out})"
        return out

    def _print_acos(self, expr) -> str:
        raise NotImplementedError(
            "reluflow refuses to print acos: it loses ~1e-8 and gives NaN gradients at "
            "theta -> 0; use Angle(u, v) or atan2"
        )

    def _print_Max(self, expr) -> str:
        args = [self._print(a) for a in expr.args]
        out = args[0]
        for a in args[1:]:
            out = f"{self._module}.maximum({out}, {a})"
        return out

    def _print_Min(self, expr) -> str:
        args = [self._print(a) for a in expr.args]
        out = args[0]
        for a in args[1:]:
            out = f"{self._module}.minimum({out}, {a})"
        return out


def python_source(expr, args, name: str) -> str:
    """Python source of a batched numpy function ``name(*args)`` computing ``expr`` (with CSE,
    except around sums: SymPy's CSE would hoist terms out of a sum past its bound index)."""
    import inspect

    import sympy as sp

    f = sp.lambdify(args, expr, modules="numpy", printer=ReluflowPrinter,
                    cse=not _has_sum(expr), dummify=False)
    src = inspect.getsource(f)
    head, _, body = src.partition("\n")
    arglist = ", ".join(str(a) for a in args)
    return f"def {name}({arglist}):\n{body}"


def _is_vector(arg) -> bool:
    # reluflow's convention: vector arguments are plain Symbols without assumptions (u, v,
    # w1, …); scalars are declared real, positive or integer.
    import sympy as sp

    return isinstance(arg, sp.Symbol) and arg.is_real is None


def _example_inputs(args, params: dict) -> list[str]:
    """Source lines binding each argument to an example value (for the ``__main__`` block)."""
    import sympy as sp

    def size(key: str) -> int:
        value = params.get(key, 2)
        return int(value) if isinstance(value, (int, sp.Integer)) else 2

    rows = {"W": size("K"), "a": size("K"), "V": size("M"), "b": size("M")}
    lines = ["rng = numpy.random.default_rng(numpy.random.SeedSequence(0))", "d = 3"]
    for arg in args:
        name = str(arg)
        if isinstance(arg, sp.IndexedBase):
            shape = f"({rows.get(name, 2)}, d)" if name in ("W", "V") else f"({rows.get(name, 2)},)"
            lines.append(f"{name} = rng.standard_normal({shape})")
        elif _is_vector(arg):
            lines.append(f"{name} = rng.standard_normal(d)")
        elif arg.is_integer:
            lines.append(f"{name} = {0 if name == 'j' else 2}")
        else:
            lines.append(f"{name} = 0.7")
    return lines


_MODULE_HEAD = '''"""{doc}

Printed by reluflow from symbolic.derive({call}): numpy only. Vectors lie on the last axis;
scalar results keep it with length 1, so that they broadcast.
"""

import builtins  # noqa: F401 - printed sums call builtins.sum
import math  # noqa: F401

import numpy


'''


def module_source(expr, args, name: str, *, title: str, params: dict | None = None) -> str:
    """A Python module that runs on its own: ``import numpy``, the helpers the printed code
    calls (vector norm, accurate pair geometry, J(δ)), the function ``name(*args)`` and a
    ``__main__`` block that evaluates it on example inputs and prints the result."""
    params = params or {}
    setting = "".join(f", {k}={v!r}" for k, v in params.items())
    head = _MODULE_HEAD.format(doc=title.replace('"""', "'"), call=f"{name!r}{setting}")
    body = python_source(expr, args, name)
    call = ", ".join(str(a) for a in args)
    main = "\n".join(f"    {line}" for line in _example_inputs(args, params))
    return (head + helper_source() + "\n\n" + body + '\n\nif __name__ == "__main__":\n'
            + main + f"\n    print({name}({call}))\n")


def _has_sum(expr) -> bool:
    import sympy as sp

    return bool(getattr(expr, "has", lambda *_: False)(sp.Sum))


def compile_expr(expr, args, backend: str = "numpy"):
    """``expr`` as a function of ``args`` through the reluflow printer: ``numpy`` (helpers as
    in :func:`helper_namespace`) or ``jax`` (the branch-free helpers of
    numeric/_generated_jax.py; needs the ``gpu`` extra)."""
    import sympy as sp

    if backend == "numpy":
        return sp.lambdify(args, expr, modules=[helper_namespace(), "numpy"],
                           printer=ReluflowPrinter, cse=not _has_sum(expr))
    if backend == "jax":
        import builtins

        from numeric import jax_backend  # enables float64

        ns = jax_backend.helper_namespace()
        ns["builtins"] = builtins
        return sp.lambdify(args, expr, modules=[ns, "jax"], printer=ReluflowJaxPrinter,
                           cse=not _has_sum(expr))
    raise ValueError(f"backend must be 'numpy' or 'jax', got {backend!r}")


class ReluflowScalarPrinter(PythonCodePrinter):
    """The same nodes retargeted to one scalar with ``math``: for per-pair loops (numba).

    Only scalar invariants of a pair may appear (norms, δ); the loop that calls the printed
    function computes them (numeric/_fast.py) with the same accurate-wedge rule as the numpy
    helpers.
    """

    printmethod = "_reluflow_scalar"

    def __init__(self, settings=None):
        settings = dict(settings or {})
        settings.setdefault("fully_qualified_modules", True)
        super().__init__(settings)

    def _print_SinMinusXCos(self, expr) -> str:
        return f"{SCALAR_J_NAME}({self._print(expr.args[0])})"

    def _print_Piecewise(self, expr) -> str:
        raise NotImplementedError("the scalar forms take no Piecewise: write the branch in the "
                                  "loop that calls them")

    def _print_acos(self, expr) -> str:
        return ReluflowPrinter._print_acos(self, expr)


SCALAR_J_NAME = "_sin_minus_x_cos_scalar"


class ReluflowSeriesScalarPrinter(ReluflowScalarPrinter):
    """:class:`ReluflowScalarPrinter` with J(δ) as its series alone (valid for δ < 1): a form
    without branches or calls, for loops that select between forms per pair."""

    def _print_SinMinusXCos(self, expr) -> str:
        return f"{SCALAR_J_NAME}_series({self._print(expr.args[0])})"


def scalar_source(exprs, args, name: str, printer=ReluflowScalarPrinter) -> str:
    """Source of a scalar function ``name(*args)`` returning ``exprs`` (a tuple when several),
    printed with ``printer`` after common-subexpression elimination."""
    import sympy as sp

    exprs = tuple(exprs) if isinstance(exprs, (tuple, list)) else (exprs,)
    subs, reduced = sp.cse(list(exprs), symbols=sp.numbered_symbols("x"))
    p = printer()
    lines = [f"def {name}({', '.join(str(a) for a in args)}):"]
    lines += [f"    {s} = {p.doprint(e)}" for s, e in subs]
    out = ", ".join(p.doprint(e) for e in reduced)
    lines.append(f"    return {out}" if len(reduced) > 1 else f"    return {out}")
    return "\n".join(lines) + "\n"


class ReluflowJaxPrinter(ReluflowPrinter):
    """:class:`ReluflowPrinter` retargeted to ``jax.numpy`` (SymPy's module mechanism, as its
    own ``JaxPrinter``): the same expressions and helper calls; the helpers of a JAX module are
    the branch-free versions in ``symbolic/_pair_helpers_jax.py``."""

    _module = "jax.numpy"
    _kf = _jax_known_functions
    _kc = _jax_known_constants
    printmethod = "_reluflow_jax"


for _f in _jax_known_functions:
    setattr(ReluflowJaxPrinter, f"_print_{_f}", _print_known_func)
for _c in _jax_known_constants:
    setattr(ReluflowJaxPrinter, f"_print_{_c}", _print_known_const)


def jax_source(expr, args, name: str) -> str:
    """Python source of ``name(*args)`` computing ``expr`` with ``jax.numpy`` (with CSE)."""
    import sympy as sp

    subs, reduced = sp.cse([expr], symbols=sp.numbered_symbols("x"))
    p = ReluflowJaxPrinter()
    lines = [f"def {name}({', '.join(str(a) for a in args)}):"]
    lines += [f"    {s} = {p.doprint(e)}" for s, e in subs]
    lines.append(f"    return {p.doprint(reduced[0])}")
    return "\n".join(lines) + "\n"

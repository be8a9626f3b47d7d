"""Named derivations: each printable as LaTeX, a self-contained Python module and SymPy srepr,
and compilable into a batched numpy (or JAX) function through the reluflow printer.

``derive(name, **params)`` builds one (cached per parameters); ``register`` adds a user's own;
``available``/``describe``/``parameters`` list them without deriving anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import sympy as sp

from . import _activations as _A, _derive as D, _gaussian as _G, _teacher_student as _TS
from ._activations import z as _z
from ._primitives import Angle
from ._printer import module_source, python_source


@dataclass(frozen=True)
class Derivation:
    """A derived closed form. ``outputs`` name the components of a tuple-valued expression.

    ``functions`` maps undefined functions in ``expr`` (such as the pair kernel k in a loss
    written as sums of k(w_j, w_k)) to the closed forms they stand for, as SymPy Lambdas; the
    LaTeX shows both, printing and compiling substitute them. ``params`` are the parameters
    the derivation was built with (``derive(name, **params)``).
    """

    name: str
    description: str
    expr: sp.Expr | tuple
    args: tuple
    outputs: tuple[str, ...] = ()
    compiled_name: str | None = None  # the function in numeric._generated built from it
    functions: tuple[tuple[Any, Any], ...] = ()
    params: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        # Descriptions come from builders' (wrapped) docstrings: keep them on one line.
        object.__setattr__(self, "description", " ".join(self.description.split()))

    # -- the expression -------------------------------------------------------------------------
    def _as_one(self, expr=None):
        expr = self.expr if expr is None else expr
        return sp.Tuple(*expr) if isinstance(expr, tuple) else expr

    def concrete(self) -> sp.Expr:
        """The expression with every function of ``functions`` replaced by its closed form."""
        expr = self._as_one()
        for fn, lam in self.functions:
            expr = expr.replace(fn, lam)
        return D.expand_vector_nodes(expr)

    @property
    def function_name(self) -> str:
        return self.compiled_name or self.name

    def subs(self, values: Mapping[str, Any]) -> Derivation:
        """The derivation with symbols (by name) replaced by numbers or expressions; unknown
        names raise ``ValueError`` listing the symbols there are."""
        known = {str(s): s for s in self._as_one().free_symbols | set(_flat_args(self.args))
                 if isinstance(s, sp.Symbol)}
        for _, lam in self.functions:
            known |= {str(s): s for s in lam.free_symbols if isinstance(s, sp.Symbol)}
        mapping = {}
        for key, value in values.items():
            if key not in known:
                raise ValueError(f"{self.name!r} has no symbol {key!r}; its symbols are "
                                 f"{', '.join(sorted(known)) or 'none'}")
            mapping[known[key]] = sp.sympify(value, rational=isinstance(value, str))
        expr = self.expr
        if isinstance(expr, tuple):
            expr = tuple(e.subs(mapping) for e in expr)
        else:
            expr = expr.subs(mapping)
        funcs = tuple((fn, lam.subs(mapping)) for fn, lam in self.functions)
        args = tuple(a for a in self.args if a not in mapping)
        params = self.params + tuple((str(k), v) for k, v in mapping.items())
        return replace(self, expr=expr, args=args, functions=funcs, params=params,
                       compiled_name=None if mapping else self.compiled_name)

    # -- output formats -------------------------------------------------------------------------
    def latex(self) -> str:
        if isinstance(self.expr, tuple):
            pairs = zip(self.outputs, self.expr, strict=True)
            rows = [rf"{lhs} &= {sp.latex(e)}" for lhs, e in pairs]
        else:
            lhs = self.outputs[0] if self.outputs else self.name
            rows = [rf"{lhs} &= {sp.latex(self.expr)}"]
        for fn, lam in self.functions:
            call = sp.latex(fn(*lam.variables))
            rows.append(rf"{call} &= {sp.latex(lam.expr)}")
        if len(rows) == 1:
            return rows[0].replace(" &= ", " = ", 1)
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"

    def function_source(self) -> str:
        """The printed ``def`` alone (what numeric/_generated.py collects)."""
        return python_source(self.concrete(), self.args, self.function_name)

    def python(self) -> str:
        """A self-contained Python module: imports, the helpers the printed code calls, the
        function, and a ``__main__`` block that evaluates it on example inputs."""
        return module_source(self.concrete(), self.args, self.function_name,
                             title=f"{self.name}: {self.description}", params=dict(self.params))

    def sympy(self) -> str:
        return sp.srepr(self._as_one())

    def compile(self, backend: str = "numpy") -> Callable:
        """The derivation as a batched function of ``args`` (vectors on the last axis),
        printed by the reluflow printer for ``numpy`` or ``jax``."""
        from ._printer import compile_expr

        return compile_expr(self.concrete(), self.args, backend)


def _flat_args(args) -> list:
    out = []
    for arg in args:
        out.extend(_flat_args(arg) if isinstance(arg, (tuple, list)) else [arg])
    return out


def _d_angle() -> Derivation:
    """θ(u, v) = atan2(‖u∧v‖, u·v), the wedge accurate relatively at every angle (θ → 0 and π)."""
    return Derivation(
        "angle",
        _d_angle.__doc__,
        Angle(D.u_vec, D.v_vec), (D.u_vec, D.v_vec), (r"\theta(u, v)",), "pair_angle",
    )


def _d_kernel() -> Derivation:
    """Arc-cosine kernel k(u,v) = E[σ(u·x)σ(v·x)], x ~ N(0, I_d): the plane form at θ = π − δ,
    ‖u‖‖v‖(sin δ − δ cos δ)/2π, with δ computed directly (no cancellation as θ → π).
    """
    return Derivation(
        "relu_kernel",
        _d_kernel.__doc__,
        D.vector_kernel(), (D.u_vec, D.v_vec), (r"k(u, v)",), "pair_kernel",
    )


def _d_kernel_plane() -> Derivation:
    """Arc-cosine kernel in the plane of (u, v): polar coordinates, kinks at θ − π/2 and π/2,
    radial moment ∫ρ³e^{−ρ²/2}dρ = 2 exact.
    """
    return Derivation(
        "relu_kernel_plane",
        _d_kernel_plane.__doc__,
        D.plane_kernel(), (D.r_u, D.r_v, D.theta), (r"k(\|u\|, \|v\|, \theta)",),
        "plane_kernel",
    )


def _d_cross() -> Derivation:
    """E[1{u·x>0} x σ(v·x)] = (‖v‖ sin θ/2π) û + ((π − θ)/2π) v (Tian's F), zero for u = 0;
    regrouped as (‖v‖(sin δ − δ cos δ)/2π) û + (δ/2π) v⊥ with δ = π − θ, v⊥ ⟂ u.
    """
    return Derivation(
        "cross_moment",
        _d_cross.__doc__,
        D.vector_cross_moment(), (D.u_vec, D.v_vec), (r"m(u, v)",), "pair_cross_moment",
    )


def _d_cross_plane() -> Derivation:
    """In-plane components of E[1{u·x>0} x σ(v·x)]: along û and along the in-plane normal."""
    along, normal = D.plane_cross_moment()
    return Derivation(
        "cross_moment_plane",
        _d_cross_plane.__doc__,
        (along, normal), (D.r_v, D.theta), ("m_{\\parallel}", "m_{\\perp}"), "plane_cross_moment",
    )


def _d_self() -> Derivation:
    """E[1{u·x>0} x σ(u·x)] = c·u, the θ = 0 case of the cross moment (c = 1/2)."""
    return Derivation(
        "self_moment",
        _d_self.__doc__,
        D.self_moment_coefficient(), (), ("c",), None,
    )


def _size(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        try:
            value = int(value) if isinstance(value, str) else value
        except ValueError:
            value = None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer (the expansion is explicit; "
                             "teacher_student_* take symbolic sizes)")
    return value


def _relu_pair_functions() -> tuple:
    u, v = D.u_vec, D.v_vec
    return ((sp.Function("k"), sp.Lambda((u, v), D.vector_kernel())),
            (sp.Function("m"), sp.Lambda((u, v), D.vector_cross_moment())))


def _d_loss(K: Any = 2, M: Any = 2) -> Derivation:
    """J = ½κ E[(Σ_j σ(w_j·x) − Σ_m σ(v_m·x))²] expanded into pair kernels k(·,·) for K
    students and M teachers (ReLU; second layers fixed to 1; the numeric kernel sums all pairs).
    """
    K, M = _size("K", K), _size("M", M)
    W, V = sp.symbols(f"w1:{K + 1}"), sp.symbols(f"v1:{M + 1}")
    return Derivation(
        "population_loss",
        _d_loss.__doc__,
        D.population_loss_expansion(K, M), (*W, *V, D.kappa), ("J",), None,
        functions=_relu_pair_functions()[:1],
    )


def _d_grad(K: Any = 2, M: Any = 2) -> Derivation:
    """∂J/∂w_1 as cross moments m(w_1, ·) = E[1{w_1·x>0} x σ(·)] for K students and M
    teachers (ReLU); m(w, w) = w/2.
    """
    K, M = _size("K", K), _size("M", M)
    W, V = sp.symbols(f"w1:{K + 1}"), sp.symbols(f"v1:{M + 1}")
    return Derivation(
        "population_gradient",
        _d_grad.__doc__,
        D.population_gradient_expansion(K, M, 1), (*W, *V, D.kappa),
        (r"\partial J/\partial w_1",), None, functions=_relu_pair_functions()[1:],
    )


def _d_single() -> Derivation:
    """One neuron, teacher norm 1: ṙ = −∂J/∂r, φ̇ = r⁻²∂J/∂θ (φ = π − θ)."""
    return Derivation(
        "single_neuron_ode",
        _d_single.__doc__,
        D.single_neuron_rhs(), (D.r, D.phi, D.kappa), (r"\dot r", r"\dot\phi"),
        "single_neuron_rhs",
    )


def _d_deep() -> Derivation:
    """Balanced depth-L chain f = (∏a_k)σ(w·x), a_k = ‖w‖: (ṙ, φ̇) with κ."""
    return Derivation(
        "deep_chain_ode",
        _d_deep.__doc__,
        D.deep_chain_rhs(), (D.r, D.phi, D.depth, D.kappa), (r"\dot r", r"\dot\phi"),
        "deep_chain_rhs",
    )


def _d_deep_log() -> Derivation:
    """The balanced depth-L chain in the integrator's variables (ln r, z = ln tan(θ/2)):
    d ln r/dt = κ r^{L−2}(J(φ) − π r^L)/2π, dz/dt = −κ r^{L−2} φ/2π, J(φ) = sin φ − φ cos φ.
    """
    return Derivation(
        "deep_chain_log_ode",
        _d_deep_log.__doc__,
        D.deep_chain_log_rhs(), (D.log_r, D.phi, D.depth, D.kappa),
        (r"\frac{d\ln r}{dt}", r"\dot z"), "deep_chain_log_rhs",
    )


def _d_deep_loss() -> Derivation:
    """Population loss of the balanced depth-L chain in (r, φ)."""
    J = D.deep_chain_loss().subs(sp.Symbol("P", positive=True), D.r ** (D.depth - 1))
    J = sp.simplify(J.subs(D.theta, sp.pi - D.phi))
    return Derivation(
        "deep_chain_loss",
        _d_deep_loss.__doc__,
        J, (D.r, D.phi, D.depth, D.kappa), ("J",), "deep_chain_loss",
    )


def _d_tian() -> Derivation:
    """Tian's symmetric family w_j = x e_j + y Σ_{k≠j} e_k, orthonormal teacher: (ẋ, ẏ) projected
    from the K-node gradient.
    """
    return Derivation(
        "tian_symmetric_ode",
        _d_tian.__doc__,
        D.tian_symmetric_rhs(), (D.x_sym, D.y_sym, D.K_sym), (r"\dot x", r"\dot y"),
        "tian_symmetric_rhs",
    )


def _d_pair_second_moment() -> Derivation:
    """A(u, v) = ∂m(u, v)/∂v = E[1{u·x>0}1{v·x>0} x xᵀ] in the (û, n, ⊥) frame (Hessian)."""
    from ._hessian import d_pair_second_moment

    return d_pair_second_moment()


def _d_cross_moment_du() -> Derivation:
    """B(u, v) = ∂m(u, v)/∂u, the gating-direction Jacobian of the cross moment (Hessian)."""
    from ._hessian import d_cross_moment_du

    return d_cross_moment_du()


# --- derivations with parameters: any activation, any K and M ------------------------------

def _relu(act) -> bool:
    return act.kind == "piecewise" and act.negative == 0 and act.positive == _z


def _acts(activation, psi):
    """(φ, ψ): the activations on u·x and on v·x (ψ = φ unless ``psi`` is given)."""
    act = _A.activation(activation)
    return act, (act if psi is None else _A.activation(psi))


def _data_factor(act, data: str, moment: bool = False, psi=None):
    if data == "gaussian":
        return sp.S.One
    if data == "sphere":
        return _G.sphere_factor(act, psi, moment=moment)
    raise ValueError(f"data must be 'gaussian' or 'sphere', got {data!r}")


def _d_kernel_any(activation: Any = "relu", data: str = "gaussian", psi: Any = None
                  ) -> Derivation:
    """k(u, v) = E[φ(u·x)φ(v·x)], x ~ N(0, I_d) (``data="sphere"``: uniform on the sphere of
    radius √(κd), exact for homogeneous φ), for the activation φ (``activation=``: relu,
    leaky_relu:α, relu_power:p, abs, step, linear, erf, piecewise:P₋;P₊); ReLU in its δ = π − θ
    form (relatively accurate as θ → π)."""
    act, act2 = _acts(activation, psi)
    same_relu = _relu(act) and act2 == act
    expr = D.vector_kernel() if same_relu else _G.kernel_vector(act, act2)
    factor = _data_factor(act, data, psi=act2)
    args = (D.u_vec, D.v_vec) + ((_G.dim, _G.kappa_data) if data == "sphere" else ())
    return Derivation("kernel", _d_kernel_any.__doc__, factor * expr, args,
                      (rf"k_{{{act.name}}}(u, v)",))


def _d_kernel_plane_any(activation: Any = "relu", data: str = "gaussian", psi: Any = None
                        ) -> Derivation:
    """k(‖u‖, ‖v‖, θ) = E[φ(u·x)φ(v·x)] in the plane of (u, v): four arcs between the kink
    angles, exact radial moments 2^{n/2}Γ(n/2 + 1) (erf: the arcsine kernel)."""
    act, act2 = _acts(activation, psi)
    factor = _data_factor(act, data, psi=act2)
    args = (_G.r_u, _G.r_v, _G.theta) + ((_G.dim, _G.kappa_data) if data == "sphere" else ())
    return Derivation("kernel_plane", _d_kernel_plane_any.__doc__,
                      factor * _G.kernel_plane(act, act2), args,
                      (rf"k_{{{act.name}}}(\|u\|, \|v\|, \theta)",))


def _d_cross_any(activation: Any = "relu", data: str = "gaussian", psi: Any = None
                 ) -> Derivation:
    """m(u, v) = E[φ'(u·x) x φ(v·x)] = A û + C v⊥ (φ' almost everywhere; at u = 0 the
    minimal-norm φ'(0)); for ReLU on Gaussian data the compiled δ-form of Tian's F."""
    act, act2 = _acts(activation, psi)
    same_relu = _relu(act) and act2 == act
    if same_relu and data == "gaussian":
        return _d_cross()
    expr = D.vector_cross_moment() if same_relu else _G.cross_moment_vector(act, act2)
    args = (D.u_vec, D.v_vec) + ((_G.dim, _G.kappa_data) if data == "sphere" else ())
    return Derivation("cross_moment", _d_cross_any.__doc__,
                      _data_factor(act, data, True, psi=act2) * expr, args,
                      (rf"m_{{{act.name}}}(u, v)",))


def _d_cross_plane_any(activation: Any = "relu", data: str = "gaussian", psi: Any = None
                       ) -> Derivation:
    """(A, B): E[φ'(u·x) x φ(v·x)] = A û + B n̂ in the plane of (u, v), n̂ ⟂ û towards v."""
    act, act2 = _acts(activation, psi)
    if _relu(act) and act2 == act and data == "gaussian":
        return _d_cross_plane()
    A, B = _G.cross_moment_plane(act, act2)
    f = _data_factor(act, data, True, psi=act2)
    args = (_G.r_u, _G.r_v, _G.theta) + ((_G.dim, _G.kappa_data) if data == "sphere" else ())
    return Derivation("cross_moment_plane", _d_cross_plane_any.__doc__, (f * A, f * B), args,
                      ("m_{\\hat u}", "m_{\\hat n}"))


def _pair_functions(act) -> tuple:
    u, v = D.u_vec, D.v_vec
    kernel = D.vector_kernel() if _relu(act) else _G.kernel_vector(act)
    out = [(_TS.kernel_fn, sp.Lambda((u, v), kernel))]
    if act.continuous:
        moment = D.vector_cross_moment() if _relu(act) else _G.cross_moment_vector(act)
        out.append((_TS.moment_fn, sp.Lambda((u, v), moment)))
    return tuple(out)


def _ts_args(problem, *extra) -> tuple:
    return (_TS.W, _TS.a, _TS.V, _TS.b, *extra, *problem.sizes(), _TS.kappa)


def _d_ts_loss(activation: Any = "relu", K: Any = "K", M: Any = "M") -> Derivation:
    """Teacher–student loss with trained second layers: J = ½κE[(Σ_j a_j φ(w_j·x) −
    Σ_m b_m φ(v_m·x))²] as double sums of pair kernels; K, M numbers or symbols."""
    problem = _TS.StudentTeacher(activation, K, M)
    return Derivation("teacher_student_loss", _d_ts_loss.__doc__, _TS.loss(problem),
                      _ts_args(problem), ("J",),
                      functions=_pair_functions(problem.activation)[:1])


def _d_ts_gradient(activation: Any = "relu", K: Any = "K", M: Any = "M") -> Derivation:
    """(∂J/∂w_j, ∂J/∂a_j) of the teacher–student loss for the student j: κa_j[Σ_k a_k m(w_j, w_k)
    − Σ_m b_m m(w_j, v_m)] and κ[Σ_k a_k k(w_j, w_k) − Σ_m b_m k(w_j, v_m)] (continuous φ)."""
    problem = _TS.StudentTeacher(activation, K, M)
    return Derivation("teacher_student_gradient", _d_ts_gradient.__doc__,
                      _TS.gradient(problem), _ts_args(problem, _TS.j),
                      (r"\partial J/\partial w_j", r"\partial J/\partial a_j"),
                      functions=_pair_functions(problem.activation))


def _d_jacobians(activation: Any = "relu") -> Derivation:
    """The plane quantities of ∂m/∂u and ∂m/∂v (the teacher–student Hessian's blocks): A, B,
    C = B/(‖v‖ sin θ), their partials in ‖u‖, ‖v‖, θ, and (A − C‖v‖cos θ)/‖u‖ on ⊥."""
    from ._ts_hessian import _NAMES, cross_moment_jacobians

    jac = cross_moment_jacobians(activation)
    labels = {"A_ru": r"\partial_{r_u} A", "B_ru": r"\partial_{r_u} B",
              "A_rv": r"\partial_{r_v} A", "B_rv": r"\partial_{r_v} B",
              "A_th": r"\partial_\theta A", "B_th": r"\partial_\theta B",
              "u_perp": r"(A - C r_v\cos\theta)/r_u"}
    return Derivation("cross_moment_jacobians", _d_jacobians.__doc__,
                      tuple(jac[n] for n in _NAMES), (_G.r_u, _G.r_v, _G.theta),
                      tuple(labels.get(n, n) for n in _NAMES))


# --- the registry ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Entry:
    build: Callable[..., Derivation]
    params: tuple[tuple[str, Any], ...]
    doc: str
    builtin: bool


_REGISTRY: dict[str, _Entry] = {}


def _params_of(builder: Callable) -> tuple[tuple[str, Any], ...]:
    import inspect

    out = []
    for p in inspect.signature(builder).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise ValueError("a derivation builder takes named parameters with defaults only")
        if p.default is p.empty:
            raise ValueError(f"parameter {p.name!r} of the builder needs a default")
        out.append((p.name, p.default))
    return tuple(out)


def register(name: str, builder: Callable[..., Derivation], *, description: str | None = None,
             replace: bool = False) -> None:
    """Add a derivation: ``builder(**params) -> Derivation``, its parameters taken from its
    signature (each with a default). ``derive(name, **params)`` then builds and caches it, and
    ``reluflow derive NAME`` prints it (from a ``--module`` that registers it)."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be an identifier, got {name!r}")
    if not callable(builder):
        raise ValueError("builder must be callable")
    if name in _REGISTRY and not replace:
        raise ValueError(f"a derivation named {name!r} exists; pass replace=True to replace it")
    doc = " ".join((description or builder.__doc__ or name).split())
    _REGISTRY[name] = _Entry(builder, _params_of(builder), doc, builtin=False)
    _build.cache_clear()


def _builtin(name: str, builder: Callable[..., Derivation]) -> None:
    _REGISTRY[name] = _Entry(builder, _params_of(builder), " ".join((builder.__doc__ or
                                                                      name).split()), True)


def _entry(name: str) -> _Entry:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown derivation {name!r}; choose from "
                         f"{', '.join(_REGISTRY)}") from None


def available() -> list[str]:
    """Names accepted by :func:`derive`."""
    return list(_REGISTRY)


def describe(name: str) -> str:
    """One-line description of a derivation without deriving it (builders' docstrings)."""
    return _entry(name).doc


def parameters(name: str) -> dict[str, Any]:
    """The parameters ``derive(name, ...)`` accepts, with their defaults."""
    return dict(_entry(name).params)


def derive(name: str, **params: Any) -> Derivation:
    """The named derivation for these parameters (computed once per process and parameters).

    A keyword that is not a parameter of the builder gives a value to one of the derivation's
    symbols (``derive("deep_chain_ode", L=3)``, ``kappa=1``). Unknown names, parameters or
    symbols raise ``ValueError`` listing the valid ones; ``activation`` accepts a name
    (``leaky_relu:0.1``) or a :class:`symbolic.Activation`.
    """
    entry = _entry(name)
    allowed = dict(entry.params)
    values = {k: v for k, v in params.items() if k not in allowed}
    params = {k: v for k, v in params.items() if k in allowed}
    if values:  # not a parameter: a value for one of the derivation's symbols (L=3, kappa=1)
        base = derive(name, **params)
        try:
            return base.subs(values)
        except ValueError as exc:
            valid = ", ".join(allowed) if allowed else "none"
            raise ValueError(f"{exc}; its parameters: {valid}") from None
    merged = {**allowed, **params}
    for key in ("activation", "psi"):
        if merged.get(key) is not None:
            merged[key] = _A.activation(merged[key])
    try:
        key = tuple(merged.items())
        hash(key)
    except TypeError:
        raise ValueError(f"parameters of {name!r} must be hashable (numbers, names, symbols, "
                         "Activation)") from None
    return _build(name, key)


@cache
def _build(name: str, key: tuple) -> Derivation:
    entry = _entry(name)
    out = entry.build(**dict(key))
    if not isinstance(out, Derivation):
        raise TypeError(f"the builder of {name!r} returned {type(out).__name__}, not a "
                        "Derivation")
    changed = tuple((k, v) for (k, v), (_, d) in zip(key, entry.params, strict=True)
                    if v != (_A.activation(d) if k == "activation" else d))
    return replace(out, params=changed) if changed else out


def compiled() -> list[Derivation]:
    """Derivations that are compiled into ``numeric._generated``."""
    names = [n for n, e in _REGISTRY.items() if e.builtin]
    return [d for d in (derive(n) for n in names) if d.compiled_name]


for _name, _builder in {
    "angle": _d_angle,
    "relu_kernel": _d_kernel,
    "relu_kernel_plane": _d_kernel_plane,
    "kernel": _d_kernel_any,
    "kernel_plane": _d_kernel_plane_any,
    "cross_moment": _d_cross_any,
    "cross_moment_plane": _d_cross_plane_any,
    "self_moment": _d_self,
    "population_loss": _d_loss,
    "population_gradient": _d_grad,
    "teacher_student_loss": _d_ts_loss,
    "teacher_student_gradient": _d_ts_gradient,
    "cross_moment_jacobians": _d_jacobians,
    "single_neuron_ode": _d_single,
    "deep_chain_ode": _d_deep,
    "deep_chain_log_ode": _d_deep_log,
    "deep_chain_loss": _d_deep_loss,
    "tian_symmetric_ode": _d_tian,
    # Hessian blocks (issue #4): builders live in symbolic._hessian, imported when first used.
    "pair_second_moment": _d_pair_second_moment,
    "cross_moment_du": _d_cross_moment_du,
}.items():
    _builtin(_name, _builder)

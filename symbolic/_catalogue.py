"""Named derivations: each printable as LaTeX, Python (the compiled kernel) and SymPy srepr."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import sympy as sp

from . import _derive as D
from ._primitives import Angle
from ._printer import python_source


@dataclass(frozen=True)
class Derivation:
    """A derived closed form. ``outputs`` name the components of a tuple-valued expression."""

    name: str
    description: str
    expr: sp.Expr | tuple
    args: tuple
    outputs: tuple[str, ...] = ()
    compiled_name: str | None = None  # the function in numeric._generated built from it

    def __post_init__(self) -> None:
        # Descriptions come from builders' (wrapped) docstrings: keep them on one line.
        object.__setattr__(self, "description", " ".join(self.description.split()))

    def latex(self) -> str:
        if isinstance(self.expr, tuple):
            pairs = zip(self.outputs, self.expr, strict=True)
            rows = [rf"{lhs} &= {sp.latex(e)}" for lhs, e in pairs]
            return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"
        lhs = self.outputs[0] if self.outputs else self.name
        return f"{lhs} = {sp.latex(self.expr)}"

    def python(self) -> str:
        expr = sp.Tuple(*self.expr) if isinstance(self.expr, tuple) else self.expr
        name = self.compiled_name or self.name
        return python_source(D.expand_vector_nodes(expr), self.args, name)

    def sympy(self) -> str:
        expr = sp.Tuple(*self.expr) if isinstance(self.expr, tuple) else self.expr
        return sp.srepr(expr)


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


def _d_loss() -> Derivation:
    """J = ½κ E[(Σ_j σ(w_j·x) − Σ_m σ(v_m·x))²] expanded into pair kernels (shown for K = 2
    students, M = 2 teachers; the numeric kernel sums all pairs).
    """
    return Derivation(
        "population_loss",
        _d_loss.__doc__,
        D.population_loss_expansion(2, 2), (), ("J",), None,
    )


def _d_grad() -> Derivation:
    """∂J/∂w_1 as cross moments m(w_1, ·) = E[1{w_1·x>0} x σ(·)] (K = 2, M = 2 shown); m(w, w) =
    w/2.
    """
    return Derivation(
        "population_gradient",
        _d_grad.__doc__,
        D.population_gradient_expansion(2, 2, 1), (), (r"\partial J/\partial w_1",), None,
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


_BUILDERS: dict[str, Callable[[], Derivation]] = {
    "angle": _d_angle,
    "relu_kernel": _d_kernel,
    "relu_kernel_plane": _d_kernel_plane,
    "cross_moment": _d_cross,
    "cross_moment_plane": _d_cross_plane,
    "self_moment": _d_self,
    "population_loss": _d_loss,
    "population_gradient": _d_grad,
    "single_neuron_ode": _d_single,
    "deep_chain_ode": _d_deep,
    "deep_chain_log_ode": _d_deep_log,
    "deep_chain_loss": _d_deep_loss,
    "tian_symmetric_ode": _d_tian,
    # Hessian blocks (issue #4): builders live in symbolic._hessian, imported when first used.
    "pair_second_moment": _d_pair_second_moment,
    "cross_moment_du": _d_cross_moment_du,
}


def available() -> list[str]:
    """Names accepted by :func:`derive`."""
    return list(_BUILDERS)


def describe(name: str) -> str:
    """One-line description of a derivation without deriving it (builders' docstrings)."""
    builder = _BUILDERS.get(name)
    if builder is None:
        raise ValueError(f"unknown derivation {name!r}")
    return " ".join((builder.__doc__ or derive(name).description).split())


@cache
def derive(name: str) -> Derivation:
    """The named derivation (computed once per process)."""
    try:
        builder = _BUILDERS[name]
    except KeyError:
        known = ", ".join(_BUILDERS)
        raise ValueError(f"unknown derivation {name!r}; choose from {known}") from None
    return builder()


def compiled() -> list[Derivation]:
    """Derivations that are compiled into ``numeric._generated``."""
    return [derive(n) for n in _BUILDERS if derive(n).compiled_name]

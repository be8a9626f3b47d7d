"""What the claims on derived forms share (kernel_<activation>.py, cross_moment_<activation>.py,
teacher_student_gradient.py, teacher_student_hessian.py): the activations, the compiled forms
and their plausible-mistake twins, the checks against independent 30-digit mpmath references.

Each twin is the same comparison applied to a plausible wrong derivation:

* the angle convention confused, θ ↔ π − θ (Lee–Sim–Ye's φ is π − θ);
* for |z|, whose kernel is symmetric under that, the negative piece dropped;
* for the cross moment, the cross moment of that wrong kernel;
* for the gradient, the second-layer factor a_j forgotten; for the Hessian, the tilt of n̂.
"""

from __future__ import annotations

from functools import cache

import numpy as np

import numeric
from proofs_checks.kit import Citation, Context, Evidence

from . import paper
from .setup import COMPILED_AGREEMENT, pairs

DERIVER = Citation(
    title="Gaussian expectations of piecewise-polynomial activations in the plane of (u, v)",
    arxiv="(derived in symbolic/_gaussian.py)", where="kernel and cross moment",
    authors="reluflow",
)
WILLIAMS = Citation(
    title="Computing with Infinite Networks", arxiv="(NeurIPS 1996)", where="arcsine kernel",
    authors="Williams",
)

#: slug → (activation spec, its name in statements)
ACTIVATIONS = {
    "leaky_relu": ("leaky_relu:0.1", "leaky ReLU, α = 0.1"),
    "relu_squared": ("relu_power:2", "ReLU²"),
    "relu_cubed": ("relu_power:3", "ReLU³"),
    "abs": ("abs", "|z|"),
    "step": ("step", "the step 1{z > 0}"),
    "linear": ("linear", "the identity"),
    "erf": ("erf", "erf"),
    "poly": ("piecewise:-z**2/3+1;z+1", "1 − z²/3 (z < 0), 1 + z (z > 0)"),
}


@cache
def _compiled(kind: str, spec: str, mistake: str | None):
    import sympy as sp

    import symbolic
    from symbolic import gaussian as G

    act = symbolic.activation(spec)
    if kind == "kernel":
        if mistake is None:
            return symbolic.derive("kernel", activation=spec).compile()
        plane = (G.kernel_plane("relu") if mistake == "negative_piece_dropped"
                 else G.kernel_plane(act).subs(G.theta, sp.pi - G.theta))
        return symbolic.Derivation("twin", "twin", G.plane_to_vectors(plane),
                                   (G.u_vec, G.v_vec)).compile()
    if mistake is None:
        return symbolic.derive("cross_moment", activation=spec).compile()
    if mistake == "negative_piece_dropped":
        return symbolic.derive("cross_moment", activation="relu").compile()
    # the angle-confused derivation's cross moment: A and B of the θ ↔ π − θ kernel
    A, B = G.cross_moment_plane(act)
    A, B = (e.subs(G.theta, sp.pi - G.theta) for e in (A, B))
    C = sp.simplify(B / (G.r_v * sp.sin(G.theta)))
    from symbolic import Reject, Unit

    wrong = (G.plane_to_vectors(A, True) * Unit(G.u_vec)
             + G.plane_to_vectors(C, True) * Reject(G.v_vec, G.u_vec))
    return symbolic.Derivation("twin", "twin", wrong, (G.u_vec, G.v_vec)).compile()


def _scale(k, u, v) -> float:
    # Cauchy–Schwarz: |k(u, v)| ≤ √(k(u, u) k(v, v)); the float form is exact mathematics
    # rounded through ~30 operations on terms of that size.
    return float(np.sqrt(abs(np.ravel(k(u, u))[0] * np.ravel(k(v, v))[0]))) or 1.0


def kernel_versus_reference(pair, ctx: Context, *, spec: str, mistake: str | None) -> Evidence:
    import symbolic

    u, v = pair
    act = symbolic.activation(spec).reference()
    ref = numeric.reference_activation_kernel(act, act, u, v, digits=ctx.profile.digits)
    computed = float(np.ravel(_compiled("kernel", spec, mistake)(u, v))[0])
    scale = _scale(_compiled("kernel", spec, None), u, v)
    return Evidence.agree(
        computed, ref.to_numpy(), atol=COMPILED_AGREEMENT * scale, uncertainty=float(ref.error),
        reason="compiled derived kernel vs mpmath angular quadrature (radial moments by "
        "quadrature too); claimed 1e-12·√(k(u,u)k(v,v)) (float64 rounding); tolerance = "
        "quadrature error estimate", detail={"scale": scale})


def moment_versus_reference(pair, ctx: Context, *, spec: str, mistake: str | None) -> Evidence:
    import symbolic

    u, v = pair
    act = symbolic.activation(spec).reference()
    ref = numeric.reference_activation_cross_moment(act, act, u, v, digits=ctx.profile.digits)
    computed = np.asarray(_compiled("moment", spec, mistake)(u, v), float)
    # m = ∂k/∂u is degree −1 in ‖u‖ relative to k: its scale is √(k(u,u)k(v,v))/‖u‖
    scale = _scale(_compiled("kernel", spec, None), u, v) / float(np.linalg.norm(u))
    return Evidence.agree(
        computed, ref.to_numpy(), atol=COMPILED_AGREEMENT * scale, uncertainty=float(ref.error),
        reason="compiled derived cross moment vs mpmath quadrature of E[φ'(u·x) x φ(v·x)] (both "
        "in-plane components); claimed 1e-12·√(k(u,u)k(v,v))/‖u‖; tolerance = quadrature error",
        detail={"scale": scale})


_TWIN_OF_KERNEL = {"abs": ("negative_piece_dropped", "|z| kernel with its negative piece dropped "
                           "(the ReLU kernel)")}


def _twin(slug: str, label: str) -> tuple[str, str]:
    return _TWIN_OF_KERNEL.get(slug, ("angle_confused", f"{label} kernel with θ ↔ π − θ"))


def kernel_claim(slug: str):
    """Register ``foundation.kernel_<slug>`` and its twin."""
    spec, label = ACTIVATIONS[slug]
    mistake, twin_title = _twin(slug, label)
    c = paper.claim(
        f"kernel_{slug}", citation=WILLIAMS if slug == "erf" else DERIVER,
        title=f"Derived kernel of {label}",
        statement=f"E[φ(u·x)φ(v·x)] for φ = {label}, x ~ N(0, I_d), equals the derived closed "
        "form in (‖u‖, ‖v‖, θ) for every pair (near-parallel and near-antiparallel included)",
        source="D", method="quadrature",
        assumptions=("x ~ N(0, I_d)", f"φ = {spec}"),
        strategy=pairs(5), param_names=("u", "v"),
        settings={"spec": spec, "mistake": None}, derivation="kernel",
        derivation_params={"activation": spec},
        notes="Derived by symbolic.derive('kernel', activation=...): four arcs between the kink "
        "angles, exact radial moments (erf: the arcsine kernel, printed in atan2 form). Only the "
        "ReLU forms keep relative accuracy where the kernel vanishes (θ → π); the others are "
        "accurate relative to √(k(u,u)k(v,v)).",
    )(kernel_versus_reference)
    c.twin(mistake, title=twin_title, mistake=mistake)
    return c


def moment_claim(slug: str):
    """Register ``foundation.cross_moment_<slug>`` and its twin."""
    spec, label = ACTIVATIONS[slug]
    mistake, twin_title = _twin(slug, label)
    c = paper.claim(
        f"cross_moment_{slug}", citation=DERIVER,
        title=f"Derived cross moment of {label}",
        statement=f"E[φ'(u·x) x φ(v·x)] for φ = {label} equals the derived A(‖u‖,‖v‖,θ) û + "
        "C(‖u‖,‖v‖,θ) v⊥ for every pair",
        source="D", method="quadrature",
        assumptions=("x ~ N(0, I_d)", f"φ = {spec}", "φ' almost everywhere"),
        strategy=pairs(5), param_names=("u", "v"),
        settings={"spec": spec, "mistake": None},
        derivation="cross_moment", derivation_params={"activation": spec},
        notes="A and B (along û and n̂) are integrated in the plane; C = B/(‖v‖ sin θ) with the "
        "sin θ cancelled symbolically, so nothing divides by a vanishing quantity at θ ∈ {0, π}.",
    )(moment_versus_reference)
    c.twin(mistake, title=twin_title.replace("kernel", "cross moment"), mistake=mistake)
    return c


# --- the teacher–student problems ----------------------------------------------------

TS_ACTIVATIONS = ("leaky_relu:0.1", "relu_power:2", "abs", "erf")


def reference_loss_part(act, W, a, V, b, digits):
    """The W-dependent part of J at 30 digits (the teacher–teacher sum does not move)."""
    import mpmath

    K, M = len(W), len(V)
    # numpy scalars times an mpf would round to float64: the weights as mpf first
    a = [mpmath.mpf(float(x)) for x in a]
    b = [mpmath.mpf(float(x)) for x in b]
    total = mpmath.mpf(0)
    for j in range(K):
        for k in range(j, K):
            kv = numeric.reference_activation_kernel(act, act, W[j], W[k], digits=digits).value
            total += (1 if j == k else 2) * a[j] * a[k] * kv
        for m in range(M):
            kv = numeric.reference_activation_kernel(act, act, W[j], V[m], digits=digits).value
            total -= 2 * a[j] * b[m] * kv
    return total / 2


K_STUDENTS, M_TEACHERS, DIM = 3, 2, 3  # students, teachers, dimension of the gradient claim


@cache
def reference_difference(spec: str, digits: int, h: float, arrays: tuple[bytes, ...]) -> float:
    """(J(x₊) − J(x₋))/2h with 30-digit kernels. Cached (the arrays as bytes), so that the twin,
    at the same points, does not pay for the references again."""
    import mpmath

    import symbolic

    K, M, d = K_STUDENTS, M_TEACHERS, DIM
    shapes = [(K, d), (K, d), (K,), (K,), (M, d), (M,)]
    W_plus, W_minus, a_plus, a_minus, V, b = (np.frombuffer(buf, dtype=float).reshape(shape)
                                              for buf, shape in zip(arrays, shapes, strict=True))
    act = symbolic.activation(spec).reference()
    with mpmath.workdps(digits + 20):
        plus = reference_loss_part(act, W_plus, a_plus, V, b, digits)
        minus = reference_loss_part(act, W_minus, a_minus, V, b, digits)
        return float((plus - minus) / (2 * mpmath.mpf(h)))  # x₊ − x₋ = 2h·Δ_exact exactly


def ts_cases(profile):
    """One instance per activation at the quick profile, three otherwise."""
    per = 1 if profile.name == "quick" else 3
    return [{"activation": a, "instance": i} for a in TS_ACTIVATIONS for i in range(per)]


@cache
def pair_forms(spec: str):
    import symbolic

    return (symbolic.derive("kernel", activation=spec).compile(),
            symbolic.derive("cross_moment", activation=spec).compile())


def flat_gradient(spec, theta, V, b, K, d):
    """The derived gradient (the sums of the claim above), batched over the pairs."""
    kernel, moment = pair_forms(spec)
    W, a = theta[:K * d].reshape(K, d), theta[K * d:]
    m_ww = moment(W[:, None, :], W[None, :, :])
    m_wv = moment(W[:, None, :], V[None, :, :])
    k_ww = np.asarray(kernel(W[:, None, :], W[None, :, :]))[..., 0]
    k_wv = np.asarray(kernel(W[:, None, :], V[None, :, :]))[..., 0]
    g_w = a[:, None] * (np.einsum("k,jkd->jd", a, m_ww) - np.einsum("l,jld->jd", b, m_wv))
    g_a = k_ww @ a - k_wv @ b
    return np.concatenate([g_w.ravel(), g_a])

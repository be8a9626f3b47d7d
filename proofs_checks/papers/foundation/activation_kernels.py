"""Kernels and cross moments of the activations theorists use, from the general Gaussian
deriver (symbolic/_gaussian.py), compiled, against independent 30-digit mpmath references.

One claim per derivation — ``kernel`` and ``cross_moment`` for each activation — and one for the
teacher–student gradient with a trained second layer. Each twin is the same comparison applied to
a plausible wrong derivation:

* the angle convention confused, θ ↔ π − θ (Lee–Sim–Ye's φ is π − θ);
* for |z|, whose kernel is symmetric under that, the negative piece dropped;
* for the cross moment, the cross moment of that wrong kernel;
* for the gradient, the second-layer factor a_j forgotten.
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
    from symbolic import _gaussian as G

    act = symbolic.activation(spec)
    if kind == "kernel":
        if mistake is None:
            return symbolic.derive("kernel", activation=spec).compile()
        plane = (G.kernel_plane("relu") if mistake == "negative_piece_dropped"
                 else G.kernel_plane(act).subs(G.theta, sp.pi - G.theta))
        return symbolic.Derivation("twin", "twin", G._to_vectors(plane),
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

    wrong = G._to_vectors(A, True) * Unit(G.u_vec) + G._to_vectors(C, True) * Reject(G.v_vec,
                                                                                     G.u_vec)
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


for slug, (spec, label) in ACTIVATIONS.items():
    mistake, twin_title = _TWIN_OF_KERNEL.get(
        slug, ("angle_confused", f"{label} kernel with θ ↔ π − θ"))
    c = paper.claim(
        f"kernel_{slug}", citation=WILLIAMS if slug == "erf" else DERIVER,
        title=f"Derived kernel of {label}",
        statement=f"E[φ(u·x)φ(v·x)] for φ = {label}, x ~ N(0, I_d), equals the derived closed "
        "form in (‖u‖, ‖v‖, θ) for every pair (near-parallel and near-antiparallel included)",
        source="D", method="quadrature",
        assumptions=("x ~ N(0, I_d)", f"φ = {spec}"),
        strategy=pairs(5), settings={"spec": spec, "mistake": None}, derivation="kernel",
        derivation_params={"activation": spec},
        notes="Derived by symbolic.derive('kernel', activation=...): four arcs between the kink "
        "angles, exact radial moments (erf: the arcsine kernel, printed in atan2 form). Only the "
        "ReLU forms keep relative accuracy where the kernel vanishes (θ → π); the others are "
        "accurate relative to √(k(u,u)k(v,v)).",
    )(kernel_versus_reference)
    c.twin(mistake, title=twin_title, mistake=mistake)
    if slug == "step":
        continue  # its a.e. derivative is 0: the cross moment is not the kernel's gradient
    c = paper.claim(
        f"cross_moment_{slug}", citation=DERIVER,
        title=f"Derived cross moment of {label}",
        statement=f"E[φ'(u·x) x φ(v·x)] for φ = {label} equals the derived A(‖u‖,‖v‖,θ) û + "
        "C(‖u‖,‖v‖,θ) v⊥ for every pair",
        source="D", method="quadrature",
        assumptions=("x ~ N(0, I_d)", f"φ = {spec}", "φ' almost everywhere"),
        strategy=pairs(5), settings={"spec": spec, "mistake": None},
        derivation="cross_moment", derivation_params={"activation": spec},
        notes="A and B (along û and n̂) are integrated in the plane; C = B/(‖v‖ sin θ) with the "
        "sin θ cancelled symbolically, so nothing divides by a vanishing quantity at θ ∈ {0, π}.",
    )(moment_versus_reference)
    c.twin(mistake, title=twin_title.replace("kernel", "cross moment"), mistake=mistake)


# --- the teacher–student gradient with a trained second layer -------------------------------

_TS_ACTIVATIONS = ("leaky_relu:0.1", "relu_power:2", "abs", "erf")


def _ts_cases(profile):
    per = 1 if profile.name == "quick" else 3
    return [{"activation": a, "instance": i} for a in _TS_ACTIVATIONS for i in range(per)]


def _reference_loss_part(act, W, a, V, b, digits):
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


_K, _M, _D = 3, 2, 3  # students, teachers, dimension of the gradient claim


@cache
def _reference_difference(spec: str, digits: int, h: float, arrays: tuple[bytes, ...]) -> float:
    """(J(x₊) − J(x₋))/2h with 30-digit kernels. Cached (the arrays as bytes), so that the twin,
    at the same points, does not pay for the references again."""
    import mpmath

    import symbolic

    shapes = [(_K, _D), (_K, _D), (_K,), (_K,), (_M, _D), (_M,)]
    W_plus, W_minus, a_plus, a_minus, V, b = (np.frombuffer(buf, dtype=float).reshape(shape)
                                              for buf, shape in zip(arrays, shapes, strict=True))
    act = symbolic.activation(spec).reference()
    with mpmath.workdps(digits + 20):
        plus = _reference_loss_part(act, W_plus, a_plus, V, b, digits)
        minus = _reference_loss_part(act, W_minus, a_minus, V, b, digits)
        return float((plus - minus) / (2 * mpmath.mpf(h)))  # x₊ − x₋ = 2h·Δ_exact exactly


def ts_gradient(case, ctx: Context, *, forget_second_layer: bool) -> Evidence:
    """Directional derivative of the reference loss (30-digit central difference) against the
    compiled derived gradient along a random direction in (W, a)."""
    import symbolic

    spec = case["activation"]
    rng = ctx.rng("ts_gradient", spec, case["instance"])
    K, M, d = _K, _M, _D
    W, V = rng.standard_normal((K, d)), rng.standard_normal((M, d))
    a, b = rng.standard_normal(K), rng.standard_normal(M)
    dW, da = rng.standard_normal((K, d)), rng.standard_normal(K)
    digits = ctx.profile.digits
    h = 10.0 ** (-(digits // 3))
    # the perturbed points are floats: the exact direction is their difference (exact in
    # float64 by Sterbenz's lemma), not h·Δ, which differs from it by ε/h ≈ 1e-6 relatively
    W_plus, W_minus, a_plus, a_minus = W + h * dW, W - h * dW, a + h * da, a - h * da
    dW_exact, da_exact = (W_plus - W_minus) / (2 * h), (a_plus - a_minus) / (2 * h)
    grad = symbolic.derive("teacher_student_gradient", activation=spec, K=K, M=M).compile()
    computed, size = 0.0, 0.0
    for j in range(K):
        gw, ga = grad(W, a, V, b, j, 1.0)
        gw = np.ravel(gw) / (a[j] if forget_second_layer else 1.0)
        ga = float(np.ravel(ga)[0])
        computed += float(gw @ dW_exact[j]) + ga * da_exact[j]
        size += float(np.abs(gw) @ np.abs(dW_exact[j])) + abs(ga * da_exact[j])
    fd = _reference_difference(spec, digits, h, tuple(x.tobytes() for x in (
        W_plus, W_minus, a_plus, a_minus, V, b)))
    # central difference: truncation h²·|third derivative| (~1e-20 at h = 1e-10) plus the
    # references' 10^-digits / h: far below the 1e-12 claimed
    err_fd = h**2 * 100 * (1 + size) + 10.0 ** (-digits) / h
    return Evidence.agree(
        computed, fd, atol=COMPILED_AGREEMENT * (1 + size), uncertainty=err_fd,
        reason="Σ_j ⟨∂J/∂w_j, ΔW_j⟩ + ∂J/∂a_j Δa_j (compiled derived gradient, K = 3, M = 2, "
        "trained a, b) vs a central difference of the 30-digit reference loss; claimed "
        "1e-12·Σ|terms|; tolerance = difference truncation + reference digits",
        detail={"scale": 1 + size})


c = paper.claim(
    "teacher_student_gradient", citation=DERIVER,
    title="Derived teacher–student gradient with a trained second layer",
    statement="∂J/∂w_j = κa_j[Σ_k a_k m(w_j, w_k) − Σ_l b_l m(w_j, v_l)] and ∂J/∂a_j = "
    "κ[Σ_k a_k k(w_j, w_k) − Σ_l b_l k(w_j, v_l)] for J = ½κE[(Σ_j a_jφ(w_j·x) − "
    "Σ_l b_lφ(v_l·x))²], for leaky ReLU, ReLU², |z| and erf",
    source="D", method="quadrature",
    assumptions=("x ~ N(0, I_d)", "φ continuous (the chain rule inside E)"),
    cases=_ts_cases, settings={"forget_second_layer": False},
    derivation="teacher_student_gradient", derivation_params={"activation": "leaky_relu:0.1"},
    notes="The reference differentiates the loss itself (30-digit kernels, central "
    "difference), so the chain rule, the a_j factor and the self terms m(w_j, w_j) are all "
    "checked, not assumed.",
)(ts_gradient)
c.twin("second_layer_factor_forgotten", title="Gradient in w_j without the factor a_j",
       forget_second_layer=True)


# --- the teacher–student Hessian ------------------------------------------------------------

def _hessian_cases(profile):
    per = 1 if profile.name == "quick" else 3
    return [{"activation": a, "instance": i} for a in _TS_ACTIVATIONS for i in range(per)]


@cache
def _pair_forms(spec: str):
    import symbolic

    return (symbolic.derive("kernel", activation=spec).compile(),
            symbolic.derive("cross_moment", activation=spec).compile())


def _flat_gradient(spec, theta, V, b, K, d):
    """The derived gradient (the sums of the claim above), batched over the pairs."""
    kernel, moment = _pair_forms(spec)
    W, a = theta[:K * d].reshape(K, d), theta[K * d:]
    m_ww = moment(W[:, None, :], W[None, :, :])
    m_wv = moment(W[:, None, :], V[None, :, :])
    k_ww = np.asarray(kernel(W[:, None, :], W[None, :, :]))[..., 0]
    k_wv = np.asarray(kernel(W[:, None, :], V[None, :, :]))[..., 0]
    g_w = a[:, None] * (np.einsum("k,jkd->jd", a, m_ww) - np.einsum("l,jld->jd", b, m_wv))
    g_a = k_ww @ a - k_wv @ b
    return np.concatenate([g_w.ravel(), g_a])


def ts_hessian(case, ctx: Context, *, forget_normal_tilt: bool) -> Evidence:
    """The assembled Hessian against central differences of the derived gradient (which the
    claim above checks against 30-digit references)."""
    import symbolic
    from symbolic import _gaussian as G, _ts_hessian as TH

    spec = case["activation"]
    rng = ctx.rng("ts_hessian", spec, case["instance"])
    K, M, d = _K, _M, _D
    W, V = rng.standard_normal((K, d)), rng.standard_normal((M, d))
    a, b = rng.standard_normal(K), rng.standard_normal(M)
    if forget_normal_tilt:  # the slip: on ⊥ only û tilts (A/‖u‖), n̂ assumed fixed
        act = symbolic.activation(spec)
        jac = dict(TH._jacobians(act))
        jac["u_perp"] = jac["A"] / G.r_u
        fn = TH.compile_expr_tuple(jac)
        H = TH.assemble(fn, act, W, a, V, b)
    else:
        H = symbolic.teacher_student_hessian(spec)(W, a, V, b)
    theta, h = np.concatenate([W.ravel(), a]), 1e-6
    fd = np.stack([(_flat_gradient(spec, theta + h * e, V, b, K, d)
                    - _flat_gradient(spec, theta - h * e, V, b, K, d)) / (2 * h)
                   for e in np.eye(theta.size)], axis=1)
    scale = float(np.max(np.abs(fd)))
    err = float(np.max(np.abs(H - fd)))
    # central differences: truncation h²|∇³J|/6 + rounding 2ε|∇J|/h ≈ 1e-10·scale at h = 1e-6
    return Evidence.upper_bound(
        err / scale, 1e-7, tolerance=1e-10,
        reason="max |H − central difference of the derived gradient| / max|H| (K = 3, M = 2, "
        "trained a, b); bound 1e-7; tolerance = the difference's truncation and rounding")


c = paper.claim(
    "teacher_student_hessian", citation=DERIVER,
    title="Derived teacher–student Hessian with a trained second layer",
    statement="The Hessian of J in (w_1, …, w_K, a_1, …, a_K), assembled from the derived "
    "Jacobians ∂m/∂u and ∂m/∂v of the cross moment in the frame (û, n̂, ⊥), is the Jacobian of "
    "the derived gradient, for leaky ReLU, ReLU², |z| and erf",
    source="D", method="exact",
    assumptions=("x ~ N(0, I_d)", "φ continuous", "no zero student row"),
    cases=_hessian_cases, settings={"forget_normal_tilt": False},
    derivation="cross_moment_jacobians", derivation_params={"activation": "leaky_relu:0.1"},
    notes="For ReLU with unit second layers the same assembly equals numeric.population_hessian "
    "(an independent derivation) to 1e-13 (tests/test_derivations.py).",
)(ts_hessian)
c.twin("normal_tilt_forgotten", title="Hessian whose ⊥ block forgets that n̂ tilts with û",
       forget_normal_tilt=True)

"""The derivation engine: general activations, teacher–student forms, the public API, and the
printed Python modules running on their own.

Identities are checked exactly in SymPy; closed forms against the independent mpmath
references of numeric/_reference_activations.py (30 digits); compiled float64 forms against
the same references to 1e-12 of the Cauchy–Schwarz scale √(k(u,u) k(v,v)). The float form is
exact mathematics rounded through ~30 operations, so it is good to ~1e-15 relative to the
pair's scale. Only the ReLU forms are rewritten in δ = π − θ for relative accuracy where the
kernel itself vanishes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import mpmath
import numpy as np
import pytest
import sympy as sp

import numeric
import symbolic
from symbolic import _gaussian as G, _teacher_student as TS

ACTIVATIONS = ["relu", "leaky_relu:0.1", "relu_power:2", "abs", "step", "linear", "erf",
               "relu_power:3", "piecewise:-z**2/3+1;z+1"]
CONTINUOUS = [a for a in ACTIVATIONS if a != "step"]


def _pairs(seed: int, continuous: bool):
    rng = np.random.default_rng(np.random.SeedSequence([seed, 15]))
    out = []
    for trial in range(7):
        u, v = rng.standard_normal(4), rng.standard_normal(4)
        if trial == 1:
            v = -2.5 * u  # θ = π exactly
        elif trial == 2:
            v = 0.7 * u  # θ = 0 exactly
        elif trial == 3:
            v = u + 1e-9 * rng.standard_normal(4)
        elif trial == 4:
            v = -u + 1e-9 * rng.standard_normal(4)
        elif trial == 5 and continuous:
            u = np.zeros(4)
        elif trial == 6 and continuous:
            v = np.zeros(4)
        out.append((u, v))
    return out


def _mp_plane(u, v):
    U = [mpmath.mpf(float(x)) for x in u]
    V = [mpmath.mpf(float(x)) for x in v]
    nu = mpmath.sqrt(sum(x * x for x in U))
    nv = mpmath.sqrt(sum(x * x for x in V))
    dot = sum(x * y for x, y in zip(U, V, strict=True))
    th = mpmath.atan2(mpmath.sqrt(max(nu**2 * nv**2 - dot**2, 0)), dot)
    return nu, nv, th


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_plane_kernel_is_exact_to_30_digits(name):
    act = symbolic.activation(name)
    f = sp.lambdify((G.r_u, G.r_v, G.theta), G.kernel_plane(act), "mpmath")
    ref_act = act.reference()
    for u, v in _pairs(1, act.continuous)[:5]:
        ref = numeric.reference_activation_kernel(ref_act, ref_act, u, v)
        with mpmath.workdps(50):
            closed = f(*_mp_plane(u, v))
            assert abs(closed - ref.value) <= 1e-28 * (1 + abs(ref.value)) + ref.error


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_compiled_kernel_and_cross_moment_agree_with_the_reference(name):
    act = symbolic.activation(name)
    k = symbolic.derive("kernel", activation=name).compile()
    m = symbolic.derive("cross_moment", activation=name).compile()
    ref_act = act.reference()
    for u, v in _pairs(2, act.continuous):
        ref_k = numeric.reference_activation_kernel(ref_act, ref_act, u, v)
        ref_m = numeric.reference_activation_cross_moment(ref_act, ref_act, u, v)
        # the scale needs no precision: the compiled self-kernels
        scale = float(np.sqrt(abs(np.ravel(k(u, u))[0] * np.ravel(k(v, v))[0]))) or 1.0
        assert abs(float(np.ravel(k(u, v))[0]) - ref_k.to_numpy()) <= 1e-12 * scale
        # m is ∂k/∂u: its scale is scale/‖u‖ (degree-1 homogeneous in u), or |m| itself
        m_scale = max(float(np.linalg.norm(ref_m.to_numpy())),
                      scale / float(np.linalg.norm(u)) if np.any(u) else 1.0)
        assert np.max(np.abs(np.asarray(m(u, v), float) - ref_m.to_numpy())) <= 1e-12 * m_scale


def test_erf_reference_resolves_narrow_peaks():
    # u ∥ v with ‖v‖ = 148: the reference's integrand for m·n̂ is a Gaussian of width 1/148;
    # fixed quadrature nodes missed it (m·n̂ ≈ 0 instead of 9.0e-7), found by the aimed search
    u, v = np.array([1.0, 0.0]), np.array([148.4131591025024, 0.00014841315910255187])
    ref = numeric.reference_activation_cross_moment("erf", "erf", u, v)
    m = symbolic.derive("cross_moment", activation="erf").compile()(u, v)
    assert np.allclose(m, ref.to_numpy(), rtol=1e-12, atol=0)
    assert abs(ref.to_numpy()[1] - 9.002856619985e-07) < 1e-18


def test_plausible_derivation_mistakes_are_refuted():
    # θ ↔ π − θ (the angle convention confused) for the asymmetric activations; for |z|, whose
    # kernel is symmetric under it, the negative piece dropped (σ(z) = z on z > 0 only).
    cases = [(n, G.kernel_plane(n).subs(G.theta, sp.pi - G.theta))
             for n in ["leaky_relu:0.1", "relu_power:2", "erf", "step"]]
    cases.append(("abs", G.kernel_plane("relu")))
    for name, wrong_expr in cases:
        act = symbolic.activation(name)
        wrong = sp.lambdify((G.r_u, G.r_v, G.theta), wrong_expr, "mpmath")
        u, v = _pairs(3, True)[0]
        ref = numeric.reference_activation_kernel(act.reference(), act.reference(), u, v)
        assert abs(wrong(*_mp_plane(u, v)) - ref.value) > 1e-3 * abs(ref.value), name


@pytest.mark.parametrize("name", CONTINUOUS)
def test_cross_moment_is_the_gradient_of_the_kernel(name):
    # ∇_u k = ∂k/∂‖u‖ û − (∂k/∂θ)/‖u‖ n̂ for continuous φ, exactly; for the step it is not
    # (its derivative has a Dirac mass the a.e. cross moment leaves out).
    act = symbolic.activation(name)
    k = G.kernel_plane(act)
    A, B = G.cross_moment_plane(act)
    assert sp.simplify(A - sp.diff(k, G.r_u)) == 0
    assert sp.simplify(B + sp.diff(k, G.theta) / G.r_u) == 0


def test_the_step_is_not_differentiated_through_its_jump():
    k = G.kernel_plane("step")
    A, B = G.cross_moment_plane("step")
    assert A == 0 and B == 0 and sp.diff(k, G.theta) != 0


def test_kernel_identities_across_activations():
    th = G.theta
    relu = G.kernel_plane("relu")
    # |z| = σ(z) + σ(−z): k_abs(θ) = 2k(θ) + 2k(π − θ) at ‖u‖ = ‖v‖ = 1
    assert sp.simplify(G.kernel_plane("abs") - 2 * relu - 2 * relu.subs(th, sp.pi - th)) == 0
    assert sp.simplify(G.kernel_plane("leaky_relu:1") - G.kernel_plane("linear")) == 0
    assert sp.simplify(relu - symbolic.derive("relu_kernel_plane").expr) == 0
    lin = symbolic.activation("linear")
    assert sp.simplify(G.kernel_plane(lin + symbolic.activation("abs"))
                       - G.kernel_plane(2 * symbolic.activation("relu"))) == 0
    alpha = sp.Symbol("alpha", real=True)
    general = G.kernel_plane("leaky_relu:alpha")
    assert sp.simplify(general.subs(alpha, sp.Rational(1, 10))
                       - G.kernel_plane("leaky_relu:0.1")) == 0


def test_teacher_student_sums_are_the_expanded_square():
    problem = TS.StudentTeacher("relu", 2, 3)
    summed = TS.loss(problem).doit()
    direct = TS.sample_level_loss(2, 3)

    def canonical(e):  # the kernel is symmetric: order its arguments
        return e.replace(TS.kernel_fn, lambda x, y: TS.kernel_fn(*sorted((x, y), key=str)))

    assert sp.expand(canonical(summed) - canonical(direct)) == 0
    # ∂J/∂a_j is the derivative of the expanded J in a_j (k does not depend on a)
    _, da = TS.gradient(problem)
    for j in range(2):
        lhs = canonical(sp.diff(summed, TS.a[j]))
        rhs = canonical(da.subs(TS.j, j).doit())
        assert sp.expand(lhs - rhs) == 0


def test_teacher_student_gradient_matches_the_loss_derivative():
    # 30-digit directional derivative of the derived loss (kernels in mpmath) against the
    # derived gradient: checks the chain rule, the a_j factor and the self term m(w, w).
    for name in ["leaky_relu:0.1", "relu_power:2", "erf"]:
        loss = symbolic.derive("teacher_student_loss", activation=name, K=2, M=2)
        grad = symbolic.derive("teacher_student_gradient", activation=name, K=2, M=2)
        rng = np.random.default_rng(np.random.SeedSequence([4, len(name)]))
        W, V = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
        a, b = rng.standard_normal(2), rng.standard_normal(2)
        dW, da = rng.standard_normal((2, 3)), rng.standard_normal(2)
        J = loss.compile()
        g = grad.compile()
        h = 1e-6
        fd = (J(W + h * dW, a + h * da, V, b, 1.0) - J(W - h * dW, a - h * da, V, b, 1.0)) / (2 * h)
        an = sum(float(np.dot(np.ravel(g(W, a, V, b, j, 1.0)[0]), dW[j]))
                 + float(np.ravel(g(W, a, V, b, j, 1.0)[1])[0]) * da[j] for j in range(2))
        # central difference: O(h²) truncation ~1e-12 plus rounding ε·|J|/h ~ 1e-10
        assert abs(float(np.ravel(fd)[0]) - an) <= 1e-8 * (1 + abs(an))
        forgot = sum(float(np.dot(np.ravel(g(W, a, V, b, j, 1.0)[0]), dW[j])) / a[j]
                     + float(np.ravel(g(W, a, V, b, j, 1.0)[1])[0]) * da[j] for j in range(2))
        assert abs(float(np.ravel(fd)[0]) - forgot) > 1e-4


def test_discontinuous_and_mixed_activations_are_refused():
    with pytest.raises(ValueError, match="Dirac"):
        symbolic.derive("teacher_student_gradient", activation="step")
    with pytest.raises(ValueError, match="erf pairs only with erf"):
        G.kernel_plane("erf", "relu")
    with pytest.raises(ValueError, match="unknown activation 'tanh'; choose from relu"):
        symbolic.activation("tanh")
    with pytest.raises(ValueError, match="polynomial"):
        symbolic.activation("piecewise:z;exp(z)")
    with pytest.raises(ValueError, match="integer"):
        symbolic.activation("relu_power:1.5")


def test_derive_parameters_and_errors():
    assert symbolic.parameters("kernel") == {"activation": "relu", "data": "gaussian", "psi": None}
    assert symbolic.parameters("relu_kernel") == {}
    with pytest.raises(ValueError, match="'relu_kernel' has no symbol 'activation'; its "
                       "symbols are u, v; its parameters: none"):
        symbolic.derive("relu_kernel", activation="abs")
    L = sp.Symbol("L", positive=True, integer=True)
    deep = symbolic.derive("deep_chain_ode", L=3)  # a symbol's value, not a parameter
    assert deep.expr[0] == symbolic.derive("deep_chain_ode").expr[0].subs(L, 3)
    assert L not in deep.args
    with pytest.raises(ValueError, match="unknown derivation 'kernal'; choose from angle"):
        symbolic.derive("kernal")
    d = symbolic.derive("deep_chain_ode").subs({"L": 3})
    assert d.expr[1] == symbolic.derive("deep_chain_ode").expr[1].subs(sp.Symbol("L", positive=True,
                                                                              integer=True), 3)
    with pytest.raises(ValueError, match="no symbol 'Q'; its symbols are L, kappa, phi, r"):
        symbolic.derive("deep_chain_ode").subs({"Q": 1})
    assert symbolic.derive("kernel", activation="abs") is symbolic.derive("kernel",
                                                                         activation="abs")


def test_register_a_derivation_of_ones_own():
    def builder(activation="relu", scale=1):
        act = symbolic.activation(activation)
        return symbolic.Derivation("scaled_kernel", "scale·k(u, v)",
                                   scale * G.kernel_vector(act), (G.u_vec, G.v_vec))

    symbolic.register("scaled_kernel_test", builder, replace=True)
    try:
        d = symbolic.derive("scaled_kernel_test", activation="abs", scale=3)
        u, v = np.array([1.0, 0.0]), np.array([0.3, 0.8])
        base = symbolic.derive("kernel", activation="abs").compile()(u, v)
        assert np.allclose(d.compile()(u, v), 3 * base, rtol=1e-15)
        with pytest.raises(ValueError, match="exists"):
            symbolic.register("scaled_kernel_test", builder)
        with pytest.raises(ValueError, match="has no symbol 'p'"):
            symbolic.derive("scaled_kernel_test", p=1)
    finally:
        from symbolic import _catalogue

        _catalogue._REGISTRY.pop("scaled_kernel_test", None)


# --- printed modules run on their own -------------------------------------------------------

PRINTED = [(n, {}) for n in symbolic.available()] + [
    ("kernel", {"activation": a}) for a in ACTIVATIONS[1:]] + [
    ("cross_moment", {"activation": a}) for a in CONTINUOUS[1:]] + [
    ("teacher_student_loss", {"activation": "leaky_relu:0.1", "K": 3, "M": 2}),
    ("teacher_student_gradient", {"activation": "erf"}),
    ("population_gradient", {"K": 3, "M": 1}),
]

_DRIVER = textwrap.dedent("""
    import io, json, runpy, sys, contextlib
    sys.modules["symbolic"] = None  # the module may not import reluflow
    sys.modules["numeric"] = None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(sys.argv[1], run_name="__main__")
    print(json.dumps(out.getvalue()))
""")


def test_every_catalogue_entry_prints_a_module_that_runs_on_its_own(tmp_path):
    for i, (name, params) in enumerate(PRINTED):
        d = symbolic.derive(name, **params)
        src = d.python()
        path = tmp_path / f"m{i}.py"
        path.write_text(src, encoding="utf-8")
        res = subprocess.run([sys.executable, "-I", "-c", _DRIVER, str(path)], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, (name, params, res.stderr[-2000:])
        printed = json.loads(res.stdout)
        assert printed.strip() and "nan" not in printed.lower(), (name, params, printed)
        # the same function, compiled in this process on the same example inputs
        ns: dict = {}
        exec(compile(src.replace('if __name__ == "__main__":', "if True:"), str(path), "exec"),
             ns)  # noqa: S102 - our own printed module
        fn = ns[d.function_name]
        call = [ns[str(a)] for a in d.args]
        expected = d.compile()(*call)
        got = fn(*call)
        for x, y in zip(np.atleast_1d(np.asarray(got, dtype=object)).ravel(),
                        np.atleast_1d(np.asarray(expected, dtype=object)).ravel(), strict=True):
            np.testing.assert_allclose(np.asarray(x, float), np.asarray(y, float), rtol=1e-14,
                                       atol=1e-15)


@pytest.mark.parametrize("name", ["leaky_relu:0.1", "relu_power:2", "abs"])
def test_spherical_data_forms_agree_with_monte_carlo(name):
    # x uniform on the sphere of radius √(κd): Monte Carlo, 4e5 seeded samples; the bound is
    # 5 standard errors (a false alarm has probability 6e-7 per component). A Gaussian-data
    # form differs by the factor E‖g‖ⁿ/Rⁿ (1/κ ≈ 1.4 for n = 2 at κ = 0.7) and fails this.
    d, kappa = 5, 0.7
    rng = np.random.default_rng(np.random.SeedSequence([77, len(name)]))
    u, v = rng.standard_normal(d), rng.standard_normal(d)
    x = rng.standard_normal((400_000, d))
    x *= np.sqrt(kappa * d) / np.linalg.norm(x, axis=1, keepdims=True)
    act = symbolic.activation(name)
    phi = sp.lambdify(symbolic._activations.z, act.expr(), "numpy")
    samples = phi(x @ u) * phi(x @ v)
    k = symbolic.derive("kernel", activation=name, data="sphere").compile()
    gauss = symbolic.derive("kernel", activation=name).compile()
    se = samples.std() / np.sqrt(samples.size)
    assert abs(float(np.ravel(k(u, v, d, kappa))[0]) - samples.mean()) <= 5 * se
    assert abs(float(np.ravel(gauss(u, v))[0]) - samples.mean()) > 5 * se
    with pytest.raises(ValueError, match="homogeneous"):
        symbolic.derive("kernel", activation="erf", data="sphere")
    with pytest.raises(ValueError, match="data must be"):
        symbolic.derive("kernel", activation=name, data="cube")


def _flat_gradient(grad, W, a, V, b):
    K, d = W.shape
    out = np.zeros(K * (d + 1))
    for j in range(K):
        gw, ga = grad(W, a, V, b, j, 1.0)
        out[j * d:(j + 1) * d] = np.ravel(gw)
        out[K * d + j] = float(np.ravel(ga)[0])
    return out


@pytest.mark.parametrize("name", ["leaky_relu:0.1", "relu_power:2", "abs", "erf"])
def test_teacher_student_hessian_is_the_jacobian_of_the_gradient(name):
    # central differences of the derived gradient (itself checked against 30-digit references):
    # truncation h²|∇³J|/6 plus rounding 2ε|∇J|/h, ~1e-10 of the scale at h = 1e-6; the bound
    # 1e-7 leaves three orders for |∇³J| up to 1e3
    K, M, d = 3, 2, 4
    rng = np.random.default_rng(np.random.SeedSequence([41, len(name)]))
    W, V = rng.standard_normal((K, d)), rng.standard_normal((M, d))
    a, b = rng.standard_normal(K), rng.standard_normal(M)
    grad = symbolic.derive("teacher_student_gradient", activation=name, K=K, M=M).compile()
    H = symbolic.teacher_student_hessian(name)(W, a, V, b)
    theta, h = np.concatenate([W.ravel(), a]), 1e-6

    def g(t):
        return _flat_gradient(grad, t[:K * d].reshape(K, d), t[K * d:], V, b)

    fd = np.stack([(g(theta + h * e) - g(theta - h * e)) / (2 * h) for e in np.eye(theta.size)],
                  axis=1)
    scale = np.max(np.abs(fd))
    assert np.max(np.abs(H - fd)) <= 1e-7 * scale
    assert np.max(np.abs(H - H.T)) <= 1e-14 * scale


def test_relu_hessian_equals_the_independent_population_hessian():
    # numeric.population_hessian (issue #4's derivation, second layers fixed to 1)
    rng = np.random.default_rng(np.random.SeedSequence(43))
    W, V = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    W[1] = -W[0] * 0.5  # an antiparallel pair: θ = π exactly
    H = symbolic.teacher_student_hessian("relu")(W, np.ones(3), V, np.ones(3))[:12, :12]
    ref = np.asarray(numeric.population_hessian(W, V)).reshape(12, 12)
    assert np.max(np.abs(H - ref)) <= 1e-13 * np.max(np.abs(ref))


def test_hessian_without_the_normal_tilt_is_told_apart(monkeypatch):
    # the plausible slip: on ⊥ only û tilts (A/‖u‖), forgetting that n̂ tilts with it
    from symbolic import _ts_hessian as TH

    good = symbolic.teacher_student_hessian("leaky_relu:0.1")
    rng = np.random.default_rng(np.random.SeedSequence(44))
    W, V = rng.standard_normal((2, 4)), rng.standard_normal((2, 4))
    a, b = rng.standard_normal(2), rng.standard_normal(2)
    right = good(W, a, V, b)
    jac = dict(TH._jacobians(symbolic.activation("leaky_relu:0.1")))
    jac["u_perp"] = jac["A"] / G.r_u
    monkeypatch.setattr(TH, "_jacobians", lambda act: jac)
    TH._compiled.cache_clear()
    try:
        wrong = TH.teacher_student_hessian("leaky_relu:0.1")(W, a, V, b)
    finally:
        TH._compiled.cache_clear()
    assert np.max(np.abs(wrong - right)) > 1e-3 * np.max(np.abs(right))


def test_hessian_bad_input():
    H = symbolic.teacher_student_hessian("abs")
    W, V = np.ones((2, 3)), np.ones((1, 3))
    with pytest.raises(ValueError, match="zero row"):
        H(np.zeros((2, 3)), np.ones(2), V, np.ones(1))
    with pytest.raises(ValueError, match="a must have shape"):
        H(W, np.ones(3), V, np.ones(1))
    with pytest.raises(ValueError, match="W contains NaN"):
        H(np.full((2, 3), np.nan), np.ones(2), V, np.ones(1))
    with pytest.raises(ValueError, match="jumps"):
        symbolic.teacher_student_hessian("step")


@pytest.mark.parametrize("phi, psi", [("relu", "linear"), ("leaky_relu:0.1", "relu_power:2"),
                                      ("abs", "step")])
def test_mixed_activations_agree_with_the_reference(phi, psi):
    # E[φ(u·x) ψ(v·x)] with ψ ≠ φ (e.g. a ReLU student against a linear teacher)
    k = symbolic.derive("kernel", activation=phi, psi=psi).compile()
    a, b = symbolic.activation(phi), symbolic.activation(psi)
    m = symbolic.derive("cross_moment", activation=phi, psi=psi).compile()
    for u, v in _pairs(6, False)[:5]:
        ref = numeric.reference_activation_kernel(a.reference(), b.reference(), u, v)
        scale = float(np.linalg.norm(u) ** max(a.degree, 1) * np.linalg.norm(v) ** max(b.degree, 1))
        assert abs(float(np.ravel(k(u, v))[0]) - ref.to_numpy()) <= 1e-12 * scale
        ref_m = numeric.reference_activation_cross_moment(a.reference(), b.reference(), u, v)
        assert np.max(np.abs(np.asarray(m(u, v), float) - ref_m.to_numpy())) <= 1e-12 * (
            scale / float(np.linalg.norm(u)))
    # swapping the roles swaps the norms: k_φψ(‖u‖, ‖v‖, θ) = k_ψφ(‖v‖, ‖u‖, θ), exactly
    swapped = G.kernel_plane(psi, phi).subs({G.r_u: G.r_v, G.r_v: G.r_u}, simultaneous=True)
    assert sp.simplify(G.kernel_plane(phi, psi) - swapped) == 0

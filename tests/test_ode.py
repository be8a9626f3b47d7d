"""The integrator core against solutions known independently of it.

Oracles are analytic or scipy's ``solve_ivp`` (DOP853, rtol 1e-12) run on each smooth phase
separately, with the phase boundaries found by scipy's own events; nothing here reuses the
core's switching logic. Tolerances: the core runs at rtol 1e-10 / atol 1e-12; the global error
of a DP5(4) run over O(1) times stays within ~10·(atol + rtol|y|) (the allowance the claims use),
and a located switching time carries the dense output's error ≈ local tolerance / |ż|.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from numeric import ode
from numeric.ode import ConstantStep, Event, PiecewiseSmooth, Status, solve

RTOL, ATOL = 1e-10, 1e-12
ALLOW = 10 * (ATOL + RTOL)  # global error allowance on O(1) states


def _one_surface(f_plus, f_minus):
    """ẏ = F⁻ + λ(F⁺ − F⁻) with the switching surface x = y[0] = 0."""

    def field(t, y, idx, lam):
        lp = lam[:, :1]
        return f_minus(t, y) + lp * (f_plus(t, y) - f_minus(t, y))

    def surfaces(t, y, idx):
        return y[:, :1], np.ones((len(y), 1))

    def rates(t, y, F, idx):
        size = np.abs(f_plus(t, y)[:, :1]) + np.abs(f_minus(t, y)[:, :1])
        return F[:, :1], size

    return PiecewiseSmooth(field, surfaces, rates, 1)


def _scipy(f, t0, y0, t1, event=None):
    ev = None
    if event is not None:
        def ev(t, y):
            return event(t, y)
        ev.terminal = True
    return solve_ivp(f, (t0, t1), y0, method="DOP853", rtol=1e-12, atol=1e-14, events=ev,
                     dense_output=True)


# --- sliding entered from the active side ---------------------------------------------------
def test_sliding_entered_from_active_side_matches_phase_oracle():
    # F⁺ = (−1 − y², 1) points into x = 0 from x > 0; F⁻ = (0.5, 2 − y) points into it from
    # x < 0: Filippov sliding with λ* = ż⁻/(ż⁻ − ż⁺) = 0.5/(1.5 + y²) (state dependent).
    def fp(t, Y):
        return np.stack([-1 - Y[:, 1] ** 2, np.ones(len(Y))], 1)

    def fm(t, Y):
        return np.stack([np.full(len(Y), 0.5), 2 - Y[:, 1]], 1)

    te = np.linspace(0, 3, 13)
    sol = solve(_one_surface(fp, fm), [[0.6, 0.0]], 3.0, rtol=RTOL, atol=ATOL, t_eval=te)
    assert sol.success and list(sol.switches.kind) == ["slide"]
    # oracle: phase 1 on F⁺ until x = 0 (scipy event), phase 2 on the sliding ODE for y alone
    p1 = _scipy(lambda t, u: [-1 - u[1] ** 2, 1.0], 0, [0.6, 0.0], 3.0, lambda t, u: u[0])
    t1, y1 = p1.t_events[0][0], p1.y_events[0][0][1]

    def slide(t, u):
        lam = 0.5 / (1.5 + u[0] ** 2)
        return [(1 - lam) * (2 - u[0]) + lam * 1.0]

    p2 = _scipy(slide, t1, [y1], 3.0)
    assert abs(sol.switches.t[0] - t1) <= 1e-9
    for k, t in enumerate(te):
        want = p1.sol(t) if t <= t1 else np.array([0.0, p2.sol(t)[0]])
        assert np.all(np.abs(sol.y_eval[0, k] - want) <= ALLOW), (t, sol.y_eval[0, k], want)
    assert sol.multipliers[0, 0] == pytest.approx(0.5 / (1.5 + sol.y[0, 1] ** 2), rel=1e-9)


def test_tangent_inactive_side_is_a_frozen_pair():
    # σ'(0) = 0 on orthogonal data: the inactive side is exactly tangent (ż⁻ = 0), the active
    # side points in. The minimal-norm element is λ = 0 and the pair stays on the kink.
    def fp(t, Y):
        return np.stack([-np.ones(len(Y)), 2 * np.ones(len(Y))], 1)

    def fm(t, Y):
        return np.stack([np.zeros(len(Y)), np.ones(len(Y))], 1)

    sol = solve(_one_surface(fp, fm), [[0.5, 0.0]], 4.0, rtol=RTOL, atol=ATOL,
                t_eval=[1.0, 4.0])
    assert list(sol.switches.kind) == ["slide"] and sol.modes[0, 0] == 0
    assert abs(sol.y_eval[0, 1, 0]) <= 8 * np.finfo(float).eps
    assert sol.y_eval[0, 1, 1] == pytest.approx(2 * 0.5 + 1 * 3.5, abs=ALLOW)


def test_transversal_crossing_matches_phase_oracle():
    # both sides point the same way (ẋ = −1): the surface is crossed at t = x0 and the
    # y-dynamics switch from growth to decay there
    def fp(t, Y):
        return np.stack([-np.ones(len(Y)), Y[:, 1]], 1)

    def fm(t, Y):
        return np.stack([-np.ones(len(Y)), -Y[:, 1]], 1)

    sol = solve(_one_surface(fp, fm), [[0.7, 1.0]], 2.0, rtol=RTOL, atol=ATOL, t_eval=[2.0])
    assert list(sol.switches.kind) == ["cross"] and sol.modes[0, 0] == -1
    assert abs(sol.switches.t[0] - 0.7) <= 1e-9
    want_y = math.exp(0.7) * math.exp(-1.3)
    assert sol.y_eval[0, 0, 1] == pytest.approx(want_y, abs=ALLOW)
    assert sol.y_eval[0, 0, 0] == pytest.approx(-1.3, abs=ALLOW)


def test_two_kinks_at_once_slide_on_their_intersection():
    # ẋ1 = 0.6 − 1.6λ1 + 0.2λ2, ẋ2 = 0.4 + 0.3λ1 − 1.5λ2, ẏ = 1 + λ1 + 2λ2: both surfaces
    # are reached together at t = 1.25 and the sliding multipliers solve a coupled 2×2 system.
    def field(t, Y, idx, lam):
        l1, l2 = lam[:, 0], lam[:, 1]
        return np.stack([0.6 - 1.6 * l1 + 0.2 * l2, 0.4 + 0.3 * l1 - 1.5 * l2,
                         1 + l1 + 2 * l2], 1)

    system = PiecewiseSmooth(field, lambda t, Y, i: (Y[:, :2], np.ones((len(Y), 2))),
                             lambda t, Y, F, i: (F[:, :2], np.full((len(Y), 2), 2.0)), 2)
    sol = solve(system, [[1.0, 1.0, 0.0]], 3.0, rtol=RTOL, atol=ATOL, t_eval=[1.0, 3.0])
    lam = np.linalg.solve([[-1.6, 0.2], [0.3, -1.5]], [-0.6, -0.4])
    assert np.all((0 < lam) & (lam < 1))
    assert list(sol.modes[0]) == [0, 0]
    np.testing.assert_allclose(sol.switches.t, [1.25, 1.25], atol=1e-9)
    np.testing.assert_allclose(sol.multipliers[0], lam, rtol=1e-9)
    y3 = 4 * 1.25 + (1 + lam[0] + 2 * lam[1]) * 1.75
    assert sol.y_eval[0, 1, 2] == pytest.approx(y3, abs=ALLOW)
    assert np.all(np.abs(sol.y_eval[0, 1, :2]) <= 1e-14)


def test_decoupled_kinks_take_the_diagonal_route_and_coupled_ones_do_not():
    # A Jacobian diagonal up to float64 rounding (orthogonal inputs) is solved by division;
    # a coupling above rounding must still go through the pseudo-inverse, or the two-kink
    # test above would get λ = (0.375, 0.267) instead of the coupled solution.
    from numeric.ode._filippov import _decoupled

    eps = np.finfo(float).eps
    D = np.array([[[-1.6, 2 * eps], [-eps, -1.5]]])
    assert _decoupled(D, np.diagonal(D, axis1=1, axis2=2))
    C = np.array([[[-1.6, 1e-12], [0.0, -1.5]]])
    assert not _decoupled(C, np.diagonal(C, axis1=1, axis2=2))

    def field(t, Y, idx, lam):
        l1, l2 = lam[:, 0], lam[:, 1]
        return np.stack([0.6 - 1.6 * l1 + 2 * eps * l2, 0.4 - 1.5 * l2, 1 + l1 + 2 * l2], 1)

    system = PiecewiseSmooth(field, lambda t, Y, i: (Y[:, :2], np.ones((len(Y), 2))),
                             lambda t, Y, F, i: (F[:, :2], np.full((len(Y), 2), 2.0)), 2)
    sol = solve(system, [[1.0, 1.0, 0.0]], 4.0, rtol=RTOL, atol=ATOL, t_eval=[4.0])
    assert list(sol.modes[0]) == [0, 0]
    # λ_i = a_i / |M_ii| to rounding of the dropped 2ε coupling
    np.testing.assert_allclose(sol.multipliers[0], [0.6 / 1.6, 0.4 / 1.5], rtol=4 * eps)


def test_exit_from_sliding_when_the_multiplier_reaches_its_bound():
    # y is a clock (ẏ = 1). F⁺ = (−1, 1), F⁻ = (1 − y/2, 1): sliding from t = 0.5 with
    # λ* = (1 − y/2)/(2 − y/2), which reaches 0 at t = 2; then x = −(t − 2)²/4 on the
    # negative side.
    def fp(t, Y):
        return np.stack([-np.ones(len(Y)), np.ones(len(Y))], 1)

    def fm(t, Y):
        return np.stack([1 - Y[:, 1] / 2, np.ones(len(Y))], 1)

    sol = solve(_one_surface(fp, fm), [[0.5, 0.0]], 4.0, rtol=RTOL, atol=ATOL,
                t_eval=[1.5, 3.0, 4.0])
    assert list(sol.switches.kind) == ["slide", "exit"] and sol.modes[0, 0] == -1
    assert abs(sol.switches.t[0] - 0.5) <= 1e-9
    # exit located where λ* = 0: the multiplier's slope there is −1/4 per unit time, and it
    # is located on the dense output, so its time error is ~ the local tolerance · 4
    assert abs(sol.switches.t[1] - 2.0) <= 1e-6
    assert abs(sol.y_eval[0, 0, 0]) <= 1e-14
    np.testing.assert_allclose(sol.y_eval[0, 1:, 0], [-0.25, -1.0], atol=1e-6)


def test_repelling_kink_leaves_to_the_steeper_side():
    # a start exactly on a kink whose one-sided fields both point away: non-unique; the
    # convention leaves to the side with the larger |F| (here the positive side)
    def fp(t, Y):
        return np.stack([2 * np.ones(len(Y)), np.zeros(len(Y))], 1)

    def fm(t, Y):
        return np.stack([-np.ones(len(Y)), np.zeros(len(Y))], 1)

    sol = solve(_one_surface(fp, fm), [[0.0, 0.0]], 1.0, rtol=RTOL, atol=ATOL)
    assert sol.modes[0, 0] == 1 and sol.y[0, 0] == pytest.approx(2.0, abs=ALLOW)


# --- a real network: leaky ReLU, transversal crossings, against scipy per phase --------------
def _phase_oracle_twolayer(W0, v0, X, y, alpha, T):
    """Switched-system oracle: scipy DOP853 on each fixed pattern, a terminal event on every
    pre-activation; valid for transversal crossings only (asserted by the caller)."""
    h, D = W0.shape

    def rhs(pattern):
        d = np.where(pattern, 1.0, alpha)

        def f(t, u):
            W, v = u[: h * D].reshape(h, D), u[h * D:]
            Z = X @ W.T
            r = (Z * d) @ v - y  # square loss, summed
            gv = (Z * d).T @ r
            gW = v[:, None] * ((d * r[:, None]).T @ X)
            return -np.concatenate([gW.ravel(), gv])

        return f

    u = np.concatenate([W0.ravel(), v0])
    t = 0.0
    times = []
    while True:
        pattern = (X @ u[: h * D].reshape(h, D).T) > 0
        evs = []
        for i in range(X.shape[0]):
            for j in range(h):
                def ev(tt, uu, i=i, j=j):
                    return X[i] @ uu[j * D:(j + 1) * D]
                ev.terminal = True
                evs.append(ev)
        sol = solve_ivp(rhs(pattern), (t, T), u, method="DOP853", rtol=1e-12, atol=1e-14,
                        events=evs)
        hits = [te[0] for te in sol.t_events if te.size]
        u = sol.y[:, -1]
        if not hits:
            return u, times
        t = min(hits)
        times.append(t)
        # step just past the kink on the new branch
        u = u + 1e-13 * rhs(pattern)(t, u)


def test_leaky_relu_gradient_flow_matches_phase_oracle():
    from numeric._twolayer import SQUARE, gradient_flow, leaky_relu

    rng = np.random.default_rng(np.random.SeedSequence(20261201))
    for _ in range(20):
        X = rng.normal(size=(4, 3))
        y = rng.normal(size=4)
        W0, v0 = rng.normal(size=(2, 3)), rng.normal(size=2)
        tr = gradient_flow(W0, v0, X, y, [0.0, 1.5], loss=SQUARE, act=leaky_relu(0.2),
                           rtol=RTOL, atol=ATOL)
        if len(tr.events) >= 1:
            break
    assert len(tr.events) >= 1
    u, times = _phase_oracle_twolayer(W0, v0, X, y, 0.2, 1.5)
    np.testing.assert_allclose(np.sort(tr.events.t), times, atol=1e-8)
    got = np.concatenate([tr.W[-1].ravel(), tr.v[-1]])
    assert np.all(np.abs(got - u) <= 1e-7 * (1 + np.abs(u)))


# --- the smooth core --------------------------------------------------------------------------
def test_order_of_convergence_is_five():
    # harmonic oscillator, constant steps: the global error (2-norm) falls like h^5
    hs = np.array([0.4, 0.2, 0.1, 0.05])
    errs = []
    for h in hs:
        s = solve(lambda t, y, i: np.stack([y[:, 1], -y[:, 0]], 1), [[1.0, 0.0]], 5.0,
                  controller=ConstantStep(h))
        errs.append(math.hypot(s.y[0, 0] - math.cos(5.0), s.y[0, 1] + math.sin(5.0)))
    slope = np.polyfit(np.log(hs), np.log(errs), 1)[0]
    assert abs(slope - 5.0) <= 0.3, slope


def test_dense_output_records_without_clipping_steps():
    sol = solve(lambda t, y, i: -y, [[1.0]], 5.0, rtol=RTOL, atol=ATOL,
                t_eval=np.linspace(0, 5, 501))
    coarse = solve(lambda t, y, i: -y, [[1.0]], 5.0, rtol=RTOL, atol=ATOL)
    assert sol.n_steps[0] == coarse.n_steps[0]  # t_eval does not shorten steps
    np.testing.assert_allclose(sol.y_eval[0, :, 0], np.exp(-np.linspace(0, 5, 501)), atol=ALLOW)


def test_events_direction_and_terminal():
    sol = solve(lambda t, y, i: np.stack([y[:, 1], -y[:, 0]], 1), [[1.0, 0.0]], 10.0,
                rtol=RTOL, atol=ATOL,
                events=[Event("down", lambda t, y, i: y[:, 0] - 0.9, direction=-1),
                        Event("up", lambda t, y, i: -y[:, 1] - 0.5, direction=1, terminal=True),
                        Event("late", lambda t, y, i: -y[:, 0] - 0.5)])
    # cos t falls through 0.9 at acos(0.9); sin t rises through 0.5 at π/6 and stops the run
    assert sol.events["down"][0] == pytest.approx(math.acos(0.9), abs=1e-9)
    assert sol.events["up"][0] == pytest.approx(math.pi / 6, abs=1e-9)
    assert sol.status[0] == Status.TERMINAL_EVENT and sol.t[0] == pytest.approx(math.pi / 6)
    assert math.isnan(sol.events["late"][0])  # after the terminal event: never reached
    with pytest.raises(ValueError, match="already satisfied"):
        solve(lambda t, y, i: -y, [[1.0]], 1.0, events=[Event("e", lambda t, y, i: y[:, 0])])


def test_batched_equals_sequential():
    lam = np.array([-1.0, 0.3, -2.5])

    def f(t, y, idx):
        return lam[idx, None] * y + np.sin(t)[:, None]

    batch = solve(f, np.ones((3, 2)), 4.0, rtol=RTOL, atol=ATOL, t_eval=[1.0, 4.0])
    for i in range(3):
        one = solve(lambda t, y, idx, i=i: f(t, y, np.full(idx.size, i)), np.ones((1, 2)), 4.0,
                    rtol=RTOL, atol=ATOL, t_eval=[1.0, 4.0])
        assert np.array_equal(one.y_eval[0], batch.y_eval[i])  # bit for bit
        assert one.n_steps[0] == batch.n_steps[i]


def test_batched_filippov_flow_equals_sequential():
    # sliding rows solve their multipliers in a padded batch; the padding size depends on the
    # batch, so rows agree to rounding (not bitwise) — 1e-12 relative is ~1e4 ulps of slack
    from numeric._twolayer import gradient_flow, square_loss

    rng = np.random.default_rng(np.random.SeedSequence(7))
    q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    X = q[:4] * np.array([1.0, 1.5, 0.8, 1.2])[:, None]
    y = np.array([1.0, 0.5, -0.7, -0.4])
    W = 1e-3 * rng.normal(size=(3, 6, 5))
    v = np.sign(rng.normal(size=(3, 6))) * np.linalg.norm(W, axis=-1)
    te = np.linspace(0, 30, 7)
    batch = gradient_flow(W, v, X, y, te, loss=square_loss(), rtol=1e-9)
    assert len(batch.events) > 0
    for b in range(3):
        one = gradient_flow(W[b], v[b], X, y, te, loss=square_loss(), rtol=1e-9)
        np.testing.assert_allclose(one.W, batch.W[:, b], rtol=1e-12, atol=1e-15)


# --- bad input and failures -------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, name", [
    ({"rtol": 0.0}, "rtol"), ({"rtol": -1e-8}, "rtol"), ({"atol": 0.0}, "atol"),
    ({"t_eval": [0.0, 0.5, 0.5]}, "t_eval"), ({"t_eval": [1.0, 0.5]}, "t_eval"),
    ({"y0": [[np.nan]]}, "y0"), ({"y0": [[np.inf]]}, "y0"), ({"t_end": 0.0}, "t_end"),
    ({"max_steps": 0}, "max_steps"),
])
def test_bad_input_names_the_argument(kwargs, name):
    args = {"y0": [[1.0]], "t_end": 1.0}
    args.update(kwargs)
    y0, t_end = args.pop("y0"), args.pop("t_end")
    with pytest.raises(ValueError, match=name):
        solve(lambda t, y, i: -y, y0, t_end, **args)


def test_running_out_of_steps_is_a_status_not_a_hang():
    sol = solve(lambda t, y, i: np.stack([y[:, 1], -y[:, 0]], 1), [[1.0, 0.0]], 100.0,
                max_steps=5)
    assert sol.status[0] == Status.MAX_STEPS and not sol.success
    with pytest.raises(ode.IntegrationError, match="max_steps"):
        sol.raise_on_failure("test")


def test_out_of_steps_makes_a_claim_inconclusive_with_the_reason():
    from numeric._twolayer import RELU, SQUARE, gradient_flow
    from proofs_checks import Citation, Claim, Evidence
    from proofs_checks._engine import run_claim

    def check(params, ctx):
        tr = gradient_flow(np.ones((1, 2)), np.ones(1), np.eye(2), np.ones(2), [0.0, 50.0],
                           loss=SQUARE, act=RELU, max_steps=3)
        return Evidence.agree(float(tr.loss[-1]), 0.0, atol=1.0, reason="never reached")

    claim = Claim(id="toy.out_of_steps", title="t", statement="s",
                  citation=Citation("toy", "0000.00000"), source="R", method="ode", check=check,
                  cases=lambda p: [{}])
    res = run_claim(claim, profile="quick", seed=1, twins=False)
    assert res.verdict == "inconclusive" and "max_steps" in (res.error or "")


def test_a_switched_system_without_sliding_fails_the_sliding_oracle(monkeypatch):
    """The check can fail: replace the classification by the naive switched-system rule
    (always cross to the far side, never slide) and the sliding oracle rejects the result."""
    from numeric.ode import _filippov

    def naive(self, t, y, rows, cand):
        md = self.modes[rows]
        new = np.where(cand, -np.where(md == 0, 1, md), md).astype(np.int8)
        self.modes[rows] = new
        self.lam[rows] = (new == 1).astype(float)

    monkeypatch.setattr(_filippov._FilippovTerm, "_classify", naive)

    def fp(t, Y):
        return np.stack([-np.ones(len(Y)), 2 * np.ones(len(Y))], 1)

    def fm(t, Y):
        return np.stack([0.5 * np.ones(len(Y)), np.ones(len(Y))], 1)

    sol = solve(_one_surface(fp, fm), [[0.5, 0.0]], 2.0, rtol=RTOL, atol=ATOL, max_steps=2000)
    lam = 0.5 / 1.5  # the Filippov multiplier; sliding y' = 1 + λ
    want_y = 2 * 0.5 + (1 + lam) * 1.5
    assert (not sol.success) or abs(sol.y[0, 1] - want_y) > 1e3 * ALLOW


def test_crossing_roots_on_the_surface_polynomial():
    # quartics z(s) = z0 + h(E0 s + E1 s² + E2 s³ + E3 s⁴) with one sign change on (0, 1): the
    # safeguarded Newton lands past the root (g >= 0) within the band, at numpy.roots' root
    from numeric.ode._filippov import _SurfacePolynomial

    rng = np.random.default_rng(np.random.SeedSequence(5))
    n = 400
    roots = rng.uniform(0.01, 0.99, n)
    c = rng.uniform(-0.3, 0.3, (n, 3))
    # z(s) = (s − root)(1 + c0 s + c1 s² + c2 s³) > 0 factor, so a single crossing
    coef = np.stack([np.ones(n), c[:, 0], c[:, 1], c[:, 2]], axis=1)  # of s^0..s^3
    full = np.zeros((n, 5))
    full[:, 1:] += coef
    full[:, :4] -= roots[:, None] * coef
    h = rng.uniform(0.1, 2.0, n)
    z0, E = full[:, 0], (full[:, 1:] / h[:, None]).T
    band = np.full(n, 1e-13)
    poly = _SurfacePolynomial(E, z0, h, np.ones(n), band)
    s, ok = poly.roots()
    assert ok.all()
    g, _ = poly(s, np.arange(n))
    assert np.all(g >= 0) and np.all(g <= band)
    assert np.max(np.abs(s - roots)) < 1e-12

"""Lee–Sim–Ye (lee2022.*): the batched reduced-ODE integrator and every claim with its twins."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from numeric import (
    Event,
    converged_event,
    integrate_batch,
    loss_below_event,
    r_level_event,
    reduced_rhs,
    solve_batch,
    theta_to_z,
    z_to_angles,
)
from proofs_checks import PROFILES, Context
from proofs_checks.papers import lee2022 as M

QUICK = PROFILES["quick"]


# --- integrator ------------------------------------------------------------------------------

def _random_problems(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    r0 = np.exp(rng.uniform(np.log(1e-2), np.log(5.0), n))
    phi0 = rng.uniform(0.05, math.pi - 0.05, n)
    L = rng.integers(1, 5, n)
    kappa = rng.uniform(0.3, 3.0, n)
    return r0, phi0, L, kappa


def _scipy_one(r0, phi0, L, kappa, T, rtol, atol):
    z0 = -math.log(math.tan(phi0 / 2))

    def f(t, y):
        dl, dz = reduced_rhs(y[0], y[1], L, kappa)
        return [dl, dz]

    return solve_ivp(f, (0, T), [math.log(r0), z0], method="DOP853", rtol=rtol, atol=atol)


def test_matches_solve_ivp_to_tolerance():
    r0, phi0, L, kappa = _random_problems(40)
    T, rtol, atol = 15.0, 1e-9, 1e-11
    sol = integrate_batch(r0, phi0, depth=L, kappa=kappa, t_end=T, rtol=rtol, atol=atol)
    assert sol.raw.success
    for i in range(0, 40, 4):
        ref = _scipy_one(r0[i], phi0[i], L[i], kappa[i], T, 1e-13, 1e-15)
        err = np.abs(ref.y[:, -1] - sol.raw.y[i])
        # global error within 10× the local tolerance (the allowance used by the claims)
        assert np.all(err <= 10 * (atol + rtol * np.abs(ref.y[:, -1]))), (i, err)


def test_same_steps_as_scipy_rk45():
    """Same tableau and error norm as scipy's RK45: with the PI controller's integral gain set
    to 0 (scipy's pure I-controller) the step sequence is scipy's; the default PI control
    takes a similar number of steps to the same accuracy."""
    from numeric.ode import PIController, solve

    def f(t, y):
        dl, dz = reduced_rhs(y[0], y[1], 2.0, 1.0)
        return [dl, dz]

    def fb(t, y, idx):
        return np.stack(reduced_rhs(y[:, 0], y[:, 1], 2.0, 1.0), axis=1)

    ref = solve_ivp(f, (0, 10), [math.log(0.3), 0.4], method="RK45", rtol=1e-8, atol=1e-10)
    y0 = [[math.log(0.3), 0.4]]
    as_scipy = solve(fb, y0, 10.0, rtol=1e-8, atol=1e-10, controller=PIController(beta=0.0))
    assert abs(as_scipy.n_steps[0] - (ref.t.size - 1)) <= 2
    assert np.allclose(as_scipy.y[0], ref.y[:, -1], rtol=1e-8, atol=1e-9)
    sol = integrate_batch(0.3, theta0=2 * math.atan(math.exp(0.4)), depth=2, t_end=10.0,
                          rtol=1e-8, atol=1e-10)
    assert abs(sol.raw.n_steps[0] - (ref.t.size - 1)) <= 0.15 * ref.t.size
    assert np.allclose(sol.raw.y[0], ref.y[:, -1], rtol=1e-8, atol=1e-9)


def test_batch_equals_single_and_is_deterministic():
    r0, phi0, L, kappa = _random_problems(12, seed=3)
    grid = np.linspace(0, 8, 9)
    batch = integrate_batch(r0, phi0, depth=L, kappa=kappa, t_end=8.0, t_eval=grid)
    again = integrate_batch(r0, phi0, depth=L, kappa=kappa, t_end=8.0, t_eval=grid)
    assert np.array_equal(batch.raw.y, again.raw.y)
    assert np.array_equal(batch.raw.y_eval, again.raw.y_eval, equal_nan=True)
    for i in (0, 5, 11):
        one = integrate_batch(r0[i], phi0[i], depth=L[i], kappa=kappa[i], t_end=8.0, t_eval=grid)
        assert np.array_equal(one.raw.y[0], batch.raw.y[i])
        assert np.array_equal(one.raw.y_eval[0], batch.raw.y_eval[i])


def test_dense_output_accuracy():
    sol = integrate_batch([0.5, 2.0], theta0=[2.0, 1.0], t_end=10.0, rtol=1e-10, atol=1e-12,
                          t_eval=np.linspace(0, 10, 37))
    for i, (r0, th0) in enumerate([(0.5, 2.0), (2.0, 1.0)]):
        z0 = float(theta_to_z(th0))

        def f(t, y):
            dl, dz = reduced_rhs(y[0], y[1], 1.0, 1.0)
            return [dl, dz]

        ref = solve_ivp(f, (0, 10), [math.log(r0), z0], method="DOP853", rtol=1e-13,
                        atol=1e-15, t_eval=np.linspace(0, 10, 37))
        assert np.max(np.abs(sol.raw.y_eval[i].T - ref.y)) < 1e-8


def test_events_located_and_single_neuron_exact_case():
    # φ0 = π (aligned): d ln r/dt = κ(1/2 − r/2) ⇒ r(t) = 1 − (1 − r0)e^{−κt/2}; solve r = 0.9.
    r0, kappa = 0.2, 1.3
    t_exact = 2 / kappa * math.log((1 - r0) / (1 - 0.9))
    sol = integrate_batch(r0, math.pi, kappa=kappa, t_end=50.0, rtol=1e-10, atol=1e-12,
                          events=[r_level_event(0.9, terminal=True)])
    t_ev = sol.events["r>=0.9"][0]
    assert abs(t_ev - t_exact) <= 1e-8 * t_exact
    assert sol.status[0] == 1 and abs(sol.t[0] - t_ev) < 1e-12
    assert abs(sol.r[0] - 0.9) < 1e-9


def test_loss_event_exact_case():
    # φ0 = π: 𝓛 = κ(1 − r)²/4 = κ(1 − r0)² e^{−κt}/4, so 𝓛 = ℓ at t = ln(κ(1 − r0)²/(4ℓ))/κ.
    r0, kappa, level = 0.1, 0.7, 1e-4
    t_exact = math.log(kappa * (1 - r0) ** 2 / (4 * level)) / kappa
    sol = integrate_batch(r0, math.pi, kappa=kappa, t_end=100.0, rtol=1e-10, atol=1e-12,
                          events=[loss_below_event(level, name="loss")])
    assert abs(sol.events["loss"][0] - t_exact) <= 1e-7 * t_exact
    assert sol.status[0] == 0  # not terminal: ran on to t_end


def test_event_matches_the_recorded_escape_times():
    sol = integrate_batch(0.01, theta0=2.0, depth=3, t_end=1e4, rtol=1e-10,
                          events=[r_level_event(0.9), converged_event()])
    assert abs(sol.events["r>=0.9"][0] - 439.0) < 0.1  # docs/theory/lee2022.md, 'P6: escape times'
    assert abs(sol.events["converged"][0] - 445) < 1  # ibid., the convergence-time table


def test_event_already_satisfied_is_refused():
    with pytest.raises(ValueError, match="already satisfied"):
        integrate_batch([0.5, 0.95], theta0=1.0, t_end=5.0, events=[r_level_event(0.9)])
    with pytest.raises(ValueError, match="already satisfied"):
        integrate_batch(1.0, math.pi, t_end=5.0, events=[loss_below_event(0.1)])


def test_monitors_record_min_margin_at_every_step():
    seen = []

    def mon(v):
        seen.append(v.t.copy())
        return v.log_r - v.log_r_prev  # ≥ 0 from a small init

    sol = integrate_batch([0.05, 0.1], theta0=1.0, t_end=10.0, monitors={"growth": mon})
    assert len(seen) == sol.raw.n_steps.max() + 1  # t0 plus every accepted step
    assert np.all(sol.monitor_min["growth"] >= -1e-12)
    big = integrate_batch(3.0, theta0=3.0, t_end=30.0,
                          monitors=[lambda v: v.log_r, lambda v: -v.log_r])
    assert set(big.monitor_min) == {"monitor0", "monitor1"}  # anonymous monitors kept apart
    assert abs(math.exp(big.monitor_min["monitor0"][0]) - 0.0577) < 1e-3  # 'P5: monotone growth'
    assert abs(math.exp(-big.monitor_min["monitor1"][0]) - 3.0) < 1e-12  # max r is r0


def test_stable_angle_variables():
    z = np.array([-800.0, -40.0, 0.0, 40.0, 800.0, -np.inf, np.inf])
    theta, phi = z_to_angles(z)
    assert theta[0] == 0.0 and theta[-2] == 0.0 and phi[-1] == 0.0
    assert abs(theta[1] - 2 * math.exp(-40)) <= 1e-30  # no cancellation near θ = 0
    assert np.allclose(theta + phi, math.pi)
    assert theta_to_z(0.0) == -np.inf and theta_to_z(math.pi) == np.inf
    # invariant set φ = 0 integrates exactly: r = r0 e^{−t/2}
    sol = integrate_batch(0.8, 0.0, t_end=10.0)
    assert sol.z[0] == np.inf and abs(sol.r[0] / (0.8 * math.exp(-5)) - 1) < 1e-12


def test_generic_solver_linear_system():
    lam = np.array([-1.0, -0.5, 0.3])
    sol = solve_batch(lambda t, y, idx: lam[idx, None] * y, np.ones((3, 1)), 4.0, rtol=1e-10,
                      atol=1e-12)
    assert np.allclose(sol.y[:, 0], np.exp(4 * lam), rtol=1e-8)
    ev = Event("half", lambda t, y, idx: 0.5 - y[:, 0], terminal=True)
    sol = solve_batch(lambda t, y, idx: -y, np.ones((1, 1)), 5.0, events=[ev])
    assert abs(sol.events["half"][0] - math.log(2)) < 1e-8


@pytest.mark.parametrize("kwargs, match", [
    ({"r0": -1.0, "phi0": 1.0}, "r0"),
    ({"r0": 1.0, "phi0": 4.0}, "phi0"),
    ({"r0": 1.0, "theta0": -0.1}, "theta0"),
    ({"r0": 1.0, "phi0": 1.0, "theta0": 1.0}, "exactly one"),
    ({"r0": 1.0, "phi0": 1.0, "depth": 0}, "depth"),
    ({"r0": 1.0, "phi0": 1.0, "depth": 1.5}, "depth"),
    ({"r0": 1.0, "phi0": 1.0, "kappa": 0.0}, "kappa"),
    ({"r0": [1.0, 2.0], "phi0": [1.0, 2.0, 3.0]}, "broadcast"),
    ({"r0": float("nan"), "phi0": 1.0}, "r0"),
    ({"r0": 1.0, "phi0": 1.0, "rtol": 1e-20}, "rtol"),
    ({"r0": 1.0, "phi0": 1.0, "atol": -1}, "atol"),
    ({"r0": 1.0, "phi0": 1.0, "t_eval": [2.0, 1.0]}, "t_eval"),
    ({"r0": 1.0, "phi0": 1.0, "monitors": [3]}, "monitor"),
    ({"r0": 1.0, "phi0": 1.0, "events": ["x"]}, "events"),
    ({"r0": 1.0, "phi0": 1.0, "max_steps": 0}, "max_steps"),
])
def test_bad_input_names_the_argument(kwargs, match):
    kwargs.setdefault("t_end", 1.0)
    with pytest.raises(ValueError, match=match):
        integrate_batch(**kwargs)


def test_bad_t_end_and_y0():
    with pytest.raises(ValueError, match="t_end"):
        integrate_batch(1.0, 1.0, t_end=0.0)
    with pytest.raises(ValueError, match="y0"):
        solve_batch(lambda t, y, i: y, [1.0, 2.0], 1.0)
    with pytest.raises(ValueError, match="events"):
        solve_batch(lambda t, y, i: y, [[1.0]], 1.0, events=["x"])


# --- claims ----------------------------------------------------------------------------------

CLAIMS = {c.id: c for c in M.ALL}


def _cases(claim):
    return claim.pinned_cases(QUICK)  # cases, or a domain's pinned examples, or [None]


def _statuses(claim, seed=0):
    ctx = Context(QUICK, seed, claim.id)
    return [claim.evaluate(p, ctx).status for p in _cases(claim)]


def test_all_rows_registered_with_twins():
    # 21 reconstructed checks (the cross moment by quadrature and MC, g increasing) + P7
    assert len(M.ALL) == 23
    for c in M.ALL:
        assert c.id.startswith("lee2022.")
        assert c.twins, c.id
        assert c.citation.arxiv == "2209.13394"
        assert "unavailable" in c.notes


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_claim_holds_and_twins_are_violated(claim_id):
    claim = CLAIMS[claim_id]
    st = _statuses(claim)
    assert all(s == "holds" for s in st), (claim_id, st)
    for tw in claim.twins:
        st = _statuses(tw)
        assert "violated" in st, (tw.id, st)


def test_plots_render(tmp_path):
    """Envelope and scaling claims draw a PNG (matplotlib Agg) from the cached evidence."""
    for cid in ("lee2022.envelope_one_layer", "lee2022.escape_time_scaling"):
        png = tmp_path / f"{cid}.png"
        CLAIMS[cid].plot(None, Context(QUICK, 0, cid), str(png))
        assert png.stat().st_size > 1000
    assert CLAIMS["lee2022.envelope_deep"].plot is not None

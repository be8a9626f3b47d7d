"""Small-initialisation gradient flow of homogeneous two-layer nets (Kumar & Haupt), by composition.

Everything here is built on the shared finite-data module :mod:`numeric._twolayer`: its
Activation objects (sigma, sigma', degree), its ``gradient_flow``/``gd`` (conservation and
zero-preservation checks), and the integrator core (:mod:`numeric.ode`, events located on its
dense output), fed here with other right-hand sides, notably the exact rescaled ODE

    w = delta s,  tau = delta^(L-2) t:
    ds/dtau = grad N(s) - delta^L sum_i H(x_i; s) grad H(x_i; s),

where N(s) = y.H(X; s) is the neural correlation function (NCF). After the escape from the origin
the flow is stiff (it settles on a saddle), so it is handed to scipy's LSODA.

The blow-up time of the NCF flow (delta = 0) is computed without integrating towards infinity: in
the time kappa with d kappa = |s|^(L-2) d tau the unit direction u follows the projected flow
du/dkappa = grad N(u) - L N(u) u, ln|s| grows at rate L N(u) and tau(kappa) = int |s|^(2-L), whose
tail beyond kappa_max is |s|^(2-L) / ((L-2) L N(u)).

Parameter order (as in docs/theory/kumar2025.md): two-layer nets ``[v (m), U (m x d) row-major]``;
the L = 2
quadratic model ``H = sum_j a_j (w_j.x)^2`` with fixed signs a_j has ``W (m x d) row-major``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from . import _twolayer as tl, ode
from ._validate import as_float_array, finite_scalar, positive_int

__all__ = [
    "EscapeRun",
    "HomogeneousNet",
    "SphereFlow",
    "blowup_time",
    "escape_run",
    "first_crossing",
    "integrate",
    "kkt_residual",
    "ncf_flow_until",
    "ncf_sphere_flow",
    "neuron_blowup_times",
    "projected_ascent",
    "rebalance",
    "restricted_stationary_point",
    "setup_p2",
    "setup_p3",
    "setup_r2",
    "square_nstar",
    "single_neuron_nstar",
]

# ---------------------------------------------------------------------------------------------
# the network
@dataclass(frozen=True)
class HomogeneousNet:
    """A positively homogeneous net on fixed data: two-layer ``sum_j v_j act(u_j.x)`` or, when
    ``signs`` is given, the L = 2 quadratic model ``sum_j a_j (w_j.x)^2`` (second layer fixed)."""

    name: str
    X: np.ndarray
    y: np.ndarray
    m: int
    act: tl.Activation | None = None
    signs: np.ndarray | None = None

    def __post_init__(self) -> None:
        X = as_float_array("X", self.X, min_ndim=2)
        y = as_float_array("y", self.y, min_ndim=1)
        if X.ndim != 2 or y.shape != (X.shape[0],):
            raise ValueError(f"X must be (n, d) and y (n,), got {X.shape} and {y.shape}")
        positive_int("m", self.m)
        if (self.act is None) == (self.signs is None):
            raise ValueError("give exactly one of act (two-layer net) or signs (quadratic model)")
        if self.act is not None and (self.act.degree is None or self.act.degree < 1):
            raise ValueError("act must be positively homogeneous (act.degree >= 1)")
        if self.signs is not None:
            s = as_float_array("signs", self.signs, min_ndim=1)
            if s.shape != (self.m,) or not np.all(np.abs(s) == 1.0):
                raise ValueError(f"signs must be +1/-1 with shape ({self.m},)")
            object.__setattr__(self, "signs", s)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)

    # -- sizes -------------------------------------------------------------------------------
    @property
    def d(self) -> int:
        return int(self.X.shape[1])

    @property
    def p(self) -> float:
        """Homogeneity degree of the activation (2 for the quadratic model's square)."""
        return 2.0 if self.act is None else float(self.act.degree)

    @property
    def L(self) -> float:
        """Homogeneity degree of H in all trained weights."""
        return 2.0 if self.act is None else float(self.act.degree) + 1.0

    @property
    def k(self) -> int:
        return self.m * self.d + (0 if self.act is None else self.m)

    def with_labels(self, y) -> HomogeneousNet:
        """The same net on other labels (e.g. -y, or a residual)."""
        return replace(self, y=np.asarray(y, float))

    def neuron_slices(self) -> list[np.ndarray]:
        """Indices of each neuron's weights (v_j and u_j, or w_j) in the flat parameter vector."""
        m, d = self.m, self.d
        off = 0 if self.act is None else m
        out = []
        for j in range(m):
            idx = list(range(off + j * d, off + (j + 1) * d))
            if self.act is not None:
                idx = [j, *idx]
            out.append(np.array(idx))
        return out

    def neuron_norms(self, theta) -> np.ndarray:
        """Per-neuron Euclidean norms ``|(v_j, u_j)|``, shape (..., m)."""
        th = np.asarray(theta, float)
        return np.stack([np.linalg.norm(th[..., s], axis=-1) for s in self.neuron_slices()], -1)

    def _check(self, theta) -> np.ndarray:
        th = as_float_array("theta", theta, min_ndim=1)
        if th.shape[-1] != self.k:
            raise ValueError(f"theta must have {self.k} entries on its last axis, got {th.shape}")
        return th

    def _split(self, th):
        m, d = self.m, self.d
        if self.act is None:
            return None, th.reshape(*th.shape[:-1], m, d)
        return th[..., :m], th[..., m:].reshape(*th.shape[:-1], m, d)

    # -- outputs and pull-backs ----------------------------------------------------------------
    def outputs(self, theta) -> np.ndarray:
        """H(X; theta), shape (..., n)."""
        return self._outputs(self._check(theta))

    def pullback(self, theta, r) -> np.ndarray:
        """``sum_i r_i grad_theta H(x_i; theta)`` for a residual r (..., n), shape (..., k)."""
        th = self._check(theta)
        ra = as_float_array("r", r)
        return self._pullback(th, np.broadcast_to(ra, th.shape[:-1] + (self.X.shape[0],)))

    def outputs_unchecked(self, theta: np.ndarray) -> np.ndarray:
        """:meth:`outputs` without validation, for ODE right-hand sides (validation was ~10x
        the arithmetic): ``theta`` must be a float array (..., k)."""
        return self._outputs(theta)

    def pullback_unchecked(self, theta: np.ndarray, r: np.ndarray) -> np.ndarray:
        """:meth:`pullback` without validation: float ``theta`` (..., k) and ``r`` (..., n)
        of matching leading shape."""
        return self._pullback(theta, r)

    # unchecked cores, called inside ODE right-hand sides (validation was ~10x the arithmetic)
    def _outputs(self, th: np.ndarray) -> np.ndarray:
        v, U = self._split(th)
        Z = U @ self.X.T  # (..., m, n)
        if self.act is None:
            return np.einsum("...jn,j->...n", Z * Z, self.signs)
        return np.einsum("...jn,...j->...n", self.act.value(Z), v)

    def _pullback(self, th: np.ndarray, r: np.ndarray) -> np.ndarray:
        v, U = self._split(th)
        if self.act is None:
            Z = U @ self.X.T  # (..., m, n)
            G = 2.0 * self.signs[:, None] * ((Z * r[..., None, :]) @ self.X)
            return G.reshape(th.shape)
        # the shared Activation's sigma and sigma'; the same sums as _twolayer.gradients (tested
        # equal to it), written without its per-call validation, which was 2.5x the arithmetic
        Z = U @ self.X.T
        gv = np.einsum("...jn,...n->...j", self.act.value(Z), r)
        gU = v[..., None] * ((self.act.deriv(Z) * r[..., None, :]) @ self.X)
        return np.concatenate([gv, gU.reshape(*th.shape[:-1], -1)], axis=-1)

    def ncf(self, theta) -> np.ndarray:
        """The neural correlation function N = y.H(X; theta)."""
        return self.outputs(theta) @ self.y

    def ncf_grad(self, theta) -> np.ndarray:
        """grad N(theta) = sum_i y_i grad H(x_i; theta)."""
        th = self._check(theta)
        return self._pullback(th, np.broadcast_to(self.y, th.shape[:-1] + self.y.shape))

    def loss(self, theta) -> np.ndarray:
        """Square loss 1/2 |H(X; theta) - y|^2 (the theory note's normalisation)."""
        return 0.5 * np.sum((self.outputs(theta) - self.y) ** 2, axis=-1)

    def loss_grad(self, theta) -> np.ndarray:
        """grad of the square loss: the pull-back of the residual H - y."""
        th = self._check(theta)
        return self._pullback(th, self._outputs(th) - self.y)

    def rescaled_field(self, s, delta: float) -> np.ndarray:
        """ds/dtau = grad N(s) - delta^L sum_i H(x_i;s) grad H(x_i;s) (exact for w = delta s)."""
        s = self._check(s)
        return self._pullback(s, self.y - delta ** self.L * self._outputs(s))

    def conserved(self, theta) -> np.ndarray:
        """Per-neuron p v_j^2 - |u_j|^2 (two-layer nets with smooth act), shape (..., m)."""
        if self.act is None:
            raise ValueError("the conservation law needs a two-layer net (act), not signs")
        v, U = self._split(self._check(theta))
        return self.p * v * v - np.sum(U * U, axis=-1)


def _data_p(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    X = rng.standard_normal((n, d)) / np.sqrt(d)
    a = np.array([1.0, 0.5, 0.0, 0.0])
    b = np.array([0.0, 0.0, 1.0, -1.0])
    return X, (X @ a) ** 2 - 0.6 * (X @ b) ** 2


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x)


def setup_p3(act: tl.Activation | None = None) -> tuple[HomogeneousNet, np.ndarray]:
    """Set-up P3 (L = 3, square activation) and its unit init w0.

    Fixed data as specified in docs/theory/kumar2025.md (``default_rng(0)``: X, then w0), not a
    Context
    draw: the numbers in its table belong to exactly these arrays.
    """
    rng = np.random.default_rng(0)
    X, y = _data_p(rng, 30, 4)
    net = HomogeneousNet("P3", X, y, 5, act=act or tl.square_activation())
    return net, _unit(rng.standard_normal(net.k))


def setup_p2() -> tuple[HomogeneousNet, np.ndarray]:
    """Set-up P2 (L = 2 quadratic model, signs (+,+,+,-,-,-), ``default_rng(1)``)."""
    rng = np.random.default_rng(1)
    X, y = _data_p(rng, 30, 4)
    net = HomogeneousNet("P2", X, y, 6, signs=np.array([1.0, 1, 1, -1, -1, -1]))
    return net, _unit(rng.standard_normal(net.k))


def setup_r2() -> tuple[HomogeneousNet, np.ndarray]:
    """Set-up R2 (L = 3, ReLU^2, d = 3, n = 40, m = 6, unit-sphere inputs, rng 2)."""
    rng = np.random.default_rng(2)
    X = rng.standard_normal((40, 3))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    relu = np.maximum
    y = relu(X @ np.array([1.0, 1.0, 0.0]) / np.sqrt(2), 0) ** 2 - relu(
        X @ np.array([0.0, -1.0, 1.0]) / np.sqrt(2), 0) ** 2
    net = HomogeneousNet("R2", X, y, 6, act=tl.relu_power(2.0))
    return net, _unit(rng.standard_normal(net.k))


# ---------------------------------------------------------------------------------------------
# closed forms
def square_nstar(X, y) -> float:
    """Constrained-NCF maximum for sigma = z^2: 2 max(lambda_max, -lambda_min)(M) / (3 sqrt 3),
    M = sum_i y_i x_i x_i^T (single neuron with v^2 = 1/3, |u|^2 = 2/3)."""
    Xa = as_float_array("X", X, min_ndim=2)
    ya = as_float_array("y", y, min_ndim=1)
    if ya.shape != (Xa.shape[0],):
        raise ValueError(f"y must have shape ({Xa.shape[0]},), got {ya.shape}")
    ev = np.linalg.eigvalsh((Xa * ya[:, None]).T @ Xa)
    return float(2.0 * max(ev[-1], -ev[0]) / (3.0 * np.sqrt(3.0)))


def single_neuron_nstar(p: float, gmax: float) -> float:
    """(p+1)^(-1/2) (p/(p+1))^(p/2) max|g|: the best single neuron of a p-homogeneous act."""
    p = finite_scalar("p", p, positive=True)
    gmax = finite_scalar("gmax", gmax, nonnegative=True)
    return float((p + 1) ** -0.5 * (p / (p + 1)) ** (p / 2) * gmax)


def kkt_residual(net: HomogeneousNet, u) -> np.ndarray:
    """rho(u) = |grad N(u) - L N(u) u| for unit u (the KKT multiplier is L N(u) by Euler)."""
    ua = net._check(u)
    nrm = np.linalg.norm(ua, axis=-1, keepdims=True)
    if np.any(nrm == 0):
        raise ValueError("u must be nonzero")
    ua = ua / nrm
    return np.linalg.norm(net.ncf_grad(ua) - net.L * net.ncf(ua)[..., None] * ua, axis=-1)


def projected_ascent(
    net: HomogeneousNet, u0, *, eta: float = 0.05, steps: int = 20_000
) -> np.ndarray:
    """Projected gradient ascent of N on the unit sphere, batched over the rows of u0:
    u <- (u + eta grad N(u)) / |.| (a fixed-point iteration whose fixed points are KKT points)."""
    u = net._check(u0)
    eta = finite_scalar("eta", eta, positive=True)
    steps = positive_int("steps", steps, minimum=0)
    nrm = np.linalg.norm(u, axis=-1, keepdims=True)
    if np.any(nrm == 0):
        raise ValueError("u0 contains a zero row")
    u = u / nrm
    with tl._one_blas_thread():
        for _ in range(steps):
            u = u + eta * net.ncf_grad(u)
            u /= np.linalg.norm(u, axis=-1, keepdims=True)
    return u


# ---------------------------------------------------------------------------------------------
# integration through the shared Dormand-Prince scheme
def integrate(rhs, y0, times, *, rtol: float, atol: float | None = None,
              max_steps: int = 200_000) -> np.ndarray:
    """Deprecated: :func:`numeric.ode.integrate_autonomous`."""
    import warnings

    warnings.warn("numeric.homogeneous.integrate is deprecated; use "
                  "numeric.ode.integrate_autonomous", DeprecationWarning, stacklevel=2)
    return ode.integrate_autonomous(rhs, y0, times, rtol=rtol, atol=atol, max_steps=max_steps)


def first_crossing(
    rhs: Callable[[np.ndarray, np.ndarray], np.ndarray],
    y0,
    g: Callable[[np.ndarray], np.ndarray],
    t_max: float,
    *,
    rtol: float,
    atol: float | None = None,
    max_steps: int = 200_000,
) -> tuple[float, np.ndarray]:
    """First time g(Y(t)) reaches 0 from below for one trajectory, and Y there.

    A terminal :class:`numeric.ode.Event` of the integrator core, located by bisection on the
    dense output (the flow is never integrated past the crossing). Refuses to start when
    g(y0) >= 0: an event search that is already satisfied would never fire (the L = 2
    pitfall). Returns (nan, Y(t_max)) when no crossing happens before t_max; raises
    :class:`numeric.ode.IntegrationError` when the integration fails.
    """
    Y = np.atleast_2d(as_float_array("y0", y0, min_ndim=1)).copy()
    if Y.shape[0] != 1:
        raise ValueError("first_crossing follows one trajectory; y0 must be a single state")
    t_max = finite_scalar("t_max", t_max, positive=True)
    if float(g(Y)[0]) >= 0:
        raise ValueError("the event g(y0) >= 0 is already satisfied at t0; it would never fire")
    if atol is None:
        atol = rtol * 1e-3 * float(np.max(np.abs(Y)))
    ev = ode.Event("crossing", lambda t, y, idx: np.asarray(g(y), dtype=float), terminal=True)
    sol = ode.solve(lambda t, y, idx: rhs(y, idx), Y, t_max, rtol=rtol, atol=atol,
                    events=[ev], max_steps=max_steps).raise_on_failure("first_crossing")
    if sol.status[0] != ode.Status.TERMINAL_EVENT:
        return float("nan"), sol.y[0]
    return float(sol.events["crossing"][0]), sol.event_y["crossing"][0]


# ---------------------------------------------------------------------------------------------
# the NCF flow on the sphere and its blow-up time
@dataclass
class SphereFlow:
    """The NCF flow in the time kappa: unit directions, ln|s| and tau at the recorded kappas."""

    kappa: np.ndarray  # (K,)
    u: np.ndarray  # (K, B, k) unit directions
    log_r: np.ndarray  # (K, B)
    tau: np.ndarray  # (K, B) NCF-flow time tau(kappa)
    tau_star: np.ndarray  # (B,) blow-up time (inf where N(u) <= 0 at the end)
    ncf: np.ndarray  # (K, B) N(u)
    rho: np.ndarray  # (K, B) KKT residual of u


def ncf_sphere_flow(
    net: HomogeneousNet, s0, kappa, *, rtol: float = 1e-11
) -> SphereFlow:
    """NCF flow ds/dtau = grad N(s) from s0 (rows), re-timed by d kappa = |s|^(L-2) d tau.

    State (u, ln r, tau): du = grad N(u) - L N(u) u, d ln r = L N(u), d tau = r^(2-L). For
    L = 2 tau = kappa. The blow-up time adds the tail r^(2-L)/((L-2) L N(u)) beyond kappa_max,
    exact to first order once u has converged (N(u) > 0); inf where N(u) <= 0 (no blow-up).
    """
    S0 = np.atleast_2d(net._check(s0))
    r0 = np.linalg.norm(S0, axis=1)
    if np.any(r0 == 0):
        raise ValueError("s0 contains a zero row")
    kap = as_float_array("kappa", kappa, min_ndim=1)
    if kap[0] != 0:
        raise ValueError("kappa must start at 0")
    L, k = net.L, net.k
    Y0 = np.concatenate([S0 / r0[:, None], np.log(r0)[:, None], np.zeros((len(r0), 1))], 1)

    yb = net.y

    def rhs(Y, _rows):
        u = Y[:, :k]
        Nu = net._outputs(u) @ yb
        du = net._pullback(u, np.broadcast_to(yb, (len(u), len(yb)))) - L * Nu[:, None] * u
        return np.concatenate([du, (L * Nu)[:, None], np.exp((2 - L) * Y[:, k])[:, None]], 1)

    # atol on the unit-scale direction; ln r and tau are O(1..100), rtol governs them
    out = ode.integrate_autonomous(rhs, Y0, kap, rtol=rtol, atol=rtol * 1e-2)
    u = out[:, :, :k]
    u = u / np.linalg.norm(u, axis=-1, keepdims=True)
    log_r, tau = out[:, :, k], out[:, :, k + 1]
    Nf = net.ncf(u)
    rho = kkt_residual(net, u)
    if L > 2:
        with np.errstate(over="ignore", divide="ignore"):
            tail = np.exp((2 - L) * log_r[-1]) / ((L - 2) * L * Nf[-1])
        tstar = np.where(Nf[-1] > 0, tau[-1] + tail, np.inf)
    else:
        tstar = np.full(len(r0), np.inf)
    return SphereFlow(kap, u, log_r, tau, tstar, Nf, rho)


def blowup_time(net: HomogeneousNet, s0, *, kappa_max: float = 12.0, rtol: float = 1e-11) -> float:
    """tau* of the NCF flow from s0 (L > 2); see :func:`ncf_sphere_flow`."""
    if net.L <= 2:
        raise ValueError("blowup_time needs L > 2 (for L = 2 the NCF flow grows exponentially)")
    kappa_max = finite_scalar("kappa_max", kappa_max, positive=True)
    return float(ncf_sphere_flow(net, s0, [0.0, kappa_max], rtol=rtol).tau_star[0])


def neuron_blowup_times(
    net: HomogeneousNet, s0, *, kappa_max: float = 12.0, rtol: float = 1e-11
) -> np.ndarray:
    """Per-neuron NCF blow-up times: the NCF separates by neuron (N = sum_j v_j g(u_j)), so each
    neuron's block, with the others set to exactly 0 (a zero-preserving set), flows alone."""
    if net.L <= 2:
        raise ValueError("neuron_blowup_times needs L > 2")
    s = net._check(s0)
    rows = []
    for sl in net.neuron_slices():
        r = np.zeros(net.k)
        r[sl] = s[sl]
        rows.append(r)
    R = np.array(rows)
    ok = np.linalg.norm(R, axis=1) > 0
    out = np.full(net.m, np.inf)
    if np.any(ok):
        out[ok] = ncf_sphere_flow(net, R[ok], [0.0, kappa_max], rtol=rtol).tau_star
    return out


# ---------------------------------------------------------------------------------------------
# the first saddle and the escape run
def restricted_stationary_point(
    net: HomogeneousNet, u_star, *, start: float = 1e-4, t_settle: float = 200.0,
    rtol: float = 1e-10, newton: int = 8,
) -> np.ndarray:
    """p*: GF of the subnetwork on supp(u_star) from ``start * u_star`` (LSODA: the flow is stiff
    on the plateau) through its escape and ``t_settle`` beyond, then Newton steps on the
    restricted gradient (pseudo-inverse of a central-difference Hessian, so the flat rescaling
    directions are not followed), then rebalanced (see :func:`rebalance`)."""
    from scipy.integrate import solve_ivp

    u = net._check(u_star)
    supp = np.nonzero(u != 0)[0]
    if supp.size == 0:
        raise ValueError("u_star must be nonzero")
    start = finite_scalar("start", start, positive=True)
    u = u / np.linalg.norm(u)
    n_u = float(net.ncf(u))
    if n_u <= 0:
        raise ValueError("u_star must have N(u_star) > 0 (a positive KKT direction)")
    L = net.L
    # escape time along the KKT ray (docs/theory/kumar2025.md), doubled for safety
    t_esc = (np.log(1 / start) / (2 * n_u) if L == 2 else
             1.0 / (L * (L - 2) * n_u * start ** (L - 2)))

    def full(z):
        th = np.zeros(net.k)
        th[supp] = z
        return th

    def grad(z):
        return net.loss_grad(full(z))[supp]

    sol = solve_ivp(lambda _t, z: -grad(z), (0.0, 2 * t_esc + t_settle), start * u[supp],
                    method="LSODA", rtol=rtol, atol=rtol * start * 1e-3)
    z = sol.y[:, -1]
    g = grad(z)
    for _ in range(newton):
        h = 1e-6 * max(1.0, float(np.max(np.abs(z))))
        H = np.array([(grad(z + h * e) - grad(z - h * e)) / (2 * h) for e in np.eye(z.size)])
        step = np.linalg.lstsq(0.5 * (H + H.T), g, rcond=1e-8)[0]
        g_new = grad(z - step)
        if np.linalg.norm(g_new) >= np.linalg.norm(g):
            break
        z, g = z - step, g_new
    return rebalance(net, full(z))


def rebalance(net: HomogeneousNet, theta) -> np.ndarray:
    """Rescale each neuron (v, u) -> (v/c^p, c u) to p v^2 = |u|^2 without changing H.

    The loss is invariant along these rescalings, so a least-squares polish may drift along them;
    GF from a small init conserves p v^2 - |u|^2 = O(delta^2), i.e. it lands on the balanced
    representative. Quadratic models (no v) are returned unchanged."""
    th = net._check(theta).copy()
    if net.act is None:
        return th
    v, U = net._split(th)
    nu2 = np.sum(U * U, axis=-1)
    ok = (nu2 > 0) & (v != 0)
    c = np.ones_like(v)
    # p v^2 / c^(2p) = c^2 |u|^2  =>  c^(2p+2) = p v^2 / |u|^2
    c[ok] = (net.p * v[ok] ** 2 / nu2[ok]) ** (1.0 / (2 * net.p + 2))
    out = np.concatenate([v / c ** net.p, (U * c[..., None]).reshape(*th.shape[:-1], -1)], -1)
    return out


@dataclass
class EscapeRun:
    """One small-init GF run: the escape (rescaled ODE) and the approach to p* (LSODA)."""

    delta: float
    t_esc: float  # first time |w| = threshold
    w_esc: np.ndarray
    winner: int  # largest neuron at the escape
    t_min: float  # time (after t0 = 0) of the closest approach to p*
    dist_min: float
    w_min: np.ndarray
    t_grid: np.ndarray = field(repr=False)  # post-escape times (from 0 at the escape)
    w_grid: np.ndarray = field(repr=False)
    loss_grid: np.ndarray = field(repr=False)


def escape_run(
    net: HomogeneousNet,
    w0,
    delta: float,
    p_star,
    *,
    threshold: float | None = None,
    kappa_max: float = 20.0,
    t_after: float,
    rtol: float = 1e-10,
    n_grid: int = 400,
) -> EscapeRun:
    """GF from delta*w0: rescaled ODE (shared integrator, re-timed by d kappa = |s|^(L-2) d tau)
    up to |w| = threshold (default |p*|/2), then the stiff phase by LSODA over ``t_after``; the
    closest approach to p* is located on a grid and refined by a bounded scalar minimisation of
    the dense output."""
    from scipy.integrate import solve_ivp
    from scipy.optimize import minimize_scalar

    w0 = net._check(w0)
    delta = finite_scalar("delta", delta, positive=True)
    ps = net._check(p_star)
    thr = 0.5 * float(np.linalg.norm(ps)) if threshold is None else finite_scalar(
        "threshold", threshold, positive=True)
    if delta * np.linalg.norm(w0) >= thr:
        raise ValueError(f"delta={delta} starts at or beyond the escape threshold {thr}")
    L, k = net.L, net.k
    dL = delta ** L

    def rhs(Y, _rows):
        # time kappa with d kappa = |s|^(L-2) d tau: no blow-up, and after the escape kappa runs
        # at the speed of t (d kappa = |w|^(L-2) dt), so overshooting a chunk is cheap
        s = Y[:, :k]
        ir = np.linalg.norm(s, axis=1, keepdims=True) ** (2 - L)
        F = net._pullback(s, net.y - dL * net._outputs(s))
        return np.concatenate([ir * F, ir], axis=1)

    Y0 = np.concatenate([w0, [0.0]])
    kap_esc, Y_esc = first_crossing(
        rhs, Y0, lambda Y: np.linalg.norm(np.atleast_2d(Y)[:, :k], axis=-1) - thr / delta,
        kappa_max, rtol=rtol, atol=rtol * 1e-3 * float(np.linalg.norm(w0)))
    if not np.isfinite(kap_esc):
        raise RuntimeError(f"no escape before kappa_max={kappa_max} at delta={delta}")
    t_esc = Y_esc[k] / delta ** (L - 2)
    w_esc = delta * Y_esc[:k]
    winner = int(np.argmax(net.neuron_norms(w_esc)))
    # absolute accuracy: 1e-2*rtol of the smallest neuron at the escape, so that the small
    # (sparsity) neurons are resolved relatively; an atol tied to delta (1e-21 for L = 2 runs)
    # made LSODA crawl once the flow reached an interpolating minimum
    floor = float(np.min(net.neuron_norms(w_esc)))
    atol = rtol * 1e-2 * (floor if floor > 0 else delta)
    sol = solve_ivp(lambda _t, w: -net.loss_grad(w), (0.0, t_after), w_esc, method="LSODA",
                    rtol=rtol, atol=atol, dense_output=True)
    if sol.status != 0:
        raise RuntimeError(f"LSODA failed after the escape: {sol.message}")
    tg = np.linspace(0.0, t_after, n_grid + 1)
    Wg = sol.sol(tg).T
    dist = np.linalg.norm(Wg - ps, axis=1)
    k = int(np.argmin(dist))
    lo, hi = tg[max(k - 1, 0)], tg[min(k + 1, n_grid)]
    opt = minimize_scalar(lambda t: float(np.linalg.norm(sol.sol(t) - ps)), bounds=(lo, hi),
                          method="bounded", options={"xatol": 1e-10 * max(1.0, hi)})
    t_min = float(opt.x) if opt.fun < dist[k] else float(tg[k])
    w_min = sol.sol(t_min)
    return EscapeRun(delta, float(t_esc), w_esc, winner, t_min,
                     float(np.linalg.norm(w_min - ps)), w_min, tg, Wg, net.loss(Wg))


def ncf_flow_until(
    net: HomogeneousNet, s0, radius: float, *, kappa_max: float = 12.0, rtol: float = 1e-11
) -> tuple[float, np.ndarray]:
    """(tau, s) where the NCF flow from s0 first reaches |s| = radius (radius > |s0|).

    Searched in the time kappa of :func:`ncf_sphere_flow`, so the search never integrates into
    the blow-up; raises ValueError when |s0| >= radius (an already-satisfied event)."""
    s = net._check(s0)
    radius = finite_scalar("radius", radius, positive=True)
    r0 = float(np.linalg.norm(s))
    if r0 >= radius:
        raise ValueError(f"|s0| = {r0} is already >= radius = {radius}")
    L, k, yb = net.L, net.k, net.y

    def rhs(Y, _rows):
        u = Y[:, :k]
        Nu = net._outputs(u) @ yb
        du = net._pullback(u, np.broadcast_to(yb, (len(u), len(yb)))) - L * Nu[:, None] * u
        return np.concatenate([du, (L * Nu)[:, None], np.exp((2 - L) * Y[:, k])[:, None]], 1)

    Y0 = np.concatenate([s / r0, [np.log(r0), 0.0]])
    kap, Y = first_crossing(rhs, Y0, lambda Z: np.atleast_2d(Z)[:, k] - np.log(radius),
                            kappa_max, rtol=rtol, atol=rtol * 1e-2)
    if not np.isfinite(kap):
        raise RuntimeError(f"the NCF flow did not reach radius {radius} by kappa={kappa_max}")
    u = Y[:k] / np.linalg.norm(Y[:k])
    return float(Y[k + 1]), radius * u

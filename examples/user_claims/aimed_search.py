"""Claims whose false versions hide in a small part of their domain: what aimed search is for.

Three true statements and, as their twins, three subtly false ones, written with the public
API (``Domain``, ``Real``, ``Integer``, ``Evidence.rate``)::

    reluflow check --module examples/user_claims/aimed_search.py --no-builtin --seed $RANDOM

* ``aimed.gd_step`` — gradient descent on f(x) = L x²/2, L ∈ [1, 10], does not increase f for
  every step η ≤ 2/L_max. Twin: η ≤ 3/L_max (50 % too large); it fails only where η L > 2,
  about 7 % of the domain.
* ``aimed.peak_bound`` — x^p (1 − x) ≤ 1/(e p) on [0, 1] for p ∈ [20, 60]. Twin: the constant
  halved; it fails only near the edge x → 1 (x ≳ 0.93 at p = 50).
* ``aimed.small_lambda_rate`` — f(λ) = λ (1 + λ/λ₀) has log-log slope 1 over any window
  [λ, 100 λ] with λ ≤ 1e-7 (λ₀ = 1e-3). Twin: the same on windows up to λ = 1e-4, where the
  λ/λ₀ term bends the slope: a rate that holds only below a threshold.
"""

from __future__ import annotations

import math

import numpy as np

from proofs_checks import Citation, Domain, Evidence, Integer, Real, claim

EPS = float(np.finfo(np.float64).eps)
_CITE = Citation("reluflow's aimed-search examples", "n/a", where="constructed statements")
L_MAX = 10.0


def _gd_step(eta_max: float):
    def check(p: dict, ctx) -> Evidence:
        L, eta = p["L"], p["eta"]
        x0 = 1.0
        x1 = x0 - eta * L * x0
        ratio = (L * x1 * x1 / 2) / (L * x0 * x0 / 2)  # f(x1)/f(x0) = (1 − ηL)²
        # The bound f(x1) ≤ f(x0) is attained (η = 0, ηL = 2), so the claim carries the
        # rounding band of the three operations forming (1 − ηL)²: ~8 eps relative.
        tol = 8 * EPS
        return Evidence.upper_bound(ratio, 1.0 + 2 * tol, tolerance=tol,
                                    reason="(1 − ηL)² in float64; tol = 8 eps (three roundings)",
                                    detail={"eta*L": eta * L})
    return check


gd_step = claim(
    id="aimed.gd_step",
    title="GD on L x²/2 does not increase f for η ≤ 2/L_max",
    statement="For L ∈ [1, 10] and 0 ≤ η ≤ 2/L_max = 0.2: f(x − η f'(x)) ≤ f(x).",
    citation=_CITE, source="R", method="exact",
    domain=Domain({"L": Real(1.0, L_MAX), "eta": Real(0.0, 2.0 / L_MAX)}),
    examples=[{"L": 1.0, "eta": 0.1}, {"L": 10.0, "eta": 0.2}],
)(_gd_step(2.0 / L_MAX))
gd_step.twin("eta_50pc", title="… for η ≤ 3/L_max (a step-size bound 50 % too large)",
             check=_gd_step(3.0 / L_MAX),
             domain=Domain({"L": Real(1.0, L_MAX), "eta": Real(0.0, 3.0 / L_MAX)}),
             examples=[{"L": 1.0, "eta": 0.1}, {"L": 10.0, "eta": 0.2}])


def _peak(const: float):
    def check(p: dict, ctx) -> Evidence:
        x, k = p["x"], p["p"]
        value = x ** k * (1.0 - x)
        bound = const / (math.e * k)
        # value and bound each carry a few roundings of numbers <= 1/(e p)
        tol = 8 * EPS * bound
        return Evidence.upper_bound(value, bound, tolerance=tol,
                                    reason="x^p(1 − x) in float64; tol = 8 eps of the bound")
    return check


peak = claim(
    id="aimed.peak_bound",
    title="x^p (1 − x) ≤ 1/(e p) on [0, 1]",
    statement="For integer p ∈ [20, 60] and x ∈ [0, 1]: x^p (1 − x) ≤ 1/(e p). The maximum, "
              "at x = p/(p+1), is (1/p)(1 + 1/p)^-(p+1), and (1 + 1/p)^(p+1) ≥ e.",
    citation=_CITE, source="R", method="exact",
    domain=Domain({"x": Real(0.0, 1.0), "p": Integer(20, 60)}),
    examples=[{"x": 0.5, "p": 20}],
)(_peak(1.0))
peak.twin("half_constant", title="x^p (1 − x) ≤ 1/(2 e p) (a constant 2× off; bites near x = 1)",
          check=_peak(0.5))


LAMBDA0 = 1e-3


def _rate(p: dict, ctx) -> Evidence:
    lam = np.geomspace(p["lam"], 100.0 * p["lam"], 7)
    f = lam * (1.0 + lam / LAMBDA0)
    # d log f / d log λ = 1 + (λ/λ0)/(1 + λ/λ0) ≤ 1 + 100 λ/λ0 on the window: the statement
    # allows 0.02 (windows with λ ≤ 1e-7 deviate by at most 0.01)
    return Evidence.rate(lam, f, 1.0, atol=0.02, reason="log-log slope over [λ, 100λ]; "
                         "tolerance = 99.9 % t-band of the fit")


rate = claim(
    id="aimed.small_lambda_rate",
    title="f(λ) = λ(1 + λ/λ₀) scales like λ for λ ≤ 1e-7",
    statement="Over every window [λ, 100 λ] with λ ∈ [1e-12, 1e-7], the log-log slope of "
              "f(λ) = λ(1 + λ/1e-3) is 1 within 0.02.",
    citation=_CITE, source="R", method="scaling",
    domain=Domain({"lam": Real(1e-12, 1e-7, log=True)}),
    examples=[{"lam": 1e-10}],
)(_rate)
rate.twin("up_to_1e-4", title="… for every λ ∈ [1e-12, 1e-4] (the rate holds only below a "
          "threshold)", check=_rate, domain=Domain({"lam": Real(1e-12, 1e-4, log=True)}),
          examples=[{"lam": 1e-10}])

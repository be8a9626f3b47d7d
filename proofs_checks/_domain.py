"""Parameter domains of claims, and the search over them that aims at a violation.

A claim that declares ``domain=Domain(...)`` says *where* it holds: named real parameters in
bounds (optionally log-scaled), named integers, and a constraint. The engine then checks, in
order and with budgets set by the profile:

1. the **pinned** examples (``examples=``; the paper's own grid), always;
2. a **random** cover of the domain: a scrambled Sobol sequence from the run's SeedSequence;
3. a **targeted** Hypothesis search that maximises the negated margin (``hypothesis.target``);
4. an **optimised** refinement: bounded Nelder–Mead from the worst cases found so far, over
   the real parameters (integers held), minimising the margin, stopping at a violation.

Every case records how it was found; the counterexample is the violated case with the smallest
margin, with named parameters. Nothing here runs at import beyond numpy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Domain", "Integer", "Real", "SearchBudget", "search_budget"]


@dataclass(frozen=True)
class Real:
    """A real parameter in ``[lo, hi]``; ``log=True`` searches it on a log scale (lo > 0)."""

    lo: float
    hi: float
    log: bool = False

    def __post_init__(self) -> None:
        lo, hi = float(self.lo), float(self.hi)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"Real bounds must be finite, got lo={self.lo!r}, hi={self.hi!r}")
        if not lo < hi:
            raise ValueError(f"Real needs lo < hi, got lo={self.lo!r}, hi={self.hi!r}")
        if self.log and lo <= 0:
            raise ValueError(f"Real(log=True) needs lo > 0, got lo={self.lo!r}")

    def from_unit(self, u: float) -> float:
        u = min(1.0, max(0.0, float(u)))
        if self.log:
            return float(math.exp(math.log(self.lo) + u * (math.log(self.hi) - math.log(self.lo))))
        return float(self.lo + u * (self.hi - self.lo))

    def to_unit(self, x: float) -> float:
        if self.log:
            return (math.log(x) - math.log(self.lo)) / (math.log(self.hi) - math.log(self.lo))
        return (x - self.lo) / (self.hi - self.lo)


@dataclass(frozen=True)
class Integer:
    """An integer parameter in ``[lo, hi]`` (both included)."""

    lo: int
    hi: int

    def __post_init__(self) -> None:
        for name, v in (("lo", self.lo), ("hi", self.hi)):
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
                raise ValueError(f"Integer {name} must be an integer, got {v!r}")
        if self.lo > self.hi:
            raise ValueError(f"Integer needs lo <= hi, got lo={self.lo}, hi={self.hi}")

    def from_unit(self, u: float) -> int:
        u = min(1.0, max(0.0, float(u)))
        return int(min(self.hi, self.lo + math.floor(u * (self.hi - self.lo + 1))))

    def to_unit(self, x: int) -> float:
        return (int(x) - self.lo + 0.5) / (self.hi - self.lo + 1)


Param = Real | Integer


@dataclass(frozen=True)
class Domain:
    """Named parameters with bounds and an optional constraint: where a claim holds.

    ``Domain({"L": Real(1, 10), "eta": Real(0, 0.3)}, constraint=lambda p: p["eta"] < 3)``
    (a dict in, a bool out). The check receives a ``dict`` of parameter values (floats, ints).
    """

    params: Mapping[str, Param]
    constraint: Callable[[dict], bool] | None = None
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        if not self.params:
            raise ValueError("Domain needs at least one parameter")
        for name, p in self.params.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise ValueError(f"Domain parameter names must be identifiers, got {name!r}")
            if not isinstance(p, (Real, Integer)):
                raise ValueError(f"Domain parameter {name!r} must be Real or Integer, got {p!r}")
        object.__setattr__(self, "names", tuple(self.params))

    @property
    def reals(self) -> tuple[str, ...]:
        return tuple(n for n in self.names if isinstance(self.params[n], Real))

    def point(self, u: np.ndarray) -> dict:
        """The parameters at a point of the unit cube (one coordinate per parameter)."""
        return {n: self.params[n].from_unit(u[i]) for i, n in enumerate(self.names)}

    def unit(self, point: Mapping[str, Any]) -> np.ndarray:
        return np.array([self.params[n].to_unit(point[n]) for n in self.names], dtype=float)

    def admits(self, point: Mapping[str, Any]) -> bool:
        """Inside the bounds and the constraint."""
        for n in self.names:
            if n not in point:
                return False
            p, v = self.params[n], point[n]
            if isinstance(p, Integer):
                if int(v) != v or not p.lo <= v <= p.hi:
                    return False
            elif not (math.isfinite(float(v)) and p.lo <= float(v) <= p.hi):
                return False
        return self.constraint is None or bool(self.constraint(dict(point)))

    def check_example(self, point: Any, index: int) -> dict:
        """A pinned example as a dict of this domain's parameters (ValueError naming it)."""
        if not isinstance(point, Mapping):
            raise ValueError(f"example {index} must be a dict of {self.names}, got {point!r}")
        missing = [n for n in self.names if n not in point]
        if missing:
            raise ValueError(f"example {index} lacks the parameters {missing}")
        return dict(point)

    def sobol(self, seed: np.random.SeedSequence, n: int) -> list[dict]:
        """``n`` admissible points of a scrambled Sobol cover (rejection for the constraint)."""
        from scipy.stats import qmc

        if n <= 0:
            return []
        sampler = qmc.Sobol(len(self.names), scramble=True, seed=np.random.default_rng(seed))
        out: list[dict] = []
        for _ in range(64):  # a constraint keeping < 1/64 of the box is a domain bug
            m = 1 << max(0, math.ceil(math.log2(max(n - len(out), 1))))
            for u in sampler.random(m):
                p = self.point(u)
                if self.constraint is None or self.constraint(dict(p)):
                    out.append(p)
                    if len(out) == n:
                        return out
        if not out:
            raise ValueError("the domain's constraint rejects every sampled point")
        return out

    def strategy(self) -> Any:
        """A Hypothesis strategy of admissible parameter dicts (shrinking towards ``lo``)."""
        from hypothesis import strategies as st

        parts = {}
        for n in self.names:
            p = self.params[n]
            if isinstance(p, Integer):
                parts[n] = st.integers(p.lo, p.hi)
            else:
                parts[n] = st.floats(0.0, 1.0, allow_nan=False).map(p.from_unit)
        s = st.fixed_dictionaries(parts)
        if self.constraint is not None:
            s = s.filter(lambda d: bool(self.constraint(dict(d))))
        return s


@dataclass(frozen=True)
class SearchBudget:
    """How much search a domain claim gets: random points, targeted examples, optimiser runs."""

    random: int
    targeted: int
    restarts: int
    evaluations: int  # per optimiser run


def search_budget(profile: Any) -> SearchBudget:
    """The profile's budget: quick 16/12/2×30, ci 64/30/4×60, thorough 512/200/12×200."""
    table = {
        "quick": SearchBudget(16, 12, 2, 30),
        "ci": SearchBudget(64, 30, 4, 60),
        "thorough": SearchBudget(512, 200, 12, 200),
    }
    if profile.name in table:
        return table[profile.name]
    s = float(profile.scale)
    return SearchBudget(max(8, int(64 * s)), max(6, int(profile.examples)), max(1, int(4 * s)),
                        max(20, int(60 * s)))

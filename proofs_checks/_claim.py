"""The claim model: what a checkable statement is, and what one checked case returns.

A claim reads like a PEPit example: statement, assumptions, citation, then a ``check`` that
returns *computed vs claimed* as an :class:`Evidence` with a signed margin. Every claim carries
at least one false twin (a wrong constant, a flipped inequality, a dropped assumption) that the
engine must refute; that is how a check proves it can fail.

Three-way logic of one case (``Evidence.status``):

* ``holds``      — ``margin >= tolerance``: inside the claim by more than the numerical error;
* ``violated``   — ``margin < -tolerance``: outside the claim by more than the numerical error;
* ``undecided``  — in between: the evidence cannot tell (never counted as confirmed).

``margin`` is signed "how far inside": ``bound - value`` for an upper bound, ``tol - |err|`` for
an agreement claim. ``tolerance`` is the numerical uncertainty of the computed value itself
(quadrature error, solver tolerance, a confidence interval's half width) with its ``reason``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

Verdict = Literal["confirmed", "refuted", "inconclusive"]
Method = Literal[
    "symbolic", "quadrature", "certified", "ode", "gd", "montecarlo", "hessian", "scaling", "exact"
]
SourceTag = str  # "S", "C", "R", "M" or a paper-specific tag such as "D", "V", "P", "R?"
CaseStatus = Literal["holds", "violated", "undecided"]

METHODS: tuple[str, ...] = (
    "symbolic", "quadrature", "certified", "ode", "gd", "montecarlo", "hessian", "scaling", "exact"
)


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: paper title, arXiv id and the theorem/equation."""

    title: str
    arxiv: str
    where: str = ""
    authors: str = ""

    def __str__(self) -> str:
        loc = f", {self.where}" if self.where else ""
        who = f"{self.authors}, " if self.authors else ""
        return f"{who}{self.title} (arXiv:{self.arxiv}){loc}"


def _to_jsonable(value: Any) -> Any:
    """Numbers, arrays and nested containers as plain JSON values (floats kept at full repr)."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return _to_jsonable(value.item())
        return [_to_jsonable(v) for v in value.tolist()]
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return f if math.isfinite(f) else repr(f)
    if isinstance(value, (np.integer, int)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): _to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    return repr(value)


@dataclass(frozen=True)
class Evidence:
    """The outcome of checking one case: computed vs claimed, a signed margin, its tolerance.

    Build it with the constructors below rather than by hand, so the margin convention is kept.
    """

    computed: Any
    claimed: Any
    margin: float
    tolerance: float
    reason: str
    detail: dict = field(default_factory=dict)
    forced: CaseStatus | None = None  # e.g. a solver failure: always "undecided"

    @property
    def status(self) -> CaseStatus:
        if self.forced is not None:
            return self.forced
        if not math.isfinite(self.margin):
            return "undecided" if math.isnan(self.margin) else (
                "holds" if self.margin > 0 else "violated")
        if self.margin >= self.tolerance:
            return "holds"
        if self.margin < -self.tolerance:
            return "violated"
        return "undecided"

    def to_json(self) -> dict:
        return {
            "computed": _to_jsonable(self.computed),
            "claimed": _to_jsonable(self.claimed),
            "margin": _to_jsonable(self.margin),
            "tolerance": _to_jsonable(self.tolerance),
            "reason": self.reason,
            "status": self.status,
            "detail": _to_jsonable(self.detail),
        }

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def agree(
        cls,
        computed: Any,
        claimed: Any,
        *,
        atol: float,
        rtol: float = 0.0,
        uncertainty: float = 0.0,
        reason: str,
        detail: dict | None = None,
    ) -> Evidence:
        """``computed == claimed`` to ``atol + rtol*|claimed|`` (max over entries).

        ``margin = allowed - max|computed - claimed|``; ``uncertainty`` is the error of the
        reference itself (e.g. a quadrature error estimate), used as the tolerance.
        """
        c = np.asarray(computed, dtype=float)
        t = np.asarray(claimed, dtype=float)
        if c.shape != t.shape and c.size != 1 and t.size != 1:
            raise ValueError(f"computed shape {c.shape} does not match claimed shape {t.shape}")
        err = np.abs(c - t)
        allowed = atol + rtol * np.abs(t)
        if not np.all(np.isfinite(err)):
            margin = float("nan")
        else:
            margin = float(np.min(allowed - err))
        d = {"max_abs_err": float(np.max(err)) if err.size else 0.0}
        d.update(detail or {})
        return cls(computed, claimed, margin, float(uncertainty), reason, d)

    @classmethod
    def upper_bound(
        cls, value: float, bound: float, *, tolerance: float, reason: str,
        detail: dict | None = None,
    ) -> Evidence:
        """Claim ``value <= bound``; margin ``bound - value``."""
        return cls(value, bound, float(bound - value), float(tolerance), reason, dict(detail or {}))

    @classmethod
    def lower_bound(
        cls, value: float, bound: float, *, tolerance: float, reason: str,
        detail: dict | None = None,
    ) -> Evidence:
        """Claim ``value >= bound``; margin ``value - bound``."""
        return cls(value, bound, float(value - bound), float(tolerance), reason, dict(detail or {}))

    @classmethod
    def interval(
        cls,
        estimate: float,
        low: float,
        high: float,
        bound: float,
        *,
        side: Literal["at_least", "at_most"],
        reason: str,
        detail: dict | None = None,
    ) -> Evidence:
        """A confidence interval ``[low, high]`` against a one-sided bound.

        Holds when the whole interval is on the claimed side, violated when the whole interval is
        on the wrong side, undecided when it straddles the bound. The margin is measured from the
        interval's near end; the tolerance is zero because the interval already carries the
        statistical error.
        """
        if side == "at_least":
            margin = low - bound if low > bound else (high - bound if high < bound else 0.0)
        else:
            margin = bound - high if high < bound else (bound - low if low > bound else 0.0)
        forced: CaseStatus | None = None
        if low <= bound <= high:
            forced = "undecided"
        d = {"estimate": estimate, "low": low, "high": high}
        d.update(detail or {})
        return cls(estimate, bound, float(margin), 0.0, reason, d, forced)

    @classmethod
    def predicate(
        cls, ok: bool, *, computed: Any, claimed: Any, reason: str, detail: dict | None = None
    ) -> Evidence:
        """An exact yes/no fact (a sign pattern, a count): margin +1 or -1, tolerance 0."""
        return cls(computed, claimed, 1.0 if ok else -1.0, 0.0, reason, dict(detail or {}))

    @classmethod
    def rate(
        cls,
        x: Any,
        y: Any,
        claimed: float,
        *,
        atol: float,
        conf: float = 0.999,
        nuisance: Any = None,
        reason: str,
        detail: dict | None = None,
    ) -> Evidence:
        """A power law ``y ∝ x^claimed``: the least-squares slope of log y on log x.

        ``atol`` is the model error the statement allows (the neglected next-order terms over
        the x range); the tolerance is the half width of the slope's two-sided ``conf``
        t-interval (df = k − 2 − #nuisance). ``nuisance`` (k,) or (k, q): known correction
        shapes fitted alongside, e.g. ``x**(2*eps)``. Needs k ≥ 3 + #nuisance positive finite
        points.
        """
        from numeric.stats import fit_slope

        xa, ya = np.asarray(x, float), np.asarray(y, float)
        if xa.shape != ya.shape or xa.ndim != 1:
            raise ValueError(f"x and y must be 1-D of one length, got {xa.shape} and {ya.shape}")
        if not (np.all(np.isfinite(xa) & (xa > 0)) and np.all(np.isfinite(ya) & (ya > 0))):
            raise ValueError("x and y must be positive and finite for a log-log rate")
        q = 0 if nuisance is None else np.asarray(nuisance, float).reshape(xa.size, -1).shape[1]
        if xa.size < 3 + q:
            raise ValueError(f"a rate needs at least {3 + q} points, got {xa.size}")
        fit = fit_slope(np.log(xa), np.log(ya), conf=conf, nuisance=nuisance)
        slope, stderr, half, df = fit.slope, fit.stderr, fit.halfwidth, fit.df
        d = {"slope": slope, "stderr": stderr, "halfwidth": half, "conf": conf, "df": df,
             "intercept": fit.intercept}
        d.update(detail or {})
        return cls(slope, float(claimed), float(atol - abs(slope - claimed)), half, reason, d)

    @classmethod
    def limit(
        cls,
        h: Any,
        values: Any,
        claimed: float,
        *,
        order: float,
        atol: float = 0.0,
        reason: str,
        detail: dict | None = None,
    ) -> Evidence:
        """``lim_{h→0} value(h) = claimed`` from values along a sequence h_k → 0.

        Richardson extrapolation assuming ``value(h) = L + c h^order + o(h^order)``: each
        consecutive pair gives an extrapolant; the estimate is the last one and its error
        estimate (the tolerance) is its distance to the one before, the usual a-posteriori
        bound, plus the rounding of the values amplified by the extrapolation. ``atol`` is what
        the statement itself allows. Needs ≥ 3 points, h decreasing.
        """
        hk, vk = np.asarray(h, float), np.asarray(values, float)
        if hk.shape != vk.shape or hk.ndim != 1 or hk.size < 3:
            raise ValueError(f"h and values must be 1-D of one length >= 3, got {hk.shape} "
                             f"and {vk.shape}")
        if not (np.all(np.isfinite(hk)) and np.all(np.isfinite(vk))):
            raise ValueError("h and values must be finite")
        if not (np.all(hk > 0) and np.all(np.diff(hk) < 0)):
            raise ValueError("h must be positive and strictly decreasing towards 0")
        if not order > 0:
            raise ValueError(f"order must be > 0, got {order!r}")
        w = (hk[:-1] / hk[1:]) ** order
        ext = (w * vk[1:] - vk[:-1]) / (w - 1.0)
        # the extrapolant amplifies the values' rounding by (w + 1)/(w − 1)
        rounding = float(4 * np.finfo(float).eps * np.max(np.abs(vk)) * (w[-1] + 1) / (w[-1] - 1))
        est, err = float(ext[-1]), float(abs(ext[-1] - ext[-2])) + rounding
        d = {"extrapolants": ext, "last_value": float(vk[-1]), "error_estimate": err}
        d.update(detail or {})
        return cls(est, float(claimed), float(atol - abs(est - claimed)), err, reason, d)

    @classmethod
    def eventually(
        cls,
        t: Any,
        values: Any,
        bound: float,
        *,
        t1: float,
        side: Literal["at_most", "at_least"] = "at_most",
        tolerance: float,
        reason: str,
        detail: dict | None = None,
    ) -> Evidence:
        """``value(t) ≤ bound`` (or ``≥``) for every sampled t ≥ t1 along a trajectory.

        The margin is the smallest slack over the samples at t ≥ t1; the detail names the
        time where it is attained. No sample at t ≥ t1 is a usage error, not a pass.
        """
        tt, vv = np.asarray(t, float), np.asarray(values, float)
        if tt.shape != vv.shape or tt.ndim != 1:
            raise ValueError(f"t and values must be 1-D of one length, got {tt.shape} and "
                             f"{vv.shape}")
        if side not in ("at_most", "at_least"):
            raise ValueError(f"side must be 'at_most' or 'at_least', got {side!r}")
        late = tt >= t1
        if not late.any():
            raise ValueError(f"no sample at t >= t1 = {t1!r} (last t = {tt.max(initial=-np.inf)})")
        slack = (bound - vv[late]) if side == "at_most" else (vv[late] - bound)
        if not np.all(np.isfinite(slack)):
            return cls.failed("non-finite values along the trajectory after t1")
        k = int(np.argmin(slack))
        d = {"t1": t1, "t_worst": float(tt[late][k]), "samples_after_t1": int(late.sum())}
        d.update(detail or {})
        return cls(float(vv[late][k]), float(bound), float(slack[k]), float(tolerance), reason, d)

    @classmethod
    def failed(cls, why: str, detail: dict | None = None) -> Evidence:
        """The evidence could not be computed (a solver failed): always undecided."""
        return cls(None, None, float("nan"), 0.0, why, dict(detail or {}), "undecided")


@dataclass(frozen=True)
class Profile:
    """How much evidence to gather. Claims scale their own work with these numbers."""

    name: str
    examples: int  # Hypothesis max_examples for strategy-driven claims
    digits: int  # mpmath digits of high-precision references
    samples: int  # Monte Carlo samples (per estimate)
    grid: int  # points per axis of grid scans
    ode_rtol: float  # relative tolerance of ODE integrations
    scale: float  # general effort multiplier (1 = ci)

    def n(self, base: int, minimum: int = 1) -> int:
        """``base`` units of work at ci effort, scaled to this profile."""
        return max(minimum, int(round(base * self.scale)))


PROFILES: dict[str, Profile] = {
    "quick": Profile("quick", examples=12, digits=30, samples=200_000, grid=48, ode_rtol=1e-9,
                     scale=0.4),
    "ci": Profile("ci", examples=30, digits=30, samples=1_000_000, grid=96, ode_rtol=1e-10,
                  scale=1.0),
    "thorough": Profile("thorough", examples=200, digits=50, samples=10_000_000, grid=400,
                        ode_rtol=1e-12, scale=6.0),
}


@dataclass
class Context:
    """What a check receives besides its parameters: the profile and the seeded randomness.

    Draws and shared results are keyed on the *base* claim (a twin ``id~suffix`` uses its
    claim's ``id``): a twin judges its claim's own evidence, never fresh draws, whatever
    order the claims run in. :meth:`paper` gives the context of simulations several claims
    of one paper read.
    """

    profile: Profile
    seed: int
    claim_id: str

    @property
    def base_id(self) -> str:
        """The claim this context draws for: the claim itself, or the one a twin belongs to."""
        return self.claim_id.split("~", 1)[0]

    def seed_sequence(self, *keys: int | str) -> np.random.SeedSequence:
        """A SeedSequence determined by (run seed, base claim id, keys): same seed, same draws."""
        entropy = [int(self.seed), *_stable_ints(self.base_id)]
        for k in keys:
            entropy.extend(_stable_ints(str(k)) if isinstance(k, str) else [int(k)])
        return np.random.SeedSequence(entropy)

    def rng(self, *keys: int | str) -> np.random.Generator:
        """A generator seeded by :meth:`seed_sequence` of the same keys."""
        return np.random.default_rng(self.seed_sequence(*keys))

    def shared(self, key: Any, build: Callable[[], Any]) -> Any:
        """``build()`` once per (base claim, seed, profile, key): the claim's cases and its
        twins read one computation. ``key`` must carry what the result depends on beyond
        those (parameters of the case)."""
        return shared_result((self.profile, self.seed, self.base_id, key), build,
                             namespace=self.base_id.split(".", 1)[0])

    def paper(self, name: str | None = None) -> Context:
        """The context of a paper's shared simulations (``<paper>.shared``): its draws and
        shared results are the same whichever of the paper's claims asks first."""
        return Context(self.profile, self.seed, f"{name or self.base_id.split('.', 1)[0]}.shared")


def _stable_ints(text: str) -> list[int]:
    """A platform- and run-independent integer encoding of a string (no ``hash()``)."""
    data = text.encode()
    return [int.from_bytes(data[i:i + 4].ljust(4, b"\0"), "little") for i in range(0, len(data), 4)]


_SHARED_RESULTS: dict[tuple, Any] = {}


def shared_result(key: tuple, build: Callable[[], Any], *, namespace: str) -> Any:
    """Compute ``build()`` once per ``(namespace, key)`` and reuse it.

    A claim and its twins (and several claims reading one simulation) judge the same
    computation: the twin must fail on the claim's own evidence, not on fresh draws. Keys must
    carry whatever the result depends on (seed, profile, parameters); ``namespace`` (the paper
    module's ``__name__``) keeps modules from colliding.
    """
    k = (namespace, key)
    if k not in _SHARED_RESULTS:
        _SHARED_RESULTS[k] = build()
    return _SHARED_RESULTS[k]


def clear_shared_results(namespace: str | None = None) -> None:
    """Forget shared results (all, or one namespace's: a paper key such as ``"tian2017"``
    for what its claims stored through ``ctx.shared`` and ``ctx.paper().shared``): tests use
    it to time a cold run or to check that a rebuild gives the same numbers."""
    for k in [k for k in _SHARED_RESULTS if namespace is None or k[0] == namespace]:
        del _SHARED_RESULTS[k]


CheckFn = Callable[[Any, Context], Evidence]
StrategyFactory = Callable[[Profile], Any]  # Profile -> hypothesis SearchStrategy
CasesFactory = Callable[[Profile], Sequence[Any]]  # Profile -> explicit parameter list
ExamplesSpec = Sequence[dict] | Callable[[Profile], Sequence[dict]]  # pinned domain points
PlotFn = Callable[[Any, Context, str], None]  # (result, ctx, png_path) -> None


@dataclass
class Claim:
    """One checkable statement.

    At most one of these supplies the parameters:

    * ``strategy`` — a Hypothesis search (targeted at the smallest margin, shrinking
      counterexamples);
    * ``domain`` — a :class:`~proofs_checks.Domain` of named parameters the claim holds on:
      its ``examples`` (pinned, always checked) plus a random cover, a targeted search and a
      local optimiser aimed at the smallest margin (see :mod:`proofs_checks._domain`);
    * ``cases`` — an explicit deterministic list (a grid, the rows of a table in the paper);
    * none — a single computation, ``params=None``.
    """

    id: str
    title: str
    statement: str
    citation: Citation
    source: SourceTag
    method: Method
    check: CheckFn
    latex: str = ""
    assumptions: tuple[str, ...] = ()
    strategy: StrategyFactory | None = None
    cases: CasesFactory | None = None
    domain: Any = None  # a proofs_checks.Domain
    examples: ExamplesSpec | None = None
    expected: Verdict = "confirmed"
    finding: bool = False  # a paper statement false as stated (an erratum), kept expected-refuted
    notes: str = ""
    derivation: str | None = None  # name in symbolic's registry shown by `reluflow show`
    derivation_params: dict = field(default_factory=dict)  # its parameters (activation=...)
    #: names of the positional parts of a strategy's example (``("u", "v")`` for a pair), used
    #: to print a counterexample with named parameters
    param_names: tuple[str, ...] = ()
    corrected_by: str | None = None  # for a finding: id of the claim stating the corrected version
    hypotheses: dict = field(default_factory=dict)  # e.g. {"locally_lipschitz_gradient": True}
    plot: PlotFn | None = None
    #: keyword arguments of ``check`` (``check(params, ctx, **settings)``); a twin overrides
    #: some of them: the same check with a wrong constant, a flipped side, a dropped condition
    settings: dict = field(default_factory=dict)
    #: a certified check over a box (:class:`~proofs_checks.kit.Certified`): an interval
    #: branch-and-bound that proves the inequality, or certifies a counterexample box, on top
    #: of the sampled verdict; called with the claim's settings, so a twin inherits it
    certified: Any = None
    twins: list[Claim] = field(default_factory=list)
    twin_of: str | None = None

    @property
    def paper(self) -> str:
        return self.id.split(".", 1)[0]

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")
        given = [n for n in ("strategy", "cases", "domain") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of strategy, cases or domain, not {' and '.join(given)}")
        if self.examples is not None and self.domain is None:
            raise ValueError("examples= are pinned points of a domain; give domain= as well "
                             "(or use cases= for a fixed list)")
        if self.domain is not None:
            from ._domain import Domain

            if not isinstance(self.domain, Domain):
                raise ValueError(f"domain must be a proofs_checks.Domain, got {self.domain!r}")
        if self.expected not in ("confirmed", "refuted", "inconclusive"):
            raise ValueError(f"expected must be a verdict, got {self.expected!r}")
        if self.certified is not None:
            from ._certify import Certified

            if not isinstance(self.certified, Certified):
                raise ValueError(f"certified must be a proofs_checks.kit.Certified, got "
                                 f"{self.certified!r}")

    def evaluate(self, params: Any, ctx: Context) -> Evidence:
        """Check one case: ``check(params, ctx, **settings)``."""
        if self.settings:
            return self.check(params, ctx, **self.settings)
        return self.check(params, ctx)

    def pinned_cases(self, profile: Profile) -> list[Any]:
        """The parameters checked at every run, before any search: the ``cases`` list, the
        domain's pinned ``examples``, or ``[None]`` for a single computation (strategy
        claims have none: ``[]``)."""
        if self.cases is not None:
            return list(self.cases(profile))
        if self.domain is not None:
            ex = self.examples
            return [] if ex is None else list(ex(profile) if callable(ex) else ex)
        return [] if self.strategy is not None else [None]

    def twin(
        self,
        suffix: str,
        *,
        title: str,
        check: CheckFn | None = None,
        statement: str | None = None,
        latex: str = "",
        strategy: StrategyFactory | None = None,
        cases: CasesFactory | None = None,
        domain: Any = None,
        examples: ExamplesSpec | None = None,
        notes: str = "",
        certified: Any = None,
        **overrides: Any,
    ) -> Claim:
        """Attach and return a deliberately false twin, expected ``refuted``.

        A twin is its claim's check with some ``settings`` overridden (``overrides``, e.g.
        ``exponent=2.0``), or, where the false statement is a different computation, another
        ``check`` (called with the claim's settings as well, so one signature serves both).
        It shares the parameters of its claim unless ``strategy``/``cases``/``domain``
        override them, and draws what its claim draws (see :class:`Context`). Its statement
        is its own (``statement``, else its title) and so is its LaTeX (``latex``, else none):
        it never shows the true claim's formula, nor the true claim's derivation. It inherits
        the claim's certified check (with its overrides as settings) unless ``certified``
        replaces it (another box).
        """
        unknown = sorted(set(overrides) - set(self.settings))
        if unknown:
            raise ValueError(f"twin {suffix!r} of {self.id}: {', '.join(unknown)} "
                             f"{'is' if len(unknown) == 1 else 'are'} not a setting of the "
                             f"claim (its settings: {sorted(self.settings) or 'none'})")
        keep_params = strategy is None and cases is None and domain is None
        if check is None and not overrides and keep_params and certified is None:
            raise ValueError(f"twin {suffix!r} of {self.id} changes nothing: give a setting "
                             "override, a check, or other cases")
        t = replace(
            self,
            id=f"{self.id}~{suffix}",
            title=title,
            statement=statement or title,
            latex=latex,
            derivation=None,
            derivation_params={},
            check=self.check if check is None else check,
            settings={**self.settings, **overrides},
            strategy=self.strategy if keep_params else strategy,
            cases=self.cases if keep_params else cases,
            domain=self.domain if keep_params else domain,
            examples=self.examples if keep_params else examples,
            expected="refuted",
            finding=False,
            corrected_by=None,
            notes=notes,
            plot=None,
            certified=self.certified if certified is None else certified,
            twins=[],
            twin_of=self.id,
        )
        self.twins.append(t)
        return t

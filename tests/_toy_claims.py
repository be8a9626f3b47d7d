"""Toy claims for the engine and CLI tests, registered under ``toy.`` (load with --module).

``toy.good.*`` all come out as expected; ``toy.bad.*`` each come out otherwise.
"""

from __future__ import annotations

import math

from hypothesis import strategies as st

from proofs_checks import Citation, Evidence, claim

CITE = Citation("A toy paper", "0000.00000", where="Lemma 1", authors="Nobody")


def _sin_bound(x, ctx):
    return Evidence.upper_bound(abs(math.sin(x)), 1.0, tolerance=1e-15, reason="|sin| <= 1")


sin_bounded = claim(
    id="toy.good.sin",
    title="|sin x| <= 1",
    statement="For every real x, |sin x| <= 1.",
    latex=r"|\sin x| \le 1",
    citation=CITE,
    source="R",
    method="exact",
    assumptions=("x real",),
    notes="A toy.",
    strategy=lambda profile: st.floats(-1e3, 1e3, allow_nan=False),
)(_sin_bound)

sin_bounded.twin(
    "square",
    title="x^2 <= 1000 for integers x >= 0",
    check=lambda x, ctx: Evidence.upper_bound(x * x, 1000, tolerance=0.0, reason="exact"),
    strategy=lambda profile: st.integers(min_value=0, max_value=10**6),
)


def _even_square(n, ctx):
    return Evidence.predicate((n * n) % 2 == n % 2, computed=(n * n) % 2, claimed=n % 2,
                              reason="parity")


even = claim(
    id="toy.good.cases",
    title="n^2 has the parity of n",
    statement="n^2 = n (mod 2).",
    citation=CITE,
    source="R",
    method="exact",
    cases=lambda profile: list(range(profile.n(20))),
)(_even_square)

even.twin(
    "below",
    title="n^2 <= 3n + 5",
    check=lambda n, ctx: Evidence.upper_bound(n * n, 3 * n + 5, tolerance=0.0, reason="exact"),
)

single = claim(
    id="toy.good.single",
    title="pi is about 3.14159",
    statement="pi = 3.14159 to 1e-5.",
    citation=CITE,
    source="R",
    method="exact",
)(lambda _, ctx: Evidence.agree(math.pi, 3.14159, atol=1e-5, reason="math.pi"))

single.twin(
    "e",
    title="pi is about 2.718",
    check=lambda _, ctx: Evidence.agree(math.pi, 2.718, atol=1e-3, reason="math.pi"),
)

claim(
    id="toy.good.finding",
    title="every integer square is at most 50",
    statement="n^2 <= 50 for all n >= 0 (false as stated; see the corrected claim).",
    citation=CITE,
    source="R",
    method="exact",
    expected="refuted",
    finding=True,
    corrected_by="toy.good.cases",
    strategy=lambda profile: st.integers(min_value=0, max_value=1000),
)(lambda n, ctx: Evidence.upper_bound(n * n, 50, tolerance=0.0, reason="exact"))


def _mc(_, ctx):
    rng = ctx.rng("mc")
    x = rng.random(400)
    est = float(x.mean())
    half = 3 * float(x.std()) / math.sqrt(x.size)
    # E[x] = 1/2 exactly: an interval around the estimate straddles the bound 1/2.
    return Evidence.interval(est, est - half, est + half, 0.5, side="at_least", reason="MC mean")


claim(
    id="toy.bad.mc",
    title="E[U] >= 1/2 (Monte Carlo cannot decide)",
    statement="The mean of U(0,1) is at least 1/2.",
    citation=CITE,
    source="M",
    method="montecarlo",
)(_mc)


def _crash(_, ctx):
    raise ZeroDivisionError("toy crash")


claim(
    id="toy.bad.crash",
    title="a check that raises",
    statement="Anything.",
    citation=CITE,
    source="R",
    method="exact",
)(_crash)

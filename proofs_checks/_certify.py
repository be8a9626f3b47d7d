"""Certified verdicts: an interval branch-and-bound with Arb balls (python-flint).

A claim that is a finite inequality over a bounded box of real variables may declare a
:class:`Certified` check besides its sampled one: ``margin(box, **settings)`` returns an Arb
ball that encloses the claim's margin (claimed minus computed; ``≥ 0`` is "holds") for *every*
point of the box. The driver then bisects the box until

* every sub-box's enclosure is ``≥ 0`` (``> 0`` when ``strict``): the claim is **proved** on the
  box;
* some sub-box's enclosure is ``< 0``: the claim is false at every point of that box, a
  **certified counterexample box**;
* the budget (boxes, depth, seconds) runs out, or a sub-box reaches the smallest width and
  still straddles 0: **unproved**, and the verdict falls back to the sampled one (the report
  says so).

Sub-boxes are taken worst first (the smallest lower bound of the margin first), so a false
claim's violation is reached before the budget is spent on boxes that hold. Endpoints are Arb
balls (``π`` is not a float); the midpoint of a bisection is a ball too, and each half is the
union of its endpoint balls, so the halves cover their parent whatever the rounding.

Degenerate corners (θ = 0, r = 0, a removable 0/0) cannot be decided by a plain enclosure that
contains the singular point; a claim's ``margin`` handles them with an analytic bound written
next to it, and ``Certified.corners`` says which.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Box", "Certified", "Certificate", "branch_and_bound", "certify_cases",
           "flint_available", "nonnegative_square"]

#: what a certified check returns for a box: an Arb ball enclosing the margin over the box,
#: or None where it cannot enclose it (the box is then bisected)
MarginFn = Callable[..., Any]


def flint_available() -> bool:
    try:
        import flint  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class Certified:
    """A certified check of a claim over a box.

    ``box`` maps each variable to its closed range ``(low, high)``; an end may be a number or
    a string that Arb parses exactly enough (``"pi"``, ``"1e-3"``, ``"[3.14159 +/- 1e-5]"``).
    ``margin(box, **settings)`` gets a dict of Arb balls (one per variable, each enclosing
    that variable's sub-range) and the claim's settings (a twin's overrides included) and
    returns an Arb ball enclosing the margin over the whole sub-box, or a pair of balls
    ``(lower, upper)``: a lower bound and an upper bound of the margin over the sub-box (an
    analytic bound that is exactly 0 at a corner stays exactly 0 that way). ``strict``: prove
    ``margin > 0`` rather than ``≥ 0``. ``max_boxes``/``seconds`` are the budget at the quick
    and ci profiles (thorough gets 4×); ``max_depth`` bounds the bisections of one box;
    ``prec`` is Arb's working precision in bits. ``corners`` documents how ``margin``
    treats the degenerate corners of the box.
    """

    box: Mapping[str, tuple[Any, Any]] | None
    margin: MarginFn
    strict: bool = False
    max_boxes: int = 20_000
    seconds: float = 20.0
    max_depth: int = 60
    prec: int = 128
    corners: str = ""

    #: "box" (bisect ``box``) or "cases": ``margin(case, **settings)`` encloses the margin of
    #: each of the claim's listed cases, and the claim is proved on that list
    over: str = "box"
    #: over cases only: call ``margin(case, ctx, **settings)`` with the claim's Context, so that
    #: the margin reads what the sampled check computed (``ctx.shared``) instead of redoing it
    context: bool = False

    def __post_init__(self) -> None:
        if self.over not in ("box", "cases"):
            raise ValueError(f"over must be 'box' or 'cases', got {self.over!r}")
        if self.over == "cases":
            if self.box is not None:
                raise ValueError("a certified check over cases takes no box")
            return
        if not self.box:
            raise ValueError("box must name at least one variable")
        for name, rng in self.box.items():
            if not isinstance(rng, (tuple, list)) or len(rng) != 2:
                raise ValueError(f"box[{name!r}] must be a (low, high) pair, got {rng!r}")
        if self.max_boxes < 1 or self.seconds <= 0 or self.max_depth < 1:
            raise ValueError("max_boxes, seconds and max_depth must be positive")


@dataclass
class Certificate:
    """What a branch-and-bound established, and what it cost."""

    status: str  # "proved", "refuted", "unproved" or "unavailable"
    boxes: int = 0  # enclosures evaluated
    proved_boxes: int = 0  # leaves on which the inequality holds
    depth: int = 0  # the deepest bisection reached
    seconds: float = 0.0
    reason: str = ""
    counterexample_box: dict[str, list[float]] | None = None
    counterexample_margin: list[float] | None = None  # [low, high] of the margin there
    smallest_lower_bound: float | None = None  # min over the proved leaves of the margin's low
    undecided_box: dict[str, list[float]] | None = None
    counterexample_case: Any = None  # a certified check over cases: the case found false
    #: a certified check over cases: per case, its margin's enclosure and what the margin
    #: function reported besides (a third element of its return value)
    case_records: list[dict[str, Any]] | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"status": self.status, "boxes": self.boxes,
                             "proved_boxes": self.proved_boxes, "depth": self.depth,
                             "seconds": round(self.seconds, 6), "reason": self.reason}
        for key in ("counterexample_box", "counterexample_case", "counterexample_margin",
                    "smallest_lower_bound", "undecided_box", "case_records"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        return d


class Box(dict):
    """A sub-box handed to a certified margin: ``box[name]`` is a ball enclosing the
    variable's sub-range, ``box.ends[name]`` its (low, high) end balls. A ball of a range
    [a, b] is a midpoint and a radius, so its lower end can lie a rounding below a (below 0
    for a range that starts at 0); an analytic bound that needs the exact end reads ``ends``."""

    def __init__(self, balls: dict, ends: dict) -> None:
        super().__init__(balls)
        self.ends = ends


@dataclass(order=True)
class _Node:
    key: float  # the margin's lower bound at the parent (worst first)
    order: int  # ties broken by creation order: deterministic
    depth: int = field(compare=False)
    box: tuple = field(compare=False)  # ((low ball, high ball), ...)


def _ball(value: Any, flint: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if text == "pi":
            return flint.arb.pi()
        return flint.arb(text)
    return flint.arb(value)


def _floats(ball: Any) -> list[float]:
    """Outward-rounded float ends of a ball."""
    import math

    lo, hi = float(ball.lower()), float(ball.upper())
    return [math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)]


def certify_cases(cert: Certified, cases: list, settings: Mapping[str, Any] | None = None,
                  ctx: Any = None) -> Certificate:
    """Enclose the margin of each listed case: proved when every enclosure is ≥ 0 (> 0 when
    strict), refuted at the first case whose enclosure is < 0 (a case that straddles 0 does
    not stop the search for one), else unproved."""
    try:
        import flint
    except ImportError:
        return Certificate("unavailable", reason="python-flint is not installed "
                           "(pip install 'reluflow[certified]'): the sampled verdict stands")
    old_prec = flint.ctx.prec
    flint.ctx.prec = cert.prec
    t0 = time.perf_counter()
    out = Certificate("unproved")
    smallest = float("inf")
    undecided = None
    try:
        for case in cases:
            out.boxes += 1
            m = (cert.margin(case, ctx, **dict(settings or {})) if cert.context
                 else cert.margin(case, **dict(settings or {})))
            if m is None:
                out.reason = (f"no enclosure at case {case!r} (the margin could not be "
                              "certified there): the sampled verdict stands")
                return out
            extra = m[2] if isinstance(m, tuple) and len(m) == 3 else {}
            m_low, m_high = ((flint.arb(m[0]), flint.arb(m[1])) if isinstance(m, tuple)
                             else (flint.arb(m), flint.arb(m)))
            out.case_records = (out.case_records or []) + [
                {"case": case, "margin": [float(m_low.lower()), float(m_high.upper())],
                 **extra}]
            if m_high < 0:
                out.status = "refuted"
                out.counterexample_case = case
                out.counterexample_margin = [float(m_low.lower()), float(m_high.upper())]
                out.reason = f"the margin's enclosure is negative at case {case!r}"
                return out
            if not (m_low > 0 if cert.strict else m_low >= 0):
                # keep going: a later case may still be certified false
                undecided = undecided if undecided is not None else case
                continue
            out.proved_boxes += 1
            smallest = min(smallest, float(m_low.lower()))
        if undecided is not None:
            out.reason = (f"the enclosure at case {undecided!r} straddles 0: the sampled "
                          "verdict stands")
            return out
        out.status = "proved"
        out.smallest_lower_bound = smallest if cases else None
        out.reason = (f"the margin's enclosure is {'> 0' if cert.strict else '≥ 0'} at each of "
                      f"the {len(cases)} listed cases")
        return out
    finally:
        flint.ctx.prec = old_prec
        out.seconds = time.perf_counter() - t0


def nonnegative_square(y: Any) -> Any:
    """An enclosure of y² that is never below 0: from the absolute bounds of the ball ``y``
    (a ball's own square has a lower end below 0 when it contains 0)."""
    import flint

    a, b = flint.arb(y.abs_lower()), flint.arb(y.abs_upper())
    return (a * a).union(b * b)


def branch_and_bound(cert: Certified, settings: Mapping[str, Any] | None = None, *,
                     budget_scale: float = 1.0) -> Certificate:
    """Prove ``cert.margin ≥ 0`` on ``cert.box``, or find a box where it is ``< 0``."""
    try:
        import flint
    except ImportError:
        return Certificate("unavailable", reason="python-flint is not installed "
                           "(pip install 'reluflow[certified]'): the sampled verdict stands")
    if cert.box is None:
        raise ValueError("branch_and_bound needs a box (a certified check over cases runs "
                         "through certify_cases)")
    names = list(cert.box)
    max_boxes = max(1, int(cert.max_boxes * budget_scale))
    seconds = cert.seconds * budget_scale
    settings = dict(settings or {})
    old_prec = flint.ctx.prec
    flint.ctx.prec = cert.prec
    t0 = time.perf_counter()
    cert_out = Certificate("unproved")
    try:
        root = tuple((_ball(lo, flint), _ball(hi, flint)) for lo, hi in cert.box.values())
        for name, (lo, hi) in zip(names, root, strict=True):
            if not (lo <= hi):
                raise ValueError(f"box[{name!r}]: low must be ≤ high")
        widths0 = [max(float((hi - lo).upper()), 1e-300) for lo, hi in root]
        heap = [_Node(float("-inf"), 0, 0, root)]
        order = 1
        smallest = float("inf")
        while heap:
            if cert_out.boxes >= max_boxes or time.perf_counter() - t0 > seconds:
                cert_out.reason = (f"budget spent ({cert_out.boxes} boxes, "
                                   f"{time.perf_counter() - t0:.1f} s) with {len(heap)} boxes "
                                   "left: the sampled verdict stands")
                worst = heap[0]
                cert_out.undecided_box = {n: [float(lo.lower()), float(hi.upper())]
                                          for n, (lo, hi) in zip(names, worst.box, strict=True)}
                break
            node = heapq.heappop(heap)
            cert_out.boxes += 1
            cert_out.depth = max(cert_out.depth, node.depth)
            balls = Box({n: lo.union(hi) for n, (lo, hi) in zip(names, node.box, strict=True)},
                        dict(zip(names, node.box, strict=True)))
            m = cert.margin(balls, **settings)
            if m is not None:
                # one ball enclosing the margin, or a (lower bound, upper bound) pair of balls
                m_low, m_high = ((flint.arb(m[0]), flint.arb(m[1])) if isinstance(m, tuple)
                                 else (flint.arb(m), flint.arb(m)))
                low, high = float(m_low.lower()), float(m_high.upper())
                holds = m_low > 0 if cert.strict else m_low >= 0
                if holds:
                    cert_out.proved_boxes += 1
                    smallest = min(smallest, low)
                    continue
                if m_high < 0:
                    cert_out.status = "refuted"
                    cert_out.counterexample_box = {
                        n: [_floats(lo)[0], _floats(hi)[1]]
                        for n, (lo, hi) in zip(names, node.box, strict=True)}
                    cert_out.counterexample_margin = [low, high]
                    cert_out.reason = ("the margin's enclosure is negative on the whole box: "
                                       "the claim is false at every point of it")
                    return cert_out
            else:
                low = float("-inf")
            if node.depth >= cert.max_depth:
                cert_out.reason = (f"a box at depth {node.depth} still straddles 0: "
                                   "the sampled verdict stands")
                cert_out.undecided_box = {n: _floats(b) for n, b in balls.items()}
                break
            # bisect the variable that is widest relative to its range
            k = max(range(len(names)), key=lambda i: float(
                (node.box[i][1] - node.box[i][0]).upper()) / widths0[i])
            lo, hi = node.box[k]
            mid = (lo + hi) / 2
            for half in ((lo, mid), (mid, hi)):
                child = node.box[:k] + (half,) + node.box[k + 1:]
                heapq.heappush(heap, _Node(low, order, node.depth + 1, child))
                order += 1
        else:
            cert_out.status = "proved"
            cert_out.smallest_lower_bound = smallest if smallest != float("inf") else None
            cert_out.reason = (f"the margin's enclosure is {'> 0' if cert.strict else '≥ 0'} "
                               f"on each of {cert_out.proved_boxes} boxes covering the domain")
    finally:
        flint.ctx.prec = old_prec
        cert_out.seconds = time.perf_counter() - t0
    return cert_out

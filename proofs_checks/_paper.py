"""A paper: its citation, common assumptions, theory note and profile settings; it registers
its claims.

One ``Paper`` per package under ``proofs_checks/papers/`` (or per user module): a claim file
then states only what is particular to the claim::

    from proofs_checks.kit import Evidence, Paper

    paper = Paper("mine", title="...", authors="...", arxiv="2401.00001")

    @paper.claim("psd", where="Lemma 2", title="...", statement="...", source="S",
                 method="exact", settings={"sign": 1.0})
    def psd(params, ctx, *, sign):
        ...
        return Evidence.lower_bound(...)

    psd.twin("negated", title="...", sign=-1.0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._claim import CheckFn, Citation, Claim, Context, Profile
from ._registry import register

#: the profile whose value a setting falls back to for a profile it does not name
_FALLBACK_PROFILE = "ci"

_PAPERS: dict[str, Paper] = {}


class Paper:
    """The paper a group of claims comes from.

    ``key`` is the id prefix of its claims (``key.name``); ``assumptions`` are prepended to
    every claim's own; ``theory`` is the repository-relative path of the theory note the
    claims' notes refer to; ``rank`` orders papers in reports; ``settings`` maps a setting
    name to its value per profile name (``{"deltas": {"quick": (...), "ci": (...)}}``), read
    by claims through :meth:`setting` so that no claim tests a profile's name. ``source_tags``
    says what each value of a claim's ``source`` means for this paper (``{"S": "the abstract"}``);
    a claim's source may combine tags with commas, and the report prints the legend.
    """

    def __init__(
        self,
        key: str,
        *,
        title: str,
        authors: str = "",
        arxiv: str = "",
        assumptions: Sequence[str] = (),
        theory: str | None = None,
        notes: str = "",
        rank: int = 100,
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        source_tags: Mapping[str, str] | None = None,
    ) -> None:
        if not key or "." in key or "~" in key:
            raise ValueError(f"key must be a non-empty id prefix without '.' or '~', got {key!r}")
        self.key = key
        self.title = title
        self.authors = authors
        self.arxiv = arxiv
        self.assumptions = tuple(assumptions)
        self.theory = theory
        self.notes = notes
        self.rank = int(rank)
        self._settings = {k: dict(v) for k, v in (settings or {}).items()}
        self.source_tags = dict(source_tags or {})
        self.claims: list[Claim] = []
        _PAPERS[key] = self

    def __repr__(self) -> str:
        return f"Paper({self.key!r}, {len(self.claims)} claims)"

    def cite(self, where: str = "") -> Citation:
        """The paper's citation at a theorem, lemma or equation."""
        return Citation(self.title, arxiv=self.arxiv, where=where, authors=self.authors)

    def setting(self, name: str, profile: Profile | Context) -> Any:
        """The value of a profile setting (a horizon, a δ list, a size) for this profile, or
        for ``ci`` when the profile is not named (a user's own profile)."""
        prof = profile.profile if isinstance(profile, Context) else profile
        if name not in self._settings:
            raise KeyError(f"{self.key} has no profile setting {name!r} "
                           f"(its settings: {sorted(self._settings)})")
        table = self._settings[name]
        return table[prof.name] if prof.name in table else table[_FALLBACK_PROFILE]

    def add(self, claim: Claim) -> Claim:
        """Register a claim built elsewhere as one of this paper's."""
        if claim.paper != self.key:
            raise ValueError(f"claim {claim.id} does not belong to paper {self.key}")
        unknown = [t for t in source_tags(claim.source) if t not in self.source_tags]
        if self.source_tags and unknown:  # the report's legend must explain every tag
            raise ValueError(f"claim {claim.id}: source tag(s) {unknown} are not in paper "
                             f"{self.key}'s source_tags {sorted(self.source_tags)}")
        register(claim)
        self.claims.append(claim)
        return claim

    def claim(
        self,
        name: str,
        *,
        where: str = "",
        assumptions: Sequence[str] = (),
        common_assumptions: bool = True,
        **fields: Any,
    ) -> Callable[[CheckFn], Claim]:
        """Decorator: the check function becomes the registered claim ``key.name``.

        ``where`` locates the statement in the paper (the citation; ``citation=`` cites
        another source instead); ``assumptions`` are the
        claim's own, after the paper's (``common_assumptions=False`` drops those). The other
        fields are :class:`Claim`'s (title, statement, source, method, cases or domain or
        strategy, settings, notes, ...).
        """
        if "id" in fields:
            raise ValueError("a paper's claim takes name=, not id= (its id is key.name)")
        common = self.assumptions if common_assumptions else ()
        # a claim may cite another source than its paper (the foundation's closed forms)
        citation = fields.pop("citation", None) or self.cite(where)

        def wrap(check: CheckFn) -> Claim:
            return self.add(Claim(id=f"{self.key}.{name}", citation=citation,
                                  assumptions=common + tuple(assumptions), check=check,
                                  **fields))

        return wrap


def paper_rank(key: str) -> int:
    """The report position of a paper's claims (papers without a :class:`Paper` last)."""
    p = _PAPERS.get(key)
    return p.rank if p is not None else 1000


def source_tags(source: str) -> list[str]:
    """The tags a claim's ``source`` combines (``"P,S-M,D"`` → ``["P", "S-M", "D"]``)."""
    return [t.strip() for t in str(source).split(",") if t.strip()]


def tags_by_paper(results) -> dict[str, tuple[dict[str, str], list[str]]]:
    """For the report's legend: per paper key of ``results`` (claim results, ``"user"`` for
    those without a paper), its declared tag meanings and the tags the results use, sorted."""
    used: dict[str, set[str]] = {}
    for r in results:
        used.setdefault(r.paper or "user", set()).update(source_tags(r.source))
    return {key: (dict(_PAPERS[key].source_tags) if key in _PAPERS else {}, sorted(tags))
            for key, tags in used.items()}


def papers() -> dict[str, Paper]:
    """The papers declared so far, by key."""
    return dict(_PAPERS)

"""The claim kit: a Paper registers its claims, twins override settings, contexts key draws and
shared results on the base claim, profile settings, and the discovery of paper packages."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from proofs_checks import kit, run_claim
from proofs_checks._claim import Context
from proofs_checks._registry import builtin_modules


@pytest.fixture
def paper(isolated_registry):
    return kit.Paper("kittest", title="A paper for the kit's tests", authors="Nobody",
                     arxiv="0000.00000", assumptions=("common",),
                     settings={"size": {"quick": 3, "ci": 5}})


def _exp_bound(paper, calls):
    @paper.claim("exp_bound", where="Lemma 1", title="e^x ≥ 1 + c x", statement="e^x ≥ 1 + x",
                 source="S", method="exact", assumptions=("own",), settings={"c": 1.0},
                 cases=lambda p: [{"x": x} for x in (-1.0, 0.5, 2.0)])
    def check(params, ctx, *, c):
        calls.append((ctx.claim_id, c))
        x = params["x"]
        return kit.Evidence.lower_bound(float(np.exp(x)), 1 + c * x, tolerance=1e-15,
                                        reason="e^x against its tangent line")

    return check


def test_paper_claim_registers_id_citation_and_assumptions(paper):
    claim = _exp_bound(paper, [])
    assert claim.id == "kittest.exp_bound" and claim in paper.claims
    assert claim.citation.where == "Lemma 1" and claim.citation.arxiv == "0000.00000"
    assert claim.assumptions == ("common", "own")
    assert repr(paper) == "Paper('kittest', 1 claims)"


def test_a_twin_is_a_setting_override_and_is_refuted(paper):
    calls: list = []
    claim = _exp_bound(paper, calls)
    twin = claim.twin("steeper", title="e^x ≥ 1 + 2x", c=2.0)
    assert twin.check is claim.check and twin.settings == {"c": 2.0}
    res = run_claim(claim, profile="quick", seed=3)
    assert res.verdict == "confirmed"
    assert res.twins[0].verdict == "refuted"  # e^0.5 < 2 at x = 0.5: the check can fail
    assert {c for _, c in calls} == {1.0, 2.0}


def test_twin_overrides_are_checked(paper):
    claim = _exp_bound(paper, [])
    with pytest.raises(ValueError, match="not a setting of the claim"):
        claim.twin("typo", title="t", slope=2.0)
    with pytest.raises(ValueError, match="changes nothing"):
        claim.twin("same", title="t")


def test_draws_and_shared_results_are_keyed_on_the_base_claim():
    prof = kit.PROFILES["quick"]
    claim, twin = Context(prof, 7, "p.c"), Context(prof, 7, "p.c~wrong")
    other = Context(prof, 7, "p.d")
    assert claim.rng("x").random() == twin.rng("x").random() != other.rng("x").random()
    built: list = []
    first = claim.shared("k", lambda: built.append(1) or object())
    assert twin.shared("k", lambda: built.append(2) or object()) is first
    assert other.shared("k", lambda: built.append(3) or object()) is not first
    assert built == [1, 3]
    # the paper's context is the same whichever claim asks, and differs between seeds
    assert claim.paper().claim_id == other.paper().claim_id == "p.shared"
    assert claim.paper().rng(1).random() != Context(prof, 8, "p.d").paper().rng(1).random()


def test_profile_settings_and_their_fallback(paper):
    assert paper.setting("size", kit.PROFILES["quick"]) == 3
    assert paper.setting("size", Context(kit.PROFILES["ci"], 0, "kittest.x")) == 5
    mine = dataclasses.replace(kit.PROFILES["ci"], name="nightly")
    assert paper.setting("size", mine) == 5  # a profile the paper does not name reads ci's
    with pytest.raises(KeyError, match="no profile setting 'steps'"):
        paper.setting("steps", mine)


def test_paper_claim_refuses_an_id_and_a_bad_key(paper):
    with pytest.raises(ValueError, match="name="):
        paper.claim("x", id="kittest.x")
    with pytest.raises(ValueError, match="id prefix"):
        kit.Paper("a.b", title="t")


def test_paper_packages_are_discovered():
    from proofs_checks.papers import discover

    found = discover()
    assert builtin_modules() == tuple(found)
    assert {m.rsplit(".", 1)[1] for m in found} >= {
        "foundation", "tian2017", "lee2022", "min2024", "boursier2022", "kumar2025"}


def test_kit_exports_what_claims_need():
    for name in ("Paper", "Evidence", "Context", "Domain", "Real", "Integer", "clopper_pearson",
                 "fit_slope", "t_quantile"):
        assert name in kit.__all__ and hasattr(kit, name)
    assert kit.strategies.vector_pairs is not None


def test_every_builtin_claim_has_its_own_small_file_and_a_theory_note():
    from pathlib import Path

    from proofs_checks import load, select
    from proofs_checks._paper import papers

    load()
    root = Path(__file__).resolve().parents[1]
    pkg = root / "proofs_checks" / "papers"
    for claim in select():
        if not (pkg / claim.paper).is_dir():
            continue
        name = claim.id.split(".", 1)[1]
        f = pkg / claim.paper / f"{name}.py"
        assert f.is_file(), f"{claim.id} has no file {f.relative_to(root)}"
        n = len(f.read_text(encoding="utf-8").splitlines())
        assert n <= 150, f"{f.relative_to(root)} has {n} lines (at most 150)"
    for key, paper in papers().items():
        if (pkg / key).is_dir():
            assert paper.theory and (root / paper.theory).is_file(), key

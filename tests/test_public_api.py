"""The public API suffices: no code outside a package imports its private modules, claim
files import only the kit from the engine, and every ``__all__`` matches its module."""

from __future__ import annotations

import ast
import importlib
import inspect
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("numeric", "symbolic", "proofs_checks")
# code that users read and copy: everything but the tests, which may test private parts
SCANNED = ("numeric", "symbolic", "proofs_checks", "examples", "benchmarks", "notebooks",
           "tools", "_reluflow_pytestplugin.py")


def _files() -> list[Path]:
    out: list[Path] = []
    for name in SCANNED:
        p = ROOT / name
        out.extend([p] if p.is_file() else sorted(p.rglob("*.py")))
    return out


def _imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every module or name imported, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(root).with_suffix("")
    pkg_parts = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg_parts[: len(pkg_parts) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            out.append((node.lineno, mod))
            out.extend((node.lineno, f"{mod}.{a.name}") for a in node.names)
    return out


def _violations(path: Path, root: Path = ROOT) -> list[str]:
    rel = path.relative_to(root)
    home = rel.parts[0] if rel.parts[0] in PACKAGES else None
    in_papers = rel.parts[:2] == ("proofs_checks", "papers")
    bad = []
    for line, name in _imports(path, root):
        parts = name.split(".")
        if parts[0] not in PACKAGES:
            continue
        private = any(p.startswith("_") and not p.startswith("__") for p in parts[1:])
        if private and parts[0] != home:
            bad.append(f"{rel}:{line}: {name} (private module of another package)")
        elif in_papers and parts[0] == "proofs_checks" and len(parts) > 1 \
                and parts[1] not in ("kit", "papers"):
            bad.append(f"{rel}:{line}: {name} (claim code imports the engine only through "
                       "proofs_checks.kit)")
    return bad


def test_no_private_import_across_package_lines():
    bad = [v for f in _files() for v in _violations(f)]
    assert not bad, "\n".join(bad)


def test_the_import_scan_sees_a_private_import(tmp_path):
    # the scan itself must catch the plausible wrong imports it exists for, and pass the
    # right ones (the kit, a public numeric module, a private module of one's own package)
    probe = tmp_path / "proofs_checks" / "papers" / "mine" / "claim.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("from numeric._teacher_student import population_flow\n"
                     "from proofs_checks._claim import Evidence\n"
                     "from ..._engine import run_claim\n"
                     "from proofs_checks.kit import Evidence\n"
                     "from numeric.finite_data import gradient_flow\n"
                     "from . import setup\n", encoding="utf-8")
    found = _violations(probe, tmp_path)
    assert sorted({f.split(":")[1] for f in found}) == ["1", "2", "3"], found
    own = tmp_path / "numeric" / "thing.py"
    own.parent.mkdir()
    own.write_text("from ._twolayer import gradient_flow\n", encoding="utf-8")
    assert _violations(own, tmp_path) == []


def _ours(value) -> bool:
    """Whether a module attribute is reluflow's own (a function, class or instance defined in
    one of its packages) rather than an import such as ``typing.Any``."""
    if isinstance(value, types.ModuleType):
        # a submodule becomes an attribute when anything imports it, so whether it is one
        # depends on import order; __all__ may name submodules, it need not
        return False
    owner = getattr(value, "__module__", None) if (inspect.isclass(value) or callable(value)) \
        else type(value).__module__
    return isinstance(owner, str) and owner.split(".")[0] in PACKAGES


PUBLIC_MODULES = (
    "numeric", "numeric.ode", "numeric.stats", "numeric.finite_data", "numeric.population",
    "numeric.datasets", "numeric.homogeneous", "numeric.orthogonal", "symbolic",
    "symbolic.homogeneous", "symbolic.orthogonal",
    "proofs_checks", "proofs_checks.kit",
)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_matches_the_module(name):
    mod = importlib.import_module(name)
    declared = set(mod.__all__)
    assert len(declared) == len(mod.__all__), f"{name}.__all__ repeats a name"
    missing = sorted(n for n in declared if not hasattr(mod, n))
    assert not missing, f"{name}.__all__ names what the module lacks: {missing}"
    public = {n for n, v in vars(mod).items() if not n.startswith("_") and _ours(v)}
    undeclared = sorted(public - declared)
    assert not undeclared, f"{name} has public names outside __all__: {undeclared}"


def test_old_public_names_still_work_with_a_warning():
    import numeric
    import numeric.orthogonal as orth
    import numeric.population as pop

    with pytest.warns(DeprecationWarning, match="population_flow"):
        assert numeric.gradient_flow is pop.population_flow
    with pytest.warns(DeprecationWarning, match="solve_coefficients"):
        assert orth.solve_reduced is orth.solve_coefficients
    with pytest.warns(DeprecationWarning, match="finite_data"):
        assert numeric.twolayer.gradient_flow is numeric.finite_data.gradient_flow

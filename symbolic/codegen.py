"""Compile the derivations into ``numeric/_generated.py``.

The generated module is the derivation cache: ``numeric`` imports it without importing SymPy
(so ``import numeric`` stays well under a second), and ``tests/test_codegen.py`` regenerates it
and fails if the committed file is stale. Regenerate with ``python -m symbolic.codegen``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import sympy as sp

from ._catalogue import compiled
from ._printer import helper_source

TARGET = Path(__file__).resolve().parent.parent / "numeric" / "_generated.py"


def render() -> str:
    """The full text of ``numeric/_generated.py``."""
    parts = []
    names = []
    for d in compiled():
        src = d.python().rstrip() + "\n"
        doc = d.description.replace('"""', "'''")
        head, _, body = src.partition("\n")
        parts.append(f'{head}\n    """{doc}"""\n{body}')
        names.append(d.compiled_name)
    body = "\n\n".join(parts)
    digest = hashlib.sha256(body.encode()).hexdigest()[:16]
    header = (
        '"""Kernels compiled from symbolic/ by ``python -m symbolic.codegen``. Do not edit.\n\n'
        "Each function is the lambdify output (printer: symbolic._printer.ReluflowPrinter, with\n"
        "common-subexpression elimination) of the derivation of the same name; vectors lie on\n"
        "the last axis and reductions keep it with length 1 so that scalars broadcast.\n"
        f"SymPy {sp.__version__}; content hash {digest}.\n"
        '"""\n\n'
        "# ruff: noqa\n"
        "import numpy\n\n"
        f"__all__ = {names!r}\n\n\n"
        f"{helper_source()}\n\n"
    )
    return header + body


def write(path: Path = TARGET) -> Path:
    path.write_text(render())
    return path


if __name__ == "__main__":
    print(f"wrote {write()}")

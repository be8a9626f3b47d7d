"""reluflow's built-in papers, one package each (``papers/<paper>/``).

A package's ``__init__`` declares its :class:`~proofs_checks.kit.Paper` and imports its claim
files in report order; ``setup.py`` holds the simulations several claims read. The registry
imports every package found here (:func:`discover`), so adding a paper is adding a folder.
"""

from __future__ import annotations

import pkgutil


def discover() -> list[str]:
    """Dotted names of the paper packages in this folder, sorted by name."""
    return sorted(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__) if m.ispkg)

"""Deprecated: Tian (2017) moved to :mod:`proofs_checks.papers.tian2017` (one claim per file).

Kept for one release so that ``import proofs_checks.tian2017`` still works.
Importing it registers the paper's claims, each with its false twins.
"""

import warnings

from .papers.tian2017 import *  # noqa: F403
from .papers.tian2017 import paper  # noqa: F401

warnings.warn("proofs_checks.tian2017 is deprecated; use proofs_checks.papers.tian2017",
              DeprecationWarning, stacklevel=2)

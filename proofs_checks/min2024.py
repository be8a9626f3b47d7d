"""Deprecated: Min, Mallada & Vidal's claims moved to ``proofs_checks.papers.min2024``.

This alias keeps ``import proofs_checks.min2024`` working for one release, with the names the
notebook and the benchmark read (``digits_run``, ``_digits_milestones``, ``_setup``).
"""

import warnings

from .papers.min2024 import *  # noqa: F403
from .papers.min2024 import paper  # noqa: F401
from .papers.min2024.setup import make_setup as _setup  # noqa: F401
from .papers.min2024.setup_digits import (  # noqa: F401
    digits_milestones as _digits_milestones,
    digits_run,
)

warnings.warn("proofs_checks.min2024 moved to proofs_checks.papers.min2024",
              DeprecationWarning, stacklevel=2)

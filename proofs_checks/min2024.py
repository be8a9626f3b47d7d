"""Deprecated: Min, Mallada & Vidal's claims moved to ``proofs_checks.papers.min2024``.

This alias keeps ``import proofs_checks.min2024`` working for one release, with the public
``digits_run`` and the ``_setup`` that ``benchmarks/bench_finite_flow.py --baseline`` reads in
older checkouts as well as this one.
Importing it registers the paper's claims, each with its false twins.
"""

import warnings

from .papers.min2024 import *  # noqa: F403
from .papers.min2024 import paper  # noqa: F401
from .papers.min2024.setup import make_setup as _setup  # noqa: F401
from .papers.min2024.setup_digits import digits_run  # noqa: F401

warnings.warn("proofs_checks.min2024 moved to proofs_checks.papers.min2024",
              DeprecationWarning, stacklevel=2)

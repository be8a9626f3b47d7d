"""Deprecated: Lee–Sim–Ye's claims moved to :mod:`proofs_checks.papers.lee2022`.

One file per claim there, the shared simulations in its ``setup*.py``; this alias keeps
``import proofs_checks.lee2022`` working for one release.
Importing it registers the paper's claims, each with its false twins.
"""

import warnings

warnings.warn(
    "proofs_checks.lee2022 moved to proofs_checks.papers.lee2022; import it from there",
    DeprecationWarning, stacklevel=2,
)

from .papers.lee2022 import *  # noqa: E402, F403
from .papers.lee2022 import paper  # noqa: E402, F401

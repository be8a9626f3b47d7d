"""Deprecated: Kumar & Haupt's claims moved to the package ``proofs_checks.papers.kumar2025``
(one file per claim, shared simulations in its ``setup_flows``). This alias keeps
``import proofs_checks.kumar2025`` working for one release.
Importing it registers the paper's claims, each with its false twins.
"""

import warnings

warnings.warn(
    "proofs_checks.kumar2025 moved to proofs_checks.papers.kumar2025",
    DeprecationWarning,
    stacklevel=2,
)

from .papers.kumar2025 import *  # noqa: E402, F403
from .papers.kumar2025 import paper  # noqa: E402, F401

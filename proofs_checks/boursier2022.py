"""Deprecated: Boursier et al.'s claims moved to :mod:`proofs_checks.papers.boursier2022`.

This alias keeps ``import proofs_checks.boursier2022`` working for one release; import the
package (or ``proofs_checks.kit`` for the claim API) instead.
Importing it registers the paper's claims, each with its false twins.
"""

import warnings

warnings.warn(
    "proofs_checks.boursier2022 moved to proofs_checks.papers.boursier2022",
    DeprecationWarning, stacklevel=2,
)

from .papers.boursier2022 import *  # noqa: E402, F403
from .papers.boursier2022 import paper  # noqa: E402, F401

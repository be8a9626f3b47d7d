"""Deprecated: Tian (2017) moved to :mod:`proofs_checks.papers.tian2017` (one claim per file).

Kept for one release so that ``import proofs_checks.tian2017`` still works, with the helpers
notebooks/tian2017.py reads under their old names.
"""

import warnings

from .papers import tian2017 as _pkg
from .papers.tian2017 import *  # noqa: F403
from .papers.tian2017 import paper  # noqa: F401

_s, _c, _y = _pkg.setup, _pkg.setup_critical_points, _pkg.setup_ssb

init_probability, L_vector, _oop_point = _s.basin_probability, _c.L_vector, _c.out_of_plane_point
saddle_x, _jacobian, _sym_flow = _y.saddle_x, _y.symmetric_jacobian, _y.symmetric_flow
_spurious_point, _SPURIOUS = _y.spurious_point, _y.SPURIOUS_POINTS

warnings.warn("proofs_checks.tian2017 is deprecated; use proofs_checks.papers.tian2017",
              DeprecationWarning, stacklevel=2)

"""Deprecated: renamed :mod:`numeric.finite_data` (finite data, as opposed to the Gaussian
population of :mod:`numeric.population`). Kept for one release."""

import warnings

from .finite_data import *  # noqa: F403
from .finite_data import __all__ as __all__

warnings.warn("numeric.twolayer is deprecated; use numeric.finite_data", DeprecationWarning,
              stacklevel=2)


def __getattr__(name: str):
    if name == "integrate":
        from ._twolayer import integrate

        return integrate
    raise AttributeError(f"module 'numeric.twolayer' has no attribute {name!r}")

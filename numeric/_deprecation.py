"""Deprecated aliases: old public names that keep working for one release, with a warning."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any


def alias_getattr(module: str, aliases: Mapping[str, tuple[str, str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving ``old name -> (new module, new name)`` with a
    ``DeprecationWarning`` that names the replacement."""

    def __getattr__(name: str) -> Any:
        if name in aliases:
            target, new = aliases[name]
            warnings.warn(f"{module}.{name} is deprecated; use {target}.{new}",
                          DeprecationWarning, stacklevel=2)
            return getattr(importlib.import_module(target), new)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__

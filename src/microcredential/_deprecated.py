"""Old public names kept for one release: reading one warns and gives the new object."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping

__all__ = ["renamed_attributes", "renamed_property", "warn_renamed"]


def warn_renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated in favour of ``new`` (both dotted names)."""
    warnings.warn(
        f"{old} is deprecated and will be removed in the next release; use {new}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def renamed_attributes(
    module: str, renamed: Mapping[str, tuple[str, Callable[[], object]]]
) -> Callable[[str], object]:
    """A module ``__getattr__`` serving old names: ``{old: (new dotted name, get new object)}``.

    The getter is called on access, so an alias costs no import until someone uses it.
    """

    def __getattr__(name: str) -> object:
        entry = renamed.get(name)
        if entry is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        new, get = entry
        warn_renamed(f"{module}.{name}", new)
        return get()

    return __getattr__


def renamed_property(old: str, new: str) -> property:
    """A read-only property ``old`` that warns and returns the property ``new``."""

    def get(self: object) -> object:
        owner = type(self).__name__
        warn_renamed(f"{owner}.{old}", f"{owner}.{new}")
        return getattr(self, new)

    return property(get, doc=f"Deprecated: use :attr:`{new}`.")

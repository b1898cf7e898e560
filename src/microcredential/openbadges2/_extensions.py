"""The Open Badges 2.0 extensions Edubadges writes, read as plain values.

A 2.0 extension is an object under a key naming its type, with its own ``@context`` and
``type``, holding one property::

    "extensions:ECTSExtension": {
        "@context": ".../ECTSExtension/context.json",
        "type": ["Extension", "extensions:ECTSExtension"],
        "ECTS": 2.5
    }

The key may also be written as the full IRI (``https://w3id.org/openbadges/extensions#...``).
The extensions and the JSON type of their values are those Edubadges publishes; a value of
another type is reported, not guessed at.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["BADGE_EXTENSIONS", "ISSUER_EXTENSIONS", "Extension", "ExtensionValue", "read"]

_PREFIXES = ("extensions:", "https://w3id.org/openbadges/extensions#")


@dataclass(frozen=True, slots=True)
class Extension:
    """One extension: its type name, the property holding its value, and that value's kind."""

    name: str
    field: str
    kind: str  # "number", "string", "numbers" (a number or an array of numbers)


@dataclass(frozen=True, slots=True)
class ExtensionValue:
    """A value read from an extension, with the key it stood under."""

    extension: Extension
    key: str
    value: Any
    problem: str | None = None  # why the value cannot be used, if it cannot


#: Extensions on a BadgeClass.
BADGE_EXTENSIONS = (
    Extension("ECTSExtension", "ECTS", "number"),
    Extension("EQFExtension", "EQF", "number"),
    Extension("EducationProgramIdentifierExtension", "EducationProgramIdentifier", "numbers"),
    Extension("LanguageExtension", "Language", "string"),
    Extension("LearningOutcomeExtension", "LearningOutcome", "string"),
    Extension("StudyLoadExtension", "StudyLoad", "number"),
    Extension("TimeInvestmentExtension", "TimeInvestment", "number"),
)
#: Extensions on an issuer Profile.
ISSUER_EXTENSIONS = (
    Extension("GradingTableExtension", "GradingTableURL", "string"),
    Extension("InstitutionCountryExtension", "InstitutionCountry", "string"),
    Extension("InstitutionIdentifierExtension", "InstitutionIdentifier", "string"),
    Extension("InstitutionNameExtension", "InstitutionName", "string"),
)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _fits(kind: str, value: object) -> bool:
    if kind == "number":
        return _number(value)
    if kind == "numbers":
        return _number(value) or (
            isinstance(value, list) and bool(value) and all(map(_number, value))
        )
    return isinstance(value, str) and bool(value.strip())


def extension_keys(obj: Mapping[str, Any], known: tuple[Extension, ...]) -> dict[str, Extension]:
    """The keys of ``obj`` that hold one of the ``known`` extensions."""
    out = {}
    for extension in known:
        for prefix in _PREFIXES:
            if prefix + extension.name in obj:
                out[prefix + extension.name] = extension
    return out


def read(obj: Mapping[str, Any], known: tuple[Extension, ...]) -> dict[str, ExtensionValue]:
    """Extension name -> the value found in ``obj`` (with a problem when it is unusable)."""
    found: dict[str, ExtensionValue] = {}
    for key, extension in extension_keys(obj, known).items():
        body = obj[key]
        if not isinstance(body, Mapping) or extension.field not in body:
            found[extension.name] = ExtensionValue(
                extension, key, None, f"the extension has no {extension.field!r} property"
            )
            continue
        value = body[extension.field]
        problem = None
        if not _fits(extension.kind, value):
            problem = f"{extension.field} should be a {extension.kind.rstrip('s')}, not {value!r}"
        found[extension.name] = ExtensionValue(extension, key, value, problem)
    return found

"""Parsing entry points that report every problem with a JSON pointer.

Pydantic's error locations name union branches and validator wrappers as well as properties;
:func:`problems_from_error` walks the input document along each location and keeps only the
segments that are real object keys or array indexes, so every pointer is a path in the
document the caller gave.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .._json import describe_json_type
from ..errors import InvalidDocumentError
from ..problems import Problem, json_pointer
from ._base import Model
from .achievement import Achievement
from .clr import ClrCredential
from .credential import (
    BaseCredential,
    EndorsementCredential,
    OpenBadgeCredential,
    VerifiableCredential,
    _version_problems,
)
from .presentation import VerifiablePresentation
from .profile import Profile

__all__ = [
    "parse_achievement",
    "parse_clr",
    "parse_credential",
    "parse_endorsement",
    "parse_presentation",
    "parse_profile",
    "parse_verifiable_credential",
    "problems_from_error",
]

M = TypeVar("M", bound=Model)

SPEC = "https://www.imsglobal.org/spec/ob/v3p0/"

_CODES: dict[str, str] = {
    "missing": "model.missing-property",
    "enum_value": "model.unknown-enum-value",
    "date_time": "model.invalid-date",
    "date_time_offset": "model.date-without-offset",
    "date": "model.invalid-date",
    "type_missing": "model.missing-type",
    "type_value": "model.wrong-type",
    "context_value": "model.invalid-context",
    "language_tag": "model.invalid-value",
    "number_type": "model.wrong-type",
    "uri_or_object": "model.wrong-type",
    "wrong_shape": "model.wrong-type",
    "python_name": "model.unknown-property",
    "url_value": "model.invalid-url",
    "null_value": "model.null-value",
    "no_claims": "model.subject-without-claims",
    "digest_missing": "model.missing-property",
    "duplicate_value": "model.duplicate-value",
}

_FRIENDLY: dict[str, str] = {
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "list_type": "must be an array",
    "dict_type": "must be a JSON object",
    "model_type": "must be a JSON object",
    "model_attributes_type": "must be a JSON object",
}


def _code(kind: str) -> str:
    if kind in _CODES:
        return _CODES[kind]
    if kind.endswith("_type"):
        return "model.wrong-type"
    return "model.invalid-value"


def _pointer_segments(
    loc: Sequence[str | int], document: Any, *, keep_last: bool
) -> list[str | int]:
    """Keep the location segments that step through ``document``; drop branch labels."""
    out: list[str | int] = []
    current = document
    last = len(loc) - 1
    for i, segment in enumerate(loc):
        in_object = isinstance(current, Mapping) and isinstance(segment, str) and segment in current
        in_array = (
            isinstance(current, list)
            and isinstance(segment, int)
            and not isinstance(segment, bool)
            and 0 <= segment < len(current)
        )
        if in_object or in_array:
            out.append(segment)
            current = current[segment]
        elif i == last and keep_last and isinstance(segment, str):
            out.append(segment)
        # anything else is a union tag or a validator label: not part of the document
    return out


def _problem(error: ErrorDetails, document: Any) -> Problem:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc = list(error["loc"])
    if kind == "version_rule":
        # A rule about the whole document, reported at the property it concerns.
        loc.append(str(ctx["field"]))
        kind = str(ctx["kind"])
        message = str(ctx["message"])
        keep_last = True
    elif "field" in ctx:
        loc.append(str(ctx["field"]))
        keep_last = True
        message = error["msg"]
    else:
        keep_last = kind == "missing"
        message = _FRIENDLY.get(kind, error["msg"])
    segments = _pointer_segments(loc, document, keep_last=keep_last)
    if kind == "missing":
        name = segments[-1] if segments else "?"
        if not message.startswith("required property is missing"):
            message = "required property is missing"
        message = f"{message}: add {name!r}"
    elif kind.endswith("_type") and kind not in _CODES:
        got = describe_json_type(error.get("input"), integers=False)
        message = f"{message} (got {got})"
    return Problem(_code(kind), message, json_pointer(segments), spec=SPEC)


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    seen: dict[tuple[str, str, str], Problem] = {}
    for problem in problems:
        seen.setdefault((problem.path, problem.code, problem.message), problem)
    return tuple(seen.values())


def problems_from_error(error: ValidationError, document: Any) -> tuple[Problem, ...]:
    """Turn a pydantic :class:`~pydantic.ValidationError` into :class:`Problem` objects.

    ``document`` is the input that was validated; it is only read, to resolve locations.
    """
    return _unique(_problem(e, document) for e in error.errors(include_url=False))


def _parse(model: type[M], data: Any, source: str | None) -> M:
    if not isinstance(data, Mapping):
        raise InvalidDocumentError.from_problems(
            [
                Problem(
                    "model.wrong-type",
                    "the document must be a JSON object, not "
                    + describe_json_type(data, integers=False),
                )
            ],
            source=source,
        )
    try:
        return model.from_json(data)
    except ValidationError as exc:
        try:
            problems = list(problems_from_error(exc, data))
        except UnicodeError:  # pydantic cannot render a value with an unpaired surrogate
            problems = [
                Problem(
                    "model.invalid-value",
                    "a string holds an unpaired UTF-16 surrogate, which is not a character; "
                    "fix the text",
                )
            ]
    if issubclass(model, BaseCredential):
        # Field errors stop pydantic before the document-level rules: add those too.
        for field, kind, message in _version_problems(
            data, needs_ob_context=model.needs_ob_context, needs_valid_from=model.needs_valid_from
        ):
            if kind == "missing":
                message = f"{message}: add {field!r}"
            problems.append(Problem(_code(kind), message, json_pointer([field]), spec=SPEC))
    raise InvalidDocumentError.from_problems(_unique(problems), source=source) from None


def parse_credential(data: Mapping[str, Any], *, source: str | None = None) -> OpenBadgeCredential:
    """Read an OpenBadgeCredential (VC 2.0 or 1.1); never modifies ``data``.

    Raises :class:`~microcredential.errors.InvalidDocumentError` listing every problem, each
    with a JSON pointer; ``source`` (a file name, say) prefixes the message.
    """
    return _parse(OpenBadgeCredential, data, source)


def parse_endorsement(
    data: Mapping[str, Any], *, source: str | None = None
) -> EndorsementCredential:
    """Read an EndorsementCredential; errors as for :func:`parse_credential`."""
    return _parse(EndorsementCredential, data, source)


def parse_verifiable_credential(
    data: Mapping[str, Any], *, source: str | None = None
) -> VerifiableCredential:
    """Read any verifiable credential (not only Open Badges); see :func:`parse_credential`."""
    return _parse(VerifiableCredential, data, source)


def parse_profile(data: Mapping[str, Any], *, source: str | None = None) -> Profile:
    """Read a Profile (an issuer or creator document); errors as for :func:`parse_credential`."""
    return _parse(Profile, data, source)


def parse_achievement(data: Mapping[str, Any], *, source: str | None = None) -> Achievement:
    """Read an Achievement; errors as for :func:`parse_credential`."""
    return _parse(Achievement, data, source)


def parse_presentation(
    data: Mapping[str, Any], *, source: str | None = None
) -> VerifiablePresentation:
    """Read a VerifiablePresentation; errors as for :func:`parse_credential`."""
    return _parse(VerifiablePresentation, data, source)


def parse_clr(data: Mapping[str, Any], *, source: str | None = None) -> ClrCredential:
    """Read a CLR 2.0 ClrCredential; errors as for :func:`parse_credential`."""
    return _parse(ClrCredential, data, source)

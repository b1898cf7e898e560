"""JSON Schema validation of Open Badges 3.0 documents.

The package bundles its own JSON Schemas (draft 2020-12) for the Open Badges 3.0 /
VC 2.0 data model: :data:`KINDS` lists the document kinds they cover. They follow the
tolerant "JSON-LD adaptation" of the 1EdTech schemas: a single value is accepted
wherever the data model allows several (``proof`` as an object or an array, ``type`` of
a nested class as a string or an array), because credentials are written both ways.
Where they deliberately differ from the official schemas is listed in the docs.

Every schema violation becomes a :class:`~microcredential.Problem` with the code
``schema.<keyword>`` (``schema.required``, ``schema.type``, ``schema.enum``, ...), the JSON
pointer of the offending member and a message that says what to change::

    >>> doc = {"id": "https://example.org/issuers/1", "type": "Profile", "url": 42}
    >>> [p.describe() for p in validate_schema(doc, kind="profile")]
    ['/url: expected a string, found an integer (42) [schema.type]']

Nothing is ever fetched: ``$ref`` resolves only against the bundled schemas and the
resources a caller passes to :class:`SchemaValidator`; any other reference raises
:class:`~microcredential.errors.SchemaNotFoundError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final, Literal, NoReturn, cast, get_args

import referencing
import referencing.exceptions
from jsonschema import Draft201909Validator, Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing.jsonschema import DRAFT202012

from ._deprecated import renamed_attributes as _renamed_attributes
from ._json import describe_json_type
from ._schema_compile import NotCompilable, compile_check
from ._time import parse_date
from .constants import VC_V1_CONTEXT
from .errors import InvalidDocumentError, SchemaNotFoundError
from .problems import Problem, json_pointer

__all__ = [
    "KINDS",
    "SCHEMA_BASE",
    "DocumentKind",
    "SchemaKind",
    "SchemaValidator",
    "detect_kind",
    "document_problems",
    "format_checker",
    "require_schema_valid",
    "schema_registry",
    "validate_schema",
]

__getattr__ = _renamed_attributes(
    __name__,
    {
        "check_schema": (
            "microcredential.schema.require_schema_valid",
            lambda: require_schema_valid,
        ),
    },
)

#: The base URI of the bundled schemas' ``$id`` (``.invalid``: never resolvable, never fetched).
SCHEMA_BASE: Final = "https://microcredential.invalid/schema/ob/v3p0/"

SchemaKind = Literal["auto", "credential", "endorsement", "profile", "achievement"]
"""Which schema a document is checked against; ``"auto"`` reads it from ``type``."""

DocumentKind = Literal[
    "auto", "credential", "endorsement", "profile", "achievement", "clr", "verifiable-credential"
]
"""Which model :func:`document_problems` reads a document with (the schema kinds, a CLR 2.0
``ClrCredential``, or any Verifiable Credential); ``"auto"`` reads it from ``type``."""

#: Document kind -> the bundled schema file that describes it.
KINDS: Final[Mapping[str, str]] = {
    "credential": "achievementcredential.json",
    "endorsement": "endorsementcredential.json",
    "profile": "profile.json",
    "achievement": "achievement.json",
}

_SPEC = "https://www.imsglobal.org/spec/ob/v3p0/"

# ---------------------------------------------------------------------------------------
# Formats: jsonschema checks date-time and uri only with optional extra packages, so the two
# are checked here (RFC 3339 section 5.6 and RFC 3986 section 3 respectively).

_DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]"
    r"(?P<h>[0-9]{2}):(?P<m>[0-9]{2}):(?P<s>[0-9]{2})(?:\.[0-9]+)?"
    r"(?:[Zz]|[+-](?P<oh>[0-9]{2}):(?P<om>[0-9]{2}))",
    re.ASCII,
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+", re.ASCII)


def _is_date_time(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    if len(instance) > _REMEMBERED_LENGTH:
        return _date_time_text(instance)
    return _remembered_date_time(instance)


#: Date-times up to this long have their verdict remembered: a register of credentials
#: repeats the same few dates (issued, valid from, activity dates) many times over.
_REMEMBERED_LENGTH: Final = 40


def _date_time_text(instance: str) -> bool:
    match = _DATE_TIME.fullmatch(instance)
    if match is None:
        return False
    try:
        parse_date(match["date"])
    except ValueError:
        return False
    # RFC 3339 allows a leap second (60); offsets are at most 23:59.
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"])
    if hour > 23 or minute > 59 or second > 60:
        return False
    return match["oh"] is None or (int(match["oh"]) <= 23 and int(match["om"]) <= 59)


_remembered_date_time: Final = lru_cache(maxsize=4096)(_date_time_text)


def _is_uri(instance: object) -> bool:
    return not isinstance(instance, str) or _URI.fullmatch(instance) is not None


@cache
def format_checker() -> FormatChecker:
    """The format checker used for every validation: jsonschema's own checks that need no
    extra dependency (``date``, ``email``, ...) plus ``date-time`` (RFC 3339, offset
    required) and ``uri`` (an absolute URI without white space)."""
    checker = FormatChecker()
    checker.checks("date-time")(_is_date_time)
    checker.checks("uri")(_is_uri)
    return checker


# ---------------------------------------------------------------------------------------
# Registry


def _refuse(uri: str) -> NoReturn:
    raise SchemaNotFoundError(uri)


@cache
def _bundled_documents() -> Mapping[str, Any]:
    """The bundled schemas by ``$id`` (read once)."""
    folder = resources.files(__package__ or "microcredential") / "schemas"
    return {
        SCHEMA_BASE + name: json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        for name in sorted({*KINDS.values(), "common.json"})
    }


def schema_registry(
    extra: Mapping[str, Mapping[str, Any]] | None = None,
) -> referencing.Registry[Any]:
    """A :class:`referencing.Registry` of the bundled schemas, plus ``extra`` (``URI ->
    schema``) when given. It retrieves nothing: an unknown ``$ref`` target raises
    :class:`~microcredential.errors.SchemaNotFoundError` when it is followed."""
    documents = dict(_bundled_documents())
    documents.update(extra or {})
    registry: referencing.Registry[Any] = referencing.Registry(retrieve=_refuse)  # type: ignore[call-arg]
    return registry.with_resources(
        (uri, referencing.Resource.from_contents(doc, default_specification=DRAFT202012))
        for uri, doc in documents.items()
    ).crawl()


# ---------------------------------------------------------------------------------------
# Validators


class SchemaValidator:
    """A compiled JSON Schema validator that reports :class:`~microcredential.Problem`\\ s.

    ``schema`` is the schema to validate against; ``resources`` (``URI -> schema``) are the
    other schemas its ``$ref``\\ s may point to, used offline and as given (a resource with
    the URI of a bundled schema replaces it). The draft is read from ``$schema`` (2019-09
    or 2020-12; 2020-12 when absent). Formats are asserted with :func:`format_checker`.
    ``spec``, when given, is the specification link set on every problem. Build one once
    and reuse it: compilation is the costly part. The bundled validators are returned by
    :meth:`bundled`.
    """

    __slots__ = ("_accepts", "_spec", "_validator", "schema_id")

    def __init__(
        self,
        schema: Mapping[str, Any],
        *,
        resources: Mapping[str, Mapping[str, Any]] | None = None,
        spec: str | None = None,
    ) -> None:
        cls = validator_for(schema, default=Draft202012Validator)
        if cls not in (Draft201909Validator, Draft202012Validator):
            raise ValueError(
                f"unsupported $schema {schema.get('$schema')!r}: use draft 2019-09 or 2020-12"
            )
        cls.check_schema(schema)
        registry = schema_registry(resources)
        self._validator: Validator = cls(schema, registry=registry, format_checker=format_checker())
        self.schema_id: str | None = schema.get("$id")
        self._spec = spec
        documents = dict(_bundled_documents())
        documents.update(resources or {})
        try:
            self._accepts: Callable[[object], bool] | None = compile_check(
                schema, documents, format_checker()
            )
        except NotCompilable:
            self._accepts = None  # jsonschema checks every document

    @classmethod
    def bundled(cls, kind: str) -> SchemaValidator:
        """The (cached) validator for one of the bundled :data:`KINDS`."""
        if kind not in KINDS:
            raise ValueError(f"unknown schema kind {kind!r}; expected one of {sorted(KINDS)}")
        return _bundled_validator(kind)

    def problems(self, document: object) -> list[Problem]:
        """Every schema violation in ``document`` (which is not modified), sorted by path."""
        if self._accepts is not None and self._accepts(document):
            return []
        with _offline_refs():
            instance: Any = document
            errors = list(self._validator.iter_errors(instance))
        found = {_to_problem(_most_relevant(error), self._spec) for error in errors}
        return sorted(found, key=lambda p: (p.path, p.code, p.message))

    def is_valid(self, document: object) -> bool:
        """Whether ``document`` has no schema violation at all (stops at the first one)."""
        if self._accepts is not None and self._accepts(document):
            return True
        with _offline_refs():
            instance: Any = document
            return bool(self._validator.is_valid(instance))


@contextmanager
def _offline_refs() -> Iterator[None]:
    """Turn a failed ``$ref`` lookup into :class:`SchemaNotFoundError`."""
    try:
        yield
    except referencing.exceptions.Unresolvable as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, SchemaNotFoundError):
            raise cause from None
        raise SchemaNotFoundError(str(getattr(exc, "ref", exc))) from exc


@cache
def _bundled_validator(kind: str) -> SchemaValidator:
    documents = _bundled_documents()
    return SchemaValidator(documents[SCHEMA_BASE + KINDS[kind]], resources=documents, spec=_SPEC)


def detect_kind(document: object) -> str | None:
    """The schema kind named by a document's ``type``, or ``None`` if it names none.

    >>> detect_kind({"type": ["VerifiableCredential", "OpenBadgeCredential"]})
    'credential'
    >>> detect_kind({"type": "Profile"})
    'profile'
    >>> detect_kind({"type": ["VerifiableCredential"]}) is None
    True
    """
    if not isinstance(document, Mapping):
        return None
    raw = document.get("type")
    names: set[str] = set()
    if isinstance(raw, str):
        names.add(raw)
    elif isinstance(raw, list):
        names.update(t for t in raw if isinstance(t, str))
    if "EndorsementCredential" in names:
        return "endorsement"
    if names & {"OpenBadgeCredential", "AchievementCredential"}:
        return "credential"
    if "Profile" in names:
        return "profile"
    if "Achievement" in names:
        return "achievement"
    return None


def validate_schema(document: object, *, kind: SchemaKind = "auto") -> list[Problem]:
    """Check ``document`` against the bundled Open Badges 3.0 schema for ``kind``.

    ``kind`` is ``"credential"`` (OpenBadgeCredential / AchievementCredential),
    ``"endorsement"`` (EndorsementCredential), ``"profile"``, ``"achievement"``, or
    ``"auto"`` (the default) to pick one from the document's ``type``. Returns the list
    of problems, empty when the document conforms; the document is not modified. When
    ``"auto"`` finds no known type, the single problem ``schema.kind`` is returned.
    """
    if kind not in get_args(SchemaKind):
        raise ValueError(f"unknown schema kind {kind!r}; expected one of {get_args(SchemaKind)}")
    chosen = detect_kind(document) if kind == "auto" else kind
    if chosen is None:
        return [
            Problem(
                "schema.kind",
                "cannot tell what kind of document this is: 'type' names none of "
                "OpenBadgeCredential, AchievementCredential, EndorsementCredential, "
                "Profile or Achievement; fix 'type' or pass kind= explicitly",
                "/type" if isinstance(document, Mapping) and "type" in document else "",
                spec=_SPEC + "#data-model",
            )
        ]
    return SchemaValidator.bundled(chosen).problems(document)


def document_problems(
    document: object,
    *,
    kind: DocumentKind = "auto",
    schema: bool = True,
) -> list[Problem]:
    """Every problem the typed models and the bundled JSON Schema find in ``document``, one
    per place: the one check of a document's structure that issuing, verifying and the
    ``check`` command share.

    The model for ``kind`` parses the document first (``"auto"`` reads the kind from
    ``type``; a document of no Open Badges or CLR kind, or ``kind="verifiable-credential"``,
    is read as a plain Verifiable Credential). Then the JSON Schema adds the problems it finds
    at JSON paths the models did not already report, so each place is reported once, in the
    models' words. The schema is not applied when ``schema`` is false, to a plain
    Verifiable Credential, or to a VC 1.1 document: the Open Badges 3.0 schemas describe
    Open Badges on VC 2.0 only, while the models know both versions.
    """
    from . import models  # the models are not needed to import this module

    chosen = (detect_kind(document) or _clr_kind(document)) if kind == "auto" else kind
    parse = {
        "clr": models.parse_clr,
        "credential": models.parse_credential,
        "endorsement": models.parse_endorsement,
        "profile": models.parse_profile,
        "achievement": models.parse_achievement,
    }.get(chosen or "", models.parse_verifiable_credential)
    found: list[Problem] = []
    try:
        parse(document)  # type: ignore[arg-type]  # a parser reports a non-object as a problem
    except InvalidDocumentError as exc:
        found.extend(exc.problems)
    if not schema or chosen not in KINDS:  # the Open Badges schemas describe badges only
        return found
    if _is_vc_1_1(document):
        return found
    reported = {problem.path for problem in found}
    schema_kind = cast(SchemaKind, chosen)
    found.extend(p for p in validate_schema(document, kind=schema_kind) if p.path not in reported)
    return found


def _clr_kind(document: object) -> str | None:
    raw = document.get("type") if isinstance(document, Mapping) else None
    names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return "clr" if "ClrCredential" in names else None


def _is_vc_1_1(document: object) -> bool:
    context = document.get("@context") if isinstance(document, Mapping) else None
    first = context[0] if isinstance(context, list) and context else context
    return bool(first == VC_V1_CONTEXT)


def require_schema_valid(
    document: object, *, kind: SchemaKind = "auto", source: str | None = None
) -> None:
    """Like :func:`validate_schema`, but raise
    :class:`~microcredential.errors.InvalidDocumentError` listing every problem."""
    found = validate_schema(document, kind=kind)
    if found:
        raise InvalidDocumentError.from_problems(found, source=source)


# ---------------------------------------------------------------------------------------
# Turning jsonschema errors into problems

_WEAK = frozenset({"anyOf", "oneOf"})


def _most_relevant(error: ValidationError) -> ValidationError:
    """For ``anyOf``/``oneOf``, descend to the sub-error that best explains the failure.

    An alternative that merely has the wrong JSON type ("expected a string") says less than
    one whose type matched and that failed deeper inside ("'type' is missing"), so those
    are preferred, the deepest first. When every alternative failed on the JSON type
    alone, the ``oneOf``/``anyOf`` error itself is kept (reported as ``schema.type``).
    """
    while error.validator in _WEAK and error.context:
        depth = len(error.absolute_path)
        specific = [
            e
            for e in error.context
            if not (e.validator == "type" and len(e.absolute_path) == depth)
        ]
        if not specific:
            return error
        error = max(specific, key=lambda e: (len(e.absolute_path), e.validator not in _WEAK))
    return error


def _alternative_types(error: ValidationError) -> list[str]:
    """The JSON types the alternatives of a ``oneOf``/``anyOf`` error would have accepted."""
    found: list[str] = []
    for sub in error.context or ():
        if sub.validator != "type":
            continue
        wanted: Any = sub.validator_value
        for name in [wanted] if isinstance(wanted, str) else list(wanted):
            if name not in found:
                found.append(name)
    return found


_JSON_TYPES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


def _short(value: object, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _choices(values: Iterable[object], limit: int = 8) -> str:
    items = [_short(v) for v in values]
    if len(items) > limit:
        return ", ".join(items[:limit]) + f", ... ({len(items)} in all)"
    return ", ".join(items)


_FORMAT_HINTS = {
    "date-time": "an RFC 3339 date-time with a time-zone offset, e.g. 2024-05-01T12:00:00Z",
    "date": "a calendar date YYYY-MM-DD",
    "uri": "an absolute URI such as https://example.org/x, urn:uuid:... or did:...",
}


def _to_problem(error: ValidationError, spec: str | None) -> Problem:
    keyword = str(error.validator)
    segments: list[str | int] = list(error.absolute_path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    where = json_pointer(segments) or "the document root"
    arg: Any = error.validator_value
    message: str
    if keyword in _WEAK and error.context:
        keyword = "type"
        arg = _alternative_types(error)
    if keyword == "required":
        absent = [m for m in arg if isinstance(value, Mapping) and m not in value]
        # jsonschema reports each absent member separately, naming it first in the message.
        missing = next((m for m in absent if error.message.startswith(repr(m))), None)
        if missing is not None:
            segments.append(missing)
            message = f"required member {missing!r} is missing from {where}; add it"
        else:  # pragma: no cover - jsonschema reports required only for absent members
            message = error.message
    elif keyword == "type":
        wanted = [arg] if isinstance(arg, str) else list(arg)
        expected = " or ".join(_JSON_TYPES.get(t, t) for t in wanted)
        message = f"expected {expected}, found {describe_json_type(value)} ({_short(value)})"
    elif keyword == "enum":
        message = f"{_short(value)} is not an allowed value; use one of {_choices(arg)}"
        if isinstance(schema.get("$comment"), str):
            message += f" {schema['$comment']}"
    elif keyword == "const":
        message = f"{_short(value)} is not allowed here; the value must be {_short(arg)}"
    elif keyword == "contains":
        wanted_value = arg.get("const", arg.get("enum")) if isinstance(arg, Mapping) else arg
        if isinstance(wanted_value, list):
            message = f"the array must include one of {_choices(wanted_value)}"
        else:
            message = f"the array must include {_short(wanted_value)}"
    elif keyword == "format":
        hint = _FORMAT_HINTS.get(str(arg), f"a valid {arg}")
        message = f"{_short(value)} is not {hint}"
    elif keyword == "pattern":
        what = schema.get("description")
        message = f"{_short(value)} does not have the required form" + (
            f": {what}" if isinstance(what, str) else f" (pattern {arg})"
        )
    elif keyword == "additionalProperties":
        extra = (
            [k for k in value if k not in schema.get("properties", {})]
            if isinstance(value, Mapping)
            else []
        )
        if extra:
            segments.append(extra[0])
            allowed = ", ".join(repr(k) for k in schema.get("properties", {}))
            message = (
                f"member {extra[0]!r} is not allowed in {where}; the allowed members are {allowed}"
            )
        else:  # pragma: no cover - defensive
            message = error.message
    elif keyword in {"minItems", "minLength"}:
        unit = "item" if keyword == "minItems" else "character"
        message = f"{_short(value)} is too short; at least {arg} {unit}(s) required"
    else:
        message = error.message
    return Problem(f"schema.{keyword}", message, json_pointer(segments), spec=spec)

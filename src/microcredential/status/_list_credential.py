"""Obtaining a status list credential and deciding whether to trust it (verifier side)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .._time import parse_datetime, shifted
from ..errors import MicrocredentialError
from ..fetch import Fetcher
from ..integrity.proofs import INDETERMINATE_CODES
from ..problems import Problem, Severity
from ._spec import problem

VerifyList = Callable[[Mapping[str, Any]], "bool | Iterable[Problem]"]


class EnvelopedCredential(Mapping[str, Any]):
    """A status list credential that was published as a compact VC-JWT: it reads as the
    credential the token carries, and ``token`` is the token itself, whose signature
    secures it (``verify_list`` checks the token, since there is no embedded proof)."""

    __slots__ = ("_credential", "token")

    def __init__(self, token: str, credential: Mapping[str, Any]) -> None:
        self.token = token
        self._credential = credential

    def __getitem__(self, key: str) -> Any:
        return self._credential[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._credential)

    def __len__(self) -> int:
        return len(self._credential)

    def __repr__(self) -> str:
        return f"EnvelopedCredential(id={self._credential.get('id')!r})"


@dataclass(slots=True)
class Context:
    """The options of one :func:`~microcredential.status.check_status` call, and the lists
    fetched so far (each URL is fetched once per call)."""

    fetcher: Fetcher | None
    verify_list: VerifyList | None
    now: datetime
    skew: timedelta
    min_entries: int
    max_bytes: int
    cache: dict[str, Any] = field(default_factory=dict)


class Indeterminate(Exception):
    """The status cannot be established; ``problems`` say why."""

    def __init__(self, *problems: Problem) -> None:
        self.problems = problems


class Invalid(Exception):
    """The credential's status entry does not fit the list; ``problems`` say how."""

    def __init__(self, *problems: Problem) -> None:
        self.problems = problems


def fetch_list(url: str, path: list[str | int], ctx: Context, spec: str) -> Mapping[str, Any]:
    """The list document published at ``url``, fetched once per check; ``Indeterminate``
    when there is no fetcher, the fetcher fails, or the document is not a JSON object."""
    if ctx.fetcher is None:
        raise Indeterminate(
            problem(
                "status.indeterminate",
                "status cannot be determined offline: no status list fetcher was given "
                "(pass the status list credentials: verify(..., status=[...]), or a "
                "Fetcher)",
                path,
                severity=Severity.WARNING,
                spec=spec,
            )
        )
    cached = ctx.cache.get(url)
    if cached is None:
        try:
            cached = ctx.fetcher.fetch(url)
        except (LookupError, OSError, MicrocredentialError) as exc:
            cached = exc
        ctx.cache[url] = cached
    if isinstance(cached, BaseException):
        causes = cached.problems if isinstance(cached, MicrocredentialError) else ()
        raise Indeterminate(
            problem(
                "status.list-unavailable",
                f"the status list {url} could not be retrieved ({type(cached).__name__}: "
                f"{cached}) (STATUS_RETRIEVAL_ERROR)",
                path,
                spec=spec,
            ),
            *(problem(p.code, p.message, path, spec=p.spec) for p in causes),
        )
    if isinstance(cached, str):
        return _enveloped(cached, url, path, spec)
    if not isinstance(cached, Mapping):
        raise Indeterminate(
            problem("status.list-invalid", f"the status list {url} is not a JSON object", path)
        )
    return cached


def _enveloped(token: str, url: str, path: list[str | int], spec: str) -> EnvelopedCredential:
    """The list credential a compact VC-JWT carries (VC-JOSE-COSE); ``Indeterminate`` when
    the text is no such token."""
    from ..errors import InvalidDocumentError
    from ..jwt import decode_jwt_credential

    try:
        decoded = decode_jwt_credential(token)
    except InvalidDocumentError as exc:
        raise Indeterminate(
            problem(
                "status.list-invalid",
                f"the status list {url} is neither a JSON object nor a VC-JWT that can be "
                f"read: {exc.message}",
                path,
                spec=spec,
            )
        ) from None
    return EnvelopedCredential(decoded.token, decoded.credential)


def types_of(value: Any) -> list[str]:
    """The string members of a ``type`` value (a string or an array)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def check_list_validity(doc: Mapping[str, Any], path: list[str | int], ctx: Context) -> None:
    """Raise ``Indeterminate`` unless the list is within its validity period at ``ctx.now``
    (VC 2.0 ``validFrom``/``validUntil``, or VC 1.1 ``issuanceDate``/``expirationDate``)."""
    for start_key, end_key in (("validFrom", "validUntil"), ("issuanceDate", "expirationDate")):
        for key, is_start in ((start_key, True), (end_key, False)):
            if key not in doc:
                continue
            try:
                when = parse_datetime(doc[key])
            except (ValueError, TypeError):
                raise Indeterminate(
                    problem(
                        "status.list-invalid",
                        f"the status list's {key} is not a date-time with an offset",
                        path,
                    )
                ) from None
            if is_start and when > shifted(ctx.now, ctx.skew):
                raise Indeterminate(
                    problem(
                        "status.list-not-yet-valid",
                        f"the status list is not valid before {doc[key]}; fetch a current one",
                        path,
                    )
                )
            if not is_start and when < shifted(ctx.now, ctx.skew, back=True):
                raise Indeterminate(
                    problem(
                        "status.list-expired",
                        f"the status list expired at {doc[key]}; fetch a fresh copy",
                        path,
                    )
                )


def check_list_proof(
    doc: Mapping[str, Any], path: list[str | int], ctx: Context, spec: str
) -> tuple[bool, list[Problem]]:
    """Check the list's proof with ``ctx.verify_list``: ``(True, [])`` when it verifies,
    ``(False, [warning])`` when no checker was given; ``Indeterminate`` otherwise."""
    if ctx.verify_list is None:
        return False, [
            problem(
                "status.list-proof-unchecked",
                "the status list's proof was not checked (no verify_list was given): "
                "the status read from it is not authenticated",
                path,
                severity=Severity.WARNING,
                spec=spec,
            )
        ]
    try:
        verdict = ctx.verify_list(doc)
    except MicrocredentialError as exc:
        raise Indeterminate(
            problem(
                "status.list-proof-unverifiable",
                f"the status list's proof could not be checked: {exc}",
                path,
                spec=spec,
            ),
            *exc.problems,
        ) from None
    if isinstance(verdict, bool):
        failures: list[Problem] = []
        passed = verdict
    else:
        found = list(verdict)
        failures = [p for p in found if p.severity is Severity.ERROR]
        passed = not failures
    if not passed:
        if failures and all(p.code in INDETERMINATE_CODES for p in failures):
            headline = problem(
                "status.list-proof-unverifiable",
                "the status list's proof could not be checked (for example, its key could not "
                "be resolved): its content cannot be trusted yet",
                path,
                spec=spec,
            )
        else:
            headline = problem(
                "status.list-proof-invalid",
                "the status list's proof does not verify, or the list is not the credential "
                "issuer's (STATUS_VERIFICATION_ERROR): its content cannot be trusted",
                path,
                spec=spec,
            )
        raise Indeterminate(headline, *failures)
    return True, []

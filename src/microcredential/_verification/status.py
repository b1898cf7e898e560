"""The ``credential-status`` check, and the verification of the status list credentials it reads."""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final, cast

from .._json import is_plain_json
from ..errors import ResolutionError
from ..fetch import Fetcher
from ..integrity import ProofSetResult
from ..jsonld import walk_compacted
from ..jwt import decode_jwt_credential
from ..problems import Problem, Severity, quote
from ..status import EnvelopedCredential, StatusOutcome, check_status
from .common import _SD_SPEC, _Options, _problem, _withheld, issuer_id
from .jwt import _jwt_checks
from .results import Check, CheckStatus, _bare, _content_digest

_STATUS_CHECK: Final = {
    StatusOutcome.OK: CheckStatus.PASSED,
    StatusOutcome.FLAGGED: CheckStatus.PASSED,
    StatusOutcome.REVOKED: CheckStatus.FAILED,
    StatusOutcome.SUSPENDED: CheckStatus.FAILED,
    StatusOutcome.INVALID: CheckStatus.FAILED,
    StatusOutcome.INDETERMINATE: CheckStatus.INDETERMINATE,
}


def _status(
    document: Mapping[str, Any],
    fetcher: Fetcher | None,
    verify_list: Callable[[Mapping[str, Any]], Iterable[Problem]],
    now: datetime,
    skew: timedelta,
    selective: bool = False,
) -> Check:
    if document.get("credentialStatus") is None:
        if selective:
            undisclosed = _withheld("status.undisclosed", "credentialStatus")
            return Check("credential-status", CheckStatus.INDETERMINATE, (undisclosed,))
        return _bare("credential-status", CheckStatus.NOT_APPLICABLE)
    result = check_status(
        document, fetcher=fetcher, verify_list=verify_list, now=now, max_clock_skew=skew
    )
    return Check("credential-status", _STATUS_CHECK[result.outcome], result.problems)


class StatusListCache:
    """Verdicts on status list credentials, kept between calls of :func:`check_credential`.

    A verdict depends on the list's exact content, the credential's issuer and the moment, so
    a changed list is checked anew; it does not record the resolver, so use one cache with one
    resolver.  At most 256 verdicts are kept (then the cache starts afresh).  One cache may
    be shared by several threads.
    """

    __slots__ = ("_digests", "_verdicts")

    def __init__(self) -> None:
        self._verdicts: dict[tuple[bytes, str | None, datetime], tuple[Problem, ...]] = {}
        #: The content digest of each list seen, by its exact marshalled form (see _list_key).
        self._digests: dict[bytes, bytes] = {}

    def __repr__(self) -> str:
        return f"StatusListCache({len(self._verdicts)} verdicts)"

    def _get(self, key: tuple[bytes, str | None, datetime]) -> tuple[Problem, ...] | None:
        return self._verdicts.get(key)  # one lookup: another thread may clear meanwhile

    def _put(self, key: tuple[bytes, str | None, datetime], found: tuple[Problem, ...]) -> None:
        if len(self._verdicts) >= _LIST_CACHE_SIZE:
            self._verdicts.clear()
        self._verdicts[key] = found

    def _digest(self, list_credential: Mapping[str, Any]) -> bytes | None:
        """The content digest of a plain JSON list credential (None for any other value).

        A register's credentials point at the same few lists, so the digest is remembered by
        the list's marshalled form (format 0: no references or interning flags, so the same
        bytes for the same values in the same order), which is several times cheaper to make
        than the sorted JSON text.  Equal marshalled forms are values of the same exact types
        (marshal refuses subclasses and tells a list, a tuple, an int, a bool and a float
        apart) with equal content, so they have the same digest; a value marshal refuses, or
        one that is not plain JSON, is never remembered.
        """
        try:
            form = marshal.dumps(cast(Any, list_credential), 0)
        except (ValueError, TypeError, RecursionError):
            form = None
        if form is not None:
            known = self._digests.get(form)
            if known is not None:
                return known
        digest = _content_digest(list_credential) if is_plain_json(list_credential) else None
        if form is not None and digest is not None:
            if len(self._digests) >= _LIST_CACHE_SIZE:
                self._digests.clear()
            self._digests[form] = digest
        return digest


#: Status list verdicts a Verifier keeps (a register rarely uses more than a few lists).
_LIST_CACHE_SIZE: Final = 256


def _list_verifier(
    credential: Mapping[str, Any], options: _Options, prove: Callable[..., ProofSetResult]
) -> Callable[[Mapping[str, Any]], Iterable[Problem]]:
    """Check a status list credential's proofs with ``prove`` (the function that checked the
    credential's own), and that the credential's issuer made it."""
    issuer = issuer_id(credential)

    def verify_list(list_credential: Mapping[str, Any]) -> list[Problem]:
        cache = options.list_cache
        key = None if cache is None else _list_key(list_credential, issuer, options.now, cache)
        if key is not None and cache is not None:
            hit = cache._get(key)
            if hit is not None:
                return list(hit)
            found = _check_list(list_credential)
            cache._put(key, tuple(found))
            return found
        return _check_list(list_credential)

    def _check_list(list_credential: Mapping[str, Any]) -> list[Problem]:
        # the status is read from the list's JSON: first, that the JSON says what is signed
        layout = walk_compacted(list_credential, loader=options.loader)
        if layout:
            return layout
        if isinstance(list_credential, EnvelopedCredential):
            return _check_list_token(list_credential, issuer, options)
        proofs = prove(
            list_credential,
            resolver=options.resolver,
            expected_purpose="assertionMethod",
            now=options.now,
            max_clock_skew=options.skew,
            loader=options.loader,
        )
        found = [p for p in proofs.problems if p.severity is Severity.ERROR]
        if proofs.selective:
            found.append(
                _problem(
                    "status.list-selective",
                    "the status list credential carries only a selective disclosure proof "
                    "(ecdsa-sd-2023): what its holder left out (its validity period, say) "
                    "cannot be known, and a list is read whole; obtain the issuer's own list",
                    ["proof"],
                    spec=_SD_SPEC,
                )
            )
        list_issuer = issuer_id(list_credential)
        if list_issuer != issuer or any(r.controller != issuer for r in proofs.proofs):
            found.append(
                _problem(
                    "status.list-issuer-mismatch",
                    f"the status list was issued or signed by {list_issuer!r}, not by the "
                    f"credential's issuer {issuer!r}: it cannot speak for this credential",
                    ["issuer"],
                    spec="https://www.w3.org/TR/vc-bitstring-status-list/",
                )
            )
        return found

    return verify_list


def _check_list_token(
    list_credential: EnvelopedCredential, issuer: str | None, options: _Options
) -> list[Problem]:
    """A status list published as a VC-JWT: the token's signature and claims, and that the
    credential's issuer made the list and signed the token.  A key that cannot be resolved,
    or one found only in the token's header, leaves the list unverifiable (raised as a
    :class:`~microcredential.errors.ResolutionError`): it proves neither way."""
    decoded = decode_jwt_credential(list_credential.token)
    token, binding = _jwt_checks(decoded.credential, decoded, options)
    found = [p for p in token.problems if p.severity is Severity.ERROR]
    if token.status is CheckStatus.INDETERMINATE or binding.status is CheckStatus.INDETERMINATE:
        raise ResolutionError(
            "the key that signed the status list token could not be tied to its issuer",
            problems=(*token.problems, *binding.problems),
        )
    signer_mismatch = any(p.code == "credential.issuer-mismatch" for p in binding.problems)
    found.extend(
        p
        for p in binding.problems
        if p.severity is Severity.ERROR and p.code != "credential.issuer-mismatch"
    )
    list_issuer = issuer_id(decoded.credential)
    if signer_mismatch or list_issuer != issuer:
        found.append(
            _problem(
                "status.list-issuer-mismatch",
                f"the status list token was issued or signed by someone other than the "
                f"credential's issuer {issuer!r} (its issuer: {list_issuer!r}, its key: "
                f"{quote(decoded.header.get('kid'), 80)}): it cannot speak for this credential",
                ["issuer"],
                spec="https://www.w3.org/TR/vc-bitstring-status-list/",
            )
        )
    return found


def _list_key(
    list_credential: Mapping[str, Any], issuer: str | None, now: datetime, cache: StatusListCache
) -> tuple[bytes, str | None, datetime] | None:
    """What a status list verdict depends on besides the verifier's fixed settings: the
    list's exact JSON content (a digest of it), the credential's issuer, and the moment.

    Only plain JSON has a key: ``json.dumps`` writes a tuple as a list, an int key as a
    string and a subclass as its base type, which verification may well tell apart.
    """
    if isinstance(list_credential, EnvelopedCredential):
        # the token is what was signed: the same credential in another token is checked anew
        return hashlib.sha256(list_credential.token.encode("ascii")).digest(), issuer, now
    digest = cache._digest(list_credential)
    return None if digest is None else (digest, issuer, now)  # None: verified every time

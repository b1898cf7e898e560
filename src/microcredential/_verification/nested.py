"""Credentials inside a credential: its endorsements, and the credentials a CLR bundles, each
verified the same way."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Protocol

from .._json import node_id
from ..errors import InvalidDocumentError
from ..jsonld import CompactedProperty, OfflineLoader, walk_compacted
from ..jwt import decode_jwt_credential
from ..problems import Problem, Severity
from ..results import VerificationStatus
from .common import _CLR_BUNDLE, _CLR_SPEC, _ENDORSEMENT_SPEC, _check, _Options, _problem
from .results import CLR_CHECK_NAME, Check, CheckStatus, VerificationResult

#: How deep endorsements of endorsements are followed.
MAX_ENDORSEMENT_DEPTH: Final = 3
#: Where Open Badges 3.0 puts endorsements: on objects of these classes.
_ENDORSED_TYPES: Final = frozenset(
    {"OpenBadgeCredential", "AchievementCredential", "Achievement", "Profile"}
)
_OB_VOCAB: Final = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
_ENDORSEMENT_KEYS: Final = frozenset({"endorsement", "endorsementJwt"})
_Path = tuple[str | int, ...]


class _Endorsements:
    """A :func:`~microcredential.jsonld.walk_compacted` visitor: the endorsements a document
    carries where the data model puts them (``found``), and the ``endorsement`` properties
    anywhere else (``ignored``), leaving out what lies inside an endorsement already found
    (that endorsement's own verification reads it)."""

    __slots__ = ("_inside", "found", "holders", "ignored")

    def __init__(self) -> None:
        self.found: list[tuple[_Path, Any]] = []
        self.ignored: list[_Path] = []
        #: Each endorsement's path → the path and types of the object that holds it.
        self.holders: dict[_Path, tuple[_Path, tuple[str, ...]]] = {}
        self._inside: set[_Path] = set()

    def __call__(self, prop: CompactedProperty) -> None:
        if prop.key not in _ENDORSEMENT_KEYS or prop.iri != _OB_VOCAB + prop.key:
            return
        path = prop.path
        if any(path[:end] in self._inside for end in range(1, len(path))):
            return
        if not _ENDORSED_TYPES.intersection(prop.node_types):
            self.ignored.append(path)
            return
        value = prop.value
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            where = (*path, index) if isinstance(value, list) else path
            self.found.append((where, item))
            self.holders[where] = (prop.node_path, prop.node_types)
            self._inside.add(where)


def find_endorsements(
    document: Mapping[str, Any], *, loader: OfflineLoader | None = None
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Yield ``(path, value)`` for every endorsement where Open Badges 3.0 puts one.

    That is the ``endorsement`` (and ``endorsementJwt``) of the credential, of an achievement
    and of a profile (the issuer, an achievement's creator...), at any depth, in document
    order; ``endorsementJwt`` values are yielded as strings.  A key counts by what it means in
    the document's contexts, not by its spelling: nothing under a key that the compacted form
    refuses (a JSON-LD keyword such as ``@version``, ``@nest``, an IRI) is found, nor an
    ``endorsement`` on any other kind of object, nor one inside an endorsement (its own
    verification finds those).
    """
    collector = _Endorsements()
    walk_compacted(document, loader=loader, visit=collector, visit_keys=_ENDORSEMENT_KEYS)
    yield from collector.found


class _Verify(Protocol):
    """How a nested credential is verified: as the credential that holds it."""

    def __call__(
        self,
        document: Mapping[str, Any] | str,
        options: _Options,
        *,
        expected: str | None,
        where: tuple[str | int, ...],
        depth: int,
    ) -> VerificationResult: ...


def _bundled(
    document: Mapping[str, Any],
    options: _Options,
    where: tuple[str | int, ...],
    depth: int,
    verify: _Verify,
) -> tuple[Check, tuple[VerificationResult, ...]]:
    """The ``credentials`` check of a ``ClrCredential``: each bundled credential verified."""
    subject = document.get("credentialSubject")
    value = subject.get("verifiableCredential") if isinstance(subject, Mapping) else None
    items = value if isinstance(value, list) else [value] if value is not None else []
    problems: list[Problem] = []
    results: list[VerificationResult] = []
    for index, item in enumerate(items):
        path: tuple[str | int, ...] = (
            (*_CLR_BUNDLE, index) if isinstance(value, list) else _CLR_BUNDLE
        )
        if not isinstance(item, Mapping):
            continue  # the structure check reports it
        result = verify(item, options, expected=None, where=(*where, *path), depth=depth + 1)
        results.append(result)
        if result.status is VerificationStatus.INVALID:
            problems.append(
                _problem(
                    "credential.bundled-invalid",
                    f"the bundled credential {result.credential_id or ''} does not verify; see "
                    "its own result in credentials",
                    path,
                    spec=_CLR_SPEC,
                )
            )
        elif result.status is VerificationStatus.INDETERMINATE:
            problems.append(
                _problem(
                    "credential.bundled-indeterminate",
                    f"the bundled credential {result.credential_id or ''} could not be "
                    "verified; see its own result in credentials",
                    path,
                    severity=Severity.WARNING,
                    spec=_CLR_SPEC,
                )
            )
    check = _check(CLR_CHECK_NAME, problems)
    if check.status is CheckStatus.PASSED and problems:
        check = Check(CLR_CHECK_NAME, CheckStatus.INDETERMINATE, check.problems)
    return check, tuple(results)


#: The credential types whose endorsements may be about the credential, its achievements or
#: the profiles in it (Open Badges 3.0, ``AchievementCredential.endorsement``).
_CREDENTIAL_TYPES: Final = frozenset({"OpenBadgeCredential", "AchievementCredential"})


def _endorsable(document: Mapping[str, Any], node_path: _Path, types: Iterable[str]) -> set[str]:
    """The ids an endorsement held by the object at ``node_path`` may be about: that object's;
    on a credential, also its issuer's, its achievements' and their creators'."""
    node: Any = document
    for segment in node_path:
        if isinstance(node, Mapping) and isinstance(segment, str):
            node = node.get(segment)
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
        else:
            return set()
    if not isinstance(node, Mapping):
        return set()
    ids = {node_id(node)}
    if _CREDENTIAL_TYPES.intersection(types):
        ids.add(node_id(node.get("issuer")))
        subjects = node.get("credentialSubject")
        for subject in subjects if isinstance(subjects, list) else [subjects]:
            achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
            ids.add(node_id(achievement))
            if isinstance(achievement, Mapping):
                ids.add(node_id(achievement.get("creator")))
    return {i for i in ids if i is not None}


def _endorsed(value: Mapping[str, Any] | str) -> set[str]:
    """The ids an endorsement endorses: its credential subjects' (none when unreadable)."""
    if isinstance(value, str):
        try:
            value = decode_jwt_credential(value).credential
        except InvalidDocumentError:
            return set()
    subject = value.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    return {i for i in map(node_id, subjects) if i is not None}


def _endorsements(
    document: Mapping[str, Any],
    collected: _Endorsements,
    options: _Options,
    where: tuple[str | int, ...],
    depth: int,
    verify: _Verify,
) -> tuple[Check, tuple[VerificationResult, ...]]:
    found = collected.found
    ignored = [
        _problem(
            "credential.endorsement-ignored",
            "an endorsement here is not where Open Badges puts endorsements (on a credential, "
            "an achievement or a profile), so it was not verified and vouches for nothing",
            path,
            severity=Severity.INFO,
            spec=_ENDORSEMENT_SPEC,
        )
        for path in collected.ignored
    ]
    if not found:
        return Check("endorsements", CheckStatus.NOT_APPLICABLE, tuple(ignored)), ()
    if not options.endorsements:
        return Check("endorsements", CheckStatus.SKIPPED, tuple(ignored)), ()
    problems: list[Problem] = list(ignored)
    results: list[VerificationResult] = []
    indeterminate = False
    for path, value in found:
        if not isinstance(value, Mapping | str):
            problems.append(
                _problem(
                    "credential.endorsement-invalid",
                    "an endorsement must be an EndorsementCredential object",
                    path,
                    spec=_ENDORSEMENT_SPEC,
                )
            )
            continue
        if depth >= MAX_ENDORSEMENT_DEPTH:
            indeterminate = True
            problems.append(
                _problem(
                    "credential.endorsement-too-deep",
                    f"endorsements are nested more than {MAX_ENDORSEMENT_DEPTH} deep; the "
                    "deeper ones were not verified",
                    path,
                    severity=Severity.WARNING,
                    spec=_ENDORSEMENT_SPEC,
                )
            )
            continue
        result = verify(
            value,
            options,
            expected="EndorsementCredential",
            where=(*where, *path),
            depth=depth + 1,
        )
        results.append(result)
        indeterminate = indeterminate or result.status is VerificationStatus.INDETERMINATE
        problems.extend(_verdict_problems(document, collected, path, value, result))
    check = _check("endorsements", problems)
    if check.status is CheckStatus.PASSED and indeterminate:
        check = Check("endorsements", CheckStatus.INDETERMINATE, check.problems)
    return check, tuple(results)


def _verdict_problems(
    document: Mapping[str, Any],
    collected: _Endorsements,
    path: _Path,
    value: Mapping[str, Any] | str,
    result: VerificationResult,
) -> list[Problem]:
    """What the verification of one endorsement says about it where it sits: that it is not
    about the object holding it, that it does not verify, or that it could not be verified."""
    found: list[Problem] = []
    node_path, types = collected.holders[path]
    about = _endorsable(document, node_path, types)
    endorsed = _endorsed(value)
    if result.status is not VerificationStatus.INVALID and not endorsed & about:
        # a sound endorsement of something else: it vouches for that, not for this
        found.append(
            _problem(
                "credential.endorsement-not-about",
                f"the endorsement {result.credential_id or ''} endorses "
                f"{', '.join(sorted(endorsed)) or 'nothing with an id'}, not the object it "
                f"is attached to ({', '.join(sorted(about)) or 'which has no id'}): it "
                "vouches for something else, and the signed credential says otherwise",
                path,
                spec=_ENDORSEMENT_SPEC,
            )
        )
    if result.status is VerificationStatus.INVALID:
        found.append(
            _problem(
                "credential.endorsement-invalid",
                f"the endorsement {result.credential_id or ''} does not verify; see its "
                "own result in endorsements",
                path,
                spec=_ENDORSEMENT_SPEC,
            )
        )
    elif result.status is VerificationStatus.INDETERMINATE:
        found.append(
            _problem(
                "credential.endorsement-indeterminate",
                f"the endorsement {result.credential_id or ''} could not be verified; see "
                "its own result in endorsements",
                path,
                severity=Severity.WARNING,
                spec=_ENDORSEMENT_SPEC,
            )
        )
    return found

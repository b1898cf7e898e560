"""Issue a whole cohort's microcredentials from a roster: validated, signed, resumable.

:func:`issue_cohort` reads a CSV roster (one row per learner who passed), turns every row into
an ``OpenBadgeCredential`` for one achievement, checks it against the chosen quality profiles
*before* signing, signs it and writes it as ``DIR/<id>.json``, plus ``DIR/manifest.json`` that
accounts for every row: issued, already present, or skipped with its line number and reason.
:func:`check_roster` tells beforehand, without a key, which rows a run would skip and why.

Every issuance gives a credential a new random id; ``DIR/allocations.jsonl`` records, before
anything is signed, which id and status entry each row (known by its :func:`row_key`) was
given. Re-running on the same roster issues nothing twice: a recorded row keeps its id, a file
that is present, parses and verifies is kept, a damaged one is signed again with the same id,
and another signed credential in its place is never overwritten. A run whose achievement,
issuer or status list differ from the last run's stops with
:class:`~microcredential.errors.CohortChangedError`. Files are written to a temporary file in
``DIR``, flushed to disk and renamed into place, so an interruption never leaves a half-written
credential or manifest.

Large rosters (:data:`PARALLEL_MIN_ROWS` rows or more) are signed on all cores; rows stream
through in chunks, so memory does not grow with the number of credentials.

The roster format (UTF-8 with or without BOM, ``,`` or ``;`` separated, one header line; header
names match case-insensitively, ignoring spaces, ``-`` and ``_``):

============  ===========================================================  ==================
field         header names accepted                                        written as
============  ===========================================================  ==================
recipient     ``recipient``, ``email``, ``e-mail``, ``emailadres``,        hashed e-mail
              ``mail``, ``did``, ``learner``, ``student``                  (``identifier``)
                                                                           or subject ``id``
name          ``name``, ``naam``, ``full name``, ``learner name``,          ``identifier``
              ``student name``, ``volledige naam``                          (type ``name``)
grade         ``grade``, ``cijfer``, ``result``, ``resultaat``             ``result``
credits       ``credits``, ``credits earned``, ``ec``, ``ects``,           ``creditsEarned``
              ``studiepunten``
start         ``start``, ``start date``, ``activity start date``,          ``activityStartDate``
              ``startdatum``, ``begindatum``
end           ``end``, ``end date``, ``activity end date``, ``einddatum``  ``activityEndDate``
evidence      ``evidence``, ``evidence url``, ``bewijs``, ``portfolio``    ``evidence``
============  ===========================================================  ==================

Only ``recipient`` is required; other columns are ignored (and listed in the report).

The code lives in private modules named after their jobs: ``_roster`` (reading the CSV),
``_rows`` (checking a row), ``_ids`` (credential ids and file names), ``_achievement``,
``_writer`` (building, signing and writing, and the worker pool), ``_ledger`` (the allocation
ledger), ``_manifest``, ``_run`` (the run itself), ``_check`` (the check before a run) and
``_records`` (what it reports).
"""

from ._achievement import load_achievement
from ._check import RosterCheck, check_roster
from ._ids import COHORT_NAMESPACE, credential_id_for, row_key, safe_file_name
from ._ledger import LEDGER_NAME
from ._manifest import MANIFEST_FORMAT, MANIFEST_NAME
from ._records import CohortEntry, CohortProgress, CohortReport, SkippedRow
from ._run import PARALLEL_MIN_ROWS, issue_cohort

__all__ = [
    "COHORT_NAMESPACE",
    "LEDGER_NAME",
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "PARALLEL_MIN_ROWS",
    "CohortEntry",
    "CohortProgress",
    "CohortReport",
    "RosterCheck",
    "SkippedRow",
    "check_roster",
    "credential_id_for",
    "issue_cohort",
    "load_achievement",
    "row_key",
    "safe_file_name",
]

# Shown (in reprs, tracebacks and the API reference) where users import them from.
for _value in (
    CohortEntry,
    CohortProgress,
    CohortReport,
    RosterCheck,
    SkippedRow,
    check_roster,
    credential_id_for,
    issue_cohort,
    load_achievement,
    row_key,
    safe_file_name,
):
    _value.__module__ = __name__
del _value

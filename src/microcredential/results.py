"""The words every result object of the library shares.

Every result — of a proof, a credential, a presentation, a status check, a quality validation,
a cohort run, an import — answers the same questions with the same names:

``ok``
    ``True`` when it passed: the credential verified, the report has no error, every roster
    row is accounted for.
``problems``
    Every :class:`~microcredential.problems.Problem` it found, in order, at every level it
    covers (a proof set's own problems and each proof's).
``errors``
    The problems of severity ``error``: the ones that make ``ok`` false.
``status``
    Where there are three possible outcomes, the :class:`VerificationStatus`.

The guide to reading results is in the documentation's "Results" page.
"""

import enum

__all__ = ["VerificationStatus"]


class VerificationStatus(enum.StrEnum):
    """The outcome of verifying a proof, a proof set, a credential or a presentation."""

    VERIFIED = "verified"
    #: Something was checked and is wrong (a bad signature, an expired credential...).
    INVALID = "invalid"
    #: Nothing checked is wrong, but something could not be determined (a key could not be
    #: resolved, a status list could not be fetched, a cryptosuite is not supported).
    INDETERMINATE = "indeterminate"

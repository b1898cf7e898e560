"""Fuzz ``check_quality`` (the quality frameworks): findings for any JSON value, never a crash."""

from __future__ import annotations

from typing import Any

from hypothesis import given

import microcredential as mc
from fuzz.fuzzing import documents, fuzz_settings, honours_contract, signed_credential

PROFILES = ("ob3", "eu", "nl", "edubadges")


@fuzz_settings()
@given(documents(signed_credential))
def test_validate(document: Any) -> None:
    honours_contract(
        lambda d: mc.check_quality(d, profiles=PROFILES), document, mc.ValidationReport
    )

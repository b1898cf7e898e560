"""The online mode's HTTP client is an optional extra: without it the library imports and
verifies offline, and asking for the online mode says what to install."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    sys.modules["urllib3"] = None  # as if the 'online' extra were not installed
    import microcredential
    from microcredential import issue, verify
    from microcredential.fetch import HttpsFetcher
    from microcredential.keys import Ed25519Key

    key = Ed25519Key.generate()
    achievement = {
        "id": "https://example.edu/achievements/a", "type": ["Achievement"], "name": "A",
        "description": "A.", "criteria": {"narrative": "A."},
    }
    credential = issue(achievement, recipient="did:example:x", key=key,
                       valid_from="2025-01-01T00:00:00Z")
    print(verify(credential).status.value)
    try:
        verify(credential, online=True)
    except ModuleNotFoundError as exc:
        print(exc)
    """
)


def test_offline_without_the_http_client_and_a_clear_message_online() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=120
    )
    verdict, message = done.stdout.strip().splitlines()
    assert verdict == "verified"
    assert "pip install 'microcredential[online]'" in message

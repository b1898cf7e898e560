"""Revoke a credential: a status list, an entry in each credential, a bit set, a list re-signed.

Run from anywhere: ``python examples/revoke_credential.py``. The issuer keeps a status list
(its state saved as JSON between runs), issues two credentials with an entry in it, revokes
one, and signs the list credential it would publish at the list's URL. A verifier given that
list finds one credential revoked (``status.revoked``) and the other still valid.
"""

from __future__ import annotations

import json

import microcredential as mc
from microcredential.quality import example_profile

ISSUER = "https://www.hs-voorbeeld.example/issuers/1"
LIST_URL = "https://www.hs-voorbeeld.example/status/1"  # where the signed list is published


def main() -> int:
    key = mc.Ed25519Key.generate(controller=ISSUER)
    issuer = {
        "id": ISSUER,
        "type": ["Profile"],
        "name": "Hogeschool Voorbeeld",
        "address": {"type": ["Address"], "addressCountryCode": "NL"},
    }
    achievement = mc.build_achievement(
        example_profile(), id="https://www.hs-voorbeeld.example/achievements/ddm"
    )
    state = mc.IssuerStatusList.create(LIST_URL)  # kept with .to_json() / .from_json()
    credentials = [
        mc.issue(
            achievement,
            recipient=mc.hashed_email(address),
            issuer=issuer,
            key=key,
            status=state,  # allocates an index and writes the credentialStatus entry
        )
        for address in ("anna@example.org", "bram@example.org")
    ]

    revoked = credentials[0]
    assert isinstance(revoked, dict)
    state.revoke(int(revoked["credentialStatus"]["statusListIndex"]))
    saved = json.dumps(state.to_json())  # save the state before publishing
    published = mc.status_list_credential(mc.IssuerStatusList.from_json(json.loads(saved)), key)

    resolver = mc.StaticResolver([key.controller_document()])
    codes = []
    for credential in credentials:
        result = mc.verify(credential, resolver=resolver, status=[published])
        codes.append([problem.code for problem in result.errors])
        print(f"{credential['id']}: {result.status.value} {codes[-1] or ''}".rstrip())
    return 0 if codes == [["status.revoked"], []] else 1


if __name__ == "__main__":
    raise SystemExit(main())

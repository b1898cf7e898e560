"""The employer's one-step check: verify(..., online=...) against a did:web issuer served by a
real local HTTPS server (keys, status lists, rotation, cache expiry, refusals)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from https_server import VALID_FROM, Issuer, Reply, Server
from microcredential import Verifier, issue, status_list_credential, verify
from microcredential.fetch import FetchCache
from microcredential.keys import Ed25519Key
from microcredential.status import IssuerStatusList

ACHIEVEMENT = Issuer.achievement


def codes(result: Any, check: str) -> list[str]:
    return [p.code for p in result.check(check).problems]


def test_an_employer_verifies_did_web_credentials_in_one_step(server: Server) -> None:
    issuer = Issuer(server)
    valid, revoked = issuer.issue(), issuer.issue()
    issuer.revoke(revoked)
    verifier = Verifier(online=server.fetcher())
    good = verifier.verify(valid)
    assert good.ok, good
    bad = verifier.verify(revoked)
    assert bad.status.value == "invalid"
    assert bad.check("proof").status.value == "passed"
    assert codes(bad, "credential-status") == ["status.revoked"]
    # the DID document and the list were fetched once for both credentials
    assert server.hits["/.well-known/did.json"] == 1
    assert server.hits["/status/1"] == 1


def test_offline_the_same_credential_is_indeterminate(server: Server) -> None:
    issuer = Issuer(server)
    result = verify(issuer.issue())
    assert result.status.value == "indeterminate"
    assert codes(result, "proof") == ["proof.method-unresolvable"]
    assert sum(server.hits.values()) == 0


def test_the_verify_recipe_takes_online_too(server: Server) -> None:
    issuer = Issuer(server)
    assert verify(issuer.issue(), online=server.fetcher()).ok


def test_a_verifier_over_many_credentials_fetches_each_document_once(server: Server) -> None:
    issuer = Issuer(server)
    credentials = [issuer.issue() for _ in range(25)]
    issuer.revoke(credentials[7])
    verifier = Verifier(online=server.fetcher())
    statuses = [verifier.verify(c).status.value for c in credentials]
    assert statuses.count("verified") == 24
    assert statuses[7] == "invalid"
    assert server.hits == {"/.well-known/did.json": 1, "/status/1": 1}


def test_a_revocation_is_seen_once_the_cached_list_expires(server: Server) -> None:
    issuer = Issuer(server, ttl=60_000)  # the list may be kept one minute
    credential = issuer.issue()
    clock_now = [time.time()]
    cache = FetchCache(clock=lambda: clock_now[0])
    verifier = Verifier(online=server.fetcher(cache=cache))
    assert verifier.verify(credential).ok
    issuer.revoke(credential)
    assert verifier.verify(credential).ok  # within the list's ttl: the kept copy
    assert server.hits["/status/1"] == 1
    clock_now[0] += 61
    later = verifier.verify(credential)
    assert codes(later, "credential-status") == ["status.revoked"]
    assert server.hits["/status/1"] == 2


def test_key_rotation(server: Server) -> None:
    issuer = Issuer(server)
    old_credential = issuer.issue()
    new_key = Ed25519Key.generate(controller=issuer.did, id=f"{issuer.did}#key-2")
    # rotation done well: the new key is listed next to the old one
    issuer.keys = [issuer.key, new_key]
    issuer.publish_keys()
    new_credential = issuer.issue(new_key)
    both = Verifier(online=server.fetcher())
    assert both.verify(old_credential).ok
    assert both.verify(new_credential).ok
    # the old key removed from the DID document: credentials it signed can no longer be
    # checked against the issuer's keys, so they are indeterminate (not verified)
    issuer.keys = [new_key]
    issuer.publish_keys()
    after = Verifier(online=server.fetcher())
    result = after.verify(old_credential)
    assert result.status.value == "indeterminate"
    assert codes(result, "proof") == ["proof.method-unresolvable"]
    assert "does not contain it" in result.check("proof").problems[0].message
    assert after.verify(new_credential).check("proof").status.value == "passed"


def test_an_https_issuer_and_its_controller_document(server: Server) -> None:
    controller = server.url("/issuers/1")
    key = Ed25519Key.generate(controller=controller)
    server.routes["/issuers/1"] = Reply.json(key.controller_document())
    credential = issue(ACHIEVEMENT, recipient="did:example:learner", key=key, valid_from=VALID_FROM)
    assert verify(credential, online=server.fetcher()).ok
    # a controller document that names another id is not the issuer's
    server.routes["/issuers/1"] = Reply.json({**key.controller_document(), "id": "https://x.test"})
    result = verify(credential, online=server.fetcher())
    assert result.status.value == "indeterminate"
    assert "document's id is" in result.check("proof").problems[0].message


def test_a_refused_fetch_is_a_problem_code_in_the_result(server: Server) -> None:
    issuer = Issuer(server)
    credential = issuer.issue()
    server.routes["/.well-known/did.json"].delay = 1.0  # too slow to answer
    slow = verify(credential, online=server.fetcher(timeout=0.2))
    assert slow.status.value == "indeterminate"
    assert codes(slow, "proof") == ["proof.method-unresolvable", "fetch.timeout"]
    assert slow.check("proof").problems[1].path.endswith("/verificationMethod")


def test_a_status_list_on_a_private_address_is_refused(server: Server) -> None:
    issuer = Issuer(server)
    issuer.revocations = IssuerStatusList.create("https://intranet.test/status/1")
    credential = issuer.issue()
    result = verify(credential, online=server.fetcher())
    assert result.check("proof").status.value == "passed"
    assert result.status.value == "indeterminate"
    assert codes(result, "credential-status") == [
        "status.list-unavailable",
        "fetch.address-refused",
    ]


def test_status_lists_given_are_used_and_keys_fetched(server: Server) -> None:
    issuer = Issuer(server)
    credential = issuer.issue()
    held = status_list_credential(issuer.revocations, issuer.key, valid_from=VALID_FROM)
    assert verify(credential, status=[held], online=server.fetcher()).ok
    assert server.hits == {"/.well-known/did.json": 1}


def test_online_must_be_a_flag_or_a_fetcher() -> None:
    with pytest.raises(TypeError, match="online must be"):
        Verifier(online="yes")  # type: ignore[arg-type]


def test_a_status_list_served_as_a_vc_jwt(server: Server) -> None:
    # an issuer with an RSA key signs its credentials and its status list as VC-JWTs, and
    # serves the list as application/vc+jwt
    from microcredential.keys import RsaKey

    did = server.did()
    key = RsaKey.generate(controller=did, id=f"{did}#key-rsa")
    server.routes["/.well-known/did.json"] = Reply.json(key.controller_document())
    revocations = IssuerStatusList.create(server.url("/status/jwt"))

    def publish() -> None:
        token = status_list_credential(revocations, key, valid_from=VALID_FROM, format="jwt")
        server.routes["/status/jwt"] = Reply(
            token.encode(), headers={"Content-Type": "application/vc+jwt"}
        )

    publish()
    credentials = [
        issue(
            ACHIEVEMENT,
            recipient="did:example:learner",
            key=key,
            valid_from=VALID_FROM,
            status=revocations,
            format="jwt",
        )
        for _ in range(2)
    ]
    verifier = Verifier(online=server.fetcher())
    assert verifier.verify(credentials[0]).ok
    assert "application/vc+jwt" in server.requests[-1][1]["accept"]
    revocations.revoke(_index(credentials[1]))
    publish()
    later = Verifier(online=server.fetcher()).verify(credentials[1])
    assert codes(later, "credential-status") == ["status.revoked"]


def _index(token: str) -> int:
    from microcredential.jwt import decode_jwt_credential

    return int(decode_jwt_credential(token).credential["credentialStatus"]["statusListIndex"])

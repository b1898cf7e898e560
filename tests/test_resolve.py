from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcredential.errors import FetchError, ResolutionError
from microcredential.keys import Ed25519Key, Ed25519VerificationKey
from microcredential.problems import Problem
from microcredential.resolve import (
    PROOF_PURPOSES,
    ChainResolver,
    DidKeyResolver,
    DidWebResolver,
    HttpsControllerResolver,
    StaticResolver,
    VerificationMethod,
    did_web_url,
    is_authorized,
)

W3C_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_VM = f"did:key:{W3C_PUBLIC}#{W3C_PUBLIC}"
OB_ISSUER = "https://example.edu/issuers/565049"
OB_PUBLIC = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
OB_VM = f"{OB_ISSUER}#{OB_PUBLIC}"
#: A P-256 Multikey whose compressed point (x = 1) is not on the curve: 1 - 3 + b is not a
#: square modulo p.
OFF_CURVE_P256 = "zDnaeQRy3dcKsKa1zmKtVKsTy3m2HYoQnFnfKuxD6HfSTQgYg"
#: A secp256k1 public key (multicodec 0xe7), a curve the library does not take.
SECP256K1_PUBLIC = "zQ3shTepFLFFdSMosvXnLezUQDyciBgLWTK76jTjBcLEP86vo"
ALL = frozenset(PROOF_PURPOSES)


def multikey(method_id: str, controller: str, public: str = OB_PUBLIC) -> dict[str, Any]:
    return {
        "id": method_id,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public,
    }


def issuer_document(**relationships: list[Any]) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/cid/v1"],
        "id": OB_ISSUER,
        "verificationMethod": [multikey(OB_VM, OB_ISSUER)],
        **relationships,
    }


# -- did:key -----------------------------------------------------------------------------------


def test_did_key_resolves_offline() -> None:
    method = DidKeyResolver().resolve(W3C_VM)
    assert method == VerificationMethod(
        id=W3C_VM,
        type="Multikey",
        controller=f"did:key:{W3C_PUBLIC}",
        public_key=Ed25519VerificationKey.from_multibase(W3C_PUBLIC),
        relationships=ALL,
    )
    assert method.public_key.raw.hex() == (
        "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"
    )
    assert method.is_authorized_for("assertionMethod")


@given(st.binary(min_size=32, max_size=32))
def test_did_key_resolves_every_generated_key(seed: bytes) -> None:
    key = Ed25519Key.from_seed(seed)
    method = DidKeyResolver().resolve(key.id)
    assert method.public_key == key.public_key
    assert method.controller == key.controller
    assert method.public_key.verify(key.sign(b"payload"), b"payload")


@pytest.mark.parametrize(
    ("method_id", "message"),
    [
        (f"did:key:{W3C_PUBLIC}", "needs its fragment"),
        (f"did:key:{W3C_PUBLIC}#key-1", "fragment that is not its key"),
        (f"did:key:{W3C_PUBLIC}#{OB_PUBLIC}", "fragment that is not its key"),
        ("did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv#zDnaerx9Ct", "fragment"),
        (f"did:key:{OFF_CURVE_P256}#{OFF_CURVE_P256}", "not a point on the P-256 curve"),
        ("did:key:z6Mk0#z6Mk0", "base58"),
        (OB_VM, "not a did:key"),
        (None, "not a did:key"),
    ],
)
def test_did_key_refusals(method_id: Any, message: str) -> None:
    with pytest.raises(ResolutionError, match=message):
        DidKeyResolver().resolve(method_id)


# -- static controller documents ---------------------------------------------------------------


def test_static_resolver_with_referenced_method() -> None:
    resolver = StaticResolver([issuer_document(assertionMethod=[OB_VM])])
    method = resolver.resolve(OB_VM)
    assert method.controller == OB_ISSUER
    assert method.public_key == Ed25519VerificationKey.from_multibase(OB_PUBLIC)
    assert method.relationships == {"assertionMethod"}
    assert method.is_authorized_for("assertionMethod")
    assert not method.is_authorized_for("authentication")


def test_static_resolver_with_embedded_method_and_relative_ids() -> None:
    document = {
        "id": OB_ISSUER,
        "assertionMethod": [multikey("#key-1", OB_ISSUER)],
        "authentication": ["#key-1"],
    }
    method = StaticResolver([document]).resolve(f"{OB_ISSUER}#key-1")
    assert method.id == f"{OB_ISSUER}#key-1"
    assert method.relationships == {"assertionMethod", "authentication"}


def test_static_resolver_from_the_key_controller_document() -> None:
    key = Ed25519Key.generate(controller=OB_ISSUER)
    resolver = StaticResolver([key.controller_document(relationships=("assertionMethod",))])
    method = resolver.resolve(key.id)
    assert method.public_key == key.public_key
    assert method.relationships == {"assertionMethod"}


def test_bare_multikey_is_authorised_for_nothing_unless_told() -> None:
    bare = multikey(OB_VM, OB_ISSUER)
    method = StaticResolver([bare]).resolve(OB_VM)
    assert method.public_key == Ed25519VerificationKey.from_multibase(OB_PUBLIC)
    assert method.relationships == frozenset()
    trusted = StaticResolver([bare], bare_method_relationships=["assertionMethod"])
    assert trusted.resolve(OB_VM).relationships == {"assertionMethod"}


def test_bare_multikey_takes_relationships_from_its_controller_document() -> None:
    other_vm = "urn:uuid:6f1bd3c0-0f43-4d4a-9e22-b3a7d4c0a001"
    bare = multikey(other_vm, OB_ISSUER)
    controller = {"id": OB_ISSUER, "verificationMethod": [], "assertionMethod": [other_vm]}
    method = StaticResolver([bare, controller]).resolve(other_vm)
    assert method.relationships == {"assertionMethod"}


def test_jwk_and_2020_method_types() -> None:
    key = Ed25519Key.generate(controller=OB_ISSUER)
    jwk_method = {
        "id": key.id,
        "type": "JsonWebKey",
        "controller": OB_ISSUER,
        "publicKeyJwk": key.public_key.to_jwk(),
    }
    document = {"id": OB_ISSUER, "verificationMethod": [jwk_method], "assertionMethod": [key.id]}
    assert StaticResolver([document]).resolve(key.id).public_key == key.public_key
    legacy = {**key.to_multikey(), "type": "Ed25519VerificationKey2020"}
    document = {"id": OB_ISSUER, "verificationMethod": [legacy]}
    method = StaticResolver([document]).resolve(key.id)
    assert (method.type, method.public_key) == ("Ed25519VerificationKey2020", key.public_key)


@pytest.mark.parametrize(
    ("document", "method_id", "message"),
    [
        (issuer_document(), f"{OB_ISSUER}#other", "no supplied document"),
        (issuer_document(), "https://example.edu/issuers/2#x", "no supplied document"),
        (
            {"id": OB_ISSUER, "verificationMethod": [multikey(OB_VM, "https://evil.example")]},
            OB_VM,
            "is not the controller document",
        ),
        (
            {"id": OB_ISSUER, "verificationMethod": [{**multikey(OB_VM, OB_ISSUER), "type": "X"}]},
            OB_VM,
            "type 'X' is not supported",
        ),
        (
            {
                "id": OB_ISSUER,
                "verificationMethod": [multikey(OB_VM, OB_ISSUER, SECP256K1_PUBLIC)],
            },
            OB_VM,
            "secp256k1-pub",
        ),
        (
            {
                "id": OB_ISSUER,
                "verificationMethod": [{"id": OB_VM, "type": "Multikey", "controller": OB_ISSUER}],
            },
            OB_VM,
            "no publicKeyMultibase",
        ),
        (
            {
                "id": OB_ISSUER,
                "verificationMethod": [
                    {"id": OB_VM, "type": "JsonWebKey", "controller": OB_ISSUER}
                ],
            },
            OB_VM,
            "no publicKeyJwk",
        ),
        ({**multikey(OB_VM, OB_ISSUER), "controller": None}, OB_VM, "no controller"),
    ],
)
def test_static_resolver_refusals(document: dict[str, Any], method_id: str, message: str) -> None:
    with pytest.raises(ResolutionError, match=message):
        StaticResolver([document]).resolve(method_id)


def test_static_resolver_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="with an id"):
        StaticResolver([{"verificationMethod": []}])
    with pytest.raises(ValueError, match="two documents"):
        StaticResolver([issuer_document(), issuer_document()])
    with pytest.raises(ValueError, match="unknown proof purpose"):
        StaticResolver([], bare_method_relationships=["assertion"])


def test_static_resolver_does_not_mutate_documents() -> None:
    document = issuer_document(assertionMethod=["#" + OB_PUBLIC])
    snapshot = repr(document)
    StaticResolver([document]).resolve(OB_VM)
    assert repr(document) == snapshot


# -- authorisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relationships", "expected"),
    [
        ({"assertionMethod": [OB_VM]}, True),
        ({"assertionMethod": OB_VM}, True),
        ({"assertionMethod": [f"#{OB_PUBLIC}"]}, True),
        ({"assertionMethod": [multikey(OB_VM, OB_ISSUER)]}, True),
        ({"assertionMethod": [{"id": f"#{OB_PUBLIC}"}]}, True),
        ({"authentication": [OB_VM]}, False),
        ({"assertionMethod": [f"{OB_ISSUER}#other"]}, False),
        ({"assertionMethod": []}, False),
        ({"assertionMethod": [42, None, {"id": 7}]}, False),
        ({}, False),
    ],
)
def test_is_authorized(relationships: dict[str, Any], expected: bool) -> None:
    document = issuer_document(**relationships)
    assert is_authorized(document, OB_VM, "assertionMethod") is expected


def test_is_authorized_refuses_unknown_purposes() -> None:
    with pytest.raises(ValueError, match="unknown proof purpose 'assertion'"):
        is_authorized(issuer_document(), OB_VM, "assertion")
    method = DidKeyResolver().resolve(W3C_VM)
    with pytest.raises(ValueError, match="unknown proof purpose"):
        method.is_authorized_for("keyAgreement")


# -- chains ------------------------------------------------------------------------------------


class Recording:
    def __init__(self, result: VerificationMethod | None = None) -> None:
        self.calls: list[str] = []
        self.result = result

    def resolve(self, verification_method_id: str) -> VerificationMethod:
        self.calls.append(verification_method_id)
        if self.result is None:
            raise ResolutionError("recording resolver knows nothing")
        return self.result


def test_chain_tries_did_key_first_then_the_others() -> None:
    static = StaticResolver([issuer_document(assertionMethod=[OB_VM])])
    spy = Recording()
    chain = ChainResolver(spy, static)
    assert chain.resolve(W3C_VM).controller == f"did:key:{W3C_PUBLIC}"
    assert spy.calls == []
    assert chain.resolve(OB_VM).controller == OB_ISSUER
    assert spy.calls == [OB_VM]


def test_chain_reports_every_failure() -> None:
    chain = ChainResolver(Recording(), StaticResolver([]))
    with pytest.raises(ResolutionError) as info:
        chain.resolve(OB_VM)
    message = str(info.value)
    assert "recording resolver knows nothing" in message
    assert "no supplied document" in message
    # the method is named once, and did:key's "not mine" is left out as noise
    assert message.count(OB_VM) == 1
    assert "not a did:key" not in message


def test_chain_with_only_did_key_says_why() -> None:
    with pytest.raises(
        ResolutionError,
        match=r"not a did:key verification method; not a did:jwk verification method$",
    ):
        ChainResolver().resolve(OB_VM)


def test_chain_without_did_key() -> None:
    chain = ChainResolver(Recording(), did_key=False)
    with pytest.raises(
        ResolutionError, match=r"^cannot resolve verification method .*: recording resolver"
    ):
        chain.resolve(W3C_VM)


# -- did:web and https, through a fetcher ---------------------------------------------------------


class DictFetcher:
    """A Fetcher over documents held by URL (the https fetcher itself is tested against a real
    local server in tests/fetch); it records what it was asked for."""

    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents
        self.requests: list[str] = []

    def fetch(self, url: str) -> Any:
        self.requests.append(url)
        found = self.documents.get(url)
        if isinstance(found, Exception):
            raise found
        if found is None:
            raise FetchError(
                f"{url} answered HTTP 404", problems=[Problem("fetch.http-status", "404")]
            )
        return found


def web_document(did: str, key: Ed25519Key) -> dict[str, Any]:
    method_id = f"{did}#key-1"
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {**key.public_key.to_multikey(id=method_id, controller=did)},
        ],
        "assertionMethod": [method_id],
    }


@pytest.fixture(scope="module")
def web_key() -> Ed25519Key:
    return Ed25519Key.generate()


def test_did_web_resolution(web_key: Ed25519Key) -> None:
    did = "did:web:issuer.example.edu:badges"
    url = "https://issuer.example.edu/badges/did.json"
    fetcher = DictFetcher({url: web_document(did, web_key)})
    method = DidWebResolver(fetcher).resolve(f"{did}#key-1")
    assert method.public_key == web_key.public_key
    assert method.relationships == {"assertionMethod"}
    assert fetcher.requests == [url]


def test_https_controller_resolution(web_key: Ed25519Key) -> None:
    key = Ed25519Key.from_seed(web_key.seed(), controller=OB_ISSUER)
    document = key.controller_document(relationships=("assertionMethod",))
    fetcher = DictFetcher({OB_ISSUER: document})
    method = ChainResolver(HttpsControllerResolver(fetcher)).resolve(key.id)
    assert method.public_key == key.public_key
    assert fetcher.requests == [OB_ISSUER]


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:example.com", "https://example.com/.well-known/did.json"),
        ("did:web:example.com:user:alice", "https://example.com/user/alice/did.json"),
        ("did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json"),
        ("did:web:example.com%3A3000:a:b", "https://example.com:3000/a/b/did.json"),
        ("did:web:example.com:a%20b", "https://example.com/a%20b/did.json"),
    ],
)
def test_did_web_url(did: str, url: str) -> None:
    assert did_web_url(did) == url


@pytest.mark.parametrize(
    "did",
    [
        "did:web:",
        "did:web:a@b.com",
        "did:web:example.com:..",
        "did:web:ex.com::x",
        "did:x",
        "did:web:127.0.0.1",  # the method requires a domain name, never an IP address
        "did:web:10.0.0.1%3A443",
        "did:web:%5B::1%5D",
        "did:web:example.com%3A99999",
        "did:web:example.com%3Ahttps",
    ],
)
def test_did_web_url_refusals(did: str) -> None:
    with pytest.raises(ResolutionError):
        did_web_url(did)


def test_did_web_document_must_name_itself(web_key: Ed25519Key) -> None:
    did = "did:web:issuer.example.edu"
    body = web_document("did:web:evil.example", web_key)
    fetcher = DictFetcher({"https://issuer.example.edu/.well-known/did.json": body})
    with pytest.raises(ResolutionError, match=r"document's id is 'did:web:evil\.example'"):
        DidWebResolver(fetcher).resolve(f"{did}#key-1")


def test_why_a_fetch_failed_travels_with_the_resolution_error() -> None:
    refused = FetchError(
        "refusing to connect", problems=[Problem("fetch.address-refused", "private address")]
    )
    fetcher = DictFetcher({"https://issuer.example.edu/.well-known/did.json": refused})
    chain = ChainResolver(DidWebResolver(fetcher), HttpsControllerResolver(fetcher))
    with pytest.raises(ResolutionError) as caught:
        chain.resolve("did:web:issuer.example.edu#key-1")
    assert "refusing to connect" in caught.value.message
    assert [p.code for p in caught.value.problems] == ["fetch.address-refused"]


def test_a_fetcher_raising_oserror_is_a_resolution_error() -> None:
    fetcher = DictFetcher({OB_ISSUER: ConnectionResetError("reset")})
    with pytest.raises(ResolutionError, match="could not be fetched"):
        HttpsControllerResolver(fetcher).resolve(OB_VM)


# -- one fetcher protocol for resolvers and status lists ---------------------------------------


class LegacyFetcher:
    """Written for the resolvers' former protocol, which had ``fetch_json`` only."""

    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents

    def fetch_json(self, url: str) -> Any:
        return self.documents[url]


def test_a_fetch_json_fetcher_still_resolves_with_a_deprecation_warning(
    web_key: Ed25519Key,
) -> None:
    did = "did:web:issuer.example.edu"
    document = web_document(did, web_key)
    legacy = LegacyFetcher({"https://issuer.example.edu/.well-known/did.json": document})
    with pytest.warns(DeprecationWarning, match="fetch_json"):
        resolver = DidWebResolver(legacy)
    assert resolver.resolve(f"{did}#key-1").public_key == web_key.public_key


def test_https_fetcher_fetch_json_is_a_deprecated_alias() -> None:
    from microcredential.fetch import HttpsFetcher

    fetcher = HttpsFetcher(allowed_hosts=["example.edu"])
    with pytest.warns(DeprecationWarning, match="fetch_json is deprecated"):  # noqa: SIM117
        with pytest.raises(FetchError, match="only https"):
            fetcher.fetch_json("http://example.edu/doc")


def test_resolve_https_fetcher_is_a_deprecated_name() -> None:
    import microcredential.resolve as resolve_module
    from microcredential.fetch import HttpsFetcher

    with pytest.warns(DeprecationWarning, match=r"microcredential\.fetch\.HttpsFetcher"):
        assert resolve_module.HttpsFetcher is HttpsFetcher
    assert "HttpsFetcher" not in resolve_module.__all__


def test_a_resolver_refuses_what_is_not_a_fetcher() -> None:
    with pytest.raises(TypeError, match="must be a Fetcher"):
        HttpsControllerResolver(object())  # type: ignore[arg-type]


def test_one_fetcher_serves_the_resolvers_and_the_status_check(web_key: Ed25519Key) -> None:
    from microcredential.fetch import Fetcher, HttpsFetcher
    from microcredential.status import StaticStatusListFetcher

    did = "did:web:issuer.example.edu"
    document = {**web_document(did, web_key), "id": did_web_url(did)}
    static = StaticStatusListFetcher([document])  # written for status lists
    assert isinstance(static, Fetcher)
    assert isinstance(HttpsFetcher(allowed_hosts=["example.edu"]), Fetcher)
    resolver = DidWebResolver(static)  # no adapter, no warning
    assert resolver.fetcher is static
    with pytest.raises(ResolutionError, match="document's id is"):
        resolver.resolve(f"{did}#key-1")  # served, and checked like any fetched document


def test_resolve_fetcher_is_a_deprecated_name_of_the_one_protocol() -> None:
    import microcredential.resolve as resolve_module
    from microcredential.fetch import Fetcher

    with pytest.warns(DeprecationWarning, match=r"microcredential\.fetch\.Fetcher"):
        assert resolve_module.Fetcher is Fetcher
    assert "Fetcher" not in resolve_module.__all__

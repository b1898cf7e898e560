from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcredential import multibase
from microcredential.errors import MicrocredentialError, MultibaseError

# The vc-di-eddsa public key: multicodec ed 01 + these 32 bytes, base58btc.
VECTOR_PUBLIC_MULTIBASE = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VECTOR_PUBLIC_HEX = "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"


def test_known_ed25519_public_key_decodes_to_its_multicodec_and_bytes() -> None:
    data = multibase.decode_base58btc(VECTOR_PUBLIC_MULTIBASE)
    code, payload = multibase.split_multicodec(data)
    assert data[:2] == bytes([0xED, 0x01])
    assert code == multibase.ED25519_PUB
    assert payload.hex() == VECTOR_PUBLIC_HEX
    assert multibase.encode_base58btc(data) == VECTOR_PUBLIC_MULTIBASE


@pytest.mark.parametrize(
    ("code", "encoded"),
    [
        (0x00, "00"),
        (0x7F, "7f"),
        (0x80, "8001"),
        (0xED, "ed01"),
        (0x1200, "8024"),
        (0x1300, "8026"),
    ],
)
def test_varint_encoding_matches_the_multicodec_table(code: int, encoded: str) -> None:
    assert multibase.encode_varint(code).hex() == encoded
    assert multibase.decode_varint(bytes.fromhex(encoded) + b"\xff") == (code, len(encoded) // 2)


@given(st.integers(min_value=0, max_value=(1 << 63) - 1), st.binary(max_size=8))
def test_varint_round_trip(value: int, tail: bytes) -> None:
    encoded = multibase.encode_varint(value)
    assert multibase.decode_varint(encoded + tail) == (value, len(encoded))


@given(st.integers(min_value=0, max_value=0xFFFF), st.binary(max_size=80))
def test_multicodec_round_trip(code: int, payload: bytes) -> None:
    assert multibase.split_multicodec(multibase.with_multicodec(code, payload)) == (code, payload)


@given(st.binary(max_size=200))
def test_base58btc_round_trip(data: bytes) -> None:
    text = multibase.encode_base58btc(data)
    assert text.startswith("z")
    assert multibase.decode_base58btc(text) == data
    assert multibase.decode(text) == data


@given(st.binary(max_size=300))
def test_base64url_round_trip(data: bytes) -> None:
    text = multibase.encode_base64url(data)
    assert text.startswith("u")
    assert "=" not in text
    assert multibase.decode_base64url(text) == data
    assert multibase.decode(text) == data
    assert text[1:] == base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_base58_leading_zero_bytes_are_kept() -> None:
    assert multibase.decode_base58btc("z111") == b"\0\0\0"
    assert multibase.encode_base58btc(b"\0\0\x01") == "z112"


def test_encode_dispatches_on_base_and_refuses_others() -> None:
    assert multibase.encode(b"\x01", base="u") == "uAQ"
    assert multibase.encode(b"\x01") == "z2"
    with pytest.raises(ValueError, match="unsupported multibase prefix"):
        multibase.encode(b"\x01", base="f")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "must start with 'z'"),
        ("6MkrJVnaZ", "must start with 'z'"),
        ("Z6Mk", "must start with 'z'"),
        ("z6Mk0", "outside the Bitcoin base58 alphabet"),
        ("z6MkO", "outside the Bitcoin base58 alphabet"),
        ("z6MkI", "outside the Bitcoin base58 alphabet"),
        ("z6Mkl", "outside the Bitcoin base58 alphabet"),
        ("z6Mk ", "outside the Bitcoin base58 alphabet"),
        ("z6Mk\n", "outside the Bitcoin base58 alphabet"),
        ("z6Mké", "outside the Bitcoin base58 alphabet"),
    ],
)
def test_bad_base58btc_is_refused(text: str, message: str) -> None:
    with pytest.raises(MultibaseError, match=message) as info:
        multibase.decode_base58btc(text, what="public key")
    assert str(info.value).startswith("public key ")
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, MicrocredentialError)


def test_overlong_base58btc_is_refused_before_decoding() -> None:
    with pytest.raises(MultibaseError, match="too long"):
        multibase.decode_base58btc("z" + "2" * 9000)
    assert multibase.decode_base58btc("z" + "2" * 20, max_chars=20)


def test_non_string_is_refused() -> None:
    with pytest.raises(MultibaseError, match="must be a string, not bytes"):
        multibase.decode_base58btc(b"z6Mk")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("zAQ", "must start with 'u'"),
        ("uAQ==", "without '=' padding"),
        ("uA+/", "only A-Z"),
        ("uAQ ", "only A-Z"),
        ("uA", "length is impossible"),
        ("uAR", "not canonical"),
    ],
)
def test_bad_base64url_is_refused(text: str, message: str) -> None:
    with pytest.raises(MultibaseError, match=message):
        multibase.decode_base64url(text)


def test_decode_refuses_unknown_prefix() -> None:
    with pytest.raises(MultibaseError, match="unsupported multibase prefix"):
        multibase.decode("f00ff")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "ends inside its varint"),
        (b"\x80", "ends inside its varint"),
        (b"\xed\x81", "ends inside its varint"),
        (b"\x80\x00", "non-minimal"),
        (b"\xed\x80\x00", "non-minimal"),
        (b"\xff" * 9 + b"\x01", "longer than 9 bytes"),
    ],
)
def test_bad_varints_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(MultibaseError, match=message):
        multibase.decode_varint(data)


@pytest.mark.parametrize("value", [-1, 1 << 63])
def test_varint_range(value: int) -> None:
    with pytest.raises(ValueError, match="2\\*\\*63"):
        multibase.encode_varint(value)


def test_multicodec_names() -> None:
    assert multibase.multicodec_name(0xED) == "ed25519-pub (0xed)"
    assert multibase.multicodec_name(0x1200) == "p256-pub (0x1200)"
    assert multibase.multicodec_name(0x4242) == "unknown multicodec 0x4242"


def test_error_messages_never_repeat_the_value() -> None:
    secret = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjx0"  # last character invalid
    with pytest.raises(MultibaseError) as info:
        multibase.decode_base58btc(secret, what="secret key")
    assert secret[1:20] not in str(info.value)
    assert secret[1:20] not in repr(info.value)


@given(
    st.binary(max_size=300)
    | st.builds(lambda n, tail: b"\x00" * n + tail, st.integers(0, 5), st.binary(max_size=80))
)
def test_base58_matches_the_reference_package(data: bytes) -> None:
    import base58

    from microcredential.multibase import decode_base58btc, encode_base58btc

    expected = base58.b58encode(data).decode("ascii")
    assert encode_base58btc(data) == "z" + expected
    assert decode_base58btc("z" + expected) == data

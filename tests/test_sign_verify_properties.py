"""Sign, then verify, generated credentials in every format with every key type that makes it,
through the public strategies; any change to a signed value breaks the result.

=============  ==================================  ====================================
key type       embedded proof (signed_credentials)  VC-JWT (signed_tokens)
=============  ==================================  ====================================
Ed25519        eddsa-rdfc-2022, eddsa-jcs-2022     EdDSA
P-256          ecdsa-rdfc-2019, ecdsa-jcs-2019     ES256
P-384          ecdsa-rdfc-2019, ecdsa-jcs-2019     ES384
RSA            (none: refused)                     RS256
=============  ==================================  ====================================
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import microcredential as mc
from microcredential import strategies as mcst
from microcredential.resolve import StaticResolver
from test_jwt import _leaf_paths, _tweak, joined, parts
from test_strategies import token_key

KINDS = ("Ed25519", "P-256", "P-384", "RSA")
#: Every (format, key type) pair that signs.
PAIRS = [("data-integrity", kind) for kind in KINDS if kind != "RSA"] + [
    ("jwt", kind) for kind in KINDS
]


def _changed(value: Any, path: tuple[Any, ...]) -> Any:
    changed = copy.deepcopy(value)
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = _tweak(target[path[-1]])
    return changed


@settings(max_examples=40, deadline=None)
@given(pair=st.sampled_from(PAIRS), data=st.data())
def test_every_format_and_key_type_verifies_and_any_change_breaks_it(
    pair: tuple[str, str], data: st.DataObject
) -> None:
    form, kind = pair
    if form == "jwt":
        case: Any = data.draw(mcst.signed_tokens(key=token_key(kind)))
        secured: Any = case.token
    else:
        case = data.draw(mcst.signed_credentials(key=token_key(kind)))
        secured = case.document
    resolver = StaticResolver(case.controller_documents) if case.controller_documents else None

    def verified(document: Any) -> mc.VerificationResult:
        return mc.verify(document, status=case.status_lists, now=case.now, resolver=resolver)

    result = verified(secured)
    assert result.ok, result.render_text()
    if form == "jwt":
        header, payload, signature = parts(secured)
        signed = {"header": header, "payload": payload}
        path = data.draw(st.sampled_from(_leaf_paths(signed)))
        changed = _changed(signed, path)
        broken = verified(joined(changed["header"], changed["payload"], signature))
    else:
        path = data.draw(st.sampled_from(_leaf_paths(secured)))
        broken = verified(_changed(secured, path))
    assert not broken.ok, (form, kind, path)

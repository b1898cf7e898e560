"""The checks of a credential verification, one module per concern.

:mod:`microcredential.verification` runs them in the order Open Badges 3.0 gives and is the
public home of every name defined here: import from there.

* :mod:`.results`: the result types (:class:`~microcredential.verification.Check`,
  :class:`~microcredential.verification.VerificationResult`...) and the check names;
* :mod:`.common`: the options of one verification and the helpers that make problems;
* :mod:`.document`: the checks that read the credential alone (profile, structure, context
  and type, subject, refresh service, related resources);
* :mod:`.dates`: the validity period;
* :mod:`.binding`: the issuer binding of proofs and of VC-JWT keys;
* :mod:`.jwt`: the ``jwt`` check of a compact VC-JWT;
* :mod:`.status`: the credential status and its status list credentials;
* :mod:`.nested`: endorsements and the credentials a CLR bundles.
"""

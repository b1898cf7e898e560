"""Renamed public names: the old name still gives the same object for one release, and warns
with the new name, which is what every caller in the package and its tests uses."""

from __future__ import annotations

import importlib

import pytest

RENAMED = [
    # module, old name, module of the new name, new name
    ("microcredential.integrity", "add_proof", "microcredential.integrity", "add_proof_unchecked"),
    (
        "microcredential.integrity.proofs",
        "add_proof",
        "microcredential.integrity",
        "add_proof_unchecked",
    ),
    (
        "microcredential.verification",
        "verify_credential",
        "microcredential.verification",
        "check_credential",
    ),
    (
        "microcredential.presentation",
        "verify_presentation_document",
        "microcredential.presentation",
        "check_presentation",
    ),
    ("microcredential.schema", "check_schema", "microcredential.schema", "require_schema_valid"),
    ("microcredential", "validate", "microcredential", "check_quality"),
    ("microcredential.quality", "validate", "microcredential.quality", "check_quality"),
    ("microcredential.quality.validator", "validate", "microcredential.quality", "check_quality"),
]


@pytest.mark.parametrize(("module", "old", "new_module", "new"), RENAMED)
def test_an_old_name_warns_and_gives_the_new_object(
    module: str, old: str, new_module: str, new: str
) -> None:
    current = getattr(importlib.import_module(new_module), new)
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{old} is deprecated.*{new}"):
        assert getattr(importlib.import_module(module), old) is current


@pytest.mark.parametrize(("module", "old", "new_module", "new"), RENAMED)
def test_an_old_name_is_not_exported(module: str, old: str, new_module: str, new: str) -> None:
    assert old not in importlib.import_module(module).__all__
    assert new in importlib.import_module(new_module).__all__


@pytest.mark.parametrize(("module", "old", "new_module", "new"), RENAMED)
def test_importing_an_old_name_warns_at_the_importing_line(
    module: str, old: str, new_module: str, new: str
) -> None:
    # ``from module import old`` is how most callers meet the rename: the warning must name the
    # caller's file, not the package's, or a filter on the caller's module would not see it.
    namespace: dict[str, object] = {}
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{old} is deprecated") as caught:
        exec(compile(f"from {module} import {old}", __file__, "exec"), namespace)
    assert namespace[old] is getattr(importlib.import_module(new_module), new)
    # (for a package, Python's import asks twice — hasattr, then getattr — so it may warn twice,
    # from the same line, which the default filter shows once)
    assert {(w.filename, w.lineno) for w in caught} == {(__file__, 1)}

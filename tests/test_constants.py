"""Each name the standards fix has one home, ``microcredential.constants``, and is used from it."""

from __future__ import annotations

import argparse
import ast
import inspect
from collections.abc import Callable
from pathlib import Path

import pytest

import microcredential as mc
import microcredential.constants as constants
from microcredential.cli import build_parser
from microcredential.integrity import add_proof_unchecked
from microcredential.integrity.suites import signing_suite, suites_for_key
from microcredential.keys import KeyType
from microcredential.quality import DEFAULT_PROFILES

SOURCE = Path(mc.__file__).parent

#: The values that must be written nowhere else, and the one other module allowed to write
#: each (the suite table defines the default cryptosuite's own name).
WRITTEN_ONCE = {
    constants.VC_V2_CONTEXT: set(),
    constants.VC_V1_CONTEXT: set(),
    constants.OB_CONTEXT: set(),
    constants.DEFAULT_CRYPTOSUITE: {"integrity/suites.py"},
}


def _string_literals(path: Path) -> set[str]:
    """The string constants of a module's code (docstrings left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    }


def test_constants_are_written_only_in_their_home() -> None:
    copies = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if relative == "constants.py":
            continue
        for value in _string_literals(path) & set(WRITTEN_ONCE):
            if relative not in WRITTEN_ONCE[value]:
                copies.append(f"{relative}: {value}")
    assert not copies, f"use microcredential.constants instead of writing {copies}"


def test_the_literal_scan_sees_code_and_skips_docstrings(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""Uses eddsa-rdfc-2022."""\nSUITE = "eddsa-rdfc-2022"\n', encoding="utf-8")
    assert _string_literals(module) == {"eddsa-rdfc-2022"}
    module.write_text('"""eddsa-rdfc-2022"""\n', encoding="utf-8")
    assert _string_literals(module) == set()


@pytest.mark.parametrize(
    "function",
    [
        mc.issue,
        mc.sign,
        mc.present,
        mc.status_list_credential,
        mc.issue_cohort,
        add_proof_unchecked,
    ],
)
def test_every_signing_path_defaults_to_the_one_cryptosuite(
    function: Callable[..., object],
) -> None:
    # None: the key's recommended suite, which for Ed25519 is the one default
    default = inspect.signature(function).parameters["cryptosuite"].default
    assert default is None
    assert signing_suite(default, KeyType.ED25519).name == constants.DEFAULT_CRYPTOSUITE
    assert suites_for_key(KeyType.ED25519)[0] == constants.DEFAULT_CRYPTOSUITE


def test_every_command_defaults_to_the_one_cryptosuite() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    defaults = {
        name: action.default
        for name, command in commands.choices.items()
        for action in command._actions
        if "--cryptosuite" in action.option_strings
    }
    assert {"issue", "issue-cohort", "sign", "present", "status"} <= set(defaults)
    assert set(defaults.values()) == {None}  # the key's recommended suite, as in the library


def test_cohort_checks_the_default_quality_profiles() -> None:
    assert inspect.signature(mc.issue_cohort).parameters["profiles"].default is DEFAULT_PROFILES
    assert inspect.signature(mc.check_quality).parameters["profiles"].default is DEFAULT_PROFILES


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        ("microcredential.strategies", "VC_CONTEXT", constants.VC_V2_CONTEXT),
        ("microcredential.strategies", "OB_CONTEXT", constants.OB_CONTEXT),
        ("microcredential.quality.encoding", "VC2_CONTEXT", constants.VC_V2_CONTEXT),
        ("microcredential.quality.encoding", "OB3_CONTEXT", constants.OB_CONTEXT),
    ],
)
def test_old_names_warn_and_give_the_constant(module: str, old: str, new: str) -> None:
    imported = __import__(module, fromlist=["_"])
    with pytest.warns(DeprecationWarning, match=f"{module}.{old} is deprecated.*constants"):
        assert getattr(imported, old) == new
    with pytest.raises(AttributeError, match="no_such_name"):
        imported.no_such_name  # noqa: B018

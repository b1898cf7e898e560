"""One convention across the commands: how outputs, dates, defaults and help texts are written.

Every command and option is checked, so a new one that does not follow the convention fails
here, not in a user's hands.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from microcredential import issue
from microcredential.cli import build_parser, main
from microcredential.cli._main import DEPRECATED_OPTIONS
from microcredential.keys import Ed25519Key


def _commands() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def _summaries() -> dict[str, str]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {choice.dest: str(choice.help) for choice in action._choices_actions}
    raise AssertionError("no sub-commands")


def _options(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    for action in parser._actions:
        if action.option_strings and action.help not in (None, argparse.SUPPRESS):
            if isinstance(action, argparse._HelpAction):
                continue
            yield action


COMMANDS = dict(_commands())


def test_help_texts_start_the_same_way() -> None:
    """A command's one-line summary is a lower-case phrase; its description is sentences."""
    for name, summary in _summaries().items():
        assert summary[:1].islower(), (name, summary)
        assert not summary.endswith("."), (name, summary)
    for name, parser in COMMANDS.items():
        description = parser.description or ""
        assert description[:1].isupper(), (name, description)
        assert description.endswith("."), (name, description)


def test_every_option_help_is_a_phrase_that_states_its_default() -> None:
    missing = []
    for name, parser in COMMANDS.items():
        one_of = {
            action
            for group in parser._mutually_exclusive_groups
            if group.required
            for action in group._group_actions
        }
        for action in _options(parser):
            text = str(action.help)
            flag = action.option_strings[-1]
            assert text[:1].islower() or text[:1] in "'\"", (name, flag, text)
            takes_value = action.nargs != 0
            optional = not action.required and action not in one_of
            if takes_value and optional and "(default: " not in text:
                missing.append(f"{name} {flag}: {text}")
    assert not missing, "\n".join(missing)


def test_one_spelling_for_file_and_folder_outputs() -> None:
    for name, parser in COMMANDS.items():
        flags = {flag for action in parser._actions for flag in action.option_strings}
        assert not flags & {"--out", "--html", "--output-file", "--out-dir", "--outdir"}, name
        for action in parser._actions:
            if "--output" in action.option_strings:
                assert action.option_strings == ["-o", "--output"], name
                assert action.metavar in ("FILE", "LIST.json"), (name, action.metavar)
            if "--output-dir" in action.option_strings:
                assert action.metavar == "DIR", name


def test_status_list_names_only_the_signed_list() -> None:
    """``--status-list`` is what a verifier reads; the issuer's state is ``--status-state``."""
    for name, parser in COMMANDS.items():
        for action in parser._actions:
            if "--status-list" in action.option_strings:
                assert "signed status list credential" in str(action.help), name
            if "--status-state" in action.option_strings:
                assert action.metavar == "STATEFILE", name
    with_state = {n for n, p in COMMANDS.items() if "--status-state" in _flags(p)}
    assert with_state == {"issue", "issue-cohort", "revoke", "status"}


def _flags(parser: argparse.ArgumentParser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


def test_every_date_option_takes_a_date_and_says_what_it_means() -> None:
    for name, parser in COMMANDS.items():
        for action in parser._actions:
            if action.metavar == "T":
                assert "start of that day in UTC" in str(action.help), (name, action.dest)
                assert action.type is not None
                assert action.type("2027-01-01") == "2027-01-01T00:00:00Z"  # type: ignore[operator]
                assert action.type("2027-01-01T09:00:00+01:00") == "2027-01-01T09:00:00+01:00"  # type: ignore[operator]


@pytest.mark.parametrize(
    ("command", "old"), [(c, o) for c in DEPRECATED_OPTIONS for o in DEPRECATED_OPTIONS[c]]
)
def test_deprecated_spellings_are_hidden(command: str, old: str) -> None:
    parser = COMMANDS[command]
    assert old not in _flags(parser)
    assert DEPRECATED_OPTIONS[command][old] in _flags(parser)
    assert f"{old} " not in parser.format_help().replace("]", " ")


def test_a_deprecated_spelling_still_works_with_a_one_line_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "key.json"
    Ed25519Key.from_seed(bytes(range(32))).save(key)
    state = tmp_path / "state.json"
    argv = ["status", "--status-list", str(state), "--init", "https://example.edu/status/1"]
    assert main([*argv, "--key", str(key), "-o", str(tmp_path / "list.json")]) == 0
    err = capsys.readouterr().err
    notices = [line for line in err.splitlines() if " is deprecated" in line]
    assert notices == [
        "microcredential: note: status --status-list is deprecated; use --status-state"
    ]
    assert state.exists()
    assert main(["revoke", f"--status-list={state}", "--index", "0"]) == 2  # not allocated
    assert "use --status-state" in capsys.readouterr().err


def test_now_may_be_a_date_meaning_the_start_of_that_day_in_utc(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Ed25519Key.from_seed(bytes(range(32)))
    achievement = {
        "id": "https://example.edu/achievements/a",
        "type": ["Achievement"],
        "name": "A",
        "description": "A.",
        "criteria": {"narrative": "A."},
    }
    for valid_from, verified in (("2027-01-01T00:00:00Z", 0), ("2027-01-01T00:00:01Z", 1)):
        credential = issue(achievement, recipient="did:example:a", key=key, valid_from=valid_from)
        path = tmp_path / "credential.json"
        path.write_text(json.dumps(credential), encoding="utf-8")
        argv = ["verify", str(path), "--now", "2027-01-01", "--max-clock-skew", "0"]
        assert main(argv) == verified, capsys.readouterr()
    capsys.readouterr()
    assert main(["verify", str(path), "--now", "1-1-2027"]) == 2
    assert "neither a date (2027-01-01) nor a date-time" in capsys.readouterr().err


def test_the_reference_has_an_entry_for_every_command_and_option() -> None:
    import importlib.util

    source = Path(__file__).parents[2] / "docs" / "_ext" / "cli_reference.py"
    spec = importlib.util.spec_from_file_location("cli_reference", source)
    assert spec is not None
    assert spec.loader is not None
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    for name, parser in COMMANDS.items():
        text = "\n".join(reference._markdown(name, parser))
        assert f"## `microcredential {name}`" in text
        assert f"```{{program}} microcredential {name}" in text
        for action in parser._actions:
            shown = action.help != argparse.SUPPRESS and not isinstance(
                action, argparse._HelpAction
            )
            for flag in action.option_strings if shown else ():
                assert f"```{{option}} {flag}" in text or f", {flag}" in text, (name, flag)

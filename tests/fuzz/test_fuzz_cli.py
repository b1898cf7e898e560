"""Fuzz the command line's input layer: any bytes in a file give an exit status and a message.

``verify``, ``validate``, ``check``, ``expand`` and ``canonicalize`` read a file a stranger
sent: they answer with exit status 0, 1 or 2 and at most one line per problem on standard
error, never a traceback, whatever the bytes.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from fuzz.fuzzing import documents, fuzz_settings, signed_credential
from microcredential.cli import main

COMMANDS = ("verify", "validate", "check", "expand", "canonicalize")


def _texts() -> st.SearchStrategy[bytes]:
    as_json = documents(signed_credential).map(
        lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")
    )
    return st.one_of(
        as_json,
        as_json,
        as_json.map(lambda b: b[: len(b) // 2]),
        st.binary(max_size=300),
        st.sampled_from(
            [b"", b"\xef\xbb\xbf", b"[" * 5000, b'{"a": 1e999}', b'{"a": NaN}', b'"\\ud800"']
        ),
    )


@fuzz_settings(0.4)
@given(text=_texts(), command=st.sampled_from(COMMANDS))
def test_commands_answer_any_file(text: bytes, command: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.json"
        path.write_bytes(text)
        code, err = _run([command, str(path)])
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    # one line per problem: proportional to the input, never more
    assert len(err) < 20_000 + 100 * len(text)


def _run(argv: list[str]) -> tuple[Any, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    return code, err.getvalue()

"""Reading JSON input safely: size and depth limits, errors that name the file and place."""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Mapping
from typing import Any

from .errors import DocumentTooLargeError, InvalidDocumentError
from .problems import Problem, json_pointer, quote

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "check_depth",
    "copy_json",
    "describe_json_type",
    "load_json",
    "read_json",
    "read_limited",
]

#: Largest input read by default (bytes). Credentials are a few kilobytes; status lists and
#: presentations rarely reach a megabyte.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
#: Deepest nesting of arrays and objects accepted by default.
DEFAULT_MAX_DEPTH = 64


def check_depth(
    value: Any, *, max_depth: int = DEFAULT_MAX_DEPTH, source: str | None = None
) -> None:
    """Raise :class:`DocumentTooLargeError` when ``value`` nests deeper than ``max_depth``."""
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(value, 0, ())]
    while stack:
        node, depth, path = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.items()
            bad_key = next((k for k in node if isinstance(k, str) and _has_lone_surrogate(k)), None)
            if bad_key is not None:
                _surrogate(path, source)
        elif isinstance(node, list | tuple):
            children = enumerate(node)
        else:
            if isinstance(node, str) and _has_lone_surrogate(node):
                _surrogate(path, source)
            continue
        if depth >= max_depth:
            raise DocumentTooLargeError.from_problems(
                [
                    Problem(
                        "input.too-deep",
                        f"nesting exceeds {max_depth} levels; a credential never needs this "
                        "much — check the input, or raise max_depth",
                        json_pointer(path),
                    )
                ],
                source=source,
            )
        stack.extend((child, depth + 1, (*path, key)) for key, child in children)


def _surrogate(path: tuple[str | int, ...], source: str | None) -> None:
    raise InvalidDocumentError.from_problems(
        [
            Problem(
                "input.encoding",
                "a string holds an unpaired UTF-16 surrogate (an escape such as \\ud800), "
                "which is not a character and cannot be signed; fix the text",
                json_pointer(path),
            )
        ],
        source=source,
    )


def load_json(
    text: str | bytes,
    *,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Any:
    """Parse JSON text with size and depth limits; errors name ``source`` and the position."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > max_bytes:
        raise _too_large("input", f"{size:,}", max_bytes, source)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidDocumentError.from_problems(
                [
                    Problem(
                        "input.encoding", f"not UTF-8 (byte {exc.start}); save the file as UTF-8"
                    )
                ],
                source=source,
            ) from None
    elif text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InvalidDocumentError.from_problems(
            [Problem("input.json", "the input is empty; expected a JSON document")],
            source=source,
        )
    try:
        value = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        raise InvalidDocumentError.from_problems(
            [
                Problem(
                    "input.json",
                    f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                )
            ],
            source=source,
        ) from None
    except _DuplicateKey as exc:
        raise InvalidDocumentError.from_problems(
            [Problem("input.duplicate-key", f"{exc}; keep one of them")], source=source
        ) from None
    except ValueError as exc:  # NaN / Infinity, numbers beyond doubles
        raise InvalidDocumentError.from_problems(
            [Problem("input.json", f"not valid JSON: {exc}")], source=source
        ) from None
    except RecursionError:
        raise DocumentTooLargeError.from_problems(
            [Problem("input.too-deep", f"nesting exceeds {max_depth} levels")], source=source
        ) from None
    check_depth(value, max_depth=max_depth, source=source)
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Parsers disagree on which of two equal keys wins, so a signed document with duplicate
    # keys can mean one thing to its signer and another to its reader: refuse it.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"the key {quote(key)} appears twice in one object")
        out[key] = value
    return out


def _finite_float(token: str) -> float:
    value = float(token)
    if math.isinf(value):
        raise ValueError(f"the number {token[:40]} is too large for a double")
    return value


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _too_large(what: str, size: str, max_bytes: int, source: str | None) -> InvalidDocumentError:
    return DocumentTooLargeError.from_problems(
        [
            Problem(
                "input.too-large",
                f"{what} is {size} bytes, over the limit of {max_bytes:,}; "
                "pass a larger max_bytes (CLI: --max-bytes) if this is intended",
            )
        ],
        source=source,
    )


def read_limited(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, reading at most ``max_bytes + 1`` of them from any source.

    A regular file whose size is over the limit is refused before it is read; a FIFO, a
    character device such as ``/dev/zero`` or a file that grows while it is read is refused
    as soon as one byte more than ``max_bytes`` has arrived. Raises
    :class:`DocumentTooLargeError` naming the file (``OSError`` when it cannot be read).
    """
    source = str(path)
    with open(path, "rb") as handle:
        status = os.fstat(handle.fileno())
        if stat.S_ISREG(status.st_mode) and status.st_size > max_bytes:
            raise _too_large("file", f"{status.st_size:,}", max_bytes, source)
        chunks: list[bytes] = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = handle.read(min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise _too_large("input", f"more than {max_bytes:,}", max_bytes, source)
    return data


def read_json(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Any:
    """Read and parse a JSON file, reading no more than ``max_bytes + 1`` bytes of it."""
    data = read_limited(path, max_bytes=max_bytes)
    return load_json(data, source=str(path), max_bytes=max_bytes, max_depth=max_depth)


_LEAVES = frozenset({str, int, float, bool, type(None)})


def is_plain_json(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is made of exactly the types :func:`json.loads` returns (``dict``
    with ``str`` keys, ``list``, ``str``, ``int``, ``float``, ``bool``, ``None``; no
    subclasses, tuples or other mappings), nested at most :data:`DEFAULT_MAX_DEPTH` deep.

    For such a value, ``json.dumps(value, sort_keys=True)`` is one text per value: two values
    that write the same text are the same JSON.
    """
    kind = type(value)
    if kind is dict:
        if depth >= DEFAULT_MAX_DEPTH:
            return False
        for key, item in value.items():
            if type(key) is not str:
                return False
            if type(item) not in _LEAVES and not is_plain_json(item, depth + 1):
                return False
        return True
    if kind is list:
        if depth >= DEFAULT_MAX_DEPTH:
            return False
        for item in value:
            if type(item) not in _LEAVES and not is_plain_json(item, depth + 1):
                return False
        return True
    return kind in _LEAVES


def copy_json(value: Any) -> Any:
    """A deep copy of a JSON value (dicts, lists, and immutable leaves), several times faster
    than :func:`copy.deepcopy`; mappings become dicts and tuples become lists."""
    kind = type(value)
    # exact type checks are cheap and ABC checks are not; leaves are not recursed into
    if kind is dict:
        return {k: v if type(v) in _LEAVES else copy_json(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _LEAVES else copy_json(v) for v in value]
    if kind in _LEAVES:
        return value
    if isinstance(value, Mapping):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [copy_json(item) for item in value]
    return value


def node_id(value: Any) -> str | None:
    """The id a JSON value gives a node: the value itself when it is a string (``"issuer":
    "https://..."``), else the string ``id`` of an object, else ``None``."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def describe_json_type(value: object, *, integers: bool = True) -> str:
    """The JSON type of ``value`` for a message: "an object", "a string", "null", ...

    With ``integers`` whole numbers are "an integer" (as JSON Schema names them), otherwise
    every number is "a number".
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer" if integers else "a number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__

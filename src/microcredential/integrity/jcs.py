"""The JSON Canonicalization Scheme (RFC 8785).

Keys are sorted by their UTF-16 code units, strings are escaped as ECMAScript's
``JSON.stringify`` does, and numbers are written as ECMAScript's ``Number.prototype.toString``
writes IEEE-754 doubles.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from ..errors import InvalidDocumentError
from ..problems import Problem, json_pointer

__all__ = ["InexactNumberError", "canonicalize_json", "format_number"]

_RFC8785 = "https://www.rfc-editor.org/rfc/rfc8785#section-3.2.2.3"

_MAX_SAFE_INTEGER = 2**53
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}
_TO_ESCAPE = re.compile(r'[\x00-\x1f"\\]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _string(value: str) -> str:
    return '"' + _TO_ESCAPE.sub(_escape, value) + '"'


def _utf16_key(key: str) -> bytes:
    # a lone surrogate sorts as the code unit it is (its text is refused later, when encoded)
    return key.encode("utf-16-be", "surrogatepass")


class InexactNumberError(InvalidDocumentError):
    """A number that RFC 8785 cannot write as the value given.

    RFC 8785 writes every number as the IEEE 754 double it denotes, so an integer beyond
    2^53 that is not exactly a double (9007199254740993) would be signed as another number
    (9007199254740992); NaN and the infinities are not JSON numbers at all.  ``value`` is the
    number, ``path`` the JSON path segments to it (outermost first), and ``problems`` holds
    one ``proof.inexact-number`` problem at that path.
    """

    def __init__(self, value: int | float, path: tuple[str | int, ...] = ()) -> None:
        self.value = value
        self.path = path
        #: Why the number cannot be canonicalized (without the advice).
        self.reason, advice = _inexact(value)
        pointer = json_pointer(path)
        message = f"{self.reason}. {advice}"
        problem = Problem("proof.inexact-number", message, pointer, spec=_RFC8785)
        super().__init__(f"{pointer}: {message}" if path else message, problems=(problem,))


def _inexact(value: int | float) -> tuple[str, str]:
    """Why ``value`` cannot be canonicalized, and what to write instead."""
    if isinstance(value, float):
        return f"{value} is not a JSON number", "RFC 8785 refuses NaN and the infinities"
    if value.bit_length() <= 96:  # up to 29 digits: short enough to show in full
        shown, advice = f"the integer {value}", f'Write it as a JSON string ("{value}")'
    else:  # an estimate that needs no (possibly refused) conversion to decimal
        digits = int(value.bit_length() * 0.30103) + 1
        shown, advice = f"an integer of about {digits} digits", "Write it as a JSON string"
    try:
        nearest = f"it would be read and signed as {format_number(float(value))}, another number"
    except OverflowError:
        nearest = "it is beyond the largest double"
    reason = (
        f"{shown} is not exactly an IEEE 754 double, so RFC 8785 (JCS), which writes numbers "
        f"as doubles, cannot canonicalize it: {nearest}"
    )
    return reason, advice


def format_number(value: int | float) -> str:
    """Serialize a number as ECMAScript does (RFC 8785 §3.2.2.3).

    >>> [format_number(v) for v in (0, -0.0, 5.0, 1e21, 1e-7, 123.456, 2**53)]
    ['0', '0', '5', '1e+21', '1e-7', '123.456', '9007199254740992']
    """
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers")
    if isinstance(value, int):
        if abs(value) <= _MAX_SAFE_INTEGER:
            return str(value)
        # RFC 8785 serializes the IEEE-754 double; an integer that is not exactly one would
        # be signed as a different number than the one written, so it is refused.
        try:
            as_double = float(value)
        except OverflowError:
            as_double = math.inf
        if not math.isfinite(as_double) or int(as_double) != value:
            raise InexactNumberError(value)
        return format_number(as_double)
    if not math.isfinite(value):
        raise InexactNumberError(value)
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    text = repr(abs(value))
    mantissa, _, exponent = text.partition("e")
    integer, _, fraction = mantissa.partition(".")
    digits = integer + fraction
    point = len(integer) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        exp = f"e{'+' if e > 0 else '-'}{abs(e)}"
        out = (digits if k == 1 else f"{digits[0]}.{digits[1:]}") + exp
    return sign + out


def canonicalize_json(value: Any) -> str:
    """The RFC 8785 canonical JSON text of ``value``.

    >>> canonicalize_json({"b": [1.0, "é", None], "a": {"€": True, "$": False}})
    '{"a":{"$":false,"€":true},"b":[1,"é",null]}'
    """
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, int | float):
        out.append(format_number(value))
    elif isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise TypeError(f"object keys must be strings, not {type(key).__name__}")
        out.append("{")
        for index, key in enumerate(sorted(value, key=_utf16_key)):
            if index:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            try:
                _write(value[key], out)
            except InexactNumberError as exc:  # name the number's place, from the top down
                raise InexactNumberError(exc.value, (key, *exc.path)) from None
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            try:
                _write(item, out)
            except InexactNumberError as exc:
                raise InexactNumberError(exc.value, (index, *exc.path)) from None
        out.append("]")
    else:
        raise TypeError(f"{type(value).__name__} is not a JSON value")

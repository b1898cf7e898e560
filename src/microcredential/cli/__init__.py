"""The ``microcredential`` command-line tool: a thin shell over the library's recipes.

Exit codes: 0 success (verified, valid), 1 the input is invalid or not verified, 2 usage or
I/O error.  Errors are one line each, naming the file and the JSON path; never a traceback.
"""

from ._main import build_parser, main

__all__ = ["build_parser", "main"]

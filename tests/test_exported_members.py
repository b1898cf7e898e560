"""The public surface: ``__all__`` is sorted, complete and importable; importing is cheap."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import microcredential


def test_all_is_sorted_and_unique() -> None:
    names = [n for n in microcredential.__all__ if n != "__version__"]
    assert names == sorted(names, key=lambda n: (n[0].islower(), n))
    assert len(set(microcredential.__all__)) == len(microcredential.__all__)


def test_every_exported_name_resolves() -> None:
    for name in microcredential.__all__:
        assert getattr(microcredential, name) is not None, name


def test_lazy_table_and_all_agree() -> None:
    eager = {"__version__", "Problem", "Severity"} | {
        n for n in microcredential.__all__ if n.endswith("Error")
    }
    assert set(microcredential._LAZY) == set(microcredential.__all__) - eager
    assert set(microcredential.__all__) <= set(dir(microcredential))


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        microcredential.no_such_thing  # noqa: B018


def test_exceptions_share_one_root() -> None:
    for name in microcredential.__all__:
        value = getattr(microcredential, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, microcredential.MicrocredentialError), name


def test_importing_the_package_loads_no_heavy_dependency() -> None:
    code = (
        "import sys, json, microcredential; "
        "print(json.dumps(sorted(m for m in ('pyld', 'cryptography', 'jsonschema', 'pydantic') "
        "if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []

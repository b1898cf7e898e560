"""The public surface of ``microcredential.models`` and what importing it pulls in.

How long parsing takes is measured by ``bench/bench_models.py``, not asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import microcredential.models as models


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions.
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_complete() -> None:
    assert models.__all__ == sorted(set(models.__all__), key=_isort_key)
    modules = {"achievement", "common", "credential", "presentation", "profile", "proof"}
    public = {
        name
        for name, value in vars(models).items()
        if not name.startswith("_")
        and name not in modules
        and getattr(value, "__module__", "").startswith(models.__name__)
    }
    assert public <= set(models.__all__)
    for name in models.__all__:
        assert hasattr(models, name), name


def test_achievement_credential_is_the_same_class() -> None:
    assert models.AchievementCredential is models.OpenBadgeCredential


def test_importing_models_pulls_in_no_heavy_dependencies() -> None:
    code = (
        "import sys, json, microcredential.models; "
        "print(json.dumps(sorted(m for m in ('pyld', 'cryptography', 'jsonschema', 'hypothesis')"
        " if m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert json.loads(out) == []

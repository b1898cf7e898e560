"""Fuzz roster parsing through ``issue_cohort`` and ``issue-cohort``: no row stops the others.

Rosters are drawn as CSV text: a header of accepted (and unknown) column names in any order,
with ``;``, ``,`` or a tab, with or without a byte-order mark, then rows whose cells are
hostile (numbers with huge exponents, dates at the ends of the calendar, separators and
quotes and line breaks inside cells, formulas, control characters) or sometimes bytes that are
not UTF-8. ``issue_cohort`` must return its report, or raise the documented error for an
unreadable roster; every row is issued or skipped with its reason.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import microcredential as mc
from fuzz.fuzzing import KEY, fuzz_settings
from microcredential.cli import main
from microcredential.quality import GradingScheme, IssuerInfo, build_achievement, example_profile
from support import ROOT

ISSUER = IssuerInfo(id=KEY.controller, name="Hogeschool Voorbeeld", country_code="NL")
# Graded, so that a roster's grade column is read row by row (not refused up front).
GRADING = GradingScheme("Grade 1 to 10", value_min="1", value_max="10", required_value="5.5")
ACHIEVEMENT = build_achievement(
    dataclasses.replace(example_profile(), grading=GRADING), id="https://hs.example/mc/ux"
)
NOW = dt.datetime(2026, 2, 15, tzinfo=dt.UTC)
EXAMPLE_ACHIEVEMENT = ROOT / "examples" / "achievement-nl.json"

HEADERS = (
    "E-mail", "email", "recipient", "did", "Naam", "name", "Cijfer", "grade", "Studiepunten",
    "credits", "Startdatum", "start", "Einddatum", "end date", "Bewijs", "evidence", "notes",
    "E MAIL", "",
)  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(
        [
            "anna@student.example.nl", "did:example:chloe", "urn:uuid:1", "https://x.example/p",
            "bram(at)student.example.nl", "Anna de Vries", "7,5", "7.5", "10", "-1", "0",
            "1E+99999999", "1e400", "NaN", "inf", "9" * 5000, "31-01-2026", "2026-01-31",
            "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59Z", "31/02/2026", "00-00-0000",
            "=HYPERLINK(\"x\")", "a;b", "a,b", 'a"b', "line\nbreak", "\x00", "\u202e", "é" * 300,
            "",
        ]
    ),
    st.text(max_size=20),
)  # fmt: skip


@st.composite
def rosters(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 15)) == 0:
        return draw(st.binary(max_size=200))
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6))
    rows = draw(
        st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), min_size=0, max_size=5)
    )
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text.encode("utf-8", "surrogatepass")


def _issue(roster: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.csv"
        path.write_bytes(roster)
        report = None
        try:
            report = mc.issue_cohort(
                ACHIEVEMENT,
                path,
                KEY,
                out_dir=Path(folder) / "out",
                issuer=ISSUER,
                now=NOW,
                workers=1,
                durable=False,
            )
        except mc.MicrocredentialError as exc:
            error = exc
        else:
            error = None
        if error is not None:
            assert error.message
            return
        assert isinstance(report, mc.CohortReport)
        assert all(
            skipped.code.startswith("cohort.") or "." in skipped.code for skipped in report.skipped
        )
        assert report.summary()


@fuzz_settings(0.6)
@given(rosters())
def test_issue_cohort(roster: bytes) -> None:
    _issue(roster)


@pytest.mark.parametrize(
    "cell", ["1E+99999999", "0001-01-01T00:00:00+14:00", "9" * 5000, "1e400", "\x00"]
)
def test_one_hostile_cell_never_stops_the_other_rows(cell: str) -> None:
    roster = (
        "E-mail;Naam;Cijfer;Studiepunten;Einddatum\n"
        f"anna@student.example.nl;Anna;;{cell};{cell}\n"
        "bram@student.example.nl;Bram;;;31-01-2026\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.csv"
        path.write_text(roster, encoding="utf-8")
        report = mc.issue_cohort(
            ACHIEVEMENT, path, KEY, out_dir=Path(folder) / "out", issuer=ISSUER, now=NOW,
            workers=1, durable=False,
        )  # fmt: skip
        assert report.issued >= 1
        assert [s.line for s in report.skipped] == [2]
        # As a grade, the cell is one the scheme cannot award: the roster is refused, naming
        # the line and column, and nothing is issued.
        path.write_text(roster.replace("Anna;;", f"Anna;{cell};"), encoding="utf-8")
        with pytest.raises(mc.InvalidDocumentError, match=r"roster\.csv:2:3: "):
            mc.issue_cohort(
                ACHIEVEMENT, path, KEY, out_dir=Path(folder) / "out2", issuer=ISSUER, now=NOW,
                workers=1, durable=False,
            )  # fmt: skip
        assert not (Path(folder) / "out2").exists()


@fuzz_settings(0.2)
@given(rosters())
def test_issue_cohort_command(roster: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "roster.csv").write_bytes(roster)
        KEY.save(base / "key.json")
        achievement = json.loads(EXAMPLE_ACHIEVEMENT.read_text(encoding="utf-8"))
        achievement["credential"]["issuer"]["id"] = KEY.controller
        (base / "achievement.json").write_text(json.dumps(achievement), encoding="utf-8")
        code = main(
            [
                "issue-cohort", "--achievement", str(base / "achievement.json"),
                "--roster", str(base / "roster.csv"), "--key", str(base / "key.json"),
                "--output-dir", str(base / "out"), "--workers", "1",
            ]
        )  # fmt: skip
        assert code in (0, 1, 2)

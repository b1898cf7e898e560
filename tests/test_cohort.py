"""Cohort issuance: every roster row accounted for, idempotent re-runs, safe resumption."""

from __future__ import annotations

import base64
import copy
import csv
import datetime as dt
import functools
import json
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcredential import sign, verify
from microcredential.cohort import (
    LEDGER_NAME,
    MANIFEST_NAME,
    PARALLEL_MIN_ROWS,
    CohortProgress,
    CohortReport,
    check_roster,
    issue_cohort,
    load_achievement,
    row_key,
    safe_file_name,
)
from microcredential.errors import CohortChangedError, InvalidDocumentError, SigningError
from microcredential.integrity import verify_proofs
from microcredential.keys import EcdsaKey, Ed25519Key, RsaKey, load_key
from microcredential.quality import IssuerInfo
from microcredential.status import IssuerStatusList
from support import state_with_free

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NOW = dt.datetime(2026, 2, 15, 12, 0, tzinfo=dt.UTC)
KEY = Ed25519Key.from_seed(bytes(range(32)))
ISSUER = IssuerInfo(id=KEY.controller, name="Hogeschool Voorbeeld", country_code="NL")
HEADER = "email,name,grade,credits,start,end,evidence"


def achievement() -> dict[str, Any]:
    return load_achievement(EXAMPLES / "achievement-nl.json")


def good_row(i: int) -> str:
    return f"learner{i}@student.example.nl,Learner {i},7.5,5,2025-09-01,2026-01-31,"


def write_roster(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def issue(roster: Path, out: Path, **options: Any) -> CohortReport:
    options.setdefault("issuer", ISSUER)
    options.setdefault("now", NOW)
    return issue_cohort(achievement(), roster, KEY, out_dir=out, **options)


def credential_files(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*.json") if p.name != MANIFEST_NAME)


def allocations(out: Path) -> dict[str, dict[str, Any]]:
    """Row key -> what the folder's ledger records for it."""
    lines = (out / LEDGER_NAME).read_text(encoding="utf-8").splitlines()
    return {d["key"]: d for d in map(json.loads, lines) if "key" in d}


def assert_all_verify(out: Path, report: CohortReport) -> None:
    """Every credential file belongs to an entry, parses and verifies."""
    files = credential_files(out)
    assert [out / e.file for e in sorted(report.entries, key=lambda e: e.file)] == files
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        result = verify_proofs(document, now=NOW)
        assert result.ok, (path.name, result.problems)


# -- a large cohort (shared by several tests) ---------------------------------------------------

BAD_ROWS = {  # roster index -> the reason expected
    7: ("learner7(at)student.example.nl,L 7,7,5,2025-09-01,2026-01-31,", "cohort.recipient"),
    99: ("learner99@,L 99,7,5,2025-09-01,2026-01-31,", "cohort.recipient"),
    150: ("learner150@student.example.nl,L,7,5,2025-13-45,2026-01-31,", "cohort.date"),
    233: ("learner233@student.example.nl,L,7,5,2025-09-01,tomorrow,", "cohort.date"),
    301: ("learner301@student.example.nl,L,7,5,2026-01-31,2025-09-01,", "cohort.dates"),
    420: ("learner420@student.example.nl,L,7,5,2025-09-01,2026-03-01,", "cohort.dates"),
    512: ("learner512@student.example.nl,L,7,6,2025-09-01,2026-01-31,", "cohort.credits"),
    640: ("learner640@student.example.nl,L,7,5,2025-09-01,2026-01-31,ftp://x", "cohort.evidence"),
    777: ("learner777@student.example.nl,L,4.5,5,2025-09-01,2026-01-31,", "cohort.grade"),
    901: ("LEARNER5@Student.Example.NL,Dup,7,5,2025-09-01,2026-01-31,", "cohort.duplicate"),
}


@pytest.fixture(scope="module")
def big_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CohortReport]:
    base = tmp_path_factory.mktemp("cohort")
    rows = [BAD_ROWS[i][0] if i in BAD_ROWS else good_row(i) for i in range(1000)]
    roster = write_roster(base / "roster.csv", rows)
    out = base / "out"
    return out, issue(roster, out, workers=2)


def test_a_thousand_rows_with_ten_bad_ones(big_run: tuple[Path, CohortReport]) -> None:
    out, report = big_run
    assert report.total == 1000
    assert report.issued == 990
    assert report.present == 0
    assert report.workers == 2
    assert report.ok
    # line numbers: the header is line 1, roster index i is line i + 2
    assert [(s.line, s.code) for s in report.skipped] == [
        (i + 2, code) for i, (_, code) in sorted(BAD_ROWS.items())
    ]
    assert "line 7" in next(s.reason for s in report.skipped if s.line == 903)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["complete"] is True
    assert manifest["summary"]["issued"] == 990
    assert [r["line"] for r in manifest["rows"]] == list(range(2, 1002))
    assert {r["line"] for r in manifest["rows"] if r["status"] == "skipped"} == {
        i + 2 for i in BAD_ROWS
    }
    assert len(credential_files(out)) == 990


def test_cells_repeated_over_rows_are_judged_alike_on_every_row(tmp_path: Path) -> None:
    """A roster repeats a few grades, credits and dates; each row still gets its own verdict
    (the checker remembers them), whichever comes first."""
    cells = [
        ("7.5", "5", "2025-09-01", "2026-01-31", None),
        ("4.5", "5", "2025-09-01", "2026-01-31", "cohort.grade"),
        ("7.5", "6", "2025-09-01", "2026-01-31", "cohort.credits"),
        ("7.5", "5", "2026-01-31", "2025-09-01", "cohort.dates"),
        ("7.5", "5", "2025-09-01", "2026-03-01", "cohort.dates"),
        ("8", "2.5", "2025-09-01", "", None),
    ]
    rows = [
        f"learner{i}@student.example.nl,L {i},{grade},{credits},{start},{end},"
        for i, (grade, credits, start, end, _) in enumerate(cells * 3)
    ]
    report = issue(write_roster(tmp_path / "r.csv", rows), tmp_path / "out", workers=1)
    expected = [(i + 2, c[4]) for i, c in enumerate(cells * 3) if c[4] is not None]
    assert [(s.line, s.code) for s in report.skipped] == expected
    reasons = {s.line: s.reason for s in report.skipped}
    for line, _ in expected:  # the same reason for the same cells, row after row
        assert reasons[line] == reasons[(line - 2) % len(cells) + 2]
    assert "2026-03-01" in reasons[6]
    assert report.issued == 6
    credits = sorted(
        json.loads((tmp_path / "out" / e.file).read_text())["credentialSubject"]["creditsEarned"]
        for e in report.entries
    )
    assert credits == [2.5, 2.5, 2.5, 5, 5, 5]


def test_rows_and_outcomes_travel_to_workers_whole_and_small() -> None:
    """Batches are pickled as the fields of their rows and outcomes, every field kept."""
    from microcredential.cohort._rows import Row
    from microcredential.cohort._writer import Outcome

    row = Row(
        line=7,
        key="urn:uuid:5e4b51e8-0a57-4f2f-b9b0-000000000001",
        recipient="learner@student.example.nl",
        is_email=True,
        name="Zoë",
        grade="7.5",
        credits=2.5,
        start="2025-09-01T00:00:00Z",
        end=None,
        evidence="https://hs.example/e/7",
        credential_id="urn:uuid:5e4b51e8-0a57-4f2f-b9b0-000000000002",
        file="5e4b51e8-0a57-4f2f-b9b0-000000000002.json",
        status_entry={"id": "https://hs.example/status/1#7", "statusListIndex": "7"},
        fresh=True,
    )
    outcome = Outcome(7, "skipped", row.credential_id, row.file, "", "cohort.build", "why")
    for value in (row, outcome):
        assert pickle.loads(pickle.dumps(value)) == value
        # rebuilt by one call of the constructor, not field by field (three times the cost)
        assert value.__reduce__()[0] is type(value)
    assert pickle.loads(pickle.dumps(row)).status_entry == row.status_entry


def test_every_issued_credential_is_intact_and_verifies(
    big_run: tuple[Path, CohortReport],
) -> None:
    out, report = big_run
    ach = achievement()
    for entry in report.entries:
        data = (out / entry.file).read_bytes()
        document = json.loads(data)
        assert document["id"] == entry.credential_id
        assert entry.file == safe_file_name(entry.credential_id)
        assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
        assert document["credentialSubject"]["achievement"]["id"] == ach["id"]
    ledger = allocations(out)
    recipient = f"learner{5}@student.example.nl"
    given = ledger[row_key(ach["id"], recipient)]["credential"]
    assert any(e.credential_id == given for e in report.entries)
    assert len({e.credential_id for e in report.entries}) == 990
    assert not set(ledger) & {e.credential_id for e in report.entries}  # ids are not row keys
    assert_all_verify(out, report)


def _plainly_signed(entry: Any, cells: list[str], salt: str | None) -> bytes:
    """What the plain path makes of a roster row: build_credential, check_quality,
    add_proof_unchecked, JSON."""
    from microcredential.integrity import add_proof_unchecked
    from microcredential.quality import (
        EmailRecipient,
        build_achievement,
        build_credential,
        check_quality,
        parse_input,
    )

    spec = parse_input(achievement(), issuer_id=KEY.controller)
    built = build_achievement(spec.profile, id=spec.id, encoding=spec.encoding)
    email, name, grade, credits, start, end, evidence = cells
    recipient: Any = EmailRecipient(email.lower(), salt=salt) if "@" in email else email
    unsigned = build_credential(
        built,
        recipient=recipient,
        issuer=ISSUER,
        valid_from=NOW,
        id=entry.credential_id,
        learner_name=name or None,
        grade=grade or None,
    )
    subject = unsigned["credentialSubject"]
    if credits:
        subject["creditsEarned"] = float(credits) if "." in credits else int(credits)
    if start:
        subject["activityStartDate"] = start + "T00:00:00Z"
    if end:
        subject["activityEndDate"] = end + "T00:00:00Z"
    if evidence:
        unsigned["evidence"] = [{"id": evidence, "type": ["Evidence"]}]
    assert check_quality(unsigned, now=NOW).ok
    signed = add_proof_unchecked(unsigned, KEY, created=NOW)
    return (json.dumps(signed, ensure_ascii=False) + "\n").encode("utf-8")


@pytest.mark.parametrize("workers", [1, 2])
def test_issued_files_are_byte_for_byte_those_of_the_plain_path(
    tmp_path: Path, workers: int
) -> None:
    """The cohort builds the shared part of its credentials once and runs the achievement's
    quality rules once; its files are still exactly what the plain path gives."""
    rows = [
        f"learner{i}@student.example.nl,Learner {i},7.5,5,2025-09-01,2026-01-31,"
        if i % 3 == 0
        else f"did:example:learner-{i},,{'8.5' if i % 2 else ''},{'2.5' if i % 2 else ''},"
        f",2026-01-{10 + i % 20},https://hs.example/e/{i}"
        for i in range(PARALLEL_MIN_ROWS + 2)
    ]
    rows[1] = "Zoë.van.der.Berg@Student.Example.NL,Zoë van der Berg,10,5,,,"
    report = issue(write_roster(tmp_path / "r.csv", rows), tmp_path / "out", workers=workers)
    assert report.skipped == ()
    assert report.workers == workers
    for entry in report.entries:
        data = (tmp_path / "out" / entry.file).read_bytes()
        identifiers = json.loads(data)["credentialSubject"].get("identifier", [])
        salt = next((i["salt"] for i in identifiers if "salt" in i), None)
        cells = next(csv.reader([rows[entry.line - 2]]))
        assert data == _plainly_signed(entry, cells, salt), entry.line


def test_rerun_issues_nothing_new(big_run: tuple[Path, CohortReport]) -> None:
    out, first = big_run
    before = {p.name: p.read_bytes() for p in credential_files(out)}
    again = issue(out.parent / "roster.csv", out, workers=2)
    assert (again.issued, again.present, len(again.skipped)) == (0, 990, 10)
    assert {p.name: p.read_bytes() for p in credential_files(out)} == before
    assert [e.credential_id for e in again.entries] == [e.credential_id for e in first.entries]


# -- interruption and resumption --------------------------------------------------------------


class Stop:
    """A progress callback that interrupts the run after ``after`` rows."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.seen = 0

    def __call__(self, event: CohortProgress) -> None:
        self.seen = event.done
        if event.done >= self.after:
            raise KeyboardInterrupt


@pytest.mark.parametrize(("rows", "workers"), [(60, 2), (12, 1)])
def test_interrupted_run_resumes_without_duplicates(
    tmp_path: Path, rows: int, workers: int
) -> None:
    roster = write_roster(tmp_path / "roster.csv", [good_row(i) for i in range(rows)])
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        issue(roster, out, workers=workers, progress=Stop(rows // 3), chunk_size=4)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["complete"] is False
    assert 0 < manifest["summary"]["issued"] < rows
    assert manifest["summary"]["pending"] == rows - len(manifest["rows"])
    written = len(credential_files(out))
    assert manifest["summary"]["issued"] <= written < rows
    assert not list(out.glob(".mc-tmp-*"))

    resumed = issue(roster, out, workers=workers)
    assert resumed.ok
    assert resumed.present == written
    assert resumed.issued == rows - written
    assert len({e.credential_id for e in resumed.entries}) == rows
    assert_all_verify(out, resumed)


@pytest.mark.parametrize("keep_manifest", [True, False])
def test_truncated_file_and_leftover_temp_file_are_repaired(
    tmp_path: Path, keep_manifest: bool
) -> None:
    roster = write_roster(tmp_path / "roster.csv", [good_row(i) for i in range(8)])
    out = tmp_path / "out"
    first = issue(roster, out)
    assert first.issued == 8
    damaged = out / first.entries[3].file
    damaged.write_bytes(damaged.read_bytes()[:500])
    leftover = out / ".mc-tmp-k2j3h4.tmp"
    leftover.write_text('{"half": ', encoding="utf-8")
    if not keep_manifest:  # as if killed before the manifest was written
        (out / MANIFEST_NAME).unlink()
    again = issue(roster, out)
    assert (again.issued, again.present) == (1, 7)
    assert next(e for e in again.entries if e.status == "issued").file == damaged.name
    assert not leftover.exists()
    assert_all_verify(out, again)


@pytest.mark.parametrize("format", ["data-integrity", "jwt"])
@pytest.mark.parametrize("key_named", [["did:example:a"], {"id": "did:example:a"}])
def test_a_file_naming_its_key_by_an_array_or_object_is_issued_again(
    tmp_path: Path, format: str, key_named: Any
) -> None:
    """A credential file of the folder whose proof's ``verificationMethod`` (or token's
    ``kid``) was an array or an object stopped the whole run with a ``TypeError``."""
    roster = write_roster(tmp_path / "roster.csv", [good_row(i) for i in range(3)])
    out = tmp_path / "out"
    first = issue(roster, out, format=format)
    damaged = out / first.entries[1].file
    if format == "jwt":
        header, payload, signature = damaged.read_text().strip().split(".")
        named = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
        named["kid"] = key_named
        header = base64.urlsafe_b64encode(json.dumps(named).encode()).decode().rstrip("=")
        damaged.write_text(f"{header}.{payload}.{signature}\n")
    else:
        document = json.loads(damaged.read_text())
        document["proof"]["verificationMethod"] = key_named
        damaged.write_text(json.dumps(document))
    (out / MANIFEST_NAME).unlink()
    again = issue(roster, out, format=format)
    assert (again.issued, again.present, again.skipped) == (1, 2, [])
    assert next(e for e in again.entries if e.status == "issued").file == damaged.name
    if format == "jwt":
        assert verify(damaged.read_text().strip(), now=NOW).ok
    else:
        assert_all_verify(out, again)


def test_a_folder_of_another_issuer_is_refused_and_kept(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "roster.csv", [good_row(i) for i in range(3)])
    other = Ed25519Key.from_seed(bytes(32))
    issue_cohort(
        achievement(),
        roster,
        other,
        out_dir=tmp_path / "out",
        issuer=IssuerInfo(id=other.controller, name="Other", country_code="NL"),
        now=NOW,
    )
    (tmp_path / "out" / MANIFEST_NAME).unlink()
    before = {p.name: p.read_bytes() for p in credential_files(tmp_path / "out")}
    with pytest.raises(CohortChangedError, match="the issuer is") as changed:
        issue(roster, tmp_path / "out")
    assert "new folder" in str(changed.value)
    assert "revoke" in str(changed.value)
    assert {p.name: p.read_bytes() for p in credential_files(tmp_path / "out")} == before


# -- the roster format ------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("separator", [";", ","])
def test_bom_separators_and_aliases(tmp_path: Path, bom: bool, separator: str) -> None:
    header = separator.join(["E-Mail", "Naam", "Cijfer", "EC", "Start Date", "Einddatum", "Notes"])

    def comma(value: str) -> str:  # a decimal comma needs quotes in a comma-separated file
        return f'"{value}"' if separator == "," else value

    rows = [
        separator.join(["a@student.example.nl", "Anna Jansen", comma("7,5"), "5", "01-09-2025",
                        "31-01-2026", "x"]),
        separator.join(["did:example:bart", "Bart", "8", comma("2,5"), "2025-09-01",
                        "2026-01-31", ""]),
        separator.join(["c@student.example.nl", "Cas", "6", "5", "2025-09-01", "31/02/2026", ""]),
    ]  # fmt: skip
    text = "\r\n".join([header, *rows]) + "\r\n"
    roster = tmp_path / "roster.csv"
    roster.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    report = issue(roster, tmp_path / "out")
    assert report.columns == {
        "E-Mail": "recipient",
        "Naam": "name",
        "Cijfer": "grade",
        "EC": "credits",
        "Start Date": "start",
        "Einddatum": "end",
    }
    assert report.ignored_columns == ("Notes",)
    assert report.issued == 2
    assert [(s.line, s.code) for s in report.skipped] == [(4, "cohort.date")]
    assert "31/02/2026" in report.skipped[0].reason
    anna = json.loads((tmp_path / "out" / report.entries[0].file).read_text(encoding="utf-8"))
    subject = anna["credentialSubject"]
    assert subject["result"][0]["value"] == "7.5"
    assert subject["activityStartDate"] == "2025-09-01T00:00:00Z"
    assert subject["creditsEarned"] == 5
    bart = json.loads((tmp_path / "out" / report.entries[1].file).read_text(encoding="utf-8"))
    assert bart["credentialSubject"]["id"] == "did:example:bart"
    assert bart["credentialSubject"]["creditsEarned"] == 2.5


def test_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    rows = [
        'a@student.example.nl,"Anna\nJansen",7,5,2025-09-01,2026-01-31,',
        "",
        "b@student.example.nl,Bob,7,5,2025-09-01,2026-31-01,",
        "c@student.example.nl,Cas,7,5,2025-09-01,2026-01-31,https://x.example/a,extra",
    ]
    report = issue(write_roster(tmp_path / "r.csv", rows), tmp_path / "out")
    assert [(s.line, s.code) for s in report.skipped] == [(5, "cohort.date"), (6, "cohort.fields")]
    assert report.entries[0].line == 2


@pytest.mark.parametrize(
    "start",
    [
        "0001-01-01T00:00:00+14:00",  # a valid date-time whose instant in UTC is before year 1
        "2025-09-01T24:00:00.5Z",
        "\u0662\u0660\u0662\u0665-09-01",  # Arabic-Indic digits
    ],
)
def test_a_date_beyond_the_calendar_skips_only_its_row(tmp_path: Path, start: str) -> None:
    rows = [f"a@student.example.nl,Anna,7,5,{start},2026-01-31,", good_row(1)]
    report = issue(write_roster(tmp_path / "r.csv", rows), tmp_path / "out")
    assert [(s.line, s.code) for s in report.skipped] == [(2, "cohort.date")]
    assert "start date" in report.skipped[0].reason
    assert report.issued == 1


def test_evidence_and_status_list(tmp_path: Path) -> None:
    rows = [good_row(0) + "https://portfolio.example/0", good_row(1)]
    state = IssuerStatusList.create("https://hs.example/status/1")
    state_file = tmp_path / "status.json"
    state_file.write_text(json.dumps(state.to_json()), encoding="utf-8")
    report = issue(write_roster(tmp_path / "r.csv", rows), tmp_path / "out", status_list=state_file)
    saved = IssuerStatusList.from_json(json.loads(state_file.read_text(encoding="utf-8")))
    assert len(saved.allocated) == 2
    documents = [
        json.loads((tmp_path / "out" / e.file).read_text(encoding="utf-8")) for e in report.entries
    ]
    assert documents[0]["evidence"] == [{"id": "https://portfolio.example/0", "type": ["Evidence"]}]
    assert {int(d["credentialStatus"]["statusListIndex"]) for d in documents} == saved.allocated
    assert_all_verify(tmp_path / "out", report)


def test_inputs_are_not_mutated_and_no_secret_is_written(tmp_path: Path) -> None:
    ach = achievement()
    before = copy.deepcopy(ach)
    roster = write_roster(tmp_path / "r.csv", [good_row(0)])
    issue_cohort(ach, roster, KEY, out_dir=tmp_path / "out", issuer=ISSUER, now=NOW)
    assert ach == before
    secret = KEY.secret_key_multibase()
    for path in (tmp_path / "out").iterdir():
        assert secret not in path.read_text(encoding="utf-8")


# -- refusing to start --------------------------------------------------------------------------


def test_roster_without_recipient_column(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", ["Anna,7"], header="naam,cijfer")
    with pytest.raises(InvalidDocumentError, match=r"r\.csv: line 1: no recipient column"):
        issue(roster, tmp_path / "out")


def names_in(out: Path) -> list[str]:
    names = []
    for path in credential_files(out):
        subject = json.loads(path.read_text(encoding="utf-8"))["credentialSubject"]
        names += [i["identityHash"] for i in subject["identifier"] if i["identityType"] == "name"]
    return sorted(names)


def test_a_windows_1252_roster_from_dutch_excel_is_read(tmp_path: Path) -> None:
    # Excel's "CSV (gescheiden door lijstscheidingsteken)": ';' and Windows-1252, CRLF.
    text = "E-mail;Voornaam;Tussenvoegsel;Achternaam\r\nzoe@b.nl;Zoë;van der;Berg\r\n"
    text += "jose@b.nl;José;;Ruíz\r\nbea@b.nl;Beatriz;;\r\n"
    roster = tmp_path / "r.csv"
    roster.write_bytes(text.encode("cp1252"))
    report = issue(roster, tmp_path / "out")
    assert report.roster_encoding == "windows-1252"
    assert report.issued == 3
    assert names_in(tmp_path / "out") == ["Beatriz", "José Ruíz", "Zoë van der Berg"]
    assert report.ignored_columns == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"email;naam\na@b.nl;Zo\xc3\xab\nb@b.nl;Zo\xeb\n", "line 3: not one encoding: line 2 is"),
        (b"email;naam\na@b.nl;Zo\xeb\nb@b.nl;\x81\n", "line 3: neither UTF-8 nor Windows-1252"),
    ],
)
def test_a_roster_in_no_one_encoding_is_refused_with_the_line(
    tmp_path: Path, data: bytes, message: str
) -> None:
    roster = tmp_path / "r.csv"
    roster.write_bytes(data)
    with pytest.raises(InvalidDocumentError, match=message):
        issue(roster, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_full_name_column_wins_over_name_parts(tmp_path: Path) -> None:
    roster = write_roster(
        tmp_path / "r.csv", ["a@b.nl,Anna de Wit,Anna,de,Wit"],
        header="email,naam,voornaam,tussenvoegsel,achternaam",
    )  # fmt: skip
    report = issue(roster, tmp_path / "out")
    assert names_in(tmp_path / "out") == ["Anna de Wit"]
    assert report.ignored_columns == ("voornaam", "tussenvoegsel", "achternaam")


def test_a_roster_without_rows_is_refused(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", ["", " ; "], header="email;naam")
    with pytest.raises(InvalidDocumentError, match=r"line 2: the roster has a header but no rows"):
        issue(roster, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_grades_without_a_grading_scheme_are_refused_before_the_first_row(
    tmp_path: Path,
) -> None:
    ungraded = achievement()
    del ungraded["grading"]
    roster = write_roster(tmp_path / "r.csv", [good_row(1), "x@b.nl,X,,5,,,"])
    with pytest.raises(InvalidDocumentError, match="column 'grade' holds grades, but the achieve"):
        issue_cohort(ungraded, roster, KEY, out_dir=tmp_path / "out", issuer=ISSUER, now=NOW)
    assert not (tmp_path / "out").exists()
    roster = write_roster(tmp_path / "r.csv", ["x@b.nl,X,,5,,,"])  # the column, but no grade
    report = issue_cohort(ungraded, roster, KEY, out_dir=tmp_path / "out", issuer=ISSUER, now=NOW)
    assert report.issued == 1


def test_grades_the_scheme_cannot_award_refuse_the_roster_with_every_problem(
    tmp_path: Path,
) -> None:
    rows = [
        good_row(1),
        "learner2@student.example.nl,L 2,75,5,2025-09-01,2026-01-31,",  # 1..10: a 100 scale?
        "learner3(at)student.example.nl,L 3,7,5,2025-09-01,2026-01-31,",
        "learner4@student.example.nl,L 4,goed,5,2025-09-01,2026-01-31,",
        "learner5@student.example.nl,L 5,4.5,5,2025-09-01,2026-01-31,",  # below the pass mark
        "LEARNER1@student.example.nl,L 1,7,5,2025-09-01,2026-01-31,",
    ]
    roster = write_roster(tmp_path / "r.csv", rows)
    with pytest.raises(InvalidDocumentError) as caught:
        issue(roster, tmp_path / "out")
    message = caught.value.message
    assert message.startswith(
        f"{roster}: 2 grade(s) the achievement's grading scheme cannot award (1..10, pass mark "
        "5.5): nothing was issued."
    )
    listed = [line.strip() for line in message.splitlines()[1:]]
    assert listed == [
        f"{roster}:3:3: grade 75 is outside the scheme 1..10 [cohort.grade]",
        f"{roster}:4:1: the recipient is neither a valid e-mail address nor a DID / IRI "
        "[cohort.recipient]",
        f"{roster}:5:3: grade 'goed' is not a number [cohort.grade]",
        f"{roster}:6:3: grade 4.5 is below the pass mark 5.5; a credential is awarded for a "
        "passing grade only [cohort.grade]",
        f"{roster}:7:1: the same recipient as line 2: one credential per learner per "
        "achievement [cohort.duplicate]",
    ]
    assert [p.message for p in caught.value.problems][:2] == [
        "line 3, column 3: grade 75 is outside the scheme 1..10",
        "line 4, column 1: the recipient is neither a valid e-mail address nor a DID / IRI",
    ]
    assert not (tmp_path / "out").exists()


def test_a_failing_grade_skips_its_row_only(tmp_path: Path) -> None:
    rows = [good_row(1), "learner5@student.example.nl,L 5,4.5,5,2025-09-01,2026-01-31,"]
    report = issue(write_roster(tmp_path / "r.csv", rows), tmp_path / "out")
    assert report.issued == 1
    assert [(s.line, s.code) for s in report.skipped] == [(3, "cohort.grade")]


def test_two_columns_for_one_field(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", ["a@b.nl,c@d.nl"], header="email,e-mail")
    with pytest.raises(InvalidDocumentError, match="'email' and 'e-mail' both"):
        issue(roster, tmp_path / "out")


def test_issuer_must_control_the_key(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(0)])
    with pytest.raises(SigningError, match="signing key belongs to") as refused:
        issue_cohort(achievement(), roster, KEY, out_dir=tmp_path / "out", now=NOW)
    # The same rule as sign's, in the same words: one check for every path that signs.
    issuer = achievement()["credential"]["issuer"]["id"]
    with pytest.raises(SigningError) as by_sign:
        sign({"issuer": {"id": issuer, "type": ["Profile"]}}, KEY)
    assert str(refused.value) == str(by_sign.value)


# -- the example script -----------------------------------------------------------------------


def test_example_script_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "issue_cohort.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "issued 9" in done.stdout
    assert "skipped 3" in done.stdout
    assert "verified 9 of 9" in done.stdout


def test_group_commit_syncs_once_per_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import microcredential.cohort._writer as cohort_writer

    calls: list[int] = []
    monkeypatch.setattr(cohort_writer, "sync_files", lambda files: calls.append(len(list(files))))
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(40)])
    report = issue(roster, tmp_path / "out", workers=1, chunk_size=16)
    assert report.issued == 40
    assert calls == [16, 16, 8]
    assert_all_verify(tmp_path / "out", report)
    nothing = issue(roster, tmp_path / "out", workers=1, chunk_size=16, durable=False)
    assert nothing.issued == 0


@pytest.mark.parametrize("named", [False, True], ids=["unnamed files", "named temporaries"])
def test_a_failing_batch_leaves_no_temporary_or_partial_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: bool
) -> None:
    import microcredential._files as files
    import microcredential.cohort._writer as cohort_writer

    if named:  # as on a platform or file system without O_TMPFILE
        monkeypatch.setattr(files, "_TMPFILE", 0)

    def disk_full(files: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cohort_writer, "sync_files", disk_full)
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(10)])
    with pytest.raises(OSError, match="No space"):
        issue(roster, tmp_path / "out", workers=1, chunk_size=5)
    leftovers = [p.name for p in (tmp_path / "out").iterdir() if p.name != MANIFEST_NAME]
    assert all(not name.endswith(".tmp") for name in leftovers), leftovers
    assert credential_files(tmp_path / "out") == []
    monkeypatch.setattr(cohort_writer, "sync_files", files.sync_files)
    report = issue(roster, tmp_path / "out", workers=1, chunk_size=5)
    assert report.issued == 10
    assert_all_verify(tmp_path / "out", report)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


# -- hostile output folders and rosters (each of these once misbehaved) ----------------------


def test_a_forged_file_with_a_matching_manifest_hash_is_reissued(tmp_path: Path) -> None:
    import hashlib

    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(3)])
    out = tmp_path / "out"
    first = issue(roster, out, workers=1)
    target = out / first.entries[0].file
    forged = json.loads(target.read_text())
    forged["name"] = "FORGED"
    data = (json.dumps(forged) + "\n").encode()
    target.write_bytes(data)
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    for row in manifest["rows"]:
        if row.get("credential") == first.entries[0].credential_id:
            row["sha256"] = hashlib.sha256(data).hexdigest()
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))
    again = issue(roster, out, workers=1)
    assert again.issued == 1
    assert json.loads(target.read_text())["name"] != "FORGED"
    assert_all_verify(out, again)


def test_a_symlinked_credential_file_is_replaced_by_a_regular_file(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(0)])
    out = tmp_path / "out"
    first = issue(roster, out, workers=1)
    target = out / first.entries[0].file
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(elsewhere)
    again = issue(roster, out, workers=1)
    assert again.issued == 1
    assert not target.is_symlink()


@pytest.mark.parametrize("kind", ["link", "dangling link", "folder"])
def test_a_lock_file_that_is_not_a_file_is_refused(tmp_path: Path, kind: str) -> None:
    from microcredential.errors import MicrocredentialError

    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside"
    lock = out / ".issue-cohort.lock"
    if kind == "folder":
        lock.mkdir()
    elif kind == "link":
        outside.write_text("not ours")
        lock.symlink_to(outside)
    else:
        lock.symlink_to(outside)
    roster = write_roster(tmp_path / "r.csv", [good_row(0)])
    with pytest.raises(MicrocredentialError, match=r"lock file.*regular file"):
        issue(roster, out, workers=1)
    assert not outside.exists() or outside.read_text() == "not ours"
    assert credential_files(out) == []


def test_a_full_status_list_stops_the_run_and_keeps_what_was_issued(tmp_path: Path) -> None:
    from microcredential.errors import StatusListFullError

    state = state_with_free(3, length=8)
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(6)])
    out = tmp_path / "out"
    with pytest.raises(StatusListFullError, match="new status list into a new folder") as full:
        issue(roster, out, workers=1, status_list=state)
    assert "from line 5 on" in str(full.value)
    assert state.free == 0
    files = credential_files(out)
    assert len(files) == 3  # the three rows that got an index were issued, and are kept
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert [row["status"] for row in manifest["rows"]] == ["issued"] * 3
    indexes = {
        json.loads(path.read_text())["credentialStatus"]["statusListIndex"] for path in files
    }
    assert len(indexes) == 3


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ("a\x00b@student.example.nl,Learner,7.5,5,2025-09-01,2026-01-31,", "cohort.fields"),
        ("c@student.example.nl,An\x1bna,7.5,5,2025-09-01,2026-01-31,", "cohort.fields"),
        ("d@student.example.nl,Learner,7.5,1e-999,2025-09-01,2026-01-31,", "cohort.credits"),
    ],
)
def test_control_characters_and_vanishing_credits_are_skipped(
    tmp_path: Path, row: str, code: str
) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(1), row])
    report = issue(roster, tmp_path / "out", workers=1)
    assert report.issued == 1
    assert [(s.line, s.code) for s in report.skipped] == [(3, code)]


def test_a_credential_that_cannot_be_written_is_skipped_not_lost(tmp_path: Path) -> None:
    rows = [good_row(i) for i in range(3)]
    roster = write_roster(tmp_path / "r.csv", rows)
    out = tmp_path / "out"
    first = issue(roster, out, workers=1)
    blocked = out / first.entries[1].file
    blocked.unlink()
    blocked.mkdir()  # a directory where the credential file should go
    report = issue(roster, out, workers=1)
    assert report.present == 2
    assert [(s.line, s.code) for s in report.skipped] == [(3, "cohort.write")]
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert len(manifest["rows"]) == 3


def test_a_revocation_during_a_run_is_not_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import microcredential.cohort._run as run_module
    from microcredential.status import edit_state_file

    monkeypatch.setattr(run_module, "_STATE_BLOCK", 2)  # allocate (edit the file) every 2 rows

    state_path = tmp_path / "status.json"
    state = IssuerStatusList.create("https://example.nl/status/1", length=131072)
    state_path.write_text(json.dumps(state.to_json()))
    first = issue(
        write_roster(tmp_path / "a.csv", [good_row(0)]), tmp_path / "a", status_list=state_path
    )
    issued = json.loads((tmp_path / "a" / first.entries[0].file).read_text())
    index = int(issued["credentialStatus"]["statusListIndex"])

    def revoke_midway(progress: CohortProgress) -> None:
        if progress.done == 2:
            with edit_state_file(state_path) as current:
                current.revoke(index)

    second = issue(
        write_roster(tmp_path / "b.csv", [good_row(i) for i in range(1, 7)]),
        tmp_path / "b",
        status_list=state_path,
        workers=1,
        chunk_size=2,
        progress=revoke_midway,
    )
    assert second.issued == 6
    final = IssuerStatusList.from_json(json.loads(state_path.read_text()))
    assert final.status(index) == 1  # still revoked
    assert len(final.allocated) == 7


@pytest.mark.parametrize("cell", ["1E+400", "1E+99999999", "9" * 5000, "1e-99999999"])
def test_a_huge_number_skips_its_row_at_once(tmp_path: Path, cell: str) -> None:
    # Without creditsAvailable nothing caps the credits: 1E+400 overflowed a float, and
    # 1E+99999999 was expanded into an integer of a hundred million digits.
    data = achievement()
    data.pop("ects")
    rows = [f"a@student.example.nl,Anna,7,{cell},2025-09-01,2026-01-31,", good_row(1)]
    roster = write_roster(tmp_path / "r.csv", rows)
    report = issue_cohort(
        data, roster, KEY, out_dir=tmp_path / "out", issuer=ISSUER, now=NOW, workers=1
    )
    assert [(s.line, s.code) for s in report.skipped] == [(2, "cohort.credits")]
    assert report.issued == 1


def test_a_full_status_list_in_the_pool_records_every_batch_in_flight(tmp_path: Path) -> None:
    from microcredential.errors import StatusListFullError

    state = state_with_free(44, length=64)
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(60)])
    out = tmp_path / "out"
    with pytest.raises(StatusListFullError, match="from line 46 on"):
        issue(roster, out, workers=2, chunk_size=8, status_list=state)
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert [row["line"] for row in manifest["rows"]] == list(range(2, 46))
    assert len(credential_files(out)) == 44


def test_an_unexpected_error_in_one_row_skips_only_that_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import microcredential.cohort._rows as rows
    import microcredential.cohort._writer as writer

    real_date, real_validate = rows.parse_roster_date, writer.SubjectValidator.check_quality

    def fragile_date(text: str) -> Any:
        if text == "2025-09-02":
            raise RuntimeError("a bug in the date reader")
        return real_date(text)

    def fragile_validate(self: Any, credential: Any) -> Any:
        if credential["credentialSubject"].get("creditsEarned") == 4:
            raise TypeError("a bug in a quality rule")
        return real_validate(self, credential)

    monkeypatch.setattr(rows, "parse_roster_date", fragile_date)
    monkeypatch.setattr(writer.SubjectValidator, "check_quality", fragile_validate)
    lines = [
        good_row(0),
        "learner1@student.example.nl,Learner 1,7.5,5,2025-09-02,2026-01-31,",
        "learner2@student.example.nl,Learner 2,7.5,4,2025-09-01,2026-01-31,",
        good_row(3),
    ]
    report = issue(write_roster(tmp_path / "r.csv", lines), tmp_path / "out", workers=1)
    assert report.issued == 2
    assert [(s.line, s.code) for s in report.skipped] == [(3, "cohort.row"), (4, "cohort.build")]
    assert "RuntimeError" in report.skipped[0].reason
    assert "TypeError" in report.skipped[1].reason


# Cells people (and attackers) put in rosters: numbers that are costly to expand, dates at the
# ends of the calendar, other digits, control and direction characters, formulas, long text.
_NASTY_CELLS = st.one_of(
    st.sampled_from(
        [
            "1E+99999999", "1e-99999999", "NaN", "-Infinity", "0x10", "1_000", "\u0664",
            "9" * 5000, "0001-01-01T00:00:00+14:00", "9999-12-31T24:00:00Z", "2025-02-30",
            "31/12/9999", "\u202e7.5", "=HYPERLINK(\"x\")", "\"", "a;b", "https://", " ",
        ]
    ),
    st.text(max_size=12),
)  # fmt: skip


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(_NASTY_CELLS, min_size=6, max_size=6))
def test_no_roster_row_stops_the_others(tmp_path: Path, cells: list[str]) -> None:
    import csv
    import io
    import uuid

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.split(","))
    writer.writerow(["fuzzed@student.example.nl", *cells])
    writer.writerow(["good@student.example.nl", "Good", "7.5", "5", "2025-09-01", "2026-01-31", ""])
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    roster = folder / "r.csv"
    roster.write_text(buffer.getvalue(), encoding="utf-8")
    refused: InvalidDocumentError | None = None
    try:
        report = issue(roster, folder / "out", workers=1)
    except InvalidDocumentError as exc:
        refused = exc
    if refused is not None:
        # a grade the scheme cannot award refuses the roster, naming the cell; nothing issued
        listed = [line.strip() for line in refused.message.splitlines()[1:]]
        assert any(line.startswith(f"{roster}:2:3: grade ") for line in listed), refused
        assert not (folder / "out").exists()
        return
    assert report.ok
    assert report.total == 2
    # The good row is always issued; it is the last physical line, since a cell may hold line
    # breaks (a lone CR counts too, as in the reader and in editors).
    good_line = len(io.StringIO(buffer.getvalue(), newline="").readlines())
    assert any(entry.line == good_line for entry in report.entries)


# -- issued credentials stay unique and reachable ----------------------------------------------


def test_every_issuance_gives_new_ids_and_a_rerun_keeps_them(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(4)])
    first = issue(roster, tmp_path / "a", workers=1)
    elsewhere = issue(roster, tmp_path / "b", workers=1)
    ids = {e.credential_id for e in first.entries}
    assert len(ids) == 4
    assert not ids & {e.credential_id for e in elsewhere.entries}  # a second issuance
    again = issue(roster, tmp_path / "a", workers=1)
    assert again.present == 4
    assert {e.credential_id for e in again.entries} == ids


def test_ids_and_indexes_are_recorded_before_anything_is_signed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import microcredential.cohort._run as run_module
    import microcredential.cohort._writer as writer

    monkeypatch.setattr(run_module, "_STATE_BLOCK", 3)  # allocate per chunk of 3 rows
    state_path = tmp_path / "status.json"
    state_path.write_text(json.dumps(IssuerStatusList.create("https://hs.example/s/1").to_json()))
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(6)])
    out = tmp_path / "out"

    def crash(self: Any, rows: Any) -> Any:
        raise KeyboardInterrupt  # the parent allocated and recorded; no worker signed

    real_batch = writer.RowIssuer.process_batch
    monkeypatch.setattr(writer.RowIssuer, "process_batch", crash)
    with pytest.raises(KeyboardInterrupt):
        issue(roster, out, workers=1, chunk_size=3, status_list=state_path)
    recorded = allocations(out)
    assert len(recorded) == 3
    assert credential_files(out) == []
    monkeypatch.setattr(writer.RowIssuer, "process_batch", real_batch)

    report = issue(roster, out, workers=1, chunk_size=3, status_list=state_path)
    assert report.issued == 6
    state = IssuerStatusList.from_json(json.loads(state_path.read_text()))
    assert len(state.allocated) == 6  # the three recorded indexes were used, not lost
    for entry in report.entries:
        document = json.loads((out / entry.file).read_text())
        index = int(document["credentialStatus"]["statusListIndex"])
        assert index in state.allocated
        mine = [r for r in recorded.values() if r["credential"] == entry.credential_id]
        if mine:  # a row recorded before the crash got exactly what was recorded
            assert document["credentialStatus"] == mine[0]["credentialStatus"]
    assert len({e.credential_id for e in report.entries}) == 6


def test_a_delivered_credential_of_another_row_is_never_overwritten(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(2)])
    out = tmp_path / "out"
    first = issue(roster, out, workers=1)
    one, two = (out / e.file for e in first.entries)
    delivered = two.read_bytes()
    one.write_bytes(delivered)  # the wrong credential where row 1's file should be
    report = issue(roster, out, workers=1)
    assert [(s.line, s.code) for s in report.skipped] == [(2, "cohort.file-conflict")]
    assert one.read_bytes() == delivered
    assert report.present == 1


def test_a_file_under_a_new_credentials_name_is_judged_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new row's file name comes from an id of this run, so the worker does not look for a
    file there before signing; one that is there all the same (put there while the run went
    on) is treated as a file of an earlier run: kept when it is another credential or this
    very one, replaced when damaged."""
    import microcredential.cohort._run as run

    ids = [f"urn:uuid:00000000-0000-4000-8000-00000000000{i}" for i in range(4)]

    def fixed_ids() -> Any:
        chosen = iter(ids)
        return lambda: next(chosen)

    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(4)])
    monkeypatch.setattr(run, "new_credential_id", fixed_ids())
    elsewhere = issue(roster, tmp_path / "elsewhere", workers=1)
    out = tmp_path / "out"
    out.mkdir()
    names = [safe_file_name(i) for i in ids]
    foreign = json.dumps({"id": "urn:uuid:another", "proof": {"verificationMethod": KEY.id}})
    (out / names[0]).write_text(foreign)  # another credential: kept
    (out / names[1]).write_text('{"id": "urn:uuid:00000000-0000-4000-8000-0000')  # damaged
    (out / names[2]).write_bytes((tmp_path / "elsewhere" / names[2]).read_bytes())  # this one

    monkeypatch.setattr(run, "new_credential_id", fixed_ids())
    report = issue(roster, out, workers=1)

    assert [(s.line, s.code) for s in report.skipped] == [(2, "cohort.file-conflict")]
    assert (out / names[0]).read_text() == foreign
    assert [(e.line, e.status, e.file) for e in report.entries] == [
        (3, "issued", names[1]),
        (4, "present", names[2]),
        (5, "issued", names[3]),
    ]
    assert (out / names[2]).read_bytes() == (tmp_path / "elsewhere" / names[2]).read_bytes()
    for entry in report.entries:
        document = json.loads((out / entry.file).read_text(encoding="utf-8"))
        assert document["id"] == entry.credential_id
        assert verify_proofs(document, now=NOW).ok
    assert len(elsewhere.entries) == 4
    assert not [p for p in out.iterdir() if p.name.startswith(".mc-tmp")]


@pytest.mark.parametrize("change", ["achievement", "status list", "status list removed"])
def test_a_changed_run_stops_and_says_what_changed(tmp_path: Path, change: str) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(2)])
    out = tmp_path / "out"
    state = IssuerStatusList.create("https://hs.example/status/1")
    issue(roster, out, workers=1, status_list=state)
    before = {p.name: p.read_bytes() for p in credential_files(out)}
    data = achievement()
    options: dict[str, Any] = {"status_list": state}
    expected = "the status list is"
    if change == "achievement":
        data["description"] = data["description"] + " Corrected."
        expected = "was changed"
    elif change == "status list":
        options["status_list"] = IssuerStatusList.create("https://hs.example/status/2")
    else:
        options["status_list"] = None
    with pytest.raises(CohortChangedError, match=expected) as changed:
        issue_cohort(data, roster, KEY, out_dir=out, issuer=ISSUER, now=NOW, **options)
    assert "revoke" in str(changed.value)
    assert {p.name: p.read_bytes() for p in credential_files(out)} == before
    assert len(state.allocated) == 2


def test_a_rotated_key_keeps_the_credentials_of_the_old_one(tmp_path: Path) -> None:
    from microcredential.resolve import StaticResolver

    issuer_id = "https://hs.example/issuers/1"
    old = Ed25519Key.from_seed(bytes(range(32)), id=f"{issuer_id}#key-1", controller=issuer_id)
    new = Ed25519Key.from_seed(bytes(range(1, 33)), id=f"{issuer_id}#key-2", controller=issuer_id)
    info = IssuerInfo(id=issuer_id, name="Hogeschool Voorbeeld", country_code="NL")
    state = IssuerStatusList.create("https://hs.example/status/1")
    out = tmp_path / "out"
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(2)])
    options: dict[str, Any] = {"out_dir": out, "issuer": info, "now": NOW, "status_list": state}
    first = issue_cohort(achievement(), roster, old, **options)
    before = {p.name: p.read_bytes() for p in credential_files(out)}
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(3)])
    again = issue_cohort(achievement(), roster, new, **options)
    assert (again.present, again.issued) == (2, 1)
    assert {p.name: p.read_bytes() for p in credential_files(out) if p.name in before} == before
    # The issuer publishes both keys; every credential verifies, and stays revocable.
    both = old.controller_document()
    both["verificationMethod"] += new.controller_document()["verificationMethod"]
    both["assertionMethod"] += [new.id]
    resolver = StaticResolver([both])
    for entry in again.entries:
        document = json.loads((out / entry.file).read_text())
        assert verify_proofs(document, resolver=resolver, now=NOW).ok
    assert {e.credential_id for e in first.entries} < {e.credential_id for e in again.entries}


def test_a_folder_issued_before_the_ledger_keeps_its_credentials(tmp_path: Path) -> None:
    from microcredential.integrity import add_proof_unchecked
    from microcredential.quality import EmailRecipient, build_credential

    scratch = issue(write_roster(tmp_path / "s.csv", [good_row(9)]), tmp_path / "s", workers=1)
    issued = json.loads((tmp_path / "s" / scratch.entries[0].file).read_text())
    built = issued["credentialSubject"]["achievement"]
    out = tmp_path / "out"
    out.mkdir()
    recipient = "learner0@student.example.nl"
    key = row_key(built["id"], recipient)  # what older versions used as the id
    unsigned = build_credential(
        built, recipient=EmailRecipient(recipient), issuer=ISSUER, valid_from=NOW, id=key
    )
    legacy = out / safe_file_name(key)
    legacy.write_text(json.dumps(add_proof_unchecked(unsigned, KEY, created=NOW)), encoding="utf-8")
    delivered = legacy.read_bytes()
    report = issue(write_roster(tmp_path / "r.csv", [good_row(0), good_row(1)]), out, workers=1)
    assert (report.present, report.issued) == (1, 1)
    assert legacy.read_bytes() == delivered
    assert allocations(out)[key]["credential"] == key


# -- other key types -----------------------------------------------------------------------------


@pytest.mark.parametrize("curve", ["P-256", "P-384"])
def test_a_cohort_signed_with_an_ecdsa_key_on_worker_processes(tmp_path: Path, curve: str) -> None:
    key = EcdsaKey.generate(curve)
    roster = write_roster(tmp_path / "roster.csv", [good_row(i) for i in range(6)])
    out = tmp_path / "out"
    issuer = IssuerInfo(id=key.controller, name="Hogeschool Voorbeeld", country_code="NL")
    report = issue_cohort(
        achievement(), roster, key, out_dir=out, issuer=issuer, now=NOW, workers=2, chunk_size=2
    )
    assert report.ok
    assert len(report.entries) == 6
    for path in credential_files(out):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
        assert verify_proofs(document, now=NOW).ok
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert "ecdsa-rdfc-2019" in json.dumps(manifest)


def test_an_rsa_key_is_refused_before_the_roster_is_read(tmp_path: Path) -> None:
    key = RsaKey.generate(2048)
    with pytest.raises(SigningError, match="no W3C Data Integrity cryptosuite uses RSA"):
        issue_cohort(achievement(), tmp_path / "absent.csv", key, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


# -- VC-JWT ------------------------------------------------------------------------------------


def test_a_cohort_of_vc_jwts(tmp_path: Path) -> None:
    from microcredential import verify

    roster = write_roster(tmp_path / "roster.csv", [good_row(i) for i in range(6)])
    out = tmp_path / "out"
    report = issue(roster, out, format="jwt", workers=1)
    assert report.issued == 6
    tokens = sorted(out.glob("*.jwt"))
    assert [out / e.file for e in sorted(report.entries, key=lambda e: e.file)] == tokens
    assert credential_files(out) == []  # no JSON credential beside the tokens
    for path in tokens:
        result = verify(path.read_text(encoding="ascii"), now=NOW)
        assert result.check("jwt").status.value == "passed", result
        assert result.check("issuer-binding").status.value == "passed", result
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["credentialFormat"] == "jwt"
    # a re-run finds every token intact; a damaged one is issued again under the same id
    damaged = tokens[0]
    damaged.write_text(damaged.read_text(encoding="ascii")[:-10] + "\n", encoding="ascii")
    again = issue(roster, out, format="jwt", workers=1)
    assert (again.issued, again.present) == (1, 5)
    assert verify(damaged.read_text(encoding="ascii"), now=NOW).check("jwt").status.value == (
        "passed"
    )


# -- the manifest journal, crashes -----------------------------------------------------------


def test_the_manifest_is_written_once_and_its_rows_appended_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import microcredential.cohort._manifest as manifest_module
    import microcredential.cohort._run as run_module

    monkeypatch.setattr(run_module, "_MANIFEST_EVERY", 0.0)  # a checkpoint after every batch
    written: list[str] = []
    real = manifest_module.write_atomic

    def counting(path: Any, data: Any, **options: Any) -> None:
        written.append(Path(path).name)
        real(path, data, **options)

    monkeypatch.setattr(manifest_module, "write_atomic", counting)
    rows = [good_row(i) for i in range(PARALLEL_MIN_ROWS + 10)]
    rows[3] = "not an address,,,,,,"
    report = issue(write_roster(tmp_path / "r.csv", rows), tmp_path / "out", chunk_size=4)
    assert written == [MANIFEST_NAME]
    manifest = json.loads((tmp_path / "out" / MANIFEST_NAME).read_text(encoding="utf-8"))
    journal = (tmp_path / "out" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in journal[1:]] == manifest["rows"]
    assert [row["line"] for row in manifest["rows"]] == list(range(2, len(rows) + 2))
    assert json.loads(journal[0])["run"] == manifest["run"]
    assert manifest["summary"]["skipped"] == len(report.skipped) == 1


def _kill_a_worker(after: int) -> Any:
    import multiprocessing
    import os
    import signal

    def progress(event: CohortProgress) -> None:
        if event.issued == after:
            for child in multiprocessing.active_children():
                os.kill(child.pid or 0, signal.SIGKILL)

    return progress


def test_a_killed_worker_stops_the_run_and_a_rerun_completes_without_duplicates(
    tmp_path: Path,
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    rows = 120
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(rows)])
    out = tmp_path / "out"
    with pytest.raises(BrokenProcessPool):
        issue(roster, out, workers=2, chunk_size=4, progress=_kill_a_worker(8))
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["complete"] is False
    assert 8 <= manifest["summary"]["issued"] < rows
    resumed = issue(roster, out, workers=2, chunk_size=4)
    assert resumed.ok
    assert resumed.present + resumed.issued == rows
    files = credential_files(out)
    assert len(files) == rows  # one credential per row, whatever the crash left behind
    given = {a["credential"] for a in allocations(out).values()}
    assert {e.credential_id for e in resumed.entries} == given
    assert len(given) == rows
    assert_all_verify(out, resumed)


_CRASH = """
import datetime as dt, os, signal, sys
from pathlib import Path
from microcredential.cohort import issue_cohort, load_achievement
from microcredential.keys import Ed25519Key
from microcredential.quality import IssuerInfo
key = Ed25519Key.from_seed(bytes(range(32)))
issuer = IssuerInfo(id=key.controller, name="Hogeschool Voorbeeld", country_code="NL")
def die(event):
    if event.issued >= int(sys.argv[4]):
        os.kill(os.getpid(), signal.SIGKILL)  # no finally, no manifest: a power cut, nearly
issue_cohort(load_achievement(sys.argv[1]), sys.argv[2], key, out_dir=sys.argv[3],
             issuer=issuer, now=dt.datetime(2026, 2, 15, 12, tzinfo=dt.UTC), workers=1,
             chunk_size=4, progress=die)
"""


def test_a_killed_run_leaves_its_journal_and_a_rerun_completes_without_duplicates(
    tmp_path: Path,
) -> None:
    rows = 40
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(rows)])
    out = tmp_path / "out"
    source = tmp_path / "achievement.json"
    source.write_text(json.dumps(achievement()), encoding="utf-8")
    killed = subprocess.run(
        [sys.executable, "-c", _CRASH, str(source), str(roster), str(out), "13"], check=False
    )
    assert killed.returncode == -9
    assert not (out / MANIFEST_NAME).exists()  # the process died before writing it
    journal = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(journal[0])["format"] == "microcredential.cohort-manifest/1"
    written = len(credential_files(out))
    assert 13 <= written < rows
    resumed = issue(roster, out, workers=1)
    assert (resumed.present, resumed.issued) == (written, rows - written)
    assert len(credential_files(out)) == rows
    assert len({e.credential_id for e in resumed.entries}) == rows
    assert not list(out.glob(".mc-tmp-*"))
    assert_all_verify(out, resumed)


# -- other executors -------------------------------------------------------------------------


def _key_file(tmp_path: Path) -> Path:
    path = tmp_path / "issuer-key.json"
    KEY.save(path)
    return path


class _RecordingExecutor(ThreadPoolExecutor):
    """A thread pool that keeps the pickled arguments of every task."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.sent: list[bytes] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.sent.append(pickle.dumps((fn, args, kwargs)))
        return super().submit(fn, *args, **kwargs)


def test_any_executor_signs_and_the_secret_key_never_travels_in_a_task(tmp_path: Path) -> None:
    rows = [good_row(i) for i in range(30)]
    roster = write_roster(tmp_path / "r.csv", rows)
    with _RecordingExecutor() as executor:
        report = issue(
            roster,
            tmp_path / "out",
            executor=executor,
            key_loader=_key_file(tmp_path),
            workers=2,
            chunk_size=4,
        )
    assert report.issued == len(rows)
    assert len(executor.sent) == 8
    secret = KEY.to_jwk(include_secret=True)["d"]
    assert not any(secret.encode() in sent for sent in executor.sent)
    assert not any(KEY.secret_key_multibase().encode() in sent for sent in executor.sent)
    assert not any(bytes(range(32)) in sent for sent in executor.sent)
    assert_all_verify(tmp_path / "out", report)


def test_a_process_pool_executor_with_a_key_loader_matches_the_default_pool(
    tmp_path: Path,
) -> None:
    rows = [good_row(i) for i in range(24)]
    roster = write_roster(tmp_path / "r.csv", rows)
    with ProcessPoolExecutor(max_workers=2) as executor:
        report = issue(
            roster,
            tmp_path / "out",
            executor=executor,
            key_loader=functools.partial(load_key, _key_file(tmp_path)),
            chunk_size=5,
        )
    assert report.issued == len(rows)
    for entry in report.entries:
        data = (tmp_path / "out" / entry.file).read_bytes()
        identifiers = json.loads(data)["credentialSubject"]["identifier"]
        cells = next(csv.reader([rows[entry.line - 2]]))
        salt = next(i["salt"] for i in identifiers if "salt" in i)
        assert data == _plainly_signed(entry, cells, salt)
    again = issue(roster, tmp_path / "out", workers=2)  # the default pool finds them intact
    assert (again.present, again.issued) == (len(rows), 0)


def test_an_executor_needs_a_key_loader_that_gives_the_run_key(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(0)])
    with ThreadPoolExecutor(max_workers=1) as executor:
        with pytest.raises(ValueError, match="key_loader"):
            issue(roster, tmp_path / "out", executor=executor)
        other = Ed25519Key.generate()
        with pytest.raises(SigningError, match="another key"):
            issue(roster, tmp_path / "out", executor=executor, key_loader=lambda: other)


def test_a_cohort_on_a_local_dask_cluster(tmp_path: Path, loopback: None) -> None:
    distributed = pytest.importorskip("distributed")
    import dask

    rows = [good_row(i) for i in range(40)]
    roster = write_roster(tmp_path / "r.csv", rows)
    with (
        dask.config.set({"temporary-directory": str(tmp_path / "dask")}),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard": False},
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        report = issue(
            roster,
            tmp_path / "out",
            executor=client.get_executor(),
            key_loader=str(_key_file(tmp_path)),
            workers=2,
            chunk_size=5,
        )
    assert report.issued == len(rows)
    manifest = json.loads((tmp_path / "out" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["complete"] is True
    assert [row["line"] for row in manifest["rows"]] == list(range(2, len(rows) + 2))
    assert_all_verify(tmp_path / "out", report)


def test_a_state_file_is_edited_once_per_block_of_rows_not_per_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import microcredential.cohort._run as run_module

    edits: list[int] = []
    real = run_module.edit_state_file

    def counting(path: Any) -> Any:
        edits.append(1)
        return real(path)

    monkeypatch.setattr(run_module, "edit_state_file", counting)
    state_path = tmp_path / "status.json"
    state = IssuerStatusList.create("https://example.nl/status/1", length=131072)
    state_path.write_text(json.dumps(state.to_json()))
    rows = [good_row(i) for i in range(PARALLEL_MIN_ROWS + 30)]
    report = issue(
        write_roster(tmp_path / "r.csv", rows),
        tmp_path / "out",
        status_list=state_path,
        workers=2,
        chunk_size=4,
    )
    assert report.issued == len(rows)
    assert len(edits) == 1  # 20 chunks, one allocation
    final = IssuerStatusList.from_json(json.loads(state_path.read_text()))
    indexes = {
        json.loads((tmp_path / "out" / e.file).read_text())["credentialStatus"]["statusListIndex"]
        for e in report.entries
    }
    assert {int(i) for i in indexes} == set(final.allocated)
    assert len(indexes) == len(rows)


def test_rows_refused_before_any_batch_are_written_as_they_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import microcredential.cohort._manifest as manifest_module

    monkeypatch.setattr(manifest_module, "_SAVE_ROWS", 10)
    out = tmp_path / "out"
    on_disk: list[int] = []

    def look(event: CohortProgress) -> None:
        if event.done == 45:  # nothing has been signed, so no batch has ended yet
            journal = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
            on_disk.append(len(journal) - 1)

    rows = [f"learner{i}(at)student.example.nl,L {i},7.5,5,,," for i in range(60)]
    report = issue(write_roster(tmp_path / "r.csv", [*rows, good_row(0)]), out, progress=look)
    assert len(report.skipped) == 60
    assert on_disk == [40]  # held in memory: at most the last few, not every refused row


# -- checking a roster before issuing ----------------------------------------------------------


def _fragile_quality(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the subject quality check refuse rows with 3 credits (a real rule's finding, on a
    learner left unidentified) and fail on rows with 4, in the check and in the run alike."""
    import microcredential.cohort._writer as writer

    real = writer.SubjectValidator.check_quality

    def fragile(self: Any, credential: Any) -> Any:
        subject = credential["credentialSubject"]
        if subject.get("creditsEarned") == 3:
            credential = copy.deepcopy(credential)
            credential["credentialSubject"].pop("identifier", None)
            credential["credentialSubject"].pop("id", None)
        if subject.get("creditsEarned") == 4:
            raise TypeError("a bug in a quality rule")
        return real(self, credential)

    monkeypatch.setattr(writer.SubjectValidator, "check_quality", fragile)


def test_a_checked_roster_skips_the_same_rows_with_the_same_reasons_when_issued(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fragile_quality(monkeypatch)
    rows = [BAD_ROWS[i][0] if i in BAD_ROWS else good_row(i) for i in range(1000)]
    rows[40] = "learner40@student.example.nl,L 40,7,3,2025-09-01,2026-01-31,"
    rows[41] = "learner41@student.example.nl,L 41,7,4,2025-09-01,2026-01-31,"
    roster = write_roster(tmp_path / "r.csv", rows)
    before = sorted(tmp_path.iterdir())

    check = check_roster(achievement(), roster, issuer=ISSUER, now=NOW)

    assert sorted(tmp_path.iterdir()) == before  # nothing written beside the roster
    assert check.total == 1000
    assert not check.ok
    codes = {s.line: s.code for s in check.skipped}
    assert codes[42] == "eu.learner"
    assert codes[43] == "cohort.build"
    assert [s.code for s in check.skipped if s.line - 2 in BAD_ROWS] == [
        code for _, code in BAD_ROWS.values()
    ]
    assert check.would_issue == 1000 - 12
    assert check.summary() == "1,000 rows: would issue 988, would skip 12"

    report = issue(roster, tmp_path / "out", workers=1)
    assert tuple(report.skipped) == check.skipped
    assert report.issued == check.would_issue


def test_a_roster_that_passes_the_check_issues_every_row(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(i) for i in range(60)])
    check = check_roster(achievement(), roster, issuer=ISSUER, now=NOW)
    assert check.ok
    assert check.skipped == ()
    assert check.to_dict()["wouldIssue"] == 60
    report = issue(roster, tmp_path / "out", workers=2)
    assert report.skipped == ()
    assert report.issued == 60


def test_the_check_needs_no_key_but_an_issuer_with_an_id(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(1)])
    spec = achievement()  # the input format, whose credential.issuer names its id
    assert check_roster(spec, roster, now=NOW).ok
    del spec["credential"]["issuer"]["id"]
    # says which member is missing and the three ways to give it, not "not an IRI"
    with pytest.raises(ValueError, match="/credential/issuer/id: the issuer has no id") as caught:
        check_roster(spec, roster, now=NOW)
    assert "credential.issuer.id" in str(caught.value)
    assert "--key" in str(caught.value)
    assert "None" not in str(caught.value)
    # the key, or issuer=, stands in for the id, as for a run
    assert check_roster(spec, roster, key=KEY, now=NOW).ok
    assert check_roster(spec, roster, issuer=ISSUER, now=NOW).ok
    del spec["credential"]
    with pytest.raises(ValueError, match="no issuer"):
        check_roster(spec, roster, now=NOW)
    assert check_roster(spec, roster, issuer=ISSUER, now=NOW).ok


def test_the_check_refuses_a_key_that_is_not_the_issuers(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [good_row(1)])
    stranger = Ed25519Key.from_seed(bytes(range(1, 33)))
    assert check_roster(achievement(), roster, issuer=ISSUER, key=KEY, now=NOW).ok
    with pytest.raises(SigningError):
        issue_cohort(achievement(), roster, stranger, out_dir=tmp_path / "o", issuer=ISSUER)
    with pytest.raises(SigningError):
        check_roster(achievement(), roster, issuer=ISSUER, key=stranger, now=NOW)
    assert not (tmp_path / "o").exists()


def test_the_check_refuses_what_the_run_refuses_before_the_first_row(tmp_path: Path) -> None:
    ungraded = achievement()
    del ungraded["grading"]
    roster = write_roster(tmp_path / "r.csv", [good_row(1)])
    with pytest.raises(InvalidDocumentError, match="column 'grade' holds grades, but the achieve"):
        check_roster(ungraded, roster, issuer=ISSUER, now=NOW)
    empty = write_roster(tmp_path / "e.csv", [], header="email;naam")
    with pytest.raises(InvalidDocumentError, match="the roster has a header but no rows"):
        check_roster(achievement(), empty, issuer=ISSUER, now=NOW)
    bare = {
        "id": "https://example.edu/a",
        "type": ["Achievement"],
        "name": "A",
        "description": "A.",
        "criteria": {"narrative": "A."},
    }
    ungraded_roster = write_roster(tmp_path / "u.csv", ["x@b.nl,X"], header="email,name")
    with pytest.raises(ValueError, match=r"fails the quality profiles: .*\[eu\.workload\]"):
        check_roster(bare, ungraded_roster, issuer=ISSUER, now=NOW)
    assert check_roster(bare, ungraded_roster, issuer=ISSUER, now=NOW, profiles=("ob3",)).ok

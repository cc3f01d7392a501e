"""`kzstats accept`: reviewed rows appended with fresh ids after the build's checks, or nothing."""

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import copy_project, run_kzstats
from kzstats import accept, config
from kzstats.errors import KzstatsError
from kzstats.sheet import REVIEW_COLUMNS, SHEET_COLUMNS

PAGE = Path(__file__).parent / "fixtures" / "saved-page.html"
NEW = "civicus-2019-11-page"
# Rows of civicus-2019-11 whose quotes are in the paragraphs the saved page keeps.
KEPT = [f"civicus-2019-11-{k:04d}" for k in (*range(11, 16), *range(27, 34))]


@pytest.fixture(scope="module")
def with_new_report(tmp_path_factory):
    """A copy of the project to which the saved page was added as report civicus-2019-11-page."""
    root = tmp_path_factory.mktemp("with-new-report")
    result = run_kzstats("add-report", str(PAGE), "--publisher", "civicus", "--period",
                         "2019-10..2019-11", "--id", NEW, root=copy_project(root))
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(with_new_report, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(with_new_report, root)
    return root


def proposed_rows() -> list[dict]:
    """Real coded rows told again by the new report, as extract would propose them: no id, the
    new report's id, its text's plain spaces, a confidence and a reason."""
    with config.INCIDENTS_CSV.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["incident_id"] in KEPT]
    return [{**{k: v.replace("\xa0", " ") for k, v in r.items()}, "incident_id": "",
             "report_id": NEW, "confidence": "0.8", "reason": "names a person and a sentence"}
            for r in rows]


def write_review(root: Path, rows: list[dict], columns=REVIEW_COLUMNS, **dialect) -> Path:
    path = root / "data" / "raw" / "review" / f"{NEW}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=dialect.pop("encoding", "utf-8"), newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), extrasaction="ignore",
                                lineterminator=dialect.pop("lineterminator", "\n"))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_refused(result, root, before, *expected):
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"
    assert _digest(root / "data" / "raw" / "incidents.csv") == before, "nothing may be appended"


# --- reading a review file ------------------------------------------------------------------

def test_a_spreadsheets_resave_is_read_as_written(tmp_path):
    rows = proposed_rows()[:3]
    plain = write_review(tmp_path, rows)
    expected, numbers = accept.read_review(plain)
    resaved = io.StringIO()
    writer = csv.writer(resaved, lineterminator="\r\n")
    writer.writerow([*REVIEW_COLUMNS, "", ""])
    for row in rows:
        writer.writerow([*(row[c] if c != "confidence" else "0,8" for c in REVIEW_COLUMNS), "", ""])
    plain.write_bytes(("\ufeff" + resaved.getvalue() + ",,,\r\n\r\n\r\n").encode("utf-8"))
    table, rows_read = accept.read_review(plain)
    assert rows_read == numbers == [2, 3, 4]
    pd.testing.assert_frame_equal(table.drop(columns="confidence"),
                                  expected.drop(columns="confidence"))
    assert list(accept.confidence(table["confidence"])) == [0.8, 0.8, 0.8]


def test_a_cleared_row_is_skipped_and_the_others_keep_their_spreadsheet_rows(tmp_path):
    rows = proposed_rows()[:3]
    rows[1] = dict.fromkeys(REVIEW_COLUMNS, "")
    _, numbers = accept.read_review(write_review(tmp_path, rows))
    assert numbers == [2, 4]


def test_a_review_file_with_the_wrong_columns_is_refused(tmp_path):
    path = write_review(tmp_path, proposed_rows(), columns=SHEET_COLUMNS)
    with pytest.raises(KzstatsError) as caught:
        accept.read_review(path)
    assert {(p.row, p.column, p.rule) for p in caught.value.problems} == {
        (1, "confidence", "required column is missing"),
        (1, "reason", "required column is missing")}


def test_a_review_file_saved_with_semicolons_is_refused_saying_so(tmp_path):
    path = tmp_path / "review.csv"
    path.write_text(";".join(REVIEW_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(KzstatsError) as caught:
        accept.read_review(path)
    assert "separated by ';'" in caught.value.problems[0].rule


def test_fresh_ids_number_on_from_the_reports_largest():
    existing = pd.Series(["odf-2019-02-0001", "odf-2019-02-0033", "odf-2019-02-x-0099",
                          "civicus-2019-11-0068"])
    assert accept.fresh_ids(existing, "odf-2019-02", 2) == ["odf-2019-02-0034", "odf-2019-02-0035"]
    assert accept.fresh_ids(existing, "odf-2022-03", 1) == ["odf-2022-03-0001"]


# --- the command ------------------------------------------------------------------------------

def test_accept_appends_exactly_the_reviewed_rows_with_fresh_ids(project):
    root = project
    sheet = root / "data" / "raw" / "incidents.csv"
    before = sheet.read_bytes()
    rows = proposed_rows()
    review = write_review(root, rows, lineterminator="\r\n", encoding="utf-8-sig")
    result = run_kzstats("accept", NEW, root=root)
    assert result.returncode == 0, result.stderr
    assert f"appended {len(rows)} row(s)" in result.stdout and "next: make all" in result.stdout
    after = sheet.read_bytes()
    assert after.startswith(before)
    appended = list(csv.DictReader(io.StringIO(after[len(before):].decode("utf-8")),
                                   fieldnames=list(SHEET_COLUMNS)))
    assert [r["incident_id"] for r in appended] == [f"{NEW}-{k:04d}" for k in range(1, len(rows) + 1)]
    assert [{**r, "incident_id": ""} for r in appended] == [
        {c: r[c] for c in SHEET_COLUMNS} for r in rows]
    assert not review.exists() and review.with_name(f"{NEW}.accepted.csv").exists()


def test_accepting_twice_is_refused(project):
    root = project
    write_review(root, proposed_rows())
    assert run_kzstats("accept", NEW, root=root).returncode == 0
    before = _digest(root / "data" / "raw" / "incidents.csv")
    _assert_refused(run_kzstats("accept", NEW, root=root), root, before, "already accepted",
                    f"{NEW}.accepted.csv")
    write_review(root, proposed_rows()[:2])  # the same rows proposed again
    _assert_refused(run_kzstats("accept", NEW, root=root), root, before,
                    f"already in incidents.csv as {NEW}-0001")


@pytest.mark.parametrize(("column", "value", "rule"), [
    ("quote", "words that are in no report", "quote must occur verbatim in its report"),
    ("event_type", "arrested", "event_type must be in data/reference/event_types.csv"),
])
def test_a_bad_row_is_refused_naming_the_review_files_row_column_and_value(project, column,
                                                                           value, rule):
    root = project
    before = _digest(root / "data" / "raw" / "incidents.csv")
    rows = proposed_rows()
    rows[2][column] = value
    review = write_review(root, rows)
    result = run_kzstats("accept", NEW, root=root)
    _assert_refused(result, root, before, f"data/raw/review/{NEW}.csv", column, value, rule)
    assert re.search(rf"{NEW}\.csv\s*│\s*4\s*│", result.stderr), "the review file's row 4"
    assert review.exists()


def test_a_sentence_that_does_not_parse_is_refused_on_its_review_row(project):
    root = project
    before = _digest(root / "data" / "raw" / "incidents.csv")
    rows = proposed_rows()
    rows[0]["outcome_text"] = "seven years"
    rows[0]["notes"] += " inferred: outcome_text for this test."
    write_review(root, rows)
    result = run_kzstats("accept", NEW, root=root)
    _assert_refused(result, root, before, f"data/raw/review/{NEW}.csv", "outcome_text",
                    "seven years", "sentence not understood")


def test_an_empty_review_file_is_nothing_to_accept(project):
    root = project
    before = _digest(root / "data" / "raw" / "incidents.csv")
    write_review(root, [])
    _assert_refused(run_kzstats("accept", NEW, root=root), root, before, "nothing to accept")


def test_a_row_of_another_report_or_with_an_id_is_refused(project):
    root = project
    before = _digest(root / "data" / "raw" / "incidents.csv")
    rows = proposed_rows()
    rows[0]["report_id"] = "civicus-2019-11"
    rows[1]["incident_id"] = f"{NEW}-0001"
    rows[2]["confidence"] = "high"
    write_review(root, rows)
    _assert_refused(run_kzstats("accept", NEW, root=root), root, before,
                    f"every row of this review file must be of report {NEW}",
                    "leave incident_id empty", "must be a number from 0 to 1")


def test_accept_without_a_review_file_says_to_run_extract(project):
    root = project
    before = _digest(root / "data" / "raw" / "incidents.csv")
    _assert_refused(run_kzstats("accept", NEW, root=root), root, before,
                    f"run kzstats extract {NEW} first")

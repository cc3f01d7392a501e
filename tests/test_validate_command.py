"""`kzstats validate` on bad sheets: a clear table naming the cell, exit 1, no traceback."""

import csv

import pytest

from conftest import run_kzstats
from kzstats import config


def _sheet_rows() -> list[dict]:
    with config.INCIDENTS_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path, rows, fieldnames=None):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames or list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _assert_clear_failure(result, *expected):
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"


def test_valid_sheet_passes_and_says_so():
    result = run_kzstats("validate", str(config.INCIDENTS_CSV))
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("quote", "words that are in no report", "quote must occur verbatim"),
        ("event_type", "arrested", "event_type must be in"),
        ("role", "hero", "role must be in"),
        ("report_id", "civicus-2099-01", "report_id must be a report"),
        ("group_size", "0", "must match the pattern"),
        ("date_text", "31st Smarch 2018", "date_text must occur in its report"),
    ],
)
def test_a_bad_cell_is_named_by_row_column_and_value(tmp_path, column, value, rule):
    rows = _sheet_rows()
    rows[4][column] = value
    result = run_kzstats("validate", str(_write(tmp_path / "sheet.csv", rows)))
    _assert_clear_failure(result, "sheet.csv", rows[4]["incident_id"], column, value, rule)


def test_a_duplicate_incident_id_is_reported(tmp_path):
    rows = _sheet_rows()
    rows[3]["incident_id"] = rows[2]["incident_id"]
    result = run_kzstats("validate", str(_write(tmp_path / "sheet.csv", rows)))
    _assert_clear_failure(result, rows[2]["incident_id"], "must be unique")


def test_a_missing_column_is_reported(tmp_path):
    rows = [{k: v for k, v in r.items() if k != "quote"} for r in _sheet_rows()]
    result = run_kzstats("validate", str(_write(tmp_path / "sheet.csv", rows)))
    _assert_clear_failure(result, "quote", "required column is missing")


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(config.INCIDENTS_CSV.read_text(encoding="utf-8").encode("cp1251", "replace"))
    result = run_kzstats("validate", str(path))
    _assert_clear_failure(result, "must be UTF-8")


def test_a_row_with_a_stray_delimiter_is_reported(tmp_path):
    path = tmp_path / "sheet.csv"
    lines = config.INCIDENTS_CSV.read_text(encoding="utf-8").splitlines()
    lines[5] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_kzstats("validate", str(path))
    _assert_clear_failure(result, "every row must have 13 fields")


def test_a_missing_file_is_reported(tmp_path):
    result = run_kzstats("validate", str(tmp_path / "nowhere.csv"))
    _assert_clear_failure(result, "nowhere.csv", "cannot read the file")


def test_an_empty_line_is_reported_as_a_row_of_no_fields(tmp_path):
    path = tmp_path / "sheet.csv"
    lines = config.INCIDENTS_CSV.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_kzstats("validate", str(path))
    _assert_clear_failure(result, "0 fields", "every row must have 13 fields")

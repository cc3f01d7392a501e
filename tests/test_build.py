"""`kzstats build` end to end: the real data builds clean; bad input stops it and changes nothing."""

import csv
import hashlib
import json

import pandas as pd
import pytest

from conftest import copy_project, run_kzstats
from kzstats import config

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's data, with a first good build in data/clean."""
    root = tmp_path_factory.mktemp("project")
    env = copy_project(root)
    result = run_kzstats("build", env=env)
    assert result.returncode == 0, result.stderr
    return root, env


def _digests(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_real_data_builds_every_contract_table_as_csv_and_parquet(project):
    root, _ = project
    clean = root / "data" / "clean"
    for table in ("events", "event_articles", "persons", "reports"):
        csv_table = pd.read_csv(clean / f"{table}.csv", dtype=str, keep_default_na=False)
        parquet = pd.read_parquet(clean / f"{table}.parquet")
        assert len(csv_table) == len(parquet) > 0
    package = json.loads((clean / "datapackage.json").read_text())
    assert {r["name"] for r in package["resources"]} == {
        "events", "event-articles", "persons", "reports", "custody-spells", "status-observations",
        "stated-totals"}
    assert all(f["description"] for r in package["resources"] for f in r["schema"]["fields"])


def test_every_raw_row_is_in_exactly_one_event(project):
    root, _ = project
    events = pd.read_csv(root / "data" / "clean" / "events.csv", dtype=str, keep_default_na=False)
    sheet = pd.read_csv(config.INCIDENTS_CSV, dtype=str, keep_default_na=False)
    # status statements are evidence for the custody register, not events
    sheet = sheet[sheet["event_type"] != "status_observation"]
    merged = events["incident_ids"].str.split(";").explode()
    assert sorted(merged) == sorted(sheet["incident_id"])


def test_the_same_raw_data_gives_byte_identical_clean_files(project):
    root, env = project
    before = _digests(root / "data" / "clean")
    assert run_kzstats("build", env=env).returncode == 0
    assert _digests(root / "data" / "clean") == before


def _break_sheet(root, edit):
    path = root / "data" / "raw" / "incidents.csv"
    original = path.read_bytes()
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows = edit(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path, original


def _set(row_number, column, value):
    def edit(rows):
        rows[row_number][column] = value
        if column != "quote":  # so the verbatim check lets the value through to its parser
            rows[row_number]["notes"] = f"inferred: {column} for this test."
        return rows
    return edit


def _duplicate_id(rows):
    rows[6]["incident_id"] = rows[5]["incident_id"]
    return rows


def _drop_column(rows):
    return [{k: v for k, v in r.items() if k != "event_type"} for r in rows]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_set(0, "place_text", "Gotham City"), "place not in data/reference/gazetteer.csv"),
        (_set(0, "date_text", "31st February 2018"), "date not understood"),
        (_set(0, "charges_text", "Article 999 of the Criminal Code"), "article not in data/reference/articles.csv"),
        (_set(0, "quote", "A sentence that is in no report."), "quote must occur verbatim"),
        (_duplicate_id, "must be unique"),
        (_drop_column, "required column is missing"),
    ],
    ids=["unknown place", "impossible date", "unknown article", "quote not in report",
         "duplicate id", "missing column"],
)
def test_bad_input_is_named_and_leaves_clean_data_untouched(project, edit, expected):
    root, env = project
    before = _digests(root / "data" / "clean")
    path, original = _break_sheet(root, edit)
    try:
        result = run_kzstats("build", env=env)
    finally:
        path.write_bytes(original)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr and "incidents.csv" in result.stderr
    assert _digests(root / "data" / "clean") == before
    assert expected in (root / "reports" / "build-problems.csv").read_text(encoding="utf-8")


def test_a_sheet_in_the_wrong_encoding_is_named_and_leaves_clean_data_untouched(project):
    root, env = project
    before = _digests(root / "data" / "clean")
    path = root / "data" / "raw" / "incidents.csv"
    original = path.read_bytes()
    path.write_bytes(original.decode("utf-8").encode("utf-16"))
    try:
        result = run_kzstats("build", env=env)
    finally:
        path.write_bytes(original)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "must be UTF-8" in result.stderr
    assert _digests(root / "data" / "clean") == before


def test_raw_data_is_never_written(project):
    root, env = project
    before = _digests(root / "data" / "raw")
    assert run_kzstats("build", env=env).returncode == 0
    assert _digests(root / "data" / "raw") == before

"""`kzstats build` end to end: the real data builds clean; bad input stops it and changes nothing."""

import csv
import hashlib
import json

import pandas as pd
import pytest

from conftest import run_kzstats
from kzstats import config


def _digests(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_real_data_builds_every_contract_table_as_csv_and_parquet(built_project):
    root = built_project
    clean = root / "data" / "clean"
    for table in ("events", "event_articles", "event_sources", "persons", "reports",
                  "custody_spells", "status_observations", "stated_totals"):
        csv_table = pd.read_csv(clean / f"{table}.csv", dtype=str, keep_default_na=False)
        parquet = pd.read_parquet(clean / f"{table}.parquet")
        assert len(csv_table) == len(parquet) > 0
    package = json.loads((clean / "datapackage.json").read_text())
    assert {r["name"] for r in package["resources"]} == {
        "events", "event-articles", "event-sources", "persons", "reports", "custody-spells",
        "status-observations", "stated-totals"}
    assert all(f["description"] for r in package["resources"] for f in r["schema"]["fields"])


def test_every_raw_row_is_in_exactly_one_event_or_status_observation(built_project):
    root = built_project
    events = pd.read_csv(root / "data" / "clean" / "events.csv", dtype=str, keep_default_na=False)
    status = pd.read_csv(root / "data" / "clean" / "status_observations.csv", dtype=str,
                         keep_default_na=False)
    sheet = pd.read_csv(config.INCIDENTS_CSV, dtype=str, keep_default_na=False)
    merged = [*events["incident_ids"].str.split(";").explode(), *status["incident_id"]]
    assert sorted(merged) == sorted(sheet["incident_id"])


def test_every_telling_of_an_event_is_in_event_sources_with_its_quote(built_project):
    clean = built_project / "data" / "clean"
    events = pd.read_parquet(clean / "events.parquet")
    sources = pd.read_parquet(clean / "event_sources.parquet")
    sheet = pd.read_csv(config.INCIDENTS_CSV, dtype=str, keep_default_na=False).set_index("incident_id")
    told = events.set_index("event_id")["incident_ids"].str.split(";").explode()
    assert sorted(sources["incident_id"]) == sorted(told)
    assert (sources["event_id"] == sources["incident_id"].map(
        dict(zip(told.to_numpy(), told.index)))).all()
    assert (sources["quote"] == sources["incident_id"].map(sheet["quote"])).all()
    assert (sources["report_id"] == sources["incident_id"].map(sheet["report_id"])).all()
    assert sources["event_id"].nunique() == len(events) < len(sources)


def test_the_same_raw_data_gives_byte_identical_clean_files(built_copy):
    root = built_copy
    before = _digests(root / "data" / "clean")
    assert run_kzstats("build", root=root).returncode == 0
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
            rows[row_number]["notes"] += f"; inferred: {column} for this test."
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
def test_bad_input_is_named_and_leaves_clean_data_untouched(built_copy, edit, expected):
    root = built_copy
    before = _digests(root / "data" / "clean")
    path, original = _break_sheet(root, edit)
    try:
        result = run_kzstats("build", root=root)
    finally:
        path.write_bytes(original)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr and "incidents.csv" in result.stderr
    assert _digests(root / "data" / "clean") == before
    assert expected in (root / "reports" / "build-problems.csv").read_text(encoding="utf-8")


def test_a_sheet_in_the_wrong_encoding_is_named_and_leaves_clean_data_untouched(built_copy):
    root = built_copy
    before = _digests(root / "data" / "clean")
    path = root / "data" / "raw" / "incidents.csv"
    original = path.read_bytes()
    path.write_bytes(original.decode("utf-8").encode("utf-16"))
    try:
        result = run_kzstats("build", root=root)
    finally:
        path.write_bytes(original)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "must be UTF-8" in result.stderr
    assert _digests(root / "data" / "clean") == before


def test_raw_data_is_never_written(built_copy):
    root = built_copy
    before = _digests(root / "data" / "raw")
    assert run_kzstats("build", root=root).returncode == 0
    assert _digests(root / "data" / "raw") == before


def test_a_date_running_past_its_report_is_cut_to_the_report_and_noted():
    from kzstats.build import clean_rows

    sheet = pd.DataFrame([{
        "incident_id": "odf-2021-09-0111", "report_id": "odf-2021-09", "person": "A",
        "group_size": "1", "role": "activist", "affiliation": "DVK", "event_type": "sentence",
        "date_text": "In 2021", "place_text": "", "charges_text": "",
        "outcome_text": "restriction of liberty", "quote": "In 2021, A was sentenced.", "notes": ""}])
    reports = pd.DataFrame([{"report_id": "odf-2021-09", "period_start": "2021-01-01",
                             "period_end": "2021-09-01"}])
    rows, _ = clean_rows(sheet, reports)
    assert rows.loc[0, ["event_date", "event_date_end", "date_capped"]].tolist() == [
        "2021-01-01", "2021-09-01", True]
    assert rows.loc[0, "affiliation"] == "Democratic Choice of Kazakhstan (DCK)"

"""Guards on the coded data itself: evidence, ids, vocabularies and a clean CSV."""

import csv
import hashlib

import pandas as pd

from kzstats import config, reference
from kzstats.sheet import SHEET_COLUMNS
from kzstats.validate import validate_sheet


def test_every_quote_is_verbatim_in_its_report(incidents, reports_table):
    texts = {
        r.report_id: (config.RAW_DATA_DIR / r.file).read_text(encoding="utf-8")
        for r in reports_table.itertuples()
    }
    missing = [r.incident_id for r in incidents.itertuples() if r.quote not in texts[r.report_id]]
    assert not missing, f"quotes not found verbatim in their report: {missing}"


def test_every_quote_names_no_more_than_one_paragraph(incidents):
    assert not incidents["quote"].str.contains("\n").any()


def test_every_report_id_is_in_reports_csv(incidents, reports_table):
    assert set(incidents["report_id"]) <= set(reports_table["report_id"])


def test_every_report_has_coded_rows(incidents, reports_table):
    assert set(reports_table["report_id"]) == set(incidents["report_id"])


def test_incident_ids_are_unique_and_numbered_within_their_report(incidents):
    assert incidents["incident_id"].is_unique
    prefix = incidents["incident_id"].str.rsplit("-", n=1).str[0]
    assert (prefix == incidents["report_id"]).all()


def test_event_types_and_roles_are_in_the_vocabularies(incidents):
    assert set(incidents["event_type"]) <= set(reference.event_types())
    assert set(incidents["role"]) <= set(reference.roles())


def test_group_size_is_a_whole_number_of_at_least_one(incidents):
    sizes = pd.to_numeric(incidents["group_size"], errors="raise")
    assert (sizes >= 1).all() and (sizes == sizes.round()).all()


def test_required_columns_are_present_in_order(incidents):
    assert tuple(incidents.columns) == SHEET_COLUMNS


def test_the_sheet_passes_its_own_schema():
    validate_sheet(config.INCIDENTS_CSV)


def test_the_csv_reads_the_same_in_pandas_and_in_a_plain_csv_reader(incidents):
    raw = config.INCIDENTS_CSV.read_bytes()
    raw.decode("utf-8")  # strict: fails on any non-UTF-8 byte
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    with config.INCIDENTS_CSV.open(encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))
    assert all(len(r) == len(records[0]) for r in records)
    assert records[1:] == incidents.values.tolist()


def test_report_texts_are_exactly_as_received(reports_table):
    for r in reports_table.itertuples():
        digest = hashlib.sha256((config.RAW_DATA_DIR / r.file).read_bytes()).hexdigest()
        assert digest == r.sha256, f"{r.file} differs from the text received"


def test_reports_csv_periods_are_iso_dates(reports_table):
    start = pd.to_datetime(reports_table["period_start"], format="%Y-%m-%d")
    end = pd.to_datetime(reports_table["period_end"], format="%Y-%m-%d")
    assert (start <= end).all()

"""A new report end to end: add-report, extract, accept, build, figures; the changelog says what moved.

The real report civicus-2019-11 is taken out of a copy of the project and brought back as a
researcher would bring next month's report, so every step runs on real text.
"""

import csv
import shutil

import pandas as pd
import pytest

from conftest import copy_project, run_kzstats

REPORT_ID = "civicus-2019-11"


def _drop_rows(path, column: int, value: str) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r[column] != value]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.mark.slow
def test_a_report_added_extracted_and_accepted_reaches_clean_data_figures_and_changelog(tmp_path):
    root = tmp_path / "project"
    raw = root / "data" / "raw"
    copy_project(root)
    text = tmp_path / "new-report.txt"
    shutil.move(raw / "reports" / f"{REPORT_ID}.txt", text)
    _drop_rows(raw / "reports.csv", 0, REPORT_ID)
    _drop_rows(raw / "incidents.csv", 1, REPORT_ID)
    # The decisions on its rows go with them: the build refuses decisions on rows it lacks.
    overrides = pd.read_csv(raw / "event_overrides.csv", dtype=str, keep_default_na=False)
    mine = overrides["incident_id"].str.startswith(REPORT_ID) | overrides["same_as"].str.startswith(REPORT_ID)
    overrides[~mine].to_csv(raw / "event_overrides.csv", index=False, lineterminator="\n")
    result = run_kzstats("build", root=root)
    assert result.returncode == 0, result.stderr

    steps = [("add-report", str(text), "--publisher", "civicus", "--period", "2019-10-21..2019-11-30",
              "--title", "Kazakhstan: new update"),
             ("extract-train",), ("extract", REPORT_ID), ("accept", REPORT_ID), ("build",)]
    for step in steps:
        result = run_kzstats(*step, root=root)
        assert result.returncode == 0, (step, result.stderr[-3000:])

    sheet = pd.read_csv(raw / "incidents.csv", dtype=str, keep_default_na=False)
    accepted = set(sheet.loc[sheet["report_id"] == REPORT_ID, "incident_id"])
    assert len(accepted) > 10
    changes = pd.read_csv(root / "data" / "clean" / "changes.csv", dtype=str, keep_default_na=False)
    rows_in_changes = {i for ids in changes["rows_added"] for i in ids.split(";") if i}
    assert rows_in_changes == accepted
    assert f"Reports added: {REPORT_ID}" in (root / "data" / "clean" / "CHANGES.md").read_text()

    figures = run_kzstats("figures", "--out", str(tmp_path / "figures"), root=root)
    assert figures.returncode == 0, figures.stderr
    drawn = pd.read_csv(tmp_path / "figures" / "fig02-detentions-per-month.csv")
    november = drawn[drawn["period"].astype(str).str.startswith("2019-11")]
    assert november["events"].sum() > 0

"""The changelog of the clean data: events matched by their rows, figures counted honestly."""

import csv
import hashlib
import shutil

import numpy as np
import pandas as pd

from conftest import run_kzstats
from kzstats import changes, config


def _events(*rows) -> pd.DataFrame:
    """A tiny events table: (incident_ids, event_type, event_date, person_name, sentence_months)."""
    table = pd.DataFrame(rows, columns=["incident_ids", "event_type", "event_date", "person_name",
                                        "sentence_months"])
    first = table["incident_ids"].str.split(";").map(min)
    table.insert(0, "event_id", "ev-" + first)
    table["source_report_ids"] = table["incident_ids"].str.split(";").map(
        lambda ids: ";".join(sorted({i.rsplit("-", 1)[0] for i in ids})))
    return table


BALTABAY = ("civicus-2019-11-0014", "detention", "2019-10-16", "Erlan Baltabay", np.nan)
SORMANOV = ("civicus-2019-11-0030", "detention", "2019-11-15", "Murat Sormanov", np.nan)
KHARKOVA = ("civicus-2017-07-0001", "sentence", "2017-07-25", "Larisa Kharkova", 48.0)


def _counted(table: str) -> int:
    """Rows of a table of the project's own clean build (built from the same raw data)."""
    return len(pd.read_csv(config.CLEAN_DATA_DIR / f"{table}.csv", dtype=str))


def test_an_event_of_new_rows_only_is_added():
    table = changes.event_changes(_events(BALTABAY), _events(BALTABAY, SORMANOV))
    assert table[["event_id", "previous_event_id", "change", "rows_added"]].values.tolist() == [
        ["ev-civicus-2019-11-0030", "", "added", "civicus-2019-11-0030"]]
    assert table.loc[0, "person_name"] == "Murat Sormanov"


def test_an_event_whose_rows_are_all_gone_is_removed_and_described_as_it_was():
    table = changes.event_changes(_events(BALTABAY, SORMANOV), _events(BALTABAY))
    assert table[["event_id", "previous_event_id", "change", "rows_removed"]].values.tolist() == [
        ["", "ev-civicus-2019-11-0030", "removed", "civicus-2019-11-0030"]]
    assert table.loc[0, ["event_type", "event_date", "person_name"]].tolist() == [
        "detention", "2019-11-15", "Murat Sormanov"]


def test_unchanged_events_are_left_out_and_empty_values_compare_equal():
    assert changes.event_changes(_events(BALTABAY, KHARKOVA), _events(BALTABAY, KHARKOVA)).empty


def test_a_changed_value_names_its_column():
    longer = KHARKOVA[:4] + (60.0,)
    table = changes.event_changes(_events(KHARKOVA), _events(longer))
    assert table[["event_id", "change", "changed_columns"]].values.tolist() == [
        ["ev-civicus-2017-07-0001", "changed", "sentence_months"]]


def test_a_new_report_joining_an_event_renames_it_and_counts_as_changed_not_removed_and_added():
    old = ("odf-2021-09-0041", "sentence", "2019-09-12", "Aigerim Tleuzhan", 36.0)
    told_again = ("civicus-2022-01-0003;odf-2021-09-0041",) + old[1:]
    table = changes.event_changes(_events(old), _events(told_again))
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["event_id"], row["previous_event_id"], row["change"]) == (
        "ev-civicus-2022-01-0003", "ev-odf-2021-09-0041", "changed")
    assert row["sources_added"] == "civicus-2022-01"
    assert (row["rows_added"], row["rows_removed"]) == ("civicus-2022-01-0003", "")
    assert row["changed_columns"] == "event_id;incident_ids;source_report_ids"
    entry = changes.render_entry("2022-02-01", "1 event changed", "", table, None)
    assert "changed: new source civicus-2022-01; was ev-odf-2021-09-0041" in entry


def test_two_events_told_as_one_are_one_changed_and_one_merged():
    a = ("odf-2019-02-0003", "detention", "2019-02-22", "Erlan Baltabay", np.nan)
    b = ("civicus-2019-11-0014",) + a[1:]
    both = ("civicus-2019-11-0014;odf-2019-02-0003",) + a[1:]
    table = changes.event_changes(_events(a, b), _events(both))
    assert table[["event_id", "previous_event_id", "change"]].values.tolist() == [
        ["ev-civicus-2019-11-0014", "ev-civicus-2019-11-0014", "changed"],
        ["ev-civicus-2019-11-0014", "ev-odf-2019-02-0003", "merged"]]


def test_an_event_told_apart_again_is_one_changed_and_one_split():
    both = ("civicus-2019-11-0014;odf-2019-02-0003", "detention", "2019-02-22", "Erlan Baltabay", np.nan)
    a, b = ("odf-2019-02-0003",) + both[1:], ("civicus-2019-11-0014",) + both[1:]
    table = changes.event_changes(_events(both), _events(a, b))
    assert table[["event_id", "previous_event_id", "change", "rows_removed"]].values.tolist() == [
        ["ev-civicus-2019-11-0014", "ev-civicus-2019-11-0014", "changed", "odf-2019-02-0003"],
        ["ev-odf-2019-02-0003", "ev-civicus-2019-11-0014", "split", ""]]


def test_the_headline_counts_events_by_kind_of_change():
    table = pd.DataFrame({"change": ["added", "added", "changed"]})
    nothing = {"added": [], "changed": [], "removed": []}
    assert changes.headline(table, nothing, nothing) == "2 events added, 1 changed"
    assert changes.headline(table.head(0), {**nothing, "added": ["p-1"]}, nothing) == "persons: 1 added"
    assert changes.headline(table.head(0), nothing, nothing) == ""


def _tiny_build(*detentions) -> dict[str, pd.DataFrame]:
    """A monitoring report for 2019 and a retrospective list back to 2017, with detentions."""
    reports = pd.DataFrame({
        "report_id": ["civicus-2019-12", "odf-2021-09"], "coverage": ["monitoring", "retrospective"],
        "period_start": ["2019-01-01", "2017-01-01"], "period_end": ["2019-12-31", "2020-12-31"],
        "n_incidents": [1, 1]})
    events = pd.DataFrame([(f"ev-{i}", kind, date, date, size) for i, (kind, date, size)
                           in enumerate(detentions)],
                          columns=["event_id", "event_type", "event_date", "event_date_end", "group_size"])
    articles = pd.DataFrame(columns=["event_id", "legal_code", "article", "part", "title", "category"])
    return {"events": events, "event_articles": articles, "reports": reports,
            "persons": pd.DataFrame({"person_id": []})}


def test_a_year_no_report_covers_is_no_data_never_zero():
    figures = changes.headline_figures(_tiny_build(("detention", "2019-03-05", 3),
                                                   ("detention", "2020-06-01", 1)))
    value = figures.set_index("figure")["value"]
    assert value["detention events, 2017"] == "no data"
    assert value["detention events, 2019"] == "1"
    assert value["people detained, 2019"] == "3"
    assert value["detention events, 2020"] == "1 (not covered)"


def test_a_moved_figure_from_no_data_has_no_difference_and_unmoved_figures_are_left_out():
    before = changes.headline_figures(_tiny_build(("detention", "2019-03-05", 3)))
    after = changes.headline_figures(_tiny_build(("detention", "2019-03-05", 3),
                                                 ("detention", "2019-04-01", 1),
                                                 ("detention", "2020-06-01", 1)))
    moved = changes.moved_figures(before, after).set_index("figure")
    assert moved.loc["detention events, 2019"].tolist() == ["1", "2", "+1"]
    assert moved.loc["detention events, 2020"].tolist() == ["no data", "1 (not covered)", ""]
    assert "detention events, 2017" not in moved.index


def test_a_new_entry_goes_first_and_the_history_is_trimmed():
    text = None
    for day in range(1, changes.MAX_ENTRIES + 3):
        text = changes.with_entry(text, f"## 2022-01-{day:02d}: 1 event added\n\nline\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == changes.MAX_ENTRIES
    assert headings[0] == f"## 2022-01-{changes.MAX_ENTRIES + 2:02d}: 1 event added"
    assert headings[-1] == "## 2022-01-03: 1 event added"
    assert text.startswith("# What changed in the clean data")


def _clean_copy(folder):
    shutil.copytree(config.CLEAN_DATA_DIR, folder, ignore=shutil.ignore_patterns("CHANGES.md", "changes.csv"))
    return folder


def test_clean_data_older_than_the_changelog_start_it_and_then_keep_it_as_it_is(tmp_path):
    previous, staged = _clean_copy(tmp_path / "clean"), _clean_copy(tmp_path / "staging")
    events = _counted("events")
    assert changes.record(previous, staged, "2022-02-01") == f"changelog started: {events} events"
    text = (staged / changes.CHANGES_MD).read_text(encoding="utf-8")
    assert f"\n## 2022-02-01: changelog started: {events} events\n" in text
    again = _clean_copy(tmp_path / "again")
    assert changes.record(staged, again, "2022-03-01") == "no change since the last build"
    for name in (changes.CHANGES_MD, changes.CHANGES_CSV):
        assert (again / name).read_bytes() == (staged / name).read_bytes()


# --- End to end: two rows added to a copy of the project -----------------------------------------

NEW_ROWS = {"civicus-2019-11-0030": ("civicus-2019-11-0078", "Daniyar Tulegenov"),
            "civicus-2019-11-0032": ("civicus-2019-11-0079", "Nurlan Abenov")}


def _add_rows(sheet):
    """Two more people detained at home in Almaty on 15th November 2019, told by the same
    passages of civicus-2019-11 as two real rows (so their quotes stay verbatim)."""
    with sheet.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    added = [{**r, "incident_id": NEW_ROWS[r["incident_id"]][0], "person": NEW_ROWS[r["incident_id"]][1],
              "notes": "inferred: person (a made-up name; the passage names someone else)"}
             for r in rows if r["incident_id"] in NEW_ROWS]
    with sheet.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows + added)


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _clean_events(root) -> pd.DataFrame:
    return pd.read_csv(root / "data" / "clean" / "events.csv", dtype=str, keep_default_na=False)


def test_the_first_build_starts_the_changelog(first_build):
    text = (first_build.root / "data" / "clean" / "CHANGES.md").read_text(encoding="utf-8")
    first = f"first build: {len(_clean_events(first_build.root))} events"
    assert first in first_build.stdout
    assert next(line for line in text.splitlines() if line.startswith("## ")).endswith(f": {first}")


def _headline(entry: str, figure: str) -> list[str]:
    """The before, after and difference cells of a headline figure's row in a changelog entry."""
    row = next(line for line in entry.splitlines() if line.startswith(f"| {figure} |"))
    return [cell.strip() for cell in row.strip("|").split("|")][1:]


def test_the_changelog_after_adding_rows_lists_exactly_those_rows(built_copy):
    root = built_copy
    events_before = len(_clean_events(root))
    persons_before = len(pd.read_csv(root / "data" / "clean" / "persons.csv"))
    _add_rows(root / "data" / "raw" / "incidents.csv")
    result = run_kzstats("build", root=root)
    assert result.returncode == 0, result.stderr
    assert "changes since the last build: 2 events added; reports: 1 changed; persons: 2 added" in result.stdout
    clean = root / "data" / "clean"
    listed = pd.read_csv(clean / "changes.csv", dtype=str, keep_default_na=False)
    assert listed[["event_id", "change", "rows_added"]].values.tolist() == [
        ["ev-civicus-2019-11-0078", "added", "civicus-2019-11-0078"],
        ["ev-civicus-2019-11-0079", "added", "civicus-2019-11-0079"]]
    entry = (clean / "CHANGES.md").read_text(encoding="utf-8").split("\n## ")[1]
    assert entry.count("| ev-") == 2
    assert "| ev-civicus-2019-11-0078 | added | detention, 2019-11-15, Daniyar Tulegenov |" in entry
    sheet_rows = len(pd.read_csv(root / "data" / "raw" / "incidents.csv", dtype=str))
    assert (f"{events_before} → {events_before + 2} events, {persons_before} → {persons_before + 2} "
            f"persons, 5 reports, {sheet_rows - 2} → {sheet_rows} coded rows.") in entry
    for figure in ("detention events, 2019", "people detained, 2019"):
        before, after, difference = _headline(entry, figure)
        share = before.split(" ", 1)[1]  # the same share of the year covered, after as before
        assert after == f"{int(before.split()[0]) + 2} {share}" and difference == "+2", figure
    assert "sentence cases" not in entry  # no sentence figure moved
    assert f": first build: {events_before} events" in (clean / "CHANGES.md").read_text(encoding="utf-8")


def test_a_rebuild_without_change_leaves_the_changelog_byte_identical(built_copy):
    clean = built_copy / "data" / "clean"
    before = {name: _digest(clean / name) for name in (changes.CHANGES_MD, changes.CHANGES_CSV)}
    result = run_kzstats("build", root=built_copy)
    assert result.returncode == 0, result.stderr
    assert "no change since the last build" in result.stdout
    assert {name: _digest(clean / name) for name in before} == before

"""Counting over time: uncovered periods are missing, not zero; groups count people, once."""

import pandas as pd

from kzstats.trends import counts_over_time, coverage

REPORTS = pd.DataFrame({"report_id": ["a", "b"], "period_start": ["2019-01-01", "2019-04-01"],
                        "period_end": ["2019-02-28", "2019-04-30"],
                        "coverage": ["monitoring", "monitoring"]})


def _events(*specs):
    columns = ["event_id", "event_type", "event_date", "event_date_end", "group_size"]
    return pd.DataFrame([dict(zip(columns, s)) for s in specs], columns=columns)


def test_a_month_no_report_covers_is_missing_not_zero():
    events = _events(("e1", "detention", "2019-01-10", "2019-01-10", 1))
    table = counts_over_time(events, REPORTS).set_index(["period", "event_type"])
    assert pd.isna(table.loc[(pd.Period("2019-03", "M"), "detention"), "events"])
    assert table.loc[(pd.Period("2019-02", "M"), "detention"), "events"] == 0


def test_a_group_of_200_counts_200_people_and_one_event():
    events = _events(("e1", "detention", "2019-02-27", "2019-02-27", 200))
    row = counts_over_time(events, REPORTS).set_index(["period", "event_type"]).loc[
        (pd.Period("2019-02", "M"), "detention")]
    assert (row["events"], row["people"]) == (1, 200)


def test_an_event_told_by_two_reports_counts_once():
    # data/clean/events already holds one row per merged event; counting never re-expands it.
    events = _events(("ev-a-0001", "detention", "2019-04-02", "2019-04-02", 1))
    events["source_report_ids"] = "a;b"
    table = counts_over_time(events, REPORTS)
    assert table["events"].sum() == 1


def test_events_dated_only_to_a_year_are_counted_as_imprecise_not_placed():
    events = _events(("e1", "detention", "2019-01-01", "2019-12-31", 1))
    table = counts_over_time(events, REPORTS)
    assert table["events"].sum() == 0 and table.attrs["imprecise"] == 1


def test_coverage_lists_the_reports_of_each_month():
    table = coverage(REPORTS).set_index("period")
    assert table.loc[pd.Period("2019-04", "M"), "report_ids"] == "b"
    assert pd.Period("2019-03", "M") not in table.index


def test_a_retrospective_list_does_not_turn_its_months_into_zeros():
    reports = REPORTS.assign(coverage=["monitoring", "retrospective"])
    table = counts_over_time(_events(), reports).set_index(["period", "event_type"])
    assert pd.isna(table.loc[(pd.Period("2019-04", "M"), "detention"), "events"])
    assert table.loc[(pd.Period("2019-01", "M"), "detention"), "events"] == 0

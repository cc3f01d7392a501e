"""Counting over time: uncovered periods are missing, not zero; groups count people, once."""

import pandas as pd

from kzstats.counting import Placement, placement
from kzstats.trends import (
    NO_ARTICLE,
    by_region,
    counts_over_time,
    coverage,
    extremism_share,
    sentence_lengths,
    sentences_by_article,
    severity,
    source_spans,
)

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
    assert table["events"].sum() == 0 and placement(events, "M").imprecise == 1


def test_coverage_lists_the_reports_of_each_month():
    table = coverage(REPORTS).set_index("period")
    assert table.loc[pd.Period("2019-04", "M"), "report_ids"] == "b"
    assert pd.Period("2019-03", "M") not in table.index


def test_a_retrospective_list_does_not_turn_its_months_into_zeros():
    reports = REPORTS.assign(coverage=["monitoring", "retrospective"])
    table = counts_over_time(_events(), reports).set_index(["period", "event_type"])
    assert pd.isna(table.loc[(pd.Period("2019-04", "M"), "detention"), "events"])
    assert table.loc[(pd.Period("2019-01", "M"), "detention"), "events"] == 0


def test_a_month_covered_in_part_says_how_much():
    reports = pd.DataFrame({"report_id": ["a"], "period_start": ["2019-10-21"],
                            "period_end": ["2019-11-30"], "coverage": ["monitoring"]})
    table = coverage(reports).set_index("period")
    assert round(table.loc[pd.Period("2019-10", "M"), "share_covered"], 2) == 0.35
    assert table.loc[pd.Period("2019-11", "M"), "share_covered"] == 1.0


def test_days_two_reports_both_cover_count_once():
    reports = pd.DataFrame({"report_id": ["a", "b", "c"],
                            "period_start": ["2019-10-01", "2019-10-05", "2019-10-21"],
                            "period_end": ["2019-10-10", "2019-10-20", "2019-10-22"],
                            "coverage": ["monitoring"] * 3})
    table = coverage(reports).set_index("period")
    assert table.loc[pd.Period("2019-10", "M"), "share_covered"] == 22 / 31
    assert table.loc[pd.Period("2019-10", "M"), "n_reports"] == 3
    yearly = coverage(reports, "Y").set_index("period")
    assert yearly.loc[pd.Period("2019", "Y"), "share_covered"] == 22 / 365


def test_a_report_whose_period_ends_before_it_starts_covers_nothing():
    reports = pd.DataFrame({"report_id": ["a"], "period_start": ["2019-10-21"],
                            "period_end": ["2019-10-01"], "coverage": ["monitoring"]})
    assert coverage(reports).empty


def test_events_told_for_an_uncovered_month_are_kept_as_a_floor():
    events = _events(("e1", "detention", "2019-03-05", "2019-03-05", 2000))
    row = counts_over_time(events, REPORTS).set_index(["period", "event_type"]).loc[
        (pd.Period("2019-03", "M"), "detention")]
    assert (row["people"], bool(row["covered"])) == (2000, False)


def test_a_year_precise_event_is_placed_in_a_yearly_table():
    events = _events(("e1", "detention", "2019-01-01", "2019-12-31", 1))
    table = counts_over_time(events, REPORTS, freq="Y")
    assert table["events"].sum() == 1 and placement(events, "Y").imprecise == 0


def test_undated_events_are_counted_apart_from_imprecise_ones():
    events = _events(("e1", "detention", "", "", 1), ("e2", "detention", "2019-01-01", "2019-06-30", 1))
    assert placement(events, "M") == Placement(total=2, undated=1, imprecise=1)


SENTENCES = pd.DataFrame({
    "event_id": ["s1", "s2", "s3"], "event_type": "sentence", "group_size": 1,
    "event_date": ["2019-01-10", "2019-02-10", "2019-02-11"],
    "event_date_end": ["2019-01-10", "2019-02-10", "2019-02-11"],
    "person_name": ["A", "B", "C"], "region_iso": ["KZ-75", "", "KZ-71"],
    "sentence_type": ["imprisonment", "restriction_of_liberty", "imprisonment"],
    "sentence_months": [60.0, 24.0, None], "sentence_days": None, "suspended": False,
    "source_report_ids": "a"})
ARTICLES = pd.DataFrame({"event_id": ["s1", "s1", "s2"], "legal_code": "criminal",
                         "article": ["174", "405", "405"], "part": ["1", "2", "2"],
                         "title": "", "category": ["speech", "extremism", "extremism"]})


def test_a_case_under_two_articles_counts_once_under_each():
    table = sentences_by_article(SENTENCES, ARTICLES, REPORTS, freq="Y", top=None)
    totals = table.groupby("article_label")["events"].sum()
    assert totals["405 Banned extremist organisation"] == 2
    assert totals["174 Inciting discord"] == 1
    assert totals[NO_ARTICLE] == 1


def test_the_extremism_share_leaves_out_cases_with_no_article():
    row = extremism_share(SENTENCES, ARTICLES, freq="Y").iloc[0]
    assert (row["cases"], row["extremism_cases"], row["no_article"], row["share"]) == (2, 2, 1, 1.0)


def test_severity_counts_a_case_once_and_skips_sentences_without_terms():
    lengths = sentence_lengths(SENTENCES, ARTICLES, top=None)
    summary = severity(lengths, by=("sentence_type",)).set_index("sentence_type")
    assert summary.loc["imprisonment", "cases"] == 1
    assert summary.loc["restriction_of_liberty", "median"] == 24.0


def test_regions_are_todays_units_and_every_unit_appears():
    table = by_region(SENTENCES, REPORTS, freq="Y")
    assert table["region_name"].nunique() == 21  # 20 units and "not placed"
    counted = table.groupby("region_name")["events"].sum()
    assert (counted["Almaty"], counted["Astana"], counted["not placed"]) == (1, 1, 1)


def test_each_day_is_told_by_monitoring_over_the_retrospective_list_and_else_by_nothing():
    reports = pd.DataFrame({"report_id": ["list", "monthly"], "coverage": ["retrospective", "monitoring"],
                            "period_start": pd.to_datetime(["2020-03-10", "2020-05-01"]),
                            "period_end": pd.to_datetime(["2020-12-31", "2020-06-30"])})
    spans = source_spans(reports, "2020-01-01", "2021-01-31")
    day = pd.Timestamp
    assert spans.to_dict("records") == [
        {"start": day("2020-01-01"), "end": day("2020-03-10"), "source": "none"},
        {"start": day("2020-03-10"), "end": day("2020-05-01"), "source": "list"},
        {"start": day("2020-05-01"), "end": day("2020-07-01"), "source": "monitoring"},
        {"start": day("2020-07-01"), "end": day("2021-01-01"), "source": "list"},
        {"start": day("2021-01-01"), "end": day("2021-02-01"), "source": "none"}]

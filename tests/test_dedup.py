"""The same event told by two reports counts once; different events never merge by accident."""

import pandas as pd

from kzstats.dedup import assemble, assign_events, best_rows, merge_events

NO_OVERRIDES = pd.DataFrame(columns=["incident_id", "same_as", "decision", "note"])


PERIOD_END = {"a": "2019-11-30", "b": "2021-09-01"}


def _rows(*specs, **columns):
    names = ["incident_id", "report_id", "person_id", "event_type", "event_date",
             "event_date_end", "date_precision", "sentence_type"]
    rows = pd.DataFrame([dict(zip(names, s)) for s in specs])
    return rows.assign(period_end=rows["report_id"].map(PERIOD_END), **columns)


def test_an_event_told_by_two_reports_becomes_one_event_listing_both():
    rows = _rows(
        ("a-0001", "a", "p1", "sentence", "2018-10-01", "2018-10-31", "month", "imprisonment"),
        ("b-0001", "b", "p1", "sentence", "2018-10-25", "2018-10-25", "day", "imprisonment"),
    )
    rows["event_id"], log, _ = assign_events(rows, NO_OVERRIDES)
    events = merge_events(rows)
    assert len(events) == 1 and len(log) == 1
    event = events.iloc[0]
    assert event["source_report_ids"] == "a;b" and event["n_sources"] == 2
    assert event["event_date"] == "2018-10-25"  # details from the most precise telling
    assert event["event_id"] == "ev-a-0001"


def test_two_events_of_one_person_in_different_months_stay_two():
    rows = _rows(
        ("a-0001", "a", "p1", "detention", "2019-02-27", "2019-02-27", "day", ""),
        ("b-0001", "b", "p1", "detention", "2019-05-09", "2019-05-09", "day", ""),
    )
    rows["event_id"], _, _ = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 2


def test_two_undated_rows_of_one_report_stay_two():
    rows = _rows(
        ("a-0001", "a", "p1", "administrative_arrest", "", "", "unknown", ""),
        ("a-0002", "a", "p1", "administrative_arrest", "", "", "unknown", ""),
    )
    rows["event_id"], _, _ = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 2


def test_unnamed_groups_are_not_merged_by_the_rule():
    rows = _rows(
        ("a-0001", "a", "", "detention", "2019-02-27", "2019-02-27", "day", ""),
        ("b-0001", "b", "", "detention", "2019-02-27", "2019-02-27", "day", ""),
    )
    rows["event_id"], _, _ = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 2


def test_the_override_table_corrects_the_rule_both_ways():
    rows = _rows(
        ("a-0001", "a", "p1", "sentence", "2018-10-01", "2018-10-31", "month", ""),
        ("b-0001", "b", "p1", "sentence", "2018-10-25", "2018-10-25", "day", ""),
        ("a-0002", "a", "", "detention", "2019-02-27", "2019-02-27", "day", ""),
        ("b-0002", "b", "", "detention", "2019-02-27", "2019-02-27", "day", ""),
    )
    overrides = pd.DataFrame([
        {"incident_id": "a-0001", "same_as": "b-0001", "decision": "different", "note": ""},
        {"incident_id": "a-0002", "same_as": "b-0002", "decision": "same", "note": ""},
    ])
    rows["event_id"], log, _ = assign_events(rows, overrides)
    ids = rows.set_index("incident_id")["event_id"]
    assert ids["a-0001"] != ids["b-0001"]
    assert ids["a-0002"] == ids["b-0002"]
    assert list(log["reason"]) == ["decision: "] and log["confirmed"].all()


def test_an_undated_telling_joins_the_one_dated_telling_its_report_could_know():
    rows = _rows(
        ("a-0001", "a", "p1", "sentence", "", "", "unknown", "imprisonment"),
        ("b-0001", "b", "p1", "sentence", "2018-10-21", "2018-10-21", "day", "imprisonment"),
    )
    rows["event_id"], _, _ = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 1


def test_an_undated_telling_never_joins_an_event_after_its_report():
    rows = _rows(
        ("a-0001", "a", "p1", "criminal_case", "", "", "unknown", ""),
        ("b-0001", "b", "p1", "criminal_case", "2020-12-26", "2020-12-26", "day", ""),
    )
    rows["event_id"], _, _ = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 2


def test_events_of_type_other_are_never_merged_by_the_rule():
    rows = _rows(
        ("a-0001", "a", "p1", "other", "2018-07-01", "2018-07-31", "month", ""),
        ("b-0001", "b", "p1", "other", "", "", "unknown", ""),
    )
    rows["event_id"], _, _ = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 2


def test_a_list_entry_and_the_detailed_account_in_one_report_are_one_event():
    rows = _rows(
        ("b-0111", "b", "p1", "sentence", "2021-01-01", "2021-09-01", "year", "restriction_of_liberty"),
        ("b-0218", "b", "p1", "sentence", "2021-06-01", "2021-06-10", "range", "restriction_of_liberty"),
        sentence_months=[None, 18.0])
    rows["event_id"], log, _ = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 1
    assert "told twice in one report" in log.loc[0, "reason"] and not log.loc[0, "confirmed"]


def test_two_different_terms_never_merge_and_go_to_a_person():
    rows = _rows(
        ("a-0013", "a", "p1", "sentence", "", "", "unknown", "imprisonment"),
        ("b-0177", "b", "p1", "sentence", "", "", "unknown", "imprisonment"),
        ("b-0178", "b", "p2", "sentence", "2019-01-01", "2019-12-31", "year", "imprisonment"),
        ("a-0014", "a", "p2", "sentence", "2019-05-01", "2019-05-31", "month", "imprisonment"),
        sentence_months=[240.0, None, 60.0, 84.0])
    rows["event_id"], log, doubts = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 4 and log.empty
    assert set(map(tuple, doubts[["incident_id_a", "incident_id_b"]].values)) == {("a-0014", "b-0178")}
    assert "outcomes differ" in doubts.loc[0, "reason"]


def test_an_undated_term_joins_a_dated_telling_only_with_the_same_outcome():
    rows = _rows(
        ("a-0013", "a", "p1", "sentence", "", "", "unknown", "imprisonment"),
        ("b-0177", "b", "p1", "sentence", "2018-05-01", "2018-05-31", "month", "imprisonment"),
        sentence_months=[240.0, None])
    rows["event_id"], log, doubts = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 2 and log.empty
    assert "outcomes are not the same" in doubts.loc[0, "reason"]


def test_a_ban_of_one_organisation_told_by_two_reports_is_one_event():
    rows = _rows(
        ("a-0002", "a", "", "organisation_banned", "2018-03-13", "2018-03-13", "day", ""),
        ("b-0002", "b", "", "organisation_banned", "2018-03-01", "2018-03-31", "month", ""),
        ("b-0003", "b", "", "organisation_banned", "2018-03-13", "2018-03-13", "day", ""),
        affiliation=["Democratic Choice of Kazakhstan (DCK)", "Democratic Choice of Kazakhstan (DCK)",
                     "Koshe Partiyasy"])
    rows["event_id"], _, _ = assign_events(rows, NO_OVERRIDES)
    ids = rows.set_index("incident_id")["event_id"]
    assert ids["a-0002"] == ids["b-0002"] != ids["b-0003"]


def test_two_reports_dating_an_arrest_months_apart_go_to_a_person_not_to_a_rule():
    rows = _rows(
        ("a-0029", "a", "p1", "detention", "2018-10-23", "2018-10-23", "day", ""),
        ("b-0017", "b", "p1", "detention", "2018-07-01", "2018-07-31", "month", ""))
    rows["event_id"], log, doubts = assign_events(rows, NO_OVERRIDES)
    assert rows["event_id"].nunique() == 2 and log.empty
    assert doubts.loc[0, "reason"] == "may be one event: two reports date it 84 days apart"


def test_a_confirmed_merge_says_so_and_a_decision_ends_a_doubt():
    rows = _rows(
        ("a-0001", "a", "p1", "detention", "2018-10-23", "2018-10-23", "day", ""),
        ("b-0001", "b", "p1", "detention", "2018-10-23", "2018-10-23", "day", ""),
        ("a-0029", "a", "p2", "detention", "2018-10-23", "2018-10-23", "day", ""),
        ("b-0017", "b", "p2", "detention", "2018-07-01", "2018-07-31", "month", ""))
    decided = pd.DataFrame([
        {"incident_id": "b-0001", "same_as": "a-0001", "decision": "same", "note": "checked"},
        {"incident_id": "a-0029", "same_as": "b-0017", "decision": "different", "note": "two arrests"}])
    rows["event_id"], log, doubts = assign_events(rows, decided)
    assert log["confirmed"].tolist() == [True] and doubts.empty


def test_merging_leaves_the_rows_as_they_were_and_handing_columns_over_gives_the_same_events():
    rows = _rows(
        ("a-0001", "a", "p1", "sentence", "2018-10-01", "2018-10-31", "month", "imprisonment"),
        ("b-0001", "b", "p1", "sentence", "2018-10-25", "2018-10-25", "day", "imprisonment"),
        ("b-0002", "b", "p2", "detention", "2018-11-02", "2018-11-02", "day", ""),
    )
    rows["event_id"], _, _ = assign_events(rows, NO_OVERRIDES)
    before = rows.copy()
    events = merge_events(rows)
    pd.testing.assert_frame_equal(rows, before)
    best, lists = best_rows(rows)
    handed = assemble(((c, rows.pop(c)) for c in list(rows.columns)), best, lists)
    pd.testing.assert_frame_equal(handed, events)


def test_a_merged_event_takes_its_narrowest_date_not_its_best_sounding_label():
    # "In 2020–21" (a range) and "in May 2021" (a month) tell one parole refusal: May wins.
    rows = _rows(
        ("b-0031", "b", "p1", "parole_denied", "2020-01-01", "2021-09-01", "range", ""),
        ("b-0034", "b", "p1", "parole_denied", "2021-05-01", "2021-05-31", "month", ""),
    )
    rows["event_id"] = "ev-b-0031"
    best, _ = best_rows(rows)
    assert rows.iloc[best[0]]["incident_id"] == "b-0034"

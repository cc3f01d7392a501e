"""kzstats.dates reads every date phrase of the coding sheet into an interval and a precision."""

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzstats import config, dates
from kzstats.dates import parse_date, parse_dates

PERIODS = pd.read_csv(config.REPORTS_CSV, dtype=str, keep_default_na=False).set_index("report_id")

# Real date_text values the parser leaves unparsed on purpose, with the reason.
KNOWN_UNPARSEABLE = {
    "A few days earlier": "relative to another event of the paragraph; no date to read",
    "a few days earlier": "relative to another event of the paragraph; no date to read",
    "On the eve of the 21 September rally": (
        "relative to an event, and without a year in a report spanning 2018-2021 the year is "
        "ambiguous (21 September fits 2018, 2019 and 2020)"
    ),
}


def period(report_id: str) -> tuple[str, str]:
    return PERIODS.loc[report_id, "period_start"], PERIODS.loc[report_id, "period_end"]


def d(text: str) -> date:
    return date.fromisoformat(text)


# (date_text as the sheet has it, its report, first day, last day, precision)
REAL_CASES = [
    ("25th October 2018", "civicus-2018-12", "2018-10-25", "2018-10-25", "day"),
    ("On 12th June 2017", "civicus-2017-07", "2017-06-12", "2017-06-12", "day"),
    ("On 25th July", "civicus-2017-07", "2017-07-25", "2017-07-25", "day"),
    ("on 23rd May", "civicus-2017-07", "2017-05-23", "2017-05-23", "day"),
    ("13th March", "civicus-2018-12", "2018-03-13", "2018-03-13", "day"),
    ("In the evening of 10th November 2018", "civicus-2018-12", "2018-11-10", "2018-11-10", "day"),
    ("Since 3 June 2021", "odf-2021-09", "2021-06-03", "2021-06-03", "day"),
    ("27 February 2019", "odf-2019-02", "2019-02-27", "2019-02-27", "day"),
    ("In late November 2018", "civicus-2018-12", "2018-11-21", "2018-11-30", "range"),
    ("in mid-May 2017", "civicus-2017-07", "2017-05-11", "2017-05-20", "range"),
    ("In early June 2021", "odf-2021-09", "2021-06-01", "2021-06-10", "range"),
    ("At the beginning of June", "civicus-2017-07", "2017-06-01", "2017-06-10", "range"),
    ("at the beginning of July", "civicus-2017-07", "2017-07-01", "2017-07-10", "range"),
    ("Between 23-25 February 2019", "odf-2019-02", "2019-02-23", "2019-02-25", "range"),
    ("22-25 June", "civicus-2017-07", "2017-06-22", "2017-06-25", "range"),
    ("On 16th and 17th December 2018", "civicus-2018-12", "2018-12-16", "2018-12-17", "range"),
    ("Between 16 and 17 December 2011", "odf-2021-09", "2011-12-16", "2011-12-17", "range"),
    ("on 17 October 2020 and 24 October 2020", "odf-2021-09", "2020-10-17", "2020-10-24", "range"),
    ("in late 2017", "civicus-2018-12", "2017-09-01", "2017-12-31", "range"),
    ("In May 2017", "civicus-2017-07", "2017-05-01", "2017-05-31", "month"),
    ("in February", "civicus-2017-07", "2017-02-01", "2017-02-28", "month"),
    ("April", "civicus-2017-07", "2017-04-01", "2017-04-30", "month"),
    ("During November 2019", "civicus-2019-11", "2019-11-01", "2019-11-30", "month"),
    ("In May this year", "civicus-2017-07", "2017-05-01", "2017-05-31", "month"),
    ("since February this year", "civicus-2017-07", "2017-02-01", "2017-02-28", "month"),
    ("Earlier this year in January", "civicus-2017-07", "2017-01-01", "2017-01-31", "month"),
    ("since December 2020", "odf-2021-09", "2020-12-01", "2020-12-31", "month"),
    ("In April and May 2017", "civicus-2017-07", "2017-04-01", "2017-05-31", "range"),
    ("In November–December 2020", "odf-2021-09", "2020-11-01", "2020-12-31", "range"),
    ("From February through November of 2020", "odf-2021-09", "2020-02-01", "2020-11-30", "range"),
    ("In February 2020", "odf-2021-09", "2020-02-01", "2020-02-29", "month"),
    ("In 2021", "odf-2021-09", "2021-01-01", "2021-12-31", "year"),
    ("2016", "civicus-2017-07", "2016-01-01", "2016-12-31", "year"),
    ("Earlier in 2019", "civicus-2019-11", "2019-01-01", "2019-12-31", "year"),
    ("In 2020–21", "odf-2021-09", "2020-01-01", "2021-12-31", "range"),
    ("In 2020-2021", "odf-2021-09", "2020-01-01", "2021-12-31", "range"),
]

# Phrasings the codebook and the coding brief name that this sheet does not (yet) contain.
EXPECTED_CASES = [
    ("summer of 2018", "2018-06-01", "2018-08-31", "season"),
    ("mid-March 2018", "2018-03-11", "2018-03-20", "range"),
    ("late November 2019", "2019-11-21", "2019-11-30", "range"),
    ("In 2020 and 2021", "2020-01-01", "2021-12-31", "range"),
    ("21.12.2020", "2020-12-21", "2020-12-21", "day"),
    ("2020-12-21", "2020-12-21", "2020-12-21", "day"),
    ("winter of 2019", "2018-12-01", "2019-02-28", "season"),
    ("December–January 2021", "2020-12-01", "2021-01-31", "range"),
]


@pytest.mark.parametrize(("text", "report_id", "start", "end", "precision"), REAL_CASES,
                         ids=[c[0] for c in REAL_CASES])
def test_real_phrase_parses_to_its_interval_and_precision(text, report_id, start, end, precision):
    assert parse_date(text, *period(report_id)) == (d(start), d(end), precision)


@pytest.mark.parametrize(("text", "start", "end", "precision"), EXPECTED_CASES,
                         ids=[c[0] for c in EXPECTED_CASES])
def test_codebook_phrasing_parses_to_its_interval_and_precision(text, start, end, precision):
    assert parse_date(text, *period("odf-2021-09")) == (d(start), d(end), precision)


def test_late_november_is_a_range_of_its_last_third_not_month_precision():
    assert parse_date("late November 2018", None, None) == (
        d("2018-11-21"), d("2018-11-30"), "range")


@pytest.mark.parametrize(
    ("report_id", "year"), [("civicus-2018-12", 2018), ("civicus-2019-11", 2019)]
)
def test_year_less_date_takes_the_year_that_puts_it_in_the_report_period(report_id, year):
    assert parse_date("On 2nd November", *period(report_id)) == (
        date(year, 11, 2), date(year, 11, 2), "day")


def test_year_less_date_after_the_period_falls_in_the_year_before():
    assert parse_date("On 25th December", *period("odf-2019-02"))[0] == d("2018-12-25")


def test_year_less_date_in_a_period_over_a_year_long_is_left_unplaced_not_guessed():
    assert parse_date("In June", *period("odf-2021-09")) is None


def test_year_less_date_without_a_period_is_unparsed():
    assert parse_date("On 2nd November", None, None) is None
    assert parse_date("In May this year", "", "not a date") is None


@pytest.mark.parametrize("text", [
    "31 February 2019", "25-22 June 2019", "In 1850", "late", "2020-19", "early-mid June 2018",
    "the following day", "Two days later", "мая 2018", "On the eve of the 21 September rally",
    "On", "-", "2018 and", "1 2 3 June 2018", "5june 2018", "June 2018 + 3",
])
def test_impossible_relative_or_foreign_phrase_is_unparsed(text):
    assert parse_date(text, *period("civicus-2018-12")) is None


@pytest.mark.parametrize("text", [
    "ON 25TH OCTOBER 2018", "on\u00a025th\u00a0October\u00a02018", "By 25th October 2018.",
    "  25th October 2018;", "(25th October 2018)", "on the 25th of October, 2018",
    "October 25, 2018",
])
def test_case_nbsp_leading_words_and_punctuation_are_tolerated(text):
    assert parse_date(text, None, None) == (d("2018-10-25"), d("2018-10-25"), "day")


def test_parse_dates_keeps_the_index_and_gives_four_typed_columns():
    index = pd.Index(["r7", "r3", "r9"], name="incident_id")
    out = parse_dates(
        pd.Series(["On 2nd November", "", "a few days earlier"], index=index),
        pd.Series(["2018-10-01"] * 3, index=index), pd.Series(["2018-12-31"] * 3, index=index),
    )
    assert out.index.equals(index)
    assert list(out.columns) == dates.COLUMNS
    assert str(out["event_date"].dtype) == str(out["event_date_end"].dtype) == "datetime64[ns]"
    assert out["event_date"].tolist()[0] == pd.Timestamp("2018-11-02")
    assert out["date_precision"].tolist() == ["day", "unknown", "unknown"]
    assert out["date_status"].tolist() == ["ok", "empty", "unparsed"]
    assert out.loc[["r3", "r9"], ["event_date", "event_date_end"]].isna().all().all()


def test_parse_dates_treats_missing_and_blank_text_as_empty_and_accepts_dated_periods():
    text = pd.Series([None, " \u00a0", "In June"])
    start = pd.to_datetime(pd.Series(["2017-05-01"] * 3))
    out = parse_dates(text, start, pd.to_datetime(pd.Series(["2017-07-31"] * 3)))
    assert out["date_status"].tolist() == ["empty", "empty", "ok"]
    assert out["event_date"].iloc[2] == pd.Timestamp("2017-06-01")


def test_parse_dates_on_no_rows_gives_an_empty_frame():
    out = parse_dates(pd.Series([], dtype=str), pd.Series([], dtype=str), pd.Series([], dtype=str))
    assert out.empty and list(out.columns) == dates.COLUMNS


def test_parse_dates_parses_each_distinct_phrase_and_period_once(monkeypatch):
    calls = []
    real = dates.parse_date
    monkeypatch.setattr(dates, "parse_date", lambda *a: calls.append(a) or real(*a))
    text = pd.Series(["On 2nd November", "In 2021", "On 2nd November"] * 1000)
    out = parse_dates(text, pd.Series(["2018-10-01"] * 3000), pd.Series(["2018-12-31"] * 3000))
    assert len(calls) == 2
    assert (out["date_status"] == "ok").all()


def test_every_real_date_text_is_parsed_or_a_known_unparseable(incidents, reports_table):
    periods = reports_table.set_index("report_id")
    out = parse_dates(incidents["date_text"], incidents["report_id"].map(periods["period_start"]),
                      incidents["report_id"].map(periods["period_end"]))
    text = incidents["date_text"]
    known = text.isin(list(KNOWN_UNPARSEABLE))
    failed = text[(text != "") & ~known & (out["date_status"] != "ok")]
    assert failed.empty, f"date_text not parsed: {sorted(set(failed))}"
    assert (out.loc[known, "date_status"] == "unparsed").all(), "a known unparseable now parses"
    assert (out.loc[text == "", "date_status"] == "empty").all()
    ok = out[out["date_status"] == "ok"]
    assert (ok["event_date"] <= ok["event_date_end"]).all()
    assert set(out["date_precision"]) <= set(dates.PRECISIONS)
    assert text[text != ""].nunique() == 167  # every distinct phrase of the sheet was looked at


@given(st.text(), st.one_of(st.none(), st.dates(), st.text(max_size=12)), st.dates())
def test_parse_date_never_crashes_on_arbitrary_text(text, start, end):
    result = parse_date(text, start, end)
    assert result is None or (result[0] <= result[1] and result[2] in dates.PRECISIONS)


DATE_ISH = st.sampled_from(
    sorted(dates.date_words()["filler"]) + sorted(dates.date_words()["month"])
    + ["late", "mid-", "summer", "winter", "and", "-", "–", "through", "this year", "0", "1st",
       "29", "31", "21", "99", "2019", "2020", "1899", "2101", "29.02.2019", "2020-02-30", ","]
)


@given(st.lists(DATE_ISH, max_size=8), st.dates(), st.dates())
def test_parse_date_never_crashes_on_date_like_word_salad(words, start, end):
    result = parse_date(" ".join(words), start, end)
    assert result is None or (result[0] <= result[1] and result[2] in dates.PRECISIONS)


@given(st.lists(st.one_of(st.none(), st.text(max_size=20)), max_size=20))
def test_parse_dates_never_crashes_and_keeps_every_row(texts):
    out = parse_dates(pd.Series(texts, dtype=object), pd.Series(["2019-02-01"] * len(texts)),
                      pd.Series(["2019-03-31"] * len(texts)))
    assert len(out) == len(texts)
    assert set(out["date_status"]) <= set(dates.STATUSES)


# --- relative phrases: resolve_relative and relative_phrases --------------------------------

RELATIVE = pd.read_csv(config.REFERENCE_DIR / "relative_dates.csv", dtype=str,
                       keep_default_na=False)


def parses_to(text: str, start: str, end: str, precision: str) -> bool:
    """The resolved text reads back, with no period to lean on, as the intended day or month."""
    return parse_date(text, None, None) == (d(start), d(end), precision)


# (sentence, anchor: the last date written before the phrase, report, the coder's date, and
# the first and last day it reads back as)
REAL_RELATIVE = [
    ("and ten days later, a local court sanctioned his arrest for two months.", "On 14 June",
     "civicus-2017-07", "24 June 2017", "2017-06-24", "2017-06-24"),
    ("Dauletbayev said that police summoned him the following day", "on 23rd May",
     "civicus-2017-07", "24 May 2017", "2017-05-24", "2017-05-24"),
    ("Two days later, he was released on bail.", "on 5 October 2020", "odf-2021-09",
     "7 October 2020", "2020-10-07", "2020-10-07"),
    ("On the same day, police officers arrived and took Galymzhan Kenzhebayev",
     "On 27 June 2021", "odf-2021-09", "27 June 2021", "2021-06-27", "2021-06-27"),
    ("In addition, on that day, the police actively hampered the work of journalists",
     "on 27 February 2019", "odf-2019-02", "27 February 2019", "2019-02-27", "2019-02-27"),
    ("On the eve of the 21 September rally, the authorities detained at least 65 people.",
     "on 21 September 2019", "odf-2021-09", "20 September 2019", "2019-09-20", "2019-09-20"),
    ("A few days earlier in Kyzyl-Orda, a similar meeting held in the city of Shiykent",
     "on 18th November 2019", "civicus-2019-11", "November 2019", "2019-11-01", "2019-11-30"),
    ("Later the same month, Almaty City Court upheld the decision", "At the beginning of June",
     "civicus-2017-07", "June 2017", "2017-06-01", "2017-06-30"),
    ("These charges are related to an incident a few days earlier", "On 24th October 2019",
     "civicus-2019-11", "October 2019", "2019-10-01", "2019-10-31"),
]


def test_ten_days_later_counts_from_the_date_before_it():
    result = dates.resolve_relative("and ten days later, a local court sanctioned his arrest",
                                    "On 14 June", *period("civicus-2017-07"))
    assert result == "24 June 2017"
    assert parses_to(result, "2017-06-24", "2017-06-24", "day")


@pytest.mark.parametrize(("text", "anchor", "report_id", "expected", "start", "end"),
                         REAL_RELATIVE, ids=[c[3] for c in REAL_RELATIVE])
def test_real_relative_phrase_resolves_to_the_coders_date(text, anchor, report_id, expected,
                                                          start, end):
    result = dates.resolve_relative(text, anchor, *period(report_id))
    assert result == expected
    assert parses_to(result, start, end, "day" if start == end else "month")


@pytest.mark.parametrize("phrase", [
    "10 days later", "ten days later", "Ten days later", "ten\u00a0days later",
])
def test_a_count_in_digits_or_words_counts_alike(phrase):
    assert dates.resolve_relative(phrase, "14 June 2017", None, None) == "24 June 2017"


@pytest.mark.parametrize(("phrase", "expected", "day"), [
    ("twenty-five days later", "26 June 2017", "2017-06-26"),
    ("twenty five days later", "26 June 2017", "2017-06-26"),
    ("25 days later", "26 June 2017", "2017-06-26"),
    ("one day later", "2 June 2017", "2017-06-02"),
    ("3 days later", "4 June 2017", "2017-06-04"),
    ("a week later", "8 June 2017", "2017-06-08"),
    ("two weeks later", "15 June 2017", "2017-06-15"),
    ("three days earlier", "29 May 2017", "2017-05-29"),
    ("a week earlier", "25 May 2017", "2017-05-25"),
    ("the day before", "31 May 2017", "2017-05-31"),
    ("the previous day", "31 May 2017", "2017-05-31"),
    ("The next day", "2 June 2017", "2017-06-02"),
])
def test_an_exact_phrase_moves_the_anchor_by_its_count(phrase, expected, day):
    result = dates.resolve_relative(phrase, "1 June 2017", None, None)
    assert result == expected
    assert parses_to(result, day, day, "day")


def test_the_following_day_after_the_last_of_a_month_is_the_first_of_the_next():
    result = dates.resolve_relative("the following day", "31 May", *period("civicus-2017-07"))
    assert result == "1 June 2017"
    assert parses_to(result, "2017-06-01", "2017-06-01", "day")
    assert dates.resolve_relative("the next day", "31 December 2018", None, None) == (
        "1 January 2019")


def test_a_vague_phrase_gives_the_anchors_month_not_a_day():
    result = dates.resolve_relative("several days later", "3 March 2019", None, None)
    assert result == "March 2019"
    assert parses_to(result, "2019-03-01", "2019-03-31", "month")


def test_a_vague_phrase_whose_days_may_fall_in_another_month_is_left_unresolved():
    assert dates.resolve_relative("a few days later", "28 November 2019", None, None) is None
    assert dates.resolve_relative("a few days earlier", "3 November 2019", None, None) is None
    assert dates.resolve_relative("a few days earlier", "In November 2019", None, None) is None


@pytest.mark.parametrize(("phrase", "anchor", "expected"), [
    ("later that month", "In June 2017", "June 2017"),
    ("earlier the same month", "22-25 June 2017", "June 2017"),
    ("the following month", "14 December 2018", "January 2019"),
    ("two months later", "In November 2018", "January 2019"),
    ("a month earlier", "1 January 2018", "December 2017"),
])
def test_a_month_phrase_moves_whole_calendar_months(phrase, anchor, expected):
    result = dates.resolve_relative(phrase, anchor, None, None)
    assert result == expected
    assert parse_date(result, None, None)[2] == "month"


@pytest.mark.parametrize(("phrase", "anchor"), [
    ("the following day", "In June 2017"),  # a day offset needs a day
    ("the same day", "22-25 June 2017"),
    ("ten days later", "In 2017"),
    ("later that month", "In April and May 2017"),  # a month phrase needs one month
    ("the following day", "somewhere in Almaty"),  # not a date
    ("the following day", ""),
])
def test_an_anchor_not_precise_enough_gives_none(phrase, anchor):
    assert dates.resolve_relative(phrase, anchor, None, None) is None


def test_a_year_less_anchor_takes_its_year_from_the_report_period():
    assert dates.resolve_relative("the same day", "On 2nd November", *period("civicus-2018-12")) \
        == "2 November 2018"
    assert dates.resolve_relative("the same day", "In June", *period("odf-2021-09")) is None


def test_the_eve_counts_from_the_date_it_names_in_the_year_of_the_anchor():
    eve = "On the eve of the 21 September rally"
    assert dates.resolve_relative(eve, "14 June 2019", *period("odf-2021-09")) == (
        "20 September 2019")
    # no anchor: "21 September" alone is ambiguous in a period of three years, as in parse_date
    assert dates.resolve_relative(eve, "", *period("odf-2021-09")) is None
    assert dates.resolve_relative(eve, "", "2019-09-01", "2019-11-30") == "20 September 2019"
    assert dates.resolve_relative("two days after 5 October 2020", "1 May 2021", None, None) == (
        "7 October 2020")


def test_a_sentence_without_a_relative_phrase_has_none():
    text = "On 12th November 2019, a local court in Uralsk found Abukhairova guilty."
    assert dates.relative_phrases(text) == []
    assert dates.resolve_relative(text, "On 12th November 2019", None, None) is None
    assert dates.relative_phrases("") == [] and dates.relative_phrases(None) == []


def test_relative_phrases_gives_each_phrase_where_it_is_written_in_order():
    text = ("On 5 October 2020 he was arrested. Two days later, he was released; on the same "
            "day, the day after 7 October and a few days earlier.")
    found = dates.relative_phrases(text)
    assert [p for _, p in found] == ["Two days later", "on the same day",
                                     "the day after 7 October", "a few days earlier"]
    assert all(text[at:at + len(p)] == p for at, p in found)


def test_a_length_followed_by_after_is_not_a_relative_phrase():
    assert dates.relative_phrases("He was arrested for 15 days after the rally.") == []


def test_the_first_phrase_of_the_text_is_the_one_resolved():
    text = "The following day he was detained, and two days later he was fined."
    assert dates.resolve_relative(text, "1 June 2017", None, None) == "2 June 2017"


@pytest.mark.parametrize("row", RELATIVE.to_dict("records"), ids=list(RELATIVE["example"]))
def test_every_example_of_relative_dates_csv_is_found_by_its_own_row(row):
    own = dates.relative_pattern(row["pattern"]).search(row["example"])
    assert own is not None
    assert (own.start(), own.group()) in dates.relative_phrases(row["example"])


@given(st.sampled_from(list(RELATIVE["example"])), st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_a_resolved_date_always_reads_back_as_a_day_or_a_month(example, anchor):
    result = dates.resolve_relative(example, anchor.isoformat(), None, None)
    if result is not None:
        first, last, precision = parse_date(result, None, None)
        assert precision in ("day", "month")
        assert (first == last) == (precision == "day")


@given(st.text(), st.text(max_size=30), st.one_of(st.none(), st.dates(), st.text(max_size=12)))
def test_resolve_relative_never_crashes_on_arbitrary_text(phrase, anchor, end):
    result = dates.resolve_relative(phrase, anchor, None, end)
    assert result is None or parse_date(result, None, None) is not None

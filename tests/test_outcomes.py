"""Tests of kzstats.outcomes: the real outcome phrasings of the coding sheet, read into sentences."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzstats.outcomes import COLUMNS, parse_outcomes
from kzstats.reference import event_types, read_reference

NAN = math.nan

# Outcomes whose kind or figure the text itself does not state (once in the sheet; the coders
# have since written the inferred outcome, with a note): they must stay unparsed, never guessed.
KNOWN_UNPARSED = {
    ("sentence", "seven years"): "kind not stated (the quote's context says imprisonment)",
    ("sentence", "7 years"): "kind not stated (the quote's context says prison terms)",
    ("sentence", "4 years"): "kind not stated (the quote's context says prison terms)",
    ("sentence", "community service and one year’s detention"):
        "'detention' could be imprisonment or restriction of liberty; not guessed",
    ("administrative_fine", "about 7,000"): "currency only in the quote (EUR), not in outcome_text",
}


def parse_one(text: str, event: str = "sentence") -> pd.Series:
    return parse_outcomes(pd.Series([text]), pd.Series([event])).iloc[0]


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize(("text", "kind", "months"), [
    ("three years of imprisonment", "imprisonment", 36),
    ("20 years’ imprisonment", "imprisonment", 240),
    ("two years in prison", "imprisonment", 24),
    ("two and half years in prison", "imprisonment", 30),
    ("1.5 years in prison", "imprisonment", 18),
    ("imprisonment of five months and eight days", "imprisonment", 5.27),
    ("six months of imprisonment without deportation", "imprisonment", 6),
    ("one and a half year’s restricted freedom", "restriction_of_liberty", 18),
    ("a year of restricted freedom", "restriction_of_liberty", 12),
    ("restriction of liberty for 1.5 years", "restriction_of_liberty", 18),
    ("3.5 years of restriction of liberty", "restriction_of_liberty", 42),
    ("two years of court-imposed restrictions on his freedom of movement",
     "restriction_of_liberty", 24),
    ("a four-year conditional sentence", "suspended_imprisonment", 48),
    ("six months’ suspended imprisonment", "suspended_imprisonment", 6),
    ("six months’ probation", "probation", 6),
])
def test_sentence_length_is_read_in_months(text, kind, months):
    row = parse_one(text)
    assert (row.sentence_type, row.sentence_months, row.outcome_status) == (kind, months, "ok")
    assert math.isnan(row.sentence_days)


@pytest.mark.parametrize("text", [
    "a four-year conditional sentence", "six months’ probation", "six months’ suspended imprisonment",
])
def test_conditional_probation_and_suspended_are_suspended(text):
    assert parse_one(text).suspended


def test_prison_terms_are_not_suspended():
    assert not parse_one("three years of imprisonment").suspended


@pytest.mark.parametrize(("text", "days"), [
    ("15 days in jail", 15), ("10 days", 10), ("20 days of administrative arrest", 20),
    ("five days’ administrative arrest", 5), ("an additional ten days’ administrative arrest", 10),
    ("detention for a period of seven days", 7),
    ("administrative arrest for 5 to 7 days", 5),  # a range gives its lower bound
])
def test_administrative_arrest_is_read_in_days(text, days):
    row = parse_one(text, "administrative_arrest")
    assert (row.sentence_type, row.sentence_days, row.outcome_status) == (
        "administrative_arrest", days, "ok")
    assert math.isnan(row.sentence_months)


@pytest.mark.parametrize(("text", "event", "kind", "kzt", "eur"), [
    ("his prison sentence was replaced by a fine of 1.5 million KZT (around 3,600 EUR)",
     "pardon_amnesty", "fine", 1_500_000, 3600),
    ("525 thousand tenge — approximately 1000 euro", "administrative_fine", "fine", 525_000, 1000),
    ("3,500 EUR", "administrative_fine", "fine", NAN, 3500),
    ("an equivalent of around 300 EUR", "administrative_fine", "fine", NAN, 300),
    ("a fine of around 140 euro", "sentence", "fine", NAN, 140),
    ("satisfied 9 lawsuits | more than 335,631 tenge (about 700 euro)", "civil_lawsuit", "other",
     335_631, 700),
    ("1.5 million KZT (some 3,500 EUR) in moral damages", "civil_lawsuit", "other", 1_500_000, 3500),
])
def test_fines_and_damages_keep_both_currencies_as_reported(text, event, kind, kzt, eur):
    row = parse_one(text, event)
    assert (row.sentence_type, row.outcome_status) == (kind, "ok")
    assert same(row.fine_kzt, kzt) and same(row.fine_eur, eur)


def test_fined_without_an_amount_is_a_fine_with_no_amount():
    row = parse_one("fined", "administrative_fine")
    assert (row.sentence_type, row.outcome_status) == ("fine", "ok") and math.isnan(row.fine_kzt)


@pytest.mark.parametrize(("text", "kind", "months", "ban"), [
    ("two years imprisonment and a five-year ban on social and political activities",
     "imprisonment", 24, 60),
    ("1 year of restriction of liberty and 3 years of a ban on social and political activity",
     "restriction_of_liberty", 12, 36),
    (("2.5 years in prison | banned Yeskhozhin from participating in rallies and using social media "
     "for five years"), "imprisonment", 30, 60),
    (("four years of court-imposed restrictions on her freedom of movement | 100 hours of community "
     "work | banned her from holding leading positions in public associations for five years"),
     "restriction_of_liberty", 48, 60),
    (("one year’s restriction of liberty | banned him from posting, commenting and “liking” on "
     "social media, messenger services and websites"), "restriction_of_liberty", 12, NAN),
])
def test_additional_ban_is_read_apart_from_the_main_sentence(text, kind, months, ban):
    row = parse_one(text)
    assert (row.sentence_type, row.sentence_months) == (kind, months)
    assert same(row.ban_months, ban)


def test_a_ban_alone_is_ban_only():
    row = parse_one("banned from public and political activities for three years")
    assert (row.sentence_type, row.ban_months, row.outcome_status) == ("ban_only", 36, "ok")


@pytest.mark.parametrize(("text", "kind", "months"), [
    (("overturned the decision of the court of the first instance | changed the restriction of "
     "liberty to actual imprisonment | Jusupov was sentenced to 5.5 years of imprisonment"),
     "imprisonment", 66),
    (("overturned the decision of the court of the first instance | changed the restriction of "
     "liberty to actual imprisonment | Dauletiyarova to seven years of imprisonment"),
     "imprisonment", 84),
    ("replace Syzdykbek’s restriction of liberty with a real prison term", "imprisonment", NAN),
])
def test_appeal_gives_the_new_sentence_not_the_old(text, kind, months):
    row = parse_one(text, "appeal" if "overturned" in text else "sentence")
    assert (row.sentence_type, row.outcome_status) == (kind, "ok")
    assert same(row.sentence_months, months)


@pytest.mark.parametrize("text", ["life imprisonment in absentia", "prison terms",
                                  "restriction of liberty"])
def test_kind_without_length_is_ok_with_no_months(text):
    row = parse_one(text)
    assert row.sentence_type and row.outcome_status == "ok" and math.isnan(row.sentence_months)


@pytest.mark.parametrize(("text", "event"), [
    ("upheld", "appeal"), ("rejected the appeal", "appeal"), ("rejected", "parole_denied"),
    ("he remained behind bars", "appeal"), ("released from prison", "release"),
    ("at least 17 people were killed", "death"), ("two months", "pretrial_detention"),
    ("for six months", "house_arrest"), ("held at the police station for more than 5 hours",
                                          "detention"),
    ("16 lawsuits", "civil_lawsuit"), ("banned the activities of the opposition party DCK",
                                       "organisation_banned"),
])
def test_outcome_that_is_no_sentence_is_ok_and_empty(text, event):
    row = parse_one(text, event)
    assert (row.sentence_type, row.outcome_status) == ("", "ok")
    assert all(math.isnan(row[c]) for c in ("sentence_months", "sentence_days", "fine_kzt"))


@pytest.mark.parametrize(("event", "text"), list(KNOWN_UNPARSED))
def test_length_or_figure_without_a_kind_is_unparsed_keeping_what_was_read(event, text):
    row = parse_one(text, event)
    assert row.outcome_status == "unparsed"
    if "year" in text:
        assert row.sentence_type == "" and row.sentence_months > 0


def test_empty_outcome_is_empty():
    assert parse_one("  ").outcome_status == "empty"


def test_result_keeps_the_index_and_columns():
    text = pd.Series(["two years in prison", "", "two years in prison"], index=[7, 3, 9])
    out = parse_outcomes(text, pd.Series(["sentence"] * 3, index=[7, 3, 9]))
    assert list(out.index) == [7, 3, 9] and tuple(out.columns) == COLUMNS
    assert list(out.sentence_months.fillna(-1)) == [24, -1, 24]
    assert out.suspended.dtype == bool


def test_every_sentence_type_is_in_the_reference_table(incidents):
    kinds = set(read_reference("sentence_types")["sentence_type"]) | {""}
    assert set(parse_outcomes(incidents.outcome_text, incidents.event_type).sentence_type) <= kinds


def test_every_real_outcome_is_parsed_or_a_known_exception(incidents):
    out = parse_outcomes(incidents.outcome_text, incidents.event_type)
    nonempty = incidents.outcome_text.str.strip() != ""
    assert (out.outcome_status[nonempty] != "empty").all()
    bad = incidents[out.outcome_status == "unparsed"]
    assert bad.empty, f"unparsed outcomes: {list(zip(bad.incident_id, bad.outcome_text))}"


@settings(max_examples=3 * settings.default.max_examples)
@given(st.lists(st.tuples(st.text(), st.sampled_from(event_types()) | st.text()), max_size=5))
def test_parser_never_crashes_on_arbitrary_text(rows):
    text = pd.Series([t for t, _ in rows], dtype=object)
    out = parse_outcomes(text, pd.Series([e for _, e in rows], dtype=object))
    assert len(out) == len(rows)
    assert set(out.outcome_status) <= {"ok", "empty", "unparsed"}

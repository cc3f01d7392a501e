"""pandera schemas for every table kzstats reads or writes; their descriptions are the codebook."""

import re

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
from pandera.typing import Series

from kzstats import config, reference, reports
from kzstats.dates import PRECISIONS

MAX_QUOTE_LENGTH = 1200
TEXT_COLUMNS = ("date_text", "place_text", "charges_text", "outcome_text")


def _inferred(notes: pd.Series, column: str) -> pd.Series:
    """True where the coder's notes say this column was inferred rather than copied.

    Notes repeat (a few hundred distinct in a million rows): each distinct note is read once.
    """
    codes, distinct = pd.factorize(notes, use_na_sentinel=False)
    distinct = pd.Series(distinct, dtype=str)
    said = distinct.str.contains(rf"inferred:[^.;]*\b{re.escape(column)}\b", regex=True)
    return pd.Series(said.to_numpy(dtype=bool)[codes], index=notes.index)


# Built-in checks declared with the rule their failure states, as a researcher reads it.
def one_of(values) -> dict:
    """Field(isin=...): the value must be one of values."""
    return {"allowed_values": tuple(values),
            "error": "must be one of " + ", ".join(v if v else "'' (empty)" for v in values)}


def matching(pattern: str) -> dict:
    """Field(str_matches=...): the value must match a regular expression."""
    return {"pattern": pattern, "error": f"must match the pattern {pattern}"}


def length_within(shortest: int, longest: int | None = None) -> dict:
    """Field(str_length=...): the value must have from shortest to longest characters."""
    error = (f"must have {shortest} to {longest} characters" if longest is not None
             else f"must have at least {shortest} character(s)")
    return {"min_value": shortest, "max_value": longest, "error": error}


def _verbatim_or_inferred(df: pd.DataFrame, column: str) -> pd.Series:
    empty = df[column] == ""
    return empty | reports.in_report(df["report_id"], df[column]) | _inferred(df["notes"], column)



def _named(says: str, fn):
    # pandera takes a check's name from its settings the first time a model is built and, on
    # every later build (a schema extending this one), falls back to the function's name: so the
    # function carries the message too.
    fn.__name__ = says
    return fn


def rule(*columns: str, says: str, **kwargs):
    """pa.check on columns whose failures read `says`, however often the schema is built."""
    return lambda fn: pa.check(*columns, name=says, **kwargs)(_named(says, fn))


def frame_rule(says: str, **kwargs):
    """pa.dataframe_check whose failures read `says`, however often the schema is built."""
    return lambda fn: pa.dataframe_check(name=says, **kwargs)(_named(says, fn))


class RawIncidents(pa.DataFrameModel):
    """The coding sheet data/raw/incidents.csv: one row per person per event per report."""

    incident_id: Series[str] = pa.Field(
        unique=True, str_matches=matching(r"^[a-z0-9]+(-[a-z0-9]+)*-\d{4}$"),
        description="Row id: the report id and a four-digit number in report order "
        "(civicus-2018-12-0007). Never reused or renumbered.",
    )
    report_id: Series[str] = pa.Field(
        description="The report the row was coded from; a report_id of data/raw/reports.csv.",
    )
    person: Series[str] = pa.Field(
        description="The person's name exactly as the report writes it; empty for an unnamed "
        "group or an organisation.",
    )
    group_size: Series[str] = pa.Field(
        str_matches=matching(r"^[1-9][0-9]*$"),
        description="People the row covers: 1 for a named person; for a group the number the "
        "report gives, the lower bound for 'more than N'.",
    )
    role: Series[str] = pa.Field(
        description="What the report calls the person: a role of data/reference/roles.csv.",
    )
    affiliation: Series[str] = pa.Field(
        description="Movement, party, union, organisation or outlet the report ties the person "
        "to (DCK, Koshe Partiyasy, Oyan Qazaqstan, ...); empty if none.",
    )
    event_type: Series[str] = pa.Field(
        description="What happened: an event_type of data/reference/event_types.csv.",
    )
    date_text: Series[str] = pa.Field(
        description="The event's date as the report writes it ('25th October 2018', 'late "
        "November 2019'); empty when the report gives none.",
    )
    place_text: Series[str] = pa.Field(
        description="Where it happened, as the report writes it ('Aqtau City Court', 'the "
        "capital'); empty when the report gives no place.",
    )
    charges_text: Series[str] = pa.Field(
        description="The charges as the report writes them ('Article 405 Part 2 of the "
        "Criminal Code'); several verbatim pieces are joined with ' | '.",
    )
    outcome_text: Series[str] = pa.Field(
        description="The sentence, penalty or result as the report writes it ('three years of "
        "imprisonment', '15 days in jail', 'upheld').",
    )
    quote: Series[str] = pa.Field(
        str_length=length_within(1, MAX_QUOTE_LENGTH),
        description="The exact span of the report that supports the row, character for "
        "character, within one paragraph.",
    )
    notes: Series[str] = pa.Field(
        description="The coder's notes; 'inferred: <column> ...' marks a value the coder had "
        "to infer rather than copy.",
    )

    class Config:
        strict = True
        ordered = True

    @rule("report_id", says="report_id must be a report in data/raw/reports.csv")
    def _known_report(cls, report_id: Series[str]) -> Series[bool]:
        return report_id.isin(reports.report_ids())

    @rule("role", says="role must be in data/reference/roles.csv")
    def _known_role(cls, role: Series[str]) -> Series[bool]:
        return role.isin(reference.roles())

    @rule("event_type", says="event_type must be in data/reference/event_types.csv")
    def _known_event_type(cls, event_type: Series[str]) -> Series[bool]:
        return event_type.isin(reference.event_types())

    @rule("quote", says="quote must not span a line break")
    def _one_paragraph(cls, quote: Series[str]) -> Series[bool]:
        return ~quote.str.contains("\n", regex=False)

    @frame_rule(says="quote must occur verbatim in its report")
    def _quote_in_report(cls, df: pd.DataFrame) -> Series[bool]:
        return reports.in_report(df["report_id"], df["quote"])

    @frame_rule(says="a named person's row covers one person (group_size 1)")
    def _named_person_is_one(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["person"] == "") | (df["group_size"] == "1")

    @frame_rule(says="date_text must occur in its report, or notes say 'inferred: date_text'")
    def _date_text_verbatim(cls, df: pd.DataFrame) -> Series[bool]:
        return _verbatim_or_inferred(df, "date_text")

    @frame_rule(says="place_text must occur in its report, or notes say 'inferred: place_text'")
    def _place_text_verbatim(cls, df: pd.DataFrame) -> Series[bool]:
        return _verbatim_or_inferred(df, "place_text")

    @frame_rule(says="charges_text must occur in its report, or notes say 'inferred: charges_text'")
    def _charges_text_verbatim(cls, df: pd.DataFrame) -> Series[bool]:
        return _verbatim_or_inferred(df, "charges_text")

    @frame_rule(says="outcome_text must occur in its report, or notes say 'inferred: outcome_text'")
    def _outcome_text_verbatim(cls, df: pd.DataFrame) -> Series[bool]:
        return _verbatim_or_inferred(df, "outcome_text")


def _latest_plausible_date(source_report_ids: pd.Series) -> pd.Series:
    """Per event, the last day it may be dated (ISO): config.REPORT_LAG_DAYS after the latest period
    end of the reports that tell it; no limit if none of them is known. The ';'-joined lists are
    split by Arrow and reduced as day numbers, never a Python list per event."""
    table = reports.read_reports()
    last = (pd.to_datetime(table["period_end"]) + pd.Timedelta(days=config.REPORT_LAG_DAYS)).to_numpy(
        dtype="datetime64[D]")
    last = np.append(last, np.datetime64("9999-12-31")).astype(np.int64)  # last: unknown report
    text = pyarrow.large_string()
    lists = pc.split_pattern(pyarrow.array(source_report_ids.fillna(""), type=text), ";")
    known = pyarrow.array(table["report_id"], type=text)
    which = pc.index_in(pc.list_flatten(lists), value_set=known).fill_null(len(known))
    starts = np.asarray(lists.offsets)[:-1]
    latest = np.maximum.reduceat(last[np.asarray(which)], starts) if len(starts) else last[:0]
    return pd.Series(np.datetime_as_string(latest.astype("datetime64[D]")),
                     index=source_report_ids.index, dtype=str)


# Row-wise checks that pandera reports once per column, mapped to the column they are about.
RAW_CHECK_COLUMNS = {
    "quote must occur verbatim in its report": "quote",
    "a named person's row covers one person (group_size 1)": "group_size",
    **{
        f"{c} must occur in its report, or notes say 'inferred: {c}'": c
        for c in TEXT_COLUMNS
    },
}


# --- The clean tables (data/clean): the contract notebooks and researchers rely on. ----------

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
DATE_PRECISIONS = PRECISIONS
LEGAL_CODES = tuple(reference.LEGAL_CODE_PREFIX)
MAX_ADMINISTRATIVE_ARREST_DAYS = 30  # Code of Administrative Offences, Article 50: up to 30 days
EARLIEST_EVENT = "1991-12-16"  # independence: no event in the reports' scope precedes it


def _optional_iso(s: pd.Series) -> pd.Series:
    return (s == "") | s.str.fullmatch(ISO_DATE)


class Events(pa.DataFrameModel):
    """data/clean/events: one row per real-world event per person, merged across reports."""

    event_id: Series[str] = pa.Field(unique=True, description="Stable id: 'ev-' and the first "
                                     "(lowest) incident_id among the rows that tell the event.")
    person_id: Series[str] = pa.Field(description="Stable id of the person (persons table); "
                                      "empty for an unnamed group or an organisation.")
    person_name: Series[str] = pa.Field(description="The person's canonical name: the spelling "
                                        "the reports use most; empty for a group.")
    group_size: Series[int] = pa.Field(ge=1, description="People the event concerns: 1 for a "
                                       "person, the (lower-bound) number for a group.")
    role: Series[str] = pa.Field(description="The person's role (data/reference/roles.csv).")
    affiliation: Series[str] = pa.Field(description="Movement, party, union or outlet, in the "
                                        "canonical spelling of data/reference/organisations.csv "
                                        "(several '; '-joined).")
    event_type: Series[str] = pa.Field(description="What happened (data/reference/event_types.csv).")
    event_date: Series[str] = pa.Field(description="First day of the interval the event is known "
                                       "to lie in (ISO 8601); empty when undated.")
    event_date_end: Series[str] = pa.Field(description="Last day of that interval (ISO 8601); "
                                           "empty when undated.")
    date_precision: Series[str] = pa.Field(isin=one_of(DATE_PRECISIONS), description="How precisely the "
                                           "report dates the event: day; range (two ends or a third "
                                           "of a month: '22-25 June', 'mid-May', 'April–May', "
                                           "'2020–21'); month; season; year; or unknown (no date "
                                           "given). event_date..event_date_end is the span.")
    date_capped: Series[bool] = pa.Field(description="True where the date as written runs past "
                                         "the end of the period of the report that tells it (\"in "
                                         "2021\" in a list dated 1 September 2021): "
                                         "event_date_end is cut to that day, what the report could "
                                         "know.")
    place: Series[str] = pa.Field(description="Canonical settlement (or country, for events "
                                  "abroad); empty when the report names no place.")
    place_status: Series[str] = pa.Field(isin=one_of(("ok", "empty", "national", "abroad", "unplaced",
                                                         "ambiguous")),
                                         description="ok; empty (no place given); national "
                                         "(Kazakhstan, no region); abroad; unplaced or ambiguous "
                                         "(flagged for a person to decide; region left empty).")
    region: Series[str] = pa.Field(description="First-level unit (region or city of republican "
                                   "significance) containing the place under the boundaries in "
                                   "force on the event date.")
    region_iso: Series[str] = pa.Field(description="ISO 3166-2:KZ code of today's region "
                                       "containing the place, for time series on one geography.")
    legal_code: Series[str] = pa.Field(isin=one_of(("", *LEGAL_CODES)), description="criminal, "
                                       "administrative or civil: the code of the charges; empty "
                                       "if none.")
    articles: Series[str] = pa.Field(description="Articles charged, 'article.part' joined by ';' "
                                     "(for example '405.2;174'); details in event_articles.")
    sentence_type: Series[str] = pa.Field(description="Kind of sentence or penalty "
                                          "(data/reference/sentence_types.csv); 'unknown' for a "
                                          "sentence whose terms the reports do not give.")
    sentence_months: Series[float] = pa.Field(nullable=True, ge=0, description="Length of a "
                                              "prison, restriction-of-liberty or suspended "
                                              "sentence in months.")
    sentence_days: Series[float] = pa.Field(nullable=True, ge=0, description="Days of "
                                            "administrative arrest.")
    fine_kzt: Series[float] = pa.Field(nullable=True, ge=0, description="Fine in tenge.")
    fine_eur: Series[float] = pa.Field(nullable=True, ge=0, description="The fine in euros as "
                                       "the report gives it (not converted by kzstats).")
    suspended: Series[bool] = pa.Field(description="True for a suspended or conditional "
                                       "sentence or probation; null (in the files) for an event "
                                       "that states no penalty.")
    ban_months: Series[float] = pa.Field(nullable=True, ge=0, description="Length of an "
                                         "additional ban (on public activity, journalism, ...).")
    source_report_ids: Series[str] = pa.Field(description="The reports that tell the event, ';'-joined.")
    n_sources: Series[int] = pa.Field(ge=1, description="How many reports tell the event.")
    incident_ids: Series[str] = pa.Field(description="The coding-sheet rows merged into the "
                                         "event, ';'-joined.")
    quote: Series[str] = pa.Field(str_length=length_within(1), description="The quote of the "
                                  "row the event's date and details come from.")

    class Config:
        strict = True
        ordered = True

    @rule("event_type", says="event_type must be in data/reference/event_types.csv")
    def _known_event_type(cls, s: Series[str]) -> Series[bool]:
        return s.isin(reference.event_types())

    @rule("event_date", says="event_date must be an ISO date or empty")
    def _iso_start(cls, s: Series[str]) -> Series[bool]:
        return _optional_iso(s)

    @rule("event_date_end", says="event_date_end must be an ISO date or empty")
    def _iso_end(cls, s: Series[str]) -> Series[bool]:
        return _optional_iso(s)

    @frame_rule(says="event_date must not be after event_date_end")
    def _ordered_interval(cls, df: pd.DataFrame) -> Series[bool]:
        return df["event_date"] <= df["event_date_end"]

    @frame_rule(says="an undated event has precision 'unknown', a dated one does not")
    def _precision_matches_date(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["event_date"] == "") == (df["date_precision"] == "unknown")

    @frame_rule(says="event_date must lie after 1991-12-16 and no later than two months "
                        "after the period of the reports that tell it")
    def _plausible_date(cls, df: pd.DataFrame) -> Series[bool]:
        latest = _latest_plausible_date(df["source_report_ids"])
        dated = df["event_date"] != ""
        return ~dated | ((df["event_date"] >= EARLIEST_EVENT) & (df["event_date"] <= latest))

    @frame_rule(says="a sentence has a sentence_type")
    def _sentence_has_type(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["event_type"] != "sentence") | (df["sentence_type"] != "")

    @frame_rule(says="administrative arrest is at most 30 days (Code of Administrative "
                        "Offences, Article 50)")
    def _arrest_within_legal_maximum(cls, df: pd.DataFrame) -> Series[bool]:
        return df["sentence_days"].isna() | (df["sentence_days"] <= MAX_ADMINISTRATIVE_ARREST_DAYS)

    @frame_rule(says="a placed event in Kazakhstan has a region and a region code")
    def _placed_has_region(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["place_status"] != "ok") | ((df["region"] != "") & (df["region_iso"] != ""))

    @frame_rule(says="n_sources counts source_report_ids")
    def _sources_counted(cls, df: pd.DataFrame) -> Series[bool]:
        return df["source_report_ids"].str.count(";") + 1 == df["n_sources"]


class EventArticles(pa.DataFrameModel):
    """data/clean/event_articles: one row per article charged per event."""

    event_id: Series[str] = pa.Field(description="The event (events.event_id).")
    legal_code: Series[str] = pa.Field(isin=one_of(LEGAL_CODES), description="criminal, administrative or civil.")
    article: Series[str] = pa.Field(str_matches=matching(r"^\d+(-\d+)?$"), description="Article number.")
    part: Series[str] = pa.Field(description="Part of the article; empty when not given.")
    title: Series[str] = pa.Field(str_length=length_within(1), description="The article's title "
                                  "(data/reference/articles.csv).")
    category: Series[str] = pa.Field(str_length=length_within(1), description="Its category: "
                                     "extremism, speech, assembly, ... (data/reference/articles.md).")

    class Config:
        strict = True
        ordered = True
        unique = ("event_id", "legal_code", "article", "part")


class EventSources(pa.DataFrameModel):
    """data/clean/event_sources: one row per telling of an event, every report's row and quote
    (events keeps the quote of one of them)."""

    event_id: Series[str] = pa.Field(description="The event (events.event_id).")
    report_id: Series[str] = pa.Field(description="The report that tells it (reports.report_id).")
    incident_id: Series[str] = pa.Field(unique=True, description="The coding-sheet row of this "
                                        "telling (data/raw/incidents.csv).")
    quote: Series[str] = pa.Field(str_length=length_within(1), description="The report's words "
                                  "for the event, verbatim.")

    class Config:
        strict = True
        ordered = True


class Persons(pa.DataFrameModel):
    """data/clean/persons: one row per person, with every spelling the reports use."""

    person_id: Series[str] = pa.Field(unique=True, str_matches=matching(r"^p-[0-9a-f]{10}$"),
                                      description="Stable id derived from the person's name key.")
    name: Series[str] = pa.Field(description="Canonical name: the most used spelling.")
    aliases: Series[str] = pa.Field(description="Every other spelling in the coding sheet, ';'-joined.")
    role: Series[str] = pa.Field(description="One role per person: the role most often coded "
                                 "in the person's rows, ties going to the first in alphabetical "
                                 "order; each event keeps the role its report gives (events.role).")

    class Config:
        strict = True
        ordered = True


class Reports(pa.DataFrameModel):
    """data/clean/reports: the reports and the periods they cover."""

    report_id: Series[str] = pa.Field(unique=True, description="Report id.")
    title: Series[str] = pa.Field(description="Title.")
    publishers: Series[str] = pa.Field(description="Publishers, ';'-joined.")
    url: Series[str] = pa.Field(description="Where it was published, where known.")
    period_start: Series[str] = pa.Field(str_matches=matching(ISO_DATE), description="First day of the "
                                         "period the report covers.")
    period_end: Series[str] = pa.Field(str_matches=matching(ISO_DATE), description="Last day of that period.")
    coverage: Series[str] = pa.Field(description="monitoring: systematic for its period; "
                                     "thematic: one subject; retrospective: a list as of a date.")
    n_incidents: Series[int] = pa.Field(ge=0, description="Rows coded from the report.")

    class Config:
        strict = True
        ordered = True

    @rule("coverage", says="coverage must be in data/reference/coverage.csv")
    def _known_coverage(cls, coverage: Series[str]) -> Series[bool]:
        return coverage.isin(reference.coverage_kinds())


CUSTODY_KINDS = ("prison", "pretrial", "psychiatric", "house_arrest", "administrative_arrest",
                 "restriction_of_liberty")
END_KINDS = ("served", "released", "parole", "pardon_amnesty", "acquitted", "transferred", "died",
             "ongoing", "unknown")
OPTIONAL_ISO_DATE = r"^(\d{4}-\d{2}-\d{2})?$"


class StatusObservations(pa.DataFrameModel):
    """data/clean/status_observations: each statement of a report that a named person IS held
    (event_type status_observation in the coding sheet): evidence for the custody register."""

    observation_id: Series[str] = pa.Field(unique=True, description="'obs-' and the row's incident_id.")
    person_id: Series[str] = pa.Field(description="The person (persons.person_id).")
    person_name: Series[str] = pa.Field(description="The person's canonical name.")
    custody: Series[str] = pa.Field(isin=one_of(CUSTODY_KINDS), description="The kind of custody the "
                                    "statement names (data/reference/custody.csv).")
    as_of: Series[str] = pa.Field(str_matches=matching(ISO_DATE), description="The date the statement "
                                  "speaks of: its own date, else the last day of its report's period.")
    report_id: Series[str] = pa.Field(description="The report that makes the statement.")
    incident_id: Series[str] = pa.Field(description="Its row in the coding sheet.")
    quote: Series[str] = pa.Field(description="The statement, verbatim.")

    class Config:
        strict = True
        ordered = True


class StatedTotals(pa.DataFrameModel):
    """data/clean/stated_totals: totals of people held that a report states in its own words
    (data/raw/stated_totals.csv), shown beside the register's own count."""

    claim_id: Series[str] = pa.Field(unique=True, description="The report id, '-t' and a number.")
    report_id: Series[str] = pa.Field(description="The report that states the total.")
    as_of: Series[str] = pa.Field(str_matches=matching(ISO_DATE), description="The date the total speaks of.")
    custody: Series[str] = pa.Field(isin=one_of(("all", *CUSTODY_KINDS)), description="'all' or a custody kind.")
    total: Series[str] = pa.Field(str_matches=matching(r"^\d+$"), description="The number stated.")
    quote: Series[str] = pa.Field(description="The report's words, verbatim.")
    notes: Series[str] = pa.Field(description="Where it stands and what it counts.")

    class Config:
        strict = True
        ordered = True


class CustodySpells(pa.DataFrameModel):
    """data/clean/custody_spells: the custody register, one row per person per spell of
    deprivation or restriction of liberty (kzstats/custody.py says how spells are derived)."""

    spell_id: Series[str] = pa.Field(unique=True, description="'cs-', the person id's hex and a "
                                     "number in the person's order of spells.")
    person_id: Series[str] = pa.Field(str_matches=matching(r"^p-[0-9a-f]{10}$"), description="The person.")
    person_name: Series[str] = pa.Field(description="The person's canonical name.")
    custody: Series[str] = pa.Field(isin=one_of(CUSTODY_KINDS), description="prison, pretrial, psychiatric, "
                                    "house_arrest, administrative_arrest or restriction_of_liberty.")
    start: Series[str] = pa.Field(str_matches=matching(OPTIONAL_ISO_DATE), description="First day of the "
                                  "spell as the report dates it (the first day of its month or year "
                                  "when only those are given); empty when no report tells it.")
    start_precision: Series[str] = pa.Field(description="Precision of start (day, month, ..., "
                                            "unknown).")
    end: Series[str] = pa.Field(str_matches=matching(OPTIONAL_ISO_DATE), description="The day the spell "
                                "ended (not held from that day); empty while ongoing or unknown.")
    end_kind: Series[str] = pa.Field(isin=one_of(END_KINDS), description="How it ended: served, released, "
                                     "parole, pardon_amnesty, acquitted, transferred, died; or "
                                     "ongoing (a statement or the term reaches the last report), "
                                     "unknown (no evidence of its end).")
    expected_end: Series[str] = pa.Field(str_matches=matching(OPTIONAL_ISO_DATE), description="Start plus "
                                         "term, where both are known.")
    evidence_from: Series[str] = pa.Field(str_matches=matching(OPTIONAL_ISO_DATE), description="First day "
                                          "the evidence shows the person held: the start, else the "
                                          "first status statement.")
    evidence_until: Series[str] = pa.Field(str_matches=matching(OPTIONAL_ISO_DATE), description="Last day "
                                           "the evidence shows the person held when the end is not "
                                           "known (the latest statement, or the term up to the last "
                                           "report); the end itself when it is.")
    articles: Series[str] = pa.Field(description="Articles of the spell's event, or carried from "
                                     "the person's criminal case when it names none (';'-joined).")
    term_months: Series[float] = pa.Field(nullable=True, description="The term in months, where "
                                          "a sentence gives it.")
    source_report_ids: Series[str] = pa.Field(description="Reports the spell rests on.")
    event_ids: Series[str] = pa.Field(description="Events and status observations it rests on.")
    basis: Series[str] = pa.Field(description="How start and end were derived: told by the "
                                  "report; start plus term; a later release; a status statement.")

    class Config:
        strict = True
        ordered = True
        coerce = True


# Row-wise checks of the clean tables, mapped to the column a researcher should look at.
CLEAN_CHECK_COLUMNS = {
    "event_date must not be after event_date_end": "event_date",
    "an undated event has precision 'unknown', a dated one does not": "date_precision",
    "event_date must lie after 1991-12-16 and no later than two months after the period of the "
    "reports that tell it": "event_date",
    "a sentence has a sentence_type": "sentence_type",
    "administrative arrest is at most 30 days (Code of Administrative Offences, Article 50)":
        "sentence_days",
    "a placed event in Kazakhstan has a region and a region code": "region",
    "n_sources counts source_report_ids": "n_sources",
}

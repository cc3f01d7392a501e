"""pandera schemas for every table kzstats reads or writes; their descriptions are the codebook."""

import re

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from kzstats import reference, reports

MAX_QUOTE_LENGTH = 1200
TEXT_COLUMNS = ("date_text", "place_text", "charges_text", "outcome_text")


def _inferred(notes: pd.Series, column: str) -> pd.Series:
    """True where the coder's notes say this column was inferred rather than copied."""
    return notes.str.contains(rf"inferred:[^.;]*\b{re.escape(column)}\b", regex=True)


def _verbatim_or_inferred(df: pd.DataFrame, column: str) -> pd.Series:
    empty = df[column] == ""
    return empty | reports.in_report(df["report_id"], df[column]) | _inferred(df["notes"], column)


class RawIncidents(pa.DataFrameModel):
    """The coding sheet data/raw/incidents.csv: one row per person per event per report."""

    incident_id: Series[str] = pa.Field(
        unique=True, str_matches=r"^[a-z0-9]+(-[a-z0-9]+)*-\d{4}$",
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
        str_matches=r"^[1-9][0-9]*$",
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
        str_length={"min_value": 1, "max_value": MAX_QUOTE_LENGTH},
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

    @pa.check("report_id", name="report_id must be a report in data/raw/reports.csv")
    def _known_report(cls, report_id: Series[str]) -> Series[bool]:
        return report_id.isin(reports.report_ids())

    @pa.check("role", name="role must be in data/reference/roles.csv")
    def _known_role(cls, role: Series[str]) -> Series[bool]:
        return role.isin(reference.roles())

    @pa.check("event_type", name="event_type must be in data/reference/event_types.csv")
    def _known_event_type(cls, event_type: Series[str]) -> Series[bool]:
        return event_type.isin(reference.event_types())

    @pa.check("quote", name="quote must not span a line break")
    def _one_paragraph(cls, quote: Series[str]) -> Series[bool]:
        return ~quote.str.contains("\n", regex=False)

    @pa.dataframe_check(name="quote must occur verbatim in its report")
    def _quote_in_report(cls, df: pd.DataFrame) -> Series[bool]:
        return reports.in_report(df["report_id"], df["quote"])

    @pa.dataframe_check(name="a named person's row covers one person (group_size 1)")
    def _named_person_is_one(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["person"] == "") | (df["group_size"] == "1")

    @pa.dataframe_check(name="date_text must occur in its report, or notes say 'inferred: date_text'")
    def _date_text_verbatim(cls, df: pd.DataFrame) -> Series[bool]:
        return _verbatim_or_inferred(df, "date_text")

    @pa.dataframe_check(name="place_text must occur in its report, or notes say 'inferred: place_text'")
    def _place_text_verbatim(cls, df: pd.DataFrame) -> Series[bool]:
        return _verbatim_or_inferred(df, "place_text")

    @pa.dataframe_check(name="charges_text must occur in its report, or notes say 'inferred: charges_text'")
    def _charges_text_verbatim(cls, df: pd.DataFrame) -> Series[bool]:
        return _verbatim_or_inferred(df, "charges_text")

    @pa.dataframe_check(name="outcome_text must occur in its report, or notes say 'inferred: outcome_text'")
    def _outcome_text_verbatim(cls, df: pd.DataFrame) -> Series[bool]:
        return _verbatim_or_inferred(df, "outcome_text")


# Row-wise checks that pandera reports once per column, mapped to the column they are about.
RAW_CHECK_COLUMNS = {
    "quote must occur verbatim in its report": "quote",
    "a named person's row covers one person (group_size 1)": "group_size",
    **{
        f"{c} must occur in its report, or notes say 'inferred: {c}'": c
        for c in TEXT_COLUMNS
    },
}

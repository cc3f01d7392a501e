"""Reference data under data/reference: vocabularies, the meanings of event types, articles."""

from functools import cache

import pandas as pd

from kzstats import config

YES = "yes"
# The legal codes an article belongs to, in the order they are listed, and the prefix of an
# article's label: criminal articles bare (the common case), the others named.
LEGAL_CODE_PREFIX = {"criminal": "", "administrative": "CAO ", "civil": "Civil Code "}


def read_reference(name: str) -> pd.DataFrame:
    """Read data/reference/<name>.csv as text columns, empty cells as ''."""
    return pd.read_csv(config.REFERENCE_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


@cache
def _event_type_table() -> pd.DataFrame:
    return read_reference("event_types")


def event_type_table() -> pd.DataFrame:
    """data/reference/event_types.csv: each type's family, meanings (yes/no columns), definition."""
    return _event_type_table().copy()


@cache
def event_types() -> tuple[str, ...]:
    """The controlled vocabulary of event_type, in the codebook's order."""
    return tuple(_event_type_table()["event_type"])


@cache
def event_types_where(column: str) -> tuple[str, ...]:
    """The event types whose yes/no column of event_types.csv says yes, in the codebook's order."""
    table = _event_type_table()
    return tuple(table.loc[table[column] == YES, "event_type"])


@cache
def event_type_values(column: str) -> dict[str, str]:
    """Event type -> its value in a column of event_types.csv, for the types that have one."""
    table = _event_type_table()
    table = table[table[column] != ""]
    return dict(zip(table["event_type"], table[column], strict=True))


@cache
def roles() -> tuple[str, ...]:
    """The controlled vocabulary of role."""
    return tuple(read_reference("roles")["role"])


@cache
def coverage_kinds() -> tuple[str, ...]:
    """The kinds of report by what they cover (monitoring, thematic, retrospective)."""
    return tuple(read_reference("coverage")["coverage"])


@cache
def _catalogue() -> pd.DataFrame:
    return read_reference("articles")


def article_catalogue() -> pd.DataFrame:
    """data/reference/articles.csv: one row per (legal_code, article) with title and category."""
    return _catalogue().copy()

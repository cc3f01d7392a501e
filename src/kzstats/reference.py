"""Reference data under data/reference: the vocabularies (and, later, gazetteer and articles)."""

from functools import cache

import pandas as pd

from kzstats import config


def read_reference(name: str) -> pd.DataFrame:
    """Read data/reference/<name>.csv as text columns, empty cells as ''."""
    return pd.read_csv(config.REFERENCE_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


@cache
def event_types() -> tuple[str, ...]:
    """The controlled vocabulary of event_type, in the codebook's order."""
    return tuple(read_reference("event_types")["event_type"])


@cache
def roles() -> tuple[str, ...]:
    """The controlled vocabulary of role."""
    return tuple(read_reference("roles")["role"])


@cache
def coverage_kinds() -> tuple[str, ...]:
    """The kinds of report by what they cover (monitoring, thematic, retrospective)."""
    return tuple(read_reference("coverage")["coverage"])

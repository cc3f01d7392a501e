"""The clean tables of data/clean, loaded typed for analysis: what every notebook starts from.

Dates come back as datetime64 (NaT where a report gives none). The Parquet files hold null
for a missing text; the loader gives it back as '' (see `_read_parquet`). A missing or partial
data/clean is a clear error, not a traceback.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kzstats import config
from kzstats.errors import KzstatsError, Problem

TABLES = ("events", "event_articles", "persons", "reports")
# Every telling of every event, with its quote.
TELLINGS = ("event_sources",)
# The custody register and its evidence, written by the same build.
REGISTER = ("custody_spells", "status_observations", "stated_totals")
LOGS = ("needs_review", "person_matches", "event_merges")
DATE_COLUMNS = ("event_date", "event_date_end", "period_start", "period_end")


@dataclass(frozen=True)
class Dataset:
    """The four contract tables, every telling of each event, the custody register with its evidence, and the build's logs."""

    events: pd.DataFrame
    event_articles: pd.DataFrame
    persons: pd.DataFrame
    reports: pd.DataFrame
    event_sources: pd.DataFrame
    needs_review: pd.DataFrame
    person_matches: pd.DataFrame
    event_merges: pd.DataFrame
    custody_spells: pd.DataFrame
    status_observations: pd.DataFrame
    stated_totals: pd.DataFrame


def _missing(path: Path) -> KzstatsError:
    return KzstatsError([Problem(str(path), None, "", "", "", "missing: run `kzstats build` "
                                 "(or `make build`) to write data/clean first")])


def read_table(folder: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One contract table of a clean folder (only `columns`, if given), typed as load() types it."""
    return _read_parquet(Path(folder) / f"{name}.parquet", columns)


def _read_parquet(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """A Parquet table with a missing text as '' and a boolean that may be null as pandas'
    nullable boolean (NA where it does not apply, as `suspended` for an event with no penalty).

    '' rather than null for text: the library's comparisons (`person_id != ""`, a group has no
    person; `region == ""`, not placed) and researchers' code written against the CSVs, where
    a missing text reads as '', keep one meaning for "not given"; the files keep the null.
    """
    if not path.exists():
        raise _missing(path)
    df = pd.read_parquet(path, columns=columns)
    booleans = {f.name for f in pq.read_schema(path) if f.type == pa.bool_()}
    for column in df.columns:
        if column in booleans and not pd.api.types.is_bool_dtype(df[column]):
            df[column] = df[column].astype("boolean")  # True/False/None came back as objects
        elif pd.api.types.is_string_dtype(df[column]) and column not in DATE_COLUMNS:
            df[column] = df[column].fillna("")
    for column in set(DATE_COLUMNS) & set(df.columns):
        df[column] = pd.to_datetime(df[column])
    return df


def _read_log(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise _missing(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The four contract tables of a clean folder, from Parquet, typed as load() types them."""
    return {name: _read_parquet(Path(folder) / f"{name}.parquet") for name in TABLES}


def load(folder: Path | None = None) -> Dataset:
    """Read data/clean (or `folder`): the contract tables from Parquet, the logs from CSV."""
    folder = Path(folder or config.CLEAN_DATA_DIR)
    tables = load_tables(folder)
    tables.update({name: _read_parquet(folder / f"{name}.parquet") for name in TELLINGS})
    logs = {name: _read_log(folder / f"{name}.csv") for name in LOGS}
    # The register is kept as written (ISO dates as text): custody.held_on reads it so.
    register = {name: _read_log(folder / f"{name}.csv") for name in REGISTER}
    return Dataset(**tables, **logs, **register)

"""The clean tables of data/clean, loaded typed for analysis: what every notebook starts from.

Dates come back as datetime64 (NaT where a report gives none); everything else as written by
`kzstats build`. A missing or partial data/clean is a clear error, not a traceback.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kzstats import config
from kzstats.errors import KzstatsError, Problem

TABLES = ("events", "event_articles", "persons", "reports")
# The custody register and its evidence, written by the same build.
REGISTER = ("custody_spells", "status_observations", "stated_totals")
LOGS = ("needs_review", "person_matches", "event_merges")
DATE_COLUMNS = ("event_date", "event_date_end", "period_start", "period_end")


@dataclass(frozen=True)
class Dataset:
    """The four contract tables, the custody register with its evidence, and the build's logs."""

    events: pd.DataFrame
    event_articles: pd.DataFrame
    persons: pd.DataFrame
    reports: pd.DataFrame
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
    if not path.exists():
        raise _missing(path)
    df = pd.read_parquet(path, columns=columns)
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
    logs = {name: _read_log(folder / f"{name}.csv") for name in LOGS}
    # The register is kept as written (ISO dates as text): custody.held_on reads it so.
    register = {name: _read_log(folder / f"{name}.csv") for name in REGISTER}
    return Dataset(**tables, **logs, **register)

"""The source reports: their metadata (data/raw/reports.csv) and their texts."""

from functools import cache

import pandas as pd

from kzstats import config

PIECE_SEPARATOR = " | "


def read_reports() -> pd.DataFrame:
    """The report table, one row per report, every cell as text exactly as stored."""
    return pd.read_csv(config.REPORTS_CSV, dtype=str, keep_default_na=False)


@cache
def report_ids() -> frozenset[str]:
    """The ids of the known reports."""
    return frozenset(read_reports()["report_id"])


@cache
def report_text(report_id: str) -> str:
    """The full text of one report, as received."""
    file = read_reports().set_index("report_id").loc[report_id, "file"]
    return (config.RAW_DATA_DIR / file).read_text(encoding="utf-8")


def in_report(report_id: pd.Series, text: pd.Series) -> pd.Series:
    """True where each text occurs verbatim in its own report; False for an unknown report.

    A text of several verbatim pieces joined by ' | ' counts when every piece occurs.
    """
    found = pd.Series(False, index=text.index)
    known = report_id.isin(report_ids())
    for rid, rows in text[known].groupby(report_id[known]).groups.items():
        body = report_text(rid)
        found[rows] = [all(p in body for p in t.split(PIECE_SEPARATOR)) for t in text[rows]]
    return found

"""The source reports: their metadata (data/raw/reports.csv) and their texts."""

from functools import cache

import numpy as np
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
def _report_files() -> dict[str, str]:
    table = read_reports()
    return dict(zip(table["report_id"], table["file"]))


@cache
def report_text(report_id: str) -> str:
    """The full text of one report, as received."""
    return (config.RAW_DATA_DIR / _report_files()[report_id]).read_text(encoding="utf-8")


def in_report(report_id: pd.Series, text: pd.Series) -> pd.Series:
    """True where each text occurs verbatim in its own report; False for an unknown report.

    A text of several verbatim pieces joined by ' | ' counts when every piece occurs. Each
    distinct (report, text) pair is searched once: phrases repeat far more than reports grow.
    """
    report_codes, ids = pd.factorize(report_id)
    text_codes, texts = pd.factorize(text)
    n = len(texts)  # a pair's code: report code * n + text code
    pairs, codes = np.unique(report_codes.astype(np.int64) * n + text_codes, return_inverse=True)
    ids, texts, known = ids.tolist(), texts.tolist(), report_ids()
    found = np.array([ids[p // n] in known and _occurs(ids[p // n], texts[p % n])
                      for p in pairs.tolist()], dtype=bool)
    return pd.Series(found[codes.ravel()], index=text.index)


def _occurs(report_id: str, text: str) -> bool:
    body = report_text(report_id)
    return all(piece in body for piece in text.split(PIECE_SEPARATOR))

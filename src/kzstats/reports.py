"""The source reports: their metadata (data/raw/reports.csv) and their texts."""

import unicodedata
from functools import cache

import numpy as np
import pandas as pd

from kzstats import config
from kzstats.sheet import PIECE_SEPARATOR


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
    """The full text of one report, as received, in Unicode NFC as the sheet is read."""
    text = (config.RAW_DATA_DIR / _report_files()[report_id]).read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", text)


def in_report(report_id: pd.Series, text: pd.Series) -> pd.Series:
    """True where each text occurs verbatim in its own report; False for an unknown report.

    A text of several verbatim pieces joined by ' | ' counts when every piece occurs. Each
    distinct (report, text) pair is searched once: phrases repeat far more than reports grow.
    The pairs are taken report by report, so each report's text is fetched once and only that
    report's texts are made Python strings at a time (a million quotes at once would not be);
    within a report, in the order the sheet first gives them, which _occur makes use of.
    """
    report_codes, ids = pd.factorize(report_id)
    text_codes, texts = pd.factorize(text)
    n = len(texts)  # a pair's code: report code * n + text code
    pairs, first_row, codes = np.unique(report_codes.astype(np.int64) * n + text_codes,
                                        return_index=True, return_inverse=True)
    report_of, text_of = np.divmod(pairs, n)
    # Report by report, and within one in the order the sheet first gives each text.
    order = np.lexsort((first_row, report_of))
    starts = np.flatnonzero(np.diff(report_of[order], prepend=-1))
    found = np.zeros(len(pairs), dtype=bool)
    known = report_ids()
    for start, end in zip(starts.tolist(), [*starts[1:].tolist(), len(pairs)]):
        taken = order[start:end]
        report = ids[report_of[taken[0]]]
        if report in known:
            found[taken] = _occur(report_text(report), texts.take(text_of[taken]).tolist())
    return pd.Series(found[codes.ravel()], index=text.index)


def _occur(body: str, texts: list[str]) -> list[bool]:
    """Whether each text (every piece of it) occurs in body.

    Texts come in the sheet's order, which is mostly the report's own: each piece is looked for
    from where the piece before it was found, and only then in the part of the report before
    that. The answer is the same as a search of the whole report, for a fraction of the scan.
    """
    found, at = [], 0
    for text in texts:
        pieces = text.split(PIECE_SEPARATOR) if PIECE_SEPARATOR in text else (text,)
        for piece in pieces:
            where = body.find(piece, at)
            if where < 0:
                where = body.find(piece, 0, at + len(piece))
            if where < 0:
                break
            at = where
        found.append(where >= 0)
    return found

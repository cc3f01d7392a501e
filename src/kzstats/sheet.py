"""Reading a coding sheet (data/raw/incidents.csv or a researcher's new one) strictly.

Every cell is read as text, exactly as typed; anything that would make pandas and a
spreadsheet disagree about the table (bad encoding, ragged rows, missing columns) is a Problem.
"""

import csv
import io
import mmap
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from kzstats.errors import KzstatsError, Problem
from kzstats.locking import append_whole
from kzstats.textsafe import nfc_frame

SHEET_COLUMNS = (
    "incident_id", "report_id", "person", "group_size", "role", "affiliation", "event_type",
    "date_text", "place_text", "charges_text", "outcome_text", "quote", "notes",
)
# A review file (data/raw/review/<report_id>.csv) is the sheet's columns plus why each row is proposed.
REVIEW_COLUMNS = SHEET_COLUMNS + ("confidence", "reason")
# Joins the verbatim pieces of one quote or text column taken from several places of a report.
PIECE_SEPARATOR = " | "
BLANK_LINES = (b"\n\n", b"\r\r", b"\n\r\n")


def read_sheet(path: Path) -> pd.DataFrame:
    """Read a coding sheet as strings; raise KzstatsError naming every structural problem.

    A regular sheet is parsed by Arrow's CSV reader; anything irregular (an empty line, a
    ragged row, a bad header or encoding) is read again by the strict reader, which says
    exactly what is wrong and where. Both give the same table for a regular sheet.
    """
    fast = _read_regular(path)
    return nfc_frame(fast if fast is not None else _read_strict(path))  # see textsafe


def _read_regular(path: Path) -> pd.DataFrame | None:
    """The sheet through Arrow's CSV reader, or None if it is not plainly regular."""
    if not _plain(path):
        return None
    irregular = []
    try:
        table = pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True, ignore_empty_lines=False,
                invalid_row_handler=lambda row: irregular.append(row) or "skip"),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(SHEET_COLUMNS, pa.large_string()),
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid:
        return None
    if irregular or sorted(table.column_names) != sorted(SHEET_COLUMNS):
        return None
    # One chunk per column: taking rows from a chunked text column first concatenates its chunks,
    # a transient copy of the column each time (the quotes alone are some 200 MB at 1M rows).
    # As pandas' own reader types text ("str"): pyarrow before 19 would give objects.
    return table.select(list(SHEET_COLUMNS)).combine_chunks().to_pandas().astype("str")


def _plain(path: Path) -> bool:
    """Whether the file is UTF-8 without an empty line (a row of no fields to the strict
    reader). The file is mapped into memory, not read, so a large sheet is never held twice."""
    try:
        with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _utf8(data) and not any(data.find(blank) >= 0 for blank in BLANK_LINES)
    except (OSError, ValueError):  # unreadable, or empty: the strict reader says which
        return False


def _utf8(data: mmap.mmap) -> bool:
    """Whether the bytes are UTF-8, checked by Arrow without making them a Python string.

    Arrow's CSV reader checks UTF-8 as well, but only as it converts columns: a row it finds
    irregular first goes to the row handler as Python text, which bytes not UTF-8 cannot be."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    whole = pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        whole.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    finally:
        del whole  # the map can close only when nothing points into it
    return True


def _read_strict(path: Path) -> pd.DataFrame:
    name = str(path)
    text = _decode(path, name)
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        raise KzstatsError([Problem(name, None, "", "", "", "the file is empty; expected a header row")])
    header = records[0]
    problems = header_problems(header, name)
    if len(header) == 1 and problems:  # not comma-separated: every row would be ragged too
        raise KzstatsError(problems)
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            problems.append(Problem(
                name, number, record[0] if record else "", "", f"{len(record)} fields",
                f"every row must have {len(header)} fields like the header (stray comma or quote?)",
            ))
    if problems:
        raise KzstatsError(problems)
    return pd.DataFrame(records[1:], columns=header, dtype=str)[list(SHEET_COLUMNS)]


def _decode(path: Path, name: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KzstatsError([Problem(name, None, "", "", "", f"cannot read the file: {exc.strerror}")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KzstatsError([Problem(
            name, line, "", "", repr(data[exc.start : exc.start + 4]),
            "the file must be UTF-8 (save it as 'CSV UTF-8' in a spreadsheet)",
        )])


def header_problems(header: list[str], name: str,
                    columns: tuple[str, ...] = SHEET_COLUMNS) -> list[Problem]:
    """What is wrong with a CSV's header against the columns it must have: a ';' delimiter,
    columns missing, unknown or repeated. The one header check of every table kzstats reads."""
    if len(header) == 1 and ";" in header[0]:
        return [Problem(name, 1, "", "", header[0][:80], "the columns are separated by ';': save "
                        "the file as CSV with commas ('CSV UTF-8 (comma delimited)')")]
    problems = [Problem(name, 1, "", c, "", "required column is missing")
                for c in columns if c not in header]
    problems += [Problem(name, 1, "", c, "", f"unknown column; expected: {', '.join(columns)}")
                 for c in header if c not in columns]
    problems += [Problem(name, 1, "", c, "", "column appears more than once")
                 for c in sorted({c for c in header if header.count(c) > 1})]
    return problems


def write_sheet(df: pd.DataFrame, path: Path) -> None:
    """Write a coding sheet in the project's CSV dialect (UTF-8, minimal quoting, LF)."""
    df[list(SHEET_COLUMNS)].to_csv(path, index=False, encoding="utf-8", lineterminator="\n",
                                   quoting=csv.QUOTE_MINIMAL)


def append_records(path: Path, records: list[list[str]]) -> None:
    """Append records to a CSV in the project's dialect, every byte already there left as it was.

    The only way code adds to data/raw (`kzstats add-report` and `kzstats accept`).
    """
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(records)
    # A whole new file renamed over the old: a crash or a full disk never leaves half a row.
    append_whole(path, out.getvalue().encode("utf-8"))

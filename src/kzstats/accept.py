"""`kzstats accept`: the reviewed rows of a report appended to the coding sheet, or nothing.

The review file (data/raw/review/<report_id>.csv) is what a researcher kept of the proposed rows,
edited in a spreadsheet. Its rows get fresh incident ids and are checked exactly as `kzstats
build` checks the sheet, on a copy of incidents.csv with them appended: the bytes validated are
the bytes written. Problems name the review file's own spreadsheet rows.
"""

import csv
import io
import re
import shutil
from pathlib import Path

import pandas as pd

from kzstats import build, config, locking, reports
from kzstats.errors import KzstatsError, Problem
from kzstats.intake import decode_utf8, shown
from kzstats.sheet import (
    REVIEW_COLUMNS,
    SHEET_COLUMNS,
    append_records,
    header_problems,
    read_sheet,
)

ID_DIGITS = 4


def review_path(report_id: str) -> Path:
    return config.REVIEW_DIR / f"{report_id}.csv"


def accepted_path(review: Path) -> Path:
    """Where a review file goes once accepted, so that it cannot be accepted twice."""
    base = review.with_name(f"{review.stem}.accepted.csv")
    n = 2
    while base.exists():
        base = review.with_name(f"{review.stem}.accepted-{n}.csv")
        n += 1
    return base


def read_review(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """The rows of a review file as text, and the spreadsheet row of each.

    Tolerates what a spreadsheet's re-save adds: a byte-order mark, CRLF line ends, empty rows
    (a cleared row is a rejected row), empty columns after the last. Anything else is a Problem.
    """
    name = shown(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KzstatsError([Problem(name, None, "", "", "", f"cannot read the file: {exc.strerror}")])
    text = decode_utf8(data, name, "the file must be UTF-8 (save it as 'CSV UTF-8')")
    records = [[cell.replace("\r\n", "\n") for cell in record]
               for record in csv.reader(io.StringIO(text, newline=""))]
    header = records[0] if records else []
    while header and header[-1] == "":
        header = header[:-1]
    if problems := _header_problems(header, name):
        raise KzstatsError(problems)
    rows, numbers, problems = [], [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(record):
            continue
        extra = record[len(header):]
        if len(record) < len(header) or any(extra):
            problems.append(Problem(name, number, "", "", f"{len(record)} fields",
                                    f"every row must have {len(header)} fields like the header "
                                    "(stray comma or quote?)"))
            continue
        rows.append(record[: len(header)])
        numbers.append(number)
    if problems:
        raise KzstatsError(problems)
    return pd.DataFrame(rows, columns=list(REVIEW_COLUMNS), dtype=str), numbers


def _header_problems(header: list[str], name: str) -> list[Problem]:
    """The review file's header: sheet.header_problems, and the columns in the review order."""
    if header == list(REVIEW_COLUMNS):
        return []
    return header_problems(header, name, REVIEW_COLUMNS) or [Problem(
        name, 1, "", "", ",".join(header)[:80],
        f"the columns must be in this order: {', '.join(REVIEW_COLUMNS)}")]


def confidence(text: pd.Series) -> pd.Series:
    """The confidence as a number: '0.8' or '0,8' (a spreadsheet's decimal comma); NaN if empty
    or not a number."""
    return pd.to_numeric(text.str.strip().str.replace(",", ".", regex=False), errors="coerce")


def review_problems(review: pd.DataFrame, rows: list[int], report_id: str, name: str,
                    sheet: pd.DataFrame) -> list[Problem]:
    """What makes the review file unacceptable before any row is checked as the build would."""
    problems = []

    def flag(mask: pd.Series, column: str, rule: str) -> None:
        problems.extend(Problem(name, rows[i], "", column, review.at[i, column], rule)
                        for i in mask[mask].index)

    flag(review["report_id"] != report_id, "report_id",
         f"every row of this review file must be of report {report_id}")
    flag(review["incident_id"] != "", "incident_id",
         "leave incident_id empty: accept gives each row a fresh id")
    value = confidence(review["confidence"])
    flag((review["confidence"].str.strip() != "") & ~value.between(0, 1), "confidence",
         "must be a number from 0 to 1 (0.8 or 0,8), or empty")
    compared = [c for c in SHEET_COLUMNS if c != "incident_id"]
    twice = review.rename_axis("position").reset_index().merge(sheet, on=compared,
                                                                suffixes=("", "_sheet"))
    problems += [Problem(name, rows[r.position], "", "quote", r.quote,
                         f"this row is already in incidents.csv as {r.incident_id_sheet}: "
                         "accepted before?") for r in twice.itertuples()]
    return problems


def fresh_ids(existing: pd.Series, report_id: str, n: int) -> list[str]:
    """n incident ids for a report, numbered on from the largest it already has."""
    numbers = existing.str.extract(rf"^{re.escape(report_id)}-(\d{{{ID_DIGITS}}})$")[0].dropna()
    first = int(numbers.astype(int).max()) + 1 if len(numbers) else 1
    return [f"{report_id}-{k:0{ID_DIGITS}d}" for k in range(first, first + n)]


def _as_review_problems(problems: list[Problem], checked: str, first_new: int, rows: list[int],
                        new_ids: list[str], name: str) -> list[Problem]:
    """Problems found in the checked copy of the sheet, pointed at the review file's rows."""
    row_of_id = dict(zip(new_ids, rows))
    out = []
    for p in problems:
        if p.file == checked and p.row is not None and p.row >= first_new:
            out.append(Problem(name, rows[p.row - first_new], "", p.column, p.value, p.rule))
        elif (ids := [i for i in p.incident_id.split(";") if i in row_of_id]):
            table = p.file.removeprefix("data/clean/")
            out.append(Problem(name, row_of_id[ids[0]], "", p.column, p.value,
                               f"{p.rule} (in the built {table} table)"))
        else:  # a problem of the sheet as it was
            file = shown(config.INCIDENTS_CSV) if p.file == checked else p.file
            out.append(Problem(file, p.row, p.incident_id, p.column, p.value, p.rule))
    return out


def accept(report_id: str, review: Path | None = None) -> dict:
    """Append the reviewed rows of a report to incidents.csv with fresh ids; return a summary.

    On any problem nothing is appended and the review file stays where it is. Holds the
    project lock: two accepts at once would give the same ids.
    """
    with locking.project_lock("accept"):
        return _accept(report_id, review)


def _accept(report_id: str, review: Path | None) -> dict:
    # --- load inputs
    path = review or review_path(report_id)
    name = shown(path)
    if report_id not in reports.report_ids():
        raise KzstatsError([Problem(shown(config.REPORTS_CSV), None, "", "report_id", report_id,
                                    "no such report: add it first with kzstats add-report")])
    if not path.exists():
        done = sorted(path.parent.glob(f"{path.stem}.accepted*.csv"))
        rule = (f"already accepted: the rows are in incidents.csv and the file is now "
                f"{shown(done[-1])}" if done else
                f"no review file: run kzstats extract {report_id} first")
        raise KzstatsError([Problem(name, None, "", "", "", rule)])
    table, rows = read_review(path)
    sheet = read_sheet(config.INCIDENTS_CSV)

    # --- process data
    if table.empty:
        raise KzstatsError([Problem(name, None, "", "", "", "nothing to accept: the review file "
                                    "has no rows (every proposed row was deleted)")])
    if problems := review_problems(table, rows, report_id, name, sheet):
        raise KzstatsError(problems)
    table["incident_id"] = fresh_ids(sheet["incident_id"], report_id, len(table))
    if len(table["incident_id"].iat[-1]) > len(report_id) + 1 + ID_DIGITS:
        raise KzstatsError([Problem(name, None, "", "incident_id", table["incident_id"].iat[-1],
                                    f"a report has at most {10**ID_DIGITS - 1} rows")])
    records = table[list(SHEET_COLUMNS)].to_numpy().tolist()
    with locking.work_folder("accept-") as folder:  # removed at start-up if accept is killed
        checked = folder / "incidents.csv"
        shutil.copyfile(config.INCIDENTS_CSV, checked)
        append_records(checked, records)
        try:
            build.build_tables(build.load_inputs(checked))
        except KzstatsError as exc:
            raise KzstatsError(_as_review_problems(exc.problems, str(checked), len(sheet) + 2,
                                                   rows, list(table["incident_id"]), name)) from None

    # --- save outputs
    try:
        append_records(config.INCIDENTS_CSV, records)
    except OSError as exc:
        raise KzstatsError([locking.disk_problem(exc, config.INCIDENTS_CSV,
                                                 "nothing was appended")]) from None
    done = accepted_path(path)
    path.rename(done)
    return {"rows": len(records), "first": records[0][0], "last": records[-1][0],
            "accepted": shown(done)}

"""`kzstats add-report`: a new report's text into data/raw/reports and its row into reports.csv.

data/raw is read-only to code except here and in `kzstats accept`, and both only append: a new
text file under a new name, one new row at the end of reports.csv. The stored text is what every
quote of the report is checked against, so it is made once, deterministically, and recorded by
its SHA-256; the same text added twice is refused.
"""

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from kzstats import config, reference, reports
from kzstats.errors import KzstatsError, Problem
from kzstats.locking import disk_problem, write_whole
from kzstats.sheet import append_records

REPORT_COLUMNS = ("report_id", "file", "title", "publishers", "url", "period_text",
                  "period_start", "period_end", "coverage", "published", "source_file",
                  "sha256", "notes")
REPORT_ID = r"[a-z0-9]+(-[a-z0-9]+)*"  # incident ids add "-NNNN" to it
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
ARGUMENTS = "command line"  # the "file" of a problem with an argument


@dataclass(frozen=True)
class Period:
    """The span a report covers, as ISO dates, and whether each end is a whole month."""

    start: date
    end: date
    whole_months: bool


def decode_utf8(data: bytes, name: str, rule: str) -> str:
    """The text of a file's bytes, less a byte-order mark; a Problem naming the line if not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KzstatsError([Problem(name, line, "", "", repr(data[exc.start: exc.start + 4]), rule)]) from None


def parse_period(text: str) -> Period:
    """'2022-01..2022-03' (months) or '2022-01-01..2022-03-31' (days); ends may mix the two."""
    ends = text.split("..")
    if len(ends) != 2:
        raise _argument("--period", text, "expected START..END, e.g. 2022-01..2022-03 or "
                        "2022-01-01..2022-03-31")
    start, start_month = _parse_end(ends[0].strip(), first=True)
    end, end_month = _parse_end(ends[1].strip(), first=False)
    if start is None or end is None:
        raise _argument("--period", text, "each end must be a month YYYY-MM or a day YYYY-MM-DD")
    if start > end:
        raise _argument("--period", text, "the period must not end before it starts")
    return Period(start, end, start_month and end_month)


def _parse_end(text: str, first: bool) -> tuple[date | None, bool]:
    """A month is read as its first day at the start of a period and its last day at the end."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            day = 1 if first else calendar.monthrange(year, month)[1]
            return date(year, month, day), True
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text), False
    except ValueError:  # month 13, 30 February
        pass
    return None, False


def period_text(period: Period) -> str:
    """The period in words: 'January to March 2022', 'March 2022', '21 October to 30 November 2019'."""
    def words(day: date, with_year: bool) -> str:
        month = calendar.month_name[day.month]
        text = month if period.whole_months else f"{day.day} {month}"
        return f"{text} {day.year}" if with_year else text

    start, end = period.start, period.end
    if period.whole_months and (start.year, start.month) == (end.year, end.month):
        return words(end, True)
    if not period.whole_months and start == end:
        return words(end, True)
    return f"{words(start, start.year != end.year)} to {words(end, True)}"


def stored_text(data: bytes, suffix: str, name: str) -> tuple[str, str]:
    """The text a report is stored as, and the title it gives (its page title or first line).

    Plain text is kept as received, less a byte-order mark and with LF line ends. A web page
    is reduced to its main text, one paragraph, heading or list item a line, by trafilatura:
    menus, sidebars and footers are left out, tables kept.
    """
    if suffix in TEXT_SUFFIXES:
        text = decode_utf8(data, name, "a .txt report must be UTF-8")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        title = next((line.strip() for line in text.split("\n") if line.strip()), "")
    elif suffix in HTML_SUFFIXES:
        text, title = _page_text(data)
    else:
        raise KzstatsError([Problem(name, None, "", "", suffix or "(no extension)",
                                    "a report must be plain text (.txt) or a web page saved from "
                                    "a browser (.html, .htm); convert a PDF to text first")])
    if not text.strip():
        raise KzstatsError([Problem(name, None, "", "", "", "no text found in the file")])
    return text, title


def _page_text(data: bytes) -> tuple[str, str]:
    import trafilatura

    text = trafilatura.extract(data, output_format="txt", include_comments=False,
                               include_tables=True, include_images=False, include_links=False,
                               favor_recall=True, deduplicate=False) or ""
    metadata = trafilatura.extract_metadata(data)
    title = (metadata.title or "") if metadata else ""
    return (text.rstrip("\n") + "\n" if text.strip() else ""), title.strip()


def sha256(text: str) -> str:
    """The SHA-256 of a report's stored bytes (UTF-8), as reports.csv records it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_problems(row: dict, table: list[dict], reports_dir: Path) -> list[Problem]:
    """What is wrong with a new row of reports.csv, given the rows already there."""
    file, problems = shown(config.REPORTS_CSV), []

    def problem(column: str, rule: str) -> None:
        problems.append(Problem(file, len(table) + 2, row["report_id"], column, row[column], rule))

    if not re.fullmatch(REPORT_ID, row["report_id"]):
        problem("report_id", "a report id is lowercase letters and digits joined by '-', e.g. "
                "civicus-2022-03")
    same_id = [r for r in table if r["report_id"] == row["report_id"]]
    if same_id or (reports_dir / f"{row['report_id']}.txt").exists():
        problem("report_id", "this report id is taken; give another with --id")
    same_text = [r["report_id"] for r in table if r["sha256"] == row["sha256"]]
    if same_text:
        problem("sha256", f"the same text is already report {same_text[0]}: this report was "
                "added before")
    if row["coverage"] not in reference.coverage_kinds():
        problem("coverage", "must be one of " + ", ".join(reference.coverage_kinds())
                + " (data/reference/coverage.csv)")
    if row["published"] and not (re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"])
                                 and _iso(row["published"])):
        problem("published", "must be a day YYYY-MM-DD")
    elif row["published"] and not row.get("period_start", "") <= row["published"] <= _today():
        problem("published", "must lie between the period's start and today")
    if row["url"] and not re.match(r"https?://", row["url"]):
        problem("url", "must start with http:// or https://")
    if not row["title"]:
        problem("title", "give the report's title with --title")
    return problems


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def publisher_credit(prefix: str) -> str:
    """The credit line of a publisher of data/reference/publishers.csv, or a Problem saying how
    to add one."""
    credits = reference.read_reference("publishers").set_index("report_prefix")["credit"]
    if prefix not in credits.index:
        raise _argument("--publisher", prefix, (
            f"not in data/reference/publishers.csv (known: {', '.join(credits.index)}); add a "
            f"row '{prefix},<the credit line printed under charts>' there and run again"))
    return credits[prefix]


def add_report(path: Path, publisher: str, period: str, *, title: str = "", url: str = "",
               coverage: str = "monitoring", report_id: str = "", published: str = "",
               period_words: str = "", publisher_names: str = "") -> dict:
    """Store a new report's text and append its row to reports.csv; return the row.

    Everything is checked first: on any problem nothing is written.
    """
    # --- load inputs
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KzstatsError([Problem(str(path), None, "", "", "",
                                    f"cannot read the file: {exc.strerror}")]) from None
    table = reports.read_reports()
    if tuple(table.columns) != REPORT_COLUMNS:
        raise KzstatsError([Problem(shown(config.REPORTS_CSV), 1, "", "", ",".join(table.columns),
                                    f"expected the columns {','.join(REPORT_COLUMNS)}")])
    table = table.to_dict("records")

    # --- process data
    problems = []
    try:
        credit = publisher_credit(publisher)
    except KzstatsError as exc:
        problems += exc.problems
    try:
        span = parse_period(period)
    except KzstatsError as exc:
        problems += exc.problems
    if problems:
        raise KzstatsError(problems)
    text, found_title = stored_text(data, path.suffix.lower(), str(path))
    report_id = report_id or f"{publisher}-{span.end:%Y-%m}"
    row = {
        "report_id": report_id, "file": f"reports/{report_id}.txt",
        "title": title or found_title, "publishers": publisher_names or credit, "url": url,
        "period_text": period_words or period_text(span),
        "period_start": span.start.isoformat(), "period_end": span.end.isoformat(),
        "coverage": coverage, "published": published, "source_file": path.name,
        "sha256": sha256(text), "notes": "",
    }
    if problems := row_problems(row, table, config.REPORTS_DIR):
        raise KzstatsError(problems)

    # --- save outputs: the text under a new name, then the row; a failed append takes the text back
    text_path = config.RAW_DATA_DIR / row["file"]
    try:
        write_whole(text_path, text.encode("utf-8"), replace=False)
        try:
            append_records(config.REPORTS_CSV, [[row[c] for c in REPORT_COLUMNS]])
        except BaseException:
            text_path.unlink()
            raise
    except OSError as exc:
        raise KzstatsError([disk_problem(exc, text_path, "nothing was added")]) from None
    return row


def _argument(option: str, value: str, rule: str) -> KzstatsError:
    return KzstatsError([Problem(ARGUMENTS, None, "", option, value, rule)])


def shown(path: Path) -> str:
    """A path as a researcher would type it from the project folder."""
    try:
        return str(path.relative_to(config.PROJ_ROOT))
    except ValueError:
        return str(path)

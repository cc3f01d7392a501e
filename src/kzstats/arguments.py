"""Command-line arguments checked by the parser: a bad one is a one-line error, exit 2.

Light on purpose (no pandas): `kzstats --help` stays instant.
"""

import argparse
import re
from datetime import UTC, date, datetime
from pathlib import Path

EARLIEST = date(1991, 1, 1)
REPORT_ID = r"[a-z0-9]+(-[a-z0-9]+)*"
MAX_ID_LENGTH = 60
MAX_JOBS = 16


def _today() -> date:
    return datetime.now(UTC).date()


def day(text: str) -> str:
    """A day YYYY-MM-DD from 1991 to the end of next year."""
    try:
        value = date.fromisoformat(text) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else None
    except ValueError:
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day YYYY-MM-DD")
    if not EARLIEST <= value <= date(_today().year + 1, 12, 31):
        raise argparse.ArgumentTypeError(f"{text} is outside {EARLIEST.year} to {_today().year + 1}")
    return text


def period(text: str) -> str:
    """A report's period, as intake.parse_period reads it, from 1991 and not in the future."""
    from kzstats.errors import KzstatsError
    from kzstats.intake import parse_period

    try:
        span = parse_period(text)
    except KzstatsError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc.problems[0].rule}") from None
    if span.start < EARLIEST:
        raise argparse.ArgumentTypeError(f"{text!r}: a period starts in {EARLIEST.year} or later")
    if span.end > _today():
        raise argparse.ArgumentTypeError(f"{text!r}: the period must not end in the future "
                                         f"(today is {_today().isoformat()}); a typo in the year?")
    return text


def report_id(text: str) -> str:
    """A report id: lowercase ASCII letters and digits joined by '-', at most 60 characters."""
    if len(text) > MAX_ID_LENGTH:
        raise argparse.ArgumentTypeError(f"a report id has at most {MAX_ID_LENGTH} characters, "
                                         f"not {len(text)}")
    if not re.fullmatch(REPORT_ID, text):
        raise argparse.ArgumentTypeError(f"{text!r}: a report id is lowercase letters and "
                                         "digits joined by '-', e.g. civicus-2022-03")
    return text


def url(text: str) -> str:
    if text and not re.match(r"https?://\S+$", text):
        raise argparse.ArgumentTypeError(f"{text!r} must start with http:// or https://")
    return text


def jobs(text: str) -> int:
    """How many notebooks at once: 1 to 16."""
    if not re.fullmatch(r"[0-9]+", text) or not 1 <= int(text) <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number from 1 to {MAX_JOBS}")
    return int(text)


def folder(text: str) -> str:
    """An output folder: may not exist yet, but must not be a file."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file; give a folder")
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            raise argparse.ArgumentTypeError(f"{parent} is a file; give a folder")
    return text


def check_span(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """--start must not be after --end."""
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    if start and end and start > end:
        parser.error(f"argument --start: {start} is after --end {end}")

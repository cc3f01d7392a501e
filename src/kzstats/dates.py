"""Turn the loose date_text phrases of the reports into a first day, a last day and a precision."""

import calendar
import re
import unicodedata
from datetime import date
from functools import cache
from typing import NamedTuple

import pandas as pd

from kzstats.reference import read_reference

COLUMNS = ["event_date", "event_date_end", "date_precision", "date_status"]
PRECISIONS = ("day", "range", "month", "season", "year", "unknown")  # most precise first
STATUSES = ("ok", "empty", "unparsed")
# Outside this window a four-digit number is a typo or not a year (an article, a sum of money).
MIN_YEAR, MAX_YEAR = 1900, 2100
TOKEN = re.compile(
    r"(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})\b"  # ISO 2020-12-21
    r"|(?P<dd>[0-9]{1,2})[./](?P<dm>[0-9]{1,2})[./](?P<dy>[0-9]{4})\b"  # day first: 21.12.2020
    r"|(?P<num>[0-9]{1,4})(?:st|nd|rd|th)?\b|(?P<word>[a-z]+)|(?P<sep>[-/])"
)
# What may be left between the tokens: spaces and punctuation, never an unknown symbol.
IGNORABLE = re.compile(r"[\s.,;:!?()\[\]'\"‘’“”]*")
DASHES = re.compile("[\u2010-\u2015\u2212]")


class _Piece(NamedTuple):
    """One date on either side of a range, each part None when the phrase does not give it."""

    part: str | None = None
    day: int | None = None
    month: int | None = None
    season: str | None = None
    year: int | None = None


@cache
def date_words() -> dict[str, dict[str, tuple[int, int]]]:
    """data/reference/date_words.csv as {kind: {word: (first, last)}}."""
    words: dict[str, dict[str, tuple[int, int]]] = {}
    for r in read_reference("date_words").itertuples():
        words.setdefault(r.kind, {})[r.word] = (int(r.first or 0), int(r.last or 0))
    return words


def _tokens(text: str, this_year: int | None) -> list[tuple[str, object]] | None:
    """The phrase as (kind, value) tokens, fillers dropped; None if any word is not a date word."""
    text = DASHES.sub("-", unicodedata.normalize("NFKC", text).lower())
    if this_year is not None:  # the report's own year, as its writers meant it
        text = re.sub(r"\bthis year\b", str(this_year), text)
        text = re.sub(r"\blast year\b", str(this_year - 1), text)
    if not IGNORABLE.fullmatch(TOKEN.sub(" ", text)):
        return None
    words, tokens = date_words(), []
    for m in TOKEN.finditer(text):
        g = m.groupdict()
        if g["iy"]:
            tokens.append(("date", (int(g["iy"]), int(g["im"]), int(g["id"]))))
        elif g["dy"]:
            tokens.append(("date", (int(g["dy"]), int(g["dm"]), int(g["dd"]))))
        elif g["num"]:
            tokens.append(("year" if len(g["num"]) == 4 else "num", int(g["num"])))
        elif g["sep"]:
            if not (tokens and tokens[-1][0] == "part"):  # the hyphen of "mid-March" joins
                tokens.append(("sep", g["sep"]))
        elif (w := g["word"]) in words["separator"]:
            tokens.append(("sep", w))
        elif w in words["month"]:
            tokens.append(("month", words["month"][w][0]))
        elif w in words["season"] or w in words["part_of_month"]:
            tokens.append(("season" if w in words["season"] else "part", w))
        elif w not in words["filler"]:
            return None
    return tokens


def _piece(tokens: list[tuple[str, object]]) -> _Piece | None:
    """One date from its tokens in any order, each slot at most once; None if they clash."""
    slots: dict[str, object] = {}
    for kind, value in tokens:
        if kind == "date":
            if slots:
                return None
            slots = dict(zip(("year", "month", "day"), value))
            continue
        slot = "day" if kind == "num" else kind
        if slot in slots:
            return None
        slots[slot] = value
    p = _Piece(**slots)
    if not slots or (p.season and (p.month or p.day or p.part)) or (p.part and p.day) \
            or (p.part and not (p.month or p.year)):  # a bare "late" says nothing
        return None
    return p


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _span(p: _Piece, year: int | None) -> tuple[date, date] | None:
    """First and last day of one piece, in its own year or else the given one."""
    year = p.year or year
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    words = date_words()
    try:
        if p.day:
            d = date(year, p.month or 0, p.day)
            return d, d
        if p.month:
            first, last = words["part_of_month"][p.part] if p.part else (1, 31)
            days = calendar.monthrange(year, p.month)[1]
            return date(year, p.month, first), date(year, p.month, min(last, days))
        if p.season:  # winter of Y is December Y-1 to February Y: most of it falls in Y
            first, last = words["season"][p.season]
            return date(year - (first > last), first, 1), _month_end(year, last)
        first, last = words["part_of_year"][p.part] if p.part else (1, 12)
        return date(year, first, 1), _month_end(year, last)
    except ValueError:  # 31 February, month 13, day 0
        return None


def _pieces(tokens: list[tuple[str, object]]) -> list[_Piece] | None:
    """One date, or the two ends of a range with the first completed from the last."""
    groups: list[list] = [[]]
    for token in tokens:
        if token[0] == "sep":
            groups.append([])
        else:
            groups[-1].append(token)
    pieces = [_piece(g) for g in groups]
    if len(pieces) > 2 or None in pieces:
        return None
    if len(pieces) == 1:
        return pieces
    first, last = pieces
    if first == _Piece(year=first.year) and last == _Piece(day=last.day):  # "2020–21"
        last = _Piece(year=first.year // 100 * 100 + last.day if last.day < 100 else last.day)
    if first.day and not first.month:  # "22-25 June": the first day borrows the month
        first = first._replace(month=last.month)
    return None if first.year and not last.year else [first, last]


def _precision(p: _Piece) -> str:
    if p.day:
        return "day"
    if p.part:  # early/mid/late: a third of a month or of a year
        return "range"
    return "month" if p.month else "season" if p.season else "year"


def _interval(pieces: list[_Piece], year: int | None) -> tuple[date, date] | None:
    """The span from the first piece to the last; a piece without a year takes the given one."""
    last = pieces[-1]
    end = _span(last, year)
    if end is None or len(pieces) == 1:
        return end
    first, year = pieces[0], last.year or year
    start = _span(first, year)
    if first.year is None and first.month and last.month and first.month > last.month:
        start = _span(first, year - 1)  # "December–January 2021" starts in December 2020
    if start is None or start[0] > end[1]:
        return None
    return start[0], end[1]


def _place(pieces: list[_Piece], period_start: date, period_end: date) -> tuple | None:
    """Give a date written without a year the year that puts it in the report's period.

    Candidates run from the year before period_start to period_end's year. Exactly one that
    overlaps the period wins; several (a period over a year long) are ambiguous, so None rather
    than a guess; none: the latest that starts before period_end (a March report's "December").
    """
    spans = [s for y in range(period_start.year - 1, period_end.year + 1)
             if (s := _interval(pieces, y))]
    inside = [s for s in spans if s[0] <= period_end and s[1] >= period_start]
    if inside:
        return inside[0] if len(inside) == 1 else None
    before = [s for s in spans if s[0] <= period_end]
    return before[-1] if before else None


def _as_date(value: object) -> date | None:
    """A period bound as a date: date, Timestamp or ISO text; None when missing or not a date."""
    try:
        if value is None or value == "" or pd.isna(value):
            return None
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        return None


def parse_date(text: str, period_start: object, period_end: object) -> tuple | None:
    """(first day, last day, precision) of one date phrase; None if it is not a date we can place.

    A phrase without a year takes it from the report's period (see _place); never raises.
    """
    period_start, period_end = _as_date(period_start), _as_date(period_end)
    tokens = _tokens(text, period_end and period_end.year) if isinstance(text, str) else None
    pieces = _pieces(tokens) if tokens else None
    if pieces is None:
        return None
    if pieces[-1].year:
        span = _interval(pieces, None)
    else:
        span = _place(pieces, period_start, period_end) if period_start and period_end else None
    if span is None:
        return None
    # One piece keeps its unit; two ("April–May", "2020–21", "22-25 June") make a "range": a
    # span of two months is no more precise than its ends, and calling it "month" would say so.
    return span[0], span[1], _precision(pieces[0]) if len(pieces) == 1 else "range"


def _parsed_row(text: str, period_start: str, period_end: str) -> tuple:
    if not text.strip():
        return pd.NaT, pd.NaT, "unknown", "empty"
    parsed = parse_date(text, period_start, period_end)
    if parsed is None:
        return pd.NaT, pd.NaT, "unknown", "unparsed"
    return parsed[0], parsed[1], parsed[2], "ok"


def parse_dates(
    date_text: pd.Series, period_start: pd.Series, period_end: pd.Series
) -> pd.DataFrame:
    """event_date, event_date_end, date_precision and date_status for each row, same index.

    Each distinct (phrase, period) is parsed once and mapped back: the cost follows the vocabulary.
    """
    columns = {"text": date_text, "start": period_start, "end": period_end}
    keys = pd.DataFrame({k: v.to_numpy() for k, v in columns.items()}, index=date_text.index)
    keys = keys.astype("string").fillna("")
    uniques = keys.drop_duplicates()
    parsed = pd.DataFrame(
        [_parsed_row(*row) for row in uniques.itertuples(index=False)], columns=COLUMNS,
        index=uniques.index,
    )
    for column in COLUMNS[:2]:
        parsed[column] = pd.to_datetime(parsed[column]).astype("datetime64[ns]")
    out = keys.merge(pd.concat([uniques, parsed], axis=1), on=list(keys.columns), how="left")
    return out[COLUMNS].set_axis(date_text.index)

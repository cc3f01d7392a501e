"""Turn the loose date_text phrases of the reports into a first day, a last day and a precision,
and a relative phrase ("ten days later") with the date it counts from into the date it means."""

import calendar
import re
import unicodedata
from datetime import date, timedelta
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
RELATIVE_UNITS = {"day": 1, "week": 7, "month": 0}  # days in a unit; months are counted apart
RELATIVE_DIRECTIONS = ("-1", "0", "1")
RELATIVE_PRECISIONS = ("day", "month")


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


# --- relative phrases: "the following day", "ten days later", "later the same month" ---------

class _Relative(NamedTuple):
    """One row of data/reference/relative_dates.csv, its pattern compiled."""

    pattern: re.Pattern
    unit: str
    direction: int
    offset: int | None  # None: the count is the phrase's own number, group n
    precision: str


@cache
def _number_words() -> dict[str, int]:
    """The whole numbers of data/reference/number_words.csv, without "a" and "an"."""
    table = read_reference("number_words")
    return {w: int(float(v)) for w, v in zip(table["word"], table["value"], strict=True)
            if len(w) > 2 and float(v) == int(float(v))}


@cache
def _placeholders() -> dict[str, str]:
    """{n}: a count in digits or words ("ten", "twenty-five"); {date}: a day and month, maybe
    a year ("21 September", "5th October 2020", "October 5, 2020")."""
    numbers = sorted(_number_words(), key=len, reverse=True)
    tens = "|".join(w for w in numbers if _number_words()[w] >= 20 and _number_words()[w] % 10 == 0)
    units = "|".join(w for w in numbers if _number_words()[w] < 10)
    months = "|".join(sorted(date_words()["month"], key=len, reverse=True))
    day, year = r"\d{1,2}(?:st|nd|rd|th)?(?!\w)", r"(?:,?\s+\d{4}(?!\w))?"
    return {
        "{n}": rf"(?P<n>\d{{1,3}}|(?:{tens})[-\s]+(?:{units})|{'|'.join(numbers)})",
        "{date}": rf"(?P<anchor>{day}\s+(?:of\s+)?(?:{months}){year}|(?:{months})\s+{day}{year})",
    }


def relative_pattern(pattern: str) -> re.Pattern:
    """A pattern of relative_dates.csv as it is matched: on whole words, in any case, a space
    standing for any run of white space, {n} and {date} filled in; raises re.error if bad."""
    pattern = pattern.replace(" ", r"\s+")
    for placeholder, regex in _placeholders().items():
        pattern = pattern.replace(placeholder, regex)
    return re.compile(rf"\b(?:{pattern})(?!\w)", re.IGNORECASE)


@cache
def _relative_rules() -> tuple[_Relative, ...]:
    """data/reference/relative_dates.csv compiled once, in its order."""
    return tuple(
        _Relative(relative_pattern(r.pattern), r.unit, int(r.direction),
                  int(r.offset) if r.offset else None, r.precision)
        for r in read_reference("relative_dates").itertuples())


def _relative_matches(text: str) -> list[tuple[_Relative, re.Match]]:
    """Each relative phrase of the text, in order: where phrases overlap, the one that starts
    first wins, and of two that start together the longer ("on the same day", not "the same day")."""
    if not isinstance(text, str):
        return []
    found = sorted(((m.start(), -len(m.group()), i, m)
                    for i, rule in enumerate(_relative_rules()) for m in rule.pattern.finditer(text)),
                   key=lambda f: f[:3])
    kept, end = [], 0
    for start, length, i, m in found:
        if start >= end:
            kept.append((_relative_rules()[i], m))
            end = start - length
    return kept


def relative_phrases(text: str) -> list[tuple[int, str]]:
    """(offset, phrase as written) of each relative date phrase of a sentence, in order: the
    phrases that say a date only by its distance from another."""
    return [(m.start(), m.group()) for _, m in _relative_matches(text)]


def _count(words: str) -> int:
    """The number a phrase's group n gives: digits, a number word, or a ten and a unit."""
    if words.isdigit():
        return int(words)
    return sum(_number_words()[w] for w in re.split(r"[-\s]+", words.lower()))


def _anchor_span(rule_match: re.Match, anchor: str, period_start: object,
                 period_end: object) -> tuple | None:
    """The date counted from: the one the phrase names ("the eve of the 21 September rally"),
    placed in the year of the anchor when it has none of its own; else the anchor."""
    around = parse_date(anchor, period_start, period_end)
    inner = rule_match.groupdict().get("anchor")
    if inner is None:
        return around
    if around and around[0].year == around[1].year:  # the year the paragraph is in
        period_start, period_end = date(around[0].year, 1, 1), date(around[0].year, 12, 31)
    return parse_date(inner, period_start, period_end)


@cache
def _month_names() -> dict[int, str]:
    """Each month's full English name, the longest of its words in date_words.csv ("September",
    not "Sept"): what parse_date reads back whatever the machine's locale."""
    names: dict[int, str] = {}
    for word, (month, _) in date_words()["month"].items():
        if len(word) > len(names.get(month, "")):
            names[month] = word
    return {month: word.capitalize() for month, word in names.items()}


def _day_text(day: date) -> str:
    return f"{day.day} {_month_names()[day.month]} {day.year}"


def _month_text(year: int, month: int) -> str:
    return f"{_month_names()[month]} {year}"


def resolve_relative(phrase: str, anchor: str, period_start: object,
                     period_end: object) -> str | None:
    """The date the first relative phrase of the text means, counted from the anchor (the date
    written before it), in plain English: "24 June 2017", or "November 2019" for a vague one.

    None when there is no phrase, the anchor does not parse, or it is not precise enough: a day
    needs a one-day anchor, a month an anchor within one month, and a vague count ("a few days
    earlier") a month only when every day it may mean falls in that month. Never raises.
    """
    matches = _relative_matches(phrase)
    if not matches:
        return None
    rule, m = matches[0]
    span = _anchor_span(m, anchor, period_start, period_end)
    if span is None:
        return None
    first, last = span[0], span[1]
    count = rule.offset if rule.offset is not None else _count(m.group("n"))
    if rule.unit == "month":
        if (first.year, first.month) != (last.year, last.month):
            return None
        index = first.year * 12 + first.month - 1 + rule.direction * count
        year, month = divmod(index, 12)
        return _month_text(year, month + 1) if MIN_YEAR <= year <= MAX_YEAR else None
    days = RELATIVE_UNITS[rule.unit]
    if rule.precision == "day":
        if first != last:
            return None
        day = first + timedelta(days=rule.direction * count * days)
        return _day_text(day) if MIN_YEAR <= day.year <= MAX_YEAR else None
    steps = {min(count, 1) * days, count * days}  # the nearest and the farthest day meant
    ends = [end + timedelta(days=rule.direction * s) for end in (first, last) for s in steps]
    low, high = min(ends), max(ends)
    if (low.year, low.month) != (high.year, high.month) or not MIN_YEAR <= low.year <= MAX_YEAR:
        return None
    return _month_text(low.year, low.month)

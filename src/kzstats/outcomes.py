"""Outcomes: read outcome_text (with event_type) into the sentence's kind, length, fine and ban.

The kind comes from the cue phrases of data/reference/sentence_types.csv, numbers in words from
data/reference/number_words.csv. Rules, decided here and tested in tests/test_outcomes.py:
- Only events whose outcome can state a penalty are read (column outcome_states_penalty of
  data/reference/event_types.csv); any other outcome (a detention's hours, a pre-trial term,
  "released") states no sentence: kind "", status "ok". Some event types fix the kind
  (sentence_type_fixed: administrative_arrest, administrative_fine) or give it to an amount
  stated with no kind (sentence_type_default: a civil_lawsuit's is "other").
- The main sentence is the first length (years/months/weeks/days, "five months and eight days"
  added up) that is not a ban; its kind is the cue nearest to it in the same clause (no '|', ';',
  ',' or 'and' between them). With no length, the first cue gives the kind.
- The old sentence of "changed X to Y", "replace X with Y", "X was replaced by Y" is dropped, so
  appeals and pardons give the new sentence.
- A range ("5 to 7 days") or "more than N" gives its lower bound, as group_size does.
- "suspended", "probation" or "conditional" anywhere sets suspended; a suspended prison term is
  suspended_imprisonment.
- Months: a year is 12, a month 1, a day 1/30 (rounded to 2 decimals). Administrative arrest is
  given in sentence_days, every other kind in sentence_months. Life imprisonment has no length.
- outcome_status "unparsed" means the outcome states something we could not place: a length,
  amount or sentence word with no kind ("seven years"), or a kind with a figure of which no
  length or amount could be read ("about 7,000" as a fine, currency unstated). Whatever was read
  stays in the other columns; nothing is inferred.
"""

import math
import re
from functools import cache
from types import SimpleNamespace

import pandas as pd

from kzstats.reference import event_type_values, event_types_where, read_reference

COLUMNS = ("sentence_type", "sentence_months", "sentence_days", "fine_kzt", "fine_eur",
           "suspended", "ban_months", "outcome_status")
UNIT_MONTHS = {"year": 12.0, "month": 1.0, "week": 7 / 30, "day": 1 / 30}
DAYS_PER_MONTH = 30
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9}
SUSPENDED_KINDS = frozenset({"suspended_imprisonment", "probation"})
SUSPENDED_WORD = re.compile(r"\b(?:suspended|probation|conditional)")
SENTENCE_WORD = re.compile(
    r"\b(?:year|month|week|day|fine|tenge|kzt|eur|euro|prison|imprison|jail|restrict|arrest"
    r"|ban|suspended|probation|conditional|sentence|penal)")
CLAUSE_BREAK = re.compile(r"[|;,]|\band\b")
OLD_SENTENCE = re.compile(
    r"[^|]*\b(?:was|were|is)\s+(?:replaced|changed|commuted)\s+(?:by|with|to)\b"
    r"|\b(?:replac|chang|commut)\w*\b[^|]*?\b(?:with|to|by)\b")
HALF = re.compile(r"\s+and\s+(?:a\s+)?half$")


@cache
def _patterns() -> SimpleNamespace:
    """Regular expressions built from the two reference tables (read once)."""
    words = read_reference("number_words")
    values = dict(zip(words["word"], words["value"].astype(float), strict=True))
    alt = "|".join(sorted(map(re.escape, values), key=len, reverse=True))
    tens = "|".join(w for w, v in values.items() if v >= 20 and v % 10 == 0)
    units = "|".join(w for w, v in values.items() if v in range(1, 10) and w not in ("a", "an"))
    num = (rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?"
           rf"|\b(?:(?:{tens})[\s-](?:{units})|{alt})\b)(?:\s+and\s+(?:a\s+)?half)?")
    unit = r"(?P<unit>year|month|week|day)s?(?P<half>\s+and\s+a\s+half)?(?:'s|')?"
    kinds = read_reference("sentence_types")
    cues = {c.strip(): k for k, cs in zip(kinds["sentence_type"], kinds["cues"], strict=True)
            for c in cs.split(";") if c.strip()}
    cue_alt = "|".join(sorted(map(re.escape, cues), key=len, reverse=True))
    figure = "|".join(re.escape(w) for w in values if w not in ("a", "an", "half"))
    return SimpleNamespace(
        values=values, cues=cues,
        duration=re.compile(rf"(?P<n>{num})(?:\s*(?:to|or|-|–)\s*{num})?[\s-]+{unit}"),
        ban_for=re.compile(rf"\bban\w*\b[^|]*?\bfor\s+(?:more than\s+)?(?P<n>{num})[\s-]+{unit}"),
        ban_before=re.compile(rf"(?P<n>{num})[\s-]+{unit}\s+(?:of\s+(?:a\s+)?)?ban\b"),
        money=re.compile(rf"(?P<n>{num})(?:\s*(?:to|-|–)\s*{num})?\s*"
                         rf"(?P<mult>thousand|million|mln|billion)?\s*"
                         rf"(?P<cur>tenge|kzt|euros?|eur|€)(?![a-z])"),
        cue=re.compile(rf"\b(?P<cue>{cue_alt})"),
        figure=re.compile(rf"\d|\b(?:{figure})\b"),
    )


def _number(token: str, values: dict[str, float]) -> float:
    """'1,500' -> 1500, 'one and a half' -> 1.5, 'twenty-five' -> 25."""
    extra = 0.5 if HALF.search(token) else 0.0
    token = HALF.sub("", token.strip())
    if token[0].isdigit():
        return float(token.replace(",", "")) + extra
    return sum(values[w] for w in re.split(r"[\s-]+", token)) + extra


def _months(match: re.Match, values: dict[str, float]) -> float:
    n = _number(match["n"], values) + (0.5 if match["half"] else 0.0)
    return n * UNIT_MONTHS[match["unit"]]


def _main_length(text: str, p: SimpleNamespace) -> tuple[int, int, float] | None:
    """Start, end and months of the first length, with lengths joined by 'and' or ',' added."""
    found = list(p.duration.finditer(text))
    if not found:
        return None
    start, end, months = found[0].start(), found[0].end(), _months(found[0], p.values)
    for nxt in found[1:]:
        if not re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[end:nxt.start()]):
            break
        end, months = nxt.end(), months + _months(nxt, p.values)
    return start, end, months


def _attached_kind(text: str, start: int, end: int, p: SimpleNamespace) -> str:
    """The kind of the cue nearest the length within its clause, or ''."""
    best = ("", math.inf)
    for cue in p.cue.finditer(text):
        gap = text[end:cue.start()] if cue.start() >= end else text[cue.end():start]
        if cue.start() < end and cue.end() > start or CLAUSE_BREAK.search(gap):
            continue
        if len(gap) < best[1]:
            best = (p.cues[cue["cue"]], len(gap))
    return best[0]


def _money(text: str, p: SimpleNamespace) -> tuple[float, float]:
    kzt = eur = math.nan
    for m in p.money.finditer(text):
        amount = _number(m["n"], p.values) * MULTIPLIERS.get(m["mult"] or "", 1.0)
        if m["cur"] in ("tenge", "kzt") and math.isnan(kzt):
            kzt = amount
        elif m["cur"] not in ("tenge", "kzt") and math.isnan(eur):
            eur = amount
    return kzt, eur


def _parse_one(raw: str, event: str) -> tuple:
    """Parse one outcome phrase in the context of its event type into the COLUMNS values."""
    text = " ".join(raw.lower().replace("’", "'").replace("‘", "'").split())
    if not text:
        return ("", math.nan, math.nan, math.nan, math.nan, False, math.nan, "empty")
    if event not in event_types_where("outcome_states_penalty"):
        return ("", math.nan, math.nan, math.nan, math.nan, False, math.nan, "ok")
    p = _patterns()
    bans = [m for rx in (p.ban_for, p.ban_before) for m in rx.finditer(text)]
    ban_months = _months(min(bans, key=lambda m: m.start()), p.values) if bans else math.nan
    has_ban = re.search(r"\bban", text) is not None
    for m in sorted(bans, key=lambda m: m.start(), reverse=True):
        text = text[:m.start()] + "|" + text[m.end():]
    text = OLD_SENTENCE.sub("|", text)
    main = _main_length(text, p)
    kzt, eur = _money(text, p)
    has_money = not (math.isnan(kzt) and math.isnan(eur))
    read = main is not None or has_money or bool(bans)
    stated = read or SENTENCE_WORD.search(text) or p.figure.search(text)
    # The coder's event_type may already say which penalty a court gave ("15 days in jail" at
    # an administrative court is administrative arrest, not imprisonment).
    fixed = event_type_values("sentence_type_fixed")
    if event in fixed:
        kind = fixed[event] if stated else ""
    elif main is not None:
        kind = _attached_kind(text, main[0], main[1], p)
    else:
        kind = next((p.cues[m["cue"]] for m in p.cue.finditer(text)), "")
    if not kind and has_money and main is None:
        kind = event_type_values("sentence_type_default").get(event, "")
    if not kind and has_ban and main is None and not has_money:
        kind = "ban_only"
    months = days = math.nan
    if main is not None and kind == "administrative_arrest":
        days = round(main[2] * DAYS_PER_MONTH, 2)
    elif main is not None:
        months = round(main[2], 2)
    suspended = bool(kind) and (kind in SUSPENDED_KINDS or SUSPENDED_WORD.search(text) is not None)
    if kind == "imprisonment" and suspended:
        kind = "suspended_imprisonment"
    no_kind = not kind and (read or SENTENCE_WORD.search(text) is not None)
    unread_figure = bool(kind) and not read and p.figure.search(text) is not None
    status = "unparsed" if no_kind or unread_figure else "ok"
    return (kind, months, days, kzt, eur, suspended, ban_months, status)


def parse_outcome(text: str, event_type: str) -> tuple:
    """The COLUMNS values of one outcome phrase (a proposed row's, say) for one event type."""
    return _parse_one(text, event_type)


def parse_outcomes(outcome_text: pd.Series, event_type: pd.Series) -> pd.DataFrame:
    """Sentence kind, length (months or days), fine (KZT, EUR), suspension and ban per row.

    Each distinct (outcome_text, event_type) pair is parsed once; see the module docstring.
    """
    if not event_type.index.equals(outcome_text.index):
        event_type = pd.Series(event_type.to_numpy(), index=outcome_text.index)
    keys = pd.DataFrame({"text": outcome_text.fillna("").astype(str),
                         "event": event_type.fillna("").astype(str)})
    uniques = keys.drop_duplicates()
    parsed = pd.DataFrame([_parse_one(t, e) for t, e in zip(uniques["text"], uniques["event"],
                                                             strict=True)],
                          columns=list(COLUMNS), index=pd.MultiIndex.from_frame(uniques))
    parsed = parsed.astype({c: "float64" for c in COLUMNS[1:7] if c != "suspended"})
    parsed = parsed.astype({"suspended": "bool", "sentence_type": "str", "outcome_status": "str"})
    out = parsed.reindex(pd.MultiIndex.from_frame(keys))
    out.index = outcome_text.index
    return out

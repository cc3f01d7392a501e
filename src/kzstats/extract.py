"""`kzstats extract`: propose coding-sheet rows from a report's text, for a researcher to review.

Offline. The text is cut into sentences; in each, the event words of
data/reference/event_triggers.csv say what may have happened, and the people are found (known
names first, then name patterns, a lone surname through a full name met before, "he"/"she"
through the last person named, a list item through the line above it). `candidates` pairs every
event word with every such person, and with every date the event could take, with features saying
how they stand (clauses.py: which clause, whose subject); the learned models (extract_model) score
the pairs, and `propose` keeps the likely ones. Without a model, rules alone keep each clause's own
subject. Dates, places, charges and sentences are the phrases that the build's own parsers
understand, so an accepted row parses as a hand-coded one does.

What it learns from coded reports (the people it knows, the capitalised words that are never part
of a name, the event types coded for groups) is a Knowledge value, learned without the report
it is then scored on (see extract_learn).
"""

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import pandas as pd

from kzstats import charges, clauses, dates, outcomes, places, reference, reports
from kzstats.people import name_key
from kzstats.raw_schemas import MIN_QUOTE_WORDS
from kzstats.schemas import MAX_QUOTE_LENGTH
from kzstats.sheet import REVIEW_COLUMNS

# For the rules alone (no model): the confidence of an event word of event_triggers.csv.
WORD_PRECISION = 0.5
# How much a row's confidence keeps, by how its person was found.
PERSON_WEIGHT = {"known name": 1.0, "name": 0.9, "initials": 0.85, "surname": 0.8,
                 "group": 0.7, "pronoun": 0.5, "list item": 0.5, "carried": 0.35, "unnamed": 0.3}
NAMED = frozenset({"known name", "name", "initials", "surname"})  # found in the sentence itself
PASSAGE_CONTEXT = 160  # characters of the report shown each side of a quote in the reason
BULLETS = ("- ", "• ", "* ")
RULE_PEOPLE = NAMED | {"pronoun", "group", "list item", "list item from an earlier paragraph"}  # whom rows are proposed for without a model

CAPITALISED = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿā-ž'’]+(?:-[A-ZÀ-ÖØ-ÞĀ-Ža-zà-öø-ÿā-ž][a-zà-öø-ÿā-ž]+)?"
CAPITALISED_RUN = re.compile(rf"(?<![\w-]){CAPITALISED}(?:\s+{CAPITALISED})*(?![\w-])")
NUMBER_AFTER = re.compile(r"\.?\s*\d")
# "Zhaubatyrov A.E.", not "James S. Gilmore" (a middle initial) nor "Paragraph No. 19".
SURNAME_INITIALS = re.compile(rf"(?<![\w-])({CAPITALISED})\s+((?:[A-Z][a-z]?\.\s?){{1,2}})(?=[\s,;:)]|$)"
                              r"(?!\s*(?:[A-Z][a-z]|\d))")
INITIALS_SURNAME = re.compile(rf"(?<![\w.])((?:[A-Z]\.\s?){{1,2}})\s*({CAPITALISED})")
PLURAL = frozenset({"they", "them", "their"})
PERSONAL_PRONOUN = re.compile(r"\b(?:he|she|him)\b", re.IGNORECASE)
# Kinds of custody more specific than a detention, and what may stand between "detained" and one.
CUSTODY_KINDS = frozenset({"pretrial_detention", "administrative_arrest", "house_arrest",
                           "psychiatric_detention"})
CUSTODY_GAP = re.compile(r"\s+(?:in|into|to|under)\s+(?:an?\s+|the\s+)?")
QUOTE_OPENERS = ("“", '"', "«", "‘")
POSSESSIVE = re.compile(r"['’]s?$")
PRONOUN = re.compile(r"\b(?:he|she|they|him|her|them|his|their)\b", re.IGNORECASE)
SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")
NOT_A_STOP = re.compile(r"(?:\b[A-Z][a-z]?|\bNo|\bArt|\bSt|\bMr|\bMrs|\bMs|\bDr|\bJr|\bvs|\betc|\be\.g|\bi\.e)\.$")
ARTICLE = re.compile(
    r"\b(?:Articles?|Art\.)\s*\d+(?:(?:\s*,\s*|\s+)(?:and|Parts?|part|paragraph|of|the|Kazakh|"
    r"Criminal|Administrative|Code|Offences|on|Administrative Offences|\(\d+\)|\d+(?:\.\d+)?)\b\)?)*")
TRAILING_WORDS = re.compile(r"(?:\s*,|\s+(?:and|of|the|on|in))+\s*$")
GROUP = r"(?:more than|over|at least|about|around|some|nearly|almost|up to)"
GROUP_NOUNS = (r"people|persons|activists|protesters|participants|journalists|demonstrators|"
               r"members|supporters|citizens|residents|bloggers|workers|believers|relatives|"
               r"women|men|students|villagers|detainees|defenders|affiliates|associates|delegates|"
               r"guests|users|individuals")
# Between a group and its passive event word ("16 protesters were subjected to administrative
# arrest", "participants in the assemblies in Zhanaozen were detained"), and between an active
# event word and the group it acts on ("detained at least 65 people", "detained Zakirova and
# several of her supporters").
GROUP_PASSIVE_GAP = re.compile(r"(?:,?\s+[\w’'-]+){0,10}?\s+(?:were|was|are|is|been|being)"
                               r"(?:\s+[a-z]+ly)?(?:\s+subjected\s+to(?:\s+[a-z]+)?)?\s+")
PLAIN_PLURAL = re.compile(rf"\s+(?:the\s+)?(?:[a-z-]+\s+)?(?:{GROUP_NOUNS})\b")
# How a person stands to the event word as its victim: the subject of a passive ("X was
# detained", "X (a journalist) was later sentenced", "he was subsequently deported"), or what an
# active word acts on ("detained blogger X", "sentenced her").
# What may stand between "was" and the event word: adverbs ("also", "arbitrarily") and an earlier
# participle of the same subject ("was detained and taken away for interrogation").
PASSIVE_TAIL = (r"(?:\s+(?:[a-z]+ly|also|then|again|later|first|twice|already|not))*"
                r"(?:\s+[a-z]+ed(?:\s+[a-z]+)?\s+(?:and|or)(?:\s+[a-z]+ly)?)?\s+")
PASSIVE_SUBJECT = re.compile(r"(?:['’]s?)?(?:\s*\([^()]{0,60}\))?,?\s+(?:who\s+)?"
                             rf"(?:was|were|had been|has been|have been){PASSIVE_TAIL}")
PASSIVE_PRONOUN = re.compile(r"\b(?:he|she|they)\s+(?:was|were|had been|has been|have been)"
                             rf"{PASSIVE_TAIL}$", re.IGNORECASE)
OBJECT_GAP = re.compile(r"\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}")
OBJECT_PRONOUN = re.compile(r"\s+(?:him|her|them)\b")
GROUP_OBJECT_GAP = re.compile(r"\s+(?:[\w’'-]+\s+){0,3}")
PENALTY_HEAD = (r"(?:\d+(?:[.,]\d+)?|{words}|an?)(?:\s+and\s+(?:a\s+)?half)?(?:\s*-\s*|\s+)"
                r"(?:years?|months?|days?|hours?)(?:['’]s?)?")
PENALTY_TAIL = (r"(?:imprisonment|prison|restrictions? of (?:liberty|freedom)|restricted "
                r"(?:liberty|freedom)|freedom|administrative (?:arrest|detention)|arrest|detention|"
                r"jail|colony|community (?:work|service)|probation|suspended|conditional)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report: where it is and in which paragraph."""

    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class Knowledge:
    """What extraction learns from coded reports: names, words that are no names, event words.
    `min_confidence` serves the rules alone (no model): the lowest confidence proposed."""

    names: tuple[str, ...] = ()
    not_names: frozenset[str] = frozenset()
    min_confidence: float = 0.0  # proposals below it cost coders more than they give
    # Event types coders code for unnamed groups and organisations (None: not learned, any type).
    group_types: frozenset[str] | None = None


def sentences(text: str) -> list[Sentence]:
    """The sentences of a text, paragraph by paragraph (a line is a paragraph), with offsets."""
    found, offset = [], 0
    for number, line in enumerate(text.split("\n")):
        start = 0
        for m in SENTENCE_BREAK.finditer(line):
            if NOT_A_STOP.search(line[: m.start() + 1]):  # "M. Ablyazov", "No. 2"
                continue
            found.append(_sentence(line, start, m.start() + 1, offset, number))
            start = m.end()
        found.append(_sentence(line, start, len(line), offset, number))
        offset += len(line) + 1
    return [s for s in found if s.text]


def _sentence(line: str, start: int, end: int, offset: int, paragraph: int) -> Sentence:
    piece = line[start:end]
    lead, trail = len(piece) - len(piece.lstrip()), len(piece.rstrip())
    return Sentence(offset + start + lead, offset + start + trail, piece.strip(), paragraph)


# ---- reference data -------------------------------------------------------------------------

@cache
def triggers() -> tuple[tuple[int, str, re.Pattern], ...]:
    """(row, event_type, compiled pattern) for every row of data/reference/event_triggers.csv."""
    table = reference.read_reference("event_triggers")
    return tuple((i, r.event_type, re.compile(rf"\b(?:{r.pattern})\b", re.IGNORECASE))
                 for i, r in enumerate(table.itertuples()))


@cache
def _words() -> pd.DataFrame:
    return reference.read_reference("extraction_words")


@cache
def _role_words() -> tuple[tuple[re.Pattern, str], ...]:
    rows = _words()[_words()["kind"] == "role"]
    rows = rows.assign(n=rows["word"].str.len()).sort_values("n", ascending=False)
    return tuple((re.compile(rf"\b{re.escape(w)}\b", re.IGNORECASE), v) for w, v in zip(rows.word, rows.value))


@cache
def _role_tokens() -> frozenset[str]:
    """Words of roles ("Activist Murat Baimagambetov"): never part of the name that follows."""
    rows = _words()[_words()["kind"] == "role"]
    return frozenset(t.lower() for w in rows["word"] for t in w.split())


@cache
def surname_ending() -> re.Pattern:
    """Endings of capitalised words that may be surnames ("Bokayev", "Onlanbekkyzy")."""
    endings = _words().loc[_words()["kind"] == "surname_ending", "word"]
    return re.compile(rf"(?:{'|'.join(sorted(endings, key=len, reverse=True))})$")


@cache
def _hedge_pattern() -> re.Pattern:
    words = _words().loc[_words()["kind"] == "hedge", "word"]
    return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in sorted(words, key=len, reverse=True))})\b")


def hedged(text: str, at: int) -> bool:
    """True if the clause of the event word at `at` puts it in doubt or in the future ("they
    risk being tortured", "she could become a suspect"): extraction_words.csv, kind hedge."""
    cut = clauses.spans(text)
    start, end = cut[clauses.index_of(cut, at)]
    return bool(_hedge_pattern().search(text, start, end))


@cache
def _official_words() -> frozenset[str]:
    return frozenset(_words().loc[_words()["kind"] == "official", "word"])


@cache
def _listed_words() -> frozenset[str]:
    return frozenset(_words()["word"])


def _is_official(word: str) -> bool:
    """True for an official's title, capitalised at a sentence's start or not ("Judge", "judge")."""
    return word in _official_words() or word.lower() in _official_words()


@cache
def _stop_tokens() -> frozenset[str]:
    """Capitalised words that are never part of a person's name: listed ones, months, places."""
    listed = set(_words().loc[_words()["kind"] == "not_name", "word"])
    months = {w.capitalize() for w in dates.date_words()["month"]}
    return frozenset(listed | months | _place_tokens())


@cache
def _place_tokens() -> frozenset[str]:
    """The words of the gazetteer's places; its unplaced phrases ("the apartment of Abzhan")
    name no place, so their words may well be names."""
    table = places.gazetteer()
    return frozenset(t for v in table.loc[table["status"] != "unplaced", "variant"] for t in v.split())


@cache
def _number_words() -> dict[str, float]:
    table = reference.read_reference("number_words")
    return dict(zip(table["word"], table["value"].astype(float)))


@cache
def _date_pattern() -> re.Pattern:
    words = dates.date_words()
    months = "|".join(sorted((w.title() for w in words["month"] if len(w) > 2), key=len, reverse=True))
    seasons = "|".join(words["season"])
    month = rf"(?:{months}|{seasons})\b\.?"  # month names capitalised: "may" is also a verb
    day = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)\.?"
    year = r"(?:19|20)\d{2}"
    lead = r"(?:(?:[Oo]n|[Ii]n|[Bb]etween|[Ss]ince|[Bb]y|[Ff]rom|[Dd]uring)\s+)?"
    part = r"(?:(?:the\s+)?(?:early|mid|late|end of|beginning of|evening of|night of|morning of)[\s-]+)?"
    days = rf"{day}(?:\s*(?:and|-|–|to)\s*{day})?\s+{month}(?:\s*(?:-|–|to)\s*{day}\s+{month})?"
    months_span = rf"{month}(?:\s*(?:and|-|–|to)\s*{month})?"
    return re.compile(rf"{lead}{part}(?:{days}|{month}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)|{months_span})"
                      rf"(?:,?\s+{year})?|{lead}{part}{year}(?:\s*[-–]\s*(?:{year}|\d{{2}})\b)?")


@cache
def _place_pattern() -> re.Pattern:
    table = places.gazetteer()
    table = table[~table["iso_today"].isin(["KZ", ""])]  # "Kazakhstan" alone places nothing
    variants = sorted(table["variant"], key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(v) for v in variants)})(?!\w)")


@cache
def _charge_name_pattern() -> re.Pattern:
    names = sorted(charges.charge_names(), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in names)})\b", re.IGNORECASE)


@cache
def _penalty_pattern() -> re.Pattern:
    words = "|".join(sorted((w for w in _number_words() if len(w) > 2), key=len, reverse=True))
    head = PENALTY_HEAD.format(words=words)
    return re.compile(rf"\b{head}(?:\s+(?:of|in|and|a)\b|\s)+(?:[a-z’'-]+\s+){{0,4}}?{PENALTY_TAIL}\b"
                      rf"|\b(?:a\s+)?fine(?:d)?\s+(?:of\s+)?[^,.;]{{1,60}}?(?:KZT|tenge|MCI|euros?|EUR|\$\d[\d,]*)"
                      rf"|\b(?:a\s+)?(?:suspended|conditional) (?:prison )?sentence(?: of {head})?"
                      # A kind without a length still says what the sentence was.
                      rf"|\b(?:life imprisonment(?: in absentia)?|restrictions? of (?:liberty|freedom)|restricted "
                      rf"freedom|prison terms?)(?:\s+for\s+{head})?", re.IGNORECASE)


# ---- finding things in a sentence -----------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    """A person found in a sentence: the name as written, where, and how it was found."""

    name: str
    start: int
    end: int
    how: str


def find_people(text: str, knowledge: Knowledge, lowercase_words: frozenset[str],
                surnames: dict[str, str]) -> list[Mention]:
    """The people a sentence names, in order: known names, then name patterns."""
    found: list[Mention] = []
    taken = [False] * len(text)

    def add(name: str, start: int, end: int, how: str) -> None:
        if any(taken[start:end]) or _after_official(text, start):
            return
        found.append(Mention(name, start, end, how))
        taken[start:end] = [True] * (end - start)

    for name in knowledge.names:
        if name not in text:  # most known names are not in a given sentence: skip the pattern
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            add(name, m.start(), m.end(), "known name")
    for m in SURNAME_INITIALS.finditer(text):
        if _is_name_token(m.group(1), knowledge, lowercase_words):
            add(m.group(0).strip(), m.start(), m.start() + len(m.group(0).rstrip()), "initials")
    for m in INITIALS_SURNAME.finditer(text):
        full = surnames.get(m.group(2))
        if full:
            add(full, m.start(), m.end(), "surname")
    for m in CAPITALISED_RUN.finditer(text):
        if text[max(0, m.start() - 1):m.start()] in QUOTE_OPENERS:
            continue  # "the “BostandyQ Kz” movement", "“Femina Virtute”": a name in quotes is no person's
        if NUMBER_AFTER.match(text, m.end()):
            continue  # "Paragraph No. 19", "Decree 123": a number follows no person's name
        for start, end in _name_parts(text, m.start(), m.end(), knowledge, lowercase_words):
            tokens = [POSSESSIVE.sub("", t) for t in text[start:end].split()]
            if len(tokens) >= 2:
                add(" ".join(tokens), start, end, "name")
            elif tokens[0] in surnames:
                add(surnames[tokens[0]], start, end, "surname")
    return sorted(found, key=lambda mention: mention.start)


def _is_name_token(token: str, knowledge: Knowledge, lowercase_words: frozenset[str]) -> bool:
    return (token not in _stop_tokens() and token not in knowledge.not_names
            and token.lower() not in lowercase_words)


def _name_parts(text: str, start: int, end: int, knowledge: Knowledge,
                lowercase_words: frozenset[str]) -> list[tuple[int, int]]:
    """Split a run of capitalised words at the words that are never names; a run that touches
    an organisation word ("Yesilskiy District Court") names no person at all."""
    parts, current = [], None
    words = [(m, POSSESSIVE.sub("", m.group())) for m in re.finditer(r"\S+", text[start:end])]
    for i, (m, token) in enumerate(words):
        if _is_official(token):  # "President Nursultan Nazarbayev", "Judge ..."
            return []
        following = words[i + 1][1] if i + 1 < len(words) else ""
        # "Activist Zhanmurat Ashtayev" at a sentence's start: a role before a name is no part of
        # it, and no end of the run either, even where coders never wrote it in a name.
        role_first = current is None and token.lower() in _role_tokens()
        if (token in _stop_tokens() or token in knowledge.not_names) and not (
                _given_name(token, following) or role_first):
            return [] if token in _stop_tokens() and current else parts
        # "Ushtobe-resident Elena Mamaeva": a word with a lowercase part after a hyphen says where
        # from, and is no part of the name.
        if token.lower() in lowercase_words or token.lower() in _role_tokens() or re.search(r"-[a-z]", token):
            if current:
                parts.append(current)
            current = None
            continue
        s, e = start + m.start(), start + m.end()
        current = (current[0], e) if current else (s, e)
    if current:
        parts.append(current)
    return parts


def _given_name(token: str, following: str) -> bool:
    """True for a place's name borne as a given name before a surname ("Abay Erkenov")."""
    return (token in _place_tokens() and token not in _listed_words()
            and bool(surname_ending().search(following)))


def _after_official(text: str, start: int) -> bool:
    """True for a name that an official's title introduces ("judge Asel Tokayeva", "Prosecutor
    General X"), not for one that merely follows officials ("police officers arrested X")."""
    for word in reversed(text[max(0, start - 40):start].split()[-3:]):
        if word.endswith(","):  # "abuse by police officers, Turdiyeva attempted": the title ends there
            return False
        if _is_official(word):
            return True
        if not word[:1].isupper():
            return False
    return False


def find_dates(text: str, period_start: str, period_end: str) -> list[tuple[int, str]]:
    """(offset, phrase) of each date phrase that dates.py can place, in order."""
    found = []
    for m in _date_pattern().finditer(text):
        phrase = m.group().strip().rstrip(".")
        if dates.parse_date(phrase, period_start, period_end) is not None:
            found.append((m.start(), phrase))
    return found


def find_place(text: str, near: int) -> str:
    """The place named nearest after `near` (else before it), as written; '' if none."""
    hits = [(m.start(), m.group()) for m in _place_pattern().finditer(text)]
    hits = [h for h in hits if places.place_one(h[1]).status in ("ok", "abroad")]
    after = [h for h in hits if h[0] >= near]
    return (after or hits[::-1] or [(0, "")])[0][1]


def find_charges(text: str) -> str:
    """Every charge the sentence names that charges.py understands, ' | '-joined; '' if none."""
    pieces = []
    for m in ARTICLE.finditer(text):
        piece = TRAILING_WORDS.sub("", m.group()).rstrip(" ,)")
        if "(" in piece and ")" not in piece:
            piece = piece[:piece.index("(")].rstrip()
        if piece and charges.parse_text(piece)[0] == "ok":
            pieces.append(piece)
    pieces += [m.group() for m in _charge_name_pattern().finditer(text)]
    return reports.PIECE_SEPARATOR.join(dict.fromkeys(pieces))


def find_penalty(text: str, event_type: str) -> str:
    """The penalty phrase of a sentence that outcomes.py reads for this event type; '' if none."""
    for m in _penalty_pattern().finditer(text):
        parsed = outcomes.parse_outcome(m.group(), event_type)
        if parsed[0] and parsed[-1] == "ok":
            return m.group()
    return ""


@cache
def _group_pattern() -> re.Pattern:
    """A group phrase: an optional "more than", a size in digits, number words ("twenty-five") or
    a vague word of extraction_words.csv ("dozens", "several of her"), a few words, a group noun."""
    numbers = [w for w, v in _number_words().items() if v >= 2 and v == int(v)]
    tens = "|".join(w for w in numbers if _number_words()[w] >= 20 and _number_words()[w] % 10 == 0)
    units = "|".join(w for w in numbers if _number_words()[w] < 10)
    vague = sorted(_vague_sizes(), key=len, reverse=True)
    words = "|".join([rf"(?:{tens})[\s-](?:{units})", *sorted(numbers, key=len, reverse=True)])
    digits = r"(?!(?:19|20)\d\d\b)(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d,]\d)"  # never a year
    size = rf"(?P<size>{digits}|{words}|{'|'.join(re.escape(v) for v in vague)})"
    return re.compile(rf"\b(?:{GROUP}\s+)?{size}\s+(?:of\s+(?:the|her|his|their)\s+)?"
                      rf"(?:[a-z-]+\s+){{0,3}}?(?:{GROUP_NOUNS})\b", re.IGNORECASE)


@cache
def _vague_sizes() -> dict[str, int]:
    rows = _words()[_words()["kind"] == "group_size"]
    return dict(zip(rows["word"], rows["value"].astype(int)))


def find_groups(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end, size, phrase) of each unnamed group of two or more people, in order.
    Sizes as docs/coding-rules.md gives them: the lower bound of "more than 200", the size of a
    vague word ("dozens" 24)."""
    found = []
    for m in _group_pattern().finditer(text):
        number = m.group("size").lower()
        if number[0].isdigit():
            size = int(number.replace(",", ""))
        elif number in _vague_sizes():
            size = _vague_sizes()[number]
        else:
            size = int(sum(_number_words()[w] for w in re.split(r"[\s-]+", number)))
        if size >= 2:
            found.append((m.start(), m.end(), size, m.group()))
    return found


def find_group(text: str) -> tuple[int, str]:
    """(size, phrase) of the first unnamed group ("more than 100 protesters"); (0, '') if none."""
    groups = find_groups(text)
    return (groups[0][2], groups[0][3]) if groups else (0, "")


def victim_group(text: str, at: int, end: int, named: list[tuple[int, int]]) -> tuple[int, str]:
    """(size, phrase) of the group an event word (text[at:end]) happens to, in its clause: the
    subject of a passive ("11 activists were detained") or the object right after an active word
    ("police detained thousands of protesters"); (0, '') if none. A group that did the event
    ("ten people blocked the entrance ... and Utepova was detained") is no victim of it."""
    cut = clauses.spans(text)
    clause = clauses.index_of(cut, at)
    for start, stop, size, phrase in find_groups(text):
        if clauses.index_of(cut, start) != clause:
            continue
        if stop <= at:
            gap, between = text[stop:at], [n for n in named if stop <= n[0] < at]
            if not between and GROUP_PASSIVE_GAP.fullmatch(gap):
                return size, phrase
        elif start >= end and GROUP_OBJECT_GAP.fullmatch(text[end:start]):
            return size, phrase
    # A plain plural the word acts on is two people or more ("while detaining protesters").
    plural = PLAIN_PLURAL.match(text, end)
    return (2, plural.group().strip()) if plural else (0, "")


def find_role(text: str, start: int) -> str:
    """The role word nearest before a name (else anywhere in the sentence); 'other' if none."""
    before = text[max(0, start - 60):start]
    for scope in (before, text):
        hits = [(m.start(), role) for pattern, role in _role_words() for m in pattern.finditer(scope)]
        if hits:
            return max(hits)[1] if scope is before else min(hits)[1]
    return "other"


# ---- from sentences to rows -----------------------------------------------------------------

def _fired(text: str, knowledge: Knowledge) -> dict[str, tuple[float, int, str, int]]:
    """Event type -> (precision, offset, word, trigger row) of its best event word in the sentence."""
    best: dict[str, tuple[float, int, str, int]] = {}
    custody = [m.span() for _, t, pattern in triggers() if t in CUSTODY_KINDS
               for m in pattern.finditer(text)]
    for row, event_type, pattern in triggers():
        precision = WORD_PRECISION
        m = next((m for m in pattern.finditer(text)
                  if event_type != "detention" or not _part_of_custody(text, m.span(), custody)), None)
        if m and precision > best.get(event_type, (-1.0,))[0]:
            best[event_type] = (precision, m.start(), m.group(), row)
    return best


def _part_of_custody(text: str, span: tuple[int, int], custody: list[tuple[int, int]]) -> bool:
    """True for a detention word that only says which custody ("detained in the pre-trial
    detention facility", "arrested for ten days"): the custody's own type tells the event."""
    return any(a < span[1] and span[0] < b or (span[1] <= a and CUSTODY_GAP.fullmatch(text[span[1]:a]))
               for a, b in custody)


def _trigger_offsets(text: str, fired: dict) -> dict[str, list[int]]:
    """Event type -> offsets of every event word of that type in the sentence."""
    found: dict[str, list[int]] = {t: [at] for t, (_, at, _, _) in fired.items()}
    for _, event_type, pattern in triggers():
        if event_type in fired:
            found[event_type].extend(m.start() for m in pattern.finditer(text))
    return found


def extract_rows(report_id: str, text: str, period_start: str, period_end: str,
                 knowledge: Knowledge, model=None) -> pd.DataFrame:
    """Propose the coding-sheet rows of one report, most confident first: the REVIEW_COLUMNS.

    With a model (extract_model.Model) the learned weights score every candidate and set its
    confidence; without one, the event word's confirmed share and how the person was found do.
    """
    rows = propose(report_id, text, period_start, period_end, knowledge, model)
    rows["reason"] = [f"{r}; passage: …{passage(text, q)}…" for r, q in zip(rows["reason"], rows["quote"])]
    order = rows["confidence"].astype(float).sort_values(ascending=False, kind="stable").index
    return rows.loc[order, list(REVIEW_COLUMNS)].reset_index(drop=True)


def passage(text: str, quote: str, around: int = PASSAGE_CONTEXT) -> str:
    """The quote with the text around it (up to `around` characters each side, whole words, within
    its paragraph), so that a reviewer sees what comes before and after without the report."""
    at = text.find(quote)
    if at < 0:
        return quote
    start = max(text.rfind("\n", 0, at) + 1, at - around)
    end = text.find("\n", at + len(quote))
    end = min(len(text) if end < 0 else end, at + len(quote) + around)
    piece = text[start:end]
    if start > 0 and text[start - 1] not in "\n ":
        piece = piece.split(" ", 1)[-1]
    if end < len(text) and text[end] not in "\n ":
        piece = piece.rsplit(" ", 1)[0]
    return piece.strip()


def propose(report_id: str, text: str, period_start: str, period_end: str,
            knowledge: Knowledge, model=None) -> pd.DataFrame:
    """The proposed rows, in text order, with the event word (`trigger`, its row in
    event_triggers.csv) and the model's `features` behind each."""
    table = candidates(report_id, text, period_start, period_end, knowledge)
    if model is not None:
        from kzstats import extract_model

        table = extract_model.score(model, table)
        # Of the dated and undated proposal of one event, the likelier.
        best = table["confidence"].astype(float).groupby(table["one_of"]).transform("max")
        table = table[table["confidence"].astype(float) == best].drop_duplicates("one_of")
    else:  # the rules alone keep a clause's own subject, named in the sentence or by a pronoun,
        # and date an event only from its own sentence
        table = table[table["subject"] & table["how"].isin(RULE_PEOPLE) & ~table["carried_date"]]
    table = table[table["confidence"].astype(float) >= (
        model.threshold if model is not None else knowledge.min_confidence)]
    # A quote too short to be evidence (a menu item, "Quick search") is refused by accept too.
    table = table[table["quote"].str.split().str.len() >= MIN_QUOTE_WORDS]
    # A report tells an event once per person and date: retellings further on add no row.
    table = table[~_retold(table, period_start, period_end)]
    # A person dies once: of several deaths proposed for one person, the likeliest.
    once = (table["event_type"] == "death") & (table["person"] != "")
    deaths = table[once]
    later = deaths.assign(c=deaths["confidence"].astype(float)).sort_values(
        "c", ascending=False, kind="stable").duplicated("person")
    return table.drop(later[later].index).reset_index(drop=True)


def candidates(report_id: str, text: str, period_start: str, period_end: str,
               knowledge: Knowledge) -> pd.DataFrame:
    """Every row extraction could propose, in text order: each event word of a sentence with each
    person the sentence names or carries, and `features` that say how they stand to each other."""
    lowercase_words = lowercase_words_of(text)
    surnames = {name.split()[-1]: name for name in knowledge.names if len(name.split()) >= 2}
    rows = []
    last_people: list[Mention] = []
    paragraph, last_charges, last_date, carried_over = -1, "", "", False
    last_written = ""
    list_intro, list_paragraph, list_date, list_charges = {}, -1, "", ""
    before: tuple[dict, str, str] = ({}, "", "")  # the events, last date and charges before
    for sentence in sentences(text):
        if sentence.paragraph != paragraph:
            # A list item goes on about the person the lines before it named; a new paragraph
            # may too ("He was later ..."), which the model weighs as `carried`.
            paragraph, last_charges, last_date, last_written = sentence.paragraph, "", "", ""
            carried_over = bool(last_people)
        people = find_people(sentence.text, knowledge, lowercase_words, surnames)
        for mention in people:
            if mention.how in ("name", "known name") and len(mention.name.split()) >= 2:
                surnames[mention.name.split()[-1]] = mention.name  # the latest met, not another report's
        found_dates = find_dates(sentence.text, period_start, period_end)
        # "they risk being tortured", "face 7 to 12 years": what has not (yet) happened is no event
        # (a threat is told so); nor does it announce the events of a list after it.
        fired = {t: v for t, v in _fired(sentence.text, knowledge).items()
                 if t == "threat" or not hedged(sentence.text, v[1])}
        own = fired
        listed = sentence.text.startswith(BULLETS)
        if not listed and sentence.paragraph != list_paragraph:
            list_intro = {}
        if listed and people and set(list_intro) - set(own):
            # "Criminal cases were opened against:" then "- activists A, B": the list item's
            # people are the ones the line before it announced, whatever else the item tells.
            fired = {t: (p, 0, w, trigger) for t, (p, _, w, trigger) in list_intro.items()} | own
        if fired:
            subjects, group = people, (0, "")
            if not subjects:
                group = find_group(sentence.text)
                pronoun = PRONOUN.search(sentence.text)
                if not group[0] and last_people:
                    # "he"/"her" is one person, the first named before; "they" are all of them.
                    plural = pronoun is not None and pronoun.group().lower() in PLURAL
                    named = last_people if plural else last_people[:1]
                    # A list item under a line that names someone goes on about them.
                    how = "pronoun" if pronoun else (
                        "list item" if sentence.text.startswith(BULLETS) else "carried")
                    if carried_over:
                        how += " from an earlier paragraph"
                    subjects = [Mention(m.name, 0, 0, how) for m in named]
            elif last_people and last_people[0].name not in {m.name for m in people}:
                # "sentenced him to a year ... for writing comments on Mukhtar Ablyazov's
                # posts": a "he"/"him" before anyone named is still the person named before.
                pronoun = PERSONAL_PRONOUN.search(sentence.text, 0, people[0].start)
                if pronoun:
                    subjects = [Mention(last_people[0].name, 0, 0, "pronoun"), *people]
            relative = relative_dates(sentence.text, found_dates, last_written, period_start, period_end)
            rows += _rows(report_id, sentence, subjects, group, fired, found_dates, knowledge,
                          last_charges, last_date, frozenset(fired) - frozenset(own), list_date,
                          list_charges, relative)
        if sentence.text.endswith(":") and not listed:
            # "A criminal case was initiated on 26 December 2020." then "The investigation
            # considers 16 individuals involved:" announces a list of the events before it.
            heading = (own, found_dates[-1][1] if found_dates else last_date,
                       find_charges(sentence.text) or last_charges) if own else before
            list_intro, list_date, list_charges = heading
            list_paragraph = sentence.paragraph
        if people:
            last_people, carried_over = people, False
        last_charges = find_charges(sentence.text) or last_charges
        if own and found_dates:
            last_date = found_dates[-1][1]
        last_written = found_dates[-1][1] if found_dates else last_written
        before = (own, last_date, last_charges)
    table = pd.DataFrame(rows, columns=[*REVIEW_COLUMNS, "trigger", "how", "subject", "carried_date", "one_of", "features", "date_features"])
    table = table.drop_duplicates(["person", "event_type", "date_text", "quote"], ignore_index=True)
    # A person the report titles as an official anywhere is not proposed as a victim.
    titled = officials(text)
    keep = table["person"].map(lambda p: not p or p.split()[-1] not in titled).astype(bool)
    table = table[keep].reset_index(drop=True)
    return table.assign(features=[f + (f"told_before={n}",) for f, n in zip(table["features"], _told_before(table))])


def lowercase_words_of(text: str) -> frozenset[str]:
    """The words a report writes in lower case: a capitalised one of them is no name ("Work")."""
    return frozenset(re.findall(r"(?<![\w’'-])[a-z][a-z’'-]+", text))


def officials(text: str) -> frozenset[str]:
    """The surnames a report gives an official's title anywhere ("President Kassym-Jomart
    Tokayev", "investigator Gizat Karzhybayev"): blamed or quoted elsewhere, they are no victims."""
    lowercase_words = lowercase_words_of(text)
    found = set()
    for m in CAPITALISED_RUN.finditer(text):
        tokens = [POSSESSIVE.sub("", t) for t in m.group().split()]
        titled = (len(tokens) >= 2 and _is_official(tokens[0])) or _after_official(text, m.start())
        if titled and tokens[-1].lower() not in lowercase_words and tokens[-1] not in _stop_tokens():
            found.add(tokens[-1])
    return frozenset(found)


def _told_before(table: pd.DataFrame) -> list[int]:
    """For each candidate, in how many earlier sentences the report already told an event of its
    type for its person (0, 1, 2 or more): a retelling adds no row."""
    sentence = [k[2] for k in table["one_of"]]
    firsts = pd.DataFrame({"person": table["person"], "type": table["event_type"], "s": sentence})
    seen = firsts.drop_duplicates().assign(n=lambda f: f.groupby(["person", "type"]).cumcount())
    merged = firsts.merge(seen, on=["person", "type", "s"], how="left")
    return [min(int(n), 2) if p else 0 for n, p in zip(merged["n"], table["person"])]


def _retold(table: pd.DataFrame, period_start: str, period_end: str) -> pd.Series:
    """True for a row that only retells, less precisely, what another row of the same person and
    event type tells: the same date again, no date, or a span holding the other's date ("In 2021,
    there were 27 new cases ...: A, B, C" beside "On 13 May 2021, A was sentenced")."""
    spans = [dates.parse_date(t, period_start, period_end) if t else None for t in table["date_text"]]
    # One person in two spellings ("Nataliya", "Natalia Dauletiyarova") is one person here too.
    table = table.assign(person_key=table["person"].map(lambda p: name_key(p) if p else ""))
    retold = table.duplicated(["person_key", "event_type", "date_text"]).to_numpy().copy()
    named = table[table["person"] != ""]
    for group in named.groupby(["person_key", "event_type"]).groups.values():
        positions = [table.index.get_loc(i) for i in group]
        for a in positions:
            for b in positions:
                wide, narrow = spans[a], spans[b]
                if a == b or narrow is None:
                    continue
                if wide is None or (wide[0] <= narrow[0] and narrow[1] <= wide[1]
                                    and (wide[1] - wide[0]) > (narrow[1] - narrow[0])):
                    retold[a] = True
    return pd.Series(retold, index=table.index) & (table["person"] != "")


def _administrative(fired: dict, text: str) -> dict:
    """A court's "sentence" of days of arrest, or a fine from an administrative court, is an
    administrative_arrest or administrative_fine, as the coding rules say."""
    if "sentence" not in fired:
        return fired
    kind = outcomes.parse_outcome(find_penalty(text, "sentence"), "sentence")[0]
    if kind == "administrative_arrest":
        renamed = "administrative_arrest"
    elif kind == "fine" and "administrative" in text.lower():
        renamed = "administrative_fine"
    elif not kind and ADMINISTRATIVE.search(text):
        # "an administrative court ... convicted", "sentenced to administrative arrest (five and
        # ten days respectively)": no criminal sentence, and its penalty is told elsewhere.
        return {t: v for t, v in fired.items() if t != "sentence"}
    else:
        return fired
    fired = dict(fired)
    fired.setdefault(renamed, fired.pop("sentence"))
    fired.pop("sentence", None)
    return fired


def _rows(report_id, sentence, subjects, group, fired, found_dates, knowledge,
          earlier_charges: str, earlier_date: str = "", from_list: frozenset = frozenset(),
          list_date: str = "", list_charges: str = "", relative: tuple = ()) -> list[dict]:
    """The candidate rows of one sentence. `from_list` are the event types its list heading
    announced, dated by `list_date` and charged with `list_charges` unless the item gives its own;
    `relative` are the dates its relative phrases mean (relative_dates), each a date variant."""
    own_dates = found_dates
    text, rows = sentence.text, []
    fired = _administrative(fired, text)
    if "sentence" in fired and "criminal_case" not in from_list:
        # "sentenced ... on charges of ...", "(charged under Article 405) was sentenced": the
        # charges are the sentence's, no criminal case of their own (docs/coding-rules.md).
        fired = {t: v for t, v in fired.items() if t != "criminal_case"}
    offsets = _trigger_offsets(text, fired)
    named = [(m.start, m.end) for m in subjects if m.how in NAMED]
    bullet = text.startswith(BULLETS)
    events = len(set(fired) - _status_types())  # a status beside an event is no second event
    for event_type, (precision, at, word, trigger) in sorted(fired.items()):
        # A list item is dated by its heading ("On 26 December 2020 a case was opened ...
        # against:"), as if the date stood in the item itself.
        listed = event_type in from_list
        found_dates = [(0, list_date)] if listed and list_date and not own_dates else own_dates
        date_text, quote, date_how = _date_for(sentence, found_dates, at, earlier_date)
        # Charges named earlier in the paragraph ("He was charged under Article 405 ... On 3 June
        # he was sentenced") are the charges of what follows, unless the sentence names its own.
        charged = event_type in reference.event_types_where("carries_charges")
        charges_text = (find_charges(quote) or (list_charges if listed else earlier_charges)
                        ) if charged else ""
        penalised = event_type in reference.event_types_where("imposes_penalty")
        outcome_text = find_penalty(text, event_type) if penalised else ""
        place_text = find_place(text, at)
        unnamed_ok = knowledge.group_types is None or event_type in knowledge.group_types
        about = clauses.subjects(text, named, at)
        # The group the event word happens to, if any ("11 activists were detained").
        victims = (0, "") if listed else victim_group(text, at, at + len(word), named)
        if event_type in reference.event_types_where("of_organisation"):
            targets = [("", 1, find_role(text, at), "group", None)] if unnamed_ok else []
        elif subjects:
            # "sentenced him to a year ... for comments on its leader Mukhtar Ablyazov's posts":
            # a pronoun is the event word's object, so no name after it is. Nor is a name inside
            # quotation marks, a charge's title ("the “criminal group of Barlyk Mendygaziyev”") or
            # someone's words ("“I believe that [Karim] Massimov ... are to blame for his death”").
            taken = OBJECT_PRONOUN.match(text, at + len(word))
            targets = [(m.name, 1, find_role(text, m.start) if m.how in NAMED else "other", m.how, m)
                       for m in subjects if not (taken and m.how in NAMED and m.start > at)
                       and not (m.how in NAMED and quoted(text, m.start))]
            # The group beside the people named or carried ("police detained Zakirova and
            # several of her supporters") has a row of its own.
            if victims[0] and unnamed_ok:
                targets.append(("", victims[0], find_role(victims[1], len(victims[1])), "group", None))
        elif group[0] and unnamed_ok:
            size, phrase = victims if victims[0] else group
            targets = [("", size, find_role(phrase, len(phrase)), "group", None)]
        elif unnamed_ok:  # "a meeting was disrupted": no one named; the model weighs it
            targets = [("", 1, find_role(text, at), "unnamed", None)]
        else:
            continue
        shared = [f"type={event_type}", f"trigger={trigger}",
                  f"people={min(len(named), 4)}", f"types={min(events, 4)}",
                  f"type={event_type}&types={min(events, 3)}",
                  f"before_word={_word_before(text, at)}", f"bullet={bullet}",
                  f"charges={bool(charges_text)}", f"outcome={bool(outcome_text)}",
                  f"from_list_intro={listed}"]
        # Each date an event could take is a variant: the rule's choice, every other date of the
        # sentence, or (undated) none and the last date of the paragraph's sentences that told an
        # event (not "The pickets took place on 12th October"). The model keeps the
        # likeliest variant of each event (extract.propose).
        variants = _date_variants(text, found_dates, at, date_text, date_how, earlier_date)
        if found_dates and all(_not_its_date(text, o, at) for o, _ in found_dates):
            # "fined ... for participating in the protest on 9th June 2019", "filed an appeal in
            # May 2020, but the court rejected it": no date of the sentence is this event's.
            variants = [("", "none of the sentence's dates is its own", [])]
        # A relative phrase dates the event word of its clause ("police summoned him the following
        # day"), or one after it that no written date stands closer to ("On 14 June, police
        # searched ..., and ten days later, a court sanctioned his arrest").
        written = max((o for o, _ in found_dates if o <= at), default=-1)
        cut = clauses.spans(text)
        own_relative = []
        for offset, inferred, _ in relative:
            if written < offset <= at or clauses.index_of(cut, offset) == clauses.index_of(cut, at):
                distance = _date_distance(offset, at)
                side = "before" if offset <= at else "after"
                own_relative.append((inferred, "inferred from a relative phrase",
                                     [f"date_side={side}&distance={distance}", "date_relative=True"]))
        variants = own_relative if own_relative and not found_dates else variants + own_relative
        if GRIEVANCE.search(text[max(0, at - 90):at]):
            # "In July 2021, protesting against the ill-treatment and denial of parole, he cut his
            # abdomen": what a protest or complaint is against is not dated by it.
            variants = [("", "what a protest or complaint is about", [])]
        notes = {inferred: note for _, inferred, note in relative}
        joined = _joined_dates(text, found_dates)
        if event_type in _status_types():
            # A status holds as of the report: coders leave its date empty unless the sentence
            # opens with the day it was observed ("On 12th June 2017, ... imprisoned activist
            # Max Bokayev"); "in detention since February", "admitted to a hospital on 10 June"
            # date how it began.
            variants = [v for v in variants if "date_leading=True" in v[2]]
            variants.append(("", "status as of the report", []))
        for person, size, role, how, mention in targets:
            subject = mention is None or mention.how not in NAMED or named.index(
                (mention.start, mention.end)) in about
            features = shared + [f"how={how}", f"type={event_type}&how={how}",
                                 f"subject={subject}", f"type={event_type}&subject={subject}"]
            if mention is not None and mention.how in NAMED:
                features += _name_features(text, mention, event_type, at, offsets)
            victim = ("organisation" if event_type in reference.event_types_where("of_organisation")
                      else _victim_of(text, at, at + len(word), how, mention, victims))
            features.append(f"victim={victim}")
            weight = PERSON_WEIGHT[how.split(" from ")[0]]
            reason_person = how if subject else f"{how}, though the clause seems about someone else"
            for date_text, date_how, placed in variants:
                dated = [f"date={date_how}", f"type={event_type}&date={date_how}",
                         f"how={how}&date={date_how}", *placed]
                rows.append({
                    "incident_id": "", "report_id": report_id, "person": person,
                    "group_size": str(size), "role": role, "affiliation": "",
                    "event_type": event_type, "date_text": date_text, "place_text": place_text,
                    "charges_text": charges_text, "outcome_text": outcome_text, "quote": quote,
                    "notes": notes.get(date_text, "") if date_how.startswith("inferred") else "",
                    "confidence": f"{precision * weight:.2f}",
                    "reason": f"'{word}' ({event_type}); person: {reason_person}; date: {date_how}",
                    "trigger": trigger, "how": how, "subject": subject,
                    "carried_date": date_how == "from an earlier sentence",
                    # Dates joined by "and" ("on 17 October 2020 and 24 October 2020") are
                    # an event on each: a row each, as the coding rules count them.
                    "one_of": (person, event_type, sentence.start,
                               date_text if date_text in joined else ""),
                    "features": tuple(features), "date_features": tuple(dated),
                })
    return rows


@cache
def _status_types() -> frozenset[str]:
    """Event types that say how a person stands (held, imprisoned), not what happened."""
    table = reference.event_type_table()
    return frozenset(table.loc[table["family"] == "status", "event_type"])


def _date_distance(offset: int, at: int) -> int:
    """How far a date stands from the event word, in four bands of characters."""
    return next(i for i, limit in enumerate((20, 60, 120, 10**6)) if abs(offset - at) < limit)


def relative_dates(text: str, found_dates, earlier: str, period_start: str,
                   period_end: str) -> list[tuple[int, str, str]]:
    """(offset, inferred date, note) of each relative phrase of a sentence that resolves ("ten
    days later" after "On 14 June": "24 June 2017"), counted from the last date written before
    it, in the sentence or earlier in its paragraph. The note says how, as the coding rules ask."""
    found = []
    for offset, phrase in dates.relative_phrases(text):
        before = [p for o, p in found_dates if o < offset]
        anchor = before[-1] if before else earlier
        inferred = dates.resolve_relative(phrase, anchor, period_start, period_end)
        if inferred:
            found.append((offset, inferred, f"inferred: date_text from “{phrase}”, counted from "
                                            f"“{anchor}”" if anchor else f"inferred: date_text from “{phrase}”"))
    return found


def _date_variants(text: str, found_dates, at: int, date_text: str, date_how: str,
                   earlier: str) -> list[tuple[str, str, list[str]]]:
    """(date phrase, how, features) of each date an event word could take."""
    if not found_dates:
        return [(date_text, date_how, []), *([("", "none in the sentence", [])] if earlier else [])]
    cut = clauses.spans(text)
    variants = []
    for offset, phrase in found_dates:
        distance = _date_distance(offset, at)
        placed = [f"date_rule={phrase == date_text}", f"date_leading={offset == 0}",
                  f"date_side={'before' if offset <= at else 'after'}&distance={distance}",
                  f"date_same_clause={clauses.index_of(cut, offset) == clauses.index_of(cut, at)}"]
        variants.append((phrase, "in the sentence", placed))
    return list({v[0]: v for v in variants}.values())


JOINED = re.compile(r"\s*(?:,|,?\s+and)\s+")


def _joined_dates(text: str, found_dates) -> set[str]:
    """The date phrases of a sentence that stand in a list joined by "and" or commas, each of
    them a day of the same events ("on 17 October 2020 and 24 October 2020")."""
    joined = set()
    for (a, first), (b, second) in pairwise(found_dates):
        end = text.find(first, a) + len(first)
        if JOINED.fullmatch(text[end:b]):
            joined |= {first, second}
    return joined


GATHERING_DATE = re.compile(r"\b(?:protests?|rall(?:y|ies)|elections?|meetings?|congress|pickets?|"
                            r"demonstrations?|assembl(?:y|ies)|events|filed|lodged|applied|"
                            r"submitted)(?:\s+[a-z]+){0,2}\s+$", re.IGNORECASE)


ADMINISTRATIVE = re.compile(r"\badministrative (?:courts?|offences?|arrest|code)\b", re.IGNORECASE)
GRIEVANCE = re.compile(r"\b(?:protest(?:ing|ed|s)?|complain(?:ing|ed|ts?)?)(?:\s+[\w’'-]+){0,4}?\s+(?:against|"
                       r"at|about|of|regarding|over)\b(?:\s+[\w’'-]+){0,8}\s+$|\bvictims?\s+of(?:\s+[\w’'-]+){0,2}\s+$",
                       re.IGNORECASE)
PAST_VERB = re.compile(r"\b[a-z]+ed\b")
FILED_AFTER = re.compile(r"\b(?:filed|lodged|submitted)\b", re.IGNORECASE)


def _not_its_date(text: str, offset: int, at: int) -> bool:
    """True for a date that dates a gathering or a filing ("the protest on 9th June 2019",
    "filed an appeal in May 2020", "In May 2020, activists A and B filed an appeal ..., but the
    court rejected it"), not what happened to the person. A date nearer another event's word is
    no sign: "detained and questioned on 27 February" dates both."""
    filed = FILED_AFTER.search(text, offset, at) if offset < at else None
    # ... unless another verb comes first: "On 12th June 2017, a court rejected a complaint filed by"
    first_verb = filed is not None and not PAST_VERB.search(text, offset, filed.start())
    return bool(GATHERING_DATE.search(text[max(0, offset - 40):offset]) or first_verb)


def _victim_of(text: str, at: int, end: int, how: str, mention: Mention | None,
               group: tuple[int, str]) -> str:
    """'passive' if the person is the subject of a passive event word, 'object' if an active one
    acts on them, else 'no'."""
    if how == "group":
        return "passive" if group[0] and text.find(group[1]) < at else "object" if group[0] else "no"
    if mention is not None and mention.how in NAMED:
        if mention.end <= at and PASSIVE_SUBJECT.fullmatch(text[mention.end:at]):
            return "passive"
        return "object" if mention.start >= end and OBJECT_GAP.fullmatch(text[end:mention.start]) else "no"
    if PASSIVE_PRONOUN.search(text[:at]):
        return "passive"
    # "transferred him to": the event word may hold its object.
    return "object" if OBJECT_PRONOUN.match(text, end) or OBJECT_PRONOUN.search(text, at, end) else "no"


def quoted(text: str, at: int) -> bool:
    """True for a place inside quoted speech: after an opening quotation mark not yet closed, or
    before a closing one not yet opened ("I believe that [Nursultan] Nazarbayev ... are to
    blame for his death,” his mother said")."""
    before, after = text[:at], text[at:]
    closing, opening = after.find("”"), after.find("“")
    return before.count("“") > before.count("”") or (closing >= 0 and (opening < 0 or closing < opening))


def _word_before(text: str, at: int) -> str:
    words = re.findall(r"[a-z]+", text[max(0, at - 25):at].lower())
    return words[-1] if words else ""


def _name_features(text: str, mention: Mention, event_type: str, at: int,
                   offsets: dict[str, list[int]]) -> list[str]:
    """How a named person stands to the event word: distance, side, clause, nearer events."""
    cut = clauses.spans(text)
    distance = min(abs(o - mention.start) for o in offsets.get(event_type, [at]))
    nearest = min(((abs(o - mention.start), t) for t, os in offsets.items() for o in os),
                  default=(0, event_type))[1]
    before = [w for w in re.findall(r"[a-z]+", text[max(0, mention.start - 30):mention.start].lower())][-2:]
    after = re.findall(r"[a-z]+", text[mention.end:mention.end + 20].lower())[:1]
    bucket = next(i for i, limit in enumerate((15, 40, 80, 160, 10**6)) if distance < limit)
    return [f"distance={bucket}", f"name_first={mention.start < at}",
            f"same_clause={clauses.index_of(cut, mention.start) == clauses.index_of(cut, at)}",
            f"nearest_event={nearest == event_type}", f"type={event_type}&nearest={nearest == event_type}",
            f"relation={clauses.is_relation(text, mention.start, mention.end)}",
            *(f"word_before_name={w}" for w in before), *(f"word_after_name={w}" for w in after)]


def _date_for(sentence: Sentence, found_dates, at: int, earlier: str = "") -> tuple[str, str, str]:
    """(date phrase, quote, how) of an event word: the sentence's opening date, else the nearest
    before the word, else the first after it. A sentence without a date takes the last date of
    its paragraph (`earlier`), which the model weighs as a feature of its own."""
    quote = _clip(sentence.text, at)
    if not found_dates:
        return (earlier, quote, "from an earlier sentence") if earlier else (
            "", quote, "none in the sentence")
    before = [d for d in found_dates if d[0] <= at]
    leading = found_dates[0][0] == 0  # "On 22nd October 2019, ..." dates what the sentence tells
    phrase = found_dates[0][1] if leading or not before else before[-1][1]
    return phrase, quote, "in the sentence"


def _clip(text: str, at: int) -> str:
    """The sentence, or the MAX_QUOTE_LENGTH characters around the event word of a longer one."""
    if len(text) <= MAX_QUOTE_LENGTH:
        return text
    start = max(0, min(at - MAX_QUOTE_LENGTH // 2, len(text) - MAX_QUOTE_LENGTH))
    return text[start:start + MAX_QUOTE_LENGTH]

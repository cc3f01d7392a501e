"""Read charges_text into (legal_code, article, part) triples, so charges can be counted by article.

An article number with no code named ("Article 405", "Art. 174 CC") is the Criminal Code of 2014:
the reports cite administrative articles only with their code ("Code on Administrative Offences",
"Administrative Code", "CAO", "KoAP"). Numbers are kept as written, so a 1997-Code number stays
as it is; data/reference/articles.csv marks its edition. A charge given only by name is looked up
in data/reference/charge_names.csv, whole or, failing that, each of its conjuncts ("fraud and
unauthorised conduct": "fraud", "unauthorised conduct"); a name not listed is never guessed: the
row is `described` (an accusation in words, with no article to count; a named conjunct's article
is still returned) unless it cites an article that could not be read, which is `unparsed`.
"""

import re
from functools import cache

import numpy as np
import pandas as pd

from kzstats.groups import joined
from kzstats.reference import LEGAL_CODE_PREFIX, read_reference
from kzstats.sheet import PIECE_SEPARATOR

CRIMINAL, ADMINISTRATIVE, CIVIL = LEGAL_CODE_PREFIX
DEFAULT_CODE = CRIMINAL
STATUSES = ("ok", "empty", "described", "unparsed")
CATEGORIES = (
    "extremism", "speech", "assembly", "violence_against_officials", "economic", "border",
    "drugs", "terrorism", "public_order", "other",
)
COLUMNS = ["row", "legal_code", "article", "part", "basis", "charge_status"]
# A code named just before an article ("Criminal Code article 405") is read within this many chars.
HEAD_WINDOW = 40

_NUMBER = r"\d+(?:-\d+)?"  # Kazakh codes insert articles as 73-3
_LIST = r"\s*(?:,|and|&)\s*"
ARTICLE = re.compile(
    rf"\bparts?\s*(?P<parts_first>\d+(?:{_LIST}\d+)*)\s+of\s+(?:the\s+)?articles?\s*"
    rf"(?P<number_after>{_NUMBER})"
    rf"|\b(?:articles?|art\b\.?)\s*(?P<numbers>{_NUMBER}(?:{_LIST}{_NUMBER})*)"
    rf"(?:\s*,?\s*parts?\s*(?P<parts>\d+(?:{_LIST}(?:parts?\s*)?\d+)*))?",
    re.IGNORECASE,
)
# "CC" is the Criminal Code in these reports, so the civil code needs its full name.
CODE = re.compile(
    r"\b(?:(?P<administrative>administrative|(?-i:CAO|CoAO|KoAP|КоАП))"
    r"|(?P<civil>civil\s+code)"
    r"|(?P<criminal>criminal|penal\s+code|(?-i:CC|UK|УК)))\b",
    re.IGNORECASE,
)
NOT_NAME_CHARS = re.compile(r"[^\w/-]+")
# Conjuncts of a named charge; "or" is left whole, as it joins alternatives, not two charges.
CONJUNCTS = re.compile(r"\s*(?:,|;|\band\b)\s*", re.IGNORECASE)


def normalise_name(text: str) -> str:
    """Lower case, quotes and punctuation dropped: the key of a named charge."""
    return NOT_NAME_CHARS.sub(" ", text.lower()).strip()


@cache
def charge_names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Named charge (normalised) -> the (legal_code, article) pairs it stands for."""
    table = read_reference("charge_names")
    names: dict[str, tuple[tuple[str, str], ...]] = {}
    for phrase, code, article in table[["phrase", "legal_code", "article"]].itertuples(index=False):
        key = normalise_name(phrase)
        names[key] = (*names.get(key, ()), (code, article))
    return names


def _code_of(piece: str, match: re.Match, head_start: int, tail_end: int) -> str:
    """The code named after the article, else just before it, else anywhere in the piece."""
    after = CODE.search(piece, match.end(), tail_end)
    before = list(CODE.finditer(piece, max(head_start, match.start() - HEAD_WINDOW), match.start()))
    found = after or (before[-1] if before else None) or CODE.search(piece)
    return found.lastgroup if found else DEFAULT_CODE


def _parse_piece(piece: str) -> list[tuple[str, str, str, str]]:
    """(legal_code, article, part, basis) of one ' | '-separated piece; [] if it names nothing known."""
    matches = list(ARTICLE.finditer(piece))
    if not matches:
        return [(code, article, "", "name") for code, article in
                charge_names().get(normalise_name(piece), ())]
    found = []
    for i, match in enumerate(matches):
        head_start = matches[i - 1].end() if i else 0
        tail_end = matches[i + 1].start() if i + 1 < len(matches) else len(piece)
        code = _code_of(piece, match, head_start, tail_end)
        numbers = re.findall(_NUMBER, match["numbers"] or match["number_after"])
        parts = re.findall(r"\d+", match["parts"] or match["parts_first"] or "") or [""]
        # Parts belong to the article they follow: "Articles 266 and 405 Part 2" -> 266, 405.2.
        found += [(code, n, "", "article") for n in numbers[:-1]]
        found += [(code, numbers[-1], part, "article") for part in parts]
    return found


def _conjuncts(piece: str) -> list[str]:
    """A piece as it is, or its conjuncts when it cites no article, is no listed name whole,
    and at least one conjunct is."""
    names = charge_names()
    if ARTICLE.search(piece) or normalise_name(piece) in names:
        return [piece]
    parts = [c for c in CONJUNCTS.split(piece) if c.strip()]
    return parts if any(normalise_name(c) in names for c in parts) else [piece]


def parse_text(text: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    """charge_status and the (legal_code, article, part, basis) of one charges_text value."""
    # Split at the bar alone: a coder's "A|B" is two pieces too, and every piece is stripped.
    pieces = [c for p in text.split(PIECE_SEPARATOR.strip()) if p.strip() for c in _conjuncts(p.strip())]
    if not pieces:
        return "empty", []
    parsed = [_parse_piece(p) for p in pieces]
    triples = [t for piece in parsed for t in piece]
    with_part = {(code, article) for code, article, part, _ in triples if part}
    # A name ("participation in an extremist organisation") beside its number with a part
    # ("Article 405 Part 2") is the same charge: keep the more precise one.
    triples = [t for t in triples if t[2] or (t[0], t[1]) not in with_part]
    unique: dict[tuple, tuple] = {}
    for t in sorted(triples, key=lambda t: t[3] == "name"):  # a number outranks a name
        unique.setdefault(t[:3], t)
    failed = [p for p, found in zip(pieces, parsed) if not found]
    if not failed:
        status = "ok"
    elif any(re.search(r"\bart(icles?|\.)?\b", p, re.IGNORECASE) for p in failed):
        status = "unparsed"
    else:
        status = "described"
    return status, list(unique.values())


def _distinct(charges_text: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each row's code into the distinct texts, and those texts (missing values read as "").

    Text columns are factorised as they are; only other types (categoricals, numbers) are
    made Python strings first, so a million rows never become a million Python objects.
    """
    if not isinstance(charges_text.dtype, pd.StringDtype):
        as_object = charges_text.astype(object)
        charges_text = as_object.where(as_object.notna(), "").astype(str)
    codes, uniques = pd.factorize(charges_text.fillna(""))
    return codes, uniques.tolist()


def parse_charges(charges_text: pd.Series) -> pd.DataFrame:
    """Long table: one row per (input index, legal_code, article, part); an input with none gets
    one row with empty legal_code/article/part, so every input index appears with its status.

    Each distinct text is parsed once; its rows are joined back by the text's code.
    """
    codes, uniques = _distinct(charges_text)
    rows = []
    for code, value in enumerate(uniques):
        status, triples = parse_text(value)
        rows += [(code, *t, status) for t in triples] or [(code, "", "", "", "", status)]
    parsed = pd.DataFrame(rows, columns=["code", *COLUMNS[1:]]).astype(dict.fromkeys(COLUMNS[1:], str))
    keys = pd.DataFrame({"row": charges_text.index, "code": codes})
    return keys.merge(parsed, on="code", how="left", sort=False)[COLUMNS]


def charge_status(charges_text: pd.Series) -> pd.Series:
    """ok / empty / described / unparsed per input, same index (see the module docstring)."""
    codes, uniques = _distinct(charges_text)
    statuses = pd.array([parse_text(value)[0] for value in uniques], dtype=str)
    return pd.Series(statuses.take(codes), index=charges_text.index, name="charge_status")


def articles_string(charges: pd.DataFrame) -> pd.Series:
    """Per input index: "174;405.2;CAO 488" (sorted by code, article, part; "" when none)."""
    found = charges[charges["article"] != ""]
    # Few distinct charges, many rows: each (code, article, part) gets its label and rank once.
    labels = found[["legal_code", "article", "part"]].drop_duplicates()
    number = labels["article"].str.extract(r"^(\d+)(?:-(\d+))?").astype(float).fillna(0)
    labels = labels.assign(
        code=labels["legal_code"].map({c: i for i, c in enumerate(LEGAL_CODE_PREFIX)}),
        number=number[0], sub=number[1],
        part_number=pd.to_numeric(labels["part"], errors="coerce").fillna(0),
        label=labels["legal_code"].map(LEGAL_CODE_PREFIX).fillna(labels["legal_code"] + " ")
        + labels["article"] + labels["part"].where(labels["part"] == "", "." + labels["part"]),
    ).sort_values(["code", "number", "sub", "part_number"], kind="stable")
    labels["rank"] = range(len(labels))
    keys = found[["row", "legal_code", "article", "part"]].merge(
        labels, on=["legal_code", "article", "part"]).sort_values("rank", kind="stable")
    joined_labels = joined(keys["row"], keys["label"])
    return joined_labels.reindex(pd.Index(charges["row"].unique())).fillna("").rename("articles")

"""Clauses of a sentence, and whom each clause is about.

A sentence often tells several events ("was detained and fined", "sentenced ... and banned from
..."), or names people who are not its subject ("Zhumagulov's associate Serik Testuly", "the
lawyer of ..."). Extraction asks, for each event word, which clause it stands in and which of the
sentence's people that clause is about; the learned model (extract_model) weighs the answers.
"""

import re
from itertools import pairwise

# Where a clause ends: a semicolon or colon, a dash between words, or a comma or "and" before a
# word that opens a new statement ("and fined", ", but", ", after which").
CLAUSE_BREAK = re.compile(
    r"\s*[;:]\s+|\s+[–—]\s+"
    r"|,?\s+(?=(?:and|but|while|whereas|after|before|when|then|although|however)\s+"
    r"(?:was|were|is|are|has|had|have|he|she|they|his|her|their|the|a|an|later|also|then|"
    r"subsequently|police|court|[a-z]+ed)\b)"
)
# Words before a name that make the name a relation of the clause's subject, not the subject:
# "the lawyer of X", "associate of X", "X's wife".
RELATION_OF = re.compile(
    r"\b(?:lawyers?|advocates?|associates?|wife|husband|son|daughter|brother|sister|mother|father|"
    r"relatives?|colleagues?|friends?|supporters?|followers?|leader|case|trial|house|apartment|"
    r"family|defen[cs]e)\s+of\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
POSSESSIVE_AFTER = re.compile(r"^['’]s?(?!\w)")


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a sentence, in order, covering the whole text."""
    cuts = [0]
    for m in CLAUSE_BREAK.finditer(text):
        if m.start() > cuts[-1]:
            cuts.append(m.start())
    cuts.append(len(text))
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def index_of(clause_spans: list[tuple[int, int]], offset: int) -> int:
    """The number of the clause that holds a character offset."""
    for number, (start, end) in enumerate(clause_spans):
        if start <= offset < end:
            return number
    return len(clause_spans) - 1


def is_relation(text: str, start: int, end: int) -> bool:
    """True if the name at text[start:end] is named as someone's relation or owner rather than as
    the one a clause is about: "Zhumagulov's associate", "the lawyer of Aigul Utepova"."""
    return bool(POSSESSIVE_AFTER.match(text[end:end + 2])) or bool(
        RELATION_OF.search(text[max(0, start - 40):start]))


def subjects(text: str, names: list[tuple[int, int]], at: int) -> set[int]:
    """Which of the names (their (start, end) in the sentence) the event word at `at` is about.

    The names of the event word's clause that are not relations, nearest before the word
    ("X was detained") else first after it ("police detained X"); a list of names joined by commas
    or "and" counts as one ("A, B and C were sentenced"). A clause that names no one is about the
    subject carried from the clauses before it ("X was detained and fined"), or failing that
    about the names that follow it ("custodial sentences for supporting DCK: A, B, C").
    """
    if not names:
        return set()
    cut = spans(text)
    clause = index_of(cut, at)
    usable = [i for i, (s, e) in enumerate(names) if not is_relation(text, s, e)] or list(range(len(names)))
    inside = [i for i in usable if index_of(cut, names[i][0]) == clause]
    before = [i for i in inside if names[i][0] < at]
    after = [i for i in inside if names[i][0] >= at]
    if before:
        chosen = before[-1]
    elif after:
        chosen = after[0]
    else:
        # Carried from the clauses before ("X was detained and fined"), else the list that the
        # clause announces ("27 new cases of custodial sentences ...: A, B, C").
        earlier = [i for i in usable if names[i][0] < cut[clause][0]]
        chosen = earlier[-1] if earlier else min(usable, key=lambda i: names[i][0])
    return _listed_with(text, names, chosen) & set(usable)


def _listed_with(text: str, names: list[tuple[int, int]], chosen: int) -> set[int]:
    """The names listed together with one: joined only by commas, "and" or a role word, each
    name perhaps followed by a bracketed note."""
    group = {chosen}
    # A name may carry a bracketed note before the joiner: "Dana Zhanai (“Qaharman”), ...".
    joiner = re.compile(r"^(?:\s*\([^()]{1,60}\))?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:[a-z]+\s+){0,2}$")
    i = chosen
    while i > 0 and joiner.match(text[names[i - 1][1]:names[i][0]]):
        i -= 1
        group.add(i)
    i = chosen
    while i + 1 < len(names) and joiner.match(text[names[i][1]:names[i + 1][0]]):
        i += 1
        group.add(i)
    return group

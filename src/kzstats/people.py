"""One person across spelling variants: a transliteration-aware key, blocked fuzzy matching, aliases.

Names of the same person differ between reports (Dzhumaev/Dzhumayev, Yerlan Baltabai/Erlan
Baltabay, Saniya Toiken/Sania Toyken). Names with the same key are merged; names that are only
similar are never merged silently: they are reported as doubtful until the curated alias table
(data/raw/person_aliases.csv) decides.
"""

import hashlib
import re
from functools import cache
from itertools import combinations

import numpy as np
import pandas as pd
import pyarrow as pa
from rapidfuzz import fuzz, process
from unidecode import unidecode

from kzstats.groups import smallest_linked

# Rewrites, in order, that make English transliterations of Kazakh and Russian names agree.
TRANSLITERATION_RULES = (
    (r"dzh|dz|zh|j", "j"),           # Джумаев: Dzhumaev, Jumaev, Zhumaev
    (r"kh|q", "h"),                   # Мухамедов: Mukhamedov; Qazaq/Kazakh handled by k below
    (r"\bye", "e"),                   # Ерлан: Yerlan, Erlan
    (r"([aeiou])y([aeiou])", r"\1\2"),  # Джумаев: Dzhumayev, Dzhumaev
    (r"y", "i"),                      # Тойкен: Toyken, Toiken
)
# And last, a letter written twice counts once: Асет: Asset, Aset; Мухаммедов: Mukhammedov.
NOT_LETTERS = re.compile(r"[^a-z ]")
DOUBTFUL_SIMILARITY = 85  # token-sort ratio of two keys above which a pair is reported
BLOCK_PREFIX = 4  # keys are compared when a token longer than 3 letters starts alike
MAX_BLOCK_KEYS = 500  # more keys than this share a token start only through a common name
INITIALS_FIT_SEVERAL = ("initials fit several full names, kept apart: decide in "
                        "data/raw/person_aliases.csv")
SCORE_ROWS = 2000  # rows of a block's similarity matrix scored at once (bounds memory)


@cache
def name_key(name: str) -> str:
    """The matching key of a name: transliteration rules applied, tokens sorted (name_keys of
    one name; remembered, as callers ask for the same few names again and again)."""
    return name_keys(pd.Series([name], dtype=str)).iloc[0]


def name_keys(names: pd.Series) -> pd.Series:
    """name_key of every name, a column at a time (same index).

    No rule spans a space, so the rules run on whole names as on their words one by one; only
    names with letters beyond ASCII go through unidecode.
    """
    text = names.astype(str)
    foreign = text.str.contains(r"[^\x00-\x7f]", regex=True)  # (str.isascii needs pandas 3)
    if foreign.any():
        text = text.copy()
        text[foreign] = [unidecode(n) for n in text[foreign].tolist()]
    text = text.str.lower().str.replace(NOT_LETTERS.pattern, " ", regex=True)
    for pattern, replacement in TRANSLITERATION_RULES:
        text = text.str.replace(pattern, replacement, regex=True)
    keys = [" ".join(sorted(n.split())) for n in _single_letters(text).to_pylist()]
    return pd.Series(keys, index=names.index, dtype=str)


def _single_letters(text: pd.Series) -> pa.LargeStringArray:
    """Every run of one letter (or space) cut to one: 'mukhammedov' -> 'mukhamedov'.

    The text is ASCII by now, so this works on its bytes: a byte equal to the one before it in
    the same name is dropped. (The regular expression (.)\\1+ says the same, at a tenth the speed.)
    """
    array = pa.array(text.to_numpy(dtype=object), type=pa.large_string())
    _, offsets, data = array.buffers()
    ends = np.frombuffer(offsets, dtype=np.int64, count=len(array) + 1)
    chars = np.frombuffer(data, dtype=np.uint8, count=ends[-1]) if ends[-1] else np.zeros(0, np.uint8)
    keep = np.ones(len(chars), dtype=bool)
    keep[1:] = chars[1:] != chars[:-1]
    keep[ends[:-1][ends[:-1] < ends[1:]]] = True  # a name's first letter always stays
    kept = np.concatenate([[0], np.cumsum(keep)])[ends]
    return pa.LargeStringArray.from_buffers(len(array), pa.py_buffer(kept.astype(np.int64)),
                                            pa.py_buffer(chars[keep].tobytes()))


def _initials_match(short: str, full: str) -> bool:
    """'junusov j' (Zhunusov Zh.) matches 'janibek junusov': full tokens shared, initials fit."""
    short_tokens, full_tokens = short.split(), full.split()
    words = [t for t in short_tokens if len(t) > 1]
    initials = [t for t in short_tokens if len(t) == 1]
    rest = list(full_tokens)
    for word in words:
        if word not in rest:
            return False
        rest.remove(word)
    return bool(initials) and sorted(t[0] for t in rest) == sorted(initials)


def _blocks(keys: list[str]) -> list[list[str]]:
    """Keys grouped by the first letters of each surname-like token: only keys that share one
    are compared, never all pairs. A start shared by more than MAX_BLOCK_KEYS keys is a common
    given name, no evidence alone: its keys are compared only when another token starts alike."""
    blocks: dict[str, set[str]] = {}
    for key in keys:
        for start in _starts(key):
            blocks.setdefault(start, set()).add(key)
    kept = []
    for start, block in blocks.items():
        if len(block) <= MAX_BLOCK_KEYS:
            kept.append(block)
            continue
        split: dict[str, set[str]] = {}
        for key in block:
            for other in (_starts(key) - {start}) or {""}:
                split.setdefault(other, set()).add(key)
        kept += split.values()
    return [sorted(block) for block in kept if len(block) > 1]


def _starts(key: str) -> set[str]:
    return {token[:BLOCK_PREFIX] for token in key.split() if len(token) > 3}


def _similar_pairs(blocks: list[list[str]]) -> set[tuple[str, str]]:
    """Pairs (a < b) of one block whose token-sort similarity reaches DOUBTFUL_SIMILARITY.

    Each block is scored as a matrix in compiled code, a slice of rows at a time; blocks are
    small, so one thread each (starting threads for every block costs more than it saves).
    """
    pairs: set[tuple[str, str]] = set()
    for block in blocks:
        for start in range(0, len(block), SCORE_ROWS):
            # Keys are their tokens sorted, so plain ratio is token_sort_ratio, and faster.
            scores = process.cdist(block[start:start + SCORE_ROWS], block, scorer=fuzz.ratio,
                                   score_cutoff=DOUBTFUL_SIMILARITY, workers=1)
            rows, cols = np.nonzero(scores)
            pairs.update((block[start + i], block[j]) for i, j in zip(rows.tolist(), cols.tolist())
                         if start + i < j)
    return pairs


def _initials_pairs(keys: list[str]) -> set[tuple[str, str]]:
    """Pairs (short, full) where the short key's initials fit the full name (see _initials_match).

    Rather than trying every key against every key with initials, each key is indexed by what
    it looks like with some tokens cut to initials: its other tokens and those initials.
    """
    shorts: dict[tuple, list[str]] = {}
    for key in keys:
        tokens = key.split()
        words = tuple(t for t in tokens if len(t) > 1)
        if len(words) < len(tokens) and any(len(w) > 3 for w in words):  # else it shares no block
            shorts.setdefault((words, tuple(t for t in tokens if len(t) == 1)), []).append(key)
    counts = {len(initials) for _, initials in shorts}
    words = {w for key_words, _ in shorts for w in key_words}
    pairs = set()
    for full in keys if shorts else ():
        tokens = full.split()  # sorted, so what is left of them stays sorted
        if words.isdisjoint(tokens):
            continue  # it holds none of the words a key with initials keeps
        for n in counts:
            for cut in combinations(range(len(tokens)), n):
                rest = tuple(t for i, t in enumerate(tokens) if i not in cut)
                initials = tuple(sorted(tokens[i][0] for i in cut))
                for short in shorts.get((rest, initials), ()):
                    if short != full:
                        pairs.add((short, full))
    return pairs


def _stable_id(key: str) -> str:
    return "p-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _smallest_of(links: list[tuple[str, str]]) -> dict[str, str]:
    """Each key of the links -> the smallest key linked to it (a key in no link is its own)."""
    first = smallest_linked(pd.Series([a for a, _ in links], dtype=object),
                            pd.Series([b for _, b in links], dtype=object))
    return first.to_dict()


def resolve_people(names: pd.Series, aliases: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group names into persons.

    Returns (persons, matches): persons has one row per distinct name with person_id and
    person_name (the most frequent spelling, ties alphabetical); matches lists every merge the
    matcher or the alias table made, and every doubtful pair left apart, with the reason.
    """
    counts = names[names != ""].value_counts()
    table = pd.DataFrame({"name": counts.index, "n_rows": counts.to_numpy()})
    table["key"] = name_keys(table["name"]).to_numpy()
    # Two spellings a person decided are different people stay apart even where they share a
    # transliteration key: the first of the pair gets a key of its own.
    key_of_name = dict(zip(table["name"].tolist(), table["key"].tolist()))
    for a in aliases.itertuples():
        if (a.decision == "different" and a.name in key_of_name and a.same_as in key_of_name
                and key_of_name[a.name] == key_of_name[a.same_as]):
            table.loc[table["name"] == a.name, "key"] = f"{key_of_name[a.name]}|{a.name}"
    keys = sorted(set(table["key"].tolist()))
    links: list[tuple[str, str]] = []  # pairs of keys of one person

    by_key = table.sort_values(["key", "name"])
    first = by_key.groupby("key")["name"].transform("first")
    other = by_key["name"] != first
    matches = [(a, b, "merged", "same transliteration key")
               for a, b in zip(first[other].tolist(), by_key.loc[other, "name"].tolist())]

    decided = set()
    key_of = dict(zip(table["name"].tolist(), table["key"].tolist()))
    for a in aliases.itertuples():
        if a.name not in key_of or a.same_as not in key_of:
            continue
        decided.add(frozenset((key_of[a.name], key_of[a.same_as])))
        if a.decision == "same":
            links.append((key_of[a.name], key_of[a.same_as]))
            matches.append((a.same_as, a.name, "merged", f"alias table: {a.note}"))
        else:
            matches.append((a.same_as, a.name, "kept apart", f"alias table: {a.note}"))

    first = table.drop_duplicates("key")
    spelling = dict(zip(first["key"].tolist(), first["name"].tolist()))
    decided_pairs = {tuple(sorted(pair)) for pair in decided}
    # A short form merges only when its initials fit one person; fitting several, it could be
    # any of them, so every fit is left for a person to decide.
    fits: dict[str, set[str]] = {}
    for short, full in _initials_pairs(keys):
        if tuple(sorted((short, full))) not in decided_pairs:
            fits.setdefault(short, set()).add(full)
    group_of = _smallest_of(links)
    person_of = {full: group_of.get(full, full) for fulls in fits.values() for full in fulls}
    initials = set()
    for short, fulls in sorted(fits.items()):
        one = len({person_of[full] for full in fulls}) == 1
        for full in sorted(fulls):
            a, b = min(short, full), max(short, full)
            initials.add((a, b))
            if one:
                links.append((a, b))
                matches.append((spelling[a], spelling[b], "merged", "initials fit one full name"))
            else:
                matches.append((spelling[a], spelling[b], "doubtful", INITIALS_FIT_SEVERAL))
    for a, b in sorted(_similar_pairs(_blocks(keys)) - initials - decided_pairs):
        matches.append((spelling[a], spelling[b], "doubtful",
                        "similar names kept apart: decide in data/raw/person_aliases.csv"))

    group_of = _smallest_of(links)
    table["group"] = table["key"].map(lambda key: group_of.get(key, key))
    canonical = (table.sort_values(["group", "n_rows", "name"], ascending=[True, False, True])
                 .drop_duplicates("group").set_index("group")["name"])
    table["person_name"] = table["group"].map(canonical)
    table["person_id"] = table["group"].map(_stable_id)
    persons = table[["name", "person_id", "person_name"]].sort_values("name", ignore_index=True)
    matches_df = pd.DataFrame(matches, columns=["name_a", "name_b", "decision", "reason"])
    return persons, matches_df.sort_values(["decision", "name_a", "name_b"], ignore_index=True)

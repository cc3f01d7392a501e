"""One person across spelling variants: a transliteration-aware key, blocked fuzzy matching, aliases.

Names of the same person differ between reports (Dzhumaev/Dzhumayev, Yerlan Baltabai/Erlan
Baltabay, Saniya Toiken/Sania Toyken). Names with the same key are merged; names that are only
similar are never merged silently: they are reported as doubtful until the curated alias table
(data/raw/person_aliases.csv) decides.
"""

import hashlib
import re

import pandas as pd
from rapidfuzz import fuzz
from unidecode import unidecode

from kzstats.groups import UnionFind

# Rewrites, in order, that make English transliterations of Kazakh and Russian names agree.
TRANSLITERATION_RULES = (
    (r"dzh|dz|zh|j", "j"),           # Джумаев: Dzhumaev, Jumaev, Zhumaev
    (r"kh|q", "h"),                   # Мухамедов: Mukhamedov; Qazaq/Kazakh handled by k below
    (r"\bye", "e"),                   # Ерлан: Yerlan, Erlan
    (r"([aeiou])y([aeiou])", r"\1\2"),  # Джумаев: Dzhumayev, Dzhumaev
    (r"y", "i"),                      # Тойкен: Toyken, Toiken
    (r"(.)\1+", r"\1"),               # Асет: Asset, Aset; Мухаммедов: Mukhammedov
)
DOUBTFUL_SIMILARITY = 85  # token-sort ratio of two keys above which a pair is reported


def name_key(name: str) -> str:
    """The matching key of a name: transliteration rules applied, tokens sorted."""
    text = re.sub(r"[^a-z ]", " ", unidecode(name).lower())
    for pattern, replacement in TRANSLITERATION_RULES:
        text = re.sub(pattern, replacement, text)
    return " ".join(sorted(text.split()))


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


def _stable_id(key: str) -> str:
    return "p-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def resolve_people(names: pd.Series, aliases: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group names into persons.

    Returns (persons, matches): persons has one row per distinct name with person_id and
    person_name (the most frequent spelling, ties alphabetical); matches lists every merge the
    matcher or the alias table made, and every doubtful pair left apart, with the reason.
    """
    counts = names[names != ""].value_counts()
    table = pd.DataFrame({"name": counts.index, "n_rows": counts.to_numpy()})
    table["key"] = [name_key(n) for n in table["name"]]
    keys = sorted(set(table["key"]))
    groups = UnionFind(keys)
    matches = []

    for key, same in table.groupby("key")["name"]:
        spellings = sorted(same)
        for other in spellings[1:]:
            matches.append((spellings[0], other, "merged", "same transliteration key"))

    decided = set()
    key_of = dict(zip(table["name"], table["key"]))
    for a in aliases.itertuples():
        if a.name not in key_of or a.same_as not in key_of:
            continue
        decided.add(frozenset((key_of[a.name], key_of[a.same_as])))
        if a.decision == "same":
            groups.union(key_of[a.name], key_of[a.same_as])
            matches.append((a.same_as, a.name, "merged", f"alias table: {a.note}"))
        else:
            matches.append((a.same_as, a.name, "kept apart", f"alias table: {a.note}"))

    # Blocking: only keys that share a surname-like token are compared, never all pairs.
    blocks: dict[str, list[str]] = {}
    for key in keys:
        for token in key.split():
            if len(token) > 3:
                blocks.setdefault(token[:4], []).append(key)
    seen = set()
    spelling = table.drop_duplicates("key").set_index("key")["name"]
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                pair = frozenset((a, b))
                if a == b or pair in seen or pair in decided:
                    continue
                seen.add(pair)
                if _initials_match(a, b) or _initials_match(b, a):
                    groups.union(a, b)
                    matches.append((spelling[a], spelling[b], "merged", "initials fit one full name"))
                elif fuzz.token_sort_ratio(a, b) >= DOUBTFUL_SIMILARITY:
                    matches.append((spelling[a], spelling[b], "doubtful",
                                    "similar names kept apart: decide in data/raw/person_aliases.csv"))

    table["group"] = [groups.find(k) for k in table["key"]]
    canonical = (table.sort_values(["group", "n_rows", "name"], ascending=[True, False, True])
                 .drop_duplicates("group").set_index("group")["name"])
    table["person_name"] = table["group"].map(canonical)
    table["person_id"] = table["group"].map(_stable_id)
    persons = table[["name", "person_id", "person_name"]].sort_values("name", ignore_index=True)
    matches_df = pd.DataFrame(matches, columns=["name_a", "name_b", "decision", "reason"])
    return persons, matches_df.sort_values(["decision", "name_a", "name_b"], ignore_index=True)

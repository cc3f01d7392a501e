"""Learning extraction from the coded sheet: what a proposal must match, and the model's training.

Used by `kzstats extract-train` (the stored model) and by extract_eval (a fresh model per fold, so
that a report is never scored by a model that has seen it). Every candidate a report gives is
labelled by whether a coder coded the same row: same event type, same person (spelling variants
allowed; both empty for a group or an organisation), a compatible date. The people extraction
knows while producing a report's training candidates are learned from the other reports only, as
they are for a report it has never seen.
"""

from collections import Counter
from itertools import pairwise

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from kzstats import dates, extract, extract_model
from kzstats.people import name_key

NAME_SIMILARITY = 85  # rapidfuzz token_sort_ratio of the name keys, as for spelling variants
PLATEAU = 0.01  # F1 this close to the best is as good, for choosing the threshold


def same_person(a: str, b: str) -> bool:
    """True if two names as written may be one person: same spelling up to transliteration,
    near-identical, or initials that fit ("Zhunusov Zh." and "Zhanibek Zhunusov")."""
    if not a or not b:
        return a == b
    ka, kb = name_key(a), name_key(b)
    if ka == kb or fuzz.token_sort_ratio(ka, kb) >= NAME_SIMILARITY:
        return True
    short, full = sorted((ka.split(), kb.split()), key=len)
    rest = list(full)
    for token in short:
        fits = [t for t in rest if t == token or (len(token) <= 2 and t.startswith(token))]
        if not fits:
            return False
        rest.remove(fits[0])
    return len(short) >= 2


def _interval(text: str, start: str, end: str):
    parsed = dates.parse_date(text, start, end) if text else None
    return None if parsed is None else parsed[:2]


def _dates_agree(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return a[0] <= b[1] and b[0] <= a[1]


def match(proposed: pd.DataFrame, coded: pd.DataFrame, start: str, end: str) -> list[tuple[int, int]]:
    """(proposed index, coded index) pairs of one report, each coded row used at most once,
    most confident proposals first."""
    coded_dates = {i: _interval(t, start, end) for i, t in coded["date_text"].items()}
    free = {i: True for i in coded.index}
    order = proposed.assign(c=proposed["confidence"].astype(float)).sort_values("c", ascending=False, kind="stable")
    pairs = []
    for i, row in order.iterrows():
        when = _interval(row["date_text"], start, end)
        candidates = coded[(coded["event_type"] == row["event_type"])]
        for j, gold in candidates.iterrows():
            if free[j] and same_person(row["person"], gold["person"]) and _dates_agree(when, coded_dates[j]):
                free[j] = False
                pairs.append((i, j))
                break
    return pairs


def knowledge(sheet: pd.DataFrame, texts: dict[str, str]) -> extract.Knowledge:
    """What coded reports teach about people: their names, the capitalised words that are never
    part of a name, and the event types coded for unnamed groups and organisations."""
    # Longest first, then as spelled: a set's order changes from run to run, and a retrained
    # model must differ only where its data did.
    names = sorted({p for p in sheet["person"] if p}, key=lambda name: (-len(name), name))
    name_tokens = {t for name in names for t in name.split()}
    runs = [m.group().split() for rid in sheet["report_id"].unique()
            for m in extract.CAPITALISED_RUN.finditer(texts[rid])]
    counts = Counter(t for run in runs for t in run)
    # A word right before a surname is a given name ("Erzhan Kazykhanov"), though no coder coded
    # its bearer: another report's "Erzhan Elshibaev" is still a name.
    given = {a for run in runs for a, b in pairwise(run) if extract.surname_ending().search(b)}
    not_names = frozenset(t for t, n in counts.items() if n >= 2 and t not in name_tokens | given
                          and not extract.surname_ending().search(t))
    group_types = frozenset(sheet.loc[sheet["person"] == "", "event_type"])
    return extract.Knowledge(names=tuple(names), not_names=not_names, group_types=group_types)


def labelled_candidates(sheet: pd.DataFrame, texts: dict[str, str],
                        periods: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Report -> its candidate rows with `label` (a coder coded the row), each report's candidates
    found knowing only the people of the other reports."""
    found = {}
    for rid, coded in sheet.groupby("report_id"):
        start, end = periods.loc[rid, "period_start"], periods.loc[rid, "period_end"]
        table = extract.candidates(rid, texts[rid], start, end,
                                   knowledge(sheet[sheet["report_id"] != rid], texts))
        hits = {i for i, _ in match(table, coded, start, end)}
        found[rid] = table.assign(label=table.index.isin(list(hits)))
    return found


def events_of(table: pd.DataFrame) -> pd.DataFrame:
    """One row per event a candidate tells (its date variants together), labelled by whether
    any variant is a coded row."""
    grouped = table.groupby("one_of", sort=False)
    return grouped.agg(features=("features", "first"), label=("label", "any")).reset_index(drop=True)


def dates_of(table: pd.DataFrame) -> pd.DataFrame:
    """The date variants of the events a coder coded, labelled by whether the coded date agrees."""
    by_event = table.groupby("one_of", sort=False)["label"]
    return table[by_event.transform("any") & (by_event.transform("size") > 1)]


def fit_models(tables: list[pd.DataFrame]) -> extract_model.Model:
    """The event model and the date model, fitted on the labelled candidates of some reports."""
    every = pd.concat(tables, ignore_index=True)
    events, variants = events_of(every), dates_of(every)
    weights, bias = extract_model.fit(list(events["features"]), events["label"].to_numpy())
    date_weights, date_bias = (extract_model.fit(list(variants["date_features"]),
                                                 variants["label"].to_numpy())
                               if len(variants) else ({}, 0.0))
    return extract_model.Model(weights=weights, bias=bias, threshold=0.0,
                               date_weights=date_weights, date_bias=date_bias)


def _threshold(found: dict[str, pd.DataFrame], coded: int) -> float:
    """The lowest confidence worth proposing: best F1 over the reports, each scored by models
    fitted on the others (so the threshold is not set on rows the models were fitted to)."""
    scored = []
    for rid, table in found.items():
        rest = [t for r, t in found.items() if r != rid and not t.empty]
        if table.empty or not rest:
            continue
        chosen = table.assign(c=extract_model.confidence(fit_models(rest), table))
        chosen = chosen.sort_values("c", ascending=False, kind="stable").drop_duplicates("one_of")
        scored += zip(chosen["c"], chosen["label"])
    thresholds = np.arange(0.05, 0.95, 0.01)
    f1s = []
    for threshold in thresholds:
        kept = [hit for p, hit in scored if p >= threshold]
        f1s.append(2 * sum(kept) / (len(kept) + coded) if kept else 0.0)
    return middle_of_best(list(thresholds), f1s)


def middle_of_best(thresholds: list[float], f1s: list[float]) -> float:
    """The middle of the thresholds whose F1 is within PLATEAU of the best: a few reports give a
    flat, noisy curve, and its single highest point moves with every small change."""
    near = [t for t, f1 in zip(thresholds, f1s) if f1 >= max(f1s) - PLATEAU]
    return round(float(np.median(near)), 2)


def train(sheet: pd.DataFrame, texts: dict[str, str], periods: pd.DataFrame) -> extract_model.Model:
    """Models learned from every report the sheet codes, with the hash of that data."""
    found = labelled_candidates(sheet, texts, periods)
    model = fit_models(list(found.values()))
    people = knowledge(sheet, texts)
    model.threshold = _threshold(found, len(sheet))
    model.names, model.not_names = list(people.names), sorted(people.not_names)
    model.group_types, model.reports = sorted(people.group_types or ()), sorted(found)
    model.data_hash = extract_model.data_hash(sheet, texts)
    return model

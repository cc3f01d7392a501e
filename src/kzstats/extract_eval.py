"""How well `kzstats extract` does, measured honestly: leave one report out.

For each report, extraction learns from the other reports only (known names, words that are no
names, which event words coders confirmed), proposes rows for the held-out report, and is scored
against that report's hand-coded rows. A proposal matches a coded row of the same report with the
same event type, the same person (spelling variants allowed; both empty for a group or an
organisation) and a compatible date (both undated, or intervals that overlap); each coded row is
matched at most once, most confident proposals first.
"""

import re
from collections import Counter

import pandas as pd
from rapidfuzz import fuzz

from kzstats import charges, dates, extract, outcomes, places
from kzstats.people import name_key

NAME_SIMILARITY = 85  # rapidfuzz token_sort_ratio of the name keys, as for spelling variants


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
    """(proposed index, coded index) pairs of one report, each coded row used at most once."""
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


def learn(sheet: pd.DataFrame, texts: dict[str, str], periods: pd.DataFrame) -> extract.Knowledge:
    """Knowledge from coded reports: their names, the capitalised words never part of a name,
    the event types coded for unnamed groups, and for each event word the share of its proposals that a coder also coded."""
    names = sorted({p for p in sheet["person"] if p}, key=len, reverse=True)
    name_tokens = {t for name in names for t in name.split()}
    counts = Counter(t for rid in sheet["report_id"].unique()
                     for m in extract.CAPITALISED_RUN.finditer(texts[rid]) for t in m.group().split())
    not_names = frozenset(t for t, n in counts.items() if n >= 2 and t not in name_tokens)
    group_types = frozenset(sheet.loc[sheet["person"] == "", "event_type"])
    knowledge = extract.Knowledge(names=tuple(names), not_names=not_names, group_types=group_types)
    fired, confirmed = Counter(), Counter()
    for rid, coded in sheet.groupby("report_id"):
        start, end = periods.loc[rid, "period_start"], periods.loc[rid, "period_end"]
        proposed = extract.propose(rid, texts[rid], start, end, knowledge)
        hits = {i for i, _ in match(proposed, coded, start, end)}
        for i, trigger in proposed["trigger"].items():
            fired[trigger] += 1
            confirmed[trigger] += i in hits
    knowledge.precision = {t: (confirmed[t] + 1) / (fired[t] + 2) for t in fired}
    knowledge.min_confidence = _best_threshold(sheet, texts, periods, knowledge)
    return knowledge


def _best_threshold(sheet: pd.DataFrame, texts: dict[str, str], periods: pd.DataFrame,
                    knowledge: extract.Knowledge) -> float:
    """The lowest confidence worth proposing: the one that gives the best F1 on these reports."""
    scored = []
    for rid, coded in sheet.groupby("report_id"):
        start, end = periods.loc[rid, "period_start"], periods.loc[rid, "period_end"]
        proposed = extract.propose(rid, texts[rid], start, end, knowledge)
        hits = {i for i, _ in match(proposed, coded, start, end)}
        scored += [(float(c), i in hits) for i, c in proposed["confidence"].items()]
    best, best_f1 = 0.0, -1.0
    for threshold in sorted({c for c, _ in scored}):
        kept = [hit for c, hit in scored if c >= threshold]
        f1 = 2 * sum(kept) / (len(kept) + len(sheet)) if kept else 0.0
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    return best


def _prf(coded: int, proposed: int, matched: int) -> dict:
    p = matched / proposed if proposed else float("nan")
    r = matched / coded if coded else float("nan")
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"coded": coded, "proposed": proposed, "matched": matched,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}


def _fields_right(p: pd.Series, g: pd.Series) -> dict[str, bool | None]:
    """Whether the article, outcome and place of a matched proposal are right (None: not coded)."""
    right: dict[str, bool | None] = {}
    gold_articles = {t[:2] for t in charges.parse_text(g["charges_text"])[1]}
    right["article"] = None if not gold_articles else gold_articles == {
        t[:2] for t in charges.parse_text(p["charges_text"])[1]}
    gold_outcome = outcomes.parse_outcome(g["outcome_text"], g["event_type"])[:3]
    right["outcome"] = None if not gold_outcome[0] else repr(gold_outcome) == repr(
        outcomes.parse_outcome(p["outcome_text"], p["event_type"])[:3])
    gold_place = places.place_one(g["place_text"])
    right["place"] = None if gold_place.status != "ok" else gold_place.iso == places.place_one(
        p["place_text"]).iso
    return right


def leave_one_report_out(sheet: pd.DataFrame, texts: dict[str, str], periods: pd.DataFrame):
    """Score every report on knowledge learned from the others: (by report, by event type, fields)."""
    by_report, pooled, fields = [], [], []
    for rid in sorted(sheet["report_id"].unique()):
        knowledge = learn(sheet[sheet["report_id"] != rid], texts, periods)
        start, end = periods.loc[rid, "period_start"], periods.loc[rid, "period_end"]
        coded = sheet[sheet["report_id"] == rid]
        proposed = extract.propose(rid, texts[rid], start, end, knowledge)
        pairs = match(proposed, coded, start, end)
        by_report.append({"report": rid, **_prf(len(coded), len(proposed), len(pairs))})
        matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
        pooled.append(pd.DataFrame({"event_type": proposed["event_type"], "side": "proposed",
                                    "matched": proposed.index.isin(list(matched_p))}))
        pooled.append(pd.DataFrame({"event_type": coded["event_type"], "side": "coded",
                                    "matched": coded.index.isin(list(matched_g))}))
        fields += [_fields_right(proposed.loc[i], coded.loc[j]) for i, j in pairs]
    every = pd.concat(pooled)
    by_type = []
    for event_type, rows in every.groupby("event_type"):
        coded = rows[rows["side"] == "coded"]
        proposed = rows[rows["side"] == "proposed"]
        by_type.append({"event_type": event_type, **_prf(len(coded), len(proposed), int(coded["matched"].sum()))})
    total = every[every["side"] == "coded"]
    by_report.append({"report": "all reports", **_prf(len(total), int((every["side"] == "proposed").sum()),
                                                       int(total["matched"].sum()))})
    judged = pd.DataFrame(fields)
    field_table = pd.DataFrame([{"field": f, "judged": int(judged[f].notna().sum()),
                                 "right": int((judged[f] == True).sum())}
                                for f in judged.columns])
    field_table["share_right"] = (field_table["right"] / field_table["judged"]).round(3)
    return (pd.DataFrame(by_report), pd.DataFrame(by_type).sort_values("coded", ascending=False),
            field_table)


def markdown(table: pd.DataFrame) -> str:
    """A table as GitHub Markdown, numbers as they are."""
    head = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(table[c]) else "---"
                          for c in table.columns) + "|"
    body = ["| " + " | ".join(re.sub(r"\bnan\b", "–", str(v)) for v in row) + " |"
            for row in table.itertuples(index=False)]
    return "\n".join([head, rule, *body])

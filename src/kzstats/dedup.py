"""One event once: the tellings of the same event, in one report or in several, become one event.

Rule: two rows are one event when they concern the same person (person_id) — or, for events
against an organisation (`of_organisation` in data/reference/event_types.csv, no person
named), the same organisation by its
canonical affiliation — have the same event_type, their outcomes agree, and
- both are dated and their date intervals overlap (a list entry and the detailed account of the
  same verdict in one report, or two reports telling it); or
- one is undated, the pair is its person's only rows of that type in their reports, the dated
  one is not later than the undated row's report could tell, and their outcomes are the same
  (an undated 20-year term never joins a life term).
Outcomes agree when neither gives a different sentence kind or length than the other.
Tellings that may be one event but disagree — outcomes differ, or two reports date them up to
DOUBT_DAYS apart — are not merged but listed for a person to decide, with both quotes.
Unnamed groups, and event types that event_types.csv does not merge by rule (`other`), are
never merged by rule.
data/raw/event_overrides.csv holds a person's decisions: `same` confirms a merge or makes one,
`different` keeps two rows apart; a merge no decision confirms is listed for review.
"""

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kzstats import config
from kzstats.dates import PRECISIONS
from kzstats.groups import joined, smallest_linked
from kzstats.reference import event_types_where

PRECISION_RANK = {precision: rank for rank, precision in enumerate(PRECISIONS)}
# Two reports dating one person's events of one type this close may be telling one event.
DOUBT_DAYS = 183
PAIR = ["incident_id_a", "incident_id_b"]
DECISIONS = ("same", "different")


def _subject(rows: pd.DataFrame) -> pd.Series:
    """Whom a row is about, for pairing: its person, or 'org:' and the organisation for an event
    against an organisation; '' for unnamed groups (never paired)."""
    organisation = (rows["person_id"] == "") & rows["event_type"].isin(
        event_types_where("of_organisation")) & (
        rows["affiliation"] != "" if "affiliation" in rows else False)
    subject = rows["person_id"].astype(object).copy()
    if "affiliation" in rows:
        subject[organisation] = "org:" + rows.loc[organisation, "affiliation"].str.lower()
    return subject


def _outcome(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sentence kind ('' when not given) and length in months and days (NaN when not given)."""
    kind = rows["sentence_type"].replace("unknown", "") if "sentence_type" in rows else pd.Series(
        "", index=rows.index)
    months, days = (pd.to_numeric(rows[c], errors="coerce") if c in rows else
                    pd.Series(np.nan, index=rows.index) for c in ("sentence_months", "sentence_days"))
    return (kind.fillna("").astype(str).to_numpy(), months.to_numpy(dtype=float),
            days.to_numpy(dtype=float))


def _differ(x: np.ndarray, a: np.ndarray, b: np.ndarray, missing) -> np.ndarray:
    """Both given and unequal."""
    given = (x[a] != missing) & (x[b] != missing) if missing == "" else ~np.isnan(x[a]) & ~np.isnan(x[b])
    return given & (x[a] != x[b])


def _same(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Equal, or both not given."""
    if x.dtype.kind == "f":
        return (np.isnan(x[a]) & np.isnan(x[b])) | (x[a] == x[b])
    return x[a] == x[b]


def rule_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """Every pair of rows the rule speaks of: incident_id_a, incident_id_b, verdict ('same' or
    'doubt') and reason. Rows are paired only within one subject and event type (a blocked
    join), and compared as date ranks and numbers, so that the pairs stay cheap at scale."""
    ends = rows["period_end"].drop_duplicates()
    latest = dict(zip(ends, (pd.to_datetime(ends) + pd.Timedelta(days=config.REPORT_LAG_DAYS))
                      .dt.strftime("%Y-%m-%d")))
    subject = _subject(rows)
    chosen = ((subject != "") & rows["event_type"].isin(event_types_where("merged_by_rule"))).to_numpy()
    named = rows.loc[chosen].reset_index(drop=True)
    subject = subject[chosen].reset_index(drop=True)
    day = named[["event_date", "event_date_end"]].assign(latest=named["period_end"].map(latest))
    calendar = pd.Index(pd.unique(pd.concat([day[c] for c in day.columns]))).sort_values()
    start, end, last = (calendar.get_indexer(day[c]) for c in day.columns)
    first_day = pd.to_datetime(named["event_date"].replace("", None)).to_numpy(dtype="datetime64[D]")
    last_day = pd.to_datetime(named["event_date_end"].replace("", None)).to_numpy(dtype="datetime64[D]")
    report = pd.factorize(named["report_id"], sort=True)[0]
    undated = (named["event_date"] == "").to_numpy()
    kind, months, days = _outcome(named)
    keys = [named["report_id"], subject, named["event_type"]]
    in_report = named.groupby(keys)["incident_id"].transform("size").to_numpy()
    blocks = pd.DataFrame({"block": pd.DataFrame({"s": subject, "t": named["event_type"]})
                           .groupby(["s", "t"]).ngroup(), "a": np.arange(len(named))})
    pairs = blocks.merge(blocks.rename(columns={"a": "b"}), on="block")
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    keep = a < b
    a, b = a[keep], b[keep]
    one_report = report[a] == report[b]
    both_dated = ~undated[a] & ~undated[b]
    overlap = (start[a] <= end[b]) & (start[b] <= end[a])
    conflict = _differ(kind, a, b, "") | _differ(months, a, b, np.nan) | _differ(days, a, b, np.nan)
    identical = (kind[a] == kind[b]) & _same(months, a, b) & _same(days, a, b)
    # An undated telling can only be of an event its report was in time to tell, and only one
    # telling of each side may be in play: the only two of one report, or each alone in its own.
    in_time = (undated[a] | (start[a] <= last[b])) & (undated[b] | (start[b] <= last[a]))
    alone = np.where(one_report, in_report[a] == 2, (in_report[a] == 1) & (in_report[b] == 1))
    one_undated = (undated[a] ^ undated[b]) & in_time & alone
    gap = np.where(both_dated, np.maximum(first_day[b] - last_day[a], first_day[a] - last_day[b])
                   .astype("timedelta64[D]").astype(np.int64), 0)
    verdicts = {
        "same": (both_dated & overlap & ~conflict) | (one_undated & identical),
        "doubt": (both_dated & overlap & conflict) | (one_undated & ~identical)
                 | (both_dated & ~overlap & ~one_report & (gap <= DOUBT_DAYS) & ~conflict),
    }
    reasons = np.select(
        [both_dated & overlap & ~conflict & one_report, both_dated & overlap & ~conflict,
         one_undated & identical, both_dated & overlap & conflict, one_undated & ~identical],
        ["same subject and type, overlapping dates, outcomes agree: told twice in one report",
         "same subject and type, overlapping dates, outcomes agree: told by two reports",
         "an undated telling, the only one of its kind in its report, with the same outcome",
         "may be one event, but the outcomes differ",
         "may be one event (one telling undated), but the outcomes are not the same"],
        default="")
    reasons = np.where(verdicts["doubt"] & (reasons == ""), [
        f"may be one event: two reports date it {g} days apart" for g in gap], reasons)
    ids = named["incident_id"].to_numpy()
    out = []
    for verdict, mask in verdicts.items():
        first, second = ids[a[mask]], ids[b[mask]]
        out.append(pd.DataFrame({"incident_id_a": np.minimum(first, second),  # as decisions sort
                                 "incident_id_b": np.maximum(first, second),
                                 "verdict": verdict, "reason": reasons[mask]}))
    return pd.concat(out, ignore_index=True)


def _decisions(overrides: pd.DataFrame) -> pd.DataFrame:
    """The override table as (incident_id_a < incident_id_b, decision, note); a later row wins."""
    a, b = overrides["incident_id"].astype(str), overrides["same_as"].astype(str)
    note = overrides["note"].astype(str) if "note" in overrides else ""
    return pd.DataFrame({"incident_id_a": a.where(a < b, b), "incident_id_b": b.where(a < b, a),
                         "decision": overrides["decision"].astype(str), "note": note}).drop_duplicates(
        PAIR, keep="last")


def assign_events(rows: pd.DataFrame, overrides: pd.DataFrame
                  ) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """Give every row its event_id. Return it, the merges made (incident_id_a, incident_id_b,
    reason, confirmed) and the doubtful pairs left apart for a person to decide (incident_id_a,
    incident_id_b, reason)."""
    pairs = rule_pairs(rows).drop_duplicates(PAIR)
    decisions = _decisions(overrides)
    ruled = pairs.merge(decisions, on=PAIR, how="left")
    rule = ruled[(ruled["verdict"] == "same") & (ruled["decision"] != "different")]
    doubts = ruled[(ruled["verdict"] == "doubt") & ruled["decision"].isna()][[*PAIR, "reason"]]
    # A decision on rows no longer in the sheet (a report taken out) decides nothing.
    known = set(rows["incident_id"])
    same = decisions[(decisions["decision"] == "same") & decisions["incident_id_a"].isin(known)
                     & decisions["incident_id_b"].isin(known)]
    by_rule = rule[PAIR].assign(reason="rule: " + rule["reason"],
                                confirmed=rule["decision"] == "same")
    by_person = same[~same.set_index(PAIR).index.isin(rule.set_index(PAIR).index)]
    by_person = by_person[PAIR].assign(reason="decision: " + by_person["note"], confirmed=True)
    merged = pd.concat([by_rule, by_person], ignore_index=True)
    first = smallest_linked(merged["incident_id_a"], merged["incident_id_b"])
    # A row merged with none is an event of its own.
    linked = rows["incident_id"].map(first).astype(rows["incident_id"].dtype)
    event_id = "ev-" + linked.fillna(rows["incident_id"])
    return (event_id, merged.sort_values(PAIR, ignore_index=True),
            doubts.sort_values(PAIR, ignore_index=True))


def merge_events(rows: pd.DataFrame) -> pd.DataFrame:
    """Collapse rows to one per event_id, in event_id order: details from the most precisely
    dated row, and the reports and rows of every telling."""
    best, lists = best_rows(rows)
    return assemble(rows.items(), best, lists)


def best_rows(rows: pd.DataFrame) -> tuple[np.ndarray, dict[str, pd.Series]]:
    """Per event_id, in event_id order, the position of its most precisely dated row (the
    narrowest span: "May 2021" before "in 2020–21", though both are ranges or months); and per
    event_id its source_report_ids, n_sources and incident_ids."""
    span = (pd.to_datetime(rows["event_date_end"].replace("", None))
            - pd.to_datetime(rows["event_date"].replace("", None))).dt.days
    ranked = pd.DataFrame({"event_id": rows["event_id"],
                           "span": span.fillna(float("inf")).to_numpy(),
                           "rank": rows["date_precision"].map(PRECISION_RANK),
                           "no_sentence": rows["sentence_type"].isin(["", "unknown"]),
                           "incident_id": rows["incident_id"]})
    # Only the keys are sorted; the chosen rows are then taken, a column at a time.
    ranked = ranked.sort_values(["event_id", "span", "rank", "no_sentence", "incident_id"])
    best = rows.index.get_indexer(ranked.drop_duplicates("event_id").index)
    lists = {"source_report_ids": _joined(rows, "report_id"),
             "n_sources": rows.groupby("event_id")["report_id"].nunique(),
             "incident_ids": _joined(rows, "incident_id")}
    return best, lists


def assemble(columns: Iterable[tuple[str, pd.Series]], best: np.ndarray,
             lists: dict[str, pd.Series]) -> pd.DataFrame:
    """The events: each (name, column) of the rows taken at the best positions, one column at a
    time (so a caller can hand its columns over one by one), then the lists per event_id."""
    events = pd.DataFrame(index=pd.RangeIndex(len(best)))
    for name, column in columns:
        events[name] = column.take(best).reset_index(drop=True)
    events = events.set_index("event_id")
    for column, values in lists.items():
        events[column] = values
    return events.reset_index()


def _joined(rows: pd.DataFrame, column: str) -> pd.Series:
    """Per event_id, the distinct values of column, sorted and ';'-joined.

    The values are sorted once, as the codes of their distinct values; the (event, value) pairs
    are then numbers, deduplicated by one numeric sort rather than sorted as a million strings.
    """
    event, events = pd.factorize(rows["event_id"])
    value, values = pd.factorize(rows[column], sort=True)
    pairs = np.sort(event.astype(np.int64) * len(values) + value)  # by event, then by value
    pairs = pairs[np.diff(pairs, prepend=-1) != 0]
    event_of, value_of = np.divmod(pairs, len(values))
    return joined(pd.Series(events.take(event_of)), pd.Series(values.take(value_of)))

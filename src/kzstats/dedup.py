"""The same event told by several reports becomes one event listing every report.

Rule: rows of two different reports are one event when they concern the same person
(person_id), have the same event_type, and their date intervals overlap. An undated row joins
a dated one only when each is its person's only row of that type in its report and the dated
event is not later than the undated row's report could tell (its period end plus two months).
Unnamed groups, and event types that data/reference/event_types.csv does not merge by rule
(`other`), are never merged by rule.
data/raw/event_overrides.csv corrects the rule where it is wrong.
"""

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kzstats import config
from kzstats.dates import PRECISIONS
from kzstats.groups import joined, smallest_linked
from kzstats.reference import event_types_where

PRECISION_RANK = {precision: rank for rank, precision in enumerate(PRECISIONS)}


def _candidate_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """Pairs of rows from different reports with the same person and event type (blocked join).

    The join pairs row positions only; dates and reports are compared as their ranks (ISO dates
    sort as text), so the pairs, many at scale, cost a few integers each.
    """
    ends = rows["period_end"].drop_duplicates()
    latest = dict(zip(ends, (pd.to_datetime(ends) + pd.Timedelta(days=config.REPORT_LAG_DAYS))
                      .dt.strftime("%Y-%m-%d")))
    used = ["incident_id", "report_id", "person_id", "event_type", "event_date", "event_date_end",
            "period_end"]  # only these: the rows are wide, and most of them are named
    named = rows.loc[(rows["person_id"] != "") & rows["event_type"].isin(event_types_where("merged_by_rule")), used]
    named = named.reset_index(drop=True)
    day = named[["event_date", "event_date_end"]].assign(latest=named["period_end"].map(latest))
    calendar = pd.Index(pd.unique(pd.concat([day[c] for c in day.columns]))).sort_values()
    start, end, last = (calendar.get_indexer(day[c]) for c in day.columns)
    report = pd.factorize(named["report_id"], sort=True)[0]
    undated = (named["event_date"] == "").to_numpy()
    sole = (named.groupby(["report_id", "person_id", "event_type"])["incident_id"]
            .transform("size") == 1).to_numpy()
    blocks = pd.DataFrame({"block": named.groupby(["person_id", "event_type"]).ngroup(),
                           "a": np.arange(len(named))})
    pairs = blocks.merge(blocks.rename(columns={"a": "b"}), on="block")
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    a, b = a[report[a] < report[b]], b[report[a] < report[b]]
    both_dated = ~undated[a] & ~undated[b]
    overlap = (start[a] <= end[b]) & (start[b] <= end[a])
    # An undated telling can only be of an event its report was in time to tell.
    in_time = (undated[a] | (start[a] <= last[b])) & (undated[b] | (start[b] <= last[a]))
    one_undated = ~both_dated & in_time & sole[a] & sole[b]
    chosen = (both_dated & overlap) | one_undated
    ids = named["incident_id"]
    return pd.DataFrame({"incident_id_a": ids.iloc[a[chosen]].reset_index(drop=True),
                         "incident_id_b": ids.iloc[b[chosen]].reset_index(drop=True)})


def _decisions(overrides: pd.DataFrame) -> pd.DataFrame:
    """The override table as (incident_id_a < incident_id_b, decision); a later row wins."""
    a, b = overrides["incident_id"].astype(str), overrides["same_as"].astype(str)
    return pd.DataFrame({"incident_id_a": a.where(a < b, b), "incident_id_b": b.where(a < b, a),
                         "decision": overrides["decision"].astype(str)}).drop_duplicates(
        ["incident_id_a", "incident_id_b"], keep="last")


def assign_events(rows: pd.DataFrame, overrides: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Give every row its event_id; return it and the table of merges made (rule or override)."""
    pair = ["incident_id_a", "incident_id_b"]
    rule = _candidate_pairs(rows).drop_duplicates()
    decisions = _decisions(overrides)
    # A rule pair is looked up in either order; an override is kept in the order it sorts.
    a, b = rule["incident_id_a"], rule["incident_id_b"]
    ordered = rule.assign(first=a.where(a < b, b), second=b.where(a < b, a))
    ruled = ordered.merge(decisions.set_axis(["first", "second", "decision"], axis=1),
                          on=["first", "second"], how="left")
    rule = ruled.loc[ruled["decision"] != "different", pair]
    same = decisions.loc[decisions["decision"] == "same", pair]
    unknown = set(same.stack()) - set(rows["incident_id"]) if len(same) else set()
    assert not unknown, f"event_overrides.csv merges incident_ids not in the sheet: {sorted(unknown)}"
    merged = pd.concat([rule, same], ignore_index=True).drop_duplicates()
    first = smallest_linked(merged["incident_id_a"], merged["incident_id_b"])
    # A row merged with none is an event of its own.
    linked = rows["incident_id"].map(first).astype(rows["incident_id"].dtype)
    event_id = "ev-" + linked.fillna(rows["incident_id"])
    log = merged.sort_values(pair, ignore_index=True)
    overridden = log.merge(decisions, on=pair, how="left")["decision"].notna()
    log["reason"] = np.where(overridden, "override", "rule")
    return event_id, log


def merge_events(rows: pd.DataFrame) -> pd.DataFrame:
    """Collapse rows to one per event_id, in event_id order: details from the most precisely
    dated row, and the reports and rows of every telling."""
    best, lists = best_rows(rows)
    return assemble(rows.items(), best, lists)


def best_rows(rows: pd.DataFrame) -> tuple[np.ndarray, dict[str, pd.Series]]:
    """Per event_id, in event_id order, the position of its most precisely dated row; and per
    event_id its source_report_ids, n_sources and incident_ids."""
    ranked = pd.DataFrame({"event_id": rows["event_id"],
                           "rank": rows["date_precision"].map(PRECISION_RANK),
                           "no_sentence": rows["sentence_type"].isin(["", "unknown"]),
                           "incident_id": rows["incident_id"]})
    # Only the keys are sorted; the chosen rows are then taken, a column at a time.
    ranked = ranked.sort_values(["event_id", "rank", "no_sentence", "incident_id"])
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

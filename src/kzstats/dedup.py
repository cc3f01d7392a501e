"""The same event told by several reports becomes one event listing every report.

Rule: rows of two different reports are one event when they concern the same person
(person_id), have the same event_type, and their date intervals overlap. An undated row joins
a dated one only when each is its person's only row of that type in its report and the dated
event is not later than the undated row's report could tell (its period end plus two months).
Unnamed groups and events of type `other` are never merged by rule.
data/raw/event_overrides.csv corrects the rule where it is wrong.
"""

import pandas as pd

from kzstats.groups import UnionFind
from kzstats.schemas import REPORT_LAG_DAYS

NEVER_MERGED_BY_RULE = ("other",)
PRECISION_RANK = {"day": 0, "range": 1, "month": 2, "season": 3, "year": 4, "unknown": 5}


def _candidate_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """Pairs of rows from different reports with the same person and event type (blocked join)."""
    latest = (pd.to_datetime(rows["period_end"]) + pd.Timedelta(days=REPORT_LAG_DAYS)).dt.strftime("%Y-%m-%d")
    named = rows.assign(latest=latest).loc[
        (rows["person_id"] != "") & ~rows["event_type"].isin(NEVER_MERGED_BY_RULE),
        ["incident_id", "report_id", "person_id", "event_type", "event_date", "event_date_end", "latest"]]
    pairs = named.merge(named, on=["person_id", "event_type"], suffixes=("_a", "_b"))
    pairs = pairs[(pairs["report_id_a"] < pairs["report_id_b"])]
    both_dated = (pairs["event_date_a"] != "") & (pairs["event_date_b"] != "")
    overlap = (pairs["event_date_a"] <= pairs["event_date_end_b"]) & (
        pairs["event_date_b"] <= pairs["event_date_end_a"])
    sole = named.groupby(["report_id", "person_id", "event_type"])["incident_id"].transform("size") == 1
    sole_ids = set(named.loc[sole, "incident_id"])
    # An undated telling can only be of an event its report was in time to tell.
    in_time = ((pairs["event_date_a"] == "") | (pairs["event_date_a"] <= pairs["latest_b"])) & (
        (pairs["event_date_b"] == "") | (pairs["event_date_b"] <= pairs["latest_a"]))
    one_undated = (~both_dated & in_time & pairs["incident_id_a"].isin(sole_ids)
                   & pairs["incident_id_b"].isin(sole_ids))
    return pairs.loc[(both_dated & overlap) | one_undated, ["incident_id_a", "incident_id_b"]]


def _components(ids: pd.Series, pairs: list[tuple[str, str]]) -> pd.Series:
    """Map every incident_id to the lowest incident_id of its event."""
    groups = UnionFind(ids)
    for a, b in pairs:
        groups.union(a, b)
    return pd.Series({i: groups.find(i) for i in ids}, name="first_incident")


def assign_events(rows: pd.DataFrame, overrides: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Give every row its event_id; return it and the table of merges made (rule or override)."""
    pairs = _candidate_pairs(rows)
    rule = set(zip(pairs["incident_id_a"], pairs["incident_id_b"]))
    decisions = {frozenset((o.incident_id, o.same_as)): o.decision for o in overrides.itertuples()}
    merged = [(a, b) for a, b in rule if decisions.get(frozenset((a, b))) != "different"]
    merged += [tuple(sorted(k)) for k, d in decisions.items() if d == "same"]
    first = _components(rows["incident_id"], merged)
    event_id = "ev-" + rows["incident_id"].map(first)
    log = pd.DataFrame(
        [(a, b, "override" if frozenset((a, b)) in decisions else "rule") for a, b in sorted(set(merged))],
        columns=["incident_id_a", "incident_id_b", "reason"],
    )
    return event_id, log


def merge_events(rows: pd.DataFrame) -> pd.DataFrame:
    """Collapse rows to one per event_id: details from the most precisely dated row."""
    ranked = rows.assign(_rank=rows["date_precision"].map(PRECISION_RANK),
                         _has_sentence=rows["sentence_type"].isin(["", "unknown"]))
    ranked = ranked.sort_values(["event_id", "_rank", "_has_sentence", "incident_id"])
    best = ranked.drop_duplicates("event_id").set_index("event_id")
    best["source_report_ids"] = _joined(rows, "report_id")
    best["n_sources"] = rows.groupby("event_id")["report_id"].nunique()
    best["incident_ids"] = _joined(rows, "incident_id")
    return best.drop(columns=["_rank", "_has_sentence"]).reset_index()


def _joined(rows: pd.DataFrame, column: str) -> pd.Series:
    """Per event_id, the distinct values of column, sorted and ';'-joined.

    Most events are told once, so only events of several rows are joined group by group.
    """
    values = rows[["event_id", column]].drop_duplicates().sort_values(["event_id", column])
    several = values["event_id"].duplicated(keep=False)
    joined = values[several].groupby("event_id", sort=False)[column].agg(";".join)
    return pd.concat([values[~several].set_index("event_id")[column], joined])

"""Counting events over time, honest about coverage: a period no report covers is NA, not 0.

The rules every chart, table and the changelog's headline figures follow. Every table counts
events (one per merged event, so an event told by two reports counts once) and people (the sum
of group sizes: "more than 200" detained counts 200 people and 1 event). An event is placed in
a period only when its whole date interval lies inside it; events dated only to a wider span (a
season, a year) or not at all are counted by placement() (`undated`, `imprecise`), so a chart
can say how many it cannot place. trends.py builds the analysis tables on these.
"""

from typing import NamedTuple

import numpy as np
import pandas as pd

from kzstats.groups import joined
from kzstats.reference import LEGAL_CODE_PREFIX, article_catalogue, event_types_where

# Which event types count as detentions and as sentence cases: yes/no columns of
# data/reference/event_types.csv, which every `event_types` argument below also accepts.
DETENTIONS, SENTENCES = "counts_as_detention", "counts_as_sentence"
# Only reports that set out to record what happened in their period make a zero meaningful; a
# retrospective list (odf-2021-09) tells events of many months but does not cover them, so a
# period it alone spans stays "no data" (its events are still counted, with covered False).
COVERING_KINDS = ("monitoring", "thematic")
EXTREMISM = "extremism"
NO_ARTICLE = "article not reported"
OTHER_ARTICLES = "other articles"


def chosen_types(event_types) -> tuple[str, ...] | None:
    """Event types as given (a list), None for every type, or those a yes/no column of
    data/reference/event_types.csv names (DETENTIONS, SENTENCES)."""
    return event_types_where(event_types) if isinstance(event_types, str) else event_types


def detention_kinds() -> tuple[str, ...]:
    """The event types counted as detentions, in the codebook's order."""
    return event_types_where(DETENTIONS)


def _spans(reports: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each report's first and last day (datetime64[D]); a period ending before it starts has none."""
    start = pd.to_datetime(reports["period_start"]).to_numpy(dtype="datetime64[D]")
    end = pd.to_datetime(reports["period_end"]).to_numpy(dtype="datetime64[D]")
    return start, end


def _in_periods(start: np.ndarray, end: np.ndarray, freq: str) -> pd.DataFrame:
    """One row per span per period it touches: span (its position), period, and days (of the
    span inside the period). Spans and periods, never days: thousands of reports stay cheap."""
    first = pd.PeriodIndex(start, freq=freq).asi8
    last = pd.PeriodIndex(end, freq=freq).asi8
    count = np.where(end >= start, last - first + 1, 0)
    span = np.repeat(np.arange(len(start)), count)
    ordinal = first[span] + np.arange(len(span)) - np.repeat(np.cumsum(count) - count, count)
    period = pd.PeriodIndex.from_ordinals(ordinal, freq=freq)
    opens = np.maximum(start[span], period.start_time.to_numpy(dtype="datetime64[D]"))
    closes = np.minimum(end[span], period.end_time.to_numpy(dtype="datetime64[D]"))
    return pd.DataFrame({"span": span, "period": period,
                         "days": (closes - opens).astype(np.int64) + 1})


def _union(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The spans merged where they overlap or touch, so that no day is counted twice."""
    kept = end >= start
    order = np.argsort(start[kept], kind="stable")
    start, end = start[kept][order], end[kept][order]
    reach = np.maximum.accumulate(end) if len(end) else end
    opens = np.ones(len(start), dtype=bool)
    opens[1:] = start[1:] > reach[:-1] + np.timedelta64(1, "D")
    return start[opens], np.maximum.reduceat(end, np.flatnonzero(opens)) if len(end) else end


def coverage(reports: pd.DataFrame, freq: str = "M", kinds=COVERING_KINDS) -> pd.DataFrame:
    """One row per period any chosen report touches: n_reports, report_ids (';'-joined),
    share_covered, the share of the period's days inside some report's period, and
    months_covered, its months with at least one such day (the months whose counts are drawn
    solid). kinds=None: all."""
    chosen = reports if kinds is None else reports[reports["coverage"].isin(kinds)]
    start, end = _spans(chosen)
    told = _in_periods(start, end, freq)
    told["report_id"] = chosen["report_id"].to_numpy()[told["span"].to_numpy()]
    told = told[["period", "report_id"]].drop_duplicates().sort_values(["period", "report_id"])
    covered = _in_periods(*_union(start, end), freq).groupby("period")["days"].sum()
    table = pd.DataFrame({"period": covered.index}).reset_index(drop=True)
    table["n_reports"] = table["period"].map(told.groupby("period").size())
    table["report_ids"] = table["period"].map(joined(told["period"], told["report_id"]))
    table["share_covered"] = table["period"].map(covered) / (
        (table["period"].dt.end_time.dt.normalize() - table["period"].dt.start_time).dt.days + 1)
    months = _in_periods(*_union(start, end), "M")["period"].drop_duplicates()
    touched = pd.Series(1, index=months.dt.asfreq(freq, how="start") if freq != "M" else months)
    table["months_covered"] = table["period"].map(touched.groupby(level=0).sum()).fillna(0).astype(int)
    return table


def report_months(reports: pd.DataFrame) -> pd.DataFrame:
    """Which months each report covers, and how: report_id, coverage, month, share_covered."""
    months = _in_periods(*_spans(reports), "M")
    table = reports[["report_id", "coverage"]].iloc[months["span"].to_numpy()].reset_index(drop=True)
    table["month"] = months["period"].to_numpy()
    table["share_covered"] = (months["days"] / months["period"].dt.days_in_month).to_numpy()
    return table


def period_of(events: pd.DataFrame, freq: str) -> pd.Series:
    """The period each event lies in; NaT when undated or dated more widely than one period."""
    start = pd.to_datetime(events["event_date"].replace("", None)).dt.to_period(freq)
    end = pd.to_datetime(events["event_date_end"].replace("", None)).dt.to_period(freq)
    return start.where(start == end)


class Placement(NamedTuple):
    """How many of the chosen events a table of periods can place: total (distinct events),
    undated (no date at all) and imprecise (dated, but not within one period)."""
    total: int
    undated: int
    imprecise: int

    @property
    def unplaced(self) -> int:
        return self.undated + self.imprecise


def placement(events: pd.DataFrame, freq: str = "M", event_types=None) -> Placement:
    """Of the chosen events (one per event_id), how many have no date or none within one period."""
    event_types = chosen_types(event_types)
    chosen = events if event_types is None else events[events["event_type"].isin(event_types)]
    chosen = chosen.drop_duplicates("event_id")
    undated = int(pd.to_datetime(chosen["event_date"].replace("", None)).isna().sum())
    return Placement(total=len(chosen), undated=undated,
                     imprecise=int(period_of(chosen, freq).isna().sum()) - undated)


def tally(events: pd.DataFrame, reports: pd.DataFrame, by: str | None = None, freq: str = "M",
          event_types=None, categories=None) -> pd.DataFrame:
    """Events and people per period (and per value of column `by`), NA where nothing covers.

    Columns: period, [by], events, people, distinct_people, covered, share_covered,
    months_covered. Two
    counting units: `people` counts person-events (a person detained twice in a month counts
    twice; a group counts its size), `distinct_people` counts each named person once per period
    and category (a group still by its size: its members cannot be told apart). Every period from the
    earliest to the latest report period or counted event appears, for every category (the
    values of `by` found, or `categories`). A covered period with nothing reported is 0; an
    uncovered one is NA unless a report (say a retrospective list) tells events in it.
    placement() says how many of the chosen events no period can hold.
    """
    event_types = chosen_types(event_types)
    chosen = events if event_types is None else events[events["event_type"].isin(event_types)]
    chosen = chosen.assign(period=period_of(chosen, freq))
    keys = ["period"] + ([by] if by else [])
    placed = chosen.dropna(subset=["period"])
    # One row per event and category, so an event charged under two articles counts once in each.
    distinct = placed.drop_duplicates(subset=["event_id", *keys])
    counted = distinct.groupby(keys).agg(events=("event_id", "size"), people=("group_size", "sum"))
    # Distinct people: a named person once however many events; an unnamed group by its size.
    person = distinct["person_id"] if "person_id" in distinct else pd.Series("", index=distinct.index)
    named = distinct[person != ""].assign(person_id=person).drop_duplicates([*keys, "person_id"])
    counted["distinct_people"] = (
        named.groupby(keys).size().reindex(counted.index, fill_value=0)
        + distinct[person == ""].groupby(keys)["group_size"].sum()
        .reindex(counted.index, fill_value=0))
    told = coverage(reports, freq, kinds=None)["period"]
    periods = pd.concat([told, placed["period"]], ignore_index=True)
    span = pd.period_range(periods.min(), periods.max(), freq=freq) if len(periods) else []
    if by:
        found = sorted(chosen[by].dropna().unique())
        values = list(categories) if categories is not None else found
        grid = pd.MultiIndex.from_product([span, values], names=keys)
    else:
        grid = pd.Index(span, name="period")
    table = counted.reindex(grid).reset_index()
    covered = coverage(reports, freq).set_index("period")
    table["share_covered"] = table["period"].map(covered["share_covered"]).fillna(0.0)
    table["months_covered"] = table["period"].map(covered["months_covered"]).fillna(0).astype(int)
    table["covered"] = table["share_covered"] > 0
    for column in ("events", "people", "distinct_people"):
        # Covered and nothing reported: a true zero. Not covered: unknown, whatever we found.
        table[column] = table[column].astype("Int64")
        table.loc[table["covered"] & table[column].isna(), column] = 0
    return table


def article_label(legal_code: pd.Series, article: pd.Series) -> pd.Series:
    """'405 Banned extremist organisation'; administrative articles prefixed 'CAO'."""
    catalogue = article_catalogue().set_index(["legal_code", "article"])["short_title"]
    short = pd.Series(pd.MultiIndex.from_arrays([legal_code, article]).map(catalogue),
                      index=legal_code.index).fillna("")
    prefix = legal_code.map(LEGAL_CODE_PREFIX)
    return (prefix.fillna("") + article + " " + short).str.strip()


def with_articles(events: pd.DataFrame, event_articles: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """One row per event per article charged (article, article_label, category); an event with
    no article has one row labelled NO_ARTICLE. With `top`, labels beyond the `top` most
    frequent (by events) become OTHER_ARTICLES."""
    charged = event_articles.drop_duplicates(["event_id", "legal_code", "article"]).assign(
        article_label=lambda t: article_label(t["legal_code"], t["article"]))
    table = events.merge(charged[["event_id", "legal_code", "article", "article_label", "category"]],
                         on="event_id", how="left", suffixes=("_event", ""))
    table["article_label"] = table["article_label"].fillna(NO_ARTICLE)
    table["category"] = table["category"].fillna("")
    if top is not None:
        ranked = (table[table["article_label"] != NO_ARTICLE].groupby("article_label")["event_id"]
                  .nunique().sort_values(ascending=False, kind="stable"))
        keep = set(ranked.index[:top]) | {NO_ARTICLE}
        table.loc[~table["article_label"].isin(keep), "article_label"] = OTHER_ARTICLES
    return table


def sentences_by_article(events: pd.DataFrame, event_articles: pd.DataFrame, reports: pd.DataFrame,
                         freq: str = "Y", top: int | None = 8) -> pd.DataFrame:
    """Sentences (cases) per period and article: tally() with by='article_label'."""
    sentences = with_articles(events[events["event_type"].isin(chosen_types(SENTENCES))],
                              event_articles, top)
    order = (sentences.groupby("article_label")["event_id"].nunique()
             .sort_values(ascending=False, kind="stable").index)
    last = [x for x in (OTHER_ARTICLES, NO_ARTICLE) if x in order]
    categories = [x for x in order if x not in last] + last
    return tally(sentences, reports, by="article_label", freq=freq, categories=categories)

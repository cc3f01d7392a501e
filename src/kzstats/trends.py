"""The analysis layer's counts from data/clean: the notebooks and the briefing figures use these.

The counting rules are counting.py's, shared with the changelog (changes.py) and re-exported
here: events count once per merged event, people add up group sizes, a period no report covers
is NA, not 0, and an event is placed in a period only when its whole date interval lies inside it.
"""

import itertools

import pandas as pd

from kzstats import custody
from kzstats.counting import (
    COVERING_KINDS,
    DETENTIONS,
    EXTREMISM,
    NO_ARTICLE,
    OTHER_ARTICLES,
    SENTENCES,
    article_label,
    chosen_types,
    coverage,
    detention_kinds,
    period_of,
    report_months,
    sentences_by_article,
    tally,
    with_articles,
)
from kzstats.reference import event_type_table
from kzstats.regions import NOT_PLACED, current_regions, region_names

__all__ = [  # the counting API of the notebooks, with counting's share of it
    "COVERING_KINDS",
    "DETENTIONS",
    "EXTREMISM",
    "NO_ARTICLE",
    "OTHER_ARTICLES",
    "SENTENCES",
    "article_label",
    "by_region",
    "chosen_types",
    "counts_over_time",
    "coverage",
    "custody_stock",
    "data_quality",
    "detention_kinds",
    "extremism_share",
    "monitored",
    "period_of",
    "report_months",
    "sentence_lengths",
    "sentences_by_article",
    "severity",
    "source_spans",
    "tally",
    "with_articles",
    "with_families",
    "with_floors",
    "with_regions",
]


def counts_over_time(events: pd.DataFrame, reports: pd.DataFrame, event_types=DETENTIONS,
                     freq: str = "M") -> pd.DataFrame:
    """Detentions (by default) per period and kind: events, people, covered, share_covered."""
    event_types = chosen_types(event_types)
    return tally(events, reports, by="event_type", freq=freq, event_types=event_types,
                 categories=event_types)


def with_families(events: pd.DataFrame) -> pd.DataFrame:
    """Events with `family`, the group of their event type (data/reference/event_types.csv)."""
    families = event_type_table().set_index("event_type")["family"].str.replace("_", " ")
    return events.assign(family=events["event_type"].map(families))


def with_regions(events: pd.DataFrame) -> pd.DataFrame:
    """Events with region_name: today's unit, or 'not placed'."""
    return events.assign(region_name=region_names(events["region_iso"].replace("", None)))


def by_region(events: pd.DataFrame, reports: pd.DataFrame, freq: str = "Y",
              event_types=SENTENCES) -> pd.DataFrame:
    """Events per period for each of today's 20 units and 'not placed': tally() by region_name."""
    units = [*current_regions().sort_values("region")["region"], NOT_PLACED]
    return tally(with_regions(events), reports, by="region_name", freq=freq, event_types=event_types,
                 categories=units)


LENGTH_MEASURES = {  # sentence_type -> (column, unit)
    "imprisonment": ("sentence_months", "months"),
    "restriction_of_liberty": ("sentence_months", "months"),
    "administrative_arrest": ("sentence_days", "days"),
}


def sentence_lengths(events: pd.DataFrame, event_articles: pd.DataFrame, top: int | None = 8) -> pd.DataFrame:
    """One row per case (and article) with a length: year, sentence_type, unit, length.

    Imprisonment and restriction of liberty in months, administrative arrest in days; suspended
    sentences, fines and cases whose terms are not reported have no length and are left out.
    """
    rows = []
    for sentence_type, (column, unit) in LENGTH_MEASURES.items():
        chosen = events[(events["sentence_type"] == sentence_type) & events[column].notna()
                        & ~events["suspended"]]
        rows.append(chosen.assign(unit=unit, length=chosen[column]))
    table = with_articles(pd.concat(rows, ignore_index=True), event_articles, top)
    table["year"] = pd.to_datetime(table["event_date"]).dt.year.astype("Int64")
    return table[["event_id", "person_name", "event_date", "year", "region_iso", "sentence_type",
                  "unit", "length", "article_label", "category", "source_report_ids"]]


def severity(lengths: pd.DataFrame, by=("sentence_type", "article_label")) -> pd.DataFrame:
    """n, median, min and max length per group of sentence_lengths() (one case counts once)."""
    keys = list(dict.fromkeys([*by, "unit"]))
    distinct = lengths.drop_duplicates(["event_id", *keys])
    return (distinct.groupby(keys, dropna=False)["length"]
            .agg(cases="size", median="median", shortest="min", longest="max").reset_index())


def extremism_share(events: pd.DataFrame, event_articles: pd.DataFrame, freq: str = "Y",
                    event_types=SENTENCES) -> pd.DataFrame:
    """Per period: cases with a known article, those under an extremism article, their share,
    and cases whose article is not reported (left out of the share)."""
    chosen = with_articles(events[events["event_type"].isin(chosen_types(event_types))],
                           event_articles)
    chosen["period"] = period_of(chosen, freq)
    chosen = chosen.dropna(subset=["period"])
    chosen["known"] = chosen["article_label"] != NO_ARTICLE
    chosen["extremism"] = chosen["category"] == EXTREMISM
    per_case = chosen.groupby(["period", "event_id"])[["known", "extremism"]].any().reset_index()
    table = per_case.groupby("period").agg(
        cases=("known", "sum"), extremism_cases=("extremism", "sum"),
        no_article=("known", lambda s: int((~s).sum()))).reset_index()
    table["share"] = (table["extremism_cases"] / table["cases"].where(table["cases"] > 0)).astype(float)
    return table


def data_quality(events: pd.DataFrame) -> pd.DataFrame:
    """How much of the clean data is dated, placed and charged, as counts and shares of events."""
    days = (pd.to_datetime(events["event_date_end"].replace("", None))
            - pd.to_datetime(events["event_date"].replace("", None))).dt.days
    within_month = days.lt(31) & events["date_precision"].ne("day")
    checks = {
        "dated to the day": events["date_precision"].eq("day"),
        "dated within a month (a month, or a range of days)": within_month,
        "dated only more widely (a season, a year, a range of months)": days.ge(31),
        "no date in the report": events["date_precision"].eq("unknown"),
        "placed in a region": events["region_iso"].ne(""),
        "place given but not placed": events["place_status"].isin(["unplaced", "ambiguous"]),
        "no place in the report": events["place_status"].eq("empty"),
        "told by two or more reports": events["n_sources"].ge(2),
        "unnamed group": events["person_id"].eq(""),
    }
    table = pd.DataFrame({"measure": list(checks), "events": [int(m.sum()) for m in checks.values()]})
    table["share"] = table["events"] / len(events)
    return table


def custody_stock(spells: pd.DataFrame, reports: pd.DataFrame, start, end,
                  kinds=None) -> pd.DataFrame:
    """People the custody register shows as held on the first day of each month, per kind.

    Columns: date, custody, people, start_unknown (of them, held only on a status statement's
    word, start not told), covered (a monitoring or thematic report covers that day). Where no
    report covers the day, the count rests on terms and later statements alone: a floor.
    """
    table = custody.stock(spells, start, end, kinds)
    chosen = reports[reports["coverage"].isin(COVERING_KINDS)]
    first = pd.to_datetime(chosen["period_start"]).to_numpy(dtype="datetime64[D]")
    last = pd.to_datetime(chosen["period_end"]).to_numpy(dtype="datetime64[D]")
    days = table["date"].to_numpy(dtype="datetime64[D]")
    inside = (days[:, None] >= first[None, :]) & (days[:, None] <= last[None, :])
    table["covered"] = inside.any(axis=1) if len(first) else False
    return table


def monitored(events: pd.DataFrame, reports: pd.DataFrame) -> pd.Series:
    """True where an event lies in one month that a monitoring or thematic report covers (in
    part or whole): its count rests on monitoring. False: told only by a retrospective list, or
    dated in a month no such report covers, or not dated to one month, so it can only add to a
    floor."""
    month = period_of(events, "M")
    covered = coverage(reports, "M").query("share_covered > 0")["period"]
    return month.isin(set(covered)).fillna(False).astype(bool)


def with_floors(table: pd.DataFrame, rows: pd.DataFrame, reports: pd.DataFrame, by: str | None,
                freq: str, unit: str = "events") -> pd.DataFrame:
    """A tally() table with `monitored` (of its events, those monitored() says rest on
    monitoring) and `floor` (a count that rests in part on an uncovered month or a retrospective
    list, so the true number may be higher: drawn as an outline with '≥')."""
    keys = ["period"] + ([by] if by else [])
    chosen = rows[monitored(rows, reports)].assign(period=lambda t: period_of(t, freq)).dropna(subset=["period"])
    counted = chosen.drop_duplicates(["event_id", *keys]).groupby(keys)["event_id"].size().rename("monitored")
    out = table.merge(counted.reset_index(), on=keys, how="left")
    out["monitored"] = out["monitored"].fillna(0).astype("Int64")
    out["floor"] = (out[unit].fillna(0) > out["monitored"]).astype(bool) if unit == "events" else (
        out["events"].fillna(0) > out["monitored"]).astype(bool)
    return out


def source_spans(reports: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """start..end cut into runs of days by what tells them: 'monitoring' (a monitoring or
    thematic report covers the day), 'list' (only a retrospective list spans it) or 'none'.
    Columns: start, end (the day after the run), source; to the day, as fig01 draws reports."""
    first, after = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)
    spans = reports.assign(span_start=pd.to_datetime(reports["period_start"]),
                           span_end=pd.to_datetime(reports["period_end"]) + pd.Timedelta(days=1))
    cuts = sorted({first, after, *(d for d in pd.concat([spans["span_start"], spans["span_end"]])
                                   if first < d < after)})
    runs = []
    for day, following in itertools.pairwise(cuts):
        on = spans[(spans["span_start"] <= day) & (spans["span_end"] > day)]["coverage"]
        source = "monitoring" if on.isin(COVERING_KINDS).any() else "list" if len(on) else "none"
        if runs and runs[-1]["source"] == source:
            runs[-1]["end"] = following
        else:
            runs.append({"start": day, "end": following, "source": source})
    return pd.DataFrame(runs, columns=["start", "end", "source"])

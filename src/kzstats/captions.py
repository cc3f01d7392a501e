"""The words under and around a chart, shared by the briefing figures and the notebooks: the
period shown, the accounting line (what a chart shows and why the rest is not shown), and the
source line."""

import pandas as pd

from kzstats import config
from kzstats.reference import read_reference


def span(ds, start: str | None = None, end: str | None = None) -> tuple[str, str]:
    """The span to show: as given, else config's start and the end of the month in which the
    latest report's period ends (so next month's report shows without editing anything)."""
    latest = ds.reports["period_end"].max() + pd.offsets.MonthEnd(0)
    return start or config.FIGURE_START, end or latest.strftime("%Y-%m-%d")


def within(table: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """The rows of a table by period whose period touches start..end."""
    keep = (table["period"].dt.end_time >= pd.Timestamp(start)) & (
        table["period"].dt.start_time <= pd.Timestamp(end))
    return table[keep].reset_index(drop=True)


def dated_within(events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """The events whose whole date interval lies in start..end."""
    return events[(events["event_date"] >= pd.Timestamp(start)) & (events["event_date_end"] <= pd.Timestamp(end))]


def source_line(report_ids, reports: pd.DataFrame) -> str:
    """'Sources: <publisher> (<months>); ... Counted with kzstats.' for the reports drawn."""
    credits = read_reference("publishers").set_index("report_prefix")["credit"]
    table = reports[reports["report_id"].isin(set(report_ids))].sort_values("report_id")
    prefix = table["report_id"].str.split("-", n=1).str[0]
    table = table.assign(credit=prefix.map(credits).fillna(table["publishers"]),
                         month=table["report_id"].str.split("-", n=1).str[1])
    parts = [f"{credit} ({', '.join(group['month'])})"
             for credit, group in table.groupby("credit", sort=False)]
    return "Sources: " + "; ".join(parts) + ". Coded and counted with kzstats."


def sources(ds, events: pd.DataFrame) -> str:
    """The source line of the reports that tell the events drawn."""
    return source_line(events["source_report_ids"].str.split(";").explode(), ds.reports)


def accounting(events: pd.DataFrame, start: str, end: str, freq: str = "Y", placed: bool = False,
               also: dict[str, int] | None = None) -> dict[str, int]:
    """How many of a set of events a chart can show: total, undated (no date, or dated only more
    widely than one period), outside (dated outside start..end), not placed (no region, when the
    chart needs one), then `also` (other reasons a chart gives, in order), and shown."""
    from kzstats.counting import period_of

    events = events.drop_duplicates("event_id")
    period = period_of(events, freq)
    dated = period.notna()
    inside = dated & (period.dt.end_time >= pd.Timestamp(start)) & (period.dt.start_time <= pd.Timestamp(end))
    counts = {"total": len(events), "undated": int((~dated).sum()), "outside": int((dated & ~inside).sum())}
    if placed:
        counts["not placed"] = int((inside & events["region_iso"].fillna("").eq("")).sum())
    counts.update(also or {})
    counts["shown"] = counts["total"] - sum(v for k, v in counts.items() if k not in ("total", "shown"))
    return counts


def accounting_line(counts: dict[str, int], what: str = "events") -> str:
    """'Shown: 67 of 114 detention events; not shown: 40 undated, 7 outside the period.'"""
    words = {"undated": "undated or dated only more widely (a season, a year, a range)", "outside": "outside the period"}
    parts = [f"{n} {words.get(k, k)}" for k, n in counts.items() if k not in ("total", "shown")]
    return f"Shown: {counts['shown']} of {counts['total']} {what}; not shown: {', '.join(parts)}."

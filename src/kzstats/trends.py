"""Counts over time from data/clean, honest about coverage: a period no report covers is NA, not 0.

Events are counted in the month their interval starts in when the interval lies within one
month; events dated only to a wider span (a season, a year) or not at all are left out of the
monthly series and counted in `imprecise`, so a chart can say how many it cannot place.
"""

import pandas as pd

DETENTION_KINDS = ("detention", "administrative_arrest", "pretrial_detention", "house_arrest")
# Only reports that set out to record what happened in their period make a zero meaningful; a
# retrospective list (odf-2021-09) tells events of many months but does not cover them, so a
# month it alone spans stays "no data" (its events are still counted, with covered False).
COVERING_KINDS = ("monitoring", "thematic")


def coverage(reports: pd.DataFrame, freq: str = "M", kinds=COVERING_KINDS) -> pd.DataFrame:
    """One row per period: how many reports cover it and which (';'-joined); kinds=None: all."""
    rows = []
    chosen = reports if kinds is None else reports[reports["coverage"].isin(kinds)]
    for r in chosen.itertuples():
        periods = pd.period_range(r.period_start, r.period_end, freq=freq)
        rows += [(p, r.report_id) for p in periods]
    table = pd.DataFrame(rows, columns=["period", "report_id"])
    return (table.groupby("period")["report_id"]
            .agg(n_reports="size", report_ids=lambda s: ";".join(sorted(s))).reset_index())


def _period_of(events: pd.DataFrame, freq: str) -> pd.Series:
    start = pd.to_datetime(events["event_date"].replace("", None))
    end = pd.to_datetime(events["event_date_end"].replace("", None))
    same = start.dt.to_period(freq) == end.dt.to_period(freq)
    return start.dt.to_period(freq).where(same)


def counts_over_time(events: pd.DataFrame, reports: pd.DataFrame, event_types=DETENTION_KINDS,
                     freq: str = "M") -> pd.DataFrame:
    """Events and people per period and event_type; NA where no report covers the period."""
    chosen = events[events["event_type"].isin(event_types)].copy()
    chosen["period"] = _period_of(chosen, freq)
    placed = chosen.dropna(subset=["period"])
    counted = (placed.groupby(["period", "event_type"])
               .agg(events=("event_id", "size"), people=("group_size", "sum")).reset_index())
    covered = coverage(reports, freq)
    # The table spans every report's period (covered or not) and every event counted.
    told = coverage(reports, freq, kinds=None)
    periods = pd.concat([told["period"], counted["period"]], ignore_index=True)
    span = pd.period_range(periods.min(), periods.max(), freq=freq)
    grid = pd.MultiIndex.from_product([span, list(event_types)], names=["period", "event_type"])
    table = counted.set_index(["period", "event_type"]).reindex(grid).reset_index()
    table["covered"] = table["period"].isin(covered["period"])
    for column in ("events", "people"):
        # Covered and nothing reported: a true zero. Not covered: unknown, whatever we found.
        table[column] = table[column].astype("Int64")
        table.loc[table["covered"] & table[column].isna(), column] = 0
        table.loc[~table["covered"] & table[column].isna(), column] = pd.NA
    table.attrs["imprecise"] = int(len(chosen) - len(placed))
    return table

# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python (kzstats)
#     language: python
#     name: kzstats
# ---

# %% [markdown]
# # 01 — Overview: the reports, what they cover, and how good the data are
#
# Every number here is computed from `data/clean`, which `kzstats build` writes from the coding
# sheet. Each row of the sheet is one person in one event told by one report, with an exact quote;
# an event told by two reports is one event here.
#
# **What this cannot show:** events no report told. The reports cover a few months each; the
# 2021 list of political prisoners looks back over years but only at people still persecuted in
# 2021. Counts are counts of *reported* events, never of all events.

# %% tags=["parameters"]
START = "2017-01-01"  # first day shown in the charts
END = None  # last day shown; None: the end of the latest report's period

# %%
import pandas as pd

from kzstats import captions, charts, dataset, figures, trends

ds = dataset.load()
START, END = captions.span(ds, START, END)

# %% [markdown]
# ## The reports
# One row per report: what kind of coverage it gives, its period, and how many coded rows and
# clean events come from it. A *monitoring* or *thematic* report sets out to record what happened
# in its period, so a month it covers with nothing reported is a true zero. The *retrospective*
# list does not: its months stay "no data".

# %%
told_by = ds.events["source_report_ids"].str.split(";").explode().value_counts()
charts.table(ds.reports.assign(events=ds.reports["report_id"].map(told_by).fillna(0).astype(int))[
    ["report_id", "coverage", "period_start", "period_end", "n_incidents", "events", "title"]],
    names={"report_id": "report", "period_start": "from", "period_end": "to", "n_incidents": "coded rows"})

# %%
figures.coverage_figure(ds, START, END)

# %% [markdown]
# ## What was recorded
# Events by type, and people (an unnamed group counts its size). "told by 2+ reports" is how many
# events were merged from tellings in more than one report.

# %%
by_type = (ds.events.groupby("event_type")
           .agg(events=("event_id", "size"), people=("group_size", "sum"),
                told_by_2_or_more=("n_sources", lambda s: int((s > 1).sum())))
           .sort_values("events", ascending=False).reset_index())
charts.table(by_type.assign(event_type=by_type["event_type"].str.replace("_", " ")),
             names={"event_type": "kind of event", "told_by_2_or_more": "told by 2+ reports"})

# %% [markdown]
# ## Data quality
# How many events have a date to the day, within a month, only more widely, or none; how many
# are placed in a region. Imprecise and undated events are never spread over months: the charts
# leave them out and say how many.

# %%
charts.table(trends.data_quality(ds.events), percent=["share"])

# %% [markdown]
# What the build could not decide alone and left for a person to check
# (`data/clean/needs_review.csv`), and the merges it made:

# %%
charts.table(pd.DataFrame({"what": [
    "items to review", "name spellings merged into one person", "similar names kept apart",
    "tellings of one event merged"], "count": [
    len(ds.needs_review), int((ds.person_matches["decision"] == "merged").sum()),
    int((ds.person_matches["decision"] != "merged").sum()), len(ds.event_merges)]}))

# %%
charts.table(ds.needs_review.groupby("column").size().rename("items").reset_index(),
             names={"column": "column to check"})

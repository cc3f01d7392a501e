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
# # 02 — Detentions over time
#
# Detentions of the kinds `data/reference/event_types.csv` counts as detentions (police detention,
# administrative arrest, pre-trial detention and house arrest). Counted two ways: **events** (a merged event once, however many reports tell it)
# and **people** (a group detention counts its size: "more than 200" counts 200 people and 1 event).
#
# **What this cannot show:** months no monitoring or thematic report covers are grey, *no data*,
# not zero. Bars in such months (outlined, "≥") come from reports telling older events and are floors.
# The strip under each chart shows what tells each day, and each year's months monitored.
# Events dated only to a season, a year or a range of months, or not at all, cannot be put in a month; each chart says
# how many it leaves out.

# %% tags=["parameters"]
START = "2017-01-01"
END = None  # last day shown; None: the end of the latest report's period
FREQ = "M"  # "M" month, "Q" quarter, "Y" year
KINDS = None  # e.g. ["detention", "administrative_arrest"]; None: every kind counted as detention

# %%
from kzstats import captions, charts, dataset, trends
from kzstats.theme import finish

ds = dataset.load()
START, END = captions.span(ds, START, END)
KINDS = list(KINDS or trends.detention_kinds())
detentions = ds.events[ds.events["event_type"].isin(KINDS)]
table = trends.with_floors(trends.counts_over_time(ds.events, ds.reports, event_types=KINDS, freq=FREQ),
                           detentions, ds.reports, "event_type", FREQ)
shown = captions.within(table, START, END)
accounted = captions.accounting_line(captions.accounting(detentions, START, END, FREQ), "detention events")
spans = trends.source_spans(ds.reports, START, END)  # what tells each day: the strip under the charts
print(accounted)

# %% [markdown]
# ## Events per period
# Hover over a bar for the period, the kind, the count and how much of the period a report covers.

# %%
chart = charts.over_time(shown, "event_type", "events", FREQ, categories=KINDS, start=START, end=END, spans=spans)
finish(chart, "Reported detentions (events), by kind", accounted, captions.sources(ds, detentions),
       strip=charts.coverage_strip(spans, chart.width))

# %% [markdown]
# ## People per period
# One large group dominates the scale where a report gives a crowd's size; the table below the
# chart gives the exact numbers.

# %%
chart = charts.over_time(shown, "event_type", "people", FREQ, categories=KINDS, start=START, end=END, spans=spans)
finish(chart, "Reported people detained, by kind", accounted, captions.sources(ds, detentions),
       strip=charts.coverage_strip(spans, chart.width))

# %%
# People per period with any detention reported; a blank is a period no report covers.
people = shown.pivot(index="period", columns="event_type", values="people")[KINDS]
people = people[people.fillna(0).sum(axis=1) > 0]
charts.table(people.assign(monitored=people.index.map(
    shown.drop_duplicates("period").set_index("period")["covered"]).map({True: "yes", False: "no"})))

# %% [markdown]
# ## The largest group detentions, with their evidence
# Each row quotes its report, so a reader can check the number.

# %%
largest = detentions.nlargest(8, "group_size")
charts.table(largest.assign(event_date=largest["event_date"].dt.strftime("%d %b %Y"),
                            event_type=largest["event_type"].str.replace("_", " "))[
    ["event_date", "event_type", "group_size", "place", "source_report_ids", "quote"]],
    names={"event_date": "date", "event_type": "kind", "group_size": "people", "source_report_ids": "report"})

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
# # 04 — Regions
#
# Where reported events took place, by today's 20 units (17 regions and 3 cities). An event is
# counted in the unit that holds its place today, so Astana and Nur-Sultan are one series, and
# Shymkent before 2018 counts as Shymkent.
#
# **What this cannot show:** more than half of the events have no place in their report, or a
# place we could not put in a region ("not placed"); where persecution is reported depends on
# where monitors and journalists are. Years no report covers are *no data* (grey).

# %% tags=["parameters"]
START = "2017-01-01"
END = None  # last day shown; None: the end of the latest report's period
EVENT_TYPES = None  # e.g. ["sentence"] or ["detention", "administrative_arrest"]; None: every type
REGIONS = None  # e.g. ["Almaty", "Mangystau Region"]; None: all

# %%
from kzstats import captions, charts, dataset, figures, trends
from kzstats.regions import NOT_PLACED
from kzstats.theme import finish

ds = dataset.load()
START, END = captions.span(ds, START, END)
events = ds.events if EVENT_TYPES is None else ds.events[ds.events["event_type"].isin(EVENT_TYPES)]
table = trends.by_region(events, ds.reports, freq="Y", event_types=None)
if REGIONS is not None:
    table = table[table["region_name"].isin(REGIONS)]
shown = captions.within(table, START, END)
what = "events of every type" if EVENT_TYPES is None else ", ".join(EVENT_TYPES)

# %% [markdown]
# ## A map of the regions
# Tiles are arranged roughly as on a map; their size says nothing of area.

# %%
placed = trends.with_regions(captions.dated_within(events, START, END))
counts = placed[placed["region_iso"] != ""].groupby("region_iso").agg(events=("event_id", "size")).reset_index()
finish(charts.tile_map(counts), f"Where reported {what} took place",
       f"{int((placed['region_iso'] == '').sum())} of {len(placed)} dated events are not placed.",
       captions.sources(ds, placed))

# %% [markdown]
# ## Region by year

# %%
totals = shown.groupby("region_name")["events"].sum()
order = [r for r in totals[totals > 0].sort_values(ascending=False).index if r != NOT_PLACED] + [NOT_PLACED]
finish(charts.heatmap(shown[shown["region_name"].isin(order)], "region_name", "events", order, title_by="region"),
       f"Reported {what} by region and year",
       [captions.coverage_note(shown), captions.left_out(table, "events")], captions.sources(ds, events))

# %% [markdown]
# ## One region at a time
# Choose a region in the dropdown under the chart; the colours are the families of event types
# (`data/reference/event_types.csv`).

# %%
dated = trends.with_families(trends.with_regions(captions.dated_within(events, START, END)))
dated = dated.assign(year=dated["event_date"].dt.year.astype(str))
per = dated.groupby(["region_name", "year", "family"]).size().rename("events").reset_index()
finish(charts.yearly_bars_to_choose(per, "region_name", "Region", "events", colour="family"),
       "Reported events per year in one region", "Events, dated to a day, month or year within the period.",
       captions.sources(ds, dated))

# %% [markdown]
# ## Sentences by region
# The same table for sentences only (cases).

# %%
sentences = captions.within(trends.by_region(ds.events, ds.reports, freq="Y"), START, END)
# Empty cells (<NA>) are years no report covers: no data, not zero.
sentences.assign(year=sentences["period"].astype(str)).pivot(
    index="region_name", columns="year", values="events")

# %% [markdown]
# ## Small multiples for print
# All 20 units on one page, drawn with matplotlib.

# %%
figures.regions_small_multiples_figure(ds, START, END)

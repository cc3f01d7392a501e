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
from kzstats.regions import NOT_PLACED, current_regions
from kzstats.theme import finish

ds = dataset.load()
START, END = captions.span(ds, START, END)
events = ds.events if EVENT_TYPES is None else ds.events[ds.events["event_type"].isin(EVENT_TYPES)]
table = trends.with_floors(trends.by_region(events, ds.reports, freq="Y", event_types=None),
                           trends.with_regions(events), ds.reports, "region_name", "Y")
if REGIONS is not None:
    table = table[table["region_name"].isin(REGIONS)]
shown = captions.within(table, START, END)
what = "events of every type" if EVENT_TYPES is None else ", ".join(EVENT_TYPES)
accounted = captions.accounting_line(captions.accounting(events, START, END, "Y", placed=True), what)

# %% [markdown]
# ## A map of the regions
# Tiles are arranged roughly as on a map; their size says nothing of area.

# %%
tiles = shown.groupby("region_name")[["events", "monitored"]].sum().reset_index()
tiles["floor"] = tiles["events"] > tiles["monitored"]
iso = current_regions().set_index("region")["region_iso"]
tiles["region_iso"] = tiles["region_name"].map(iso).fillna("")
finish(charts.tile_map(tiles), f"Where reported {what} took place",
       ["The dotted tile, bottom left, counts the events we could not place.", accounted], captions.sources(ds, events),
       key=("solid", "floor"))

# %% [markdown]
# ## Region by year

# %%
totals = shown[shown["region_name"] != NOT_PLACED].groupby("region_name")["events"].sum()
order = list(totals[totals > 0].sort_values(ascending=False, kind="stable").index)
finish(charts.heatmap(shown[shown["region_name"].isin(order)], "region_name", "events", order, title_by="region"),
       f"Reported {what} by region and year", [figures.YEAR_STRIP, accounted], captions.sources(ds, events))

# %% [markdown]
# ## One region at a time
# Choose a region in the dropdown under the chart: the same cells, one row at a time.

# %%
finish(charts.heatmap(shown[shown["region_name"].isin(order)], "region_name", "events", order, title_by="region",
                      choose="Region"),
       f"Reported {what} per year in one region", [figures.YEAR_STRIP, accounted], captions.sources(ds, events))

# %% [markdown]
# ## Sentences by region
# The same table for sentences only (cases).

# %%
sentences = captions.within(trends.by_region(ds.events, ds.reports, freq="Y"), START, END)
# Blank cells are years no report covers: no data, not zero.
charts.table(sentences.assign(year=sentences["period"].astype(str)).pivot(
    index="region_name", columns="year", values="events"), names={"region_name": "region"})

# %% [markdown]
# ## Small multiples for print
# All 20 units on one page, drawn with matplotlib.

# %%
figures.regions_small_multiples_figure(ds, START, END)

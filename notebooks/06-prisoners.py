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
# # 06 — Political prisoners: who was held, how, and since when
#
# The custody register (`data/clean/custody_spells.csv`) has one row per person per spell of
# custody: prison, pre-trial detention, a psychiatric hospital, house arrest, administrative
# arrest or restriction of liberty. A spell starts with an event a report tells (a pre-trial
# detention, a prison sentence), or, where no report tells the start, with a **status
# statement** ("14 persons are convicted to prison terms: …"). It ends with a release, pardon,
# acquittal, death, the start of the person's next spell, or the term served; `basis` says which.
#
# **What this cannot show:** people no report names; spells whose start no report dates are
# counted only from the first statement that names the person, and spells whose end no report
# tells only as far as the evidence reaches (never past the last report). Counts on days no
# monitoring or thematic report covers are floors.

# %% tags=["parameters"]
START = "2017-01-01"
END = None  # last day shown; None: the end of the latest report's period
ON = "2021-09-01"  # the date of the list
KINDS = ["prison", "pretrial", "psychiatric", "house_arrest"]  # deprivation of liberty

# %%
from kzstats import charts, custody, dataset, figures, trends

ds = dataset.load()
START, END = figures.span(ds, START, END)
held = custody.held_on(ds.custody_spells, ON, KINDS)
print(f"On {ON} the register shows {held['person_id'].nunique()} people held: "
      + ", ".join(f"{n} {kind}" for kind, n in held["custody"].value_counts().sort_index().items()))

# %% [markdown]
# ## Who was held on the chosen date
# Since: the first day of the spell as the report dates it (empty: no report tells it; the
# person is held on a status statement's word). Expected end: start plus term.

# %%
charts.table(held.drop(columns=["person_id"]))

# %% [markdown]
# ## What the reports state, beside the register
# A report's own totals ("There are 22 political prisoners in Kazakhstan") next to the register's
# count on the same date and the number of people the report names, with the people who differ.

# %%
stated = ds.stated_totals[ds.stated_totals["as_of"] == ON]
compared = custody.compare_totals(ds.custody_spells, ds.status_observations, stated)
charts.table(compared.assign(custody=compared["custody"].str.replace("_", " ")))

# %% [markdown]
# ## The stock over time
# People held on the first of each month, by kind (outlined: a day no monitoring or thematic
# report covers, a floor). The black diamond is a report's stated total.

# %%
figures.prisoners_figure(ds, START, END)

# %%
stock = trends.custody_stock(ds.custody_spells, ds.reports, START, END, KINDS)
recent = stock.pivot(index="date", columns="custody", values="people").fillna(0).astype(int).tail(12)
charts.table(recent.set_axis(recent.index.strftime("%d %b %Y"), axis=0).rename_axis("held on"))

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
# # 03 — Sentences by article
#
# Sentences (one *case* per person sentenced) by the article of the Criminal Code or the Code on
# Administrative Offences they were passed under, per year; how long they are; and what share
# fall under the "extremism" articles. A case under two articles counts under each.
#
# **What this cannot show:** the reports cover only part of each year, so a year's count is
# not a yearly total; grey cells are years no report covers (*no data*), and outlined cells marked
# "≥" are floors: told by the retrospective list, or for months no monitoring report covers. Some reports give no article ("article not
# reported") or no term; those cases are counted but have no length.

# %% tags=["parameters"]
START = "2017-01-01"
END = None  # last day shown; None: the end of the latest report's period
TOP = 8  # articles shown by name; the rest are "other articles"
ARTICLES = None  # e.g. ["405", "174"] to keep only these articles, or None for all

# %%
from kzstats import captions, charts, dataset, figures, trends
from kzstats.theme import finish

ds = dataset.load()
START, END = captions.span(ds, START, END)
articles = ds.event_articles if ARTICLES is None else ds.event_articles[
    ds.event_articles["article"].isin(ARTICLES)]
events = ds.events if ARTICLES is None else ds.events[ds.events["event_id"].isin(articles["event_id"])]
sentences = events[events["event_type"] == "sentence"]
table = trends.with_floors(trends.sentences_by_article(events, articles, ds.reports, freq="Y", top=TOP),
                           trends.with_articles(sentences, articles, TOP), ds.reports, "article_label", "Y")
shown = captions.within(table, START, END).rename(columns={"events": "cases"})
accounted = captions.accounting_line(captions.accounting(sentences, START, END, "Y"), "sentences")

# %% [markdown]
# ## Cases per article and year
# Hover over a cell for the count and how much of the year a report covers.

# %%
finish(charts.heatmap(shown, "article_label", "cases", list(dict.fromkeys(shown["article_label"])),
                      title_by="article"),
       "Reported sentences by article and year",
       [figures.YEAR_STRIP, accounted], captions.sources(ds, sentences))

# %% [markdown]
# ## One article at a time
# Choose an article in the dropdown under the chart: the same cells, one row at a time ("All":
# every row, each its own; a case under two articles is in both rows, never summed).

# %%
finish(charts.heatmap(shown, "article_label", "cases", list(dict.fromkeys(shown["article_label"])),
                      title_by="article", choose="Article"),
       "Reported sentences per year for one article", [figures.YEAR_STRIP, accounted],
       captions.sources(ds, sentences))

# %% [markdown]
# ## How long the sentences are
# Prison and restriction of liberty in months, administrative arrest in days; suspended
# sentences and fines have no length here. Median, shortest and longest per article:

# %%
lengths = trends.sentence_lengths(events, articles, TOP)
SEVERITY = {"sentence_type": "sentence", "article_label": "article", "median": "median length"}
charts.table(trends.severity(lengths).assign(sentence_type=lambda t: t["sentence_type"].str.replace("_", " ")),
             names=SEVERITY)

# %%
figures.sentence_lengths_figure(ds, START, END) if ARTICLES is None else finish(
    charts.lengths_strip(lengths[lengths["unit"] == "months"]), "Length of sentences (months)",
    "Each dot is one sentence; a tick marks the median.", captions.sources(ds, sentences))

# %% [markdown]
# And by year (any article):

# %%
charts.table(trends.severity(lengths, by=("year", "sentence_type")).assign(
    sentence_type=lambda t: t["sentence_type"].str.replace("_", " ")), names=SEVERITY, decimals=0)

# %% [markdown]
# ## The share under the "extremism" articles
# Of the cases whose article is known, the share under an article the catalogue
# (`data/reference/articles.csv`) puts in the *extremism* category. Small numbers: read the
# counts above the bars before the percentages.

# %%
figures.extremism_share_figure(ds, START, END)

# %%
charts.table(captions.within(trends.extremism_share(events, articles), START, END), percent=["share"],
             names={"period": "year", "cases": "cases with a known article",
                    "extremism_cases": "under 'extremism' articles", "no_article": "article not reported"})

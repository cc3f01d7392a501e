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
# not a yearly total; grey cells are years no report covers (*no data*), and pale cells there come
# from reports telling older cases (floors). Some reports give no article ("article not
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
table = trends.sentences_by_article(events, articles, ds.reports, freq="Y", top=TOP)
shown = captions.within(table, START, END).rename(columns={"events": "cases"})

# %% [markdown]
# ## Cases per article and year
# Hover over a cell for the count and how much of the year a report covers.

# %%
finish(charts.heatmap(shown, "article_label", "cases", list(dict.fromkeys(shown["article_label"])),
                      title_by="article"),
       "Reported sentences by article and year",
       [captions.coverage_note(shown.rename(columns={"cases": "events"})),
        captions.left_out(table, "sentences")],
       captions.sources(ds, sentences))

# %% [markdown]
# ## One article at a time
# Choose an article in the dropdown under the chart.

# %%
labelled = trends.with_articles(sentences, articles, TOP)
labelled = labelled.assign(year=labelled["event_date"].dt.year.astype("Int64").astype(str))
per_year = (labelled[labelled["year"] != "<NA>"].groupby(["article_label", "year"])["event_id"]
            .nunique().rename("cases").reset_index())
finish(charts.yearly_bars_to_choose(per_year, "article_label", "Article", "cases"),
       "Reported sentences per year for one article", "Cases; dated sentences only.",
       captions.sources(ds, sentences))

# %% [markdown]
# ## How long the sentences are
# Prison and restriction of liberty in months, administrative arrest in days; suspended
# sentences and fines have no length here. Median, shortest and longest per article:

# %%
lengths = trends.sentence_lengths(events, articles, TOP)
trends.severity(lengths)

# %%
figures.sentence_lengths_figure(ds, START, END) if ARTICLES is None else finish(
    charts.lengths_strip(lengths[lengths["unit"] == "months"]), "Length of sentences (months)",
    "Each dot is one sentence; a tick marks the median.", captions.sources(ds, sentences))

# %% [markdown]
# And by year (any article):

# %%
trends.severity(lengths, by=("year", "sentence_type"))

# %% [markdown]
# ## The share under the "extremism" articles
# Of the cases whose article is known, the share under an article the catalogue
# (`data/reference/articles.csv`) puts in the *extremism* category. Small numbers: read the
# counts above the bars before the percentages.

# %%
figures.extremism_share_figure(ds, START, END)

# %%
captions.within(trends.extremism_share(events, articles), START, END)

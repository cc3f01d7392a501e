"""The briefing figures: each one built from data/clean (its words from captions.py) and saved
by export.py as PNG (2x), SVG, PDF and the CSV of exactly the data drawn, byte for byte the same
when the data are the same.

`kzstats figures` and notebooks/05-briefing-figures.py both call `export_all`.
"""

from pathlib import Path

import altair as alt
import matplotlib
import pandas as pd
from matplotlib.figure import Figure as MplFigure

from kzstats import charts, config, custody, trends
from kzstats.captions import (
    coverage_note,
    dated_within,
    left_out,
    source_line,
    sources,
    span,
    within,
)
from kzstats.dataset import Dataset
from kzstats.export import Figure, save_figure
from kzstats.reference import article_catalogue
from kzstats.regions import NOT_PLACED, current_regions
from kzstats.theme import MPL_RC, MUTED, NO_DATA_COLOUR, PALE_BLUE, PALETTE, finish


def _extremism_articles() -> str:
    catalogue = article_catalogue()
    chosen = catalogue[(catalogue["category"] == trends.EXTREMISM) & (catalogue["legal_code"] == "criminal")]
    return ", ".join(chosen["article"])


def coverage_figure(ds: Dataset, start: str, end: str) -> Figure:
    months = trends.report_months(ds.reports)
    chart = finish(charts.coverage_bars(months), "What the reports cover", [
        "Months each report's period spans. A month counts as covered only by a monitoring or thematic report:",
        "the retrospective list of political prisoners tells events from many months but does not monitor them."],
        source_line(ds.reports["report_id"], ds.reports))
    return Figure("fig01-report-coverage", "the months each report covers, by kind of report",
                  chart, months)


def detentions_figure(ds: Dataset, start: str, end: str, unit: str = "events") -> Figure:
    table = trends.counts_over_time(ds.events, ds.reports, freq="M")
    drawn = within(table, start, end)
    kinds = [k.replace("_", " ") for k in trends.detention_kinds()]
    drawn = drawn.assign(event_type=drawn["event_type"].str.replace("_", " "))
    what = "detentions (events)" if unit == "events" else "people detained"
    counted = ("Each bar counts detention events; an event told by two reports counts once."
               if unit == "events" else
               "Each bar counts people: a group detention counts its size (\"more than 200\" counts 200).")
    chart = finish(charts.over_time(drawn, "event_type", unit, "M", categories=kinds),
                   f"Reported {what} per month, by kind", [
                       counted,
                       ("Grey: no monitoring or thematic report covers the month, so no data (not zero). "
                       "Pale: told for a month no report covers, a floor."),
                       left_out(table, "detention events")],
                   sources(ds, ds.events[ds.events["event_type"].isin(trends.detention_kinds())]))
    name = "fig02-detentions-per-month" if unit == "events" else "fig03-people-detained-per-month"
    shows = ("detention events per month by kind, uncovered months grey" if unit == "events"
             else "people detained per month by kind (group sizes counted), uncovered months grey")
    return Figure(name, shows, chart, drawn)


def sentences_by_article_figure(ds: Dataset, start: str, end: str) -> Figure:
    table = trends.sentences_by_article(ds.events, ds.event_articles, ds.reports, freq="Y")
    drawn = within(table, start, end).rename(columns={"events": "cases"})
    categories = list(dict.fromkeys(drawn["article_label"]))
    chart = finish(charts.heatmap(drawn, "article_label", "cases", categories, title_by="article"),
                   "Reported sentences by article and year", [
                       ("Cases (one per person sentenced); a case under two articles counts in both rows. "
                       "Grey: no report covers the year (no data)."),
                       coverage_note(drawn.rename(columns={"cases": "events"})),
                       left_out(table, "sentences")],
                   sources(ds, ds.events[ds.events["event_type"] == "sentence"]))
    return Figure("fig04-sentences-by-article", "sentence cases per year for the eight most frequent "
                  "articles, other articles and article not reported", chart, drawn)


def sentence_lengths_figure(ds: Dataset, start: str, end: str) -> Figure:
    lengths = trends.sentence_lengths(ds.events, ds.event_articles)
    drawn = lengths[lengths["unit"] == "months"].reset_index(drop=True)
    left = lengths["event_id"].nunique() - drawn["event_id"].nunique()
    chart = finish(charts.lengths_strip(drawn), "Length of prison and restricted-liberty sentences, by article", [
        "Each dot is one person's sentence in months; a tick marks the median. Suspended sentences, fines and",
        f"sentences whose terms are not reported are left out; so are {left} administrative arrests (in days).",
        "Sentences of any date, including those before 2017."],
        sources(ds, drawn))
    return Figure("fig05-sentence-lengths", "each prison or restricted-liberty sentence in months, by "
                  "article, with medians", chart, drawn)


def extremism_share_figure(ds: Dataset, start: str, end: str) -> Figure:
    table = within(trends.extremism_share(ds.events, ds.event_articles, freq="Y"), start, end)
    covering = within(trends.tally(ds.events, ds.reports, freq="Y", event_types=trends.SENTENCES),
                       start, end)
    unknown = int(table["no_article"].sum())
    chart = finish(charts.share_bars(table), "Share of reported sentences under the 'extremism' articles", [
        ("Cases with a known article; 'extremism' is the category in data/reference/articles.csv "
        f"(Criminal Code articles {_extremism_articles()})."),
        f"{unknown} sentences whose article is not reported are left out. {coverage_note(covering)}"],
        sources(ds, ds.events[ds.events["event_type"] == "sentence"]))
    return Figure("fig06-extremism-share", "share of sentence cases under extremism articles per year, "
                  "with the number of cases", chart, table)


def _region_counts(ds: Dataset, start: str, end: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    events = trends.with_regions(dated_within(ds.events, start, end))
    counts = events.groupby(["region_iso", "region_name"]).agg(
        events=("event_id", "size"), people=("group_size", "sum")).reset_index()
    return events, counts


def region_map_figure(ds: Dataset, start: str, end: str) -> Figure:
    events, counts = _region_counts(ds, start, end)
    placed = counts[counts["region_iso"] != ""]
    not_placed = len(events) - int(placed["events"].sum())
    undated = int(ds.events["event_date"].isna().sum())
    span = f"{pd.Timestamp(start):%B %Y} to {pd.Timestamp(end):%B %Y}"
    chart = finish(charts.tile_map(placed), f"Where reported events took place, {span}", [
        "Events of every type by today's region or city; tiles are arranged roughly as on a map, not to scale.",
        (f"{not_placed} of {len(events)} dated events have no place or one we could not place; "
        f"{undated} events without a date are not counted.")],
        sources(ds, events))
    return Figure("fig07-regions-map", "events of every type per region, as a tile-grid map", chart,
                  counts.rename(columns={"region_name": "region"}))


def regions_by_year_figure(ds: Dataset, start: str, end: str) -> Figure:
    table = trends.by_region(ds.events, ds.reports, freq="Y", event_types=None)
    drawn = within(table, start, end)
    totals = drawn.groupby("region_name")["events"].sum()
    drawn = drawn[drawn["region_name"].isin(totals[totals > 0].index)]
    order = [r for r in totals[totals > 0].sort_values(ascending=False, kind="stable").index
             if r != NOT_PLACED] + [NOT_PLACED]
    chart = finish(charts.heatmap(drawn, "region_name", "events", order, title_by="region"),
                   "Reported events by region and year", [
                       ("Events of every type (one per event); regions with none are left out. Grey: no report "
                       "covers the year (no data)."),
                       coverage_note(drawn),
                       left_out(table, "events")],
                   sources(ds, ds.events))
    return Figure("fig08-regions-by-year", "events of every type per region and year", chart, drawn)


def regions_small_multiples_figure(ds: Dataset, start: str, end: str) -> Figure:
    table = trends.by_region(ds.events, ds.reports, freq="Y", event_types=None)
    drawn = within(table, start, end)
    regions = current_regions().sort_values(["row", "col"])
    years = sorted(drawn["period"].astype(str).unique())
    placed = drawn[drawn["region_name"] != NOT_PLACED]
    top = max(1, int(placed["events"].max(skipna=True) or 1))
    with matplotlib.rc_context(MPL_RC):
        fig = MplFigure(figsize=(9, 6.4))
        axes = fig.subplots(4, 5, sharex=True, sharey=True)
        for ax, region in zip(axes.flat, regions.itertuples()):
            rows = drawn[drawn["region_name"] == region.region]
            values = rows.set_index(rows["period"].astype(str)).reindex(years)
            covered = values["covered"].fillna(False).astype(bool)
            for i, year in enumerate(years):
                if not covered.iloc[i] and pd.isna(values["events"].iloc[i]):
                    ax.axvspan(i - 0.5, i + 0.5, color=NO_DATA_COLOUR, lw=0)
            heights = values["events"].astype("Float64").fillna(0).astype(float)
            ax.bar(range(len(years)), heights, color=[(PALETTE[0] if c else PALE_BLUE) for c in covered])
            ax.set_title(region.label, fontsize=9, loc="left")
            ax.set_xticks(range(len(years)), [y[2:] for y in years], fontsize=7)
            ax.set_ylim(0, top * 1.1)
            ax.spines[["top", "right"]].set_visible(False)
        fig.suptitle("Reported events per year in each region", x=0.01, ha="left", fontsize=12,
                     fontweight="bold")
        fig.text(0.01, 0.935, "Events of every type, by today's region. Grey: no report covers the year "
                 "(no data). Pale bars: told for a year no report covers (a floor).", fontsize=8, color=MUTED)
        fig.text(0.01, 0.005, sources(ds, ds.events), fontsize=6.5, color=MUTED)
        fig.tight_layout(rect=(0, 0.03, 1, 0.92))
    return Figure("fig09-regions-small-multiples", "events per year in each of the 20 regions, small "
                  "multiples for print", fig, drawn)


PRISONER_KINDS = ("prison", "pretrial", "psychiatric", "house_arrest")


def prisoners_figure(ds: Dataset, start: str, end: str) -> Figure:
    """People held (deprived of liberty) on the first of each month, with reports' stated totals."""
    stock = trends.custody_stock(ds.custody_spells, ds.reports, start, end, PRISONER_KINDS)
    stated = ds.stated_totals[ds.stated_totals["custody"] == "all"]
    compared = custody.compare_totals(ds.custody_spells, ds.status_observations, stated)
    compared = compared[(compared["as_of"] >= start) & (compared["as_of"] <= end)]
    unknown = int(stock.loc[stock["date"] == stock["date"].max(), "start_unknown"].sum())
    chart = finish(charts.custody_stock(stock, compared, PRISONER_KINDS),
                   "People held in custody for political reasons, first of each month", [
                       ("Named people in prison, pre-trial detention, a psychiatric hospital or under house "
                        "arrest (data/clean/custody_spells.csv)."),
                       ("A spell counts from its start (or the first statement naming the person) to its end, "
                        "its term or the last report,"),
                       ("never beyond the evidence. Pale: no monitoring or thematic report covers that day, "
                        "a floor. Diamonds: totals a report states."),
                       (f"On the last day shown, {unknown} of the people counted are held on a status "
                        "statement alone (start not told)."),
                   ],
                   source_line(ds.custody_spells["source_report_ids"].str.split(";").explode(), ds.reports))
    return Figure("fig10-political-prisoners", "people held per month by kind of custody, with the totals "
                  "reports state", chart, stock)


BRIEFING = (coverage_figure, detentions_figure,
            lambda ds, s, e: detentions_figure(ds, s, e, unit="people"),
            sentences_by_article_figure, sentence_lengths_figure, extremism_share_figure,
            region_map_figure, regions_by_year_figure, regions_small_multiples_figure,
            prisoners_figure)


def briefing_figures(ds: Dataset, start: str | None = None, end: str | None = None) -> list[Figure]:
    """Every briefing figure, in order."""
    start, end = span(ds, start, end)
    return [build(ds, start, end) for build in BRIEFING]


def export_all(ds: Dataset, folder: Path | None = None, start: str | None = None,
               end: str | None = None) -> list[Figure]:
    """Build and save every briefing figure into folder (reports/figures by default)."""
    figures = briefing_figures(ds, start, end)
    for figure in figures:
        save_figure(figure, Path(folder or config.FIGURES_DIR))
    return figures


alt.data_transformers.disable_max_rows()

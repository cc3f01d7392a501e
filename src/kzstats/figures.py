"""The briefing figures: each one built from data/clean and saved as PNG (2x), SVG, PDF and the
CSV of exactly the data drawn, byte for byte the same when the data are the same.

`kzstats figures` and notebooks/05-briefing-figures.py both call `export_all`.
"""

import io
import re
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import matplotlib
import pandas as pd
import vl_convert as vlc
from altair.utils._importers import vl_version_for_vl_convert
from matplotlib.figure import Figure as MplFigure

from kzstats import charts, config, trends
from kzstats.charges import article_catalogue
from kzstats.dataset import Dataset
from kzstats.regions import NOT_PLACED, current_regions
from kzstats.steady import use_utc
from kzstats.textsafe import for_spreadsheet_frame
from kzstats.theme import finish, source_line

use_utc()  # before the renderer starts: see steady.py

PNG_SCALE = 2
PDF_TRIES = 50
SVG_ID = re.compile(r"\b(gradient_|clip)(\d+)\b")
REFERENCE_LINE = re.compile(rb"^\s*/\w+ \d+ 0 R$")
FORMATS = ("png", "svg", "pdf")
# Matplotlib writes its version and the date into files unless told not to.
MPL_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}}
MPL_RC = {"svg.hashsalt": "kzstats", "font.family": "DejaVu Sans", "font.size": 9}


@dataclass(frozen=True)
class Figure:
    """One briefing figure: its file name, a line on what it shows, the chart, the data drawn."""

    name: str
    shows: str
    chart: object  # an altair chart or a matplotlib Figure
    data: pd.DataFrame

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Show the chart itself in a notebook (a matplotlib figure as PNG)."""
        if isinstance(self.chart, MplFigure):
            buffer = io.BytesIO()
            self.chart.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
            return {"image/png": buffer.getvalue()}
        return self.chart._repr_mimebundle_(include, exclude)


def _sorted_references(pdf: bytes) -> bytes:
    """Sort each run of dictionary lines '/name N 0 R' by name: same meaning, same byte offsets."""
    lines, run, out = pdf.split(b"\n"), [], []
    for line in lines:
        if REFERENCE_LINE.match(line):
            run.append(line)
            continue
        out += sorted(run, key=lambda x: (len(x.split()[0]), x)) + [line]
        run = []
    return b"\n".join(out + sorted(run))


def _svg(spec: dict, version: str) -> str:
    """The chart as SVG, the same text every time: Vega numbers gradients and clip paths with a
    counter that runs on across conversions, so ids are renumbered in order of appearance."""
    svg = vlc.vegalite_to_svg(spec, vl_version=version)
    ids: dict[str, str] = {}

    def renumber(match: re.Match) -> str:
        return ids.setdefault(match.group(0), f"{match.group(1)}{len(ids)}")

    return SVG_ID.sub(renumber, svg)


def _pdf(spec: dict, version: str) -> bytes:
    """The chart as PDF, the same bytes every time.

    vl-convert writes a PDF's resource dictionaries, and numbers its fonts, in hash order, which
    changes from call to call. Entries of a dictionary are sorted afterwards (same length, so the
    file's offsets stay right); of the font numberings, the one in name order is taken (the
    theme's two faces: one call in two on average).
    """
    for _ in range(PDF_TRIES):
        pdf = vlc.vegalite_to_pdf(spec, vl_version=version)
        fonts = re.findall(rb"/BaseFont /\w+\+([\w-]+)", pdf)
        if fonts == sorted(fonts):
            return _sorted_references(pdf)
    raise RuntimeError(f"no PDF with its fonts in order after {PDF_TRIES} conversions: does the "
                       "chart use more font faces than the theme's two?")


def _csv_ready(data: pd.DataFrame) -> pd.DataFrame:
    return data.assign(**{c: data[c].astype(str) for c in data.columns
                          if isinstance(data[c].dtype, pd.PeriodDtype)})


def save_figure(figure: Figure, folder: Path) -> list[Path]:
    """Write <name>.png/.svg/.pdf and <name>.csv into folder; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{figure.name}.{fmt}" for fmt in FORMATS]
    if isinstance(figure.chart, MplFigure):
        for path, fmt in zip(paths, FORMATS):
            with matplotlib.rc_context(MPL_RC):
                figure.chart.savefig(path, format=fmt, dpi=200, metadata=MPL_METADATA[fmt],
                                     bbox_inches="tight")
    else:
        spec = figure.chart.to_dict()
        version = vl_version_for_vl_convert()
        paths[0].write_bytes(vlc.vegalite_to_png(spec, vl_version=version, scale=PNG_SCALE))
        paths[1].write_text(_svg(spec, version), encoding="utf-8")
        paths[2].write_bytes(_pdf(spec, version))
    csv = folder / f"{figure.name}.csv"
    for_spreadsheet_frame(_csv_ready(figure.data)).to_csv(csv, index=False, lineterminator="\n", float_format="%.6g")
    return [*paths, csv]


def within(table: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    keep = (table["period"].dt.end_time >= pd.Timestamp(start)) & (
        table["period"].dt.start_time <= pd.Timestamp(end))
    return table[keep].reset_index(drop=True)


def dated_within(events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    return events[(events["event_date"] >= pd.Timestamp(start)) & (events["event_date_end"] <= pd.Timestamp(end))]


def left_out(table: pd.DataFrame, what: str) -> str:
    """'12 of 116 detention events (10%) have no date, or only a season or year: not shown.'"""
    missing = table.attrs["undated"] + table.attrs["imprecise"]
    share = missing / table.attrs["total"] if table.attrs["total"] else 0
    return (f"{missing} of {table.attrs['total']} {what} ({share:.0%}) have no date, or only a "
            f"season or year, and are not shown.")


def coverage_note(table: pd.DataFrame) -> str:
    """'A report covers 25% of 2017, ...; none of 2020, 2021, so counts there are floors.'"""
    periods = table.drop_duplicates("period")
    covered = periods[periods["covered"]]
    parts = [f"{share:.0%} of {period}" for period, share in zip(covered["period"].astype(str),
                                                                   covered["share_covered"])]
    floors = periods[~periods["covered"] & table.groupby("period")["events"].transform(
        lambda s: s.notna().any()).loc[periods.index]]["period"].astype(str)
    note = "Reports cover " + ", ".join(parts) if parts else "No report covers these periods"
    if len(floors):
        note += f"; none of {', '.join(floors)}, so counts there (pale) are floors"
    return note + "."


def _extremism_articles() -> str:
    catalogue = article_catalogue()
    chosen = catalogue[(catalogue["category"] == trends.EXTREMISM) & (catalogue["legal_code"] == "criminal")]
    return ", ".join(chosen["article"])


def sources(ds: Dataset, events: pd.DataFrame) -> str:
    return source_line(events["source_report_ids"].str.split(";").explode(), ds.reports)


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
    kinds = [k.replace("_", " ") for k in trends.DETENTION_KINDS]
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
                   sources(ds, ds.events[ds.events["event_type"].isin(trends.DETENTION_KINDS)]))
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
    covering = within(trends.tally(ds.events, ds.reports, freq="Y", event_types=trends.SENTENCE_KINDS),
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
                    ax.axvspan(i - 0.5, i + 0.5, color="#e6e6e6", lw=0)
            heights = values["events"].astype("Float64").fillna(0).astype(float)
            ax.bar(range(len(years)), heights, color=[("#0072B2" if c else "#99c7e0") for c in covered])
            ax.set_title(region.label, fontsize=9, loc="left")
            ax.set_xticks(range(len(years)), [y[2:] for y in years], fontsize=7)
            ax.set_ylim(0, top * 1.1)
            ax.spines[["top", "right"]].set_visible(False)
        fig.suptitle("Reported events per year in each region", x=0.01, ha="left", fontsize=12,
                     fontweight="bold")
        fig.text(0.01, 0.935, "Events of every type, by today's region. Grey: no report covers the year "
                 "(no data). Pale bars: told for a year no report covers (a floor).", fontsize=8, color="#595959")
        fig.text(0.01, 0.005, sources(ds, ds.events), fontsize=6.5, color="#595959")
        fig.tight_layout(rect=(0, 0.03, 1, 0.92))
    return Figure("fig09-regions-small-multiples", "events per year in each of the 20 regions, small "
                  "multiples for print", fig, drawn)


BRIEFING = (coverage_figure, detentions_figure,
            lambda ds, s, e: detentions_figure(ds, s, e, unit="people"),
            sentences_by_article_figure, sentence_lengths_figure, extremism_share_figure,
            region_map_figure, regions_by_year_figure, regions_small_multiples_figure)


def span(ds: Dataset, start: str | None = None, end: str | None = None) -> tuple[str, str]:
    """The span to show: as given, else config's start and the end of the month in which the
    latest report's period ends (so next month's report shows without editing anything)."""
    latest = ds.reports["period_end"].max() + pd.offsets.MonthEnd(0)
    return start or config.FIGURE_START, end or latest.strftime("%Y-%m-%d")


def briefing_figures(ds: Dataset, start: str | None = config.FIGURE_START,
                     end: str | None = config.FIGURE_END) -> list[Figure]:
    """Every briefing figure, in order."""
    start, end = span(ds, start, end)
    return [build(ds, start, end) for build in BRIEFING]


def export_all(ds: Dataset, folder: Path = config.FIGURES_DIR, start: str | None = config.FIGURE_START,
               end: str | None = config.FIGURE_END) -> list[Figure]:
    """Build and save every briefing figure into folder."""
    figures = briefing_figures(ds, start, end)
    for figure in figures:
        save_figure(figure, folder)
    return figures


alt.data_transformers.disable_max_rows()

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
    accounting,
    accounting_line,
    dated_within,
    source_line,
    sources,
    span,
    within,
)
from kzstats.dataset import Dataset
from kzstats.export import Figure, save_figure
from kzstats.reference import article_catalogue
from kzstats.regions import NOT_PLACED, current_regions
from kzstats.theme import (
    ASPECTS,
    KEY_ITEMS,
    MPL_FLOOR,
    MPL_RC,
    MUTED,
    NO_DATA_COLOUR,
    PALETTE,
    PRINT_MM,
    finish,
    mpl_certainty_key,
    wrap,
)

SOURCE_STRIP = ("Under the axis, what tells each day: a monitoring or thematic report (solid), only the retrospective "
                "list (dashed on grey: counts are floors) or no report (grey); under it, how many months of "
                "each year a monitoring report covers in all or part ('3/12 mo.').")
YEAR_STRIP = ("Above each year, how many of its months a monitoring or thematic report covers in all or "
              "part; 'list only': none does, and the year's counts come from the retrospective list alone.")


def _extremism_articles() -> str:
    catalogue = article_catalogue()
    chosen = catalogue[(catalogue["category"] == trends.EXTREMISM) & (catalogue["legal_code"] == "criminal")]
    return ", ".join(chosen["article"])


def _span_text(start: str, end: str) -> str:
    return f"{pd.Timestamp(start):%B %Y} to {pd.Timestamp(end):%B %Y}"


def _year_list(years) -> str:
    years = sorted(int(y) for y in years)
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def coverage_title(reports: pd.DataFrame, start: str, end: str) -> str:
    """How many months of the span a monitoring or thematic report covers, and which years none does."""
    months = pd.period_range(start, end, freq="M")
    covered = trends.coverage(reports, "M").query("share_covered > 0")["period"]
    monitored = months[months.isin(covered)]
    bare = [y for y in sorted(set(months.year)) if y not in set(monitored.year)]
    title = f"Monitoring reports cover all or part of {len(monitored)} of the {len(months)} months shown"
    return title + (f"; for {_year_list(bare)} there is only the retrospective list" if bare else "")


def coverage_figure(ds: Dataset, start: str, end: str) -> Figure:
    drawn = ds.reports[["report_id", "coverage", "period_start", "period_end"]].sort_values("period_start")
    drawn = drawn.reset_index(drop=True)
    events = ds.events
    counts = accounting(events, start, end, "M")
    told = dated_within(events, start, end)
    listed = int((~trends.monitored(told, ds.reports)).sum())
    months = pd.DataFrame({"period": pd.period_range(start, end, freq="M")})
    monitored = trends.coverage(ds.reports, "M").query("share_covered > 0")["period"]
    months["covered"] = months["period"].isin(monitored)
    spans = trends.source_spans(ds.reports, start, end)
    body = charts.coverage_bars(drawn, start, end, months, spans)
    chart = finish(body, coverage_title(drawn, start, end), [
        ("The period each report spans, to the day (a part-covered month is part-filled); grey: months no "
         "monitoring or thematic report covers."),
        ("Solid: monitoring and thematic reports, which set out to record what happened in their period. "
         "Outline: the retrospective list of political prisoners, which tells events from many months "
         f"without monitoring them; {listed} of the events dated in the period rest on it or on a month "
         "no monitoring report covers."),
        SOURCE_STRIP, accounting_line(counts, "events of every type (by month)")],
        source_line(ds.reports["report_id"], ds.reports), strip=charts.coverage_strip(spans, body.width))
    return Figure("fig01-report-coverage", "the days each report covers, by kind of report", chart, drawn)


def busiest_title(drawn: pd.DataFrame, unit: str, shown: int) -> str:
    """The month with the largest count, and its share of what is shown."""
    per = drawn.groupby(drawn["period"].astype(str))[unit].sum()
    top = per.idxmax()
    floor = bool(drawn.loc[drawn["period"].astype(str) == top, "floor"].any())
    month = f"{pd.Period(top):%B %Y}"
    if unit == "events":
        return (f"{month} has the most reported detentions: {'≥' if floor else ''}{int(per[top])} of the "
                f"{shown} shown")
    return (f"One month, {month}, holds {per[top] / per.sum():.0%} of the {int(per.sum()):,} people "
            "reported detained")


def _estimate_note(ds: Dataset, drawn: pd.DataFrame) -> str:
    """Where the largest month's number of people comes from: its largest group and the words told."""
    per = drawn.groupby(drawn["period"].astype(str))["people"].sum()
    top = per.idxmax()
    events = ds.events[ds.events["event_type"].isin(trends.detention_kinds())]
    month = trends.period_of(events, "M").astype(str)
    biggest = events[month == top].sort_values("group_size", ascending=False).iloc[0]
    quote = str(biggest["quote"]).strip()
    return (f"{pd.Period(top):%B %Y}: {int(biggest['group_size']):,} of its {int(per[top]):,} people come from "
            f"one report's estimate ({biggest['source_report_ids']}: \"{quote}\"); the axis is cut, the "
            "bar's full number written above it.")


def detentions_figure(ds: Dataset, start: str, end: str, unit: str = "events") -> Figure:
    rows = ds.events[ds.events["event_type"].isin(trends.detention_kinds())]
    table = trends.with_floors(trends.counts_over_time(ds.events, ds.reports, freq="M"), rows, ds.reports,
                               "event_type", "M")
    drawn = within(table, start, end)
    kinds = [k.replace("_", " ") for k in trends.detention_kinds()]
    drawn = drawn.assign(event_type=drawn["event_type"].str.replace("_", " "))
    counts = accounting(rows, start, end, "M")
    what = "detentions (events)" if unit == "events" else "people detained"
    counted = ("Each bar counts detention events; an event told by two reports counts once."
               if unit == "events" else
               "Each bar counts people: a group detention counts its size (\"more than 200\" counts 200).")
    notes = [counted]
    clip = None
    if unit == "people":
        per = drawn.groupby("period")["people"].sum().sort_values(ascending=False)
        if len(per) > 1 and per.iloc[0] > 3 * per.iloc[1]:
            clip = int(per.iloc[1] * 1.6)
            notes.append(_estimate_note(ds, drawn))
    notes += [SOURCE_STRIP, accounting_line(counts, "detention events")]
    spans = trends.source_spans(ds.reports, start, end)
    body = charts.over_time(drawn, "event_type", unit, "M", categories=kinds, clip=clip, start=start, end=end,
                            spans=spans)
    chart = finish(body, busiest_title(drawn, unit, counts["shown"]), [f"Reported {what} per month, by kind. ", *notes],
                   sources(ds, rows), strip=charts.coverage_strip(spans, body.width))
    name = "fig02-detentions-per-month" if unit == "events" else "fig03-people-detained-per-month"
    shows = ("detention events per month by kind, uncovered months grey" if unit == "events"
             else "people detained per month by kind (group sizes counted), uncovered months grey")
    return Figure(name, shows, chart, drawn)


def leading_article_title(drawn: pd.DataFrame) -> str:
    """The article with the most cases, and how many of them rest on monitoring."""
    named = drawn[~drawn["article_label"].isin(charts.LAST)]
    per = named.groupby("article_label")[["cases", "monitored"]].sum()
    top = per["cases"].idxmax()
    number, _, name = top.partition(" ")
    n, floor = int(per.loc[top, "cases"]), int(per.loc[top, "cases"] - per.loc[top, "monitored"])
    return (f"Art. {number} ({name}) leads with {n} sentences, {floor} of them told only by the "
            "retrospective list or for unmonitored months")


def sentences_by_article_figure(ds: Dataset, start: str, end: str) -> Figure:
    sentences = ds.events[ds.events["event_type"] == "sentence"]
    rows = trends.with_articles(sentences, ds.event_articles, 8)
    table = trends.with_floors(trends.sentences_by_article(ds.events, ds.event_articles, ds.reports, freq="Y"),
                               rows, ds.reports, "article_label", "Y")
    drawn = within(table, start, end).rename(columns={"events": "cases"})
    categories = list(dict.fromkeys(drawn["article_label"]))
    chart = finish(charts.heatmap(drawn, "article_label", "cases", categories, title_by="article"),
                   leading_article_title(drawn), [
                       ("Reported sentences by article and year: cases (one per person sentenced); a case under "
                        "two articles counts in both rows."), YEAR_STRIP,
                       accounting_line(accounting(sentences, start, end, "Y"), "sentences")],
                   sources(ds, sentences))
    return Figure("fig04-sentences-by-article", "sentence cases per year for the eight most frequent "
                  "articles, other articles and article not reported", chart, drawn)


CLIP_YEARS = 12


def median_title(drawn: pd.DataFrame) -> str:
    """The median of every sentence drawn, and the article with the longest median (n >= 3)."""
    cases = drawn.drop_duplicates("event_id")
    per = drawn.groupby("article_label")["length"].agg(["median", "size"])
    per = per[(per["size"] >= 3) & ~per.index.isin(charts.LAST)].sort_values("median", ascending=False,
                                                                              kind="stable")
    top = per.index[0]
    return (f"The median sentence shown is {cases['length'].median():.1f} years; Art. {top.split(' ')[0]} "
            f"has the longest median, {per.loc[top, 'median']:.1f} years")


def sentence_lengths_figure(ds: Dataset, start: str, end: str) -> Figure:
    lengths = trends.sentence_lengths(ds.events, ds.event_articles)
    drawn = lengths[lengths["unit"] == "months"].drop_duplicates(["event_id", "article_label"])
    drawn = drawn.assign(length=(drawn["length"] / 12).round(2), unit="years").reset_index(drop=True)
    # The set: every event that passes a sentence (sentences, appeals that change one, arrests).
    sentenced = ds.events[ds.events["sentence_type"].fillna("") != ""]
    arrests = int(lengths.loc[lengths["unit"] == "days", "event_id"].nunique())
    shown = drawn["event_id"].nunique()
    total = sentenced["event_id"].nunique()
    counts = {"total": total, "administrative arrests (in days)": arrests,
              "with no prison or restricted-liberty term told (fines, suspended, probation, terms not reported)":
                  total - shown - arrests,
              "shown": shown}
    longest = drawn["length"].max()
    chart = finish(charts.lengths_strip(drawn, clip=CLIP_YEARS if longest > CLIP_YEARS else None),
                   median_title(drawn), [
                       ("Length of prison and restricted-liberty sentences, by article: each dot one person's "
                        "sentence; the black tick marks the median; n counts people. Sentences of any date, "
                        f"before 2017 too; longer than {CLIP_YEARS} years: a triangle at the edge, its length "
                        "written beside."),
                       accounting_line(counts, "sentences passed (in first instance or on appeal)")],
                   sources(ds, drawn), key=False)  # lengths, not counts over time: no coverage to key
    return Figure("fig05-sentence-lengths", "each prison or restricted-liberty sentence in years, by "
                  "article, with medians", chart, drawn)


def extremism_title(table: pd.DataFrame) -> str:
    """'Extremism' cases as a share of every case with a known article, and the year most come from."""
    top = table.sort_values("extremism_cases", ascending=False, kind="stable").iloc[0]
    total, cases = int(table["extremism_cases"].sum()), int(table["cases"].sum())
    return (f"'Extremism' articles account for {total} of {cases} sentences with a known article; "
            f"{int(top['extremism_cases'])} of them are in {top['period']}")


def extremism_share_figure(ds: Dataset, start: str, end: str) -> Figure:
    table = within(trends.extremism_share(ds.events, ds.event_articles, freq="Y"), start, end)
    sentences = ds.events[ds.events["event_type"].isin(trends.chosen_types(trends.SENTENCES))]
    known = trends.with_articles(sentences, ds.event_articles)
    known = known[known["article_label"] != trends.NO_ARTICLE].drop_duplicates("event_id")
    known = known[trends.monitored(known, ds.reports)]
    monitored = trends.period_of(known, "Y").value_counts()
    covered = trends.coverage(ds.reports, "Y").set_index("period")
    table = table.assign(monitored=table["period"].map(monitored).fillna(0).astype(int),
                         share_covered=table["period"].map(covered["share_covered"]).fillna(0.0),
                         months_covered=table["period"].map(covered["months_covered"]).fillna(0).astype(int))
    table["floor"] = table["cases"] > table["monitored"]
    unknown = int(table["no_article"].sum())
    counts = accounting(sentences, start, end, "Y", also={"article not reported": unknown})
    floors = table.loc[table["floor"] & (table["share_covered"] == 0), "period"].astype(str)
    chart = finish(charts.share_bars(table), extremism_title(table), [
        ("Share of sentences with a known article under the 'extremism' articles (Criminal Code "
         f"{_extremism_articles()}; data/reference/articles.csv)."),
        (f"{', '.join(floors)}: no monitoring report, only the retrospective list of political prisoners, "
         "which lists mostly Art. 405 cases: a change of source, not a trend." if len(floors) else ""),
        accounting_line(counts, "sentences")],
        sources(ds, sentences), key=("solid", "floor"))
    return Figure("fig06-extremism-share", "share of sentence cases under extremism articles per year, "
                  "with the number of cases", chart, table)


def _region_table(ds: Dataset, start: str, end: str) -> pd.DataFrame:
    """Events per region and year in the span (with floors): what fig07, fig08 and fig09 draw from."""
    table = trends.by_region(ds.events, ds.reports, freq="Y", event_types=None)
    table = trends.with_floors(table, trends.with_regions(ds.events), ds.reports, "region_name", "Y")
    return within(table, start, end)


def _region_accounting(ds: Dataset, start: str, end: str) -> dict[str, int]:
    return accounting(ds.events, start, end, "Y", placed=True)


def region_map_figure(ds: Dataset, start: str, end: str) -> Figure:
    table = _region_table(ds, start, end)
    counts = accounting(ds.events, start, end, "Y", placed=True)
    per = table.groupby("region_name")[["events", "monitored"]].sum().reset_index()
    per["floor"] = per["events"] > per["monitored"]
    regions = current_regions()[["region_iso", "region"]]
    drawn = regions.merge(per.rename(columns={"region_name": "region"}), on="region", how="left")
    drawn[["events", "monitored"]] = drawn[["events", "monitored"]].fillna(0).astype(int)
    drawn["floor"] = drawn["floor"].fillna(False).astype(bool)
    drawn = drawn.sort_values("region_iso", ignore_index=True)
    top = drawn.sort_values("events", ascending=False, kind="stable").iloc[0]
    drawn = pd.concat([drawn, pd.DataFrame([{"region_iso": "", "region": NOT_PLACED, "events": counts["not placed"],
                                             "monitored": 0, "floor": False}])], ignore_index=True)
    title = (f"{top['region']} has the most reported events: {'≥' if top['floor'] else ''}{top['events']} of the "
             f"{counts['shown']} placed in a region")
    chart = finish(charts.tile_map(drawn), title, [
        (f"Where reported events took place, {_span_text(start, end)}: events of every type by today's region "
         "or city; tiles roughly as on a map. The dotted tile, bottom left, counts the events we could not place "
         "(outside the colour scale)."),
        accounting_line(counts, "events of every type")],
        sources(ds, ds.events), key=("solid", "floor"))
    return Figure("fig07-regions-map", "events of every type per region, as a tile-grid map", chart, drawn)


def regions_by_year_figure(ds: Dataset, start: str, end: str) -> Figure:
    table = _region_table(ds, start, end)
    counts = _region_accounting(ds, start, end)
    placed = table[table["region_name"] != NOT_PLACED]
    totals = placed.groupby("region_name")["events"].sum()
    order = list(totals[totals > 0].sort_values(ascending=False, kind="stable").index)
    drawn = placed[placed["region_name"].isin(order)].reset_index(drop=True)
    first, second = order[0], order[1]
    title = (f"{first} and {second} account for {int(totals[first] + totals[second])} of the "
             f"{counts['shown']} events placed in a region")
    chart = finish(charts.heatmap(drawn, "region_name", "events", order, title_by="region"), title, [
        (f"Reported events by region and year: events of every type; the {20 - len(order)} regions with none "
         "are left out."), YEAR_STRIP,
        accounting_line(counts, "events of every type")],
        sources(ds, ds.events))
    return Figure("fig08-regions-by-year", "events of every type per region and year", chart, drawn)


FONT_PT = 7.5  # the matplotlib figure is drawn at its print size, 170 mm wide


def regions_small_multiples_figure(ds: Dataset, start: str, end: str) -> Figure:
    table = _region_table(ds, start, end)
    counts = _region_accounting(ds, start, end)
    drawn = table[table["region_name"] != NOT_PLACED].reset_index(drop=True)
    regions = current_regions()
    years = sorted(drawn["period"].astype(str).unique())
    totals = drawn.groupby("region_name")["events"].sum()
    with_any = int((totals > 0).sum())
    top = totals.idxmax()
    floor = bool(drawn.loc[drawn["region_name"] == top, "floor"].any())
    title = (f"{with_any} of the 20 regions have a reported event; {top} has the most, "
             f"{'≥' if floor else ''}{int(totals[top])}")
    rows, cols = regions["row"].max() + 1, regions["col"].max() + 1
    peak = max(1, int(drawn["events"].max(skipna=True) or 1))
    with matplotlib.rc_context({**MPL_RC, "font.size": FONT_PT}):
        inches = PRINT_MM / 25.4
        fig = MplFigure(figsize=(inches, inches * ASPECTS["square"]))
        axes = fig.subplots(rows, cols, sharex=True, sharey=True)
        drawn_kinds = set()
        for ax in axes.flat:
            ax.set_axis_off()
        for region in regions.itertuples():
            ax = axes[region.row, region.col]
            ax.set_axis_on()
            rows_ = drawn[drawn["region_name"] == region.region]
            values = rows_.set_index(rows_["period"].astype(str)).reindex(years)
            for i in range(len(years)):
                if pd.isna(values["events"].iloc[i]):
                    ax.axvspan(i - 0.5, i + 0.5, color=NO_DATA_COLOUR, lw=0)
            heights = values["events"].astype("Float64").fillna(0).astype(float)
            floor = values["floor"].fillna(False).astype(bool)
            for i, (h, f) in enumerate(zip(heights, floor)):
                if h > 0:
                    ax.bar(i, h, width=0.75, **(MPL_FLOOR if f else {"color": PALETTE[0], "linewidth": 0}))
                    drawn_kinds.add("floor" if f else "solid")
            if values["events"].isna().any():
                drawn_kinds.add("none")
            ax.set_title(region.label, fontsize=FONT_PT, loc="left", pad=2)
            ax.text(0.98, 0.97, f"{'≥' if floor.any() else ''}{int(heights.sum())}", transform=ax.transAxes,
                    ha="right", va="top", fontsize=FONT_PT, fontweight="bold", color=MUTED)
            ax.set_xticks(range(len(years)), [f"'{y[2:]}" for y in years], fontsize=FONT_PT)
            ax.tick_params(axis="y", labelsize=FONT_PT, length=2)
            ax.tick_params(axis="x", length=0)
            ax.set_ylim(0, peak * 1.1)
            ax.set_xlim(-0.5, len(years) - 0.5)
            ax.spines[["top", "right"]].set_visible(False)
        fig.suptitle(title, x=0.01, y=0.99, ha="left", va="top", fontsize=10, fontweight="bold")
        fig.text(0.01, 0.955, "\n".join(wrap([
            "Reported events per year in each region, placed as on the tile map; top right, the total.",
            accounting_line(counts, "events of every type")], 118)), fontsize=FONT_PT, color=MUTED, va="top")
        fig.text(0.01, 0.01, "\n".join(wrap(sources(ds, ds.events), 118)), fontsize=FONT_PT, color=MUTED)
        fig.tight_layout(rect=(0, 0.14, 1, 0.92), h_pad=0.6, w_pad=0.4)
        # Under the panels, as under every figure: the key (the kinds drawn), then the source line.
        mpl_certainty_key(fig, [kind for kind in KEY_ITEMS if kind in drawn_kinds], 0.125, FONT_PT)
    return Figure("fig09-regions-small-multiples", "events per year in each of the 20 regions, small "
                  "multiples for print", fig, drawn)


PRISONER_KINDS = ("prison", "pretrial", "psychiatric", "house_arrest")


def prisoners_figure(ds: Dataset, start: str, end: str) -> Figure:
    """People held (deprived of liberty) on the first of each month, with reports' stated totals."""
    stock = trends.custody_stock(ds.custody_spells, ds.reports, start, end, PRISONER_KINDS)
    stated = ds.stated_totals[ds.stated_totals["custody"] == "all"]
    compared = custody.compare_totals(ds.custody_spells, ds.status_observations, stated)
    compared = compared[(compared["as_of"] >= start) & (compared["as_of"] <= end)]
    last = stock[stock["date"] == stock["date"].max()]
    unknown, held = int(last["start_unknown"].sum()), int(last["people"].sum())
    floor = not bool(last["covered"].all())
    spells = ds.custody_spells
    in_kinds = spells["custody"].isin(PRISONER_KINDS)
    counts = {"total": spells["person_id"].nunique(),
              "held only in other ways (administrative arrest, restricted liberty)":
                  spells["person_id"].nunique() - spells.loc[in_kinds, "person_id"].nunique(),
              "shown": spells.loc[in_kinds, "person_id"].nunique()}
    title = (f"{'At least ' if floor else ''}{held} people were held for political reasons on "
             f"{pd.Timestamp(last['date'].iloc[0]):%-d %B %Y}")
    spans = trends.source_spans(ds.reports, start, end)
    # The strip alone names the change of source: a note at the top would run into the stated totals.
    body = charts.custody_stock(stock, compared, PRISONER_KINDS, start, end)
    chart = finish(body, title, [
                       ("People held in custody for political reasons on the first of each month: named people in "
                        "prison, pre-trial detention, a psychiatric hospital or under house arrest "
                        "(data/clean/custody_spells.csv)."),
                       ("A spell counts from its start (or the first statement naming the person) to its end, "
                        "its term or the last report, never beyond the evidence. Diamonds: totals a report states."),
                       (f"On the last day shown, {unknown} of the {held} are held on a status statement alone "
                        "(start not told)."),
                       SOURCE_STRIP, accounting_line(counts, "people in the custody register"),
                   ],
                   source_line(ds.custody_spells["source_report_ids"].str.split(";").explode(), ds.reports),
                   strip=charts.coverage_strip(spans, body.width))  # the strip draws grey: the whole key
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

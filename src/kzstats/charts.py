"""The chart types of the notebooks and briefing figures, in the house theme (theme.py).

Each builder takes a tidy table from trends.py and returns an altair chart; `theme.finish`
adds title, subtitle and source line. Periods no report covers are drawn grey ("no data"),
never as zero bars; counts told only by a retrospective list are drawn paler.
"""

import altair as alt
import pandas as pd

from kzstats.regions import current_regions
from kzstats.theme import HEIGHT, MUTED, NO_DATA_COLOUR, PALETTE, SEQUENTIAL, WIDTH

PERIOD_WORD = {"M": "month", "Q": "quarter", "Y": "year"}
COVERED, NOT_COVERED = "period covered by a report", "period no report covers (a floor)"
LAST = ("other articles", "article not reported")  # placeholder rows go to the bottom
KIND_LABELS = {"monitoring": "monitoring report", "thematic": "thematic report",
               "retrospective": "retrospective list"}


def _with_time(table: pd.DataFrame) -> pd.DataFrame:
    """Add period_start/period_end timestamps and a text label to a table with `period`."""
    periods = table["period"]
    return table.assign(period_start=periods.dt.start_time, period_end=periods.dt.end_time.dt.normalize()
                        + pd.Timedelta(days=1), period_label=periods.astype(str), period=periods.astype(str))


def no_data_bands(table: pd.DataFrame) -> alt.Chart:
    """Grey bands over the runs of periods no report covers (one band per run, so no seams)."""
    periods = _with_time(table.drop_duplicates("period").sort_values("period"))
    periods["run"] = (periods["covered"] != periods["covered"].shift()).cumsum()
    gaps = (periods[~periods["covered"]].groupby("run")
            .agg(start=("period_start", "min"), end=("period_end", "max"),
                 first=("period_label", "first"), last=("period_label", "last")).reset_index(drop=True))
    gaps["label"] = gaps["first"].where(gaps["first"] == gaps["last"], gaps["first"] + " to " + gaps["last"])
    return alt.Chart(gaps).mark_rect(color=NO_DATA_COLOUR).encode(
        x="start:T", x2="end:T", tooltip=[alt.Tooltip("label:N", title="no report covers")])


def over_time(table: pd.DataFrame, by: str, unit: str = "events", freq: str = "M",
              colours=PALETTE, categories=None) -> alt.LayerChart:
    """Stacked bars of `unit` per period and `by`, over grey bands where nothing is covered."""
    data = _with_time(table.dropna(subset=[unit]))
    data = data[data[unit] > 0].assign(
        source=lambda t: t["covered"].map({True: COVERED, False: NOT_COVERED}))
    domain = list(categories) if categories is not None else sorted(table[by].unique())
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("period_start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        x2="period_end:T",
        y=alt.Y(f"sum({unit}):Q", title=unit, stack="zero"),
        color=alt.Color(f"{by}:N", title=None, scale=alt.Scale(domain=domain, range=list(colours))),
        opacity=alt.Opacity("source:N", legend=None, scale=alt.Scale(
            domain=[COVERED, NOT_COVERED], range=[1.0, 0.45])),
        order=alt.Order(f"{by}:N"),
        tooltip=[alt.Tooltip("period_label:N", title=PERIOD_WORD[freq]), alt.Tooltip(f"{by}:N"),
                 alt.Tooltip(f"{unit}:Q"), alt.Tooltip("source:N", title="coverage"),
                 alt.Tooltip("share_covered:Q", title="share of period covered", format=".0%")],
    )
    totals = alt.Chart(data).transform_aggregate(
        total=f"sum({unit})", groupby=["period_start", "period_end"]).transform_calculate(
        middle="(toNumber(datum.period_start) + toNumber(datum.period_end)) / 2").mark_text(
        dy=-6, fontSize=9, color=MUTED).encode(x="middle:T", y="total:Q", text="total:Q")
    return alt.layer(no_data_bands(table), bars, totals).properties(width=WIDTH, height=HEIGHT)


def heatmap(table: pd.DataFrame, by: str, unit: str = "events", categories=None,
            title_by: str | None = None) -> alt.LayerChart:
    """Periods across, categories down; colour and number = count; grey = no data."""
    data = _with_time(table).assign(value=lambda t: t[unit].astype("Float64"))
    data["text"] = data["value"].map(lambda v: "" if pd.isna(v) else f"{int(v)}")
    data["state"] = data["value"].map(lambda v: "no data" if pd.isna(v) else ("zero" if v == 0 else "counted"))
    data["source"] = data["covered"].map({True: COVERED, False: NOT_COVERED})
    order = list(categories) if categories is not None else list(dict.fromkeys(table[by]))
    x = alt.X("period_label:O", title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y(f"{by}:N", title=title_by, sort=order)
    tooltip = [alt.Tooltip("period_label:N", title="period"), alt.Tooltip(f"{by}:N", title=title_by or by),
               alt.Tooltip("text:N", title=unit), alt.Tooltip("share_covered:Q",
               title="share of period covered", format=".0%")]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    empty = base.transform_filter("datum.state == 'no data'").mark_rect(color=NO_DATA_COLOUR)
    zeros = base.transform_filter("datum.state == 'zero'").mark_rect(color="white", stroke="#d9d9d9")
    cells = base.transform_filter("datum.state == 'counted'").mark_rect().encode(
        color=alt.Color("value:Q", title=unit, scale=alt.Scale(scheme=SEQUENTIAL, domainMin=0),
                        legend=alt.Legend(orient="right", direction="vertical", gradientLength=120)),
        opacity=alt.Opacity("source:N", legend=None, scale=alt.Scale(domain=[COVERED, NOT_COVERED],
                                                                     range=[1.0, 0.5])))
    labels = base.transform_filter("datum.state != 'no data'").mark_text(fontSize=11).encode(
        text="text:N", color=alt.condition("datum.covered && datum.value > 0.6 * datum.max_value", alt.value("white"),
                                            alt.value("black")))
    labels = labels.transform_joinaggregate(max_value="max(value)")
    step = max(24, min(60, WIDTH // max(1, data["period_label"].nunique())))
    return alt.layer(empty, zeros, cells, labels).properties(width=alt.Step(step), height=alt.Step(22))


def lengths_strip(lengths: pd.DataFrame, order=None) -> alt.LayerChart:
    """Each sentence as a dot on its article's row; a tick marks the median."""
    data = lengths.drop_duplicates(["event_id", "article_label"]).assign(
        type_label=lambda t: t["sentence_type"].str.replace("_", " "),
        date_label=lambda t: pd.to_datetime(t["event_date"]).dt.strftime("%Y-%m-%d").fillna("no date"))
    if order is None:
        medians = data.groupby("article_label")["length"].median().sort_values(ascending=False, kind="stable")
        order = [a for a in medians.index if a not in LAST] + [a for a in LAST if a in medians.index]
    y = alt.Y("article_label:N", title=None, sort=order)
    colour = alt.Color("type_label:N", title=None, scale=alt.Scale(range=list(PALETTE)))
    dots = alt.Chart(data).mark_circle(size=70, opacity=0.75).encode(
        x=alt.X("length:Q", title=f"length of sentence ({data['unit'].iloc[0]})" if len(data) else None),
        y=y, yOffset=alt.YOffset("type_label:N"), color=colour,
        tooltip=["person_name:N", alt.Tooltip("date_label:N", title="date"), "type_label:N",
                 "length:Q", "article_label:N", "source_report_ids:N"])
    medians = alt.Chart(data).mark_tick(thickness=2, size=14, color="black").encode(
        x="median(length):Q", y=y, yOffset=alt.YOffset("type_label:N"),
        tooltip=[alt.Tooltip("median(length):Q", title="median"), alt.Tooltip("count():Q", title="cases")])
    return alt.layer(dots, medians).properties(width=WIDTH, height=alt.Step(16))


def share_bars(table: pd.DataFrame, what: str = "extremism articles") -> alt.LayerChart:
    """Share per period as bars, with the number of cases it is a share of written above."""
    data = table.assign(period_label=table["period"].astype(str), period=table["period"].astype(str),
                        label=lambda t: t["extremism_cases"].astype(str) + " of " + t["cases"].astype(str))
    data = data[data["cases"] > 0]
    x = alt.X("period_label:O", title=None, axis=alt.Axis(labelAngle=0))
    bars = alt.Chart(data).mark_bar(color=PALETTE[0], size=34).encode(
        x=x, y=alt.Y("share:Q", title=f"share of cases under {what}", axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("period_label:N", title="period"), alt.Tooltip("share:Q", format=".0%"),
                 "cases:Q", "extremism_cases:Q", alt.Tooltip("no_article:Q", title="article not reported")])
    text = alt.Chart(data).mark_text(dy=-8, fontSize=11, color=MUTED).encode(x=x, y="share:Q", text="label:N")
    return alt.layer(bars, text).properties(width=alt.Step(70), height=HEIGHT)


def tile_map(counts: pd.DataFrame, unit: str = "events") -> alt.LayerChart:
    """A tile-grid map of today's 20 units, coloured by `unit` (a table with region_iso)."""
    tiles = current_regions().merge(counts[["region_iso", unit]], on="region_iso", how="left")
    tiles[unit] = tiles[unit].fillna(0).astype(int)
    tiles["count_label"] = tiles[unit].astype(str)
    base = alt.Chart(tiles).encode(
        x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None),
        tooltip=[alt.Tooltip("region:N"), alt.Tooltip(f"{unit}:Q")])
    rects = base.mark_rect(stroke="white", strokeWidth=3).encode(
        color=alt.Color(f"{unit}:Q", title=unit, scale=alt.Scale(scheme=SEQUENTIAL, domainMin=0),
                        legend=alt.Legend(orient="right", direction="vertical", gradientLength=120)))
    dark = alt.condition(f"datum['{unit}'] > 0.6 * datum.max_value", alt.value("white"), alt.value("black"))
    names = base.mark_text(dy=-9, fontSize=10).encode(text="label:N", color=dark).transform_joinaggregate(
        max_value=f"max({unit})")
    numbers = base.mark_text(dy=9, fontSize=14, fontWeight="bold").encode(
        text="count_label:N", color=dark).transform_joinaggregate(max_value=f"max({unit})")
    return alt.layer(rects, names, numbers).properties(width=alt.Step(108), height=alt.Step(62))


def coverage_bars(months: pd.DataFrame) -> alt.Chart:
    """One row per report: the months its period spans, coloured by the kind of coverage."""
    data = months.assign(start=months["month"].dt.start_time,
                         end=months["month"].dt.end_time.dt.normalize() + pd.Timedelta(days=1),
                         month_label=months["month"].astype(str), month=months["month"].astype(str),
                         kind=months["coverage"].map(KIND_LABELS))
    return alt.Chart(data).mark_bar(height=16).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")), x2="end:T",
        y=alt.Y("report_id:N", title=None),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(
            domain=list(KIND_LABELS.values()), range=[PALETTE[0], PALETTE[1], "#b3b3b3"])),
        tooltip=["report_id:N", alt.Tooltip("month_label:N", title="month"), "kind:N",
                 alt.Tooltip("share_covered:Q", title="share of month covered", format=".0%")],
    ).properties(width=WIDTH, height=alt.Step(26))


def with_dropdown(chart: alt.Chart, field: str, options, name: str) -> alt.Chart:
    """Add a dropdown (All, or one value of `field`) that filters the chart: for exploring."""
    options = [None, *options]
    choice = alt.param(name=field.replace("_", "") + "choice", value=None, bind=alt.binding_select(
        options=options, labels=["All", *options[1:]], name=f"{name} "))
    return chart.add_params(choice).transform_filter(f"{choice.name} === null || datum['{field}'] === {choice.name}")


def yearly_bars_to_choose(table: pd.DataFrame, field: str, name: str, unit: str,
                          colour: str | None = None) -> alt.Chart:
    """Bars of `unit` per year (column `year`) for one value of `field` at a time, chosen in a
    dropdown (All by default); coloured by `colour` if given. For exploring in the notebooks."""
    encoding = {"x": alt.X("year:O", title=None), "y": alt.Y(f"sum({unit}):Q", title=unit),
                "tooltip": [f"{field}:N", "year:O", *([f"{colour}:N"] if colour else []), f"{unit}:Q"]}
    if colour:
        encoding["color"] = alt.Color(f"{colour}:N", title=None, legend=alt.Legend(columns=3))
    bars = alt.Chart(table).mark_bar().encode(**encoding).properties(width=400, height=210)
    return with_dropdown(bars, field, sorted(table[field].unique()), name)


def custody_stock(stock: pd.DataFrame, totals: pd.DataFrame | None = None,
                  kinds=None) -> alt.LayerChart:
    """People held on the first of each month, stacked by kind of custody; bars on days no
    monitoring or thematic report covers are floors (paler). A report's stated totals are drawn
    as black diamonds with their number, beside the register's own bar."""
    domain = list(kinds) if kinds is not None else sorted(stock["custody"].unique())
    labels = [k.replace("_", " ") for k in domain]
    data = stock[stock["people"] > 0].assign(
        kind=lambda t: t["custody"].str.replace("_", " "),
        end=lambda t: t["date"] + pd.offsets.MonthBegin(1),
        source=lambda t: t["covered"].map({True: COVERED, False: NOT_COVERED}))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")), x2="end:T",
        y=alt.Y("sum(people):Q", title="people held on the 1st of the month", stack="zero"),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=labels, range=list(PALETTE))),
        opacity=alt.Opacity("source:N", legend=None, scale=alt.Scale(
            domain=[COVERED, NOT_COVERED], range=[1.0, 0.45])),
        order=alt.Order("kind:N"),
        tooltip=[alt.Tooltip("date:T", format="%d %B %Y"), "kind:N", "people:Q",
                 alt.Tooltip("start_unknown:Q", title="of them, start not told"),
                 alt.Tooltip("source:N", title="coverage")])
    layers = [bars]
    if totals is not None and len(totals):
        stated = totals.assign(date=pd.to_datetime(totals["as_of"]),
                               label=lambda t: "stated: " + t["stated"].astype(str))
        marks = alt.Chart(stated).encode(x="date:T", y="stated:Q", tooltip=[
            alt.Tooltip("claim_id:N", title="claim"), alt.Tooltip("custody:N"),
            alt.Tooltip("stated:Q", title="the report states"),
            alt.Tooltip("register:Q", title="the register counts")])
        layers += [marks.mark_point(shape="diamond", filled=True, size=80, color="black"),
                   marks.mark_text(align="right", dx=-8, fontSize=10, color="black").encode(text="label:N")]
    return alt.layer(*layers).properties(width=WIDTH, height=HEIGHT)

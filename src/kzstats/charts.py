"""The chart types of the notebooks and briefing figures, in the house theme (theme.py).

Each builder takes a tidy table from trends.py and returns an altair chart; `theme.finish`
adds title, subtitle, the certainty key and source line. One grammar for certainty: a count
that rests on monitoring is solid; a floor (told by the retrospective list, or for a month no
monitoring or thematic report covers) is an outline, labelled '≥'; a period no report covers is
a grey band ("no data"), never a zero bar. Fading is not used: a pale bar reads as a smaller one.
"""

import altair as alt
import pandas as pd

from kzstats.regions import NOT_PLACED, current_regions
from kzstats.theme import (
    FLOOR_STROKE,
    HEIGHT,
    MIN_FONT,
    MUTED,
    NO_DATA_COLOUR,
    PALETTE,
    SEQUENTIAL,
    WIDTH,
)

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


def _floor_state(data: pd.DataFrame) -> pd.Series:
    """True where a count is a floor (column `floor`, else: the period no report covers)."""
    if "floor" in data:
        return data["floor"].astype(bool)
    return ~data["covered"].astype(bool)


def period_axis_labels(table: pd.DataFrame, freq: str = "Y") -> dict[str, str]:
    """'2017|3/12 mo.' per period: the coverage strip on a yearly axis (months_covered: months a
    monitoring or thematic report covers all or part of, whose counts are drawn solid); a period
    none touches says where its counts come from: 'list only'."""
    periods = table.drop_duplicates("period")
    months = {"Y": 12, "Q": 3, "M": 1}[freq]
    labels = {}
    for period, covered in zip(periods["period"].astype(str), periods["months_covered"]):
        note = "list only" if covered == 0 else "all monitored" if covered == months else f"{covered}/{months} mo."
        labels[period] = f"{period}|{note}"
    return labels


STRIP_NAME = "coverage-strip"
SOURCE_WORDS = {"monitoring": "a monitoring or thematic report", "list": "only the retrospective list",
                "none": "no report"}


def year_coverage(spans: pd.DataFrame) -> pd.DataFrame:
    """Per calendar year of source_spans(): its label, in the words of the yearly axes
    (period_axis_labels: '3/12 mo.' monitored, 'all monitored', 'list only') or 'no report', and
    where in the span it lies (start, end, middle)."""
    rows = []
    for year in range(spans["start"].min().year, (spans["end"].max() - pd.Timedelta(days=1)).year + 1):
        first, after = pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year + 1, month=1, day=1)
        inside = spans.assign(start=spans["start"].clip(first, after), end=spans["end"].clip(first, after))
        days = (inside["end"] - inside["start"]).dt.days.groupby(inside["source"]).sum()
        watched = inside[(inside["source"] == "monitoring") & (inside["end"] > inside["start"])]
        months = {m for a, b in zip(watched["start"], watched["end"] - pd.Timedelta(days=1))
                  for m in pd.period_range(a, b, freq="M")}
        note = period_axis_labels(pd.DataFrame({"period": [str(year)], "months_covered": [len(months)]}))[str(year)]
        note = note.split("|")[1]
        if not months and not days.get("list", 0):
            note = "no report"
        start, end = max(first, spans["start"].min()), min(after, spans["end"].max())
        rows.append({"year": str(year), "label": note, "start": start, "end": end, "middle": start + (end - start) / 2})
    return pd.DataFrame(rows)


def coverage_strip(spans: pd.DataFrame, width: int) -> alt.LayerChart:
    """A strip under a chart over time (of the same `width` and time domain): what tells each day,
    in the certainty grammar (solid: a monitoring or thematic report; dashed on grey: only the
    retrospective list, so counts are floors; grey: no report), and under it each year's months
    monitored."""
    data = spans.assign(what=spans["source"].map(SOURCE_WORDS), last=spans["end"] - pd.Timedelta(days=1))
    scale = alt.Scale(domain=[data["start"].min().isoformat(), data["end"].max().isoformat()], padding=0)
    x = alt.X("start:T", title=None, axis=None, scale=scale)
    encoding = {"x": x, "x2": "end:T", "y": alt.value(0), "y2": alt.value(10),
                "tooltip": [alt.Tooltip("what:N", title="told by"), alt.Tooltip("start:T", title="from"),
                            alt.Tooltip("last:T", title="to")]}
    base = alt.Chart(data)
    marks = [base.transform_filter("datum.source == 'monitoring'").mark_rect(color=PALETTE[0]).encode(**encoding),
             base.transform_filter("datum.source == 'list'").mark_rect(
                 fill=NO_DATA_COLOUR, stroke=FLOOR_STROKE, strokeWidth=1.2, strokeDash=[3, 2]).encode(**encoding),
             base.transform_filter("datum.source == 'none'").mark_rect(color=NO_DATA_COLOUR).encode(**encoding)]
    years = year_coverage(spans)
    labels = alt.Chart(years).mark_text(fontSize=MIN_FONT, color=MUTED, baseline="top").encode(
        x=alt.X("middle:T", scale=scale), y=alt.value(15), text="label:N")
    name = alt.Chart(pd.DataFrame({"t": ["sources"]})).mark_text(
        fontSize=MIN_FONT, color=MUTED, align="right", baseline="middle").encode(
        x=alt.value(-6), y=alt.value(5), text="t:N")
    return alt.layer(*marks, labels, name).properties(width=width, height=28, name=STRIP_NAME)


def source_notes(spans: pd.DataFrame, days: int = 540) -> alt.Chart:
    """Where the source changes for a year and a half or more (room for the words), say so at the
    top of the plot: from when no monitoring report covers, and whether the retrospective list
    tells (floors) or nothing does. Shorter changes are the coverage strip's to show."""
    runs = spans.assign(run=spans["source"].eq("monitoring").ne(spans["source"].eq("monitoring").shift()).cumsum())
    runs = runs[runs["source"] != "monitoring"].groupby("run").agg(
        start=("start", "min"), end=("end", "max"), listed=("source", lambda s: (s == "list").any()))
    runs = runs[(runs["end"] - runs["start"]).dt.days >= days]
    runs["label"] = [[f"From {start:%b %Y} no monitoring report:",
                      "only the retrospective list (floors)" if listed else "no data"]
                     for start, listed in zip(runs["start"], runs["listed"])]
    return alt.Chart(runs.reset_index(drop=True)).mark_text(
        align="left", baseline="top", dx=4, fontSize=MIN_FONT, color="black", lineHeight=13).encode(
        x="start:T", y=alt.value(3), text="label")


def _time_axis(start: str | None, end: str | None, field: str = "period_start") -> alt.X:
    """Years along the bottom, from `start` to the day after `end` when given (so every chart over
    time starts where fig01 does)."""
    # No padding (bars get some by default): the coverage strip under the chart lines up with it.
    scale = alt.Scale(domain=[pd.Timestamp(start).isoformat(), (pd.Timestamp(end) + pd.Timedelta(days=1))
                              .isoformat()], padding=0) if start and end else alt.Undefined
    return alt.X(f"{field}:T", title=None, scale=scale, axis=alt.Axis(format="%Y", tickCount="year"))


def _tallest(data: pd.DataFrame, unit: str) -> float:
    """The largest stack of `unit` in one period."""
    return float(data.groupby("period")[unit].sum().max()) if len(data) else 0.0


def over_time(table: pd.DataFrame, by: str, unit: str = "events", freq: str = "M",
              colours=PALETTE, categories=None, clip: int | None = None, start: str | None = None,
              end: str | None = None, spans: pd.DataFrame | None = None) -> alt.LayerChart:
    """Stacked bars of `unit` per period and `by`, over grey bands where nothing is covered;
    floors (counts told only for uncovered periods) drawn as outlines, totals with '≥'. With
    `clip`, the axis stops there: a taller bar is cut, its total written at the top with '▲'.
    With `spans` (source_spans()), a year or more without monitoring is named at the top."""
    data = _with_time(table.dropna(subset=[unit]))
    data = data[data[unit] > 0].assign(floor=lambda t: _floor_state(t),
                                       source=lambda t: _floor_state(t).map({False: COVERED, True: NOT_COVERED}))
    # Categories read as words in the key and tooltips ("pretrial detention", not the code's name).
    data[by] = data[by].astype(str).str.replace("_", " ")
    domain = [str(c).replace("_", " ") for c in
              (list(categories) if categories is not None else sorted(table[by].unique()))]
    x = _time_axis(start, end)
    yscale = alt.Scale(domain=[0, clip], clamp=True) if clip else alt.Undefined
    encoding = {
        "x": x, "x2": "period_end:T", "y": alt.Y(f"sum({unit}):Q", title=unit, stack="zero", scale=yscale),
        "color": alt.Color(f"{by}:N", title=None, scale=alt.Scale(domain=domain, range=list(colours))),
        "order": alt.Order(f"{by}:N"),
        "tooltip": [alt.Tooltip("period_label:N", title=PERIOD_WORD[freq]), alt.Tooltip(f"{by}:N"),
                 alt.Tooltip(f"{unit}:Q"), alt.Tooltip("source:N", title="coverage"),
                 alt.Tooltip("share_covered:Q", title="share of period covered", format=".0%")]}
    base = alt.Chart(data)
    solid = base.transform_filter("!datum.floor").mark_bar().encode(**encoding)
    floors = base.transform_filter("datum.floor").mark_bar(filled=False, strokeWidth=1.5, strokeDash=[3, 1.5],
                                                           fill="white").encode(
        **encoding)
    totals = base.transform_aggregate(
        total=f"sum({unit})", floor="max(floor)", groupby=["period_start", "period_end"]).transform_calculate(
        middle="(toNumber(datum.period_start) + toNumber(datum.period_end)) / 2",
        label="(datum.floor ? '≥' : '') + format(datum.total, ',')" + (
            f" + (datum.total > {clip} ? ' ▲ axis cut' : '')" if clip else ""),
        shown=f"min(datum.total, {clip or 'datum.total'})").transform_filter(
        # Bars of 1, and bars too short to see against the axis's top (under 2% of it), are read off
        # the axis: their labels would collide with their neighbours'.
        f"datum.total > {max(1.0, 0.02 * (clip or _tallest(data, unit))):g}").mark_text(
        dy=-7, fontSize=MIN_FONT, color=MUTED, align="left" if clip else "center", dx=-4 if clip else 0).encode(
        x="middle:T", y=alt.Y("shown:Q", scale=yscale), text="label:N")
    notes = [] if spans is None else [source_notes(spans)]
    return alt.layer(no_data_bands(table), solid, floors, totals, *notes).properties(width=WIDTH, height=HEIGHT)


def heatmap(table: pd.DataFrame, by: str, unit: str = "events", categories=None,
            title_by: str | None = None, freq: str = "Y", choose: str | None = None) -> alt.LayerChart:
    """Periods across (each with its coverage), categories down. Colour and number = a count
    that rests on monitoring; outline and '≥N' = a floor (outside the colour scale); white 0 =
    covered, none reported; grey = no data. With `choose` (the dropdown's name), a dropdown
    under the chart shows one category at a time ('All': every row, each its own, never summed)."""
    data = _with_time(table).assign(value=lambda t: t[unit].astype("Float64"))
    data["floor"] = _floor_state(data) & data["value"].notna() & (data["value"] > 0)
    data["text"] = [("" if pd.isna(v) else ("≥" if f else "") + f"{int(v)}")
                    for v, f in zip(data["value"], data["floor"])]
    data["state"] = [("no data" if pd.isna(v) else "floor" if f else "zero" if v == 0 else "counted")
                     for v, f in zip(data["value"], data["floor"])]
    data["period_label"] = data["period_label"].map(period_axis_labels(table, freq))
    order = list(categories) if categories is not None else list(dict.fromkeys(table[by]))
    x = alt.X("period_label:O", title=None, axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, '|')",
                                                          labelPadding=4))
    y = alt.Y(f"{by}:N", title=None, sort=order, axis=alt.Axis(labelLimit=230))
    tooltip = [alt.Tooltip("period:N", title="period"), alt.Tooltip(f"{by}:N", title=title_by or by),
               alt.Tooltip("text:N", title=unit), alt.Tooltip("share_covered:Q",
               title="share of period covered", format=".0%")]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    if choose:
        picked = alt.param(name=f"{by.replace('_', '')}choice", value=None, bind=alt.binding_select(
            options=[None, *order], labels=["All", *order], name=f"{choose} "))
        base = base.transform_filter(f"{picked.name} === null || datum['{by}'] === {picked.name}")
    empty = base.transform_filter("datum.state == 'no data'").mark_rect(color=NO_DATA_COLOUR)
    zeros = base.transform_filter("datum.state == 'zero'").mark_rect(color="white", stroke="#d9d9d9")
    floors = base.transform_filter("datum.state == 'floor'").mark_rect(
        fill="white", stroke=FLOOR_STROKE, strokeWidth=1.5, strokeDash=[3, 2], width={"band": 0.86},
        height={"band": 0.78})
    cells = base.transform_filter("datum.state == 'counted'").mark_rect().encode(
        color=alt.Color("value:Q", title=f"{unit} (monitored)", scale=alt.Scale(scheme=SEQUENTIAL, domainMin=0),
                        legend=alt.Legend(orient="top", direction="horizontal", gradientLength=120)))
    labels = base.transform_filter("datum.state != 'no data'").mark_text(fontSize=MIN_FONT).encode(
        text="text:N", color=alt.condition("datum.state == 'counted' && datum.value > 0.6 * datum.max_value",
                                           alt.value("white"), alt.value("black")))
    labels = labels.transform_joinaggregate(max_value="max(value)")
    step = max(24, min(64, WIDTH // max(1, data["period_label"].nunique())))
    # A number of px, not a step per row, so that the row heights grow to fill the figure's aspect;
    # with a dropdown, a step: one row chosen stays one row tall.
    height = alt.Step(22) if choose else 22 * data[by].nunique()
    chart = alt.layer(empty, zeros, floors, cells, labels).properties(width=alt.Step(step), height=height)
    return chart.add_params(picked) if choose else chart


def lengths_strip(lengths: pd.DataFrame, order=None, clip: float | None = None) -> alt.LayerChart:
    """Each sentence as a dot (in years, jittered so none hides another) on its article's row,
    labelled with n; a tick marks the median. Sentences longer than `clip` sit at the edge as
    triangles with their length written beside."""
    data = lengths.assign(
        type_label=lambda t: t["sentence_type"].str.replace("_", " "),
        date_label=lambda t: pd.to_datetime(t["event_date"]).dt.strftime("%Y-%m-%d").fillna("no date"))
    counts = data.groupby("article_label")["event_id"].nunique()
    data["row"] = data["article_label"] + " (n=" + data["article_label"].map(counts).astype(str) + ")"
    if order is None:
        medians = data.groupby("article_label")["length"].median().sort_values(ascending=False, kind="stable")
        order = [a for a in medians.index if a not in LAST] + [a for a in LAST if a in medians.index]
    rows = [f"{a} (n={counts[a]})" for a in order]
    # Spread dots of one length over slots within the row, so that none hides another.
    data["slot"] = data.groupby(["article_label", "length"]).cumcount() % 5
    data["clipped"] = data["length"] > clip if clip else False
    data["shown_length"] = data["length"].clip(upper=clip) if clip else data["length"]
    y = alt.Y("row:N", title=None, sort=rows)
    scale = alt.Scale(domain=[0, clip]) if clip else alt.Scale(zero=True)
    types = sorted(data["type_label"].unique())
    colour = alt.Color("type_label:N", title=None, scale=alt.Scale(domain=types, range=list(PALETTE[:len(types)])))
    x = alt.X("shown_length:Q", title="length of sentence (years)", scale=scale)
    tooltip = ["person_name:N", alt.Tooltip("date_label:N", title="date"), "type_label:N",
               alt.Tooltip("length:Q", title="years", format=".1f"), "article_label:N", "source_report_ids:N"]
    base = alt.Chart(data).encode(x=x, y=y, yOffset=alt.YOffset("slot:O"), color=colour, tooltip=tooltip)
    dots = base.transform_filter("!datum.clipped").mark_circle(size=36, opacity=0.85)
    over = base.transform_filter("datum.clipped").mark_point(shape="triangle-right", filled=True, size=70)
    over_text = alt.Chart(data).transform_filter("datum.clipped").transform_calculate(
        label="format(datum.length, '.0f') + ' years →'").mark_text(
        align="right", dx=-9, fontSize=MIN_FONT, color=MUTED).encode(x=x, y=y, text="label:N")
    medians = alt.Chart(data).mark_tick(thickness=2.5, size=22, color="black").encode(
        x="median(length):Q", y=y,
        tooltip=[alt.Tooltip("median(length):Q", title="median (years)", format=".1f"),
                 alt.Tooltip("count():Q", title="cases")])
    return alt.layer(dots, over, over_text, medians).properties(width=WIDTH - 120, height=30 * len(rows))


def share_bars(table: pd.DataFrame, what: str = "extremism articles") -> alt.LayerChart:
    """Share per period as bars with 'k of n' above; a period whose cases rest in part on the
    retrospective list (or an uncovered month) is an outline, and its axis label says so."""
    data = table.assign(period_label=table["period"].astype(str), period=table["period"].astype(str),
                        label=lambda t: t["extremism_cases"].astype(str) + " of " + t["cases"].astype(str))
    data = data[data["cases"] > 0]
    data["period_label"] = data["period_label"].map(period_axis_labels(table, "Y"))
    data["floor"] = _floor_state(data)
    x = alt.X("period_label:O", title=None, axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, '|')"))
    encoding = {"x": x, "y": alt.Y("share:Q", title=f"share under {what}", axis=alt.Axis(format="%"),
                                 scale=alt.Scale(domain=[0, 1])),
                    "tooltip": [alt.Tooltip("period:N", title="period"), alt.Tooltip("share:Q", format=".0%"),
                             "cases:Q", "extremism_cases:Q",
                             alt.Tooltip("no_article:Q", title="article not reported")]}
    base = alt.Chart(data)
    solid = base.transform_filter("!datum.floor").mark_bar(color=PALETTE[0], width={"band": 0.45}).encode(
        **encoding)
    floors = base.transform_filter("datum.floor").mark_bar(
        fill="white", stroke=PALETTE[0], strokeWidth=2, strokeDash=[4, 2], width={"band": 0.45}).encode(**encoding)
    text = base.mark_text(dy=-8, fontSize=MIN_FONT, color=MUTED).encode(x=x, y="share:Q", text="label:N")
    # A width in px, not a step per year: more years narrow the bars, never widen the figure.
    return alt.layer(solid, floors, text).properties(width=WIDTH, height=HEIGHT)


def tile_map(counts: pd.DataFrame, unit: str = "events") -> alt.LayerChart:
    """A tile-grid map of today's 20 units, coloured by `unit` (a table with region_iso and, if
    given, `floor`). Zero is white with a border, not the palest blue; a floor ('≥') is an
    outline outside the colour scale; a row with no region_iso ('not placed') gets its own
    dashed grey tile, bottom left, outside the scale."""
    tiles = current_regions().merge(counts[counts["region_iso"] != ""].drop(columns="region", errors="ignore"),
                                    on="region_iso", how="left")
    tiles[unit] = tiles[unit].fillna(0).astype(int)
    tiles["floor"] = tiles["floor"].fillna(False).astype(bool) if "floor" in tiles else False
    tiles["state"] = ["zero" if v == 0 else "floor" if f else "counted" for v, f in zip(tiles[unit], tiles["floor"])]
    aside = counts[counts["region_iso"] == ""]
    if len(aside):
        tiles = pd.concat([tiles, pd.DataFrame([{"region": NOT_PLACED, "label": NOT_PLACED, "row": 4, "col": 0,
                                                 unit: int(aside[unit].sum()), "state": "not placed",
                                                 "floor": False}])], ignore_index=True)
    tiles["count_label"] = [("≥" if f else "") + str(v) for v, f in zip(tiles[unit], tiles["floor"])]
    base = alt.Chart(tiles).encode(
        x=alt.X("col:O", axis=None), y=alt.Y("row:O", axis=None),
        tooltip=[alt.Tooltip("region:N"), alt.Tooltip("count_label:N", title=unit)])
    rects = base.transform_filter("datum.state == 'counted'").mark_rect(stroke="white", strokeWidth=3).encode(
        color=alt.Color(f"{unit}:Q", title=f"{unit} (monitored)", scale=alt.Scale(scheme=SEQUENTIAL, domainMin=1),
                        legend=alt.Legend(orient="top", direction="horizontal", gradientLength=120)))
    zeros = base.transform_filter("datum.state == 'zero'").mark_rect(
        fill="white", stroke="#bdbdbd", strokeWidth=1, width={"band": 0.94}, height={"band": 0.9})
    floors = base.transform_filter("datum.state == 'floor'").mark_rect(
        fill="white", stroke=FLOOR_STROKE, strokeWidth=1.5, strokeDash=[3, 2], width={"band": 0.94},
        height={"band": 0.9})
    unplaced = base.transform_filter("datum.state == 'not placed'").mark_rect(
        fill="white", stroke=MUTED, strokeWidth=1.5, strokeDash=[1, 3], width={"band": 0.94},
        height={"band": 0.9})
    counted = tiles["state"] == "counted"
    tiles["dark"] = counted & (tiles[unit] > 0.6 * (tiles.loc[counted, unit].max() if counted.any() else 0))
    base = base.properties(data=tiles)
    dark = alt.condition("datum.dark", alt.value("white"), alt.value("black"))
    names = base.mark_text(dy=-9, fontSize=MIN_FONT).encode(text="label:N", color=dark)
    numbers = base.mark_text(dy=9, fontSize=13, fontWeight="bold").encode(text="count_label:N", color=dark)
    # The legend on top leaves the width to the tiles, so that the longest names fit inside theirs.
    return alt.layer(zeros, floors, unplaced, rects, names, numbers).properties(
        width=alt.Step(112), height=56 * tiles["row"].nunique())  # rows grow to fill the figure's aspect


def coverage_bars(reports: pd.DataFrame, start: str, end: str, months: pd.DataFrame | None = None,
                  spans: pd.DataFrame | None = None) -> alt.LayerChart:
    """One row per report: the days its period spans (so a part-covered month shows part-filled),
    solid for the monitoring and thematic reports that cover their period, an outline for the
    retrospective list, which tells events of its span without monitoring it. Behind them, grey
    bands over the months no monitoring or thematic report covers (`months`: period, covered)."""
    data = reports.assign(start=pd.to_datetime(reports["period_start"]),
                          end=pd.to_datetime(reports["period_end"]) + pd.Timedelta(days=1),
                          kind=reports["coverage"].map(KIND_LABELS),
                          floor=reports["coverage"].eq("retrospective"))
    x = _time_axis(start, end, "start")
    encoding = {"x": x, "x2": "end:T", "y": alt.Y("report_id:N", title=None),
                    "tooltip": ["report_id:N", "kind:N", alt.Tooltip("start:T", title="from", format="%d %b %Y"),
                             alt.Tooltip("period_end:N", title="to")]}
    colour = alt.Color("kind:N", title=None, legend=None, scale=alt.Scale(
        domain=list(KIND_LABELS.values()), range=[PALETTE[0], PALETTE[1], FLOOR_STROKE]))
    base = alt.Chart(data)
    solid = base.transform_filter("!datum.floor").mark_bar(height={"band": 0.6}).encode(color=colour, **encoding)
    floors = base.transform_filter("datum.floor").mark_bar(
        height={"band": 0.6}, fill="white", stroke=FLOOR_STROKE, strokeWidth=1.5, strokeDash=[3, 2]).encode(**encoding)
    labels = base.mark_text(align="left", dx=4, fontSize=MIN_FONT, color=MUTED).encode(
        x="end:T", y=alt.Y("report_id:N"), text="kind:N")
    layers = [solid, floors, labels] if months is None else [no_data_bands(months), solid, floors, labels]
    layers += [] if spans is None else [source_notes(spans)]
    return alt.layer(*layers).properties(width=WIDTH - 60, height=28 * data["report_id"].nunique())


def custody_stock(stock: pd.DataFrame, totals: pd.DataFrame | None = None,
                  kinds=None, start: str | None = None, end: str | None = None,
                  spans: pd.DataFrame | None = None) -> alt.LayerChart:
    """People held on the first of each month, stacked by kind of custody; bars on days no
    monitoring or thematic report covers are floors (outlines). A report's stated totals are drawn
    as black diamonds with their number, beside the register's own bar. From `start` to `end`
    when given (as every chart over time); with `spans`, a long change of source is named."""
    domain = list(kinds) if kinds is not None else sorted(stock["custody"].unique())
    labels = [k.replace("_", " ") for k in domain]
    data = stock[stock["people"] > 0].assign(
        kind=lambda t: t["custody"].str.replace("_", " "),
        end=lambda t: t["date"] + pd.offsets.MonthBegin(1),
        source=lambda t: t["covered"].map({True: COVERED, False: NOT_COVERED}))
    encoding = {
        "x": _time_axis(start, end, "date"), "x2": "end:T",
        "y": alt.Y("sum(people):Q", title="people held on the 1st of the month", stack="zero"),
        "color": alt.Color("kind:N", title=None, scale=alt.Scale(domain=labels, range=list(PALETTE))),
        "order": alt.Order("kind:N"),
        "tooltip": [alt.Tooltip("date:T", format="%d %B %Y"), "kind:N", "people:Q",
                 alt.Tooltip("start_unknown:Q", title="of them, start not told"),
                 alt.Tooltip("source:N", title="coverage")]}
    base = alt.Chart(data.assign(floor=~data["covered"].astype(bool)))
    bars = alt.layer(base.transform_filter("!datum.floor").mark_bar().encode(**encoding),
                     base.transform_filter("datum.floor").mark_bar(filled=False, fill="white", strokeWidth=1.2,
                                                                   strokeDash=[3, 1.5])
                     .encode(**encoding))
    layers = [bars]
    if totals is not None and len(totals):
        stated = totals.assign(date=pd.to_datetime(totals["as_of"]),
                               label=lambda t: "stated: " + t["stated"].astype(str))
        marks = alt.Chart(stated).encode(x="date:T", y="stated:Q", tooltip=[
            alt.Tooltip("claim_id:N", title="claim"), alt.Tooltip("custody:N"),
            alt.Tooltip("stated:Q", title="the report states"),
            alt.Tooltip("register:Q", title="the register counts")])
        layers += [marks.mark_point(shape="diamond", filled=True, size=80, color="black"),
                   marks.mark_text(align="right", dx=-8, fontSize=MIN_FONT, color="black").encode(text="label:N")]
    layers += [] if spans is None else [source_notes(spans)]
    return alt.layer(*layers).properties(width=WIDTH, height=HEIGHT)


def table(frame: pd.DataFrame, percent=(), names: dict | None = None, decimals: int = 1):
    """A table for a report: readable headers, no index, shares as percentages, blanks for
    missing values, long text (quotes) shown whole and wrapped."""
    named = any(name is not None for name in frame.index.names)  # a pivot's rows: kept, as a column
    frame = frame.reset_index(drop=not named)
    frame = frame.assign(**{c: frame[c].astype(str) for c in frame.columns
                            if isinstance(frame[c].dtype, pd.PeriodDtype)})
    # Dates as '3 Jun 2021', kept on one line (no-break spaces), blank where unknown.
    frame = frame.assign(**{c: frame[c].dt.strftime("%-d\u00a0%b\u00a0%Y") for c in frame.columns
                            if pd.api.types.is_datetime64_any_dtype(frame[c])})
    names = {c: (names or {}).get(c, str(c).replace("_", " ")) for c in frame.columns}
    shown = frame.rename(columns=names)
    formats = {names[c]: "{:.0%}" for c in percent if c in names}
    formats.update({names[c]: f"{{:,.{decimals}f}}" for c in frame.columns
                    if c not in percent and pd.api.types.is_float_dtype(frame[c])})
    return (shown.style.hide(axis="index").format(formats, na_rep="").format(na_rep="", subset=[
        n for c, n in names.items() if n not in formats])
        .set_properties(**{"white-space": "normal", "text-align": "left", "max-width": "42em"}))

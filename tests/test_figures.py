"""Briefing figures: every file written, non-empty, the same bytes from the same data."""

import hashlib
import json
import re

import pandas as pd
import pytest

from conftest import run_kzstats
from kzstats import captions, charts, dataset, figures, trends

MAGIC = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<svg"}


@pytest.fixture(scope="module")
def exported(built_project, tmp_path_factory):
    root = built_project
    folder = tmp_path_factory.mktemp("figures")
    result = run_kzstats("figures", "--out", str(folder), root=root)
    assert result.returncode == 0, result.stderr
    return root, folder


@pytest.mark.slow
def test_every_figure_is_written_as_png_svg_pdf_and_csv(exported):
    _, folder = exported
    names = [f.__name__ for f in figures.BRIEFING]
    assert len(list(folder.glob("*.png"))) == len(names)
    for path in folder.glob("*.png"):
        for fmt, magic in MAGIC.items():
            data = path.with_suffix(f".{fmt}").read_bytes()
            assert len(data) > 1000 and magic in data[:200], path.with_suffix(f".{fmt}")
        assert len(pd.read_csv(path.with_suffix(".csv"))) > 0


@pytest.mark.slow
def test_the_same_data_give_byte_identical_figures(exported, tmp_path):
    root, folder = exported
    assert run_kzstats("figures", "--out", str(tmp_path), root=root).returncode == 0

    def digests(where):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(where.iterdir())}

    assert digests(tmp_path) == digests(folder)


@pytest.mark.slow
def test_the_csv_holds_exactly_the_data_drawn(exported):
    root, folder = exported
    ds = dataset.load(root / "data" / "clean")
    figure = figures.detentions_figure(ds, "2017-01-01", "2021-09-30")
    written = pd.read_csv(folder / f"{figure.name}.csv", dtype=str, keep_default_na=False)
    assert len(written) == len(figure.data)
    assert pd.to_numeric(written["events"]).sum() == figure.data["events"].sum()


@pytest.mark.slow
def test_a_month_no_report_covers_is_drawn_as_no_data_not_zero(exported):
    _, folder = exported
    drawn = pd.read_csv(folder / "fig02-detentions-per-month.csv")
    uncovered = drawn[~drawn["covered"]]
    assert len(uncovered) and uncovered["events"].isna().any()
    assert not (uncovered["events"] == 0).any()


def test_figures_without_a_build_say_what_to_run(tmp_path):
    (tmp_path / "kzstats.toml").write_text("")  # a project with nothing built yet
    result = run_kzstats("figures", root=tmp_path)
    assert result.returncode == 1
    assert "kzstats build" in result.stderr and "Traceback" not in result.stderr


def test_the_span_ends_with_the_month_of_the_latest_report_unless_given():
    from types import SimpleNamespace

    reports = pd.DataFrame({"period_end": pd.to_datetime(["2021-09-01", "2022-03-14"])})
    ds = SimpleNamespace(reports=reports)
    assert captions.span(ds) == ("2017-01-01", "2022-03-31")
    assert captions.span(ds, "2019-01-01", "2019-12-31") == ("2019-01-01", "2019-12-31")


# --- What each figure draws, says and prints at -------------------------------------------------

@pytest.fixture(scope="module")
def built(exported):
    """Each figure as built, beside the CSV it wrote (read back as a reader of the files would)."""
    root, folder = exported
    ds = dataset.load(root / "data" / "clean")
    return {f.name: (f, pd.read_csv(folder / f"{f.name}.csv")) for f in figures.briefing_figures(ds)}, folder


def _spec(figure) -> dict:
    return figure.chart.to_dict()


def _title(figure) -> str:
    if not hasattr(figure.chart, "to_dict"):
        return figure.chart._suptitle.get_text()
    text = _spec(figure)["vconcat"][0]["title"]["text"]
    return " ".join(text) if isinstance(text, list) else text


def _texts(figure) -> str:
    """Every word the figure prints: title, subtitle, key and source line."""
    if not hasattr(figure.chart, "to_dict"):
        texts = [figure.chart._suptitle, *figure.chart.texts, *(t for ax in figure.chart.axes for t in ax.texts)]
        return " ".join(" ".join(t.get_text() for t in texts).split())
    # Lines of a wrapped subtitle are items of a list: joined again, a sentence reads whole.
    return " ".join(re.sub(r'",\s*"', " ", json.dumps(_spec(figure), ensure_ascii=False)).split())


def _datasets(figure) -> list[list[dict]]:
    return list(_spec(figure).get("datasets", {}).values())


def _marks(node) -> list[dict]:
    """Every mark definition in a spec, however deeply layered and concatenated."""
    found = []
    if isinstance(node, dict):
        if "mark" in node:
            found.append(node["mark"] if isinstance(node["mark"], dict) else {"type": node["mark"]})
        for value in node.values():
            found += _marks(value)
    elif isinstance(node, list):
        for value in node:
            found += _marks(value)
    return found


def _dicts(node):
    """Every mapping in a nested chart spec, however deeply layered."""
    if isinstance(node, dict):
        yield node
        node = list(node.values())
    if isinstance(node, list):
        for value in node:
            yield from _dicts(value)


def _font_sizes(node) -> list[float]:
    return [value for d in _dicts(node) for key, value in d.items()
            if key.lower().endswith("fontsize") and isinstance(value, int | float)]


@pytest.mark.slow
def test_every_title_is_a_finding_that_the_csv_bears_out(built):
    figs, _ = built
    f, csv = figs["fig02-detentions-per-month"]
    per = csv.groupby("period")["events"].sum()
    assert f"{pd.Period(per.idxmax()):%B %Y}" in _title(f) and f"{int(per.max())} of the {int(per.sum())}" in _title(f)
    f, csv = figs["fig03-people-detained-per-month"]
    per = csv.groupby("period")["people"].sum()
    assert f"{per.max() / per.sum():.0%} of the {int(per.sum()):,} people" in _title(f)
    f, csv = figs["fig04-sentences-by-article"]
    named = csv[~csv["article_label"].isin(["other articles", "article not reported"])]
    per = named.groupby("article_label")[["cases", "monitored"]].sum()
    top = per["cases"].idxmax()
    assert f"Art. {top.split()[0]}" in _title(f) and f"leads with {int(per['cases'].max())} sentences" in _title(f)
    assert f"{int(per.loc[top, 'cases'] - per.loc[top, 'monitored'])} of them" in _title(f)
    f, csv = figs["fig05-sentence-lengths"]
    assert f"{csv.drop_duplicates('event_id')['length'].median():.1f} years" in _title(f)
    f, csv = figs["fig06-extremism-share"]
    assert f"{csv['extremism_cases'].sum()} of {csv['cases'].sum()} sentences" in _title(f)
    assert f"{csv['extremism_cases'].max()} of them are in {csv.loc[csv['extremism_cases'].idxmax(), 'period']}" in _title(f)
    f, csv = figs["fig07-regions-map"]
    csv = csv[csv["region"] != "not placed"]
    top = csv.loc[csv["events"].idxmax()]
    assert _title(f).startswith(top["region"]) and f"{top['events']} of the {csv['events'].sum()}" in _title(f)
    f, csv = figs["fig08-regions-by-year"]
    per = csv.groupby("region_name")["events"].sum().sort_values(ascending=False, kind="stable")
    assert f"{per.index[0]} and {per.index[1]} account for {int(per.iloc[:2].sum())} of the {int(per.sum())}" in _title(f)
    f, csv = figs["fig09-regions-small-multiples"]
    per = csv.groupby("region_name")["events"].sum()
    assert _title(f).startswith(f"{(per > 0).sum()} of the 20 regions") and str(int(per.max())) in _title(f)
    f, csv = figs["fig10-political-prisoners"]
    last = csv[csv["date"] == csv["date"].max()]
    assert f"{last['people'].sum()} people were held" in _title(f)


@pytest.mark.slow
def test_regional_figures_and_monthly_figures_share_one_accounting_line(built):
    figs, _ = built
    lines = {name: re.search(r"Shown: [^.]*\.", _texts(f)).group(0) for name, (f, _) in figs.items()
             if name != "fig05-sentence-lengths"}
    regional = {lines[n] for n in ("fig07-regions-map", "fig08-regions-by-year", "fig09-regions-small-multiples")}
    assert len(regional) == 1 and "not placed" in regional.pop()
    assert lines["fig02-detentions-per-month"] == lines["fig03-people-detained-per-month"]
    shown = int(re.search(r"Shown: (\d+)", lines["fig08-regions-by-year"]).group(1))
    tiles = figs["fig07-regions-map"][1]
    assert shown == figs["fig08-regions-by-year"][1]["events"].sum() == tiles.loc[tiles["region"] != "not placed", "events"].sum()
    assert f"{tiles.loc[tiles['region'] == 'not placed', 'events'].iloc[0]} not placed" in lines["fig07-regions-map"]
    shown = int(re.search(r"Shown: (\d+)", lines["fig02-detentions-per-month"]).group(1))
    assert shown == figs["fig02-detentions-per-month"][1]["events"].sum()


@pytest.mark.slow
def test_the_csv_is_exactly_what_each_chart_draws(built):
    figs, _ = built
    for name, (f, csv) in figs.items():
        if not hasattr(f.chart, "to_dict"):
            assert csv["events"].sum() == sum(p.get_height() for ax in f.chart.axes for p in ax.patches
                                              if p.get_height() < 1e6 and p.get_width() < 1), name
            continue
        if name == "fig01-report-coverage":
            drawn = next(d for d in _datasets(f) if d and "report_id" in d[0])
            assert sorted(r["report_id"] for r in drawn) == sorted(csv["report_id"]), name
            continue
        drawn = max(_datasets(f), key=len)
        unit = next(c for c in ("events", "cases", "people", "length", "extremism_cases") if c in csv)
        if name == "fig03-people-detained-per-month":
            unit = "people"
        kept = [r for r in drawn if r.get(unit) is not None and (r.get("cases", 1) or 0) > 0]
        assert sum(r[unit] for r in kept) == pytest.approx(csv[unit].sum()), name
        if name == "fig05-sentence-lengths":  # one dot per row: no duplicate the chart would drop
            assert len(kept) == len(csv) == len(csv.drop_duplicates(["event_id", "article_label"]))


def _mpl_marks(figure, key: bool = False) -> set[str]:
    """The kinds of mark a matplotlib figure's panels draw (or, with `key`, its key shows): solid
    bars, dashed floors, grey bands."""
    from matplotlib.colors import to_hex

    from kzstats.theme import KEY_NAME, NO_DATA_COLOUR, PALETTE

    kinds = set()
    for patch in (p for ax in figure.chart.axes if (ax.get_label() == KEY_NAME) == key for p in ax.patches):
        if to_hex(patch.get_facecolor()) == PALETTE[0].lower():
            kinds.add("solid")
        elif patch.get_linestyle() not in ("-", "solid") and to_hex(patch.get_facecolor()) == "#ffffff":
            kinds.add("floor")
        elif to_hex(patch.get_facecolor()) == NO_DATA_COLOUR:
            kinds.add("none")
    return kinds


@pytest.mark.slow
def test_no_figure_claims_a_style_it_does_not_draw(built):
    figs, _ = built
    for name, (f, csv) in figs.items():
        words = _texts(f).lower()
        assert "pale" not in words, name  # fading is not part of the grammar
        if not hasattr(f.chart, "to_dict"):
            assert _mpl_marks(f, key=True) == _mpl_marks(f), name  # the key names exactly the marks drawn
            continue
        marks = _marks(_spec(f))
        assert not any("opacity" in json.dumps(m) and m.get("opacity", 1) < 0.6 for m in marks), name
        outline = any(m.get("strokeDash") or m.get("filled") is False for m in marks if m["type"] in ("bar", "rect"))
        if "floor" in csv and csv["floor"].any():
            assert outline and "≥" in words, name
        grey = any(m.get("color") == "#e6e6e6" for m in marks)
        assert grey or "no data (never zero)" not in words, name  # the key names only what is drawn
        assert outline or "≥ floor" not in words, name
        counted = csv.filter(["events", "cases"])
        if "covered" in csv and len(counted.columns) and (~csv["covered"] & counted.iloc[:, 0].isna()).any():
            assert any(m.get("color") == "#e6e6e6" for m in marks), name


def _page_sizes(folder, name) -> dict[str, tuple[float, float]]:
    """Each exported file's width and height in points, as a printer or a layout program reads them."""
    from PIL import Image

    png = Image.open(folder / f"{name}.png")
    dpi = png.info["dpi"]
    svg = re.search(r'<svg[^>]*?width="([\d.]+)pt" height="([\d.]+)pt"', (folder / f"{name}.svg").read_text())
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", (folder / f"{name}.pdf").read_bytes())
    return {"png": (png.size[0] / dpi[0] * 72, png.size[1] / dpi[1] * 72),
            "svg": (float(svg.group(1)), float(svg.group(2))), "pdf": (float(box.group(1)), float(box.group(2)))}


@pytest.mark.slow
def test_every_figure_is_170_mm_wide_and_of_a_named_aspect_in_every_format(built):
    from PIL import Image

    from kzstats.theme import ASPECTS, PNG_DPI, PNG_SCALE, PRINT_MM, PRINT_WIDTH

    figs, folder = built
    pixels = set()
    for name in figs:
        png = Image.open(folder / f"{name}.png")
        pixels.add(png.size[0])
        assert png.info["dpi"][0] == pytest.approx(PNG_DPI, abs=0.05), name
        aspect = png.size[1] / png.size[0]
        assert min(abs(aspect - share) for share in ASPECTS.values()) <= 1 / png.size[0], (name, png.size)
        for fmt, (width, height) in _page_sizes(folder, name).items():
            assert width / 72 * 25.4 == pytest.approx(PRINT_MM, abs=0.1), (name, fmt, width)
            assert height / width == pytest.approx(aspect, abs=1.5 / png.size[0]), (name, fmt, height)
    assert pixels == {PRINT_WIDTH * PNG_SCALE}


@pytest.mark.slow
def test_every_figure_prints_its_text_at_7_pt_or_more_at_170_mm(built):
    from kzstats.theme import MIN_FONT, PRINT_PT, PRINT_WIDTH

    figs, folder = built
    for name, (f, _) in figs.items():
        printed = _page_sizes(folder, name)["pdf"][0]
        assert printed == pytest.approx(PRINT_PT, abs=0.1), name
        if hasattr(f.chart, "to_dict"):
            smallest = min(_font_sizes(_spec(f)) + [MIN_FONT])  # in px of a PRINT_WIDTH-px figure
            assert smallest >= MIN_FONT, name
            assert smallest * printed / PRINT_WIDTH >= 7, name
        else:
            drawn = f.chart.get_figwidth() * 72  # points, as drawn
            smallest = min(t.get_fontsize() for t in f.chart.findobj(lambda o: hasattr(o, "get_fontsize"))
                           if t.get_text())
            assert smallest * printed / drawn >= 7, (name, smallest)


def _rows_of(spec: dict, view: dict) -> list[dict]:
    """The rows of every dataset a view (and its layers) draws from."""
    names = {m for m in re.findall(r'"name": "(data-[0-9a-f]+)"', json.dumps(view))}
    return [row for name in sorted(names) for row in spec["datasets"][name]]


def _time_encodings(node) -> list[dict]:
    """Every x encoding on a time axis with a scale of its own, however deeply layered."""
    xs = [d["encoding"].get("x") for d in _dicts(node) if isinstance(d.get("encoding"), dict)]
    return [x for x in xs if isinstance(x, dict) and x.get("type") == "temporal" and "scale" in x]


@pytest.mark.slow
def test_monthly_charts_show_under_the_axis_what_tells_each_day_and_each_years_months_monitored(built, exported):
    from kzstats.charts import STRIP_NAME

    figs, _ = built
    root, _ = exported
    reports = pd.read_csv(root / "data" / "clean" / "reports.csv", parse_dates=["period_start", "period_end"])
    end = pd.Timestamp(figs["fig01-report-coverage"][1]["period_end"].max()) + pd.offsets.MonthEnd(0)
    days = pd.date_range("2017-01-01", end)
    told = pd.Series("none", index=days)  # day by day: what tells it, recomputed from the reports
    for report in reports.sort_values("coverage", key=lambda c: c != "retrospective").itertuples():
        told[(days >= report.period_start) & (days <= report.period_end)] = (
            "list" if report.coverage == "retrospective" else "monitoring")
    heatmap = dict(label.split("|") for label in
                   {r["period_label"] for r in _datasets(figs["fig04-sentences-by-article"][0])[0]})
    unmonitored = told[told != "monitoring"].index.to_series()
    runs = unmonitored.groupby(unmonitored.diff().ne(pd.Timedelta(days=1)).cumsum().to_numpy()).agg(["min", "size"])
    for name in ("fig01-report-coverage", "fig02-detentions-per-month", "fig03-people-detained-per-month",
                 "fig10-political-prisoners"):
        spec = _spec(figs[name][0])
        (strip,) = [part for part in spec["vconcat"] if part.get("name") == STRIP_NAME]
        rows = _rows_of(spec, strip)
        # Drawn on the chart's own time axis: the same domain, and neither padded, so the two line up.
        scales = [x["scale"] for view in (spec["vconcat"][0], strip) for x in _time_encodings(view)]
        assert len({json.dumps(scale, sort_keys=True) for scale in scales}) == 1, (name, scales)
        assert scales[0].get("padding") == 0 and scales[0]["domain"][0].startswith("2017-01-01"), name
        drawn = pd.Series("", index=days)
        for run in (r for r in rows if "source" in r):
            drawn[(days >= pd.Timestamp(run["start"])) & (days < pd.Timestamp(run["end"]))] = run["source"]
        assert (drawn == told).all(), name
        labels = {r["year"]: r["label"] for r in rows if "label" in r}
        assert sorted(labels) == sorted({str(y) for y in days.year}), name
        for year, note in labels.items():
            # Months with at least one monitored day: the months whose counts are drawn solid.
            months = told[year][told[year] == "monitoring"].index.month.nunique()
            expected = ("all monitored" if months == 12 else f"{months}/12 mo." if months else
                        "list only" if (told[year] == "list").any() else "no report")
            assert note == expected, (name, year, note)
            assert heatmap.get(year, note) == note, (name, year)  # the yearly figures say the same
        # A change of source that lasts a year and a half is named on the chart, from its first month
        # (fig10's strip alone names it: a note would run into the totals reports state).
        assert (runs["size"] >= 540).any()
        for begins in runs.loc[runs["size"] >= 540, "min"] if name != "fig10-political-prisoners" else []:
            assert f"From {begins:%b %Y} no monitoring report:" in json.dumps(spec, ensure_ascii=False), (name, begins)


def _colours_drawn_together(figure) -> set[str]:
    """The colours a figure fills marks with or assigns to categories (its colour scales' ranges,
    as far as their domains reach), white and the no-data grey aside."""
    from matplotlib.colors import to_hex

    from kzstats.theme import NO_DATA_COLOUR

    found = set()
    if not hasattr(figure.chart, "to_dict"):
        found = {to_hex(p.get_facecolor()) for ax in figure.chart.axes for p in ax.patches}
    else:
        def walk(node):
            if isinstance(node, dict):
                scale = node.get("scale") if isinstance(node.get("scale"), dict) else {}
                if isinstance(scale.get("range"), list) and isinstance(scale.get("domain"), list):
                    found.update(scale["range"][:len(scale["domain"])])
                mark = node.get("mark")
                if isinstance(mark, dict) and mark.get("type") != "text":
                    found.update(v for k, v in mark.items() if k in ("color", "fill") and isinstance(v, str))
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(_spec(figure))
    named = {"white": "#ffffff", "black": "#000000"}
    return {named.get(c.lower(), c.lower()) for c in found} - {"#ffffff", NO_DATA_COLOUR}


@pytest.mark.slow
def test_the_colours_of_each_figure_stay_apart_for_readers_with_a_colour_vision_deficiency(built):
    import itertools

    from kzstats.colourvision import difference
    from kzstats.theme import NO_DATA_COLOUR
    from test_palette import MIN_DIFFERENCE, VISIONS

    figs, _ = built
    for name, (f, _) in figs.items():
        colours = _colours_drawn_together(f)
        assert colours, name
        for vision in VISIONS:  # the floors' outline counts as a colour where a scale assigns it
            for first, second in itertools.combinations(sorted(colours), 2):
                assert difference(first, second, vision) >= MIN_DIFFERENCE, (name, first, second, vision)
            for colour, ground in itertools.product(sorted(colours), ("#ffffff", NO_DATA_COLOUR)):
                assert difference(colour, ground, vision) >= MIN_DIFFERENCE, (name, colour, ground, vision)


def test_the_accounting_line_counts_each_event_once_and_says_why_the_rest_are_not_shown():
    day = pd.Timestamp
    events = pd.DataFrame({
        "event_id": ["a", "a", "b", "c", "d", "e"],  # a twice: one event under two articles
        "event_date": [day("2018-03-01"), day("2018-03-01"), pd.NaT, day("2016-05-01"), day("2019-01-01"),
                       day("2019-02-01")],
        "event_date_end": [day("2018-03-01"), day("2018-03-01"), pd.NaT, day("2016-05-01"), day("2019-12-31"),
                           day("2019-02-01")],
        "region_iso": ["KZ-75", "KZ-75", "", "KZ-75", "KZ-71", ""]})
    counts = captions.accounting(events, "2017-01-01", "2021-09-30", "M", placed=True)
    assert counts == {"total": 5, "undated": 2, "outside": 1, "not placed": 1, "shown": 1}
    assert captions.accounting_line(counts, "events") == (
        "Shown: 1 of 5 events; not shown: 2 undated or dated only more widely (a season, a year, a range), 1 outside the period, "
        "1 not placed.")


def test_a_year_says_how_many_of_its_months_are_monitored_or_that_only_the_list_tells_it():
    from kzstats import charts

    reports = pd.DataFrame({"report_id": ["a", "b", "c"], "coverage": ["monitoring", "monitoring", "retrospective"],
                            "period_start": ["2017-05-01", "2018-01-01", "2017-01-01"],
                            "period_end": ["2017-07-31", "2018-12-31", "2020-12-31"]})
    table = trends.coverage(reports, "Y")
    assert charts.period_axis_labels(table) == {"2017": "2017|3/12 mo.", "2018": "2018|all monitored"}
    # A month covered in part is a month whose counts are drawn solid: it counts.
    reports.loc[0, "period_start"] = "2017-04-21"
    table = pd.concat([trends.coverage(reports, "Y"),
                       pd.DataFrame({"period": pd.PeriodIndex(["2020"], freq="Y"), "months_covered": [0]})])
    assert charts.period_axis_labels(table) == {"2017": "2017|4/12 mo.", "2018": "2018|all monitored",
                                                "2020": "2020|list only"}


def test_a_report_table_has_readable_headers_no_index_percentages_and_blanks_for_missing():
    from kzstats import charts

    frame = pd.DataFrame({"extremism_cases": [4, None], "share": [0.444444, None],
                          "as_of": pd.to_datetime(["2021-09-01", None]),
                          "quote": ["There are 22 political prisoners in Kazakhstan. " * 3, ""]}, index=[7, 9])
    html = charts.table(frame.astype({"extremism_cases": "Int64"}), percent=["share"]).to_html()
    assert ">extremism cases<" in html and "extremism_cases" not in html
    assert "44%" in html and "0.444444" not in html and "1\u00a0Sep\u00a02021" in html
    assert "&lt;NA&gt;" not in html and "NaT" not in html and "nan" not in html
    assert ">7<" not in html and ">9<" not in html  # the index is not printed
    assert frame["quote"].iloc[0] in html  # a quote whole, never cut


def _fitted_size(chart) -> tuple[float, float]:
    from altair.utils._importers import vl_version_for_vl_convert

    from kzstats import export

    version = vl_version_for_vl_convert()
    return export._size(export.fit(chart.to_dict(), version), version)


def test_a_figure_is_fitted_to_the_print_width_and_the_shortest_aspect_that_holds_it():
    import altair as alt

    from kzstats.theme import ASPECTS, PRINT_WIDTH, finish

    bars = pd.DataFrame({"x": list("abc"), "y": [1, 3, 2]})
    for height, aspect in ((100, "wide"), (450, "square"), (700, "tall")):
        chart = alt.Chart(bars).mark_bar().encode(x="x:N", y="y:Q").properties(width=300, height=height)
        fitted = _fitted_size(finish(chart, "A finding", "What is counted", "Sources: none."))
        assert fitted == pytest.approx((PRINT_WIDTH, ASPECTS[aspect] * PRINT_WIDTH), abs=0.5), height


def test_columns_of_a_step_narrow_until_a_wide_figure_fits_the_print_width():
    import altair as alt

    from kzstats.theme import PRINT_WIDTH, finish

    years = pd.DataFrame({"year": [str(y) for y in range(1990, 2020)], "n": range(30)})
    chart = alt.Chart(years).mark_rect().encode(x="year:O", color="n:Q").properties(width=alt.Step(40), height=60)
    assert _fitted_size(finish(chart, "A finding", "What is counted", "Sources: none."))[0] == pytest.approx(
        PRINT_WIDTH, abs=0.5)


def test_a_chart_by_kind_names_each_kind_in_words_in_its_key():
    period = pd.period_range("2019-01", "2019-02", freq="M")
    table = pd.DataFrame({"period": period, "event_type": "pretrial_detention", "events": [1, 2],
                          "covered": True, "share_covered": 1.0, "monitored": [1, 2], "floor": False})
    spec = charts.over_time(table, "event_type", "events", "M", categories=["pretrial_detention"]).to_dict()
    text = json.dumps(spec)
    assert "pretrial detention" in text and "pretrial_detention" not in text

"""The house style of every kzstats chart: one altair theme, a colour-blind-safe palette, and
the title, subtitle and source line that make a chart citable on its own.

Also the renderer of the HTML reports: a chart is drawn by the Vega libraries that
`kzstats report` inlines once per page, so the reports work offline.
"""

import itertools
import os
import textwrap

import altair as alt
import pandas as pd

from kzstats.textsafe import for_script

# Okabe & Ito's (2008) blue, vermilion and sky blue, then Paul Tol's wine (his "muted" scheme) in
# place of their yellow, whose dashed floor outline all but vanishes on white (contrast 1.3:1): the
# first four, the most categories a figure draws together, stay at least 20 CIEDE2000 apart for
# readers with protanopia or deuteranopia too, and show as outlines (test_palette.py). The rest of
# Okabe-Ito's colours follow.
PALETTE = ("#0072B2", "#D55E00", "#56B4E9", "#882255", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#000000")
SEQUENTIAL = "blues"
NO_DATA_COLOUR = "#e6e6e6"
MUTED = "#595959"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
# Every figure is drawn PRINT_WIDTH px wide (at scale 1) and printed 170 mm wide (a half page of
# A4): 1 px prints as 170 mm / PRINT_WIDTH, so text of MIN_FONT px prints at about 7.4 pt.
PRINT_WIDTH, PRINT_MM, MIN_FONT = 720, 170, 11
# The PNG has PNG_SCALE pixels per px; its stated resolution (and the SVG's and PDF's page size in
# points) make every format 170 mm wide.
PNG_SCALE = 2
PRINT_PT = PRINT_MM / 25.4 * 72
PNG_DPI = PRINT_WIDTH * PNG_SCALE / (PRINT_MM / 25.4)
# The heights a figure may have, as a share of its width: the shortest that holds it is taken and
# the plotting area grows to fill it, so that figures set side by side or in sequence line up.
ASPECTS = {"wide": 0.8, "square": 1.0, "tall": 1.25}
PADDING = 8  # px around every figure


def aspect_for(height: float) -> str:
    """The name of the shortest aspect whose height (at PRINT_WIDTH) holds `height` px."""
    for name, share in sorted(ASPECTS.items(), key=lambda item: item[1]):
        if height <= share * PRINT_WIDTH + 0.5:
            return name
    raise ValueError(f"a figure {height:.0f} px tall is taller than every aspect in theme.ASPECTS "
                     f"({', '.join(ASPECTS)}): shorten it or add an aspect")


WIDTH, HEIGHT = 480, 240
KEY_WIDTH, KEY_NAME = 420, "certainty-key"  # the plotting area; axis labels and legends fill the rest
WRAP, TITLE_WRAP = 92, 64  # characters per line of subtitle (11 px) and of title (16 px, bold)
FLOOR_STROKE = "#333333"  # the outline of a floor: a count that rests on a retrospective list
# The same house style for the matplotlib figure (the small multiples for print).
MPL_RC = {"svg.hashsalt": "kzstats", "font.family": "DejaVu Sans", "font.size": 9}
THEME = "kzstats"
RENDERER = "kzstats-offline"
# `kzstats report` sets this so that the notebooks it runs draw with the offline renderer.
RENDERER_ENV = "KZSTATS_CHART_RENDERER"


@alt.theme.register(THEME, enable=True)
def house_theme() -> alt.theme.ThemeConfig:
    """Sizes for a half page, quiet axes, left-aligned titles, the house palette (PALETTE)."""
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "background": "white",
            "padding": PADDING,
            "title": {"anchor": "start", "fontSize": 16, "fontWeight": "bold", "subtitleFontSize": 11,
                      "subtitleColor": MUTED, "subtitlePadding": 4, "offset": 10},
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal",
                     "titleColor": MUTED, "gridColor": "#ececec", "domainColor": "#888888",
                     "tickColor": "#888888", "labelLimit": 260},
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal",
                       "orient": "top", "direction": "horizontal", "labelLimit": 260},
            "header": {"labelFontSize": 11, "titleFontSize": 11},
            "range": {"category": list(PALETTE)},
            "bar": {"continuousBandSize": 10},
        }
    }


def wrap(lines: str | list[str], width: int = WRAP) -> list[str]:
    """Lines wrapped at `width` characters, so that no line runs past the figure."""
    lines = [lines] if isinstance(lines, str) else list(lines)
    return [part for line in lines for part in (textwrap.wrap(line, width) or [""])]


KEY_ITEMS = {"solid": "counted in months a monitoring report covers",
             "floor": "≥ floor: the retrospective list, or an unmonitored month",
             "none": "no report covers: no data (never zero)"}


def certainty_key(kinds=tuple(KEY_ITEMS)) -> alt.LayerChart:
    """The key under a chart: solid = monitored, outline and '≥' = a floor, grey = no data; only
    the kinds the chart draws."""
    items = [(kind, KEY_ITEMS[kind]) for kind in kinds]
    layers = []
    for i, (kind, text) in enumerate(items):
        y = i * 16
        box = alt.Chart(pd.DataFrame({"k": [kind]})).encode(
            x=alt.value(0), x2=alt.value(16), y=alt.value(y + 2), y2=alt.value(y + 13))
        if kind == "solid":
            layers.append(box.mark_rect(color=PALETTE[0]))
        elif kind == "floor":
            layers.append(box.mark_rect(fill="white", stroke=FLOOR_STROKE, strokeWidth=1.5, strokeDash=[3, 2]))
        else:
            layers.append(box.mark_rect(color=NO_DATA_COLOUR))
        layers.append(alt.Chart(pd.DataFrame({"t": [text]})).mark_text(
            align="left", baseline="middle", fontSize=MIN_FONT, color=MUTED).encode(
            x=alt.value(22), y=alt.value(y + 8), text="t:N"))
    # Aligned with the plotting area above it (concatenated views align there), so no wider.
    return alt.layer(*layers).properties(width=KEY_WIDTH, height=len(items) * 16, name=KEY_NAME)


# The floor's dashed outline in matplotlib points: the altair strokeDash [3, 2] at 1.5 px, at print scale.
MPL_FLOOR = {"edgecolor": FLOOR_STROKE, "facecolor": "white", "linestyle": (0, (3, 2)), "linewidth": 1.0}


def mpl_certainty_key(fig, kinds, top: float, fontsize: float) -> None:
    """The certainty key of `certainty_key` for a matplotlib figure: the same marks at the same
    size (only the kinds named), in an axes of its own named KEY_NAME whose top is at `top` (a
    share of the figure's height). Add it after tight_layout, which is not to move it."""
    from matplotlib.patches import Rectangle

    point = PRINT_PT / PRINT_WIDTH  # one px of an altair figure, in points
    rows = len(kinds)
    height = rows * 16 * point / 72 / fig.get_figheight()
    ax = fig.add_axes((0.01, top - height, 0.98, height), label=KEY_NAME)
    ax.set_axis_off()
    ax.set_xlim(0, 0.98 * fig.get_figwidth() * 72)  # points across, rows down
    ax.set_ylim(rows * 16 * point, 0)
    marks = {"solid": {"facecolor": PALETTE[0], "linewidth": 0},
             "floor": MPL_FLOOR, "none": {"facecolor": NO_DATA_COLOUR, "linewidth": 0}}
    for i, kind in enumerate(kinds):
        y = i * 16 * point
        ax.add_patch(Rectangle((0, y + 2 * point), 16 * point, 11 * point, **marks[kind]))
        ax.text(22 * point, y + 8 * point, KEY_ITEMS[kind], va="center", fontsize=fontsize, color=MUTED)


def finish(chart: alt.TopLevelMixin, title: str, subtitle: str | list[str], source: str,
           key: bool | tuple = True, strip: alt.TopLevelMixin | None = None) -> alt.VConcatChart:
    """Put the finding (title) and the label and notes (subtitle) on top, the certainty key (all
    of it, or the kinds named in `key`) and the source line under the chart, and between them
    `strip` (charts.coverage_strip), if given."""
    body = chart.properties(title=alt.TitleParams(wrap(title, TITLE_WRAP), subtitle=wrap([s for s in (
        [subtitle] if isinstance(subtitle, str) else subtitle) if s])))
    # Without the key (a chart with no counts over time), a blank line of the key's name takes its place.
    spacer = alt.Chart(pd.DataFrame({"t": [""]})).mark_text().encode(text="t:N").properties(
        width=KEY_WIDTH, height=1, name=KEY_NAME)
    parts = [body, *([strip] if strip is not None else []),
             (certainty_key(key) if isinstance(key, tuple) else certainty_key()) if key else spacer]
    return alt.vconcat(*parts, spacing=14).resolve_legend(color="independent", opacity="independent").properties(
        title=alt.TitleParams(wrap(source), orient="bottom", anchor="start", fontSize=MIN_FONT,
                              fontWeight="normal", color=MUTED, offset=12))


_CHART_NUMBERS = itertools.count(1)


def _offline_renderer(spec: dict, **metadata) -> dict:
    """A div and a call to the vegaEmbed that the report page inlines once in its head."""
    div = f"kzstats-chart-{next(_CHART_NUMBERS)}"
    options = for_script({"actions": False, "renderer": "svg"})
    # Names and quotes in the spec are data: for_script keeps a '</script>' in them inert.
    html = (f'<div id="{div}"></div>\n<script type="text/javascript">'
            f'vegaEmbed("#{div}", {for_script(spec)}, {options}).catch(console.error);</script>')
    return {"text/html": html}


alt.renderers.register(RENDERER, _offline_renderer)
if os.environ.get(RENDERER_ENV) == RENDERER:
    alt.renderers.enable(RENDERER)

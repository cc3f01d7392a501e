"""The house style of every kzstats chart: one altair theme, a colour-blind-safe palette, and
the title, subtitle and source line that make a chart citable on its own.

Also the renderer of the HTML reports: a chart is drawn by the Vega libraries that
`kzstats report` inlines once per page, so the reports work offline.
"""

import itertools
import os

import altair as alt

from kzstats.textsafe import for_script

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SEQUENTIAL = "blues"
NO_DATA_COLOUR = "#e6e6e6"
PALE_BLUE = "#99c7e0"  # the first colour, pale: counts told for a period no report covers
MUTED = "#595959"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
WIDTH, HEIGHT = 560, 260  # pixels; a half page of A4 at 2x is about 1100 px wide
# The same house style for the matplotlib figure (the small multiples for print).
MPL_RC = {"svg.hashsalt": "kzstats", "font.family": "DejaVu Sans", "font.size": 9}
THEME = "kzstats"
RENDERER = "kzstats-offline"
# `kzstats report` sets this so that the notebooks it runs draw with the offline renderer.
RENDERER_ENV = "KZSTATS_CHART_RENDERER"


@alt.theme.register(THEME, enable=True)
def house_theme() -> alt.theme.ThemeConfig:
    """Sizes for a half page, quiet axes, left-aligned titles, the Okabe-Ito palette."""
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "background": "white",
            "padding": 8,
            "title": {"anchor": "start", "fontSize": 15, "fontWeight": "bold", "subtitleFontSize": 11,
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


def finish(chart: alt.TopLevelMixin, title: str, subtitle: str | list[str], source: str) -> alt.VConcatChart:
    """Put the title and subtitle on top and the source line under the chart."""
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    body = chart.properties(title=alt.TitleParams(title, subtitle=lines))
    return alt.vconcat(body).resolve_legend(color="independent", opacity="independent").properties(title=alt.TitleParams(
        source, orient="bottom", anchor="start", fontSize=9, fontWeight="normal", color=MUTED,
        offset=12))


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

"""Writing a figure: PNG (2x), SVG and PDF and the CSV of exactly the data drawn, the same bytes
every time the data are the same (no dates or software versions in the files, ids renumbered).

Every figure is written at one width, 170 mm in every format, and at a height from theme.ASPECTS."""

import io
import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pandas as pd
import vl_convert as vlc
from altair.utils._importers import vl_version_for_vl_convert
from matplotlib.figure import Figure as MplFigure

from kzstats.steady import use_utc
from kzstats.textsafe import for_spreadsheet_frame
from kzstats.theme import (
    ASPECTS,
    KEY_NAME,
    MPL_RC,
    PADDING,
    PNG_DPI,
    PNG_SCALE,
    PRINT_PT,
    PRINT_WIDTH,
    aspect_for,
)

use_utc()  # before the renderer starts: see steady.py

PDF_TRIES = 50
SVG_SIZE = re.compile(r'width="([\d.]+)" height="([\d.]+)"')
SVG_ID = re.compile(r"\b(gradient_|clip)(\d+)\b")
REFERENCE_LINE = re.compile(rb"^\s*/\w+ \d+ 0 R$")
FORMATS = ("png", "svg", "pdf")
# Matplotlib writes its version and the date into files unless told not to.
MPL_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}}


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


def _print_size(svg: str, unit: str = "pt") -> str:
    """The SVG with its page size in points, PRINT_PT wide (its drawing, in px, keeps its viewBox)."""
    width, height = (float(v) for v in SVG_SIZE.search(svg).groups())
    scale = PRINT_PT / width
    return SVG_SIZE.sub(f'width="{PRINT_PT:.6f}{unit}" height="{height * scale:.6f}{unit}"', svg, count=1)


def _pdf(svg: str) -> bytes:
    """The chart as PDF, 170 mm wide, the same bytes every time.

    The converter writes a PDF's resource dictionaries, and numbers its fonts, in hash order, which
    changes from call to call. Entries of a dictionary are sorted afterwards (same length, so the
    file's offsets stay right); of the font numberings, the one in name order is taken (the
    theme's two faces: one call in two on average, so 50 tries fail once in 2**50). Renumbering
    the fonts afterwards would move the byte offsets of the file's cross-reference table.
    """
    page = _print_size(svg, unit="")  # the converter reads a unitless size as points
    for _ in range(PDF_TRIES):
        pdf = vlc.svg_to_pdf(page)
        fonts = re.findall(rb"/BaseFont /\w+\+([\w-]+)", pdf)
        if fonts == sorted(fonts):
            return _sorted_references(pdf)
    raise RuntimeError(f"no PDF with its fonts in order after {PDF_TRIES} conversions: does the "
                       "chart use more font faces than the theme's two?")


def _csv_ready(data: pd.DataFrame) -> pd.DataFrame:
    return data.assign(**{c: data[c].astype(str) for c in data.columns
                          if isinstance(data[c].dtype, pd.PeriodDtype)})


def _size(spec: dict, version: str) -> tuple[float, float]:
    width, height = SVG_SIZE.search(vlc.vegalite_to_svg(spec, vl_version=version)).groups()
    return float(width), float(height)


def _numeric(view: dict, key: str) -> bool:
    return isinstance(view.get(key), int | float)


def fit(spec: dict, version: str) -> dict:
    """The spec at PRINT_WIDTH px wide and at the height of its aspect (theme.ASPECTS): the
    plotting area grows to fill both (where its size is a number of px, not a step per row), the
    certainty key widens where the plot cannot, and the padding takes up what is left."""
    parts = spec.get("vconcat", [])
    body = parts[0] if parts else spec
    keys = [part for part in parts if part.get("name") == KEY_NAME]
    for _ in range(4):  # an axis may gain or lose a tick as the plot grows: measure again
        width, height = _size(spec, version)
        grow_x, grow_y = PRINT_WIDTH - width, ASPECTS[aspect_for(height)] * PRINT_WIDTH - height
        if abs(grow_x) < 0.5 and abs(grow_y) < 0.5:
            break
        if _numeric(body, "width"):  # and the views drawn to its width (a coverage strip)
            for view in [part for part in parts[1:] if part.get("width") == body["width"]]:
                view["width"] = round(view["width"] + grow_x)
            body["width"] = round(body["width"] + grow_x)
        elif keys and grow_x >= 1:
            keys[0]["width"] = round(keys[0]["width"] + grow_x)
        if _numeric(body, "height"):
            body["height"] = round(body["height"] + grow_y)
    width, height = _size(spec, version)
    while width > PRINT_WIDTH + 0.5 and isinstance(body.get("width"), dict) and body["width"]["step"] > 12:
        body["width"]["step"] -= 1  # columns of a step (a year each, say) narrow until the figure fits
        width, height = _size(spec, version)
    if width > PRINT_WIDTH + 0.5:
        raise ValueError(f"a figure {width:.0f} px wide is wider than PRINT_WIDTH ({PRINT_WIDTH}): narrow it")
    spec["padding"] = {"left": PADDING, "top": PADDING, "right": PADDING + PRINT_WIDTH - width,
                       "bottom": PADDING + ASPECTS[aspect_for(height)] * PRINT_WIDTH - height}
    return spec


def save_figure(figure: Figure, folder: Path) -> list[Path]:
    """Write <name>.png/.svg/.pdf and <name>.csv into folder; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{figure.name}.{fmt}" for fmt in FORMATS]
    if isinstance(figure.chart, MplFigure):
        for path, fmt in zip(paths, FORMATS):
            with matplotlib.rc_context(MPL_RC):  # drawn at its print size: no cropping
                figure.chart.savefig(path, format=fmt, dpi=PNG_DPI, metadata=MPL_METADATA[fmt])
    else:
        version = vl_version_for_vl_convert()
        spec = fit(figure.chart.to_dict(), version)
        # ppi sets the stated resolution and multiplies the size by ppi / 72: scale undoes the latter.
        paths[0].write_bytes(vlc.vegalite_to_png(spec, vl_version=version, scale=PNG_SCALE * 72 / PNG_DPI,
                                                 ppi=PNG_DPI))
        svg = _svg(spec, version)
        paths[1].write_text(_print_size(svg), encoding="utf-8")
        paths[2].write_bytes(_pdf(svg))
    csv = folder / f"{figure.name}.csv"
    # Cells that would start a spreadsheet formula are guarded (textsafe.for_spreadsheet).
    for_spreadsheet_frame(_csv_ready(figure.data)).to_csv(csv, index=False, lineterminator="\n",
                                                          float_format="%.6g")
    return [*paths, csv]

"""Writing a figure: PNG (2x), SVG and PDF and the CSV of exactly the data drawn, the same bytes
every time the data are the same (no dates or software versions in the files, ids renumbered)."""

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
from kzstats.theme import KEY_NAME, MPL_RC, PRINT_WIDTH

use_utc()  # before the renderer starts: see steady.py

PNG_SCALE = 2
PDF_TRIES = 50
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


def _pdf(spec: dict, version: str) -> bytes:
    """The chart as PDF, the same bytes every time.

    vl-convert writes a PDF's resource dictionaries, and numbers its fonts, in hash order, which
    changes from call to call. Entries of a dictionary are sorted afterwards (same length, so the
    file's offsets stay right); of the font numberings, the one in name order is taken (the
    theme's two faces: one call in two on average, so 50 tries fail once in 2**50). Renumbering
    the fonts afterwards would move the byte offsets of the file's cross-reference table.
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


def _one_width(spec: dict, version: str) -> dict:
    """The spec widened to PRINT_WIDTH px, so that every figure prints at one scale: the
    certainty key (aligned with the plotting area) grows by what the figure lacks."""
    keys = [part for part in spec.get("vconcat", []) if part.get("name") == KEY_NAME]
    for _ in range(3):  # the key grows first into the space the body already spans, then past it
        width = float(re.search(r'width="([\d.]+)"', vlc.vegalite_to_svg(spec, vl_version=version)).group(1))
        if not keys or width >= PRINT_WIDTH - 1:
            break
        keys[0]["width"] += int(PRINT_WIDTH - width)
    return spec


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
        version = vl_version_for_vl_convert()
        spec = _one_width(figure.chart.to_dict(), version)
        paths[0].write_bytes(vlc.vegalite_to_png(spec, vl_version=version, scale=PNG_SCALE))
        paths[1].write_text(_svg(spec, version), encoding="utf-8")
        paths[2].write_bytes(_pdf(spec, version))
    csv = folder / f"{figure.name}.csv"
    # Cells that would start a spreadsheet formula are guarded (textsafe.for_spreadsheet).
    for_spreadsheet_frame(_csv_ready(figure.data)).to_csv(csv, index=False, lineterminator="\n",
                                                          float_format="%.6g")
    return [*paths, csv]

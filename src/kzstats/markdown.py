"""Markdown tables as the codebook and CHANGES.md write them: one line per row, cells unpadded.

Kept by hand rather than DataFrame.to_markdown: tabulate pads every cell to its column's widest,
so one long definition would widen every line of the codebook, and a row added to CHANGES.md
(kept byte for byte in git) would rewrite the lines of every other row.
"""

from collections.abc import Iterable


def cell(text) -> str:
    """A value as the text of one cell: bars escaped, line breaks made spaces."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """The lines of a table: header, separator, one line per row of cells (already cell text)."""
    header = list(header)
    return [_line(header), "|" + "---|" * len(header), *(_line(row) for row in rows)]


def _line(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"

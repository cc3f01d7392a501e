"""`kzstats export --excel`: the contract tables as CSVs that Excel opens with every letter right.

Excel reads a CSV without a byte-order mark in the computer's legacy code page, so the curly
quotes and Kazakh and Russian letters of the quotes come out garbled; with the UTF-8 BOM it
reads them as written. CSV rather than .xlsx: openpyxl is not a dependency and the CSVs stay the
published bytes (the same cells, nulls as empty cells, booleans as True/False, which Excel reads
as TRUE/FALSE), with only the three BOM bytes in front.
"""

from pathlib import Path

from kzstats import config
from kzstats.errors import KzstatsError, Problem
from kzstats.publish import CONTRACT

BOM = "\ufeff".encode()


def export_excel(folder: Path, clean_dir: Path | None = None) -> list[Path]:
    """Write each contract table of data/clean (or clean_dir) into folder as UTF-8 with BOM."""
    clean_dir = Path(clean_dir or config.CLEAN_DATA_DIR)
    sources = [clean_dir / f"{name}.csv" for name in CONTRACT]
    missing = [s for s in sources if not s.exists()]
    if missing:
        raise KzstatsError([Problem(str(s), None, "", "", "", "missing: run `kzstats build` "
                                    "(or `make build`) to write data/clean first") for s in missing])
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        target = folder / source.name
        target.write_bytes(BOM + source.read_bytes())
        written.append(target)
    return written

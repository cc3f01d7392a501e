"""Every path and setting kzstats uses, in one place, read when a command runs.

The project root is found when first asked for, not at import: `--root` or KZSTATS_ROOT if
given, else the nearest folder from the working directory upward that holds
data/raw/incidents.csv or a kzstats.toml marker, else the source checkout of an editable
install. `use_root` points the library at another copy of the project tree (the tests do).
The paths below are attributes computed from that root: `config.CLEAN_DATA_DIR`, ...
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT_ENV = "KZSTATS_ROOT"
MARKER = "kzstats.toml"
SHEET = Path("data", "raw", "incidents.csv")
# The checkout this package was installed from (editable installs); else site-packages.
SOURCE_ROOT = Path(__file__).resolve().parents[2]

# Each path as it lies under the project root.
PATHS = {
    "DATA_DIR": "data",
    "RAW_DATA_DIR": "data/raw",
    "REPORTS_DIR": "data/raw/reports",
    "REPORTS_CSV": "data/raw/reports.csv",
    "INCIDENTS_CSV": "data/raw/incidents.csv",
    "PERSON_ALIASES_CSV": "data/raw/person_aliases.csv",
    "EVENT_OVERRIDES_CSV": "data/raw/event_overrides.csv",
    "STATED_TOTALS_CSV": "data/raw/stated_totals.csv",
    # Rows proposed by `kzstats extract`, one file per report, for a researcher to review and accept.
    "REVIEW_DIR": "data/raw/review",
    "CLEAN_DATA_DIR": "data/clean",
    "REFERENCE_DIR": "data/reference",
    "DOCS_DIR": "docs",
    "CODEBOOK_MD": "docs/codebook.md",
    "CODING_RULES_MD": "docs/coding-rules.md",
    "NOTEBOOKS_DIR": "notebooks",
    "OUTPUT_DIR": "reports",
    "FIGURES_DIR": "reports/figures",
    "BUILD_PROBLEMS_CSV": "reports/build-problems.csv",
}

# Where `kzstats build` writes its stage timings as JSON, when set (the benchmark sets it).
TIMINGS_ENV = "KZSTATS_TIMINGS"

# CSV dialect of every table kzstats reads or writes: UTF-8, comma, minimal quoting, LF.
CSV_ENCODING = "utf-8"
CSV_LINE_TERMINATOR = "\n"

# An event may be told up to two months after the period a report covers (validation of the
# clean data, and the rule that merges an undated telling with a dated one).
REPORT_LAG_DAYS = 62

# The span the briefing figures show by default (the notebooks take it as a parameter): from the
# first monitoring report's year to the end of the month of the latest report's period. None
# means "the latest report", so a report added next month shows without editing anything.
FIGURE_START = "2017-01-01"
FIGURE_END = None

_root: Path | None = None


class NotAProject(Exception):
    """No kzstats project where one was looked for; the message says where, in one line."""


def is_project(folder: Path) -> bool:
    """A folder is a kzstats project when it holds the coding sheet or the marker file."""
    return (folder / SHEET).is_file() or (folder / MARKER).is_file()


def find_root(given: str | Path | None = None, cwd: Path | None = None) -> Path:
    """The project root: as given, else KZSTATS_ROOT, else the working directory or the nearest
    folder above it that is a project, else the source checkout; raise NotAProject if none."""
    given = given or os.environ.get(ROOT_ENV)
    if given:
        folder = Path(given).resolve()
        if not is_project(folder):
            raise NotAProject(f"{folder} is not a kzstats project (it holds neither {SHEET} nor "
                              f"{MARKER})")
        return folder
    cwd = (cwd or Path.cwd()).resolve()
    for folder in (cwd, *cwd.parents):
        if is_project(folder):
            return folder
    if is_project(SOURCE_ROOT):
        return SOURCE_ROOT
    raise NotAProject(f"no kzstats project in {cwd} or above it (a folder holding {SHEET} or "
                      f"{MARKER}): cd into one, or pass --root or set {ROOT_ENV}")


def root() -> Path:
    """The project root of this run, found on first use."""
    global _root
    if _root is None:
        _root = find_root()
    return _root


def use_root(folder: str | Path | None) -> None:
    """Run the library on the project at folder (None: find it again on next use)."""
    _set(None if folder is None else find_root(folder))


@contextmanager
def using_root(folder: str | Path) -> Iterator[Path]:
    """Within the block, the library works on the project at folder; then as before."""
    previous = _root
    use_root(folder)
    try:
        yield _root
    finally:
        _set(previous)


def _set(folder: Path | None) -> None:
    global _root
    _root = folder
    _forget_cached()


def _forget_cached() -> None:
    """Empty the readers that keep a table of the project once read (functools.cache): after a
    change of project they would answer for the old one. Kept as caches because the parsers ask
    for the same reference table once per distinct phrase."""
    for name, module in list(sys.modules.items()):
        if name.startswith("kzstats.") and module is not None:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(
                        value, "__module__", "") == name:
                    value.cache_clear()


def timings_json() -> str:
    """Where `kzstats build` writes its stage timings, or '' for nowhere."""
    return os.environ.get(TIMINGS_ENV, "")


def __getattr__(name: str) -> Path:
    if name == "PROJ_ROOT":
        return root()
    if name in PATHS:
        return root() / PATHS[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Every path and setting kzstats uses, in one place.

Set KZSTATS_ROOT to run the library on another copy of the project tree (the tests do).
"""

import os
from pathlib import Path

PROJ_ROOT = Path(os.environ.get("KZSTATS_ROOT", Path(__file__).resolve().parents[2]))

DATA_DIR = PROJ_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"
REPORTS_DIR = RAW_DATA_DIR / "reports"
REPORTS_CSV = RAW_DATA_DIR / "reports.csv"
INCIDENTS_CSV = RAW_DATA_DIR / "incidents.csv"
# Rows proposed by `kzstats extract`, one file per report, for a researcher to review and accept.
REVIEW_DIR = RAW_DATA_DIR / "review"
CLEAN_DATA_DIR = DATA_DIR / "clean"
REFERENCE_DIR = DATA_DIR / "reference"

DOCS_DIR = PROJ_ROOT / "docs"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
OUTPUT_DIR = PROJ_ROOT / "reports"
FIGURES_DIR = OUTPUT_DIR / "figures"
BUILD_PROBLEMS_CSV = OUTPUT_DIR / "build-problems.csv"

# Where `kzstats build` writes its stage timings as JSON, when set (the benchmark sets it).
TIMINGS_JSON = os.environ.get("KZSTATS_TIMINGS", "")

# CSV dialect of every table kzstats reads or writes: UTF-8, comma, minimal quoting, LF.
CSV_ENCODING = "utf-8"
CSV_LINE_TERMINATOR = "\n"

# The span the briefing figures show by default (the notebooks take it as a parameter): from the
# first monitoring report's year to the end of the month of the latest report's period. None
# means "the latest report", so a report added next month shows without editing anything.
FIGURE_START = "2017-01-01"
FIGURE_END = None

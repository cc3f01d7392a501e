"""Validating a coding sheet against the raw schema, with every failure gathered."""

from pathlib import Path

import pandas as pd

from kzstats.raw_schemas import check_project, validate_sheet_frame
from kzstats.sheet import read_sheet


def validate_sheet(path: Path) -> pd.DataFrame:
    """Read and validate a coding sheet (and the files it refers to); raise KzstatsError
    listing every problem."""
    df = read_sheet(path)
    check_project()
    return validate_sheet_frame(df, str(path))

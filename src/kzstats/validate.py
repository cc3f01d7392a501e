"""Validating a coding sheet against the raw schema, with every failure gathered."""

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from kzstats.errors import KzstatsError, problems_from_failure_cases
from kzstats.schemas import RAW_CHECK_COLUMNS, RawIncidents
from kzstats.sheet import read_sheet


def validate_sheet(path: Path) -> pd.DataFrame:
    """Read and validate a coding sheet; raise KzstatsError listing every problem."""
    df = read_sheet(path)
    try:
        return RawIncidents.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise KzstatsError(
            problems_from_failure_cases(exc.failure_cases, df, str(path), RAW_CHECK_COLUMNS)
        ) from None

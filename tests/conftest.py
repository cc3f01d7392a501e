"""Shared fixtures: the real coding sheet, and a way to run the `kzstats` command."""

import subprocess
import sys

import pandas as pd
import pytest

from kzstats import config


@pytest.fixture(scope="session")
def incidents() -> pd.DataFrame:
    return pd.read_csv(config.INCIDENTS_CSV, dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def reports_table() -> pd.DataFrame:
    return pd.read_csv(config.REPORTS_CSV, dtype=str, keep_default_na=False)


def run_kzstats(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line as a researcher would, capturing what it prints."""
    return subprocess.run(
        [sys.executable, "-m", "kzstats.cli", *args],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )

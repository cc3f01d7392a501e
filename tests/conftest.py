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


def copy_project(root) -> dict:
    """Copy data/raw and data/reference under root; the environment that runs kzstats on it."""
    import os
    import shutil

    shutil.copytree(config.RAW_DATA_DIR, root / "data" / "raw")
    shutil.copytree(config.REFERENCE_DIR, root / "data" / "reference")
    return {**os.environ, "KZSTATS_ROOT": str(root)}


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """A copy of the project (data, reference data, notebooks) with data/clean built from it."""
    import shutil

    root = tmp_path_factory.mktemp("built")
    env = copy_project(root)
    (root / "notebooks").mkdir()
    for notebook in config.NOTEBOOKS_DIR.glob("*.py"):
        shutil.copy2(notebook, root / "notebooks")
    result = run_kzstats("build", env=env)
    assert result.returncode == 0, result.stderr
    return root, env

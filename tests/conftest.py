"""Shared fixtures: the real coding sheet, copies of the project, one build of the real data per
run, and the `kzstats` command run in this process (or, for tests of the command itself, as a
process)."""

import io
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings

from kzstats import cli, config

# No property test has a time limit: speed is shown by bench/, and hypothesis's default 200 ms
# deadline failed a property whose first call in a worker loaded the gazetteer (436 ms).
settings.register_profile("untimed", deadline=None)
# `make test` tries each property on fewer examples than `make test-all` (hypothesis's 100).
settings.register_profile("fast", parent=settings.get_profile("untimed"), max_examples=30)
settings.load_profile("untimed")


@pytest.fixture(scope="session")
def incidents() -> pd.DataFrame:
    return pd.read_csv(config.INCIDENTS_CSV, dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def reports_table() -> pd.DataFrame:
    return pd.read_csv(config.REPORTS_CSV, dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class Result:
    """What a command returned and printed, as subprocess.CompletedProcess has it."""

    returncode: int
    stdout: str
    stderr: str


def run_kzstats(*args: str, root: Path | None = None) -> Result:
    """Run the command line in this process on the project at root, capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    argv = [*(["--root", str(root)] if root else []), *args]
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse refusing the arguments
            code = exc.code
    return Result(int(code or 0), out.getvalue(), err.getvalue())


def run_kzstats_process(*args: str, cwd: Path | None = None,
                        env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m kzstats` as a researcher would, in its own process: for the tests of the
    command itself (its exit status, what it prints when it cannot start)."""
    return subprocess.run([sys.executable, "-m", "kzstats", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300, check=False)


def copy_project(root: Path, notebooks: bool = False) -> Path:
    """Copy data/raw and data/reference (and the notebooks, if asked) under root; return root."""
    shutil.copytree(config.RAW_DATA_DIR, root / "data" / "raw")
    shutil.copytree(config.REFERENCE_DIR, root / "data" / "reference")
    if notebooks:
        (root / "notebooks").mkdir()
        for notebook in config.NOTEBOOKS_DIR.glob("*.py"):
            shutil.copy2(notebook, root / "notebooks")
    return root


@dataclass(frozen=True)
class Built:
    """A copy of the project built once, and what its first build printed."""

    root: Path
    stdout: str


@pytest.fixture(scope="session")
def first_build(tmp_path_factory) -> Built:
    """The one build of the real data in a run: a copy of the project (data, reference data,
    notebooks) with data/clean built from it. Read it; to change it, take `built_copy`."""
    root = copy_project(tmp_path_factory.mktemp("built"), notebooks=True)
    result = run_kzstats("build", root=root)
    assert result.returncode == 0, result.stderr
    return Built(root, result.stdout)


@pytest.fixture(scope="session")
def built_project(first_build) -> Path:
    """The root of the project built once per run (not to be changed)."""
    return first_build.root


@pytest.fixture
def built_copy(built_project, tmp_path) -> Path:
    """A copy of the built project of this test's own, to change as it likes."""
    return Path(shutil.copytree(built_project, tmp_path / "project"))


@pytest.fixture(autouse=True)
def _caches_follow_the_project():
    """After a test that pointed the library at a copy of the project, forget what was read
    from the copy: the next test reads the real project again."""
    yield
    import inprocess

    if inprocess.used:
        inprocess.used = False
        config._forget_cached()

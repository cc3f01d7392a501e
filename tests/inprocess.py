"""Running kzstats in this process on a copy of the project: quicker than a subprocess.

The settings in config are read at import, so a copy is used by pointing every path of config
(and the few module constants and defaults made from them) at it, and by emptying the caches
of what was read from the real project; both are undone afterwards.
"""

import contextlib
import io
import shutil
import sys
from pathlib import Path

from kzstats import build, cli, config

PATHS = ("PROJ_ROOT", "DATA_DIR", "RAW_DATA_DIR", "REPORTS_DIR", "REPORTS_CSV", "INCIDENTS_CSV",
         "REVIEW_DIR", "CLEAN_DATA_DIR", "REFERENCE_DIR", "DOCS_DIR", "NOTEBOOKS_DIR",
         "OUTPUT_DIR", "FIGURES_DIR", "BUILD_PROBLEMS_CSV")


def clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("kzstats"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def use_copy(root: Path, monkeypatch, clean: bool = True) -> Path:
    """Copy data/raw, data/reference (and data/clean) under root and point kzstats at it."""
    real = config.PROJ_ROOT
    shutil.copytree(config.RAW_DATA_DIR, root / "data" / "raw",
                    ignore=shutil.ignore_patterns("review"))
    shutil.copytree(config.REFERENCE_DIR, root / "data" / "reference")
    if clean:
        shutil.copytree(config.CLEAN_DATA_DIR, root / "data" / "clean")
    for name in PATHS:
        monkeypatch.setattr(config, name, root / Path(getattr(config, name)).relative_to(real)
                            if name != "PROJ_ROOT" else root)
    monkeypatch.setattr(build, "PERSON_ALIASES_CSV", config.RAW_DATA_DIR / "person_aliases.csv")
    monkeypatch.setattr(build, "EVENT_OVERRIDES_CSV", config.RAW_DATA_DIR / "event_overrides.csv")
    monkeypatch.setattr(build.run, "__defaults__", (config.INCIDENTS_CSV, config.CLEAN_DATA_DIR, None))
    clear_caches()
    return root


def run(*args: str) -> tuple[int, str, str]:
    """kzstats ARGS in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's own errors
            code = exc.code
    clear_caches()
    return code, out.getvalue(), err.getvalue()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

"""Running kzstats in this process on a copy of the project: quicker than a subprocess.

The library works on the project config points it at; a copy is used by pointing config at it
for the test (monkeypatch undoes it), and the caches of what was read are emptied both ways
(conftest's `_caches_follow_the_project` empties them after a test that used a copy).
"""

import contextlib
import io
import shutil
from pathlib import Path

from kzstats import cli, config

used = False  # set when a test points the library at a copy


def clear_caches() -> None:
    config._forget_cached()


def use_copy(root: Path, monkeypatch, clean: bool = True) -> Path:
    """Copy data/raw, data/reference (and data/clean) under root and point kzstats at it."""
    global used
    shutil.copytree(config.RAW_DATA_DIR, root / "data" / "raw",
                    ignore=shutil.ignore_patterns("review"))
    shutil.copytree(config.REFERENCE_DIR, root / "data" / "reference")
    if clean:
        shutil.copytree(config.CLEAN_DATA_DIR, root / "data" / "clean")
    monkeypatch.setenv(config.ROOT_ENV, str(root))
    monkeypatch.setattr(config, "_root", root.resolve())
    clear_caches()
    used = True
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

"""The benchmark's synthetic sheets: the same seed gives the same files; bad rows are caught."""

import sys
from pathlib import Path

import pandas as pd

from conftest import run_kzstats

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import generate


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def test_the_same_size_and_seed_give_byte_identical_trees(tmp_path):
    generate.write_tree(tmp_path / "a", 400)
    generate.write_tree(tmp_path / "b", 400)
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")


def test_the_valid_tree_builds_and_every_injected_bad_row_is_reported(tmp_path):
    trees = generate.write_tree(tmp_path, 400)
    assert run_kzstats("build", root=trees["valid"]).returncode == 0
    for variant in generate.BAD_KINDS:
        result = run_kzstats("build", root=trees[variant])
        assert result.returncode == 1
        injected = set(pd.read_csv(trees[variant] / "bad_rows.csv")["incident_id"])
        problems = pd.read_csv(trees[variant] / "reports" / "build-problems.csv", dtype=str,
                               keep_default_na=False)
        reported = set(problems.loc[problems["file"].str.endswith("incidents.csv"), "incident_id"])
        assert reported - {""} == injected, variant

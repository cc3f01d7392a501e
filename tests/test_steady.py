"""No output byte depends on the time zone or the locale it is made in."""

import subprocess
import sys

import pytest

from kzstats import config

DRAW = ("import sys; from kzstats import dataset, figures; "
        "figures.export_all(dataset.load(), __import__('pathlib').Path(sys.argv[1]))")


@pytest.mark.slow
def test_figures_are_the_same_bytes_in_any_time_zone(tmp_path):
    import os

    runs = {}
    for zone, locale in (("UTC", "C.UTF-8"), ("America/Adak", "de_DE.UTF-8"), ("Asia/Almaty", "C")):
        env = {**os.environ, "TZ": zone, "LC_ALL": locale, "KZSTATS_ROOT": str(config.PROJ_ROOT)}
        runs[zone] = subprocess.Popen([sys.executable, "-c", DRAW, str(tmp_path / zone)], env=env,
                                      stderr=subprocess.PIPE, text=True)
    for zone, run in runs.items():
        assert run.wait(timeout=600) == 0, (zone, run.stderr.read())
    files = {zone: {p.name: p.read_bytes() for p in sorted((tmp_path / zone).iterdir())}
             for zone in runs}
    assert files["UTC"] and files["America/Adak"] == files["UTC"] == files["Asia/Almaty"]

"""Briefing figures: every file written, non-empty, the same bytes from the same data."""

import hashlib

import pandas as pd
import pytest

from conftest import run_kzstats
from kzstats import captions, dataset, figures

MAGIC = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<svg"}


@pytest.fixture(scope="module")
def exported(built_project, tmp_path_factory):
    root = built_project
    folder = tmp_path_factory.mktemp("figures")
    result = run_kzstats("figures", "--out", str(folder), root=root)
    assert result.returncode == 0, result.stderr
    return root, folder


@pytest.mark.slow
def test_every_figure_is_written_as_png_svg_pdf_and_csv(exported):
    _, folder = exported
    names = [f.__name__ for f in figures.BRIEFING]
    assert len(list(folder.glob("*.png"))) == len(names)
    for path in folder.glob("*.png"):
        for fmt, magic in MAGIC.items():
            data = path.with_suffix(f".{fmt}").read_bytes()
            assert len(data) > 1000 and magic in data[:200], path.with_suffix(f".{fmt}")
        assert len(pd.read_csv(path.with_suffix(".csv"))) > 0


@pytest.mark.slow
def test_the_same_data_give_byte_identical_figures(exported, tmp_path):
    root, folder = exported
    assert run_kzstats("figures", "--out", str(tmp_path), root=root).returncode == 0

    def digests(where):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(where.iterdir())}

    assert digests(tmp_path) == digests(folder)


@pytest.mark.slow
def test_the_csv_holds_exactly_the_data_drawn(exported):
    root, folder = exported
    ds = dataset.load(root / "data" / "clean")
    figure = figures.detentions_figure(ds, "2017-01-01", "2021-09-30")
    written = pd.read_csv(folder / f"{figure.name}.csv", dtype=str, keep_default_na=False)
    assert len(written) == len(figure.data)
    assert pd.to_numeric(written["events"]).sum() == figure.data["events"].sum()


@pytest.mark.slow
def test_a_month_no_report_covers_is_drawn_as_no_data_not_zero(exported):
    _, folder = exported
    drawn = pd.read_csv(folder / "fig02-detentions-per-month.csv")
    uncovered = drawn[~drawn["covered"]]
    assert len(uncovered) and uncovered["events"].isna().any()
    assert not (uncovered["events"] == 0).any()


def test_figures_without_a_build_say_what_to_run(tmp_path):
    (tmp_path / "kzstats.toml").write_text("")  # a project with nothing built yet
    result = run_kzstats("figures", root=tmp_path)
    assert result.returncode == 1
    assert "kzstats build" in result.stderr and "Traceback" not in result.stderr


def test_the_span_ends_with_the_month_of_the_latest_report_unless_given():
    from types import SimpleNamespace

    reports = pd.DataFrame({"period_end": pd.to_datetime(["2021-09-01", "2022-03-14"])})
    ds = SimpleNamespace(reports=reports)
    assert captions.span(ds) == ("2017-01-01", "2022-03-31")
    assert captions.span(ds, "2019-01-01", "2019-12-31") == ("2019-01-01", "2019-12-31")

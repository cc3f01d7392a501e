"""Every notebook executes against the real data and becomes an HTML report that works offline."""

import re

import pytest

from conftest import run_kzstats
from kzstats import config
from kzstats.notebooks import notebook_paths, read_notebook

NOTEBOOKS = [p.stem for p in notebook_paths(config.NOTEBOOKS_DIR)]


def test_the_six_notebooks_are_there_in_order():
    assert NOTEBOOKS == ["01-overview", "02-detentions", "03-sentences-by-article", "04-regions",
                         "05-briefing-figures", "06-prisoners"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_has_a_parameters_cell_with_the_period(name):
    nb = read_notebook(config.NOTEBOOKS_DIR / f"{name}.py", {"START": "2018-01-01"})
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    first = tags.index(["parameters"])
    assert tags[first + 1] == ["injected-parameters"]
    assert "START" in nb.cells[first].source and "END" in nb.cells[first].source


@pytest.fixture(scope="module")
def reports(built_project):
    root = built_project
    result = run_kzstats("report", root=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_executes_into_an_offline_html_report(reports, name):
    html = (reports / "reports" / f"{name}.html").read_text(encoding="utf-8")
    assert "window.vegaEmbed" in html  # the chart libraries are inlined
    assert not re.search(r"<script[^>]+src=\"https?://", html)  # and nothing is fetched
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html  # no warnings in the report
    assert html.count("vegaEmbed(\"#kzstats-chart-") >= 1 or name == "01-overview"
    body = html.split("<body", 1)[1]
    # Every table goes through charts.table: no bare DataFrame, no index column.
    assert 'class="dataframe"' not in body and "row_heading" not in body


@pytest.mark.slow
def test_the_briefing_notebook_writes_the_figures(reports):
    from kzstats.figures import BRIEFING

    assert len(list((reports / "reports" / "figures").glob("*.png"))) == len(BRIEFING)


@pytest.mark.slow  # starts a kernel
def test_a_failing_notebook_names_the_cell_without_a_traceback(built_copy):
    root = built_copy
    broken = root / "notebooks" / "09-broken.py"
    broken.write_text('# %% tags=["parameters"]\nSTART = END = None\n\n# %%\n1 / 0\n')
    result = run_kzstats("report", "--only", "09", root=root)
    assert result.returncode == 1
    assert "cell 3" in result.stderr and "ZeroDivisionError" in result.stderr
    assert "Traceback" not in result.stderr

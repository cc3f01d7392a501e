"""Text from the data never runs: not in a web page, not in a spreadsheet, not on a terminal."""

import csv
import html.parser
import json

import pandas as pd
import pytest

import inprocess
from kzstats import config, errors, publish, textsafe, theme
from kzstats.errors import Problem

PAYLOADS = ["</script><script>alert(1)</script>", "<!--<script>", "a\u2028b", "x & y > z"]
FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx"]


class _Scripts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script"
        if self._inside:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_name_in_a_chart_stays_data_inside_its_script(payload):
    spec = {"data": {"values": [{"person_name": payload}]}, "mark": "bar"}
    page = theme._offline_renderer(spec)["text/html"]
    parser = _Scripts()
    parser.feed(page)
    assert len(parser.scripts) == 1, page  # no second script was opened
    script = parser.scripts[0]
    body = script[script.index("{"):script.rindex("}, {") + 1]
    assert json.loads(body) == spec


def test_the_spreadsheet_escape_guards_formulas_and_keeps_other_text():
    cells = pd.Series([*FORMULAS, "plain", "", "a=b", None], dtype=object)
    safe = textsafe.for_spreadsheet(cells)
    assert [str(v)[0] for v in safe[: len(FORMULAS)]] == ["'"] * len(FORMULAS)
    assert safe[len(FORMULAS):].tolist()[:3] == ["plain", "", "a=b"]
    assert textsafe.for_spreadsheet(pd.Series(["plain"])) is not None


@pytest.mark.parametrize("rows", [3, publish.COLUMNWISE_MIN_ROWS + 1])
def test_every_clean_csv_cell_that_starts_a_formula_is_guarded(tmp_path, rows):
    names = (FORMULAS * (rows // len(FORMULAS) + 1))[:rows]
    df = pd.DataFrame({"name": pd.Series(names, dtype=str), "n": range(rows)})
    publish.write_csv(df, tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as f:
        cells = [r["name"] for r in csv.DictReader(f)]
    assert all(c.startswith("'") for c in cells)
    assert [c[1:] for c in cells] == names


def test_build_problems_csv_guards_formulas(tmp_path):
    path = tmp_path / "p.csv"
    errors.write_problems([Problem("f.csv", 2, "id", "person", "=1+1", "rule")], path)
    assert next(csv.DictReader(path.open(encoding="utf-8")))["value"] == "'=1+1"


def test_a_figure_csv_guards_formulas(tmp_path):
    import matplotlib.pyplot as plt

    from kzstats.figures import Figure, save_figure

    chart = plt.figure()
    save_figure(Figure("t", "a test", chart, pd.DataFrame({"label": ["=1+1", "ok"], "n": [1, -2]})),
                tmp_path)
    plt.close(chart)
    rows = list(csv.DictReader((tmp_path / "t.csv").open(encoding="utf-8")))
    assert [r["label"] for r in rows] == ["'=1+1", "ok"]
    assert [r["n"] for r in rows] == ["1", "-2"]  # numbers are numbers


@pytest.mark.parametrize(("value", "shown"), [
    ("[/bold]", "[/bold]"), ("[sic]", "[sic]"), ("a\x1b[31mred", "a\\x1b[31mred"),
    ("nul\x00", "nul\\x00"), ("rtl\u202eevil", "rtl\\u202eevil"), ("zero\u200bwidth", "zero\\u200bwidth"),
])
def test_the_problem_table_shows_cell_text_as_it_is(capsys, value, shown):
    errors.render_problems([Problem("f.csv", 2, "id-0001", "person", value, "a rule [b]")])
    err = capsys.readouterr().err
    assert shown in err and "a rule [b]" in err
    assert "\x1b" not in err.replace("\x1b[", "") or "\\x1b" in err


def test_unseen_characters_and_mixed_scripts_are_found():
    cells = pd.Series(["ok", "a\u200bb", "line\nbreak", "\u202eevil", "\u0410lmaty", "Алматы"])
    assert textsafe.has_unseen(cells).tolist() == [False, True, True, True, False, False]
    assert textsafe.has_unseen(cells, lines=True).tolist() == [False, True, False, True, False, False]
    assert textsafe.has_mixed_scripts(cells).tolist() == [False] * 4 + [True, False]


def test_text_is_read_as_nfc():
    assert textsafe.nfc(pd.Series(["Zhazira", "e\u0301"])).tolist() == ["Zhazira", "\u00e9"]


# --- a formula-like name from a report, through a whole build ----------------------------------

NAME = "-Arman Test"
SENTENCE = f"{NAME} was detained on 5 May 2019 in Almaty by police officers."


@pytest.fixture
def project(tmp_path, monkeypatch):
    return inprocess.use_copy(tmp_path / "project", monkeypatch, clean=False)


def _add_row(report="civicus-2019-11"):
    """A row whose name and quote start with '-' and are in the report (its text and SHA-256
    updated to match)."""
    import hashlib

    text_path = config.REPORTS_DIR / f"{report}.txt"
    text = text_path.read_text(encoding="utf-8") + SENTENCE + "\n"
    text_path.write_text(text, encoding="utf-8")
    table = pd.read_csv(config.REPORTS_CSV, dtype=str, keep_default_na=False)
    table.loc[table["report_id"] == report, "sha256"] = hashlib.sha256(text.encode()).hexdigest()
    table.to_csv(config.REPORTS_CSV, index=False, lineterminator="\n")
    with config.INCIDENTS_CSV.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            [f"{report}-0900", report, NAME, "1", "activist", "", "detention", "5 May 2019",
             "Almaty", "", "", SENTENCE, ""])


def test_a_formula_like_name_is_guarded_in_the_csv_and_true_in_parquet(project):
    _add_row()
    code, _, err = inprocess.run("build")
    assert code == 0, err
    clean = config.CLEAN_DATA_DIR
    events = list(csv.DictReader((clean / "events.csv").open(encoding="utf-8")))
    mine = next(e for e in events if e["incident_ids"] == "civicus-2019-11-0900")
    assert mine["person_name"] == "'" + NAME and mine["quote"] == "'" + SENTENCE
    persons = pd.read_parquet(clean / "persons.parquet")
    assert NAME in set(persons["name"])
    assert "'" + NAME in (clean / "persons.csv").read_text(encoding="utf-8")


def test_text_already_in_nfc_comes_back_unchanged_whatever_the_arrow_version():
    from kzstats.textsafe import nfc

    text = pd.Series(["met with other civil activists in a café.", "Zhanaozen", "Жазира"])
    assert nfc(text).tolist() == text.tolist()
    decomposed = pd.Series(["cafe\u0301"])
    assert nfc(decomposed).tolist() == ["caf\u00e9"]

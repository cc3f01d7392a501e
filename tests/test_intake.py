"""`kzstats add-report`: a new report's text and its row, made once; a second time refused."""

import csv
import hashlib
from datetime import date
from pathlib import Path

import pytest

from conftest import copy_project, run_kzstats
from kzstats import config, intake
from kzstats.errors import KzstatsError

PAGE = Path(__file__).parent / "fixtures" / "saved-page.html"


@pytest.fixture
def project(tmp_path):
    """A copy of data/raw and data/reference for one test to add reports to."""
    return copy_project(tmp_path)


def _raw_digests(root: Path) -> dict[str, str]:
    raw = root / "data" / "raw"
    return {str(p.relative_to(raw)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(raw.rglob("*")) if p.is_file()}


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- the period -----------------------------------------------------------------------------

def test_a_period_of_months_runs_from_the_first_to_the_last_day():
    period = intake.parse_period("2022-01..2022-03")
    assert (period.start, period.end) == (date(2022, 1, 1), date(2022, 3, 31))
    assert intake.period_text(period) == "January to March 2022"


def test_a_period_of_days_is_kept_and_said_with_its_days():
    period = intake.parse_period("2019-10-21..2019-11-30")
    assert (period.start, period.end) == (date(2019, 10, 21), date(2019, 11, 30))
    assert intake.period_text(period) == "21 October to 30 November 2019"


def test_a_period_across_a_new_year_names_both_years():
    period = intake.parse_period("2021-11..2022-02")
    assert period.end == date(2022, 2, 28)
    assert intake.period_text(period) == "November 2021 to February 2022"


def test_a_period_of_one_month_is_that_month():
    assert intake.period_text(intake.parse_period("2019-02..2019-02")) == "February 2019"


@pytest.mark.parametrize("text", ["2022-01", "2022-01..2022-13", "2022-02-30..2022-03-01",
                                  "March 2022..April 2022", "2022-03..2022-01"])
def test_a_period_that_is_not_start_to_end_is_refused(text):
    with pytest.raises(KzstatsError) as caught:
        intake.parse_period(text)
    assert caught.value.problems[0].column == "--period"


# --- the stored text ------------------------------------------------------------------------

def test_a_text_file_is_kept_as_received_less_its_bom_and_crlf():
    data = "\ufeffKazakhstan: Litany of abuses\r\n\r\nOn 25th July 2017, ...\r\n".encode()
    text, title = intake.stored_text(data, ".txt", "update.txt")
    assert text == "Kazakhstan: Litany of abuses\n\nOn 25th July 2017, ...\n"
    assert title == "Kazakhstan: Litany of abuses"


def test_a_text_file_that_is_not_utf8_is_refused():
    with pytest.raises(KzstatsError) as caught:
        intake.stored_text("Қазақстан".encode("cp1251", "replace") + b"\xff", ".txt", "u.txt")
    assert caught.value.problems[0].rule == "a .txt report must be UTF-8"


def test_a_pdf_is_refused_with_what_to_do():
    with pytest.raises(KzstatsError) as caught:
        intake.stored_text(b"%PDF-1.7", ".pdf", "update.pdf")
    assert "convert a PDF to text" in caught.value.problems[0].rule


def test_a_saved_page_keeps_its_paragraphs_one_a_line_and_drops_menus_and_footer():
    text, title = intake.stored_text(PAGE.read_bytes(), ".html", PAGE.name)
    assert title == "Kazakhstan: Civil society activists intimidated, harassed and imprisoned"
    lines = text.split("\n")
    assert "Trade union leader sent back to prison" in lines
    assert any(line.startswith("On 17th October 2019, the court in the city of Zhanaozen "
                               "sentenced Erzhan Elshibaev") for line in lines)
    assert "sentenced to 15 days in jail each for violating the rules on holding assemblies" in text
    for junk in ("About us", "Quick search", "Related news", "Subscribe", "All rights reserved",
                 "Privacy policy", "Cookie settings"):
        assert junk not in text


def test_the_same_page_gives_the_same_text():
    first = intake.stored_text(PAGE.read_bytes(), ".html", PAGE.name)
    assert intake.stored_text(PAGE.read_bytes(), ".html", PAGE.name) == first


# --- the command ----------------------------------------------------------------------------

def test_add_report_stores_a_text_and_appends_its_row_keeping_the_others_bytes(project, tmp_path):
    root = project
    before = (root / "data" / "raw" / "reports.csv").read_bytes()
    new = tmp_path / "received" / "update-q1.txt"
    new.parent.mkdir()
    new.write_text("Kazakhstan: Pressure on activists continues\n\nOn 5th January 2022, ...\n",
                   encoding="utf-8")
    result = run_kzstats("add-report", str(new), "--publisher", "civicus", "--period",
                         "2022-01..2022-03", "--url", "https://iphronline.org/articles/x/", root=root)
    assert result.returncode == 0, result.stderr
    assert "civicus-2022-03" in result.stdout and "kzstats extract civicus-2022-03" in result.stdout
    after = (root / "data" / "raw" / "reports.csv").read_bytes()
    assert after.startswith(before)
    row = _rows(root / "data" / "raw" / "reports.csv")[-1]
    stored = root / "data" / "raw" / "reports" / "civicus-2022-03.txt"
    assert row == {
        "report_id": "civicus-2022-03", "file": "reports/civicus-2022-03.txt",
        "title": "Kazakhstan: Pressure on activists continues",
        "publishers": "CIVICUS Monitor updates by IPHR and KIBHR",
        "url": "https://iphronline.org/articles/x/", "period_text": "January to March 2022",
        "period_start": "2022-01-01", "period_end": "2022-03-31", "coverage": "monitoring",
        "published": "", "source_file": "update-q1.txt",
        "sha256": hashlib.sha256(stored.read_bytes()).hexdigest(), "notes": "",
    }
    assert stored.read_bytes() == new.read_bytes()


def test_add_report_of_a_saved_page_stores_its_main_text(project):
    root = project
    result = run_kzstats("add-report", str(PAGE), "--publisher", "civicus", "--period",
                         "2019-10-21..2019-11-30", "--id", "civicus-2019-11-page",
                         "--coverage", "thematic", root=root)
    assert result.returncode == 0, result.stderr
    row = _rows(root / "data" / "raw" / "reports.csv")[-1]
    assert row["title"] == "Kazakhstan: Civil society activists intimidated, harassed and imprisoned"
    assert (row["period_text"], row["coverage"], row["source_file"]) == (
        "21 October to 30 November 2019", "thematic", "saved-page.html")
    text = (root / "data" / "raw" / "reports" / "civicus-2019-11-page.txt").read_text(encoding="utf-8")
    assert text == intake.stored_text(PAGE.read_bytes(), ".html", PAGE.name)[0]


def _assert_refused(result, root, before, *expected):
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"
    assert _raw_digests(root) == before, "nothing in data/raw may change"


def test_adding_a_report_twice_is_refused_naming_the_first_and_writes_nothing(project):
    root = project
    args = ("add-report", str(PAGE), "--publisher", "civicus", "--period", "2019-10..2019-11",
            "--id", "civicus-2019-11-page")
    assert run_kzstats(*args, root=root).returncode == 0
    before = _raw_digests(root)
    again = run_kzstats(*args[:-1], "civicus-2019-11-again", root=root)
    _assert_refused(again, root, before, "the same text is already report civicus-2019-11-page")


def test_a_report_already_in_the_data_is_refused_as_a_duplicate(project):
    root = project
    before = _raw_digests(root)
    result = run_kzstats("add-report", str(config.REPORTS_DIR / "odf-2019-02.txt"), "--publisher",
                         "odf", "--period", "2019-02..2019-03", "--id", "odf-2019-02-copy", root=root)
    _assert_refused(result, root, before, "already report odf-2019-02")


def test_a_taken_report_id_is_refused(project):
    root = project
    before = _raw_digests(root)
    result = run_kzstats("add-report", str(PAGE), "--publisher", "civicus", "--period",
                         "2019-10..2019-11", root=root)
    _assert_refused(result, root, before, "civicus-2019-11", "this report id is taken")


def test_an_unknown_publisher_is_refused_with_how_to_add_it(project):
    root = project
    before = _raw_digests(root)
    result = run_kzstats("add-report", str(PAGE), "--publisher", "hrw", "--period",
                         "2022-01..2022-03", root=root)
    _assert_refused(result, root, before, "--publisher", "hrw",
                    "not in data/reference/publishers.csv", "add a row")


def test_an_unknown_coverage_and_a_bad_date_are_refused(project):
    root = project
    before = _raw_digests(root)
    result = run_kzstats("add-report", str(PAGE), "--publisher", "odf", "--period",
                         "2022-01..2022-03", "--coverage", "annual", "--published",
                         "31 March 2022", root=root)
    _assert_refused(result, root, before, "annual", "must be one of monitoring, thematic",
                    "31 March 2022", "must be a day YYYY-MM-DD")


def test_row_problems_accept_a_good_row():
    table = [{"report_id": "odf-2019-02", "sha256": "a" * 64}]
    row = {"report_id": "odf-2022-03", "sha256": "b" * 64, "coverage": "monitoring",
           "published": "2022-04-02", "url": "https://en.odfoundation.eu/", "title": "A title"}
    assert intake.row_problems(row, table, Path("/nonexistent")) == []

"""Bad command-line arguments are refused by the parser: one line, exit 2, nothing run."""

import pytest

import inprocess


@pytest.mark.parametrize(("args", "said"), [
    (["add-report", "x.txt", "--publisher", "civicus", "--period", "9999-01..9999-12"],
     "must not end in the future"),
    (["add-report", "x.txt", "--publisher", "civicus", "--period", "2202-01..2202-03"],
     "a typo in the year?"),
    (["add-report", "x.txt", "--publisher", "civicus", "--period", "1900-01..1900-03"],
     "starts in 1991 or later"),
    (["add-report", "x.txt", "--publisher", "civicus", "--period", "2022-03..2022-01"],
     "must not end before it starts"),
    (["add-report", "x.txt", "--publisher", "civicus", "--period", "2022-01..2022-03",
      "--id", "a" * 300], "at most 60 characters"),
    (["add-report", "x.txt", "--publisher", "civicus", "--period", "2022-01..2022-03",
      "--id", "../../etc"], "lowercase letters and digits"),
    (["add-report", "x.txt", "--publisher", "civicus", "--period", "2022-01..2022-03",
      "--url", "javascript:alert(1)"], "must start with http"),
    (["report", "--jobs", "0"], "from 1 to 16"),
    (["report", "--jobs", "two"], "from 1 to 16"),
    (["figures", "--start", "2020-13-01"], "not a day YYYY-MM-DD"),
    (["figures", "--end", "9999-12-31"], "is outside 1991"),
    (["figures", "--start", "2021-01-01", "--end", "2020-01-01"], "is after --end"),
    (["figures", "--out", "/etc/passwd"], "is a file; give a folder"),
    (["accept", "Civicus 2022"], "lowercase letters and digits"),
])
def test_a_bad_argument_is_one_line_and_exit_2(args, said):
    code, out, err = inprocess.run(*args)
    assert code == 2 and out == ""
    last = err.strip().splitlines()[-1]
    assert "error: argument" in last and said in last, err


def test_a_publication_date_in_the_future_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    from kzstats import config

    inprocess.use_copy(tmp_path / "project", monkeypatch, clean=False)
    before = config.REPORTS_CSV.read_bytes()
    (tmp_path / "new.txt").write_text("A new report\nwith a line\n", encoding="utf-8")
    code, _, err = inprocess.run("add-report", str(tmp_path / "new.txt"), "--publisher", "odf",
                                 "--period", "2022-01..2022-03", "--published", "2999-01-01")
    assert code == 1 and "must lie between the period's start and today" in err
    assert config.REPORTS_CSV.read_bytes() == before

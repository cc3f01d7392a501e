"""Reading a coding sheet: the fast reader and the strict one give the same table."""

import pandas as pd

from kzstats import config
from kzstats.sheet import _read_regular, _read_strict, read_sheet


def test_the_real_sheet_reads_the_same_by_both_readers():
    fast = _read_regular(config.INCIDENTS_CSV)
    assert fast is not None
    pd.testing.assert_frame_equal(fast, _read_strict(config.INCIDENTS_CSV))


def test_quoted_commas_quotes_and_line_breaks_read_the_same_by_both_readers(tmp_path):
    sheet = read_sheet(config.INCIDENTS_CSV).head(3).copy()
    sheet.loc[0, "notes"] = 'a "quoted" word, a comma\nand a second line'
    sheet.loc[1, "affiliation"] = "x\r\ny"
    path = tmp_path / "sheet.csv"
    sheet.to_csv(path, index=False, lineterminator="\r\n")
    pd.testing.assert_frame_equal(_read_regular(path), _read_strict(path))
    assert read_sheet(path).loc[0, "notes"] == sheet.loc[0, "notes"]


def test_columns_in_another_order_are_put_in_the_sheet_order(tmp_path):
    sheet = read_sheet(config.INCIDENTS_CSV).head(3)
    path = tmp_path / "sheet.csv"
    sheet[list(reversed(sheet.columns))].to_csv(path, index=False)
    pd.testing.assert_frame_equal(read_sheet(path), sheet)

"""Writing the clean tables: the column-wise CSV writer gives exactly what to_csv gives."""

import numpy as np
import pandas as pd

from kzstats import publish
from kzstats.publish import COLUMNWISE_MIN_ROWS, FLOAT_FORMAT, write_csv

ODD_TEXTS = ["plain", 'a "quote"', "a, comma", "two\nlines", "carriage\rreturn", "", " space",
             "Жанаозен", "semi;colon"]
ODD_FLOATS = [1.5, np.nan, 1e20, 123456789012.0, 0.1, 3.0, -0.0, 2.5e-7, 1 / 3, 0.0]


def _table(rows: int) -> pd.DataFrame:
    i = np.arange(rows)
    return pd.DataFrame({
        "text": [ODD_TEXTS[k % len(ODD_TEXTS)] for k in i],
        "number": [ODD_FLOATS[k % len(ODD_FLOATS)] for k in i],
        "flag": i % 3 == 0,
        "count": i,
        "missing": pd.Series([None, "x"] * (rows // 2), dtype="str"),
    })


def test_a_large_table_is_written_byte_for_byte_as_to_csv_writes_it(tmp_path):
    table = _table(COLUMNWISE_MIN_ROWS + 2)
    write_csv(table, tmp_path / "fast.csv")
    table.to_csv(tmp_path / "pandas.csv", index=False, encoding="utf-8", lineterminator="\n",
                 float_format=FLOAT_FORMAT)
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()


def test_an_empty_table_is_its_header_line(tmp_path):
    write_csv(_table(2).head(0), tmp_path / "empty.csv")
    assert (tmp_path / "empty.csv").read_text(encoding="utf-8") == "text,number,flag,count,missing\n"


def test_a_table_written_in_several_blocks_is_byte_for_byte_as_to_csv_writes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "CSV_BLOCK_ROWS", 3_000)
    table = _table(COLUMNWISE_MIN_ROWS + 2)
    write_csv(table, tmp_path / "blocks.csv")
    table.to_csv(tmp_path / "pandas.csv", index=False, encoding="utf-8", lineterminator="\n",
                 float_format=FLOAT_FORMAT)
    assert (tmp_path / "blocks.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()

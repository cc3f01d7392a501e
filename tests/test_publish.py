"""Writing the clean tables: the column-wise CSV writer gives exactly what to_csv gives; nulls,
descriptions, keys and enums reach the files."""

import numpy as np
import pandas as pd
import pyarrow as pa

from kzstats import publish
from kzstats.publish import COLUMNWISE_MIN_ROWS, FLOAT_FORMAT, write_csv
from kzstats.schemas import CUSTODY_KINDS, LEGAL_CODES, Events

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


def _events(**columns) -> pd.DataFrame:
    """Two events of the clean schema's columns that publish() looks at: a sentence and a search."""
    table = pd.DataFrame({"event_id": ["ev-a-0001", "ev-a-0002"], "person_id": ["p-0123456789", ""],
                          "event_type": ["sentence", "search"], "region": ["", "Almaty"],
                          "sentence_type": ["imprisonment", ""], "sentence_months": [36.0, np.nan],
                          "sentence_days": [np.nan, np.nan], "fine_kzt": [np.nan, np.nan],
                          "fine_eur": [np.nan, np.nan], "suspended": [False, False],
                          "ban_months": [np.nan, np.nan]})
    return table.assign(**columns)


def test_a_missing_text_is_published_as_null_not_an_empty_string():
    table = publish.published(_events(), "events")
    assert table["person_id"].isna().tolist() == [False, True]
    assert table["region"].isna().tolist() == [True, False]


def test_suspended_is_null_for_an_event_that_states_no_penalty():
    table = publish.published(_events(), "events")
    assert table["suspended"].tolist()[0] is False and table["suspended"].isna().tolist() == [False, True]
    assert table["sentence_type"].isna().tolist() == [False, True]


def test_a_null_boolean_is_an_empty_csv_cell_in_both_writers(tmp_path):
    rows = COLUMNWISE_MIN_ROWS + 2
    flags = pd.DataFrame({"flag": pd.array([[True, None, False][k % 3] for k in range(rows)],
                                           dtype="boolean"), "count": np.arange(rows)})
    write_csv(flags, tmp_path / "fast.csv")
    flags.to_csv(tmp_path / "pandas.csv", index=False, encoding="utf-8", lineterminator="\n")
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    assert (tmp_path / "fast.csv").read_text().startswith("flag,count\nTrue,0\n,1\nFalse,2\n")


def test_the_parquet_files_describe_their_table_and_every_field(tmp_path):
    table = publish.published(_events(), "events")
    described = publish._described(pa.Table.from_pandas(table, preserve_index=False),
                                   publish.CONTRACT["events"])
    assert described.schema.metadata[b"description"].startswith(b"data/clean/events")
    region = described.schema.field("region").metadata[b"description"].decode()
    assert region == Events.to_schema().columns["region"].description


def test_the_datapackage_declares_keys_enums_and_boolean_values():
    tables = {name: pd.DataFrame({c: pd.Series(dtype=_dtype(col))
                                  for c, col in schema.to_schema().columns.items()})
              for name, schema in publish.CONTRACT.items()}
    tables["reports"]["url"] = pd.Series(dtype=str)
    resources = {r["name"]: r["schema"] for r in publish.datapackage(tables)["resources"]}
    assert resources["events"]["primaryKey"] == ["event_id"]
    assert resources["event-articles"]["primaryKey"] == ["event_id", "legal_code", "article", "part"]
    assert {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["event_id"]}} in (
        resources["event-sources"]["foreignKeys"])
    fields = {f["name"]: f for f in resources["events"]["fields"]}
    assert fields["legal_code"]["constraints"]["enum"] == list(LEGAL_CODES)
    assert fields["suspended"]["trueValues"] == ["True"] and fields["suspended"]["falseValues"] == ["False"]
    custody = {f["name"]: f for f in resources["custody-spells"]["fields"]}["custody"]
    assert custody["constraints"]["enum"] == list(CUSTODY_KINDS)
    assert all("primaryKey" in schema for schema in resources.values())


def _dtype(column):
    return {"int64": "int64", "float64": "float64", "bool": "bool"}.get(str(column.dtype), str)

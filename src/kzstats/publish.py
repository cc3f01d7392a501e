"""Writing the clean tables: CSV and Parquet side by side, and a Frictionless datapackage.json.

Deterministic: the same tables give byte-identical files (sorted rows, fixed float format,
no timestamps in any file).
"""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kzstats import __version__, reference
from kzstats.schemas import (
    CustodySpells,
    EventArticles,
    Events,
    EventSources,
    Persons,
    Reports,
    StatedTotals,
    StatusObservations,
)
from kzstats.textsafe import for_spreadsheet, for_spreadsheet_frame

# The tables of the data contract, with their schemas; the other tables are build logs.
CONTRACT = {"events": Events, "event_articles": EventArticles, "event_sources": EventSources,
            "persons": Persons, "reports": Reports, "custody_spells": CustodySpells,
            "status_observations": StatusObservations, "stated_totals": StatedTotals}
# What each table's columns refer to: (column, table, its column). Primary keys and enums are
# read from the schemas (unique columns, Config.unique, isin checks).
FOREIGN_KEYS = {
    "events": [("person_id", "persons", "person_id")],
    "event_articles": [("event_id", "events", "event_id")],
    "event_sources": [("event_id", "events", "event_id"), ("report_id", "reports", "report_id")],
    "custody_spells": [("person_id", "persons", "person_id")],
    "status_observations": [("person_id", "persons", "person_id"),
                            ("report_id", "reports", "report_id")],
    "stated_totals": [("report_id", "reports", "report_id")],
}
# The columns of events about a penalty: null where the event states none (no sentence_type).
PENALTY_COLUMNS = ("sentence_type", "sentence_months", "sentence_days", "fine_kzt", "fine_eur",
                   "suspended", "ban_months")
BOOLEAN_VALUES = {"trueValues": ["True"], "falseValues": ["False"]}  # as the CSVs write them
DATE_COLUMNS = {"event_date", "event_date_end", "period_start", "period_end", "as_of", "start", "end",
                "expected_end", "evidence_from", "evidence_until"}
FLOAT_FORMAT = "%.10g"
# The coded data's licence (LICENSE-DATA.md); the report texts are the publishers' and not in it.
DATA_LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                "path": "https://creativecommons.org/licenses/by/4.0/"}
CONTRIBUTORS = [{"title": "The kzstats developers", "role": "author"}]
COLUMNWISE_MIN_ROWS = 10_000  # below this, to_csv's own loop is the quicker
CSV_BLOCK_ROWS = 100_000  # rows made into text at once by the column-wise writer
QUOTED_CHARS = '[",\n]'  # a cell with one of these is quoted, as Python's csv module does


def _field_type(name: str, dtype) -> str:
    if name in DATE_COLUMNS:
        return "date"
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    return "string"


def published(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """A contract table as the files hold it: a missing text is null, not '', and the penalty
    columns of an event that states no penalty are null, not False: `suspended` does not apply."""
    out = df.copy(deep=False)
    for column in out.columns:
        if pd.api.types.is_string_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].mask(out[column] == "")
    if name == "events":
        states = out["event_type"].isin(reference.event_types_where("outcome_states_penalty"))
        no_penalty = ~states | out["sentence_type"].isna()
        out["suspended"] = out["suspended"].astype("boolean")
        for column in PENALTY_COLUMNS:
            out[column] = out[column].mask(no_penalty)
    return out


def _arrow_table(df: pd.DataFrame, schema=None) -> pa.Table:
    """An Arrow table whose ISO date columns are real dates (empty -> null), each field carrying
    its description and the table its own (the schema's), where a schema is given."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    for name in DATE_COLUMNS & set(df.columns):
        dates = pd.to_datetime(df[name].replace("", None), format="%Y-%m-%d").dt.date
        table = table.set_column(table.schema.get_field_index(name), name,
                                 pa.array(dates, type=pa.date32(), from_pandas=True))
    table = table.replace_schema_metadata(None)
    return _described(table, schema) if schema is not None else table


def _described(table: pa.Table, schema) -> pa.Table:
    """The table with pandera's descriptions as Parquet metadata: a field's in its field, the
    table's at schema level, so a Parquet file explains itself without the codebook."""
    columns = schema.to_schema().columns
    fields = [f.with_metadata({"description": columns[f.name].description or ""})
              for f in table.schema]
    metadata = {"description": (schema.__doc__ or "").strip()}
    return pa.Table.from_arrays(table.columns, schema=pa.schema(fields, metadata=metadata))


def _enum(column) -> list[str] | None:
    """The values a pandera column's isin check allows ('' left out: the files write it null)."""
    for check in column.checks:
        if check.name == "isin":
            return [v for v in check.statistics["allowed_values"] if v != ""]
    return None


def _field(name: str, dtype, column) -> dict:
    """A Table Schema field: type, description, booleans as written, the enum of its schema."""
    field = {"name": name, "type": _field_type(name, dtype), "description": column.description or ""}
    if field["type"] == "boolean":
        field.update(BOOLEAN_VALUES)
    enum = _enum(column)
    if enum is not None:
        field["constraints"] = {"enum": enum}
    return field


def primary_key(schema) -> list[str]:
    """A table's primary key: its schema's Config.unique, else its unique column(s)."""
    frame = schema.to_schema()
    return list(frame.unique or []) or [c for c, col in frame.columns.items() if col.unique]


def _keys(name: str, schema) -> dict:
    """The primary key and the foreign keys of a table, as Table Schema writes them."""
    primary = primary_key(schema)
    keys = {"primaryKey": primary} if primary else {}
    foreign = [{"fields": [c], "reference": {"resource": table.replace("_", "-"), "fields": [ref]}}
               for c, table, ref in FOREIGN_KEYS.get(name, [])]
    return {**keys, **({"foreignKeys": foreign} if foreign else {})}


def datapackage(tables: dict[str, pd.DataFrame]) -> dict:
    """The Frictionless Data Package descriptor of the contract tables."""
    resources = []
    for name, schema in CONTRACT.items():
        columns = schema.to_schema().columns
        fields = [_field(c, tables[name][c].dtype, columns[c]) for c in tables[name].columns]
        resources.append({
            "name": name.replace("_", "-"), "path": f"{name}.csv", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "description": (schema.__doc__ or "").strip(),
            "schema": {"fields": fields, "missingValues": [""], **_keys(name, schema)},
        })
    return {
        "name": "kzstats-clean", "title": "kzstats: political persecution in Kazakhstan, coded "
        "from NGO monitoring reports", "version": __version__,
        "description": "Clean tables built by `kzstats build` from data/raw; every event carries "
        "the reports that tell it and an exact quote.",
        "licenses": [DATA_LICENCE],
        "contributors": CONTRIBUTORS,
        "sources": [{"title": f"{r.publishers}: {r.title}", "path": r.url}
                    for r in tables["reports"].itertuples() if r.url]
        + [{"title": "IPHR and KIBHR for the CIVICUS Monitor; Open Dialogue Foundation",
            "path": "data/raw/reports.csv"}],
        "resources": resources,
    }


def _csv_cells(column: pd.Series) -> pd.Series:
    """A column as the text of its CSV cells, as pandas' to_csv writes them (minimal quoting)."""
    if pd.api.types.is_bool_dtype(column):
        return column.map({True: "True", False: "False"}).fillna("").astype(str)  # NA: empty
    if pd.api.types.is_integer_dtype(column):
        return column.astype(str)
    if pd.api.types.is_float_dtype(column):  # few distinct numbers: each formatted once
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        codes, bits = pd.factorize(values.view(np.int64))  # by their bits: -0.0 is not 0.0
        numbers = np.asarray(bits, dtype=np.int64).view(np.float64).tolist()
        written = pd.array(["" if math.isnan(v) else FLOAT_FORMAT % v for v in numbers], dtype=str)
        return pd.Series(written.take(codes), index=column.index)
    text = for_spreadsheet(column.fillna("").astype(str))  # see textsafe: Parquet keeps the value
    special = text.str.contains(QUOTED_CHARS, regex=True)
    if not special.any():
        return text
    quoted = '"' + text[special].str.replace('"', '""', regex=False) + '"'  # the few that need it
    return text.mask(special, quoted)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write a table as CSV in the project's dialect, a whole column at a time.

    Byte for byte what pandas' to_csv writes (UTF-8, LF, minimal quoting, FLOAT_FORMAT), several
    times faster on large tables; small tables and other column types are left to to_csv.
    Not pyarrow.csv.write_csv: it quotes the header, writes booleans as true/false and floats in
    its own shortest form, so every clean CSV would change.
    """
    plain = all(pd.api.types.is_bool_dtype(t) or pd.api.types.is_numeric_dtype(t)
                or pd.api.types.is_string_dtype(t) for t in df.dtypes)
    if len(df) < COLUMNWISE_MIN_ROWS or not plain or df.columns.has_duplicates:
        df = for_spreadsheet_frame(df)
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", float_format=FLOAT_FORMAT)
        return
    header = ",".join(_csv_cells(pd.Series(df.columns.astype(str))).tolist())
    if df.empty:
        path.write_text(header + "\n", encoding="utf-8")
        return
    with path.open("wb") as f:
        f.write((header + "\n").encode("utf-8"))
        for start in range(0, len(df), CSV_BLOCK_ROWS):  # a block at a time bounds the memory
            f.write(_csv_block(df.iloc[start:start + CSV_BLOCK_ROWS]))


def _csv_block(df: pd.DataFrame) -> memoryview:
    """The CSV lines of a block of rows, as UTF-8 bytes."""
    text = pa.large_string()
    cells = [pa.array(_csv_cells(df[c]), type=text) for c in df.columns]
    rows = pc.binary_join_element_wise(*cells, pa.scalar(",", text))
    lines = pc.binary_join_element_wise(rows, pa.scalar("", text), pa.scalar("\n", text))  # row + LF
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    return _utf8_bytes(lines)


def _utf8_bytes(text: pa.LargeStringArray) -> memoryview:
    """All values of a text array one after another: the span of its data buffer they occupy,
    written from Arrow as it is rather than made into one Python string the size of the file."""
    _, offsets, data = text.buffers()
    ends = np.frombuffer(offsets, dtype=np.int64)[text.offset:text.offset + len(text) + 1]
    return memoryview(data)[ends[0]:ends[-1]]


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """Write every table as CSV, the contract tables also as Parquet (with nulls for what is
    missing or does not apply), and datapackage.json."""
    for name, df in tables.items():
        if name in CONTRACT:
            df = published(df, name)
            pq.write_table(_arrow_table(df, CONTRACT[name]), folder / f"{name}.parquet",
                           compression="zstd")
        write_csv(df, folder / f"{name}.csv")
    descriptor = json.dumps(datapackage(tables), indent=2, ensure_ascii=False)
    (folder / "datapackage.json").write_text(descriptor + "\n", encoding="utf-8")

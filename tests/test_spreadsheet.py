"""`kzstats export --excel`: the clean tables, byte for byte, behind a UTF-8 byte-order mark."""

import pandas as pd

from conftest import run_kzstats
from kzstats import publish


def test_excel_export_is_every_contract_table_with_a_byte_order_mark(built_copy, tmp_path):
    folder = tmp_path / "excel"
    result = run_kzstats("export", "--excel", str(folder), root=built_copy)
    assert result.returncode == 0, result.stderr
    clean = built_copy / "data" / "clean"
    for name in publish.CONTRACT:
        written = (folder / f"{name}.csv").read_bytes()
        assert written == b"\xef\xbb\xbf" + (clean / f"{name}.csv").read_bytes()
    events = pd.read_csv(folder / "events.csv", encoding="utf-8-sig", dtype=str)
    assert events.columns[0] == "event_id" and events["quote"].str.contains("[“”«»]").any()


def test_excel_export_without_a_build_says_to_build_first(tmp_path):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "incidents.csv").write_text("")
    result = run_kzstats("export", "--excel", str(tmp_path / "excel"), root=tmp_path)
    assert result.returncode == 1 and "run `kzstats build`" in result.stderr

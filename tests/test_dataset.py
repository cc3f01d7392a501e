"""Loading data/clean: the files hold nulls; the loader gives a missing text back as ''."""

import pandas as pd

from kzstats import dataset, reference


def test_a_missing_text_is_null_in_the_file_and_empty_when_loaded(built_project):
    clean = built_project / "data" / "clean"
    stored = pd.read_parquet(clean / "events.parquet")
    loaded = dataset.load(clean).events
    assert stored["region"].isna().any() and not (stored["region"] == "").any()
    assert (loaded["region"] == "").tolist() == stored["region"].isna().tolist()
    for table in dataset.TABLES + dataset.TELLINGS:
        stored = pd.read_parquet(clean / f"{table}.parquet")
        text = [c for c in stored.columns if pd.api.types.is_string_dtype(stored[c])]
        assert not (stored[text] == "").any().any(), f"{table}: an empty string in the file"


def test_suspended_is_null_where_no_penalty_is_stated_and_loads_as_a_nullable_boolean(built_project):
    clean = built_project / "data" / "clean"
    events = dataset.load(clean).events
    assert str(events["suspended"].dtype) == "boolean"
    stating = events["event_type"].isin(reference.event_types_where("outcome_states_penalty"))
    applies = stating & (events["sentence_type"] != "")
    assert events.loc[~applies, "suspended"].isna().all()
    assert events.loc[applies, "suspended"].notna().all() and applies.any()
    assert events.loc[~applies, ["sentence_months", "sentence_days", "fine_kzt"]].isna().all().all()


def test_the_loaded_tables_count_as_the_build_wrote_them(built_project):
    data = dataset.load(built_project / "data" / "clean")
    sentences = data.events[data.events["event_type"] == "sentence"]
    assert (~sentences["suspended"]).sum() + sentences["suspended"].sum() == len(sentences)
    assert set(data.event_sources["event_id"]) == set(data.events["event_id"])
    assert str(data.events["date_capped"].dtype) == "bool"

"""Reference data read as the code reads it: the meanings of event types, one vocabulary each."""

from kzstats import counting, dates, dedup, reference, schemas
from kzstats.markdown import table


def test_every_meaning_of_an_event_type_is_a_yes_or_a_no():
    types = reference.event_type_table()
    flags = [c for c in types.columns if c not in ("event_type", "family", "definition")
             and not c.startswith("sentence_type_")]
    assert flags, "event_types.csv has no yes/no columns"
    for column in flags:
        assert set(types[column]) <= {"yes", "no"}, column


def test_the_sentence_types_an_event_type_gives_are_in_the_vocabulary():
    kinds = set(reference.read_reference("sentence_types")["sentence_type"])
    for column in ("sentence_type_fixed", "sentence_type_default"):
        assert set(reference.event_type_values(column).values()) <= kinds, column


def test_a_type_that_imposes_a_penalty_has_its_outcome_read():
    penalties = set(reference.event_types_where("imposes_penalty"))
    assert penalties and penalties <= set(reference.event_types_where("outcome_states_penalty"))


def test_detentions_are_deprivations_of_liberty_and_sentences_are_sentences():
    types = reference.event_type_table().set_index("event_type")
    detentions = counting.detention_kinds()
    assert detentions and set(types.loc[list(detentions), "family"]) == {"deprivation_of_liberty"}
    assert counting.chosen_types(counting.SENTENCES) == ("sentence",)


def test_only_events_of_type_other_wait_for_a_person_to_merge_them():
    # Status statements are evidence for the custody register, never events: never merged.
    every = set(reference.event_types()) - {"status_observation"}
    assert every - set(reference.event_types_where("merged_by_rule")) == {"other"}


def test_the_date_precisions_are_one_list_ranked_from_the_most_precise():
    assert schemas.DATE_PRECISIONS == dates.PRECISIONS
    assert sorted(dedup.PRECISION_RANK, key=dedup.PRECISION_RANK.get) == list(dates.PRECISIONS)


def test_a_markdown_table_has_a_line_per_row_and_escapes_bars_in_cells():
    from kzstats.markdown import cell

    assert table(["a", "b"], [["1", cell("x | y\nz")]]) == ["| a | b |", "|---|---|", "| 1 | x \\| y z |"]

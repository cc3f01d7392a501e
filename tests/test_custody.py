"""The custody register: spells from events and status statements, and who is held on a date."""

import pandas as pd
import pytest

from kzstats import cli, config, custody, dataset

HORIZON = pd.Timestamp("2021-09-01")
EVENT_COLUMNS = ["event_id", "person_id", "person_name", "event_type", "event_date",
                 "date_precision", "articles", "sentence_type", "sentence_months",
                 "sentence_days", "suspended", "source_report_ids", "quote"]


def _event(event_id, event_type, date, person="p-0000000001", **extra):
    row = {"event_id": event_id, "person_id": person, "person_name": "A. Person",
           "event_type": event_type, "event_date": date, "date_precision": "day" if date else "unknown",
           "articles": "", "sentence_type": "", "sentence_months": None, "sentence_days": None,
           "suspended": False, "source_report_ids": "r-1", "quote": "told by a report."}
    return {**row, **extra}


def _events(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=EVENT_COLUMNS)


def _observations(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"observation_id": f"obs-{i}", "person_id": person, "person_name": "A. Person",
                          "custody": kind, "as_of": as_of, "report_id": "r-2", "incident_id": f"r-2-{i:04d}",
                          "quote": "is held."} for i, (person, kind, as_of) in enumerate(rows)],
                        columns=custody.OBSERVATION_COLUMNS)


def _spells(events, observations=None):
    return custody.custody_spells(events, observations if observations is not None else _observations(),
                                  HORIZON)


def _held(spells, day) -> set[str]:
    return set(custody.held_on(spells, day)["custody"])


def test_a_prison_term_runs_from_its_start_for_its_length():
    spells = _spells(_events(_event("e1", "sentence", "2019-01-10", sentence_type="imprisonment",
                                    sentence_months=24.0)))
    assert spells.loc[0, ["custody", "end", "end_kind"]].tolist() == ["prison", "2021-01-10", "served"]
    assert _held(spells, "2020-06-01") == {"prison"}
    assert _held(spells, "2021-02-01") == set()


def test_a_release_ends_a_spell_and_a_parole_says_so():
    spells = _spells(_events(
        _event("e1", "sentence", "2018-11-30", sentence_type="imprisonment", sentence_months=48.0),
        _event("e2", "release", "2021-07-30", quote="the court granted his motion for parole.")))
    assert spells.loc[0, ["end", "end_kind"]].tolist() == ["2021-07-30", "parole"]
    assert _held(spells, "2021-07-01") == {"prison"}
    assert _held(spells, "2021-09-01") == set()


def test_a_later_status_statement_keeps_a_spell_open_past_its_term():
    spells = _spells(_events(_event("e1", "sentence", "2018-01-01", sentence_type="imprisonment",
                                    sentence_months=12.0)),
                     _observations(("p-0000000001", "prison", "2019-06-01")))
    assert spells.loc[0, "end_kind"] == "ongoing"
    assert _held(spells, "2019-05-01") == {"prison"}
    assert _held(spells, "2019-07-01") == set()  # the evidence ends with the statement


def test_an_unknown_end_is_not_ongoing_forever():
    spells = _spells(_events(_event("e1", "pretrial_detention", "2020-01-01")))
    assert spells.loc[0, ["end", "end_kind", "evidence_until"]].tolist() == ["", "unknown", "2020-01-01"]
    assert _held(spells, "2020-01-01") == {"pretrial"}
    assert _held(spells, "2020-06-01") == set()


def test_a_status_statement_alone_opens_a_spell_from_its_date_with_no_start():
    spells = _spells(_events(), _observations(("p-0000000001", "pretrial", "2021-09-01")))
    assert spells.loc[0, ["custody", "start", "evidence_from"]].tolist() == ["pretrial", "", "2021-09-01"]
    assert _held(spells, "2021-08-31") == set()
    assert _held(spells, "2021-09-01") == {"pretrial"}


def test_a_pretrial_detention_ends_when_the_person_is_sentenced():
    spells = _spells(_events(
        _event("e1", "pretrial_detention", "2021-01-05"),
        _event("e2", "sentence", "2021-06-01", sentence_type="imprisonment", sentence_months=36.0)))
    pretrial = spells[spells["custody"] == "pretrial"].iloc[0]
    assert (pretrial["end"], pretrial["end_kind"]) == ("2021-06-01", "transferred")
    assert _held(spells, "2021-06-01") == {"prison"}


def test_suspended_and_in_absentia_sentences_hold_no_one():
    spells = _spells(_events(
        _event("e1", "sentence", "2017-06-01", sentence_type="suspended_imprisonment",
               sentence_months=12.0, suspended=True),
        _event("e2", "sentence", "2017-06-01", sentence_type="imprisonment", sentence_months=240.0,
               quote="sentenced to 20 years' imprisonment in a trial held in absentia.")))
    assert spells.empty


def test_a_statement_naming_prison_ends_a_restriction_of_liberty_still_open():
    spells = _spells(_events(_event("e1", "sentence", "2021-05-17", sentence_type="restriction_of_liberty",
                                    sentence_months=60.0)),
                     _observations(("p-0000000001", "prison", "2021-09-01")))
    assert _held(spells, "2021-07-01") == {"restriction_of_liberty"}
    assert _held(spells, "2021-09-01") == {"prison"}


def test_the_articles_of_the_case_are_carried_to_a_spell_that_names_none():
    spells = _spells(_events(_event("e1", "criminal_case", "2021-01-01", articles="405.2"),
                             _event("e2", "pretrial_detention", "2021-02-01")))
    assert spells.loc[0, "articles"] == "405.2"


def test_status_words_name_their_custody():
    words = pd.Series(["prison terms", "pre-trial detention facilities", "psychiatric hospital",
                       "imprisoned", "house arrest", "nothing of the kind"])
    assert custody.custody_of_words(words).tolist() == [
        "prison", "pretrial", "psychiatric", "prison", "house_arrest", ""]


# The real register, as built into data/clean.

@pytest.fixture(scope="module")
def data():
    return dataset.load(config.CLEAN_DATA_DIR)


def test_on_1_september_2021_the_register_holds_everyone_odf_2021_09_names(data):
    stated = data.stated_totals[data.stated_totals["report_id"] == "odf-2021-09"]
    compared = custody.compare_totals(data.custody_spells, data.status_observations, stated)
    assert (compared["named_not_held"] == "").all(), compared
    by_kind = compared.set_index("custody")
    assert by_kind.loc["pretrial", ["stated", "named_in_report", "register"]].tolist() == [7, 7, 7]
    assert by_kind.loc["psychiatric", ["stated", "named_in_report", "register"]].tolist() == [1, 1, 1]
    # The report's list of "14" prisoners names 15 people; the register shows the difference.
    assert by_kind.loc["prison", "named_in_report"] == by_kind.loc["prison", "stated"] + 1


def test_aset_abishev_is_held_before_his_release_and_not_after(data):
    def held(day):
        return set(custody.held_on(data.custody_spells, day)["person_name"])

    assert "Aset Abishev" in held("2021-07-01")
    assert "Aset Abishev" not in held("2021-09-01")


def test_every_stated_total_quotes_its_report_verbatim(data):
    from kzstats.reports import in_report

    assert in_report(data.stated_totals["report_id"], data.stated_totals["quote"]).all()


def test_status_statements_are_kept_out_of_the_events(data):
    assert not (data.events["event_type"] == custody.STATUS_EVENT).any()
    assert len(data.status_observations) > 0


def test_held_writes_the_list_as_csv(data, capsys):
    assert cli.main(["held", "--on", "2021-09-01", "--kinds", "pretrial", "--format", "csv"]) == 0
    table = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert {"person_name", "custody", "since", "articles", "term_months", "expected_end",
            "source_report_ids"} <= set(table.columns)
    assert set(table["custody"]) == {"pretrial"}
    assert len(table) == len(custody.held_on(data.custody_spells, "2021-09-01", ["pretrial"]))


def test_held_refuses_a_date_that_is_not_one_in_a_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["held", "--on", "2021-13-01"])
    assert exit_.value.code == 2
    assert "is not a date of the form YYYY-MM-DD" in capsys.readouterr().err

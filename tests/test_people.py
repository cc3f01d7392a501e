"""One person across spelling variants, and never two people merged silently."""

import pandas as pd
import pytest

from kzstats.people import INITIALS_FIT_SEVERAL, name_key, name_keys, resolve_people

NO_ALIASES = pd.DataFrame(columns=["name", "same_as", "decision", "note"])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ablovas Dzhumaev", "Ablovas Dzhumayev"),
        ("Asset Abishev", "Aset Abishev"),
        ("Erlan Baltabay", "Yerlan Baltabai"),
        ("Saniya Toiken", "Sania Toyken"),
        ("Erzhan Elshibaev", "Yerzhan Yelshibayev"),
        ("Gulzipa Dzaukerova", "Gulzipa Dzhaukerova"),
        ("Bolathan Zhunusov", "Bolatkhan Zhunusov"),
        ("Zhunusov Bolatkhan", "Bolatkhan Zhunusov"),
    ],
)
def test_transliteration_variants_of_one_name_share_a_key(a, b):
    assert name_key(a) == name_key(b)


def test_keys_of_a_column_are_written_out_rule_by_rule():
    names = pd.Series(["Mukhammedov  Asset", "", "Ерлан Балтабай", "Aa", "O'Neill-Jumaev"],
                      index=[4, 9, 2, 7, 1])
    assert name_keys(names).to_dict() == {4: "aset muhamedov", 9: "", 2: "baltabai erlan",
                                          7: "a", 1: "jumaev neil o"}


def test_different_people_with_one_surname_stay_apart():
    names = pd.Series(["Zhanibek Zhunusov", "Bolatkhan Zhunusov"])
    persons, _ = resolve_people(names, NO_ALIASES)
    assert persons["person_id"].nunique() == 2


def test_surname_first_with_initial_merges_with_the_one_full_name_it_fits():
    names = pd.Series(["Zhanibek Zhunusov", "Zhunusov Zh.", "Bolatkhan Zhunusov"])
    persons, matches = resolve_people(names, NO_ALIASES)
    ids = persons.set_index("name")["person_id"]
    assert ids["Zhunusov Zh."] == ids["Zhanibek Zhunusov"] != ids["Bolatkhan Zhunusov"]
    assert "initials fit one full name" in set(matches["reason"])


def test_similar_but_different_names_are_reported_as_doubtful_not_merged():
    names = pd.Series(["Nazira Lepesova", "Nazira Lesova"])
    persons, matches = resolve_people(names, NO_ALIASES)
    assert persons["person_id"].nunique() == 2
    assert list(matches["decision"]) == ["doubtful"]


def test_alias_table_merges_what_the_matcher_must_not_decide_alone():
    names = pd.Series(["Yerulan Amirov", "Yeruan Amirov", "Yerulan Amirov"])
    aliases = pd.DataFrame([{"name": "Yeruan Amirov", "same_as": "Yerulan Amirov",
                             "decision": "same", "note": "typo"}])
    persons, _ = resolve_people(names, aliases)
    assert persons["person_id"].nunique() == 1
    assert set(persons["person_name"]) == {"Yerulan Amirov"}  # the most used spelling


def test_person_ids_are_stable_across_runs_and_row_order():
    names = pd.Series(["Sania Toyken", "Saniya Toiken", "Max Bokayev"])
    first, _ = resolve_people(names, NO_ALIASES)
    second, _ = resolve_people(names[::-1].reset_index(drop=True), NO_ALIASES)
    pd.testing.assert_frame_equal(first, second)


def test_initials_fit_the_full_name_whichever_comes_first():
    names = pd.Series(["Zhunusov Zh. B.", "Zhanibek Bolatovich Zhunusov", "Zhanibek Zhunusov"])
    persons, _ = resolve_people(names, NO_ALIASES)
    ids = persons.set_index("name")["person_id"]
    assert ids["Zhunusov Zh. B."] == ids["Zhanibek Bolatovich Zhunusov"] != ids["Zhanibek Zhunusov"]


def test_names_sharing_only_a_common_given_name_are_compared_by_their_surnames():
    given = ["Erlan", "Aset", "Marat"]
    names = pd.Series([f"{g} Abdi{k:03d}ov" for g in given for k in range(300)]
                      + ["Erlan Ospanov", "Erlan Ospanova"])
    _, matches = resolve_people(names.str.replace(r"\d", lambda m: "abcdefghij"[int(m[0])],
                                                  regex=True), NO_ALIASES)
    doubtful = matches[matches["decision"] == "doubtful"]
    assert ("Erlan Ospanov", "Erlan Ospanova") in set(zip(doubtful["name_a"], doubtful["name_b"]))


def test_initials_that_fit_several_full_names_merge_with_none_and_are_doubtful():
    names = pd.Series(["Zhanibek Zhunusov", "Zhanat Zhunusov", "Zhunusov Zh."])
    persons, matches = resolve_people(names, NO_ALIASES)
    assert persons["person_id"].nunique() == 3
    short = matches[(matches["name_a"] == "Zhunusov Zh.") | (matches["name_b"] == "Zhunusov Zh.")]
    assert len(short) == 2
    assert set(short["decision"]) == {"doubtful"}
    assert set(short["reason"]) == {INITIALS_FIT_SEVERAL}


def test_initials_fitting_two_spellings_of_one_person_still_merge():
    names = pd.Series(["Zhanibek Zhunusov", "Zhanibeck Zhunusov", "Zhunusov Zh."])
    aliases = pd.DataFrame([{"name": "Zhanibeck Zhunusov", "same_as": "Zhanibek Zhunusov",
                             "decision": "same", "note": "typo"}])
    persons, matches = resolve_people(names, aliases)
    assert persons["person_id"].nunique() == 1
    assert "initials fit one full name" in set(matches["reason"])


def test_a_decision_of_different_keeps_two_spellings_of_one_key_apart():
    names = pd.Series(["Nurzhan Mukhammedov", "Nurzhan Mukhamedov"])
    aliases = pd.DataFrame([{"name": "Nurzhan Mukhamedov", "same_as": "Nurzhan Mukhammedov",
                             "decision": "different", "note": "nothing ties them"}])
    assert name_key(names[0]) == name_key(names[1])
    persons, matches = resolve_people(names, aliases)
    assert persons["person_id"].nunique() == 2
    assert "kept apart" in set(matches["decision"])

"""kzstats.places: place phrases of the coding sheet to a settlement and the region of the day."""

import pandas as pd
import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzstats import places
from kzstats.reference import read_reference

STATUSES = {"ok", "empty", "national", "abroad", "unplaced", "ambiguous", "unknown"}

# Every non-empty place_text of data/raw/incidents.csv that is not placed, and why.
KNOWN_NOT_PLACED = {
    "the Court of Appeal": "names no settlement",
    "the colony": "names no settlement",
    "the pre-trial detention facility": "names no settlement",
    "a pre-trial detention facility": "names no settlement",
    "a psychiatric hospital": "names no settlement",
    "police stations": "names no settlement",
    "a rented flat": "names no settlement",
    "Rakhimzhanov’s home": "names no settlement",
    "Reikhert’s home": "names no settlement",
    "Jardemalie’s flat": "names no settlement (the report's context is Belgium)",
    "KSS offices": "a company's offices, city not given",
    "various cities near the Nur Otan offices": "several unnamed cities",
    "the city of Shiykent": "no such settlement; listed in the gazetteer as unplaced",
    "penal colony LA-155/14": "the colony's location could not be confirmed; listed as unplaced",
    "Almaty District Court": "Astana's Almaty district court or a district court in Almaty",
    "Almaty and Nur-Sultan": "two places: the report does not say who was attacked where",
    "Zhanaozen | Aktau": "two places (region Mangystau is still given)",
}


@pytest.mark.parametrize(("text", "place", "kind"), [
    ("Almaty", "Almaty", "city"),
    ("Uralsk", "Oral", "city"),
    ("a local court in Uralsk", "Oral", "city"),
    ("Aqtau City Court", "Aktau", "court"),
    ("Mangystau Appeals Board on Criminal Cases", "Aktau", "court"),
    ("the city of Kyzyl-Orda", "Kyzylorda", "city"),
    ("Oskemen", "Oskemen", "city"),
    ("Petropavlovsk", "Petropavl", "city"),
    ("the town of Zhezkazgan", "Zhezkazgan", "city"),
    ("Baikonur’s prosecutor", "Baikonur", "city"),
    ("the capital", "Astana", "city"),
    ("an administrative court in the capital", "Astana", "city"),
    ("near the central mosque in Nur Sultan", "Astana", "city"),
    ("EC-166/1, Nur-Sultan city", "Astana", "facility"),
    ("the Supreme Court of Kazakhstan", "Astana", "court"),
    ("Yesilskiy District Court in Nur-Sultan", "Astana", "city"),
    ("Almaly District Court in Almaty", "Almaty", "court"),
    ("Almaty’s Zhetisu District Court", "Almaty", "court"),
    ("Shymkent’s Al-Farabi Court", "Shymkent", "court"),
    ("Enbekshin Court in Shymkent", "Shymkent", "city"),
    ("Kazybekbiskiy District Court in Karaganda", "Karaganda", "court"),
    ("Atyrau Court No. 2", "Atyrau", "court"),
    ("a local Atyrau court", "Atyrau", "city"),
    ("near the city hall in the City of Aktobe", "Aktobe", "city"),
    ("a court in the city of Taldykorgan", "Taldykorgan", "city"),
    ("Tselinograd District Court", "Tselinograd District", "court"),
    ("Zachagan District Police Station", "Oral", "district"),
    ("outside the office of the Talgar district mayor of the Almaty region", "Talgar District",
     "district"),
])
def test_real_phrase_is_placed_in_its_settlement(text, place, kind):
    hit = places.place_one(text)
    assert (hit.place, hit.kind, hit.status) == (place, kind, "ok")


def test_the_country_alone_is_national_with_no_region():
    hit = places.place_one("several Kazakh cities")
    assert (hit.place, hit.kind, hit.status) == ("Kazakhstan", "country", "national")


@pytest.mark.parametrize(("text", "place"), [
    ("France", "France"), ("Paris", "Paris"), ("Belgium", "Belgium"), ("the US", "United States"),
    ("Kyrgyzstan", "Kyrgyzstan"), ("China", "China"), ("Brussels", "Brussels"),
])
def test_place_abroad_has_status_abroad_and_no_region(text, place):
    out = places.locate(pd.Series([text]), pd.Series([pd.Timestamp("2020-01-01")]))
    assert out.iloc[0].to_dict() == {"place": place, "place_kind": "abroad", "region": "",
                                     "region_iso": "", "place_status": "abroad"}


@pytest.mark.parametrize("text", [
    "village Karaotkel in Akmolinsk region", "Karaotkel", "Talapker", "the village of Talapker",
])
def test_village_and_its_own_region_are_one_place(text):
    out = places.locate(pd.Series([text]), pd.Series([pd.Timestamp("2018-11-02")]))
    assert out.iloc[0][["place_kind", "region", "region_iso", "place_status"]].tolist() == [
        "village", "Akmola Region", "KZ-11", "ok"]


@pytest.mark.parametrize(("text", "place"), [
    ("Алматы", "Almaty"), ("Астана", "Astana"), ("Актау", "Aktau"), ("Уральск", "Oral"),
    ("Шымкент", "Shymkent"), ("Нур-Султан", "Astana"), ("Семипалатинск", "Semey"),
    ("Ust-Kamenogorsk", "Oskemen"), ("Janaozen", "Zhanaozen"), ("Qaraghandy", "Karaganda"),
    ("Aqtobe", "Aktobe"), ("Oral", "Oral"), ("Ushtobe-resident", "Ushtobe"),
    ("Akmola oblast", "Akmola Region"), ("pre-trial detention facility in Almaty", "Almaty"),
])
def test_spelling_variant_finds_the_canonical_place(text, place):
    assert places.place_one(text).place == place


def test_english_word_oral_is_not_the_city_and_an_unknown_phrase_is_unknown():
    assert places.place_one("an oral warning").status == "unknown"


@pytest.mark.parametrize(("text", "date", "region", "iso"), [
    ("the city of Shymkent", "2017-07-25", "South Kazakhstan Region", "KZ-79"),
    ("Shymkent", "2018-05-31", "South Kazakhstan Region", "KZ-79"),
    ("Shymkent", "2018-06-19", "Shymkent", "KZ-79"),
    ("Turkistan", "2018-06-18", "South Kazakhstan Region", "KZ-61"),
    ("Turkistan", "2019-01-01", "Turkistan Region", "KZ-61"),
    ("Astana", "2017-06-12", "Astana", "KZ-71"),
    ("the capital", "2020-01-01", "Nur-Sultan", "KZ-71"),
    ("Nur-Sultan", "2022-09-17", "Astana", "KZ-71"),
    ("Semey", "2021-06-01", "East Kazakhstan Region", "KZ-10"),
    ("Semey", "2023-01-01", "Abai Region", "KZ-10"),
    ("Taldykorgan", "2018-12-06", "Almaty Region", "KZ-33"),
    ("Zhezkazgan", "2017-05-15", "Karaganda Region", "KZ-62"),
    ("Zhezkazgan", "2022-06-08", "Ulytau Region", "KZ-62"),
    ("Baikonur", "2017-05-26", "Kyzylorda Region", "KZ-43"),
])
def test_region_is_the_unit_in_force_on_the_event_date(text, date, region, iso):
    out = places.locate(pd.Series([text]), pd.Series([pd.Timestamp(date)]))
    assert out.iloc[0][["region", "region_iso"]].tolist() == [region, iso]


@pytest.mark.parametrize(("text", "region"), [
    ("Shymkent", "Shymkent"), ("the capital", "Astana"), ("Semey", "Abai Region"),
])
def test_undated_event_gets_todays_unit(text, region):
    out = places.locate(pd.Series([text]), pd.Series([pd.NaT]))
    assert out.region.iloc[0] == region


def test_event_dates_as_iso_strings_are_read():
    out = places.locate(pd.Series(["Shymkent", "Shymkent"]), pd.Series(["2018-01-01", "not a date"]))
    assert out.region.tolist() == ["South Kazakhstan Region", "Shymkent"]


def test_two_places_in_one_region_are_ambiguous_but_keep_the_region():
    out = places.locate(pd.Series(["Zhanaozen | Aktau"]), pd.Series([pd.Timestamp("2019-02-27")]))
    assert out.iloc[0].tolist() == ["", "", "Mangystau Region", "KZ-47", "ambiguous"]


@pytest.mark.parametrize("text", ["Almaty and Nur-Sultan", "Almaty District Court",
                                  "Yesilskiy District Court", "Almaty | Almaty region"])
def test_phrase_that_could_be_two_places_is_ambiguous_not_guessed(text):
    hit = places.place_one(text)
    assert (hit.place, hit.status) == ("", "ambiguous")


def test_misspelling_shiykent_is_unplaced_not_guessed_as_shymkent():
    assert places.place_one("the city of Shiykent") == ("", "", "", "unplaced")


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_phrase_is_empty(text):
    assert places.place_one(text).status == "empty"


def test_missing_value_is_empty():
    out = places.locate(pd.Series([None, float("nan")]), pd.Series([pd.NaT, pd.NaT]))
    assert out.place_status.tolist() == ["empty", "empty"]


def test_result_keeps_the_index_and_parses_each_distinct_phrase_once(monkeypatch):
    calls = []
    real = places.place_one
    monkeypatch.setattr(places, "place_one", lambda text: calls.append(text) or real(text))
    text = pd.Series(["Almaty", "Uralsk", "Almaty", ""] * 50, index=range(1000, 1200))
    out = places.locate(text, pd.Series(pd.NaT, index=text.index))
    assert list(out.index) == list(text.index)
    assert list(out.columns) == list(places.OUTPUT_COLUMNS)
    assert sorted(calls) == ["", "Almaty", "Uralsk"]


@given(st.text())
def test_arbitrary_text_never_crashes(text):
    out = places.locate(pd.Series([text]), pd.Series([pd.NaT]))
    assert out.place_status.iloc[0] in STATUSES


def test_every_real_place_text_is_placed_or_a_documented_exception(incidents):
    out = places.locate(incidents.place_text, pd.Series(pd.NaT, index=incidents.index))
    phrases = incidents.place_text[out.place_status.isin(["unplaced", "ambiguous"])]
    assert set(phrases) == set(KNOWN_NOT_PLACED)
    assert set(out.place_status[incidents.place_text == ""]) == {"empty"}
    placed = out[out.place_status == "ok"]
    assert (placed.place != "").all()
    assert (placed.region != "").sum() == (placed.place_kind != "country").sum()


def test_gazetteer_is_consistent():
    table = places.gazetteer()
    assert not table.key.duplicated().any(), table.variant[table.key.duplicated()].tolist()
    assert set(table.status) <= {"ok", "abroad", "unplaced", "ambiguous"}
    assert set(table.place_kind) <= {*places.KIND_ORDER, ""}
    flagged = table.status.isin(places.FLAG_STATUSES)
    assert (table.place[flagged] == "").all() and (table.iso_today[flagged] == "").all()
    named = table[~flagged]
    assert (named.groupby("place").iso_today.nunique() == 1).all(), "one code per place"
    in_kz = named.iso_today.str.match(r"KZ(-|$)")
    assert ((named.status == "abroad") == ~in_kz).all()
    assert ((named.place_kind == "abroad") == ~in_kz).all()
    for code in named.iso_today.drop_duplicates():
        assert pycountry.countries.get(alpha_2=code) or pycountry.subdivisions.get(code=code), code


def test_regions_match_iso_3166_2_today():
    regions = read_reference("regions")
    current = regions[regions.valid_to == ""]
    kz_codes = {s.code: s.name for s in pycountry.subdivisions.get(country_code="KZ")}
    assert dict(zip(current.iso_code, current.iso_name)) == kz_codes
    assert len(current) == 20


def test_region_timeline_covers_every_date_once_per_code():
    timeline = places.region_timeline().sort_values(["iso", "start"])
    for code, spans in timeline.groupby("iso"):
        assert spans.start.iloc[0] == places.OPEN_START and spans.end.iloc[-1] == places.OPEN_END
        gaps = spans.start.iloc[1:].to_numpy() - spans.end.iloc[:-1].to_numpy()
        assert (gaps == pd.Timedelta(days=1)).all(), code

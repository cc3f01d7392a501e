"""charges_text becomes (legal_code, article, part) triples, and every article is catalogued."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzstats import charges, config
from kzstats.charges import (
    CATEGORIES,
    articles_string,
    charge_status,
    parse_charges,
    parse_text,
)
from kzstats.reference import article_catalogue

# Real values of the sheet that name no article we can place, and why; every other is parsed.
# Accusations the reports give in words only: status "described", listed for review, never guessed.
KNOWN_DESCRIBED = {
    "criminal charges": "no offence named",
    "defamation": "criminal Art. 130 until 2020, administrative after, or a civil suit",
    "alleged defamation": "criminal Art. 130 until 2020, administrative after, or a civil suit",
    "embezzlement and fraud | abuse of office": "abuse of office: Art. 250 or 361",
    "fraud and unauthorised conduct": "'unauthorised conduct' has no article we can confirm",
    "disobeying and resisting police": "a criminal sentence with no article given",
    "“harassment in public places”": "no article title we can confirm",
    "supporting the DVK movement": "conduct, not an offence; articles varied",
    "supporting “Koshe Partiyasy”, or DCK": "conduct, not an offence; articles varied",
    "supporting the banned DVK movement | Criminal Code article 405":
        "the description is flagged; its Article 405 is still returned",
    "administrative offences relating to their participation in the unsanctioned protests":
        "no offence or article named",
    "‘supporting the DCK’": "conduct, not an offence; articles varied",
    "participation in the DCK": "conduct, not an offence; articles varied",
    "supporting the “Koshe Partiyasy”": "conduct, not an offence; articles varied",
    "supporting the banned opposition movement | Criminal Code article 405":
        "the description is flagged; its Article 405 is still returned",
    "“political extremism”": "grounds of the 2005 ban of the DCK, not a charge",
    "“incite social discord”": "a finding of the 2018 court ban of the DCK, not a charge",
    "failing to pay the fines": "a sentence conversion, not an offence",
    "failing to pay corporate income tax on grants received from foreign donors":
        "a tax assessment; no article named",
    "alleged violations of safety rules": "unspecified administrative offence",
    "alleged violation of residency registration rules": "administrative; article not named",
    "laundered some 100,000 USD, stolen from the BTA Bank | “accomplice” of former BTA Bank "
    "Head Mukhtar Ablyazov": "descriptions of the indictment, no offence named",
}


def articles_of(text: str) -> str:
    return articles_string(parse_charges(pd.Series([text]))).iloc[0]


def triples_of(text: str) -> set[tuple[str, str, str]]:
    out = parse_charges(pd.Series([text]))
    return set(out[["legal_code", "article", "part"]].itertuples(index=False, name=None))


@pytest.mark.parametrize(("text", "expected"), [
    ("Article 405 Part 2 of the Criminal Code", "405.2"),
    ("Article 405 Part 1 and 2 of the Criminal Code", "405.1;405.2"),
    ("Article 405 Part 1 and Part 2 of the Criminal Code", "405.1;405.2"),
    ("Article 405 Parts 1 and 2 of the Criminal Code", "405.1;405.2"),
    ("Article 266 and 405 of the Kazakh Criminal Code", "266;405"),
    ("Articles 266 and 405", "266;405"),
    ("Article 405 in the Kazakh Criminal Code", "405"),
    ("Article 274 | Article 380 | Article 407 | Article 378", "274;378;380;407"),
    ("Article 405 Part 2 of the Criminal Code | Article 296 Part 2 of the Criminal Code",
     "296.2;405.2"),
    ("‘participating in the activities of an extremist organisation” (Article 405 of the CC)", "405"),
    ("Art. 174 CC", "174"),
    ("Article 174 of the CC", "174"),
    ("(Article 258 of the Criminal Code)", "258"),
    ("Part 2 of Article 405 of the Criminal Code", "405.2"),
    ("“establishment, management or participation in an extremist group” (Article 182)", "182"),
    (("“criminal group of Barlyk Mendygaziyev” (Article 262 Part 2 of the Criminal Code) | “money "
     "laundering” (Article 218 Part 3 of the Criminal Code) | “tax evasion” (Article 245 Part 3 of "
     "the Criminal Code)"), "218.3;245.3;262.2"),
    (("embezzlement (Article 176 of the Criminal Code) | false denunciation (Article 419 of the "
     "Criminal Code)"), "176;419"),
])
def test_criminal_articles_and_parts_are_read(text, expected):
    assert articles_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    (("violating the rules on conducting assemblies (under article 488 of the Code on "
     "Administrative Offences)"), "CAO 488"),
    ("Article 488 of the Code of Administrative Offences", "CAO 488"),
    (("disobeying the legal orders of law enforcement officers (under article 667 of the "
     "Administrative Code)"), "CAO 667"),
    ("article 488 of the Code on Administrative Offences", "CAO 488"),
    ("Article 488 KoAP", "CAO 488"),
    ("administrative arrest under Article 488", "CAO 488"),
    ("“protection of honour, dignity and business reputation” | Article 143 of the Civil Code",
     "Civil Code 143"),
])
def test_administrative_and_civil_codes_are_read_only_when_named(text, expected):
    assert articles_of(text) == expected


@pytest.mark.parametrize("text", [
    "Article 405", "Article 174 of the Kazakh Criminal Code | Article 179",
    "using violence against a representative of the state (under Criminal Code article 380)",
])
def test_bare_article_is_criminal_code(text):
    assert {code for code, _, _ in triples_of(text)} == {"criminal"}


@pytest.mark.parametrize(("text", "expected"), [
    ("‘inciting social discord’", "174"),
    ("“inciting religious discord”", "174"),
    ("inciting social discord", "174"),
    ("illegal border crossing", "392"),
    ("knowingly disseminating false information", "274"),
    ("use of force against a representative of authorities", "380"),
    ("participation in the activities of an extremist organisation", "405"),
    (("organisation and participation in the activities of the “extremist organisation” “Koshe "
     "Partiyasy”"), "405"),
    ("“organisation and participation in an organised criminal group”", "262"),
    ("“tax evasion” and/or “issuing false invoices”", "216;245"),
    ("“insulting a representative of the authorities”", "378"),
    ("embezzlement and fraud", "189;190"),
    ("violating the rules on holding assemblies", "CAO 488"),
    (("participation\xa0in an unsanctioned protest against proposed joint investment projects with "
     "China"), "CAO 488"),
    ("disobeying the orders of the police", "CAO 667"),
    (("‘littering in public places, foul language and other actions expressing disrespect for "
     "society’"), "CAO 434"),
])
def test_named_charge_is_mapped_through_the_name_table(text, expected):
    assert articles_of(text) == expected
    assert charge_status(pd.Series([text])).iloc[0] == "ok"


def test_name_beside_its_numbered_article_is_one_charge():
    text = "“participation in an extremist organisation” | Article 405 Part 2 of the Criminal Code"
    assert triples_of(text) == {("criminal", "405", "2")}


@pytest.mark.parametrize("text", ["defamation", "“political extremism”", "supporting the DCK"])
def test_name_not_in_the_table_is_described_not_guessed(text):
    assert charge_status(pd.Series([text])).iloc[0] == "described"
    assert articles_of(text) == ""


def test_one_unknown_piece_flags_the_row_but_keeps_the_articles_found():
    text = "embezzlement and fraud | abuse of office"
    assert charge_status(pd.Series([text])).iloc[0] == "described"
    assert articles_of(text) == "189;190"


@pytest.mark.parametrize("value", ["", "   ", " | ", None, float("nan")])
def test_blank_value_is_empty(value):
    s = pd.Series([value], dtype=object)
    assert charge_status(s).iloc[0] == "empty"
    assert articles_string(parse_charges(s)).iloc[0] == ""


def test_every_input_index_appears_once_in_articles_string_with_its_status():
    s = pd.Series(["Article 405", "", "defamation", "Article 405"], index=[10, 3, 7, 5])
    long = parse_charges(s)
    assert list(long.columns) == ["row", "legal_code", "article", "part", "basis", "charge_status"]
    assert list(articles_string(long).index) == [10, 3, 7, 5]
    assert list(articles_string(long)) == ["405", "", "", "405"]
    assert charge_status(s).to_dict() == {10: "ok", 3: "empty", 7: "described", 5: "ok"}
    assert long.groupby("row")["charge_status"].first().to_dict() == charge_status(s).to_dict()


def test_each_distinct_phrase_is_parsed_once(monkeypatch):
    calls = []
    real = charges.parse_text
    monkeypatch.setattr(charges, "parse_text", lambda t: calls.append(t) or real(t))
    parse_charges(pd.Series(["Article 405"] * 1000 + ["Article 174"] * 1000))
    assert sorted(calls) == ["Article 174", "Article 405"]


@given(st.text())
def test_parser_never_crashes_on_arbitrary_text(text):
    s = pd.Series([text, text + " | Article 4", "Art. " + text])
    long = parse_charges(s)
    assert set(long["charge_status"]) <= set(charges.STATUSES)
    assert len(articles_string(long)) == 3


def test_an_article_number_that_cannot_be_read_is_unparsed():
    assert charge_status(pd.Series(["Article ??? of a code"])).iloc[0] == "unparsed"


def test_every_real_charges_text_is_parsed_or_known(incidents):
    status = charge_status(incidents["charges_text"])
    assert not (status == "unparsed").any()
    described = set(incidents.loc[status == "described", "charges_text"])
    assert described == set(KNOWN_DESCRIBED), f"new: {described - set(KNOWN_DESCRIBED)}"
    ok = status == "ok"
    assert (articles_string(parse_charges(incidents["charges_text"]))[ok] != "").all()


def test_every_article_parsed_from_the_sheet_is_in_the_catalogue(incidents):
    long = parse_charges(incidents["charges_text"])
    found = set(long.loc[long["article"] != "", ["legal_code", "article"]].itertuples(
        index=False, name=None))
    catalogue = set(article_catalogue()[["legal_code", "article"]].itertuples(index=False, name=None))
    assert found - catalogue == set()


def test_every_named_charge_points_to_a_catalogued_article():
    catalogue = set(article_catalogue()[["legal_code", "article"]].itertuples(index=False, name=None))
    named = {pair for pairs in charges.charge_names().values() for pair in pairs}
    assert named - catalogue == set()


def test_catalogue_has_one_row_per_article_with_a_documented_category():
    cat = article_catalogue()
    assert not cat.duplicated(["legal_code", "article"]).any()
    assert set(cat["category"]) <= set(CATEGORIES)
    assert cat["title"].str.len().gt(0).all()
    assert cat["source"].str.startswith("https://adilet.zan.kz/").all()
    doc = (config.REFERENCE_DIR / "articles.md").read_text(encoding="utf-8")
    assert all(f"| `{category}` |" in doc for category in CATEGORIES)


def test_catalogue_includes_the_usual_neighbours():
    cat = set(article_catalogue()[["legal_code", "article"]].itertuples(index=False, name=None))
    neighbours = [("criminal", a) for a in ("174", "179", "256", "258", "274", "400", "405")]
    neighbours += [("administrative", a) for a in ("488", "489", "434")]
    assert set(neighbours) <= cat


def test_a_listed_conjunct_gives_its_article_and_the_rest_stays_described():
    # civicus-2017-07: "investigated on charges of fraud and unauthorised conduct".
    assert parse_text("fraud and unauthorised conduct") == ("described", [("criminal", "190", "", "name")])
    assert parse_text("embezzlement and fraud")[0] == "ok"  # a listed name whole is not split
    assert parse_text("disobeying and resisting police") == ("described", [])

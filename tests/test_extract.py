"""kzstats extract: one row per person per event, from each report style researchers meet."""


import shutil

import pandas as pd
import pytest

from conftest import copy_project, run_kzstats
from kzstats import (
    charges,
    clauses,
    config,
    dates,
    extract,
    extract_eval,
    extract_learn,
    extract_model,
    outcomes,
    places,
    reports,
    schemas,
)
from kzstats.errors import KzstatsError
from kzstats.sheet import REVIEW_COLUMNS, SHEET_COLUMNS, read_sheet

NO_KNOWLEDGE = extract.Knowledge()


def _rows(text: str, start: str = "2018-10-01", end: str = "2018-12-31") -> pd.DataFrame:
    return extract.extract_rows("test-report", text, start, end, NO_KNOWLEDGE)


def _candidates(text: str, start: str, end: str) -> pd.DataFrame:
    return extract.candidates("test-report", text, start, end, NO_KNOWLEDGE)


def _dates(rows: pd.DataFrame, event_type: str) -> set[str]:
    """The dates proposed for one event type."""
    return set(rows.loc[rows["event_type"] == event_type, "date_text"])


def _sentences_of(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["event_type"] == "sentence"]


def test_narrative_paragraph_gives_the_sentence_with_date_place_article_and_term():
    text = ("On 20th September 2018, Aqtau City Court sentenced Kazakhstani citizen Ablovas Dzhumaev "
            "to three years of imprisonment after he was found guilty of violating Article 174 of the "
            "Kazakh Criminal Code, which punishes incitement to discord, as well as Article 179, which "
            "punishes public calls for seizure of power.")
    row = _sentences_of(_rows(text)).iloc[0]
    assert row["person"] == "Ablovas Dzhumaev"
    assert dates.parse_date(row["date_text"], "2018-10-01", "2018-12-31")[:2] == (
        pd.Timestamp("2018-09-20").date(), pd.Timestamp("2018-09-20").date())
    assert places.place_one(row["place_text"]).place == "Aktau"
    assert {"174", "179"} <= {t[1] for t in charges.parse_text(row["charges_text"])[1]}
    assert outcomes.parse_outcome(row["outcome_text"], "sentence")[:2] == ("imprisonment", 36.0)


def test_bullet_naming_three_people_gives_three_rows():
    text = ("- On 4 June 2021 Maksut Appasov, Kaliaskar Amrenov, Zhanat Zhamaliyev (charged under "
            "Article 405 Part 2 of the Criminal Code)were sentenced to one year of restriction of liberty.")
    rows = _sentences_of(_rows(text, "2021-01-01", "2021-09-01"))
    assert list(rows["person"]) == ["Maksut Appasov", "Kaliaskar Amrenov", "Zhanat Zhamaliyev"]
    assert set(rows["charges_text"]) == {"Article 405 Part 2 of the Criminal Code"}
    assert set(rows["outcome_text"]) == {"one year of restriction of liberty"}


def test_list_of_names_gives_a_row_for_each_name():
    text = ("In 2021, there were 27 new cases of custodial sentences for supporting “Koshe Partiyasy”, "
            "or DCK: Aibek Sabitov, Zhazira Kambarova, Nazira Lepesova, Yerkin Sabanshiyev.")
    rows = _sentences_of(_rows(text, "2021-01-01", "2021-09-01"))
    assert list(rows["person"]) == ["Aibek Sabitov", "Zhazira Kambarova", "Nazira Lepesova",
                                    "Yerkin Sabanshiyev"]
    assert set(rows["date_text"]) == {"In 2021"}


def test_chronology_with_surname_first_initials_gives_a_row_per_person():
    text = ("On 3 May, activists Zhunusov Zh. and Sabitov A., charged under Article 405, Part 2 of the "
            "Criminal Code, were sentenced in Aktobe city to 1.5 years of restriction of liberty.")
    rows = _sentences_of(_rows(text, "2022-05-01", "2022-05-31"))
    assert list(rows["person"]) == ["Zhunusov Zh.", "Sabitov A."]
    assert set(rows["role"]) == {"activist"}
    assert dates.parse_date(rows.iloc[0]["date_text"], "2022-05-01", "2022-05-31")[0] == (
        pd.Timestamp("2022-05-03").date())
    assert {places.place_one(p).place for p in rows["place_text"]} == {"Aktobe"}
    assert outcomes.parse_outcome(rows.iloc[0]["outcome_text"], "sentence")[:2] == (
        "restriction_of_liberty", 18.0)
    assert {t[1] for t in charges.parse_text(rows.iloc[0]["charges_text"])[1]} == {"405"}


def test_a_judge_or_investigator_named_is_not_a_victim():
    text = "On 2 October 2018, judge Asel Tokayeva sentenced activist Asset Nurzhaubai to four years in prison."
    assert list(_sentences_of(_rows(text))["person"]) == ["Asset Nurzhaubai"]


def test_a_surname_alone_is_the_person_named_before_it():
    text = ("Activist Murat Baimagambetov has serious illness.\n"
            "On 20 April 2021, Baimagambetov was sentenced to two years of restriction of liberty.")
    assert list(_sentences_of(_rows(text, "2021-01-01", "2021-09-01"))["person"]) == ["Murat Baimagambetov"]


def test_a_word_of_an_unplaced_gazetteer_phrase_may_be_a_name():
    text = ("Mahkambet Abzhan, head of the Astana-based NGO Shanyrak, is being investigated on charges "
            "of fraud.")
    assert [m.name for m in extract.find_people(text, NO_KNOWLEDGE, frozenset(), {})] == [
        "Mahkambet Abzhan"]


def test_a_place_name_before_a_surname_is_a_given_name():
    text = "On 16th December 2018 police detained Abay Erkenov in Almaty."
    assert [m.name for m in extract.find_people(text, NO_KNOWLEDGE, frozenset(), {})] == ["Abay Erkenov"]
    assert extract.find_people("The Abay Region court ruled.", NO_KNOWLEDGE, frozenset(), {}) == []


def test_where_someone_is_from_is_no_part_of_their_name():
    text = "On 19th October 2018 Ushtobe-resident Elena Mamaeva chained herself to the fence of the court."
    assert [m.name for m in extract.find_people(text, NO_KNOWLEDGE, frozenset(), {})] == ["Elena Mamaeva"]


def test_a_name_in_quotes_is_a_movement_not_a_person():
    text = "- Members of the “Femina Virtute” movement Daryn Khassenov and Nurgul Kaluova were detained."
    assert [m.name for m in extract.find_people(text, NO_KNOWLEDGE, frozenset(), {})] == [
        "Daryn Khassenov", "Nurgul Kaluova"]


def test_a_middle_initial_or_a_number_after_capitalised_words_makes_no_initials_name():
    for text in ("Ambassador James S. Gilmore expressed deep concern.",
                 "Paragraph No. 19 calls for the eradication of torture."):
        assert extract.find_people(text, NO_KNOWLEDGE, frozenset(), {}) == []
    text = "- The grounds for changing the preventive measure for Zhaubatyrov A.E. were absent."
    assert [m.name for m in extract.find_people(text, NO_KNOWLEDGE, frozenset(), {})] == ["Zhaubatyrov A.E."]


def test_a_role_at_a_sentences_start_ends_no_name_even_if_learned_as_no_name():
    text = "- Activist Zhanmurat Ashtayev was planted with a bag of marijuana during a search."
    knowledge = extract.Knowledge(not_names=frozenset({"Activist"}))
    assert [m.name for m in extract.find_people(text, knowledge, frozenset({"activist"}), {})] == [
        "Zhanmurat Ashtayev"]


def test_a_judge_at_the_start_of_a_sentence_is_no_victim():
    text = "Judge Kydyrbek Alkhozhayev prevented proper coverage and observation of the trial."
    assert extract.find_people(text, NO_KNOWLEDGE, frozenset(), {}) == []


def test_a_title_ends_at_a_comma():
    text = "After abuse by NSC and police officers, Ulbolsyn Turdiyeva was taken to a hospital."
    assert [m.name for m in extract.find_people(text, NO_KNOWLEDGE, frozenset(), {})] == [
        "Ulbolsyn Turdiyeva"]


def test_a_person_the_report_titles_as_an_official_is_never_the_victim():
    text = ("President Kassym-Jomart Tokayev promised reforms. "
            "Activist Zhemis Turmagambetova thanked Kassym-Jomart Tokayev, saying that nobody had been "
            "detained. On 3 May 2021 police detained Aigul Utepova.")
    assert extract.officials(text) == {"Tokayev"}
    rows = _candidates(text, "2021-01-01", "2021-09-01")
    assert "Aigul Utepova" in set(rows["person"])
    assert not rows["person"].str.contains("Tokayev").any()


def test_an_undated_event_carries_the_date_of_the_last_sentence_that_told_an_event():
    text = ("On 22nd October 2019, a court convicted activists Serik Aitzhanov and Noyan Rakhimzhanov. "
            "The pickets took place on 12th October 2019 on Arbat. "
            "Aitzhanov was fined an equivalent of around 300 EUR.")
    rows = _candidates(text, "2019-10-01", "2019-11-30")
    assert _dates(rows, "administrative_fine") == {"On 22nd October 2019", ""}


def test_detained_in_a_pre_trial_detention_facility_is_pre_trial_detention_only():
    fired = extract._fired("Askar Kayyrbek was detained in the pre-trial detention facility.", NO_KNOWLEDGE)
    assert "pretrial_detention" in fired and "detention" not in fired
    assert "detention" in extract._fired(
        "In Kazakhstan, she was detained and placed in a pre-trial detention facility.", NO_KNOWLEDGE)


def test_may_the_verb_is_no_date():
    assert extract.find_dates("her sentence may be turned into a prison sentence", "2017-05-01",
                              "2017-07-31") == []


def test_sentences_keep_initials_inside_a_sentence():
    text = "The court stated that M. Ablyazov wrote to him. He was detained on 5 May."
    assert [s.text for s in extract.sentences(text)] == [
        "The court stated that M. Ablyazov wrote to him.", "He was detained on 5 May."]


def test_a_sentence_that_tells_two_events_gives_a_row_for_each():
    text = "On 3 May 2018, police detained Aigul Utepova and fined her 50 MCI."
    rows = _rows(text, "2018-01-01", "2018-12-31")
    assert set(zip(rows["person"], rows["event_type"])) == {
        ("Aigul Utepova", "detention"), ("Aigul Utepova", "administrative_fine")}


def test_clauses_split_at_a_new_statement_not_inside_a_list_of_names():
    text = "Askhat Zheksebayev and Aidar Syzdykov were detained and fined; later he was released."
    assert [text[a:b].strip(" ;") for a, b in clauses.spans(text)] == [
        "Askhat Zheksebayev and Aidar Syzdykov were detained", "and fined", "later he was released."]


def test_a_clause_without_a_name_is_about_the_subject_before_it():
    text = "On 3 May 2018, the court sentenced Aigul Utepova to two years in prison and banned her from journalism."
    names = [(text.index("Aigul"), text.index(" to two"))]
    assert clauses.subjects(text, names, text.index("banned")) == {0}


def test_he_in_the_next_sentence_is_the_person_named_before():
    text = "On 3 May 2018, activist Aigul Utepova was detained in Almaty. He was later released."
    rows = _rows(text, "2018-01-01", "2018-12-31")
    assert set(zip(rows["person"], rows["event_type"])) == {
        ("Aigul Utepova", "detention"), ("Aigul Utepova", "release")}


def test_him_before_anyone_named_in_the_sentence_is_still_the_person_named_before():
    text = ("The 68-year-old pensioner Bolathan Zhunusov has become another convict in the case. "
            "On 28 February 2019, a court sentenced him to a year of restriction of liberty for "
            "writing comments on the posts of Mukhtar Ablyazov.")
    rows = _candidates(text, "2019-01-01", "2019-03-31")
    sentenced = rows[rows["event_type"] == "sentence"]
    assert "Bolathan Zhunusov" in set(sentenced["person"])
    assert set(sentenced.loc[sentenced["person"] == "Bolathan Zhunusov", "how"]) == {"pronoun"}


def test_a_list_item_under_a_named_person_is_about_that_person():
    text = "Activist Aigul Utepova\n- On 3 May 2018 was sentenced to two years of restriction of liberty."
    rows = _sentences_of(_rows(text, "2018-01-01", "2018-12-31"))
    assert list(rows["person"]) == ["Aigul Utepova"]


def test_an_associate_is_the_victim_and_the_person_whose_associate_he_is_is_not():
    text = ("Activist Almat Zhumagulov was detained in March 2018.\n"
            "On 21 October 2018, Zhumagulov’s associate Serik Testuly was sentenced to five years in prison.")
    rows = _sentences_of(extract.extract_rows(
        "test-report", text, "2018-01-01", "2018-12-31", extract.Knowledge(names=("Almat Zhumagulov",))))
    assert list(rows["person"]) == ["Serik Testuly"]


def test_the_lawyer_of_a_person_named_is_about_the_lawyer():
    text = "On 5 November 2018, police detained Dmitry Ivanov, the lawyer of Aigul Utepova."
    names = [(text.index("Dmitry"), text.index(", the")), (text.index("Aigul"), len(text) - 1)]
    assert clauses.is_relation(text, *names[1]) and not clauses.is_relation(text, *names[0])
    assert list(_rows(text)["person"]) == ["Dmitry Ivanov"]


def test_a_list_of_those_convicted_to_prison_terms_says_each_is_held_as_of_the_report():
    text = "14 persons are convicted to prison terms: Aron Atabek, Almat Zhumagulov, Kenzhebek Abishev."
    rows = _rows(text, "2018-03-13", "2021-09-01")
    status = rows[rows["event_type"] == "status_observation"]
    assert list(status["person"]) == ["Aron Atabek", "Almat Zhumagulov", "Kenzhebek Abishev"]
    assert set(status["date_text"]) == {""}


def test_an_imprisoned_activist_named_in_passing_is_held():
    text = ("On 12th June 2017, an Astana court rejected a complaint filed by imprisoned civil society "
            "activist Max Bokayev regarding the decision to have him serve his sentence in a prison colony.")
    rows = _rows(text, "2017-05-01", "2017-07-31")
    assert ("Max Bokayev", "status_observation") in set(zip(rows["person"], rows["event_type"]))


def test_relatives_of_political_prisoners_are_not_said_to_be_held():
    assert "status_observation" not in extract._fired(
        "- relatives of political prisoners: Shara Oralbayeva, wife of the political prisoner Askhat "
        "Zheksebayev;", NO_KNOWLEDGE)
    assert "status_observation" in extract._fired(
        "The activist has been included on a civil society list of political prisoners in the country.",
        NO_KNOWLEDGE)


def test_a_status_beside_an_event_does_not_count_as_a_second_event():
    text = "Imprisoned activist Yerzhan Yelshibayev was sentenced to five years in prison in 2019."
    fired = extract._fired(text, NO_KNOWLEDGE)
    assert {"sentence", "status_observation"} <= set(fired)
    rows = _candidates(text, "2018-03-13", "2021-09-01")
    sentence = rows[rows["event_type"] == "sentence"].iloc[0]
    assert "types=1" in sentence["features"]


def test_a_refusal_to_register_an_organisation_is_a_registration_refusal():
    text = ("On 23rd November 2019, the Central Election Commission (CEC) declined to register a "
            "referendum initiative group, which was established by independent observers.")
    rows = _rows(text, "2019-10-21", "2019-11-30")
    assert ("", "registration_refusal", "On 23rd November 2019") in set(
        zip(rows["person"], rows["event_type"], rows["date_text"]))
    assert "registration_refusal" in extract._fired(
        "The organisations also received state registration refusals.", NO_KNOWLEDGE)


def test_a_lawsuit_withdrawn_or_a_case_settled_is_charges_dropped():
    rows = _rows("On 16 June 2021, one of the lawsuits against Elena Semenova was withdrawn.",
                 "2018-03-13", "2021-09-01")
    assert ("Elena Semenova", "charges_dropped") in set(zip(rows["person"], rows["event_type"]))
    assert "charges_dropped" in extract._fired(
        "In June, the case ended with a settlement: the claims were withdrawn.", NO_KNOWLEDGE)


def test_a_refusal_to_let_someone_enter_the_country_is_an_entry_ban():
    text = "KNB officials refused US citizen Bakhodyr Khan Turkeston permission to enter Kazakhstan."
    assert "entry_ban" in extract._fired(text, NO_KNOWLEDGE)


def test_a_picket_banned_or_a_meeting_invaded_is_a_meeting_disrupted():
    for text in (("Sadyrbayeva disagreed with the akimat’s previous decision that banned her petition "
                  "to hold a one-person picket."),
                 "In the capital, a group of women who carried insulting posters invaded a party meeting."):
        assert "meeting_disrupted" in extract._fired(text, NO_KNOWLEDGE), text


def test_a_complaint_a_court_dismissed_is_an_other_event_for_whoever_filed_it():
    text = ("In May 2017, an Almaty court dismissed a complaint filed by Zhanbolat Mamay regarding the "
            "alleged ill-treatment of him in pre-trial detention.")
    rows = _rows(text, "2017-05-01", "2017-07-31")
    assert ("Zhanbolat Mamay", "other") in set(zip(rows["person"], rows["event_type"]))


@pytest.mark.parametrize(("text", "event_type"), [
    (("In 2020-2021, the management and staff of Kazakhstan’s prisons filed 16 lawsuits against "
     "human rights activist Elena Semenova."), "civil_lawsuit"),
    (("In April 2020 the Court of Appeal partially acquitted Kusmankyzy and ordered her release from "
     "custody."), "release"),
    (("On 4 June 2021, while detaining protesters, a police officer hit Khalida, as a result of which "
     "she lost consciousness."), "assault"),
    ("Most recently, on 26th August 2019, Arzamasova was shot at with an air rifle.", "assault"),
    ("For his participation in the rally, Zhunusov was detained and arrested for ten days.",
     "administrative_arrest"),
    ("The police chief also ordered his subordinates to detain the blogger.", "detention"),
])
def test_event_words_catch_plurals_orders_violence_and_days_of_arrest(text, event_type):
    assert event_type in extract._fired(text, NO_KNOWLEDGE)


def test_an_administrative_conviction_is_no_criminal_sentence():
    convicted = ("On 22nd October 2019, an administrative court in Almaty convicted civil society "
                 "activists Askhat Zheksebaev and Serik Aitzhanov for violating the rules on assemblies.")
    twice = ("Earlier in 2019, Mukhammedov had twice been sentenced to administrative arrest (five "
             "and ten days respectively) for participating in unsanctioned protests.")
    fired = [sorted(extract._administrative(extract._fired(t, NO_KNOWLEDGE), t)) for t in (convicted, twice)]
    assert fired == [[], ["administrative_arrest"]]
    criminal = "On 3 May 2021 a court sentenced Aigul Utepova to two years in prison."
    assert "sentence" in extract._administrative(extract._fired(criminal, NO_KNOWLEDGE), criminal)


def test_a_relative_date_is_proposed_as_the_date_it_means_with_a_note_saying_so():
    text = ("According to Dauletbayev, police searched his flat on 23rd May. "
            "Dauletbayev said that police summoned him the following day.")
    rows = extract.candidates("test-report", text, "2017-05-01", "2017-07-31",
                              extract.Knowledge(names=("Marat Dauletbayev",)))
    summoned = rows[rows["event_type"] == "interrogation"].set_index("date_text")
    # The relative phrase of its own clause is the event's only date: not the paragraph's last
    # date carried over, nor none.
    assert list(summoned.index) == ["24 May 2017"]
    assert summoned.loc["24 May 2017", "notes"] == (
        "inferred: date_text from “the following day”, counted from “on 23rd May”")
    # The note is what the sheet's rule asks of a date not copied from the report.
    assert schemas._inferred(summoned["notes"], "date_text").loc["24 May 2017"]


def test_an_event_on_two_dates_joined_by_and_is_a_row_for_each_date(stored_model):
    text = ("Earlier, on 17 October 2020 and 24 October 2020, human rights activists Aliya "
            "Zhakupova and Alma Nurusheva were detained.")
    rows = extract.propose("test-report", text, "2020-01-01", "2021-09-01",
                           extract.Knowledge(), stored_model)
    detained = rows[rows["event_type"] == "detention"]
    assert set(zip(detained["person"], detained["date_text"])) == {
        (person, day) for person in ("Aliya Zhakupova", "Alma Nurusheva")
        for day in ("on 17 October 2020", "24 October 2020")}


def test_a_retelling_knows_the_report_told_that_event_of_that_person_before():
    text = ("On 3 May 2018, activist Aigul Utepova was detained in Almaty. "
            "Human rights groups condemned the detention of Aigul Utepova.")
    rows = _candidates(text, "2018-01-01", "2018-12-31")
    detained = rows[rows["event_type"] == "detention"]
    told = [next(f for f in features if f.startswith("told_before=")) for features in detained["features"]]
    assert told[0] == "told_before=0" and told[-1] == "told_before=1"


def test_a_date_that_dates_a_protest_or_a_filing_is_no_date_of_the_event():
    text = ("Karlygash Asanova had previously been fined an equivalent of about 120 EUR for "
            "participating in the unsanctioned protest on 9th June 2019.")
    rows = _candidates(text, "2019-10-01", "2019-11-30")
    assert _dates(rows, "administrative_fine") == {""}
    # The filing comes after the date: an appeal is dated by the court's decision, not the filing.
    text = ("In May 2020, activists Aidar Syzdykov and Aibek Sabitov filed an appeal against the ban, "
            "but the court rejected the appeal.")
    rows = _candidates(text, "2020-01-01", "2021-09-01")
    assert _dates(rows, "appeal") == {""}
    text = "On 9th June 2019, police fined Karlygash Asanova for participating in a protest."
    rows = _candidates(text, "2019-06-01", "2019-11-30")
    assert _dates(rows, "administrative_fine") == {"On 9th June 2019"}


def test_what_a_protest_or_complaint_is_against_or_what_victims_suffered_is_not_dated_by_it():
    text = ("In July 2021, protesting against the ill-treatment and denial of parole, Yerzhan "
            "Yelshibayev cut his own abdomen.")
    rows = _candidates(text, "2021-01-01", "2021-09-01")
    assert _dates(rows, "parole_denied") == {""}
    text = ("In May 2017, an Almaty court dismissed a complaint filed by Zhanbolat Mamay regarding the "
            "alleged ill-treatment of him in pre-trial detention.")
    rows = _candidates(text, "2017-05-01", "2017-07-31")
    assert _dates(rows, "assault") == {""}
    text = ("In 2020–21, victims of ill-treatment Aset Abishev and Almat Zhumagulov were denied parole "
            "on several occasions.")
    rows = _candidates(text, "2021-01-01", "2021-09-01")
    dated = dict(zip(rows["event_type"], rows["date_text"]))
    assert dated["assault"] == "" and dated["parole_denied"] == "In 2020–21"


def test_a_retelling_under_another_spelling_of_the_name_adds_no_row():
    table = pd.DataFrame({"person": ["Natalia Dauletiyarova", "Nataliya Dauletiyarova", "Aset Abishev"],
                          "event_type": "sentence",
                          "date_text": ["On 17 May 2021", "", ""]})
    assert list(extract._retold(table, "2021-01-01", "2021-09-01")) == [False, True, False]


def test_a_status_is_undated_unless_its_sentence_opens_with_the_day_it_was_observed():
    since = ("The pre-trial investigation in the case of journalist Zhanbolat Mamay, who has been in "
             "detention since February this year, ended.")
    # "filed" after the sentence's own verb ("rejected") dates no filing: the date is the day's.
    opened = ("On 12th June 2017, an Astana court rejected a complaint filed by imprisoned civil "
              "society activist Max Bokayev.")
    for text, dated in ((since, {""}), (opened, {"", "On 12th June 2017"})):
        rows = _candidates(text, "2017-05-01", "2017-07-31")
        assert _dates(rows, "status_observation") == dated


def test_a_person_dies_once(stored_model):
    text = ("Activist Dulat Agadil died in a pre-trial detention facility on 25 February 2020. "
            "On 3 August 2021 his supporters held memorial rallies for Dulat Agadil, who was killed "
            "in custody.")
    rows = extract.propose("test-report", text, "2020-01-01", "2021-09-01", extract.Knowledge(),
                           stored_model)
    assert (rows["event_type"] == "death").sum() == 1


def test_a_date_shared_by_the_event_words_of_one_clause_dates_them_all():
    text = "On 27 February 2019, Saniya Toyken was detained and questioned by the police."
    rows = _candidates(text, "2019-02-01", "2019-03-31")
    assert _dates(rows, "interrogation") == {"On 27 February 2019"}


LIST_UNDER_A_HEADING = (
    "On 26 December 2020 a criminal case under Article 258 was secretly initiated.\n"
    "At the moment, the investigation considers 16 individuals “involved in the commitment of this "
    "criminal offence”:\n"
    "- human rights defenders Raigul Sadyrbayeva (“Elimay”), Dana Zhanai (“Qaharman”), Anna "
    "Shukeyeva (movement “405”);\n"
    "- former political prisoners, who were sentenced to restriction of liberty: Gulzipa "
    "Dzhaukerova, Zhazira Demeuova;")


def test_a_list_heading_without_an_event_word_announces_the_event_told_before_it():
    rows = _rows(LIST_UNDER_A_HEADING, "2018-03-13", "2021-09-01")
    cases = rows[rows["event_type"] == "criminal_case"]
    assert set(cases["person"]) == {"Raigul Sadyrbayeva", "Dana Zhanai", "Anna Shukeyeva",
                                    "Gulzipa Dzhaukerova", "Zhazira Demeuova"}
    assert set(cases["date_text"]) == {"On 26 December 2020"}


def test_the_charges_of_a_sentence_are_no_criminal_case_of_their_own():
    text = ("In May 2017, Jehovah’s Witness Teymur Akhmedov was sentenced to five years in prison "
            "on charges of inciting religious discord.")
    rows = _rows(text, "2017-05-01", "2017-07-31")
    assert set(rows["event_type"]) == {"sentence"}
    assert set(rows["charges_text"]) == {"inciting religious discord"}


def test_no_name_after_a_pronoun_object_is_the_event_words_object():
    text = ("The 68-year-old pensioner Bolathan Zhunusov has become another convict. On 28 February "
            "2019, a court sentenced him to a year of restriction of liberty for writing comments in "
            "support of the DCK and its leader Mukhtar Ablyazov.")
    rows = _rows(text, "2019-02-01", "2019-03-31")
    assert set(_sentences_of(rows)["person"]) == {"Bolathan Zhunusov"}


def test_a_name_inside_quotation_marks_is_no_victim():
    text = ("In June 2021, Bekizhan Mendygaziyev faced new charges of involvement in the “criminal group "
            "of Barlyk Mendygaziyev” (Article 262 Part 2 of the Criminal Code).")
    rows = _candidates(text, "2021-01-01", "2021-09-01")
    assert set(rows["person"]) == {"Bekizhan Mendygaziyev"}


def test_what_may_happen_proposes_no_row_but_a_threat_is_told_so():
    text = ("All of the accused, including human rights defenders Raigul Sadyrbayeva and Dana Zhanai, "
            "face between 7 and 12 years in prison with confiscation of property. "
            "Investigators threatened that Asel Onlanbekkyzy would receive a long prison sentence if "
            "she did not cooperate.")
    rows = _candidates(text, "2021-01-01", "2021-09-01")
    assert set(rows["event_type"]) == {"threat"}


def test_held_or_serving_as_of_the_report_is_a_status_but_had_been_held_or_after_serving_is_past():
    now = extract._fired("Askar Kayyrbek has been held in a pre-trial detention facility.", NO_KNOWLEDGE)
    then = extract._fired("Zhanibek Zhunusov had been held in a pre-trial detention facility for months.",
                          NO_KNOWLEDGE)
    assert "status_observation" in now and "status_observation" not in then
    serving = extract._fired("He is serving his sentence in a colony in Pavlodar.", NO_KNOWLEDGE)
    served = extract._fired("After serving his sentence, he was arrested again.", NO_KNOWLEDGE)
    assert "status_observation" in serving and "status_observation" not in served


def test_a_text_that_tells_no_event_gives_an_empty_table_with_every_column():
    rows = _candidates("Nothing happened here.", "2021-01-01", "2021-09-01")
    assert rows.empty and {"person", "event_type", "features", "date_features"} <= set(rows.columns)


def test_what_may_happen_announces_no_event_to_the_list_after_it():
    text = ("Activists who criticise the authorities risk being detained. Examples include:\n"
            "- activist Aibek Sabitov, who wrote posts about the elections.")
    rows = _candidates(text, "2021-01-01", "2021-09-01")
    assert rows.empty


def test_taking_someone_to_the_police_station_is_a_detention():
    text = "On the same day, police officers took Galymzhan Kenzhebayev to the Police Station."
    assert "detention" in extract._fired(text, NO_KNOWLEDGE)


def test_being_on_trial_is_a_criminal_case():
    text = ("Four women, Oksana Shevchuk and Gulzipa Dzaukerova among them, were on trial for "
            "supporting the DVK.")
    assert "criminal_case" in extract._fired(text, NO_KNOWLEDGE)


def test_an_appeal_to_someone_is_a_plea_but_an_appeal_to_a_court_is_an_appeal():
    plea = "The protesters reported their problems in an open appeal to President Nazarbayev."
    court = "Aigul Utepova appealed to the Supreme Court."
    assert "appeal" not in extract._fired(plea, NO_KNOWLEDGE)
    assert "appeal" in extract._fired(court, NO_KNOWLEDGE)


def test_a_motion_for_parole_is_no_release_and_a_denial_of_parole_is_parole_denied():
    granted = "On 14 July 2021, the court granted Aset Abishev’s motion for parole."
    denied = "In July 2021, protesting against the denial of parole, Yelshibayev cut his own abdomen."
    assert "release" not in extract._fired(granted, NO_KNOWLEDGE)
    assert "parole_denied" in extract._fired(denied, NO_KNOWLEDGE)


def test_a_list_item_is_charged_under_the_article_its_heading_names():
    rows = _rows(LIST_UNDER_A_HEADING, "2018-03-13", "2021-09-01")
    cases = rows[rows["event_type"] == "criminal_case"]
    assert set(cases["charges_text"]) == {"Article 258"}


def test_a_list_item_keeps_its_own_events_undated_by_the_heading():
    rows = _sentences_of(_rows(LIST_UNDER_A_HEADING, "2018-03-13", "2021-09-01"))
    assert set(rows["person"]) == {"Gulzipa Dzhaukerova", "Zhazira Demeuova"}
    assert set(rows["date_text"]) == {""}


def test_names_with_a_bracketed_note_are_listed_together():
    text = "- human rights defenders Raigul Sadyrbayeva (“Elimay”), Dana Zhanai (“Qaharman”);"
    names = [(text.index("Raigul"), text.index(" (“E")), (text.index("Dana"), text.index(" (“Q"))]
    assert clauses.subjects(text, names, 0) == {0, 1}


@pytest.fixture(scope="module")
def stored_model() -> extract_model.Model:
    return extract_model.load(extract_model.model_path())


def test_the_learned_model_ranks_the_associate_above_the_man_whose_associate_he_is(stored_model):
    text = ("Activist Almat Zhumagulov was detained in March 2018.\n"
            "On 21 October 2018, Zhumagulov’s associate Serik Testuly was sentenced to five years in prison.")
    rows = _sentences_of(extract.propose("test-report", text, "2018-01-01", "2018-12-31",
                                         stored_model.knowledge(), stored_model))
    assert rows.iloc[rows["confidence"].astype(float).argmax()]["person"] == "Serik Testuly"


def test_every_proposal_rests_on_an_event_word_of_the_reference_list(stored_model):
    # Words picked from coded quotes ("hours", "officials", "blogger") fired events of their own
    # and cost more precision than they gave recall (bench/extract_results.md).
    table = reports.read_reports().set_index("report_id")
    rid = "civicus-2017-07"
    rows = extract.propose(rid, reports.report_text(rid), table.loc[rid, "period_start"],
                           table.loc[rid, "period_end"], stored_model.knowledge(), stored_model)
    assert len(rows) > 10
    listed = extract.triggers()
    for trigger, event_type in zip(rows["trigger"], rows["event_type"]):
        assert isinstance(trigger, int) and listed[trigger][1] == event_type


def test_the_stored_model_is_learned_from_the_current_sheet_and_reports():
    sheet = read_sheet(config.INCIDENTS_CSV)
    texts = {rid: reports.report_text(rid) for rid in sheet["report_id"].unique()}
    model = extract_model.load(extract_model.model_path(), extract_model.data_hash(sheet, texts))
    assert model.reports == sorted(texts) and 0 < model.threshold < 1


def test_a_stale_model_is_refused_with_the_command_that_retrains_it(stored_model, tmp_path):
    path = tmp_path / "extract_model.json"
    extract_model.save(stored_model, path)
    with pytest.raises(KzstatsError) as error:
        extract_model.load(path, "0" * 64)
    rule = error.value.problems[0].rule
    assert "stale" in rule and "kzstats extract-train" in rule


def test_a_missing_or_tampered_model_is_refused(tmp_path):
    path = tmp_path / "extract_model.json"
    with pytest.raises(KzstatsError, match="problem"):
        extract_model.load(path)
    path.write_text('{"weights": {}, "bias": "__import__(\'os\')"}')
    with pytest.raises(KzstatsError):
        extract_model.load(path)


def test_fitting_learns_which_feature_predicts_a_coded_row():
    features = [("a", "b"), ("a",), ("b",), ("c",)] * 5
    labels = [1, 1, 0, 0] * 5
    weights, _ = extract_model.fit(features, labels)
    assert weights["a"] > 1 and weights.get("c", 0) < 0


@pytest.fixture(scope="module")
def proposed_for_a_real_report() -> pd.DataFrame:
    """A report proposed by a model trained without it, as for a report never seen."""
    report_id = "civicus-2018-12"
    table = reports.read_reports().set_index("report_id")
    texts = {rid: reports.report_text(rid) for rid in table.index}
    sheet = read_sheet(config.INCIDENTS_CSV)
    model = extract_learn.train(sheet[sheet["report_id"] != report_id], texts, table)
    assert report_id not in model.reports
    return extract.extract_rows(report_id, texts[report_id], table.loc[report_id, "period_start"],
                                table.loc[report_id, "period_end"], model.knowledge(), model)


@pytest.mark.slow  # learns a model from the coded reports
def test_review_file_columns_are_the_coding_sheets_then_confidence_and_reason(proposed_for_a_real_report):
    assert tuple(proposed_for_a_real_report.columns) == REVIEW_COLUMNS
    assert tuple(proposed_for_a_real_report.columns[: len(SHEET_COLUMNS)]) == SHEET_COLUMNS


@pytest.mark.slow  # learns a model from the coded reports
def test_every_proposed_text_is_verbatim_in_the_report(proposed_for_a_real_report):
    rows = proposed_for_a_real_report
    assert len(rows) > 20
    for column in ("quote", "date_text", "place_text", "charges_text", "outcome_text"):
        filled = rows[(rows[column] != "") & ~schemas._inferred(rows["notes"], column)]
        assert reports.in_report(filled["report_id"], filled[column]).all(), column
    passages = rows["reason"].str.extract(r"passage: …(.*)…$", expand=False)
    assert reports.in_report(rows["report_id"], passages).all()


@pytest.mark.slow  # learns a model from the coded reports
def test_the_review_file_is_most_confident_first(proposed_for_a_real_report):
    confidence = proposed_for_a_real_report["confidence"].astype(float)
    assert confidence.is_monotonic_decreasing and confidence.iloc[0] > confidence.iloc[-1]


@pytest.mark.slow  # learns a model from the coded reports
def test_every_proposed_phrase_parses_as_the_build_parses_it(proposed_for_a_real_report):
    rows = proposed_for_a_real_report
    assert {charges.parse_text(t)[0] for t in rows["charges_text"]} <= {"ok", "empty"}
    parsed = outcomes.parse_outcomes(rows["outcome_text"], rows["event_type"])
    assert set(parsed["outcome_status"]) <= {"ok", "empty"}
    assert rows["confidence"].astype(float).between(0, 1).all()


@pytest.mark.slow  # learns a model from the coded reports
def test_learning_leaves_out_the_report_scored():
    sheet = read_sheet(config.INCIDENTS_CSV)
    table = reports.read_reports().set_index("report_id")
    texts = {rid: reports.report_text(rid) for rid in table.index}
    model = extract_learn.train(sheet[sheet["report_id"] != "odf-2019-02"], texts, table)
    knowledge = model.knowledge()
    only_there = set(sheet.loc[sheet["report_id"] == "odf-2019-02", "person"]) - set(
        sheet.loc[sheet["report_id"] != "odf-2019-02", "person"])
    assert only_there and not only_there & set(knowledge.names)


def _variants(event: str, dates: list[str], coded: str | None) -> list[dict]:
    return [{"one_of": (event, "detention", 0), "features": ("how=name", f"event={event}"),
             "date_features": (f"date={d}",), "label": d == coded} for d in dates]


def test_an_event_is_learned_once_whatever_the_number_of_dates_its_sentence_offers():
    # Before, each date variant was a training row of its own: an event with three dates
    # taught "not coded" twice, and the event model learned dates instead of events.
    table = pd.DataFrame(_variants("a", ["on 1 May", "in 2020", ""], "on 1 May")
                         + _variants("b", ["on 2 May"], None))
    events = extract_learn.events_of(table)
    assert list(events["label"]) == [True, False]
    variants = extract_learn.dates_of(table)
    assert list(variants["date_features"]) == [("date=on 1 May",), ("date=in 2020",), ("date=",)]


def test_a_rows_confidence_is_its_events_times_its_dates_share():
    table = pd.DataFrame(_variants("a", ["on 1 May", ""], "on 1 May") * 3
                         + _variants("b", ["on 2 May"], None) * 3)
    table["one_of"] = [(k[0] + str(i // 2 if k[0] == "a" else i), *k[1:])
                       for i, k in enumerate(table["one_of"])]
    model = extract_learn.fit_models([table])
    first = table[table["one_of"] == table["one_of"].iloc[0]]
    p = extract_model.confidence(model, first)
    assert p[0] > p[1]  # the dated variant the coder wrote
    assert p.sum() == pytest.approx(extract_model.probabilities(model, first["features"])[0])


def test_known_names_are_longest_first_then_as_spelled_whatever_the_runs_hash_order():
    # Six names of one length: in a set's order they would come out sorted once in 720 runs.
    same_length = ["Zara Abishev", "Yuri Abishev", "Xeni Abishev", "Dana Abishev", "Bota Abishev",
                   "Aset Abishev"]
    sheet = pd.DataFrame({"report_id": "r", "person": ["Almat Zhumagulov", *same_length],
                          "event_type": "sentence"})
    assert extract_learn.knowledge(sheet, {"r": ""}).names == (
        "Almat Zhumagulov", *sorted(same_length))


def test_a_given_name_before_a_surname_is_never_learned_as_a_word_that_is_no_name():
    # "Erzhan" twice, its bearer never coded: still a given name ("Erzhan Elshibaev" elsewhere).
    text = ("Deputy Erzhan Kazykhanov spoke. Erzhan Kazykhanov left. The Supreme Court ruled. "
            "The Supreme Court met.")
    sheet = pd.DataFrame({"report_id": "r", "person": ["Aset Abishev"], "event_type": "sentence"})
    not_names = extract_learn.knowledge(sheet, {"r": text}).not_names
    assert "Erzhan" not in not_names and "Supreme" in not_names


def test_the_threshold_is_the_middle_of_the_best_plateau_not_its_highest_spike():
    thresholds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    f1s = [0.40, 0.500, 0.505, 0.500, 0.498, 0.30]
    assert extract_learn.middle_of_best(thresholds, f1s) == 0.35
    assert extract_learn.middle_of_best(thresholds, [0.1, 0.2, 0.6, 0.2, 0.1, 0.1]) == 0.3


def test_spelling_variants_and_initials_are_the_same_person():
    assert extract_eval.same_person("Natalia Dauletiyarova", "Nataliya Dauletiyarova")
    assert extract_eval.same_person("Zhunusov Zh.", "Zhanibek Zhunusov")
    assert not extract_eval.same_person("Aset Abishev", "Kenzhebek Abishev")
    assert not extract_eval.same_person("", "Aset Abishev")


def test_a_proposal_on_another_date_does_not_match():
    coded = pd.DataFrame({"person": ["Aibek Sabitov"], "event_type": ["sentence"],
                          "date_text": ["On 13 May 2021"]})
    near = pd.DataFrame({"person": ["Aibek Sabitov"] * 2, "event_type": ["sentence"] * 2,
                         "date_text": ["On 13 June 2021", "In May 2021"], "confidence": ["0.9", "0.5"]})
    assert extract_eval.match(near, coded, "2021-01-01", "2021-09-01") == [(1, 0)]


def test_each_unmatched_row_says_what_it_lacks():
    coded = pd.DataFrame({"person": ["Aibek Sabitov", "Aidar Syzdykov", "Bolat Smagulov"],
                          "event_type": ["sentence", "detention", "search"],
                          "date_text": ["On 13 May 2021", "In May 2020", ""]})
    proposed = pd.DataFrame({"person": ["Aibek Sabitov", "Aidar Syzdykov", "Noyan Rakhimzhanov"],
                             "event_type": ["sentence", "appeal", "threat"],
                             "date_text": ["On 13 June 2021", "In May 2020", ""],
                             "confidence": ["0.9", "0.8", "0.7"]})
    pairs = extract_eval.match(proposed, coded, "2020-01-01", "2021-09-01")
    lacks = extract_eval.near_misses(proposed, coded, pairs, "2020-01-01", "2021-09-01")
    assert list(zip(lacks["side"], lacks["what"])) == [
        ("proposed, not coded", "another date"), ("proposed, not coded", "another event type"),
        ("proposed, not coded", "none near"), ("coded, not proposed", "another date"),
        ("coded, not proposed", "another event type"), ("coded, not proposed", "none near")]


def test_extract_command_writes_the_review_file_and_refuses_to_overwrite_it(tmp_path):
    root = tmp_path / "project"
    copy_project(root)
    (root / "models").mkdir()
    shutil.copy2(extract_model.model_path(), root / "models")
    first = run_kzstats("extract", "odf-2019-02", root=root)
    assert first.returncode == 0, first.stderr
    review = root / "data" / "raw" / "review" / "odf-2019-02.csv"
    assert tuple(pd.read_csv(review, dtype=str, keep_default_na=False).columns) == REVIEW_COLUMNS
    again = run_kzstats("extract", "odf-2019-02", root=root)
    assert again.returncode == 1 and "--force" in again.stderr and "Traceback" not in again.stderr
    unknown = run_kzstats("extract", "no-such-report", root=root)
    assert unknown.returncode == 1 and "add-report" in unknown.stderr


@pytest.mark.slow  # learns a model from the coded reports
def test_extract_command_refuses_a_model_older_than_the_sheet_until_retrained(tmp_path):
    root = tmp_path / "project"
    copy_project(root)
    (root / "models").mkdir()
    shutil.copy2(extract_model.model_path(), root / "models")
    sheet = root / "data" / "raw" / "incidents.csv"
    lines = sheet.read_text(encoding="utf-8").splitlines(keepends=True)
    sheet.write_text("".join(lines[:-1]), encoding="utf-8")  # a coder removed the last row
    stale = run_kzstats("extract", "odf-2019-02", root=root)
    assert stale.returncode == 1 and "kzstats extract-train" in stale.stderr
    assert "Traceback" not in stale.stderr
    assert run_kzstats("extract-train", root=root).returncode == 0
    assert run_kzstats("extract", "odf-2019-02", root=root).returncode == 0


@pytest.mark.parametrize(("text", "size"), [
    ("On the eve of the 21 September rally, the authorities detained at least 65 people.", 65),
    ("Several dozen participants in the peaceful assemblies in Zhanaozen were detained.", 24),
    ("During peaceful protests police detained thousands of protesters, often using excessive force.", 2000),
    ("Police stopped buses transporting hundreds of foreign guests.", 200),
    ("On 16th and 17th December 2018, more than fifty people were detained.", 50),
    ("Another six political activists reported that police kept their homes under surveillance.", 6),
])
def test_group_sizes_in_digits_number_words_and_vague_words_follow_the_coding_rules(text, size):
    assert extract.find_group(text)[0] == size


def test_a_year_before_a_plural_is_no_group_size():
    text = ("In addition, on 14 February 2019, members of the human rights monitoring mission of the "
            "Italian Federation for Human Rights were illegally expelled from Kazakhstan.")
    assert extract.find_group(text) == (0, "")


def _group_rows(text: str, event_type: str, start: str, end: str,
                knowledge: extract.Knowledge = NO_KNOWLEDGE) -> pd.DataFrame:
    rows = extract.candidates("test-report", text, start, end, knowledge)
    return rows[(rows["person"] == "") & (rows["event_type"] == event_type)]


def test_a_group_detained_beside_a_named_person_gets_a_row_of_its_own():
    text = ("A few days later, on 22nd November 2019, police detained Zakirova and several of her "
            "supporters, who had gathered near the central mosque in Nur Sultan.")
    rows = _group_rows(text, "detention", "2019-10-21", "2019-11-30")
    assert set(rows["group_size"]) == {"2"}


def test_a_group_detained_after_a_person_named_before_is_the_group_not_that_person():
    text = ("Activist Aigul Utepova was fined.\n"
            "As covered before by the Monitor, during peaceful protests held across Kazakhstan on 9th "
            "June 2019, police detained thousands of protesters, often using excessive force.")
    rows = _group_rows(text, "detention", "2019-06-01", "2019-11-30")
    assert set(rows["group_size"]) == {"2000"}


def test_a_group_that_did_the_event_is_no_victim_of_it():
    text = ("Activist Aigul Utepova was fined.\n"
            "In the city of Kyzyl-Orda, where party founders held a meeting on 18th November 2019, "
            "around ten people blocked the entrance to the hall, and Utepova was detained.")
    assert _group_rows(text, "detention", "2019-10-21", "2019-11-30").empty


def test_a_plain_plural_right_after_the_event_word_is_a_group_of_two():
    text = ("On 4 June 2021, while detaining protesters, a police officer hit Khalida, as a result "
            "of which she lost consciousness.")
    rows = _group_rows(text, "detention", "2021-01-01", "2021-09-01", extract.Knowledge(names=("Khalida",)))
    assert set(rows["group_size"]) == {"2"}


def _victim(rows: pd.DataFrame, person: str, event_type: str) -> set[str]:
    chosen = rows[(rows["person"] == person) & (rows["event_type"] == event_type)]
    return {f for features in chosen["features"] for f in features if f.startswith("victim=")}


def _victim_in(text: str, year: str, person: str, event_type: str) -> set[str]:
    """The victim feature of a person's candidate for an event type, in a report of that year."""
    rows = _candidates(text, f"{year}-01-01", f"{year}-12-31")
    return _victim(rows, person, event_type)


def test_the_subject_of_a_passive_event_word_is_its_victim_and_a_bystander_is_not():
    text = ("Blogger Askar Shaigumarov was detained in Uralsk, and a police car followed journalist "
            "Lukpan Akhmedyarov wherever he went.")
    rows = _candidates(text, "2019-01-01", "2019-03-31")
    assert _victim(rows, "Askar Shaigumarov", "detention") == {"victim=passive"}
    assert _victim(rows, "Lukpan Akhmedyarov", "detention") == {"victim=no"}


def test_he_was_deported_and_police_detained_her_make_the_person_the_victim():
    assert _victim_in("Bakhodyr Khan Turkeston was refused entry.\nHe was subsequently deported.",
                      "2018", "Bakhodyr Khan Turkeston", "deportation") == {"victim=passive"}
    assert _victim_in("Aliya Abukhairova was summoned.\nThe police chief ordered his subordinates "
                      "to detain her.", "2019", "Aliya Abukhairova", "detention") == {"victim=object"}


def test_they_were_also_charged_and_transferred_him_to_make_the_person_the_victim():
    assert _victim_in("Natalia Dauletiyarova was sentenced.\nShe was also charged with organising "
                      "a group.", "2021", "Natalia Dauletiyarova", "criminal_case") == {"victim=passive"}
    assert _victim_in("Max Bokayev is imprisoned.\nPrison authorities transferred him to "
                      "Petropavlovsk.", "2017", "Max Bokayev", "other") == {"victim=object"}


def test_an_organisation_banned_is_the_victim_of_the_ban_not_a_row_without_one():
    assert _victim_in("On 13 March 2018, a court banned the DCK movement as extremist.", "2018",
                      "", "organisation_banned") == {"victim=organisation"}

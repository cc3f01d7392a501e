"""The query helper: the README's questions answered with their caveats, by the charts' rules."""

import pandas as pd
import pytest

import kzstats
from kzstats import config, counting, dataset


@pytest.fixture(scope="module")
def kz():
    return kzstats.load(config.CLEAN_DATA_DIR)


def test_persons_sentenced_under_article_405_per_year_say_what_they_leave_out(kz):
    answer = kz.sentences().articles("405").count("distinct_people", by="year")
    assert list(answer.table.columns) == ["year", "distinct_people", "covered", "share_covered"]
    assert any("no article in the reports" in c for c in answer.caveats)
    # A year no monitoring or thematic report covers is flagged: its count is a floor.
    assert not answer.table.loc[answer.table["year"].astype(str) == "2021", "covered"].iloc[0]
    assert "Caveat:" in repr(answer)


def test_detentions_by_region_in_2018_19_count_every_dated_detention_once(kz):
    answer = kz.detentions().period("2018-01-01", "2019-12-31").count("events", by="region")
    events = dataset.load(config.CLEAN_DATA_DIR).events
    chosen = events[events["event_type"].isin(counting.detention_kinds())]
    inside = chosen[(chosen["event_date"] >= pd.Timestamp("2018-01-01"))
                    & (chosen["event_date_end"] <= pd.Timestamp("2019-12-31"))]
    assert answer.table["events"].sum() == inside["event_id"].nunique()
    assert any("undated" in c for c in answer.caveats)


def test_the_median_prison_term_for_extremism_articles_leaves_out_terms_not_reported(kz):
    answer = kz.sentences().articles(category="extremism").terms("imprisonment")
    row = answer.table.iloc[0]
    assert row["unit"] == "months" and row["shortest"] <= row["median"] <= row["longest"]


def test_journalists_only_are_journalists(kz):
    chosen = kz.roles("journalist")
    assert set(chosen.events["role"]) == {"journalist"}
    assert chosen.count().table["events"].iloc[0] == chosen.events["event_id"].nunique()


def test_an_affiliation_is_found_by_any_of_its_spellings(kz):
    assert len(kz.affiliation("DVK").events) == len(kz.affiliation("DCK").events) > 0


def test_distinct_people_never_exceed_person_events(kz):
    people = kz.detentions().count("people").table["people"].iloc[0]
    distinct = kz.detentions().count("distinct_people").table["distinct_people"].iloc[0]
    assert distinct <= people


def test_an_unknown_unit_is_refused_in_words(kz):
    with pytest.raises(ValueError, match="unit must be one of"):
        kz.count("arrests")


def test_the_readme_examples_run(capsys):
    import re

    readme = (config.DATA_DIR.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Asking questions", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 2
    for block in blocks:
        code = block.replace("\"data/clean\"", repr(str(config.CLEAN_DATA_DIR)))
        exec(compile(code, "README", "exec"), {})  # noqa: S102 -- the README is ours, run as documented
    printed = capsys.readouterr().out
    assert "Caveat:" in printed and "distinct_people" in printed

"""The clean tables' own checks: what a plausible event date is."""

import pandas as pd

from kzstats.schemas import RawIncidents, _latest_plausible_date


def test_an_event_may_be_dated_up_to_two_months_after_the_latest_report_that_tells_it():
    sources = pd.Series(["civicus-2017-07", "civicus-2017-07;civicus-2019-11", "no-such-report"],
                        index=[5, 2, 9])
    latest = _latest_plausible_date(sources)
    assert latest.to_dict() == {5: "2017-10-01", 2: "2020-01-31", 9: "9999-12-31"}


def test_a_rule_keeps_its_message_however_often_a_schema_is_built():
    # Each schema that extends the sheet's builds its rules again; every build keeps the message.
    class First(RawIncidents):
        pass

    class Second(RawIncidents):
        pass

    names = [{c.name for c in model.to_schema().checks} for model in (First, Second, RawIncidents)]
    assert all("quote must occur verbatim in its report" in found for found in names)
    assert not any(name.startswith("_") for found in names for name in found)

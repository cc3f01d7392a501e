"""The clean tables' own checks: what a plausible event date is."""

import pandas as pd

from kzstats.schemas import _latest_plausible_date


def test_an_event_may_be_dated_up_to_two_months_after_the_latest_report_that_tells_it():
    sources = pd.Series(["civicus-2017-07", "civicus-2017-07;civicus-2019-11", "no-such-report"],
                        index=[5, 2, 9])
    latest = _latest_plausible_date(sources)
    assert latest.to_dict() == {5: "2017-10-01", 2: "2020-01-31", 9: "9999-12-31"}

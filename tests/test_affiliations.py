"""One movement, one spelling: affiliations in the canonical form of organisations.csv."""

import pandas as pd

from kzstats.affiliations import canonical


def test_dvk_and_dck_are_one_movement():
    written = pd.Series(["DVK", "DCK", "Democratic Choice of Kazakhstan"])
    assert canonical(written).nunique() == 1


def test_azattyq_and_radio_liberty_are_one_outlet():
    assert canonical(pd.Series(["Azattyq", "Radio Liberty"])).nunique() == 1


def test_an_affiliation_naming_two_maps_each_in_the_order_written():
    assert canonical(pd.Series(["DCK / Koshe Partiyasy", "DCK, Koshe Partiyasy"])).tolist() == [
        "Democratic Choice of Kazakhstan (DCK); Koshe Partiyasy"] * 2


def test_a_listed_name_with_a_comma_is_not_split_and_an_unlisted_one_is_kept():
    assert canonical(pd.Series(["Oyan, Kazakhstan", "Veritas", ""])).tolist() == [
        "Oyan Qazaqstan", "Veritas", ""]

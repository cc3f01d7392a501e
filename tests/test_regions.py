"""Today's regional units and the tile grid that draws them."""

import pandas as pd
import pycountry

from kzstats.regions import NOT_PLACED, current_regions, region_names


def test_the_tile_grid_holds_every_current_unit_once():
    units = current_regions()
    codes = {s.code for s in pycountry.subdivisions.get(country_code="KZ")}
    assert set(units["region_iso"]) == codes and len(units) == 20


def test_no_two_units_share_a_tile():
    units = current_regions()
    assert not units.duplicated(["row", "col"]).any()


def test_astana_and_nur_sultan_are_one_unit_under_todays_name():
    names = region_names(pd.Series(["KZ-71", None, "KZ-61"]))
    assert list(names) == ["Astana", NOT_PLACED, "Turkistan Region"]

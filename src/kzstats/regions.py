"""Today's 20 regional units (17 regions and 3 cities), their names and their tile-grid places.

Trends by region group on `region_iso`, which is always today's unit, so that an event in
Astana, Nur-Sultan and Astana again falls in one series whatever the city was called that day.
"""

from functools import cache

import pandas as pd

from kzstats.reference import read_reference

NOT_PLACED = "not placed"


@cache
def _current() -> pd.DataFrame:
    units = read_reference("regions")
    units = units[units["valid_to"] == ""][["iso_code", "region", "kind"]]
    tiles = read_reference("region_tiles").astype({"row": int, "col": int})
    table = units.rename(columns={"iso_code": "region_iso"}).merge(
        tiles, on="region_iso", how="outer", validate="one_to_one", indicator=True)
    unmatched = table[table["_merge"] != "both"]
    if len(unmatched):
        raise ValueError(f"data/reference/region_tiles.csv and regions.csv disagree on "
                         f"{sorted(unmatched['region_iso'])}: every current unit needs one tile")
    return table.drop(columns="_merge").sort_values("region_iso", ignore_index=True)


def current_regions() -> pd.DataFrame:
    """region_iso, region (today's name), kind (region/city), label, row, col."""
    return _current().copy()


def region_names(region_iso: pd.Series) -> pd.Series:
    """Today's name of each unit; NOT_PLACED where the event has no region."""
    names = _current().set_index("region_iso")["region"]
    return region_iso.map(names).fillna(NOT_PLACED)

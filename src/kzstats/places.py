"""Place phrases to a canonical settlement and its region, so incidents can be counted by region.

Regions were renamed and split during the period (Shymkent 2018, Nur-Sultan 2019-2022, Abai,
Jetisu and Ulytau 2022), so `region` is the unit in force on the event date and `region_iso` the
code of today's unit, for time series on one geography. A phrase is placed by finding known
spellings (data/reference/gazetteer.csv) inside it, leftmost-longest; a phrase naming two
places that do not contain one another is `ambiguous`, never resolved by guessing.
"""

import re
import unicodedata
from functools import cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from kzstats.reference import read_reference

OUTPUT_COLUMNS = ("place", "place_kind", "region", "region_iso", "place_status")
# When one phrase names the same place at several levels ("Almaly District Court in Almaty"),
# the most specific kind is reported.
KIND_ORDER = ("court", "facility", "district", "village", "town", "city", "abroad", "region",
              "country")
# Gazetteer statuses that carry no place: the variant is listed so that it is recognised and
# explained, and so that no shorter variant inside it ("Almaty" in "Almaty District Court") wins.
FLAG_STATUSES = ("ambiguous", "unplaced")
OPEN_START = pd.Timestamp("0001-01-01").as_unit("us")
OPEN_END = pd.Timestamp("9999-12-31").as_unit("us")
_DASHES = re.compile(r"[\-\u2010-\u2015\u2212]+")
_UNIT_WORDS = re.compile(r"\b(?:oblast|oblysy|province)\b", re.IGNORECASE)


class Hit(NamedTuple):
    """What one gazetteer row, or one whole phrase, says about a place."""

    place: str
    kind: str
    iso: str
    status: str


def normalise(text: str, fold: bool = True) -> str:
    """Text as the gazetteer matches it: NFKC, straight apostrophes, dashes as spaces, one space."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = _UNIT_WORDS.sub("region", _DASHES.sub(" ", text))
    return " ".join((text.casefold() if fold else text).split())


@cache
def gazetteer() -> pd.DataFrame:
    """data/reference/gazetteer.csv with each variant's matching key (`key`)."""
    table = read_reference("gazetteer")
    table["key"] = [normalise(v, fold=m != "yes") for v, m in zip(table.variant, table.match_case)]
    return table


@cache
def _matchers() -> tuple[tuple[re.Pattern, bool, dict[str, Hit]], ...]:
    # Two scans: most variants match case-insensitively, a few ("Oral", "the US") only as written.
    table = gazetteer()
    matchers = []
    for exact in (False, True):
        rows = table[(table.match_case == "yes") == exact]
        if rows.empty:  # an empty alternation would match the empty string everywhere
            continue
        hits = {k: Hit(p, kd, i, s) for k, p, kd, i, s in
                zip(rows.key, rows.place, rows.place_kind, rows.iso_today, rows.status)}
        # Longest first, so that the regex's leftmost match is also the longest one there.
        alternatives = "|".join(re.escape(k) for k in sorted(hits, key=len, reverse=True))
        matchers.append((re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), exact, hits))
    return tuple(matchers)


def _contains(outer: Hit, inner: Hit) -> bool:
    """Whether `outer` is an area around `inner`: Kazakhstan or France by code, a region by kind."""
    if outer.place == inner.place:
        return False
    return inner.iso.startswith(outer.iso + "-") or (
        outer.iso == inner.iso and outer.kind == "region" and inner.kind != "region")


def place_one(text: str) -> Hit:
    """Place one phrase: (place, kind, ISO code of the place's area, status)."""
    if not text.strip():
        return Hit("", "", "", "empty")
    hits = [table[m.group()] for pattern, exact, table in _matchers()
            for m in pattern.finditer(normalise(text, fold=not exact))]
    if not hits:  # not in the gazetteer at all: the build stops until a person adds it
        return Hit("", "", "", "unknown")
    found = [h for h in hits if h.status not in FLAG_STATUSES]
    if not found:
        flags = {h.status for h in hits}
        return Hit("", "", "", "ambiguous" if "ambiguous" in flags else "unplaced")
    # Drop areas that merely contain another place named ("Talgar district ... Almaty region").
    kept = [h for h in found if not any(_contains(h, other) for other in found)]
    places = {h.place for h in kept}
    if len(places) > 1:
        codes = {h.iso for h in kept}
        # Two places in one region ("Zhanaozen | Aktau") still give a certain region.
        code = codes.pop() if len(codes) == 1 else ""
        return Hit("", "", code, "ambiguous")
    kind = min((h.kind for h in kept), key=KIND_ORDER.index)
    iso = kept[0].iso
    # "Kazakhstan" alone places an event in the country but in no region: status national.
    status = "ok" if iso.startswith("KZ-") else "national" if iso == "KZ" else "abroad"
    return Hit(kept[0].place, kind, iso, status)


@cache
def region_timeline() -> pd.DataFrame:
    """One row per (today's ISO code, period): the first-level unit in force there then."""
    units = read_reference("regions")
    # In microseconds before the open ends are filled in: year 1 and year 9999 do not fit the
    # nanoseconds that pandas before 3 gives dates read from text.
    units["start"] = _as_dates(units.valid_from.replace("", None)).fillna(OPEN_START)
    units["end"] = _as_dates(units.valid_to.replace("", None)).fillna(OPEN_END)

    def segments(code: str) -> list[tuple]:
        own = units[units.iso_code == code].sort_values("start")
        first, parent = own.start.iloc[0], own.formed_from.iloc[0]
        # Before a unit existed its territory belonged to the unit it was formed from.
        before = [(code, s, min(e, first - pd.Timedelta(days=1)), name)
                  for _, s, e, name in (segments(parent) if parent else []) if s < first]
        return before + list(zip([code] * len(own), own.start, own.end, own.region))

    rows = [row for code in units.iso_code.drop_duplicates() for row in segments(code)]
    iso, start, end, region = (list(column) for column in zip(*rows))
    # Typed as microseconds from the start: pandas before 3 would infer nanoseconds from the
    # Timestamps, into which year 1 does not fit.
    return pd.DataFrame({"iso": iso, "start": np.array(start, dtype="datetime64[us]"),
                         "end": np.array(end, dtype="datetime64[us]"), "region": region})


def _as_dates(values: pd.Series) -> pd.Series:
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce", format="mixed")
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    return values.dt.as_unit("us")


def regions_in_force(iso: pd.Series, event_date: pd.Series) -> pd.Series:
    """Name of the unit in force on each date for today's ISO code; today's unit when undated."""
    timeline = region_timeline()
    dates = _as_dates(event_date)
    today = timeline[timeline.end == OPEN_END].set_index("iso").region
    region = iso.map(today).fillna("").astype(str)
    dated = dates.notna() & iso.isin(today.index)
    pairs = pd.DataFrame({"iso": iso[dated], "date": dates[dated]}).drop_duplicates()
    spans = pairs.merge(timeline, on="iso")
    spans = spans[(spans.start <= spans.date) & (spans.date <= spans.end)]
    lookup = spans.set_index(["iso", "date"]).region
    keys = pd.MultiIndex.from_arrays([iso[dated], dates[dated]])
    region[dated] = lookup.reindex(keys).fillna("").to_numpy()
    return region


def locate(place_text: pd.Series, event_date: pd.Series) -> pd.DataFrame:
    """Place each phrase: place, place_kind, region (in force on event_date), region_iso (today's
    unit), place_status (ok / empty / national / abroad / unplaced / ambiguous / unknown);
    same index as place_text."""
    text = place_text.astype(object).where(place_text.notna(), "").astype(str)
    uniques = text.drop_duplicates()
    parsed = pd.DataFrame([place_one(t) for t in uniques], index=uniques.to_numpy(),
                          columns=["place", "place_kind", "iso", "place_status"], dtype=str)
    out = parsed.reindex(text.to_numpy()).set_axis(text.index)
    out["region"] = regions_in_force(out.iso, event_date.reindex(text.index))
    out["region_iso"] = out.iso.where(out.iso.str.startswith("KZ-"), "")
    return out[list(OUTPUT_COLUMNS)]

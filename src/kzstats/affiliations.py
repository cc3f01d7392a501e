"""Affiliations in one spelling: "DVK" and "DCK" are one movement (data/reference/organisations.csv)."""

import re

import pandas as pd

from kzstats.reference import read_reference

SEPARATORS = re.compile(r" / |, |; ")
JOINER = "; "


def alias_table(organisations: pd.DataFrame | None = None) -> dict[str, str]:
    """Each listed spelling, lower-cased, to its organisation's canonical name."""
    organisations = read_reference("organisations") if organisations is None else organisations
    return {alias.strip().lower(): name
            for name, aliases in zip(organisations["organisation"], organisations["aliases"])
            for alias in [name, *aliases.split(";")] if alias.strip()}


def canonical(affiliation: pd.Series, organisations: pd.DataFrame | None = None) -> pd.Series:
    """Every affiliation in its canonical spelling; one naming several is split, each part mapped
    and the parts joined with '; ' in the order written; an unlisted name is kept as written."""
    aliases = alias_table(organisations)

    def one(text: str) -> str:
        if not text or text.lower() in aliases:
            return aliases.get(text.lower(), text)
        parts = [aliases.get(p.strip().lower(), p.strip()) for p in SEPARATORS.split(text)]
        return JOINER.join(dict.fromkeys(p for p in parts if p))

    codes, distinct = pd.factorize(affiliation, use_na_sentinel=False)
    mapped = pd.Series([one(str(t)) for t in distinct], dtype=object)
    return pd.Series(mapped.to_numpy()[codes], index=affiliation.index, dtype=affiliation.dtype)

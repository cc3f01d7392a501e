"""Coverage of the clean events: the figures the issue "Counts you can cite" sets targets for.

Reads data/clean/events.csv (run `kzstats build` first) and the sheet, prints: events, events per
type, share with a region, share with a day-precise date, and share of sentences and criminal
cases with an article (of all of them, and of those whose rows give a charge in charges_text).
Run: make targets (or .venv/bin/python bench/targets.py).
"""

import pandas as pd

from kzstats import config
from kzstats.sheet import read_sheet

CHARGED_TYPES = ("sentence", "criminal_case")


def main() -> None:
    # ---- load inputs
    events = pd.read_csv(config.CLEAN_DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    sheet = read_sheet(config.INCIDENTS_CSV).set_index("incident_id")
    # ---- process data
    charged = events[events.event_type.isin(CHARGED_TYPES)]
    with_article = charged.articles != ""
    gives_charge = charged.incident_ids.map(
        lambda ids: any(sheet.at[i, "charges_text"].strip() for i in ids.split(";")))
    lines = [
        f"events: {len(events)}",
        f"with a region: {(events.region != '').mean():.1%}",
        f"day-precise date: {(events.date_precision == 'day').mean():.1%}",
        (f"sentences and criminal cases with an article: {with_article.mean():.1%} "
        f"({with_article.sum()} of {len(charged)})"),
        (f"  of those whose rows give a charge: {with_article[gives_charge].mean():.1%} "
        f"({with_article[gives_charge].sum()} of {gives_charge.sum()})"),
        "events per type: " + ", ".join(
            f"{k} {v}" for k, v in events.event_type.value_counts().items()),
    ]
    # ---- save outputs
    print("\n".join(lines))


if __name__ == "__main__":
    main()

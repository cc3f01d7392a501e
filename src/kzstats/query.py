"""Questions without pandas plumbing: a selection of events, counted, with its caveats in view.

    import kzstats
    kz = kzstats.load()
    kz.event_types("sentence").articles("405").count("distinct_people", by="year")

Each filter returns a new selection; `count` and `terms` return an Answer: the table and the
caveats that belong to it (periods no report covers, events left out because their date or place
is not known precisely enough, articles not reported), printed with it so that a number is never
quoted without them. The counting rules are counting.py's, the same as the charts'.
"""

from dataclasses import dataclass, field, replace

import pandas as pd

from kzstats import counting
from kzstats.dataset import Dataset
from kzstats.regions import NOT_PLACED, region_names

UNITS = ("events", "people", "distinct_people", "cases")
BY = ("year", "month", "region", "event_type", "article", "role", "affiliation")
FREQ = {"year": "Y", "month": "M"}


@dataclass(frozen=True)
class Answer:
    """A counted table and the caveats a reader must see beside it."""

    table: pd.DataFrame
    unit: str
    caveats: tuple[str, ...] = ()

    def __repr__(self) -> str:
        lines = [self.table.to_string(index=False), "", f"Counted: {self.unit.replace('_', ' ')}."]
        return "\n".join(lines + [f"Caveat: {c}" for c in self.caveats])

    def _repr_html_(self) -> str:
        notes = "".join(f"<li>{c}</li>" for c in self.caveats)
        return (self.table.to_html(index=False, na_rep="no data")
                + f"<p>Counted: {self.unit.replace('_', ' ')}.</p><ul>{notes}</ul>")


@dataclass(frozen=True)
class Selection:
    """Events of data/clean chosen by the filters applied so far, with what they leave out."""

    data: Dataset
    events: pd.DataFrame
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    notes: tuple[str, ...] = field(default=())

    def _keep(self, mask: pd.Series, note: str = "") -> "Selection":
        notes = self.notes + ((note,) if note else ())
        return replace(self, events=self.events[mask.to_numpy()], notes=notes)

    def event_types(self, *types: str) -> "Selection":
        """Only these event types (data/reference/event_types.csv)."""
        return self._keep(self.events["event_type"].isin(types))

    def detentions(self) -> "Selection":
        """Only the event types counted as detentions (counts_as_detention in event_types.csv)."""
        return self.event_types(*counting.detention_kinds())

    def sentences(self) -> "Selection":
        """Only sentence cases (counts_as_sentence in event_types.csv): one per person sentenced."""
        return self.event_types(*counting.chosen_types(counting.SENTENCES))

    def roles(self, *roles: str) -> "Selection":
        """Only people coded with these roles (journalist, activist, ...)."""
        return self._keep(self.events["role"].isin(roles))

    def affiliation(self, *names: str) -> "Selection":
        """Only events whose affiliation names one of these (any spelling organisations.csv knows)."""
        from kzstats.affiliations import canonical

        wanted = set(canonical(pd.Series(list(names), dtype=object)))
        parts = self.events["affiliation"].str.split("; ")
        return self._keep(parts.map(lambda p: bool(wanted & set(p))))

    def regions(self, *names: str) -> "Selection":
        """Only events placed in these regions (today's names or ISO codes, e.g. 'Almaty', 'KZ-75').
        Events with no place, or one not placed, are left out, and the answer says how many."""
        region = region_names(self.events["region_iso"].replace("", None))
        keep = region.isin(names) | self.events["region_iso"].isin(names)
        unplaced = int((region == NOT_PLACED).sum())
        return self._keep(keep, f"{unplaced} of {len(self.events)} events are not placed in a "
                          "region and cannot be counted by region.")

    def articles(self, *articles: str, category: str | None = None) -> "Selection":
        """Only events charged under these articles ('405' any part, '405.2' that part) or a
        category of data/reference/articles.csv ('extremism'). Events whose article no report
        gives are left out, and the answer says how many."""
        charged = self.data.event_articles[self.data.event_articles["event_id"].isin(
            self.events["event_id"])]
        with_part = charged["article"] + "." + charged["part"]
        hit = charged["article"].isin(articles) | with_part.isin(articles)
        if category:
            hit |= charged["category"] == category
        unknown = int((~self.events["event_id"].isin(charged["event_id"])).sum())
        return self._keep(self.events["event_id"].isin(charged.loc[hit, "event_id"]),
                          f"{unknown} of {len(self.events)} events have no article in the reports "
                          "and cannot be counted by article.")

    def period(self, start: str, end: str) -> "Selection":
        """Only events whose whole date interval lies from start to end (YYYY-MM-DD). Undated
        events, and those dated only more widely, are left out, and the answer says how many."""
        first, last = pd.Timestamp(start), pd.Timestamp(end)
        begins = pd.to_datetime(self.events["event_date"])
        ends = pd.to_datetime(self.events["event_date_end"])
        undated = int(begins.isna().sum())
        inside = (begins >= first) & (ends <= last)
        across = int(((begins <= last) & (ends >= first) & ~inside).sum())
        note = (f"{undated} undated events and {across} dated only to a span reaching outside "
                f"{start}..{end} are left out.")
        return replace(self._keep(inside.fillna(False), note), start=first, end=last)

    def _cases(self) -> pd.DataFrame:
        return self.events[self.events["event_type"].isin(counting.chosen_types(counting.SENTENCES))]

    def count(self, unit: str = "events", by: str | None = None) -> Answer:
        """How many events, people (person-events: group sizes added), distinct people or cases
        (sentences, one per person), in total or by year, month, region, event type, article,
        role or affiliation. By year or month, a period no monitoring or thematic report covers
        shows as no data (NA), never as zero."""
        if unit not in UNITS or (by is not None and by not in BY):
            raise ValueError(f"unit must be one of {UNITS} and by one of {BY}")
        events = self._cases() if unit == "cases" else self.events
        measure = "events" if unit == "cases" else unit
        caveats = list(self.notes)
        if by in FREQ:
            table = counting.tally(events, self.data.reports, freq=FREQ[by])
            if self.start is not None:
                table = table[(table["period"].dt.end_time >= self.start)
                              & (table["period"].dt.start_time <= self.end)]
            placed = counting.placement(events, freq=FREQ[by])
            if placed.unplaced:
                caveats.append(f"{placed.unplaced} of {placed.total} events cannot be put in one {by} "
                               "(no date, or only a wider one).")
            uncovered = table.loc[~table["covered"], "period"].astype(str).tolist()
            if uncovered:
                caveats.append("No monitoring or thematic report covers " + ", ".join(uncovered)
                               + ": counts there are floors, and an empty cell is no data.")
            table = table.rename(columns={"period": by, "events": unit if unit == "cases" else "events"})
            keep = [by, unit if unit == "cases" else measure, "covered", "share_covered"]
            return Answer(table[keep].reset_index(drop=True), unit, tuple(caveats))
        grouped = self._grouped(events, by)
        if by == "region" and (grouped["region"] == NOT_PLACED).any():
            caveats.append(f"{int((grouped['region'] == NOT_PLACED).sum())} of {len(grouped)} events "
                           f"are not placed in a region (the '{NOT_PLACED}' row).")
        if by == "article" and (grouped["article"] == counting.NO_ARTICLE).any():
            caveats.append("An event charged under two articles counts in both rows; "
                           f"'{counting.NO_ARTICLE}' holds those whose reports give none.")
        return Answer(self._measure(grouped, by, measure).rename(
            columns={measure: unit}), unit, tuple(caveats))

    def _grouped(self, events: pd.DataFrame, by: str | None) -> pd.DataFrame:
        if by == "region":
            return events.assign(region=region_names(events["region_iso"].replace("", None)))
        if by == "article":
            labels = counting.with_articles(events, self.data.event_articles)
            return labels.rename(columns={"article_label": "article"})
        return events

    @staticmethod
    def _measure(events: pd.DataFrame, by: str | None, measure: str) -> pd.DataFrame:
        keys = [by] if by else []
        distinct = events.drop_duplicates(["event_id", *keys])
        if not keys:
            distinct = distinct.assign(all="all")
            keys = ["all"]
        groups = distinct.groupby(keys)
        if measure == "events":
            table = groups["event_id"].nunique().rename("events")
        elif measure == "people":
            table = groups["group_size"].sum().rename("people")
        else:
            named = distinct[distinct["person_id"] != ""].drop_duplicates([*keys, "person_id"])
            table = (named.groupby(keys).size().reindex(groups.size().index, fill_value=0)
                     + distinct[distinct["person_id"] == ""].groupby(keys)["group_size"].sum()
                     .reindex(groups.size().index, fill_value=0)).rename("distinct_people")
        table = table.reset_index().sort_values(measure, ascending=False, kind="stable")
        return table.drop(columns="all", errors="ignore").reset_index(drop=True)

    def terms(self, sentence_type: str = "imprisonment") -> Answer:
        """Sentence lengths of the chosen sentences of one kind (months; days for administrative
        arrest): n, median, shortest, longest, with the sentences whose term is not reported."""
        unit = "sentence_days" if sentence_type == "administrative_arrest" else "sentence_months"
        chosen = self._cases()
        chosen = chosen[(chosen["sentence_type"] == sentence_type) & ~chosen["suspended"]]
        known = chosen[unit].dropna()
        table = pd.DataFrame([{"sentence_type": sentence_type, "cases": len(known),
                               "median": known.median(), "shortest": known.min(),
                               "longest": known.max(), "unit": unit.split("_")[1]}])
        caveats = list(self.notes)
        missing = len(chosen) - len(known)
        if missing:
            caveats.append(f"{missing} of {len(chosen)} such sentences have no term in the "
                           "reports (life terms included) and are left out of the median.")
        return Answer(table, "cases", tuple(caveats))


def load(folder=None) -> Selection:
    """Every event of data/clean (or `folder`), ready to filter and count."""
    from kzstats import dataset

    data = dataset.load(folder)
    return Selection(data, data.events)

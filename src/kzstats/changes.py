"""What a build changed in the clean data: data/clean/CHANGES.md (newest first) and changes.csv.

Events are matched across builds by the coding-sheet rows (incident_ids) they contain, not by
event_id: an id is 'ev-' and the smallest incident_id, so a new report's row that joins an old
event can rename it, and that event is "changed" (a new source), not removed and added. Headline
figures are counted by counting.py, as the briefing figures count them, so the numbers match the
charts, and a year no report covers stays "no data". A rebuild that changes nothing copies
the previous files unchanged, so data/clean stays byte-identical (it is committed to git).
"""

import filecmp
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from kzstats import counting, dataset, markdown, publish

CHANGES_MD = "CHANGES.md"
CHANGES_CSV = "changes.csv"
MAX_ENTRIES = 20  # older entries stay in the file's git history
MAX_EVENTS_LISTED = 30  # per entry; changes.csv lists every one
MAX_FIGURES_LISTED = 60
KINDS = ("added", "changed", "split", "merged", "removed")  # the order they are listed in
NO_DATA = "no data"
ABSENT = "—"

# changes.csv, one row per event the latest change touched: the codebook of its columns.
COLUMNS = {
    "event_id": "The event in this build (for a merged one, the event its rows joined); empty "
    "for a removed event.",
    "previous_event_id": "The event in the previous build; empty for an added event. It differs "
    "from event_id when a new row with a smaller incident_id joined the event.",
    "change": "added (only new rows), changed (same rows or more or fewer; see changed_columns), "
    "split (rows taken from another event), merged (its rows joined another event), removed.",
    "changed_columns": "The columns of events whose value changed, ';'-joined (changed only).",
    "event_type": "What happened.",
    "event_date": "First day of the event's date interval, as in events.",
    "person_name": "The person; empty for a group.",
    "sources_added": "Reports that tell the event now and did not before, ';'-joined.",
    "rows_added": "Coding-sheet rows the event gained, ';'-joined (all of them when added).",
    "rows_removed": "Coding-sheet rows the event lost, ';'-joined (all of them when removed).",
}

HEADER = """\
# What changed in the clean data

`kzstats build` adds an entry here each time the clean data change, newest first; the last
{max_entries} entries are kept (older ones are in this file's git history). Events are matched
across builds by the coding-sheet rows they contain, so an event that a new report also tells is
"changed" (new source), even when its event_id changes. `changes.csv` lists every event of the
newest entry.

Headline figures are counted as the briefing figures count them (`kzstats.trends`): detention
events and people detained per year (fig02, fig03), and sentence cases per year for the eight
most frequent articles (fig04). "no data": no monitoring or thematic report covers the year;
"not covered": only the retrospective list tells events of that year, so the count is a floor;
"% of year covered": a report covers part of the year; "—": not in the figure.
"""


# --- Events: matched by their rows ---------------------------------------------------------------

def _rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row per coding-sheet row: incident_id, event_id."""
    ids = events["incident_ids"].str.split(";")
    return pd.DataFrame({"incident_id": np.concatenate(ids.to_list()) if len(ids) else [],
                         "event_id": events["event_id"].repeat(ids.str.len()).to_numpy()})


def _missing_from(a: pd.Series, b: pd.Series) -> pd.Series:
    """Per row, the ';'-joined items of a that are not in b (both ';'-joined), in a's order."""
    items_a, items_b = a.str.split(";").explode(), b.str.split(";").explode()
    seen = pd.MultiIndex.from_arrays([items_b.index, items_b.to_numpy()])
    keep = ~pd.MultiIndex.from_arrays([items_a.index, items_a.to_numpy()]).isin(seen)
    kept = items_a[keep & items_a.notna() & (items_a != "")]
    return kept.groupby(level=0).agg(";".join).reindex(a.index, fill_value="")


def _differing(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Which cells differ between two aligned tables; a column missing on one side differs."""
    columns = list(dict.fromkeys([*new.columns, *old.columns]))
    old, new = old.reindex(columns=columns), new.reindex(columns=columns)
    same = {c: _same_cells(old[c], new[c]) for c in columns}
    return ~pd.DataFrame(same, index=new.index)


def _same_cells(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Cell by cell, whether two aligned columns hold the same value (missing equals missing).
    Columns of one type are compared as they are stored (Arrow text stays Arrow)."""
    if a.dtype == b.dtype:
        equal = pd.Series(a.array == b.array).fillna(False).to_numpy(dtype=bool)
    else:  # only the values both hold: a missing value (None, NaN, NA) compares to nothing
        equal = np.zeros(len(a), dtype=bool)
        both = a.notna().to_numpy() & b.notna().to_numpy()
        equal[both] = a.to_numpy(dtype=object)[both] == b.to_numpy(dtype=object)[both]
    return equal | (a.isna().to_numpy() & b.isna().to_numpy())


def _without_unchanged(old: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables without the events that have the same event_id and the same value in every
    column in both builds. Such an event shares no row with any other event (a row is in one
    event per build), so leaving it out changes no other match; most events of a rebuild are such."""
    if set(old.columns) != set(new.columns):
        return old, new  # every event differs in a column
    position = pd.Index(old["event_id"]).get_indexer(new["event_id"])
    found = np.flatnonzero(position >= 0)
    alike = np.ones(len(found), dtype=bool)
    for column in new.columns:  # a column at a time: two whole builds are large enough
        alike &= _same_cells(old[column].take(position[found]), new[column].take(found))
    same = found[alike]
    keep_new = np.ones(len(new), dtype=bool)
    keep_new[same] = False
    keep_old = np.ones(len(old), dtype=bool)
    keep_old[position[same]] = False
    return old[keep_old], new[keep_new]


def _pairs(old: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Old and new events sharing rows (event_id_old, event_id_new, shared, mutual), and each
    side's best match on the other: most rows shared, then the smallest id. A pair is `mutual`
    when each is the other's best match: the same event in both builds."""
    shared = _rows(old).merge(_rows(new), on="incident_id", suffixes=("_old", "_new"))
    pairs = shared.groupby(["event_id_old", "event_id_new"]).size().rename("shared").reset_index()
    ranked = pairs.sort_values(["shared", "event_id_old", "event_id_new"], ascending=[False, True, True])
    successor = ranked.drop_duplicates("event_id_old").set_index("event_id_old")["event_id_new"]
    predecessor = ranked.drop_duplicates("event_id_new").set_index("event_id_new")["event_id_old"]
    pairs["mutual"] = ((pairs["event_id_old"].map(successor) == pairs["event_id_new"])
                       & (pairs["event_id_new"].map(predecessor) == pairs["event_id_old"]))
    return pairs, successor, predecessor


def _iso(dates: pd.Series) -> pd.Series:
    """Dates as ISO text whatever they came as (datetime, text or empty)."""
    parsed = pd.to_datetime(dates.replace("", None), errors="coerce")
    return parsed.dt.strftime("%Y-%m-%d").fillna("")


def _about(events: pd.DataFrame) -> pd.DataFrame:
    """What an event is, for a reader: event_type, event_date (ISO), person_name, by event_id."""
    return pd.DataFrame({"event_type": events["event_type"].to_numpy(),
                         "event_date": _iso(events["event_date"]).to_numpy(),
                         "person_name": events["person_name"].to_numpy()},
                        index=pd.Index(events["event_id"].to_numpy(), name="event_id"))


def _changed(old: pd.DataFrame, new: pd.DataFrame, mutual: pd.DataFrame) -> pd.DataFrame:
    """The mutual pairs whose rows or any published column differ, with the columns that do."""
    before = old.set_index("event_id", drop=False).loc[mutual["event_id_old"]].reset_index(drop=True)
    after = new.set_index("event_id", drop=False).loc[mutual["event_id_new"]].reset_index(drop=True)
    differs = _differing(before, after)
    moved = differs.any(axis=1).to_numpy()
    before, after, differs = before[moved], after[moved], differs[moved]
    return pd.DataFrame({
        "event_id": after["event_id"], "previous_event_id": before["event_id"], "change": "changed",
        "changed_columns": differs.dot(differs.columns + ";").str.rstrip(";"),
        "sources_added": _missing_from(after["source_report_ids"], before["source_report_ids"]),
        "rows_added": _missing_from(after["incident_ids"], before["incident_ids"]),
        "rows_removed": _missing_from(before["incident_ids"], after["incident_ids"]),
    })


def event_changes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Every event added, changed, split, merged or removed between two events tables, with the
    columns of COLUMNS, in the order of KINDS; unchanged events are left out."""
    old, new = _without_unchanged(old, new)
    pairs, successor, predecessor = _pairs(old, new)
    # Membership by map, not isin: much quicker on many string ids.
    was, becomes = new["event_id"].map(predecessor), old["event_id"].map(successor)
    in_new, in_old = was.notna(), becomes.notna()
    paired_new = was.map(successor) == new["event_id"]
    paired_old = becomes.map(predecessor) == old["event_id"]
    new_ids, old_ids = new[["event_id", "incident_ids"]], old[["event_id", "incident_ids"]]
    added = new_ids[~in_new].assign(previous_event_id="", change="added")
    split = new_ids[in_new & ~paired_new].assign(
        previous_event_id=lambda t: t["event_id"].map(predecessor), change="split")
    # Values as lambdas: a Series assigned to an empty frame would bring its own rows.
    removed = old_ids[~in_old].assign(previous_event_id=lambda t: t["event_id"], event_id="",
                                      change="removed")
    merged = old_ids[in_old & ~paired_old].assign(
        previous_event_id=lambda t: t["event_id"], event_id=lambda t: t["event_id"].map(successor),
        change="merged")
    gained = pd.concat([added, split]).rename(columns={"incident_ids": "rows_added"})
    lost = pd.concat([removed, merged]).rename(columns={"incident_ids": "rows_removed"})
    table = pd.concat([_changed(old, new, pairs[pairs["mutual"]]), gained, lost], ignore_index=True)
    table = table.reindex(columns=list(COLUMNS), fill_value="").astype(object).fillna("").astype(str)
    # Describe an event as it is now, or as it was when it is gone.
    gone = table["change"].isin(["removed", "merged"])
    now = _about(new).reindex(table["event_id"]).reset_index(drop=True)
    was = _about(old).reindex(table["previous_event_id"]).reset_index(drop=True)
    table[list(now.columns)] = now.where(~gone, was, axis=0).fillna("")
    table["order"] = table["change"].map({k: i for i, k in enumerate(KINDS)})
    table["key"] = table["event_id"].where(table["event_id"] != "", table["previous_event_id"])
    return (table.sort_values(["order", "key", "previous_event_id"]).drop(columns=["order", "key"])
            .reset_index(drop=True))


def keyed_changes(old: pd.DataFrame, new: pd.DataFrame, key: str) -> dict[str, list[str]]:
    """Keys added, removed and changed (any column) between two tables keyed by `key`."""
    old_i, new_i = old.set_index(key, drop=False), new.set_index(key, drop=False)
    both = new_i.index.intersection(old_i.index).sort_values()
    differs = _differing(old_i.loc[both], new_i.loc[both]).any(axis=1)
    return {"added": sorted(new_i.index.difference(old_i.index)),
            "removed": sorted(old_i.index.difference(new_i.index)),
            "changed": list(differs.index[differs.to_numpy()])}


# --- Headline figures --------------------------------------------------------------------------

def _cells(table: pd.DataFrame, column: str) -> pd.Series:
    """A tally column as text that keeps coverage honest: no data is never 0."""
    value = table[column].astype("Int64").astype(str)
    share = (table["share_covered"] * 100).round().astype(int).astype(str)
    text = value.where(table["share_covered"] >= 1, value + " (" + share + "% of year covered)")
    text = text.where(table["covered"], value + " (not covered)")
    return text.where(table[column].notna(), NO_DATA)


# The events columns the headline figures read (counting.tally and counting.with_articles).
FIGURE_EVENT_COLUMNS = ("event_id", "event_type", "event_date", "event_date_end", "group_size",
                        "person_id")


def totals(folder: Path) -> dict[str, int]:
    """events, persons, reports and coded rows in a clean folder (row counts from the Parquet
    files' own metadata: nothing large is read)."""
    reports = dataset.read_table(folder, "reports", ["n_incidents"])
    return {"events": pq.read_metadata(folder / "events.parquet").num_rows,
            "persons": pq.read_metadata(folder / "persons.parquet").num_rows,
            "reports": len(reports), "coded rows": int(reports["n_incidents"].sum())}


def headline_figures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """figure, value (as text): detention events and people per year, and sentence cases per
    year for the top articles, each counted as the briefing figures count it."""
    events, reports = tables["events"], tables["reports"]
    detentions = counting.tally(events, reports, freq="Y", event_types=counting.DETENTIONS)
    sentences = counting.sentences_by_article(events, tables["event_articles"], reports, freq="Y")
    year, s_year = detentions["period"].astype(str), sentences["period"].astype(str)
    return pd.concat([
        pd.DataFrame({"figure": ["detention events in all, dated or not"],
                      "value": [str(counting.placement(events, "Y", counting.DETENTIONS).total)]}),
        pd.DataFrame({"figure": "detention events, " + year, "value": _cells(detentions, "events")}),
        pd.DataFrame({"figure": "people detained, " + year, "value": _cells(detentions, "people")}),
        pd.DataFrame({"figure": ["sentence cases in all, dated or not"],
                      "value": [str(counting.placement(events, "Y", counting.SENTENCES).total)]}),
        pd.DataFrame({"figure": "sentence cases, " + sentences["article_label"] + ", " + s_year,
                      "value": _cells(sentences, "events")}),
    ], ignore_index=True)


def _number(cell: pd.Series) -> pd.Series:
    return pd.to_numeric(cell.str.extract(r"^(\d+)", expand=False), errors="coerce")


def moved_figures(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """figure, before, after, change: the headline figures whose text differs, in the order of
    `after` (then figures only `before` has); change is the difference where both are numbers."""
    table = after.merge(before, on="figure", how="outer", suffixes=("_after", "_before"), sort=False)
    order = pd.concat([after["figure"], before["figure"]]).drop_duplicates().reset_index(drop=True)
    table = table.set_index("figure").loc[order].reset_index()
    table = table.rename(columns={"value_before": "before", "value_after": "after"}).fillna(ABSENT)
    table = table[table["before"] != table["after"]].reset_index(drop=True)
    delta = _number(table["after"]) - _number(table["before"])
    table["change"] = delta.map(lambda d: "" if pd.isna(d) else f"{int(d):+d}")
    return table[["figure", "before", "after", "change"]]


# --- The changelog -----------------------------------------------------------------------------

def _what(events: pd.DataFrame) -> pd.Series:
    who = events["person_name"].where(events["person_name"] != "", "unnamed")
    date = events["event_date"].where(events["event_date"] != "", "undated")
    return events["event_type"].str.replace("_", " ") + ", " + date + ", " + who


def _detail(row) -> str:
    if row.change == "changed":
        parts = [f"new source {row.sources_added.replace(';', ', ')}"] if row.sources_added else []
        if row.event_id != row.previous_event_id:
            parts.append(f"was {row.previous_event_id}")
        parts.append("columns: " + row.changed_columns.replace(";", ", "))
        return "changed: " + "; ".join(parts)
    if row.change == "split":
        return f"split from {row.previous_event_id}"
    if row.change == "merged":
        return f"merged into {row.event_id}"
    return row.change


def headline(events: pd.DataFrame, persons: dict, reports: dict) -> str:
    """'2 events added, 1 changed; reports: 1 added', or '' when nothing changed."""
    counts = events["change"].value_counts()
    kinds = [f"{counts[k]} {k}" for k in KINDS if k in counts]
    if kinds:
        noun = "event" if counts[KINDS[[k in counts for k in KINDS].index(True)]] == 1 else "events"
        kinds[0] = kinds[0].replace(" ", f" {noun} ", 1)
    said = [", ".join(kinds)] if kinds else []
    for noun, change in (("reports", reports), ("persons", persons)):
        bits = [f"{len(change[k])} {k}" for k in ("added", "changed", "removed") if change[k]]
        if bits:
            said.append(f"{noun}: " + ", ".join(bits))
    return "; ".join(said)


def render_entry(date: str, title: str, counts: str, events: pd.DataFrame,
                 figures: pd.DataFrame | None) -> str:
    """One entry of CHANGES.md: a title, the totals, the events and the figures that moved
    (figures None: none could move, so none is listed)."""
    lines = [f"## {date}: {title}", "", counts]
    if len(events):
        shown = events.head(MAX_EVENTS_LISTED)
        lines += ["", *markdown.table(
            ["event", "change", "what", "rows added", "rows removed"],
            ([row.event_id or row.previous_event_id, markdown.cell(_detail(row)), markdown.cell(what),
              row.rows_added.replace(";", ", "), row.rows_removed.replace(";", ", ")]
             for row, what in zip(shown.itertuples(), _what(shown))))]
        if len(events) > MAX_EVENTS_LISTED:
            lines.append(f"\n… and {len(events) - MAX_EVENTS_LISTED} more events: see changes.csv.")
    if figures is not None and len(figures):
        lines += ["", *markdown.table(["figure", "before", "after", "change"],
                                      ([markdown.cell(r.figure), r.before, r.after, r.change]
                                       for r in figures.head(MAX_FIGURES_LISTED).itertuples()))]
        if len(figures) > MAX_FIGURES_LISTED:
            lines.append(f"\n… and {len(figures) - MAX_FIGURES_LISTED} more figures moved.")
        lines += ["", f"The other {figures.attrs['unmoved']} headline figures did not move."]
    elif figures is not None:
        lines += ["", "No headline figure moved."]
    return "\n".join(lines) + "\n"


def with_entry(previous: str | None, entry: str) -> str:
    """The changelog with `entry` first and the older entries below, MAX_ENTRIES in all."""
    older = re.split(r"(?m)^(?=## )", previous or "")[1:]
    entries = [entry, *(e.rstrip("\n") + "\n" for e in older)][:MAX_ENTRIES]
    return HEADER.format(max_entries=MAX_ENTRIES) + "\n" + "\n".join(entries)


def totals_line(before: dict | None, after: dict, reports: dict | None = None) -> str:
    """'471 → 473 events, 169 → 171 persons, 5 reports, 480 → 482 coded rows.' and the reports
    added, changed or removed by id."""
    said = ", ".join(f"{before[n]} → {after[n]} {n}" if before and before[n] != after[n]
                     else f"{after[n]} {n}" for n in after) + "."
    for kind in ("added", "changed", "removed"):
        if reports and reports[kind]:
            said += f" Reports {kind}: {', '.join(reports[kind])}."
    return said


# --- Load, compare, write ----------------------------------------------------------------------

def _has_tables(folder: Path | None) -> bool:
    return folder is not None and all((folder / f"{t}.parquet").exists() for t in dataset.TABLES)


def _same_files(previous: Path, staging: Path) -> dict[str, bool]:
    """Per contract table, whether its Parquet file is byte for byte the previous build's: if
    all are, nothing changed, and neither build need be read (a million rows twice would be)."""
    return {t: _has_tables(previous) and filecmp.cmp(previous / f"{t}.parquet",
                                                     staging / f"{t}.parquet", shallow=False)
            for t in dataset.TABLES}


def _unchanged(previous: Path, staging: Path) -> str:
    """Carry the changelog over unchanged, so data/clean stays byte-identical."""
    for name in (CHANGES_MD, CHANGES_CSV):
        if (previous / name).exists():
            shutil.copy2(previous / name, staging / name)
    return "no change since the last build"


def _compare(old: Path, new: Path):
    """Events, persons and reports changed, and the figures that moved (None when they cannot
    have: they are counted from events, event_articles and reports alone). Each comparison reads
    what it needs of the two builds and lets it go: a million events twice is a lot to hold."""
    same = _same_files(old, new)
    nothing = {"added": [], "changed": [], "removed": []}
    events = (pd.DataFrame(columns=list(COLUMNS)) if same["events"]
              else event_changes(dataset.read_table(old, "events"), dataset.read_table(new, "events")))
    persons, reports = (
        nothing if same[name] else keyed_changes(dataset.read_table(old, name),
                                                 dataset.read_table(new, name), key)
        for name, key in (("persons", "person_id"), ("reports", "report_id")))
    figures = None
    if not (same["events"] and same["event_articles"] and same["reports"]):
        after = headline_figures(_figure_tables(new))
        figures = moved_figures(headline_figures(_figure_tables(old)), after)
        figures.attrs["unmoved"] = len(after) - int(figures["figure"].isin(after["figure"]).sum())
    return events, persons, reports, figures


def _figure_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """What headline_figures counts from: events (only the columns it reads), articles, reports."""
    return {"events": dataset.read_table(folder, "events", list(FIGURE_EVENT_COLUMNS)),
            "event_articles": dataset.read_table(folder, "event_articles"),
            "reports": dataset.read_table(folder, "reports")}


def record(previous: Path | None, staging: Path, today: str) -> str:
    """Compare the previous clean data (if any) with the build in `staging`, write CHANGES.md and
    changes.csv into staging, and say in one line what changed."""
    old_md = previous / CHANGES_MD if previous is not None else None
    has_log = old_md is not None and old_md.exists()
    if has_log and all(_same_files(previous, staging).values()):
        return _unchanged(previous, staging)
    after = totals(staging)
    if not _has_tables(previous):
        events, figures = pd.DataFrame(columns=list(COLUMNS)), None
        said = title = f"first build: {after['events']} events"
        counts = totals_line(None, after)
    else:
        events, persons, reports, figures = _compare(previous, staging)
        title = headline(events, persons, reports)
        title = title or ("headline figures moved" if figures is not None and len(figures) else "")
        if not title and has_log:
            return _unchanged(previous, staging)
        said = f"changes since the last build: {title}"
        if not title:  # clean data older than the changelog, and no change: start the log
            said = title = f"changelog started: {after['events']} events"
        counts = totals_line(totals(previous), after, reports)
    entry = render_entry(today, title, counts, events, figures)
    text = with_entry(old_md.read_text(encoding="utf-8") if has_log else None, entry)
    (staging / CHANGES_MD).write_text(text, encoding="utf-8")
    publish.write_csv(events, staging / CHANGES_CSV)
    return said

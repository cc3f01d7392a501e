"""`kzstats build`: data/raw in, validated data/clean out, or nothing changed and every problem said.

Stages: read, clean (dates, places, charges, outcomes), people, dedup, validate, write, changes.
`run` loads the inputs (`load_inputs`), builds the tables (`build_tables`, which reads no input
file of its own but the report texts its quote check searches and the reference tables the
parsers consult, both through cached readers), then saves them. The tables are written to a
staging folder and swapped in only when all of them are valid, so data/clean always holds the
last good build; changes.py compares the staged build with the previous one and writes
CHANGES.md beside it.
"""

import json
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow

from kzstats import (
    changes,
    charges,
    config,
    dates,
    dedup,
    outcomes,
    people,
    places,
    publish,
    reference,
    reports,
)
from kzstats.errors import KzstatsError, Problem, problems_from_failure_cases, sheet_row
from kzstats.groups import joined
from kzstats.schemas import (
    CLEAN_CHECK_COLUMNS,
    RAW_CHECK_COLUMNS,
    Events,
    RawIncidents,
)
from kzstats.sheet import read_sheet

EVENT_COLUMNS = list(Events.to_schema().columns)
# Columns of the parsed rows that serve only the checks after parsing.
READ_ONLY_COLUMNS = ["date_text", "outcome_text", "period_start", "date_status", "outcome_status",
                     "place_kind"]
UNPARSED_RULES = {
    "date_status": ("date_text", (
        "date not understood: expected e.g. '25th October 2018', 'late November 2019', "
        "'In May 2017', 'between 23-25 February 2019'")),
    "charge_status": ("charges_text", (
        "charges not understood: expected e.g. 'Article 405 Part 2 of the Criminal Code' "
        "or a charge name in data/reference/charge_names.csv")),
    "place_status": ("place_text", (
        "place not in data/reference/gazetteer.csv: add it with its region, or as "
        "'unplaced' with a note if it names no settlement")),
    "outcome_status": ("outcome_text", (
        "sentence not understood: expected e.g. 'three years of imprisonment', "
        "'15 days in jail', 'a fine of 1.5 million KZT'")),
}


class Stages:
    """Wall time of each stage, for the summary and the benchmark."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str):
        start = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def _read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def clean_rows(sheet: pd.DataFrame, report_table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse every text column of the sheet; return the rows and the long table of charges."""
    period = report_table.set_index("report_id")[["period_start", "period_end"]]
    rows = sheet.drop(columns="notes")  # notes serve validation only
    for column in ("period_start", "period_end"):  # added, not joined: no copy of the sheet
        rows[column] = rows["report_id"].map(period[column])
    parsed_dates = dates.parse_dates(rows["date_text"], rows["period_start"], rows["period_end"])
    rows = rows.join(parsed_dates)
    rows = rows.join(places.locate(rows["place_text"], rows["event_date"]))
    for column in ("event_date", "event_date_end"):
        rows[column] = rows[column].dt.strftime("%Y-%m-%d").fillna("")
    charge_rows = charges.parse_charges(rows["charges_text"])
    charge_rows = charge_rows[charge_rows["article"] != ""].reset_index(drop=True)
    rows["charge_status"] = charges.charge_status(rows["charges_text"])
    rows["legal_code"] = (charge_rows.groupby("row")["legal_code"].first()
                          .reindex(rows.index, fill_value=""))
    rows = rows.join(outcomes.parse_outcomes(rows["outcome_text"], rows["event_type"]))
    no_terms = (rows["event_type"] == "sentence") & (rows["sentence_type"] == "")
    rows.loc[no_terms, "sentence_type"] = "unknown"
    rows["group_size"] = rows["group_size"].astype(int)
    return rows, charge_rows


def _unparsed_problems(rows: pd.DataFrame, file: str) -> list[Problem]:
    problems = []
    for status, (column, rule) in UNPARSED_RULES.items():
        bad = rows.loc[rows[status].isin(["unparsed", "unknown"]), ["incident_id", column]]
        problems += [Problem(file, sheet_row(i), r.incident_id, column, getattr(r, column), rule)
                     for i, r in zip(bad.index, bad.itertuples())]
    return problems


def _unknown_article_problems(rows: pd.DataFrame, charge_rows: pd.DataFrame, file: str) -> list[Problem]:
    unknown = charge_rows.merge(reference.article_catalogue(), on=["legal_code", "article"],
                                how="left", indicator=True)
    return [Problem(file, sheet_row(r.row), rows.at[r.row, "incident_id"], "charges_text",
                    f"{r.legal_code} article {r.article}",
                    "article not in data/reference/articles.csv: add it with its title and category")
            for r in unknown[unknown["_merge"] == "left_only"].itertuples()]


def _needs_review(rows: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """What the build flags for a person to decide: places it could not place, charges given
    only in words, and similar names it kept apart."""
    # Each flagged set takes only the columns it shows: a million rows are wide.
    places_flagged = rows.loc[rows["place_status"].isin(["unplaced", "ambiguous"]),
                              ["incident_id", "place_text", "place_status"]]
    charges_described = rows.loc[rows["charge_status"] == "described", ["incident_id", "charges_text"]]
    doubtful = matches[matches["decision"] == "doubtful"]
    return pd.concat([
        pd.DataFrame({"incident_id": places_flagged["incident_id"], "column": "place_text",
                      "value": places_flagged["place_text"],
                      "issue": "place " + places_flagged["place_status"] + ": add it to data/reference/gazetteer.csv"}),
        pd.DataFrame({"incident_id": charges_described["incident_id"], "column": "charges_text",
                      "value": charges_described["charges_text"],
                      "issue": "charge in words only: add it to data/reference/charge_names.csv if it names one article"}),
        pd.DataFrame({"incident_id": "", "column": "person",
                      "value": doubtful["name_a"] + " / " + doubtful["name_b"], "issue": doubtful["reason"]}),
    ], ignore_index=True)


def _event_articles(rows: pd.DataFrame, charge_rows: pd.DataFrame) -> pd.DataFrame:
    catalogue = reference.article_catalogue()[["legal_code", "article", "title", "category"]]
    table = charge_rows.assign(event_id=rows.loc[charge_rows["row"], "event_id"].to_numpy())
    table = table.merge(catalogue, on=["legal_code", "article"], how="left").fillna({"title": "", "category": ""})
    table = table[["event_id", "legal_code", "article", "part", "title", "category"]]
    return table.drop_duplicates().sort_values(["event_id", "legal_code", "article", "part"], ignore_index=True)


def _persons(rows: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    named = rows.loc[rows["person_id"] != "", ["person_id", "role"]]
    role = (named.groupby(["person_id", "role"]).size().rename("n").reset_index()
            .sort_values(["person_id", "n", "role"], ascending=[True, False, True])
            .drop_duplicates("person_id").set_index("person_id")["role"])
    others = names[names["name"] != names["person_name"]].sort_values("name")
    spellings = joined(others["person_id"], others["name"])
    table = names.drop_duplicates("person_id")[["person_id", "person_name"]].rename(
        columns={"person_name": "name"})
    table["aliases"] = table["person_id"].map(spellings).fillna("")
    table["role"] = table["person_id"].map(role).fillna("")
    return table.sort_values("person_id", ignore_index=True)


def _reports_table(report_table: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    counts = rows["report_id"].value_counts()
    table = report_table[["report_id", "title", "publishers", "url", "period_start", "period_end",
                          "coverage"]].copy()
    table["n_incidents"] = table["report_id"].map(counts).fillna(0).astype(int)
    return table.sort_values("report_id", ignore_index=True)


def _validate(schema, df: pd.DataFrame, name: str, problems: list[Problem]) -> pd.DataFrame:
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems += problems_from_failure_cases(exc.failure_cases, df, f"data/clean/{name}",
                                                CLEAN_CHECK_COLUMNS)
        return df


@dataclass(frozen=True)
class Inputs:
    """What a build reads: the coding sheet (and the name its problems give it), the report
    table, and the curated decisions on names and on merged events."""

    sheet: pd.DataFrame
    sheet_file: str
    reports: pd.DataFrame
    aliases: pd.DataFrame
    overrides: pd.DataFrame


def load_inputs(sheet_path: Path | None = None) -> Inputs:
    """Read the coding sheet (by default data/raw/incidents.csv) and the tables beside it."""
    sheet_path = Path(sheet_path or config.INCIDENTS_CSV)
    return Inputs(sheet=read_sheet(sheet_path), sheet_file=str(sheet_path),
                  reports=reports.read_reports(), aliases=_read_table(config.PERSON_ALIASES_CSV),
                  overrides=_read_table(config.EVENT_OVERRIDES_CSV))


def build_tables(inputs: Inputs, stages: Stages | None = None) -> tuple[dict[str, pd.DataFrame], dict]:
    """Clean, merge and validate the input tables; return the clean tables and a summary, or
    raise KzstatsError naming every problem. Writes nothing."""
    stages = stages or Stages()
    file, sheet, report_table = inputs.sheet_file, inputs.sheet, inputs.reports
    aliases, overrides = inputs.aliases, inputs.overrides
    with stages("validate"):
        try:
            RawIncidents.validate(sheet, lazy=True)
        except pa.errors.SchemaErrors as exc:
            raise KzstatsError(problems_from_failure_cases(exc.failure_cases, sheet, file,
                                                           RAW_CHECK_COLUMNS)) from None
        reports.report_text.cache_clear()  # the report texts serve validation only
    with stages("clean"):
        rows, charge_rows = clean_rows(sheet, report_table)
        del sheet, inputs  # rows hold all of it but the notes
    problems = _unparsed_problems(rows, file) + _unknown_article_problems(rows, charge_rows, file)
    rows = rows.drop(columns=READ_ONLY_COLUMNS)  # read and checked; no table carries them
    with stages("people"):
        names, matches = people.resolve_people(rows["person"], aliases)
        # Each distinct spelling is looked up once; its rows take the answer by position.
        codes, spellings = pd.factorize(rows.pop("person"))  # person_name from here
        found = names.set_index("name").reindex(spellings).fillna("")
        for column in ("person_id", "person_name"):
            rows[column] = found[column].array.take(codes)
        del found
    with stages("dedup"):
        rows["event_id"], merges = dedup.assign_events(rows, overrides)
        event_articles = _event_articles(rows, charge_rows)
        tables = {"event_articles": event_articles, "persons": _persons(rows, names),
                  "reports": _reports_table(report_table, rows)}
        review = _needs_review(rows, matches)
        raw_rows = len(rows)
        # From here only the columns events carry are kept: their best rows are copied whole.
        rows = rows[[c for c in rows.columns if c in EVENT_COLUMNS or c in ("incident_id", "report_id")]]
        del charge_rows
        # The events are merge_events(rows), assembled here from rows this function made, each
        # column handed over as it is taken: rows and events are never both whole in memory.
        best, lists = dedup.best_rows(rows)
        events = dedup.assemble(((column, rows.pop(column)) for column in list(rows.columns)),
                                best, lists)
        del rows
        events["articles"] = events["event_id"].map(
            charges.articles_string(event_articles.rename(columns={"event_id": "row"}))).fillna("")
        tables = {"events": events[EVENT_COLUMNS], **tables}  # in event_id order already
        del events
    with stages("validate"):
        tables = {name: _validate(publish.CONTRACT[name], df, name, problems)
                  for name, df in tables.items()}
    if problems:
        raise KzstatsError(problems)
    summary = {"raw_rows": raw_rows, "events": len(tables["events"]),
               "persons": len(tables["persons"]),
               "person_merges": int((matches["decision"] == "merged").sum()),
               "alias_merges": int(((matches["decision"] == "merged")
                                    & matches["reason"].str.startswith("alias table")).sum()),
               "event_merges": len(merges), "needs_review": len(review)}
    tables["person_matches"] = matches
    tables["event_merges"] = merges
    tables["needs_review"] = review
    return tables, summary


def use_lean_memory_pool() -> None:
    """Let Arrow allocate through jemalloc where pyarrow has it: it hands freed memory back
    sooner than the default pool, and a million-row build peaks some 300 MB lower."""
    try:
        pyarrow.set_memory_pool(pyarrow.jemalloc_memory_pool())
    except NotImplementedError:  # a pyarrow built without it keeps its default
        pass


def swap_in(staging: Path, target: Path) -> None:
    """Replace target by staging in two renames, so a reader never sees a half-written folder."""
    previous = target.with_name(target.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def run(sheet_path: Path | None = None, clean_dir: Path | None = None,
        stages: Stages | None = None) -> dict:
    """Build data/clean from data/raw; on any problem raise KzstatsError and leave it untouched."""
    stages = stages or Stages()
    clean_dir = Path(clean_dir or config.CLEAN_DATA_DIR)
    timings = config.timings_json()
    use_lean_memory_pool()
    try:
        # --- load inputs
        with stages("read"):
            inputs = load_inputs(sheet_path)
        # --- process data
        tables, summary = build_tables(inputs, stages)
        del inputs
        # --- save outputs
        with stages("write"):
            staging = clean_dir.with_name(clean_dir.name + ".staging")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            publish.write_tables(tables, staging)
            del tables  # written: the changes stage reads both builds back, typed as users load them
        with stages("changes"):
            # Written into staging, so the changelog is swapped in with the data it describes.
            today = datetime.now(UTC).date().isoformat()
            summary["changes"] = changes.record(clean_dir if clean_dir.exists() else None, staging, today)
        with stages("write"):
            swap_in(staging, clean_dir)
    finally:
        if timings:
            Path(timings).write_text(json.dumps(stages.seconds) + "\n")
    return summary

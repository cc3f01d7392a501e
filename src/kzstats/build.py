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
    affiliations,
    changes,
    charges,
    config,
    custody,
    dates,
    dedup,
    locking,
    outcomes,
    people,
    places,
    publish,
    raw_schemas,
    reference,
    reports,
)
from kzstats.errors import KzstatsError, Problem, problems_from_failure_cases, sheet_row
from kzstats.groups import joined
from kzstats.schemas import CLEAN_CHECK_COLUMNS, Events
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
    # A report cannot know what happens after its period: an "in 2021" of a list dated
    # 1 September 2021 ends there.
    rows["date_capped"] = (rows["event_date_end"] > rows["period_end"]) & (
        rows["event_date"] <= rows["period_end"])
    rows["event_date_end"] = rows["event_date_end"].mask(rows["date_capped"], rows["period_end"])
    rows["affiliation"] = affiliations.canonical(rows["affiliation"])
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


STATED_TOTAL_COLUMNS = ["claim_id", "report_id", "as_of", "custody", "total", "quote", "notes"]


def _read_stated_totals(path: Path) -> pd.DataFrame:
    """data/raw/stated_totals.csv; a project whose reports state no totals may have none."""
    if not path.exists():
        return pd.DataFrame(columns=STATED_TOTAL_COLUMNS, dtype=str)
    return _read_table(path)


def _stated_total_problems(totals: pd.DataFrame, report_table: pd.DataFrame) -> list[Problem]:
    """A stated total must name a known report and custody kind, and quote its report verbatim."""
    file = str(config.STATED_TOTALS_CSV)
    known = set(report_table["report_id"])
    kinds = {"all", *custody.custody_kinds()["custody"]}
    problems = []
    for i, row in totals.iterrows():
        where = (file, sheet_row(i), row.get("claim_id", ""))
        if row["report_id"] not in known:
            problems.append(Problem(*where, "report_id", row["report_id"],
                                    "report_id must be a report in data/raw/reports.csv"))
        elif not reports.in_report(pd.Series([row["report_id"]]), pd.Series([row["quote"]])).all():
            problems.append(Problem(*where, "quote", row["quote"],
                                    "quote must be an exact span of its report"))
        if row["custody"] not in kinds:
            problems.append(Problem(*where, "custody", row["custody"],
                                    "custody must be 'all' or a kind of data/reference/custody.csv"))
        if not row["total"].isdigit():
            problems.append(Problem(*where, "total", row["total"], "total must be a whole number"))
    return problems


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


SPELLING_MERGES = ("same transliteration key", "initials fit one full name")


def _review_of_merges(rows: pd.DataFrame, merges: pd.DataFrame, doubts: pd.DataFrame,
                      matches: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """What only a person can settle: tellings that may be one event but disagree, merges of
    events no decision confirms yet, and people merged on the spelling of their names alone."""
    quote = rows.set_index("incident_id")["quote"]

    def pairs(table: pd.DataFrame, issue: pd.Series) -> pd.DataFrame:
        return pd.DataFrame({
            "incident_id": table["incident_id_a"], "column": "event",
            "value": table["incident_id_a"] + " / " + table["incident_id_b"],
            "issue": issue + ". Quotes: «" + table["incident_id_a"].map(quote) + "» / «"
            + table["incident_id_b"].map(quote) + "». Decide in data/raw/event_overrides.csv"})

    unconfirmed = merges[~merges["confirmed"]]
    confirmed_names = {frozenset((a.name, a.same_as)) for a in aliases.itertuples()
                       if a.decision == "same"}
    spelled = matches[(matches["decision"] == "merged") & matches["reason"].isin(SPELLING_MERGES)]
    spelled = spelled[[frozenset(p) not in confirmed_names
                       for p in zip(spelled["name_a"], spelled["name_b"])]]
    return pd.concat([
        pairs(doubts, doubts["reason"]),
        pairs(unconfirmed, "merged by the rule (" + unconfirmed["reason"].str.removeprefix("rule: ")
              + ") and not yet confirmed"),
        pd.DataFrame({"incident_id": "", "column": "person",
                      "value": spelled["name_a"] + " / " + spelled["name_b"],
                      "issue": "merged on the spelling of the names alone (" + spelled["reason"]
                      + "): confirm or keep apart in data/raw/person_aliases.csv"}),
    ], ignore_index=True)


def _event_articles(rows: pd.DataFrame, charge_rows: pd.DataFrame) -> pd.DataFrame:
    catalogue = reference.article_catalogue()[["legal_code", "article", "title", "category"]]
    table = charge_rows.assign(event_id=rows.loc[charge_rows["row"], "event_id"].to_numpy())
    table = table.merge(catalogue, on=["legal_code", "article"], how="left").fillna({"title": "", "category": ""})
    table = table[["event_id", "legal_code", "article", "part", "title", "category"]]
    return table.drop_duplicates().sort_values(["event_id", "legal_code", "article", "part"], ignore_index=True)


def _event_sources(rows: pd.DataFrame) -> pd.DataFrame:
    """Every telling of every event: its row, report and quote (events keeps one quote)."""
    table = rows[["event_id", "report_id", "incident_id", "quote"]]
    return table.sort_values(["event_id", "incident_id"], ignore_index=True)


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
    stated_totals: pd.DataFrame


def load_inputs(sheet_path: Path | None = None) -> Inputs:
    """Read the coding sheet (by default data/raw/incidents.csv) and the tables beside it, each
    checked against its schema (raw_schemas.check_project), the report texts by their SHA-256."""
    sheet_path = Path(sheet_path or config.INCIDENTS_CSV)
    sheet = read_sheet(sheet_path)
    raw_schemas.check_project(sheet["incident_id"])  # every other raw and reference file
    return Inputs(sheet=sheet, sheet_file=str(sheet_path),
                  reports=reports.read_reports(), aliases=_read_table(config.PERSON_ALIASES_CSV),
                  overrides=_read_table(config.EVENT_OVERRIDES_CSV),
                  stated_totals=_read_stated_totals(config.STATED_TOTALS_CSV))


def build_tables(inputs: Inputs, stages: Stages | None = None) -> tuple[dict[str, pd.DataFrame], dict]:
    """Clean, merge and validate the input tables; return the clean tables and a summary, or
    raise KzstatsError naming every problem. Writes nothing."""
    stages = stages or Stages()
    file, sheet, report_table = inputs.sheet_file, inputs.sheet, inputs.reports
    aliases, overrides, stated_totals = inputs.aliases, inputs.overrides, inputs.stated_totals
    with stages("validate"):
        raw_schemas.validate_sheet_frame(sheet, file)
        reports.report_text.cache_clear()  # the report texts serve validation only
    with stages("clean"):
        rows, charge_rows = clean_rows(sheet, report_table)
        del sheet, inputs  # rows hold all of it but the notes
    problems = _unparsed_problems(rows, file) + _unknown_article_problems(rows, charge_rows, file)
    problems += _stated_total_problems(stated_totals, report_table)
    status_words = rows.loc[rows["event_type"] == custody.STATUS_EVENT, "outcome_text"]
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
        tables = {"persons": _persons(rows, names), "reports": _reports_table(report_table, rows)}
        review = _needs_review(rows, matches)
        raw_rows = len(rows)
        # Status statements are evidence for the custody register, not events to count.
        status = rows["event_type"] == custody.STATUS_EVENT
        observations = custody.status_observations(
            rows[status].assign(outcome_text=status_words),
            report_table.set_index("report_id")["period_end"])
        rows = rows[~status]
        charge_rows = charge_rows[charge_rows["row"].isin(rows.index)]
        rows["event_id"], merges, doubts = dedup.assign_events(rows, overrides)
        review = pd.concat([review, _review_of_merges(rows, merges, doubts, matches, aliases)],
                           ignore_index=True)
        event_articles = _event_articles(rows, charge_rows)
        tables["event_articles"] = event_articles
        tables["event_sources"] = _event_sources(rows)
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
    with stages("custody"):
        horizon = pd.Timestamp(report_table["period_end"].max())
        tables["status_observations"] = observations
        tables["custody_spells"] = custody.custody_spells(tables["events"], observations, horizon)
        tables["stated_totals"] = stated_totals
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
               "event_merges": len(merges), "within_report_merges": int(
                   merges["reason"].str.contains("in one report").sum()),
               "needs_review": len(review)}
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
    """Replace target by staging (see locking.swap_in: recovered at start-up if cut short)."""
    locking.swap_in(staging, target)


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
        staging = clean_dir.with_name(clean_dir.name + ".staging")
        try:
            with stages("write"):
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
        except OSError as exc:  # a full disk, a read-only folder: the last good build stays
            try:
                locking.recover(clean_dir)
            except OSError:  # the next command that takes the lock tries again
                pass
            raise KzstatsError([locking.disk_problem(
                exc, staging, f"{clean_dir.name} left unchanged")]) from None
    finally:
        if timings:
            Path(timings).write_text(json.dumps(stages.seconds) + "\n")
    return summary

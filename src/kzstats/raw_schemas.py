"""Schemas of every raw and reference file beside the coding sheet, and the sheet's own
safety rules: each bad file or cell is a row of the problem table, never a traceback.

reports.csv, person_aliases.csv, event_overrides.csv and the files of data/reference are read
strictly (UTF-8, commas, the expected header, no ragged row) and checked against a schema;
every report text is checked against the SHA-256 recorded in reports.csv on every build, so a
text edited after coding is caught before its quotes are trusted.
"""

import csv
import hashlib
import io
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
from pandera.typing import Series

from kzstats import config, dates, reports, textsafe
from kzstats.errors import KzstatsError, Problem, problems_from_failure_cases, sheet_row
from kzstats.schemas import (
    LEGAL_CODES,
    RAW_CHECK_COLUMNS,
    RawIncidents,
    _inferred,
    frame_rule,
    rule,
)
from kzstats.sheet import header_problems

MAX_GROUP_SIZE = 100_000  # a bound no report comes near (the largest coded group is 1,999)
MIN_QUOTE_WORDS = 4  # the shortest coded quote has 5 words: "China has requested Sauytbay’s extradition."
MAX_NAME_LENGTH = 100  # characters of a person's name
MAX_CELL_LENGTH = 2000  # characters of any other cell but the quote (which has its own maximum)
EARLIEST_PERIOD = "1991-01-01"
REPORT_FILE = r"^reports/[a-z0-9]+(-[a-z0-9]+)*\.txt$"
DECISIONS = ("same", "different")

# The reference files: their columns and the column that names each row (unique, non-empty).
REFERENCE_FILES = {
    "articles": (("legal_code", "article", "edition", "title", "short_title", "category",
                  "source", "note"), None),
    "charge_names": (("phrase", "legal_code", "article", "note"), None),
    "coverage": (("coverage", "definition"), "coverage"),
    "date_words": (("word", "kind", "first", "last"), None),
    "event_triggers": (("event_type", "pattern", "note"), None),
    "custody": (("custody", "definition", "event_types", "sentence_types", "status_words",
                 "deprives_liberty"), "custody"),
    "event_types": (("event_type", "family", "counts_as_detention", "counts_as_sentence",
                     "outcome_states_penalty", "imposes_penalty", "carries_charges",
                     "of_organisation", "merged_by_rule", "sentence_type_fixed",
                     "sentence_type_default", "definition"), "event_type"),
    "extraction_words": (("word", "kind", "value", "note"), None),
    "gazetteer": (("variant", "place", "place_kind", "iso_today", "status", "match_case", "note"),
                  "variant"),
    "number_words": (("word", "value"), "word"),
    "organisations": (("organisation", "aliases", "kind"), "organisation"),
    "publishers": (("report_prefix", "credit"), "report_prefix"),
    "region_tiles": (("region_iso", "label", "row", "col"), "region_iso"),
    "relative_dates": (("pattern", "unit", "direction", "offset", "precision", "example", "note"),
                       "pattern"),
    "regions": (("region", "iso_code", "iso_name", "kind", "valid_from", "valid_to",
                 "formed_from", "successor", "notes"), None),
    "roles": (("role", "definition"), "role"),
    "sentence_types": (("sentence_type", "definition", "cues"), "sentence_type"),
}


def _shown(path: Path) -> str:
    try:
        return str(Path(path).relative_to(config.PROJ_ROOT))
    except ValueError:
        return str(path)


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _iso_day(text: pd.Series) -> pd.Series:
    """The text as a date where it is a real ISO day (2019-02-30 is not), else NaT."""
    return pd.to_datetime(text.where(text.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")),
                          format="%Y-%m-%d", errors="coerce")


def _has_words(text: pd.Series, n: int) -> pd.Series:
    """True where the text has at least n words (runs of non-space characters)."""
    pattern = r"^\s*\S+" + r"\s+\S+" * (n - 1)
    found = pc.match_substring_regex(pyarrow.array(text.fillna(""), type=pyarrow.large_string()),
                                     pattern)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=text.index, dtype=bool)


# --- the coding sheet: the rules of RawIncidents and those that keep wrong numbers out --------

class SafeRawIncidents(RawIncidents):
    """The coding sheet with bounds and text hygiene: what RawIncidents checks, and more."""

    @rule("incident_id", says="incident_id must be ASCII: lowercase letters, digits and '-'")
    def _ascii_id(cls, incident_id: Series[str]) -> Series[bool]:
        return incident_id.str.fullmatch(r"[a-z0-9-]+")

    @rule("group_size", says=f"group_size must be at most {MAX_GROUP_SIZE:,}")
    def _bounded_group(cls, group_size: Series[str]) -> Series[bool]:
        number = pd.to_numeric(group_size.where(group_size.str.fullmatch(r"[0-9]{1,12}")),
                               errors="coerce")
        return ~(number > MAX_GROUP_SIZE) & ~(group_size.str.fullmatch(r"[0-9]{13,}"))

    @rule("quote", says=f"quote must be at least {MIN_QUOTE_WORDS} words")
    def _quote_words(cls, quote: Series[str]) -> Series[bool]:
        return _has_words(quote, MIN_QUOTE_WORDS)

    @rule("person", says=f"person must be at most {MAX_NAME_LENGTH} characters")
    def _short_name(cls, person: Series[str]) -> Series[bool]:
        return person.str.len() <= MAX_NAME_LENGTH

    @rule("person", says="person must not mix Latin and Cyrillic letters in one word "
              "(a look-alike letter?)")
    def _one_script(cls, person: Series[str]) -> Series[bool]:
        return ~textsafe.has_mixed_scripts(person)

    @rule("incident_id", "report_id", "person", "group_size", "role", "affiliation",
              "event_type", "date_text", "place_text", "charges_text", "outcome_text", "quote",
              says="must not contain control, bidirectional or zero-width characters, or a "
              "line break")
    def _seen(cls, text: Series[str]) -> Series[bool]:
        return ~textsafe.has_unseen(text)

    @rule("notes", says="must not contain control, bidirectional or zero-width characters")
    def _seen_notes(cls, notes: Series[str]) -> Series[bool]:
        return ~textsafe.has_unseen(notes, lines=True)

    @rule("person", "affiliation", "date_text", "place_text", "charges_text",
              "outcome_text", "quote",
              says="must not start or end with a space")
    def _trimmed(cls, text: Series[str]) -> Series[bool]:
        return text.str.strip() == text

    @rule("affiliation", "date_text", "place_text", "charges_text", "outcome_text", "notes",
              says=f"must be at most {MAX_CELL_LENGTH} characters")
    def _short_cell(cls, text: Series[str]) -> Series[bool]:
        return text.str.len() <= MAX_CELL_LENGTH

    @frame_rule(says="person must occur in its report, or notes say 'inferred: person' "
                        "(a transliteration)")
    def _person_in_report(cls, df: pd.DataFrame) -> Series[bool]:
        named = df["person"] != ""
        found = pd.Series(True, index=df.index)
        if named.any():
            hits = reports.in_report(df.loc[named, "report_id"], df.loc[named, "person"])
            found[named] = hits.to_numpy(dtype=bool)
        return ~named | found | _inferred(df["notes"], "person")

    @frame_rule(says="the same row twice (every column but incident_id alike): it would "
                        "be counted twice; delete one, or say in notes how they differ")
    def _no_duplicate(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated([c for c in df.columns if c != "incident_id"], keep="first")


SAFE_CHECK_COLUMNS = {
    **RAW_CHECK_COLUMNS,
    "person must occur in its report, or notes say 'inferred: person' (a transliteration)":
        "person",
    "the same row twice (every column but incident_id alike): it would be counted twice; "
    "delete one, or say in notes how they differ": "incident_id",
}


def validate_sheet_frame(sheet: pd.DataFrame, file: str) -> pd.DataFrame:
    """The sheet validated by SafeRawIncidents; KzstatsError listing every problem if not."""
    if sheet.empty:
        raise KzstatsError([Problem(file, None, "", "", "", "the sheet has a header but no rows")])
    try:
        return SafeRawIncidents.validate(sheet, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise KzstatsError(problems_from_failure_cases(exc.failure_cases, sheet, file,
                                                       SAFE_CHECK_COLUMNS)) from None


# --- reading any other CSV strictly --------------------------------------------------------

def read_strict(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A small CSV of data/raw or data/reference as text, or KzstatsError saying what is wrong
    with the file: missing, a folder, empty, not UTF-8, ';'-separated, wrong header, ragged."""
    name = _shown(path)

    def fail(rule: str, row: int | None = None, column: str = "", value: str = "") -> KzstatsError:
        return KzstatsError([Problem(name, row, "", column, value, rule)])

    if path.is_dir():
        raise fail("is a folder; expected a CSV file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail("the file is UTF-16: save it as 'CSV UTF-8'")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail("the file must be UTF-8 (save it as 'CSV UTF-8')", data[:exc.start].count(b"\n") + 1,
                   value=repr(data[exc.start:exc.start + 4])) from None
    if "\x00" in text:
        raise fail("the file holds NUL bytes: not a CSV text file")
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records or not any(records[0]):
        raise fail(f"the file is empty; expected the header {','.join(columns)}")
    header = records[0]
    problems = header_problems(header, name, tuple(columns))
    if problems and problems[0].rule.startswith("the columns are separated by ';'"):
        raise KzstatsError(problems)
    problems += [Problem(name, n, "", "", f"{len(r)} fields",
                         f"every row must have {len(header)} fields like the header "
                         "(stray comma or quote?)")
                 for n, r in enumerate(records[1:], start=2) if len(r) != len(header)]
    if problems:
        raise KzstatsError(problems)
    table = pd.DataFrame(records[1:], columns=header, dtype=str)[list(columns)]
    return table if unicodedata.is_normalized("NFC", text) else textsafe.nfc_frame(table)


def _problems(table: pd.DataFrame, name: str, check, id_column: str = "") -> list[Problem]:
    """Problems of a table, one per failing cell: check(table) gives {(column, rule): mask}.
    id_column names each row in the problem's incident_id column (the report_id, say)."""
    ids = table[id_column] if id_column else pd.Series("", index=table.index)
    return [Problem(name, sheet_row(i), str(ids[i])[:80], column, str(table.at[i, column])[:80],
                    rule)
            for (column, rule), bad in check(table).items() for i in bad[bad.fillna(False)].index]


# --- reports.csv and the report texts --------------------------------------------------------

REPORT_COLUMNS = ("report_id", "file", "title", "publishers", "url", "period_text",
                  "period_start", "period_end", "coverage", "published", "source_file",
                  "sha256", "notes")


def _report_rules(table: pd.DataFrame, coverage: tuple[str, ...]) -> dict:
    start, end, published = (_iso_day(table[c]) for c in ("period_start", "period_end", "published"))
    today = pd.Timestamp(_today())
    return {
        ("report_id", "a report id is lowercase ASCII letters and digits joined by '-'"):
            ~table["report_id"].str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*"),
        ("report_id", "must be unique; this value occurs in more than one row"):
            table["report_id"].duplicated(keep=False),
        ("file", "must be reports/<name>.txt, a text of data/raw/reports"):
            ~table["file"].str.fullmatch(REPORT_FILE),
        ("title", "give the report's title"): table["title"].str.strip() == "",
        ("url", "must start with http:// or https://, or be empty"):
            ~table["url"].str.match(r"(https?://|$)"),
        ("period_start", "must be a day YYYY-MM-DD"): start.isna(),
        ("period_end", "must be a day YYYY-MM-DD"): end.isna(),
        ("period_start", f"must not be before {EARLIEST_PERIOD}"): start < EARLIEST_PERIOD,
        ("period_end", "the period must not end before it starts"): end < start,
        ("period_end", "must not be in the future"): end > today,
        ("published", "must be a day YYYY-MM-DD, or empty"):
            (table["published"] != "") & published.isna(),
        ("published", "must lie between the period's start and today"):
            (published < start) | (published > today),
        ("coverage", "must be one of " + ", ".join(coverage) + " (data/reference/coverage.csv)"):
            ~table["coverage"].isin(coverage),
        ("sha256", "must be the 64 hexadecimal digits of the text's SHA-256"):
            ~table["sha256"].str.fullmatch(r"[0-9a-f]{64}"),
        **{(c, "must not contain control, bidirectional or zero-width characters"):
           textsafe.has_unseen(table[c]) for c in REPORT_COLUMNS},
    }


def text_problems(table: pd.DataFrame, name: str) -> list[Problem]:
    """Each report's text: a file inside data/raw/reports, UTF-8, with the recorded SHA-256."""
    problems = []
    folder = config.REPORTS_DIR.resolve()
    for i, row in table.iterrows():
        def problem(rule: str, column: str = "file", value: str = row["file"], i=i, row=row) -> None:
            problems.append(Problem(name, sheet_row(i), row["report_id"], column, value, rule))

        if not row["file"]:
            problem("give the report's text file, reports/<report_id>.txt")
            continue
        path = (config.RAW_DATA_DIR / row["file"]).resolve()
        if not path.is_relative_to(folder):
            problem("must be a file inside data/raw/reports")
            continue
        if not path.is_file():
            problem("no such file in data/raw/reports" if not path.exists() else
                    "is not a file; expected the report's text")
            continue
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            problem("the report's text must be UTF-8")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if row["sha256"] and digest != row["sha256"]:
            problem(f"the text is not the one coded: its SHA-256 is {digest[:12]}…; restore the "
                    "text, or record the new SHA-256 and check every quote of the report",
                    "sha256", row["sha256"][:12] + "…")
    return problems


def report_problems() -> list[Problem]:
    """Everything wrong with reports.csv and the report texts."""
    name = _shown(config.REPORTS_CSV)
    try:
        table = read_strict(config.REPORTS_CSV, REPORT_COLUMNS)
        coverage = tuple(read_strict(config.REFERENCE_DIR / "coverage.csv",
                                     REFERENCE_FILES["coverage"][0])["coverage"])
    except KzstatsError as exc:
        return exc.problems
    problems = _problems(table, name, lambda t: _report_rules(t, coverage), "report_id")
    return problems + text_problems(table, name)


# --- the alias and override tables --------------------------------------------------------

ALIAS_COLUMNS = ("name", "same_as", "decision", "note")
OVERRIDE_COLUMNS = ("incident_id", "same_as", "decision", "note")


def decision_problems(path: Path, columns: tuple[str, ...],
                      known_ids: pd.Series | None = None) -> list[Problem]:
    """A table of decisions (aliases, overrides): its header, 'same' or 'different', and for
    overrides incident ids that the sheet has."""
    name = _shown(path)
    try:
        table = read_strict(path, columns)
    except KzstatsError as exc:
        return exc.problems

    def rules(t: pd.DataFrame) -> dict:
        found = {
            ("decision", "must be one of " + ", ".join(DECISIONS)): ~t["decision"].isin(DECISIONS),
            **{(c, "must not be empty"): t[c].str.strip() == "" for c in columns[:2]},
            **{(c, "must not contain control, bidirectional or zero-width characters"):
               textsafe.has_unseen(t[c], lines=c == "note") for c in columns},
        }
        if known_ids is not None and len(t):  # a set once: isin would walk a million ids in Python
            ids = set(known_ids.tolist())
            for c in columns[:2]:
                found[(c, "no such incident_id in the coding sheet")] = (
                    (t[c] != "") & ~t[c].map(ids.__contains__).astype(bool))
        return found

    return _problems(table, name, rules)


# --- data/reference ---------------------------------------------------------------------------

def _reference_rules(name: str, table: pd.DataFrame) -> dict:
    columns, key = REFERENCE_FILES[name]
    found = {(c, "must not contain control, bidirectional or zero-width characters"):
             textsafe.has_unseen(table[c]) for c in columns}
    if key:
        found[(key, "must not be empty")] = table[key].str.strip() == ""
        found[(key, "must be unique; this value occurs in more than one row")] = (
            table[key].duplicated(keep=False) & (table[key] != ""))
    if "legal_code" in columns:
        found[("legal_code", "must be one of " + ", ".join(LEGAL_CODES))] = (
            ~table["legal_code"].isin(LEGAL_CODES))
    if name in ("articles", "charge_names"):
        found[("article", "an article number: digits, or digits-digits")] = (
            ~table["article"].str.fullmatch(r"[0-9]+(-[0-9]+)?"))
    if name == "articles":
        found[("title", "must not be empty")] = table["title"].str.strip() == ""
        found[("category", "must not be empty")] = table["category"].str.strip() == ""
    if name == "gazetteer":
        found[("status", "must be one of ok, ambiguous, unplaced, abroad")] = (
            ~table["status"].isin(("ok", "ambiguous", "unplaced", "abroad")))
        found[("match_case", "must be 'yes' or empty")] = ~table["match_case"].isin(("", "yes"))
    if name == "publishers":
        found[("report_prefix", "lowercase ASCII letters and digits")] = (
            ~table["report_prefix"].str.fullmatch(r"[a-z0-9]+"))
    if name == "relative_dates":
        found.update(_relative_date_rules(table))
    return found


def _finds_its_example(pattern: str, example: str) -> bool:
    try:
        return dates.relative_pattern(pattern).search(example) is not None
    except re.error:
        return False


def _relative_date_rules(table: pd.DataFrame) -> dict:
    """relative_dates.csv: known units, directions and precisions; a count either fixed in
    offset or read from the phrase's {n}; a pattern that finds its own example."""
    counted = table["pattern"].str.contains("{n}", regex=False)
    return {
        ("unit", "must be one of " + ", ".join(dates.RELATIVE_UNITS)):
            ~table["unit"].isin(list(dates.RELATIVE_UNITS)),
        ("direction", "must be one of " + ", ".join(dates.RELATIVE_DIRECTIONS)):
            ~table["direction"].isin(dates.RELATIVE_DIRECTIONS),
        ("precision", "must be one of " + ", ".join(dates.RELATIVE_PRECISIONS)):
            ~table["precision"].isin(dates.RELATIVE_PRECISIONS),
        ("precision", "must be month where unit is month"):
            (table["unit"] == "month") & (table["precision"] != "month"),
        ("offset", "must be a whole number, or empty where the pattern has {n}"):
            ~table["offset"].str.fullmatch(r"[0-9]{1,3}") & ~(counted & (table["offset"] == "")),
        ("offset", "must be empty where the pattern has {n} (the phrase gives the count)"):
            counted & (table["offset"] != ""),
        ("pattern", "must be a regular expression that finds its example"):
            ~pd.Series([_finds_its_example(p, e) for p, e in zip(table["pattern"],
                       table["example"], strict=True)], index=table.index, dtype=bool),
    }


def reference_problems() -> list[Problem]:
    problems = []
    for name, (columns, _) in REFERENCE_FILES.items():
        path = config.REFERENCE_DIR / f"{name}.csv"
        try:
            table = read_strict(path, columns)
        except KzstatsError as exc:
            problems += exc.problems
            continue
        problems += _problems(table, _shown(path), lambda t, n=name: _reference_rules(n, t))
    return problems


def check_project(sheet_ids: pd.Series | None = None) -> None:
    """Check every raw and reference file but the coding sheet; raise KzstatsError listing
    every problem. sheet_ids, when given, are the incident ids overrides may name."""
    problems = reference_problems() + report_problems()
    problems += decision_problems(config.RAW_DATA_DIR / "person_aliases.csv", ALIAS_COLUMNS)
    # An empty sheet is its own problem (validate_sheet_frame says so); its ids prove nothing.
    known = sheet_ids if sheet_ids is not None and len(sheet_ids) else None
    problems += decision_problems(config.RAW_DATA_DIR / "event_overrides.csv", OVERRIDE_COLUMNS,
                                  known)
    if problems:
        raise KzstatsError(problems)

"""Errors for people: what was wrong, where (file, row, column, value) and what was expected."""

import csv
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import pandas as pd


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of an input table."""

    file: str
    row: int | None  # the spreadsheet row: the header is row 1, the first record row 2
    incident_id: str
    column: str
    value: str
    rule: str


class KzstatsError(Exception):
    """Bad input: carries every problem found, for the command line to print as a table."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(f"{len(self.problems)} problem(s) in the input")


def _sort_key(p: Problem):
    return (p.file, p.row if p.row is not None else -1, p.column, p.rule)


def sheet_row(index: int) -> int:
    """The spreadsheet row of a DataFrame record read from a CSV with a header."""
    return int(index) + 2


def problems_from_failure_cases(
    failure_cases: pd.DataFrame, df: pd.DataFrame, file: str, check_columns: dict[str, str]
) -> list[Problem]:
    """Turn pandera's failure_cases into Problems, one per failing cell.

    A row-wise dataframe check is reported by pandera once per column; `check_columns` maps
    such a check's name to the one column it is about, so it is reported once, on that cell.
    """
    problems = []
    for case in failure_cases.itertuples(index=False):
        column, check, index = str(case.column), str(case.check), case.index
        if check in check_columns and column != check_columns[check]:
            continue
        row = None if pd.isna(index) else sheet_row(index)
        id_column = "incident_id" if "incident_id" in df else "incident_ids"
        iid = str(df.at[index, id_column]) if row and id_column in df else ""
        value = df.at[index, column] if row and column in df else case.failure_case
        problems.append(Problem(file, row, iid, column, _short(value), _rule_text(check)))
    return problems


# Pandera names the failure of Field(unique=True) itself; every other check of the schemas
# declares the rule it states (schemas.one_of, matching, length_within, and the named checks).
UNIQUE = {"field_uniqueness": "must be unique; this value occurs in more than one row"}


def _rule_text(check: str) -> str:
    return UNIQUE.get(check, check)


def _short(value, limit: int = 80) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_problems(problems: list[Problem], path: Path) -> None:
    """Write the problems as a CSV a researcher can open next to the sheet."""
    from kzstats.textsafe import spreadsheet_cell

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([f.name for f in fields(Problem)])
        writer.writerows([spreadsheet_cell(v) if isinstance(v, str) else v for v in astuple(p)]
                         for p in problems)


def render_problems(problems: list[Problem], limit: int = 200) -> None:
    """Print the problems as a table on stderr."""
    from rich.console import Console
    from rich.table import Table

    from kzstats.textsafe import for_terminal

    table = Table(title=f"{len(problems)} problem(s)", title_justify="left", show_lines=False)
    for name in ("file", "row", "incident_id", "column", "value", "rule"):
        table.add_column(name, overflow="fold")
    for p in problems[:limit]:
        table.add_row(*(for_terminal(v) for v in (p.file, "" if p.row is None else p.row,
                                                   p.incident_id, p.column, p.value, p.rule)))
    console = Console(stderr=True)
    if not console.is_terminal:  # a log or a pipe: one line per problem, never wrapped
        console = Console(stderr=True, width=1000)
    console.print(table)
    if len(problems) > limit:
        console.print(f"... and {len(problems) - limit} more")

"""Agreement between the coding sheet and the second, independent coding (data/qa/second-coding).

Pairs the two codings' rows within each report and prints, per report and overall: events coded
by each, events found by both (matched / union), and Cohen's kappa on event_type. Rewrites the
block between the AGREEMENT markers of docs/double-coding.md; the rest of that file is kept.
Run: make agreement (or .venv/bin/python bench/agreement.py). `--sheet PATH` measures another
version of the sheet without writing the doc (the figure before reconciliation:
`git show e916d8b:data/raw/incidents.csv > /tmp/sheet.csv; ... --sheet /tmp/sheet.csv`).

The pairing rule (also written into the doc):
- same report; status_observation and status_total rows are left out (counted apart);
- same person: both named and kzstats.people.name_key equal, or the words of one key all in the
  other (a surname alone against the full name); or both unnamed and the words of one
  affiliation all in the other (case, quotes and punctuation ignored; an empty one fits any);
- same event: the two quotes overlap in the report text, or they stand on the same line
  (paragraph); and the dates are compatible (either undated or unparsed, or the two spans overlap);
- one-to-one: candidate pairs are taken best first (largest quote overlap, then closest line,
  then most alike outcome_text words and date, then closest position among the person's rows
  on that passage, so "detained and jailed" rows on one quote pair by what they say).
`matched` pairs also need the same event_type. Kappa pairs are formed by the same rule with
event_type ignored, so a disagreement on the type is a pair, not two misses.
"""

import argparse
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from kzstats import config, reports
from kzstats.dates import parse_date
from kzstats.people import name_key
from kzstats.sheet import read_sheet

SECOND_DIR = config.DATA_DIR / "qa" / "second-coding"
DOC = config.DOCS_DIR / "double-coding.md"
START, END = "<!-- AGREEMENT:START -->", "<!-- AGREEMENT:END -->"
STATUS_TYPES = ("status_observation", "status_total")
_NOT_WORD = re.compile(r"[\W_]+")


def _words(text: str) -> list[str]:
    return [w for w in _NOT_WORD.split(text.casefold()) if w]


def _affiliation(text: str) -> str:
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def _locate(body: str, quote: str, line: int | None) -> tuple[int, int, int]:
    """(start, end, line) of a quote in the report: on its stated line if given, else first."""
    starts = [m.start() for m in re.finditer(re.escape(quote), body)] or [-1]
    if line is not None:
        by_line = [s for s in starts if s >= 0 and body.count("\n", 0, s) + 1 == line]
        starts = by_line or starts
    start = starts[0]
    return start, start + len(quote), (body.count("\n", 0, start) + 1 if start >= 0 else -1)


def _prepare(rows: pd.DataFrame, body: str, period: tuple[str, str]) -> pd.DataFrame:
    """The rows with what pairing needs: span and line of the quote, name key, date span."""
    rows = rows.reset_index(drop=True).copy()
    stated = rows["line"] if "line" in rows else pd.Series([None] * len(rows))
    located = [_locate(body, q, int(n) if n not in (None, "") else None)
               for q, n in zip(rows["quote"], stated)]
    rows["start"], rows["end"], rows["line_no"] = zip(*located) if located else ((), (), ())
    rows["key"] = [name_key(p) if p.strip() else "" for p in rows["person"]]
    rows["aff"] = [_affiliation(a) for a in rows["affiliation"]]
    rows["span"] = [parse_date(d, *period) if d.strip() else None for d in rows["date_text"]]
    rows["rank"] = rows.groupby(["key", "aff", "line_no"]).cumcount()
    return rows


def _same_person(a: pd.Series, b: pd.Series) -> bool:
    if a.key and b.key:
        ta, tb = set(a.key.split()), set(b.key.split())
        return a.key == b.key or ta <= tb or tb <= ta
    if a.key or b.key:
        return False
    wa, wb = set(a.aff.split()), set(b.aff.split())
    return wa <= wb or wb <= wa  # equal, one empty, or one inside the other ("DCK")


def _same_event(a: pd.Series, b: pd.Series) -> int | None:
    """A pairing score (higher is better), or None when the rows cannot be the same event."""
    overlap = min(a.end, b.end) - max(a.start, b.start)
    if overlap <= 0 and a.line_no != b.line_no:
        return None
    if a.span and b.span and (a.span[1] < b.span[0] or b.span[1] < a.span[0]):
        return None
    words_a, words_b = set(_words(a.outcome_text)), set(_words(b.outcome_text))
    outcome = len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0
    return (max(overlap, 0) * 10_000 - abs(a.line_no - b.line_no) * 100
            + round(outcome * 50) + 20 * (a.span == b.span) - abs(a["rank"] - b["rank"]))


def pair(first: pd.DataFrame, second: pd.DataFrame, same_type: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (index in first, index in second), best candidates first."""
    candidates = []
    for i, a in first.iterrows():
        for j, b in second.iterrows():
            if same_type and a.event_type != b.event_type:
                continue
            if not _same_person(a, b):
                continue
            score = _same_event(a, b)
            if score is not None:
                candidates.append((-score, i, j))
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def cohen_kappa(labels_a: list[str], labels_b: list[str]) -> float:
    """Cohen's kappa of two label lists of equal length (nan when chance agreement is 1)."""
    n = len(labels_a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(labels_a, labels_b)) / n
    ca, cb = Counter(labels_a), Counter(labels_b)
    expected = sum(ca[k] * cb[k] for k in ca) / n**2
    return float("nan") if expected == 1 else (observed - expected) / (1 - expected)


def compare(first: pd.DataFrame, second: pd.DataFrame) -> tuple[dict, list[str], list[str]]:
    """Counts, and the two label lists of the kappa pairs, for one report's rows."""
    matched = pair(first, second, same_type=True)
    loose = pair(first, second, same_type=False)
    counts = {"first": len(first), "second": len(second), "matched": len(matched),
              "kappa_pairs": len(loose)}
    counts["union"] = counts["first"] + counts["second"] - counts["matched"]
    return (counts, [first.event_type[i] for i, _ in loose],
            [second.event_type[j] for _, j in loose])


def _row(name: str, c: dict, la: list[str], lb: list[str]) -> str:
    share = c["matched"] / c["union"] if c["union"] else float("nan")
    agree = sum(x == y for x, y in zip(la, lb))
    return (f"| {name} | {c['first']} | {c['second']} | {c['matched']} | {c['union']} | "
            f"{share:.0%} | {c['kappa_pairs']} ({agree} same type) | {cohen_kappa(la, lb):.2f} |")


def main() -> None:
    # ---- load inputs
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheet", type=Path, help="a coding sheet to measure instead (doc untouched)")
    args = parser.parse_args()
    sheet = read_sheet(args.sheet or config.INCIDENTS_CSV)
    periods = reports.read_reports().set_index("report_id")
    lines = [("| report | events, sheet | events, second coding | matched | union | found by "
             "both | kappa pairs | kappa (event_type) |"), "|---|---|---|---|---|---|---|---|"]
    status_lines = [("| report | status rows, sheet | status_observation, second | "
                    "status_total, second |"), "|---|---|---|---|"]
    # ---- process data
    total, all_a, all_b = Counter(), [], []
    for rid in periods.index:
        path = SECOND_DIR / f"{rid}.csv"
        if not path.exists():
            continue
        body = reports.report_text(rid)
        period = (periods.at[rid, "period_start"], periods.at[rid, "period_end"])
        second_all = pd.read_csv(path, dtype=str, keep_default_na=False)
        first_all = sheet[sheet["report_id"] == rid].astype(str)
        first = _prepare(first_all[~first_all.event_type.isin(STATUS_TYPES)], body, period)
        second = _prepare(second_all[~second_all.event_type.isin(STATUS_TYPES)], body, period)
        counts, la, lb = compare(first, second)
        total.update(counts)
        all_a += la
        all_b += lb
        lines.append(_row(rid, counts, la, lb))
        kinds = Counter(second_all.event_type)
        status_lines.append(f"| {rid} | {(first_all.event_type == 'status_observation').sum()} | "
                            f"{kinds['status_observation']} | {kinds['status_total']} |")
    lines.append(_row("**all reports**", total, all_a, all_b))
    # ---- save outputs
    block = "\n".join([START, "", *lines, "", ("Status statements, counted apart (not in the "
                       "agreement: the sheet had no rule for them when it was coded):"), "",
                       *status_lines, "", END])
    print(block)
    if args.sheet:
        return
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Double coding\n\n{START}\n{END}\n"
    head, rest = doc.split(START, 1)
    DOC.write_text(head + block + rest.split(END, 1)[1], encoding="utf-8")
    print(f"\nwrote {Path(DOC).relative_to(config.PROJ_ROOT)}")


if __name__ == "__main__":
    main()

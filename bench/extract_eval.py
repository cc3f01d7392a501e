"""Score `kzstats extract` against the hand-coded sheet: leave one report out, and one publisher out.

Every report is scored by a model trained afresh on the other reports only (and, in the second
split, on the other publisher's reports only). Prints and writes to bench/extract_results.md the
precision, recall and F1 per report and per event type, how often the article, outcome and place
of matched rows are right, and how often proposals at each confidence were right (calibration).
Run: make extract-eval (or .venv/bin/python bench/extract_eval.py).
"""

import platform
import time
from pathlib import Path

import pandas as pd

from kzstats import config, extract_eval, reports
from kzstats.sheet import read_sheet

RESULTS_MD = Path(__file__).with_name("extract_results.md")
TARGETS = {"all events": 0.7, "sentence": 0.85, "precision at confidence >= 0.8": 0.7}


def _section(title: str, by_report, by_type, fields, calibration, misses) -> list[str]:
    return [
        f"## {title}", "", "### Per report", "", extract_eval.markdown(by_report), "",
        "### Per event type", "", extract_eval.markdown(by_type), "",
        "### Calibration: of the rows proposed at each confidence, how many were right", "",
        extract_eval.markdown(calibration), "",
        "### Fields of matched rows (judged where the coder filled them)", "",
        extract_eval.markdown(fields), "",
        "### What the unmatched rows lack: a row on the other side agrees in all but this", "",
        extract_eval.markdown(misses), "",
    ]


def main() -> None:
    # ---- load inputs
    sheet = read_sheet(config.INCIDENTS_CSV)
    periods = reports.read_reports().set_index("report_id")
    texts = {rid: reports.report_text(rid) for rid in periods.index}
    # ---- score
    started = time.perf_counter()
    loo = extract_eval.leave_one_report_out(sheet, texts, periods)
    publisher = extract_eval.by_publisher(sheet, texts, periods)
    seconds = time.perf_counter() - started
    # ---- save outputs
    by_report, by_type, _, calibration, _ = loo
    measured = {
        "all events": by_report.set_index("report").loc["all reports", "f1"],
        "sentence": by_type.set_index("event_type").loc["sentence", "f1"],
        "precision at confidence >= 0.8": calibration.set_index("confidence").loc[">= 0.8", "share_right"],
    }
    targets = ", ".join(f"{k} >= {v} (measured {measured[k]})" for k, v in TARGETS.items())
    lines = [
        "# How well `kzstats extract` proposes rows",
        "",
        (f"Run by `make extract-eval` in {seconds:.1f} s (Python {platform.python_version()}, "
         f"pandas {pd.__version__}). Each report is scored by a model trained afresh on the other "
         "reports only (leave one report out); the second split trains on one publisher's reports "
         "and scores the other's. A proposal matches a coded row of its report with the same event "
         "type, the same person (spelling variants allowed) and a compatible date; F1 is over every "
         "coded row, so events extraction never proposes count against it."),
        "",
        f"Targets, leave one report out: {targets}.",
        "",
        *_section("Leave one report out", *loo),
        *_section("Leave one publisher out", *publisher),
    ]
    text = "\n".join(lines)
    RESULTS_MD.write_text(text)
    print(text)


if __name__ == "__main__":
    main()

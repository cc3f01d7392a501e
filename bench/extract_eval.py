"""Score `kzstats extract` against the hand-coded sheet, leaving each report out in turn.

Prints precision, recall and F1 per report and per event type, and how often the article, outcome
and place of matched rows are right; writes the same to bench/extract_results.md.
Run: make extract-eval (or .venv/bin/python bench/extract_eval.py).
"""

import platform
import time
from pathlib import Path

import pandas as pd

from kzstats import config, extract_eval, reports
from kzstats.sheet import read_sheet

RESULTS_MD = Path(__file__).with_name("extract_results.md")


def main() -> None:
    # ---- load inputs
    sheet = read_sheet(config.INCIDENTS_CSV)
    periods = reports.read_reports().set_index("report_id")
    texts = {rid: reports.report_text(rid) for rid in periods.index}
    # ---- score
    started = time.perf_counter()
    by_report, by_type, fields = extract_eval.leave_one_report_out(sheet, texts, periods)
    seconds = time.perf_counter() - started
    # ---- save outputs
    sentences = by_type[by_type["event_type"] == "sentence"].iloc[0]
    overall = by_report[by_report["report"] == "all reports"].iloc[0]
    lines = [
        "# How well `kzstats extract` proposes rows",
        "",
        (f"Run by `make extract-eval` in {seconds:.1f} s (Python {platform.python_version()}, "
        f"pandas {pd.__version__}). Each report is scored on knowledge learned from the other "
        "reports only (leave one report out). A proposal matches a coded row of its report with "
        "the same event type, the same person (spelling variants allowed) and a compatible date."),
        "",
        (f"Targets: F1 >= 0.8 on sentences (measured {sentences['f1']}), >= 0.7 over all events "
        f"(measured {overall['f1']})."),
        "",
        "## Per report", "", extract_eval.markdown(by_report), "",
        "## Per event type (all reports, each scored when left out)", "",
        extract_eval.markdown(by_type), "",
        "## Fields of matched rows (judged where the coder filled them)", "",
        extract_eval.markdown(fields), "",
    ]
    text = "\n".join(lines)
    RESULTS_MD.write_text(text)
    print(text)


if __name__ == "__main__":
    main()

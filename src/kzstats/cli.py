"""The `kzstats` command: one subcommand per step of the pipeline.

Heavy libraries are imported inside the subcommands so that `kzstats --help` stays instant.
"""

import argparse
import sys
from pathlib import Path

from kzstats import config

DESCRIPTION = """\
kzstats: coded incidents of political persecution in Kazakhstan, from NGO monitoring reports
to clean tables, trends and briefing charts. Each step is a subcommand; `make all` runs them in
order. Bad input is reported as a table (file, row, column, value, rule) and a non-zero exit.
"""


def _validate(args: argparse.Namespace) -> int:
    from kzstats.validate import validate_sheet

    df = validate_sheet(Path(args.file))
    print(f"{args.file}: OK — {len(df)} rows from {df['report_id'].nunique()} report(s), "
          f"every quote verbatim in its report.")
    return 0


def _codebook(args: argparse.Namespace) -> int:
    from kzstats.codebook import CODEBOOK_MD, write_codebook

    write_codebook()
    print(f"wrote {CODEBOOK_MD}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from rich.console import Console

    from kzstats import build
    from kzstats.errors import KzstatsError, write_problems

    console = Console(stderr=True)
    stages = build.Stages()
    try:
        with console.status("kzstats build: reading, cleaning, matching people, merging events, "
                            "validating, writing…"):
            summary = build.run(Path(args.sheet), stages=stages)
    except KzstatsError as exc:
        write_problems(exc.problems, config.BUILD_PROBLEMS_CSV)
        console.print(f"data/clean left unchanged; problems also written to {config.BUILD_PROBLEMS_CSV}")
        raise
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in stages.seconds.items())
    print(f"kzstats build: {summary['raw_rows']} coded rows -> {summary['events']} events, "
          f"{summary['persons']} persons ({summary['person_merges']} name merges, of which "
          f"{summary['alias_merges']} from the alias table; {summary['event_merges']} rows merged "
          f"across reports). {summary['needs_review']} item(s) flagged in "
          f"data/clean/needs_review.csv. Wrote {config.CLEAN_DATA_DIR}.")
    print(f"stages: {timing}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kzstats", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = sub.add_parser(
        "validate", help="check a coding sheet without writing anything",
        description="Check a coding sheet (data/raw/incidents.csv, or a new sheet a researcher "
        "wants to add) against the codebook: columns, vocabularies, ids, and that every quote "
        "and every verbatim text column occurs in its report. Writes nothing.",
    )
    validate.add_argument("file", help="the coding sheet, a CSV file")
    validate.set_defaults(run=_validate)

    build = sub.add_parser(
        "build", help="clean and validate data/raw into data/clean",
        description="Read the coding sheet and the reports, parse dates, places, charges and "
        "sentences, match people across spellings, merge the same event told by several "
        "reports, validate every table with pandera, and write data/clean (CSV, Parquet, "
        "datapackage.json). On any problem nothing in data/clean changes and the problems are "
        "printed and written to reports/build-problems.csv.",
    )
    build.add_argument("--sheet", default=str(config.INCIDENTS_CSV),
                       help="the coding sheet to build from (default: %(default)s)")
    build.set_defaults(run=_build)

    codebook = sub.add_parser(
        "codebook", help="regenerate docs/codebook.md",
        description="Write docs/codebook.md from the schema's column descriptions, the "
        "vocabularies in data/reference and the rules in docs/coding-rules.md, with an example "
        "quote for every event type.",
    )
    codebook.set_defaults(run=_codebook)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from kzstats.errors import KzstatsError, render_problems

    try:
        return args.run(args)
    except KzstatsError as exc:
        render_problems(exc.problems)
        print(f"kzstats {args.command}: failed with {len(exc.problems)} problem(s).", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""The `kzstats` command: one subcommand per step of the pipeline.

Heavy libraries are imported inside the subcommands so that `kzstats --help` stays instant.
"""

import argparse
import sys
from pathlib import Path

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

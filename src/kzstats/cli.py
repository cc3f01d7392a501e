"""The `kzstats` command: one subcommand per step of the pipeline.

Heavy libraries are imported inside the subcommands so that `kzstats --help` stays instant.
"""

import argparse
import sys
import textwrap
from pathlib import Path

from kzstats import arguments, config

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
    from kzstats.codebook import write_codebook

    write_codebook()
    print(f"wrote {config.CODEBOOK_MD}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from rich.console import Console

    from kzstats import build, changes
    from kzstats.errors import KzstatsError, write_problems

    console = Console(stderr=True)
    stages = build.Stages()
    try:
        with console.status("kzstats build: reading, cleaning, matching people, merging events, "
                            "validating, writing…"):
            summary = build.run(Path(args.sheet) if args.sheet else None, stages=stages)
    except KzstatsError as exc:
        try:
            write_problems(exc.problems, config.BUILD_PROBLEMS_CSV)
            where = f"problems also written to {config.BUILD_PROBLEMS_CSV}"
        except OSError as error:  # a read-only reports/ must not hide the problems themselves
            where = f"could not write {config.BUILD_PROBLEMS_CSV} ({error.strerror})"
        console.print(f"data/clean left unchanged; {where}", markup=False)
        raise
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in stages.seconds.items())
    print(f"kzstats build: {summary['raw_rows']} coded rows -> {summary['events']} events, "
          f"{summary['persons']} persons ({summary['person_merges']} name merges, of which "
          f"{summary['alias_merges']} from the alias table; {summary['event_merges']} pairs of "
          f"tellings merged, {summary['within_report_merges']} of them within one report). {summary['needs_review']} item(s) flagged in "
          f"data/clean/needs_review.csv. Wrote {config.CLEAN_DATA_DIR}.")
    print(f"{summary['changes']}; see {config.CLEAN_DATA_DIR / changes.CHANGES_MD}.")
    print(f"stages: {timing}")
    return 0


def _extract(args: argparse.Namespace) -> int:
    from kzstats import extract, extract_model, reports
    from kzstats.errors import KzstatsError, Problem
    from kzstats.sheet import read_sheet

    table = reports.read_reports().set_index("report_id")
    if args.report_id not in table.index:
        raise KzstatsError([Problem(str(config.REPORTS_CSV), None, "", "report_id", args.report_id,
                                    "no such report: add it first with `kzstats add-report`")])
    out = Path(args.out) if args.out else config.REVIEW_DIR / f"{args.report_id}.csv"
    if out.exists() and not args.force:
        raise KzstatsError([Problem(str(out), None, "", "", "",
                                    "a review file exists and may hold your edits: accept or delete "
                                    "it, or pass --force to overwrite it")])
    sheet = read_sheet(config.INCIDENTS_CSV)
    texts = {rid: reports.report_text(rid) for rid in set(sheet["report_id"]) | {args.report_id}}
    model = extract_model.load(extract_model.model_path(), extract_model.data_hash(sheet, texts))
    period = table.loc[args.report_id]
    rows = extract.extract_rows(args.report_id, texts[args.report_id], period["period_start"],
                                period["period_end"], model.knowledge(), model)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows.to_csv(out, index=False, lineterminator=config.CSV_LINE_TERMINATOR, encoding=config.CSV_ENCODING)
    counts = ", ".join(f"{n} {t}" for t, n in rows["event_type"].value_counts().items())
    seen = " (the model has seen its coded rows: re-extracting a coded report flatters it)" if (
        args.report_id in model.reports) else ""
    print(f"kzstats extract: {len(rows)} proposed row(s) for {args.report_id} ({counts}), most "
          f"confident first, written to {out}{seen}.\nReview them: delete the rows you reject, "
          f"correct the others, then run `kzstats accept {args.report_id}`.")
    return 0


def _extract_train(args: argparse.Namespace) -> int:
    from kzstats import extract_learn, extract_model, reports
    from kzstats.sheet import read_sheet

    table = reports.read_reports().set_index("report_id")
    sheet = read_sheet(config.INCIDENTS_CSV)
    texts = {rid: reports.report_text(rid) for rid in sheet["report_id"].unique()}
    model = extract_learn.train(sheet, texts, table)
    path = extract_model.model_path()
    extract_model.save(model, path)
    print(f"kzstats extract-train: a model of {len(model.weights)} weights (threshold "
          f"{model.threshold}) learned from {len(sheet)} coded rows of {len(model.reports)} "
          f"report(s), data hash {model.data_hash[:12]}, written to {path}.")
    return 0


def _figures(args: argparse.Namespace) -> int:
    from kzstats import dataset, figures

    folder = Path(args.out) if args.out else config.FIGURES_DIR
    written = figures.export_all(dataset.load(), folder, args.start, args.end)
    for figure in written:
        print(f"{folder / figure.name}.{{png,svg,pdf,csv}}  {figure.shows}")
    print(f"kzstats figures: {len(written)} figures written to {folder}.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from kzstats.spreadsheet import export_excel

    folder = Path(args.excel)
    written = export_excel(folder)
    print(f"kzstats export: {len(written)} tables written to {folder} as UTF-8 CSV with a "
          "byte-order mark, for Excel.")
    return 0


def _report(args: argparse.Namespace) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kzstats import notebooks

    out = Path(args.out) if args.out else config.OUTPUT_DIR
    paths = notebooks.notebook_paths()
    if args.only:
        paths = [p for p in paths if any(p.stem.startswith(o) for o in args.only)]
    parameters = {"START": args.start, "END": args.end}
    columns = (TextColumn("{task.description:<26}"), BarColumn(bar_width=24), MofNCompleteColumn(),
               TextColumn("cells"), TimeElapsedColumn())
    with Progress(*columns, transient=False) as progress, ThreadPoolExecutor(args.jobs) as pool:
        tasks = {path: progress.add_task(path.stem, total=None, start=False) for path in paths}
        runs = []
        # The later notebooks are the longer ones (05 writes every figure): start them first.
        for path in reversed(paths):

            def advance(done: int, total: int, task=tasks[path]) -> None:
                if done == 1:  # the clock of a notebook starts with its first cell
                    progress.start_task(task)
                progress.update(task, completed=done, total=total)

            runs.append(pool.submit(notebooks.run_notebook, path, out, parameters, advance,
                                    args.show_code))
        for run in runs:
            run.result()
    print(f"kzstats report: {len(paths)} notebook(s) executed; reports written to "
          f"{out / '<notebook>.html'}.")
    return 0


def _add_report(args: argparse.Namespace) -> int:
    from kzstats import intake

    row = intake.add_report(
        Path(args.file), args.publisher, args.period, title=args.title or "", url=args.url,
        coverage=args.coverage, report_id=args.id or "", published=args.published,
        period_words=args.period_text or "", publisher_names=args.publisher_names or "")
    print(f"kzstats add-report: {row['report_id']} — {row['title']!r}, {row['period_text']} "
          f"({row['period_start']}..{row['period_end']}, {row['coverage']}).")
    print(f"wrote data/raw/{row['file']} (sha256 {row['sha256'][:12]}…) and its row in "
          f"data/raw/reports.csv; check the text and the row, then: kzstats extract {row['report_id']}")
    return 0


def _accept(args: argparse.Namespace) -> int:
    from kzstats import accept

    done = accept.accept(args.report_id, Path(args.file) if args.file else None)
    print(f"kzstats accept: appended {done['rows']} row(s) to data/raw/incidents.csv "
          f"({done['first']} to {done['last']}); the review file is now {done['accepted']}.")
    print("next: make all (rebuilds data/clean, the notebooks and the figures)")
    return 0


def _held(args: argparse.Namespace) -> int:
    from kzstats import custody, dataset

    data = dataset.load()
    kinds = args.kinds or None
    held = custody.held_on(data.custody_spells, args.on, kinds)
    if args.format == "csv":
        held.drop(columns="person_id").to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    table = Table(title=f"Held on {args.on}: {held['person_id'].nunique()} people "
                  f"({', '.join(f'{k} {n}' for k, n in held['custody'].value_counts().sort_index().items())})")
    for column in ("person_name", "custody", "since", "articles", "term_months", "expected_end",
                   "source_report_ids"):
        table.add_column(column.replace("_", " "))
    for row in held.itertuples():
        table.add_row(*(escape(str(v)) for v in (row.person_name, row.custody, row.since,
                        row.articles, row.term_months, row.expected_end, row.source_report_ids)))
    console.print(table)
    totals = data.stated_totals[data.stated_totals["as_of"] == args.on]
    if not totals.empty:
        compared = custody.compare_totals(data.custody_spells, data.status_observations, totals)
        console.print("What the report states on that date, beside the register:")
        for row in compared.itertuples():
            line = (f"  {row.custody}: the report states {row.stated}, names {row.named_in_report}; "
                    f"the register counts {row.register}.")
            if row.held_not_named:
                line += f" Held per the register but not named by the report: {row.held_not_named}."
            if row.named_in_report == 0:
                line += " The report names none of them, so the register cannot hold them."
            elif row.named_in_report != row.stated:
                line += (f" The report's own list names {row.named_in_report} people for its "
                         f"{row.stated}.")
            if row.named_not_held:
                line += f" Named by the report but not held per the register: {row.named_not_held}."
            console.print(escape(line))
    return 0


def _iso_day(text: str) -> str:
    """An argparse type: a YYYY-MM-DD date, said in one line when it is not one."""
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date of the form YYYY-MM-DD") from None


def _described(*paragraphs: str, example: str) -> str:
    """A subcommand's description: wrapped paragraphs, then an example kept on its own line."""
    return "\n\n".join(textwrap.fill(p, 88) for p in paragraphs) + f"\n\nexample:\n  {example}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kzstats", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", help="the project folder (default: $KZSTATS_ROOT, else the "
                        "nearest folder from here upward holding data/raw/incidents.csv or "
                        "kzstats.toml)")
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
        "datapackage.json), with CHANGES.md: the events and headline figures that changed since "
        "the last build. On any problem nothing in data/clean changes and the problems are "
        "printed and written to reports/build-problems.csv.",
    )
    build.add_argument("--sheet", help="the coding sheet to build from (default: "
                       "data/raw/incidents.csv)")
    build.set_defaults(run=_build)

    codebook = sub.add_parser(
        "codebook", help="regenerate docs/codebook.md",
        description="Write docs/codebook.md from the schema's column descriptions, the "
        "vocabularies in data/reference and the rules in docs/coding-rules.md, with an example "
        "quote for every event type.",
    )
    codebook.set_defaults(run=_codebook)

    extract = sub.add_parser(
        "extract", help="propose coding-sheet rows from a report's text, for review",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_described(
            "Read a report of data/raw/reports.csv and propose its coding-sheet rows: one per "
            "person per event, in the sheet's columns, each with a verbatim quote, a confidence "
            "(0-1) and the reason it was proposed. Dates, places, charges and sentences are only "
            "proposed in phrases the build understands; a date the report gives only relatively "
            "(\"the following day\") is proposed as the date it means, with an `inferred:` note. "
            "Which event a clause tells, whom it is about and which date a coder would write are "
            "scored by the models `kzstats extract-train` learned from the coded sheet "
            "(models/extract_model.json); a model older than the sheet is refused.",
            "Writes the review file data/raw/review/REPORT_ID.csv, never incidents.csv: delete the "
            "rows you reject, correct the others, add what it missed, then run `kzstats accept "
            "REPORT_ID`. Its measured precision and recall, report by report, are in "
            "bench/extract_results.md (`make extract-eval`): review every row.",
            example="kzstats extract civicus-2022-03"),
    )
    extract.add_argument("report_id", type=arguments.report_id, help="a report_id of data/raw/reports.csv")
    extract.add_argument("--out", help="the review file (default: data/raw/review/REPORT_ID.csv)")
    extract.add_argument("--force", action="store_true", help="overwrite an existing review file")
    extract.set_defaults(run=_extract)

    train = sub.add_parser(
        "extract-train", help="learn the extraction model from the coded sheet",
        description="Learn from data/raw (the coded sheet and the texts of the reports it codes) "
        "the weights with which `kzstats extract` scores each candidate row, the threshold below "
        "which it proposes nothing, and the people it knows; write them as JSON, with the hash of "
        "the data they came from, to models/extract_model.json. Run it whenever the sheet "
        "changes (after `kzstats accept`): `kzstats extract` refuses a stale model.")
    train.set_defaults(run=_extract_train)

    figures = sub.add_parser(
        "figures", help="write every briefing figure (PNG, SVG, PDF and its data as CSV)",
        description="Build the briefing figures from data/clean and write each one as PNG (at "
        "2x), SVG and PDF, with the CSV of exactly the data it draws, into reports/figures. The "
        "same data give byte-identical files. Months no report covers are drawn as no data.",
    )
    figures.add_argument("--out", type=arguments.folder, help="folder (default: reports/figures)")
    _add_period(figures)
    figures.set_defaults(run=_figures)

    export = sub.add_parser(
        "export", help="copy the clean tables for a spreadsheet (Excel)",
        description="Write each table of the data contract (data/clean/*.csv) into FOLDER as a "
        "CSV that Excel opens with every letter right: the same cells, UTF-8 with a byte-order "
        "mark. Where the list separator is ';' (Russian or Kazakh Windows settings), open them "
        "with Data > From Text/CSV rather than a double click.",
    )
    export.add_argument("--excel", metavar="FOLDER", required=True,
                        help="folder to write the Excel-friendly CSVs into")
    export.set_defaults(run=_export)

    report = sub.add_parser(
        "report", help="execute every notebook and write its HTML report",
        description="Execute the notebooks in notebooks/ (01-overview ... 05-briefing-figures) "
        "headlessly against data/clean, with the period given here as their parameters, and "
        "write reports/<notebook>.html. The reports work offline: the chart libraries are "
        "inlined in each page.",
    )
    report.add_argument("--out", type=arguments.folder, help="folder (default: reports)")
    report.add_argument("--only", nargs="+", metavar="NOTEBOOK",
                        help="run only the notebooks whose names start with these, e.g. 02 04")
    report.add_argument("--show-code", action="store_true",
                        help="show the notebooks' code in the reports (left out by default: they read as documents)")
    report.add_argument("--jobs", type=arguments.jobs, default=2,
                        help="notebooks run at the same time, each in its own kernel (default: %(default)s)")
    _add_period(report)
    report.set_defaults(run=_report)

    add_report = sub.add_parser(
        "add-report", help="take in a new report: its text and its row in reports.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_described(
            "Copy a new report into data/raw/reports/<id>.txt and append its row to "
            "data/raw/reports.csv (title, publishers, URL, period, coverage, the file's name and "
            "the SHA-256 of the stored text). FILE is plain text (UTF-8) or a web page saved "
            "from a browser (.html), reduced to its main text, one paragraph a line; every "
            "quote of the report is later checked against that text.",
            "The id is the publisher and the month the period ends (civicus-2022-03) unless "
            "--id is given. A report whose text is already stored, or a taken id, is refused "
            "and nothing is written.",
            example="kzstats add-report ~/Downloads/update.html --publisher civicus "
            "--period 2022-01..2022-03 --url https://example.org/update"),
    )
    add_report.add_argument("file", help="the report: .txt (UTF-8) or .html/.htm")
    add_report.add_argument("--publisher", required=True,
                            help="its publisher's prefix in data/reference/publishers.csv (civicus, odf)")
    add_report.add_argument("--period", required=True, type=arguments.period,
                            help="the period it covers: months 2022-01..2022-03 or days "
                            "2022-01-01..2022-03-31")
    add_report.add_argument("--period-text", help="the period in the report's words "
                            "(default: e.g. 'January to March 2022')")
    add_report.add_argument("--title", help="its title (default: the page's title, or the first "
                            "line of a text)")
    add_report.add_argument("--url", default="", type=arguments.url, help="where it was published")
    add_report.add_argument("--coverage", default="monitoring",
                            help="monitoring (the default: systematic for its period), thematic "
                            "(one subject) or retrospective (a list as of a date); see "
                            "data/reference/coverage.csv")
    add_report.add_argument("--published", default="", help="its publication date, YYYY-MM-DD")
    add_report.add_argument("--id", type=arguments.report_id, help="its report id, if not <publisher>-<YYYY-MM of the "
                            "period's end> (e.g. a second report of the same month)")
    add_report.add_argument("--publisher-names", help="the publishers in full, ';'-joined "
                            "(default: the publisher's credit line)")
    add_report.set_defaults(run=_add_report)

    accept = sub.add_parser(
        "accept", help="append a report's reviewed rows to the coding sheet",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_described(
            "Read the review file data/raw/review/<REPORT_ID>.csv (the rows kzstats extract "
            "proposed, as the researcher kept and edited them), give each row a fresh incident "
            "id (<REPORT_ID>-NNNN, numbered on from the report's last), check them as kzstats "
            "build would (vocabularies, verbatim quotes, dates, places, charges, sentences) and "
            "append them to data/raw/incidents.csv. The review file is then renamed "
            "<REPORT_ID>.accepted.csv so that it cannot be accepted twice.",
            "On any problem nothing is appended, and the problems name the review file's rows "
            "(header = row 1) and columns.",
            example="kzstats accept civicus-2022-03 && make all"),
    )
    accept.add_argument("report_id", metavar="REPORT_ID", type=arguments.report_id, help="the report, e.g. civicus-2022-03")
    accept.add_argument("--file", help="the review file (default: data/raw/review/REPORT_ID.csv)")
    accept.set_defaults(run=_accept)

    held = sub.add_parser(
        "held", help="who the custody register shows as held on a date",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_described(
            "List the people data/clean/custody_spells.csv shows as held on a date: in prison, "
            "pre-trial detention, a psychiatric hospital, house arrest, administrative arrest or "
            "under restriction of liberty, since when, under which articles, for how long and "
            "until when expected, and on which reports' word. A spell counts only as far as "
            "the evidence reaches: its start, its term, a release, or a later status statement.",
            "Where a report states a total on that date (\"There are 22 political prisoners\"), "
            "the total is shown beside the register's count, with the people who differ named.",
            example="kzstats held --on 2021-09-01 --kinds prison pretrial psychiatric"),
    )
    held.add_argument("--on", required=True, type=_iso_day, help="the date, YYYY-MM-DD")
    held.add_argument("--kinds", nargs="+", metavar="KIND",
                      choices=["prison", "pretrial", "psychiatric", "house_arrest",
                               "administrative_arrest", "restriction_of_liberty"],
                      help="only these kinds of custody (default: all)")
    held.add_argument("--format", choices=["table", "csv"], default="table",
                      help="a table for reading (default) or CSV on standard output")
    held.set_defaults(run=_held)
    return parser


def _add_period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", type=arguments.day, default=config.FIGURE_START,
                        help="first day shown, YYYY-MM-DD (default: %(default)s)")
    parser.add_argument("--end", type=arguments.day, default=config.FIGURE_END,
                        help="last day shown, YYYY-MM-DD (default: the end of the month in which "
                        "the latest report's period ends)")


# Every command but validate writes something: it holds the project lock (locking.py).
WRITING_COMMANDS = frozenset({"build", "codebook", "extract", "figures", "report", "add-report",
                              "accept"})
# Commands that read data/raw without validating the sheet: the raw files are checked first.
CHECKED_FIRST = frozenset({"extract", "add-report"})


def main(argv: list[str] | None = None) -> int:
    from kzstats.steady import use_utc

    use_utc()  # no output byte depends on the time zone: see steady.py
    parser = build_parser()
    args = parser.parse_args(argv)
    arguments.check_span(parser, args)
    from contextlib import nullcontext

    from kzstats import locking
    from kzstats.errors import KzstatsError, render_problems

    try:
        with config.using_root(config.find_root(args.root)):
            writing = args.command in WRITING_COMMANDS
            with locking.project_lock(args.command) if writing else nullcontext():
                if args.command in CHECKED_FIRST:  # build, validate and accept check them themselves
                    from kzstats.raw_schemas import check_project

                    check_project()
                return args.run(args)
    except config.NotAProject as exc:
        print(f"kzstats {args.command}: {exc}", file=sys.stderr)
        return 2
    except KzstatsError as exc:
        problems = exc.problems
    except OSError as exc:  # a read-only or full disk, a file gone: said, not a traceback
        problems = [locking.disk_problem(exc, exc.filename or "", "the command stopped")]
    render_problems(problems)
    print(f"kzstats {args.command}: failed with {len(problems)} problem(s).", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

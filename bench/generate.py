"""Synthetic project trees shaped like ours, at any size, for the benchmark (`make bench`).

Each synthetic report copies one real report's period, and its rows are drawn from that
report's real rows with their frequencies (the rare and the malformed phrasings too), so every
date, place, charge and outcome parses as it does in our data. On top of that: a share of dates
rewritten as new day phrases inside the period (the vocabulary grows with the data, as it
would), synthetic persons spelled several ways, a share of events told again by a second
report, and report texts that contain every quote. Variants add known bad rows, listed in a
manifest: `invalid` rows break the raw schema, `unparsable` rows pass it but cannot be parsed.
Deterministic: the same size and seed give byte-identical trees.
"""

import argparse
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

PROJ_ROOT = Path(__file__).resolve().parents[1]
REAL_RAW = PROJ_ROOT / "data" / "raw"
REAL_REFERENCE = PROJ_ROOT / "data" / "reference"
SEED = 2026
ROWS_PER_REPORT = 200
ROWS_PER_PERSON = 3
RETOLD_SHARE = 0.10  # rows that tell again an event of another report
NEW_DATE_SHARE = 0.30  # dated rows whose date becomes a new day phrase in the period
BAD_ROWS_PER_MILLION = 1000
MIN_BAD_PER_KIND = 3
VARIANTS = ("valid", "invalid", "unparsable")

MALE_NAMES = (
    "Yerlan", "Aset", "Nurlan", "Askhat", "Bakhytzhan", "Marat", "Aidos", "Serik", "Talgat",
    "Kairat", "Almas", "Dauren", "Yerbol", "Zhasulan", "Yermek", "Zhanbolat", "Ruslan", "Bolat",
    "Murat", "Nurzhan", "Timur", "Yesengali", "Zhenis", "Daniyar", "Galym", "Kuanysh", "Maksat",
    "Olzhas", "Rinat", "Samat", "Amanzhol", "Berik", "Dias", "Ilyas", "Mukhtar", "Nurbek",
    "Sanzhar", "Temirlan", "Yerzhan", "Zhandos",
)
FEMALE_NAMES = (
    "Zhanar", "Saniya", "Dina", "Gulnara", "Aigerim", "Madina", "Aliya", "Gaukhar", "Sholpan",
    "Akmaral", "Ainur", "Botagoz", "Dariga", "Gulmira", "Indira", "Kamila", "Lyazzat", "Meruyert",
    "Nazira", "Raushan", "Saule", "Togzhan", "Ulzhan", "Zarina", "Zhuldyz", "Aizhan", "Balzhan",
    "Dana", "Elmira", "Zhazira", "Asem", "Bibigul", "Gulshat", "Kulyash", "Moldir", "Nurgul",
    "Perizat", "Roza", "Symbat", "Yerkezhan",
)
# Surnames are four of these syllables and a Russian-style ending: 2.56 million stems, mostly
# far apart, so namesakes and similar names stay rare, as among real people.
SYLLABLES = ("a", "ab", "ai", "ak", "al", "ar", "as", "ay", "ba", "bay", "be", "bek", "bo", "da",
             "dau", "er", "gal", "i", "ka", "khan", "kai", "ke", "kul", "ma", "mu", "myr", "nur",
             "or", "os", "pan", "sa", "sar", "se", "syz", "ta", "tay", "to", "tur", "zha", "zhu")
PATRONYMIC_SHARE = 0.6  # persons written with a patronymic (Serikovich, Serikovna)
# Spellings the name key folds together (see kzstats.people.TRANSLITERATION_RULES).
FOLDING_SWAPS = (("Zh", "Dzh"), ("zh", "j"), ("Ye", "E"), ("aye", "ae"), ("kh", "h"),
                 ("iya", "ia"), ("ss", "s"))
SPELLING_SHARES = {"usual": 0.80, "folded": 0.17, "typo": 0.02, "initial": 0.01}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DAY_STYLES = ("{d}{th} {M} {Y}", "On {d} {M} {Y}", "{dd}.{mm}.{Y}", "{M} {d}, {Y}")

# Bad rows by variant: kind -> the column it breaks and how.
BAD_KINDS = {
    "invalid": ("quote_not_in_report", "unknown_event_type", "named_group"),
    "unparsable": ("unknown_place", "impossible_date", "unknown_article", "unread_sentence"),
}
BAD_VALUES = {
    "unknown_event_type": ("event_type", "detained_briefly"),
    "named_group": ("group_size", "3"),
    "unknown_place": ("place_text", "the settlement of Zhanaqala-Tobe"),
    "impossible_date": ("date_text", "31 February 2019"),
    "unknown_article": ("charges_text", "Article 999 Part 1 of the Criminal Code"),
    "unread_sentence": ("outcome_text", "seven long years"),
}


def _surname(stem: str, female: bool) -> str:
    return stem + ("ev" if stem.endswith(("y", "i")) else "ov") + ("a" if female else "")


def person_names(n_persons: int, rng: np.random.Generator) -> np.ndarray:
    """n_persons full names: given name, patronymic for a share, surname of the same gender."""
    female = rng.random(n_persons) < 0.5
    given = np.where(female, rng.choice(FEMALE_NAMES, n_persons), rng.choice(MALE_NAMES, n_persons))
    syllables = rng.choice(SYLLABLES, (n_persons, 4))
    stems = ["".join(parts).capitalize() for parts in syllables]
    fathers = rng.choice(MALE_NAMES, n_persons)
    has_patronymic = rng.random(n_persons) < PATRONYMIC_SHARE
    return np.array([
        f"{g} {father}{'ovna' if f else 'ovich'} {_surname(s, f)}" if p else f"{g} {_surname(s, f)}"
        for g, s, father, f, p in zip(given, stems, fathers, female, has_patronymic)])


def _folded(name: str, k: int) -> str:
    """A spelling of `name` that the name key still folds to the same key."""
    applicable = [(a, b) for a, b in FOLDING_SWAPS if a in name]
    if not applicable:
        return name.upper()
    a, b = applicable[k % len(applicable)]
    return name.replace(a, b, 1)


def _typo(name: str, k: int) -> str:
    """A spelling one letter short: similar, not the same key (a doubtful pair)."""
    surname_at = name.rindex(" ") + 2 + k % 3
    return name[:surname_at] + name[surname_at + 1:]


def _initial(name: str) -> str:
    """'Zhumabayev Ye.' or, with a patronymic, 'Zhumabayev Ye. S.'."""
    *given, last = name.split(" ")
    return f"{last} " + " ".join(g[:2] + "." if g.startswith(("Ye", "Zh")) else g[0] + "."
                                  for g in given)


def _spell(names: np.ndarray, kinds: np.ndarray, ks: np.ndarray) -> list[str]:
    spell = {"usual": lambda n, k: n, "folded": _folded, "typo": _typo,
             "initial": lambda n, k: _initial(n)}
    return [spell[kind](n, k) for n, kind, k in zip(names, kinds, ks)]


def _day_phrase(day: pd.Timestamp, style: int) -> str:
    d = day.day
    th = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return DAY_STYLES[style].format(d=d, th=th, dd=f"{d:02d}", mm=f"{day.month:02d}",
                                    M=MONTHS[day.month - 1], Y=day.year)


def _quote(row: dict, serial: int) -> str:
    """A one-paragraph quote that contains every text the row says is verbatim."""
    who = row["person"] or f"a group of {row['group_size']}"
    parts = [row["date_text"], f"{who} ({row['role'].replace('_', ' ')})",
             f"in {row['place_text']}" if row["place_text"] else "",
             "under " + " and ".join(row["charges_text"].split(" | ")) if row["charges_text"] else "",
             row["outcome_text"], f"as told in case no. {serial}"]
    return ", ".join(p for p in parts if p) + "."


def synthetic_rows(n_rows: int, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The valid sheet of n_rows rows and its report table (without texts)."""
    rng = np.random.default_rng(seed)
    real = pd.read_csv(REAL_RAW / "incidents.csv", dtype=str, keep_default_na=False)
    real_reports = pd.read_csv(REAL_RAW / "reports.csv", dtype=str, keep_default_na=False)
    templates = real["report_id"].value_counts().sort_index()

    # --- reports: each copies a real report's period, chosen with the real rows' shares ---
    n_reports = max(len(templates), -(-n_rows // ROWS_PER_REPORT))
    template_of = rng.choice(templates.index.to_numpy(), size=n_reports,
                             p=(templates / templates.sum()).to_numpy())
    template_of[: len(templates)] = templates.index  # every real report has a copy
    report_ids = np.array([f"{t}-x{j:05d}" for j, t in enumerate(template_of)])
    report_of_row = np.sort(rng.integers(0, n_reports, n_rows))

    # --- rows: a real row of the report's template, every column as coded ---
    rows = pd.DataFrame({"report": report_of_row, "template": template_of[report_of_row]})
    picks = np.empty(n_rows, dtype=np.int64)
    for template, where in rows.groupby("template").indices.items():
        pool = np.flatnonzero(real["report_id"].to_numpy() == template)
        picks[where] = rng.choice(pool, size=len(where))
    rows = rows.join(real.iloc[picks].reset_index(drop=True).drop(columns=["incident_id", "report_id", "quote"]))

    # --- persons: each named row gets a synthetic person, spelled one of several ways ---
    named = (rows["person"] != "").to_numpy()
    n_persons = max(10, named.sum() // ROWS_PER_PERSON)
    names = person_names(n_persons, rng)
    rows["person_no"] = np.where(named, rng.integers(0, n_persons, n_rows), -1)

    # --- dates: a share of dated rows get a new day phrase inside their report's period ---
    period = real_reports.set_index("report_id")[["period_start", "period_end"]].apply(pd.to_datetime)
    new_date = (rows["date_text"] != "").to_numpy() & (rng.random(n_rows) < NEW_DATE_SHARE)
    start = period.loc[rows["template"], "period_start"].to_numpy()
    days = (period.loc[rows["template"], "period_end"].to_numpy() - start).astype("timedelta64[D]")
    offset = (rng.random(n_rows) * (days.astype(np.int64) + 1)).astype(np.int64)
    when = pd.DatetimeIndex(start + offset.astype("timedelta64[D]"))
    styles = rng.integers(0, len(DAY_STYLES), n_rows)
    rows.loc[new_date, "date_text"] = [_day_phrase(d, s) for d, s in zip(when[new_date], styles[new_date])]

    # --- events told again: a share of rows copy another report's row of the same template ---
    retold = np.flatnonzero(rng.random(n_rows) < RETOLD_SHARE)
    told_cols = [c for c in rows.columns if c not in ("report", "template")]
    for template, where in rows.iloc[retold].groupby("template").indices.items():
        pool = np.flatnonzero(rows["template"].to_numpy() == template)
        sources = rng.choice(pool, size=len(where))
        rows.iloc[retold[where], [rows.columns.get_loc(c) for c in told_cols]] = (
            rows.iloc[sources][told_cols].to_numpy())
    named = (rows["person_no"] >= 0).to_numpy()
    kinds = rng.choice(list(SPELLING_SHARES), size=n_rows, p=list(SPELLING_SHARES.values()))
    ks = rng.integers(0, 1000, n_rows)
    rows.loc[named, "person"] = _spell(names[rows.loc[named, "person_no"]], kinds[named], ks[named])

    # --- ids and quotes ---
    rows["report_id"] = report_ids[rows["report"]]
    number = rows.groupby("report").cumcount() + 1
    rows["incident_id"] = rows["report_id"] + "-" + number.map("{:04d}".format)
    records = rows.to_dict("records")
    rows["quote"] = [_quote(r, i) for i, r in enumerate(records)]

    reports = real_reports.set_index("report_id").loc[template_of].reset_index(drop=True)
    reports.insert(0, "report_id", report_ids)
    reports["file"] = [f"reports/{r}.txt" for r in report_ids]
    reports["title"] = "Synthetic report shaped like " + pd.Series(template_of)
    reports["source_file"] = reports["file"].str.slice(8)
    return rows, reports


def _inject(sheet: pd.DataFrame, variant: str, rng: np.random.Generator) -> pd.DataFrame:
    """Break a known set of rows; return the manifest (incident_id, row, kind, column)."""
    kinds = BAD_KINDS[variant]
    per_kind = max(MIN_BAD_PER_KIND, len(sheet) * BAD_ROWS_PER_MILLION // 1_000_000 // len(kinds))
    chosen = rng.choice(len(sheet), size=per_kind * len(kinds), replace=False)
    manifest = []
    for kind, where in zip(np.repeat(kinds, per_kind), chosen):
        if kind == "quote_not_in_report":
            column, value = "quote", sheet.at[where, "quote"] + " (retyped)"
        else:
            column, value = BAD_VALUES[kind]
        if kind == "named_group" and sheet.at[where, "person"] == "":
            sheet.at[where, "person"] = "Yerlan Zhanbayev"
        if kind == "unread_sentence":
            sheet.at[where, "event_type"] = "sentence"
        sheet.at[where, column] = value
        if variant == "unparsable":  # the report itself writes it so: the coder copied it
            sheet.at[where, "quote"] = _quote(sheet.loc[where].to_dict(), int(where))
        manifest.append((sheet.at[where, "incident_id"], int(where) + 2, kind, column))
    return pd.DataFrame(manifest, columns=["incident_id", "row", "kind", "column"])


def write_tree(folder: Path, n_rows: int, seed: int = SEED) -> dict[str, Path]:
    """Write the valid tree and its bad variants under folder; return {variant: tree root}."""
    sheet, reports = synthetic_rows(n_rows, seed)
    columns = list(pd.read_csv(REAL_RAW / "incidents.csv", nrows=0).columns)
    sheet = sheet[columns].reset_index(drop=True)
    rng = np.random.default_rng(seed + 1)
    bad = {variant: sheet.copy() for variant in BAD_KINDS}
    manifests = {variant: _inject(bad[variant], variant, rng) for variant in BAD_KINDS}
    valid = folder / "valid"
    shutil.rmtree(folder, ignore_errors=True)
    (valid / "data" / "raw" / "reports").mkdir(parents=True)
    shutil.copytree(REAL_REFERENCE, valid / "data" / "reference")
    shutil.copy(REAL_RAW / "person_aliases.csv", valid / "data" / "raw" / "person_aliases.csv")
    # Overrides and stated totals speak of the real sheet's ids and reports: headers only here.
    for name in ("event_overrides.csv", "stated_totals.csv"):
        header = (REAL_RAW / name).read_text(encoding="utf-8").splitlines()[0]
        (valid / "data" / "raw" / name).write_text(header + "\n", encoding="utf-8")
    # The unparsable rows' own quotes are in the reports too (as extra paragraphs).
    told = pd.concat([sheet, bad["unparsable"].loc[manifests["unparsable"]["row"] - 2]])
    texts = told.groupby("report_id", sort=True)["quote"].agg("\n\n".join)
    digests = {}
    for report_id, body in texts.items():
        data = f"Synthetic report {report_id}.\n\n{body}\n".encode()
        (valid / "data" / "raw" / "reports" / f"{report_id}.txt").write_bytes(data)
        digests[report_id] = hashlib.sha256(data).hexdigest()
    reports["sha256"] = reports["report_id"].map(digests).fillna("")
    reports.to_csv(valid / "data" / "raw" / "reports.csv", index=False, lineterminator="\n")
    write_sheet(sheet, valid)
    trees = {"valid": valid}
    for variant in BAD_KINDS:
        tree = folder / variant
        (tree / "data" / "raw").mkdir(parents=True)
        for item in (valid / "data" / "raw").iterdir():  # share the big report texts
            if item.name != "incidents.csv":
                (tree / "data" / "raw" / item.name).symlink_to(item.resolve())
        (tree / "data" / "reference").symlink_to((valid / "data" / "reference").resolve())
        write_sheet(bad[variant], tree)
        manifests[variant].to_csv(tree / "bad_rows.csv", index=False, lineterminator="\n")
        trees[variant] = tree
    (folder / "params.json").write_text(json.dumps({"rows": n_rows, "seed": seed}) + "\n")
    return trees


def write_sheet(sheet: pd.DataFrame, tree: Path) -> None:
    sheet.to_csv(tree / "data" / "raw" / "incidents.csv", index=False, encoding="utf-8",
                 lineterminator="\n")


def ensure_tree(folder: Path, n_rows: int, seed: int = SEED) -> dict[str, Path]:
    """The trees for this size and seed, generated only if not already there."""
    params = folder / "params.json"
    if params.exists() and json.loads(params.read_text()) == {"rows": n_rows, "seed": seed}:
        return {v: folder / v for v in VARIANTS}
    return write_tree(folder, n_rows, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, help="rows of the coding sheet")
    parser.add_argument("folder", type=Path, help="where to write the trees")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    for variant, tree in write_tree(args.folder, args.rows, args.seed).items():
        print(f"{variant}: {tree}")


if __name__ == "__main__":
    main()

"""How well `kzstats extract` does, measured honestly: leave one report (or publisher) out.

For each report, a model is trained afresh on the other reports only (extract_learn.train: the
people it knows, the weights, the threshold), proposes rows for the held-out report, and is scored
against that report's hand-coded rows; the by-publisher split trains on one publisher's reports
and scores the other's. A proposal matches a coded row of the same report with the
same event type, the same person (spelling variants allowed; both empty for a group or an
organisation) and a compatible date (both undated, or intervals that overlap); each coded row is
matched at most once, most confident proposals first.
"""

import re

import pandas as pd

from kzstats import charges, extract, extract_learn, outcomes, places
from kzstats.extract_learn import match, same_person


def _prf(coded: int, proposed: int, matched: int) -> dict:
    p = matched / proposed if proposed else float("nan")
    r = matched / coded if coded else float("nan")
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"coded": coded, "proposed": proposed, "matched": matched,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}


def _fields_right(p: pd.Series, g: pd.Series) -> dict[str, bool | None]:
    """Whether the article, outcome and place of a matched proposal are right (None: not coded)."""
    right: dict[str, bool | None] = {}
    gold_articles = {t[:2] for t in charges.parse_text(g["charges_text"])[1]}
    right["article"] = None if not gold_articles else gold_articles == {
        t[:2] for t in charges.parse_text(p["charges_text"])[1]}
    gold_outcome = outcomes.parse_outcome(g["outcome_text"], g["event_type"])[:3]
    right["outcome"] = None if not gold_outcome[0] else repr(gold_outcome) == repr(
        outcomes.parse_outcome(p["outcome_text"], p["event_type"])[:3])
    gold_place = places.place_one(g["place_text"])
    right["place"] = None if gold_place.status != "ok" else gold_place.iso == places.place_one(
        p["place_text"]).iso
    return right


CALIBRATION_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def publisher(report_id: str) -> str:
    """The publisher of a report: its report_id's prefix (data/reference/publishers.csv)."""
    return report_id.split("-")[0]


def leave_one_report_out(sheet: pd.DataFrame, texts: dict[str, str], periods: pd.DataFrame):
    """Score every report on a model trained afresh on the other reports only."""
    return held_out(sheet, texts, periods, [[rid] for rid in sorted(sheet["report_id"].unique())])


def by_publisher(sheet: pd.DataFrame, texts: dict[str, str], periods: pd.DataFrame):
    """Score each publisher's reports on a model trained on the other publishers' reports only."""
    groups = sheet.groupby(sheet["report_id"].map(publisher))["report_id"].unique()
    return held_out(sheet, texts, periods, [sorted(g) for g in groups])


def held_out(sheet: pd.DataFrame, texts: dict[str, str], periods: pd.DataFrame,
             folds: list[list[str]]):
    """Score the reports of each fold on a model trained on the reports of no other fold but its
    own complement: (by report, by event type, fields, calibration)."""
    by_report, pooled, fields, confidence, misses = [], [], [], [], []
    for fold in folds:
        training = sheet[~sheet["report_id"].isin(fold)]
        model = extract_learn.train(training, texts, periods)
        for rid in fold:
            start, end = periods.loc[rid, "period_start"], periods.loc[rid, "period_end"]
            coded = sheet[sheet["report_id"] == rid]
            proposed = extract.propose(rid, texts[rid], start, end, model.knowledge(), model)
            pairs = match(proposed, coded, start, end)
            by_report.append({"report": rid, **_prf(len(coded), len(proposed), len(pairs))})
            matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
            pooled.append(pd.DataFrame({"event_type": proposed["event_type"], "side": "proposed",
                                        "matched": proposed.index.isin(list(matched_p))}))
            pooled.append(pd.DataFrame({"event_type": coded["event_type"], "side": "coded",
                                        "matched": coded.index.isin(list(matched_g))}))
            confidence.append(pd.DataFrame({"confidence": proposed["confidence"].astype(float),
                                            "right": proposed.index.isin(list(matched_p))}))
            fields += [_fields_right(proposed.loc[i], coded.loc[j]) for i, j in pairs]
            misses.append(near_misses(proposed, coded, pairs, start, end))
    every = pd.concat(pooled)
    by_type = []
    for event_type, rows in every.groupby("event_type"):
        coded = rows[rows["side"] == "coded"]
        proposed = rows[rows["side"] == "proposed"]
        by_type.append({"event_type": event_type, **_prf(len(coded), len(proposed), int(coded["matched"].sum()))})
    total = every[every["side"] == "coded"]
    by_report.append({"report": "all reports", **_prf(len(total), int((every["side"] == "proposed").sum()),
                                                       int(total["matched"].sum()))})
    judged = pd.DataFrame(fields)
    field_table = pd.DataFrame([{"field": f, "judged": int(judged[f].notna().sum()),
                                 "right": int((judged[f] == True).sum())}
                                for f in judged.columns])
    field_table["share_right"] = (field_table["right"] / field_table["judged"]).round(3)
    wrong = pd.concat(misses).value_counts(["side", "what"]).rename("rows").reset_index()
    return (pd.DataFrame(by_report), pd.DataFrame(by_type).sort_values("coded", ascending=False),
            field_table, calibration(pd.concat(confidence, ignore_index=True)),
            wrong.sort_values(["side", "rows"], ascending=[False, False], ignore_index=True))


NEAR = ("another date", "another event type", "another person")


def near_misses(proposed: pd.DataFrame, coded: pd.DataFrame, pairs: list[tuple[int, int]],
                start: str, end: str) -> pd.DataFrame:
    """How each unmatched proposal and each unmatched coded row of a report falls short: a row on
    the other side agrees in all but the date, the event type or the person, or none is near."""
    matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
    when_p = {i: extract_learn._interval(t, start, end) for i, t in proposed["date_text"].items()}
    when_g = {j: extract_learn._interval(t, start, end) for j, t in coded["date_text"].items()}

    def nearest(row_when, row, others, others_when) -> str:
        agree = [(same_person(row["person"], o["person"]), row["event_type"] == o["event_type"],
                  extract_learn._dates_agree(row_when, others_when[k])) for k, o in others.iterrows()]
        for what, test in zip(NEAR, ((True, True, False), (True, False, True), (False, True, True))):
            if test in agree:
                return what
        return "none near"

    rows = [{"side": "proposed, not coded", "what": nearest(when_p[i], p, coded, when_g)}
            for i, p in proposed.iterrows() if i not in matched_p]
    rows += [{"side": "coded, not proposed", "what": nearest(when_g[j], g, proposed, when_p)}
             for j, g in coded.iterrows() if j not in matched_g]
    return pd.DataFrame(rows, columns=["side", "what"])


def calibration(scored: pd.DataFrame) -> pd.DataFrame:
    """Of the proposals in each confidence band, and at >= 0.8, how many were right."""
    bands = pd.cut(scored["confidence"], CALIBRATION_BINS, right=False)
    rows = [{"confidence": f"{b.left:.1f}-{min(b.right, 1.0):.1f}", "proposed": len(g),
             "right": int(g["right"].sum()), "mean_confidence": round(g["confidence"].mean(), 3)}
            for b, g in scored.groupby(bands, observed=True)]
    high = scored[scored["confidence"] >= 0.8]
    rows.append({"confidence": ">= 0.8", "proposed": len(high), "right": int(high["right"].sum()),
                 "mean_confidence": round(high["confidence"].mean(), 3) if len(high) else float("nan")})
    table = pd.DataFrame(rows)
    table["share_right"] = (table["right"] / table["proposed"]).round(3)
    return table


def markdown(table: pd.DataFrame) -> str:
    """A table as GitHub Markdown, numbers as they are."""
    head = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(table[c]) else "---"
                          for c in table.columns) + "|"
    body = ["| " + " | ".join(re.sub(r"\bnan\b", "–", str(v)) for v in row) + " |"
            for row in table.itertuples(index=False)]
    return "\n".join([head, rule, *body])

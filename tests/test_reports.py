"""Verbatim checks against the report texts: each text found in its own report, or not."""

import pandas as pd

from kzstats import reports


def _a_sentence_of(report_id: str) -> str:
    return reports.report_text(report_id).split("\n")[2][:60]


def test_a_text_counts_only_in_its_own_report():
    ids = sorted(reports.report_ids())
    quote = _a_sentence_of(ids[0])
    found = reports.in_report(pd.Series([ids[0], ids[1]]), pd.Series([quote, quote]))
    assert list(found) == [True, quote in reports.report_text(ids[1])]


def test_a_text_in_an_unknown_report_is_not_found():
    ids = sorted(reports.report_ids())
    quote = _a_sentence_of(ids[0])
    found = reports.in_report(pd.Series(["no-such-report", f"{ids[0]}\nx"]),
                              pd.Series([quote, quote]))
    assert not found.any()


def test_pieces_joined_by_a_bar_must_each_occur():
    rid = min(reports.report_ids())
    piece = _a_sentence_of(rid)
    texts = pd.Series([f"{piece} | {piece[:20]}", f"{piece} | not in any report at all"],
                      index=[7, 3])
    found = reports.in_report(pd.Series([rid, rid], index=[7, 3]), texts)
    assert found.to_dict() == {7: True, 3: False}


def test_texts_given_out_of_the_reports_order_are_still_found():
    rid = min(reports.report_ids())
    lines = [line for line in reports.report_text(rid).split("\n") if len(line) > 40]
    first, middle, last = lines[0][:40], lines[len(lines) // 2][:40], lines[-1][:40]
    texts = pd.Series([last, middle, first, f"{last} | {first}", "not in any report at all", last])
    found = reports.in_report(pd.Series([rid] * len(texts)), texts)
    assert list(found) == [True, True, True, True, False, True]

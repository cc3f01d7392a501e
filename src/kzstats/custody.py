"""The custody register: who was held, in what kind of custody, from when to when.

A spell is one person's stretch of one kind of custody (data/reference/custody.csv). It starts
with an event (a pre-trial detention, a prison sentence, ...) or, where no event tells the start,
with a status statement ("14 persons are convicted to prison terms: ..."). It ends with the first
of: a dated release, pardon, acquittal, dropped charges or death; the start of the same person's
next spell (transferred); the term served (start plus term). With none of these its end is
unknown, and it counts as held only as far as the evidence reaches: its start, its term, or the
latest status statement that names the person. Nothing runs on past the last report.
"""

import numpy as np
import pandas as pd

from kzstats.reference import read_reference

STATUS_EVENT = "status_observation"
# A sentence passed in absentia deprives no one of liberty: the person is abroad.
IN_ABSENTIA = "in absentia"
END_EVENTS = {"release": "released", "pardon_amnesty": "pardon_amnesty", "acquittal": "acquitted",
              "charges_dropped": "released", "death": "died"}
END_KINDS = ("served", "released", "parole", "pardon_amnesty", "acquitted", "transferred", "died",
             "ongoing", "unknown")
# Where the events carry a person's charges: a spell that names none takes them from these.
CASE_EVENTS = ("criminal_case", "pretrial_detention", "house_arrest", "psychiatric_detention",
               "sentence", "appeal")
SPELL_COLUMNS = ["spell_id", "person_id", "person_name", "custody", "start", "start_precision",
                 "end", "end_kind", "expected_end", "evidence_from", "evidence_until", "articles",
                 "term_months", "source_report_ids", "event_ids", "basis"]
OBSERVATION_COLUMNS = ["observation_id", "person_id", "person_name", "custody", "as_of",
                       "report_id", "incident_id", "quote"]


def custody_kinds() -> pd.DataFrame:
    """data/reference/custody.csv: each kind, the event and sentence types that start it, and
    the words that name it in a status statement."""
    return read_reference("custody")


def liberty_kinds(kinds: pd.DataFrame | None = None) -> list[str]:
    """The kinds that hold a person (not restriction of liberty, served at home)."""
    kinds = custody_kinds() if kinds is None else kinds
    return list(kinds.loc[kinds["deprives_liberty"] == "True", "custody"])


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def custody_of_words(words: pd.Series, kinds: pd.DataFrame | None = None) -> pd.Series:
    """The custody kind a status statement's words name (the first kind whose words appear),
    '' when none does."""
    kinds = custody_kinds() if kinds is None else kinds
    found = pd.Series("", index=words.index, dtype=object)
    lowered = words.str.lower()
    for kind, cues in zip(kinds["custody"], kinds["status_words"]):
        for cue in _split(cues):
            found = found.mask((found == "") & lowered.str.contains(cue.lower(), regex=False), kind)
    return found


def status_observations(rows: pd.DataFrame, period_end: pd.Series) -> pd.DataFrame:
    """The status statements of the parsed sheet rows, one per row: who, what custody, as of when
    (the statement's own date, else its report's last day)."""
    status = rows[rows["event_type"] == STATUS_EVENT]
    as_of = status["event_date"].where(status["event_date"] != "",
                                       status["report_id"].map(period_end))
    table = pd.DataFrame({
        "observation_id": "obs-" + status["incident_id"], "person_id": status["person_id"],
        "person_name": status["person_name"],
        "custody": custody_of_words(status["outcome_text"]), "as_of": as_of,
        "report_id": status["report_id"], "incident_id": status["incident_id"],
        "quote": status["quote"]})
    return table[OBSERVATION_COLUMNS].sort_values("observation_id", ignore_index=True)


def _starts(events: pd.DataFrame, kinds: pd.DataFrame) -> pd.DataFrame:
    """One candidate spell per event that deprives or restricts a named person's liberty."""
    by_event = {t: k for k, ts in zip(kinds["custody"], kinds["event_types"]) for t in _split(ts)}
    by_sentence = {t: k for k, ts in zip(kinds["custody"], kinds["sentence_types"])
                   for t in _split(ts)}
    named = events[events["person_id"] != ""]
    kind = named["event_type"].map(by_event)
    sentence = named["event_type"] == "sentence"
    served = sentence & ~named["suspended"].astype(bool) & ~named["quote"].str.contains(
        IN_ABSENTIA, regex=False)
    kind = kind.mask(served, named["sentence_type"].map(by_sentence))
    kind = kind.where(~sentence | served)
    chosen = named[kind.notna()]
    months = pd.to_numeric(chosen["sentence_months"], errors="coerce")
    days = pd.to_numeric(chosen["sentence_days"], errors="coerce")
    return pd.DataFrame({
        "person_id": chosen["person_id"], "person_name": chosen["person_name"],
        "custody": kind[kind.notna()], "start": pd.to_datetime(chosen["event_date"]),
        "start_precision": chosen["date_precision"], "term_months": months, "term_days": days,
        "articles": chosen["articles"], "source_report_ids": chosen["source_report_ids"],
        "event_ids": chosen["event_id"],
        "basis": np.where(chosen["event_date"] != "", "start told by the report",
                          "start not dated by the report"),
    }).reset_index(drop=True)


def _add_months(start: pd.Timestamp, months: float) -> pd.Timestamp:
    whole = int(months)
    return start + pd.DateOffset(months=whole) + pd.Timedelta(days=round((months - whole) * 30.44))


def _expected_end(spell: dict) -> pd.Timestamp:
    if pd.isna(spell["start"]):
        return pd.NaT
    if pd.notna(spell["term_months"]) and spell["term_months"] > 0:
        return _add_months(spell["start"], spell["term_months"])
    if pd.notna(spell["term_days"]) and spell["term_days"] > 0:
        return spell["start"] + pd.Timedelta(days=int(spell["term_days"]))
    return pd.NaT


def _end_events(events: pd.DataFrame) -> pd.DataFrame:
    ends = events[events["event_type"].isin(END_EVENTS) & (events["person_id"] != "")
                  & (events["event_date"] != "")]
    kind = ends["event_type"].map(END_EVENTS)
    kind = kind.mask((kind == "released") & ends["quote"].str.contains("parole", case=False), "parole")
    return pd.DataFrame({"person_id": ends["person_id"], "date": pd.to_datetime(ends["event_date"]),
                         "end_kind": kind, "event_id": ends["event_id"],
                         "report_id": ends["source_report_ids"]}).sort_values("date")


def _person_articles(events: pd.DataFrame) -> dict[str, str]:
    """Each person's articles over their case events, in first-seen order."""
    cases = events[events["event_type"].isin(CASE_EVENTS) & (events["articles"] != "")]
    found: dict[str, list[str]] = {}
    for person, articles in zip(cases["person_id"], cases["articles"]):
        listed = found.setdefault(person, [])
        listed += [a for a in articles.split(";") if a not in listed]
    return {person: ";".join(listed) for person, listed in found.items()}


def _joined(*cells: str) -> str:
    seen: list[str] = []
    for cell in cells:
        seen += [part for part in cell.split(";") if part and part not in seen]
    return ";".join(sorted(seen))


def custody_spells(events: pd.DataFrame, observations: pd.DataFrame,
                   horizon: pd.Timestamp) -> pd.DataFrame:
    """The register: one row per person per spell (SPELL_COLUMNS).

    `events` and `observations` are the clean tables as built (dates as ISO text); `horizon` is
    the last day any report covers, past which no spell is taken to run.
    """
    kinds = custody_kinds()
    starts = _starts(events, kinds)
    ends = _end_events(events)
    carried = _person_articles(events)
    observed = observations.assign(as_of=pd.to_datetime(observations["as_of"]))
    spells = []
    for person, own in starts.groupby("person_id", sort=True):
        own = own.sort_values("start", na_position="last").to_dict("records")
        dated = [s for s in own if pd.notna(s["start"])]
        for spell in own:
            spell.update(end=pd.NaT, end_kind="", expected_end=_expected_end(spell))
            if pd.isna(spell["start"]):
                spell["end_kind"] = "unknown"
                continue
            later = [s["start"] for s in dated if s["start"] > spell["start"]]
            stop = ends[(ends["person_id"] == person) & (ends["date"] > spell["start"])]
            candidates = []
            if later:
                candidates.append((min(later), 0, "transferred", "", "a later spell of the person"))
            if not stop.empty:
                first = stop.iloc[0]
                candidates.append((first["date"], 1, first["end_kind"], first["event_id"],
                                   f"{first['end_kind'].replace('_', ' ')} told by the report"))
            if pd.notna(spell["expected_end"]) and spell["expected_end"] <= horizon:
                candidates.append((spell["expected_end"], 2, "served", "", "start plus term"))
            if candidates:
                date, _, kind, event_id, how = min(candidates)
                spell.update(end=date, end_kind=kind, basis=f"{spell['basis']}; end: {how}")
                if event_id:
                    spell["event_ids"] = _joined(spell["event_ids"], event_id)
            elif pd.notna(spell["expected_end"]):
                spell.update(end_kind="ongoing",
                             basis=f"{spell['basis']}; end: the term runs past the last report")
            else:
                spell["end_kind"] = "unknown"
        spells += own
    spells = pd.DataFrame(spells, columns=[*starts.columns, "end", "end_kind", "expected_end"])
    for column in ("start", "end", "expected_end"):  # typed even when no event starts a spell
        spells[column] = pd.to_datetime(spells[column])
    spells = _apply_statements(spells, observed, horizon)
    return _finish(spells, carried, horizon)


def _apply_statements(spells: pd.DataFrame, observed: pd.DataFrame,
                      horizon: pd.Timestamp) -> pd.DataFrame:
    """Each status statement keeps the person's spell of that kind open to its date, or opens one
    with an unknown start where no event tells it; statements are the last word where they
    contradict a served term or a transfer."""
    spells = spells.assign(evidence_until=spells["start"])
    added = []
    for obs in observed.sort_values("as_of").itertuples():
        if obs.person_id == "" or obs.custody == "":
            continue
        mine = spells[(spells["person_id"] == obs.person_id) & (spells["custody"] == obs.custody)
                      & (spells["start"].isna() | (spells["start"] <= obs.as_of))]
        still = mine[mine["end"].isna() | (mine["end"] > obs.as_of)
                     | mine["end_kind"].isin(["served", "transferred"])]
        if still.empty:
            row = {"person_id": obs.person_id, "person_name": obs.person_name,
                   "custody": obs.custody, "start": pd.NaT, "start_precision": "unknown",
                   "term_months": np.nan, "term_days": np.nan, "articles": "",
                   "source_report_ids": obs.report_id, "event_ids": obs.observation_id,
                   "basis": "start unknown: held per a status statement", "end": pd.NaT,
                   "end_kind": "ongoing", "expected_end": pd.NaT, "evidence_until": obs.as_of}
            spells = pd.concat([spells, pd.DataFrame([row]).astype(spells.dtypes.to_dict())],
                               ignore_index=True) if len(spells) else pd.DataFrame([row])
            added.append(len(spells) - 1)
            continue
        i = still.sort_values("start", na_position="first").index[-1]
        if pd.notna(spells.at[i, "end"]) and spells.at[i, "end"] <= obs.as_of:
            spells.loc[i, ["end", "end_kind"]] = [pd.NaT, "ongoing"]
            spells.at[i, "basis"] += "; a later status statement keeps it open"
        elif spells.at[i, "end_kind"] in ("unknown", "ongoing", "served"):
            spells.at[i, "basis"] += "; held per a status statement"
        evidence = spells.at[i, "evidence_until"]
        spells.at[i, "evidence_until"] = obs.as_of if pd.isna(evidence) else max(evidence, obs.as_of)
        if pd.isna(spells.at[i, "end"]):
            spells.at[i, "end_kind"] = "ongoing"
        spells.at[i, "source_report_ids"] = _joined(spells.at[i, "source_report_ids"], obs.report_id)
        spells.at[i, "event_ids"] = _joined(spells.at[i, "event_ids"], obs.observation_id)
    return _contradicted(spells, observed)


def _contradicted(spells: pd.DataFrame, observed: pd.DataFrame) -> pd.DataFrame:
    """A statement that a person is held in one kind of custody ends, by its date, any other
    spell of theirs still open before it (administrative arrest aside): no one serves
    restriction of liberty in a prison colony."""
    for obs in observed.itertuples():
        other = spells[(spells["person_id"] == obs.person_id) & (spells["custody"] != obs.custody)
                       & (spells["custody"] != "administrative_arrest")
                       & (spells["start"] < obs.as_of)
                       & (spells["end"].isna() | (spells["end"] > obs.as_of))]
        for i in other.index:
            spells.loc[i, ["end", "end_kind"]] = [obs.as_of, "transferred"]
            spells.at[i, "basis"] += (f"; end: by {obs.as_of.date()}, when a status statement "
                                      f"names {obs.custody.replace('_', ' ')}")
            spells.at[i, "event_ids"] = _joined(spells.at[i, "event_ids"], obs.observation_id)
    return spells


def _finish(spells: pd.DataFrame, carried: dict[str, str], horizon: pd.Timestamp) -> pd.DataFrame:
    """Evidence bounds, articles carried from the case, ids and column order."""
    spells = spells.copy()
    open_ = spells["end"].isna()
    term_reach = spells["expected_end"].where(spells["expected_end"] <= horizon, horizon)
    spells["evidence_until"] = spells["evidence_until"].where(
        ~open_ | spells["expected_end"].isna(),
        pd.concat([spells["evidence_until"], term_reach], axis=1).max(axis=1))
    spells["evidence_until"] = spells["evidence_until"].where(open_, spells["end"])
    spells["evidence_from"] = spells["start"].where(spells["start"].notna(), spells["evidence_until"])
    no_articles = spells["articles"] == ""
    spells.loc[no_articles, "articles"] = [carried.get(p, "") for p in spells.loc[no_articles, "person_id"]]
    # Where evidence ends before the end does, the spell says so rather than running on.
    unknown = open_ & (spells["end_kind"] == "unknown")
    spells.loc[unknown, "basis"] += "; end unknown: held only as far as the evidence reaches"
    spells = spells.sort_values(["person_id", "start", "custody"], na_position="first",
                                ignore_index=True)
    spells["spell_id"] = "cs-" + spells["person_id"].str.removeprefix("p-") + "-" + (
        spells.groupby("person_id").cumcount() + 1).astype(str).str.zfill(2)
    for column in ("start", "end", "expected_end", "evidence_from", "evidence_until"):
        spells[column] = spells[column].dt.strftime("%Y-%m-%d").fillna("")
    spells["term_months"] = spells["term_months"].astype("Float64")
    return spells[SPELL_COLUMNS]


def _iso(dates: pd.Series) -> pd.Series:
    """Dates as ISO text ('' where missing), whether given as text or as dates."""
    return pd.to_datetime(dates.replace("", None)).dt.strftime("%Y-%m-%d").fillna("")


def held_on(spells: pd.DataFrame, date, kinds=None) -> pd.DataFrame:
    """Who the register shows as held on `date` (one row per person and kind): since when, under
    which articles, for how long, until when expected, on whose word."""
    day = pd.Timestamp(date)
    typed = {c: pd.to_datetime(spells[c].replace("", None)) for c in
             ("start", "end", "expected_end", "evidence_from", "evidence_until")}
    open_ = (typed["evidence_from"] <= day) & (
        (typed["end"] > day) | (typed["end"].isna() & (typed["evidence_until"] >= day)))
    if kinds:
        open_ &= spells["custody"].isin(list(kinds))
    held = spells[open_].sort_values(["custody", "person_name", "start"])
    held = held.drop_duplicates(["person_id", "custody"], keep="last")
    table = pd.DataFrame({
        "person_name": held["person_name"], "custody": held["custody"],
        "since": _iso(held["start"]), "articles": held["articles"],
        "term_months": held["term_months"], "expected_end": _iso(held["expected_end"]),
        "source_report_ids": held["source_report_ids"], "basis": held["basis"],
        "person_id": held["person_id"]})
    return table.reset_index(drop=True)


def compare_totals(spells: pd.DataFrame, observations: pd.DataFrame,
                   totals: pd.DataFrame) -> pd.DataFrame:
    """Each total a report states beside the register's count on its date and the people the
    report itself names, with the difference named."""
    rows = []
    for claim in totals.itertuples():
        kinds = liberty_kinds() if claim.custody == "all" else [claim.custody]
        held = held_on(spells, claim.as_of, kinds)
        named = observations[(observations["report_id"] == claim.report_id)
                             & (_iso(observations["as_of"]) == _iso(pd.Series([claim.as_of]))[0])
                             & observations["custody"].isin(kinds)]
        named_people = set(named["person_name"])
        held_people = set(held["person_name"])
        why = {r.person_name: _why_held(r) for r in held.itertuples()}
        rows.append({
            "claim_id": claim.claim_id, "as_of": claim.as_of, "custody": claim.custody,
            "stated": int(claim.total), "named_in_report": len(named_people),
            "register": len(held_people),
            "named_not_held": "; ".join(sorted(named_people - held_people)),
            "held_not_named": "; ".join(f"{p} ({why[p]})" for p in sorted(held_people - named_people)),
            "quote": claim.quote})
    return pd.DataFrame(rows)


def _why_held(row) -> str:
    """Why the register holds a person on a date, in a few words: the evidence it rests on."""
    since = f"since {row.since}" if row.since else "start not told"
    term = f", term to {row.expected_end}" if row.expected_end else ""
    return f"{row.custody.replace('_', ' ')} {since}{term}, per {row.source_report_ids.replace(';', ', ')}"


def stock(spells: pd.DataFrame, start, end, kinds=None) -> pd.DataFrame:
    """People held per custody kind on the first day of each month from start to end."""
    days = pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(), end, freq="MS")
    frames = []
    for day in days:
        held = held_on(spells, day, kinds)
        counts = held.groupby("custody")["person_id"].nunique()
        unknown_start = held[held["since"] == ""].groupby("custody")["person_id"].nunique()
        frames.append(pd.DataFrame({"date": day, "custody": counts.index, "people": counts.values,
                                    "start_unknown": unknown_start.reindex(counts.index,
                                                                           fill_value=0).values}))
    columns = ["date", "custody", "people", "start_unknown"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)

"""Text hygiene: what a cell may contain, and the three ways text leaves kzstats.

Coded text is read as Unicode NFC (composed accents), so the same name typed two ways is one
name and a quote matches its report however either was saved. Characters a reader cannot see
(control, bidirectional and zero-width characters) are refused with a problem row, never
silently dropped. Text then leaves kzstats in three ways, each with its own escape:

- in a web page's script (the charts of the HTML reports): for_script();
- in a CSV a person opens in a spreadsheet: for_spreadsheet() puts an apostrophe before a
  cell that starts with = + - @ (or a tab or carriage return), so the spreadsheet shows it as
  text instead of running it as a formula. This applies to every CSV kzstats writes for
  people: data/clean/*.csv, the figures' CSVs and reports/build-problems.csv. Parquet (and
  so dataset.load()) keeps the true value; a program reading the CSVs strips one leading
  apostrophe from such a cell. Review files (data/raw/review) are not changed: accept reads
  them back, and their quotes must stay exact;
- on a terminal: for_terminal() shows control characters as escapes and keeps rich from
  reading '[...]' in a value as markup.
"""

import json
import re
import unicodedata

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Unicode categories a coded cell must not contain: controls (Cc, which includes line breaks:
# notes may have them), format characters (Cf: bidi overrides, zero-width space and joiners,
# the byte-order mark, soft hyphen), line and paragraph separators, surrogates, private use.
UNSEEN = r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}]"
UNSEEN_BUT_LINES = r"[\x00-\x09\x0b-\x1f\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}]"
# One word with letters of two scripts: a Cyrillic letter standing in for a Latin one, or
# the reverse ('Аlmaty' with a Cyrillic А), which no report writes on purpose.
MIXED_SCRIPTS = r"\p{Latin}[\p{Latin}\p{Cyrillic}]*\p{Cyrillic}|\p{Cyrillic}[\p{Latin}\p{Cyrillic}]*\p{Latin}"
FORMULA_START = r"^[=+\-@\t\r]"
SPREADSHEET_GUARD = "'"
_PY_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e"
                        "\u2060-\u206f\ufeff\ufff9-\ufffb]")
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _arrow(text: pd.Series) -> pa.Array:
    return pa.array(text.fillna("").astype(str), type=pa.large_string())


def nfc(text: pd.Series) -> pd.Series:
    """The text in Unicode NFC; the same object when it is NFC already (the usual case)."""
    arrow = _arrow(text)
    wide = pc.invert(pc.string_is_ascii(arrow))  # ASCII is NFC already: only the rest is looked at
    if not pc.any(wide).as_py():
        return text
    some = arrow.filter(wide).to_pylist()
    # Python's own normaliser: pyarrow 16's utf8_normalize lengthens some strings already in NFC.
    normal = [unicodedata.normalize("NFC", value) for value in some]
    if normal == some:
        return text
    changed = wide.to_numpy(zero_copy_only=False)
    out = text.copy()
    out[changed] = normal
    return out


def nfc_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every text column of df in NFC."""
    return df.assign(**{c: nfc(df[c]) for c in df.columns if pd.api.types.is_string_dtype(df[c])})


def has_unseen(text: pd.Series, lines: bool = False) -> pd.Series:
    """True where a cell holds a character a reader cannot see (line breaks allowed if lines)."""
    pattern = UNSEEN_BUT_LINES if lines else UNSEEN
    found = pc.match_substring_regex(_arrow(text), pattern)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=text.index, dtype=bool)


def has_mixed_scripts(text: pd.Series) -> pd.Series:
    """True where a word mixes Latin and Cyrillic letters."""
    found = pc.match_substring_regex(_arrow(text), MIXED_SCRIPTS)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=text.index, dtype=bool)


def for_script(value) -> str:
    """value as JSON that is safe inside an HTML <script> element: no '</script>', no '<!--',
    no line separator that ends a JavaScript string."""
    text = json.dumps(value)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group()], text)


def for_spreadsheet(column: pd.Series) -> pd.Series:
    """Text cells with an apostrophe before any that a spreadsheet would run as a formula;
    the same object when there is none (the usual case)."""
    text = column.fillna("").astype(str)
    formula = pc.match_substring_regex(_arrow(text), FORMULA_START).to_numpy(zero_copy_only=False)
    if not formula.any():
        return column
    return column.mask(formula, SPREADSHEET_GUARD + text)


def for_spreadsheet_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every text column of df made safe for a spreadsheet (numbers are left as they are)."""
    text = [c for c in df.columns if pd.api.types.is_string_dtype(df[c])
            or pd.api.types.is_object_dtype(df[c])]
    changed = {c: safe for c in text if (safe := for_spreadsheet(df[c])) is not df[c]}
    return df.assign(**changed) if changed else df


def spreadsheet_cell(value) -> str:
    """One cell, as for_spreadsheet() writes it."""
    text = "" if value is None else str(value)
    return SPREADSHEET_GUARD + text if re.match(FORMULA_START, text) else text


def for_terminal(value) -> str:
    """Text to print with rich: control and invisible characters shown as escapes (\\x1b,
    \\u202e), and square brackets kept from being read as markup."""
    from rich.markup import escape

    text = "" if value is None else str(value)
    text = _PY_UNSEEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return escape(text)

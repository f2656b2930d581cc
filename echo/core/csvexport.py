"""CSV downloads that a spreadsheet opens as data, never as formulas.

A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading a formula) is run as a formula when the file is opened: a user's name such as
`=HYPERLINK(...)` would then act in the coordinator's spreadsheet. Such cells get a leading
apostrophe, which spreadsheets show as text (OWASP's "CSV injection" advice).

Written here rather than taken from defusedcsv: that package leaves cells starting with a tab
or a carriage return as they are.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The cell as text a spreadsheet will not run; numbers and None pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows([safe_cell(v) for v in row] for row in rows)
    return buf.getvalue()

"""A figure of a report: what it shows as a table (its caption, columns and rows), how it is
drawn, and its CSV. The numbers are computed elsewhere (echo.reports.attendance, .outcomes,
.evaluation_figures); this is their common shape."""
from __future__ import annotations

from dataclasses import dataclass, field

from echo.core.csvexport import csv_text

COUNT = "count"
SHARE = "share"   # 0..1, shown as a percentage

Value = float | int | None


@dataclass
class Figure:
    key: str                     # in the CSV's address: letters, digits and hyphens
    title: str                   # the table's caption and the chart's title
    label_header: str            # the first column's header (what each row is)
    columns: list[tuple[str, str]]   # (header, COUNT or SHARE) of each value column
    rows: list[tuple[str, list[Value]]] = field(default_factory=list)
    chart: str = "bar"           # "bar" (columns) or "hbar" (horizontal bars, long labels)
    plotted: tuple[int, ...] = (0,)   # which value columns the chart draws
    note: str = ""               # a sentence under the table (how the figure is counted)
    empty: str = ""              # said instead of the chart and table when there is nothing to show

    @property
    def is_empty(self) -> bool:
        """Nothing to show: the first column (what the figure counts) is zero in every row."""
        return not any(values[0] for _label, values in self.rows)

    def csv(self) -> str:
        """The table as CSV: counts as integers, shares as fractions to 4 places."""
        def cell(v: float | None, kind: str) -> object:
            if v is None:
                return ""
            return round(float(v), 4) if kind == SHARE else v
        header = [self.label_header, *(h for h, _k in self.columns)]
        return csv_text(header, ([label, *(cell(v, k) for v, (_h, k) in zip(values, self.columns, strict=True))]
                                 for label, values in self.rows))


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is no whole (shown as a dash, never a division by zero)."""
    return part / whole if whole else None

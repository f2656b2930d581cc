"""A figure drawn as SVG on the server with pygal, made to stand alone.

pygal's output links a tooltip script from a CDN and carries an inline configuration script;
the CSP forbids both (and the page must not depend on JavaScript for a chart), so the SVG is
rendered without the linked script, its script elements are taken out, and it gets role="img",
an aria-label and a <title>. Its styles stay inside it (a <style> element): the page shows it
as an image (a data: address, which the CSP's img-src allows), so they apply to the image only.
Values are printed on the bars, since the tooltips that would show them need the script.
"""
from __future__ import annotations

import base64
import math
import xml.etree.ElementTree as ET
from typing import Any

import pygal  # type: ignore[import-untyped]
from pygal.style import Style  # type: ignore[import-untyped]

from echo.reports.figure import SHARE, Figure
from echo.reports.numbers import number, percent

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

# Colours with at least 3:1 contrast against the white plot (WCAG 1.4.11), told apart by more
# than hue: the table beside each chart carries the same numbers.
STYLE = Style(background="#ffffff", plot_background="#ffffff", foreground="#1a1a1a", foreground_strong="#1a1a1a",
              foreground_subtle="#595959", colors=("#1f5fa8", "#b35900", "#2e7d32", "#7b1fa2"),
              font_family="system-ui, sans-serif", title_font_size=22, label_font_size=18,
              major_label_font_size=18, legend_font_size=18, value_font_size=18, transition="0s")


def _chart(figure: Figure) -> Any:
    as_share = all(figure.columns[i][1] == SHARE for i in figure.plotted)
    height = max(360, 60 + 48 * len(figure.rows)) if figure.chart == "hbar" else 420
    options = {"js": [], "style": STYLE, "title": figure.title, "print_values": True,
               "show_legend": len(figure.plotted) > 1, "legend_at_bottom": True, "width": 800, "height": height,
               "truncate_label": -1, "x_label_rotation": 0 if len(figure.rows) <= 6 else 30, "margin": 16,
               "value_formatter": (lambda v: percent(v / 100)) if as_share else number,
               "range": (0, 100) if as_share else None, "min_scale": 2, "max_scale": 6}
    if not as_share:
        # Whole-number ticks: a count has no halves (pygal would put a tick at 1.5).
        top = max((int(v[i] or 0) for _l, v in figure.rows for i in figure.plotted), default=0)
        step = max(1, math.ceil(top / 6))
        options["y_labels"] = list(range(0, top + step + 1, step))
    chart = (pygal.HorizontalBar if figure.chart == "hbar" else pygal.Bar)(**options)
    # pygal draws a horizontal chart's first row at the bottom: reversed, it reads as the table.
    rows = list(reversed(figure.rows)) if figure.chart == "hbar" else figure.rows
    chart.x_labels = [label for label, _v in rows]
    scale = 100 if as_share else 1
    for i in figure.plotted:
        chart.add(figure.columns[i][0], [_scaled(values[i], scale) for _l, values in rows])
    return chart


def _scaled(value: float | None, scale: int) -> float | int | None:
    return None if value is None else value * scale


def svg(figure: Figure) -> str:
    """The figure as a standalone SVG document (UTF-8 text, no scripts, no outside resources)."""
    root = ET.fromstring(_chart(figure).render(is_unicode=True).encode("utf-8"))
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG}}}script":
                parent.remove(child)
    root.set("role", "img")
    root.set("aria-label", figure.title)
    title = ET.Element(f"{{{SVG}}}title")
    title.text = figure.title
    root.insert(0, title)
    return ET.tostring(root, encoding="unicode")


def data_uri(document: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(document.encode("utf-8")).decode("ascii")

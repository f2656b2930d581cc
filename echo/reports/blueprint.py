"""The reports blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask import Blueprint, Flask
from flask_babel import get_locale

from echo.reports.numbers import number, percent

bp = Blueprint("reports", __name__, url_prefix="/reports")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py).
VIEWS: tuple[str, ...] = ("echo.reports.views",)


def report_value(value: float | None, kind: str) -> str:
    """A figure's cell or a headline number in the reader's language: "share"/"percent" as a
    percentage, "decimal" with one decimal, else a whole number."""
    if kind in ("share", "percent"):
        return percent(value)
    return number(value, 1 if kind == "decimal" else 0)


def report_date(value: date) -> str:
    return format_date(value, "long", locale=get_locale() or "en")


def init_app(app: Flask) -> None:
    app.jinja_env.filters["report_value"] = report_value
    app.jinja_env.filters["report_date"] = report_date

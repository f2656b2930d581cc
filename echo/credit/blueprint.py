"""The credit blueprint: its app hooks and the modules that add routes to it."""
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from flask import Blueprint, Flask

from echo.core.i18n import current_language
from echo.credit.rules import offered_rule

bp = Blueprint("credit", __name__)

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS: tuple[str, ...] = ("echo.credit.views", "echo.credit.verify")


def init_app(app: Flask) -> None:
    # The program page shows the program's credit rule (templates/credit/_on_program.html).
    app.jinja_env.globals["credit_rule_of"] = offered_rule
    app.jinja_env.filters["credit_hours"] = hours_text
    app.jinja_env.filters["credit_day"] = day_text


def hours_text(hours: Decimal) -> str:
    """Hours in the reader's language: "1.5" in English, "1,5" in Spanish and French."""
    return str(format_decimal(hours, locale=current_language()))


def day_text(day: date) -> str:
    """A session's date (already in the program's zone) in the reader's language."""
    return str(format_date(day, "long", locale=current_language()))

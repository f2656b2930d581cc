"""The credit blueprint: its app hooks and the modules that add routes to it."""
from flask import Blueprint, Flask
from flask_babel import format_date, format_decimal

from echo.credit.rules import offered_rule

bp = Blueprint("credit", __name__)

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS: tuple[str, ...] = ("echo.credit.views", "echo.credit.verify")


def init_app(app: Flask) -> None:
    # The program page shows the program's credit rule (templates/credit/_on_program.html).
    app.jinja_env.globals["credit_rule_of"] = offered_rule
    # Hours in the reader's language: "1.5" in English, "1,5" in Spanish and French.
    app.jinja_env.filters["credit_hours"] = format_decimal
    # A session's date (a date, already in the program's zone) in the reader's language.
    app.jinja_env.filters["credit_day"] = lambda day: format_date(day, "long")

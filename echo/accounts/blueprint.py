"""The accounts blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.accounts.views", "echo.accounts.signup_views")


"""The summaries blueprint (its pages keep the addresses under /live/cases/<id>/summary)."""
from flask import Blueprint

bp = Blueprint("summaries", __name__)

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.summaries.views",)

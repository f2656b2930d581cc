"""The summaries blueprint (its pages keep the addresses under /live/cases/<id>/summary)."""
from flask import Blueprint

bp = Blueprint("summaries", __name__)

from echo.summaries import views as routes  # noqa: F401

"""The api blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from echo.api import routes, sessions  # noqa: E402,F401  (registers the routes on bp)

"""The admin blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from echo.admin import views as routes  # noqa: E402,F401

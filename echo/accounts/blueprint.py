"""The accounts blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from echo.accounts import views as routes  # noqa: E402,F401

"""Programs: recurring clinics, their sessions, members, invitations and calendar feeds."""
from flask import Blueprint

bp = Blueprint("programs", __name__, cli_group="programs")

from . import calendar_routes, routes  # noqa: E402,F401

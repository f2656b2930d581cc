"""The disclosures blueprint: its app hooks and the modules that add routes to it."""
from flask import Blueprint

bp = Blueprint("disclosures", __name__)

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py).
VIEWS: tuple[str, ...] = ()

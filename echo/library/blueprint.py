"""The library blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
import click
from flask import Blueprint

from echo.core.markdown import render_markdown
from echo.library.publish import rebuild

bp = Blueprint("library", __name__, url_prefix="/library")

# The modules that add routes to bp; the app factory imports them (echo/server/blueprints.py),
# so none of them is imported from here and bp's module has no import cycle.
VIEWS = ("echo.library.views",)


def init_app(app):
    @app.cli.command("search-reindex")
    def search_reindex() -> None:
        """Rewrite every published case's library entry and rebuild the full-text index."""
        n = rebuild()
        click.echo(f"Library index rebuilt: {n} published case{'s' if n != 1 else ''}.")

    app.jinja_env.filters.setdefault("markdown_safe", render_markdown)

"""The library blueprint: its URL prefix, its app hooks and the modules that add routes to it."""
from flask import Blueprint

bp = Blueprint("library", __name__, url_prefix="/library")

from echo.library import views as routes  # noqa: E402,F401


def init_app(app):
    import click

    @app.cli.command("search-reindex")
    def search_reindex() -> None:
        """Rewrite every published case's library entry and rebuild the full-text index."""
        from echo.library.publish import rebuild

        n = rebuild()
        click.echo(f"Library index rebuilt: {n} published case{'s' if n != 1 else ''}.")

    from markupsafe import Markup, escape

    def markdown_safe(text):
        try:
            from echo.core.markdown import render_markdown
        except ImportError:  # pragma: no cover
            return Markup("<p>") + escape(text or "") + Markup("</p>")
        return render_markdown(text)

    app.jinja_env.filters.setdefault("markdown_safe", markdown_safe)

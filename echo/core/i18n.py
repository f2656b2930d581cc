"""Languages: which one a request is served in, and where each feature keeps its catalogue.

Flask-Babel does the work; this module only decides the locale (the user's own setting, else
the choice a visitor made with the switcher, else the browser's Accept-Language) and names the
catalogue folders: each feature package owns echo/<feature>/translations, and Flask-Babel
merges them (BABEL_TRANSLATION_DIRECTORIES takes several folders).
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_babel import Babel, get_locale, refresh
from flask_login import current_user

from echo.core.timefmt import viewer_zone

# The languages the app is translated into, each named in its own language (the switcher
# shows them so: a reader who cannot read the current page's language still finds theirs).
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "fr": "Français"}
DEFAULT_LANGUAGE = "en"
SESSION_KEY = "lang"

PACKAGE = Path(__file__).resolve().parent.parent
babel = Babel()


def translation_dirs() -> list[str]:
    """Every feature's catalogue folder (echo/<feature>/translations), in a fixed order."""
    return [str(p) for p in sorted(PACKAGE.glob("*/translations")) if p.is_dir()]


def is_language(code: str | None) -> bool:
    return code in LANGUAGES


def select_locale() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    own = getattr(current_user, "language", None) if current_user else None
    if is_language(own):
        return str(own)
    return visitor_language()


def visitor_language() -> str:
    """What the request itself asks for, without its account: the switcher's choice (in the
    session cookie), else the browser's Accept-Language. For answers that must not ask the
    database (it may be the thing that is down)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = session.get(SESSION_KEY)
    if is_language(chosen):
        return str(chosen)
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


def language_for(*settings: str | None) -> str:
    """The language of output that answers no request of its reader (mail, a notice for someone
    else): the first of settings the app speaks (the person's own, then the program's), else
    English. Render it inside flask_babel.force_locale(language_for(...))."""
    return next((str(s) for s in settings if is_language(s)), DEFAULT_LANGUAGE)


def current_language() -> str:
    """The two-letter code of the language this request is served in ("en", "es", "fr")."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_dirs())
    babel.init_app(app, locale_selector=select_locale, timezone_selector=viewer_zone)
    # Flask-Babel keeps the locale on `g`, which lives as long as the app context; a context
    # that outlives one request (a CLI command, a test) must not carry it to the next request.
    app.before_request(refresh)
    app.jinja_env.globals["languages"] = LANGUAGES
    app.jinja_env.globals["current_language"] = current_language

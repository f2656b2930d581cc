"""iCalendar feeds at secret-token URLs. No login: calendar apps cannot log in; the token is
the secret (reset from the program page or the programs page when it leaks). Unknown token: 404.
Only hashes of the tokens are stored (echo.programs.calendar_links)."""
from __future__ import annotations

from flask import Response, abort

from echo.core.links import base_url
from echo.programs import calendar_links, calendars, upkeep
from echo.programs.blueprint import bp


def _ics(body: bytes, name: str) -> Response:
    resp = Response(body, mimetype="text/calendar")
    resp.headers["Content-Disposition"] = f'inline; filename="{name}.ics"'
    resp.headers["Cache-Control"] = "private, max-age=300"
    resp.headers["X-Robots-Tag"] = "noindex"
    return resp


@bp.route("/calendar/program/<token>.ics")
def program_calendar(token: str):
    """Anyone with the program's secret link."""
    program = calendar_links.program_by_token(token)
    if program is None:
        abort(404)
    # Calendar apps poll feeds every few hours: the surest reader to keep the window up.
    upkeep.do_keep_windows([program])
    return _ics(calendars.program_feed(program, base_url()), f"program-{program.id}")


@bp.route("/calendar/me/<token>.ics")
def my_calendar(token: str):
    """Anyone with the user's secret link: all sessions of all their programs."""
    user = calendar_links.user_by_token(token)
    if user is None:
        abort(404)
    upkeep.do_keep_windows(upkeep.programs_of(user))
    return _ics(calendars.personal_feed(user, base_url()), "my-echo-sessions")

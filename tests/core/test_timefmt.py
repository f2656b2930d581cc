"""Times read naturally in the viewer's zone, with the program's zone beside them, named in full."""
from __future__ import annotations

from datetime import UTC, datetime

from flask_login import login_user

from echo.core.timefmt import fmt, fmt_pair
from tests.factories import make_user


def _june_9(hour: int, year: int | None = None) -> datetime:
    return datetime(year or datetime.now(UTC).year, 6, 9, hour, 0, tzinfo=UTC)


def test_pair_reads_naturally_in_viewer_zone_with_program_zone_beside(app):
    dt = _june_9(20)  # 2:00 pm in Denver (MDT), 3:00 pm in Lima (no abbreviation: it printed "-05")
    day = dt.strftime("%a")
    with app.test_request_context():
        login_user(make_user(timezone_name="America/Denver"))
        assert fmt_pair(dt, "America/Lima") == (
            f"{day} 9 Jun, 2:00 pm (your time, America/Denver) · 3:00 pm in the program's zone America/Lima")
        # The program's date is given when it is another day there.
        nxt = datetime(dt.year, 6, 10, tzinfo=UTC).strftime("%a")
        assert fmt_pair(dt, "Asia/Tokyo") == (
            f"{day} 9 Jun, 2:00 pm (your time, America/Denver) · {nxt} 10 Jun, 5:00 am in the program's zone Asia/Tokyo")
        # One zone when they agree.
        assert fmt_pair(dt, "America/Denver") == f"{day} 9 Jun, 2:00 pm (America/Denver, your zone and the program's)"
        # The viewer's own zone is not repeated by `when`; another zone is named.
        assert fmt(dt) == f"{day} 9 Jun, 2:00 pm"
        assert fmt(dt, "America/Lima") == f"{day} 9 Jun, 3:00 pm (America/Lima)"
        assert fmt(_june_9(15, dt.year + 1)).endswith(f"9 Jun {dt.year + 1}, 9:00 am")
        assert fmt(None) == "" and fmt_pair(None, "America/Lima") == ""


def test_visitor_sees_utc_named(app):
    dt = _june_9(20)
    with app.test_request_context():
        assert fmt(dt) == f"{dt.strftime('%a')} 9 Jun, 8:00 pm (UTC)"
        assert fmt_pair(dt, "America/Lima").endswith("8:00 pm (UTC) · 3:00 pm in the program's zone America/Lima")

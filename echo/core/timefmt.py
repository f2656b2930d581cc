"""Showing UTC instants in the viewer's zone, with the program's zone beside them."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from flask_login import current_user

_ZONES: set[str] | None = None


def all_zones() -> list[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = {z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/"))} | {"UTC"}
    return sorted(_ZONES)


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, ModuleNotFoundError):
        return False
    return name in set(all_zones()) or name == "UTC"


def _own_zone() -> str | None:
    """The zone the logged-in viewer chose; None for a visitor."""
    return getattr(current_user, "timezone", None) if current_user else None


def viewer_zone() -> str:
    return _own_zone() or "UTC"


def local(dt: datetime, zone: str | None = None) -> datetime:
    return dt.astimezone(ZoneInfo(zone or viewer_zone()))


def _day(d: datetime) -> str:
    """'Tue 8 Dec', with the year only when it is not this year (in that zone)."""
    this_year = datetime.now(d.tzinfo).year
    return d.strftime("%a %-d %b") + (f" {d.year}" if d.year != this_year else "")


def _clock(d: datetime) -> str:
    return d.strftime("%-I:%M %p").replace("AM", "am").replace("PM", "pm")


def fmt(dt: datetime | None, zone: str | None = None, with_date: bool = True) -> str:
    """'Tue 8 Dec, 2:00 pm' in the viewer's zone. Zone names, not abbreviations: many zones
    have none (Lima prints '-05'), and the name is what the viewer chose in their profile.
    The zone is named when it is not the viewer's own (a given zone, or a visitor's UTC)."""
    if dt is None:
        return ""
    name = zone or viewer_zone()
    d = local(dt, name)
    text = f"{_day(d)}, {_clock(d)}" if with_date else _clock(d)
    return text if _own_zone() == name else f"{text} ({name})"


def fmt_pair(dt: datetime | None, program_zone: str) -> str:
    """'Tue 8 Dec, 2:00 pm (your time, America/Denver) · 9:00 am in the program's zone America/Lima',
    or one zone when they agree; the program's date is repeated only when it differs."""
    if dt is None:
        return ""
    mine_zone = viewer_zone()
    mine = local(dt, mine_zone)
    here = f"{_day(mine)}, {_clock(mine)}"
    if mine_zone == program_zone:
        return f"{here} ({program_zone}, your zone and the program's)"
    theirs = local(dt, program_zone)
    there = _clock(theirs) if theirs.date() == mine.date() else f"{_day(theirs)}, {_clock(theirs)}"
    yours = f"your time, {mine_zone}" if _own_zone() else mine_zone
    return f"{here} ({yours}) · {there} in the program's zone {program_zone}"

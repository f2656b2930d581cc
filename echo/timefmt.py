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


def viewer_zone() -> str:
    tz = getattr(current_user, "timezone", None) if current_user else None
    return tz or "UTC"


def local(dt: datetime, zone: str | None = None) -> datetime:
    return dt.astimezone(ZoneInfo(zone or viewer_zone()))


def fmt(dt: datetime | None, zone: str | None = None, with_date: bool = True) -> str:
    if dt is None:
        return ""
    d = local(dt, zone)
    clock = d.strftime("%-I:%M %p").lower().replace(":00 ", " ")
    tzname = d.tzname() or ""
    if with_date:
        return f"{d.strftime('%a %-d %b %Y')}, {clock} {tzname}"
    return f"{clock} {tzname}"


def fmt_pair(dt: datetime | None, program_zone: str) -> str:
    """'Tue 10 Mar 2026, 2 pm EDT (12 pm MDT program time)' or one zone when they agree."""
    if dt is None:
        return ""
    mine = fmt(dt)
    if viewer_zone() == program_zone:
        return mine
    theirs = fmt(dt, program_zone, with_date=local(dt).date() != local(dt, program_zone).date())
    return f"{mine} ({theirs} program time)"

"""Showing UTC instants in the viewer's zone and language, with the program's zone beside them."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import format_datetime, get_timezone_location
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

# The locale's own order and words (Babel's CLDR data), in the short form a schedule needs:
# English "Tue 8 Dec, 2:00 pm", Spanish "martes 8 de diciembre, 14:00", French "mardi 8 décembre, 14 h 00".
DAY = {"en": "EEE d MMM", "es": "EEEE d 'de' MMMM", "fr": "EEEE d MMMM"}
YEAR = {"en": " y", "es": " 'de' y", "fr": " y"}
CLOCK = {"en": "h:mm a", "es": "HH:mm", "fr": "HH 'h' mm"}

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


def _language() -> str:
    locale = get_locale()  # the request's, or the one a mail job forced (flask_babel.force_locale)
    return locale.language if locale is not None and locale.language in DAY else "en"


def _day(d: datetime) -> str:
    """'Tue 8 Dec' / 'martes 8 de diciembre', with the year only when it is not this year (in that zone)."""
    lang = _language()
    this_year = datetime.now(d.tzinfo).year
    return str(format_datetime(d, DAY[lang] + (YEAR[lang] if d.year != this_year else ""), locale=lang))


def _clock(d: datetime) -> str:
    lang = _language()
    text = str(format_datetime(d, CLOCK[lang], locale=lang))
    return text.replace("AM", "am").replace("PM", "pm") if lang == "en" else text


def zone_name(name: str) -> str:
    """English keeps the zone's full name as the viewer chose it in their profile
    ('America/Lima'); other languages name its city in their own words ('hora de Lima')."""
    lang = _language()
    if lang == "en" or name == "UTC":
        return name
    return _("%(city)s time", city=get_timezone_location(ZoneInfo(name), locale=lang, return_city=True))


def fmt(dt: datetime | None, zone: str | None = None, with_date: bool = True) -> str:
    """'Tue 8 Dec, 2:00 pm' in the viewer's zone. Zone names, not abbreviations: many zones
    have none (Lima prints '-05'), and the name is what the viewer chose in their profile.
    The zone is named when it is not the viewer's own (a given zone, or a visitor's UTC)."""
    if dt is None:
        return ""
    name = zone or viewer_zone()
    d = local(dt, name)
    text = f"{_day(d)}, {_clock(d)}" if with_date else _clock(d)
    return text if _own_zone() == name else f"{text} ({zone_name(name)})"


def fmt_pair(dt: datetime | None, program_zone: str) -> str:
    """'Tue 8 Dec, 2:00 pm (your time, America/Denver) · 9:00 am in the program's zone America/Lima',
    or one zone when they agree; the program's date is repeated only when it differs."""
    if dt is None:
        return ""
    mine_zone = viewer_zone()
    mine = local(dt, mine_zone)
    here = f"{_day(mine)}, {_clock(mine)}"
    if mine_zone == program_zone:
        return _("%(when)s (%(zone)s, your zone and the program's)", when=here, zone=zone_name(program_zone))
    theirs = local(dt, program_zone)
    there = _clock(theirs) if theirs.date() == mine.date() else f"{_day(theirs)}, {_clock(theirs)}"
    yours = _("your time, %(zone)s", zone=zone_name(mine_zone)) if _own_zone() else zone_name(mine_zone)
    return _("%(when)s (%(yours)s) · %(there)s in the program's zone %(zone)s",
             when=here, yours=yours, there=there, zone=zone_name(program_zone))

"""A program's recurrence rule as text: RFC 5545 RRULE built from the form's choices, checked,
read back into those choices and described in words. Expanding it into dates: echo.programs.scheduling."""
from __future__ import annotations

import re
from datetime import date, datetime, time

from babel.dates import format_date, format_time, get_day_names
from dateutil.rrule import rrulestr
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from echo.core.errors import Invalid

MAX_OCCURRENCES = 1200  # three years of a daily rule; anything more is a mistake
MAX_INTERVAL = 100

WEEKDAYS = [("MO", _l("Monday")), ("TU", _l("Tuesday")), ("WE", _l("Wednesday")), ("TH", _l("Thursday")),
            ("FR", _l("Friday")), ("SA", _l("Saturday")), ("SU", _l("Sunday"))]
WEEKDAY_NAMES = dict(WEEKDAYS)
# The RRULE day codes in Babel's order (0 = Monday), for the locale's own day names.
_DAY_INDEX = {code: i for i, (code, _name) in enumerate(WEEKDAYS)}
NTHS = [("1", _l("First")), ("2", _l("Second")), ("3", _l("Third")), ("4", _l("Fourth")), ("-1", _l("Last"))]
NTH_NAMES = dict(NTHS)
# "Monthly on the first Tuesday": whole sentences, because the ordinal agrees with the day in
# other languages ("el primer martes", "le premier mardi").
_MONTHLY = {
    "1": _l("Monthly on the first %(weekday)s"),
    "2": _l("Monthly on the second %(weekday)s"),
    "3": _l("Monthly on the third %(weekday)s"),
    "4": _l("Monthly on the fourth %(weekday)s"),
    "-1": _l("Monthly on the last %(weekday)s"),
}
FREQUENCIES = [
    ("none", _l("No recurrence (one-off sessions only)")),
    ("weekly", _l("Every week")),
    ("biweekly", _l("Every 2 weeks")),
    ("triweekly", _l("Every 3 weeks")),
    ("monthly", _l("Monthly, on the nth weekday (e.g. first Thursday)")),
    ("custom", _l("Custom RRULE (RFC 5545)")),
]
# Times and dates in a schedule's description, in the locale's form ("12:00", "12 h 00"; "28 Dec 2027").
_TIME = {"en": "HH:mm", "es": "HH:mm", "fr": "HH 'h' mm"}
_DATE = {"en": "d MMM y", "es": "d 'de' MMMM 'de' y", "fr": "d MMMM y"}
_INTERVALS = {"weekly": 1, "biweekly": 2, "triweekly": 3}
_ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_FORBIDDEN_PARTS = {"DTSTART", "BYHOUR", "BYMINUTE", "BYSECOND", "TZID", "UNTIL"}
# dateutil's own extension, not RFC 5545; Easter also does not repeat with the 400-year
# calendar cycle that _expand relies on.
_NOT_RFC = {"BYEASTER"}
# The largest |n| of an nth weekday (BYDAY=+2MO): within a month, within a year.
_NTH_LIMIT = {"MONTHLY": 5, "YEARLY": 53}


def build_rrule(frequency: str, weekday: str = "", nth: str = "", custom: str = "") -> str:
    """The RRULE text (without DTSTART) for the form's choices. Raises Invalid(field=...)."""
    if frequency == "none":
        return ""
    if frequency in _INTERVALS:
        if weekday not in WEEKDAY_NAMES:
            raise Invalid(_("Choose the weekday of the clinic."), field="weekday")
        interval = _INTERVALS[frequency]
        return f"FREQ=WEEKLY;BYDAY={weekday}" if interval == 1 else f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={weekday}"
    if frequency == "monthly":
        if weekday not in WEEKDAY_NAMES:
            raise Invalid(_("Choose the weekday of the clinic."), field="weekday")
        if nth not in NTH_NAMES:
            raise Invalid(_("Choose which week of the month (first, second, third, fourth or last)."), field="nth")
        return f"FREQ=MONTHLY;BYDAY={nth}{weekday}"
    if frequency == "custom":
        return normalise_rrule(custom)
    raise Invalid(_("Choose how often the clinic meets."), field="frequency")


def normalise_rrule(text: str) -> str:
    """Check a power user's RRULE text and return it in canonical upper-case form."""
    raw = (text or "").strip()
    if raw.upper().startswith("RRULE:"):
        raw = raw[6:].strip()
    if not raw:
        raise Invalid(_("Enter a rule such as FREQ=WEEKLY;BYDAY=TU."), field="custom_rrule")
    if "\n" in raw or len(raw) > 400:
        raise Invalid(_("Enter one RRULE line (at most 400 characters), without DTSTART."), field="custom_rrule")
    parts = {}
    for piece in raw.upper().split(";"):
        if not piece:
            continue
        if "=" not in piece:
            raise Invalid(_("'%(piece)s' is not NAME=VALUE. Example: FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.", piece=piece), field="custom_rrule")
        name, value = piece.split("=", 1)
        if name == "UNTIL":
            raise Invalid(_("Leave UNTIL out of the rule: use the Last date field."), field="custom_rrule")
        if name in _FORBIDDEN_PARTS:
            raise Invalid(_("%(name)s is not allowed here: the first date and start time come from their own fields.", name=name),
                          field="custom_rrule")
        if name in _NOT_RFC:
            raise Invalid(_("%(name)s is not part of RFC 5545.", name=name), field="custom_rrule")
        parts[name] = value
    if parts.get("FREQ") not in _ALLOWED_FREQ:
        raise Invalid(_("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."), field="custom_rrule")
    _check_bounds(parts)
    canonical = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        rrulestr(canonical, dtstart=datetime(2026, 1, 1, 12, 0))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise Invalid(_("This is not a valid RFC 5545 rule (%(error)s).", error=short_error(exc)), field="custom_rrule")
    return canonical


def _check_bounds(parts: dict[str, str]) -> None:
    """INTERVAL and COUNT within what a clinic's schedule can use; an nth weekday that a
    period can have (dateutil accepts BYDAY=+53MO in a monthly rule, then fails expanding it)."""
    for name, top in (("INTERVAL", MAX_INTERVAL), ("COUNT", MAX_OCCURRENCES)):
        if name in parts and not (parts[name].isascii() and parts[name].isdigit() and 1 <= int(parts[name]) <= top):
            raise Invalid(_("%(name)s must be a whole number from 1 to %(top)d.", name=name, top=top), field="custom_rrule")
    freq = "MONTHLY" if parts.get("FREQ") == "MONTHLY" or "BYMONTH" in parts else parts.get("FREQ")
    limit = _NTH_LIMIT.get(freq or "")
    for day in parts.get("BYDAY", "").split(","):
        m = re.fullmatch(r"([+-]?)(\d{1,3})(MO|TU|WE|TH|FR|SA|SU)", day)
        if m and limit is not None and not 1 <= int(m.group(2)) <= limit:
            text = (_("BYDAY %(day)s: a month has at most %(limit)d of each weekday (use 1 to %(limit)d, or -1 for the last).", day=day, limit=limit)
                    if freq == "MONTHLY" else
                    _("BYDAY %(day)s: a year has at most %(limit)d of each weekday (use 1 to %(limit)d, or -1 for the last).", day=day, limit=limit))
            raise Invalid(text, field="custom_rrule")


def short_error(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__)[:120]


def parse_choice(rule: str) -> dict:
    """Form choices that rebuild `rule` (for the edit form); custom when no preset fits."""
    if not rule:
        return {"frequency": "none", "weekday": "", "nth": "", "custom_rrule": ""}
    m = re.fullmatch(r"FREQ=WEEKLY(?:;INTERVAL=(\d))?;BYDAY=(MO|TU|WE|TH|FR|SA|SU)", rule)
    if m:
        interval = int(m.group(1) or 1)
        freq = {1: "weekly", 2: "biweekly", 3: "triweekly"}.get(interval)
        if freq:
            return {"frequency": freq, "weekday": m.group(2), "nth": "", "custom_rrule": ""}
    m = re.fullmatch(r"FREQ=MONTHLY;BYDAY=(-1|1|2|3|4)(MO|TU|WE|TH|FR|SA|SU)", rule)
    if m:
        return {"frequency": "monthly", "weekday": m.group(2), "nth": m.group(1), "custom_rrule": ""}
    return {"frequency": "custom", "weekday": "", "nth": "", "custom_rrule": rule}


def _language() -> str:
    locale = get_locale()  # the request's, or the one a mail or feed forced (flask_babel.force_locale)
    return locale.language if locale is not None and locale.language in _TIME else "en"


def day_name(code: str) -> str:
    """The weekday in the current language, as a sentence uses it: 'Tuesday', 'martes', 'mardi'."""
    return str(get_day_names("wide", locale=_language())[_DAY_INDEX[code]]) if code in _DAY_INDEX else ""


def describe_rule(rule: str) -> str:
    """'Every Tuesday', 'Every 2 weeks on Thursday', 'Monthly on the first Thursday', or the rule,
    in the current language."""
    c = parse_choice(rule)
    day = day_name(c["weekday"])
    if c["frequency"] == "none":
        return _("One-off sessions only")
    if c["frequency"] == "weekly":
        return _("Every %(weekday)s", weekday=day)
    if c["frequency"] in ("biweekly", "triweekly"):
        return _("Every %(num)d weeks on %(weekday)s", num=_INTERVALS[c["frequency"]], weekday=day)
    if c["frequency"] == "monthly":
        return str(_MONTHLY[c["nth"]]) % {"weekday": day}
    return _("Custom rule: %(rule)s", rule=rule)


def describe_schedule(rule: str, start: time | None, zone: str, until: date | None) -> str:
    """The rule with its time, zone and end: 'Every Tuesday at 12:00 (America/Denver), until
    28 Dec 2027', with the time and date in the current language's form."""
    text = describe_rule(rule)
    lang = _language()
    if start is not None and rule:
        clock = format_time(start, _TIME[lang], locale=lang)
        text = _("%(rule)s at %(time)s", rule=text, time=clock)
    if rule and until is not None:
        return _("%(rule)s (%(zone)s), until %(date)s", rule=text, zone=zone, date=format_date(until, _DATE[lang], locale=lang))
    return f"{text} ({zone})"

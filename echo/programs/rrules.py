"""A program's recurrence rule as text: RFC 5545 RRULE built from the form's choices, checked,
read back into those choices and described in words. Expanding it into dates: echo.programs.scheduling."""
from __future__ import annotations

import re
from datetime import datetime

from dateutil.rrule import rrulestr

from echo.core.errors import Invalid

MAX_OCCURRENCES = 1200  # three years of a daily rule; anything more is a mistake
MAX_INTERVAL = 100

WEEKDAYS = [("MO", "Monday"), ("TU", "Tuesday"), ("WE", "Wednesday"), ("TH", "Thursday"), ("FR", "Friday"),
            ("SA", "Saturday"), ("SU", "Sunday")]
WEEKDAY_NAMES = dict(WEEKDAYS)
NTHS = [("1", "first"), ("2", "second"), ("3", "third"), ("4", "fourth"), ("-1", "last")]
NTH_NAMES = dict(NTHS)
FREQUENCIES = [
    ("none", "No recurrence (one-off sessions only)"),
    ("weekly", "Every week"),
    ("biweekly", "Every 2 weeks"),
    ("triweekly", "Every 3 weeks"),
    ("monthly", "Monthly, on the nth weekday (e.g. first Thursday)"),
    ("custom", "Custom RRULE (RFC 5545)"),
]
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
            raise Invalid("Choose the weekday of the clinic.", field="weekday")
        interval = _INTERVALS[frequency]
        return f"FREQ=WEEKLY;BYDAY={weekday}" if interval == 1 else f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={weekday}"
    if frequency == "monthly":
        if weekday not in WEEKDAY_NAMES:
            raise Invalid("Choose the weekday of the clinic.", field="weekday")
        if nth not in NTH_NAMES:
            raise Invalid("Choose which week of the month (first, second, third, fourth or last).", field="nth")
        return f"FREQ=MONTHLY;BYDAY={nth}{weekday}"
    if frequency == "custom":
        return normalise_rrule(custom)
    raise Invalid("Choose how often the clinic meets.", field="frequency")


def normalise_rrule(text: str) -> str:
    """Check a power user's RRULE text and return it in canonical upper-case form."""
    raw = (text or "").strip()
    if raw.upper().startswith("RRULE:"):
        raw = raw[6:].strip()
    if not raw:
        raise Invalid("Enter a rule such as FREQ=WEEKLY;BYDAY=TU.", field="custom_rrule")
    if "\n" in raw or len(raw) > 400:
        raise Invalid("Enter one RRULE line (at most 400 characters), without DTSTART.", field="custom_rrule")
    parts = {}
    for piece in raw.upper().split(";"):
        if not piece:
            continue
        if "=" not in piece:
            raise Invalid(f"'{piece}' is not NAME=VALUE. Example: FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.", field="custom_rrule")
        name, value = piece.split("=", 1)
        if name == "UNTIL":
            raise Invalid("Leave UNTIL out of the rule: use the Last date field.", field="custom_rrule")
        if name in _FORBIDDEN_PARTS:
            raise Invalid(f"{name} is not allowed here: the first date and start time come from their own fields.", field="custom_rrule")
        if name in _NOT_RFC:
            raise Invalid(f"{name} is not part of RFC 5545.", field="custom_rrule")
        parts[name] = value
    if parts.get("FREQ") not in _ALLOWED_FREQ:
        raise Invalid("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.", field="custom_rrule")
    _check_bounds(parts)
    canonical = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        rrulestr(canonical, dtstart=datetime(2026, 1, 1, 12, 0))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise Invalid(f"This is not a valid RFC 5545 rule ({short_error(exc)}).", field="custom_rrule")
    return canonical


def _check_bounds(parts: dict[str, str]) -> None:
    """INTERVAL and COUNT within what a clinic's schedule can use; an nth weekday that a
    period can have (dateutil accepts BYDAY=+53MO in a monthly rule, then fails expanding it)."""
    for name, top in (("INTERVAL", MAX_INTERVAL), ("COUNT", MAX_OCCURRENCES)):
        if name in parts and not (parts[name].isascii() and parts[name].isdigit() and 1 <= int(parts[name]) <= top):
            raise Invalid(f"{name} must be a whole number from 1 to {top}.", field="custom_rrule")
    freq = "MONTHLY" if parts.get("FREQ") == "MONTHLY" or "BYMONTH" in parts else parts.get("FREQ")
    limit = _NTH_LIMIT.get(freq or "")
    for day in parts.get("BYDAY", "").split(","):
        m = re.fullmatch(r"([+-]?)(\d{1,3})(MO|TU|WE|TH|FR|SA|SU)", day)
        if m and limit is not None and not 1 <= int(m.group(2)) <= limit:
            raise Invalid(f"BYDAY {day}: a {(freq or '').lower()[:-2]} has at most {limit} of each weekday (use 1 to {limit}, or -1 for the last).",
                          field="custom_rrule")


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


def describe_rule(rule: str) -> str:
    """'Every Tuesday', 'Every 2 weeks on Thursday', 'Monthly on the first Thursday', or the rule."""
    c = parse_choice(rule)
    day = WEEKDAY_NAMES.get(c["weekday"], "")
    if c["frequency"] == "none":
        return "One-off sessions only"
    if c["frequency"] == "weekly":
        return f"Every {day}"
    if c["frequency"] in ("biweekly", "triweekly"):
        return f"Every {_INTERVALS[c['frequency']]} weeks on {day}"
    if c["frequency"] == "monthly":
        return f"Monthly on the {NTH_NAMES[c['nth']]} {day}"
    return f"Custom rule: {rule}"

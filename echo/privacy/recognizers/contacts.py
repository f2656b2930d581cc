"""E-mail and web addresses, IP addresses, phone and fax numbers."""
from __future__ import annotations

import re

from echo.privacy.rules import FILTERS, I, Low, add_rule

# --- e-mail, URL, IP ---------------------------------------------------------------------------
add_rule("email", r"\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b", need=re.compile("@"), win=(80, 80))
add_rule("url", r"\b(?:https?://|ftp://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]", I, need=re.compile(r"://|www\.", I), win=(20, 200))
_TLD = ("com|org|net|edu|gov|mil|io|info|biz|us|uk|ca|de|fr|es|nl|be|ch|se|pl|dk|cz|br|au|ee|cy|pt|si|fi|"
        "ru|jp|cn|ie|nz|za|mx|gr|hu|ro|sk|lt|lv|bg|hr|health|care|clinic|app|dev")
add_rule("url", rf"(?<![@\w.])(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+(?:{_TLD})(?:\.[a-z]{{2}})?\b(?:/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])?(?![\w@-])", need=re.compile(rf"[A-Za-z0-9]\.(?:{_TLD})\b"), win=(100, 120))
_OCT = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
add_rule("ip", rf"(?<![\w.]){_OCT}(?:\.{_OCT}){{3}}(?![\w.]|\.\d)", need=re.compile(r"\d\.\d{1,3}\.\d{1,3}\.\d"), win=(20, 20))
add_rule("ip", r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])", need=re.compile(r":[0-9A-Fa-f]{0,4}:"), win=(45, 45))
add_rule("ip", r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?![\w:])", need=re.compile(r":[0-9A-Fa-f]{0,4}:"), win=(45, 45))


# --- phone / fax ------------------------------------------------------------------------------------
add_rule("phone", r"(?<![\w/.+-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s*|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?(?![\w/-]|\.\d)", I, need=re.compile(r"\d{3}[\s.-]\d{4}|\)\s*\d{3}"), win=(25, 30))
add_rule("phone", r"(?<![\w/.+-])\(\d{3}\)\d{3}-\d{4}(?:x\d{1,5})?", I, need=re.compile(r"\(\d{3}\)"), win=(3, 20))
add_rule("phone", r"(?<![\w/.+-])(?<!\d,)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?(?:\(0\)\s?)?\d{2,6}(?:[\s.-]\d{2,8}){1,5}(?![\w/]|-\d|[.,]\d|\s*(?:mg|mcg|ml|mL|%|kg|lbs?|units?|mmHg|cm|mm)\b)", I, 0, "_intl", need=re.compile(r"\d{2,6}[\s.-]\(?\d{2,8}"), win=(30, 45))
# international prefixes before a one-digit area code (France, Haiti...): "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78";
# North American numbers dialled with 001 and an extension: "001-688-982-7021x90580"
add_rule("phone", r"(?<![\w+])(?:\+|00)\d{1,3}[\s.-]?(?:\(0\)\s?)?\d(?:[\s.-]?\d{2}){4}(?![\w/]|[.,]\d)", 0, 0,
         need=re.compile(r"\+\d|\b00\d"), win=(2, 30))
add_rule("phone", r"(?<![\w+])00?1[\s.-]\d{3}[\s.-]\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?![\w/-])", I, 0,
         need=re.compile(r"\b00?1[\s.-]\d{3}"), win=(2, 30))
add_rule("phone", r"\b(?:phone|ph|tel|telephone|cell|mobile|fax|call|text|contact|pager|beeper)\s*(?:number|no\.?|#)?\s*(?:is|at)?\s*[:#]?\s*(\+?\d[\d\s().-]{5,}\d)", I, 1, need=Low(r"\b(?:ph|tel|cell|mobile|fax|call|text|contact|pager|beeper)"), win=(0, 70))

# a number labelled after it, as in signatures and address blocks: "416 60 039 office", "3660170548-Fax",
# "555 0199 (cell)", "04 71 22 33 44 domicile", "612 44 71 02 móvil"
_LINE_AFTER = (r"office|fax|home|cell|mobile|work|direct|main|pager|tel|phone|oficina|casa|celular|m[óo]vil|tel[ée]fono|"
               r"trabajo|domicile|portable|bureau|travail|t[ée]l[ée]phone|t[ée]l[ée]copie")
add_rule("phone", rf"(?<![\w/.+-])(\+?\(?\d[\d \t().-]{{5,}}\d)(?=\s*(?:-|\(|,)?\s*(?i:{_LINE_AFTER})\b)", 0, 1, "_labelled_after",
         need=Low(rf"\d[\s)-]*\(?(?:{_LINE_AFTER})\b"), win=(30, 12))


def _labelled_after(text, s, e, val, add):
    """Seven to fifteen digits, no decimal point: a number, not a measurement."""
    digits = sum(c.isdigit() for c in val)
    return "" if 7 <= digits <= 15 and not (re.search(r"\d\.\d", val) and val.count(".") < 2) else None


def _international_phone(text, s, e, val, add):
    """A run of digit groups is a phone number only with 7 to 15 digits and no decimal point."""
    digits = sum(c.isdigit() for c in val)
    if digits < 7 or digits > 15:
        return None
    groups = re.split(r"[\s.()-]+", val.strip("+()"))
    if len([g for g in groups if g]) < 2:
        return None
    if re.search(r"\d\.\d", val) and val.count(".") < 2:
        return None
    return ""


FILTERS["_intl"] = _international_phone
FILTERS["_labelled_after"] = _labelled_after

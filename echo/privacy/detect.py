"""Detection rules (regular expressions + word-list heuristics) for the privacy guard."""
from __future__ import annotations

import bisect
import functools
import re

from echo.privacy import lexicon as L

KINDS = ("name", "address", "place", "zip", "facility", "date", "age", "phone", "email", "ssn", "mrn",
         "id", "url", "ip")
LABELS = {
    "name": "Person name", "address": "Street address", "place": "Place name (below state level)",
    "zip": "ZIP or postal code", "facility": "Hospital or clinic name", "date": "Date (more specific than a year)",
    "age": "Age over 89", "phone": "Phone or fax number", "email": "E-mail address",
    "ssn": "Social Security number", "mrn": "Medical record number", "id": "Identifying number",
    "url": "Web address", "ip": "IP address",
}
HINTS = {
    "name": "Replace with a role such as 'the patient', 'her sister' or 'the PCP'.",
    "address": "Remove the address; say 'lives in a rural area' or give the state only.",
    "place": "Name the state or region type instead, e.g. 'a small town in NM' or 'a rural county'.",
    "zip": "Remove the ZIP/postal code; the state or country is enough.",
    "facility": "Use a generic setting such as 'a rural hospital' or 'the local clinic'.",
    "date": "Use the year only or a relative time such as 'three weeks ago'.",
    "age": "Ages over 89 must be reported as '90 or older'.",
    "phone": "Remove the phone/fax number.",
    "email": "Remove the e-mail address.",
    "ssn": "Remove the Social Security number.",
    "mrn": "Remove the medical record number.",
    "id": "Remove the identifying number (account, plan, licence, device, vehicle...).",
    "url": "Remove the web address.",
    "ip": "Remove the IP address.",
}

# priority when two candidates overlap with equal length (higher wins)
PRIO = {"email": 9, "url": 9, "ip": 9, "ssn": 8, "mrn": 8, "id": 7, "phone": 6, "date": 7.5, "age": 6,
        "address": 5, "zip": 5, "facility": 4, "place": 3, "name": 2}

I = re.IGNORECASE
W = r"[^\W\d_]"  # a letter (unicode)
CAPW = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"  # a capitalised word
CAPN = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"  # a capitalised word without dots

_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
MON = rf"(?:{_MONTH_FULL}|{_MONTH_FULL.upper()}|(?:{_MONTH_ABBR}|{_MONTH_ABBR.upper()})\.?)"
WDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
ORD = r"(?:st|nd|rd|th)"
NOT_UNIT = r"(?!\s*(?:mg|mcg|ml|mL|g|kg|%|units?|tabs?|pills?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?|mmHg|/)\b)"

P: list = []  # (kind, regex, group, label)


def _add(kind, pattern, flags=0, group=0, label="", need=None, win=None):
    """Register a pattern.  ``need``: a cheap pre-check (substrings of the lower-cased text, or a regex);
    with ``win=(before, after)`` the pattern only runs in windows around the matches of the ``need`` regex."""
    P.append((kind, re.compile(pattern, flags), group, label, need, win))


def _win_iter(rx, text, low, trigger, before, after):
    """Matches of ``rx`` inside windows around the trigger's matches (merged, so never reported twice)."""
    for a, b in _windows(trigger, text, low, before, after):
        yield from rx.finditer(text, a, b)


def _windows(trigger, text, low, before, after, d3=None):
    out = []
    n = len(text)
    if isinstance(trigger, _Low):
        it = trigger.low.finditer(low) if len(low) == n else trigger.ci.finditer(text)
    elif d3 is not None and trigger.pattern in _D3_TRIGGERS:
        # the trigger contains a run of 3+ digits: look only around such runs (one shared scan)
        it = [m for a, b in d3 for m in trigger.finditer(text, a, b)]
    else:
        it = trigger.finditer(text)
    for m in it:
        a, b = m.start() - before, m.end() + after
        if a < 0:
            a = 0
        if b > n:
            b = n
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1][1] = b
        else:
            out.append([a, b])
    return out


_D3_RE = re.compile(r"\d{3,}")
# triggers that cannot match without a run of 3+ digits
_D3_TRIGGERS = frozenset({r"\d{5}", r"\d{3}[\s.-]\d{4}|\)\s*\d{3}", r"\d{3}-\d{2}-\d{4}", r"\d{9}", r"\d{4}[ -]\d{4}",
                          r"\d{4}[-/.]\d", r"[A-Z]-?\d{6}", r"\(\d{3}\)", r"\d\.\d{1,2}\.\d{4}"})


# cheap pre-checks: a pattern runs only when its gate (substrings of the lower-cased text, or a
# simple regex) is present - most clinical text has no month name, no '@', no 9x number...
_MONTH_GATE = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC")
class _Low:
    """A trigger regex run on the lower-cased text (cheaper than IGNORECASE); ``ci`` is the fallback when
    lower-casing changes the length of the text (rare non-ASCII letters)."""
    __slots__ = ("low", "ci")

    def __init__(self, pattern):
        self.low = re.compile(pattern)
        self.ci = re.compile(pattern, re.I)


# triggers start with a literal or a character class (no look-behind) so the regex engine can skip ahead fast
_AGE_GATE = _Low(r"9\d|1[01]\d|12[0-5]|ninety|hundred|genarian")
_ZIP_GATE = re.compile(r"\d{5}")
_ADDR_GATE = re.compile(r"\d\s+[A-ZÀ-ÖØ-Þ]")


# --- e-mail, URL, IP ---------------------------------------------------------------------------
_add("email", r"\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b", need=re.compile("@"), win=(80, 80))
_add("url", r"\b(?:https?://|ftp://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]", I, need=re.compile(r"://|www\.", I), win=(20, 200))
_TLD = ("com|org|net|edu|gov|mil|io|info|biz|us|uk|ca|de|fr|es|nl|be|ch|se|pl|dk|cz|br|au|ee|cy|pt|si|fi|"
        "ru|jp|cn|ie|nz|za|mx|gr|hu|ro|sk|lt|lv|bg|hr|health|care|clinic|app|dev")
_add("url", rf"(?<![@\w.])(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+(?:{_TLD})(?:\.[a-z]{{2}})?\b(?:/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])?(?![\w@-])", need=re.compile(rf"[A-Za-z0-9]\.(?:{_TLD})\b"), win=(100, 120))
_OCT = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_add("ip", rf"(?<![\w.]){_OCT}(?:\.{_OCT}){{3}}(?![\w.]|\.\d)", need=re.compile(r"\d\.\d{1,3}\.\d{1,3}\.\d"), win=(20, 20))
_add("ip", r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])", need=re.compile(r":[0-9A-Fa-f]{0,4}:"), win=(45, 45))
_add("ip", r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?![\w:])", need=re.compile(r":[0-9A-Fa-f]{0,4}:"), win=(45, 45))

# --- SSN, record numbers, other ids ---------------------------------------------------------------
_add("ssn", r"(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])", need=re.compile(r"\d{3}-\d{2}-\d{4}"), win=(5, 15))
_add("ssn", r"\b(?:SSN|SS#|social\s+security(?:\s+(?:number|no\.?|#))?)\s*[:#]?\s*(\d{3}[\s-]?\d{2}[\s-]?\d{4})\b", I, 1, need=_Low(r"ssn|ss#|social security"), win=(0, 45))
_NUMCUE = r"(?:\s+(?:number|num|no\.?|#|ID|id))?\s*(?:is|was|of)?\s*[:#=]?\s*"
_IDVAL = r"(#?(?=(?:[A-Za-z-]*\d){3})(?![\d]{1,3}-(?:year|yr|y)\b)[A-Za-z0-9][A-Za-z0-9-]{3,}[A-Za-z0-9]|\d{4,})"
# record numbers: found by the value-first ID pass ("_idcue") when this cue precedes the value
_MRN_CUE = re.compile(rf"(?:\bMRN|\bMR#|\bMR\s*No\.?|\bmedical\s+record|\bchart|\bhospital|\bpatient|\bencounter|\bFIN|\bCSN)(?:\s+(?:number|num|no\.?|#|ID)|(?<=MRN)|(?<=MR#))\s*(?:is|was)?\s*[:#=]?\s*$", I)

ID_CUES: list = []
for cue, label in [
    (r"account|acct\.?|a/c|billing", "Account number"),
    (r"member|subscriber|beneficiary|policy|group|health\s+plan|insurance|insurance\s+member|medicaid|medicare|"
     r"MBI|HICN|plan|benefit", "Health plan number"),
    (r"driver'?s?\s+licen[cs]e|licen[cs]e|DL|CDL|NPI|DEA|permit|certificate|cert\.?|passport|"
     r"tribal\s+(?:enrollment|ID|census)|census|enrollment|CIB", "Licence or certificate number"),
    (r"serial|device|pacemaker|implant|pump|model|UDI|IMEI|MAC", "Device or serial number"),
    (r"plate|licen[cs]e\s+plate|tag|VIN|vehicle", "Vehicle or plate number"),
    (r"card|credit\s+card|debit\s+card|IBAN|routing|case|claim|ID|identifier|reference|ref\.?|badge|employee",
     "Identifying number"),
]:
    ID_CUES.append((re.compile(rf"(?:{cue})", I), label))
# last word before an identifying number when an ID cue is present ("Medicaid ID: 123", "plate # 7KLR", "account 99")
_ID_CUE_LAST = frozenset("""account acct a/c billing member subscriber beneficiary policy group health plan insurance medicaid
medicare mbi hicn benefit license licence dl cdl npi dea permit certificate cert passport enrollment census cib serial
device pacemaker implant pump model udi imei mac plate tag vin vehicle card iban routing case claim id identifier
reference ref badge employee number num no # is was of""".split()) | {""}
_MRN_LAST = frozenset("mrn mr# mr no number num # id is was record chart hospital patient encounter fin csn".split())
_ID_CUE = re.compile(rf"\b(?:{'|'.join(c.pattern[3:-1] for c, _ in ID_CUES)}){_NUMCUE}$", I)
_add("id", rf"(?<![\w-]){_IDVAL}", 0, 1, "_idcue", need=re.compile(r"\d\w*\d\w*\d"), win=(14, 30))
_add("id", r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,4})?\b", I, 0, "Bank account (IBAN)", need=re.compile(r"\d\d[A-Za-z0-9]{4}"), win=(5, 45))
_add("id", r"(?<![\w.,/-])(?:\d{4}[ -]){3}\d{1,7}(?![\w/-])", 0, 0, "Card or account number", need=re.compile(r"\d{4}[ -]\d{4}"), win=(5, 30))
_add("id", r"(?<![\w.,/-])\d{9,19}(?![\w/-]|[.,]\d)", 0, 0, "Identifying number", need=re.compile(r"\d{9}"), win=(5, 25))
_add("id", r"(?<![\w.,/-])[A-Z]{1,3}-?\d{6,}(?![\w/-])", 0, 0, "Identifying number", need=re.compile(r"[A-Z]-?\d{6}"), win=(5, 25))

# --- phone / fax ------------------------------------------------------------------------------------
_add("phone", r"(?<![\w/.+-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s*|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?(?![\w/-]|\.\d)", I, need=re.compile(r"\d{3}[\s.-]\d{4}|\)\s*\d{3}"), win=(25, 30))
_add("phone", r"(?<![\w/.+-])\(\d{3}\)\d{3}-\d{4}(?:x\d{1,5})?", I, need=re.compile(r"\(\d{3}\)"), win=(3, 20))
_add("phone", r"(?<![\w/.+-])(?<!\d,)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?(?:\(0\)\s?)?\d{2,6}(?:[\s.-]\d{2,8}){1,5}(?![\w/]|-\d|[.,]\d|\s*(?:mg|mcg|ml|mL|%|kg|lbs?|units?|mmHg|cm|mm)\b)", I, 0, "_intl", need=re.compile(r"\d{2,6}[\s.-]\(?\d{2,8}"), win=(30, 45))
_add("phone", r"\b(?:phone|ph|tel|telephone|cell|mobile|fax|call|text|contact|pager|beeper)\s*(?:number|no\.?|#)?\s*(?:is|at)?\s*[:#]?\s*(\+?\d[\d\s().-]{5,}\d)", I, 1, need=_Low(r"\b(?:ph|tel|cell|mobile|fax|call|text|contact|pager|beeper)"), win=(0, 70))

# --- dates ------------------------------------------------------------------------------------------
_add("date", rf"\b(?:{WDAY},?\s+)?{MON}\s+\d{{1,2}}{ORD}?\b(?:,?\s+(?:\d{{4}}|'\d\d)\b)?{NOT_UNIT}", need=_MONTH_GATE, win=(45, 45))
_add("date", rf"\b(?:(?:the\s+)?\d{{1,2}}{ORD}?\s+(?:of\s+)?){MON}(?!\w)(?:,?\s+\d{{4}}\b)?", 0, need=_MONTH_GATE, win=(45, 45))
_add("date", rf"\b(?:{WDAY},?\s+)?(?:the\s+)?\d{{1,2}}{ORD}\b", need=re.compile(r"\d(?:st|nd|rd|th)\b"), win=(30, 12))  # placeholder, filtered below (needs cue, need=re.compile(r"\d(?:st|nd|rd|th)\b"), win=(30, 12))
_add("date", rf"\b{MON},?\s+(?:of\s+)?\d{{4}}\b", need=_MONTH_GATE, win=(45, 45))
_add("date", rf"\b(?:in|since|during|until|till|through|by|early|late|mid|last|next|this|around|before|after|from|of|on)\s+((?:{_MONTH_FULL}|{_MONTH_ABBR}\.))(?![\w-])", 0, 1, "_bare_month", need=_MONTH_GATE, win=(45, 45))
_add("date", rf"(?<=\bmid-)(?:{_MONTH_FULL})\b", need=_MONTH_GATE, win=(45, 45))
_add("date", r"(?<![\w/.-])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?(?![\w/-]|\.\d)", 0, 0, "_ymd", need=re.compile(r"\d{4}[-/.]\d"), win=(5, 30))
_add("date", r"(?<![\w/.-])\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?![\w/-]|\.\d)", 0, 0, "_mdy", need=re.compile(r"\d[/-]\d{1,2}[/-]\d"), win=(5, 25))
_add("date", r"(?<![\w/.-])\d{1,2}\.\d{1,2}\.\d{4}(?![\w/-]|\.\d)", 0, 0, "_mdy", need=re.compile(r"\d\.\d{1,2}\.\d{4}"), win=(5, 15))
_MD_CUE = re.compile(rf"\b(?:on|since|from|until|till|through|by|dated?|DOB|D\.O\.B\.?|admitted|admission|discharged?|seen|visit|"
                    rf"appointment|appt|surgery|delivered|born|died|last|next|this|before|after|starting|started|{WDAY}|"
                    rf"Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?\s*:?\s+$", I)
_add("date", r"(?<![\w/.-])(\d{1,2}/\d{1,2})(?![/\d]|\.\d|\s*(?:pain|strength|mg|tabs?))", 0, 1, "_md", need=re.compile(r"\d/\d"), win=(5, 25))

# --- age over 89 ------------------------------------------------------------------------------------
_AGE = r"(?:9\d|1[01]\d|12[0-5])"
_WORDAGE = r"(?:ninety|one[\s-]hundred)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
_add("age", rf"\b(?:{_AGE}|{_WORDAGE})(?:\s*|-)(?:years?|yrs?|y)(?:\s*|-)(?:old|of\s+age)\b", I, need=_AGE_GATE, win=(45, 40))
_add("age", rf"\b{_AGE}\s*(?:yo|y/o|y\.o\.?|yrs?\s+old|yo[MF]|y/o[MF])\b", I, need=_AGE_GATE, win=(45, 40))
_add("age", rf"\b{_AGE}(?=-?(?:yo|y/o)\b)", I, need=_AGE_GATE, win=(45, 40))
_add("age", rf"\b(?:age|aged|ages|age:|at\s+the\s+age\s+of)\s*(?:of\s+)?({_AGE})\b(?!\s*(?:mg|%|/))", I, 1, need=_AGE_GATE, win=(45, 40))
_add("age", rf"\b(?:his|her|their|the|early|mid|late|mid-|early-|late-)\s*(?:90s|90's|nineties|100s|hundreds)\b", I, need=_AGE_GATE, win=(45, 40))
_add("age", rf"\b(?:he|she|patient|pt|who|they|mother|father|grandmother|grandfather)\s+(?:is|was|turned|turns|just\s+turned|is\s+now)\s+({_AGE})(?=\s*(?:[,.;)]|and\b|years?\b|yrs?\b|$))", I, 1, need=_AGE_GATE, win=(45, 40))
_add("age", rf"(?<=[a-z]),\s+({_AGE})\s*,(?=\s*(?:was|is|who|has|had|lives|presents|presented|with|and|a|an|the|now)\b)", 0, 1, need=_AGE_GATE, win=(45, 40))
_add("age", rf"\b(?:nonagenarian|centenarian)s?\b", I, need=_AGE_GATE, win=(45, 40))
_add("age", rf"(?<=[,(]\s)({_AGE})(?=\s*[,)]\s*(?:M|F|male|female|man|woman|he|she)\b)", need=_AGE_GATE, win=(45, 40))

# --- ZIP --------------------------------------------------------------------------------------------
_STATES_RE = "|".join(sorted((s.title() for s in L.US_STATES), key=len, reverse=True))
_ABBR_RE = "|".join(sorted(L.STATE_ABBR))
_ZIP_CUE = re.compile(rf"\b(?:{_ABBR_RE}|{_STATES_RE}),?\s{{1,2}}$")
_add("zip", r"(?<![\w.,/-])(\d{5}(?:-\d{4})?)(?![\w/-]|[.,]\d)", 0, 1, "_zip", need=_ZIP_GATE, win=(5, 15))
_add("zip", r"(?<![\w-])\d{5}-\d{4}(?![\w-])", need=_ZIP_GATE, win=(5, 15))
_add("zip", r"\b(?:zip\s*code|zip|postal\s+code|post\s*code|postcode)\s*(?:is|was|of|:)?\s*[:#]?\s*((?=[A-Z]{0,4}\d)[A-Z0-9]{2,5}(?:[\s-][A-Z0-9]{2,4})?)\b", I, 1, need=_Low(r"zip|postal|post ?code"), win=(0, 45))
# Canadian (A1A 1A1) and UK (SW1A 1AA, M1 1AE) postcodes: strict letter sets, upper case only
_add("zip", r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b", need=re.compile(r"[A-Z]\d[A-Z] ?\d[A-Z]\d"), win=(3, 10))
_add("zip", r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) \d[ABD-HJLNP-UW-Z]{2}\b", need=re.compile(r"\d[A-Z]{2}\b"), win=(8, 3))
# Irish Eircode (D02 X285, H91 E2K3): routing key + space + 4-character unique identifier
_add("zip", r"\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W) (?=[0-9AC-FHKNPRTV-Y]{0,3}[AC-FHKNPRTV-Y])[0-9AC-FHKNPRTV-Y]{4}\b", need=re.compile(r"[A-Z]\d[\dW] [0-9A-Z]{4}\b"), win=(2, 2))
# military mail (APO/FPO/DPO AE 09012)
_add("address", r"\b(?:(?:Unit|PSC|CMR|USNS|USS|USCGC)\s+[\w-]+(?:,?\s+Box\s+\d+)?,?\s+)?(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\b(?:\s+\d{5})?", I, need=("apo", "fpo", "dpo"))

# --- street address ------------------------------------------------------------------------------------
_SUF = (r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Terrace|Ter|Circle|Cir|"
        r"Parkway|Pkwy|Trail|Trl|Highway|Hwy|Loop|Square|Sq|Plaza|Alley|Path|Pike|Crossing|Xing|Ridge|Heights|Hts|"
        r"Camino|Calle|Avenida|Mesa|Canyon|Row|Walk|Estates|Park|Gardens|Close|Crescent|Grove|Mews|Hill|Junction|Jct")
_UNIT = r"(?:,?\s*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Lot|Space|Rm\.?|Room|#)\s*#?\s*[A-Z0-9-]+)?"
_add("address", rf"(?<![\w.,/-])\d{{1,6}}[A-Z]?\s+(?:[NSEW]\.?\s+|(?:North|South|East|West)\s+)?(?:(?:\d+(?:st|nd|rd|th)|{CAPW})\s+){{0,4}}(?:{_SUF})\b\.?(?:\s+(?:[NSEW][EW]?|North|South|East|West)\b\.?)?{_UNIT}", need=_ADDR_GATE, win=(10, 90))
_add("address", rf"(?<![\w.,/-])\d{{1,6}}\s+(?:{_SUF})\s+(?:de\s+|del\s+|la\s+|los\s+)?{CAPW}(?:\s+{CAPW})?{_UNIT}", need=_ADDR_GATE, win=(10, 90))
_add("address", rf"\b(?:on|off|lives\s+on|along)\s+((?:{CAPN}\s+|\d{{1,3}}(?:st|nd|rd|th)\s+){{1,3}}(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Blvd|Boulevard|Way|Court|Ct|Trail|Loop|Circle|Hwy|Highway|Camino|Place|Pl))\b\.?", 0, 1, need=re.compile(r"(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Blvd|Boulevard|Way|Court|Ct|Trail|Loop|Circle|Hwy|Highway|Camino|Place|Pl)\b"), win=(70, 3))
_add("address", r"\b(?:P\.?\s?O\.?\s+Box|Post\s+Office\s+Box|HC\s*\d+,?\s+Box|Rural\s+Route|RR\s*\d+,?\s+Box|Box)\s*#?\s*\d+(?:-\d+)?\b", I, need=_Low(r"box|route"), win=(40, 25))
_add("address", r"\b(?:County\s+Road|CR|State\s+Road|State\s+Route|Indian\s+Route|Navajo\s+Route|BIA\s+Route|"
                r"Highway|Hwy|Route|Rte|US|NM|Interstate|I(?=-))\s*-?\s*\d{1,4}[A-Z]?\b(?=\s*(?:,|\.|\bnear\b|\bmile|\bjust|\bat\b|\bin\b|\boutside\b|\beast|\bwest|\bnorth|\bsouth|$))", 0, 0, "_road", need=re.compile(r"(?:Road|CR|Route|Highway|Hwy|Rte|US|NM|Interstate|I-)\s*-?\s*\d"), win=(30, 15))
_add("address", rf"(?<![\w.,/-])\d{{1,6}}\s+{CAPW}(?:\s+{CAPW}){{0,2}}\s+\d{{1,5}}\s*(?:Apt\.?|Suite|Unit)\s*\d+", need=_ADDR_GATE, win=(10, 60))

# unit designators on their own ("Apt. 902", "Suite 5", "Flat 3")
_UNITW = r"(?:(?i:apt|apartment|suite|ste)\.?|Flat|Unit|Lot|APT\.?|SUITE)"
_add("address", rf"\b{_UNITW}\s*#?\s*\d{{1,5}}[A-Za-z]?\b(?!\s*(?:mg|mcg|ml|%|units?)\b)", need=_Low(r"apt|suite|ste|flat|unit|lot"), win=(3, 25))
# European street names: compound suffix + house number ("Pohlstrasse 9", "Harjukuja 54", "Søndergade 52")
_EU_SUF = (r"straat|strasse|straße|str\.|gade|gaden|vej|vejen|gata|gatan|vägen|väg|katu|kuja|tie|polku|weg|laan|"
           r"plein|gasse|allee|stræde|veien|vegen|veg|gränd|torget|platz|dijk|kade|gracht|ufer|damm|braut|stígur|"
           r"vegur|steig|ring|stig|bakken|gränd|utca|ulica|cesta|ulice|iela|gatve|tee|tänav")
# "Trenerys gate 232", "Erzsébet tér 19", "Kálmán Imre u. 12", "Luite tee 87"
# street type first ("Calle Mayor 5", "ul. Narewska 94", "Rua do Arenque 1634", "Via Roma 131")
_PRE_I = (r"ul\.|ulica|ulice|aleja|al\.|rua|rue|calle|avenida|avda\.?|avinguda|viale|vicolo|strada|piazza|piazzale|"
          r"piazzetta|praça|praca|largo|travessa|rambla|paseo|passeig|carrer|chemin|corso|quai|plac|trg|calzada|"
          r"carretera|callejón|rúa|estrada|alameda|jalan|jl\.|rruga|ulitsa|sokak|καλλιθέας|οδός|πλατεία")
# house number + name + number ("450 Præstevænget 15", "329 Arenales 9462"): words must not be clinical
# postcode after a country or a town ("Hungary 34796", "Wrocław 53-320", "in ARENDAL 4844", "Bjert 6091")

# --- facilities --------------------------------------------------------------------------------------
_HEADS = "|".join(sorted((re.escape(h) for h in L.FACILITY_HEADS), key=len, reverse=True))
_FACW = r"(?:St\.|Mt\.|Ft\.|[A-ZÀ-ÖØ-Þ][\w'’-]*|&)"
FAC_RE = re.compile(
    rf"(?:\b(?:St\.?|Saint|San|Santa)\s+)?(?:{_FACW}\s+(?:(?:of|de|del|la|los|las|and|y)\s+)?){{1,6}}?"
    rf"(?:(?:{_HEADS})|(?i:hospital|clinic|medical center|health center|healthcare|pharmacy|health system|"
    rf"treatment center|nursing home|urgent care))\b(?:\s+(?i:clinic|hospital|pharmacy))?\b"
)
FAC_SKIP = frozenset({"st", "saint", "san", "santa", "nation", "service", "services", "network", "program",
                      "department", "system"}) | L.CLINICAL
SAINT_RE = re.compile(r"\b(?:St\.|Saint)\s+[A-Z][\w]+(?:['’]s)?(?:\s+[A-Z][\w]+)?(?!\s+(?:wort|John's\s+wort)\b)")
COUNTY_RE = re.compile(rf"\b{CAPN}(?:\s+{CAPN}){{0,2}}\s+(?:County|Parish|Borough|Township)\b")
CITY_STATE_RE = re.compile(rf"\b({CAPN}(?:\s+{CAPN}){{0,2}}),\s*(?:{_ABBR_RE}|{_STATES_RE})\b(?![\w-])")

# --- tokens for names/places ------------------------------------------------------------------------
TOKEN_RE = re.compile(r"[^\W\d_](?:[\w’'-]*[^\W_])?(?:['’]s)?|\d+|[^\w\s]")
_SENT_END = set(".!?:;•*\n\"“”()[]-–—|>#")
PARTICLES = {"de", "del", "de la", "la", "los", "las", "van", "von", "der", "den", "da", "di", "du", "le", "bin",
             "ibn", "al", "el", "y", "st", "mc", "mac", "o"}
PLACE_PREP = {"in", "from", "to", "near", "outside", "around", "at", "toward", "towards", "into", "through",
              "via", "between", "downtown", "rural", "lives", "relocated", "moved"}
PERSON_VERBS = {"is", "was", "has", "had", "reports", "reported", "says", "said", "states", "stated", "presented",
                "presents", "denies", "denied", "called", "came", "went", "lives", "works", "worked", "takes",
                "took", "and", "who", "notes", "noted", "feels", "wants", "told", "asked", "can", "will", "would",
                "does", "did", "got", "gets", "left", "died", "drinks", "uses", "started", "stopped", "listed",
                "moved", "joined", "became", "wrote", "lost", "gave", "needs", "thinks", "believes", "returned"}
MED_SUFFIXES = ("itis", "emia", "aemia", "osis", "ectomy", "otomy", "ostomy", "ology", "ologist", "pathy", "plasty",
                "azole", "pril", "olol", "sartan", "statin", "mab", "tide", "pine", "done", "zepam", "zolam",
                "oxetine", "aline", "triptyline", "azine", "idone", "apine", "cillin", "mycin", "cycline", "floxacin",
                "vir", "dronate", "gliptin", "gliflozin", "glutide", "semide", "thiazide", "dipine", "parin",
                "xaban", "lukast", "prazole", "tidine", "setron", "triptan", "algia", "uria", "emesis", "plegia",
                "paresis", "trophy", "ostasis", "oma", "cytosis", "penia", "philia", "phobia", "gram", "graphy",
                "scopy", "ectasia", "lysis", "megaly", "rrhea", "rrhoea", "sclerosis", "tonin", "amine", "ase",
                "phrenia", "thymia", "somnia", "kinesia", "lexia", "phagia", "phasia", "praxia", "tensive", "ergic",
                "genic", "oid", "iatric", "iatry", "ics", "itis's")
TITLE_WORDS = L._words("disease syndrome sign signs scale score inventory test maneuver manoeuvre reflex palsy fracture "
                       "criteria classification index questionnaire phenomenon law triad disorder hypothesis rule "
                       "staging stage method equation formula coma depression anxiety")


def _base(tok: str) -> str:
    t = tok.lower()
    if t.endswith("'s") or t.endswith("’s"):
        t = t[:-2]
    return t


_CONTRACT_HEADS = frozenset("i you we they he she it that there what who let here where how".split())


@functools.lru_cache(maxsize=8192)
def _allowed(b: str) -> bool:
    if b in L.DEMONYMS or b in L.REGIONS:
        return True
    if "'" in b or "’" in b:
        head = b.replace("’", "'").split("'")[0]
        if head in _CONTRACT_HEADS or (len(head) > 2 and head in L.ENGLISH):
            return True
    if b in L.CLINICAL or b in L.DRUGS or b in L.COUNTRIES or b in L.US_STATES or b in L.MONTHS or b in L.WEEKDAYS:
        return True
    if b.endswith("s") and (b[:-1] in L.WEEKDAYS or b[:-1] in L.CLINICAL or b[:-1] in L.DRUGS):
        return True
    if b in L.EPONYMS and b not in L.SURNAMES and b not in L.FIRST_NAMES:
        return True
    if "-" in b and all(p in L.ENGLISH or p in L.CLINICAL or p in L.DRUGS or p in L.EPONYMS or p.isdigit() for p in b.split("-") if p):
        return True
    return len(b) > 5 and b.endswith(MED_SUFFIXES)


def _is_cap(tok: str) -> bool:
    return tok[0].isupper() and not (len(tok) > 1 and tok.isupper() and len(tok) <= 5)


_NAMES = L.SURNAMES | L.FIRST_NAMES
NAME_CUE_RE = re.compile(
    r"(?:\bname\s+is|\bname's|\bnamed|\bcall(?:s|ed)?\s+me|\bknown\s+as|\bhi|\bhello|\bdear|\bthank\s+you|\bthanks|"
    r"\bsigned|\bregards|\b(?:maiden|last|first|middle|family|given|sur|nick)\s?name(?:\s+is)?|\bgoes\s+by|\bname|"
    r"\bsays|\bfollow(?:ed)?[\s-]+up\s+with|\bspeak\s+(?:to|with)|\btalk(?:ed)?\s+(?:to|with)|\bspoke\s+(?:to|with)|"
    r"\bask(?:ed)?\s+for|\bmet\s+with|\battn|\bdirected\s+by|\bwritten\s+by|\bstarring|\bi'?m|\bi\s+am|"
    r"\bthis\s+is|\bnamed\s+(?:him|her|them|it|the\s+baby)|(?<![\d\s])\s*\b(?:mr|mrs|ms|mx|dr|miss|prof)\.?)[\s:,?\"'“]*$", I)
ORG_RE = re.compile(
    r"(?:\b(?:work(?:s|ed|ing)?\s+(?:for|at)|employed\s+(?:by|at)|employer(?:\s+is)?|job\s+at|company)\s+(?:the\s+)?"
    rf"{CAPW}(?:\s+{CAPW}){{0,3}})"
    rf"|(?:{CAPW}(?:,?\s+(?:and\s+|&\s+)?{CAPW}){{0,4}}\s+(?i:inc|ltd|llc|llp|plc|corp|corporation|company|group|"
    r"holdings|partners|associates|technologies|systems|solutions|software|consulting|bank|foundation|orchestra|"
    r"labs|laboratories|media|airlines|industries|enterprises|ventures|capital|insurance|markets|analytics|"
    r"networks|gmbh|and\s+sons)\b\.?)")
_LIST_SEP = frozenset({",", "and", "&", "or"})
# last word of every NAME_CUE_RE alternative: the regex only runs after one of these
_CUE_LAST = frozenset("""is name name's named me as hi hello dear you thanks signed regards surname nickname surname
by says with to for attn o this i'm im am mr mrs ms mx dr miss prof him her them it baby starring firstname
lastname""".split())


def _name_tokens(text: str, low: str):
    """Yield (start, end, i, j) spans of capitalised name/place phrases."""
    lower_mode = low == text  # no capital letter at all: chat-style text
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]
    n = len(toks)
    cls = [0] * n  # 0 none, 1 weak (needs support), 2 candidate, 3 strong
    if lower_mode:
        idx = [i for i, x in enumerate(toks) if len(x[2]) > 2 and x[2][0].isalpha()]
    else:
        idx = [i for i, x in enumerate(toks) if x[2][0].isupper() and len(x[2]) > 2]
    for i in idx:
        s, e, t = toks[i]
        tl = t.lower()
        if tl in L.HONORIFICS:
            continue
        b = _base(t)
        allowed = _allowed(b)
        j = i - 1
        prev = toks[j][2].lower() if j >= 0 else ""
        prev2 = toks[j - 1][2].lower() if j >= 1 else ""
        if (prev + " " + b) in _MULTI_GEO or (i + 1 < n and (tl + " " + toks[i + 1][2].lower()) in _MULTI_GEO):
            continue  # "New Zealand", "South Africa", "New Mexico"
        # explicit person cue before the token: "Mr.", "my name is", "Hi", "call me"...
        if not allowed and (prev in _CUE_LAST or (prev in ".:,?\"'“" and prev2 in _CUE_LAST)) \
                and (cm := NAME_CUE_RE.search(low, max(0, s - 24), s)):
            weak_cue = cm.group().rstrip(" :,?\"'“").endswith(("i'm", "i am", "this is", "hi", "dear", "says"))
            nxt = toks[i + 1][2] if i + 1 < n else ""
            if weak_cue and b in L.ENGLISH and (b in L.FIRST_NAMES or nxt == "," or t.endswith(("'s", "’s"))):
                weak_cue = False  # "Hi Victor,", "I'm Misty's daughter"
            if not (weak_cue and b in L.ENGLISH) and not (t.isupper() and len(t) <= 3):
                cls[i] = 3
                continue
        if lower_mode:
            if allowed:
                continue
            if b in L.FIRST_NAMES and b not in L.ENGLISH:
                cls[i] = 2
            elif b not in L.ENGLISH and len(b) >= 3:
                nl = toks[i + 1][2] if i + 1 < n else ""
                cls[i] = 2 if (nl in PERSON_VERBS or nl in _MORE_VERBS or t.endswith(("'s", "’s"))
                               or (nl == ":" and (j < 0 or toks[j][2] in _SENT_END))) and nl != "and" else 1
            # "emidio p lombardo", "bertram m. jørgensen": first name, middle initial, non-English surname
            if j >= 1 and len(toks[j][2]) == 1 and toks[j][2] not in "ai" and toks[j][2].isalpha() \
                    and b not in L.ENGLISH and toks[j - 1][2].isalpha() and len(toks[j - 1][2]) >= 3 \
                    and not _allowed(_base(toks[j - 1][2])):
                cls[i] = 2
            elif j >= 2 and toks[j][2] == "." and len(toks[j - 1][2]) == 1 and toks[j - 1][2] not in "ai" \
                    and toks[j - 1][2].isalpha() and b not in L.ENGLISH and toks[j - 2][2].isalpha() \
                    and len(toks[j - 2][2]) >= 3 and not _allowed(_base(toks[j - 2][2])):
                cls[i] = 2
            continue
        if len(t) > 1 and t.isupper():
            if not (len(t) >= 4 and b in _NAMES):
                if len(t) >= 5 and not allowed and b not in L.ENGLISH:
                    cls[i] = 1  # all-caps word: promoted by a place cue or a neighbour
                continue  # abbreviation
        initial = j < 0 or toks[j][2] in _SENT_END or (toks[j][2].isdigit() and (j == 0 or toks[j - 1][2] in _SENT_END))
        if initial and j >= 1 and toks[j][2] == "." and len(toks[j - 1][2]) == 1 and toks[j - 1][2].isupper() \
                and (j < 2 or toks[j - 2][2][0].isupper()):
            initial = False  # after a middle initial: "Tom I. Holzman"
        # honorific before it
        if prev.rstrip(".") in L.HONORIFICS and j >= 0 and toks[j][2][0].isupper() or (
            prev == "." and prev2 in L.HONORIFICS and toks[j - 1][2][0].isupper()
        ):
            if not allowed or b in L.EPONYMS:
                cls[i] = 3
                continue
        if b in L.EPONYMS and (t.endswith("s") or (i + 1 < n and toks[i + 1][2].lower() in TITLE_WORDS)):
            continue
        kin = prev in L.KIN or prev in L.ROLE or (prev == "," and prev2 in L.KIN)
        if kin and not allowed and not initial:
            cls[i] = 3
            continue
        if allowed:
            continue
        english = b in L.ENGLISH
        listed = b in _NAMES
        proper = b in L.PROPER or b in L.US_PLACES
        if not english:
            if not initial:
                cls[i] = 2
            elif listed or proper:
                cls[i] = 2
            else:
                nxt = toks[i + 1][2] if i + 1 < n else ""
                nl = nxt.lower()
                cls[i] = 2 if (nl in PERSON_VERBS or nl in _MORE_VERBS or t.endswith(("'s", "’s"))
                               or (nxt in _SPEAKER and len(t) >= 4 and not t.endswith("s"))
                               or (len(nxt) > 4 and nxt.islower() and nxt.endswith("ed"))) else 1
        elif listed:
            cls[i] = 1 if initial else (2 if b in L.FIRST_NAMES and not english else 1)
            nxt = toks[i + 1][2] if i + 1 < n else ""
            if initial and (nxt.lower() in _MORE_VERBS or (nxt in _SPEAKER and b in L.FIRST_NAMES)):
                cls[i] = 2  # "Walker began writing...", "Mark: ..."
            if not initial and b in L.FIRST_NAMES and b not in L.ENGLISH:
                cls[i] = 2
        elif proper and not initial:
            cls[i] = 1
    for k in [k for k, x in enumerate(toks) if x[2] in _VOC_PUNCT]:
        i = k - 1
        if i < 1 or k + 1 > n:
            continue
        t = toks[i][2]
        if cls[i] >= 2 or not t[0].isupper() or not t[0].isalpha() or len(t) < 3 or t.isupper():
            continue
        nx = toks[i + 1][2]
        if (toks[i - 1][2] == "," and nx in "!?" and (i + 2 >= n or toks[i + 2][2] in "\"”'’" or toks[i + 2][0] > toks[i + 1][1])) \
                or (nx == ":" and i + 2 < n and toks[i + 2][2] in "\"“" and toks[i - 1][2] in _SENT_END | {"\""}):
            if not _allowed(_base(t)) and not t.lower() in _GENERIC_START:
                cls[i] = 2
    # name followed by a kin word in parentheses / apposition: "Maria (sister)", "Robert, her husband"
    nz = [i for i in idx if cls[i]]
    for i in nz:
        if i >= n - 2:
            continue
        if cls[i] and toks[i + 1][2] in "(," and toks[i + 2][2].lower() in L.KIN:
            cls[i] = 3
        if cls[i] and toks[i + 1][2] in "(," and i + 3 < n and toks[i + 2][2].lower() in ("her", "his", "their", "the", "patient's", "pt's", "my") and toks[i + 3][2].lower() in L.KIN:
            cls[i] = 3
    # lists of names: "Kónya, Becker and Reed" - a candidate lends support to its list neighbours
    for i in nz:
        if cls[i] >= 2:
            for step in (1, -1):
                k = i
                while 0 <= k + 2 * step < n and toks[k + step][2].lower() in _LIST_SEP:
                    k2 = k + 2 * step
                    if k2 + 1 < n and (toks[k2][2] + " " + toks[k2 + 1][2]).lower() in _MULTI_GEO:
                        break
                    if cls[k2] == 1 or (cls[k2] == 0 and toks[k2][2][0].isupper() and toks[k2][2][0].isalpha()
                                        and len(toks[k2][2]) > 2 and not toks[k2][2].isupper()
                                        and _list_member(toks[k2][2], toks[k2 + 1][2] if k2 + 1 < n else "")):
                        if not (step == -1 and (k2 == 0 or toks[k2 - 1][2] in _SENT_END)) or cls[k2] == 1:
                            cls[k2] = 2
                        k = k2
                    elif cls[k2] >= 2:
                        k = k2
                    else:
                        break
    # group into phrases
    last = -1
    for i in sorted(set(nz) | {k for k in idx if cls[k]}):
        if i <= last:
            continue
        j = i
        while True:
            k = j + 1
            # middle initial "J." / particles
            if k + 1 < n and len(toks[k][2]) == 1 and toks[k][2].isalpha() and (toks[k][2].isupper() or lower_mode) and toks[k + 1][2] == "." and k + 2 < n and cls[k + 2]:
                j = k + 2
                continue
            if k < n and len(toks[k][2]) == 1 and (toks[k][2].isupper() or (lower_mode and toks[k][2].isalpha())) and k + 1 < n and cls[k + 1] and toks[k][0] == toks[j][1] + 1:
                j = k + 1
                continue
            if k + 1 < n and toks[k][2].lower() in PARTICLES and cls[k + 1] and toks[k][2][0].islower():
                j = k + 1
                continue
            if k < n and cls[k] and toks[k][0] - toks[j][1] <= 1:
                j = k
                continue
            if k < n and toks[k][0] - toks[j][1] <= 1 and toks[k][2][0].isupper() and toks[k][2][0].isalpha() \
                    and max(cls[i:j + 1]) >= 2 and not _allowed(_base(toks[k][2])) and not (toks[k][2].isupper() and len(toks[k][2]) > 1):
                # capitalised English word glued to a candidate: "Maria Rose", "John Little"
                j = k
                continue
            break
        while i >= 2 and toks[i - 1][2] == "." and len(toks[i - 2][2]) == 1 and toks[i - 2][2].isupper() \
                and i >= 3 and toks[i - 3][2][:1].isupper() and toks[i - 3][2].isalpha() and len(toks[i - 3][2]) > 1 \
                and not _allowed(_base(toks[i - 3][2])):
            i -= 3  # "Ken N. Fukuda": first name + middle initial before a candidate
        strength = max(cls[i:j + 1])
        count = j - i + 1
        if strength >= 2 or (strength == 1 and count >= 2 and (not lower_mode or all(
                len(toks[k][2]) >= 4 for k in range(i, j + 1)))):
            yield toks[i][0], toks[j][1], i, j, strength
        last = j
    return


_VOC_PUNCT = frozenset({"!", "?", ":"})


def _list_member(tok, nxt):
    """May a capitalised word listed next to a name be a name too?  Surnames that are also eponyms
    ("Graves", "Barrett") may, unless a disease word follows."""
    b = _base(tok)
    if not _allowed(b):
        return True
    return (b in L.EPONYMS or b.rstrip("s") in L.EPONYMS) and b not in L.CLINICAL and b not in L.DRUGS and nxt.lower() not in TITLE_WORDS


_SPEAKER = frozenset({":", ",", "!", "?"})
_MORE_VERBS = L._words("""spent began begun wrote went came saw told gave took made knew thought felt found kept brought
bought sent flew drove ran sat stood grew won met paid put read heard held meant set taught understood became
shouted smiled laughed cried replied answered asked agreed explained added continued arrived left lives works
studied graduated founded joined invested launched published released recorded directed starred played sang
married divorced passed retired moved""")
_MULTI_GEO = frozenset(x for x in L.COUNTRIES | L.US_STATES | L.REGIONS if " " in x)
_GEO_LAST = frozenset(x.split()[-1] for x in _MULTI_GEO)


def _place_kind(text, s, e, prev_word, first_tok):
    phrase = text[s:e].lower().rstrip("'s").rstrip("’s")
    b = _base(first_tok)
    if phrase in L.US_PLACES and b not in L.FIRST_NAMES:
        return "place"
    if prev_word in PLACE_PREP and b not in L.FIRST_NAMES and b not in L.SURNAMES:
        return "place"
    return "name"


def detect(text: str):
    cands: list[tuple[int, int, str, str]] = []
    add = cands.append
    low = text.lower()
    gates: dict = {}
    for kind, rx, grp, label, need, win in P:
        if win is not None:
            key = (id(need), win)
            spans = gates.get(key)
            if spans is None:
                d3 = gates.get("d3")
                if d3 is None:
                    d3 = gates["d3"] = _windows(_D3_RE, text, low, 14, 14)
                spans = gates[key] = _windows(need, text, low, win[0], win[1], d3)
            if not spans:
                continue
            matches = [m for a, b in spans for m in rx.finditer(text, a, b)] if len(spans) > 1 else rx.finditer(text, spans[0][0], spans[0][1])
        else:
            if need is not None:
                ok = gates.get(id(need))
                if ok is None:
                    ok = any(k in low for k in need) if isinstance(need, tuple) else bool(need.search(text))
                    gates[id(need)] = ok
                if not ok:
                    continue
            matches = rx.finditer(text)
        for m in matches:
            s, e = m.span(grp)
            if s < 0 or e <= s:
                continue
            val = m.group(grp)
            lab = label
            if label.startswith("_"):
                if label == "_intl":
                    digits = sum(c.isdigit() for c in val)
                    if digits < 7 or digits > 15:
                        continue
                    # a bare run of small numbers separated by single spaces is likely a list of values
                    groups = re.split(r"[\s.()-]+", val.strip("+()"))
                    if len([g for g in groups if g]) < 2:
                        continue
                    if "." in val and not re.fullmatch(r"[\d.+ ()]+", val):
                        pass
                    if re.search(r"\d\.\d", val) and val.count(".") < 2:
                        continue
                elif label in ("_mdy", "_md"):
                    if label == "_md" and not _MD_CUE.search(text, max(0, s - 25), s):
                        continue
                    parts = re.split(r"[/.-]", val.split()[0])
                    a, b = int(parts[0]), int(parts[1])
                    if not ((1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)):
                        continue
                    if label == "_md" and b == 10 and re.match(r"\s*(?:pain|on pain)", text[e:]):
                        continue
                elif label == "_ymd":
                    parts = re.split(r"[-/.]", val[:10])
                    if not (1 <= int(parts[1]) <= 12 and 1 <= int(parts[2][:2]) <= 31):
                        continue
                elif label == "_bare_month":
                    if val == "May" and re.match(r"\s+(?:be|have|need|want|consider|help|not|benefit|also)\b", text[e:]):
                        continue
                elif label == "_zip":
                    if not _ZIP_CUE.search(text, max(0, s - 25), s):
                        continue
                elif label == "_idcue":
                    pw = text[max(0, s - 24):s].split()
                    last = pw[-1].lower().strip("([{:#=.,;") if pw else ""
                    if last not in _ID_CUE_LAST and last not in _MRN_LAST:
                        continue
                    if _MRN_CUE.search(text, max(0, s - 40), s):
                        add((s, e, "mrn", "Medical record number"))
                        continue
                    cm = _ID_CUE.search(text, max(0, s - 45), s)
                    if not cm:
                        continue
                    cue_text = cm.group().strip().split()[0]
                    add((s, e, kind, next((lb for c, lb in ID_CUES if c.match(cue_text)), "Identifying number")))
                    continue
                lab = ""
            if kind == "date" and re.fullmatch(rf"(?:{WDAY},?\s+)?(?:the\s+)?\d{{1,2}}{ORD}", val):
                # "the 14th" alone: only with a clear date cue before it
                if not re.search(r"\b(?:on|since|from|until|by|before|after)\s+(?:the\s+)?$", text[max(0, s - 12):s], I) and not val[0].isalpha():
                    continue
                if not val.lower().startswith("the") and not re.match(WDAY, val):
                    continue
            add((s, e, kind, lab))
    if _WN_GATE.search(text):
        _word_numbers(text, add)
    _address_blocks(text, cands, add)
    # facilities
    for m in _win_iter(FAC_RE, text, low, _FAC_TRIGGER, 110, 30):
        s, e = m.span()
        words = re.findall(r"[\w'’.]+|&", m.group())
        # drop leading sentence words that are generic ("The", "At")
        mods = words[:-1]
        head_idx = len(words) - 1
        # strip head words (multi-word heads)
        for h in L.FACILITY_HEADS:
            hw = h.split()
            if [w.lower() for w in words[-len(hw):]] == [w.lower() for w in hw]:
                mods = words[: -len(hw)]
                head_idx = len(words) - len(hw)
                break
        specific = [w for w in mods if w[0].isupper() and _base(w.rstrip(".")) not in L.FACILITY_GENERIC
                    and _base(w.rstrip(".")) not in FAC_SKIP]
        if not specific:
            continue
        # trim leading generic capitalised words ("The", sentence-start "Our")
        lead = m.group()
        trimmed = re.match(r"(?:(?:The|A|An|Our|At|In|From|To|This|Her|His|Their|Patient|Pt)\s+)+", lead)
        if trimmed:
            s += trimmed.end()
        add((s, e, "facility", ""))
    for m in _win_iter(SAINT_RE, text, low, _SAINT_TRIGGER, 0, 45):
        add((m.start(), m.end(), "facility", ""))
    for m in _win_iter(COUNTY_RE, text, low, _COUNTY_TRIGGER, 80, 2):
        first = _base(m.group().split()[0])
        if first in ("the", "a", "this", "our", "rural", "same", "each", "every", "which", "what", "that", "in", "from"):
            continue
        s = m.start()
        add((s, m.end(), "place", ""))
    for m in _win_iter(CITY_STATE_RE, text, low, _CITY_STATE_TRIGGER, 80, 25):
        s, e = m.span(1)
        words = m.group(1).split()
        # keep only the trailing words that look like the place name
        while words and ((_allowed(_base(words[0])) and _base(words[0]) not in L.US_PLACES) or _base(words[0]) in ("the", "in", "from", "lives")):
            s += len(words[0]) + 1
            words = words[1:]
        if words:
            add((s, e, "place", ""))
    # names and places from capitalised tokens
    toks = None
    orgs = [m.span() for m in _win_iter(ORG_RE, text, low, _ORG_TRIGGER, 120, 60)] if not low == text else []
    for s, e, i, j, strength in _name_tokens(text, low):
        if strength < 3 and any(os_ <= s and e <= oe for os_, oe in orgs) \
                and not (_base(text[s:e].split()[0]) in L.FIRST_NAMES and " " in text[s:e]):
            continue  # a business ("Nera Economic Consulting"), unless it starts with a person's full name
        before = text[max(0, s - 30):s].lower().split()
        prev_word = before[-1] if before else ""
        first_tok = text[s:e].split()[0]
        if prev_word in ("lives", "live", "living", "resides", "relocated", "moved") :
            prev_word = "in"
        kind = _place_kind(text, s, e, prev_word, first_tok)
        if kind == "name":
            h = HONOR_RE.search(text, max(0, s - 12), s)
            if h:
                s = h.start()
        add((s, e, kind, ""))
    # strong place cues take any capitalised (or, in lower-case text, unknown) phrase: "grew up in KNIVSTA",
    # "flew to Mill Village", "University of X", "Where: X"
    for m in _win_iter(STRONG_PLACE_RE, text, low, _STRONG_TRIGGER, 2, 90):
        _strong_place(text, low, m.start(1), m.group(1), add, low == text)
    for m in WEAK_CAPS_PLACE_RE.finditer(text):
        w = m.group(1)
        if not _allowed(w.lower()) and w.lower() not in L.ENGLISH:
            add((m.start(1), m.end(1), "place", ""))
    # "Toronto, Canada", "Zoetermeer   Netherlands": town before a country name
    for m in CAPWORD_RE.finditer(text):
        w = m.group()
        full = _COUNTRY_FIRST.get(w.lower())
        if full:
            cs = m.start()
            for c in full:
                ce = cs + len(c)
                if low.startswith(c, cs) and (ce >= len(text) or not text[ce].isalnum()):
                    _place_before_country(text, cs, add)
                    break
    # place names made only of English words after a strong place cue ("lives in Silver City")
    for m in PLACE_CUE_RE.finditer(text):
        s, e = m.span(1)
        ph = m.group(1)
        while ph and ph.lower() not in L.US_PLACES and " " in ph:
            ph = ph.rsplit(" ", 1)[0]
        if ph.lower() in L.US_PLACES and ph.lower() not in L.US_STATES and not _allowed(ph.lower()):
            add((s, s + len(ph), "place", ""))
    return _resolve(cands)


_UNITS = L._words("mg mcg ml dl kg lb lbs g units unit tabs tab tablets tablet caps capsules x h hr hrs min mins mmhg "
                  "cm mm bpm pm am yo sec secs mo mos wk wks day days week weeks month months year years times doses "
                  "puffs drops sprays patches pills meq mmol iu ng pg percent of to and or at on in per")


def _NWN_BAD(w):
    b = w.lower()
    return not w or b in _UNITS or _allowed(_base(w)) or (w.islower() and b in L.ENGLISH)


_UNIT_AFTER = re.compile(r"\s*(?:mg|mcg|ml|mL|g|kg|%|units?|tabs?|pills?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?|mmHg|times|x)\b")
_SEP = r"(?:\s*[,>|]\s*|\s*\?{3}\s*|\s+)"
UNIT_AT = re.compile(_SEP + rf"({_UNITW}\s*#?\s*\d{{1,5}}[A-Za-z]?)\b")
_PW = r"(?:[A-ZÀ-ÖØ-Þ\u0386-\u03ab](?:[^\W\d]|['’.()-])*+(?!\d))"
PLACE_AT = re.compile(rf"({_SEP})((?:\d{{4,5}}|\d{{2}}-\d{{3}}|\d{{3}} \d{{2}})[ \t]+)?({_PW}(?:[ -](?:{_PW}|(?:de|del|la|nad|u|an|am|sur|upon|on|[kvKV])\b))*|(?<=,)[ \t]*[^\W\d_][\w'’-]*(?: [kv]\b)?)")
# optional region code + postcode after a town: "Leeds LS1", "SK 53650", "ON M5V 2T6" (the region code is kept
# in the finding: harmless, and it keeps the block together)
PC_AT = re.compile(_SEP + r"((?:[A-Z]{2,3}" + _SEP + r")?(?:\d{4,6}|\d{3} \d{2}|\d{2}-\d{3}|[A-Z]\d[A-Z] ?\d[A-Z]\d))\b(?![.,/-]?\d)")
ADDR_BEFORE_RE = re.compile(r"(?<![\w.,/:+-])\d{1,6}[ \t]+$")


_EU_SUF_T = tuple(x.replace("\\", "") for x in _EU_SUF.split("|"))
_STREET_WORDS = frozenset("gate vei vej gade tee tér út utca útja u. sokak sokağı caddesi cad. straße strasse straat weg "
                          "väg gata katu tie iela tänav".split())
_PRE_SET = frozenset(x.replace("\\", "") for x in _PRE_I.split("|")) | {"avda"}
_PRE_CS = frozenset({"Via", "Av.", "Avenue", "Boulevard", "Plaza", "Place", "Camino", "Πλατεία", "Οδός"})
# a word followed by a number: one pass feeds the street, house-number and postcode rules
WN_NUM_RE = re.compile(r"[ \t,](\d{1,6}[a-zA-Z]?)(?![\w])")
_WORD_FULL = re.compile(r"[^\W\d_][\w'’-]*\.?\)?")
_WN_GATE = re.compile(r"[^\W\d_][ \t,]+\d")
_NUM_TOKEN = re.compile(r"\d{1,6}")
_PC_TAIL = re.compile(r"-\d{3}\b| \d{2}\b(?!\d)")
_DIGIT_RE = re.compile(r"\d")


def _pos_of(text, b0, ws, before, k):
    """Start offset of before[k], the k-th whitespace-separated word of text[b0:ws]."""
    pos = ws
    for w in reversed(before[k:]):
        pos = text.rfind(w, b0, pos)
    return pos


_PRE_GATE = re.compile(rf"(?<![\w.])(?:(?i:{_PRE_I})|Via|Av\.|Avenue|Boulevard|Plaza|Place|Camino|Πλατεία|Οδός)\s")


def _word_numbers(text, add):
    pre_ok = bool(_PRE_GATE.search(text))
    for m in WN_NUM_RE.finditer(text):
        # number first (cheap to find), then the word (or "word)") right before it
        ns, ne = m.span(1)
        k = ns - 1
        while k > 0 and text[k - 1] in " \t,":
            k -= 1
        j = k
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "_'’.-)"):
            j -= 1
        w = text[j:k]
        if not w or not _WORD_FULL.fullmatch(w):
            continue
        num = m.group(1)
        ws = j
        wl = w.lower()
        wb = wl.rstrip(".)")
        comma = "," in text[k:ns]
        # 1. "Pohlstrasse 9", "Harjukuja 54": street-name suffix + house number
        if not comma and wl.endswith(_EU_SUF_T) and wb not in _STREET_WORDS and len(wl) > 4 and wb not in L.ENGLISH and not _allowed(_base(wb)):
            add((ws, ne, "address", ""))
            continue
        # cheap exits for the common clinical case ("HR 88", "PHQ-9 of 18", "dose 50"): an allowed or
        # ordinary lower-case word before the number can only matter as a street word, after a street
        # type ("Via ..."), or as a country before a postcode
        if wl not in _STREET_WORDS and not pre_ok and ((w.islower() and wb in L.ENGLISH) or _allowed(_base(wb))) \
                and not (len(num) >= 4 and (wb in L.COUNTRIES or wb in L.US_STATES or wb in _GEO_LAST)):
            continue
        if not (wl in _STREET_WORDS or pre_ok or len(num) >= 4 or (len(num) in (2, 3) and _PC_TAIL.match(text, ne))
                or _DIGIT_RE.search(text, max(0, ws - 40), ws)):
            continue
        b0 = max(0, ws - 70)
        before = text[b0:ws].split()
        # 2. "Trenerys gate 232", "Erzsébet tér 19", "Kálmán Imre u. 12"
        if not comma and wl in _STREET_WORDS and before:
            k = len(before) - 1
            if k >= 1 and before[k - 1][:1].isalpha() and before[k - 1][:1].isupper():
                k -= 1
            first = before[k]
            if first[:1].isalpha() and first.lower() not in L.ENGLISH and not _allowed(_base(first)):
                add((_pos_of(text, b0, ws, before, k), ne, "address", ""))
                continue
        # 3. street type first: "Calle Mayor 5", "ul. Narewska 94", "Rua do Arenque 1634", "Via Roma 131"
        if not comma and pre_ok:
            chain = [w]
            k = len(before)
            found = -1
            if wl in _PRE_SET or w in _PRE_CS:
                found = k
            else:
                while k > 0 and len(chain) < 6:
                    k -= 1
                    b = before[k]
                    if not b[:1].isalpha() or any(c.isdigit() or c in ",;:()" for c in b):
                        break
                    chain.append(b)
                    if b.lower() in _PRE_SET or b in _PRE_CS:
                        found = k
                        break
            if found >= 0:
                pre = w if found == len(before) else before[found]
                mid = chain[1:-1][::-1] + [w] if found < len(before) else []
                if pre in _PRE_CS and (not mid or all(x.islower() and x in L.ENGLISH for x in mid)):
                    pass
                elif not _UNIT_AFTER.match(text, ne):
                    start = ws if found == len(before) else _pos_of(text, b0, ws, before, found)
                    add((start, ne, "address", ""))
                    continue
        # 4. house number + name + number: "450 Præstevænget 15", "329 Arenales 9462"
        if not comma:
            k = len(before)
            words = [w.rstrip(".)")]
            while k > 0 and len(words) < 3 and before[k - 1][:1].isalpha():
                k -= 1
                words.append(before[k].strip(".'’"))
            if k > 0 and _NUM_TOKEN.fullmatch(before[k - 1]):
                nstart = _pos_of(text, b0, ws, before, k - 1)
                ok = nstart == 0 or text[nstart - 1] not in ".,/:+-" and not text[nstart - 1].isalnum()
                if ok and not any(_NWN_BAD(x) for x in words) \
                        and any(len(x) >= 4 and x.lower() not in L.ENGLISH for x in words) \
                        and not _UNIT_AFTER.match(text, ne) and not (ne < len(text) and text[ne] in "%/"):
                    add((nstart, ne, "address", ""))
                    continue
        # 5. postcode after a country or a town: "Hungary 34796", "in ARENDAL 4844", "Wrocław 53-320"
        pe = ne
        ok = num.isdigit() and 4 <= len(num) <= 6 and not (len(num) == 4 and num[:2] in ("19", "20"))
        if not ok and num.isdigit() and len(num) in (2, 3):
            t = _PC_TAIL.match(text, ne)
            if t and (len(num) == 2) == (t.group()[0] == "-"):
                ok, pe = True, t.end()
        if not ok or _UNIT_AFTER.match(text, pe) or (pe < len(text) and text[pe] in ".,:/-" and pe + 1 < len(text) and text[pe + 1].isdigit()):
            continue
        wc = w.strip("()")
        two = (before[-1] + " " + wc).lower() if before else ""
        wcl = wc.lower()
        if wcl in L.COUNTRIES or two in L.COUNTRIES or wcl in L.US_STATES or two in L.US_STATES:
            add((ns, pe, "zip", ""))
        elif wc[:1].isupper() and not _allowed(_base(wc)) and (wcl not in L.ENGLISH or (wc.isupper() and len(wc) >= 4)) \
                and not (wc.isupper() and len(wc) <= 3):
            add((ns, pe, "zip", ""))
            add((ws, ws + len(w), "place", ""))


def _address_blocks(text, cands, add):
    """Grow each street address over a preceding house/postcode number, a following unit, town and postcode."""
    for s, e, kind, _ in list(cands):
        if kind != "address":
            continue
        mb = ADDR_BEFORE_RE.search(text, max(0, s - 8), s)
        if mb:
            add((mb.start(), e, "address", ""))
        pos = e
        mu = UNIT_AT.match(text, pos)
        if mu:
            add((mu.start(1), mu.end(1), "address", ""))
            pos = mu.end()
        mp = PLACE_AT.match(text, pos)
        if not mp:
            continue
        ph = mp.group(3).strip()
        sep = mp.group(1)
        words = ph.split()
        first = words[0].strip("()")
        structured = "," in sep or ">" in sep or "|" in sep or "?" in sep or "\n" in sep or len(sep) >= 2
        pl = ph.lower()
        if pl in L.COUNTRIES or pl in L.US_STATES or pl in L.REGIONS:
            continue
        if _allowed(_base(first)) and not first.isupper():
            continue
        if first.lower() in L.ENGLISH and not structured and not first.isupper():
            continue
        ps = mp.start(3) + (len(mp.group(3)) - len(mp.group(3).lstrip()))
        add((ps, mp.end(3), "place", ""))
        if mp.group(2):
            add((mp.start(2), mp.start(2) + len(mp.group(2).rstrip()), "zip", ""))
        mz = PC_AT.match(text, mp.end())
        if mz:
            add((mz.start(1), mz.end(1), "zip", ""))


_PLW = r"(?:[A-ZÀ-ÖØ-Þ\u0386-\u03ab][\w'’.-]*)"
_PLPH = rf"{_PLW}(?:[ -](?:{_PLW}|(?:de|del|la|las|los|do|da|nad|na|an|am|sur|upon|on|[kvKV])\b|o'))*"
_SAINT_TRIGGER = re.compile(r"St\.|Saint")
_COUNTY_TRIGGER = re.compile(r"County|Parish|Borough|Township")
_CITY_STATE_TRIGGER = re.compile(r",\s*[A-Z]")
# facility heads: capitalised, or the lower-case heads FAC_RE accepts
_FAC_TRIGGER = re.compile(r"Hospital|Clinic|Medical|Health|Pharmacy|Infirmary|Sanatorium|Nursing|Rehab|Treatment|Recovery|"
                          r"Counseling|Care|Dialysis|Surgery|Cancer|Hospice|Physicians|Detox|Pediatrics|Chapter|Family|"
                          r"HOSPITAL|CLINIC|hospital|clinic|pharmacy|healthcare|medical center|health center|"
                          r"health system|treatment center|nursing home|urgent care")
_STRONG_TRIGGER = _Low(r"liv|resid|grew|raised|born|moved|relocat|flew|fly|flying|travel|return|origin|based|station|"
                       r"locat|headquarter|arriv|i'?m\b|i am|we'?re|we are|stay|visit|drove|driv|home|universit|where|"
                       r"city|town|village|birth|municip|suburb|borough")
_ORG_TRIGGER = _Low(r"\b(?:inc|ltd|llc|llp|plc|corp|company|group|holdings|partners|associates|technolog|systems|"
                    r"solutions|software|consulting|bank|foundation|orchestra|labs|laborator|media|airlines|industries|"
                    r"enterprises|ventures|capital|insurance|markets|analytics|networks|gmbh|and sons|work|employ|job)")
STRONG_PLACE_RE = re.compile(
    r"(?i:\b(?:lives?|living|resides?|residing|grew\s+up|raised|born|moved(?:\s+here|\s+back)?|relocated|flew|flying|"
    r"fly|travel(?:l?ed|ling|s)?|returned|originally|based|stationed|located|headquartered|arrived|i'?m|i\s+am|"
    r"we'?re|we\s+are|staying|visiting|visited|drove|driving|hometown|home\s+town|home\s+city|"
    r"born\s+and\s+raised)\s+(?:(?:here|back|up|down|out)\s+)?(?:in|to|from|at|near|outside(?:\s+of)?|of)\s+|"
    r"\buniversity\s+of\s+|\b(?:where|location|city|town|village|hometown|birthplace|place\s+of\s+birth)\s*:\s*|"
    r"\bhome\s+(?:city|town)\s+|\b(?:city|town|village|municipality|suburb|borough)\s+of\s+)"
    rf"({_PLPH}|[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){{0,2}})")
WEAK_CAPS_PLACE_RE = re.compile(r"\b(?:in|from|to|at|near|outside|around)\s+([A-ZÀ-ÖØ-Þ\u0386-\u03ab][A-ZÀ-ÖØ-Þ\u0386-\u03ab'’-]{4,})\b(?![-\w])")
CAPWORD_RE = re.compile(r"\b[A-Z][a-zA-Z]+\b")
_COUNTRY_FIRST: dict = {}
for _c in sorted(L.COUNTRIES, key=len, reverse=True):
    if _c[0].isalpha() and _c.split()[0] not in ("the", "saint", "st", "new", "south", "north", "east", "west"):
        _COUNTRY_FIRST.setdefault(_c.split()[0], []).append(_c)
for _c in sorted(L.COUNTRIES, key=len, reverse=True):
    if _c.split()[0] in ("new", "south", "north", "east", "west") and " " in _c:
        _COUNTRY_FIRST.setdefault(_c.split()[0], []).append(_c)
_PLACE_BEFORE_RE = re.compile(rf"({_PLPH})(\s*[,>|]\s*|\s*\n\s*|[ \t]{{2,}}|[ \t])$")
_GENERIC_START = frozenset("the a an my our her his their this that in from to at of and or with for on by i we".split())


def _strong_place(text, low, s, ph, add, lower_mode):
    words = ph.split()
    # cut at the first word that cannot be part of the place name
    keep = []
    for w in words:
        b = _base(w.strip(".,"))
        if keep and (b in _GENERIC_START or (w[0].islower() and not lower_mode and b not in PARTICLES)):
            break
        keep.append(w)
    if not keep:
        return
    first = keep[0]
    fb = _base(first)
    if fb in _GENERIC_START or (first[0].islower() and (not lower_mode or fb in L.ENGLISH)):
        return
    phrase = " ".join(keep).rstrip(".,")
    pl = phrase.lower()
    if pl in L.COUNTRIES or pl in L.US_STATES or pl in L.REGIONS or _allowed(pl):
        return
    if _allowed(fb) and not first.isupper():
        return
    if first.isupper() and len(first) <= 3:
        return
    add((s, s + len(phrase), "place", ""))


def _place_before_country(text, cs, add):
    m = _PLACE_BEFORE_RE.search(text, max(0, cs - 60), cs)
    if not m:
        return
    words = m.group(1).split()
    while words and (_allowed(_base(words[0])) or words[0].lower() in _GENERIC_START) and not words[0].isupper():
        words = words[1:]
    if not words:
        return
    phrase = " ".join(words)
    if _allowed(phrase.lower()) or phrase.lower() in L.COUNTRIES:
        return
    sep = m.group(2)
    if sep == " " and not (phrase.isupper() or all(_base(w) not in L.ENGLISH for w in words)):
        return
    e = m.start(2)
    add((e - len(phrase), e, "place", ""))


HONOR_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Nurse|Sr|Fr|Rev|Sister|Brother|Father|Aunt|Uncle)\.?\s+$")
PLACE_CUE_RE = re.compile(rf"\b(?:in|from|to|near|outside(?:\s+of)?|around|lives\s+in|moved\s+to|resides\s+in|town\s+of|city\s+of|village\s+of|community\s+of|chapter\s+of)\s+({CAPW}(?:\s+(?:{CAPW}|of|or|de|la|y))*)")


def _resolve(cands):
    """Keep the longest candidates (then the higher-priority kind); drop any that overlap a kept one."""
    cands.sort(key=lambda c: (-(c[1] - c[0]), -PRIO[c[2]], c[0]))
    starts: list[int] = []
    ends: list[int] = []
    taken = []
    for c in cands:
        s, e = c[0], c[1]
        i = bisect.bisect_left(starts, s)
        if i < len(starts) and starts[i] < e:
            continue
        if i > 0 and ends[i - 1] > s:
            continue
        starts.insert(i, s)
        ends.insert(i, e)
        taken.append(c)
    taken.sort()
    return taken

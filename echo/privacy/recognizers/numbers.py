"""Social Security, record, account, licence, device and card numbers; ZIP and postal codes."""
from __future__ import annotations

import re

from echo.privacy import lexicon as L
from echo.privacy.rules import FILTERS, I, Low, add_rule
from echo.privacy.words import ORDINARY, base_form, never_identifying

_ZIP_GATE = re.compile(r"\d{5}")

# --- SSN, record numbers, other ids ---------------------------------------------------------------
add_rule("ssn", r"(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])", need=re.compile(r"\d{3}-\d{2}-\d{4}"), win=(5, 15))
add_rule("ssn", r"\b(?:SSN|SS#|social\s+security(?:\s+(?:number|no\.?|#))?)\s*[:#]?\s*(\d{3}[\s-]?\d{2}[\s-]?\d{4})\b", I, 1, need=Low(r"ssn|ss#|social security"), win=(0, 45))
_NUMCUE = r"(?:\s+(?:number|num|no\.?|#|ID|id))?\s*(?:is|was|of)?\s*[:#=]?\s*"
_IDVAL = r"(#?(?=(?:[A-Za-z-]*\d){3})(?![\d]{1,3}-(?:year|yr|y)\b)[A-Za-z0-9][A-Za-z0-9-]{3,}[A-Za-z0-9]|\d{4,})"
# record numbers: found by the value-first ID pass ("_idcue") when this cue precedes the value
_MRN_CUE = re.compile(r"(?:\bMRN|\bMR#|\bMR\s*No\.?|\bmedical\s+record|\bchart|\bhospital|\bpatient|\bencounter|\bFIN|\bCSN)(?:\s+(?:number|num|no\.?|#|ID)|(?<=MRN)|(?<=MR#))\s*(?:is|was)?\s*[:#=]?\s*$", I)

ID_CUES: list = []
for cue, label in [
    (r"account|acct\.?|a/c|billing", "Account number"),
    (r"member|subscriber|beneficiary|policy|group|health\s+plan|insurance|insurance\s+member|medicaid|medicare|"
     r"MBI|HICN|plan|benefit", "Health plan number"),
    (r"driver'?s?\s+licen[cs]e|licen[cs]e|DL|CDL|NPI|DEA|permit|certificate|cert\.?|passport|"
     r"tribal\s+(?:enrollment|ID|census)|census|enrollment|CIB|certificate\s+of\s+(?:degree\s+of\s+)?indian\s+blood",
     "Licence or certificate number"),
    (r"serial|device|pacemaker|implant|pump|model|UDI|IMEI|MAC", "Device or serial number"),
    (r"plate|licen[cs]e\s+plate|tag|VIN|vehicle|(?:vehicle\s+)?registration|rego", "Vehicle or plate number"),
    (r"card|credit\s+card|debit\s+card|IBAN|routing|case|claim|ID|identifier|reference|ref\.?|badge|employee",
     "Identifying number"),
]:
    ID_CUES.append((re.compile(rf"(?:{cue})", I), label))
# last word before an identifying number when an ID cue is present ("Medicaid ID: 123", "plate # 7KLR", "account 99")
_ID_CUE_LAST = frozenset(["account", "acct", "a/c", "billing", "member", "subscriber", "beneficiary", "policy", "group", "health", "plan", "insurance", "medicaid", "medicare", "mbi", "hicn", "benefit", "license", "licence", "dl", "cdl", "npi", "dea", "permit", "certificate", "cert", "passport", "enrollment", "census", "cib", "blood", "serial", "device", "pacemaker", "implant", "pump", "model", "udi", "imei", "mac", "plate", "tag", "vin", "vehicle", "registration", "rego", "card", "iban", "routing", "case", "claim", "id", "identifier", "reference", "ref", "badge", "employee", "number", "num", "no", "#", "is", "was", "of"]) | {""}
_MRN_LAST = frozenset(["mrn", "mr#", "mr", "no", "number", "num", "#", "id", "is", "was", "record", "chart", "hospital", "patient", "encounter", "fin", "csn"])
_ID_CUE = re.compile(rf"\b(?:{'|'.join(c.pattern[3:-1] for c, _ in ID_CUES)}){_NUMCUE}$", I)
add_rule("id", rf"(?<![\w-]){_IDVAL}", 0, 1, "_idcue", need=re.compile(r"\d[\w-]*\d[\w-]*\d"), win=(14, 30))
# a Medicare Beneficiary Identifier has a shape of its own, label or not: "1EG4-TE5-MK73"
_MBI_L = "AC-HJKMNP-RT-Y"
add_rule("id", rf"\b[1-9][{_MBI_L}][{_MBI_L}0-9]\d-?[{_MBI_L}][{_MBI_L}0-9]\d-?[{_MBI_L}]{{2}}\d{{2}}\b", 0, 0, "Health plan number",
         need=re.compile(r"\d[A-Z][A-Z0-9]\d"), win=(2, 12))
add_rule("id", r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,4})?\b", I, 0, "Bank account (IBAN)", need=re.compile(r"\d\d[A-Za-z0-9]{4}"), win=(5, 45))
add_rule("id", r"(?<![\w.,/-])(?:\d{4}[ -]){3}\d{1,7}(?![\w/-])", 0, 0, "Card or account number", need=re.compile(r"\d{4}[ -]\d{4}"), win=(5, 30))
add_rule("id", r"(?<![\w.,/-])\d{9,19}(?![\w/-]|[.,]\d)", 0, 0, "Identifying number", need=re.compile(r"\d{9}"), win=(5, 25))
add_rule("id", r"(?<![\w.,/-])[A-Z]{1,3}-?\d{6,}(?![\w/-])", 0, 0, "Identifying number", need=re.compile(r"[A-Z]-?\d{6}"), win=(5, 25))


# --- ZIP --------------------------------------------------------------------------------------------
STATES_RE = "|".join(sorted((s.title() for s in L.US_STATES), key=len, reverse=True))
ABBR_RE = "|".join(sorted(L.STATE_ABBR))
_ZIP_CUE = re.compile(rf"\b(?:{ABBR_RE}|{STATES_RE}),?\s{{1,2}}$")
add_rule("zip", r"(?<![\w.,/-])(\d{5}(?:-\d{4})?)(?![\w/-]|[.,]\d)", 0, 1, "_zip", need=_ZIP_GATE, win=(5, 15))
add_rule("zip", r"(?<![\w-])\d{5}-\d{4}(?![\w-])", need=_ZIP_GATE, win=(5, 15))
add_rule("zip", r"\b(?:zip\s*code|zip|postal\s+code|post\s*code|postcode)\s*(?:is|was|of|:)?\s*[:#]?\s*((?=[A-Z]{0,4}\d)[A-Z0-9]{2,5}(?:[\s-][A-Z0-9]{2,4})?)\b", I, 1, need=Low(r"zip|postal|post ?code"), win=(0, 45))
# Canadian (A1A 1A1) and UK (SW1A 1AA, M1 1AE) postcodes: strict letter sets, upper case only
add_rule("zip", r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b", need=re.compile(r"[A-Z]\d[A-Z] ?\d[A-Z]\d"), win=(3, 10))
add_rule("zip", r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) \d[ABD-HJLNP-UW-Z]{2}\b", need=re.compile(r"\d[A-Z]{2}\b"), win=(8, 3))
# Irish Eircode (D02 X285, H91 E2K3): routing key + space + 4-character unique identifier
add_rule("zip", r"\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W) (?=[0-9AC-FHKNPRTV-Y]{0,3}[AC-FHKNPRTV-Y])[0-9AC-FHKNPRTV-Y]{4}\b", need=re.compile(r"[A-Z]\d[\dW] [0-9A-Z]{4}\b"), win=(2, 2))
# a postcode between a house number and its town, European style: "Ul. Długa 17/4, 80-827 Gdańsk",
# "Skogstien 106, 1386 Asker", "Calle Mayor 3, 28013 Madrid"
add_rule("zip", r"(?<=\d)(?:[a-zA-Z]|/\d+)?,\s+(\d{2}-\d{3}|\d{4,5})(?=\s+[A-ZÀ-ÖØ-Þ\u0141\u015a\u017b][^\W\d_]{2,})", 0, 1,
         "_zip_before_town", need=re.compile(r"\d,\s+\d{2}"), win=(8, 12))


def _zip_before_town(text, s, e, val, add):
    """The word after the postcode is a town's name, not an ordinary word ("14, 2019 Annual Report")."""
    town = re.match(r"\s+([^\W\d_][\w'’-]*)", text[e:e + 40])
    if not town or len(val) == 4 and val[:2] in ("19", "20"):
        return None
    b = base_form(town.group(1))
    return None if b in ORDINARY or never_identifying(b) else ""


def _record_or_id(text, s, e, val, add):
    """A number is a record or identifying number only after a cue word ("MRN", "Medicaid ID", "plate")."""
    pw = text[max(0, s - 24):s].split()
    last = pw[-1].lower().strip("([{:#=.,;") if pw else ""
    if last not in _ID_CUE_LAST and last not in _MRN_LAST:
        return
    if _MRN_CUE.search(text, max(0, s - 40), s):
        add((s, e, "mrn", "Medical record number"))
        return
    cm = _ID_CUE.search(text, max(0, s - 45), s)
    if not cm:
        return
    cue_text = cm.group().strip().split()[0]
    add((s, e, "id", next((lb for c, lb in ID_CUES if c.match(cue_text)), "Identifying number")))
    return


def _zip_after_state(text, s, e, val, add):
    """Five digits are a ZIP code only right after a state name or abbreviation."""
    return "" if _ZIP_CUE.search(text, max(0, s - 25), s) else None


FILTERS["_idcue"] = _record_or_id
FILTERS["_zip"] = _zip_after_state
FILTERS["_zip_before_town"] = _zip_before_town


# A record or registration number by its shape, whatever the label before it ("hospital no. KGH/2024/0871",
# "N° registre TB : KDG-2023-0417", "Code patient : PED-SN-00318"): groups of letters and digits joined by
# "/" or "-", with letters and at least four digits. Clinical codes of that shape have fewer digits ("ICD-10",
# "COVID-19", "SARS-CoV-2", "2HRZE/4HR", "CHA2DS2-VASc").
_SHAPED_ID = r"(?<![\w/.-])(?=[A-Za-z0-9/-]*[A-Za-z])(?=(?:[A-Za-z/-]*\d){4})[A-Za-z0-9]+(?:[/-][A-Za-z0-9]+)+(?![\w/-])"
add_rule("id", _SHAPED_ID, 0, 0, "_shaped_id", need=re.compile(r"\d[/-][A-Za-z0-9]|[A-Za-z][/-]\d"), win=(20, 20))
# after "no." / "n°" / "#" (and Spanish and French abbreviations) a number of four digits or more is one
add_rule("id", r"(?i:\b(?:no|n[°º]|nº|n\.º|num|núm|exp|dn|folio|file|chart|hosp|ip|opd)(?![a-z])\.?\s*[:#]?\s*)"
               r"([A-Z]{0,4}[ -]?\d[\d/-]{2,}\d)(?![\w/-])", 0, 1, "_numbered",
         need=Low(r"\b(?:no|n[°º]|nº|num|núm|exp|dn|folio|file|chart|hosp|ip|opd)"), win=(2, 40))


def _shaped_id(text, s, e, val, add):
    letters = sum(c.isalpha() for c in val)
    if letters > 12 or re.fullmatch(r"[A-Za-z]+-\d{1,3}", val):
        return None
    if re.fullmatch(r"[\d/-]+(?:[xX]\d{1,5}|-[A-Za-z]+)", val):
        return None  # a phone number with its extension or its label: "505-982-7021x905", "3660170548-Fax"
    return "Identifying number"


def _numbered(text, s, e, val, add):
    digits = sum(c.isdigit() for c in val)
    if digits < 4 or re.fullmatch(r"(?:19|20)\d\d(?:[-/](?:19|20)?\d\d)?", val):
        return None  # a year or a range of years
    return "Identifying number"


FILTERS["_shaped_id"] = _shaped_id
FILTERS["_numbered"] = _numbered


# a number behind an acronym the rules do not know as a label: "SIS 74102236", "NHC 3390127", "CIP: ARBC330914",
# "DUI: 04567123-8", "CAF : 7412598", "CIN : D 458127". Six digits or more (five with letters): lab results written
# after their acronym are shorter, and those that are not (platelets, viral loads) are left out by name.
_ACRONYM_NUMBER = (r"\b([A-Z][A-Z.]{1,6})(?![A-Za-z])(?:\s*(?:n[°º.]|no\.?|nº))?\s*[:#]?\s*"
                   r"(\d[\d -]{4,}\d[A-Z]?|[A-Z]{1,4}\s?\d{5,}|\d{5,}[A-Z]{1,6}\d*)(?![\w/-])")
_LAB_ACRONYMS = frozenset("""plt plq pq plaq cv vl cpk ck wbc gb gr rbc esr vsg cd4 cd8 arn rna adn dna ui iu hb hgb ldh
afp psa bnp ntprobnp ca ag ac igg igm ige ggt gamma alt ast sgot sgpt tgo tgp fa pal bun urea crp pcr hbsag hcv hiv vih
tsh t4 t3 ldl hdl tg inr tp ptt aptt ttpa tca fib pct mg meq mmol""".split())


_LABEL_BEFORE = re.compile(r"([A-Z][A-Z.]{1,6})(?:\s*(?:n[°º.]|no\.?|nº))?\s*[:#]?\s*$")


def _acronym_number(text, s, e, val, add):
    m = _LABEL_BEFORE.search(text, max(0, s - 20), s)
    label = (m.group(1) if m else "").replace(".", "").lower()
    if not label or label in _LAB_ACRONYMS or sum(c.isdigit() for c in val) < 6 and val.isdigit() \
            or re.fullmatch(r"(?:19|20)\d\d(?:[ -](?:19|20)\d\d)*", val):
        return None  # a lab result, a year or years
    return "Identifying number"


FILTERS["_acronym_number"] = _acronym_number
add_rule("id", _ACRONYM_NUMBER, 0, 2, "_acronym_number", need=re.compile(r"[A-Z]{2}\W{0,5}(?:[A-Z]{1,4}\s?)?\d{4}"),
         win=(12, 24))

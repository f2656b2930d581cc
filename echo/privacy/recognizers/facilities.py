"""Hospital, clinic and pharmacy names."""
from __future__ import annotations

import re
from collections.abc import Callable

from echo.privacy import lexicon as L
from echo.privacy.recognizers.employers import find_employers_and_schools
from echo.privacy.rules import Low, win_iter
from echo.privacy.words import ORDINARY, base_form, never_identifying

# --- facilities --------------------------------------------------------------------------------------
_HEADS = "|".join(sorted((re.escape(h) for h in L.FACILITY_HEADS), key=len, reverse=True))
_FACW = r"(?:St\.|Mt\.|Ft\.|[A-ZÀ-ÖØ-Þ][\w'’-]*|&)"
FAC_RE = re.compile(
    rf"(?:\b(?:St\.?|Saint|San|Santa)\s+)?(?:{_FACW}\s+(?:(?:of|de|del|la|los|las|and|y)\s+)?){{1,6}}?"
    rf"(?:(?:{_HEADS})|(?i:hospital|clinic|medical center|health center|healthcare|pharmacy|health system|"
    rf"treatment center|nursing home|urgent care))\b(?:\s+(?i:clinic|hospital|pharmacy))?\b"
)
FAC_SKIP = frozenset({"st", "saint", "san", "santa", "nation", "service", "services", "network", "program",
                      "department", "system", "national", "american", "international", "federal", "diagnostic",
                      # Spanish and French articles and possessives that start a sentence: "El hospital regional..."
                      "el", "la", "los", "las", "le", "les", "un", "una", "une", "del", "al", "au", "du", "des", "su", "sus",
                      "nuestro", "nuestra", "notre", "son", "sa", "ce", "cet", "cette", "este", "esta", "ese", "esa"}) | L.CLINICAL
SAINT_RE = re.compile(r"\b(?:St\.|Saint)\s+[A-Z][\w]+(?:['’]s)?(?:\s+[A-Z][\w]+)?(?!\s+(?:wort|John's\s+wort)\b)")
_FAC_TRIGGER = re.compile(r"Hospital|Clinic|Institute|Imaging|Medical|Health|Pharmacy|Infirmary|Sanatorium|Nursing|Rehab|Treatment|Recovery|"
                          r"Laborator|Diagnostics|Dialysis|Service Unit|Facility|"
                          r"Counseling|Care|Dialysis|Surgery|Cancer|Hospice|Physicians|Detox|Pediatrics|Chapter|Family|"
                          r"HOSPITAL|CLINIC|hospital|clinic|pharmacy|healthcare|medical center|health center|"
                          r"health system|treatment center|nursing home|urgent care")
_SAINT_TRIGGER = re.compile(r"St\.|Saint")

# Spanish and French put the head first: "Hospital Regional de Ayacucho", "Hôpital Albert Schweitzer",
# "CHU de Bordeaux", "Centre hospitalier de Rimouski", "Centro de Salud San Isidro", "Clinique du Parc"
_HEAD_FIRST = (r"Hosp\.|H[ôo]p\.|Cl[íi]n\.|H[ôo]tel-Dieu|Hospital(?:\s+(?:General|Universitario|Regional|Nacional|Civil|Central|Militar|Infantil|Pedi[áa]trico|"
               r"Materno[- ]Infantil|Psiqui[áa]trico|Comunitario|Departamental|Provincial|Municipal|Escuela|del\s+Niño))*|"
               r"H[ôo]pital(?:\s+(?:[Gg][ée]n[ée]ral|[Uu]niversitaire|[Rr][ée]gional|[Pp]rincipal|[Dd][ée]partemental|"
               r"[Pp]sychiatrique|[Cc]ommunautaire|[Mm]ilitaire))*|Cl[íi]nica|Clinique|Sanatorio|Policl[íi]nic[oa]|"
               r"Centre\s+[Hh]ospitalier(?:\s+(?:[Uu]niversitaire|[Rr][ée]gional|[Dd][ée]partemental))*|CHU|CHR|CHRU|"
               r"Centre\s+de\s+[Ss]ant[ée]|Centro\s+de\s+[Ss]alud|Centro\s+M[ée]dico|Centre\s+[Mm][ée]dical|"
               r"Dispensaire|Maternit[ée]|Instituto\s+Nacional|Institut|Puesto\s+de\s+[Ss]alud|Posta|CESFAM|IPS|ESE")
HEAD_FIRST_RE = re.compile(
    rf"\b(?:{_HEAD_FIRST})\s+(?:(?:de|del|de\s+la|de\s+los|du|des|de\s+l'|d'|la|el|le|les|los|las)\s*)?"
    rf"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+(?:(?:de|del|de\s+la|du|des|y|et|e)\s+)?(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|\d{{1,3}}\b))*")
_HEAD_AT = re.compile(rf"(?:{_HEAD_FIRST})")
_HEAD_FIRST_TRIGGER = re.compile(r"Hosp|H[ôo]p|H[ôo]tel-Dieu|Hospital|H[ôo]pital|Cl[íi]nic|Sanatorio|Policl|Centre|Centro|CH|Dispensaire|Maternit|Institut|"
                                 r"Puesto|Posta|CESFAM|IPS|ESE")
# a lower-case head with the town's name: "el hospital de Sicuani", "la posta de Chivay", "l'hôpital de Hinche",
# or its own: "la clínica Santa Teresa", "la clinique Pasteur", "l'hôpital Sainte-Justine"
LOWER_HEAD_RE = re.compile(
    r"\b(?:hospital|cl[íi]nica|posta|centro\s+de\s+salud|puesto\s+de\s+salud|centro\s+m[ée]dico|policl[íi]nico|"
    r"h[ôo]pital|clinique|centre\s+de\s+sant[ée]|centre\s+hospitalier|dispensaire|maternit[ée])(?:\s+(?:de|del|du|d['’])\s*|\s+)"
    r"(?:la\s+|l['’])?[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+(?:de\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*)*")
_LOWER_HEAD_TRIGGER = re.compile(r"hospital|cl[íi]nic|posta|salud|m[ée]dic|h[ôo]pital|sant[ée]|dispensaire|maternit")
# a hospital named without its head after an admission verb: "admitted to Mercy", "followed at Sacred Heart",
# "seen at Mass General"; services and units ("admitted to Medicine", "transferred to the ICU") are not hospitals
ADMIT_RE = re.compile(
    r"\b(?i:admitted|readmitted|transferred|referred|discharged|hospitali[sz]ed|followed|seen|treated|delivered)\s+"
    r"(?:to|at|from|in|by)\s+(?:the\s+)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")
_ADMIT_TRIGGER = Low(r"admit|transferr|referr|discharg|hospitali|followed|seen|treated|delivered")
_SERVICES = L._words("""medicine surgery pediatrics paediatrics obstetrics gynecology psychiatry neurology cardiology oncology
orthopedics orthopaedics icu ccu micu sicu nicu picu ward floor rehab rehabilitation hospice home telemetry step-down
observation labor delivery nursery dialysis emergency urgent triage medical surgical internal family general acute
intensive critical care unit clinic hospital service team department dept er ed or pacu primary specialty nephrology
hematology gastroenterology pulmonology endocrinology dermatology urology ophthalmology ent infectious diseases
geriatrics palliative behavioral mental health the a an our his her their this
osh snf ltach ltac cah irf ltc alf va vamc""")
# an acronym ending like a hospital's after "at", "to", "from" or "into": "seen on 3/4 at UNMH",
# "transferred from Kayenta to NNMC", "flown to ANMC" (medical acronyms of the same shape are not: "due to BPH")
# (chat-style text writes them in lower case: "sent to unmh", "seen at gimc")
AT_ACRONYM_RE = re.compile(r"\b(?:at|to|from|into)\s+(?:the\s+)?([A-Z]{1,6}(?:H|MC|HC|HS)|[a-z]{1,4}(?:h|mc|hc|hs))\b(?![-/])")
# clinical acronyms that end like a hospital's: histories, bleeds, hormones, generic settings ("outside hospital")
_CLINICAL_H = frozenset(L._words("""pmh psh fh sh bph lvh rvh pph sah ich ivh sdh edh nph adh siadh gh hgh tsh lh fsh acth pth
crh ghrh trh hch fhh ugih lgih dh mh bh hh nh osh cah vamc ltach cmc imc hc phc ihc dhc lmc smc mch pch ich ih avh
ah ph rh hsh dhh bah cbh hlh ahh dmh ccmc"""))
# a hospital's acronym where a hospital is meant: "ingresó al HNERM", "hospitalisée au CHUQ", "admitted to UNMH"
_ACRONYM_AFTER = re.compile(
    r"(?i:\b(?:ingres[óo]|ingresad[oa]|hospitalizad[oa]|internad[oa]|atendid[oa]|trasladad[oa]|referid[oa]|derivad[oa]|"
    r"afiliad[oa]|controlad[oa]|enviad[oa]|llevad[oa]|evacuad[oa]|hospitalis[ée]e?|suivie?|vue?|transf[ée]r[ée]e?|admise?|"
    r"adress[ée]e?|r[ée]f[ée]r[ée]e?|envoy[ée]e?|[ée]vacu[ée]e?|emmen[ée]e?|admitted|transferred|referred|seen|followed|treated|"
    r"hospitalized|enrolled|sent|flown|taken|brought|evacuated|airlifted|medevaced|delivered)\s+"
    r"(?:en\s+el|en|al|a\s+la|au|à\s+l['’]|à|dans\s+l['’]|to\s+the|to|at\s+the|at|in|by))(?:\s+|(?<=['’]))([A-Z][A-Z-]{1,6}[A-Z])\b"
    # or after "en el", "al", "au": hospital acronyms mostly start with H, C or I (Hospital, Hôpital, Centre,
    # Clínica, CHU, Instituto, IMSS)
    r"|(?:\b(?:en\s+el|al|au|à\s+l')\s+)([HCI][A-Z-]{1,6}[A-Z])\b")
_ACRONYM_TRIGGER = re.compile(r"(?:(?:al|au|to|at|en|el|à|in|by)\s+|l['’])[A-Z]{2}")


def find_facilities(text: str, low: str, add: Callable[[tuple[int, int, str, str]], None]) -> None:
    found: list[tuple[int, int]] = []

    def add_facility(c: tuple[int, int, str, str]) -> None:
        if c[2] == "facility":
            found.append((c[0], c[1]))
        add(c)

    _find_facilities(text, low, add_facility)
    if found:
        _acronyms_of(text, found, add)
    # places of work and study identify a patient as places of care do
    find_employers_and_schools(text, low, add)


# the acronym a text gives a facility: "Gallup Indian Medical Center (GIMC)", "Hospital Nacional Edgardo
# Rebagliati Martins (HNERM)"; the initials of its capitalised words are the usual one even when not given
_GIVEN_ACRONYM = re.compile(r"\s*[(\[]\s*([A-Z][A-Za-z&-]{1,7})\s*[)\]]")
_LINK_WORDS = frozenset(["of", "de", "del", "la", "las", "los", "du", "des", "d", "l", "and", "y", "et", "the", "&"])


def _acronyms_of(text, found, add):
    """Every mention of a found facility's acronym: the one given in brackets after its name, or the
    initials of its name ("Northern Navajo Medical Center" ... "NNMC")."""
    acronyms = set()
    for s, e in found:
        g = _GIVEN_ACRONYM.match(text, e)
        if g and sum(c.isupper() for c in g.group(1)) >= 2:
            acronyms.add(g.group(1))
        words = [w for w in re.findall(r"[^\W\d_][\w'’]*", text[s:e]) if w.lower() not in _LINK_WORDS]
        initials = "".join(w[0] for w in words if w[0].isupper())
        if len(initials) >= 3 and len(initials) == len(words):
            acronyms.add(initials)
    for a in acronyms:
        if a not in text or a.lower() in L.CLINICAL or a.lower() in _NOT_FACILITY or a.lower() in _CLINICAL_H:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text):
            add((m.start(), m.end(), "facility", ""))


def _find_facilities(text, low, add):
    for m in win_iter(FAC_RE, text, low, _FAC_TRIGGER, 110, 30):
        s, e = m.span()
        words = re.findall(r"[\w'’.]+|&", m.group())
        # drop leading sentence words that are generic ("The", "At")
        mods = words[:-1]
        # strip head words (multi-word heads)
        for h in L.FACILITY_HEADS:
            hw = h.split()
            if [w.lower() for w in words[-len(hw):]] == [w.lower() for w in hw]:
                mods = words[: -len(hw)]
                break
        specific = [w for w in mods if w[0].isupper() and base_form(w.rstrip(".")) not in L.FACILITY_GENERIC
                    and base_form(w.rstrip(".")) not in FAC_SKIP and base_form(w.rstrip(".")) not in _SERVICES]
        if not specific and not (words[-1][0].isupper() and _named_after_place(mods)):
            continue
        if _HEADING_AFTER.match(text, e):
            continue  # "Brief Hospital Course", "Hospital Day 3": a heading of the note, not a hospital
        if m.group().lower().endswith("partners in health"):
            continue  # an aid organisation working with many programs, not a place of care
        # trim leading generic capitalised words ("The", sentence-start "Our")
        lead = m.group()
        trimmed = re.match(r"(?:(?:The|A|An|Our|At|In|From|To|This|Her|His|Their|Patient|Pt)\s+)+", lead)
        if trimmed:
            s += trimmed.end()
        add((s, e, "facility", ""))
    for m in win_iter(SAINT_RE, text, low, _SAINT_TRIGGER, 0, 45):
        add((m.start(), m.end(), "facility", ""))
    for m in win_iter(HEAD_FIRST_RE, text, low, _HEAD_FIRST_TRIGGER, 0, 90):
        head = _HEAD_AT.match(text, m.start())
        named = re.findall(r"[^\W\d_][\w'’-]*", text[head.end() if head else m.start():m.end()])
        if len(named) == 1 and named[0].lower() in L.ENGLISH:
            continue  # an English section heading: "Hospital Course", "Hosp. Course", "Hospital Day 3"
        add((m.start(), m.end() - (text[m.end() - 1] == "."), "facility", ""))
    for m in win_iter(ADMIT_RE, text, low, _ADMIT_TRIGGER, 2, 60):
        words = [base_form(w.strip(".")) for w in m.group(1).split()]
        if all(w not in _SERVICES and not never_identifying(w) for w in words[:1]) and not any(w in _SERVICES for w in words):
            add((m.start(1), m.end(1) - m.group(1).endswith("."), "facility", ""))
    for m in AT_ACRONYM_RE.finditer(text):
        a = m.group(1).lower()
        if a[0] == m.group(1)[0] and not _lower_acronym(a):
            continue
        if a not in _NOT_FACILITY and a not in _CLINICAL_H and a not in L.CLINICAL:
            add((m.start(1), m.end(1), "facility", ""))
    for m in win_iter(LOWER_HEAD_RE, text, low, _LOWER_HEAD_TRIGGER, 25, 70):
        town = re.findall(r"[A-ZÀ-ÖØ-Þ][\w'’-]*", m.group())[0]
        if town.isupper() and len(town) > 1:
            continue  # "the hospital CEO", "l'hôpital AP-HP": a title or an acronym, not the facility's own name
        if not (never_identifying(base_form(town)) or base_form(town) in ORDINARY):
            add((m.start(), m.end(), "facility", ""))  # not "el hospital del Seguro Social"
    for m in win_iter(_ACRONYM_AFTER, text, low, _ACRONYM_TRIGGER, 40, 10):
        g = 1 if m.group(1) else 2
        if m.group(g).lower() not in L.CLINICAL and m.group(g).lower() not in _NOT_FACILITY:
            add((m.start(g), m.end(g), "facility", ""))


_HEADING_AFTER = re.compile(r"\s+(?i:course|day|stay|admission|discharge|records?|notes?|policy|bill|bed|summary)\b")


def _lower_acronym(a):
    """A lower-case word is an acronym when it is no word: three letters or more, one vowel at most
    ("unmh", "nnmc", "gimc"; not "each", "month", "bph")."""
    return len(a) >= 3 and sum(c in "aeiouy" for c in a) <= 1 and a not in ORDINARY and not never_identifying(a)


def _named_after_place(mods):
    """A state or country with another capitalised word names one facility: "Alaska Native Medical
    Center", "Texas Children's Hospital" (a lone "Texas hospital" or "Regional Medical Center" does not)."""
    caps = [w for w in mods if w[0].isupper() and w.lower() not in ("the", "a", "an", "our", "at", "in", "to", "from")]
    low = [base_form(w.rstrip(".")) for w in caps]
    if len(caps) >= 2 and any(w in L.US_STATES or w in L.COUNTRIES for w in low):
        return True
    # a nation or a proper noun the clinical vocabulary also holds: "Hopi Health Care Center"
    return any(w in L.PROPER and w not in L.FACILITY_GENERIC and w not in L.US_STATES and w not in L.COUNTRIES
               and w not in L.DEMONYMS for w in low)


# units and services, not hospitals: "ingresó a UCI", "admis au SAU", "seen in the ED"
_NOT_FACILITY = frozenset(["chu", "chr", "chru", "ch", "osh", "snf", "ltach", "cah", "irf", "alf", "va", "vamc", "uci", "ucin", "uti", "utip", "sau", "samu", "smur", "urgencias", "urgences", "réa", "rea", "usc", "icu", "nicu", "picu", "ed", "er", "or", "pacu", "hta", "dm", "epoc", "bpco", "vih", "sida", "ivu", "itu",
                           "ecg", "ekg", "eeg", "emg", "tac", "tdm", "irm", "rmn", "cpre", "iec", "ieca", "hba1c", "imc"])


# hospitals called by their dedication or their short name, without "Hospital": "was at Sacred Heart",
# "works at Mercy Medical", "from Mass General", "to Lakeview Regional"; churches and schools of the same name
# are not places of care
_DEDICATION = r"Mercy|Sacred\s+Heart|Good\s+Samaritan|Holy\s+Cross|Holy\s+Family|Holy\s+Name|Presbyterian|Methodist|Baptist|Adventist|Christus"
SHORT_NAME_RE = re.compile(
    r"\b(?:at|to|from|in|into)\s+(?:the\s+)?"
    rf"((?:{_DEDICATION})(?:\s+(?:Medical|Regional|General|Memorial))?|(?:[A-Z][\w'’.-]*\s+){{1,2}}(?:Medical|Regional|General|Memorial|"
    r"Methodist|Presbyterian|Baptist|Adventist|Lutheran))\b"
    r"(?!\s+(?i:church|chapel|faith|minister|pastor|congregation|school|college|university|surgery|medicine|practitioner|hospital|"
    r"clinic|center|centre|health|appearance|condition|population|anesthesia|anaesthesia))")
_SHORT_NAME_TRIGGER = re.compile(rf"{_DEDICATION}|Medical|Regional|General|Memorial")


def find_short_names(text, low, add):
    for m in win_iter(SHORT_NAME_RE, text, low, _SHORT_NAME_TRIGGER, 50, 30):
        words = m.group(1).split()
        if len(words) > 1 and words[-1] in ("Medical", "Regional", "General", "Memorial", "Methodist", "Presbyterian", "Baptist",
                                            "Adventist", "Lutheran"):
            lead = [base_form(w) for w in words[:-1]]
            if any(w in _SERVICES or w in FAC_SKIP or w in L.COUNTRIES or w in L.US_STATES for w in lead):
                continue
        add((m.start(1), m.end(1), "facility", ""))


# a hospital's acronym where a place of care is meant, any shape: "transfer to NHK", "evac sur donka"-like
# "vers le CHUM", "at THK on 30/11", "Dr. Mbaye (Fann)"-like "(Dr Tremblay, CHUM)", "UTH Oncology", "Ward 3B QECH".
# Clinical acronyms (labs, units, scores) and bare facility kinds (CHU, ICU, ER) are left to the other rules.
_PLACE_ACRONYM_RE = re.compile(
    r"(?:\b(?:to|at|from|into|au|aux|du|vers|sur\s+le|à\s+l['’]|al|del|en\s+el|evac|medevac|evasan|envoy[ée]e?\s+(?:au|à))\s+"
    r"|,\s*(?=[A-Z]{3,6}\)))([A-Z][A-Z-]{1,6}[A-Z])\b(?![-/]\d)"
    r"|\b([A-Z]{3,6})(?=\s+(?:Oncology|Neurology|Cardiology|Peds|Paeds|Pediatrics|Paediatrics|Surgery|Medicine|neuro|AMU|"
    r"Ward|ward|ER|ED|ICU|NICU|OPD|Maternity|Obstetrics|Oncologie|Pédiatrie|Urgences|urgences)\b)")
_PLACE_ACRONYM_TRIGGER = re.compile(r"(?:\b(?:to|at|from|into|au|aux|du|vers|le|al|del|el|evac|medevac|evasan)\s+|[’',]\s*)"
                                    r"[A-Z]{2}|[A-Z]{3}\s+[A-Z]?[a-z]")


def find_place_acronyms(text: str, low: str, add: Callable[[tuple[int, int, str, str]], None]) -> None:
    for m in win_iter(_PLACE_ACRONYM_RE, text, low, _PLACE_ACRONYM_TRIGGER, 30, 30):
        g = 1 if m.group(1) else 2
        a = m.group(g).lower()
        if a in _NOT_FACILITY or a in _CLINICAL_H or a in L.CLINICAL or never_identifying(a) or a in L.US_STATES:
            continue
        add((m.start(g), m.end(g), "facility", ""))

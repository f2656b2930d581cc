"""Places below state level: counties, towns beside a state or country, places after a cue."""
from __future__ import annotations

import re

from echo.privacy import lexicon as L
from echo.privacy.lexicon_es_fr import REGION_TOWNS
from echo.privacy.recognizers.numbers import ABBR_RE, STATES_RE
from echo.privacy.rules import CAPN, CAPW, Low, win_iter
from echo.privacy.words import GENERIC_START, PARTICLES, base_form, never_identifying

COUNTY_RE = re.compile(rf"\b{CAPN}(?:\s+{CAPN}){{0,2}}\s+(?:County|Parish|Borough|Township)\b")
CITY_STATE_RE = re.compile(rf"\b({CAPN}(?:\s+{CAPN}){{0,2}}),\s*(?:{ABBR_RE}|{STATES_RE})\b(?![\w-])")
_PLW = r"(?:[A-ZÀ-ÖØ-Þ\u0386-\u03ab][\w'’.-]*)"
_PLPH = rf"{_PLW}(?:[ -](?:{_PLW}|(?:de|del|la|las|los|do|da|nad|na|an|am|sur|upon|on|[kvKV])\b|o'))*"
_COUNTY_TRIGGER = re.compile(r"County|Parish|Borough|Township")
_CITY_STATE_TRIGGER = re.compile(r",\s*[A-Z]")
_STRONG_TRIGGER = Low(r"liv|resid|grew|raised|born|moved|relocat|flew|fly|flying|travel|return|origin|based|station|"
                       r"locat|headquarter|arriv|i'?m\b|i am|we'?re|we are|stay|visit|drove|driv|home|universit|where|"
                       r"city|town|village|birth|municip|suburb|borough|vive|viví|vivai|natural de|oriund|procedente|proveniente|"
                       r"naci|traslad|desde |lleg|habit| vit |résid|domicil|demeur|venant|venu|transf|née |né |comuna|"
                       r"commune|ciudad|pueblo|aldea|vereda|corregim|localidad|caser|barrio|colonia|distrito|cantón|"
                       r"ville |quartier|bourg ")
STRONG_PLACE_RE = re.compile(
    r"(?i:\b(?:lives?|living|resides?|residing|grew\s+up|raised|born|moved(?:\s+here|\s+back)?|relocated|flew|flying|"
    r"fly|travel(?:l?ed|ling|s)?|returned|originally|based|stationed|located|headquartered|arrived|i'?m|i\s+am|"
    r"we'?re|we\s+are|staying|visiting|visited|drove|driving|hometown|home\s+town|home\s+city|"
    r"born\s+and\s+raised)\s+(?:(?:here|back|up|down|out)\s+)?(?:in|to|from|at|near|outside(?:\s+of)?|of)\s+|"
    r"\buniversity\s+of\s+|\b(?:where|location|city|town|village|hometown|birthplace|place\s+of\s+birth)\s*:\s*|"
    r"\bhome\s+(?:city|town)\s+|\b(?:city|town|village|municipality|suburb|borough)\s+of\s+|"
    # Spanish and French: "vive en", "natural de", "procedente de", "habite à", "originaire de", "la commune de"
    r"\bdesde\s+(?=[A-ZÀ-ÖØ-Þ])|\b(?:vive|viv[íi]a|viven|reside|resid[íi]a|residente|natural|originari[oa]|oriund[oa]|procedente|proveniente|"
    r"naci[óo]|nacid[oa]|trasladad[oa]|llega|lleg[óo]|habite|habitait|vit|vivait|r[ée]side|r[ée]sidait|originaire|"
    r"domicili[ée]e?|demeurant|demeure|venant|venu|venue|arriv[ée]e?|transf[ée]r[ée]e?|n[ée]e?)\s+"
    r"(?:(?:en|de|del|desde|à|a|au|dans)\s+)(?:(?:la|el|le|l')\s*)?"
    r"(?:(?:ciudad|comunidad|localidad|aldea|vereda|colonia|villa|ville|commune|localit[ée]|village|quartier)\s+(?:de\s+)?)?|"
    r"\b(?:municipio|comuna|commune|ciudad|pueblo|aldea|vereda|corregimiento|localidad|caser[íi]o|barrio|colonia|"
    r"distrito|cant[óo]n|village|ville|quartier|bourg|section\s+communale)\s+(?:de\s+)?)"
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


def _strong_place(text, low, s, ph, add, lower_mode):
    words = ph.split()
    # cut at the first word that cannot be part of the place name
    keep = []
    for w in words:
        b = base_form(w.strip(".,"))
        if keep and (b in GENERIC_START or (w[0].islower() and not lower_mode and b not in PARTICLES)):
            break
        keep.append(w)
    if not keep:
        return
    first = keep[0]
    fb = base_form(first)
    if fb in GENERIC_START or (first[0].islower() and (not lower_mode or fb in L.ENGLISH)):
        return
    phrase = " ".join(keep).rstrip(".,")
    pl = phrase.lower()
    town = pl in REGION_TOWNS  # "natural de Ayacucho": a region's name after a place cue is its town
    if not town and (pl in L.COUNTRIES or pl in L.US_STATES or pl in L.REGIONS or never_identifying(pl)):
        return
    if not town and never_identifying(fb) and not first.isupper():
        return
    if first.isupper() and len(first) <= 3:
        return
    add((s, s + len(phrase), "place", ""))


def _place_before_country(text, cs, add):
    m = _PLACE_BEFORE_RE.search(text, max(0, cs - 60), cs)
    if not m:
        return
    words = m.group(1).split()
    while words and (never_identifying(base_form(words[0])) or words[0].lower() in GENERIC_START) and not words[0].isupper():
        words = words[1:]
    if not words:
        return
    phrase = " ".join(words)
    if never_identifying(phrase.lower()) or phrase.lower() in L.COUNTRIES:
        return
    sep = m.group(2)
    if sep == " " and not (phrase.isupper() or all(base_form(w) not in L.ENGLISH for w in words)):
        return
    e = m.start(2)
    add((e - len(phrase), e, "place", ""))


PLACE_CUE_RE = re.compile(rf"\b(?:in|from|to|near|outside(?:\s+of)?|around|lives\s+in|moved\s+to|resides\s+in|town\s+of|city\s+of|village\s+of|community\s+of|chapter\s+of)\s+({CAPW}(?:\s+(?:{CAPW}|of|or|de|la|y))*)")


def find_regions(text, low, add):
    """Counties and "Town, ST" pairs."""
    for m in win_iter(COUNTY_RE, text, low, _COUNTY_TRIGGER, 80, 2):
        first = base_form(m.group().split()[0])
        if first in ("the", "a", "this", "our", "rural", "same", "each", "every", "which", "what", "that", "in", "from"):
            continue
        s = m.start()
        add((s, m.end(), "place", ""))
    for m in win_iter(CITY_STATE_RE, text, low, _CITY_STATE_TRIGGER, 80, 25):
        s, e = m.span(1)
        words = m.group(1).split()
        # keep only the trailing words that look like the place name
        while words and ((never_identifying(base_form(words[0])) and base_form(words[0]) not in L.US_PLACES) or base_form(words[0]) in ("the", "in", "from", "lives")):
            s += len(words[0]) + 1
            words = words[1:]
        if words:
            add((s, e, "place", ""))


def find_cued_places(text, low, add):
    """Places after a cue ("grew up in", "Where:"), in capitals after a preposition, before a country."""
    # strong place cues take any capitalised (or, in lower-case text, unknown) phrase: "grew up in KNIVSTA",
    # "flew to Mill Village", "University of X", "Where: X"
    for m in win_iter(STRONG_PLACE_RE, text, low, _STRONG_TRIGGER, 2, 90):
        _strong_place(text, low, m.start(1), m.group(1), add, low == text)
    for m in WEAK_CAPS_PLACE_RE.finditer(text):
        w = m.group(1)
        if not never_identifying(w.lower()) and w.lower() not in L.ENGLISH:
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
        if ph.lower() in L.US_PLACES and ph.lower() not in L.US_STATES and not never_identifying(ph.lower()):
            add((s, s + len(ph), "place", ""))

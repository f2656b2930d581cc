"""Places below state level: counties, towns beside a state or country, places after a cue."""
from __future__ import annotations

import re

from echo.privacy import lexicon as L
from echo.privacy import lexicon_clinical as C
from echo.privacy import lexicon_es_fr as X
from echo.privacy.lexicon_es_fr import REGION_TOWNS
from echo.privacy.recognizers.numbers import ABBR_RE, STATES_RE
from echo.privacy.rules import CAPN, CAPW, Low, win_iter
from echo.privacy.words import EPONYM_HEADS, GENERIC_START, HONORIFICS, ORDINARY, PARTICLES, REGION_NAMES, base_form, never_identifying

COUNTY_RE = re.compile(rf"\b{CAPN}(?:\s+{CAPN}){{0,2}}\s+(?:County|Parish|Borough|Township)\b")
CITY_STATE_RE = re.compile(rf"\b({CAPN}(?:\s+{CAPN}){{0,2}}),\s*(?:{ABBR_RE}|{STATES_RE})\b(?![\w-])")
_PLW = r"(?:[A-ZÀ-ÖØ-Þ\u0386-\u03ab][\w'’.-]*)"
_PLPH = rf"{_PLW}(?:[ -](?:{_PLW}|(?:de|del|la|las|los|do|da|nad|na|an|am|sur|upon|on|[kvKV])\b|o'))*"
_COUNTY_TRIGGER = re.compile(r"County|Parish|Borough|Township")
_CITY_STATE_TRIGGER = re.compile(r",\s*[A-Z]")
_STRONG_TRIGGER = Low(r"\b(?:liv|resid|grew|raised|born|moved|relocat|flew|fly|flying|travel|return|origin|based|station|"
                       r"locat|headquarter|arriv|i'?m |i am|we'?re|we are|stay|visit|drove|driv|home|universit|where|"
                       r"city|town|village|birth|municip|suburb|borough|vive|viví|vivai|natural de|oriund|procedente|proveniente|"
                       r"naci|traslad|desde |lleg|habit|vit |regres|volvi|vuelve|retorn|rentr|revenu|retour|résid|domicil|demeur|venant|venu|transf|née |né |comuna|"
                       r"commune|ciudad|pueblo|aldea|vereda|corregim|localidad|caser|barrio|colonia|distrito|cantón|work|trabaj|travaill|"
                       r"domicil|ciudad|ville|localid|localit|municip|procedenc|provenance|lugar|lieu|origen|origine|native of|es de|est de|viene|vient|procede|paciente|patiente|radica|vecin|mud|install|habitant|"
                       r"ville |quartier|bourg |communit|comunidad|communaut|district|county|parish|township|reserv|"
                       r"rancheria|parroquia|paroisse|hameau|lieu-dit)")
STRONG_PLACE_RE = re.compile(
    r"(?i:\b(?:lives?|living|resides?|residing|grew\s+up|raised|born|moved(?:\s+here|\s+back)?|relocated|flew|flying|"
    r"fly|travel(?:l?ed|ling|s)?|returned|originally|based|stationed|located|headquartered|arrived|i'?m|i\s+am|"
    r"works?|worked|working|"
    r"we'?re|we\s+are|staying|visiting|visited|drove|driving|hometown|home\s+town|home\s+city|"
    r"born\s+and\s+raised)\s+(?:(?:here|back|up|down|out)\s+)?(?:in|to|from|at|near|outside(?:\s+of)?|of)\s+|"
    r"\buniversity\s+of\s+|\b(?:resident|native)\s+of\s+|\b(?:where|location|city|town|village|hometown|birthplace|place\s+of\s+birth|"
    # form labels in Spanish and French: "Domicilio: X", "Lieu de naissance : X", "Ville : X"
    r"domicilio|domicile|ciudad|ville|localidad|localit[ée]|municipio|commune|procedencia|provenance|residencia|"
    r"r[ée]sidence|lugar\s+de\s+(?:nacimiento|residencia|origen)|lieu\s+de\s+(?:naissance|r[ée]sidence)|origen|origine|"
    # a community, a neighbourhood or a parish is a place below town level too: "Community: X", "Comunidad: X"
    r"community|comunidad|communaut[ée]|pueblo|aldea|caser[íi]o|vereda|barrio|colonia|corregimiento|parroquia|paroisse|"
    r"quartier|hameau|lieu-dit|municipality|municipalit[ée]|place\s+of\s+residence|town\s+of\s+residence|"
    # a district, county or reserve is below state level too: "District: Sangrur", "County: Ziebach"
    r"district|distrito|county|parish|township|reserve|reservation|rancheria)\s*:\s*|"
    r"\bhome\s+(?:city|town)\s+|\b(?:city|town|village|municipality|suburb|borough)\s+of\s+|"
    # Spanish and French: "vive en", "natural de", "procedente de", "habite à", "originaire de", "la commune de"
    r"\bdesde\s+(?=[A-ZÀ-ÖØ-Þ])|"
    # coming back from a place: "regresó de Cusco", "volvió de Lima", "rentrée de Dakar", "de retour d'Haïti"
    r"\b(?:regres[óo]|regresa|regresaron|volvi[óo]|vuelve|retorn[óo]|rentr[ée]e?s?|revenue?s?|de\s+retour)\s+(?:de|desde|del|d['’])\s*|\b(?:vive|viv[íi]a|viven|reside|resid[íi]a|residente|natural|originari[oa]|oriund[oa]|procedente|proveniente|"
    r"naci[óo]|nacid[oa]|trasladad[oa]|llega|lleg[óo]|habite|habitait|vit|vivait|r[ée]side|r[ée]sidait|originaire|"
    r"domicili[ée]e?|demeurant|demeure|venant|venu|venue|arriv[ée]e?|transf[ée]r[ée]e?|n[ée]e?|"
    # "es de X", "vient de X", "trabaja en X", "travaille à X", "paciente de X": a capitalised X is a place
    r"es|est|viene|vienen|vino|vient|procede|proceden|trabaja|trabajaba|trabajó|travaille|travaillait|paciente|patiente|"
    r"radica|radicad[oa]|vecin[oa]|residente|domiciliad[oa]|mud[óo]|mudad[oa]|install[ée]e?|r[ée]sidant|habitant|habitante)\s+"
    r"(?:(?:en|de|del|desde|à|a|au|aux|dans)\s+)(?:(?:la|el|le)\s+|l['’]\s*)?"
    r"(?:(?:ciudad|comunidad|localidad|aldea|vereda|colonia|villa|ville|commune|localit[ée]|village|quartier|distrito|"
    r"municipio|caser[íi]o|barrio|pueblo|corregimiento|cant[óo]n|bourg|hameau|section\s+communale)\s+(?:de\s+)?)?|"
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
    if fb in GENERIC_START or (first[0].islower() and (not lower_mode or fb in L.ENGLISH or _common_lower(fb))):
        return
    phrase = " ".join(keep).rstrip(".,")
    pl = phrase.lower()
    # "natural de Ayacucho": a region's name after a place cue is its town; "lives in Zuni": a people's town
    town = pl in REGION_TOWNS or ((pl in L.DEMONYMS or pl in L.CLINICAL) and (pl in L.US_PLACES or pl in L.PROPER))
    # "Saint-Flour", "Port-Louis": capitalised parts joined by hyphens make a proper name, even when each part
    # is an ordinary word
    compound = "-" in phrase and all(p[:1].isupper() for p in phrase.split("-"))
    if not town and (pl in L.COUNTRIES or pl in L.US_STATES or pl in L.REGIONS or pl in X.REGIONS
                     or pl in C.ADMIN_REGIONS or (never_identifying(pl) and not compound)):
        return
    if not town and not compound and never_identifying(fb) and not first.isupper():
        return
    if (first.isupper() and len(first) <= 3) or pl in _LOWER_NOT_PLACE:
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


# a capitalised article or a place-name generic makes a proper place name of ordinary words after a place
# preposition: "vive en La Virginia", "habite au Lamentin", "from Tuba City", "near Window Rock"
_ART = r"(?:La|El|Los|Las|Le|Les|L['’])"
_PL_TAIL = (r"(?:City|Springs|Falls|Creek|Valley|Lake|Lakes|Beach|Heights|Park|Village|Rock|Rocks|Point|Harbor|Harbour|Bay|"
            r"Hills|Hill|Junction|Mesa|Wells|Ridge|Canyon|Flats|Fork|Station|Landing|Mills|Grove|Farms|Crossing|Gap|Butte|"
            r"Pines|Bluff|Hollow|Island|Mountain|Meadows|Plains|Prairie|Corner|Corners|Ferry|Bridge|Woods|Shores|Center)")
PREP_PLACE_RE = re.compile(
    rf"\b(?i:in|from|to|near|at|outside|en|de|desde|hacia|à|au|aux|vers|près\s+de|cerca\s+de)\s+"
    rf"((?:{_ART}\s*{CAPN}(?:\s+(?:de\s+|del\s+)?{CAPN}){{0,2}})|(?:{CAPN}\s+){{1,2}}{_PL_TAIL})\b(?![-’'])")
_PREP_PLACE_TRIGGER = re.compile(rf"\b(?:La|El|Los|Las|Le|Les|L['’])\s*[A-ZÀ-ÖØ-Þ]|\s{_PL_TAIL}\b")
_ART_SKIP = frozenset(["la", "el", "los", "las", "le", "les", "l'", "l’"])


def find_prep_places(text, low, add):
    for m in win_iter(PREP_PLACE_RE, text, low, _PREP_PLACE_TRIGGER, 40, 40):
        ph = m.group(1)
        pl = ph.lower()
        words = pl.split()
        if pl in L.COUNTRIES or pl in L.US_STATES or pl in L.REGIONS or (
                (pl in X.REGIONS or pl in C.ADMIN_REGIONS) and pl not in REGION_TOWNS):
            continue
        # "en La Mañana" is no place: the word after the article must not be an ordinary word alone
        if words[0] in _ART_SKIP and len(words) == 2 and (words[1] in ORDINARY or words[1] in C.CLINICAL_WORDS) \
                and pl not in REGION_TOWNS:
            continue
        if not (words[0] in _ART_SKIP or ph[:1].isupper() and not never_identifying(words[0])
                or all(w not in GENERIC_START for w in words)):
            continue
        add((m.start(1), m.end(1), "place", ""))


# a town before its region: "Chivay, Arequipa", "Quimper (Finistère)", "Hinche, Centre"
TOWN_REGION_RE = re.compile(rf"\b({CAPN}(?:\s+(?:de\s+|del\s+|la\s+)?{CAPN}){{0,2}})(?:\s*,\s*|\s+\(\s*)({CAPN}(?:[ -](?:de\s+)?{CAPN}){{0,2}})")
_TOWN_REGION_TRIGGER = re.compile(r"(?:,\s*|\s\(\s*)([A-ZÀ-ÖØ-Þ][\w'’]*)")
_REGION_FIRST = frozenset(r.split()[0].split("-")[0] for r in REGION_NAMES)


def find_towns_before_regions(text, low, add):
    # cheap gate: the capitalised word after the comma or parenthesis must start a region's name
    spots = [t.start() for t in _TOWN_REGION_TRIGGER.finditer(text) if t.group(1).lower() in _REGION_FIRST]
    matches = [m for p in spots for m in TOWN_REGION_RE.finditer(text, max(0, p - 60), p + 40)]
    for m in matches:
        region = m.group(2).lower()
        if region not in REGION_NAMES or region in REGION_TOWNS and m.group(0).endswith(m.group(2)) and "(" not in m.group(0):
            if region not in REGION_NAMES:
                continue
        s, e = m.span(1)
        words = m.group(1).split()
        while words and (never_identifying(base_form(words[0])) or words[0].lower() in GENERIC_START):
            s += len(words[0]) + 1
            words = words[1:]
        if len(words) > 2 and words[1] in ("de", "del") and words[0].lower() in EPONYM_HEADS:
            continue  # "Enfermedad de Chagas, Santa Cruz"
        if len(words) > 2 and words[1] in ("de", "del") and words[0].lower() in ORDINARY:
            s += len(words[0]) + len(words[1]) + 2  # "Agricultor de Chivay, Arequipa"
            words = words[2:]
        if words and " ".join(words).lower() not in REGION_NAMES:
            add((s, e, "place", ""))


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
    find_prep_places(text, low, add)
    find_towns_before_regions(text, low, add)
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
        ph = m.group(1).rstrip(".")  # a town at the end of a sentence: "near Welch."
        while ph and ph.lower() not in L.US_PLACES and " " in ph:
            ph = ph.rsplit(" ", 1)[0]
        if ph.lower() in L.US_PLACES and ph.lower() not in L.US_STATES and not never_identifying(ph.lower()):
            add((s, s + len(ph), "place", ""))


# lower-case words that follow "vive en", "habite à", "lives in" without naming a place; the English word list
# (L.ENGLISH) holds the English ones, X.WORDS only some Spanish and French ones
_LOWER_NOT_PLACE = frozenset("""casa casas zona zonas campo campos chacra finca granja rancho estancia hacienda sierra selva costa
montaña montañas cerro afueras orillas pareja familia condiciones situación calle albergue asilo hogar residencia
cuarto habitación departamento piso vivienda choza comunidad comunidades provincia ciudad ciudades pueblo pueblos
aldea aldeas barrio barrios zona rural urbana área áreas lugar lugares región caserío anexo sector medio compañía
unión soledad total extrema pobreza hacinamiento compagnie maison maisons appartement studio foyer foyers
campagne ville villes village villages institution établissement ehpad couple famille colocation caravane
mobil-home hameau quartier banlieue périphérie région province proximité côté centre-ville logement chambre
étage ferme fermes montagne montagnes forêt littoral bord caserne prison cité résidence rue location domicile
squat hébergement milieu haut bas nord sud est ouest ehpad usld ssr viaje viajes vacaciones trabajo paseo visita compras
fiesta misión voyage voyages vacances travail mission séjour congé visite stage""".split())


def _common_lower(b):
    return b in ORDINARY or b in _LOWER_NOT_PLACE or never_identifying(b)


# chat-style notes write towns in lower case: "lives w/ mom in brackettville", "vive con su hija en juliaca",
# "habite avec sa fille a quimperle": after a residence verb (up to four words may come between), an unknown
# lower-case word right after "in", "en" or "à" is taken for the town
CHAT_PLACE_RE = re.compile(
    r"\b(lives?|living|resides?|residing|vive|viven|viv[íi]a|reside|resid[íi]a|habite|habitent|habitait|vit|vivent|vivait|"
    r"demeure|r[ée]side)\b(?:[ \t]+(?!(?:in|en|à|a)\b)[\w/'’.]+){0,4}?[ \t]+(in|en|à|a)[ \t]+"
    r"([a-zß-öø-ÿ][\w'’-]{3,}(?:[ \t]+[a-zß-öø-ÿ][\w'’-]{3,})?)\b(?![-’'])")
_CHAT_TRIGGER = Low(r"liv|resid|vive|viv[íi]a|habit|vit |vivent|vivait|demeur|r[ée]side")
_FRENCH_VERB = frozenset(["habite", "habitent", "habitait", "vit", "vivent", "vivait", "demeure", "réside", "reside"])


def find_chat_places(text, low, add):
    for m in win_iter(CHAT_PLACE_RE, text, low, _CHAT_TRIGGER, 2, 90):
        # Spanish "vive a dos horas", "vive a orillas del río": "a" is a town's preposition only in French
        if m.group(2) == "a" and m.group(1).lower() not in _FRENCH_VERB:
            continue
        words = m.group(3).split()
        if _common_lower(words[0]) or words[0].endswith(("ción", "sión", "ment", "mente", "ando", "iendo", "ing")):
            continue
        if len(words) > 1 and _common_lower(words[1]):
            words = words[:1]
        s = m.start(3)
        add((s, s + len(" ".join(words)), "place", ""))


# "a Tuba City resident", "a lifelong Shiprock native", "longtime Kayenta local"
RESIDENT_RE = re.compile(rf"\b(?i:an?|lifelong|life-long|longtime|long-time)\s+({CAPN}(?:\s+{CAPN}){{0,2}})\s+(?:resident|native|local)s?\b")
_RESIDENT_TRIGGER = Low(r"resident|native|local")


def find_resident_places(text, low, add):
    for m in win_iter(RESIDENT_RE, text, low, _RESIDENT_TRIGGER, 50, 10):
        ph = m.group(1)
        pl = ph.lower()
        if never_identifying(pl) or never_identifying(pl.split()[0]) or pl in L.COUNTRIES or pl in L.US_STATES \
                or pl in L.REGIONS or pl in REGION_NAMES or pl in L.ENGLISH:
            continue
        add((m.start(1), m.end(1), "place", ""))


# a town's name by its shape, wherever it stands (the start of a sentence too, where capitals prove nothing):
# a French compound with a lower-case link before a capitalised part ("Boulogne-sur-Mer", "Châlons-en-Champagne",
# "Saint-Jean-de-Luz"; "cul-de-sac" has none), a camel-cased "-Ville"/"-Bourg", a Spanish "Nueva"/"Viejo" name,
# or an unknown word with an English town ending ("Brandihaven", "Jonesland"; "cotton" and "skeleton" are words)
SHAPED_PLACE_RE = re.compile(
    r"\b[A-ZÀ-ÖØ-Þ][\w'’]+(?:-[A-ZÀ-ÖØ-Þ][\w'’]+)*-(?:sur|sous|lès|les|la|le|en|de|du|des|aux|d['’]|l['’])-?[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[\w'’]+)*"
    r"|\b[A-ZÀ-ÖØ-Þ][a-zà-ÿ]+(?:Ville|Bourg)\b"
    rf"|\b(?:Nueva|Nuevo|Vieja|Viejo)\s+{CAPN}(?:\s+(?:de\s+|del\s+)?{CAPN})?"
    r"|\b[A-Z][a-z]{2,}(?:furt|haven|shire|mouth|borough|burgh|bury|chester|stad|ville|view|side|land|port|berg|fort|town|ton|bourg|heim)\b")
_SHAPED_TRIGGER = re.compile(r"-(?:sur|sous|lès|les|la|le|en|de|du|des|aux|d['’]|l['’])-?[A-ZÀ-ÖØ-Þ]|[a-z](?:Ville|Bourg)\b|"
                             r"\b(?:Nuev|Viej)[oa]\s|[a-z](?:furt|haven|shire|mouth|borough|burgh|bury|chester|stad|ville|view|"
                             r"side|land|port|berg|fort|town|ton|bourg|heim)\b")


def find_shaped_places(text, low, add):
    for m in win_iter(SHAPED_PLACE_RE, text, low, _SHAPED_TRIGGER, 40, 40):
        ph = m.group()
        pl = ph.lower()
        if pl in L.COUNTRIES or pl in L.US_STATES or pl in L.REGIONS or pl in REGION_NAMES or pl in C.COUNTRY_NAMES \
                or pl in X.REGIONS or never_identifying(pl):
            continue  # "Nueva Zelanda", "Nuevo León", "Nueva Escocia"
        words = ph.split()
        if words[0] in ("Nueva", "Nuevo", "Vieja", "Viejo") and (words[1].isupper() or base_form(words[1]) in ORDINARY):
            continue  # "Nueva EPS" (an insurer), "nueva consulta" written at a sentence start
        if " " not in ph and "-" not in ph and (pl in L.ENGLISH or pl in ORDINARY or pl in L.PROPER and pl not in L.US_PLACES):
            continue
        add((m.start(), m.end(), "place", ""))


# French "à" before a capitalised word not starting a sentence names a place (or a person: either way an
# identifier): "sa famille est à Robin", "il enseigne à Auger"; medicines, eponyms and months are left alone
A_CAP_RE = re.compile(r"(?<=[\w,;] )(?:à|près\s+de|cerca\s+de)\s+([A-ZÀ-ÖØ-Þ][a-zà-ÿ'’-]+(?:[ -][A-ZÀ-ÖØ-Þ][a-zà-ÿ'’-]+)?)\b(?![-’'])")
# hospital services written with a capital ("adressé à Urgences")
_A_NOT_PLACE = frozenset("""urgences urgencias réanimation reanimación cardiologie cardiología pneumologie neumología
pédiatrie pediatría chirurgie cirugía médecine medicina maternité maternidad radiologie radiología gériatrie psychiatrie
psiquiatría oncologie oncología néphrologie nefrología neurologie neurología""".split())
_SAINTS = frozenset(["saint", "sainte", "san", "santa", "santo", "são", "st", "ste"])
_A_CAP_TRIGGER = re.compile(r"(?:à|près de|cerca de)\s+[A-ZÀ-ÖØ-Þ]")


def find_a_cap_places(text, low, add):
    for m in win_iter(A_CAP_RE, text, low, _A_CAP_TRIGGER, 4, 50):
        pl = m.group(1).lower()
        parts = [p for p in re.split(r"[ -]+", pl) if p]
        # "à Saint-Flour", "à Saint- Giguère": the name after a saint's title decides
        first = parts[1] if len(parts) > 1 and parts[0] in _SAINTS else parts[0]
        if never_identifying(pl) or never_identifying(first) or first in HONORIFICS or pl in L.COUNTRIES \
                or pl in REGION_NAMES or pl in C.COUNTRY_NAMES or first in _LOWER_NOT_PLACE or first in _A_NOT_PLACE \
                or first in X.WORDS or first in C.ORDINARY_MORE:
            continue
        add((m.start(1), m.end(1), "place", ""))


# the town written right after a street address: "47 allée Perreault (Lamarre)", "Av. Suaza # 3-52 Sur, Sucre",
# "9826 Arroyo Seco Rd, Magdalena, New Mexico"; a region's name there is the town when a state or a zip follows
TOWN_AFTER_ADDRESS_RE = re.compile(
    rf"[ \t]*(?:(?:Sur|Norte|Este|Oeste|Nord|Sud|Est|Ouest|North|South|East|West)\b)?[ \t]*([(,])[ \t]*"
    rf"({CAPN}(?:[ -](?:(?:de|del|la|las|los|le|les|sur|en|or|on|y)[ -])?{CAPN}){{0,3}})[ \t]*(?=[),;.\n]|$)")
_STATE_AFTER_RE = re.compile(rf"\s*,\s*(?:{ABBR_RE}|{STATES_RE}|[A-Z][a-z]+)|\s+\d{{5}}")


_HOUSE_NUMBER_RE = re.compile(r"\b\d{1,6}[ \t]+$")


def find_towns_after_addresses(text, cands, add):
    # a street the address recognizer took for a person ("13252 Martinez Burg") still has its house number
    for c in [c for c in cands if c[2] == "address" or c[2] == "name" and _HOUSE_NUMBER_RE.search(text, 0, c[0])]:
        m = TOWN_AFTER_ADDRESS_RE.match(text, c[1])
        if not m:
            continue
        ph = m.group(2)
        pl = ph.lower()
        if pl in L.COUNTRIES or pl in L.US_STATES or pl in C.COUNTRY_NAMES or pl in L.REGIONS \
                or base_form(ph.split()[0]) in GENERIC_START:
            continue
        if pl in REGION_NAMES:
            if pl not in REGION_TOWNS and not (m.group(1) == "," and _STATE_AFTER_RE.match(text, m.end())):
                continue
        elif never_identifying(pl):
            continue
        add((m.start(2), m.end(2), "place", ""))

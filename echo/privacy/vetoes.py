"""What looks like a name or a place but is the structure of a clinical note.

The recognizers look at words; this pass looks at where a candidate stands and drops (or trims)
those that the note's structure explains: a form label before its colon ("Sexo:", "Médico
tratante:", "Lifecycle:"), a pair joined across a line break ("M" + "Region" on the next line),
an organisation or a specialty ("Ministerio de Salud", "Neumología"), a lab or device name
written in mixed case ("FibroScan", "PaCO2", "IgG"), an eponym before its score or test
("Wagner grade 3", "Kirby-Bauer results"), a facility type that names no place ("CHU", "CLSC"),
and counts and doses a house-number rule joined ("2 desde 2014", "100 µg. Grossesse de 10").
It runs once over the candidates, before overlapping ones are merged.
"""
from __future__ import annotations

import re
from itertools import pairwise

from echo.privacy import lexicon as L
from echo.privacy import lexicon_clinical as C
from echo.privacy.lexicon_regions import FIRST_LEVEL
from echo.privacy.recognizers.towns import TOWNS, fold
from echo.privacy.words import EVERYDAY, HONORIFICS, KIN, MULTI_GEO, ORDINARY, REGION_NAMES, ROLE, TITLE_WORDS, base_form

Candidate = tuple[int, int, str, str]

_WORDY = ("name", "place", "facility")

# "Sexo: F", "Médico tratante: Dr. X", "Lifecycle:", "Code postal : 97460": at a line start, or after a
# sentence's end, up to four words before a colon (not "http:", not a time "10:30")
_LABEL_RE = re.compile(r"(?:^|(?<=\n)|(?<=[.;!?] ))[ \t>*•·-]*([^\W\d_][^\n:.;,]{0,40}?)[ \t]*:(?![/\d])", re.M)

# the first word of an organisation's, programme's or service's name; a name or a place found right
# after it, or starting with it, is the organisation's name ("Fondation Raoul Follereau", "Programa
# Nacional de Chagas")
_ORG_HEADS = L._words("""
ministerio ministère ministry secretaría secrétariat department departamento sociedad société society asociación
association fundación fondation foundation programa programme program servicio service vigilancia alcohólicos
alcooliques narcóticos narcotics cruz croix red seguro assurance caisse mutuelle instituto institut institute
comité committee consejo conseil council colegio collège college federación fédération federation liga ligue league
unión union direction dirección red_cross
""")

# specialties and hospital services written with a capital
_SERVICES = L._words("""
neumología pneumologie pulmonology neurología neurologie neurology cardiología cardiologie cardiology nefrología
néphrologie nephrology gastroenterología gastro-entérologie gastroenterology hepatología hépatologie hepatology
endocrinología endocrinologie endocrinology oncología oncologie oncology hematología hématologie hematology
infectología infectiologie reumatología rhumatologie rheumatology dermatología dermatologie dermatology pediatría
pédiatrie pediatrics paediatrics psiquiatría psychiatrie psychiatry psicología psychologie psychology geriatría
gériatrie geriatrics urología urologie urology ginecología gynécologie gynecology obstetricia obstétrique obstetrics
traumatología traumatologie orthopédie orthopedics neurocirugía neurochirurgie neurosurgery cirugía chirurgie surgery
medicina médecine medicine radiología radiologie radiology urgencias urgences emergency réanimation reanimación
oftalmología ophtalmologie ophthalmology otorrinolaringología orl nutrición nutrition kinésithérapie kinesiología
fisioterapia physiotherapy odontología odontologie dentistry enfermería soins nursing farmacia pharmacie pharmacy
laboratorio laboratoire laboratory salud santé health mental mentale interna interne internal familiar famille family
epidemiológica épidémiologique epidemiology trabajo travail social sociale centro centre center atención primaria
primaire primary care soins cuidados
""")

# a facility type, alone, names no place ("au CHU", "en el CESFAM", "at the FQHC")
_FACILITY_TYPES = L._words("""
chu chr chru ch chs chi cmp cms csb cscom csref csréf csps cs cmc clsc chsld gmf ehpad usld ssr pmi camsp csapa
cegidd had ssiad cdag crlat
cesfam cecosf cap eap umf ips eps ese caps ucsf ps pss posta cs hgz hg hr imss issste essalud minsa sedes
fqhc ihs va cah icu er ed ccu nicu picu snf ltc ltach rhc chc
iess sus minsa imss issste pev pnlt pnls gfaop csps creni crenas crenam chp chrd chd cma pam unicef oms who msf lns
nphil mdt atm tld
""")

# an eponym or a named test before one of these words is no person: "Wagner grade 3", "Kirby-Bauer results"
_AFTER_EPONYM = TITLE_WORDS | L._words("""
grade grades class results result stain staining protocol regimen score scores scale criteria type agar medium
escala score grado estadio criterios clasificación tinción prueba test índice signo síndrome maniobra
échelle stade critères classification coloration épreuve indice signe manœuvre
""")
_BEFORE_EPONYM_RE = re.compile(
    r"(?i:\b(?:score|escala|échelle|test|prueba|épreuve|maladie|enfermedad|síndrome|syndrome|signe|signo|critères|"
    r"criterios|classification|clasificación|tinción|coloration|index|índice|indice|stade|estadio|grado|grade|"
    r"maniobra|manœuvre|manoeuvre|méthode|método)\s+(?:de\s+|d['’]|of\s+)?)$")

# the last word before an eponym's name: "score de", "escala de", "maladie d'", "test of", "stade"
_EPONYM_LAST = frozenset("""de of score escala échelle test prueba épreuve maladie enfermedad síndrome syndrome signe signo
critères criterios classification clasificación tinción coloration index índice indice stade estadio grado grade maniobra
manœuvre manoeuvre méthode método""".split())
# units and counts that a "word + number" rule may have joined into an address
_COUNT_RE = re.compile(
    r"(?i:\d\s*(?:mg|µg|mcg|ug|g|kg|ml|l|mmol|µmol|umol|mol|ui|u|kpa|mmhg|sa|x\d+)\b|\bx\d|\d+\s*/\s*\d+|"
    r"\b(?:desde|depuis|hace|meses|mois|semanas|semaines|años|ans|días|jours|dosis|doses|ponctions?|fois|veces)\b)"
    r"|[.;]\s+[A-ZÀ-Ý]")
_STREET_HINT_RE = re.compile(
    r"(?i:\b(?:calle|avenida|av|avda|jirón|jr|carrera|cra|cll|pasaje|psje|camino|carretera|km|manzana|mz|lote|lt|"
    r"rue|avenue|boulevard|bd|chemin|impasse|allée|route|rte|place|quai|lot|bp|street|st|road|rd|drive|dr|lane|ln|"
    r"court|ct|highway|hwy|box|apt|suite|unit|piso|puerta|depto|dpto|bloc|bâtiment|étage|ul|ulica)\b)")


# Spanish and French ordinary words, used only where capitals say nothing: chat written in lower case and the
# first word of a sentence. Mid-sentence capitals still count ("barrio La Libertad", "Valle Nacional").
_EVERYDAY = EVERYDAY
_NAME_CUES = HONORIFICS | KIN | L._words("""llama llamo llamaba appelle appelait appelée appelé named name nombre nom prénom
don doña dona sr sra srta mme mlle m dr dra pr""")
_LINE_START_RE = re.compile(r"(?:^|\n)[ \t>*•·-]*$")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:¿¡]\s+|\n\s*|^\s*[-*•]\s*)$")


_GIVEN = L.FIRST_NAMES | L.SURNAMES | L.PERSON_NAMES
# the endings of Spanish and French clinical and abstract nouns and of medicine names ("Bilirrubina",
# "Profilaxis", "Hepatotoxicidad", "Ecocardiograma", "Ciclofosfamida"): a capitalised word so shaped that is
# nobody's known name is a term, not a person
_TERM_RE = re.compile(r"(?:ción|sión|tion|sion|dad|tad|ité|ncia|nce|ismo|isme|itis|ite|emia|émie|osis|ose|grama|gramme|"
                      r"grafía|graphie|scopia|scopie|logía|logie|patía|pathie|algia|algie|tomía|tomie|terapia|thérapie|"
                      r"plastia|plastie|lisis|lyse|uria|urie|cemia|cémie|oide|oides|ótico|ótica|ático|ática|ique|ina|ine|"
                      r"ona|one|ida|ide|ol|ato|ate|ilo|azol|azole|mab|mib|nib|vir|cilina|cilline|micina|mycine|ex|ix|ax|"
                      r"inas|ines|idas|ides|oles|atos|asa|ase|asas|ases|ulina|uline|ómetro|omètre|ales|aux|ivo|iva|ivos|ivas|"
                      r"virus|coccus|coccal|bacter|spira|plasma|eclampsia|ectomy|scopy|ology|ologist|ism|ical|itis|osis|"
                      r"emia|tomy|pathy|plasty|algia|penia|megaly|rrhea|cyte|cytic|genic|mellitus|orkor|agonist|"
                      r"inhibitor|antigen|antibody|blocker|igm|igg|rheumatica|tic|ous|ary|ory)$")


def _everyday(words: list[str]) -> bool:
    return all(base_form(w.strip("(),.;:!?¿¡")) in _EVERYDAY for w in words)


def _spanish_french_word(word: str) -> bool:
    """An ordinary Spanish or French word that is nobody's name (the English ones the name rules know)."""
    b = base_form(word.strip("(),.;:!?¿¡"))
    return b in L.SPANISH_FRENCH and b not in _GIVEN


# companies, seasons, tribal nations spanning states, disease eponyms and organisms a clinician names alone
_NOT_PEOPLE = frozenset(w.replace("_", " ") for w in L._words("""
lilly eli_lilly novo_nordisk pfizer merck msd sanofi gilead abbvie astrazeneca gsk janssen roche novartis bayer
boehringer teva viatris mylan abbott medtronic dexcom baxter amgen biogen takeda moderna cepheid
spring summer fall autumn winter primavera verano otoño invierno printemps été automne hiver
navajo_nation cherokee_nation hopi_tribe tohono_o'odham_nation
chagas parkinson alzheimer hashimoto basedow crohn kaposi hodgkin burkitt raynaud sjögren sjogren guillain barré
wernicke korsakoff babinski mcburney tinetti apgar ziehl-neelsen kirby-bauer hoehn yahr child-pugh nyha killip
helicobacter strongyloides plasmodium leishmania trypanosoma mycobacterium staphylococcus streptococcus klebsiella
pseudomonas candida aspergillus cryptococcus toxoplasma giardia entamoeba schistosoma brucella rickettsia borrelia
rhésus rhesus fibroscan genexpert xpert croix-rouge cruz_roja red_cross imss-bienestar insabi
"""))
# a region's name after its kind ("Región Cusco", "Provincia de Chimborazo", "au Québec") is the region
_REGION_KIND_RE = re.compile(
    r"(?i:\b(?:regi[óo]n|r[ée]gion|provincia|province|departamento|d[ée]partement|estado|state|wilaya|gouvernorat|"
    r"governorate|canton|comarca|territoire|territorio|territory)(?:\s+(?:de|del|du|de\s+la|of|d['’]))?\s+|\bau\s+|\baux\s+)$")
_PARTICLE = frozenset(["de", "del", "la", "las", "los", "el", "y", "et", "du", "des", "le", "les", "d'", "of", "the", "and"])
# a lower-case word after a clitic pronoun is a verb: "le pido", "je passe"
_CLITIC_RE = re.compile(r"(?i:\b(?:le|les|lo|los|me|te|se|nos|je|j['’]|il|elle|on|ils|elles|nous|vous|tu|yo)\s+)$")
_GEO_BY_HEAD: dict[str, list[str]] = {}
for _g in sorted((g for g in MULTI_GEO | C.COUNTRY_NAMES if " " in g or "'" in g or "’" in g), key=len, reverse=True):
    _GEO_BY_HEAD.setdefault(_g[:3], []).append(_g)


def _labels(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _LABEL_RE.finditer(text):
        label = m.group(1)
        words = label.replace("(", " ").replace(")", " ").split()
        if not words or len(words) > 5:
            continue
        low = [base_form(w.strip(".,")) for w in words]
        if any(w in HONORIFICS for w in low):
            continue  # "Dr. Pérez:" speaks; "Sra. Quispe:" is a person
        if len(words) == 1 and (low[0] in L.FIRST_NAMES or low[0] in L.SURNAMES) and low[0] not in ORDINARY:
            continue  # "Ana: ..." in a chat transcript is a speaker
        before = text[max(0, m.start(1) - 8):m.start(1)].split()
        if before and base_form(before[-1].rstrip(".")) in HONORIFICS:
            continue  # "Dr. Quinn: ..." (the title ended a "sentence")
        spans.append(m.span(1))
    return spans


def _mixed_case(tok: str) -> bool:
    """A lab, device or product name: "FibroScan", "PaCO2", "IgG", "CKD3b" (not "McKay", "DeShawn", "O'Neil")."""
    if any(ch.isdigit() for ch in tok):
        return True
    core = tok.strip(".,;:()'’")
    if len(core) < 3 or not core[0].isalpha():
        return False
    if core[:2] in ("Mc", "Le", "La", "De", "Di", "Da", "Du") or core[:3] in ("Mac", "Van", "Von", "Fitz") \
            or core.endswith(("Ville", "Bourg", "Town", "City")):
        return False
    return any(a.islower() and b.isupper() for a, b in pairwise(core))


def _only_region_or_service(phrase: str) -> bool:
    p = phrase.lower().strip(" .,;:()")
    return p in FIRST_LEVEL or p in REGION_NAMES or p in _SERVICES or p in _FACILITY_TYPES or p in C.ADMIN_REGIONS


_PLACE_PREP_RE = re.compile(r"(?i:\b(?:in|from|to|near|at|en|de|desde|a|hacia|à|au|aux|vers|près\s+de|cerca\s+de)\s+(?:la\s+|el\s+|le\s+|l['’])?)$")


# "municipio de Matagalpa", "Hospital de Tarija", "ville de Kayes": the town of that name
_TOWN_WORD_RE = re.compile(r"(?i:\b(?:municipio|ciudad|pueblo|villa|ville|commune|town|city|village|hospital|h[ôo]pital|"
                           r"cl[íi]nica|clinique|centro|centre|posta|puesto|poste)\s+(?:de\s+|del\s+|du\s+|of\s+|d['’])?)$")


# the town that ends an address: "boulevard Caron 12 (Ségou)", "Calle 5 # 3-52, Sucre"
_AFTER_ADDRESS_RE = re.compile(r"\d[\w .#°º-]{0,30}[,(]\s*$")


def _region_not_town(text: str, s: int, phrase: str) -> bool:
    """A first-level region's name, not its town. Many regions share their name with their main town (Kayes,
    Labé, Dosso, Ségou): such a name is taken for the town unless the region is plainly meant ("la région de
    Kayes", "au Québec", "Outback Queensland"); a name that is only a region's is the region's."""
    p = phrase.lower().strip(" .,;:()")
    if p not in FIRST_LEVEL and p not in REGION_NAMES and p not in C.ADMIN_REGIONS:
        return False
    if _TOWN_WORD_RE.search(text, max(0, s - 24), s) or _AFTER_ADDRESS_RE.search(text, max(0, s - 40), s) \
            or _PLACE_LABEL_RE.search(text, max(0, s - 30), s):
        return False
    if _REGION_KIND_RE.search(text, max(0, s - 30), s):
        return True
    if fold(p) in TOWNS or p in L.US_PLACES:
        return False
    return " " in p or "-" in p or not _PLACE_PREP_RE.search(text, max(0, s - 16), s)


_ALL_REGIONS = FIRST_LEVEL | REGION_NAMES | C.ADMIN_REGIONS
_REGION_HEAD_RE = re.compile(r"(?:regi[óo]n|r[ée]gion|provincia|province|departamento|d[ée]partement|department|estado|state|"
                             r"wilaya|gouvernorat|governorate)\s+(?:(?:de|del|du|of|d['’])\s*)?")
# a label that asks for a town: "Procedencia: Moho", "Localité : Kindia", "Commune : Namur"
_PLACE_LABEL_RE = re.compile(
    r"(?i:\b(?:procedencia|localidad|localit[ée]|commune|comuna|municipio|ciudad|ville|village|community|comunidad|"
    r"cant[óo]n|parroquia|distrito|district|quartier|barrio|colonia|fokontany|domicilio|domicile|residencia|"
    r"r[ée]sidence|location|lieu\s+de\s+\w+|lugar\s+de\s+\w+|hometown|town|city)\s*:\s*)$")


# a facility named only by its kind and level ("the District Hospital", "Base Hospital ICU", "Village Clinic",
# "Ministry of Health"): no name of its own, so no place
_GENERIC_FACILITY = L.FACILITY_GENERIC | L._words("""
hospital hospitals clinic clinics centre center health pharmacy ward unit icu ccu nicu er ed amu opd district base
village provincial referral municipal city national sub-county subcounty type level a b c d i ii iii iv first nations
occupational board secondary tertiary ministry department of and de la del hôpital hospitalier centro salud santé
poste posta puesto dispensaire dispensario maternity maternité maternidad stabilisation stabilization virtual
reference laboratory laboratories lab behavioral behavioural flight service services team program programme
""")


def _first_line(text: str, s: int, e: int) -> int:
    """A name or a place never runs across a line break: the end of the first line's part."""
    nl = text.find("\n", s, e)
    if nl < 0:
        return e
    while nl > s and text[nl - 1] in " \t,;:":
        nl -= 1
    return nl


def _trim_chat(text: str, s: int, e: int) -> tuple[int, int]:
    """In lower-case chat, everyday words at either end are no part of a name ("huancane con su")."""
    words = text[s:e].split()
    keep = list(words)
    floor = 2 if base_form(words[0].strip(".")) in _NAME_CUES else 1  # "dr smith": the title vouches for "smith"
    while len(keep) > floor and base_form(keep[-1].strip(",.;:!?")) in _EVERYDAY:
        keep.pop()
    while floor == 1 and len(keep) > 1 and base_form(keep[0].strip(",.;:!?")) in _EVERYDAY:
        keep.pop(0)
    if keep == words:
        return s, e
    s = text.index(keep[0], s)
    return s, text.index(keep[-1], s) + len(keep[-1])


def _trim_sentence_start(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A Spanish or French word starting a sentence is no part of a name ("Evitar Depakene", "Talla")."""
    words = text[s:e].split()
    if not (_spanish_french_word(words[0]) and _SENTENCE_START_RE.search(text, max(0, s - 6), s)) \
            or _PLACE_LABEL_RE.search(text, max(0, s - 30), s):
        return s, e
    if len(words) == 1:
        return None
    s += len(words[0])
    while s < e and text[s] in " \t":
        s += 1
    return s, e


def _wordy(text: str, s: int, e: int, kind: str, labels: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of a name, place or facility candidate the note's structure leaves, or None."""
    e = _first_line(text, s, e)
    if e - s <= 2:
        return None
    lead = _LEADING_PARTICLE_RE.match(text, s, e)
    if lead and lead.end() < e and text[lead.end()].isupper():
        s = lead.end()  # "del MINSA", "de Guardia": the particle belongs to the sentence, not to the name
    # a town of several ordinary words typed in lower case ("from cut bank"), not ordinary words that happen to name a
    # town somewhere ("dolor en el corazón": El Corazón, Ecuador)
    town = kind == "place" and " " in text[s:e] and (text[s:e] in L.US_PLACES or fold(text[s:e]) in TOWNS and not all(
        base_form(w) in _EVERYDAY or w in _PARTICLE for w in text[s:e].split()))
    if text[s:e].islower() and not town:
        s, e = _trim_chat(text, s, e)
    phrase = text[s:e]
    words = phrase.split()
    before = text[max(0, s - 40):s]
    prev = before.split()[-1:]
    cued = bool(prev) and base_form(prev[0].strip("(,.")) in _NAME_CUES
    if not cued:
        if phrase.islower() and (_everyday(words) or _CLITIC_RE.search(before)) and not town:
            return None  # "le pido", "tout l apres midi" in chat (but "from cut bank" names a town)
        span = _trim_sentence_start(text, s, e)
        if span is None:
            return None
        s, e = span
        phrase = text[s:e]
        words = phrase.split()
        before = text[max(0, s - 40):s]
    stripped = [base_form(w.strip("(),.;:")) for w in words]
    if any(ls <= s and e <= le for ls, le in labels) and (
            all(w in _EVERYDAY for w in stripped)
            or len(words) == 1 and stripped[0] not in _GIVEN
            and stripped[0] not in L.PROPER and _LINE_START_RE.search(before) and any(ls == s and le == e for ls, le in labels)):
        return None  # "Sexo", "Médico tratante", "Ecografía" (but "Summary for Elizabeth Smith:" names her)
    low = phrase.lower().strip(" .,;:()")
    core = " ".join(w for w in low.split() if w not in _PARTICLE)
    named_after = bool(_NAMED_AFTER_RE.match(text, e))
    if len(words) == 1 and not named_after and (low in _FACILITY_TYPES or kind == "facility" and _only_region_or_service(phrase)):
        return None  # "au CHU", "en el CESFAM" (but "CHU de Rennes", "CAP Vic Nord" name one)
    if kind == "facility":
        if all(w in _GENERIC_FACILITY for w in stripped):
            return None  # "District Hospital", "Virtual Clinic": a kind and a level, no name
        return s, e
    if stripped[0] in _ORG_HEADS or (prev and prev[0][:1].isupper() and base_form(prev[0].strip("(,")) in _ORG_HEADS):
        return None  # "Programa Nacional de Chagas", "Fondation Raoul Follereau"
    if not cued and (core in _NOT_PEOPLE or core in KIN or core in ROLE):
        return None
    if kind == "name" and all(w in _SERVICES or w in _PARTICLE for w in stripped):
        return None  # "Salud Mental", "Centro de Salud", "Atención Primaria"
    if not named_after and (kind == "place" or kind == "name" and not cued) and _region_not_town(text, s, phrase):
        return None
    if not named_after and kind == "name" and phrase.lower() in _SERVICES:
        return None
    if (core in FIRST_LEVEL or core in REGION_NAMES or core in C.ADMIN_REGIONS) and _REGION_KIND_RE.search(before):
        return None  # "Región Cusco", "Provincia de Chimborazo", "au Québec"
    kind_word = _REGION_HEAD_RE.match(low)
    if kind_word and low[kind_word.end():] in _ALL_REGIONS:
        return None  # "Región de Coquimbo", "Department of Cauca" found whole
    if len(words) == 1 and (kind == "name" and _mixed_case(words[0]) or re.fullmatch(r"[A-Z]{2,}s", words[0].strip(".,;:()"))):
        return None  # "FibroScan", "PaCO2", "IGRAs"
    if not cued and kind == "name" and all(
            w in _PARTICLE or (_TERM_RE.search(w) and w not in _GIVEN and w not in L.PROPER and len(w) > 5
                               and fold(w) not in TOWNS) for w in stripped) \
            and any(w not in _PARTICLE for w in stripped) and not _PLACE_LABEL_RE.search(before):
        return None  # "Bilirrubina", "Hipotensión Ortostática", "Sulfato de Magnesio"
    if not cued and kind in ("name", "place") and all(
            w in _PARTICLE or (w in _EVERYDAY and w not in _GIVEN and w not in L.PROPER and fold(w) not in TOWNS
                               and w not in L.US_PLACES and fold(w) not in L.US_PLACES) for w in stripped) \
            and any(w not in _PARTICLE for w in stripped) and fold(low) not in TOWNS and low not in L.US_PLACES \
            and not _NAMED_BEFORE_RE.search(before) \
            and not _RESIDES_RE.search(before) and not (len(stripped) > 1 and stripped[0] in _FACILITY_HEADS) \
            and not _PLACE_LABEL_RE.search(before):
        return None  # "Plaquetas", "Casa Materna", "Recurrent Falls": capitalised common nouns, nobody's name, no town
    heads = _GEO_BY_HEAD.get(low[:3])
    if heads and any(text[s:s + len(g)].lower() == g and s + len(g) > e for g in heads):
        return None  # "Côte" of "Côte d'Ivoire"
    after = text[e:e + 30].split()
    nxt = base_form(after[0].strip(".,;:()")) if after else ""
    last = base_form(prev[0].strip("(,")) if prev else ""
    if nxt in _AFTER_EPONYM or (last in _EPONYM_LAST or last.endswith(("d'", "d’"))) and _BEFORE_EPONYM_RE.search(before):
        if len(words) == 1:
            return None  # "Wagner grade 3", "score de Tinetti"
        if nxt in _AFTER_EPONYM:  # "Carmen's Bell's palsy": the last word is the eponym
            e = s + len(phrase) - len(words[-1])
            while e > s and text[e - 1] in " \t":
                e -= 1
    return s, e


_LEADING_PARTICLE_RE = re.compile(r"(?:de\s+la|de\s+los|de\s+las|del|de|du|des|of|the)\s+")
# "Nueva Panamá", "Mar del Plata": a word that starts a town's name goes with the capitalised word after it
_NAMED_BEFORE_RE = re.compile(r"\b(?:Nueva|Nuevo|Mar\s+del|Puerto|Villa|San|Santa|Santo|Ciudad|Saint|Sainte|Port|Bel|Grand)\s+$")
# where someone lives or comes from names a place whatever the word: "vive en Peñasco", "habite à Lamarre"
_RESIDES_RE = re.compile(r"(?i:\b(?:vive|viven|viv[íi]a|reside|resid[íi]a|habite|habitait|vit|vivait|lives|living|resides|"
                         r"natural|originari[oa]|originaire|oriund[oa]|procedente|proveniente|domiciliad[oa]|domicili[ée]e?|"
                         r"viene|vient|moved|from|distrito|municipio|comuna|commune|ville|village|barrio|colonia|comunidad|"
                         r"caser[íi]o|vereda|pueblo|aldea|localidad|localit[ée]|quartier|town|city|county)\s+"
                         r"(?:en|de|del|desde|du|d['’]|à|au|a|in|to|from|of)?\s*(?:la\s+|el\s+|le\s+)?)$")
# "Clinique du Parc", "Clínica del Sol": a facility's head with words of its own is a facility's name
_FACILITY_HEADS = L._words("""clinique clínica clinica hôpital hopital hospital centre centro polyclinique policlínico maternité
maternidad dispensaire dispensario sanatorio sanatorium""")
_NAMED_AFTER_RE = re.compile(r"[ \t]+(?:(?:de|del|du|des|of|d['’])[ \t]*)?[A-ZÀ-Ý]")


def veto(text: str, cands: list[Candidate]) -> list[Candidate]:
    """The candidates left once the note's structure has been taken into account."""
    labels = _labels(text) if ":" in text else []
    out: list[Candidate] = []
    for s, e, kind, label in cands:
        if kind in _WORDY:
            span = _wordy(text, s, e, kind, labels)
            if span is None or span[1] - span[0] < 2:
                continue
            s, e = span
        elif kind == "address":
            phrase = text[s:e]
            if _COUNT_RE.search(phrase) and not _STREET_HINT_RE.search(phrase):
                continue
        out.append((s, e, kind, label))
    return out

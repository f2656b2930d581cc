"""Word tests shared by the name, place, facility and address recognizers."""
from __future__ import annotations

import functools
import re

from echo.privacy import lexicon as L
from echo.privacy import lexicon_clinical as C
from echo.privacy import lexicon_es_fr as X

TOKEN_RE = re.compile(r"[^\W\d_](?:[\w’'-]*[^\W_])?(?:['’]s)?|\d+|[^\w\s]")
SENT_END = set(".!?:;•*\n\"“”()[]-–—|>#¿¡")
PARTICLES = {"de", "del", "de la", "la", "los", "las", "van", "von", "der", "den", "da", "di", "du", "le", "bin",
             "ibn", "al", "el", "y", "st", "mc", "mac", "o"}
PLACE_PREP = {"in", "from", "to", "near", "outside", "around", "at", "toward", "towards", "into", "through",
              "en", "à", "desde", "hacia", "vers", "près", "cerca", "dans",
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


def base_form(tok: str) -> str:
    t = tok.lower()
    if t.endswith("'s") or t.endswith("’s"):
        t = t[:-2]
    return t


_CONTRACT_HEADS = frozenset(["i", "you", "we", "they", "he", "she", "it", "that", "there", "what", "who", "let", "here", "where", "how"])


@functools.lru_cache(maxsize=8192)
def never_identifying(b: str) -> bool:
    if b in L.DEMONYMS or b in L.REGIONS or b in X.DRUGS or b in X.REGIONS:
        return True
    if b in C.DRUG_BRANDS or b in C.CLINICAL_WORDS or b in C.ADMIN_REGIONS or b in C.COUNTRY_NAMES:
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
    return len(b) > 5 and (b.endswith(MED_SUFFIXES) or b.endswith(X.MED_SUFFIXES))


def _is_cap(tok: str) -> bool:
    return tok[0].isupper() and not (len(tok) > 1 and tok.isupper() and len(tok) <= 5)


NAMES = L.SURNAMES | L.FIRST_NAMES


SPEAKER = frozenset({":", ",", "!", "?"})
MORE_VERBS = L._words("""spent began begun wrote went came saw told gave took made knew thought felt found kept brought
bought sent flew drove ran sat stood grew won met paid put read heard held meant set taught understood became
shouted smiled laughed cried replied answered asked agreed explained added continued arrived left lives works
studied graduated founded joined invested launched published released recorded directed starred played sang
married divorced passed retired moved""")
MULTI_GEO = frozenset(x for x in L.COUNTRIES | L.US_STATES | L.REGIONS | X.REGIONS if " " in x)
GEO_LAST = frozenset(x.split()[-1] for x in MULTI_GEO)

GENERIC_START = frozenset(["the", "a", "an", "my", "our", "her", "his", "their", "this", "that", "in", "from", "to", "at", "of", "and", "or", "with", "for", "on", "by", "i", "we"])

# "an ordinary word" in any of the three languages the programs write in
ORDINARY = L.ENGLISH | X.WORDS | C.ORDINARY_MORE
# ordinary words with Spanish and French ones too: used only where capitals say nothing (chat in lower case, a
# sentence's first word), since many Spanish and French words are also names ("Paz", "Rosario", "Plata")
EVERYDAY = ORDINARY | L.SPANISH_FRENCH
HONORIFICS = L.HONORIFICS | X.HONORIFICS
KIN = L.KIN | X.KIN
ROLE = L.ROLE | L._words("paciente patiente usuario usuaria médico médica médecin enfermera enfermero infirmière infirmier")
# "enfermedad de Chagas", "maladie de Basedow", "signe de Murphy": the word after is no person
EPONYM_HEADS = X.EPONYM_HEADS
EPONYM_LINK = frozenset({"de", "del", "du", "of"})
DRUG_CUES = X.DRUG_CUES
# a dose right after a capitalised word makes it a medicine: "Seguril 40 mg", "Kardegic 75 mg"
DOSE_AFTER = re.compile(r"\s*\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|g|ml|mL|UI|U|gotas|gouttes|comprimidos?|comprimés?|cp)\b")
# any known medicine (brand or generic) and the endings of generic names, in the three languages
DRUG_WORDS = L.DRUGS | X.DRUGS | C.DRUG_BRANDS
MED_ENDINGS = tuple(e for e in MED_SUFFIXES + X.MED_SUFFIXES if e.endswith(("zole", "pril", "olol", "sartan", "statin", "mab", "pine", "zepam", "zolam", "oxetine", "cillin", "mycin", "cycline", "floxacin", "vir", "gliptin", "gliflozin", "glutide", "semide", "thiazide", "dipine", "parin", "xaban", "prazol", "prazole", "dipino", "semida", "sémide", "cilina", "cilline", "statina", "statine", "micina", "mycine", "floxacino", "floxacine", "sartán", "formina", "formine", "azepam", "azépam", "profeno", "profène", "cetamol", "cétamol")))
# first-level divisions of Spanish- and French-speaking countries (many are surnames too: "Sra. Aragón")
REGION_NAMES = X.REGIONS | C.ADMIN_REGIONS

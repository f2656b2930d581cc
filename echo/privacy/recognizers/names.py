"""Person names: capitalised (or, in chat-style text, unknown) words with a person cue or support."""
from __future__ import annotations

import re

from echo.privacy import lexicon as L
from echo.privacy.lexicon_es_fr import REGION_TOWNS
from echo.privacy.recognizers.relatives import LOW_TITLES, LOWER_CUES as _LOWER_CUES, lower_name_after_cue, word_name
from echo.privacy.words import DRUG_WORDS, MED_ENDINGS, REGION_NAMES
from echo.privacy.rules import CAPW, I, Low, win_iter
from echo.privacy.words import (
    DOSE_AFTER,
    DRUG_CUES,
    EPONYM_HEADS,
    EPONYM_LINK,
    GENERIC_START,
    HONORIFICS,
    KIN,
    MORE_VERBS,
    MULTI_GEO,
    NAMES,
    ORDINARY,
    PARTICLES,
    PERSON_VERBS,
    PLACE_PREP,
    ROLE,
    SENT_END,
    SPEAKER,
    TITLE_WORDS,
    TOKEN_RE,
    base_form,
    never_identifying,
)

NAME_CUE_RE = re.compile(
    r"(?:\bname\s+is|\bname's|\bnamed|\bcall(?:s|ed)?\s+me|\bknown\s+as|\bhi|\bhello|\bdear|\bthank\s+you|\bthanks|"
    r"\bsigned|\bregards|\b(?:maiden|last|first|middle|family|given|sur|nick)\s?name(?:\s+is)?|\bgoes\s+by|\bname|"
    r"\bsays|\bfollow(?:ed)?[\s-]+up\s+with|\bspeak\s+(?:to|with)|\btalk(?:ed)?\s+(?:to|with)|\bspoke\s+(?:to|with)|"
    r"\bask(?:ed)?\s+for|\bmet\s+with|\battn|\bdirected\s+by|\bwritten\s+by|\bstarring|\bi'?m|\bi\s+am|"
    r"\bthis\s+is|\bnamed\s+(?:him|her|them|it|the\s+baby)|(?<![\d\s])\s*\b(?:mr|mrs|ms|mx|dr|miss|prof)\.?|"
    # Spanish and French: "se llama", "de nombre", "mi nombre es", "s'appelle", "prénommée", "nom :"
    r"\bse\s+llama|\bllamad[oa]|\bde\s+nombre|\bmi\s+nombre\s+es|\bnombre(?:\s+es)?|\bapellidos?|"
    r"\bm'appelle|\bs'appelle|\bnomm[ée]e?|\bpr[ée]nomm[ée]e?|\bpr[ée]nom|\bnom(?:\s+de\s+jeune\s+fille)?)[\s:,?\"'“]*$", I)
ORG_RE = re.compile(
    r"(?:\b(?:work(?:s|ed|ing)?\s+(?:for|at)|employed\s+(?:by|at)|employer(?:\s+is)?|job\s+at|company)\s+(?:the\s+)?"
    rf"{CAPW}(?:\s+{CAPW}){{0,3}})"
    rf"|(?:{CAPW}(?:,?\s+(?:and\s+|&\s+)?{CAPW}){{0,4}}\s+(?i:inc|ltd|llc|llp|plc|corp|corporation|company|group|"
    r"holdings|partners|associates|technologies|systems|solutions|software|consulting|bank|foundation|orchestra|"
    r"labs|laboratories|media|airlines|industries|enterprises|ventures|capital|insurance|markets|analytics|"
    r"networks|gmbh|and\s+sons)\b\.?)")
_LIST_SEP = frozenset({",", "and", "&", "or"})
# last word of every NAME_CUE_RE alternative: the regex only runs after one of these
_CUE_LAST = frozenset(["is", "name", "name's", "named", "me", "as", "hi", "hello", "dear", "you", "thanks", "signed", "regards", "surname", "nickname", "surname", "by", "says", "with", "to", "for", "attn", "o", "this", "i'm", "im", "am", "mr", "mrs", "ms", "mx", "dr", "miss", "prof", "him", "her", "them", "it", "baby", "starring", "firstname", "lastname", "llama", "llamado", "llamada", "nombre", "apellido", "apellidos", "appelle", "nommé", "nommée", "nommé", "prénommé", "prénommée", "prénom", "nom", "fille"])



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
        if tl in HONORIFICS:
            continue
        b = base_form(t)
        allowed = never_identifying(b)
        j = i - 1
        prev = toks[j][2].lower() if j >= 0 else ""
        prev2 = toks[j - 1][2].lower() if j >= 1 else ""
        if allowed and prev in PLACE_PREP and b in REGION_TOWNS:
            allowed = False  # "from Magdalena", "vive en Córdoba": many regions share their name with a town
        if (prev + " " + b) in MULTI_GEO or (i + 1 < n and (tl + " " + toks[i + 1][2].lower()) in MULTI_GEO):
            continue  # "New Zealand", "South Africa", "New Mexico"
        if prev in EPONYM_LINK and prev2 in EPONYM_HEADS:
            continue  # "enfermedad de Chagas", "maladie de Basedow"
        if b not in NAMES and (prev in DRUG_CUES or DOSE_AFTER.match(text, e)):
            continue  # a medicine: "toma Sintrom", "sous Kardegic", "Seguril 40 mg"
        # explicit person cue before the token: "Mr.", "my name is", "Hi", "call me"...
        if not allowed and (prev in _CUE_LAST or (prev in ".:,?\"'“" and prev2 in _CUE_LAST)) \
                and (cm := NAME_CUE_RE.search(low, max(0, s - 24), s)):
            weak_cue = cm.group().rstrip(" :,?\"'“").endswith(("i'm", "i am", "this is", "hi", "dear", "says"))
            nxt = toks[i + 1][2] if i + 1 < n else ""
            if weak_cue and b in ORDINARY and (b in L.FIRST_NAMES or nxt == "," or t.endswith(("'s", "’s"))):
                weak_cue = False  # "Hi Victor,", "I'm Misty's daughter"
            if not (weak_cue and b in ORDINARY) and not (t.isupper() and len(t) <= 3):
                cls[i] = 3
                continue
        if lower_mode:
            if allowed:
                continue
            if b in L.FIRST_NAMES and b not in ORDINARY:
                cls[i] = 2
            elif b not in ORDINARY and len(b) >= 3:
                nl = toks[i + 1][2] if i + 1 < n else ""
                cls[i] = 2 if (nl in PERSON_VERBS or nl in MORE_VERBS or t.endswith(("'s", "’s"))
                               or (nl == ":" and (j < 0 or toks[j][2] in SENT_END))) and nl != "and" else 1
            # "emidio p lombardo", "bertram m. jørgensen": first name, middle initial, non-English surname
            if j >= 1 and len(toks[j][2]) == 1 and toks[j][2] not in "ai" and toks[j][2].isalpha() \
                    and b not in ORDINARY and toks[j - 1][2].isalpha() and len(toks[j - 1][2]) >= 3 \
                    and not never_identifying(base_form(toks[j - 1][2])) or j >= 2 and toks[j][2] == "." and len(toks[j - 1][2]) == 1 and toks[j - 1][2] not in "ai" \
                    and toks[j - 1][2].isalpha() and b not in ORDINARY and toks[j - 2][2].isalpha() \
                    and len(toks[j - 2][2]) >= 3 and not never_identifying(base_form(toks[j - 2][2])):
                cls[i] = 2
            continue
        if len(t) > 1 and t.isupper():
            if not (len(t) >= 4 and b in NAMES):
                if len(t) >= 5 and not allowed and b not in ORDINARY:
                    cls[i] = 1  # all-caps word: promoted by a place cue or a neighbour
                continue  # abbreviation
        initial = j < 0 or toks[j][2] in SENT_END or (toks[j][2].isdigit() and (j == 0 or toks[j - 1][2] in SENT_END))
        if initial and j >= 1 and toks[j][2] == "." and len(toks[j - 1][2]) == 1 and toks[j - 1][2].isupper() \
                and (j < 2 or toks[j - 2][2][0].isupper()):
            initial = False  # after a middle initial: "Tom I. Holzman"
        # honorific before it
        if prev.rstrip(".") in HONORIFICS and j >= 0 and toks[j][2][0].isupper() or (
            prev == "." and prev2 in HONORIFICS and toks[j - 1][2][0].isupper()
        ):
            if not allowed or b in L.EPONYMS or b in REGION_NAMES:
                cls[i] = 3  # "Sra. Aragón", "Dr. Córdoba": many surnames are also regions
                continue
        if b in L.EPONYMS and (t.endswith("s") or (i + 1 < n and toks[i + 1][2].lower() in TITLE_WORDS)):
            continue
        kin = prev in KIN or prev in ROLE or (prev == "," and prev2 in KIN)
        if kin and not allowed and not initial:
            cls[i] = 3
            continue
        if allowed:
            continue
        english = b in ORDINARY
        listed = b in NAMES
        proper = b in L.PROPER or b in L.US_PLACES
        if not english:
            if not initial or listed or proper:
                cls[i] = 2
            else:
                nxt = toks[i + 1][2] if i + 1 < n else ""
                nl = nxt.lower()
                cls[i] = 2 if (nl in PERSON_VERBS or nl in MORE_VERBS or t.endswith(("'s", "’s"))
                               or (nxt in SPEAKER and (nxt != ":" or _speaker_turn(toks, i)) and len(t) >= 4
                                   and not t.endswith("s"))
                               or (len(nxt) > 4 and nxt.islower() and nxt.endswith("ed"))) else 1
        elif listed:
            cls[i] = 1 if initial else (2 if b in L.FIRST_NAMES and not english else 1)
            nxt = toks[i + 1][2] if i + 1 < n else ""
            if initial and (nxt.lower() in MORE_VERBS or (nxt in SPEAKER and b in L.FIRST_NAMES)):
                cls[i] = 2  # "Walker began writing...", "Mark: ..."
            if not initial and b in L.FIRST_NAMES and b not in ORDINARY:
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
                or (nx == ":" and i + 2 < n and toks[i + 2][2] in "\"“" and toks[i - 1][2] in SENT_END | {"\""}):
            if not never_identifying(base_form(t)) and not t.lower() in GENERIC_START:
                cls[i] = 2
    # names written in lower case after a relative or a title ("her son tyler", "su hija maría", "sa fille
    # aminata", "talked to dr. begay"), and given names that are ordinary words where a person is meant
    # ("Hope said...", "Paz vino con su madre", "her daughter Paloma")
    for i in range(n):
        t = toks[i][2]
        if t[0].islower() and i >= 2:
            p = toks[i - 1][2]
            hit = cls[i] < 2 and (p == "." or p in LOW_TITLES or p.lower() in _LOWER_CUES) \
                and lower_name_after_cue(toks, i, n)
        else:
            hit = t[0].isupper() and cls[i] < 2 and t.lower() in L.WORD_NAMES and word_name(toks, i, n)
        if hit:
            cls[i] = 3
            if i not in idx:
                idx.append(i)
    # name followed by a kin word in parentheses / apposition: "Maria (sister)", "Robert, her husband"
    nz = [i for i in idx if cls[i]]
    for i in nz:
        if i >= n - 2:
            continue
        if cls[i] and toks[i + 1][2] in "(," and toks[i + 2][2].lower() in KIN:
            cls[i] = 3
        if cls[i] and toks[i + 1][2] in "(," and i + 3 < n and toks[i + 2][2].lower() in ("her", "his", "their", "the", "patient's", "pt's", "my") and toks[i + 3][2].lower() in KIN:
            cls[i] = 3
    # medicines: a word listed beside a known medicine, or under a medication heading, is one too
    # ("Eliquis et Plenaxor", "Tratamiento: Dorvinex, Adiro"), unless a person cue made it strong
    meds = set()
    for i in nz:
        if 0 < cls[i] < 3 and base_form(toks[i][2]) not in NAMES and _among_medicines(toks, i):
            cls[i] = 0
            meds.add(i)
    for i in nz:  # "intolerant of Zentravo and Dorvinex": a medicine's list neighbour is one too
        if 0 < cls[i] < 3 and base_form(toks[i][2]) not in NAMES and (
                i >= 2 and i - 2 in meds and toks[i - 1][2].lower() in _MED_SEP):
            cls[i] = 0
            meds.add(i)
    nz = [i for i in nz if cls[i]]
    # lists of names: "Kónya, Becker and Reed" - a candidate lends support to its list neighbours
    for i in nz:
        if cls[i] >= 2:
            for step in (1, -1):
                k = i
                while 0 <= k + 2 * step < n and toks[k + step][2].lower() in _LIST_SEP:
                    k2 = k + 2 * step
                    if k2 + 1 < n and (toks[k2][2] + " " + toks[k2 + 1][2]).lower() in MULTI_GEO:
                        break
                    if k2 in meds:
                        break
                    if cls[k2] == 1 or (cls[k2] == 0 and toks[k2][2][0].isupper() and toks[k2][2][0].isalpha()
                                        and len(toks[k2][2]) > 2 and not toks[k2][2].isupper()
                                        and _list_member(toks[k2][2], toks[k2 + 1][2] if k2 + 1 < n else "")):
                        if not (step == -1 and (k2 == 0 or toks[k2 - 1][2] in SENT_END)) or cls[k2] == 1:
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
                    and max(cls[i:j + 1]) >= 2 and not never_identifying(base_form(toks[k][2])) and not (toks[k][2].isupper() and len(toks[k][2]) > 1):
                # capitalised English word glued to a candidate: "Maria Rose", "John Little"
                j = k
                continue
            break
        while i >= 2 and toks[i - 1][2] == "." and len(toks[i - 2][2]) == 1 and toks[i - 2][2].isupper() \
                and i >= 3 and toks[i - 3][2][:1].isupper() and toks[i - 3][2].isalpha() and len(toks[i - 3][2]) > 1 \
                and not never_identifying(base_form(toks[i - 3][2])):
            i -= 3  # "Ken N. Fukuda": first name + middle initial before a candidate
        strength = max(cls[i:j + 1])
        count = j - i + 1
        if strength >= 2 or (strength == 1 and count >= 2 and (not lower_mode or all(
                len(toks[k][2]) >= 4 for k in range(i, j + 1)))):
            yield toks[i][0], toks[j][1], i, j, strength
        last = j


_VOC_PUNCT = frozenset({"!", "?", ":"})
_PLACE_LABELS = frozenset(["ciudad", "ville", "city", "town", "village", "municipio", "commune", "localidad", "localité", "barrio",
                           "quartier", "distrito", "comunidad", "communauté", "pueblo"])
_MED_SEP = frozenset({",", "et", "y", "and", "+", "/", "puis", "then", "luego", "or", "ou", "o", "con", "avec", "with"})
# headings of a medication list: what follows them up to the end of the sentence is medicines
_MED_HEADS = frozenset(L._words("""medications medication meds medicines rx prescriptions treatment treatments
tratamiento tratamientos medicamentos medicación medicacion receta indicaciones fármacos
traitement traitements médicaments ordonnance prescription prescriptions thérapeutique"""))


# words around a medicine's name: allergy, tolerance, response, dose, switch...
_MED_BEFORE = frozenset(L._words("""allergy allergies allergic intolerance intolerant tolerance tolerated response
adherence dose doses dosing switch switched efficacy overdose toxicity levels
alergia alérgico alérgica intolerancia intolerante tolerancia respuesta adherencia dosis eficacia sobredosis
toxicidad intoxicación cambio
allergie allergique intolérance intolérant intolérante tolérance réponse observance posologie relais efficacité
surdosage toxicité intoxication"""))
_MED_AFTER = frozenset(L._words("""dosing dose doses levels level toxicity overdose tablets tablet therapy induced
dosis comprimidos comprimés posologie"""))


_MED_DONE = frozenset(L._words("""discontinued stopped held started restarted titrated tapered increased decreased
prescribed suspendido suspendida iniciado iniciada titulado aumentado disminuido retirado prescrito arrêté arrêtée
suspendu suspendue débuté débutée introduit introduite augmenté diminué prescrit"""))


def _is_medicine(tok: str) -> bool:
    b = base_form(tok)
    return b in L.DRUGS or b in DRUG_WORDS or (len(b) > 5 and b.endswith(MED_ENDINGS))


def _among_medicines(toks, i):
    """Is the capitalised word at ``i`` listed beside a known medicine, or under a medication heading?"""
    n = len(toks)
    for step in (1, -1):
        k = i + step
        if 0 <= k < n and toks[k][2].lower() in _MED_SEP and 0 <= k + step < n and _is_medicine(toks[k + step][2]):
            return True
    if i + 1 < n and toks[i + 1][2].lower() in _MED_AFTER:
        return True  # "Plenaxor dosing", "Dorvinex toxicity"
    nxt = [toks[k][2].lower() for k in range(i + 1, min(n, i + 4))]
    if nxt and nxt[0] in ("was", "is", "fue", "est", "a") and any(w in _MED_DONE for w in nxt[1:]):
        return True  # "Zentravo was discontinued", "Dorvinex fue suspendido", "Plenaxor a été arrêté"
    for k in range(max(0, i - 3), i):
        if toks[k][2].lower() in _MED_BEFORE and not any(toks[x][2] in ".;\n" for x in range(k + 1, i)):
            return True  # "allergic to X", "intolérance au X", "respuesta parcial a X"
    k = i - 1
    while k >= 0 and i - k < 30:
        t = toks[k][2]
        if t in ".\n;" or "\n" in t:
            return False
        if t == ":" and k >= 1 and toks[k - 1][2].lower() in _MED_HEADS:
            return True
        k -= 1
    return False


def _speaker_turn(toks, i):
    """"Ubul: What a wife." is a speaker's turn; "Lifecycle: draft" and "Motivo: disnea" are form labels
    (what follows the colon starts in lower case)."""
    k = i + 2
    if toks[i][2].lower() in _PLACE_LABELS:
        return False  # "Ciudad: Juliaca", "Ville : Hinche": a form label before a place
    return k < len(toks) and (toks[k][2] in "\"“'" or (toks[k][2][:1].isupper() and toks[k][2].isalpha()))


def _list_member(tok, nxt):
    """May a capitalised word listed next to a name be a name too?  Surnames that are also eponyms
    ("Graves", "Barrett") may, unless a disease word follows."""
    b = base_form(tok)
    if not never_identifying(b):
        return True
    return (b in L.EPONYMS or b.rstrip("s") in L.EPONYMS) and b not in L.CLINICAL and b not in L.DRUGS and nxt.lower() not in TITLE_WORDS



def _place_kind(text, s, e, prev_word, first_tok):
    phrase = text[s:e].lower().rstrip("'s").rstrip("’s")
    b = base_form(first_tok)
    if prev_word in KIN or b in L.WORD_NAMES and prev_word not in PLACE_PREP:
        return "name"  # "her daughter Hope", "Hope said": a person's name, even when a town has it
    if phrase in L.US_PLACES and b not in L.FIRST_NAMES:
        return "place"
    if prev_word in PLACE_PREP and b not in L.FIRST_NAMES and b not in L.SURNAMES:
        return "place"
    return "name"


HONOR_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Nurse|Sr|Fr|Rev|Sister|Brother|Father|Aunt|Uncle|Sra|Srta|Dra|Don|Doña|"
                      r"Dña|Lic|Mme|Mlle|M|Pr|Monsieur|Madame|Señor|Señora|née|né)\.?\s+$")
_LOW_HONOR_RE = re.compile(r"\b(?:dr|mr|mrs|ms|dra|sra|srta|mme|mlle)\.?\s+$")
_ORG_TRIGGER = Low(r"\b(?:inc|ltd|llc|llp|plc|corp|company|group|holdings|partners|associates|technolog|systems|"
                    r"solutions|software|consulting|bank|foundation|orchestra|labs|laborator|media|airlines|industries|"
                    r"enterprises|ventures|capital|insurance|markets|analytics|networks|gmbh|and sons|work|employ|job)")


def find_names(text, low, add):
    """Names (and places that the name pass finds after a place preposition)."""
    orgs = [m.span() for m in win_iter(ORG_RE, text, low, _ORG_TRIGGER, 120, 60)] if not low == text else []
    for s, e, i, j, strength in _name_tokens(text, low):
        if strength < 3 and any(os_ <= s and e <= oe for os_, oe in orgs) \
                and not (base_form(text[s:e].split()[0]) in L.FIRST_NAMES and " " in text[s:e]):
            continue  # a business ("Nera Economic Consulting"), unless it starts with a person's full name
        before = text[max(0, s - 30):s].lower().split()
        prev_word = before[-1] if before else ""
        first_tok = text[s:e].split()[0]
        if prev_word in ("lives", "live", "living", "resides", "relocated", "moved") :
            prev_word = "in"
        h = HONOR_RE.search(text, max(0, s - 12), s) or _LOW_HONOR_RE.search(text, max(0, s - 6), s)
        kind = "name" if h else _place_kind(text, s, e, prev_word, first_tok)
        if h:
            s = h.start()
        add((s, e, kind, ""))

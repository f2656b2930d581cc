"""Towns found in the vendored gazetteer (``data/towns.txt.gz``, GeoNames): "Latacunga", "Trois-Rivières", "El Alto".

A capitalised word or phrase that names a town of a Spanish-, French- or English-speaking country is a place
even without a cue ("lives in", "vive en"). Guards keep the false alarms down: first-level regions and countries
(allowed under Safe Harbor), ordinary and clinical words, eponyms and place-named diseases, scores and scales
("Glasgow 15", "escala de Norton", "Saint Louis encephalitis"), headings, and a lone capitalised word at the start
of a sentence, where the capital proves nothing ("Dolores abdominales", "Victoria was seen").
"""
from __future__ import annotations

import functools
import gzip
import re
import unicodedata

from echo.privacy import lexicon as L
from echo.privacy import lexicon_clinical as C
from echo.privacy.rules import win_iter
from echo.privacy.words import EVERYDAY, EPONYM_HEADS, HONORIFICS, NAMES, ORDINARY, REGION_NAMES, TITLE_WORDS, never_identifying

with gzip.open(L.DATA / "towns.txt.gz", "rt", encoding="utf-8") as _fh:
    TOWNS = frozenset(line.rstrip("\n") for line in _fh if line != "\n")
# first words of the towns' names: most capitalised words start none, and are dismissed with one look-up
# (a one-word name is its own first word: the same string object, no copy)
_FIRST = frozenset(k.split(" ", 1)[0] if " " in k else k for k in TOWNS)

# letters that Unicode does not decompose into a base letter and an accent
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})


@functools.lru_cache(maxsize=16384)
def fold(name: str) -> str:
    """The gazetteer's key: lower case, no accents, hyphens as spaces ("Trois-Rivières" -> "trois rivieres").
    data/build.py folds the names the same way."""
    if name.isascii():
        return " ".join(name.lower().replace("-", " ").split())
    decomposed = unicodedata.normalize("NFKD", name.lower().replace("’", "'").translate(_LIGATURES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


_CAP = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]*(?:\.(?=\s))?"
# the small words inside town names: "Santa Cruz de la Sierra", "Boulogne-sur-Mer", "Truth or Consequences"
_LINK = r"(?:de|del|la|las|los|el|le|les|du|des|sur|sous|en|lès|aux|y|e|do|da|dos|das|on|upon|or|of|the|d['’]|l['’])"
RUN_RE = re.compile(rf"(?<![\w'’-]){_CAP}(?:(?:[ -]{_LINK})*(?:[ -]|(?<=['’])){_CAP}){{0,4}}(?![\w-])")
_WORD_RE = re.compile(r"[^\W\d_][\w'’]*")
_SENT_END = frozenset(".!?:;•*\n\"“”[]|>#¿¡-–—")

# diseases, microbes and tools named after a town: "Lyme disease", "Coxsackie", "Norwalk virus", "Marburg"
_PLACE_EPONYMS = frozenset(fold(w.replace("_", " ")) for w in """lyme coxsackie norwalk marburg lassa hendra nipah
ebola zika bornholm stockholm hantaan powassan la_crosse junin machupo guanarito sabia oropouche mayaro semliki
sindbis toscana bangui rift_valley ross_river murray_valley west_nile saint_louis st_louis jamestown_canyon bourbon
heartland chikungunya o'nyong'nyong bristol manchester glasgow epworth norton wells ottawa geneva edinburgh montreal
richmond rotterdam lugano ann_arbor mayo cleveland oxford cambridge sydney berlin atlanta tokyo vancouver
san_francisco boston denver framingham seattle baltimore toronto kingston durham duke lausanne paris vienna
montpellier nice ypres lucknow madras bombay calcutta delhi malta mediterranean aleppo baghdad oriental
""".split())
# words after a town's name that make it a disease, a microbe or a score ("Saint Louis encephalitis", "Glasgow 15")
_AFTER_NOT_PLACE = L._words("""virus viruses fever encephalitis disease flu influenza agent strain strains vaccine
syndrome sign score scale criteria classification rule rules staging stage system test questionnaire index protocol
stool coma sleepiness cognitive assessment clinic chart type
virus fiebre encefalitis enfermedad gripe cepa vacuna síndrome escala criterios clasificación regla estadio
índice protocolo prueba puntuación
fièvre encéphalite maladie grippe souche vaccin syndrome échelle critères classification règle stade indice
protocole""")
# "Semana Santa", "Sainte": a saint's title alone is no town
_SAINTS = frozenset(["saint", "sainte", "santa", "santo", "san", "são"])
# Spanish and French articles and possessives: a town's name never follows one in lower case ("la Ceiba" is
# written "La Ceiba"); English "the Ballarat team" is left alone
_DETERMINERS = L._words("""el la los las lo un una unos unas al del su sus mi mis tu tus nuestro nuestra nuestros
nuestras este esta estos estas ese esa esos esas aquel aquella le les une des du au aux ce cet cette ces son sa ses
mon ma mes ton ta tes notre nos votre vos leur leurs l d""")
_PLACE_PREP_BEFORE = re.compile(r"\b(?:in|from|to|near|en|de|desde|à|au|vers|près de)\s+$", re.IGNORECASE)
_STANDS_ALONE = re.compile(r"\)|,[ \t]*(?:\d|[A-ZÀ-ÖØ-Þ][^\W\d_]+(?![^\W\d_]*\s+[a-zß-ÿ]))")
_STRONG_DIGITS = re.compile(r"\s*\d")


def _sentence_start(text: str, s: int) -> bool:
    i = s - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENT_END


def _words_before(text: str, s: int, n: int) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text, max(0, s - 40), s)[-n:]]


def _ordinary(word: str, text: str) -> bool:
    """An ordinary or clinical word in one of the three languages, or written in lower case elsewhere in the text."""
    b = word.lower().strip("'’.")
    if b in ORDINARY or never_identifying(b) or b in HONORIFICS or b in C.CLINICAL_WORDS or b in L.MONTHS:
        return True
    return b in text and re.search(rf"(?<![\w-]){re.escape(b)}(?![\w-])", text) is not None


def _allowed_place(key: str, phrase: str) -> bool:
    """False for what Safe Harbor allows (a country, a state, a first-level region) and for place eponyms."""
    pl = phrase.lower()
    return not (pl in L.COUNTRIES or pl in L.US_STATES or pl in L.REGIONS or pl in REGION_NAMES
                or pl in C.COUNTRY_NAMES or pl in L.DEMONYMS or key in _PLACE_EPONYMS)


def _not_place_after(text: str, e: int) -> bool:
    after = _WORD_RE.findall(text, e, e + 40)[:3]
    return any(w.lower() in _AFTER_NOT_PLACE or w.lower() in TITLE_WORDS for w in after[:2]) \
        or _STRONG_DIGITS.match(text, e, e + 3) is not None and text[e:e + 1] != ","


def _cued_eponym(text: str, s: int) -> bool:
    """"enfermedad de Chagas", "escala de Norton", "maladie de Lyme", "signe de Murphy": the word is no place."""
    before = _words_before(text, s, 3)
    return len(before) >= 2 and before[-1] in ("de", "del", "du", "of", "d") and (
        before[-2] in EPONYM_HEADS or before[-2] in TITLE_WORDS or before[-2] in _AFTER_NOT_PLACE)


def _match_at(words: list[tuple[int, int, str]], folded: list[str], i: int) -> int:
    """Index one past the longest gazetteer phrase starting at word i (i when there is none)."""
    best = i
    if folded[i] not in _FIRST:
        return best
    key = ""
    for j in range(i + 1, min(len(words), i + 6) + 1):
        key = key + " " + folded[j - 1] if key else folded[j - 1]
        if words[j - 1][2][:1].isupper() and key in TOWNS:
            best = j
    return best


def _regions(words: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Word ranges of the run that name a region or a country ("Alta Verapaz", "El Salvador")."""
    return [(i, j) for i in range(len(words)) for j in range(i + 2, len(words) + 1)
            if not _allowed_place("", " ".join(w[2] for w in words[i:j]))]


_TOKEN_RE = re.compile(r"[^\W\d_][\w'’.]*")


def find_gazetteer_places(text: str, low: str, add) -> None:
    """Towns of the gazetteer written with capitals; ``low`` is unused (the recognizers' common signature)."""
    for m in RUN_RE.finditer(text):
        run = m.group()
        if " " not in run and "-" not in run and fold(run.rstrip(".")) not in TOWNS:
            continue  # most runs are one word, and no town
        words = [(m.start() + t.start(), m.start() + t.start() + len(t.group().rstrip(".")), t.group().rstrip("."))
                 for t in _TOKEN_RE.finditer(run)]
        folded = [fold(w[2]) for w in words]
        if not any(f in _FIRST for f in folded):
            continue
        i = 0
        regions = _regions(words) if len(words) > 1 else []
        while i < len(words):
            j = _match_at(words, folded, i)
            if j == i or not words[i][2][:1].isupper():
                i += 1
                continue
            if any(a < j and b > i and not (i <= a and b <= j) for a, b in regions):
                i = j
                continue  # "Alta Verapaz" is a region: no town "Verapaz" inside it ("Villa El Salvador" is a town)
            s, e = words[i][0], words[j - 1][1]
            phrase = text[s:e]
            # a town's name inside a longer capitalised name is part of that name ("Semana Santa", "Cruz Roja",
            # "Organización Panamericana de la Salud"): the name and facility recognizers judge it
            if any(w[2][:1].isupper() and not _ordinary(w[2], text) for w in words[:i] + words[j:]):
                i = j
                continue
            _consider(text, s, e, phrase, multi=(j - i) > 1, add=add)
            i = j


def _consider(text: str, s: int, e: int, phrase: str, multi: bool, add) -> None:
    key = fold(phrase)
    if not _allowed_place(key, phrase) or _not_place_after(text, e) or _cued_eponym(text, s):
        return
    before = _words_before(text, s, 1)
    if before and before[0] in HONORIFICS:
        return  # "Sra. Mercedes", "Dr. Morales": a person, for the name recognizer
    if multi:
        # "San Pedro", "Les Cayes", "El Alto": a phrase is strong unless every word is ordinary at a sentence start
        # ("La Libertad de expresión", "Le Port est...")
        parts = [p for p in re.split(r"[ \-'’]", phrase) if p]
        compound = "-" in phrase and all(p[:1].isupper() for p in phrase.split("-"))
        if _sentence_start(text, s) and not compound and all(_ordinary(p, text) or len(p) <= 3 for p in parts):
            return
        if all(p.lower() in L.ENGLISH or p[:1].islower() for p in parts) and not _sentence_start(text, s) \
                and _title_case_line(text, s, e):
            return  # "Green Valley" inside a title-cased heading
        add((s, e, "place", ""))
        return
    word = phrase
    if len(word) < 4 or word.isupper() or word.lower() in _SAINTS or _ordinary(word, text):
        return
    raw = _WORD_RE.findall(text, max(0, s - 12), s)
    if raw and raw[-1] in _DETERMINERS and text[s - 1] in " '’":
        return  # "la Iglesia", "el Centro", "su Madre", "la Croix", "au Bourg": a common noun written with a capital
    if word.lower() in NAMES and not _PLACE_PREP_BEFORE.search(text, max(0, s - 12), s):
        return  # "The Jones, Smith and Davis Orchestra": a common name is a town only after a place preposition
    if _sentence_start(text, s):
        # a lone capitalised word opening a sentence is a place only when a date, a region or a country follows,
        # or a parenthesis closes it: "Sokodé, 3 mai", "Chinandega, Nicaragua" (not "Hola, Ana" or "Tema")
        if not _STANDS_ALONE.match(text, e):
            return
    add((s, e, "place", ""))


def _title_case_line(text: str, s: int, e: int) -> bool:
    a = text.rfind("\n", 0, s) + 1
    b = text.find("\n", e)
    line = text[a:b if b >= 0 else len(text)]
    words = _WORD_RE.findall(line)
    return len(words) >= 3 and sum(1 for w in words if w[:1].isupper()) * 4 >= len(words) * 3


# chat-style notes write towns in lower case: "vive en san pedro sula", "rentrée à trois-rivieres", "moved to
# port moresby". After a place preposition a lower-case name of two or more words from the gazetteer is a town
# when one of its words is no ordinary word ("en el alto riesgo" stays; one-word towns need a residence verb,
# see places.find_chat_places)
_PREP = r"\b(?:in|from|to|near|en|à|a|au|desde|hacia|vers|cerca\s+de|près\s+de)[ \t]+"
# the first lower-case word after the preposition must start a town's name of several words (one look-up)
_LOWER_PREP_FIRST_RE = re.compile(_PREP + r"([a-zß-öø-ÿ][\w'’]*)(?=[ \t-][a-zß-öø-ÿ])")
_LOWER_TOKEN_RE = re.compile(r"[^\W\d_][\w'’]*")
_LOWER_RUN_RE = re.compile(r"[a-zß-öø-ÿ][\w'’]*(?:[ \t-]+[a-zß-öø-ÿ][\w'’]*){1,3}")
_FIRST_OF_MANY = frozenset(k.split(" ", 1)[0] for k in TOWNS if " " in k)


def find_lower_case_towns(text: str, low: str, add) -> None:
    for f in _LOWER_PREP_FIRST_RE.finditer(text):
        if fold(f.group(1)) not in _FIRST_OF_MANY:
            continue
        m = _LOWER_RUN_RE.match(text, f.start(1))
        if not m:
            continue
        toks = list(_LOWER_TOKEN_RE.finditer(m.group()))
        for k in range(len(toks), 1, -1):
            words = [t.group() for t in toks[:k]]
            key = fold(" ".join(words))
            if key in TOWNS and any(len(w) > 3 and not _ordinary(w, "") for w in words) and _allowed_place(key, key):
                s = m.start()
                e = s + toks[k - 1].end()
                if not _not_place_after(text, e):
                    add((s, e, "place", ""))
                break


# chat typed in lower case: "pt lives w/ daughter out past chinle", "from cut bank", "outta bayou la batre". After
# a place preposition, a lower-case word or run of words that names a town (here US towns count too) is a place
# when the text around it is written in lower case and one of its words is no ordinary word
_CHAT_PREP_RE = re.compile(r"\b(?:in|from|to|near|past|outta|by|at|en|de|desde|à|a|vers|près\s+de|cerca\s+de)[ \t]+"
                           r"([a-zß-öø-ÿ][\w'’]{2,}(?:[ \t][a-zß-öø-ÿ][\w'’]+){0,2})")
_CHAT_PREP_TRIGGER = re.compile(r"\b(?:in|from|to|near|past|outta|by|at|en|de|desde|à|a|vers)[ \t]+[a-zß-öø-ÿ]")
_EVERYDAY = EVERYDAY
# ordinary words naming a town must end the phrase: "from cut bank, can someone", not "in new town housing"
_CLAUSE_END_RE = re.compile(r"\s*(?:[,.;:!?)]|$|\b(?:to|for|and|with|w/|now|today|yesterday|every|on|at|y|et|para|pour|con|avec)\b)")


def find_chat_towns(text: str, low: str, add) -> None:
    for m in _CHAT_PREP_RE.finditer(text):
        s = m.start(1)
        if any(c.isupper() for c in text[max(0, s - 40):s]):
            continue  # written with capitals: a lower-case word there is no town's name
        words = m.group(1).split()
        for k in range(len(words), 0, -1):
            phrase = " ".join(words[:k])
            key = fold(phrase)
            # several words naming a town together are its name even when each is ordinary ("cut bank")
            plain = all(w in _EVERYDAY for w in words[:k])
            if (key in TOWNS or phrase in L.US_PLACES) and (k > 1 or len(phrase) > 3 and not plain) \
                    and key not in REGION_NAMES and phrase not in L.US_STATES and not never_identifying(phrase) \
                    and (not plain or _CLAUSE_END_RE.match(text, s + len(phrase))):
                add((s, s + len(phrase), "place", ""))
                break


# small towns too small for the gazetteer, named with ordinary words: "from Point Hope", "back to Mexican Hat",
# "at Crow Agency", "from Old Crow". After from/in/to/near, two or three capitalised words that end the phrase are a
# town's name unless they are a service, an organisation or a facility's kind ("to Internal Medicine", "in
# Primary Care", "from Social Services"), or the line is written in title case
_PREP_PAIR_RE = re.compile(r"\b(?:from|in|to|at|near|outside|past|by|around)[ \t]+"
                           r"((?:[A-Z][a-z]+[ \t]){1,2}[A-Z][a-z]+)(?=[ \t]*(?:[,.;:!?)]|$|[ \t]+[a-z]))")
_PREP_PAIR_TRIGGER = re.compile(r"\b(?:from|in|to|at|near|outside|past|by|around)[ \t]+[A-Z][a-z]+[ \t][A-Z]")
_NOT_TOWN_WORDS = L._words("""primary secondary tertiary care internal family emergency medicine social services service
department unit ward clinic clinics hospital health center centre program programme team office board council
committee ministry general surgery intensive critical home medical mental behavioral public community
affairs insurance court school university college church police fire rescue county state federal national
tribal indian nation nations reservation day night morning evening christmas easter thanksgiving pharmacy flight
score capital global solutions biopsy laboratory lab""")


_MORE_COUNTRIES = frozenset(["czech republic", "united kingdom", "united states", "south africa", "new zealand", "costa rica",
                             "el salvador", "puerto rico", "sierra leone", "burkina faso", "south sudan", "saudi arabia"])


def _line_words(text: str, s: int) -> int:
    a = text.rfind("\n", 0, s) + 1
    b = text.find("\n", s)
    return len(_WORD_RE.findall(text[a:b if b >= 0 else len(text)]))


def find_prep_pair_places(text: str, low: str, add) -> None:
    for m in win_iter(_PREP_PAIR_RE, text, low, _PREP_PAIR_TRIGGER, 0, 40):
        words = m.group(1).split()
        lows = [w.lower() for w in words]
        if any(w in _NOT_TOWN_WORDS or w in HONORIFICS or w in L.MONTHS or w in L.WEEKDAYS or w in L.ORG_SUFFIX
               or w in L.CLINICAL or w in C.CLINICAL_WORDS or w in L.DRUGS for w in lows):
            continue
        phrase = " ".join(lows)
        if phrase in L.US_STATES or phrase in L.COUNTRIES or phrase in C.COUNTRY_NAMES or phrase in REGION_NAMES \
                or never_identifying(phrase) or phrase in _MORE_COUNTRIES \
                or _title_case_line(text, m.start(1), m.end(1)) and _line_words(text, m.start(1)) >= 8:
            continue
        if all(w in NAMES for w in lows):
            continue  # "from Mary Jones": the names pass
        add((m.start(1), m.end(1), "place", ""))

"""Street addresses (US and European forms), unit numbers, and the town and postcode after them."""
from __future__ import annotations

import re

from echo.privacy import lexicon as L
from echo.privacy.rules import CAPN, CAPW, I, Low, add_rule
from echo.privacy.words import GEO_LAST, base_form, never_identifying

_ADDR_GATE = re.compile(r"\d\s+[A-ZÀ-ÖØ-Þ]")

# military mail (APO/FPO/DPO AE 09012)
add_rule("address", r"\b(?:(?:Unit|PSC|CMR|USNS|USS|USCGC)\s+[\w-]+(?:,?\s+Box\s+\d+)?,?\s+)?(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\b(?:\s+\d{5})?", I, need=("apo", "fpo", "dpo"))

# --- street address ------------------------------------------------------------------------------------
_SUF = (r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Terrace|Ter|Circle|Cir|"
        r"Parkway|Pkwy|Trail|Trl|Highway|Hwy|Loop|Square|Sq|Plaza|Alley|Path|Pike|Crossing|Xing|Ridge|Heights|Hts|"
        r"Camino|Calle|Avenida|Mesa|Canyon|Row|Walk|Estates|Park|Gardens|Close|Crescent|Grove|Mews|Hill|Junction|Jct")
_UNIT = r"(?:,?\s*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Lot|Space|Rm\.?|Room|#)\s*#?\s*[A-Z0-9-]+)?"
add_rule("address", rf"(?<![\w.,/-])\d{{1,6}}[A-Z]?\s+(?:[NSEW]\.?\s+|(?:North|South|East|West)\s+)?(?:(?:\d+(?:st|nd|rd|th)|{CAPW})\s+){{0,4}}(?:{_SUF})\b\.?(?:\s+(?:[NSEW][EW]?|North|South|East|West)\b\.?)?{_UNIT}", need=_ADDR_GATE, win=(10, 90))
add_rule("address", rf"(?<![\w.,/-])\d{{1,6}}\s+(?:{_SUF})\s+(?:de\s+|del\s+|la\s+|los\s+)?{CAPW}(?:\s+{CAPW})?{_UNIT}", need=_ADDR_GATE, win=(10, 90))
add_rule("address", rf"\b(?:on|off|lives\s+on|along)\s+((?:{CAPN}\s+|\d{{1,3}}(?:st|nd|rd|th)\s+){{1,3}}(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Blvd|Boulevard|Way|Court|Ct|Trail|Loop|Circle|Hwy|Highway|Camino|Place|Pl))\b\.?", 0, 1, need=re.compile(r"(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Blvd|Boulevard|Way|Court|Ct|Trail|Loop|Circle|Hwy|Highway|Camino|Place|Pl)\b"), win=(70, 3))
add_rule("address", r"\b(?:P\.?\s?O\.?\s+Box|Post\s+Office\s+Box|HC\s*\d+,?\s+Box|Rural\s+Route|RR\s*\d+,?\s+Box|Box)\s*#?\s*\d+(?:-\d+)?\b", I, need=Low(r"box|route"), win=(40, 25))
add_rule("address", r"\b(?:County\s+Road|CR|State\s+Road|State\s+Route|Indian\s+Route|Navajo\s+Route|BIA\s+Route|"
                r"Highway|Hwy|Route|Rte|US|NM|Interstate|I(?=-))\s*-?\s*\d{1,4}[A-Z]?\b(?=\s*(?:,|\.|\bnear\b|\bmile|\bjust|\bat\b|\bin\b|\boutside\b|\beast|\bwest|\bnorth|\bsouth|$))", need=re.compile(r"(?:Road|CR|Route|Highway|Hwy|Rte|US|NM|Interstate|I-)\s*-?\s*\d"), win=(30, 15))
add_rule("address", rf"(?<![\w.,/-])\d{{1,6}}\s+{CAPW}(?:\s+{CAPW}){{0,2}}\s+\d{{1,5}}\s*(?:Apt\.?|Suite|Unit)\s*\d+", need=_ADDR_GATE, win=(10, 60))

# unit designators on their own ("Apt. 902", "Suite 5", "Flat 3")
_UNITW = r"(?:(?i:apt|apartment|suite|ste)\.?|Flat|Unit|Lot|APT\.?|SUITE)"
add_rule("address", rf"\b{_UNITW}\s*#?\s*\d{{1,5}}[A-Za-z]?\b(?!\s*(?:mg|mcg|ml|%|units?)\b)", need=Low(r"apt|suite|ste|flat|unit|lot"), win=(3, 25))
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



_UNITS = L._words("mg mcg ml dl kg lb lbs g units unit tabs tab tablets tablet caps capsules x h hr hrs min mins mmhg "
                  "cm mm bpm pm am yo sec secs mo mos wk wks day days week weeks month months year years times doses "
                  "puffs drops sprays patches pills meq mmol iu ng pg percent of to and or at on in per")


def _NWN_BAD(w):
    b = w.lower()
    return not w or b in _UNITS or never_identifying(base_form(w)) or (w.islower() and b in L.ENGLISH)


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
_STREET_WORDS = frozenset(["gate", "vei", "vej", "gade", "tee", "tér", "út", "utca", "útja", "u.", "sokak", "sokağı", "caddesi", "cad.", "straße", "strasse", "straat", "weg", "väg", "gata", "katu", "tie", "iela", "tänav"])
_PRE_SET = frozenset(x.replace("\\", "") for x in _PRE_I.split("|")) | {"avda"}
_PRE_CS = frozenset({"Via", "Av.", "Avenue", "Boulevard", "Plaza", "Place", "Camino", "Πλατεία", "Οδός"})
# a word followed by a number: one pass feeds the street, house-number and postcode rules
# a house number, not the first group of a longer number ("RUT 13.723.477-0", "DNI 12.345.678")
WN_NUM_RE = re.compile(r"[ \t,](\d{1,6}[a-zA-Z]?)(?![\w]|[.,]\d{3})")
_WORD_FULL = re.compile(r"[^\W\d_][\w'’-]*\.?\)?")
WN_GATE = re.compile(r"[^\W\d_][ \t,]+\d")
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


def word_numbers(text, add):
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
        if not comma and wl.endswith(_EU_SUF_T) and wb not in _STREET_WORDS and len(wl) > 4 and wb not in L.ENGLISH and not never_identifying(base_form(wb)):
            add((ws, ne, "address", ""))
            continue
        # cheap exits for the common clinical case ("HR 88", "PHQ-9 of 18", "dose 50"): an allowed or
        # ordinary lower-case word before the number can only matter as a street word, after a street
        # type ("Via ..."), or as a country before a postcode
        if wl not in _STREET_WORDS and not pre_ok and ((w.islower() and wb in L.ENGLISH) or never_identifying(base_form(wb))) \
                and not (len(num) >= 4 and (wb in L.COUNTRIES or wb in L.US_STATES or wb in GEO_LAST)):
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
            if first[:1].isalpha() and first.lower() not in L.ENGLISH and not never_identifying(base_form(first)):
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
        elif wc[:1].isupper() and not never_identifying(base_form(wc)) and (wcl not in L.ENGLISH or (wc.isupper() and len(wc) >= 4)) \
                and not (wc.isupper() and len(wc) <= 3):
            add((ns, pe, "zip", ""))
            add((ws, ws + len(w), "place", ""))


def address_blocks(text, cands, add):
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
        if never_identifying(base_form(first)) and not first.isupper():
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




# French (and Quebec) order: number first, then a lower-case street word ("12 rue de la Paix", "115, rue
# Delahaye", "80636 montée Paul"); Spanish and Latin American forms ("calle Los Olivos 245", "Jr. Junín 345",
# "Cl. 57 # 28N-3", "Av. Insurgentes Sur 1234")
_VOIE = r"rue|avenue|av\.|boulevard|bd|chemin|allée|allé|impasse|place|route|quai|cours|rang|montée|ruelle|sentier|voie"
add_rule("address", rf"(?i:\b\d{{1,5}}(?:\s?(?:bis|ter))?,?\s+(?:{_VOIE})\s+(?:(?:de\s+la|de\s+l'|du|des|de|d'|la|le|les)\s*)?)"
                    rf"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ -](?:(?:de|du|des|la|le)\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*){{0,3}}",
         need=Low(r"\d,?\s+(?:rue|av|bd|boul|chemin|all|impasse|place|route|quai|cours|rang|mont|ruelle|sentier|voie)"), win=(8, 60))
_VIA = (r"calle|c/|avenida|av\.|avda\.?|jir[óo]n|jr\.|pasaje|psje\.|carrera|cra\.?|kr\.?|cl\.|diagonal|dg\.|transversal|tv\.|"
        r"paseo|camino|carretera|bulevar|callej[óo]n|prolongaci[óo]n|calzada|privada|cerrada|andador|manzana|mz\.?")
add_rule("address", rf"(?i:\b(?:{_VIA}))\s+(?:(?:de\s+la|de\s+los|del|de|la|el|los|las)\s+)?[\w'’.-]+(?:\s+[A-ZÀ-ÖØ-Þ\d][\w'’.-]*){{0,3}}?"
                    rf"\s*(?:n[º°o]\.?\s*|#\s*|,\s*)?\d{{1,5}}(?:\s*[A-Z]\b)?(?:\s*-\s*\d{{1,4}})?",
         need=Low(r"calle|c/|avenida|av\.|avda|jir|jr\.|pasaje|psje|carrera|cra|kr\.|cl\.|diagonal|dg\.|transversal|tv\.|paseo|"
                  r"camino|carretera|bulevar|callej|prolongaci|calzada|privada|cerrada|andador|manzana|mz"), win=(0, 70))

# Spanish and French block, lot and flat designators: "Mz. B Lt. 12", "manzana C lote 7", "bloc B", "bât. C",
# "appartement 12", "depto. 5B". A single capital letter or a short number must follow, so the apple ("una
# manzana"), the heart block ("bloc de branche", "bloc AV") and "el departamento de Cusco" stay out.
add_rule("address", r"\b(?:Mz[ao]?\.|MZ\.?|[Mm]anzana|[Ll]ote|Lt\.|LT\.?|[Bb]loque|[Bb]loc|[Bb]ât\.|[Bb]âtiment|[Ee]scalier|"
                    r"[Aa]ppartement|[Aa]ppt\.?|[Aa]partamento|[Aa]pto\.|[Dd]e?pto\.?|[Dd]epartamento|[Ii]nterior|Int\.)"
                    r"\s*(?:n[º°o]\.?\s*|#\s*)?(?:[A-Z]\d?|\d{1,3}[A-Za-z]?)\b(?![.,]?\d)(?!\s*(?:mg|ml|%|°|ans|años|degr|grad))",
         need=Low(r"mz|manzana|lote|lt\.|bloque|bloc|bât|escalier|appart|appt|apartamento|apto|dpto|depto|departamento|interior|int\."),
         win=(2, 25))
# settlements, estates and "lieux-dits" named after a marker word: "Urb. Santa Rosa", "AA.HH. Villa María",
# "Lotissement Les Pins", "lot. Les Bruyères", "Résidence Les Glycines", "lieu-dit Kerbiquet"
add_rule("address", r"\b(?:Urb\.|Urbanizaci[óo]n|urbanizaci[óo]n|AA\.\s?HH\.|AAHH|A\.H\.|[Aa]sentamiento\s+[Hh]umano|Residencial|"
                    r"Conjunto\s+[Hh]abitacional|Fraccionamiento|fraccionamiento|Lotissement|lotissement|[Ll]ot\.|"
                    r"R[ée]sidence|Cit[ée]|[Ll]ieu-dit|[Ll]ieudit|Hameau\s+de|hameau\s+de)"
                    r"\s+(?:(?:de\s+la|de\s+los|del|de|du|des|la|las|los|el|le|les)\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+(?:de\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*){0,2}",
         need=Low(r"urb|aa\.?\s?hh|a\.h\.|asentamiento|residencial|habitacional|fraccionamiento|lotissement|lot\.|r[ée]sidence|cit[ée]|lieu|hameau"),
         win=(2, 60))
# a postcode after its label: "CP 44100", "C.P. 28045", "código postal 28045", "code postal : 56100", "zip 87121"
# (the French "cp" for a tablet is lower case and comes with a dose)
add_rule("address", r"(?:\b(?i:zip(?:\s*code)?|postal\s+code|post\s*code|c[óo]digo\s+postal|code\s+postal)|\bC\.\s?P\.|\bCP\b)"
                    r"\s*(?:[:#]|n[º°o]\.?)?\s*(\d{5}(?:-\d{4})?|\d{2}\s\d{3}|\d{4}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b(?!\s*(?:mg|ml|µg|%))",
         0, 1, need=Low(r"zip|postal|post\s*code|c\.\s?p\.|cp\b"), win=(20, 30))

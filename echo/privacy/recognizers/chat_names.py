"""Names typed in lower case after a title or a relative, as chat is written on a phone:
"el sr choque", "don eusebio", "doña soledad", "mme ndiaye", "dr moore", "son jimmy", "sa fille aminata".

After a title the next word is taken for a name even when it is also an ordinary word ("choque",
"soledad"): the title is the evidence. After a relative, only a word that is no ordinary word, or a known
given name, is.
"""
from __future__ import annotations

import re

from echo.privacy import lexicon as L
from echo.privacy.rules import Low, win_iter, windows
from echo.privacy.words import EVERYDAY, ORDINARY, base_form

_EVERYDAY = EVERYDAY
# titles that people put before a name and nothing else; a doctor is also addressed ("dr xfa", "dra buenas")
_STRONG_TITLES = L._words("mr mrs ms miss sr sra srta sres don doña dona ño ña mme mlle mmes señor señora senor senora monsieur madame mademoiselle")

_TITLE = (r"mr|mrs|ms|miss|dr|dra|drs|sr|sra|srta|sres|don|doña|dona|ño|ña|mme|mlle|mmes|m\.|prof|señor|señora|"
          r"senor|senora|monsieur|madame|mademoiselle|tío|tia|tía|tio|abuela|abuelo|hno|hna|fr|father|sister|brother")
_KIN = (r"son(?=\s+[a-z]+\s+(?:is|was|has|had|said|says|called|came|lives|works|and|who|\w+s)\b)|daughter|wife|husband|mom|mum|dad|brother|sister|grandson|granddaughter|niece|nephew|aunt|uncle|"
        r"hijo|hija|esposa|esposo|mamá|mama|papá|papa|hermano|hermana|nieto|nieta|sobrino|sobrina|"
        r"fils|fille|femme|mari|mère|mere|père|pere|frère|frere|sœur|soeur|petit-fils|petite-fille|neveu|nièce|niece")
_WORD = r"[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]+"
TITLED_RE = re.compile(rf"(?<![\w.])(?i:{_TITLE})\.?[ \t]+({_WORD}(?:[ \t]+{_WORD})?)")
# a surname with its particle after a title: "Sr. de la Cruz", "Mme Le Goff", "Dr. van der Berg"
PARTICLE_RE = re.compile(rf"(?<![\w.])(?i:{_TITLE})\.?[ \t]+((?i:de[ \t]+la|de[ \t]+los|del|de|da|di|du|le|la|van[ \t]+der|van|von|"
                         rf"mac|mc|st\.?|san|saint)[ \t]+[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]+)")
KIN_RE = re.compile(rf"(?<![\w-])(?i:{_KIN})[ \t]+({_WORD})")
# the triggers are the bare words (a plain list is matched through one factored pattern); the rules check the rest
_TITLE_TRIGGER = Low(rf"\b(?:{_TITLE})")
_KIN_TRIGGER = Low(r"\b(?:son|" + _KIN.split(")|", 1)[1] + ")")
# words that follow a title or a relative without being a name
_NOT_NAME = L._words("""de del la el los las le les lo que qui y et a à en no ne se es est is was are and the of to for with
por para con sin pour avec sans un una une my our your his her su sus sa ses mi mis mon ma ton ta tu te me
who which that this it at in on as by from has had have will would can could should did does do dijo dice dit
says said told called came went ha he hay va fue vino vient venu il elle lui y ya aussi also just only
""")


def find_chat_names(text: str, low: str, add) -> None:
    title_windows = windows(_TITLE_TRIGGER, text, low, 2, 40)
    for a, b in title_windows:
        for m in TITLED_RE.finditer(text, a, b):
            _titled(text, m, add)
        for m in PARTICLE_RE.finditer(text, a, b):
            if base_form(m.group(1).split()[-1]) not in _NOT_NAME:
                add((m.start(1), m.end(1), "name", ""))
    for m in win_iter(KIN_RE, text, low, _KIN_TRIGGER, 2, 30):
        b = base_form(m.group(1))
        if b in _NOT_NAME or (b in _EVERYDAY and b not in L.FIRST_NAMES):
            continue
        add((m.start(1), m.end(1), "name", ""))


def _titled(text: str, m: re.Match, add) -> None:
    words = m.group(1).split()
    first = base_form(words[0])
    title = base_form(text[m.start():m.start(1)].strip().rstrip("."))
    if first in _NOT_NAME or not m.group(1)[:1].islower() or (title not in _STRONG_TITLES and first in _EVERYDAY):
        return
    end = m.start(1) + len(words[0])
    if len(words) > 1 and base_form(words[1]) not in ORDINARY and base_form(words[1]) not in _NOT_NAME:
        end = m.end(1)
    add((m.start(1), end, "name", ""))

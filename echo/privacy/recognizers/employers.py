"""Employers and schools: Safe Harbor counts the names of a patient's (or a relative's) employer among
the identifiers, and a named school places a child as precisely as a town does.

Found two ways: a capitalised name after a work or study verb ("works at Walmart", "trabaja para
Minera Yanacocha", "travaille chez Renault", "attends Chinle High School"), and a school's name
around its head ("Diné College", "Universidad de San Marcos", "lycée Victor Hugo").  Generic
settings ("works at the mine", "the high school", "Community College") are left alone.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from echo.privacy import lexicon as L
from echo.privacy.rules import Low, win_iter
from echo.privacy.words import ORDINARY, base_form, never_identifying

Add = Callable[[tuple[int, int, str, str]], None]
LABEL = "Employer or school name"

_CAPS = r"[A-ZÀ-ÖØ-Þ][\w'’.&-]*(?:\s+(?:&\s+|(?:of|de|del|du|des|and|y|et)\s+)?[A-ZÀ-ÖØ-Þ][\w'’.&-]*){0,3}"
EMPLOYER_RE = re.compile(
    r"\b(?:(?i:works?|worked|working|employed|job|trabaja|trabajaba|trabajó|empleado|empleada|labora|travaille|"
    r"travaillait|employée?|salariée?)\s+(?:(?i:at|for|by|para|chez|pour|par)\s+)(?:(?i:the|la|el|los|las|le|les|l['’])\s*)?"
    rf"|(?i:trabaja|labora)\s+en\s+(?i:la\s+empresa|la\s+compañía|la\s+minera|la\s+fábrica)\s+)({_CAPS})")
_EMPLOYER_TRIGGER = Low(r"\bwork(?:s|ed|ing)?\s+(?:at|for)\b|employ|\bjob\s+at|trabaj|emplead|labora|travaill|salari")

_SCHOOL_HEADS = (r"(?:High|Middle|Elementary|Primary|Secondary|Boarding|Charter|Preparatory|Prep|Junior\s+High)\s+School|"
                 r"School|College|University|Academy|Elementary")
SCHOOL_RE = re.compile(
    rf"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*\s+(?:(?:of|and)\s+)?){{1,4}}?(?:{_SCHOOL_HEADS})\b"
    r"|\b(?:University|College)\s+of\s+[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]*){0,2}"
    r"|\b(?:[EÉé]cole|[Ll]yc[ée]e|[Cc]oll[èe]ge|[Uu]niversit[ée]|Universidad|[Ee]scuela|[Ll]iceo|[Cc]olegio)"
    r"(?:\s+(?:[Pp]rimaire|[Éé]l[ée]mentaire|[Pp]rimaria|[Ss]ecundaria|[Nn]acional|[Tt]ecnol[óo]gica|[Pp]rivad[oa]))*\s+"
    r"(?:(?:de\s+la|de\s+los|de|del|du|des|d['’])\s*)?[A-ZÀ-ÖØ-Þ0-9][\w'’-]*(?:\s+(?:(?:de|del|y|et)\s+)?[A-ZÀ-ÖØ-Þ][\w'’-]*){0,4}")
_SCHOOL_TRIGGER = re.compile(r"School|College|University|Academy|Elementary|[EÉé]cole|[Ll]yc[ée]e|[Cc]oll[èe]ge|"
                             r"[Uu]niversit|Universidad|[Ee]scuela|[Ll]iceo|[Cc]olegio")
# words that make no school or employer specific by themselves
_GENERIC = frozenset(L._words("""high middle elementary primary secondary boarding charter preparatory prep junior school
college university academy community state technical tribal indian catholic christian public private medical nursing
law graduate business national federal city county local regional area the a an our her his their my this that
école lycée collège université universidad escuela liceo colegio primaire élémentaire primaria secundaria nacional
tecnológica privado privada pública público de del du des la le los las y et
médecins médicos enfermeros enfermeras infirmières infirmiers pharmaciens farmacéuticos obstetras psicólogos
physicians surgeons nurses pharmacists cardiology"""))
_NOT_EMPLOYER = frozenset(L._words("""home house ranch farm mine mines plant factory store shop casino school hospital clinic
chapter government nation tribe county state city army navy military police church restaurant family"""))


_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Yy]o|[Nn]osotros|[Jj]e|[Nn]ous)(?:\s+[\w'’]+){0,3}\s+$")


# substrings one of which a text must hold before the (slower) triggers run
_EMPLOYER_HINTS = ("works ", "worked ", "working ", "work at", "work for", "employ", "job at", "trabaj", "emplead", "labora",
                   "travaill", "salari")
_SCHOOL_HINTS = ("chool", "ollege", "niversi", "cademy", "lementary", "école", "ecole", "ycée", "ycee", "ollège", "scuela",
                 "liceo", "olegio")


def find_employers_and_schools(text: str, low: str, add: Add) -> None:
    if any(h in low for h in _EMPLOYER_HINTS):
        _employers(text, low, add)
    if any(h in low for h in _SCHOOL_HINTS):
        _schools(text, low, add)


def _employers(text: str, low: str, add: Add) -> None:
    for m in win_iter(EMPLOYER_RE, text, low, _EMPLOYER_TRIGGER, 12, 70):
        if _FIRST_PERSON.search(text, max(0, m.start() - 30), m.start()):
            continue  # "I work for...", "trabajo en...": the author's own employer, not the patient's
        words = re.findall(r"[^\W\d_][\w'’.&-]*", m.group(1))
        if _specific(words) and not any(base_form(w.rstrip(".")) in _NOT_EMPLOYER for w in words):
            add((m.start(1), m.end(1) - m.group(1).endswith("."), "facility", LABEL))



def _schools(text: str, low: str, add: Add) -> None:
    for m in win_iter(SCHOOL_RE, text, low, _SCHOOL_TRIGGER, 80, 60):
        s = m.start()
        lead = re.match(r"(?:(?:The|A|An|At|In|From|To|Our|Her|His|Their|My)\s+)+", m.group())
        if lead:
            s += lead.end()
        words = re.findall(r"[^\W\d_][\w'’.-]*|\d+", text[s:m.end()])
        if _specific(words):
            add((s, m.end() - (text[m.end() - 1] == "."), "facility", LABEL))


def _specific(words: list[str]) -> bool:
    """At least one capitalised word names this one school or employer: not generic, not a state, a
    country or a people, not an ordinary word."""
    for w in words:
        b = base_form(w.rstrip("."))
        if w[:1].isdigit() or not w[:1].isupper() or b in _GENERIC or b in L.FACILITY_GENERIC or never_identifying(b):
            continue
        if b in L.US_STATES or b in L.COUNTRIES or b in L.DEMONYMS:
            continue
        if b not in ORDINARY or b in L.PROPER or b in L.US_PLACES:
            return True
    return False

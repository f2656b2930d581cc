"""Names where a form or a chat message puts them: the value of a person's field ("Patient: Dakota
Hummingbird", "GUARDIAN: Rhonda", "Madre: Luz Marina Ortiz"), the writer introducing themself or the
patient in chat ("its tammy at the clinic", "this is marisol", "pt is ben"), and a known given name
where only a person fits ("For Bill, the lesion", "taper Grace off", "Junior's buprenorphine",
"Kumari (the 34F ...)")."""
from __future__ import annotations

import re

from echo.privacy import lexicon as L
from echo.privacy.rules import Low, win_iter
from echo.privacy.words import EVERYDAY, base_form, never_identifying

_EVERYDAY = EVERYDAY

_PERSON_FIELD_RE = re.compile(
    r"(?im:^[ \t>*•-]*(?:patient|pt|paciente|pcte|patiente|pte|name|full\s+name|nombre|nombres|nom|prénom|"
    r"guardian|tutor|tutora|mother|madre|m[èe]re|father|padre|p[èe]re|parent|caregiver|cuidador|cuidadora|"
    r"contact|contacto|next\s+of\s+kin|personne\s+de\s+confiance|referring\s+(?:physician|clinician|doctor|provider)|"
    r"gp|pcp|presenter|presentador|presentadora|responsable|acompañante|accompagnant|asegurado|asegurada|usuario|"
    r"usuaria|apellidos|apellido)[ \t]*:[ \t]*)"
    r"((?:(?:Dr|Dra|Mr|Mrs|Ms|Sr|Sra|Mme|M)\.?[ \t]+)?[A-ZÀ-Ý][\w'’.-]*(?:[ \t]+(?:de[ \t]+|del[ \t]+|la[ \t]+)?"
    r"[A-ZÀ-Ý][\w'’.-]*){0,3})")
_PERSON_FIELD_TRIGGER = Low(r"\b(?:patient|pt|paciente|pcte|patiente|pte|name|nombre|nom|prénom|guardian|tutor|mother|madre|"
                            r"mère|mere|father|padre|père|pere|parent|caregiver|cuidador|contact|kin|confiance|referring|gp|"
                            r"pcp|presenter|presentador|responsable|acompañante|accompagnant|asegurad|usuari|apellido)")

# "its tammy at the clinic", "this is marisol", "pt is ben", "soy carmen de la posta", "c'est julie"
_SELF_RE = re.compile(r"(?<![\w'’])(?:it'?s|its|this\s+is|i'?m|soy|c['’]?est|je\s+suis|ici|pt\s+is|patient\s+is|pte\s+est|"
                      r"pcte\s+es)[ \t]+([a-zà-öø-ÿ][a-zà-öø-ÿ'’-]{2,})\b")
_SELF_TRIGGER = Low(r"\b(?:it'?s|its|this is|i'?m|soy|c'est|cest|je suis|ici|pt is|patient is|pte est|pcte es)\s")

# a known given name where only a person fits: before "'s", before "(the 34F" / ", 61M", after "for", "with",
# "taper", "manage", "update on", "follow-up on"
_GIVEN_CONTEXT_RE = re.compile(
    r"(?:\b(?i:for|with|about|taper|manage|managing|regarding|re:|on)[ \t]+)([A-Z][a-z]{2,})(?=[ \t]*[,?]|['’]s\b|[ \t]+off\b)"
    r"|\b([A-Z][a-z]{2,})(?=[ \t]*\((?:the[ \t]+)?\d{1,2}[ \t]*(?:y/?o|[MFmf])\b|,[ \t]*\d{1,2}[ \t]*[MF]\b)"
    r"|(?<=[a-z,] )([A-Z][a-z]{2,})(?=['’]s[ \t]+[a-z])")
# "Murphy's sign", "Bell's palsy": an eponym, not the person
_EPONYM_AFTER_RE = re.compile(r"['’]s[ \t]+(?:palsy|disease|syndrome|sign|law|test|criteria|phenomenon|triad|ulcer|"
                              r"fracture|node|nodes|body|bodies|cells?|reflex|maneuver|manoeuvre|classification|score|"
                              r"scale|sarcoma|lymphoma|tumou?r|thyroiditis|encephalopathy)\b")
_GIVEN_TRIGGER = re.compile(r"[A-Z][a-z]{2,}(?:[ \t]*[,?(]|['’]s|[ \t]+off)")


def find_form_names(text: str, low: str, add) -> None:
    fields = win_iter(_PERSON_FIELD_RE, text, low, _PERSON_FIELD_TRIGGER, 2, 80) if ":" in text else ()
    for m in fields:
        value = m.group(1)
        words = [base_form(w.strip(".,")) for w in value.split()]
        if all(w in _EVERYDAY and w not in L.PERSON_NAMES or never_identifying(w) for w in words):
            continue  # "Patient: Female", "Paciente: Adulto mayor"
        add((m.start(1), m.end(1), "name", ""))
    if _SELF_TRIGGER.low.search(low):
        for m in _SELF_RE.finditer(text):
            w = m.group(1)
            if w in _EVERYDAY and w not in L.PERSON_NAMES or never_identifying(w):
                continue
            add((m.start(1), m.end(1), "name", ""))
    for m in win_iter(_GIVEN_CONTEXT_RE, text, low, _GIVEN_TRIGGER, 40, 20):
        g = 1 if m.group(1) else 2 if m.group(2) else 3
        w = m.group(g).lower()
        if never_identifying(w) or w in L.MONTHS or w in L.WEEKDAYS or _EPONYM_AFTER_RE.match(text, m.end(g)):
            continue
        # beside an age and a sex ("Kumari (the 34F") any unknown word is a name; elsewhere a known given name
        if w in L.PERSON_NAMES or g == 2 and w not in _EVERYDAY:
            add((m.start(g), m.end(g), "name", ""))

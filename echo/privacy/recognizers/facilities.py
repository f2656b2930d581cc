"""Hospital, clinic and pharmacy names."""
from __future__ import annotations

import re

from echo.privacy import lexicon as L
from echo.privacy.rules import win_iter
from echo.privacy.words import base_form

# --- facilities --------------------------------------------------------------------------------------
_HEADS = "|".join(sorted((re.escape(h) for h in L.FACILITY_HEADS), key=len, reverse=True))
_FACW = r"(?:St\.|Mt\.|Ft\.|[A-ZÀ-ÖØ-Þ][\w'’-]*|&)"
FAC_RE = re.compile(
    rf"(?:\b(?:St\.?|Saint|San|Santa)\s+)?(?:{_FACW}\s+(?:(?:of|de|del|la|los|las|and|y)\s+)?){{1,6}}?"
    rf"(?:(?:{_HEADS})|(?i:hospital|clinic|medical center|health center|healthcare|pharmacy|health system|"
    rf"treatment center|nursing home|urgent care))\b(?:\s+(?i:clinic|hospital|pharmacy))?\b"
)
FAC_SKIP = frozenset({"st", "saint", "san", "santa", "nation", "service", "services", "network", "program",
                      "department", "system"}) | L.CLINICAL
SAINT_RE = re.compile(r"\b(?:St\.|Saint)\s+[A-Z][\w]+(?:['’]s)?(?:\s+[A-Z][\w]+)?(?!\s+(?:wort|John's\s+wort)\b)")
_FAC_TRIGGER = re.compile(r"Hospital|Clinic|Medical|Health|Pharmacy|Infirmary|Sanatorium|Nursing|Rehab|Treatment|Recovery|"
                          r"Counseling|Care|Dialysis|Surgery|Cancer|Hospice|Physicians|Detox|Pediatrics|Chapter|Family|"
                          r"HOSPITAL|CLINIC|hospital|clinic|pharmacy|healthcare|medical center|health center|"
                          r"health system|treatment center|nursing home|urgent care")
_SAINT_TRIGGER = re.compile(r"St\.|Saint")


def find_facilities(text, low, add):
    for m in win_iter(FAC_RE, text, low, _FAC_TRIGGER, 110, 30):
        s, e = m.span()
        words = re.findall(r"[\w'’.]+|&", m.group())
        # drop leading sentence words that are generic ("The", "At")
        mods = words[:-1]
        len(words) - 1
        # strip head words (multi-word heads)
        for h in L.FACILITY_HEADS:
            hw = h.split()
            if [w.lower() for w in words[-len(hw):]] == [w.lower() for w in hw]:
                mods = words[: -len(hw)]
                len(words) - len(hw)
                break
        specific = [w for w in mods if w[0].isupper() and base_form(w.rstrip(".")) not in L.FACILITY_GENERIC
                    and base_form(w.rstrip(".")) not in FAC_SKIP]
        if not specific:
            continue
        # trim leading generic capitalised words ("The", sentence-start "Our")
        lead = m.group()
        trimmed = re.match(r"(?:(?:The|A|An|Our|At|In|From|To|This|Her|His|Their|Patient|Pt)\s+)+", lead)
        if trimmed:
            s += trimmed.end()
        add((s, e, "facility", ""))
    for m in win_iter(SAINT_RE, text, low, _SAINT_TRIGGER, 0, 45):
        add((m.start(), m.end(), "facility", ""))

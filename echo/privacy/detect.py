"""The detector: runs every recognizer over a text and keeps the best non-overlapping findings.

Each identifier kind has its own module in ``echo.privacy.recognizers``: pattern rules register
themselves with ``echo.privacy.rules`` when imported; the word-level passes (addresses,
facilities, places, names) run here in a fixed order, because later passes look at what
earlier ones found.
"""
from __future__ import annotations

import re

from echo.privacy.recognizers import contacts, dates, national, numbers  # noqa: F401  (register pattern rules)
from echo.privacy.recognizers.addresses import WN_GATE, address_blocks, word_numbers
from echo.privacy.recognizers.chat_names import find_chat_names
from echo.privacy.recognizers.form_names import find_form_names
from echo.privacy.recognizers.facilities import find_facilities, find_place_acronyms, find_short_names
from echo.privacy.recognizers.names import find_names
from echo.privacy.recognizers.towns import (find_chat_towns, find_gazetteer_places, find_lower_case_towns,
                                            find_prep_pair_places)
from echo.privacy.recognizers.places import (find_chat_places, find_cued_places, find_regions, find_resident_places,
                                             find_shaped_places, find_a_cap_places, find_towns_after_addresses)
from echo.privacy.rules import resolve, run_patterns
from echo.privacy.vetoes import veto

# The first word of a town's name is often a word no rule takes for a name on its own ("West" Mary,
# "Puerto" Maldonado, "Le" Mans): a place found right after one is widened to include it, so that
# redaction does not leave half of the name behind.
_PLACE_HEAD_RE = re.compile(
    r"(?:\b(?:North|South|East|West|New|Old|Upper|Lower|Port|Fort|Mount|Mt\.|Lake|Glen|Saint|St\.?|San|Santa|Santo|"
    r"Puerto|Porto|Villa|Ciudad|Nueva|Nuevo|Grand|Grande|Petit|Petite|Mar\s+del|Cap|Morne|Anse|Trou|Pointe|"
    r"La|Le|Les|El|Los|Las|Lac|Bois|Fond|Fonds)[ -]|\b(?:L|D)['’])$")


_ARTICLE_RE = re.compile(r"\b(?:La|Le|Les|El|Los|Las|L['’]|D['’])[ ]?$", re.IGNORECASE)
# a street found without its house number ("20376 Claire Throughway" found from "Claire")
_HOUSE_NUMBER_RE = re.compile(r"\b\d{1,6}[A-Za-z]?[ \t]$")


def _widen(text: str, cands: list) -> None:
    for i, (s, e, kind, label) in enumerate(cands):
        if not s:
            continue
        if kind == "place" or kind == "name" and not _ARTICLE_RE.search(text, max(0, s - 4), s):
            # "West Mary" is a town even when "Mary" was found as a name ("la Sra. X" keeps its article out)
            m = _PLACE_HEAD_RE.search(text, max(0, s - 12), s)
        elif kind == "address":
            m = _HOUSE_NUMBER_RE.search(text, max(0, s - 9), s)
        else:
            continue
        if m:
            cands[i] = (m.start(), e, kind, label)

Candidate = tuple[int, int, str, str]

# chat typed in lower case: a sentence that starts with a lower-case letter
_LOWER_TEXT_RE = re.compile(r"(?:^|[.!?]\s+|\n)[a-zß-öø-ÿ]")


def detect(text: str) -> list[Candidate]:
    """(start, end, kind, label) of every identifier found in ``text``, sorted and non-overlapping."""
    cands: list[Candidate] = []
    add = cands.append
    low = text.lower()
    run_patterns(text, low, add)
    if WN_GATE.search(text):
        word_numbers(text, add)
    address_blocks(text, cands, add)
    find_facilities(text, low, add)
    find_short_names(text, low, add)
    find_place_acronyms(text, low, add)
    find_regions(text, low, add)
    find_names(text, low, add)
    find_cued_places(text, low, add)
    find_chat_places(text, low, add)
    find_resident_places(text, low, add)
    find_shaped_places(text, low, add)
    find_a_cap_places(text, low, add)
    find_gazetteer_places(text, low, add)
    find_lower_case_towns(text, low, add)
    find_prep_pair_places(text, low, add)
    if _LOWER_TEXT_RE.search(text):
        find_chat_towns(text, low, add)
    find_towns_after_addresses(text, cands, add)
    find_chat_names(text, low, add)
    find_form_names(text, low, add)
    cands = veto(text, list(dict.fromkeys(cands)))  # several recognizers often find the same span
    _widen(text, cands)
    return resolve(cands)

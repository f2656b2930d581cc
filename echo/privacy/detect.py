"""The detector: runs every recognizer over a text and keeps the best non-overlapping findings.

Each identifier kind has its own module in ``echo.privacy.recognizers``: pattern rules register
themselves with ``echo.privacy.rules`` when imported; the word-level passes (addresses,
facilities, places, names) run here in a fixed order, because later passes look at what
earlier ones found.
"""
from __future__ import annotations

from echo.privacy.recognizers import contacts, dates, national, numbers  # noqa: F401  (register pattern rules)
from echo.privacy.recognizers.addresses import WN_GATE, address_blocks, word_numbers
from echo.privacy.recognizers.facilities import find_facilities, find_short_names
from echo.privacy.recognizers.names import find_names
from echo.privacy.recognizers.towns import find_gazetteer_places, find_lower_case_towns
from echo.privacy.recognizers.places import (find_chat_places, find_cued_places, find_regions, find_resident_places,
                                             find_shaped_places, find_a_cap_places, find_towns_after_addresses)
from echo.privacy.rules import resolve, run_patterns

Candidate = tuple[int, int, str, str]


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
    find_regions(text, low, add)
    find_names(text, low, add)
    find_cued_places(text, low, add)
    find_chat_places(text, low, add)
    find_resident_places(text, low, add)
    find_shaped_places(text, low, add)
    find_a_cap_places(text, low, add)
    find_gazetteer_places(text, low, add)
    find_lower_case_towns(text, low, add)
    find_towns_after_addresses(text, cands, add)
    return resolve(cands)

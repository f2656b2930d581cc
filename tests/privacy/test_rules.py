"""The guard's rule machinery: literal triggers are rewritten with their prefixes factored, matching the same."""
from __future__ import annotations

import re

import pytest

from echo.privacy.rules import factored

TEXTS = ["she lives in town", "resided there", "la pcte vive en juliaca", "DNI 4567", "c.c. 1234", "cédula 99",
         "cedula 98", "nothing here", "living", "av. Lima 12", "jr. Puno", "calle 5", "c/ Mayor"]


@pytest.mark.parametrize("pattern", [
    r"\b(?:liv|resid|grew|raised|born)",
    r"liv|lives|living|resid|vive",
    r"dni|d\.n|nif|c[ée]dula|c\.c|curp",
    r"av\.|avda|jr\.|c/|calle",
])
def test_a_factored_trigger_fires_where_the_original_does(pattern):
    original, rewritten = re.compile(pattern), re.compile(factored(pattern))
    assert factored(pattern) != pattern
    for text in TEXTS:
        low = text.lower()
        starts = {m.start() for m in original.finditer(low)}
        assert starts <= {m.start() for m in rewritten.finditer(low)}, text
        assert bool(starts) == bool(rewritten.search(low)), text


@pytest.mark.parametrize("pattern", [r"\d{3}|abc|xy|yz", r"a|b", r"(?:x|y)z|q|r|s", r"ab|c\s?d|ef|gh"])
def test_what_is_not_a_plain_list_of_words_is_left_alone(pattern):
    assert factored(pattern) == pattern

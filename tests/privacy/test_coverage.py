"""A finding covers the whole identifier: redaction must not leave part of it behind."""
from __future__ import annotations

from itertools import pairwise

import pytest

from echo.privacy import scan
from echo.privacy.rules import resolve


def covered(text: str, part: str) -> bool:
    start = text.index(part)
    spans = [(f.start, f.end) for f in scan(text)]
    return all(ch.isspace() or any(s <= i < e for s, e in spans)
               for i, ch in enumerate(text[start:start + len(part)], start=start))


def test_overlapping_candidates_become_one_finding_covering_both():
    # a long wrong candidate must not hide the end of a shorter right one
    out = resolve([(0, 10, "address", ""), (6, 20, "id", ""), (30, 35, "date", "")])
    assert out == [(0, 20, "id", ""), (30, 35, "date", "")]
    assert resolve([]) == []


def test_findings_never_overlap():
    text = "Mrs. Ana Quispe, DNI 45678912, vive en Puerto Maldonado; control el 3 de marzo de 2021."
    spans = [(f.start, f.end) for f in scan(text)]
    assert all(a[1] <= b[0] for a, b in pairwise(spans))


@pytest.mark.parametrize("text, part", [
    ("Alergias: varón de 71 años; RUT 13.723.477-0. Control en marzo.", "13.723.477-0"),
    ("Vive en Puerto Maldonado con su hija.", "Puerto Maldonado"),
    ("Lives in West Mary with her son.", "West Mary"),
    ("Her daughter drives in from East Xavier on Fridays.", "East Xavier"),
    ("Originaire de Mar del Plata, elle vit seule.", "Mar del Plata"),
])
def test_the_whole_identifier_is_covered(text, part):
    assert covered(text, part)


def test_a_dotted_identity_number_is_no_house_number():
    found = scan("Varón de 71 años; RUT 13.723.477-0.")
    assert [f.kind for f in found] == ["id"] and found[0].text == "13.723.477-0"


def test_an_article_before_a_titled_name_stays_out():
    found = [f.text for f in scan("La Sra. Pelayo y su hija Ximena.")]
    assert "Sra. Pelayo" in found

"""Towns named without a cue, found in the vendored GeoNames gazetteer (English, Spanish, French), a town written
after a street address, and the false alarms the gazetteer must not raise: place-named diseases and scores,
ordinary words opening a sentence, regions and countries (allowed under Safe Harbor), saints' days."""
import gzip

import pytest

from echo.privacy import lexicon as L
from echo.privacy import scan
from echo.privacy.recognizers.towns import TOWNS, find_gazetteer_places, fold


def flagged(text, part):
    i = text.index(part)
    j = i + len(part)
    return any(f.start < j and f.end > i for f in scan(text))


@pytest.mark.parametrize(("text", "part"), [
    # English: a town's name with no "lives in" before it
    ("The Ballarat team reviewed him last week.", "Ballarat"),
    ("Attended the Eldoret outreach camp with her mother.", "Eldoret"),
    ("Referred by a nurse practitioner, Timaru, for wound care.", "Timaru"),
    ("Lives at 13252 Martinez Burg (Hazard); cell 408-246-5569.", "Hazard"),
    # Spanish: multi-word names with an article or a saint, a town in parentheses after the address
    ("Control con su médico de El Alto la próxima semana.", "El Alto"),
    ("Caso presentado por el equipo de San Pedro Sula.", "San Pedro Sula"),
    ("La madre trabaja en el mercado de Latacunga.", "Latacunga"),
    ("Niño de 8 años de Villa El Salvador con anemia.", "Villa El Salvador"),  # a town holding a country's name
    ("Refer to El Centro Family Health clinic in El Centro.", "El Centro"),
    ("Reside en jirón Ortiz 1302 (Chinandega); celular 987 654 321.", "Chinandega"),
    ("Domicilio en Av. Suaza # 3-52 Sur, Sucre, Colombia.", "Sucre"),
    # French: hyphenated names (accents or none), "Les Cayes", a town after the address, "à Saint- X"
    ("Suivie par l'équipe de Trois-Rivières depuis 2019.", "Trois-Rivières"),
    ("Suivie par l'équipe de Trois-Rivieres depuis 2019.", "Trois-Rivieres"),
    ("Transfert prévu depuis Les Cayes demain matin.", "Les Cayes"),
    ("Demeure au 12 boulevard Caron (Ségou); portable 06 12 34 56 78.", "Ségou"),
    ("Demeure au 47 allée Perreault (Lamarre); portable 06 95 73 03 87.", "Lamarre"),
    ("Il s'occupe de sa petite-fille à Saint- Giguère.", "Giguère"),
])
def test_towns_are_flagged(text, part):
    assert flagged(text, part)


@pytest.mark.parametrize("text", [
    "Saint Louis encephalitis is in the differential.",
    "Glasgow 15/15 on arrival.",
    "Ann Arbor stage II lymphoma.",
    "Paris classification of the lesion: 0-IIa.",
    "Victoria was seen today.",
    "Seen in clinic in March; Monday follow-up.",
    "Dr. Morales reviewed the chest film.",
    "Dolores abdominales desde hace tres días.",
    "Escala de Norton: 12 puntos.",
    "Enfermedad de Chagas crónica.",
    "Semana Santa sin incidencias.",
    "La cobertura de vacunas es baja en Alta Verapaz.",
    "Concepción del plan terapéutico con la familia.",
    "Plan: Control en dos semanas. Evolución: favorable.",
    "Le Port du masque est obligatoire.",
    "Fièvre de Lassa écartée.",
    "Maladie de Lyme probable.",
    "Il a voyagé au Sénégal et en Bretagne.",
    # a common noun written with a capital after an article or a possessive ("Iglesia", "Centro", "Croix" are
    # also towns)
    "Fue a la Iglesia con su Madre y luego al Centro.",
    "Il habite près de la Croix, derrière la Fontaine.",
])
def test_gazetteer_false_alarms(text):
    out: list = []
    find_gazetteer_places(text, text.lower(), out.append)
    assert out == []
    assert not any(f.kind == "place" for f in scan(text))


def test_a_town_word_written_in_lower_case_elsewhere_is_an_ordinary_word():
    # "Mercedes" opens no sentence here, but "mercedes" in lower case shows the writer's word is no town
    text = "Trajo las Mercedes de la abuela; las mercedes se guardan."
    out: list = []
    find_gazetteer_places(text, text.lower(), out.append)
    assert out == []
    text = "Trajo las cartas de Mercedes ayer."
    out = []
    find_gazetteer_places(text, text.lower(), out.append)
    assert [text[s:e] for s, e, _, _ in out] == ["Mercedes"]


def test_gazetteer_keys_are_folded_and_leave_out_regions_and_countries():
    with gzip.open(L.DATA / "towns.txt.gz", "rt", encoding="utf-8") as fh:
        keys = [k for k in fh.read().split("\n") if k]
    assert keys == sorted(set(keys)) and all(k == fold(k) for k in keys)
    assert {"trois rivieres", "les cayes", "el alto", "san pedro sula", "latacunga", "ballarat"} <= TOWNS
    assert not {"france", "peru", "ontario", "victoria", "queensland", "punjab"} & TOWNS
    assert fold("Trois-Rivières") == "trois rivieres" and fold("Œuilly") == "oeuilly"


@pytest.mark.parametrize(("text", "town"), [
    ("vive en san pedro sula con su hija", "san pedro sula"),
    ("rentrée à trois-rivieres hier soir", "trois-rivieres"),
    ("she moved back to palmerston north last year", "palmerston north"),
])
def test_lower_case_town_names_of_two_words_after_a_place_preposition(text, town):
    assert flagged(text, town)


@pytest.mark.parametrize("text", [
    "en el alto riesgo de caída se indica acompañante",
    "le patient est en attente de la biopsie",
    "lives in new town housing with mom",
    "se encuentra en el alto del cerro",  # "El Alto" is a town, but "alto" an ordinary word
    "il est à la maison depuis lundi",
])
def test_lower_case_phrases_that_are_no_town(text):
    assert not any(f.kind == "place" for f in scan(text))

"""The guard on Spanish and French text: national and record numbers behind their labels, dates
in words, ages over 89, streets, honorifics and place cues, towns taken for towns; and ordinary
capitalised words (form labels, headings, symptoms, medicines, eponyms, regions) left alone."""
import pytest

from echo.privacy import scan


def kinds(text):
    return {(f.kind, f.text) for f in scan(text)}


@pytest.mark.parametrize("text, kind, value", [
    ("DNI 45678912, vive sola.", "id", "45678912"),
    ("NIE: Y7881209C.", "id", "Y7881209C"),
    ("CURP HUKW650914MTSYZU06 en su expediente.", "id", "HUKW650914MTSYZU06"),
    ("RUT 12.345.678-9", "id", "12.345.678-9"),
    ("Cédula de ciudadanía 1.023.456.789", "id", "1.023.456.789"),
    ("Numéro de sécurité sociale : 2 83 07 97 611 215 01", "id", "2 83 07 97 611 215 01"),
    ("Carte Vitale 183079761121501", "id", "183079761121501"),
    ("Historia clínica 20972335.", "mrn", "20972335"),
    ("Dossier n° 2244431", "mrn", "2244431"),
    ("Placa del vehículo WCT16X.", "id", "WCT16X"),
    ("Véhicule AB-123-CD garé devant.", "id", "AB-123-CD"),
    ("Nacida el 3 de marzo de 1971.", "date", "el 3 de marzo de 1971"),
    ("Elle est née le 3 mars 1971.", "date", "le 3 mars 1971"),
    ("Operada en marzo de 1996.", "date", "marzo de 1996"),
    ("Paciente de 92 años.", "age", "92 años"),
    ("Femme de quatre-vingt-quinze ans.", "age", "quatre-vingt-quinze ans"),
    ("Mujer de noventa y cinco años.", "age", "noventa y cinco años"),
])
def test_identifiers_behind_spanish_and_french_labels(text, kind, value):
    assert (kind, value) in kinds(text)


def test_towns_of_haiti_are_places_not_people():
    assert ("place", "Jacmel") in kinds("La patiente habite à Jacmel avec sa fille.")
    assert ("place", "Lamarre") in kinds("Il est originaire de la commune de Lamarre.")
    assert ("place", "Jacmel") in kinds("Transférée de Jacmel hier.")
    assert ("place", "Santa Rosa de Copán") in kinds("Referida desde Santa Rosa de Copán.")
    # a region's name after a place cue is its town; the region alone is allowed
    assert ("place", "Ayacucho") in kinds("Es natural de Ayacucho, agricultor.")
    assert scan("Vive en una zona rural de Oaxaca.") == []


def test_people_after_spanish_and_french_cues():
    found = kinds("La Sra. Pelayo y su hija Ximena; Mme Dupont et sa fille Claire.")
    assert {f for f in found if f[0] == "name"} >= {("name", "Sra. Pelayo"), ("name", "Ximena"), ("name", "Mme Dupont"), ("name", "Claire")}


def test_streets_and_hospitals():
    assert any(k == "address" for k, _ in kinds("Domicilio en calle Los Olivos 245, barrio norte."))
    assert any(k == "address" for k, _ in kinds("Demeure au 12 rue de la Paix."))
    assert ("facility", "Hospital Regional de Ayacucho") in kinds("Control en el Hospital Regional de Ayacucho.")
    assert ("facility", "CHUQ") in kinds("Hospitalisée au CHUQ pour pneumopathie.")
    assert ("facility", "HUSI") in kinds("Control el 23-07-2020 en el HUSI.")
    assert scan("Se realizó en el ECG un bloqueo de rama.") == []


@pytest.mark.parametrize("text", [
    "Lifecycle: draft, submitted, presented.",
    "Motivo de consulta: disnea de esfuerzo.\nAntecedentes personales: HTA, DM2.\nPlan: control en tres meses.",
    "Fièvre depuis trois jours. Céphalées. Toux sèche.",
    "Toma Sintrom y Eutirox; Seguril 40 mg cada mañana.",
    "Sous Kardegic 75 mg et Doliprane si douleur.",
    "Antecedente de enfermedad de Chagas y síndrome de Guillain-Barré.",
    "Maladie de Basedow traitée en 2019.",
    "Vive en una zona rural de Antioquia; trabaja en el campo.",
    "Agriculteur dans le département de l'Artibonite, région Ouest.",
    "Courriel : à envoyer au panel.",
    "Transferida a UCI por insuficiencia respiratoria.",
])
def test_ordinary_capitalised_words_are_not_flagged(text):
    assert scan(text) == []

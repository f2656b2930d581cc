"""Places, addresses and facilities in the three languages the programs write in: block and flat
designators ("Mz. B Lt. 12", "bloc B", "depto. 5B"), settlements and lieux-dits, postcodes behind
their label, towns after a return verb ("regresó de", "rentrée de"), lower-case towns in chat-style
notes after a residence verb, "a Tuba City resident", and hospitals named without "Hospital"
("at Sacred Heart", "Mercy Medical").  The towns are real or invented; no word list holds them all,
so the cue, not the name, must do the work.  The must-not-flag texts use the same cue words with
ordinary words after them."""
import pytest

from echo.privacy import scan


def flagged(text, part):
    """Is some finding overlapping ``part`` of ``text``?"""
    i = text.index(part)
    j = i + len(part)
    return any(f.start < j and f.end > i for f in scan(text))


@pytest.mark.parametrize(("text", "part"), [
    # Spanish addresses: blocks, lots, flats, settlements, postcodes
    ("Vive en manzana C lote 7 del asentamiento Nueva Vida.", "manzana C"),
    ("Domicilio: Mz. B Lt. 12, AA.HH. Villa Esperanza.", "Mz. B"),
    ("Lote 15, manzana B, sector Los Pinos.", "Lote 15"),
    ("Piso 3, depto. 5B, Edificio Central.", "depto. 5B"),
    ("Bloque D, apartamento 304, Urb. Santa Rosa.", "Santa Rosa"),
    ("Reside en la colonia Santa Fe, CP 44100, Guadalajara.", "44100"),
    ("Código postal 28045, Madrid.", "28045"),
    # Spanish places after return verbs and in chat-style notes
    ("Regresó de Cusco el lunes con fiebre.", "Cusco"),
    ("Volvió de Quillacollo hace una semana.", "Quillacollo"),
    ("vive con su hija en juliaca, camina poco", "juliaca"),
    # French addresses
    ("Bâtiment B, escalier 2, 4e étage, appartement 12.", "Bâtiment B"),
    ("Résidence Les Glycines, bloc B, appartement 12.", "bloc B"),
    ("Domicile : lot. Les Bruyères, 29510 Briec.", "Les Bruyères"),
    ("Lieu-dit Kerbiquet, près du bourg.", "Kerbiquet"),
    ("Code postal : 56100.", "56100"),
    # French places
    ("Elle est rentrée de Jacmel la semaine dernière.", "Jacmel"),
    ("De retour de Ouanaminthe depuis hier.", "Ouanaminthe"),
    ("vit a carhaix avec sa mere", "carhaix"),
    ("habite avec sa fille à plouguerneau depuis 2019", "plouguerneau"),
    ("Sa famille est à Robin, à deux heures de route.", "Robin"),
    ("Ils habitent près de Kervignac.", "Kervignac"),
    ("Quartier : Les Hauts de Plouha.", "Les Hauts"),
    ("Denis-sur-Hubert est à une heure de l'hôpital.", "Denis-sur-Hubert"),
    ("Châlons-en-Champagne, consultation de suivi.", "Châlons-en-Champagne"),
    ("LamyVille n'a pas de pharmacie.", "LamyVille"),
    ("Nueva Panamá queda a dos horas de la posta.", "Nueva Panamá"),
    ("Comunidad: Huayllay Grande.", "Huayllay"),
    # English
    ("Brandihaven is two hours from the clinic.", "Brandihaven"),
    ("Community: Jonesland.", "Jonesland"),
    ("lives w/ mom in brackettville, no car", "brackettville"),
    ("Pt lives with his brother in kirtland now.", "kirtland"),
    ("A Tuba City resident, 54, with chest pain.", "Tuba City"),
    ("He is a lifelong Teec Nos Pos native.", "Teec Nos Pos"),
    ("Zip code 87121.", "87121"),
    # a listed town that is also an English word, at the end of a sentence
    ("The family farm is near Welch.", "Welch"),
    ("Was at Sacred Heart for 3 days.", "Sacred Heart"),
    ("Works as a nurse at Mercy Medical.", "Mercy Medical"),
    ("Imaging done at Riverside Methodist.", "Riverside Methodist"),
    ("Her oncologist is at Huntsman Cancer Institute.", "Huntsman"),
    ("Seen at Santa Fe Imaging Center.", "Santa Fe"),
    ("Transferred from Lakeview Regional overnight.", "Lakeview Regional"),
])
def test_place_address_or_facility_is_flagged(text, part):
    assert flagged(text, part), [(f.kind, f.text) for f in scan(text)]


@pytest.mark.parametrize("text", [
    # Spanish: the apple, the heart block, a vaccine lot, a region, ordinary words after the cues
    "Come una manzana al día y camina media hora.",
    "Bloque AV de primer grado en el ECG.",
    "Lote de vacuna verificado por enfermería.",
    "Departamento de Cusco, zona alto andina.",
    "Interior de la vivienda con piso de tierra.",
    "vive con su esposo en casa de adobe, sin agua potable",
    "vive sola en zona rural a 3 horas de la posta",
    "vive a orillas del río con su familia",
    "regresó de viaje hace 2 semanas con fiebre",
    "volvió de vacaciones con diarrea",
    # French
    "Bloc de branche gauche complet, BAV du 2e degré.",
    "Appartement au rez-de-chaussée, pas d'escalier.",
    "Cité dans le rapport précédent.",
    "vit seule en appartement au 3e étage sans ascenseur",
    "habite en campagne, loin de tout",
    "rentrée de voyage avec de la fièvre",
    "de retour de mission humanitaire, fièvre",
    "Habite en EHPAD depuis 2 ans.",
    "Allergie à Augmentin connue, passage à Lasilix 40 mg.",
    "Elle est sensible à Raynaud depuis l'enfance.",
    "Épanchement du cul-de-sac, à revoir en échographie.",
    "Nueva Consulta en dos semanas con resultados.",
    "Cotton wool applied. Skeleton survey negative.",
    # English
    "lives w/ wife in assisted living, uses walker",
    "Lives in a group home, attends day program.",
    "A longtime smoker, she has COPD.",
    "Goes to Methodist church on Sundays.",
    "Admitted to General Medicine for cellulitis.",
    "Raised Southern Baptist, attends church.",
    "Magnetic Resonance Imaging showed a lesion.",
    "National Cancer Institute criteria were met.",
    "Seen in the Cardiology clinic; CP resolved.",
])
def test_ordinary_words_after_the_same_cues_are_not_flagged(text):
    assert scan(text) == [], [(f.kind, f.text) for f in scan(text)]

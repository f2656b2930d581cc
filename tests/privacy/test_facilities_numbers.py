"""Facilities, relatives' names, labelled numbers and ages in English, Spanish and French: the
classes of identifiers the guard's second generation learnt to find, each with the look-alikes it
must leave alone (a generic "county hospital" or "CHU", a history or a bleed abbreviated like a
hospital, a rank or a verb after "her son", a year after "contrat")."""
import pytest

from echo.privacy import scan


def found(text):
    return {(f.kind, f.text) for f in scan(text)}


@pytest.mark.parametrize("text, value", [
    # a hospital's acronym after "to", "from", "into" or a transfer verb
    ("She was transferred from Kayenta to NNMC last week.", "NNMC"),
    ("Patient was flown to ANMC from Bethel.", "ANMC"),
    ("He was sent to UNM for neurosurgery.", "UNM"),
    ("Fue enviada al HNERM para diálisis.", "HNERM"),
    ("Il est suivi à l'HEGP depuis 2019.", "HEGP"),
    ("Elle a été transférée au CHUQ.", "CHUQ"),
    ("pt was sent to unmh last nite", "unmh"),  # chat-style text writes them in lower case
    ("seen at gimc er for sob", "gimc"),
])
def test_hospital_acronyms_after_a_move(text, value):
    assert ("facility", value) in found(text)


@pytest.mark.parametrize("text, value", [
    # the acronym a text gives a facility, and its initials, are flagged wherever they occur again
    ("Admitted to Gallup Indian Medical Center (GIMC) in 2020. GIMC staff called us.", "GIMC"),
    ("Ingresó al Hospital Nacional Edgardo Rebagliati Martins (HNERM). Alta del HNERM sin cambios.", "HNERM"),
    ("Suivie au Centre Hospitalier Universitaire de Québec (CHUQ). Le CHUQ a rappelé.", "CHUQ"),
])
def test_an_acronym_given_to_a_facility_is_flagged_again(text, value):
    hits = [f for f in scan(text) if f.text == value]
    assert len(hits) == 2 and {f.kind for f in hits} == {"facility"}


def test_a_facility_s_initials_are_flagged_where_they_stand_alone():
    text = "Seen at Northern Navajo Medical Center. NNMC records were sent."
    assert ("facility", "NNMC") in found(text)
    assert ("facility", "NNMC") not in found("Seen at the medical center. NNMC records were sent.")


@pytest.mark.parametrize("text, value", [
    ("Se atiende en la clínica Santa Teresa.", "clínica Santa Teresa"),
    ("Transférée à l'hôpital Sainte-Justine.", "hôpital Sainte-Justine"),
    ("She delivered at Good Samaritan last spring.", "Good Samaritan"),
    ("Her PCP is at Banner Health.", "Banner Health"),
    # abbreviated heads and laboratories
    ("Control en Hosp. Regional de Cusco.", "Hosp. Regional de Cusco"),
    ("Vue à l'Hôp. Necker pour bilan.", "Hôp. Necker"),
    ("Consultation à l'Hôtel-Dieu de Québec.", "Hôtel-Dieu de Québec"),
    ("Biopsy read at TriCore Reference Laboratories.", "TriCore Reference Laboratories"),
    ("She gets care at Shiprock Service Unit.", "Shiprock Service Unit"),
    ("Seen at Chinle Comprehensive Health Care Facility.", "Chinle Comprehensive Health Care Facility"),
])
def test_facilities_named_with_ordinary_words(text, value):
    assert ("facility", value) in found(text)


@pytest.mark.parametrize("text", [
    "Hypertension due to BPH; secondary to SAH; PMH reviewed, referred to PSH clinic.",
    "Transferred from OSH to the ICU, then to SNF.",
    "went to each clinic, back to health; going to pmh review, due to bph",
    "She was seen at the county hospital.",
    "Elle est suivie au CHU. Le CHU a appelé.",
    "El hospital regional está lleno.",
    "The hospital CEO called the family.",
    "Brief Hospital Course: uneventful. Hosp. Course reviewed. Hospital Day 3: afebrile.",
    "Laboratory Results reviewed. Dialysis Access: left AV fistula.",
    "Suivi au CMP de secteur.",
    "The service unit is short of staff. Admitted to a Health Care Facility nearby.",
    "Ingresó a UCI, luego al servicio de medicina.",
    "He takes Lipitor and Tylenol for Graves disease.",
])
def test_generic_settings_and_clinical_acronyms_are_no_facility(text):
    assert [f for f in scan(text) if f.kind == "facility"] == []


@pytest.mark.parametrize("text, value", [
    ("Her son tyler drives her to clinic.", "tyler"),
    ("Her son mark was there. BP fine.", "mark"),
    ("Su hija maría la acompaña. TA normal.", "maría"),
    ("Mon fils kevin passe le soir. TA normale.", "kevin"),
    ("Sa fille aminata l'accompagne. TA normale.", "aminata"),
    ("BP 150/90, talked to dr smith today.", "dr smith"),
    ("Her daughter Hope visits daily.", "Hope"),  # a name that is an ordinary word and a town
    ("pt's mom is darlene, she drives him", "darlene"),
    ("spoke to nurse begay re: refills", "begay"),
    ("la fille de mme diallo est passée", "mme diallo"),
    ("sa fille chantal arrive. TA normale", "chantal"),
])
def test_names_after_a_relative_or_a_title_in_lower_case(text, value):
    assert ("name", value) in found(text)


@pytest.mark.parametrize("text", [
    "Her son is worried about her. BP ok.",
    "Her son will drive her home. BP ok.",
    "Su hija mayor la acompaña. TA normal.",
    "Su esposo trabaja en la mina. TA normal.",
    "Sa fille aînée est infirmière. TA normale.",
    "Son mari travaille la nuit. TA normale.",
    "Her daughter brought the meds. BP fine.",
    "spoke to nurse practitioner today. BP ok",
    "her mom is diabetic. BP ok",
    "su madre es diabética. TA normal",
    "su madre diabética vino. TA normal",
    "sa mère anxieuse est là. TA normale",
])
def test_what_follows_a_relative_is_not_always_a_name(text):
    assert [f for f in scan(text) if f.kind == "name"] == []


@pytest.mark.parametrize("text, value", [
    ("Número de afiliado 44710293 en el seguro.", "44710293"),
    ("Numéro d'adhérent 8847102.", "8847102"),
    ("Bomba de insulina, número de serie 44710XB2.", "44710XB2"),
    ("Numéro de série du stimulateur : SN44710XB.", "SN44710XB"),
    ("Licencia médica 4471023 vigente.", "4471023"),
    ("Device serial SN: 44710XB.", "44710XB"),
    ("Vehicle VIN 1HGCM82633A004352.", "1HGCM82633A004352"),
    ("Placa del vehículo: ABC-1234.", "ABC-1234"),
    ("Chapa del auto: ABC 123.", "ABC 123"),
    ("N° d'immatriculation du véhicule : GH 447 KL.", "GH 447 KL"),
    ("Numéro d'identification 44710293.", "44710293"),
    ("Medicare number 1EG4-TE5-MK73.", "1EG4-TE5-MK73"),
    ("Card on file: 1EG4TE5MK73.", "1EG4TE5MK73"),
    ("Certificate of Indian Blood 4471.", "4471"),
    ("Registration number 447KLR.", "447KLR"),
    ("Permiso de conducir 44710293.", "44710293"),
])
def test_numbers_behind_labels_in_three_languages(text, value):
    assert ("id", value) in found(text)


@pytest.mark.parametrize("text", [
    "Una serie de 12 casos clínicos.",
    "Contrat signé en 2019.",
    "Le permis de conduire a été suspendu en 2021.",
    "Membre du comité depuis 2015.",
    "Documento firmado en 2020 por 3 médicos.",
    "HbA1c 7.2, blood 4 units given.",
    "Registration for the course opens 2024.",
])
def test_labels_without_an_identifier_are_left_alone(text):
    assert [f for f in scan(text) if f.kind == "id"] == []


@pytest.mark.parametrize("text, value", [
    ("416 60 039 office", "416 60 039"),
    ("085 175 7641-Office, 3660170548-Fax", "3660170548"),
    ("Llamar al 612 44 71 02 (celular).", "612 44 71 02"),
    ("Joindre au 04 71 22 33 44 domicile.", "04 71 22 33 44"),
])
def test_phone_numbers_labelled_after_them(text, value):
    assert ("phone", value) in found(text)


def test_a_measurement_before_home_is_no_phone():
    assert scan("Weight 72.5 kg at home; walked 1200 m to work.") == []


@pytest.mark.parametrize("text, value", [
    ("Mrs. Lee, aged ninety-four, lives alone.", "ninety-four"),
    ("He turned ninety-one last week.", "ninety-one"),
    ("Patient is a hundred years old.", "a hundred years old"),
    ("Edad: noventa y seis.", "noventa y seis"),
    ("Âge : quatre-vingt-douze ans.", "quatre-vingt-douze ans"),
    ("ninety two y/o female with CHF", "ninety two y/o"),
    ("She is in her late nineties.", "her late nineties"),
])
def test_ages_over_89_in_words(text, value):
    assert ("age", value) in found(text)


def test_younger_ages_in_words_are_left_alone():
    assert scan("She is eighty-nine years old. Ninety percent of patients improved.") == []
    assert scan("Back in the nineties she moved.") == []  # a decade, not an age


@pytest.mark.parametrize("text, value", [
    ("Her brother's apartment, Ul. Długa 17/4, 80-827 Gdańsk, is where she stays.", "80-827"),
    ("Skogstien 106, 1386 Asker", "1386"),
])
def test_postcode_between_house_number_and_town(text, value):
    assert ("zip", value) in found(text)


def test_a_year_after_a_day_is_no_postcode():
    assert ("zip", "2019") not in found("On March 14, 2019 Boston had snow.")


@pytest.mark.parametrize("text, value", [
    ("Hope said she is tired.", "Hope"),
    ("Faith came with her mother.", "Faith"),
    ("Paz vino con su madre.", "Paz"),
    ("Patience dit qu'elle a mal.", "Patience"),
    ("pt's daughter hope called today", "hope"),
    ("spoke w/ his wife joy re: meds", "joy"),
    ("Summer Lee was seen today for follow-up.", "Summer Lee"),
    ("Hope Miller called the clinic.", "Hope Miller"),
])
def test_given_names_that_are_ordinary_words_where_a_person_is_meant(text, value):
    assert ("name", value) in found(text)


@pytest.mark.parametrize("text", [
    "Faith is important to her. Hope is the goal of care.",
    "Rich in protein, low in salt. Drew blood cultures x2.",
    "May was uneventful. Grace period ends soon.",
    "La paz interior es importante.",
    "Her daughter hope to visit soon.",
    "Rusty Nail was removed. Amber Alert issued.",
])
def test_the_same_words_as_ordinary_words_are_left_alone(text):
    assert [f for f in scan(text) if f.kind == "name"] == []


@pytest.mark.parametrize("text, value", [
    ("She works at Walmart in Gallup.", "Walmart"),
    ("Her husband works for Peabody Coal as a driver.", "Peabody Coal"),
    ("Trabaja para Minera Yanacocha desde 2015.", "Minera Yanacocha"),
    ("Il travaille chez Renault depuis 10 ans.", "Renault"),
    ("Her son attends Chinle High School.", "Chinle High School"),
    ("Estudia en la Universidad de San Marcos.", "Universidad de San Marcos"),
    ("Sa fille est au lycée Victor Hugo.", "lycée Victor Hugo"),
])
def test_employers_and_schools(text, value):
    hits = [f for f in scan(text) if f.text == value]
    assert hits and hits[0].label == "Employer or school name"


@pytest.mark.parametrize("text", [
    "Her husband works at the mine. He works at the hospital as a tech.",
    "She works for the Navajo Nation.",
    "I work for Citigroup and we work with the clinic.",  # the author's own employer is no patient identifier
    "She attended Community College for a year. Medical School was hard.",
    "Recommended by the American College of Cardiology.",
    "Elle est inscrite au Collège des Médecins.",
    "He is a teacher at the local Elementary.",
])
def test_generic_workplaces_and_schools_are_left_alone(text):
    assert [f for f in scan(text) if f.label == "Employer or school name"] == []

"""Generate the multilingual development sets (English, Spanish, French) for the privacy guard.

Output: multilingual_dev.jsonl (seed 1, template set A) and multilingual_never_tuned.jsonl
(seed 2, template set B: other sentence frames, the other half of every hand-written word list,
other real towns). Rules are tuned on the first only; the second shows overfitting.
Each row: {"id", "lang", "split", "text", "spans": [{"start", "end", "kind"}]}; texts without
spans are identifier-free (case presentations with form labels, headings, drug brands,
eponyms, provinces, symptoms at sentence starts).

Identifier values come from Faker (MIT licence) in the locales en_US, es_ES, es_MX, es_AR,
es_CO, fr_FR and fr_CA, plus hand-written real towns and hospitals of Latin America, Spain,
France, Quebec, Haiti and francophone Africa. Developer-only: needs `faker` (the test extra).

Run:  python tests/data/privacy/make_multilingual.py
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

from faker import Faker

HERE = Path(__file__).resolve().parent
LOCALES = {"en": ["en_US"], "es": ["es_ES", "es_MX", "es_AR", "es_CO"], "fr": ["fr_FR", "fr_CA"]}


def halves(words: str) -> tuple[list[str], list[str]]:
    items = [w.strip() for w in words.split("|") if w.strip()]
    return items[0::2], items[1::2]


# hand-written vocabularies, split in two: the dev set uses one half, the never-tuned set the other
TOWNS = {
    "es": halves("Ayacucho|Huancayo|Riobamba|Temuco|Chiclayo|Sogamoso|Ocaña|Zacatecoluca|Juchitán|Tehuacán|Ciudad Obregón|"
                 "San Cristóbal de las Casas|Pasto|Tumaco|Quibdó|Latacunga|Cajamarca|Tarapoto|Puerto Maldonado|Oruro|"
                 "Sucre|Tarija|Coyhaique|Osorno|Rancagua|Concordia|Goya|Tandil|Villa María|Río Cuarto|Ponferrada|"
                 "Lugo|Cáceres|Linares|Écija|Alcoy|Teruel|Soria|Chilpancingo|Tlaxiaco|Comitán|Huehuetenango|Cobán|"
                 "Esquipulas|Juigalpa|Chinandega|Danlí|Choluteca|Santa Rosa de Copán|Yoro"),
    "fr": halves("Jacmel|Lamarre|Gonaïves|Jérémie|Hinche|Les Cayes|Cap-Haïtien|Petit-Goâve|Mirebalais|Port-de-Paix|"
                 "Thiès|Kaolack|Ziguinchor|Bouaké|Korhogo|Daloa|Bobo-Dioulasso|Koudougou|Sikasso|Ségou|Kayes|Parakou|"
                 "Abomey|Sokodé|Kara|Bafoussam|Garoua|Ngaoundéré|Rimouski|Chicoutimi|Rouyn-Noranda|Sept-Îles|"
                 "Trois-Rivières|Drummondville|Gaspé|Amos|Guéret|Aurillac|Mende|Privas|Foix|Lons-le-Saunier|"
                 "Vesoul|Chaumont|Bar-le-Duc|Saint-Lô|Alençon|Morlaix|Quimperlé|Tulle"),
    "en": halves("Gallup|Shiprock|Chinle|Kayenta|Tuba City|Crownpoint|Zuni|Bethel|Nome|Kotzebue|Pine Ridge|Browning|"
                 "Lame Deer|Hardin|Window Rock|Ganado|Espanola|Truth or Consequences|Lordsburg|Tucumcari|Pawhuska|"
                 "Anadarko|Hugo|Idabel|Harlan|Hazard|Pikeville|Logan|Welch|Marlinton"),
}
HOSPITALS = {
    "es": halves("Hospital San Juan de Dios|Hospital Regional de Ayacucho|Clínica Las Condes|Hospital Rebagliati|"
                 "Hospital Universitario La Paz|Hospital General de Zona 27|Centro de Salud San Isidro|Hospital del Niño Jesús|"
                 "Clínica Santa María|Hospital Universitario San Vicente Fundación|Sanatorio Güemes|Hospital Civil de Guadalajara|"
                 "Hospital Roosevelt|Hospital Escuela Universitario|Hospital Italiano de Buenos Aires|Centro de Salud Villa Hermosa"),
    "fr": halves("Hôpital Albert Schweitzer|Hôpital Saint-Louis|CHU de Bordeaux|Centre hospitalier de Rimouski|Hôpital Sacré-Cœur|"
                 "Clinique du Parc|Hôpital Universitaire de Mirebalais|Centre de santé de Lamarre|Hôpital Principal de Dakar|"
                 "CHU Sylvanus Olympio|Hôpital de la Paix|Hôpital Immaculée Conception|Clinique Saint-Jean|Centre hospitalier régional de Thiès|"
                 "Hôpital Notre-Dame|Hôpital Justinien"),
    "en": halves("Gallup Indian Medical Center|St. Vincent Hospital|Presbyterian Espanola Hospital|Chinle Comprehensive Health Care Facility|"
                 "Rehoboth McKinley Christian Hospital|Holy Cross Hospital|Alaska Native Medical Center|Northern Navajo Medical Center"),
}
HOSP_ACRONYMS = {"es": halves("IMSS|ISSSTE|HNERM|INCMNSZ|HUSI|HUV|HGM|INER"), "fr": halves("HUEH|CHUM|CHUQ|HEGP|AP-HP|CHUS|HUP|CNHU"),
                 "en": halves("GIMC|NNMC|UNMH|ANMC")}
DRUGS = {
    "es": halves("Paracetamol|Nolotil|Omeprazol|Sintrom|Adiro|Orfidal|Lexatin|Rivotril|Trankimazin|Haldol|Risperdal|Zyprexa|"
                 "Seroquel|Depakine|Eutirox|Metformina|Ozempic|Jardiance|Forxiga|Atorvastatina|Enalapril|Losartán|Amlodipino|"
                 "Furosemida|Seguril|Ventolín|Prednisona|Amoxicilina|Augmentine|Buscapina|Enantyum|Tempra"),
    "fr": halves("Doliprane|Dafalgan|Efferalgan|Levothyrox|Kardegic|Clamoxyl|Augmentin|Spasfon|Gaviscon|Smecta|Lexomil|Stilnox|"
                 "Imovane|Deroxat|Seroplex|Lovenox|Previscan|Eliquis|Xarelto|Glucophage|Lantus|Ventoline|Inexium|Mopral|Tahor|"
                 "Amlor|Coversyl|Lasilix|Skenan|Topalgic|Subutex|Aspégic"),
    "en": halves("Zoloft|Lexapro|Suboxone|Vivitrol|Ozempic|Eliquis|Xarelto|Lantus|Seroquel|Abilify|Depakote|Lamictal|Wellbutrin|Narcan"),
}
EPONYMS = {
    "es": halves("enfermedad de Chagas|enfermedad de Parkinson|síndrome de Guillain-Barré|enfermedad de Crohn|signo de Murphy|"
                 "escala de Glasgow|enfermedad de Hansen|síndrome de Cushing|enfermedad de Graves|maniobra de Valsalva|"
                 "criterios de Ranson|síndrome de Down|mal de Pott|enfermedad de Addison|sarcoma de Kaposi|fractura de Colles"),
    "fr": halves("maladie de Basedow|maladie de Parkinson|syndrome de Guillain-Barré|maladie de Crohn|signe de Murphy|"
                 "score de Glasgow|maladie de Chagas|syndrome de Cushing|maladie de Charcot|manœuvre de Valsalva|"
                 "maladie de Hodgkin|syndrome de Sjögren|mal de Pott|maladie d'Addison|sarcome de Kaposi|échelle de Braden"),
    "en": halves("Parkinson's disease|Crohn's disease|Graves disease|Glasgow Coma Scale|Murphy's sign|Guillain-Barre syndrome|"
                 "Cushing syndrome|Hodgkin lymphoma"),
}
PROVINCES = {
    "es": halves("Oaxaca|Chiapas|Jalisco|Michoacán|Antioquia|Nariño|Cundinamarca|Chocó|Andalucía|Galicia|Cataluña|Extremadura|"
                 "Puno|Loreto|Ucayali|Apurímac|Araucanía|Biobío|Pichincha|Chimborazo|Petén|Alta Verapaz|Santa Fe|Chaco|Salta|Jujuy"),
    "fr": halves("Bretagne|Normandie|Occitanie|Nouvelle-Aquitaine|Auvergne-Rhône-Alpes|Hauts-de-France|Grand Est|Île-de-France|"
                 "Artibonite|Ouest|Nord-Est|Sud-Est|Grand'Anse|Nippes|Ontario|Manitoba|Saskatchewan|Alberta|Casamance|Guadeloupe|"
                 "Martinique|La Réunion|Mayotte|Corse"),
    "en": halves("New Mexico|Arizona|Alaska|Montana|Oklahoma|Kentucky|West Virginia|South Dakota"),
}
SYMPTOMS = {
    "es": halves("Fiebre|Tos|Disnea|Dolor torácico|Cefalea|Náuseas|Vómitos|Diarrea|Astenia|Mareo|Fatiga|Insomnio|Ansiedad|"
                 "Tristeza|Palpitaciones|Edemas|Prurito|Hematuria|Disuria|Anorexia"),
    "fr": halves("Fièvre|Toux|Dyspnée|Douleur thoracique|Céphalées|Nausées|Vomissements|Diarrhée|Asthénie|Vertiges|Fatigue|"
                 "Insomnie|Anxiété|Tristesse|Palpitations|Œdèmes|Prurit|Hématurie|Brûlures mictionnelles|Anorexie"),
    "en": halves("Fever|Cough|Dyspnea|Chest pain|Headache|Nausea|Vomiting|Diarrhea|Fatigue|Dizziness|Insomnia|Anxiety|Palpitations|Edema"),
}
LABELS = {
    "es": halves("Motivo de consulta|Antecedentes personales|Enfermedad actual|Exploración física|Diagnóstico|Tratamiento actual|"
                 "Plan|Pregunta para el panel|Recomendaciones|Evolución|Resumen|Medicamentos|Laboratorio|Hábitos|Contexto social|"
                 "Antecedentes familiares|Alergias|Impresión diagnóstica|Seguimiento|Signos vitales"),
    "fr": halves("Motif de consultation|Antécédents personnels|Histoire de la maladie|Examen clinique|Diagnostic|Traitement actuel|"
                 "Conduite à tenir|Question pour le panel|Recommandations|Évolution|Synthèse|Médicaments|Biologie|Mode de vie|"
                 "Contexte social|Antécédents familiaux|Allergies|Hypothèse diagnostique|Suivi|Constantes"),
    "en": halves("Lifecycle|Chief complaint|History of present illness|Assessment|Plan|Question for the panel|Recommendations|"
                 "Social history|Medications|Labs|Course|Summary|Follow-up|Vitals"),
}

MONTHS = {"es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]}
AGE_WORDS = {"es": ["noventa y dos", "noventa y cinco", "noventa", "noventa y ocho", "cien", "noventa y tres"],
             "fr": ["quatre-vingt-douze", "quatre-vingt-quinze", "quatre-vingt-dix", "quatre-vingt-dix-huit", "cent", "quatre-vingt-treize"],
             "en": ["ninety-two", "ninety-five", "ninety", "ninety-eight", "one hundred", "ninety-three"]}


class Gen:
    def __init__(self, lang: str, rnd: random.Random, fakers: list[Faker], half: int):
        self.lang, self.r, self.fakers, self.h = lang, rnd, fakers, half

    def f(self) -> Faker:
        return self.r.choice(self.fakers)

    def pick(self, table: dict) -> str:
        return self.r.choice(table[self.lang][self.h])

    # identifier slots -> (text, kind)
    def NAME(self):
        return self.f().name(), "name"

    def FIRST(self):
        return self.f().first_name(), "name"

    def LAST(self):
        return self.f().last_name(), "name"

    def TOWN(self):
        return (self.pick(TOWNS) if self.r.random() < 0.6 else self.f().city()), "place"

    def STREET(self):
        f = self.f()
        if self.lang == "fr" and self.r.random() < 0.5:
            return f"{self.r.randint(1, 140)} {self.r.choice(['rue', 'boulevard', 'avenue', 'chemin', 'allée'])} {f.last_name()}", "address"
        if self.lang == "es" and self.r.random() < 0.5:
            kind = self.r.choice(["calle", "Calle", "avenida", "Av.", "jirón", "Jr.", "pasaje", "carrera"])
            return f"{kind} {f.last_name()} {self.r.randint(1, 2400)}", "address"
        return f.street_address(), "address"

    def DATE_W(self):
        d, m, y = self.r.randint(1, 28), self.r.randrange(12), self.r.randint(1925, 2024)
        mon = MONTHS[self.lang][m]
        if self.lang == "es":
            return self.r.choice([f"{d} de {mon} de {y}", f"{d} de {mon}", f"{mon} de {y}"]), "date"
        if self.lang == "fr":
            return self.r.choice([f"{d} {mon} {y}", f"{'1er' if d == 1 else d} {mon}", f"{mon} {y}"]), "date"
        return self.r.choice([f"{mon} {d}, {y}", f"{d} {mon} {y}", f"{mon} {y}"]), "date"

    def DATE_N(self):
        d, m, y = self.r.randint(1, 28), self.r.randint(1, 12), self.r.randint(1930, 2024)
        sep = self.r.choice(["/", "-", "."])
        return (f"{m:02d}{sep}{d:02d}{sep}{y}" if self.lang == "en" else f"{d:02d}{sep}{m:02d}{sep}{y}"), "date"

    def AGE90(self):
        a = self.r.randint(90, 104)
        unit = {"es": "años", "fr": "ans", "en": "years old"}[self.lang]
        return f"{a} {unit}", "age"

    def AGE90W(self):
        unit = {"es": "años", "fr": "ans", "en": "years old"}[self.lang]
        return f"{self.r.choice(AGE_WORDS[self.lang])} {unit}", "age"

    def PHONE(self):
        return self.f().phone_number(), "phone"

    def EMAIL(self):
        return self.f().email(), "email"

    def PLATE(self):
        return self.f().license_plate(), "id"

    def MRN(self):
        return str(self.r.randint(10 ** 5, 10 ** 8)), "mrn"

    def NATID(self):
        f = self.f()
        loc = f.locales[0] if hasattr(f, "locales") else ""
        if self.lang == "es":
            choices = [("DNI", lambda: f"{self.r.randint(10**7, 10**8 - 1)}"), ("NIF", lambda: Faker("es_ES").nif()),
                       ("NIE", lambda: Faker("es_ES").nie()), ("CURP", lambda: Faker("es_MX").curp()),
                       ("RFC", lambda: Faker("es_MX").rfc()),
                       ("RUT", lambda: f"{self.r.randint(5, 25)}.{self.r.randint(100, 999)}.{self.r.randint(100, 999)}-{self.r.choice('0123456789K')}"),
                       ("cédula", lambda: f"{self.r.randint(1, 99)}.{self.r.randint(100, 999)}.{self.r.randint(100, 999)}"),
                       ("CC", lambda: str(self.r.randint(10**6, 10**10)))]
        elif self.lang == "fr":
            choices = [("NIR", lambda: Faker("fr_FR").ssn()), ("numéro de sécurité sociale", lambda: Faker("fr_FR").ssn()),
                       ("carte Vitale", lambda: Faker("fr_FR").ssn()),
                       ("CNI", lambda: "".join(self.r.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(12))),
                       ("NIU", lambda: str(self.r.randint(10**9, 10**10))), ("RAMQ", lambda: f"{f.last_name()[:3].upper()}{f.first_name()[:1].upper()} {self.r.randint(1000, 9999)} {self.r.randint(1000, 9999)}")]
        else:
            choices = [("SSN", lambda: Faker("en_US").ssn()), ("Medicaid ID", lambda: f"{self.r.choice('ABCDEFGH')}{self.r.randint(10**7, 10**8)}")]
        label, fn = self.r.choice(choices)
        del loc
        return label, fn()

    def HOSP(self):
        return (self.pick(HOSPITALS) if self.r.random() < 0.8 else self.pick(HOSP_ACRONYMS)), "facility"

    # non-identifier slots
    def DRUG(self):
        return self.pick(DRUGS), None

    def EPONYM(self):
        return self.pick(EPONYMS), None

    def PROV(self):
        return self.pick(PROVINCES), None

    def SYMPTOM(self):
        return self.pick(SYMPTOMS), None

    def LABEL(self):
        return self.pick(LABELS), None

    def AGE(self):
        return str(self.r.randint(18, 88)), None

    def YEAR(self):
        return str(self.r.randint(1990, 2024)), None


SLOT = re.compile(r"\{([A-Z0-9_]+)\}")


def render(g: Gen, template: str) -> tuple[str, list[dict]]:
    out, spans, pos = [], [], 0
    length = 0
    for m in SLOT.finditer(template):
        lit = template[pos:m.start()]
        out.append(lit)
        length += len(lit)
        slot = m.group(1)
        if slot == "NATID":
            label, value = g.NATID()
            lab = f"{label}: " if g.r.random() < 0.5 else f"{label} "
            out.append(lab)
            length += len(lab)
            spans.append({"start": length, "end": length + len(value), "kind": "ssn" if label in ("SSN",) else "id"})
            out.append(value)
            length += len(value)
        else:
            value, kind = getattr(g, slot)()
            if kind:
                spans.append({"start": length, "end": length + len(value), "kind": kind})
            out.append(value)
            length += len(value)
        pos = m.end()
    out.append(template[pos:])
    text = "".join(out)
    # capitalise a slot value at the very start (sentence start)
    return text[:1].upper() + text[1:], spans


# template sets: A (dev) and B (never tuned). Positive templates carry identifiers.
POS = {
    "A": {
        "es": ["Paciente {NAME}, de {AGE} años, natural de {TOWN}, consulta por {SYMPTOM} de dos semanas.",
               "Sra. {LAST} vive en {TOWN} con su hija {FIRST}; DNI {MRN}. Toma {DRUG} 20 mg.",
               "Fecha de nacimiento: {DATE_W}. Historia clínica {MRN}. Ingresó al {HOSP} por {EPONYM}.",
               "Se comunica al teléfono {PHONE} con la familia; domicilio en {STREET}, {TOWN}.",
               "Mujer de {AGE90}, viuda, vive sola en una comunidad rural de {PROV}.",
               "{LABEL}: varón de {AGE} años; {NATID}. Control el {DATE_N} en el {HOSP}.",
               "Lo acompaña su esposo {NAME}. Correo {EMAIL}. Placa del vehículo {PLATE}.",
               "Paciente de {AGE90W}, hospitalizada en {HOSP} desde el {DATE_W}.",
               "Referida por la Dra. {LAST} desde {TOWN}; expediente {MRN}.",
               "el paciente {FIRST} {LAST} vive en {TOWN}, su mamá no sabe leer. {NATID}."],
        "fr": ["Patiente {NAME}, {AGE} ans, originaire de {TOWN}, consulte pour {SYMPTOM} depuis deux semaines.",
               "Mme {LAST}, née le {DATE_W}, habite à {TOWN} avec sa fille {FIRST}.",
               "{NATID}. Dossier n° {MRN}. Hospitalisée au {HOSP} pour {EPONYM}.",
               "Joignable au {PHONE}; domicile : {STREET}, {TOWN}.",
               "Femme de {AGE90}, veuve, vit seule dans un village de la région {PROV}.",
               "{LABEL} : homme de {AGE} ans; vu le {DATE_N} au {HOSP}.",
               "Accompagné de son fils {NAME}. Courriel : {EMAIL}. Immatriculation {PLATE}.",
               "Patiente de {AGE90W}, suivie au {HOSP} depuis le {DATE_W}.",
               "Adressé par le Dr {LAST} de {TOWN}; IPP {MRN}.",
               "m. {LAST} vit à {TOWN}, sa femme {FIRST} gère les médicaments. {NATID}."],
        "en": ["Patient {NAME}, {AGE}, from {TOWN}, presents with {SYMPTOM} for two weeks.",
               "Mrs. {LAST} lives in {TOWN} with her daughter {FIRST}; MRN {MRN}. Takes {DRUG}.",
               "DOB {DATE_W}. Admitted to {HOSP} with {EPONYM}.",
               "Call the family at {PHONE}; address {STREET}, {TOWN}.",
               "{AGE90} woman, widowed, lives alone in rural {PROV}.",
               "{LABEL}: {AGE}-year-old man; {NATID}. Seen on {DATE_N} at {HOSP}.",
               "His son {NAME} came along. Email {EMAIL}. Plate {PLATE}.",
               "She is {AGE90W}, admitted to {HOSP} on {DATE_W}."],
    },
    "B": {
        "es": ["{LABEL}: la señora {NAME} ({AGE90}) fue trasladada desde {TOWN} al {HOSP}.",
               "Atendido el {DATE_W} por cuadro de {SYMPTOM}. {NATID}. Número de historia {MRN}.",
               "Reside en {STREET} ({TOWN}); celular {PHONE}.",
               "Don {LAST} tiene {AGE90W} y cuida a su nieta {FIRST} en {TOWN}.",
               "Llamar a {NAME} al {PHONE} antes del {DATE_N}.",
               "vehículo con patente {PLATE}; el accidente fue en {TOWN} el {DATE_W}.",
               "El Sr. {NAME}, procedente de {TOWN}, ingresa con {EPONYM}; toma {DRUG}.",
               "Escribir a {EMAIL}. Paciente {FIRST} {LAST}, {NATID}, afiliado al {HOSP}."],
        "fr": ["{LABEL} : Mme {NAME} ({AGE90}) a été transférée de {TOWN} au {HOSP}.",
               "Vue le {DATE_W} pour {SYMPTOM}. {NATID}. N° de dossier {MRN}.",
               "Demeure au {STREET} ({TOWN}); portable {PHONE}.",
               "M. {LAST} a {AGE90W} et s'occupe de sa petite-fille {FIRST} à {TOWN}.",
               "Appeler {NAME} au {PHONE} avant le {DATE_N}.",
               "véhicule immatriculé {PLATE}; l'accident a eu lieu à {TOWN} le {DATE_W}.",
               "Monsieur {NAME}, venant de {TOWN}, admis pour {EPONYM}; sous {DRUG}.",
               "Écrire à {EMAIL}. Patient {FIRST} {LAST}, {NATID}, suivi au {HOSP}."],
        "en": ["{LABEL}: Ms. {NAME} ({AGE90}) was transferred from {TOWN} to {HOSP}.",
               "Seen on {DATE_W} for {SYMPTOM}. {NATID}. Chart number {MRN}.",
               "Lives at {STREET} ({TOWN}); cell {PHONE}.",
               "Mr. {LAST} is {AGE90W} and cares for his granddaughter {FIRST} in {TOWN}.",
               "Call {NAME} at {PHONE} before {DATE_N}.",
               "Write to {EMAIL}. Patient {FIRST} {LAST}, {NATID}, enrolled at {HOSP}."],
    },
}
NEG = {
    "A": {
        "es": ["{LABEL}: mujer de {AGE} años con {EPONYM} desde {YEAR}. {SYMPTOM} y pérdida de peso.",
               "{SYMPTOM} de predominio nocturno. Toma {DRUG} y {DRUG}. Vive en zona rural de {PROV}.",
               "{LABEL}:\n{SYMPTOM} intermitente. Antecedente de {EPONYM}. Se inició {DRUG}.",
               "Pregunta: ¿conviene cambiar {DRUG} por {DRUG} en una paciente de {AGE} años?",
               "Recomendación del panel: suspender {DRUG}, iniciar {DRUG} y control en tres meses.",
               "Acude al centro de salud rural por {SYMPTOM}. Trabaja en el campo en {PROV}."],
        "fr": ["{LABEL} : femme de {AGE} ans avec {EPONYM} depuis {YEAR}. {SYMPTOM} et perte de poids.",
               "{SYMPTOM} à prédominance nocturne. Prend {DRUG} et {DRUG}. Vit en zone rurale, région {PROV}.",
               "{LABEL} :\n{SYMPTOM} intermittente. Antécédent de {EPONYM}. Introduction de {DRUG}.",
               "Question : faut-il remplacer {DRUG} par {DRUG} chez une patiente de {AGE} ans ?",
               "Recommandation du panel : arrêter {DRUG}, débuter {DRUG}, contrôle dans trois mois.",
               "Consulte au dispensaire pour {SYMPTOM}. Agriculteur dans le département {PROV}."],
        "en": ["{LABEL}: {AGE}-year-old woman with {EPONYM} since {YEAR}. {SYMPTOM} and weight loss.",
               "{SYMPTOM} worse at night. Takes {DRUG} and {DRUG}. Lives in rural {PROV}.",
               "{LABEL}:\n{SYMPTOM}, intermittent. History of {EPONYM}. Started {DRUG}.",
               "Question: should we switch {DRUG} to {DRUG} in a {AGE}-year-old?"],
    },
    "B": {
        "es": ["{SYMPTOM}. {LABEL}: sin cambios. Continúa {DRUG}; se descarta {EPONYM}.",
               "{LABEL}\nPaciente de {AGE} años, agricultor en {PROV}, con {SYMPTOM} y {EPONYM}.",
               "¿Qué hacer con {DRUG} si persiste {SYMPTOM}? Ya recibió {DRUG} en {YEAR}.",
               "Se sugiere {DRUG} a dosis bajas y derivación a segundo nivel en {PROV}."],
        "fr": ["{SYMPTOM}. {LABEL} : sans changement. Poursuite de {DRUG}; {EPONYM} écartée.",
               "{LABEL}\nPatient de {AGE} ans, cultivateur en {PROV}, avec {SYMPTOM} et {EPONYM}.",
               "Que faire de {DRUG} si {SYMPTOM} persiste ? A déjà reçu {DRUG} en {YEAR}.",
               "Nous proposons {DRUG} à faible dose et un avis spécialisé dans la région {PROV}."],
        "en": ["{SYMPTOM}. {LABEL}: unchanged. Continue {DRUG}; {EPONYM} ruled out.",
               "{LABEL}\n{AGE}-year-old farmer in {PROV} with {SYMPTOM} and {EPONYM}.",
               "What to do with {DRUG} if {SYMPTOM} persists? Had {DRUG} in {YEAR}."],
    },
}


def build(split: str, tset: str, seed: int, n_pos: int, n_neg: int) -> list[dict]:
    rnd = random.Random(seed)
    half = 0 if tset == "A" else 1
    rows = []
    for lang, locs in LOCALES.items():
        fakers = []
        for loc in locs:
            f = Faker(loc)
            f.seed_instance(seed * 100 + len(fakers))
            fakers.append(f)
        g = Gen(lang, rnd, fakers, half)
        for kind, templates, n in (("pos", POS[tset][lang], n_pos), ("neg", NEG[tset][lang], n_neg)):
            for i in range(n):
                text, spans = render(g, rnd.choice(templates))
                rows.append({"id": f"{split}-{lang}-{kind}-{i:03d}", "lang": lang, "split": split, "text": text, "spans": spans})
    return rows


def main() -> None:
    Faker.seed(0)
    for name, tset, seed in (("multilingual_dev", "A", 1), ("multilingual_never_tuned", "B", 2)):
        rows = build(name, tset, seed, n_pos=160, n_neg=80)
        (HERE / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(name, len(rows))


if __name__ == "__main__":
    main()

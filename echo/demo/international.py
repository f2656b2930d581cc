"""Demo programs in Spanish and French, as ECHO programs run in Latin America and in Haiti:
their members, their sessions (in the programs' own zones) and one published case each, so the
demo shows the interface, mail and library search in those languages.

Everything here is invented: no real clinicians, clinics or patients.
"""
from __future__ import annotations

from datetime import time

from echo.programs.models import Role, Visibility

USERS: list[tuple[str, str, str, str, str, str, str | None]] = [
    # (email, name, profession, organisation, region, timezone, language)
    ("dra.quispe@demo.echo", "Dra. Rosa Quispe", "Physician (MD/DO)", "Hospital regional (demo), Infectología", "Cusco, Perú",
     "America/Lima", "es"),
    ("l.mamani@demo.echo", "Lucía Mamani", "Registered nurse", "Puesto de salud rural (demo)", "Puno, Perú", "America/Lima", "es"),
    ("dr.joseph@demo.echo", "Dr Jean-Marc Joseph", "Physician (MD/DO)", "Hôpital universitaire (démo), Médecine interne",
     "Ouest, Haïti", "America/Port-au-Prince", "fr"),
    ("m.pierre@demo.echo", "Marie-Ange Pierre", "Nurse practitioner", "Centre de santé communautaire (démo)", "Sud-Est, Haïti",
     "America/Port-au-Prince", "fr"),
]

PROGRAMS = [
    {
        "name": "ECHO Diabetes y Salud Cardiovascular (Perú)",
        "topic": "Diabetes e hipertensión en atención primaria",
        "language": "es",
        "description": ("Clínica virtual quincenal para equipos de atención primaria de zonas rurales: diabetes tipo 2, "
                        "hipertensión y riesgo cardiovascular.\nCada sesión: una charla de 15 minutos y uno o dos casos "
                        "desidentificados presentados por los equipos de los establecimientos."),
        "hub_team": "Dra. Rosa Quispe, endocrinología\nJolene Begay, PharmD\nCarmen Coordinator, coordinación",
        "timezone": "America/Lima", "video_url": "https://meet.jit.si/demo-echo-diabetes-peru",
        "visibility": Visibility.public, "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "start_time": time(14, 0),
        "duration_minutes": 90, "weeks_back": 12,
        "didactics": [
            ("Insulina basal: cuándo empezar y cómo titular", "Dra. Rosa Quispe"),
            ("Pie diabético en el primer nivel de atención", "Dra. Rosa Quispe"),
            ("Hipertensión: metas y combinaciones de fármacos", "Dra. Rosa Quispe"),
            ("Metformina y función renal", "Jolene Begay, PharmD"),
        ],
        "members": [("coordinator", Role.coordinator), ("dra.quispe", Role.specialist), ("j.begay", Role.specialist),
                    ("l.mamani", Role.participant), ("participant", Role.participant), ("learner", Role.learner)],
        "requests": [],
    },
    {
        "name": "ECHO VIH et tuberculose (Haïti)",
        "topic": "VIH et tuberculose en soins de premier recours",
        "language": "fr",
        "description": ("Séance mensuelle pour les équipes des centres de santé : traitement antirétroviral, "
                        "co-infection VIH-tuberculose et suivi des patients perdus de vue."),
        "hub_team": "Dr Jean-Marc Joseph, médecine interne\nCarmen Coordinator, coordination",
        "timezone": "America/Port-au-Prince", "video_url": "https://meet.jit.si/demo-echo-vih-haiti",
        "visibility": Visibility.public, "rrule": "FREQ=MONTHLY;BYDAY=2TU", "start_time": time(10, 0),
        "duration_minutes": 60, "weeks_back": 16,
        "didactics": [
            ("Dolutégravir en première ligne", "Dr Jean-Marc Joseph"),
            ("Tuberculose et antirétroviraux : les interactions", "Dr Jean-Marc Joseph"),
            ("Retrouver les patients perdus de vue", "Marie-Ange Pierre, IPA"),
        ],
        "members": [("coordinator", Role.coordinator), ("dr.joseph", Role.specialist), ("m.pierre", Role.participant),
                    ("participant", Role.participant), ("learner", Role.learner)],
        "requests": [],
    },
]

# One published case per program, keyed by program name (echo/demo/library.py writes them).
CASES = {
    PROGRAMS[0]["name"]: {
        "author": "l.mamani", "days_ago": 30, "title": "Diabetes tipo 2 con hemoglobina glicosilada alta pese a metformina",
        "age_band": "50-59", "sex": "female", "setting": "Rural health clinic", "tags": ["diabetes", "insulina"],
        "chief_concern": "HbA1c de 10,2 % con metformina 850 mg dos veces al día; refiere sed y cansancio.",
        "history": "Diabetes tipo 2 desde hace seis años. Hipertensión controlada con enalapril.",
        "medications": "Metformina 850 mg cada 12 horas; enalapril 10 mg al día.",
        "social_factors": "Vive a tres horas del hospital; la refrigeración de la insulina es un problema.",
        "questions": "¿Conviene iniciar insulina basal o agregar otro antidiabético oral?",
        "recs": [("hub", "medication", "Iniciar insulina NPH 10 unidades al acostarse y titular 2 unidades cada tres días según la glucemia en ayunas.", True),
                 ("hub", "monitoring", "Glucómetro y registro de glucemias en ayunas; control de HbA1c en tres meses.", False),
                 ("spoke", "behavioural", "Educación sobre hipoglucemia y conservación de la insulina en vasija de barro.", False)],
        "summary": "Iniciar insulina basal con titulación sencilla; la metformina continúa. La insulina se conserva fresca sin refrigerador.",
        "follow_up": "Presentar de nuevo con el control de HbA1c.",
    },
    PROGRAMS[1]["name"]: {
        "author": "m.pierre", "days_ago": 45, "title": "Tuberculose pulmonaire chez un patient sous antirétroviraux",
        "age_band": "30-39", "sex": "male", "setting": "Community health center", "tags": ["tuberculose", "vih"],
        "chief_concern": "Toux depuis trois semaines, fièvre le soir ; sous ténofovir, lamivudine et dolutégravir.",
        "history": "VIH connu depuis quatre ans, charge virale indétectable il y a six mois.",
        "tests": "GeneXpert positif, sans résistance à la rifampicine.",
        "questions": "Faut-il adapter la dose de dolutégravir pendant le traitement antituberculeux ?",
        "recs": [("hub", "medication", "Dolutégravir 50 mg deux fois par jour pendant la rifampicine, et deux semaines après.", True),
                 ("hub", "monitoring", "Contrôle de la charge virale à la fin du traitement antituberculeux.", False)],
        "summary": "Doubler la dose de dolutégravir pendant la rifampicine ; poursuivre le traitement antirétroviral sans interruption.",
        "follow_up": "Revoir à la fin de la phase intensive.",
    },
}

"""Cases in Spanish and French: the form, the privacy panel and its JSON check, a refused form,
the scripts' words, state labels, and notices in the recipient's language. English stays as it was."""
import json
import re

from echo.accounts.models import Notification
from echo.cases.models import Case
from echo.cases.models import CaseState as S
from echo.core import mail
from echo.core.extensions import db
from tests.factories import make_case, make_clean_case
from tests.helpers import CASE_FORM

LEAKY = "Maria Gonzalez was admitted on March 3, 2024 with low mood."


def _speaks(user, code):
    user.language = code
    db.session.commit()
    return user


def _strings(html: str) -> dict:
    """The case form scripts' words, as the page hands them over (#strings-cases)."""
    m = re.search(r'<script type="application/json" id="strings-cases">(.*?)</script>', html, re.DOTALL)
    assert m, "the case form carries its scripts' words"
    return json.loads(m.group(1))


def test_case_form_in_spanish_and_french(people, login_as):
    c = login_as(_speaks(people.participant, "es"))
    page = c.get(f"/cases/program/{people.program.id}/new").text
    for words in ("Nuevo caso", "Título breve", "Motivo de consulta", "Pregunta(s) para el panel", "Antecedentes y medicamentos",
                  "Guardar borrador", "Guardar y enviar para revisión", "Elija…", "Femenino", "Otro / no indicado",
                  "Necesario para enviar: Título breve, Edad o rango de edad, Sexo.", "Verificación de privacidad"):
        assert words in page, words
    assert "Short title" not in page and "Save draft" not in page
    words = _strings(page)
    assert words["show_in_text"] == "Mostrar en el texto"
    assert words["unresolved"] == {"one": "%(num)s posible identificador por corregir o descartar antes de enviar.",
                                   "other": "%(num)s posibles identificadores por corregir o descartar antes de enviar."}
    assert words["kinds"]["name"] == "nombre" and words["section_of"] == "Sección %(current)s de %(total)s: %(heading)s"

    c = login_as(_speaks(people.participant, "fr"))
    page = c.get(f"/cases/program/{people.program.id}/new").text
    for words in ("Nouveau cas", "Titre court", "Motif de consultation", "Enregistrer le brouillon", "Mots-clés",
                  "Vérification de confidentialité", "Aucun identifiant en suspens."):
        assert words in page, words
    assert _strings(page)["autosave_on"].startswith("L’enregistrement automatique est activé :")


def test_english_scripts_keep_their_words(people, login_as):
    page = login_as(people.participant).get(f"/cases/program/{people.program.id}/new").text
    words = _strings(page)
    assert words["unresolved"] == {"one": "%(num)s possible identifier to fix or dismiss before submitting.",
                                   "other": "%(num)s possible identifiers to fix or dismiss before submitting."}
    assert words["finding_in"] == "%(finding)s in %(field)s: %(text)s"
    assert words["saved_new"] == "Saved as draft #%(id)s at %(when)s."
    assert words["kinds"] == {k: k for k in words["kinds"]}  # the kind's own code, as before
    assert "Needed to submit: Short title, Age or age band, Sex." in page


def test_privacy_panel_shows_findings_in_the_authors_language(people, login_as):
    author = _speaks(people.participant, "es")
    case = make_case(people.program, author, narrative=LEAKY)
    page = login_as(author).get(f"/cases/{case.id}/edit").text
    assert '<mark class="finding" title="Nombre de persona">Maria Gonzalez</mark>' in page
    assert "<strong>Nombre de persona</strong> en Relato:" in page
    assert "Reemplácelo por un rol como «la paciente», «su hermana» o «el médico de atención primaria»." in page
    assert "2 posibles identificadores por corregir o descartar antes de enviar." in page
    assert "Descartar con motivo" in page and "Mostrar en el texto" in page

    fr = login_as(_speaks(author, "fr")).get(f"/cases/{case.id}/edit").text
    assert "<strong>Date (plus précise que l’année)</strong> dans Récit :" in fr
    assert "N’indiquez que l’année ou un délai relatif comme « il y a trois semaines »." in fr


def test_json_privacy_check_speaks_the_authors_language(people, login_as):
    body = {"program_id": people.program.id, "fields": {"narrative": LEAKY}}
    english = login_as(people.participant).post("/cases/privacy-check", json=body).json["fields"]["narrative"]
    assert english[0]["label"] == "Person name"
    assert english[0]["hint"] == "Replace with a role such as 'the patient', 'her sister' or 'the PCP'."

    c = login_as(_speaks(people.participant, "es"))
    found = c.post("/cases/privacy-check", json=body).json["fields"]["narrative"]
    assert [(f["kind"], f["label"]) for f in found] == [("name", "Nombre de persona"), ("date", "Fecha (más precisa que el año)")]
    assert found[1]["hint"] == "Use solo el año o un tiempo relativo como «hace tres semanas»."
    # Detection is the same whatever the language: same spans, same fingerprints.
    assert [(f["start"], f["end"], f["fingerprint"]) for f in found] == [(f["start"], f["end"], f["fingerprint"]) for f in english]
    # The endpoint's own refusals too.
    assert c.post("/cases/privacy-check", json={"program_id": 999, "fields": {}}).json["error"]["message"] == "Ese programa no existe."


def test_refused_submission_and_dismissal_in_french(people, login_as):
    author = _speaks(people.participant, "fr")
    c = login_as(author)
    r = c.post(f"/cases/program/{people.program.id}/new", data={**CASE_FORM, "narrative": LEAKY, "action": "submit"})
    page = c.get(r.headers["Location"]).text
    assert "Soumission refusée : 2 identifiants possibles restent à corriger ou à écarter (voir le texte surligné)." in page
    case = db.session.query(Case).one()
    no_reason = c.post(f"/cases/{case.id}/dismissals", json={"field": "narrative", "fingerprint": "name:maria gonzalez",
                                                            "kind": "name", "reason": ""})
    assert no_reason.status_code == 400 and no_reason.json["error"]["message"].startswith("Expliquez pourquoi ce n’est pas un identifiant")
    c.post(f"/cases/{case.id}/dismissals", data={"field": "narrative", "fingerprint": "name:maria gonzalez", "kind": "name",
                                                 "reason": "Inventé"})
    page = c.get(f"/cases/{case.id}/edit").text
    assert "Signalement écarté ; votre motif est conservé avec le cas." in page
    assert "<strong>nom</strong> dans Récit : <code>maria gonzalez</code>. Motif : Inventé" in page


def test_failed_form_in_french_keeps_what_was_typed(people, login_as):
    c = login_as(_speaks(people.participant, "fr"))
    r = c.post(f"/cases/program/{people.program.id}/new",
               data={**CASE_FORM, "title": "Humeur basse malgré un ISRS", "phq9": "30", "age": "130", "tags": "x" * 41,
                     "history": "Deux épisodes antérieurs.", "action": "save"})
    assert r.status_code == 400
    page = r.text
    assert 'value="Humeur basse malgré un ISRS"' in page and "Deux épisodes antérieurs." in page and 'value="30"' in page
    assert "Le score PHQ-9 va de 0 à 27." in page
    assert "Indiquez un âge de 0 à 120, ou une tranche d’âge comme 40-49." in page
    assert "Chaque mot-clé ne doit pas dépasser 40 caractères." in page
    assert db.session.query(Case).count() == 0
    # Missing what a submission needs: the reasons in French beside each field.
    r = c.post(f"/cases/program/{people.program.id}/new", data={**CASE_FORM, "title": "", "questions": "", "action": "submit"})
    assert r.status_code == 400
    assert "Donnez au cas un titre court (sans identifiants)." in r.text and "Posez au panel au moins une question précise." in r.text


def test_states_and_flashes_in_spanish(people, login_as):
    author = _speaks(people.participant, "es")
    case = make_clean_case(people.program, author)
    c = login_as(author)
    page = c.get(f"/cases/{case.id}").text
    assert '<span class="tag state-draft">borrador</span>' in page
    # "History" the saved versions (Historial) is not "History" the patient's (Antecedentes).
    assert f'<a href="/cases/{case.id}/revisions">Historial</a>' in page and "<h2>Antecedentes</h2>" not in page
    assert "<dt>Edad</dt>" in page and "<h2>Motivo de consulta</h2>" in page
    r = c.post(f"/cases/{case.id}/move", data={"target": "submitted"}, follow_redirects=True)
    assert f"Caso n.º {case.id} enviado." in r.text and '<span class="tag state-submitted">enviado</span>' in r.text
    assert "<h1>Mis casos</h1>" in c.get("/cases/").text


def test_notices_go_in_the_recipients_language(people, login_as):
    mail.outbox.clear()
    author = _speaks(people.participant, "fr")
    case = make_clean_case(people.program, author, state=S.submitted)
    coord = login_as(people.coordinator)  # English, whatever the author reads
    r = coord.post(f"/cases/{case.id}/move", data={"target": "returned", "reason": "Please add the current doses."},
                   follow_redirects=True)
    assert f"Case #{case.id} returned to the author." in r.text
    n = db.session.query(Notification).filter_by(user_id=author.id, kind="case_returned").one()
    assert n.message == f"Votre cas n° {case.id} a été renvoyé : consultez le motif dans l’application."
    sent = mail.outbox[-1]
    assert sent["Subject"] == f"ECHO : cas n° {case.id}"
    assert sent.get_content().startswith(f"Bonjour {author.name},\n\nVotre cas n° {case.id} a été renvoyé")

    # No language of their own: the program's.
    mail.outbox.clear()
    author.language = None
    people.program.language = "es"
    db.session.commit()
    resubmitted = make_clean_case(people.program, author, state=S.submitted)
    coord.post(f"/cases/{resubmitted.id}/move", data={"target": "returned", "reason": "Más detalles, por favor."})
    assert mail.outbox[-1]["Subject"] == f"ECHO: caso n.º {resubmitted.id}"

"""The live board in each reader's language: the page, the board without JavaScript, the socket's
refusals (in the sender's language, worked out for every event), attendance; and the board's
items, rendered once for the whole room in the program's language (docs/realtime.md, "Languages")."""
from __future__ import annotations

import html as htmllib
import json
import re

from echo.core.extensions import db
from echo.programs.models import Role
from tests.factories import add_member, make_user
from tests.helpers import ack, board_url, post_question, post_rec, shown_text


def speaks(user, language: str | None) -> None:
    user.language = language
    db.session.commit()


def strings_of(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="strings-live">(.*?)</script>', html, re.DOTALL).group(1))


def state_of(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="board-state">(.*?)</script>', html, re.DOTALL).group(1))


def test_board_page_in_spanish_items_in_the_programs_language(live_board, socket_client, login_as):
    s, case = live_board["session"], live_board["case"]
    spec = socket_client(live_board["specialist"])
    ack(spec, "join", session_id=s.id, last_seq=0)
    ack(spec, "post_question", session_id=s.id, text="Any history of mania?", client_id="q1")
    speaks(live_board["participant"], "es")

    html = login_as(live_board["participant"]).get(board_url(s)).get_data(as_text=True)
    assert '<html lang="es">' in html
    for words in ("tablero en vivo", "Preguntas aclaratorias", "Recomendaciones", "Haga una pregunta aclaratoria",
                  "Elija una categoría", "Su sugerencia (centro participante)", "Presentes (", "Agenda",
                  f"Caso n.º {case.id}: ", ">en vivo</span>", "Medicación"):
        assert words in html, words
    for english in ("Clarifying questions", "Ask a clarifying question", "Choose a category", "Refresh the board"):
        assert english not in html, english
    # The scripts' words, in the reader's language; a count has both forms.
    words = strings_of(html)
    assert words["connected"] == "Conectado" and words["roles"]["specialist"] == "especialista"
    assert words["new_posts"] == {"one": "{n} publicación nueva", "other": "{n} publicaciones nuevas"}
    assert words["new_question"] == "Nueva pregunta de {author}: {text}"
    assert words["phases"]["questions"] == "Preguntas aclaratorias" and words["categories"]["referral"] == "Derivación"
    # The program is in English: its items read the same for everyone in the room.
    assert "Asked by Specialist" in html and "Pregunta de Specialist" not in html

    # An English reader of the same board: English around the same items.
    en = login_as(live_board["specialist"]).get(board_url(s)).get_data(as_text=True)
    assert '<html lang="en">' in en and "Clarifying questions" in en and strings_of(en)["connected"] == "Connected"
    assert state_of(en)["questions"][0]["html"] == state_of(html)["questions"][0]["html"]


def test_a_spanish_programs_items_are_spanish_for_everyone(live_board, socket_client, login_as):
    s = live_board["session"]
    live_board["program"].language = "es"
    db.session.commit()
    spec = socket_client(live_board["specialist"])  # an English reader
    ack(spec, "join", session_id=s.id, last_seq=0)
    r = ack(spec, "post_recommendation", session_id=s.id, category="referral", text="Refer to psychiatry.", client_id="r1")
    assert r["ok"], r
    item_html = r["event"]["data"]["html"]  # what the whole room gets
    assert "Derivación" in item_html and "Centro especializado" in item_html and "0 respaldos" in item_html
    assert "Por Specialist" in item_html and "(especialista)" in item_html
    q = ack(spec, "post_question", session_id=s.id, text="Any history of mania?", client_id="q1")
    assert "Pregunta de Specialist" in q["event"]["data"]["html"]
    # The rest of the English reader's page stays English.
    html = login_as(live_board["specialist"]).get(board_url(s)).get_data(as_text=True)
    assert "Clarifying questions" in html and "0 respaldos" in html


def test_socket_refusals_in_each_senders_language(live_board, socket_client, people):
    """A French and an English learner in one room: each refusal in its sender's language, even
    when their events alternate on one app context (Flask-Babel caches the locale on `g`)."""
    s = live_board["session"]
    fr_user = people.learner
    speaks(fr_user, "fr")
    en_user = _another_learner(people)
    fr = socket_client(fr_user)
    en = socket_client(en_user)
    browser_fr = socket_client(_another_learner(people), headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    for sc in (fr, en, browser_fr):
        assert ack(sc, "join", session_id=s.id, last_seq=0)["ok"]
    for _ in range(2):
        r_fr = ack(fr, "post_question", session_id=s.id, text="Une question ?", client_id="x")
        r_en = ack(en, "post_question", session_id=s.id, text="A question?", client_id="x")
        r_browser = ack(browser_fr, "post_question", session_id=s.id, text="Une question ?", client_id="y")
        assert r_fr["error"] == {"code": "forbidden", "message": "Vous ne pouvez pas poser de questions dans cette séance."}
        assert r_en["error"] == {"code": "forbidden", "message": "You may not ask questions in this session."}
        assert r_browser["error"]["message"] == "Vous ne pouvez pas poser de questions dans cette séance."
    # Other refusals too: a bad payload, an unknown event, a too-long text.
    assert ack(fr, "resume", session_id=s.id + 1000, last_seq=0)["error"]["message"] == "Rejoignez d’abord la séance."
    assert ack(en, "resume", session_id=s.id + 1000, last_seq=0)["error"]["message"] == "Join the session first."
    assert "« nope »" in fr.emit("nope", {}, callback=True)["error"]["message"]
    assert "'nope'" in en.emit("nope", {}, callback=True)["error"]["message"]
    # A member's refusal in French: the post's checks (the same functions as the no-JS forms).
    speaks(live_board["specialist"], "fr")
    spec = socket_client(live_board["specialist"])
    ack(spec, "join", session_id=s.id, last_seq=0)
    r = ack(spec, "post_recommendation", session_id=s.id, category="", text="Texte.", client_id="r")
    assert r["error"] == {"code": "invalid", "message": "Choisissez une catégorie.", "field": "category"}
    r = ack(spec, "post_question", session_id=s.id, text="x" * 4001, client_id="q")
    assert r["error"]["message"] == "text dépasse 4000 caractères."


def _another_learner(people):
    user = make_user()
    add_member(people.program, user, Role.learner)
    return user


def test_nojs_board_in_spanish(live_board, login_as):
    s, case = live_board["session"], live_board["case"]
    speaks(live_board["participant"], "es")
    part = login_as(live_board["participant"])
    # Refused: the board again, the reasons in Spanish beside the fields.
    r = post_rec(part, s, case, text="", category="")
    assert r.status_code == 400
    html = htmllib.unescape(r.get_data(as_text=True))
    assert "No se publicó nada: " in html and "lo que escribió se conserva" in html
    assert "Elija una de las categorías." in html
    r = post_question(part, s, case, text="x" * 4001)
    assert "El texto tiene 4.001 caracteres; el límite es 4.000." in htmllib.unescape(r.get_data(as_text=True))
    # Stored: the message after the redirect, in Spanish.
    r = post_question(part, s, case, text="¿Antecedentes de manía?")
    assert r.status_code == 303
    page = part.get(r.headers["Location"]).get_data(as_text=True)
    assert "Su pregunta fue publicada." in page
    assert "JavaScript está desactivado" in page and ">Actualizar</a>" in page and "Mostrado a las " in page
    assert "Actualizar el tablero y conservar mi texto" in page
    # The attendance frame says it in Spanish too.
    frame = re.search(r'<iframe class="attendance-frame" title="Asistencia" src="([^"]+)"', page).group(1)
    here = part.get(htmllib.unescape(frame)).get_data(as_text=True)
    assert '<html lang="es">' in here and "Su asistencia se registra" in here


def test_nojs_refusal_to_a_learner_and_facilitation_in_french(live_board, login_as):
    s = live_board["session"]
    speaks(live_board["coordinator"], "fr")
    coord = login_as(live_board["coordinator"])
    html = shown_text(coord.get(board_url(s)).get_data(as_text=True))
    assert "Oui, terminer la séance" in html and "Commandes de l’animateur" in html and "Questions de clarification" in html
    r = coord.post(f"{board_url(s)}/end", data={"client_id": "end-1"})
    assert r.status_code == 400 and "Cochez « Oui, terminer la séance » pour la terminer." in htmllib.unescape(r.get_data(as_text=True))
    r = coord.post(f"{board_url(s)}/end", data={"client_id": "end-1", "confirm": "yes"})
    assert r.status_code == 303
    assert "La séance est terminée." in coord.get(r.headers["Location"]).get_data(as_text=True)


def test_attendance_page_in_spanish_and_its_csv_the_same_in_every_language(live_board, login_as):
    s = live_board["session"]
    speaks(live_board["coordinator"], "es")
    c = login_as(live_board["coordinator"])
    html = c.get(f"/sessions/{s.id}/attendance").get_data(as_text=True)
    assert "Asistencia" in html and "Minutos en el tablero en vivo" in html and "Descargar CSV" in html
    assert '<th scope="col">Primera entrada</th>' in html and "Attendance per person" not in html
    # The export's columns are field names a spreadsheet or script reads: never translated.
    csv_es = c.get(f"/sessions/{s.id}/attendance.csv").get_data(as_text=True)
    speaks(live_board["coordinator"], None)
    csv_en = login_as(live_board["coordinator"]).get(f"/sessions/{s.id}/attendance.csv").get_data(as_text=True)
    assert csv_es.splitlines()[0] == csv_en.splitlines()[0] == "name,email,role,minutes,first_joined_utc,last_left_utc"
    assert ",coordinator," in csv_es

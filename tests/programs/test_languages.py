"""A program's language: chosen in its form, shown on its page; its mail (reminders, invitations)
and its calendar feed speak it, unless the member chose a language of their own. Pages follow
the reader's language, and English stays as it was."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import force_locale
from icalendar import Calendar
from sqlalchemy import select

from echo.core import mail
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs import operations as P
from echo.programs import scheduling
from echo.programs.models import Program
from echo.programs.reminders import send_due_reminders
from echo.programs.rrules import describe_rule, describe_schedule
from tests.factories import add_member, make_program, make_session, make_user
from tests.helpers import feed_token, program_form

NOW = datetime(2027, 3, 10, 15, 0, tzinfo=UTC)


def _future_form(**over):
    first = (utcnow() + timedelta(days=30)).date()
    first += timedelta(days=(1 - first.weekday()) % 7)  # a Tuesday
    return program_form(first_date=first.isoformat(), until_date=(first + timedelta(days=7 * 9)).isoformat(), **over)


def _weekly(program: Program, until_days: int = 60) -> None:
    program.rrule, program.start_time = "FREQ=WEEKLY;BYDAY=TU", time(12, 0)
    program.first_date = (utcnow() + timedelta(days=1)).date()
    program.until_date = program.first_date + timedelta(days=until_days)
    scheduling.do_apply_schedule(program)
    db.session.commit()


def test_a_coordinator_creates_a_spanish_program(app, login_as):
    c = login_as(make_user(can_create_programs=True))
    form = c.get("/programs/new").get_data(as_text=True)
    assert 'name="language"' in form and '<option lang="en" selected value="en">English</option>' in form
    r = c.post("/programs/new", data=_future_form(name="Salud mental ECHO", language="es"))
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    program = db.session.scalar(select(Program).where(Program.name == "Salud mental ECHO"))
    assert program.language == "es"
    page = c.get(f"/programs/{program.id}").get_data(as_text=True)
    assert "Language of the program's mail and calendar: Español" in page
    # The edit form shows the language chosen, and changing it is saved.
    edit = c.get(f"/programs/{program.id}/edit").get_data(as_text=True)
    assert '<option lang="es" selected value="es">Español</option>' in edit
    r = c.post(f"/programs/{program.id}/edit", data=_future_form(name="Salud mental ECHO", language="fr"))
    assert r.status_code == 302
    db.session.refresh(program)
    assert program.language == "fr"


def test_a_bad_language_is_refused_and_the_form_kept(app, login_as):
    c = login_as(make_user(can_create_programs=True))
    r = c.post("/programs/new", data=_future_form(name="Kept name", language="de"))
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert 'id="language-error"' in html and "Choose English, Español or Français." in html
    assert 'value="Kept name"' in html
    assert db.session.scalar(select(Program).where(Program.name == "Kept name")) is None


def test_a_program_without_a_language_from_a_caller_keeps_its_own(app, people):
    """An operation called without the language (another adapter) does not reset it to English."""
    p = people.program
    p.language = "fr"
    db.session.commit()
    P.do_update_program(people.coordinator, p, name=p.name, topic=p.topic, timezone=p.timezone, duration_minutes=60,
                        visibility="public", rrule="")
    assert p.language == "fr"


def test_reminders_speak_the_members_language_else_the_programs(app):
    coordinator = make_user("Cora Ordinator", timezone_name="America/Lima", language="en")
    program = make_program(coordinator, name="Clínica del dolor", tz="America/Lima", language="es")
    plain = make_user("Rosa Quispe", email="rosa@example.org", timezone_name="America/Lima")
    french = make_user("Luc Martin", email="luc@example.org", timezone_name="America/Toronto", language="fr")
    add_member(program, plain, "participant")
    add_member(program, french, "specialist")
    # 14:58 UTC on Thursday 11 March 2027: 9:58 in Lima, 9:58 in Toronto (EST).
    make_session(program, NOW + timedelta(hours=23, minutes=58), didactic_title="Reducción de opioides")
    mail.outbox.clear()
    assert send_due_reminders(NOW) == 3
    sent = {m["To"]: (m["Subject"], m.get_content()) for m in mail.outbox}
    subject, body = sent["rosa@example.org"]
    # No language of her own: the program's, Spanish, with the date in Spanish.
    assert subject == "Recordatorio: sesión de Clínica del dolor el jueves 11 de marzo de 2027, 09:58 (hora de Lima)"
    assert body.startswith("Hola, Rosa Quispe:\n\nClínica del dolor se reúne en aproximadamente un día")
    assert "Tema: Reducción de opioides" in body and "La página de la sesión" in body
    subject, body = sent["luc@example.org"]
    assert subject.startswith("Rappel : séance de Clínica del dolor le jeudi 11 mars 2027, 09 h 58")
    assert "Bonjour Luc Martin," in body
    subject, body = sent[coordinator.email]
    assert subject == "Reminder: Clínica del dolor session Thu 11 Mar 2027, 9:58 am (America/Lima)"
    assert body.startswith("Hello Cora Ordinator,\n\nClínica del dolor meets in about a day")


def test_the_calendar_feed_speaks_the_programs_language(app, client, people):
    p = people.program
    p.language = "es"
    _weekly(p)
    first = min(p.sessions, key=lambda s: s.starts_at)
    first.didactic_title, first.didactic_speaker = "Monitoreo de litio", "Dra. B"
    db.session.commit()
    body = client.get(f"/calendar/program/{feed_token(p)}.ics").data.decode()
    unfolded = body.replace("\r\n ", "")
    assert "Cada martes" in unfolded and "Every Tuesday" not in unfolded
    assert "Página de la sesión: " in unfolded and "Session page" not in unfolded
    assert "Charla didáctica: Monitoreo de litio (Dra. B)" in unfolded
    # Whoever fetches it (a French browser, say), the feed keeps the program's language.
    again = client.get(f"/calendar/program/{feed_token(p)}.ics", headers={"Accept-Language": "fr"}).data.decode()
    assert "Cada martes" in again.replace("\r\n ", "")


def test_the_personal_feed_gives_each_event_its_programs_language(app, client):
    user = make_user(language="en")
    spanish = make_program(name="Programa ES", language="es", video_url="https://zoom.us/j/111")
    french = make_program(name="Programme FR", language="fr", video_url="https://zoom.us/j/222")
    add_member(spanish, user, "participant")
    add_member(french, user, "participant")
    es_session = make_session(spanish, utcnow() + timedelta(days=3))
    fr_session = make_session(french, utcnow() + timedelta(days=4))
    cal = Calendar.from_ical(client.get(f"/calendar/me/{feed_token(user)}.ics").data)
    events = {str(e["UID"]): str(e["DESCRIPTION"]) for e in cal.walk("VEVENT")}
    es_text, fr_text = events[f"session-{es_session.id}@echo"], events[f"session-{fr_session.id}@echo"]
    assert "Unirse a la videollamada: https://zoom.us/j/111" in es_text and "Página de la sesión:" in es_text
    assert "Rejoindre la visioconférence : https://zoom.us/j/222" in fr_text and "Page de la séance :" in fr_text


def test_the_invitation_mail_speaks_the_programs_language_or_the_invitees(app, login_as, people):
    p = people.program
    p.language = "fr"
    db.session.commit()
    existing = make_user("Ana Pérez", email="ana@example.org", language="es")
    c = login_as(people.coordinator)
    mail.outbox.clear()
    assert c.post(f"/programs/{p.id}/invites", data={"email": "new@example.org", "role": "participant"}).status_code == 302
    assert c.post(f"/programs/{p.id}/invites", data={"email": existing.email, "role": "specialist"}).status_code == 302
    sent = {m["To"]: (m["Subject"], m.get_content()) for m in mail.outbox}
    subject, body = sent["new@example.org"]
    assert subject == f"Invitation à {p.name}" and body.startswith("Bonjour,\n\n") and "en tant que Participant·e (spoke)" in body
    assert "Acceptez l’invitation (valable 14 jours, usage unique) :\nhttp" in body
    subject, body = sent["ana@example.org"]
    assert subject == f"Invitación a {p.name}" and body.startswith("Hola, Ana Pérez:\n\n") and "como Especialista (hub)" in body


def test_pages_follow_the_readers_language_and_english_stays_as_it_was(app, login_as, people):
    p = people.program
    _weekly(p, until_days=300)
    c = login_as(people.coordinator)
    english = c.get(f"/programs/{p.id}").get_data(as_text=True)
    until = p.until_date.strftime("%-d %b %Y")  # what the page printed before it was translated
    assert f"{p.topic} · Every Tuesday at 12:00 (America/Denver), until {until} · 60 minutes</p>" in english
    assert "Your role: <span class=\"tag\">Coordinator</span>" in english
    people.coordinator.language = "es"
    db.session.commit()
    spanish = c.get(f"/programs/{p.id}").get_data(as_text=True)
    assert "Cada martes a las 12:00 (America/Denver), hasta el " in spanish and "· 60 minutos</p>" in spanish
    assert "Próximas sesiones" in spanish and "Su rol: <span class=\"tag\">Coordinador/a</span>" in spanish
    people.coordinator.language = "fr"
    db.session.commit()
    french = c.get(f"/programs/{p.id}").get_data(as_text=True)
    assert "Chaque mardi à 12 h 00 (America/Denver), jusqu’au " in french


def test_flash_and_errors_in_the_readers_language(app, login_as):
    user = make_user(can_create_programs=True, language="fr")
    c = login_as(user)
    r = c.post("/programs/new", data=_future_form(frequency="custom", custom_rrule="FREQ=SOMETIMES"))
    assert r.status_code == 400 and "FREQ doit valoir DAILY, WEEKLY, MONTHLY ou YEARLY." in r.get_data(as_text=True)
    r = c.post("/programs/new", data=_future_form(), follow_redirects=True)
    assert "Programme créé. Séances : 10 ajoutées." in r.get_data(as_text=True)


def test_describe_rule_in_each_language(app):
    with app.test_request_context():
        assert describe_rule("FREQ=MONTHLY;BYDAY=-1TH") == "Monthly on the last Thursday"
        assert describe_schedule("FREQ=WEEKLY;BYDAY=TU", time(9, 30), "America/Lima", date(2027, 9, 7)) == \
            "Every Tuesday at 09:30 (America/Lima), until 7 Sep 2027"
        with force_locale("es"):
            assert describe_rule("FREQ=MONTHLY;BYDAY=-1TH") == "Cada mes, el último jueves"
            assert describe_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA") == "Cada 2 semanas, el sábado"
            assert describe_schedule("FREQ=WEEKLY;BYDAY=TU", time(9, 30), "America/Lima", date(2027, 9, 7)) == \
                "Cada martes a las 09:30 (America/Lima), hasta el 7 de septiembre de 2027"
        with force_locale("fr"):
            assert describe_rule("FREQ=MONTHLY;BYDAY=1MO") == "Chaque mois, le premier lundi"
            assert describe_schedule("", None, "Europe/Paris", None) == "Séances ponctuelles uniquement (Europe/Paris)"


def test_refusals_and_bulk_results_in_the_readers_language(app, login_as, people):
    p = people.program
    participant = people.user("participant")
    participant.language = "es"
    people.coordinator.language = "fr"
    db.session.commit()
    r = login_as(participant).get(f"/programs/{p.id}/members")
    assert r.status_code == 403 and "No puede gestionar los miembros de este programa." in r.get_data(as_text=True)
    c = login_as(people.coordinator)
    r = c.post(f"/programs/{p.id}/invites/bulk", data={"addresses": "ok@example.org\nnot an address", "role": "participant"})
    html = r.get_data(as_text=True)
    assert "1 invité·e ; 1 non valide." in html
    assert "Adresse non valide : Cette adresse électronique n’est pas valide" in html


def test_topic_suggestions_in_the_readers_language(app, login_as):
    french = login_as(make_user(can_create_programs=True, language="fr")).get("/programs/new").get_data(as_text=True)
    assert '<option value="Santé mentale en soins de premier recours">' in french
    english = login_as(make_user(can_create_programs=True)).get("/programs/new").get_data(as_text=True)
    assert '<option value="Behavioral Health in Primary Care">' in english

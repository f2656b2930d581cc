"""Close-out in Spanish and French: the request (mail and notice) in the presenter's language,
else the program's; the form and the summaries in the reader's language."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from echo.accounts.models import Notification
from echo.cases.models import CaseState
from echo.closeout.sweep import sweep
from echo.core import mail
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live.models import Recommendation
from echo.summaries.models import Summary
from tests.factories import make_case, make_session


@pytest.fixture
def world(people):
    s = make_session(people.program, starts_at=utcnow() - timedelta(days=15, hours=2))
    case = make_case(people.program, people.participant, CaseState.summarised, s, title="Insomnio",
                     summarised_at=utcnow() - timedelta(days=15))
    recs = [Recommendation(case_id=case.id, source="hub", category="behavioural", text="TCC-I.", consensus=True),
            Recommendation(case_id=case.id, source="hub", category="medication", text="Naltrexona 50 mg.")]
    db.session.add_all(recs)
    db.session.add(Summary(case_id=case.id, text="Consenso.", sent_at=utcnow() - timedelta(days=15)))
    db.session.commit()
    mail.outbox.clear()
    return {**vars(people), "case": case, "recs": recs}


def test_the_request_goes_in_the_presenters_language(world, app):
    world["participant"].language = "fr"
    db.session.commit()
    assert sweep() == {"asked": 1}
    (m,) = mail.outbox
    case_id = world["case"].id
    assert m["Subject"] == f"Cas n° {case_id} : qu'ont donné les conseils ? (bilan à 2 semaines)"
    assert m.get_content().startswith(f"Il y a 2 semaines, le panel vous a envoyé son résumé pour votre cas n° {case_id}.")
    notice = db.session.scalar(select(Notification.message).where(Notification.kind == "closeout"))
    assert notice == f"Qu'ont donné les conseils du panel sur votre cas n° {case_id} ? (bilan à 2 semaines)"


def test_without_a_choice_the_programs_language_and_english_unchanged(world, app):
    world["program"].language = "es"
    world["participant"].language = None
    db.session.commit()
    sweep()
    assert mail.outbox[0]["Subject"].startswith(f"Caso n.º {world['case'].id}: ¿cómo funcionaron los consejos?")
    mail.outbox.clear()
    world["program"].language = "en"
    db.session.commit()
    sweep(utcnow() + timedelta(weeks=10, days=1))
    (m,) = mail.outbox
    assert m["Subject"] == f"Case #{world['case'].id}: how did the advice work out? (12-week close-out)"
    assert m.get_content().startswith(f"12 weeks ago the panel sent you its summary for your case #{world['case'].id}.\n\n"
                                      "Please tell the hub, in two minutes")


def test_the_form_and_its_errors_in_spanish_and_the_summary_on_the_case(world, login_as):
    world["participant"].language = "es"
    db.session.commit()
    c = login_as(world["participant"])
    url = f"/closeout/case/{world['case'].id}/2"
    page = c.get(url)
    assert "Cierre a 2 semanas" in page.text and "Aplicada por completo" in page.text
    assert "Conductual" in page.text and "¿Cómo está el/la paciente?" in page.text
    a, b = world["recs"]
    r = c.post(url, data={f"impl_{a.id}": "fully", f"impl_{b.id}": "not", "referral_avoided": "yes", "patient_status": "better"})
    assert r.status_code == 400 and "Indique por qué no se aplicó (por completo)." in r.text
    r = c.post(url, data={f"impl_{a.id}": "fully", f"impl_{b.id}": "not", f"why_{b.id}": "cost",
                          "referral_avoided": "yes", "patient_status": "better"})
    assert r.status_code == 303
    page = c.get(f"/cases/{world['case'].id}")
    assert "Qué resultó de los consejos" in page.text and "por qué no: Costo" in page.text
    assert "Derivación o traslado evitado: <strong>Sí, se evitó</strong>" in page.text


def test_the_overdue_list_in_french(world, login_as):
    world["coordinator"].language = "fr"
    db.session.commit()
    page = login_as(world["coordinator"]).get(f"/closeout/program/{world['program'].id}/overdue")
    assert "<h1>Bilans en retard</h1>" in page.text and "Aucun bilan n'est en retard." in page.text
    db.session.execute(Summary.__table__.update().values(sent_at=utcnow() - timedelta(days=22)))
    db.session.commit()
    page = login_as(world["coordinator"]).get(f"/closeout/program/{world['program'].id}/overdue")
    assert f"Cas n° {world['case'].id} : Insomnio" in page.text and "<td>2 semaines</td>" in page.text


def test_the_library_entry_sums_up_the_close_out_in_french(world, login_as):
    from echo.library import publish as lib

    a, b = world["recs"]
    login_as(world["participant"]).post(f"/closeout/case/{world['case'].id}/2", data={
        f"impl_{a.id}": "fully", f"impl_{b.id}": "not", f"why_{b.id}": "patient_declined",
        "referral_avoided": "not_applicable", "patient_status": "same"})
    lib.do_publish(world["case"], world["coordinator"])
    world["learner"].language = "fr"
    db.session.commit()
    page = login_as(world["learner"]).get(f"/library/cases/{world['case'].id}").text
    assert "Ce qu'ont donné les conseils" in page and "Après 2 semaines" in page
    assert ("Recommandations appliquées entièrement : 1 ; en partie : 0 ; non appliquées : 1 "
            "(pourquoi pas : le patient a refusé).") in page
    assert "le patient : <strong>Pareil</strong>" in page

"""Credit: the coordinator's rule (validated, failed form kept), who earns a session's credit by
the share attended and the evaluation, the award step (claim or coordinator), the transcript and
the certificate PDF."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from echo.accounts.models import Notification
from echo.core.extensions import db
from echo.credit import awards as aw
from echo.credit import rules as cr
from echo.credit.models import CreditAward, CreditRule, CreditType
from tests.credit.conftest import answer_evaluation, ended_session, set_rule


def _awards() -> int:
    return db.session.scalar(select(func.count(CreditAward.id)))


# --- the rule -----------------------------------------------------------------------------------

def test_coordinator_sets_the_rule(people, login_as):
    c = login_as(people.coordinator)
    url = f"/credit/program/{people.program.id}/rule"
    assert c.get(url).status_code == 200
    r = c.post(url, data={"enabled": "y", "credit_type": "ancc", "hours": "1.25", "min_share_percent": "80",
                          "evaluation_required": "y", "pars_activity_id": "202612345"})
    assert r.status_code == 303
    rule = cr.rule_of(people.program)
    assert (rule.credit_type, rule.hours, rule.min_share_percent, rule.evaluation_required, rule.pars_activity_id) == (
        CreditType.ancc, Decimal("1.25"), 80, True, "202612345")
    page = c.get(f"/programs/{people.program.id}").get_data(as_text=True)
    assert "ANCC contact hours" in page and "80%" in page
    # The page opens on the stored rule; an empty form is refused, not taken for the stored one.
    edit = c.get(url).get_data(as_text=True)
    assert 'value="1.25"' in edit and 'value="202612345"' in edit
    assert c.post(url, data={}).status_code == 400
    assert cr.rule_of(people.program).hours == Decimal("1.25")


def test_a_wrong_rule_is_refused_and_what_was_typed_is_kept(people, login_as):
    c = login_as(people.coordinator)
    url = f"/credit/program/{people.program.id}/rule"
    r = c.post(url, data={"credit_type": "acpe", "hours": "0", "min_share_percent": "150", "pars_activity_id": "X-17"})
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "more than 0 and at most 24" in page and "from 1 to 100 percent" in page
    assert 'value="150"' in page and 'value="X-17"' in page and '<option selected value="acpe">' in page
    r = c.post(url, data={"credit_type": "acpe", "hours": "1.333", "min_share_percent": "75"})
    assert r.status_code == 400 and "two decimals at most" in r.get_data(as_text=True)
    r = c.post(url, data={"credit_type": "nobel", "hours": "abc", "min_share_percent": "x"})
    assert r.status_code == 400
    assert db.session.scalar(select(func.count(CreditRule.id))) == 0


def test_only_coordinators_set_the_rule(people, login_as):
    for who in (people.participant, people.learner, people.specialist, people.outsider):
        c = login_as(who)
        assert c.get(f"/credit/program/{people.program.id}/rule").status_code == 403
        assert c.post(f"/credit/program/{people.program.id}/rule",
                      data={"credit_type": "acpe", "hours": "1", "min_share_percent": "75"}).status_code == 403
    assert cr.rule_of(people.program) is None
    assert login_as(people.admin).get(f"/credit/program/{people.program.id}/rule").status_code == 200


# --- who earned it ---------------------------------------------------------------------------------

def test_earned_by_share_attended_and_evaluation(credit_world):
    people, s = credit_world
    rule = cr.rule_of(people.program)
    by_name = {st.user.name: st for st in aw.roster(s, rule)}
    assert by_name[people.participant.name].earned                           # 83%, evaluation answered
    assert by_name[people.specialist.name].attended_enough
    assert not by_name[people.specialist.name].earned                         # no evaluation
    assert not by_name[people.learner.name].attended_enough                   # 50%
    assert by_name[people.learner.name].share_percent == 50
    # Without the evaluation required, attending enough is enough.
    set_rule(people.program, people.coordinator, evaluation=False)
    assert aw.standing(s, people.specialist, cr.rule_of(people.program)).earned


def test_the_share_boundary_counts(people):
    set_rule(people.program, people.coordinator, share=75, evaluation=False)
    s = ended_session(people.program, {people.participant: 45, people.specialist: 44})
    rule = cr.rule_of(people.program)
    assert aw.standing(s, people.participant, rule).earned          # exactly 75%
    assert not aw.standing(s, people.specialist, rule).earned       # 73%


def test_claim_records_the_rule_as_it_was(credit_world, login_as):
    people, s = credit_world
    c = login_as(people.participant)
    r = c.post(f"/credit/session/{s.id}/claim")
    assert r.status_code == 303 and r.headers["Location"].endswith("/credit/transcript")
    award = db.session.scalar(select(CreditAward))
    assert (award.user_id, award.session_id, award.learner_name, award.hours, award.share_percent,
            award.min_share_percent, award.evaluation_required, award.awarded_by_id) == (
        people.participant.id, s.id, people.participant.name, Decimal("1.50"), 83, 75, True, None)
    # Changing the rule later changes nothing awarded; a second claim is refused.
    set_rule(people.program, people.coordinator, hours="3", share=90)
    db.session.refresh(award)
    assert award.hours == Decimal("1.50") and award.min_share_percent == 75
    assert c.post(f"/credit/session/{s.id}/claim").status_code == 409
    assert _awards() == 1


def test_claims_refused_say_why(credit_world, login_as):
    people, s = credit_world
    r = login_as(people.learner).post(f"/credit/session/{s.id}/claim")
    assert r.status_code == 409 and "You attended 50% of the session; credit needs 75%." in r.get_data(as_text=True)
    r = login_as(people.specialist).post(f"/credit/session/{s.id}/claim")
    assert r.status_code == 409 and "evaluation" in r.get_data(as_text=True)
    answer_evaluation(s, people.specialist)
    assert login_as(people.specialist).post(f"/credit/session/{s.id}/claim").status_code == 303
    # Who did not attend may not claim at all.
    assert login_as(people.outsider).post(f"/credit/session/{s.id}/claim").status_code == 403
    assert _awards() == 1


def test_no_credit_before_the_session_ends_or_without_a_rule(people, login_as):
    s = ended_session(people.program, {people.participant: 60})
    assert login_as(people.participant).post(f"/credit/session/{s.id}/claim").status_code == 409   # no rule
    set_rule(people.program, people.coordinator, evaluation=False)
    s.status = s.status.__class__.live
    db.session.commit()
    assert login_as(people.participant).post(f"/credit/session/{s.id}/claim").status_code == 409
    assert _awards() == 0


def test_coordinator_awards_everyone_who_earned_it(credit_world, login_as):
    people, s = credit_world
    c = login_as(people.coordinator)
    page = c.get(f"/credit/session/{s.id}").get_data(as_text=True)
    assert "earned, not yet awarded" in page and "not earned: attended too little" in page
    assert "not earned: evaluation not completed" in page
    assert c.post(f"/credit/session/{s.id}/award").status_code == 303
    awarded = db.session.scalars(select(CreditAward)).all()
    assert [(a.user_id, a.awarded_by_id) for a in awarded] == [(people.participant.id, people.coordinator.id)]
    assert c.post(f"/credit/session/{s.id}/award").status_code == 303      # again: nothing twice
    notices = db.session.scalars(select(Notification).where(Notification.kind == "credit_awarded")).all()
    assert [(n.user_id, n.url) for n in notices] == [(people.participant.id, "/credit/transcript")]
    assert _awards() == 1
    for who in (people.participant, people.specialist, people.learner, people.outsider):
        assert login_as(who).get(f"/credit/session/{s.id}").status_code == 403
        assert login_as(who).post(f"/credit/session/{s.id}/award").status_code == 403
    assert _awards() == 1


# --- transcript and certificate -------------------------------------------------------------------------

def test_transcript_lists_credit_with_certificates_and_what_can_be_claimed(credit_world, login_as):
    people, s = credit_world
    c = login_as(people.participant)
    page = c.get("/credit/transcript").get_data(as_text=True)
    assert "Credit you can claim" in page and f"/credit/session/{s.id}/claim" in page
    # The specialist attended enough but has not answered the evaluation: the transcript says so.
    waiting = login_as(people.specialist).get("/credit/transcript").get_data(as_text=True)
    assert "Credit waiting for your evaluation" in waiting and f"/evaluations/session/{s.id}/end" in waiting
    assert f"/credit/session/{s.id}/claim" not in waiting
    c.post(f"/credit/session/{s.id}/claim")
    award = db.session.scalar(select(CreditAward))
    page = c.get("/credit/transcript").get_data(as_text=True)
    assert "Credit you can claim" not in page
    assert f"/credit/certificate/{award.code}.pdf" in page and "AMA PRA Category 1 Credit™" in page
    assert "1.5 hours in all" in page
    # Another person's transcript is their own: the learner sees nothing of the participant's.
    other = login_as(people.learner).get("/credit/transcript").get_data(as_text=True)
    assert award.code not in other and "No credit yet" in other


def test_certificate_is_a_pdf_with_the_name(credit_world, login_as):
    people, s = credit_world
    c = login_as(people.participant)
    c.post(f"/credit/session/{s.id}/claim")
    award = db.session.scalar(select(CreditAward))
    r = c.get(f"/credit/certificate/{award.code}.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF")
    assert people.participant.name.encode() in r.data
    assert award.display_code.encode() in r.data
    # The coordinator may download it; another member may not; a wrong code is not found.
    assert login_as(people.coordinator).get(f"/credit/certificate/{award.code}.pdf").data.startswith(b"%PDF")
    assert login_as(people.specialist).get(f"/credit/certificate/{award.code}.pdf").status_code == 403
    assert c.get("/credit/certificate/ZZZZZZZZZZZZ.pdf").status_code == 404


def test_certificate_in_spanish_keeps_accents(credit_world, login_as):
    people, s = credit_world
    people.participant.name = "José Núñez"
    people.participant.language = "es"
    db.session.commit()
    c = login_as(people.participant)
    c.post(f"/credit/session/{s.id}/claim")
    award = db.session.scalar(select(CreditAward))
    pdf = c.get(f"/credit/certificate/{award.code}.pdf").data
    assert "José Núñez".encode("windows-1252") in pdf


def test_home_page_points_to_credit_waiting_to_be_claimed(credit_world, login_as):
    people, s = credit_world
    c = login_as(people.participant)
    assert "Claim the credit of 1 session" in c.get("/home").get_data(as_text=True)
    # The specialist attended enough but has not answered the evaluation: nothing to claim yet.
    assert "Claim the credit" not in login_as(people.specialist).get("/home").get_data(as_text=True)
    c.post(f"/credit/session/{s.id}/claim")
    assert "Claim the credit" not in c.get("/home").get_data(as_text=True)

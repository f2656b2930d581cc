"""Pages of the live board: the board, the summary (compose, privacy, send, print), attendance."""
from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import select

from echo.accounts.models import Notification
from echo.cases.models import CaseState
from echo.core import mail
from echo.core.extensions import db
from echo.live.models import LiveEvent, PresenceInterval
from echo.summaries.models import Summary
from tests.helpers import ack


def test_board_page_for_members_only(board, login_as):
    s = board["session"]
    assert login_as(board["outsider"]).get(f"/sessions/{s.id}/live").status_code == 403
    for role in ("learner", "participant", "specialist", "coordinator", "admin"):
        r = login_as(board[role]).get(f"/sessions/{s.id}/live")
        assert r.status_code == 200, role
        html = r.get_data(as_text=True)
        assert f'data-last-seq="{s.last_seq}"' in html and 'aria-live="polite"' in html
        assert ("post_recommendation" in html) == (role != "learner")
        assert ('data-action="start_session"' in html) == (role in ("coordinator", "admin"))
        assert "<script>" not in html  # CSP: no inline scripts


def test_board_state_lists_posts(live_board, socket_client, login_as):
    s = live_board["session"]
    spec = socket_client(live_board["specialist"])
    ack(spec, "join", session_id=s.id, last_seq=0)
    ack(spec, "post_recommendation", session_id=s.id, category="medication", text="Add mirtazapine at night.", client_id="a")
    html = login_as(live_board["participant"]).get(f"/sessions/{s.id}/live").get_data(as_text=True)
    state = json.loads(re.search(r'<script type="application/json" id="board-state">(.*?)</script>', html, re.DOTALL).group(1))
    assert [r["text"] for r in state["recommendations"]] == ["Add mirtazapine at night."]
    assert state["recommendations"][0]["author"]["role"] == "specialist"


def test_summary_prefill_privacy_send_and_print(live_board, socket_client, login_as):
    s, case = live_board["session"], live_board["case"]
    spec = socket_client(live_board["specialist"])
    ack(spec, "join", session_id=s.id, last_seq=0)
    coord = live_board["coord_client"]
    r1 = ack(spec, "post_recommendation", session_id=s.id, category="medication", text="Switch to venlafaxine.", client_id="1")
    ack(spec, "post_recommendation", session_id=s.id, category="referral", text="Not agreed on.", client_id="2")
    ack(coord, "mark_consensus", session_id=s.id, recommendation_id=r1["event"]["data"]["recommendation"]["id"], consensus=True)
    c = login_as(live_board["coordinator"])
    assert login_as(live_board["specialist"]).get(f"/live/cases/{case.id}/summary").status_code == 403
    page = c.get(f"/live/cases/{case.id}/summary").get_data(as_text=True)
    assert "Switch to venlafaxine." in page and "Not agreed on." not in page and "Medication" in page
    # A finding holds the summary; nothing is sent.
    r = c.post(f"/live/cases/{case.id}/summary", data={"text": "Call her at 505-555-0142.", "follow_up": "", "action": "send"})
    assert r.status_code == 400 and "<mark>505-555-0142</mark>" in r.get_data(as_text=True)
    assert db.session.scalar(select(Summary)) is None
    mail.outbox.clear()
    r = c.post(f"/live/cases/{case.id}/summary", data={"text": "## Advice\n\n- Switch to venlafaxine.", "follow_up": "Present again in 8 weeks.", "action": "send"})
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(case), case.id).state == CaseState.summarised
    assert db.session.scalar(select(Summary)).sent_at is not None
    note = db.session.scalar(select(Notification).where(Notification.user_id == live_board["participant"].id))
    assert note.kind == "summary" and "venlafaxine" not in note.message
    assert mail.outbox[-1]["To"] == live_board["participant"].email and "venlafaxine" in mail.outbox[-1].get_content()
    assert db.session.scalar(select(LiveEvent).where(LiveEvent.kind == "summary_sent")) is not None
    # The presenter reads it; a learner may not.
    html = login_as(live_board["participant"]).get(f"/live/cases/{case.id}/summary/print").get_data(as_text=True)
    assert "<li>Switch to venlafaxine.</li>" in html and "Present again in 8 weeks." in html
    assert login_as(live_board["learner"]).get(f"/live/cases/{case.id}/summary/print").status_code == 403


def test_summary_dismissed_finding_needs_reason(live_board, login_as):
    case = live_board["case"]
    c = login_as(live_board["coordinator"])
    text = "Monitor LFTs monthly."
    from echo.privacy import fingerprint, scan

    fps = [fingerprint(f) for f in scan(text)]
    if not fps:
        return  # the guard no longer flags this: nothing to dismiss
    r = c.post(f"/live/cases/{case.id}/summary", data={"text": text, "dismiss": fps, "action": "save"})
    assert r.status_code == 400
    r = c.post(f"/live/cases/{case.id}/summary", data={"text": text, "dismiss": fps, "dismiss_reason": "a lab test", "action": "save"})
    assert r.status_code == 302


def test_attendance_minutes_and_csv(live_board, login_as):
    s = live_board["session"]
    db.session.refresh(s)
    start = s.started_at
    spec = live_board["specialist"]
    # Two overlapping tabs count once; time before the start does not count.
    db.session.add_all([
        PresenceInterval(session_id=s.id, user_id=spec.id, sid="a", joined_at=start - timedelta(minutes=10), left_at=start + timedelta(minutes=30)),
        PresenceInterval(session_id=s.id, user_id=spec.id, sid="b", joined_at=start + timedelta(minutes=20), left_at=start + timedelta(minutes=45)),
    ])
    s.ended_at = start + timedelta(minutes=60)
    s.status = type(s.status).ended
    db.session.commit()
    assert login_as(spec).get(f"/sessions/{s.id}/attendance").status_code == 403
    c = login_as(live_board["coordinator"])
    html = c.get(f"/sessions/{s.id}/attendance").get_data(as_text=True)
    assert "Specialist Person" in html
    csv_text = c.get(f"/sessions/{s.id}/attendance.csv").get_data(as_text=True)
    line = next(row for row in csv_text.splitlines() if row.startswith("Specialist Person"))
    assert line.split(",")[2:4] == ["specialist", "45"]


def test_attendance_csv_neutralises_cells_a_spreadsheet_would_run(live_board, login_as):
    """Names and e-mail addresses are the users' own text: a cell starting with = + - @, a tab
    or a carriage return is written with a leading apostrophe, so it stays text."""
    import csv
    import io

    s = live_board["session"]
    db.session.refresh(s)
    start = s.started_at
    names = {"specialist": "=HYPERLINK(\"http://x.example\",\"Open\")", "participant": "+1+2",
             "learner": "@SUM(A1:A9)", "coordinator": "\t=1+1"}
    for role, name in names.items():
        u = live_board[role]
        u.name = name
        db.session.add(PresenceInterval(session_id=s.id, user_id=u.id, sid=role, joined_at=start,
                                        left_at=start + timedelta(minutes=10)))
    live_board["learner"].email = "-2+3@example.org"
    live_board["participant"].name = "\r-1+1"
    names["participant"] = "\r-1+1"
    s.ended_at, s.status = start + timedelta(minutes=60), type(s.status).ended
    db.session.commit()
    text = login_as(live_board["coordinator"]).get(f"/sessions/{s.id}/attendance.csv").get_data(as_text=True)
    rows = {r[0]: r for r in csv.reader(io.StringIO(text, newline=""))}
    for name in names.values():
        assert "'" + name in rows, (name, list(rows))
    assert rows["'@SUM(A1:A9)"][1] == "'-2+3@example.org"
    for row in list(rows.values())[1:]:
        assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row), row


def test_session_partial_renders(board, app):
    from flask import render_template_string

    from echo.programs.models import Role

    tpl = '{% include "live/_session_live.html" %}'
    with app.test_request_context():
        for role in (Role.coordinator, "coordinator", "admin"):
            html = render_template_string(tpl, session=board["session"], program=board["program"], my_role=role)
            assert f"/sessions/{board['session'].id}/live" in html and "/attendance" in html
        html = render_template_string(tpl, session=board["session"], program=board["program"], my_role="learner")
        assert f"/sessions/{board['session'].id}/live" in html and "/attendance" not in html
        assert render_template_string(tpl, session=board["session"], program=board["program"], my_role=None).strip() == ""

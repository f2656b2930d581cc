"""Steps the browser tests share."""
from tests.factories import PASSWORD


def browser_login(page, base: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form, as a person would, and land on the home page."""
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/home")


def live_session_on_case(people):
    """A session of people's program, live on its one case (presented by the participant), in
    the recommendations phase: (session, case)."""
    from echo.core.extensions import db
    from echo.cases.models import CaseState
    from echo.programs.clinic_session import SessionStatus
    from echo.core.types import utcnow
    from tests.factories import make_case, make_session

    program = people["program"]
    session = make_session(program)
    case = make_case(program, people["participant"], CaseState.accepted, session, agenda_position=1)
    now = utcnow()
    session.status, session.started_at, session.current_case_id = SessionStatus.live, now, case.id
    session.current_phase, session.phase_started_at = "recommendations", now
    db.session.commit()
    return session, case

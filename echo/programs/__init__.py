"""Programs: recurring clinics, their sessions, members, invitations and calendar feeds."""
from flask import Blueprint

bp = Blueprint("programs", __name__, cli_group="programs")

from . import calendar_routes, routes  # noqa: E402,F401


@bp.cli.command("extend-schedules")
def extend_schedules() -> None:
    """Re-apply every program's rule: adds the sessions that came within the 3-year window
    since the schedule was last saved (run it daily or weekly from cron)."""
    import click
    from sqlalchemy import select

    from ..domain.scheduling import do_apply_schedule
    from ..extensions import db
    from ..models import Program

    for program in db.session.scalars(select(Program).where(Program.rrule != "")):
        result = do_apply_schedule(program)
        db.session.commit()
        click.echo(f"program {program.id}: {result}")

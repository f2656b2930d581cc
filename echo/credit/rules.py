"""A program's credit rule: reading it, and its coordinators setting it.

check_* authorises, do_* writes (the route commits).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from echo.accounts.models import User
from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.credit.models import CreditRule, CreditType
from echo.programs.access import viewer_of
from echo.programs.models import Program, Role

HOURS_MAX = Decimal(24)


@dataclass
class RuleValues:
    """What the coordinator's form gives (validated by the form; checked again here)."""

    enabled: bool
    credit_type: CreditType
    hours: Decimal
    min_share_percent: int
    evaluation_required: bool
    pars_activity_id: str = ""


def rule_of(program: Program) -> CreditRule | None:
    """The program's rule, or None when it has never been set."""
    return db.session.scalar(select(CreditRule).where(CreditRule.program_id == program.id))


def offered_rule(program: Program) -> CreditRule | None:
    """The rule when the program offers credit now (the program page, claims)."""
    rule = rule_of(program)
    return rule if rule is not None and rule.enabled else None


def check_edit_rule(user: User, program: Program) -> None:
    viewer_of(user).require_role(program, Role.coordinator, action="set the credit rule")


def check_values(values: RuleValues) -> None:
    if not Decimal(0) < values.hours <= HOURS_MAX:
        raise Invalid(_("Give the hours per session, more than 0 and at most 24."), field="hours")
    if values.hours != values.hours.quantize(Decimal("0.01")):
        raise Invalid(_("Give the hours to two decimals at most, for example 1.25."), field="hours")
    if not 1 <= values.min_share_percent <= 100:
        raise Invalid(_("Give the share of the session to attend, from 1 to 100 percent."), field="min_share_percent")


def do_save_rule(program: Program, user: User, values: RuleValues) -> CreditRule:
    """Set the program's rule. Awards already made keep the values they were made under."""
    check_values(values)
    rule = rule_of(program)
    if rule is None:
        rule = CreditRule(program_id=program.id)
        db.session.add(rule)
    rule.enabled = values.enabled
    rule.credit_type = values.credit_type
    rule.hours_centi = int(values.hours * 100)
    rule.min_share_percent = values.min_share_percent
    rule.evaluation_required = values.evaluation_required
    rule.pars_activity_id = values.pars_activity_id.strip()
    rule.updated_by_id = user.id
    rule.updated_at = utcnow()
    return rule

"""The typed payloads of the board's writes and reads (docs/realtime.md, "Client events").

The socket handlers and the forms without JavaScript both hand a plain dict to the commands,
which read it into one of these models. A bad field raises the error the protocol documents
(Invalid: ack code `invalid` with the field; an id no row can have: NotFound), not pydantic's
ValidationError: the validators raise the domain errors themselves, which pydantic lets through.
"""
from __future__ import annotations

import uuid
from typing import Annotated, Any, Self

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationInfo

from echo.core.errors import Invalid, NotFound
from echo.core.ids import ID_MAX
from echo.live.categories import CATEGORIES

MAX_TEXT = 4000
NO_REPLAY = -1  # last_seq of a join that wants only what comes next

# What a too-large id is refused with, by its field (whole sentences).
_ID_NAMES = {"session_id": _l("No such session."), "case_id": _l("No such case."), "question_id": _l("No such question."),
             "recommendation_id": _l("No such recommendation."), "id": _l("No such post.")}
_NO_ITEM = _l("No such item.")


def _int(v: Any, name: str, minimum: int = 0) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or v < minimum:
        raise Invalid(_("%(name)s must be an integer of at least %(minimum)d.", name=name, minimum=minimum), name)
    return v


def read_id(v: Any, info: ValidationInfo) -> int:
    name = info.field_name or "id"
    n = _int(v, name)
    if n > ID_MAX:  # no row has it, and a query with it would fail on either database (echo/core/ids.py)
        raise NotFound(str(_ID_NAMES.get(name, _NO_ITEM)))
    return n


def read_optional_id(v: Any, info: ValidationInfo) -> int | None:
    return None if v is None else read_id(v, info)


def read_last_seq(v: Any, info: ValidationInfo) -> int:
    # Beyond every seq: the same answer as the largest (nothing to replay, or reset).
    return min(_int(v, "last_seq", NO_REPLAY), ID_MAX)


def read_optional_last_seq(v: Any, info: ValidationInfo) -> int | None:
    return None if v is None else read_last_seq(v, info)


def read_text(v: Any, info: ValidationInfo) -> str:
    name = info.field_name or "text"
    if not isinstance(v, str) or not v.strip():
        raise Invalid(_("%(name)s must be non-empty text.", name=name), name)
    if len(v) > MAX_TEXT:
        raise Invalid(_("%(name)s is longer than %(limit)d characters.", name=name, limit=MAX_TEXT), name)
    return v.strip()


def read_client_id(v: Any, info: ValidationInfo | None = None) -> str:
    """The sender's idempotency key; the server makes one when none is sent."""
    if v is None:
        return "srv-" + uuid.uuid4().hex
    if not isinstance(v, str) or not 1 <= len(v) <= 64:
        raise Invalid(_("client_id must be text of 1 to 64 characters."), "client_id")
    return v


def read_category(v: Any, info: ValidationInfo | None = None) -> str:
    if not v:
        raise Invalid(_("Choose a category."), "category")
    if v not in CATEGORIES:
        raise Invalid(_("category must be one of: %(categories)s.", categories=", ".join(CATEGORIES)), "category")
    return str(v)


def read_dismissals(v: Any, info: ValidationInfo) -> dict[str, str]:
    """{fingerprint: reason} of the privacy findings the author says are not identifiers."""
    raw = v or []
    if not isinstance(raw, list):
        raise Invalid(_("dismissals must be a list."), "dismissals")
    out = {}
    for d in raw:
        if not isinstance(d, dict) or not isinstance(d.get("fingerprint"), str) or not isinstance(d.get("reason"), str):
            raise Invalid(_("Each dismissal needs a fingerprint and a reason."), "dismissals")
        if d["reason"].strip():
            out[d["fingerprint"]] = d["reason"].strip()[:300]
    return out


def read_flag(v: Any, info: ValidationInfo) -> bool:
    if not isinstance(v, bool):
        raise Invalid(_("%(name)s must be true or false.", name=info.field_name), info.field_name)
    return v


def read_kind(v: Any, info: ValidationInfo) -> str:
    if v not in ("question", "recommendation"):
        raise Invalid(_("kind must be question or recommendation."), "kind")
    return str(v)


def _field(fn, default: Any = None) -> Any:
    # validate_default: a missing field goes through the same reader (its message, not pydantic's).
    return Field(default, validate_default=True), PlainValidator(fn)


Id = Annotated[int, *_field(read_id)]
OptionalId = Annotated[int | None, *_field(read_optional_id)]
LastSeq = Annotated[int, *_field(read_last_seq)]
OptionalLastSeq = Annotated[int | None, *_field(read_optional_last_seq)]
Text = Annotated[str, *_field(read_text)]
ClientId = Annotated[str, *_field(read_client_id)]
CategoryValue = Annotated[str, *_field(read_category)]
Dismissals = Annotated[dict[str, str], *_field(read_dismissals)]
PostKind = Annotated[str, *_field(read_kind)]


def Flag(default: bool) -> Any:
    return Annotated[bool, Field(default, validate_default=True), PlainValidator(read_flag)]


class Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    @classmethod
    def read(cls, data: dict) -> Self:
        return cls.model_validate(data)


class Write(Payload):
    client_id: ClientId


class QuestionIn(Write):
    case_id: OptionalId
    text: Text
    dismissals: Dismissals


class RecommendationIn(Write):
    case_id: OptionalId
    category: CategoryValue
    text: Text
    dismissals: Dismissals


class AnswerIn(Write):
    question_id: Id
    text: Text
    dismissals: Dismissals


class EditIn(Write):
    id: Id
    kind: PostKind
    text: Text
    category: Any = None  # read (read_category) only for a recommendation
    dismissals: Dismissals


class WithdrawIn(Write):
    id: Id
    kind: PostKind


class EndorseIn(Write):
    recommendation_id: Id
    endorse: Flag(True)  # type: ignore[valid-type]


class ConsensusIn(Write):
    recommendation_id: Id
    consensus: Flag(True)  # type: ignore[valid-type]


class StartIn(Write):
    move_to_now: Flag(False)  # type: ignore[valid-type]


class PhaseIn(Write):
    case_id: OptionalId
    phase: Any = None  # do_set_phase refuses an unknown phase before changing anything


class EndIn(Write):
    pass


class JoinIn(Payload):
    last_seq: OptionalLastSeq


class ResumeIn(Payload):
    session_id: Id
    last_seq: LastSeq


class LeaveIn(Payload):
    session_id: Id

"""Query parameters of /api/v1: one pydantic model per endpoint.

The model is both the check (a value outside what it allows is a 400 that names the parameter,
never silently replaced by a default) and the source of the OpenAPI document's parameters
(query_parameters), so the document and the check cannot disagree.
"""
from __future__ import annotations

import functools
from datetime import datetime
from typing import Annotated, Any, Literal, get_origin

from flask import request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from echo.cases.operations import SEXES
from echo.core.web import error_response
from echo.library.search.engine import (
    FACETS,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    PER_PAGE,
    SORTS,
)
from echo.live.categories import CATEGORIES
from echo.programs.clinic_session import SessionStatus

# Ids are INTEGER columns: PostgreSQL refuses a larger parameter for them (a 500, not a 404).
MAX_INT = 2**31 - 1
MAX_PAGE = 10_000
MAX_VALUES = 20  # values of one repeated parameter (the search reads at most 20 per facet)

Id = Annotated[int, Field(ge=0, le=MAX_INT)]
Text = Annotated[str, Field(max_length=100)]


class QueryParams(BaseModel):
    # Unknown parameters are ignored (a client may send ones a later version adds);
    # known ones must be valid. strict=False: query strings are text, "5" is the integer 5.
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class Paging(QueryParams):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    per_page: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Results per page.")


class SearchParams(Paging):
    q: str = Field("", max_length=MAX_QUERY_CHARS,
                   description='Search text: "phrases", OR, -word and word* are understood; anything else is searched '
                               "as plain words. Empty: all cases, newest first.")
    sort: Literal[SORTS] = Field("relevance", description="relevance or newest.")
    program: list[Id] = Field([], max_length=MAX_VALUES, description=f"{FACETS['program']} id.")
    tag: list[Text] = Field([], max_length=MAX_VALUES, description=f"{FACETS['tag']}.")
    category: list[Literal[CATEGORIES]] = Field([], max_length=MAX_VALUES, description=f"{FACETS['category']}.")
    age_band: list[Text] = Field([], max_length=MAX_VALUES, description=f"{FACETS['age_band']}, e.g. 40-49.")
    sex: list[Literal[tuple(SEXES)]] = Field([], max_length=MAX_VALUES, description=f"{FACETS['sex']}.")
    instrument: list[Literal["phq9", "gad7", "auditc"]] = Field([], max_length=MAX_VALUES,
                                                                description=f"{FACETS['instrument']}.")
    year: list[Annotated[int, Field(ge=1900, le=9999)]] = Field([], max_length=MAX_VALUES, description=f"{FACETS['year']}.")

    def filters(self) -> dict[str, list[str]]:
        return {f: [str(v) for v in getattr(self, f)] for f in FACETS if getattr(self, f)}


class SessionListParams(Paging):
    status: list[Literal[tuple(s.value for s in SessionStatus)]] = Field(
        [], max_length=4, description="Only sessions in these states (repeat for several).")
    starts_from: AwareDatetime | None = Field(
        None, alias="from", description="Only sessions scheduled to start at or after this instant (RFC 3339, with its "
                                        "offset or Z), e.g. 2026-12-01T00:00:00Z.")


def _is_list(field) -> bool:
    return get_origin(field.annotation) is list


def _raw(model: type[QueryParams], args) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        values = args.getlist(key)
        if not values:
            continue
        raw[key] = values if _is_list(field) else (values[0] if len(values) == 1 else values)
    return raw


class BadParams(Exception):
    def __init__(self, problems: list[dict]):
        super().__init__("invalid query parameters")
        self.problems = problems


def parse(model: type[QueryParams], args) -> QueryParams:
    """model from a query string (a MultiDict); BadParams naming each invalid parameter."""
    raw = _raw(model, args)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for e in exc.errors(include_input=False, include_url=False):
            name = str(e["loc"][0]) if e["loc"] else ""
            msg = e["msg"]
            if isinstance(raw.get(name), list) and not any(_is_list(f) for k, f in model.model_fields.items()
                                                          if (f.alias or k) == name):
                msg = "Give this parameter once."
            if {"name": name, "message": msg} not in problems:
                problems.append({"name": name, "message": msg})
        raise BadParams(problems) from None


def bad_params_response(exc: BadParams):
    text = "Invalid query parameter: " + "; ".join(f"{p['name']}: {p['message']}" for p in exc.problems)
    return error_response(400, text, parameters=exc.problems)


def with_params(model: type[QueryParams]):
    """Validate request.args against model and pass it to the view as `params` (400 otherwise)."""
    def deco(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                params = parse(model, request.args)
            except BadParams as exc:
                return bad_params_response(exc)
            return view(*args, params=params, **kwargs)

        return wrapper

    return deco


def query_parameters(model: type[QueryParams]) -> list[dict]:
    """The OpenAPI parameter objects of model (JSON Schema 2020-12, as OpenAPI 3.1 uses)."""
    schema = model.model_json_schema(by_alias=True)
    out = []
    for name, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if k not in ("title", "description")}
        if "anyOf" in prop:  # Optional[X]: absent means no filter; null is not a value a query string can carry
            prop = {**next(s for s in prop["anyOf"] if s.get("type") != "null"), **{k: v for k, v in prop.items() if k != "anyOf"}}
            if prop.get("default") is None:
                prop.pop("default", None)
        param = {"name": name, "in": "query", "required": False,
                 "description": schema["properties"][name].get("description", ""), "schema": prop}
        if prop.get("type") == "array":
            param.update(style="form", explode=True)
        out.append(param)
    return out


def iso(dt: datetime | None) -> str | None:
    """An instant as RFC 3339 in UTC with Z (the API's one format for times)."""
    return dt.isoformat().replace("+00:00", "Z") if dt else None

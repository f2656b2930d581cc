"""The OpenAPI 3.1 document of /api/v1, written by hand (small, and reviewed with the code).

tests/library/test_api.py validates it with openapi-spec-validator and checks real responses
against its schemas, so the two cannot drift apart unnoticed.
"""
from __future__ import annotations

from typing import Any

from echo.api.params import MAX_INT, SearchParams, SessionListParams, query_parameters
from echo.library.search.engine import FACETS, MAX_PER_PAGE

_STR_OR_NULL = {"type": ["string", "null"]}

CASE_SUMMARY = {
    "type": "object",
    "required": ["case_id", "title", "program_id", "topic", "year", "tags", "published_at", "url", "api_url"],
    "properties": {
        "case_id": {"type": "integer"},
        "title": {"type": "string"},
        "program_id": {"type": "integer"},
        "topic": {"type": "string"},
        "year": {"type": "integer"},
        "age_band": _STR_OR_NULL,
        "sex": _STR_OR_NULL,
        "tags": {"type": "array", "items": {"type": "string"}},
        "published_at": {"type": "string", "format": "date-time"},
        "url": {"type": "string", "description": "The case's page in the app."},
        "api_url": {"type": "string"},
    },
}

HIT = {
    "allOf": [
        {"$ref": "#/components/schemas/CaseSummary"},
        {"type": "object", "required": ["snippet_html"], "properties": {
            "snippet_html": {"type": "string", "description": "Escaped text; matches wrapped in <mark>...</mark>. Safe to insert as HTML."}}},
    ]
}

FACET_VALUE = {
    "type": "object",
    "required": ["value", "label", "count", "selected"],
    "properties": {
        "value": {"type": "string", "description": "Pass back as the facet's query parameter."},
        "label": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "selected": {"type": "boolean"},
    },
}

SEARCH_RESULT = {
    "type": "object",
    "required": ["query", "sort", "filters", "page", "per_page", "pages", "total", "facets", "results"],
    "properties": {
        "query": {"type": "string"},
        "sort": {"type": "string", "enum": ["relevance", "newest"]},
        "filters": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 1},
        "total": {"type": "integer", "minimum": 0},
        "note": {**_STR_OR_NULL, "description": "Set when the query was run as plain words or could not be run."},
        "facets": {
            "type": "object",
            "properties": {f: {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}} for f in FACETS},
        },
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
    },
}

RECOMMENDATION = {
    "type": "object",
    "required": ["source", "category", "text", "consensus"],
    "properties": {
        "source": {"type": "string", "enum": ["hub", "spoke"], "description": "hub: specialists; spoke: participants."},
        "category": {"type": "string", "description": "diagnostics, medication, behavioural, referral, monitoring or other"},
        "text": {"type": "string"},
        "consensus": {"type": "boolean"},
    },
}

CASE = {
    "allOf": [
        {"$ref": "#/components/schemas/CaseSummary"},
        {"type": "object",
         "required": ["program", "presenter", "presentation", "screening", "questions", "recommendations", "summary",
                      "follow_up", "follow_ups", "related"],
         "properties": {
             "program": {"type": ["object", "null"], "properties": {
                 "id": {"type": "integer"}, "name": {"type": "string"}, "topic": {"type": "string"}}},
             "presenter": {**_STR_OR_NULL, "description": "Only when the presenter agreed to be named; otherwise null."},
             "setting": _STR_OR_NULL,
             "presentation": {"type": "array", "items": {"type": "object", "required": ["field", "label", "text"], "properties": {
                 "field": {"type": "string"}, "label": {"type": "string"}, "text": {"type": "string"}}}},
             "screening": {"type": "array", "items": {"type": "object", "required": ["instrument", "label", "score"], "properties": {
                 "instrument": {"type": "string", "enum": ["phq9", "gad7", "auditc"]}, "label": {"type": "string"},
                 "score": {"type": "integer"}}}},
             "questions": {"type": "string"},
             "recommendations": {"type": "array", "items": {"$ref": "#/components/schemas/Recommendation"}},
             "summary": {"type": "string", "description": "Markdown."},
             "follow_up": {"type": "string", "description": "The follow-up the panel set."},
             "follow_ups": {"type": "array", "items": {"type": "object", "required": ["case_id", "title"], "properties": {
                 "case_id": {"type": "integer"}, "title": {"type": "string"},
                 "published_at": {"type": ["string", "null"], "format": "date-time"}, "summary": {"type": "string"}}}},
             "parent_case_id": {"type": ["integer", "null"]},
             "related": {"type": "array", "items": {"$ref": "#/components/schemas/CaseSummary"}},
         }},
    ]
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["status", "title", "message"], "properties": {
        "status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"},
        "parameters": {"type": "array", "description": "400: each invalid query parameter and what is wrong with it.",
                       "items": {"type": "object", "required": ["name", "message"], "properties": {
                           "name": {"type": "string"}, "message": {"type": "string"}}}},
        "allowed": {"type": "array", "items": {"type": "string"},
                    "description": "405: the methods this path accepts (also in the Allow header)."},
    }}},
}

_TIME = {"type": ["string", "null"], "format": "date-time"}
_ROLE = {"type": "string", "enum": ["coordinator", "specialist", "participant", "learner"]}

PROGRAM = {
    "type": "object",
    "required": ["id", "name", "topic", "timezone", "visibility", "role", "url", "sessions_url"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "topic": {"type": "string"},
        "timezone": {"type": "string", "description": "IANA time zone of the program's schedule."},
        "visibility": {"type": "string", "enum": ["public", "invite_only"]},
        "role": {**_ROLE, "description": "The user's role on this program's live boards (site admins: coordinator), "
                                         "as the socket's join ack reports it."},
        "url": {"type": "string", "description": "The program's page (a path on this site)."},
        "sessions_url": {"type": "string", "description": "Its sessions in this API (a path on this site)."},
    },
}

SESSION = {
    "type": "object",
    "required": ["id", "program_id", "status", "starts_at", "ends_at", "duration_minutes", "started_at", "ended_at",
                 "last_seq", "current_case_id", "phase", "didactic_title", "didactic_speaker", "board_url", "api_url"],
    "properties": {
        "id": {"type": "integer", "description": "The session_id of the live board's socket events."},
        "program_id": {"type": "integer"},
        "status": {"type": "string", "enum": ["scheduled", "live", "ended", "cancelled"]},
        "starts_at": {"type": "string", "format": "date-time", "description": "Scheduled start (UTC)."},
        "ends_at": {"type": "string", "format": "date-time", "description": "Scheduled end (UTC)."},
        "duration_minutes": {"type": "integer"},
        "started_at": {**_TIME, "description": "When a coordinator actually started it; null before."},
        "ended_at": {**_TIME, "description": "When it actually ended; null before."},
        "last_seq": {"type": "integer", "minimum": 0,
                     "description": "The seq of its last live event: join with this last_seq to receive only what comes next."},
        "current_case_id": {"type": ["integer", "null"], "description": "While live: the case being presented."},
        "phase": {"type": ["string", "null"], "enum": ["presentation", "questions", "recommendations", "summary", None]},
        "didactic_title": _STR_OR_NULL,
        "didactic_speaker": _STR_OR_NULL,
        "board_url": {"type": "string", "description": "The live board's page (a path on this site)."},
        "api_url": {"type": "string", "description": "This session with its agenda in this API (a path on this site)."},
    },
}

SESSION_PAGE = {
    "type": "object",
    "required": ["program_id", "page", "per_page", "pages", "total", "sessions"],
    "properties": {
        "program_id": {"type": "integer"},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 1},
        "total": {"type": "integer", "minimum": 0},
        "sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
    },
}

AGENDA_ITEM = {
    "type": "object",
    "required": ["case_id", "position", "current", "case"],
    "properties": {
        "case_id": {"type": "integer", "description": "The case_id of socket posts about this case."},
        "position": {"type": "integer", "minimum": 1},
        "current": {"type": "boolean", "description": "The session is live and presenting this case."},
        "case": {
            "description": "null when the user may not see this case (yet): the case visibility rule of docs/cases.md.",
            "oneOf": [{"type": "null"}, {
                "type": "object",
                "required": ["state", "title", "age_band", "sex", "setting", "chief_concern", "questions", "tags",
                             "presenter", "url"],
                "properties": {
                    "state": {"type": "string", "enum": ["accepted", "presented", "summarised", "published", "draft",
                                                         "submitted", "returned"]},
                    "title": {"type": "string"}, "age_band": _STR_OR_NULL, "sex": _STR_OR_NULL, "setting": _STR_OR_NULL,
                    "chief_concern": {"type": "string"},
                    "questions": {"type": "string", "description": "The presenter's question(s) for the panel."},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "presenter": {"type": "object", "required": ["id", "name"], "properties": {
                        "id": {"type": "integer"}, "name": {"type": "string"}}},
                    "url": {"type": "string", "description": "The case's page (a path on this site)."},
                }}],
        },
    },
}

SESSION_DETAIL = {
    "allOf": [
        {"$ref": "#/components/schemas/Session"},
        {"type": "object", "required": ["agenda"], "properties": {
            "agenda": {"type": "array", "items": {"$ref": "#/components/schemas/AgendaItem"}}}},
    ]
}


def _err(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _id_param(name: str) -> dict[str, Any]:
    # Larger ids are answered 404 (ids are PostgreSQL integers).
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0, "maximum": MAX_INT}}


def _json(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def openapi_document(server_url: str = "/api/v1") -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ECHO case conference API",
            "version": "1.0.0",
            "description": (
                "Search and read the published, de-identified cases of the ECHO case library; find the programs, "
                "sessions and agendas a user may join on the live board (its Socket.IO protocol: docs/realtime.md).\n\n"
                "Authentication: the app's login session. Log in through /auth/login (a browser, or a client that keeps "
                "the `session` cookie) and send that cookie; without it every endpoint but this document answers 401. "
                "Each user sees exactly what the library pages show them: published cases of public programs, and of "
                "invite-only programs they belong to.\n\n"
                "Errors are JSON: `{\"error\": {\"status\", \"title\", \"message\"}}`. An invalid query parameter "
                "value is a 400 that names it (`parameters`); unknown parameters are ignored. A method a path does not "
                "accept is a 405 with an Allow header (and `allowed`)."
            ),
        },
        "servers": [{"url": server_url}],
        "security": [{"session": []}],
        "paths": {
            "/library/search": {
                "get": {
                    "operationId": "searchLibrary",
                    "summary": "Search published cases",
                    "description": (
                        "Full-text search over every text field of a case (presentation, questions, recommendations, "
                        "summary, follow-ups, tags), ranked by relevance (BM25 on SQLite, ts_rank_cd on PostgreSQL), "
                        "with facet counts over the matching cases. Any text is accepted: \"phrases\", OR, -word and "
                        "word* are understood; anything else is searched as plain words. An empty q lists all cases, newest first."
                    ),
                    "parameters": query_parameters(SearchParams),
                    "responses": {
                        "200": {"description": "One page of results with facet counts.",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}}},
                        "400": _err("An invalid parameter value (each is named in `parameters`)."),
                        "401": _err("Not logged in."),
                    },
                }
            },
            "/library/cases/{case_id}": {
                "get": {
                    "operationId": "getLibraryCase",
                    "summary": "One published case",
                    "parameters": [_id_param("case_id")],
                    "responses": {
                        "200": {"description": "The library entry.",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}},
                        "401": _err("Not logged in."),
                        "403": _err("The case belongs to an invite-only program the user is not a member of."),
                        "404": _err("No such published case."),
                    },
                }
            },
            "/programs": {
                "get": {
                    "operationId": "listMyPrograms",
                    "summary": "The programs whose live boards I may join",
                    "description": "The user's active memberships with their role, by name (site admins: every program, "
                                   "as coordinator).",
                    "responses": {
                        "200": {"description": "The programs.", "content": {"application/json": {"schema": {
                            "type": "object", "required": ["programs"], "properties": {
                                "programs": {"type": "array", "items": {"$ref": "#/components/schemas/Program"}}}}}}},
                        "401": _err("Not logged in."),
                    },
                }
            },
            "/programs/{program_id}/sessions": {
                "get": {
                    "operationId": "listProgramSessions",
                    "summary": "A program's sessions",
                    "description": "By scheduled start, oldest first. Members of the program (any role) and site admins.",
                    "parameters": [_id_param("program_id"), *query_parameters(SessionListParams)],
                    "responses": {
                        "200": _json("One page of sessions.", "SessionPage"),
                        "400": _err("An invalid parameter value (each is named in `parameters`)."),
                        "401": _err("Not logged in."),
                        "403": _err("Not a member of the program."),
                        "404": _err("No such program."),
                    },
                }
            },
            "/sessions/{session_id}": {
                "get": {
                    "operationId": "getSession",
                    "summary": "One session with its agenda",
                    "description": "Members of the session's program (any role) and site admins. The agenda in order; "
                                   "each case's fields only when the user may see that case (else `case` is null). "
                                   "Each case shown to someone other than its presenter is recorded in the audit log.",
                    "parameters": [_id_param("session_id")],
                    "responses": {
                        "200": _json("The session and its agenda.", "SessionDetail"),
                        "401": _err("Not logged in."),
                        "403": _err("Not a member of the program."),
                        "404": _err("No such session."),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenAPI",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1 document.", "content": {"application/json": {"schema": {"type": "object"}}}}},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "The login session cookie set by /auth/login."},
            },
            "schemas": {
                "CaseSummary": CASE_SUMMARY,
                "SearchHit": HIT,
                "FacetValue": FACET_VALUE,
                "SearchResult": SEARCH_RESULT,
                "Recommendation": RECOMMENDATION,
                "Case": CASE,
                "Error": ERROR,
                "Program": PROGRAM,
                "Session": SESSION,
                "SessionPage": SESSION_PAGE,
                "AgendaItem": AGENDA_ITEM,
                "SessionDetail": SESSION_DETAIL,
            },
        },
    }

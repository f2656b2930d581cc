"""The OpenAPI 3.1 document of /api/v1, written by hand (small, and reviewed with the code).

tests/library/test_api.py validates it with openapi-spec-validator and checks real responses
against its schemas, so the two cannot drift apart unnoticed.
"""
from __future__ import annotations

from ..domain.search import FACETS, MAX_PER_PAGE, PER_PAGE

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
        "status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"}}}},
}


def _err(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _facet_param(name: str, label: str) -> dict:
    return {"name": name, "in": "query", "required": False, "style": "form", "explode": True,
            "description": f"{label}: repeat to choose several (any of them); different facets combine with AND.",
            "schema": {"type": "array", "items": {"type": "string"}}}


def openapi_document(server_url: str = "/api/v1") -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ECHO case conference: case library API",
            "version": "1.0.0",
            "description": (
                "Search and read the published, de-identified cases of the ECHO case library.\n\n"
                "Authentication: the app's login session. Log in through /auth/login (a browser, or a client that keeps "
                "the `session` cookie) and send that cookie; without it every endpoint but this document answers 401. "
                "Each user sees exactly what the library pages show them: published cases of public programs, and of "
                "invite-only programs they belong to.\n\n"
                "Errors are JSON: `{\"error\": {\"status\", \"title\", \"message\"}}`."
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
                    "parameters": [
                        {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 500}},
                        {"name": "sort", "in": "query", "required": False,
                         "schema": {"type": "string", "enum": ["relevance", "newest"], "default": "relevance"}},
                        {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "default": 1}},
                        {"name": "per_page", "in": "query", "required": False,
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": PER_PAGE}},
                        *[_facet_param(f, label) for f, label in FACETS.items()],
                    ],
                    "responses": {
                        "200": {"description": "One page of results with facet counts.",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}}},
                        "401": _err("Not logged in."),
                    },
                }
            },
            "/library/cases/{case_id}": {
                "get": {
                    "operationId": "getLibraryCase",
                    "summary": "One published case",
                    "parameters": [{"name": "case_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {"description": "The library entry.",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}},
                        "401": _err("Not logged in."),
                        "403": _err("The case belongs to an invite-only program the user is not a member of."),
                        "404": _err("No such published case."),
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
            },
        },
    }

"""The library's JSON API. Every endpoint needs a logged-in session (401 otherwise) and shows
only what the library pages would show that user."""
from __future__ import annotations

from functools import wraps

from flask import abort, jsonify
from flask_login import current_user

from echo.api.blueprint import bp
from echo.api.openapi import openapi_document
from echo.api.params import MAX_INT, SearchParams, iso, with_params
from echo.core.extensions import db
from echo.core.links import base_url, external_url
from echo.library import publish as lib
from echo.library.models import LibraryDocument
from echo.library.search import engine as srch
from echo.programs.access import current_viewer
from echo.programs.models import Program


def api_login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_viewer().is_authenticated:
            abort(401, "Log in first: the API uses the app's login session cookie.")
        return view(*args, **kwargs)

    return wrapper


def _summary_json(doc: LibraryDocument) -> dict:
    return {
        "case_id": doc.case_id,
        "title": doc.title,
        "program_id": doc.program_id,
        "topic": doc.topic,
        "year": doc.year,
        "age_band": doc.age_band or None,
        "sex": doc.sex or None,
        "tags": [t for t in doc.tags.split("\n") if t],
        "published_at": iso(doc.published_at),
        "url": external_url("library.case_page", case_id=doc.case_id),
        "api_url": external_url("api.library_case", case_id=doc.case_id),
    }


@bp.route("/library/search")
@api_login_required
@with_params(SearchParams)
def library_search(params: SearchParams):
    """Any logged-in user: the library search, as on /library (invalid parameter values: 400)."""
    r = srch.search(params.q, params.filters(), current_user, page=params.page, sort=params.sort, per_page=params.per_page)
    return jsonify({
        "query": r.query,
        "sort": r.sort,
        "filters": r.filters,
        "page": r.page,
        "per_page": r.per_page,
        "pages": r.pages,
        "total": r.total,
        "note": r.note or None,
        "facets": {f: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in vals]
                   for f, vals in r.facets.items()},
        "results": [dict(_summary_json(h.doc), snippet_html=h.snippet) for h in r.hits],
    })


@bp.route(f"/library/cases/<int(max={MAX_INT}):case_id>")
@api_login_required
def library_case(case_id: int):
    """Any logged-in user who may see the case's program: one published case."""
    doc, case = lib.check_visible_document(current_user, case_id)
    program = db.session.get(Program, doc.program_id)
    d = doc.data
    follow_ups = []
    for f in d.get("follow_ups", []):
        fdoc = lib.document_for_case(f["case_id"])
        if fdoc is not None and srch.can_view_document(current_user, fdoc):
            follow_ups.append({"case_id": f["case_id"], "title": fdoc.title, "published_at": iso(fdoc.published_at),
                               "summary": f.get("summary", "")})
    parent = d.get("parent_case_id")
    pdoc = lib.document_for_case(parent) if parent else None
    lib.record_view(current_user, case)
    db.session.commit()
    out = _summary_json(doc)
    out.update({
        "program": {"id": program.id, "name": program.name, "topic": program.topic} if program else None,
        "presenter": doc.presenter_name or None,
        "setting": d.get("setting") or None,
        "presentation": d.get("presentation", []),
        "screening": d.get("screening", []),
        "questions": d.get("questions", ""),
        "recommendations": d.get("recommendations", []),
        "summary": d.get("summary", ""),
        "follow_up": d.get("follow_up", ""),
        "follow_ups": follow_ups,
        "parent_case_id": parent if pdoc is not None and srch.can_view_document(current_user, pdoc) else None,
        "related": [_summary_json(r) for r in srch.related(doc, current_user)],
    })
    return jsonify(out)


@bp.route("/openapi.json")
def openapi():
    """Anyone: the OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(base_url() + "/api/v1"))

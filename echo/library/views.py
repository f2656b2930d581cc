"""Library pages. Every route needs a logged-in user; who may do what is in each docstring."""
from __future__ import annotations

from urllib.parse import urlencode

from flask_babel import gettext as _
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from echo.library import publish as lib
from echo.library.search import engine as srch
from echo.programs.access import has_role
from echo.cases.operations import check_view_case, record_view
from echo.core.errors import Invalid
from echo.core.extensions import db
from echo.cases.models import Case, CaseState
from echo.library.models import SavedCase
from echo.programs.models import Membership, MembershipStatus, Program, Role
from echo.library.blueprint import bp
from echo.live.categories import rank as category_rank


def search_args(args: MultiDict) -> dict:
    """The search's query, filters, sort and page from URL arguments (also used by the API)."""
    filters = {f: args.getlist(f) for f in srch.FACETS if args.getlist(f)}
    try:
        page = int(args.get("page", 1))
    except (TypeError, ValueError):
        page = 1
    return {"query": args.get("q", ""), "filters": filters, "sort": args.get("sort", "relevance"), "page": page}


def _url(args: MultiDict, **changes) -> str:
    """/library/?... with some arguments changed (None removes one); the page goes back to 1.

    Built with urlencode rather than url_for: a results page has a link per facet value.
    """
    items = [(k, v) for k, v in args.items(multi=True) if k != "page" and k not in changes]
    for k, v in changes.items():
        if v is None:
            continue
        items.extend((k, x) for x in (v if isinstance(v, (list, tuple)) else [v]))
    base = url_for("library.search")
    return base + ("?" + urlencode(items) if items else "")


@bp.route("/")
@login_required
def search():
    """Anyone logged in: search the published cases they may see."""
    a = search_args(request.args)
    result = srch.search(a["query"], a["filters"], current_user, page=a["page"], sort=a["sort"])
    args = MultiDict(request.args)

    def toggle(facet: str, value: str) -> str:
        chosen = args.getlist(facet)
        vals = [v for v in chosen if v != value] if value in chosen else chosen + [value]
        return _url(args, **{facet: vals})

    def page_url(n: int) -> str:
        return _url(args, page=str(n) if n > 1 else None)

    return render_template(
        "library/search.html", result=result, facet_labels=srch.FACETS, toggle=toggle, page_url=page_url,
        sort_url=lambda s: _url(args, sort=s), clear_url=_url(args, **{f: None for f in srch.FACETS}),
        saved_ids=_saved_ids([h.doc.case_id for h in result.hits]), can_publish=_can_publish(),
    )


def _can_publish() -> bool:
    if current_user.is_admin:
        return True
    return db.session.scalar(select(Membership.id).where(
        Membership.user_id == current_user.id, Membership.role == Role.coordinator,
        Membership.status == MembershipStatus.active).limit(1)) is not None


def _saved_ids(case_ids: list[int]) -> set[int]:
    if not case_ids:
        return set()
    return set(db.session.scalars(select(SavedCase.case_id).where(SavedCase.user_id == current_user.id, SavedCase.case_id.in_(case_ids))))




@bp.route("/cases/<int:case_id>")
@login_required
def case_page(case_id: int):
    """Anyone logged in who may see the case's program: the published case."""
    doc, case = lib.check_visible_document(current_user, case_id)
    program = db.session.get(Program, doc.program_id)
    lib.record_view(current_user, case)
    db.session.commit()
    timeline = _timeline(doc)
    return render_template(
        "library/case.html", doc=doc, d=doc.data, program=program, saved=lib.is_saved(current_user, case_id),
        related=srch.related(doc, current_user), timeline=timeline,
        recs_by_category=_group_recs(doc.data.get("recommendations", [])),
        can_unpublish=has_role(current_user, program, Role.coordinator), category_labels=srch.CATEGORY_LABELS,
        presentation_labels=lib.PRESENTATION_LABELS,
    )


def _group_recs(recs: list[dict]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for r in recs:
        groups.setdefault(r.get("category") or "other", []).append(r)
    return sorted(groups.items(), key=lambda kv: category_rank(kv[0]))


def _timeline(doc) -> list[dict]:
    """The earlier case (if published and visible), this one, and its published follow-ups."""
    items = []
    parent_id = doc.data.get("parent_case_id")
    if parent_id:
        pdoc = lib.document_for_case(parent_id)
        if pdoc is not None and srch.can_view_document(current_user, pdoc):
            items.append({"case_id": parent_id, "title": pdoc.title, "when": pdoc.published_at, "label": _("Earlier presentation")})
    items.append({"case_id": doc.case_id, "title": doc.title, "when": doc.published_at, "label": _("This presentation"), "current": True})
    if doc.data.get("follow_up"):
        items.append({"text": doc.data["follow_up"], "label": _("Follow-up planned")})
    for f in doc.data.get("follow_ups", []):
        fdoc = lib.document_for_case(f["case_id"])
        if fdoc is not None and srch.can_view_document(current_user, fdoc):
            items.append({"case_id": f["case_id"], "title": fdoc.title, "when": fdoc.published_at, "label": _("Follow-up presentation"),
                          "text": f.get("summary", "")})
    return items


@bp.route("/cases/<int:case_id>/save", methods=["POST"])
@login_required
def save(case_id: int):
    """Anyone who may see the case: add it to their list."""
    doc, _case = lib.check_visible_document(current_user, case_id)
    lib.do_save(current_user, doc)
    db.session.commit()
    flash(_("Saved to your list."), "success")
    return redirect(_back(url_for("library.case_page", case_id=case_id)))


@bp.route("/cases/<int:case_id>/unsave", methods=["POST"])
@login_required
def unsave(case_id: int):
    """The user: take a case off their own list."""
    lib.do_unsave(current_user, case_id)
    db.session.commit()
    flash(_("Removed from your list."), "success")
    return redirect(_back(url_for("library.saved")))


def _back(default: str) -> str:
    nxt = request.form.get("next", "")
    return nxt if nxt.startswith("/") and not nxt.startswith(("//", "/\\")) else default


@bp.route("/saved")
@login_required
def saved():
    """The user: their saved cases that are still published and visible to them."""
    rows = [(s, d) for s, d in lib.saved_documents(current_user) if srch.can_view_document(current_user, d)]
    return render_template("library/saved.html", rows=rows)


# --- publishing (coordinators) ------------------------------------------------------------

def _coordinated_programs() -> list[Program]:
    if current_user.is_admin:
        return list(db.session.scalars(select(Program).order_by(Program.name)))
    return list(db.session.scalars(
        select(Program).join(Membership, Membership.program_id == Program.id)
        .where(Membership.user_id == current_user.id, Membership.role == Role.coordinator,
               Membership.status == MembershipStatus.active).order_by(Program.name)))


@bp.route("/publish")
@login_required
def publish_list():
    """Coordinators (and admins): summarised cases ready to publish and published ones, per program."""
    programs = _coordinated_programs()
    if not programs:
        abort(403, _("Only a program's coordinators publish cases to the library."))
    ids = [p.id for p in programs]
    cases = db.session.scalars(
        select(Case).where(Case.program_id.in_(ids), Case.state.in_([CaseState.summarised, CaseState.published]))
        .order_by(Case.state, Case.summarised_at.desc(), Case.id.desc())).all()
    by_program = {p.id: {"program": p, "ready": [], "published": []} for p in programs}
    for c in cases:
        by_program[c.program_id]["published" if c.state == CaseState.published else "ready"].append(c)
    return render_template("library/publish_list.html", groups=list(by_program.values()))


@bp.route("/publish/<int:case_id>", methods=["GET"])
@login_required
def publish_case(case_id: int):
    """Coordinators of the case's program: preview the library entry and the last privacy check."""
    case = db.get_or_404(Case, case_id)
    if not has_role(current_user, case.program, Role.coordinator):
        abort(403, _("Only this program's coordinators publish its cases."))
    check_view_case(current_user, case)  # a draft is its author's alone, even for the preview
    record_view(current_user, case, how="publish preview")
    db.session.commit()
    return _render_publish(case)


def _render_publish(case: Case, status: int = 200, error: str = ""):
    preview, findings = lib.preview_as_shown(case, current_user)
    return render_template(
        "library/publish_case.html", case=case, findings=findings, d=preview, error=error,
        recs_by_category=_group_recs(preview["recommendations"]), category_labels=srch.CATEGORY_LABELS,
        presentation_labels=lib.PRESENTATION_LABELS,
        presenter=case.author.name if case.presenter_named else "",
    ), status


@bp.route("/publish/<int:case_id>", methods=["POST"])
@login_required
def do_publish(case_id: int):
    """Coordinators of the case's program: publish a summarised case (refused while findings remain)."""
    case = db.get_or_404(Case, case_id)
    try:
        lib.do_publish(case, current_user)
    except Invalid as exc:
        db.session.rollback()
        return _render_publish(case, 400, exc.message)
    db.session.commit()
    flash(_("Published to the library."), "success")
    return redirect(url_for("library.case_page", case_id=case.id))


@bp.route("/publish/<int:case_id>/unpublish", methods=["POST"])
@login_required
def do_unpublish(case_id: int):
    """Coordinators of the case's program: take a published case out of the library."""
    case = db.get_or_404(Case, case_id)
    lib.do_unpublish(case, current_user)
    db.session.commit()
    flash(_("Taken out of the library. The case is summarised again and can be republished."), "success")
    return redirect(url_for("library.publish_list"))


@bp.app_template_global("library_publish_count")
def library_publish_count(program_id: int) -> int:
    """How many summarised cases of a program wait to be published (for other pages' links)."""
    return db.session.scalar(select(func.count(Case.id)).where(Case.program_id == program_id, Case.state == CaseState.summarised)) or 0




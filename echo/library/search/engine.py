"""Library search: one function, two full-text backends (SQLite FTS5, PostgreSQL tsvector).

    result = search("sertraline augment", {"tag": ["depression"]}, viewer, page=1, sort="relevance")

The parts: `query` parses what a person types (never raises); `sqlite_fts` and
`postgres_fts` find, rank and highlight matches; `facets` counts facet values and applies
the viewer's access and the filters as per-process bitmaps; `plan` decides which matches
to rank and in what order to show them; `results` loads what a result list shows. If the
engine refuses a query, it is retried as plain words, and if that fails too the result is
empty with a note: a query never becomes an error page. See docs/library.md.
"""
from __future__ import annotations

from collections.abc import Mapping

from echo.accounts.models import User
from echo.cases.visibility import can_view_library_entry, library_program_ids
from echo.core.extensions import db
from echo.library.models import LibraryDocument
from echo.library.search.backend import ENGINE_ERRORS, Backend
from echo.library.search.facets import (
    CATEGORY_LABELS,
    FACETS,
    INSTRUMENT_LABELS,
    FacetValue,
    bitmaps,
    clean_filters,
    facet_counts,
    invalidate_cache,
)
from echo.library.search.plan import MAX_PER_PAGE, Plan, run_query
from echo.library.search.postgres_fts import PostgresBackend
from echo.library.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    WORD,
    Query,
    Term,
    parse,
)
from echo.library.search.results import (
    DocSummary,
    Hit,
    SearchResult,
    load_summaries,
    plain_snippet,
    snippet_html,
)
from echo.library.search.sqlite_fts import SQLiteBackend
from echo.programs.models import Program

__all__ = [
    "CATEGORY_LABELS", "FACETS", "INSTRUMENT_LABELS", "MAX_PER_PAGE", "MAX_QUERY_CHARS", "PER_PAGE", "SORTS",
    "DocSummary", "FacetValue", "Hit", "SearchResult", "backend", "can_view_document", "clean_filters",
    "invalidate_cache", "parse", "related", "search", "visible_program_ids",
]

PER_PAGE = 20
MAX_PAGE = 10_000
SORTS = ("relevance", "newest")


def backend() -> Backend:
    return PostgresBackend() if db.engine.dialect.name == "postgresql" else SQLiteBackend()


def visible_program_ids(viewer: User | None) -> set[int] | None:
    """Programs whose published cases the viewer may see; None means all (site admins)."""
    # The library's part of the visibility rule, as SQL (echo.cases.visibility).
    query = library_program_ids(viewer)
    return None if query is None else set(db.session.scalars(query))


def can_view_document(viewer: User | None, doc: LibraryDocument) -> bool:
    program = db.session.get(Program, doc.program_id)
    return program is not None and can_view_library_entry(viewer, program)


def _page_numbers(page: object, per_page: object) -> tuple[int, int]:
    try:
        size = max(1, min(int(per_page or PER_PAGE), MAX_PER_PAGE))  # type: ignore[call-overload]
        number = max(1, min(int(page or 1), MAX_PAGE))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 1, PER_PAGE
    return number, size


def search(query: str | None, filters: Mapping[str, object] | None, viewer: User | None, page: int = 1,
           sort: str = "relevance", per_page: int = PER_PAGE) -> SearchResult:
    """Search the library as `viewer` sees it. Never raises for any user input."""
    chosen = clean_filters(filters)
    sort = sort if sort in SORTS else "relevance"
    page, per_page = _page_numbers(page, per_page)
    q = (query or "")[:MAX_QUERY_CHARS]
    parsed = parse(q)
    bits = bitmaps()
    be = backend()
    allowed = visible_program_ids(viewer)
    start = (page - 1) * per_page
    plan = Plan(bits, allowed, chosen, sort, start + per_page)
    note = ""
    if parsed.empty and parsed.exclude:
        try:  # only -words: everything except the cases with any of them
            plan.run_browse(without=be.match_ids(Query([list(parsed.exclude)])))
        except ENGINE_ERRORS:
            db.session.rollback()
            plan.run_browse()
    elif parsed.empty:
        plan.run_browse()
    else:
        parsed, note = run_query(be, parsed, plan)

    facets = facet_counts(bits, plan.mask, chosen, allowed)
    page_ids = [int(i) for i in plan.order[start:start + per_page]]
    docs = load_summaries(page_ids)
    snippets = {i: plan.snippets[i] for i in page_ids if i in plan.snippets}
    missing = [i for i in page_ids if i in docs and i not in snippets]
    if missing and not parsed.empty:
        try:
            snippets.update(be.snippets(parsed, missing))
        except ENGINE_ERRORS:
            db.session.rollback()
    hits = [Hit(docs[i], snippet_html(snippets[i]) if snippets.get(i) else plain_snippet(docs[i]))
            for i in page_ids if i in docs]
    return SearchResult(q, chosen, sort, page, per_page, plan.total, hits, facets, note)


_STOP = {"with", "from", "that", "this", "have", "after", "despite", "about", "into", "over", "than", "when", "what", "which", "their"}


def related(doc: LibraryDocument, viewer: User | None, limit: int = 5) -> list[DocSummary]:
    """Published cases sharing tags and words with this one, best first, as the viewer may see."""
    terms = [Term(t) for t in (doc.tags or "").split("\n") if t]
    words = [w for w in WORD.findall(doc.title.lower()) if len(w) > 3 and w not in _STOP][:8]
    terms += [Term(w) for w in words]
    if not terms:
        return []
    q = Query([terms[:MAX_TERMS]])
    be = backend()
    try:
        ids = be.ranked_ids(q, heavy_only=be.count(q) > be.rank_limit, limit=200)
    except ENGINE_ERRORS:
        db.session.rollback()
        return []
    allowed = visible_program_ids(viewer)
    bits = bitmaps()
    picked = [int(i) for i in ids if i != doc.id and (allowed is None or bits.program_of.get(int(i)) in allowed)][:limit]
    docs = load_summaries(picked)
    return [docs[i] for i in picked if i in docs]

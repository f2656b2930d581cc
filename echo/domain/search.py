"""Library search: one function, two full-text backends (SQLite FTS5, PostgreSQL tsvector).

    result = search("sertraline augment", {"tag": ["depression"]}, viewer, page=1, sort="relevance")

What a person types is parsed here into words, "phrases", prefix* words, `OR` between words
and -excluded words, and rendered into a safe FTS5 expression or tsquery: every word goes
to the engine as a quoted string or a bound parameter, never as syntax. If the engine still
refuses it, the search is retried as plain words, and if that fails too the result is empty
with a note: a query never becomes an error page.

Ranking: SQLite ranks with FTS5's bm25() (column weights stored in the index's `rank`
setting, see migrations/versions/0005_library.py). PostgreSQL has no BM25; it ranks with
ts_rank_cd over a weighted tsvector (title and tags A, questions and summary B,
recommendations C, the rest D), which approximates it: cover density rewards terms that
occur close together and in heavier fields, but has no inverse document frequency.

Facets and access filtering do not run as SQL GROUP BY. Each process keeps, per facet value,
a bitmap (a Python int) of the library documents that have it, rebuilt only when
library_state.token changes (a trigger moves it on every write to library_documents). A
search asks the engine for the ranked ids of the matches only, turns them into a bitmap,
ANDs it with the bitmaps of the programs the viewer may see and of the chosen filters, and
counts every facet value with one AND and a popcount. This keeps a page with facet counts
within a small margin of the bare ranked full-text query (make bench-search).
"""
from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterable

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from ..extensions import db
from ..models import LibraryDocument, LibraryState, Membership, MembershipStatus, Program, User, Visibility

PER_PAGE = 20
MAX_PER_PAGE = 50
MAX_QUERY_CHARS = 500
MAX_TERMS = 32
SORTS = ("relevance", "newest")

# Facets: name -> (label, source). Multi-valued ones are stored one value per line.
FACETS = {
    "program": "Program",
    "tag": "Tag",
    "category": "Recommendation category",
    "age_band": "Age band",
    "sex": "Sex",
    "instrument": "Screening instrument",
    "year": "Year",
}
INSTRUMENT_LABELS = {"phq9": "PHQ-9", "gad7": "GAD-7", "auditc": "AUDIT-C"}
CATEGORY_LABELS = {
    "diagnostics": "Diagnostics", "medication": "Medication", "behavioural": "Behavioural",
    "referral": "Referral", "monitoring": "Monitoring", "other": "Other",
}

# Private-use characters mark highlights inside the engine's snippet; the text is escaped
# afterwards and only these become <mark>, so case text can never inject markup.
_HL_START, _HL_END = "\ue000", "\ue001"


# --- parsing ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    text: str          # the user's words, punctuation inside kept (the engine tokenises)
    phrase: bool = False
    prefix: bool = False
    raw: str = ""      # the chunk as typed, when it held punctuation (PostgreSQL keeps a/b as one token)


@dataclass
class Query:
    """AND of clauses; each clause is an OR of terms; `exclude` are NOT terms."""

    clauses: list[list[Term]] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.clauses

    def plain(self) -> "Query":
        """The fallback: every word of every term, ANDed, no operators."""
        words = []
        for clause in self.clauses:
            for t in clause:
                words.extend(_WORD.findall(t.text))
        return Query([[Term(w)] for w in words[:MAX_TERMS]])

    def words(self) -> list[str]:
        return [w for clause in self.clauses for t in clause for w in _WORD.findall(t.text)]


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def parse(q: str | None) -> Query:
    """Turn anything a person can type into a Query. Never raises."""
    q = (q or "")[:MAX_QUERY_CHARS]
    q = "".join(ch for ch in q if ch.isprintable() or ch.isspace()).replace(_HL_START, "").replace(_HL_END, "")
    if q.count('"') % 2:  # an unbalanced quote is a stray character, not a phrase
        last = q.rfind('"')
        q = q[:last] + " " + q[last + 1:]
    out = Query()
    pending_or = False
    n = 0
    for m in _TOKEN.finditer(q):
        if n >= MAX_TERMS:
            break
        phrase_text, word = m.group(1), m.group(2)
        negate = False
        if phrase_text is not None:
            term = Term(" ".join(phrase_text.split()), phrase=True)
        else:
            if word == "OR":
                pending_or = bool(out.clauses)
                continue
            if word in ("AND", "NOT", "&&", "||", "|", "&"):
                continue
            if word.startswith("-") and len(word) > 1:
                negate, word = True, word[1:]
            prefix = word.endswith("*") and bool(_WORD.search(word))
            core = word.strip("*")
            # Field syntax (col:term), NEAR(...), ^ and other operators: keep only the words.
            words = _WORD.findall(core)
            if not words or words == ["NEAR"]:
                continue
            raw = core if len(words) > 1 and core != " ".join(words) else ""
            term = Term(" ".join(words), phrase=len(words) > 1, prefix=prefix and len(words) == 1, raw=raw)
        if not _WORD.search(term.text):
            continue
        n += 1
        if negate:
            out.exclude.append(term)
        elif pending_or and out.clauses:
            out.clauses[-1].append(term)
        else:
            out.clauses.append([term])
        pending_or = False
    return out


def _fts5_string(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def to_fts5(query: Query) -> str:
    def term(t: Term) -> str:
        return _fts5_string(t.text) + (" *" if t.prefix else "")

    parts = []
    for clause in query.clauses:
        alts = [term(t) for t in clause]
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    expr = " AND ".join(parts)
    for t in query.exclude:
        expr += " NOT " + term(t)
    return expr


# --- result types -------------------------------------------------------------------------

@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    doc: LibraryDocument
    snippet: str  # safe HTML: escaped text with <mark> around matches


@dataclass
class SearchResult:
    query: str
    filters: dict[str, list[str]]
    sort: str
    page: int
    per_page: int
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    note: str = ""  # e.g. "searched as plain words"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# --- facet bitmaps (per process, rebuilt when library_state.token changes) ---------------

class _Bits:
    __slots__ = ("token", "n", "all", "values", "labels", "program_of", "newest", "pub_pos", "built_at")

    def __init__(self, token: str | None):
        self.token = token
        self.n = 0
        self.all = 0
        self.values: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        self.labels: dict[str, dict[str, str]] = {f: {} for f in FACETS}
        self.program_of: dict[int, int] = {}
        self.newest: list[int] = []
        self.pub_pos: dict[int, int] = {}


_cache: dict[str, _Bits] = {}
_lock = threading.Lock()


def _bitmap(ids: Iterable[int], nbits: int) -> int:
    buf = bytearray((nbits >> 3) + 1)
    for i in ids:
        if i < nbits:
            buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def _current_token() -> str | None:
    return db.session.scalar(select(LibraryState.token).where(LibraryState.id == 1))


def _bits() -> _Bits:
    token = _current_token()
    key = str(db.engine.url)
    cached = _cache.get(key)
    if cached is not None and cached.token == token:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached.token == token:
            return cached
        built = _build_bits(token)
        _cache[key] = built
        return built


def _build_bits(token: str | None) -> _Bits:
    b = _Bits(token)
    if token is None:
        return b
    rows = db.session.execute(
        select(LibraryDocument.id, LibraryDocument.program_id, LibraryDocument.tags, LibraryDocument.categories,
               LibraryDocument.age_band, LibraryDocument.sex, LibraryDocument.instruments, LibraryDocument.year,
               LibraryDocument.published_at)
    ).all()
    b.n = (max((r[0] for r in rows), default=0)) + 1
    members: dict[str, dict[str, list[int]]] = {f: {} for f in FACETS}
    for did, pid, tags, cats, age, sex, instr, year, _pub in rows:
        b.program_of[did] = pid
        members["program"].setdefault(str(pid), []).append(did)
        for t in _lines(tags):
            members["tag"].setdefault(t, []).append(did)
        for c in _lines(cats):
            members["category"].setdefault(c, []).append(did)
        for i in _lines(instr):
            members["instrument"].setdefault(i, []).append(did)
        if age:
            members["age_band"].setdefault(age, []).append(did)
        if sex:
            members["sex"].setdefault(sex, []).append(did)
        members["year"].setdefault(str(year), []).append(did)
    for f, vals in members.items():
        for v, ids in vals.items():
            b.values[f][v] = _bitmap(ids, b.n)
    b.all = _bitmap((r[0] for r in rows), b.n)
    order = sorted(rows, key=lambda r: (r[8], r[0]), reverse=True)
    b.newest = [r[0] for r in order]
    b.pub_pos = {did: pos for pos, did in enumerate(b.newest)}
    names = dict(db.session.execute(select(Program.id, Program.name).where(Program.id.in_({r[1] for r in rows}))).all()) if rows else {}
    b.labels["program"] = {str(k): v for k, v in names.items()}
    b.labels["category"] = dict(CATEGORY_LABELS)
    b.labels["instrument"] = dict(INSTRUMENT_LABELS)
    return b


def _lines(s: str | None) -> list[str]:
    return [x for x in (s or "").split("\n") if x]


def invalidate_cache() -> None:
    _cache.clear()


# --- access -------------------------------------------------------------------------------

def visible_program_ids(viewer: User | None) -> set[int] | None:
    """Programs whose published cases the viewer may see; None means all (site admins)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return set()
    if viewer.is_admin:
        return None
    public = db.session.scalars(select(Program.id).where(Program.visibility == Visibility.public)).all()
    mine = db.session.scalars(
        select(Membership.program_id).where(Membership.user_id == viewer.id, Membership.status == MembershipStatus.active)
    ).all()
    return set(public) | set(mine)


def can_view_document(viewer: User | None, doc: LibraryDocument) -> bool:
    allowed = visible_program_ids(viewer)
    return allowed is None or doc.program_id in allowed


# --- backends -----------------------------------------------------------------------------

class _Backend:
    def ranked_ids(self, query: Query, by_rank: bool) -> list[int]:
        raise NotImplementedError

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        raise NotImplementedError


class _SQLite(_Backend):
    def ranked_ids(self, query: Query, by_rank: bool) -> list[int]:
        order = " ORDER BY rank" if by_rank else ""
        rows = db.session.execute(
            text(f"SELECT rowid FROM library_fts WHERE library_fts MATCH :q{order}"), {"q": to_fts5(query)}
        ).all()
        return [r[0] for r in rows]

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        expr = to_fts5(query)
        out = {}
        stmt = text(
            "SELECT snippet(library_fts, -1, :a, :b, '…', 24) FROM library_fts WHERE library_fts MATCH :q AND rowid = :id"
        )
        for i in ids:
            out[i] = db.session.scalar(stmt, {"q": expr, "a": _HL_START, "b": _HL_END, "id": i}) or ""
        return out


class _Postgres(_Backend):
    CONFIG = "english"
    DOC_TEXT = ("concat_ws(' … ', d.title, d.presentation, d.questions, d.recommendations, d.summary, d.follow_ups)")

    def _tsquery(self, query: Query) -> tuple[str, dict]:
        params: dict[str, str] = {}

        def term(t: Term) -> str:
            k = f"t{len(params)}"
            if t.prefix and _WORD.fullmatch(t.text):
                params[k] = t.text + ":*"
                return f"to_tsquery('{self.CONFIG}', :{k})"
            params[k] = t.text
            if t.raw:  # "a/b" is one token to PostgreSQL's parser, two words to ours: either matches
                params[k + "r"] = t.raw
                return f"(phraseto_tsquery('{self.CONFIG}', :{k}) || phraseto_tsquery('{self.CONFIG}', :{k}r))"
            return f"phraseto_tsquery('{self.CONFIG}', :{k})"

        parts = []
        for clause in query.clauses:
            parts.append("(" + " || ".join(term(t) for t in clause) + ")")
        expr = " && ".join(parts)
        for t in query.exclude:
            expr = f"({expr}) && !!{term(t)}"
        return expr, params

    def ranked_ids(self, query: Query, by_rank: bool) -> list[int]:
        expr, params = self._tsquery(query)
        order = " ORDER BY ts_rank_cd(d.library_fts_vector, q.q, 1) DESC, d.id DESC" if by_rank else ""
        rows = db.session.execute(
            text(f"SELECT d.id FROM library_documents d, (SELECT {expr} AS q) q WHERE d.library_fts_vector @@ q.q{order}"),
            params,
        ).all()
        return [r[0] for r in rows]

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        expr, params = self._tsquery(query)
        params.update({"ids": list(ids)})
        opts = f"StartSel={_HL_START}, StopSel={_HL_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
        rows = db.session.execute(
            text(f"SELECT d.id, ts_headline('{self.CONFIG}', {self.DOC_TEXT}, q.q, :opts) FROM library_documents d, "
                 f"(SELECT {expr} AS q) q WHERE d.id = ANY(:ids)"),
            {**params, "opts": opts},
        ).all()
        return {r[0]: r[1] for r in rows}


def backend() -> _Backend:
    return _Postgres() if db.engine.dialect.name == "postgresql" else _SQLite()


def _snippet_html(raw: str) -> str:
    return html.escape(raw, quote=False).replace(_HL_START, "<mark>").replace(_HL_END, "</mark>")


def _plain_snippet(doc: LibraryDocument, n: int = 220) -> str:
    s = " ".join((doc.presentation or doc.questions or doc.summary or "").split())
    return html.escape(s[:n] + ("…" if len(s) > n else ""), quote=False)


# --- the one search function --------------------------------------------------------------

def clean_filters(filters: dict | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, vals in (filters or {}).items():
        if k not in FACETS:
            continue
        if isinstance(vals, str):
            vals = [vals]
        vs = [str(v)[:100] for v in vals if str(v).strip()][:20]
        if vs:
            out[k] = sorted(set(vs))
    return out


def search(query: str | None, filters: dict | None, viewer: User | None, page: int = 1,
           sort: str = "relevance", per_page: int = PER_PAGE) -> SearchResult:
    """Search the library as `viewer` sees it. Never raises for any user input."""
    filters = clean_filters(filters)
    sort = sort if sort in SORTS else "relevance"
    per_page = max(1, min(int(per_page or PER_PAGE), MAX_PER_PAGE))
    page = max(1, min(int(page or 1), 10_000))
    q = (query or "")[:MAX_QUERY_CHARS]
    parsed = parse(q)
    bits = _bits()
    be = backend()
    note = ""

    if parsed.empty:
        ranked = bits.newest
        matched = bits.all
        sort_effective = "newest"
    else:
        ranked, used, note = _run(be, parsed, by_rank=(sort == "relevance"))
        parsed = used
        matched = _bitmap(ranked, bits.n) if ranked else 0
        sort_effective = sort

    allowed = visible_program_ids(viewer)
    mask = matched
    if allowed is not None:
        pmask = 0
        for pid in allowed:
            pmask |= bits.values["program"].get(str(pid), 0)
        mask &= pmask
    for f, chosen in filters.items():
        fmask = 0
        for v in chosen:
            fmask |= bits.values[f].get(v, 0)
        mask &= fmask

    total = mask.bit_count()
    facets = _facet_counts(bits, mask, filters, allowed)

    start = (page - 1) * per_page
    # Every id shown passes the mask (visible program, chosen filters, known to the bitmaps):
    # lazily, so page 1 of a million matches reads only as far as it needs.
    mb = mask.to_bytes((bits.n >> 3) + 1, "little") if total else b""
    ordered: Iterable[int] = (i for i in ranked if i < bits.n and mb[i >> 3] >> (i & 7) & 1) if total else iter(())
    if sort_effective == "newest" and not parsed.empty:
        pos = bits.pub_pos
        ordered = sorted(ordered, key=lambda i: pos.get(i, 1 << 60))
    page_ids = list(islice(ordered, start, start + per_page))

    docs = {d.id: d for d in db.session.scalars(select(LibraryDocument).where(LibraryDocument.id.in_(page_ids)))} if page_ids else {}
    snippets = {}
    if page_ids and not parsed.empty:
        try:
            snippets = be.snippets(parsed, [i for i in page_ids if i in docs])
        except DBAPIError:
            db.session.rollback()
    hits = [Hit(docs[i], _snippet_html(snippets[i]) if snippets.get(i) else _plain_snippet(docs[i])) for i in page_ids if i in docs]
    return SearchResult(q, filters, sort, page, per_page, total, hits, facets, note)


def _run(be: _Backend, parsed: Query, by_rank: bool) -> tuple[list[int], Query, str]:
    """The ranked ids; on an engine error retry as plain words, then give up quietly."""
    try:
        return be.ranked_ids(parsed, by_rank), parsed, ""
    except DBAPIError:
        db.session.rollback()
    plain = parsed.plain()
    if not plain.empty:
        try:
            return be.ranked_ids(plain, by_rank), plain, "Your search was run as plain words."
        except DBAPIError:
            db.session.rollback()
    return [], parsed, "That search could not be run; try different words."


def _facet_counts(bits: _Bits, mask: int, filters: dict[str, list[str]], allowed: set[int] | None) -> dict[str, list[FacetValue]]:
    out: dict[str, list[FacetValue]] = {}
    for f in FACETS:
        chosen = set(filters.get(f, []))
        vals = []
        for v, bm in bits.values[f].items():
            if f == "program" and allowed is not None and int(v) not in allowed:
                continue
            c = (mask & bm).bit_count() if mask else 0
            if c or v in chosen:
                vals.append(FacetValue(v, bits.labels[f].get(v, v), c, v in chosen))
        if f == "year":
            vals.sort(key=lambda fv: fv.value, reverse=True)
        elif f == "age_band":
            vals.sort(key=lambda fv: fv.value)
        else:
            vals.sort(key=lambda fv: (-fv.count, fv.label.lower()))
        out[f] = vals[:30] if f == "tag" else vals
    return out


# --- related cases ------------------------------------------------------------------------

def related(doc: LibraryDocument, viewer: User | None, limit: int = 5) -> list[LibraryDocument]:
    """Published cases sharing tags and words with this one, best first, as the viewer may see."""
    terms = [Term(t) for t in _lines(doc.tags)]
    words = [w for w in _WORD.findall(doc.title.lower()) if len(w) > 3 and w not in _STOP][:8]
    terms += [Term(w) for w in words]
    if not terms:
        return []
    q = Query([terms[:MAX_TERMS]])
    try:
        ids = backend().ranked_ids(q, by_rank=True)
    except DBAPIError:
        db.session.rollback()
        return []
    allowed = visible_program_ids(viewer)
    bits = _bits()
    picked = [i for i in ids if i != doc.id and (allowed is None or bits.program_of.get(i) in allowed)][:limit]
    if not picked:
        return []
    docs = {d.id: d for d in db.session.scalars(select(LibraryDocument).where(LibraryDocument.id.in_(picked)))}
    return [docs[i] for i in picked if i in docs]


_STOP = {"with", "from", "that", "this", "have", "after", "despite", "about", "into", "over", "than", "when", "what", "which", "their"}


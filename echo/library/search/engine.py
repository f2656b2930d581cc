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
search asks the engine for the ids of the matches (one group_concat row that numpy parses),
turns them into a bitmap, ANDs it with the bitmaps of the programs the viewer may see and of
the chosen filters, and counts every facet value with one AND and a popcount. Ranking asks
FTS5 only for the top k (ORDER BY bm25(...) LIMIT k keeps a heap instead of sorting every
match); a query matching more than RANK_LIMIT cases ranks its matches in the heavy columns
(title, tags, questions, summary) and shows the rest newest first. This keeps a page with
facet counts within a small margin of the bare ranked full-text query (make bench-search;
docs/library.md).
"""
from __future__ import annotations

import html
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from echo.core.extensions import db
from echo.library.models import LibraryDocument, LibraryState
from echo.programs.models import Program
from echo.accounts.models import User
from echo.cases.visibility import can_view_library_entry, library_program_ids

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
class DocSummary:
    """What a result list shows of a library entry (no JSON snapshot: light to load)."""

    id: int
    case_id: int
    program_id: int
    title: str
    topic: str
    year: int
    age_band: str
    sex: str
    tags: str
    published_at: datetime
    presentation: str = ""


@dataclass
class Hit:
    doc: DocSummary
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
    """Per facet value, the set of library documents (by id) that have it, as a Python int."""

    def __init__(self, token: str | None):
        self.token = token
        self.n = 1                      # bitmaps cover ids 0..n-1
        self.all = 0
        self.values: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        self.labels: dict[str, dict[str, str]] = {f: {} for f in FACETS}
        self.program_of: dict[int, int] = {}
        self.newest = np.zeros(0, dtype=np.int64)  # ids, newest first
        self.program_masks: dict[frozenset, int] = {}  # union of program bitmaps, per set of visible programs

    def programs_mask(self, allowed: set[int]) -> int:
        key = frozenset(allowed)
        m = self.program_masks.get(key)
        if m is None:
            m = 0
            for pid in key:
                m |= self.values["program"].get(str(pid), 0)
            if len(self.program_masks) > 1000:
                self.program_masks.clear()
            self.program_masks[key] = m
        return m


_cache: dict[str, _Bits] = {}
_lock = threading.Lock()


def _ids_to_int(ids: np.ndarray, n: int) -> int:
    """A bitmap (bit i set for each id i < n) as a Python int."""
    z = np.zeros(n, dtype=bool)
    if len(ids):
        z[ids[ids < n]] = True
    return int.from_bytes(np.packbits(z, bitorder="little").tobytes(), "little")


def _int_to_bools(m: int, n: int) -> np.ndarray:
    raw = np.frombuffer(m.to_bytes((n + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:n].astype(bool)


def _raw_cursor():
    """The DBAPI cursor of the session's connection: the hot path skips SQLAlchemy's row objects."""
    return db.session.connection().connection.driver_connection.cursor()


def _raw_all(sql: str, params: tuple = ()) -> list[tuple]:
    """A query on the DBAPI cursor, written with ? placeholders (turned into %s for psycopg)."""
    cur = _raw_cursor()
    if db.engine.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    cur.execute(sql, params)
    return cur.fetchall()


def _current_token() -> str | None:
    cur = _raw_cursor()
    cur.execute("SELECT token FROM library_state WHERE id = 1")
    row = cur.fetchone()
    return row[0] if row else None


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
    cur = _raw_cursor()
    cur.execute("SELECT id, program_id, tags, categories, age_band, sex, instruments, year FROM library_documents "
                "ORDER BY published_at DESC, id DESC")
    rows = cur.fetchall()
    if not rows:
        return b
    cols = list(zip(*rows))
    ids = np.array(cols[0], dtype=np.int64)
    b.n = int(ids.max()) + 1
    b.newest = ids
    b.all = _ids_to_int(ids, b.n)
    b.program_of = dict(zip(cols[0], cols[1]))
    for f, k in (("program", 1), ("age_band", 4), ("sex", 5), ("year", 7)):
        codes: dict = {}
        arr = np.fromiter((codes.setdefault(v, len(codes)) for v in cols[k]), dtype=np.int64, count=len(rows))
        _group_into(b, f, ids, arr, codes)
    for f, k in (("tag", 2), ("category", 3), ("instrument", 6)):
        codes = {}
        dids: list[int] = []
        vals: list[int] = []
        for did, s in zip(cols[0], cols[k]):
            if s:
                for v in s.split("\n"):
                    dids.append(did)
                    vals.append(codes.setdefault(v, len(codes)))
        if dids:
            _group_into(b, f, np.array(dids, dtype=np.int64), np.array(vals, dtype=np.int64), codes)
    names = dict(db.session.execute(select(Program.id, Program.name).where(Program.id.in_(set(b.program_of.values())))).all())
    b.labels["program"] = {str(k): v for k, v in names.items()}
    b.labels["category"] = dict(CATEGORY_LABELS)
    b.labels["instrument"] = dict(INSTRUMENT_LABELS)
    return b


def _group_into(b: _Bits, facet: str, ids: np.ndarray, codes_of_ids: np.ndarray, codes: dict) -> None:
    """One bitmap per distinct value: ids grouped by value code with numpy, not a Python loop."""
    order = np.argsort(codes_of_ids, kind="stable")
    bounds = np.searchsorted(codes_of_ids[order], np.arange(len(codes) + 1))
    for v, j in codes.items():
        if v is not None and v != "":
            b.values[facet][str(v)] = _ids_to_int(ids[order[bounds[j]:bounds[j + 1]]], b.n)


def _lines(s: str | None) -> list[str]:
    return [x for x in (s or "").split("\n") if x]


def invalidate_cache() -> None:
    _cache.clear()


# --- access -------------------------------------------------------------------------------

def visible_program_ids(viewer: User | None) -> set[int] | None:
    """Programs whose published cases the viewer may see; None means all (site admins)."""
    # The library's part of the visibility rule, as SQL (echo.cases.visibility).
    query = library_program_ids(viewer)
    return None if query is None else set(db.session.scalars(query))


def can_view_document(viewer: User | None, doc) -> bool:
    program = db.session.get(Program, doc.program_id)
    return program is not None and can_view_library_entry(viewer, program)


# --- backends -----------------------------------------------------------------------------

EMPTY = np.zeros(0, dtype=np.int64)
# bm25 column weights, as stored in the FTS5 table's rank setting by migration 0005 (title,
# presentation, questions, recommendations, summary, follow_ups, tags, topic).
BM25_WEIGHTS = "10.0, 1.0, 2.0, 1.5, 2.0, 1.0, 5.0, 1.0"
# Searching within these columns first when a query matches too many cases to rank them all.
HEAVY_COLUMNS = ("title", "tags", "questions", "summary")


def _parse_ids(s: str | None) -> np.ndarray:
    return np.fromstring(s, dtype=np.int64, sep=",") if s else EMPTY


class _Backend:
    def count(self, query: Query) -> int:
        raise NotImplementedError

    def match_ids(self, query: Query) -> np.ndarray:
        raise NotImplementedError

    def ranked_ids(self, query: Query, heavy_only: bool = False, limit: int | None = None) -> np.ndarray:
        raise NotImplementedError

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        raise NotImplementedError

    def ranked_page(self, query: Query, limit: int) -> tuple[np.ndarray, dict[int, str]]:
        """The top `limit` ids and, where the engine can do it in the same query, their snippets."""
        return self.ranked_ids(query, limit=limit), {}


class _SQLite(_Backend):
    """FTS5: bm25 with the column weights stored as the table's `rank`; snippet() for highlights."""

    def _one(self, sql: str, params: tuple):
        cur = _raw_cursor()
        cur.execute(sql, params)
        return cur.fetchone()[0]

    def count(self, query: Query) -> int:
        return self._one("SELECT count(*) FROM library_fts WHERE library_fts MATCH ?", (to_fts5(query),))

    def match_ids(self, query: Query) -> np.ndarray:
        # One row holding every id: SQLite builds the list in C, numpy parses it in C.
        return _parse_ids(self._one("SELECT group_concat(rowid) FROM library_fts WHERE library_fts MATCH ?", (to_fts5(query),)))

    def ranked_ids(self, query: Query, heavy_only: bool = False, limit: int | None = None) -> np.ndarray:
        expr = to_fts5(query)
        if heavy_only:
            expr = "{" + " ".join(HEAVY_COLUMNS) + "} : (" + expr + ")"
        # bm25() (the same weights as `rank`) with LIMIT lets SQLite keep only the top rows in
        # a heap; FTS5's own ORDER BY rank sorts every match. rowid breaks ties the same way always.
        sql = (f"SELECT group_concat(rowid) FROM (SELECT rowid FROM library_fts WHERE library_fts MATCH ? "
               f"ORDER BY bm25(library_fts, {BM25_WEIGHTS}), rowid LIMIT ?)")
        return _parse_ids(self._one(sql, (expr, -1 if limit is None else int(limit))))

    def ranked_page(self, query: Query, limit: int) -> tuple[np.ndarray, dict[int, str]]:
        cur = _raw_cursor()
        cur.execute(
            f"SELECT rowid, snippet(library_fts, -1, ?, ?, '…', 24) FROM library_fts WHERE library_fts MATCH ? "
            f"ORDER BY bm25(library_fts, {BM25_WEIGHTS}), rowid LIMIT ?",
            (_HL_START, _HL_END, to_fts5(query), int(limit)),
        )
        rows = cur.fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64), dict(rows)

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        cur = _raw_cursor()
        cur.execute(
            "SELECT rowid, snippet(library_fts, -1, ?, ?, '…', 24) FROM library_fts WHERE library_fts MATCH ? "
            f"AND rowid IN ({','.join('?' * len(ids))})",
            (_HL_START, _HL_END, to_fts5(query), *ids),
        )
        return dict(cur.fetchall())


class _Postgres(_Backend):
    """tsvector + GIN; ts_rank_cd (cover density) ranks, ts_headline highlights."""

    # english with accents folded (migrations/versions/0007_search_unaccent.py): "sjogren" finds
    # Sjögren, as SQLite's tokenizer does.
    CONFIG = "library_fts_english"
    DOC_TEXT = "concat_ws(' … ', d.title, d.presentation, d.questions, d.recommendations, d.summary, d.follow_ups)"

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

        parts = ["(" + " || ".join(term(t) for t in clause) + ")" for clause in query.clauses]
        expr = " && ".join(parts)
        for t in query.exclude:
            expr = f"({expr}) && !!{term(t)}"
        return expr, params

    def count(self, query: Query) -> int:
        expr, params = self._tsquery(query)
        return db.session.execute(text(f"SELECT count(*) FROM library_documents d WHERE d.library_fts_vector @@ ({expr})"), params).scalar_one()

    def match_ids(self, query: Query) -> np.ndarray:
        expr, params = self._tsquery(query)
        ids = db.session.execute(text(f"SELECT array_agg(d.id) FROM library_documents d WHERE d.library_fts_vector @@ ({expr})"), params).scalar()
        return np.array(ids or [], dtype=np.int64)

    def ranked_ids(self, query: Query, heavy_only: bool = False, limit: int | None = None) -> np.ndarray:
        if heavy_only:  # no cheap column restriction here: the caller falls back to newest first
            return EMPTY
        expr, params = self._tsquery(query)
        params["k"] = limit  # LIMIT NULL is no limit
        ids = db.session.execute(text(
            f"SELECT array_agg(id) FROM (SELECT d.id FROM library_documents d, (SELECT {expr} AS q) q "
            f"WHERE d.library_fts_vector @@ q.q ORDER BY ts_rank_cd(d.library_fts_vector, q.q, 1) DESC, d.id DESC LIMIT :k) t"),
            params).scalar()
        return np.array(ids or [], dtype=np.int64)

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        expr, params = self._tsquery(query)
        opts = f"StartSel={_HL_START}, StopSel={_HL_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
        rows = db.session.execute(
            text(f"SELECT d.id, ts_headline('{self.CONFIG}', {self.DOC_TEXT}, q.q, :opts) FROM library_documents d, "
                 f"(SELECT {expr} AS q) q WHERE d.id = ANY(:ids)"),
            {**params, "opts": opts, "ids": list(ids)},
        ).all()
        return {r[0]: r[1] for r in rows}


def backend() -> _Backend:
    return _Postgres() if db.engine.dialect.name == "postgresql" else _SQLite()


_ENGINE_ERRORS: tuple[type[BaseException], ...] = (DBAPIError, sqlite3.Error)
try:  # psycopg raises its own errors when called outside SQLAlchemy's wrappers
    import psycopg

    _ENGINE_ERRORS += (psycopg.Error,)
except ImportError:  # pragma: no cover
    pass


def _snippet_html(raw: str) -> str:
    return html.escape(raw, quote=False).replace(_HL_START, "<mark>").replace(_HL_END, "</mark>")


def _plain_snippet(doc: DocSummary, n: int = 220) -> str:
    s = " ".join((doc.presentation or "").split())
    return html.escape(s[:n] + ("…" if len(s) > n else ""), quote=False)


def load_summaries(ids: list[int]) -> dict[int, DocSummary]:
    if not ids:
        return {}
    rows = _raw_all(
        "SELECT id, case_id, program_id, title, topic, year, age_band, sex, tags, published_at, substr(presentation, 1, 400) "
        f"FROM library_documents WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))
    return {r[0]: DocSummary(*r[:9], _utc(r[9]), r[10]) for r in rows}


def _utc(v) -> datetime:
    """published_at from the DBAPI: SQLite gives text, psycopg a naive datetime; both are UTC."""
    if isinstance(v, str):
        v = datetime.fromisoformat(v)
    return v.replace(tzinfo=timezone.utc)


# --- the one search function --------------------------------------------------------------

# Above this many matches a query is not ranked as a whole (bm25 costs about 2 µs per match):
# the cases matching in title, tags, questions or summary are ranked, the rest follow newest first.
RANK_LIMIT = 20_000


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
    try:
        per_page = max(1, min(int(per_page or PER_PAGE), MAX_PER_PAGE))
        page = max(1, min(int(page or 1), 10_000))
    except (TypeError, ValueError):
        per_page, page = PER_PAGE, 1
    q = (query or "")[:MAX_QUERY_CHARS]
    parsed = parse(q)
    bits = _bits()
    be = backend()
    allowed = visible_program_ids(viewer)
    start = (page - 1) * per_page
    plan = _Plan(bits, allowed, filters, sort, start + per_page)
    note = ""
    if parsed.empty and parsed.exclude:
        try:  # only -words: everything except the cases with any of them
            plan.run_browse(without=be.match_ids(Query([list(parsed.exclude)])))
        except _ENGINE_ERRORS:
            db.session.rollback()
            plan.run_browse()
    elif parsed.empty:
        plan.run_browse()
    else:
        parsed, note = _run(be, parsed, plan)

    facets = _facet_counts(bits, plan.mask, filters, allowed)
    page_ids = [int(i) for i in plan.order[start:start + per_page]]
    docs = load_summaries(page_ids)
    snippets = {i: plan.snippets[i] for i in page_ids if i in plan.snippets}
    missing = [i for i in page_ids if i in docs and i not in snippets]
    if missing and not parsed.empty:
        try:
            snippets.update(be.snippets(parsed, missing))
        except _ENGINE_ERRORS:
            db.session.rollback()
    hits = [Hit(docs[i], _snippet_html(snippets[i]) if snippets.get(i) else _plain_snippet(docs[i])) for i in page_ids if i in docs]
    return SearchResult(q, filters, sort, page, per_page, plan.total, hits, facets, note)


class _Plan:
    """The matches of one query as the viewer may see them, and the order to show them in.

    mask: bitmap of results (matches in visible programs passing the filters); order: result
    ids in display order, at least the first `need` of them.
    """

    def __init__(self, bits: _Bits, allowed: set[int] | None, filters: dict[str, list[str]], sort: str, need: int):
        self.bits, self.allowed, self.filters, self.sort, self.need = bits, allowed, filters, sort, need
        self.matched_ids = EMPTY
        self.mask = 0
        self.total = 0
        self.keep = np.zeros(0, dtype=bool)
        self.order = EMPTY
        self.snippets: dict[int, str] = {}

    def _restrict(self, matched: int) -> None:
        mask = matched
        if self.allowed is not None:
            mask &= self.bits.programs_mask(self.allowed)
        for f, chosen in self.filters.items():
            fmask = 0
            for v in chosen:
                fmask |= self.bits.values[f].get(v, 0)
            mask &= fmask
        self.mask = mask
        self.total = mask.bit_count()
        self.keep = _int_to_bools(mask, self.bits.n) if self.total else np.zeros(self.bits.n, dtype=bool)

    def _kept(self, ids: np.ndarray) -> np.ndarray:
        ids = ids[ids < self.bits.n]
        return ids[self.keep[ids]]

    def run_browse(self, without: np.ndarray = EMPTY) -> None:
        everything = self.bits.all
        if len(without):
            everything &= ~_ids_to_int(without, self.bits.n)
        self._restrict(everything)
        self.order = self._kept(self.bits.newest)

    def run(self, be: "_Backend", query: Query) -> None:
        self.matched_ids = be.match_ids(query)
        matched = _ids_to_int(self.matched_ids, self.bits.n)
        self._restrict(matched)
        if not self.total:
            self.order = EMPTY
        elif self.sort == "newest":
            self.order = self._kept(self.bits.newest)
        elif len(self.matched_ids) > RANK_LIMIT:
            # Too many to rank with bm25 in time: rank those matching in the heavy columns,
            # then the rest, newest first.
            head = self._kept(be.ranked_ids(query, heavy_only=True))
            rest = self.keep.copy()
            rest[head] = False
            self.order = np.concatenate([head, self.bits.newest[rest[self.bits.newest]]])
        else:
            # The top of the ranking is enough unless the viewer's access or the filters hide
            # many matches; then rank them all.
            # Ask for enough to fill the page after the viewer's access and the filters, as
            # judged from the share of matches they keep (bm25 costs the same for any limit).
            n_match = len(self.matched_ids)
            if self.mask == matched and self.need <= MAX_PER_PAGE:
                # Nothing hidden, first page(s): one query gives the ranking and the snippets.
                top, self.snippets = be.ranked_page(query, self.need)
                top = self._kept(top)
            else:
                k = self.need if self.mask == matched else int(self.need * n_match / self.total * 1.5) + 50
                top = self._kept(be.ranked_ids(query, limit=k if k < n_match else None))
            if len(top) >= min(self.need, self.total):
                self.order = top
            else:
                self.order = self._kept(be.ranked_ids(query))


def _run(be: _Backend, parsed: Query, plan: _Plan) -> tuple[Query, str]:
    """Run the query; on an engine error retry as plain words, then give up quietly."""
    try:
        plan.run(be, parsed)
        return parsed, ""
    except _ENGINE_ERRORS:
        db.session.rollback()
    plain = parsed.plain()
    if not plain.empty:
        try:
            plan.run(be, plain)
            return plain, "Your search was run as plain words."
        except _ENGINE_ERRORS:
            db.session.rollback()
    plan.matched_ids, plan.mask, plan.total, plan.order = EMPTY, 0, 0, EMPTY
    return parsed, "That search could not be run; try different words."


def _facet_counts(bits: _Bits, mask: int, filters: dict[str, list[str]], allowed: set[int] | None) -> dict[str, list[FacetValue]]:
    """Counts per facet value over the results: one AND and one popcount per value."""
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

_STOP = {"with", "from", "that", "this", "have", "after", "despite", "about", "into", "over", "than", "when", "what", "which", "their"}


def related(doc: LibraryDocument, viewer: User | None, limit: int = 5) -> list[DocSummary]:
    """Published cases sharing tags and words with this one, best first, as the viewer may see."""
    terms = [Term(t) for t in _lines(doc.tags)]
    words = [w for w in _WORD.findall(doc.title.lower()) if len(w) > 3 and w not in _STOP][:8]
    terms += [Term(w) for w in words]
    if not terms:
        return []
    q = Query([terms[:MAX_TERMS]])
    be = backend()
    try:
        ids = be.ranked_ids(q, heavy_only=be.count(q) > RANK_LIMIT, limit=200)
    except _ENGINE_ERRORS:
        db.session.rollback()
        return []
    allowed = visible_program_ids(viewer)
    bits = _bits()
    picked = [int(i) for i in ids if i != doc.id and (allowed is None or bits.program_of.get(int(i)) in allowed)][:limit]
    docs = load_summaries(picked)
    return [docs[i] for i in picked if i in docs]

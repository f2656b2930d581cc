"""What a search returns: result summaries with safe snippets, facets, the total."""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime

from echo.library.search.backend import raw_all
from echo.library.search.facets import FacetValue
from echo.library.search.query import HL_END, HL_START


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


def snippet_html(raw: str) -> str:
    """The engine's snippet escaped; only the highlight markers become <mark>."""
    return html.escape(raw, quote=False).replace(HL_START, "<mark>").replace(HL_END, "</mark>")


def plain_snippet(doc: DocSummary, n: int = 220) -> str:
    s = " ".join((doc.presentation or "").split())
    return html.escape(s[:n] + ("…" if len(s) > n else ""), quote=False)


def _utc(v: datetime | str) -> datetime:
    """published_at from the DBAPI: SQLite gives text, psycopg a naive datetime; both are UTC."""
    if isinstance(v, str):
        v = datetime.fromisoformat(v)
    return v.replace(tzinfo=UTC)


def load_summaries(ids: list[int]) -> dict[int, DocSummary]:
    if not ids:
        return {}
    rows = raw_all(
        "SELECT id, case_id, program_id, title, topic, year, age_band, sex, tags, published_at, substr(presentation, 1, 400) "
        f"FROM library_documents WHERE id IN ({','.join('?' * len(ids))})", ids)
    return {
        r[0]: DocSummary(id=r[0], case_id=r[1], program_id=r[2], title=r[3], topic=r[4], year=r[5], age_band=r[6],
                         sex=r[7], tags=r[8], published_at=_utc(r[9]), presentation=r[10])
        for r in rows
    }

"""The case library: published entries, the search index's change token, learners' saved lists.

A LibraryDocument is written when a coordinator publishes a case and deleted when the case
is unpublished. It is a snapshot of exactly what the library shows (the de-identified
presentation, the questions, the recommendations, the summary and the follow-ups) and
nothing else; library pages and the API read only from it. The full-text index over it
(SQLite FTS5 table `library_fts` / PostgreSQL column `library_fts_vector`) is raw SQL in
migrations/versions/0005_library.py and has no model.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from echo.core.extensions import db
from echo.core.types import UTCDateTime, utcnow


class SavedCase(db.Model):
    __tablename__ = "saved_cases"
    __table_args__ = (UniqueConstraint("user_id", "case_id", name="uq_saved_cases_user_case"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LibraryDocument(db.Model):
    """One published case as the library shows it and searches it.

    Text columns are what the search box searches (one FTS column each); the facet columns
    hold the values the filters count. Multi-valued facets are stored one value per line.
    """

    __tablename__ = "library_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)

    # Searched text.
    title: Mapped[str] = mapped_column(String(200), default="")
    presentation: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    follow_ups: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(Text, default="")
    topic: Mapped[str] = mapped_column(String(200), default="")
    # The language the text is written in (its program's, "en", "es" or "fr"): PostgreSQL
    # stems each entry with that language's configuration (migrations 0014_search_languages).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")

    # Facets.
    age_band: Mapped[str] = mapped_column(String(20), default="")
    sex: Mapped[str] = mapped_column(String(20), default="")
    year: Mapped[int] = mapped_column(Integer)
    instruments: Mapped[str] = mapped_column(String(100), default="")
    categories: Mapped[str] = mapped_column(String(200), default="")

    # Shown only: "" unless the presenter agreed to be named.
    presenter_name: Mapped[str] = mapped_column(String(120), default="")
    # The structured snapshot the case page and the API render (see echo/library/publish.py).
    data: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class LibraryState(db.Model):
    """One row: a token that changes (by trigger) whenever library_documents changes.

    Search processes keep facet bitmaps in memory and rebuild them when the token moves.
    """

    __tablename__ = "library_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64))

"""Facet counts and access filtering as bitmaps, kept per process.

Facets and access filtering do not run as SQL GROUP BY. Each process keeps, per facet value,
a bitmap (a Python int) of the library documents that have it, rebuilt only when
library_state.token changes (a trigger moves it on every write to library_documents). A
search turns the ids of its matches into a bitmap, ANDs it with the bitmaps of the programs
the viewer may see and of the chosen filters, and counts every facet value with one AND and
a popcount.
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from echo.live.categories import CATEGORY_LABELS as BOARD_CATEGORY_LABELS
from echo.cases.operations import SEXES
from echo.core.extensions import db
from echo.library.search.backend import raw_cursor
from echo.programs.models import Program

# Facet name -> its label. Multi-valued ones (tag, category, instrument) are stored one value per line.
FACETS = {
    "program": _l("Program"),
    "tag": _l("Tag"),
    "category": _l("Recommendation category"),
    "age_band": _l("Age band"),
    "sex": _l("Sex"),
    "instrument": _l("Screening instrument"),
    "year": _l("Year"),
}
# A recommendation's category as the library names it, in the reader's language (lazy); a
# category the board adds later shows with the board's own label until it is listed here.
CATEGORY_LABELS = {
    **BOARD_CATEGORY_LABELS,
    "diagnostics": _l("Diagnostics"),
    "medication": _l("Medication"),
    "behavioural": _l("Behavioural"),
    "referral": _l("Referral"),
    "monitoring": _l("Monitoring"),
    "other": _l("Other"),
}
INSTRUMENT_LABELS = {"phq9": "PHQ-9", "gad7": "GAD-7", "auditc": "AUDIT-C"}
MAX_FILTER_VALUES = 20
TAGS_SHOWN = 30


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


def ids_to_bitmap(ids: np.ndarray, n: int) -> int:
    """A bitmap (bit i set for each id i < n) as a Python int."""
    z = np.zeros(n, dtype=bool)
    if len(ids):
        z[ids[ids < n]] = True
    return int.from_bytes(np.packbits(z, bitorder="little").tobytes(), "little")


def bitmap_to_bools(m: int, n: int) -> np.ndarray:
    raw = np.frombuffer(m.to_bytes((n + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:n].astype(bool)


class FacetBitmaps:
    """Per facet value, the set of library documents (by id) that have it, as a Python int."""

    def __init__(self, token: str | None):
        self.token = token
        self.n = 1                      # bitmaps cover ids 0..n-1
        self.all = 0
        self.values: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        self.labels: dict[str, dict[str, str]] = {f: {} for f in FACETS}
        self.program_of: dict[int, int] = {}
        self.newest = np.zeros(0, dtype=np.int64)  # ids, newest first
        self._program_masks: dict[frozenset[int], int] = {}  # union of program bitmaps, per set of visible programs

    def programs_mask(self, allowed: set[int]) -> int:
        key = frozenset(allowed)
        m = self._program_masks.get(key)
        if m is None:
            m = 0
            for pid in key:
                m |= self.values["program"].get(str(pid), 0)
            if len(self._program_masks) > 1000:
                self._program_masks.clear()
            self._program_masks[key] = m
        return m

    def filters_mask(self, filters: Mapping[str, list[str]]) -> int | None:
        """Documents passing every chosen filter (OR within a facet, AND across); None if no filter."""
        mask: int | None = None
        for f, chosen in filters.items():
            fmask = 0
            for v in chosen:
                fmask |= self.values[f].get(v, 0)
            mask = fmask if mask is None else mask & fmask
        return mask


_cache: dict[str, FacetBitmaps] = {}
_lock = threading.Lock()


def _current_token() -> str | None:
    cur = raw_cursor()
    cur.execute("SELECT token FROM library_state WHERE id = 1")
    row = cur.fetchone()
    return row[0] if row else None


def bitmaps() -> FacetBitmaps:
    """This process's bitmaps for the current database, rebuilt if the library changed."""
    token = _current_token()
    key = str(db.engine.url)
    cached = _cache.get(key)
    if cached is not None and cached.token == token:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached.token == token:
            return cached
        built = _build(token)
        _cache[key] = built
        return built


def invalidate_cache() -> None:
    _cache.clear()


def _build(token: str | None) -> FacetBitmaps:
    b = FacetBitmaps(token)
    if token is None:
        return b
    cur = raw_cursor()
    cur.execute("SELECT id, program_id, tags, categories, age_band, sex, instruments, year FROM library_documents "
                "ORDER BY published_at DESC, id DESC")
    rows = cur.fetchall()
    if not rows:
        return b
    cols = list(zip(*rows))
    ids = np.array(cols[0], dtype=np.int64)
    b.n = int(ids.max()) + 1
    b.newest = ids
    b.all = ids_to_bitmap(ids, b.n)
    b.program_of = dict(zip(cols[0], cols[1]))
    for f, k in (("program", 1), ("age_band", 4), ("sex", 5), ("year", 7)):
        codes: dict[object, int] = {}
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
    names = dict(db.session.execute(select(Program.id, Program.name).where(Program.id.in_(set(b.program_of.values())))).tuples().all())
    b.labels["program"] = {str(k): v for k, v in names.items()}
    b.labels["category"] = dict(CATEGORY_LABELS)
    b.labels["instrument"] = dict(INSTRUMENT_LABELS)
    b.labels["sex"] = dict(SEXES)
    return b


def _group_into(b: FacetBitmaps, facet: str, ids: np.ndarray, codes_of_ids: np.ndarray, codes: dict[object, int]) -> None:
    """One bitmap per distinct value: ids grouped by value code with numpy, not a Python loop."""
    order = np.argsort(codes_of_ids, kind="stable")
    bounds = np.searchsorted(codes_of_ids[order], np.arange(len(codes) + 1))
    for v, j in codes.items():
        if v is not None and v != "":
            b.values[facet][str(v)] = ids_to_bitmap(ids[order[bounds[j]:bounds[j + 1]]], b.n)


def clean_filters(filters: Mapping[str, object] | None) -> dict[str, list[str]]:
    """Known facets only, each with at most 20 distinct non-blank values of at most 100 characters."""
    out: dict[str, list[str]] = {}
    for k, vals in (filters or {}).items():
        if k not in FACETS:
            continue
        items = [vals] if isinstance(vals, str) else list(vals) if isinstance(vals, (list, tuple, set)) else [vals]
        vs = [str(v)[:100] for v in items if str(v).strip()][:MAX_FILTER_VALUES]
        if vs:
            out[k] = sorted(set(vs))
    return out


def facet_counts(b: FacetBitmaps, mask: int, filters: Mapping[str, list[str]],
                 allowed: set[int] | None) -> dict[str, list[FacetValue]]:
    """Counts per facet value over the results: one AND and one popcount per value."""
    out: dict[str, list[FacetValue]] = {}
    for f in FACETS:
        chosen = set(filters.get(f, []))
        vals = []
        for v, bm in b.values[f].items():
            if f == "program" and allowed is not None and int(v) not in allowed:
                continue
            c = (mask & bm).bit_count() if mask else 0
            if c or v in chosen:
                vals.append(FacetValue(v, b.labels[f].get(v, v), c, v in chosen))
        if f == "year":
            vals.sort(key=lambda fv: fv.value, reverse=True)
        elif f == "age_band":
            vals.sort(key=lambda fv: fv.value)
        else:
            vals.sort(key=lambda fv: (-fv.count, fv.label.lower()))
        out[f] = vals[:TAGS_SHOWN] if f == "tag" else vals
    return out

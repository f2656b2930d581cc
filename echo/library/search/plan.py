"""Which matches the viewer sees, and in what order: the ranking plan of one search."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from flask_babel import gettext as _

from echo.core.extensions import db
from echo.library.search.backend import EMPTY, ENGINE_ERRORS, Backend
from echo.library.search.facets import FacetBitmaps, bitmap_to_bools, ids_to_bitmap
from echo.library.search.query import Query

MAX_PER_PAGE = 50


class Plan:
    """The matches of one query as the viewer may see them, and the order to show them in.

    mask: bitmap of results (matches in visible programs passing the filters); order: result
    ids in display order, at least the first `need` of them; snippets: those the ranking
    query gave on the way.
    """

    def __init__(self, bits: FacetBitmaps, allowed: set[int] | None, filters: Mapping[str, list[str]], sort: str, need: int):
        self.bits, self.allowed, self.filters, self.sort, self.need = bits, allowed, filters, sort, need
        self.matched_ids = EMPTY
        self.mask = 0
        self.total = 0
        self.keep = np.zeros(0, dtype=bool)
        self.order = EMPTY
        self.snippets: dict[int, str] = {}

    def clear(self) -> None:
        self.matched_ids, self.mask, self.total, self.order = EMPTY, 0, 0, EMPTY

    def _restrict(self, matched: int) -> None:
        mask = matched
        if self.allowed is not None:
            mask &= self.bits.programs_mask(self.allowed)
        filtered = self.bits.filters_mask(self.filters)
        if filtered is not None:
            mask &= filtered
        self.mask = mask
        self.total = mask.bit_count()
        self.keep = bitmap_to_bools(mask, self.bits.n) if self.total else np.zeros(self.bits.n, dtype=bool)

    def _kept(self, ids: np.ndarray) -> np.ndarray:
        ids = ids[ids < self.bits.n]
        kept: np.ndarray = ids[self.keep[ids]]
        return kept

    def run_browse(self, without: np.ndarray = EMPTY) -> None:
        everything = self.bits.all
        if len(without):
            everything &= ~ids_to_bitmap(without, self.bits.n)
        self._restrict(everything)
        self.order = self._kept(self.bits.newest)

    def run(self, be: Backend, query: Query) -> None:
        self.matched_ids = be.match_ids(query)
        matched = ids_to_bitmap(self.matched_ids, self.bits.n)
        self._restrict(matched)
        if not self.total:
            self.order = EMPTY
        elif self.sort == "newest":
            self.order = self._kept(self.bits.newest)
        elif len(self.matched_ids) > be.rank_limit:
            # Too many to rank in time: rank those matching in the heavy columns, then the
            # rest, newest first.
            head = self._kept(be.ranked_ids(query, heavy_only=True))
            rest = self.keep.copy()
            rest[head] = False
            self.order = np.concatenate([head, self.bits.newest[rest[self.bits.newest]]])
        else:
            self._rank_top(be, query, matched)

    def _rank_top(self, be: Backend, query: Query, matched: int) -> None:
        # The top of the ranking is enough unless the viewer's access or the filters hide many
        # matches: ask for enough to fill the page after them, as judged from the share of
        # matches they keep, and rank them all if that was still too few.
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


def run_query(be: Backend, parsed: Query, plan: Plan) -> tuple[Query, str]:
    """Run the query; on an engine error retry as plain words, then give up quietly.

    Returns the query that ran and a note for the reader when it was not the one typed.
    """
    try:
        plan.run(be, parsed)
        return parsed, ""
    except ENGINE_ERRORS:
        db.session.rollback()
    plain = parsed.plain()
    if not plain.empty:
        try:
            plan.run(be, plain)
            return plain, _("Your search was run as plain words.")
        except ENGINE_ERRORS:
            db.session.rollback()
    plan.clear()
    return parsed, _("That search could not be run; try different words.")

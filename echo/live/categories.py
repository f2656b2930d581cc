"""The categories of a recommendation, in the order the board, the summary and the library list them."""
from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    diagnostics = "diagnostics"
    medication = "medication"
    behavioural = "behavioural"
    referral = "referral"
    monitoring = "monitoring"
    other = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        """Its place in the listing order (the order of definition)."""
        return _ORDER.index(self)


_ORDER = list(Category)
# The stored values in order (a recommendation's `category` column holds one of them).
CATEGORIES: tuple[str, ...] = tuple(c.value for c in Category)
CATEGORY_LABELS: dict[str, str] = {c.value: c.label for c in Category}


def rank(value: str) -> int:
    """A stored category's place in the listing order; an unknown one goes last."""
    return CATEGORIES.index(value) if value in CATEGORIES else len(CATEGORIES)

"""The categories of a recommendation, in the order the board, the summary and the library list them."""
from __future__ import annotations

from enum import StrEnum

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext


class Category(StrEnum):
    diagnostics = "diagnostics"
    medication = "medication"
    behavioural = "behavioural"
    referral = "referral"
    monitoring = "monitoring"
    other = "other"

    @property
    def label(self) -> LazyString:
        """Its name for people, in the language of wherever it is shown (a lazy string)."""
        return _LABELS[self.value]

    @property
    def rank(self) -> int:
        """Its place in the listing order (the order of definition)."""
        return _ORDER.index(self)


_LABELS: dict[str, LazyString] = {
    "diagnostics": _l("Diagnostics"), "medication": _l("Medication"), "behavioural": _l("Behavioural"),
    "referral": _l("Referral"), "monitoring": _l("Monitoring"), "other": lazy_pgettext("category", "Other"),
}
_ORDER = list(Category)
# The stored values in order (a recommendation's `category` column holds one of them).
CATEGORIES: tuple[str, ...] = tuple(c.value for c in Category)
CATEGORY_LABELS: dict[str, LazyString] = {c.value: c.label for c in Category}


def category_label(value: str | None) -> str:
    """A stored category as the board names it, in the reader's language; an unknown one as
    stored, capitalised. A template filter (live's init_app), for the pages of the features
    below live that show recommendations (the case page)."""
    if not value:
        return ""
    return str(CATEGORY_LABELS[value]) if value in CATEGORY_LABELS else value.capitalize()


def rank(value: str) -> int:
    """A stored category's place in the listing order; an unknown one goes last."""
    return CATEGORIES.index(value) if value in CATEGORIES else len(CATEGORIES)

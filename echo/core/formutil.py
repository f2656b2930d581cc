"""Small helpers shared by the feature forms."""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import LazyString
from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[str, str | LazyString]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated from WTForms 3.3); a label
    may be a lazy translation, rendered in the request's language."""
    return [SelectChoice(value, label) for value, label in pairs]

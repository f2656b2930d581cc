"""The disclosure form: nothing to disclose, or a few relationships."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, SelectField, StringField
from wtforms.validators import Length, Optional

from echo.core.formutil import choices
from echo.disclosures.models import Nature
from echo.disclosures.operations import ENTITY_MAX, Row

ROWS = 3


class RelationshipForm(Form):
    """One row; the outer form carries the CSRF token."""

    entity = StringField(_l("Company"), validators=[Optional(), Length(max=ENTITY_MAX, message=_l("Keep the company's name short."))])
    nature = SelectField(_l("Nature of the relationship"), validators=[Optional()])
    mitigated = BooleanField(_l("Mitigated"))

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.nature.choices = choices([("", _l("Choose")), *((n.value, n.label) for n in Nature)])


class DisclosureForm(FlaskForm):
    none_to_disclose = BooleanField(_l("I have no financial relationships with ineligible companies to disclose"))
    relationships = FieldList(FormField(RelationshipForm), min_entries=ROWS, max_entries=10)

    def rows(self) -> list[Row]:
        return [Row(entity=r.form.entity.data or "", nature=r.form.nature.data or None, mitigated=bool(r.form.mitigated.data))
                for r in self.relationships]

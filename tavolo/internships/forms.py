"""The form for the internships a host business took in for a project."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from tavolo.directory.forms import NUMBER_INVALID, YEAR, YEAR_INVALID, too_long
from tavolo.forms import Form


class PlacementForm(Form):
    project_id = SelectField(_l("Progetto"), choices=[], validate_choice=True)
    year = IntegerField(_l("Anno"), validators=[InputRequired(YEAR_INVALID), YEAR],
                        invalid_value_message=YEAR_INVALID)
    interns = IntegerField(_l("Tirocinanti ospitati"), validators=[
        InputRequired(_l("Indica quanti tirocinanti sono stati ospitati.")),
        NumberRange(min=1, max=999, message=_l("Scrivi un numero tra 1 e 999."))],
        invalid_value_message=NUMBER_INVALID)
    months = IntegerField(_l("Durata in mesi"), validators=[
        Optional(), NumberRange(min=1, max=60, message=_l("Scrivi un numero di mesi tra 1 e 60."))],
        invalid_value_message=NUMBER_INVALID)
    notes = StringField(_l("Note"), validators=[too_long(500)])

    def validate_project_id(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Scegli il progetto che ha inserito i tirocinanti."))

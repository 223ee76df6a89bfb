"""Forms for minutes, decisions, action items and corrections.

The minutes form has one text area per agenda item, so its class is built for the agenda at
hand (``minutes_form``); field names carry the item's id.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField

from tavolo.forms import Form, choices
from tavolo.meetings.forms import BAD_DATE, optional_int, too_long
from tavolo.meetings.models import ActionStatus
from tavolo.meetings.models.minutes import ACTION_STATUS_LABELS
from tavolo.meetings.services.minutes import (MAX_ACTION, MAX_DECISION, MAX_NOTES, MAX_REASON,
                                              MAX_STATUS_NOTE, MAX_SUMMARY)
from wtforms.validators import InputRequired, Optional


class _MinutesBase(Form):
    summary = TextAreaField(_l("Resoconto generale (Markdown)"),
                            validators=[too_long(MAX_SUMMARY)], render_kw={"rows": 4})


def minutes_form(items, correction: bool = False, **kwargs) -> Form:
    """A form with the summary and one ``notes_<id>`` area per agenda item; with
    ``correction`` also the mandatory reason."""

    class MinutesForm(_MinutesBase):
        pass

    for item in items:
        setattr(MinutesForm, f"notes_{item.id}", TextAreaField(
            _l("Verbale del punto %(n)s – %(title)s", n=item.position, title=item.title),
            validators=[too_long(MAX_NOTES)], render_kw={"rows": 6}))
    if correction:
        MinutesForm.reason = TextAreaField(_l("Motivo della correzione"), validators=[
            InputRequired(_l("Scrivi il motivo della correzione: resta nello storico delle "
                             "versioni.")), too_long(MAX_REASON)], render_kw={"rows": 2})
    return MinutesForm(**kwargs)


class _Prefixed(Form):
    """Decision and action forms share a page, so their fields carry a prefix; the token is
    the page's ``csrf_token`` checked by CSRFProtect on every POST."""

    class Meta:
        csrf = False


class DecisionForm(_Prefixed):
    text = TextAreaField(_l("Testo della decisione"), render_kw={"rows": 3}, validators=[
        InputRequired(_l("Scrivi il testo della decisione.")), too_long(MAX_DECISION)])
    project_id = SelectField(_l("Progetto collegato"), coerce=optional_int, validate_choice=False)
    agenda_item_id = SelectField(_l("Punto dell'ordine del giorno"), coerce=optional_int,
                                 validate_choice=False)


class ActionForm(_Prefixed):
    what = StringField(_l("Che cosa va fatto"), validators=[
        InputRequired(_l("Scrivi che cosa va fatto.")), too_long(MAX_ACTION)])
    owner_id = SelectField(_l("Responsabile"), coerce=optional_int, validate_choice=False)
    due_on = DateField(_l("Entro il"), invalid_value_message=BAD_DATE, validators=[Optional()])
    agenda_item_id = SelectField(_l("Punto dell'ordine del giorno"), coerce=optional_int,
                                 validate_choice=False)


class ActionStatusForm(Form):
    status = SelectField(_l("Stato"), choices=choices((s.value, ACTION_STATUS_LABELS[s])
                                                      for s in ActionStatus),
                         validators=[InputRequired()])
    note = StringField(_l("Nota"), validators=[too_long(MAX_STATUS_NOTE)])

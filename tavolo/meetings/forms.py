"""Forms of the meetings area. Lengths are checked here for the form's sake and again by the
services, which are the rule (they are used without forms too).

The minutes form has one text area per agenda item, so its class is built for the agenda at
hand (``minutes_form``); field names carry the item's id.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from tavolo.forms import Form, choices
from tavolo.meetings.models import MAX_DURATION_MINUTES, ActionStatus, MeetingKind
from tavolo.meetings.models.meeting import KIND_LABELS
from tavolo.meetings.models.minutes import ACTION_STATUS_LABELS
from tavolo.meetings.services.agenda import MAX_DECLINE_REASON, MAX_ITEM_DESCRIPTION, MAX_ITEM_TITLE
from tavolo.meetings.services.invitations import MAX_RSVP_NOTE
from tavolo.meetings.services.meetings import (
    MAX_DESCRIPTION,
    MAX_PLACE,
    MAX_QUORUM,
    MAX_REASON,
    MAX_TITLE,
    MAX_URL,
)
from tavolo.meetings.services.minutes import (
    MAX_ACTION,
    MAX_DECISION,
    MAX_NOTES,
    MAX_STATUS_NOTE,
    MAX_SUMMARY,
)
from tavolo.meetings.services.minutes import MAX_REASON as MAX_CORRECTION_REASON
from tavolo.meetings.services.series import ORDINAL_LABELS, WEEKDAY_LABELS
from tavolo.visibility import VISIBILITY_LABELS, Visibility

BAD_DATE = _l("Scrivi una data valida, per esempio 03/03/2026.")
BAD_TIME = _l("Scrivi un orario valido, per esempio 15:00.")
BAD_NUMBER = _l("Scrivi un numero intero.")


def too_long(limit: int):
    return Length(max=limit, message=_l("Al massimo %(max)d caratteri.", max=limit))


def optional_int(value):
    """Select values: an id, or nothing chosen."""
    if value in (None, "", "None"):
        return None
    return int(value)


def _kind_choices():
    return choices((kind.value, label) for kind, label in KIND_LABELS.items())


def visibility_choices():
    return choices((v.value, VISIBILITY_LABELS[v])
                   for v in (Visibility.CORE, Visibility.NETWORK, Visibility.PUBLIC))


class _TimesMixin:
    start = TimeField(_l("Ora di inizio"), invalid_value_message=BAD_TIME,
                      validators=[InputRequired(_l("Indica l'ora di inizio."))])
    end = TimeField(_l("Ora di fine"), invalid_value_message=BAD_TIME,
                    validators=[InputRequired(_l("Indica l'ora di fine."))])


class MeetingForm(_TimesMixin, Form):
    title = StringField(_l("Titolo"), validators=[
        InputRequired(_l("Scrivi il titolo della riunione.")), too_long(MAX_TITLE)])
    kind = RadioField(_l("Tipo di riunione"), choices=_kind_choices(),
                      default=MeetingKind.CORE.value)
    visibility = SelectField(_l("Chi può vederla"), choices=visibility_choices(),
                             default=Visibility.CORE.value)
    day = DateField(_l("Data"), invalid_value_message=BAD_DATE,
                    validators=[InputRequired(_l("Indica la data."))])
    place = StringField(_l("Luogo"), validators=[too_long(MAX_PLACE)])
    online_url = StringField(_l("Link per partecipare a distanza"), validators=[too_long(MAX_URL)])
    description = TextAreaField(_l("Descrizione"), validators=[too_long(MAX_DESCRIPTION)],
                                render_kw={"rows": 5})
    quorum = IntegerField(_l("Numero legale (enti presenti)"), invalid_value_message=BAD_NUMBER,
                          validators=[Optional(), NumberRange(1, MAX_QUORUM, _l(
                              "Tra 1 e %(max)d.", max=MAX_QUORUM))])
    invite_network = BooleanField(_l("Invita subito tutti gli enti attivi del gruppo ristretto "
                                     "(riunione ristretta) o di tutta la rete (riunione "
                                     "allargata)"), default=True)


class SeriesForm(_TimesMixin, Form):
    title = StringField(_l("Titolo di ogni riunione"), validators=[
        InputRequired(_l("Scrivi il titolo delle riunioni.")), too_long(MAX_TITLE)])
    kind = RadioField(_l("Tipo di riunione"), choices=_kind_choices(),
                      default=MeetingKind.CORE.value)
    visibility = SelectField(_l("Chi può vederle"), choices=visibility_choices(),
                             default=Visibility.CORE.value)
    ordinal = SelectField(_l("Quale nel mese"), coerce=int, default=1,
                          choices=choices(ORDINAL_LABELS.items()))
    weekday = SelectField(_l("Giorno della settimana"), coerce=int, default=1,
                          choices=choices(WEEKDAY_LABELS.items()))
    first_date = DateField(_l("Dal giorno"), invalid_value_message=BAD_DATE,
                           validators=[InputRequired(_l("Indica da quando."))])
    until_date = DateField(_l("Fino al giorno"), invalid_value_message=BAD_DATE,
                           validators=[InputRequired(_l("Indica fino a quando."))])
    place = StringField(_l("Luogo"), validators=[too_long(MAX_PLACE)])
    online_url = StringField(_l("Link per partecipare a distanza"), validators=[too_long(MAX_URL)])
    description = TextAreaField(_l("Descrizione"), validators=[too_long(MAX_DESCRIPTION)],
                                render_kw={"rows": 5})
    invite_network = MeetingForm.invite_network


class CancelForm(Form):
    reason = TextAreaField(_l("Motivo dell'annullamento (sarà scritto agli invitati)"),
                           validators=[too_long(MAX_REASON)], render_kw={"rows": 3})


class InviteForm(Form):
    organizations = SelectMultipleField(_l("Enti"), coerce=int, validate_choice=False)
    people = SelectMultipleField(_l("Persone"), coerce=int, validate_choice=False)


class AgendaItemForm(Form):
    title = StringField(_l("Titolo del punto"), validators=[
        InputRequired(_l("Scrivi il titolo del punto.")), too_long(MAX_ITEM_TITLE)])
    description = TextAreaField(_l("Descrizione (Markdown)"), render_kw={"rows": 5},
                                validators=[too_long(MAX_ITEM_DESCRIPTION)])
    duration_minutes = IntegerField(_l("Minuti previsti"), default=15,
                                    invalid_value_message=BAD_NUMBER, validators=[
                                        InputRequired(_l("Indica i minuti previsti.")),
                                        NumberRange(1, MAX_DURATION_MINUTES, _l(
                                            "Tra 1 e %(max)d minuti.",
                                            max=MAX_DURATION_MINUTES))])
    presenter_id = SelectField(_l("Relatore o relatrice"), coerce=optional_int,
                               validate_choice=False)
    project_id = SelectField(_l("Progetto collegato"), coerce=optional_int,
                             validate_choice=False)
    proposal_id = SelectField(_l("Proposta collegata"), coerce=optional_int,
                              validate_choice=False)


class DeclineForm(Form):
    reason = TextAreaField(_l("Perché la proposta non è accolta"), render_kw={"rows": 4},
                           validators=[
        InputRequired(_l("Spiega a chi l'ha proposta perché la proposta non è accolta.")),
        too_long(MAX_DECLINE_REASON)])


class RsvpForm(Form):
    answer = RadioField(_l("La tua risposta"), choices=choices([
        ("yes", _l("Partecipo")), ("maybe", _l("Forse")), ("no", _l("Non partecipo"))]),
        validators=[InputRequired(_l("Scegli una risposta."))])
    delegate = SelectField(_l("Mi faccio sostituire da (stesso ente)"), coerce=optional_int,
                           validate_choice=False)
    note = StringField(_l("Nota per il coordinamento"), validators=[too_long(MAX_RSVP_NOTE)])

class QuickRsvpForm(Form):
    """One click from the dashboard: just the answer (note and delegate stay as they were)."""
    answer = RadioField(_l("La tua risposta"), choices=choices([
        ("yes", _l("Partecipo")), ("maybe", _l("Forse")), ("no", _l("Non partecipo"))]),
        validators=[InputRequired(_l("Scegli una risposta."))])


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
                             "versioni.")), too_long(MAX_CORRECTION_REASON)], render_kw={"rows": 2})
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

"""Forms of the seminars area; the services check the rules again (they are the rule)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from tavolo.forms import Form, choices
from tavolo.seminars.services import MAX_ABSTRACT, MAX_PLACE, MAX_PLACES, MAX_TITLE, MAX_URL
from tavolo.visibility import VISIBILITY_LABELS, Visibility


def _too_long(limit: int):
    return Length(max=limit, message=_l("Al massimo %(max)d caratteri.", max=limit))


def visibility_choices():
    return choices((v.value, VISIBILITY_LABELS[v])
                   for v in (Visibility.PUBLIC, Visibility.NETWORK, Visibility.CORE))


class _Ids(SelectMultipleField):
    """A multiple select of ids; choices are filled by the view."""

    def pre_validate(self, form) -> None:
        values = {str(value) for value, _label, *_rest in self.iter_choices()}
        for item in self.data or []:
            if str(item) not in values:
                raise ValueError(_l("Una delle scelte non esiste più: ricarica la pagina."))


class SeminarForm(Form):
    title = StringField(_l("Titolo"), validators=[
        InputRequired(_l("Scrivi il titolo del seminario.")), _too_long(MAX_TITLE)])
    day = DateField(_l("Data"), invalid_value_message=_l("Scrivi una data valida, per esempio "
                                                          "03/03/2026."),
                    validators=[InputRequired(_l("Indica la data."))])
    start = TimeField(_l("Ora di inizio"), invalid_value_message=_l("Scrivi un orario valido."),
                      validators=[InputRequired(_l("Indica l'ora di inizio."))])
    end = TimeField(_l("Ora di fine"), invalid_value_message=_l("Scrivi un orario valido."),
                    validators=[InputRequired(_l("Indica l'ora di fine."))])
    place = StringField(_l("Luogo"), validators=[_too_long(MAX_PLACE)])
    online_url = StringField(_l("Link per seguirlo a distanza"), validators=[_too_long(MAX_URL)])
    abstract = TextAreaField(_l("Abstract"), validators=[_too_long(MAX_ABSTRACT)],
                             render_kw={"rows": 8})
    speaker_ids = _Ids(_l("Relatori della rubrica"), coerce=int, render_kw={"size": 8})
    external_speakers = TextAreaField(_l("Relatori esterni"), render_kw={"rows": 3})
    topic_ids = _Ids(_l("Temi"), coerce=int, render_kw={"size": 6})
    project_ids = _Ids(_l("Progetti collegati"), coerce=int, render_kw={"size": 6})
    organization_ids = _Ids(_l("Enti organizzatori"), coerce=int, render_kw={"size": 6})
    visibility = SelectField(_l("Chi può vederlo"), choices=visibility_choices(),
                             default=Visibility.PUBLIC.value)
    registration_enabled = BooleanField(_l("Raccogli le iscrizioni"))
    places = IntegerField(_l("Posti disponibili"), invalid_value_message=_l("Scrivi un numero "
                                                                           "intero."),
                          validators=[Optional(), NumberRange(1, MAX_PLACES, _l(
                              "Tra 1 e %(max)d.", max=MAX_PLACES))])


class TopicForm(Form):
    name = StringField(_l("Nome del tema"), validators=[
        InputRequired(_l("Scrivi il nome del tema.")), _too_long(80)])


class RegistrationForm(Form):
    name = StringField(_l("Nome e cognome"), validators=[
        InputRequired(_l("Scrivi il tuo nome.")), _too_long(200)])
    email = StringField(_l("E-mail"), validators=[
        InputRequired(_l("Scrivi il tuo indirizzo e-mail.")),
        Email(_l("Scrivi un indirizzo e-mail valido."), check_deliverability=False),
        _too_long(254)])


class ConfirmForm(Form):
    pass

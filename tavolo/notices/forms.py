"""Forms of the notice board; the services check the rules again (they are the rule)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from tavolo.forms import Form, choices
from tavolo.notices.models import NOTICE_LEVELS, NoticeKind
from tavolo.notices.services import MAX_BODY, MAX_REASON, MAX_TITLE
from tavolo.visibility import VISIBILITY_LABELS, Visibility


def _too_long(limit: int):
    return Length(max=limit, message=_l("Al massimo %(max)d caratteri.", max=limit))


def visibility_choices(user=None):
    """Every level a notice may have; partners are not offered the core group."""
    levels = [v for v in NOTICE_LEVELS
              if user is None or v != Visibility.CORE or user.is_core]
    return choices((v.value, VISIBILITY_LABELS[v]) for v in levels)


_DATE_MESSAGE = _l("Scrivi una data valida, per esempio 31/03/2027.")


class NoticeForm(Form):
    kind = SelectField(_l("Tipo di avviso"),
                       choices=choices((k.value, label) for k, label in NoticeKind.labels().items()),
                       default=NoticeKind.FUNDING.value)
    title = StringField(_l("Titolo"), validators=[
        InputRequired(_l("Scrivi il titolo dell'avviso.")), _too_long(MAX_TITLE)])
    body = TextAreaField(_l("Testo"), validators=[
        InputRequired(_l("Scrivi il testo dell'avviso: un avviso vuoto non dice nulla alla "
                         "rete.")), _too_long(MAX_BODY)], render_kw={"rows": 10})
    deadline = DateField(_l("Scadenza (facoltativa)"), invalid_value_message=_DATE_MESSAGE,
                         validators=[Optional()])
    expires_on = DateField(_l("Resta in bacheca fino al (facoltativo)"),
                           invalid_value_message=_DATE_MESSAGE, validators=[Optional()])
    project_id = SelectField(_l("Progetto collegato (facoltativo)"), choices=choices([("", "—")]),
                             validate_choice=False)
    visibility = SelectField(_l("Chi può vederlo"), choices=visibility_choices(),
                             default=Visibility.NETWORK.value)
    email_requested = BooleanField(_l("Invia per e-mail alla rete"))


class SettingsForm(Form):
    others_may_post = BooleanField(_l("I partner e i membri possono pubblicare avvisi"))
    approval_required = BooleanField(_l("Gli avvisi dei partner e dei membri richiedono "
                                        "l'approvazione del coordinamento"))


class RejectForm(Form):
    reason = TextAreaField(_l("Motivo"), validators=[
        InputRequired(_l("Scrivi il motivo: chi ha scritto l'avviso lo leggerà.")),
        _too_long(MAX_REASON)], render_kw={"rows": 3})


class ConfirmForm(Form):
    pass

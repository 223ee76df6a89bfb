"""Forms of the coordinator's user administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length

from tavolo.auth.models import LANGUAGES, ROLE_LABELS, Role
from tavolo.forms import Form, choices


def _role_choices():
    return choices((role.value, ROLE_LABELS[role]) for role in Role)


class InviteForm(Form):
    email = EmailField(_l("Indirizzo e-mail"), validators=[
        InputRequired(_l("Scrivi l'indirizzo e-mail della persona da invitare.")),
        Length(max=254, message=_l("L'indirizzo è troppo lungo.")),
        Email(message=_l("L'indirizzo e-mail non è valido."), check_deliverability=False),
    ])
    name = StringField(_l("Nome e cognome"), validators=[
        InputRequired(_l("Scrivi il nome della persona.")),
        Length(max=120, message=_l("Il nome è troppo lungo (al massimo %(max)d caratteri).",
                                   max=120)),
    ])
    role = SelectField(_l("Ruolo"), choices=_role_choices(), default=Role.PARTNER.value)
    locale = SelectField(_l("Lingua dell'invito"), choices=choices(LANGUAGES.items()), default="it")


class UserForm(Form):
    role = SelectField(_l("Ruolo"), choices=_role_choices())
    active = BooleanField(_l("Account attivo (può accedere)"))

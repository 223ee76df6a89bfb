"""Forms for logging in and managing one's own account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from tavolo.auth.models import LANGUAGES
from tavolo.forms import Form, choices

MIN_PASSWORD_LENGTH = 10


class LoginForm(Form):
    email = EmailField(_l("Indirizzo e-mail"), validators=[
        InputRequired(_l("Scrivi il tuo indirizzo e-mail.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[
        InputRequired(_l("Scrivi la password.")), Length(max=200)])
    remember = BooleanField(_l("Ricordami su questo dispositivo"))


def _email_field(label=_l("Indirizzo e-mail")) -> EmailField:
    return EmailField(label, validators=[
        InputRequired(_l("Scrivi un indirizzo e-mail.")),
        Length(max=254, message=_l("L'indirizzo è troppo lungo.")),
        Email(message=_l("L'indirizzo e-mail non è valido."), check_deliverability=False),
    ])


class ForgotPasswordForm(Form):
    email = _email_field()


class NewPasswordMixin:
    password = PasswordField(_l("Nuova password"), validators=[
        InputRequired(_l("Scegli una password.")),
        Length(min=MIN_PASSWORD_LENGTH, max=200,
               message=_l("La password deve avere almeno %(min)d caratteri.",
                          min=MIN_PASSWORD_LENGTH)),
    ])
    confirm = PasswordField(_l("Ripeti la nuova password"), validators=[
        InputRequired(_l("Ripeti la password.")),
        EqualTo("password", message=_l("Le due password non coincidono.")),
    ])

    email_for_check: str = ""

    def validate_password(self, field):
        if self.email_for_check and field.data.strip().lower() == self.email_for_check.lower():
            raise ValidationError(_l("La password non può essere il tuo indirizzo e-mail."))
        if len(set(field.data)) < 4:
            raise ValidationError(_l("La password è troppo semplice: usa caratteri diversi."))


class SetPasswordForm(NewPasswordMixin, Form):
    pass


class ChangePasswordForm(NewPasswordMixin, Form):
    current_password = PasswordField(_l("Password attuale"), validators=[
        InputRequired(_l("Scrivi la password attuale."))])


class AccountForm(Form):
    name = StringField(_l("Nome e cognome"), validators=[
        InputRequired(_l("Scrivi il tuo nome.")), Length(max=120)])
    locale = SelectField(_l("Lingua dell'interfaccia e delle e-mail"),
                         choices=choices(LANGUAGES.items()))

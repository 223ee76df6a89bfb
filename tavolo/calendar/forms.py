"""Forms of the calendar settings on the account page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from tavolo.calendar.feeds import REMINDER_CHOICES
from tavolo.forms import Form, choices

NO_REMINDER = "none"


def reminder_value(minutes: int | None) -> str:
    return NO_REMINDER if minutes is None else str(minutes)


def minutes_of(value: str) -> int | None:
    return None if value == NO_REMINDER else int(value)


class ReminderForm(Form):
    reminder = SelectField(
        _l("Promemoria negli eventi"),
        choices=choices((reminder_value(minutes), label) for minutes, label in REMINDER_CHOICES),
        validate_choice=True)


class FeedForm(Form):
    """Create, regenerate or revoke the secret address: a button, and the CSRF token."""

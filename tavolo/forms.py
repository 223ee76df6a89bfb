"""Helpers shared by every area's Flask-WTF forms, and the one place where typed text is cleaned.

Every form of the app derives from :class:`Form` (``from tavolo.forms import Form``), which
binds its fields with the input hygiene of issue 16:

- single-line text fields (``StringField`` and subclasses, e-mail, search…) go through
  :func:`clean_line`: every kind of line break becomes a space; control characters and the
  bidirectional overrides and isolates (which can show a name reversed) are dropped;
- multi-line fields (``TextAreaField``) go through :func:`clean_multiline`: ``\\n`` and tab
  are kept, CRLF/CR and the Unicode line separators become ``\\n``, the rest is dropped;
- integer fields refuse numbers that no database column holds; choices coerced to ``int``
  refuse numbers outside the 64-bit range; dates and date-times refuse
  years outside 1900–2100 — each with a field message, never a 500;
- when the database is busy (:mod:`tavolo.busy`), ``validate_on_submit`` answers ``False``
  with the message on the first text field, so the view shows the form again as typed.

Passwords and hidden fields are left as sent (NUL aside, which the request itself drops:
see :mod:`tavolo.bounds`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from tavolo.bounds import MAX_ID, MAX_INT

# Every line break Unicode knows: LF, VT, FF, CR, NEL, LINE and PARAGRAPH SEPARATOR.
LINE_BREAKS = "\n\x0b\x0c\r\x85\u2028\u2029"
_BREAKS = re.compile(r"\r\n|[\n\x0b\x0c\r\x85\u2028\u2029]")
# C0 and C1 controls (tab and the breaks above are handled first), DEL, and the bidi
# embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[ \t]+")

YEAR_MIN, YEAR_MAX = 1900, 2100


def clean_line(value):
    """Text for a one-line field: no line break of any kind, no control or bidi character.

    Line breaks and tabs become one space; leading and trailing spaces go. Anything that is
    not a string (``None``, a number) passes through unchanged.
    """
    if not isinstance(value, str):
        return value
    text = _BREAKS.sub(" ", value).replace("\t", " ")
    text = _CONTROLS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def clean_multiline(value):
    """Text for a multi-line field: lines end with ``\\n``; tab kept; other controls dropped."""
    if not isinstance(value, str):
        return value
    text = _BREAKS.sub("\n", value)
    return _CONTROLS.sub("", text).strip()


def choices(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """``SelectField`` choices from ``(value, label)`` pairs; labels may be lazy strings."""
    return [SelectChoice(value, label) for value, label in pairs]


def _bounded_coerce(coerce):
    """``coerce`` for choice fields, refusing (``ValueError``) ids no table can hold."""

    def bounded(value):
        result = coerce(value)
        if isinstance(result, int) and not isinstance(result, bool) \
                and not -MAX_ID - 1 <= result <= MAX_ID:
            raise ValueError("id out of range")
        return result

    bounded.__wrapped__ = coerce
    return bounded


def _integer_in_range(form, field) -> None:
    if isinstance(field.data, int) and not -MAX_INT - 1 <= field.data <= MAX_INT:
        raise ValidationError(_l("Il numero è troppo grande."))


def _sane_date(form, field) -> None:
    value = field.data
    if isinstance(value, dt.date) and not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(_l("Indica una data tra il %(min)d e il %(max)d.",
                                 min=YEAR_MIN, max=YEAR_MAX))


def _hygiene(field_class) -> tuple[object | None, object | None]:
    """(filter, validator) that every field of this class gets."""
    if issubclass(field_class, (PasswordField, HiddenField)):
        return None, None
    if issubclass(field_class, TextAreaField):
        return clean_multiline, None
    if issubclass(field_class, StringField):
        return clean_line, None
    if issubclass(field_class, IntegerField):
        return None, _integer_in_range
    if issubclass(field_class, (DateField, DateTimeField, DateTimeLocalField)):
        return None, _sane_date
    return None, None


BUSY_MESSAGE = _l("Il database è occupato: riprova tra qualche secondo.")


class Form(FlaskForm):
    """The base of every form: clean text, bounded numbers and dates (see the module doc)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            text_filter, validator = _hygiene(unbound_field.field_class)
            kwargs = unbound_field.kwargs
            if text_filter is not None:
                options["filters"] = (text_filter, *kwargs.get("filters", ()))
            if validator is not None:
                validators = kwargs.get("validators")
                if validators is None and len(unbound_field.args) > 1:
                    validators = unbound_field.args[1]
                    unbound_field = _without_positional_validators(unbound_field)
                options["validators"] = [*(validators or ()), validator]
            coerce = kwargs.get("coerce")
            if coerce is not None and coerce is not str:
                options["coerce"] = _bounded_coerce(coerce)
            return unbound_field.bind(form=form, **options)

    def validate_on_submit(self, extra_validators=None) -> bool:
        valid = super().validate_on_submit(extra_validators)
        if valid and g.get("tavolo_database_busy"):
            self._show_busy()
            return False
        return valid

    def _show_busy(self) -> None:
        """Put the busy message on the first field the user typed into (else the first one)."""
        visible = [f for f in self if f.type not in ("CSRFTokenField", "HiddenField")]
        typed = [f for f in visible if isinstance(f, TextAreaField)] + \
            [f for f in visible if isinstance(f, StringField) and f.data]
        target = (typed or visible or [None])[0]
        if target is not None:
            target.errors = [*target.errors, BUSY_MESSAGE]


def _without_positional_validators(unbound_field):
    from wtforms.fields.core import UnboundField

    args = unbound_field.args[:1] + unbound_field.args[2:]
    return UnboundField(unbound_field.field_class, *args, name=unbound_field.name,
                        **unbound_field.kwargs)

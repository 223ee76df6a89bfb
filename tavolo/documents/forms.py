"""Forms of the documents area. The file itself is checked by ``storage.receive``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from tavolo.documents.models import NARROWER_LEVELS
from tavolo.documents.services import MAX_DESCRIPTION, MAX_NOTE, MAX_TITLE, MAX_URL
from tavolo.forms import Form, choices
from tavolo.visibility import VISIBILITY_LABELS


def _too_long(limit: int):
    return Length(max=limit, message=_l("Al massimo %(max)d caratteri.", max=limit))


def visibility_choices():
    return [("", _l("Come ciò a cui è allegato")),
            *choices((v.value, VISIBILITY_LABELS[v]) for v in NARROWER_LEVELS)]


class _OwnerMixin:
    kind = HiddenField()
    owner = HiddenField()
    next = HiddenField()


class _Details:
    title = StringField(_l("Titolo"), validators=[_too_long(MAX_TITLE)])
    description = TextAreaField(_l("Descrizione"), validators=[_too_long(MAX_DESCRIPTION)],
                                render_kw={"rows": 3})
    visibility = SelectField(_l("Chi può vederlo"), choices=visibility_choices, default="")


class UploadForm(_OwnerMixin, _Details, Form):
    files = MultipleFileField(_l("File"))


class LinkForm(_OwnerMixin, _Details, Form):
    url = StringField(_l("Indirizzo (https://…)"), validators=[
        InputRequired(_l("Scrivi l'indirizzo.")), _too_long(MAX_URL)])


class EditForm(_Details, Form):
    url = StringField(_l("Indirizzo (https://…)"), validators=[_too_long(MAX_URL)])


class VersionForm(Form):
    file = FileField(_l("Nuova versione del file"))
    note = StringField(_l("Che cosa cambia (facoltativo)"), validators=[_too_long(MAX_NOTE)])


class DeleteForm(Form):
    pass

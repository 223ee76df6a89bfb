"""Forms of the partner directory."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from tavolo.directory.models import AREA_LABELS, KIND_LABELS, RING_LABELS
from tavolo.forms import Form, choices

PHONE = Regexp(r"^[0-9+()./\s-]*$", message=_l(
    "Il telefono può contenere solo cifre, spazi e i segni + ( ) . / -"))
EMAIL = Email(message=_l("L'indirizzo e-mail non è valido."), check_deliverability=False)
YEAR = NumberRange(min=1900, max=2100, message=_l("Scrivi un anno tra 1900 e 2100."))
YEAR_INVALID = _l("Scrivi l'anno in cifre, per esempio 2004.")
NUMBER_INVALID = _l("Scrivi un numero intero, per esempio 3.")
DATE_INVALID = _l("Scrivi la data come gg/mm/aaaa, per esempio 25/11/2026.")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def too_long(limit: int):
    return Length(max=limit, message=_l("Al massimo %(max)d caratteri.", max=limit))


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (more usable than a multiple select, with or without a mouse)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        known = {str(value) for value, *_rest in self.iter_choices()}
        if any(str(value) not in known for value in self.data or []):
            raise ValidationError(_l("Una delle scelte non è valida."))


class VersionedForm(Form):
    """Carries the version of the record the form was filled from (concurrent edits)."""

    version = HiddenField()

    @property
    def expected_version(self) -> int | None:
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None


def normalise_website(value: str) -> str:
    """``www.ente.it`` becomes ``https://www.ente.it``; other schemes are refused."""
    value = (value or "").strip()
    if not value:
        return ""
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in value:
        raise ValidationError(_l("Scrivi l'indirizzo del sito, per esempio www.ente.it."))
    return value


class OrganizationForm(VersionedForm):
    name = StringField(_l("Nome"), validators=[
        InputRequired(_l("Scrivi il nome dell'ente.")), too_long(200)])
    short_name = StringField(_l("Nome breve o sigla"), validators=[too_long(60)])
    kind = SelectField(_l("Tipo di ente"), choices=choices(
        (kind.value, label) for kind, label in KIND_LABELS.items()))
    ring = SelectField(_l("Partecipazione al Tavolo"), choices=choices(
        (ring.value, label) for ring, label in RING_LABELS.items()), default="extended")
    areas = MultiCheckboxField(_l("Aree di intervento"), choices=choices(
        (area.value, label) for area, label in AREA_LABELS.items()))
    address = StringField(_l("Indirizzo"), validators=[too_long(300)])
    phone = StringField(_l("Telefono"), validators=[too_long(60), PHONE])
    email = EmailField(_l("E-mail"), validators=[Optional(), too_long(254), EMAIL])
    website = StringField(_l("Sito web"), validators=[too_long(300)])
    description = TextAreaField(_l("Descrizione"), validators=[too_long(5000)],
                                render_kw={"rows": 5})
    active_since = IntegerField(_l("Nel Tavolo dal (anno)"), validators=[Optional(), YEAR],
                                invalid_value_message=YEAR_INVALID)
    active_until = IntegerField(_l("Nel Tavolo fino al (anno)"), validators=[Optional(), YEAR],
                                invalid_value_message=YEAR_INVALID)
    hosts_internships = BooleanField(_l("Può ospitare tirocini"))
    host_sector = StringField(_l("Settore di attività"), validators=[too_long(120)])
    host_places = IntegerField(_l("Posti disponibili per tirocini"), validators=[
        Optional(), NumberRange(min=0, max=999, message=_l("Scrivi un numero tra 0 e 999."))],
        invalid_value_message=NUMBER_INVALID)
    host_accepts_disability = BooleanField(
        _l("Disponibile a tirocini di persone con disabilità"))
    host_conditions = TextAreaField(_l("Condizioni (orari, mansioni, requisiti, tutor)"),
                                    validators=[too_long(2000)], render_kw={"rows": 3})
    host_last_contact_on = DateField(_l("Ultimo contatto"), validators=[Optional()],
                                     format=DATE_FORMATS, invalid_value_message=DATE_INVALID)

    def validate_website(self, field) -> None:
        field.data = normalise_website(field.data)

    def validate_active_until(self, field) -> None:
        if field.data and self.active_since.data and field.data < self.active_since.data:
            raise ValidationError(_l("L'anno di uscita non può precedere l'anno di ingresso."))

    def validate_host_sector(self, field) -> None:
        if self.hosts_internships.data and not (field.data or "").strip():
            raise ValidationError(_l("Indica il settore di attività dell'impresa ospitante."))


class PersonForm(VersionedForm):
    name = StringField(_l("Nome e cognome"), validators=[
        InputRequired(_l("Scrivi il nome della persona.")), too_long(120)])
    organization_id = SelectField(_l("Ente"), choices=[], validate_choice=True)
    role = StringField(_l("Ruolo nell'ente"), validators=[too_long(200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), too_long(254), EMAIL])
    phone = StringField(_l("Telefono"), validators=[too_long(60), PHONE])
    notes = TextAreaField(_l("Note (visibili solo al gruppo ristretto)"),
                          validators=[too_long(5000)], render_kw={"rows": 4})
    user_id = SelectField(_l("Account di accesso collegato"), choices=[], validate_choice=True)


class ImportForm(Form):
    kind = SelectField(_l("Che cosa importi"), choices=choices([
        ("organizations", _l("Enti")), ("people", _l("Persone"))]))
    file = FileField(_l("File CSV"), validators=[
        FileRequired(_l("Scegli il file CSV da importare."))])


class ConfirmImportForm(Form):
    """The second step: the same CSV text, checked again and imported all or nothing."""

    kind = HiddenField()
    content = HiddenField()

"""Forms of projects, deliberations and outcomes."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from tavolo.directory.forms import (
    DATE_FORMATS,
    DATE_INVALID,
    NUMBER_INVALID,
    YEAR,
    YEAR_INVALID,
    MultiCheckboxField,
    VersionedForm,
    too_long,
)
from tavolo.forms import Form, choices
from tavolo.money import EuroField
from tavolo.projects.models import STATUS_LABELS, TARGET_LABELS
from tavolo.visibility import VISIBILITY_LABELS

CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")
PERIOD = re.compile(r"^(\d{4})(?:\s*([-/])\s*(\d{4}))?$")


def period_year(period: str) -> int:
    """The first calendar year of a period written ``2004/2005``, ``2009-2010`` or ``2013``."""
    match = PERIOD.match(period.strip())
    if match is None:
        raise ValueError(period)
    return int(match.group(1))


def normalise_period(period: str) -> str:
    """``2010 - 2011`` → ``2010-2011``: the separator stays as written, spaces go."""
    match = PERIOD.match(period.strip())
    if match is None or match.group(3) is None:
        return period.strip()
    return f"{match.group(1)}{match.group(2)}{match.group(3)}"


class ProjectForm(VersionedForm):
    title = StringField(_l("Titolo"), validators=[
        InputRequired(_l("Scrivi il titolo del progetto.")), too_long(200)])
    code = StringField(_l("Codice breve"), validators=[
        InputRequired(_l("Scrivi un codice breve, per esempio COL-LABORA.")), too_long(40)])
    start_year = IntegerField(_l("Anno di inizio"), validators=[
        InputRequired(_l("Scrivi l'anno di inizio.")), YEAR], invalid_value_message=YEAR_INVALID)
    end_year = IntegerField(_l("Anno di fine"), validators=[Optional(), YEAR],
                            invalid_value_message=YEAR_INVALID)
    status = SelectField(_l("Stato"), choices=choices(
        (status.value, label) for status, label in STATUS_LABELS.items()), default="proposed")
    visibility = SelectField(_l("Chi può vederlo"), choices=choices(
        (level.value, label) for level, label in VISIBILITY_LABELS.items()), default="public")
    summary = TextAreaField(_l("Sintesi"), validators=[too_long(500)], render_kw={"rows": 2})
    description = TextAreaField(_l("Descrizione"), validators=[too_long(20000)],
                                render_kw={"rows": 8})
    lead_organization_id = SelectField(_l("Ente capofila"), choices=[], validate_choice=True)
    partner_ids = MultiCheckboxField(_l("Enti partner"), choices=[])
    target_groups = MultiCheckboxField(_l("Destinatari"), choices=choices(
        (group.value, label) for group, label in TARGET_LABELS.items()))
    objective_ids = MultiCheckboxField(_l("Obiettivi del Tavolo"), choices=[])

    def validate_code(self, field) -> None:
        field.data = (field.data or "").strip().upper().replace(" ", "-")
        if not CODE.match(field.data):
            raise ValidationError(_l("Usa lettere senza accenti, cifre e trattini, per esempio "
                                     "SPORT-LAVORO."))

    def validate_end_year(self, field) -> None:
        if field.data and self.start_year.data and field.data < self.start_year.data:
            raise ValidationError(_l("L'anno di fine non può precedere l'anno di inizio."))

    def validate_partner_ids(self, field) -> None:
        if self.lead_organization_id.data and self.lead_organization_id.data in (field.data or []):
            raise ValidationError(_l("Il capofila non va indicato anche tra i partner."))


class DeliberationForm(VersionedForm):
    period = StringField(_l("Periodo"), validators=[
        InputRequired(_l("Scrivi il periodo, per esempio 2004/2005 o 2013.")), too_long(20)])
    adopted_on = DateField(_l("Data di adozione"), validators=[Optional()], format=DATE_FORMATS,
                           invalid_value_message=DATE_INVALID)
    reference = StringField(_l("Riferimento (numero di delibera o mecc.)"),
                            validators=[too_long(80)])
    title = TextAreaField(_l("Oggetto della delibera"), validators=[
        InputRequired(_l("Scrivi l'oggetto della delibera.")), too_long(500)],
        render_kw={"rows": 2})
    contribution = EuroField(_l("Contributo (€)"))
    total_spend = EuroField(_l("Spesa complessiva (€)"))
    spend_is_estimate = BooleanField(_l("La spesa complessiva è presunta"))
    beneficiary_id = SelectField(_l("Beneficiario del contributo"), choices=[],
                                 validate_choice=True)
    notes = TextAreaField(_l("Note"), validators=[too_long(5000)], render_kw={"rows": 3})

    def validate_period(self, field) -> None:
        field.data = normalise_period(field.data or "")
        match = PERIOD.match(field.data)
        if match is None:
            raise ValidationError(_l("Scrivi il periodo come 2004/2005, 2009-2010 o 2013."))
        first, second = int(match.group(1)), match.group(3)
        if not 1900 <= first <= 2100:
            raise ValidationError(_l("Scrivi un anno tra 1900 e 2100."))
        if second is not None and not first <= int(second) <= first + 5:
            raise ValidationError(_l("Il secondo anno del periodo deve seguire il primo."))

    def validate_total_spend(self, field) -> None:
        if self.contribution.data is None and field.data is None and \
                not self.contribution.errors and not field.errors:
            raise ValidationError(_l("Indica almeno il contributo o la spesa complessiva."))


class OutcomeForm(Form):
    label = TextAreaField(_l("Risultato"), validators=[
        InputRequired(_l("Descrivi il risultato, per esempio «tirocini formativi con borsa "
                         "lavoro»."
                         )), too_long(400)])
    count = IntegerField(_l("Numero"), validators=[
        InputRequired(_l("Scrivi il numero, per esempio 21.")),
        NumberRange(min=0, max=1_000_000, message=_l("Scrivi un numero non negativo."))],
        invalid_value_message=NUMBER_INVALID)
    months = IntegerField(_l("Durata in mesi (se si applica)"), validators=[
        Optional(),
        NumberRange(min=1, max=120, message=_l("Scrivi un numero di mesi tra 1 e 120."))],
        invalid_value_message=NUMBER_INVALID)
    target_group = SelectField(_l("Destinatari"), choices=choices(
        [("", _l("— non indicati —"))] + [(g.value, label) for g, label in TARGET_LABELS.items()]))
    period_start = IntegerField(_l("Dal (anno)"), validators=[Optional(), YEAR],
                                invalid_value_message=YEAR_INVALID)
    period_end = IntegerField(_l("Al (anno)"), validators=[Optional(), YEAR],
                              invalid_value_message=YEAR_INVALID)
    source = StringField(_l("Fonte"), validators=[too_long(200)])

    def validate_period_end(self, field) -> None:
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError(_l("L'anno finale non può precedere quello iniziale."))

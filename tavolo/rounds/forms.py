"""The coordinator's form for a priority round."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from tavolo.forms import Form, choices
from tavolo.proposals.forms import CheckboxListField
from tavolo.rounds.models import (
    ELECTORATE_LABELS,
    METHOD_LABELS,
    RESULTS_LABELS,
    UNIT_LABELS,
    Electorate,
    ResultsVisibility,
    VotingMethod,
)
from tavolo.types import ROME

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def rome_to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A time typed in the form (Italian local time) as an aware UTC datetime."""
    if value is None:
        return None
    return value.replace(tzinfo=ROME).astimezone(dt.UTC)


def utc_to_rome_naive(value: dt.datetime | None) -> dt.datetime | None:
    """The other way, to fill the form's ``datetime-local`` inputs."""
    if value is None:
        return None
    return value.astimezone(ROME).replace(tzinfo=None, second=0, microsecond=0)


class RoundForm(Form):
    title = StringField(_l("Titolo"), validators=[
        InputRequired(_l("Scrivi il titolo della votazione.")),
        Length(max=200, message=_l("Al massimo %(max)d caratteri.", max=200))])
    description = TextAreaField(_l("Descrizione per chi vota"), validators=[
        Length(max=20_000, message=_l("Il testo è troppo lungo."))])
    method = RadioField(_l("Metodo"), default=VotingMethod.DOTS.value, choices=choices(
        (m.value, METHOD_LABELS[m]) for m in VotingMethod))
    dots_budget = IntegerField(_l("Punti per votante (K)"), default=10, validators=[
        Optional(), NumberRange(1, 100, message=_l("Da %(min)d a %(max)d."))])
    dots_max_per_proposal = IntegerField(_l("Massimo di punti su una proposta (M)"), default=5,
                                         validators=[Optional(), NumberRange(
                                             1, 100, message=_l("Da %(min)d a %(max)d."))])
    electorate = SelectField(_l("Chi vota"), default=Electorate.CORE.value, choices=choices(
        (e.value, ELECTORATE_LABELS[e]) for e in Electorate))
    ballot_unit = SelectField(_l("Schede"), choices=choices(
        (u.value, label) for u, label in UNIT_LABELS.items()))
    opens_at = DateTimeLocalField(_l("Apertura (ora italiana)"), format=DATETIME_FORMATS,
                                  validators=[InputRequired(_l("Indica quando si apre il voto."))])
    closes_at = DateTimeLocalField(_l("Chiusura (ora italiana)"), format=DATETIME_FORMATS,
                                   validators=[InputRequired(_l("Indica quando si chiude."))])
    results_visibility = SelectField(_l("Risultati"), default=ResultsVisibility.AFTER_CLOSE.value,
                                     choices=choices((r.value, RESULTS_LABELS[r])
                                                     for r in ResultsVisibility))
    secret = BooleanField(_l("Voto segreto"), default=True)
    quorum_percent = IntegerField(_l("Quorum (percentuale dell'elettorato che deve votare)"),
                                  validators=[Optional(), NumberRange(
                                      0, 100, message=_l("Una percentuale da 0 a 100."))])
    proposals = CheckboxListField(_l("Proposte in votazione"), coerce=int)

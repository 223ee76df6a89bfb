"""Forms of proposals, comments, status decisions and the project made from a proposal."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from tavolo.forms import Form, choices
from tavolo.projects.models import STATUS_LABELS as PROJECT_STATUS_LABELS
from tavolo.proposals.models import MANUAL_STATUSES, STATUS_LABELS
from tavolo.visibility import VISIBILITY_LABELS, Visibility


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes (works everywhere, no JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def visibility_choices(levels: list[Visibility]):
    return choices((level.value, VISIBILITY_LABELS[level]) for level in levels)


class ProposalForm(Form):
    title = StringField(_l("Titolo"), validators=[
        InputRequired(_l("Scrivi il titolo della proposta.")),
        Length(max=200, message=_l("Il titolo è troppo lungo (al massimo %(max)d caratteri).",
                                   max=200))])
    body = TextAreaField(_l("Testo della proposta"), validators=[
        InputRequired(_l("Spiega la proposta: che cosa, per chi, con quali risorse.")),
        Length(max=50_000, message=_l("Il testo è troppo lungo."))])
    organization_id = SelectField(_l("A nome di"), coerce=int, default=0)
    visibility = SelectField(_l("Chi può leggerla"), default=Visibility.NETWORK.value)
    projects = CheckboxListField(_l("Progetti collegati"), coerce=int, validate_choice=True)
    version = HiddenField()


class CommentForm(Form):
    body = TextAreaField(_l("Commento"), validators=[
        InputRequired(_l("Scrivi il testo del commento.")),
        Length(max=10_000, message=_l("Il commento è troppo lungo (al massimo %(max)d "
                                      "caratteri).", max=10_000))])
    parent_id = HiddenField()


class StatusForm(Form):
    status = SelectField(_l("Nuovo stato"), choices=choices(
        (status.value, STATUS_LABELS[status]) for status in MANUAL_STATUSES))
    note = StringField(_l("Motivazione (facoltativa)"), validators=[
        Length(max=500, message=_l("Al massimo %(max)d caratteri.", max=500))])
    next = HiddenField()


class ProjectFromProposalForm(Form):
    title = StringField(_l("Titolo del progetto"), validators=[
        InputRequired(_l("Scrivi il titolo del progetto.")), Length(max=200)])
    code = StringField(_l("Codice"), validators=[
        InputRequired(_l("Scegli un codice breve per il progetto.")),
        Length(max=40, message=_l("Al massimo %(max)d caratteri.", max=40)),
        Regexp(r"^[A-Za-z0-9][A-Za-z0-9-]*$",
               message=_l("Solo lettere senza accenti, cifre e trattini."))])
    start_year = IntegerField(_l("Anno di inizio"), validators=[
        InputRequired(_l("Indica l'anno di inizio.")),
        NumberRange(1990, 2100, message=_l("Un anno tra %(min)d e %(max)d."))])
    end_year = IntegerField(_l("Anno di fine (se già noto)"), validators=[
        Optional(), NumberRange(1990, 2100, message=_l("Un anno tra %(min)d e %(max)d."))])
    status = SelectField(_l("Stato del progetto"), choices=choices(
        (status.value, label) for status, label in PROJECT_STATUS_LABELS.items()))
    summary = TextAreaField(_l("Sintesi"), validators=[
        Length(max=500, message=_l("Al massimo %(max)d caratteri.", max=500))])
    description = TextAreaField(_l("Descrizione"))
    lead_organization_id = SelectField(_l("Ente capofila"), coerce=int, default=0)
    visibility = SelectField(_l("Chi può vederlo"))

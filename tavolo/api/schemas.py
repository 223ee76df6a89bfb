"""The shapes of the API's answers, as marshmallow schemas.

The same classes write every answer (``schema.dump``) and describe it in the OpenAPI
document (``spec.py`` hands them to apispec), so the documentation cannot drift from the
data. Field names are stable: new fields may be added, none is renamed or removed within
``v1``. Amounts are integer euro cents; times are ISO 8601 in UTC; dates ``YYYY-MM-DD``.

What a field shows may depend on the reader: a schema gets the reader as
``context["user"]`` and leaves out what the reader's permissions hide (a linked project the
reader may not see becomes ``null`` or is left out of a list).
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tavolo.bounds import MAX_ID, MAX_INT
from tavolo.notices.models import NoticeKind
from tavolo.visibility import Visibility


def _values(enum) -> list[str]:
    return [member.value for member in enum]


def _user(schema):
    return schema.context.get("user")


class ReaderSchema(Schema):
    """A schema that knows who reads (``ReaderSchema(context={"user": user})``).

    marshmallow 4 dropped ``Schema.context``; this keeps it as a plain attribute.
    """

    def __init__(self, *args, context: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = dict(context or {})


class Ref(Schema):
    """A reference to another object of the API."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)


class ErrorSchema(Schema):
    status = fields.Integer(required=True, metadata={"description": "Codice HTTP"})
    error = fields.String(required=True, metadata={"description": "Codice dell'errore"})
    message = fields.String(required=True, metadata={"description": "Spiegazione in italiano"})
    details = fields.Dict(keys=fields.String(), metadata={
        "description": "Per i parametri non validi: i messaggi per ogni parametro"})


class LinksSchema(Schema):
    self = fields.String(required=True)
    first = fields.String(required=True)
    last = fields.String(required=True)
    next = fields.String(allow_none=True, required=True)
    prev = fields.String(allow_none=True, required=True)


class MetaSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "Elementi in tutte le pagine"})
    pages = fields.Integer(required=True)


# -- query parameters ---------------------------------------------------------------------

class PageQuery(Schema):
    page = fields.Integer(load_default=1, strict=False, validate=validate.Range(1, MAX_INT),
                          metadata={"description": "Numero di pagina, da 1"})
    per_page = fields.Integer(load_default=20, strict=False, validate=validate.Range(1, 100),
                              metadata={"description": "Elementi per pagina (1–100)"})


class DatedQuery(PageQuery):
    date_from = fields.Date(data_key="from", metadata={
        "description": "Solo dal giorno indicato (AAAA-MM-GG, ora di Roma)"})
    date_to = fields.Date(data_key="to", metadata={
        "description": "Solo fino al giorno indicato compreso (AAAA-MM-GG, ora di Roma)"})

    @validates_schema
    def _ordered(self, data, **kwargs):
        for key, name in (("date_from", "from"), ("date_to", "to")):
            if data.get(key) and not 1900 <= data[key].year <= 2100:
                raise ValidationError("Anno fuori dall'intervallo 1900–2100.", name)
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("La data «from» viene dopo la data «to».", "from")


class ProjectQuery(DatedQuery):
    project = fields.Integer(strict=False, validate=validate.Range(1, MAX_ID), metadata={
        "description": "Solo ciò che riguarda il progetto con questo id"})


def _status_query(name: str, values: list[str]) -> type[Schema]:
    """The query of a resource with a ``status`` filter (an unknown value is a 400)."""
    return type(name, (ProjectQuery,), {"status": fields.String(
        validate=validate.OneOf(values),
        metadata={"description": "Solo gli elementi in questo stato"})})


ProjectListQuery = _status_query(
    "ProjectListQuery", ["proposed", "approved", "running", "completed", "set_aside"])
MeetingQuery = _status_query("MeetingQuery", ["draft", "scheduled", "held", "cancelled"])
ProposalQuery = _status_query("ProposalQuery", ["open", "voting", "adopted", "set_aside"])


# -- directory ----------------------------------------------------------------------------

class OrganizationSchema(ReaderSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    short_name = fields.String(required=True)
    kind = fields.Function(lambda o: o.kind.value, required=True, metadata={"type": "string"})
    ring = fields.Function(lambda o: o.ring.value, required=True,
                           metadata={"type": "string", "enum": ["core", "extended"]})
    areas = fields.Function(lambda o: [a.value for a in o.areas], required=True,
                            metadata={"type": "array", "items": {"type": "string"}})
    address = fields.String(required=True)
    phone = fields.String(required=True)
    email = fields.String(required=True)
    website = fields.String(required=True)
    description = fields.String(required=True, metadata={"description": "Markdown"})
    active_since = fields.Integer(allow_none=True, required=True)
    active_until = fields.Integer(allow_none=True, required=True)


class PersonSchema(ReaderSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)
    organization = fields.Method("_organization", required=True,
                                 metadata={"type": ["object", "null"],
                                           "properties": {"id": {"type": "integer"},
                                                          "name": {"type": "string"}}})
    email = fields.String(required=True)
    phone = fields.String(required=True)

    def _organization(self, person):
        org = person.organization
        return None if org is None else {"id": org.id, "name": org.name}


# -- projects -----------------------------------------------------------------------------

def _project_refs(schema, projects) -> list[dict]:
    user = _user(schema)
    return [{"id": p.id, "name": p.title} for p in projects if p.can_view(user)]


_REFS = {"type": "array", "items": {"type": "object", "required": ["id", "name"],
                                    "properties": {"id": {"type": "integer"},
                                                   "name": {"type": "string"}}}}
_REF_OR_NULL = {"type": ["object", "null"], "properties": {"id": {"type": "integer"},
                                                          "name": {"type": "string"}}}


class OutcomeSchema(Schema):
    id = fields.Integer(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)
    months = fields.Integer(allow_none=True, required=True)
    target_group = fields.Function(lambda o: o.target_group.value if o.target_group else None,
                                   required=True,
                                   metadata={"type": ["string", "null"]})
    period_start = fields.Integer(allow_none=True, required=True)
    period_end = fields.Integer(allow_none=True, required=True)


class DeliberationSchema(ReaderSchema):
    id = fields.Integer(required=True)
    project_id = fields.Integer(required=True)
    year = fields.Integer(required=True, metadata={"description": "Primo anno del periodo"})
    period = fields.String(required=True, metadata={"description": "Periodo, es. 2004/2005"})
    adopted_on = fields.Date(allow_none=True, required=True)
    reference = fields.String(required=True)
    title = fields.String(required=True)
    contribution_cents = fields.Integer(allow_none=True, required=True,
                                        metadata={"description": "Contributo, centesimi di euro"})
    total_spend_cents = fields.Integer(allow_none=True, required=True, metadata={
        "description": "Spesa complessiva, centesimi di euro"})
    spend_is_estimate = fields.Boolean(required=True)
    beneficiary = fields.Function(
        lambda d: {"id": d.beneficiary.id, "name": d.beneficiary.name} if d.beneficiary else None,
        required=True, metadata=_REF_OR_NULL)


class ProjectSchema(ReaderSchema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Function(lambda p: p.status.value, required=True,
                             metadata={"type": "string"})
    visibility = fields.Function(lambda p: p.visibility.value, required=True,
                                 metadata={"type": "string", "enum": _values(Visibility)})
    start_year = fields.Integer(required=True)
    end_year = fields.Integer(allow_none=True, required=True)
    summary = fields.String(required=True)
    lead_organization = fields.Function(
        lambda p: ({"id": p.lead_organization.id, "name": p.lead_organization.name}
                   if p.lead_organization else None),
        required=True, metadata=_REF_OR_NULL)
    target_groups = fields.Function(lambda p: [g.value for g in p.target_groups], required=True,
                                    metadata={"type": "array", "items": {"type": "string"}})
    updated_at = fields.AwareDateTime(required=True)


class ProjectDetailSchema(ProjectSchema):
    description = fields.String(required=True, metadata={"description": "Markdown"})
    partners = fields.Function(lambda p: [{"id": o.id, "name": o.name} for o in p.partners],
                               required=True, metadata=_REFS)
    deliberations = fields.Nested(DeliberationSchema, many=True, required=True)
    outcomes = fields.Nested(OutcomeSchema, many=True, required=True)


# -- meetings -----------------------------------------------------------------------------

class MeetingSchema(ReaderSchema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    kind = fields.Function(lambda m: m.kind.value, required=True,
                           metadata={"type": "string", "enum": ["core", "enlarged"]})
    status = fields.Function(lambda m: m.status.value, required=True, metadata={
        "type": "string", "enum": ["draft", "scheduled", "held", "cancelled"]})
    visibility = fields.Function(lambda m: m.visibility.value, required=True,
                                 metadata={"type": "string", "enum": _values(Visibility)})
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    place = fields.String(required=True)
    online_url = fields.Method("_online_url", required=True)
    minutes_approved = fields.Method("_minutes_approved", required=True,
                                     metadata={"type": "boolean"})

    def _online_url(self, meeting) -> str:
        # The link to join is for the network, like the directory's contacts.
        return meeting.online_url if getattr(_user(self), "is_authenticated", False) else ""

    def _minutes_approved(self, meeting) -> bool:
        return meeting.minutes is not None and meeting.minutes.is_approved


class AgendaItemSchema(ReaderSchema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True, metadata={"description": "Markdown"})
    duration_minutes = fields.Integer(required=True)
    project = fields.Method("_project", required=True, metadata=_REF_OR_NULL)
    proposal = fields.Method("_proposal", required=True, metadata=_REF_OR_NULL)
    notes = fields.Method("_notes", required=True, metadata={
        "type": ["string", "null"],
        "description": "Verbale del punto: solo a verbale approvato"})

    def _project(self, item):
        p = item.project
        return {"id": p.id, "name": p.title} if p and p.can_view(_user(self)) else None

    def _proposal(self, item):
        p = item.proposal
        return {"id": p.id, "name": p.title} if p and p.can_view(_user(self)) else None

    def _notes(self, item):
        return item.notes if self.context.get("minutes_visible") else None


class MinutesSchema(Schema):
    summary = fields.String(required=True, metadata={"description": "Markdown"})
    version = fields.Integer(required=True)
    approved_at = fields.AwareDateTime(required=True)


class MeetingDetailSchema(MeetingSchema):
    description = fields.String(required=True, metadata={"description": "Markdown"})
    agenda = fields.Method("_agenda", required=True, metadata={
        "type": "array", "items": {"$ref": "#/components/schemas/AgendaItem"}})
    minutes = fields.Method("_minutes", required=True, metadata={
        "oneOf": [{"$ref": "#/components/schemas/Minutes"}, {"type": "null"}],
        "description": "Il verbale, solo quando è approvato e il lettore può vederlo"})

    def _visible_minutes(self, meeting):
        minutes = meeting.minutes
        if minutes is None or not minutes.is_approved:
            return None
        return minutes if meeting.can_view_minutes(_user(self)) else None

    def _agenda(self, meeting):
        schema = AgendaItemSchema(many=True, context={
            "user": _user(self), "minutes_visible": self._visible_minutes(meeting) is not None})
        return schema.dump([item for item in meeting.agenda_items if item.is_accepted])

    def _minutes(self, meeting):
        minutes = self._visible_minutes(meeting)
        return None if minutes is None else MinutesSchema().dump(minutes)


# -- seminars -----------------------------------------------------------------------------

class SpeakerSchema(Schema):
    name = fields.String(attribute="display_name", required=True)
    affiliation = fields.String(attribute="display_affiliation", required=True)


class SeminarSchema(ReaderSchema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    place = fields.String(required=True)
    online_url = fields.String(required=True)
    abstract = fields.String(required=True, metadata={"description": "Markdown"})
    visibility = fields.Function(lambda s: s.visibility.value, required=True,
                                 metadata={"type": "string", "enum": _values(Visibility)})
    speakers = fields.Nested(SpeakerSchema, many=True, required=True)
    topics = fields.Function(lambda s: [t.name for t in s.topics], required=True,
                             metadata={"type": "array", "items": {"type": "string"}})
    projects = fields.Method("_projects", required=True, metadata=_REFS)

    def _projects(self, seminar):
        return _project_refs(self, seminar.projects)


# -- notices ------------------------------------------------------------------------------

class NoticeSchema(ReaderSchema):
    id = fields.Integer(required=True)
    kind = fields.Function(lambda n: n.kind.value, required=True, metadata={
        "type": "string", "enum": _values(NoticeKind),
        "description": "bando, opportunità di lavoro o formazione, evento, novità normative, altro"})
    title = fields.String(required=True)
    body = fields.String(required=True, metadata={"description": "Markdown"})
    deadline = fields.Date(required=True, allow_none=True,
                           metadata={"description": "Scadenza (per esempio di un bando)"})
    expires_on = fields.Date(required=True, allow_none=True,
                             metadata={"description": "Ultimo giorno in bacheca"})
    published_at = fields.AwareDateTime(required=True)
    visibility = fields.Function(lambda n: n.visibility.value, required=True,
                                 metadata={"type": "string", "enum": _values(Visibility)})
    projects = fields.Method("_projects", required=True, metadata=_REFS)

    def _projects(self, notice):
        return _project_refs(self, [notice.project] if notice.project else [])


# -- proposals and rounds -----------------------------------------------------------------

class ProposalSchema(ReaderSchema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    status = fields.Function(lambda p: p.status.value, required=True, metadata={
        "type": "string", "enum": ["open", "voting", "adopted", "set_aside"]})
    visibility = fields.Function(lambda p: p.visibility.value, required=True,
                                 metadata={"type": "string", "enum": _values(Visibility)})
    author = fields.Function(lambda p: p.author.name, required=True,
                             metadata={"type": "string"})
    organization = fields.Function(
        lambda p: {"id": p.organization.id, "name": p.organization.name}
        if p.organization else None, required=True, metadata=_REF_OR_NULL)
    projects = fields.Method("_projects", required=True, metadata=_REFS)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)

    def _projects(self, proposal):
        return _project_refs(self, proposal.projects)


class ProposalDetailSchema(ProposalSchema):
    body = fields.String(required=True, metadata={"description": "Markdown"})


class ResultRowSchema(Schema):
    proposal_id = fields.Integer(required=True)
    title = fields.String(required=True)
    rank = fields.Integer(required=True)
    tied = fields.Boolean(required=True)
    value = fields.String(allow_none=True, required=True, metadata={
        "description": "Il valore che ordina la classifica (punti, media…), come testo esatto"})


class ResultsSchema(Schema):
    ballots = fields.Integer(required=True)
    electorate = fields.Integer(required=True)
    quorum_needed = fields.Integer(required=True)
    quorum_reached = fields.Boolean(required=True)
    closed = fields.Boolean(required=True, metadata={"description": "Risultato definitivo"})
    rows = fields.Nested(ResultRowSchema, many=True, required=True)


class RoundSchema(ReaderSchema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    method = fields.Function(lambda r: r.method.value, required=True,
                             metadata={"type": "string"})
    electorate = fields.Function(lambda r: r.electorate.value, required=True,
                                 metadata={"type": "string", "enum": ["core", "network"]})
    opens_at = fields.AwareDateTime(required=True)
    closes_at = fields.AwareDateTime(required=True)
    phase = fields.Function(lambda r: r.phase().value, required=True, metadata={
        "type": "string", "enum": ["scheduled", "open", "closed"]})
    secret = fields.Boolean(required=True)
    proposals = fields.Method("_proposals", required=True, metadata=_REFS)
    results_available = fields.Method("_results_available", required=True,
                                      metadata={"type": "boolean"})

    def _proposals(self, round_):
        user = _user(self)
        return [{"id": item.proposal.id, "name": item.proposal.title} for item in round_.items
                if item.proposal.can_view(user)]

    def _results_available(self, round_) -> bool:
        return round_.results_visible(_user(self))


class RoundDetailSchema(RoundSchema):
    description = fields.String(required=True, metadata={"description": "Markdown"})
    results = fields.Method("_results", required=True, metadata={
        "oneOf": [{"$ref": "#/components/schemas/Results"}, {"type": "null"}],
        "description": "La classifica, solo quando è pubblicata per il lettore"})

    def _results(self, round_):
        return self.context.get("results")

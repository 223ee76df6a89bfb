"""What the API serves: one :class:`Resource` per kind of object.

A resource names its schemas, its query parameters and one function that builds the
select of the rows a reader may see, already filtered by the models' own permission rules
(``visible_levels``, ``Meeting.visible_to``, ``Proposal.visible_to`` …). The routes, the
pagination, the ETags and the OpenAPI document are the same for all of them, so adding a
resource is one schema and one ``Resource(...)`` entry in :data:`RESOURCES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from marshmallow import Schema
from sqlalchemy.orm import selectinload

from tavolo.api import schemas
from tavolo.bounds import MAX_INT
from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, Meeting, MeetingStatus
from tavolo.notices.models import Notice
from tavolo.projects.models import Deliberation, Project, ProjectStatus
from tavolo.proposals.models import Proposal, ProposalStatus, proposal_projects
from tavolo.rounds.models import PriorityRound, RoundProposal
from tavolo.seminars.models import Seminar, Speaker, seminar_projects
from tavolo.types import ROME
from tavolo.visibility import visible_levels


@dataclass(frozen=True)
class Resource:
    """One collection of the API: ``/api/v1/<name>`` and ``/api/v1/<name>/<id>``.

    ``select(user, filters)`` returns the ordered select of what ``user`` may see, with the
    filters applied (``filters`` is what ``query`` loaded from the query string) and the
    relationships the schema reads eagerly loaded, so a page costs the same number of
    queries whatever its length. ``detail(user, row)`` may return extra context for the
    detail schema (e.g. the results of a round).
    """

    name: str
    model: type
    id_param: str
    schema: type[Schema]
    select: Callable[[object, dict], sa.Select]
    summary: str
    query: type[Schema] = schemas.PageQuery
    detail_schema: type[Schema] | None = None
    detail_options: tuple = ()
    detail: Callable[[object, object], dict] | None = None
    login_required: bool = False
    tags: tuple[str, ...] = field(default=())

    @property
    def component(self) -> str:
        """The name of the item's schema in the OpenAPI document."""
        return self.schema.__name__.removesuffix("Schema")


# -- filters -------------------------------------------------------------------------------

def _start(day: dt.date) -> dt.datetime:
    """Midnight in Rome at the start of ``day``, as aware UTC."""
    return dt.datetime.combine(day, dt.time(), ROME).astimezone(dt.UTC)


def _between(query: sa.Select, column, filters: dict) -> sa.Select:
    """Rows whose ``column`` (a UTC datetime) falls within the days of ``from``/``to``."""
    if filters.get("date_from"):
        query = query.where(column >= _start(filters["date_from"]))
    if filters.get("date_to"):
        query = query.where(column < _start(filters["date_to"] + dt.timedelta(days=1)))
    return query


def _years_overlap(query: sa.Select, start, end, filters: dict) -> sa.Select:
    """Rows whose years ``start``…``end`` (``end`` NULL: still going) meet the period."""
    if filters.get("date_from"):
        query = query.where(sa.or_(end.is_(None), end >= filters["date_from"].year))
    if filters.get("date_to"):
        query = query.where(start <= filters["date_to"].year)
    return query


def _project(filters: dict):
    """The ``project`` filter as a value an INTEGER column can be compared with (PostgreSQL
    refuses a larger one outright; no row has it anyway)."""
    value = filters["project"]
    return value if value <= MAX_INT else 0


def _status(query: sa.Select, column, enum, filters: dict) -> sa.Select:
    return query.where(column == enum(filters["status"])) if filters.get("status") else query


def _visible_projects(user):
    return sa.select(Project.id).where(Project.visibility.in_(visible_levels(user)))


# -- the resources --------------------------------------------------------------------------

def _organizations(user, filters):
    return (sa.select(Organization).options(selectinload(Organization.area_rows))
            .order_by(Organization.name, Organization.id))


def _people(user, filters):
    return (sa.select(Person).options(selectinload(Person.organization))
            .order_by(Person.name, Person.id))


def _projects(user, filters):
    query = (sa.select(Project).where(Project.visibility.in_(visible_levels(user)))
             .options(selectinload(Project.lead_organization), selectinload(Project.target_rows))
             .order_by(Project.start_year.desc(), Project.title, Project.id))
    if filters.get("project"):
        query = query.where(Project.id == _project(filters))
    query = _status(query, Project.status, ProjectStatus, filters)
    return _years_overlap(query, Project.start_year, Project.end_year, filters)


def _deliberations(user, filters):
    query = (sa.select(Deliberation)
             .where(Deliberation.project_id.in_(_visible_projects(user)))
             .options(selectinload(Deliberation.beneficiary))
             .order_by(Deliberation.year.desc(), Deliberation.id))
    if filters.get("project"):
        query = query.where(Deliberation.project_id == _project(filters))
    # A deliberation counts for the years of its period (``year`` is the first one).
    return _years_overlap(query, Deliberation.year, Deliberation.year, filters)


def _meetings(user, filters):
    query = (sa.select(Meeting).where(Meeting.visible_to(user))
             .options(selectinload(Meeting.minutes))
             .order_by(Meeting.starts_at.desc(), Meeting.id))
    if filters.get("project"):
        query = query.where(Meeting.id.in_(sa.select(AgendaItem.meeting_id).where(
            AgendaItem.project_id == _project(filters))))
    query = _status(query, Meeting.status, MeetingStatus, filters)
    return _between(query, Meeting.starts_at, filters)


def _seminars(user, filters):
    query = (sa.select(Seminar).where(Seminar.visible_to(user))
             .options(selectinload(Seminar.speakers).selectinload(Speaker.person)
                      .selectinload(Person.organization),
                      selectinload(Seminar.topics), selectinload(Seminar.projects))
             .order_by(Seminar.starts_at.desc(), Seminar.id))
    if filters.get("project"):
        query = query.where(Seminar.id.in_(sa.select(seminar_projects.c.seminar_id).where(
            seminar_projects.c.project_id == _project(filters))))
    return _between(query, Seminar.starts_at, filters)


def _notices(user, filters):
    query = (sa.select(Notice).where(Notice.visible_to(user), Notice.published_at.is_not(None))
             .options(selectinload(Notice.project))
             .order_by(Notice.published_at.desc(), Notice.id))
    if filters.get("project"):
        query = query.where(Notice.project_id == _project(filters))
    return _between(query, Notice.published_at, filters)


def _proposals(user, filters):
    query = (sa.select(Proposal).where(Proposal.visible_to(user))
             .options(selectinload(Proposal.author), selectinload(Proposal.organization),
                      selectinload(Proposal.projects))
             .order_by(Proposal.created_at.desc(), Proposal.id))
    if filters.get("project"):
        query = query.where(Proposal.id.in_(sa.select(proposal_projects.c.proposal_id).where(
            proposal_projects.c.project_id == _project(filters))))
    query = _status(query, Proposal.status, ProposalStatus, filters)
    return _between(query, Proposal.created_at, filters)


def _rounds(user, filters):
    query = (sa.select(PriorityRound).where(PriorityRound.visible_to(user))
             .options(selectinload(PriorityRound.items).selectinload(RoundProposal.proposal))
             .order_by(PriorityRound.opens_at.desc(), PriorityRound.id))
    if filters.get("project"):
        query = query.where(PriorityRound.id.in_(
            sa.select(RoundProposal.round_id).join(
                proposal_projects, proposal_projects.c.proposal_id == RoundProposal.proposal_id)
            .where(proposal_projects.c.project_id == _project(filters))))
    return _between(query, PriorityRound.opens_at, filters)


def _round_results(user, round_) -> dict:
    """The ranking, when the round's own rule (``results_visible``) lets ``user`` see it."""
    from tavolo.rounds.services.results import build_results

    if not round_.results_visible(user):
        return {"results": None}
    results = build_results(round_, viewer=user)
    rows = [{"proposal_id": row.candidate, "title": results.title_of(proposal),
             "rank": row.rank, "tied": row.tied,
             "value": None if row.value is None else str(row.value)}
            for row, proposal in results.rows()]
    return {"results": schemas.ResultsSchema().dump({
        "ballots": results.ballots, "electorate": results.electorate,
        "quorum_needed": results.quorum_needed, "quorum_reached": results.quorum_reached,
        "closed": results.closed, "rows": rows})}


RESOURCES: tuple[Resource, ...] = (
    Resource("organizations", Organization, "org_id", schemas.OrganizationSchema,
             _organizations, "Enti della rete (solo con accesso)", login_required=True),
    Resource("people", Person, "person_id", schemas.PersonSchema, _people,
             "Referenti degli enti (solo con accesso)", login_required=True),
    Resource("projects", Project, "project_id", schemas.ProjectSchema, _projects,
             "Progetti", query=schemas.ProjectListQuery,
             detail_schema=schemas.ProjectDetailSchema,
             detail_options=(selectinload(Project.partners),
                             selectinload(Project.deliberations)
                             .selectinload(Deliberation.beneficiary),
                             selectinload(Project.outcomes))),
    Resource("deliberations", Deliberation, "deliberation_id", schemas.DeliberationSchema,
             _deliberations, "Delibere che finanziano i progetti", query=schemas.ProjectQuery),
    Resource("meetings", Meeting, "meeting_id", schemas.MeetingSchema, _meetings,
             "Riunioni, con l'ordine del giorno e il verbale approvato",
             query=schemas.MeetingQuery, detail_schema=schemas.MeetingDetailSchema,
             detail_options=(selectinload(Meeting.agenda_items).selectinload(AgendaItem.project),
                             selectinload(Meeting.agenda_items)
                             .selectinload(AgendaItem.proposal))),
    Resource("seminars", Seminar, "seminar_id", schemas.SeminarSchema, _seminars,
             "Seminari e giornate di studio", query=schemas.ProjectQuery),
    Resource("notices", Notice, "notice_id", schemas.NoticeSchema, _notices,
             "Avvisi della bacheca (bandi, opportunità, eventi, novità), anche scaduti",
             query=schemas.ProjectQuery),
    Resource("proposals", Proposal, "proposal_id", schemas.ProposalSchema, _proposals,
             "Proposte alla rete", query=schemas.ProposalQuery,
             detail_schema=schemas.ProposalDetailSchema),
    Resource("rounds", PriorityRound, "round_id", schemas.RoundSchema, _rounds,
             "Votazioni di priorità, con la classifica quando è pubblicata",
             query=schemas.ProjectQuery, detail_schema=schemas.RoundDetailSchema,
             detail=_round_results),
)


def find(resource: Resource, user, row_id: int, filters: dict | None = None):
    """The row ``row_id`` if ``user`` may see it, else ``None``."""
    if row_id > MAX_INT:  # URLs take any 64-bit id; the id columns are 32-bit INTEGERs
        return None
    query = resource.select(user, filters or {}).where(resource.model.id == row_id)
    if resource.detail_options:
        query = query.options(*resource.detail_options)
    return db.session.scalar(query)

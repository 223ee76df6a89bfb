"""Reading meetings, decisions and action items, filtered by what the reader may see.

Every list, count and linked-item query starts from ``Meeting.visible_to(user)``; decisions
and action items also need the minutes to be approved unless the reader is in the core
group, because draft minutes are for the core group only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaItemStatus,
    Decision,
    Meeting,
    MeetingInvitee,
    MeetingKind,
    MeetingOrganization,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from tavolo.meetings.models.meeting import _is_core
from tavolo.meetings.times import local_to_utc
from tavolo.projects.models import Project
from tavolo.types import ROME, utcnow

PER_PAGE = 20


def load_meeting(meeting_id: int, user) -> Meeting | None:
    """The meeting with everything its page shows, in a fixed number of queries; ``None``
    when it does not exist or ``user`` may not see it (a hidden meeting looks like a missing
    one: ``access.get_meeting_or_404`` answers 404 for both).

    The invitees (with their people, accounts, organisations and delegates) and the invited
    organisations are loaded only for logged-in readers, the only ones shown them
    (``Meeting.can_see_people``); for anyone else they stay unloaded, and the page asks for
    the one thing it shows of them, the organisations present, with
    :func:`organizations_present`.
    """
    options = [
        joinedload(Meeting.series), joinedload(Meeting.created_by),
        joinedload(Meeting.minutes).options(
            joinedload(Minutes.approved_by), joinedload(Minutes.approved_in_meeting),
            selectinload(Minutes.versions)),
        selectinload(Meeting.agenda_items).options(
            joinedload(AgendaItem.presenter).joinedload(Person.organization),
            joinedload(AgendaItem.project), joinedload(AgendaItem.proposal),
            joinedload(AgendaItem.proposed_by),
            joinedload(AgendaItem.approves_minutes).joinedload(Minutes.meeting)),
        selectinload(Meeting.decisions).options(joinedload(Decision.project),
                                                joinedload(Decision.agenda_item)),
        selectinload(Meeting.action_items).options(
            joinedload(ActionItem.owner).joinedload(Person.organization),
            joinedload(ActionItem.agenda_item)),
    ]
    if getattr(user, "is_authenticated", False):
        options += [
            selectinload(Meeting.invitees).options(
                joinedload(MeetingInvitee.person).joinedload(Person.user),
                joinedload(MeetingInvitee.organization),
                selectinload(MeetingInvitee.delegates)),
            selectinload(Meeting.organizations).joinedload(MeetingOrganization.organization),
        ]
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.id == meeting_id)
                                .options(*options))
    return meeting if meeting is not None and meeting.can_view(user) else None


def organizations_present(meeting: Meeting) -> list[str]:
    """Names of the organisations with someone present, sorted (one query, or none when the
    invitees are loaded already)."""
    if "invitees" not in sa.inspect(meeting).unloaded:
        return sorted({i.organization.name for i in meeting.invitees
                       if i.attended and i.organization is not None})
    names = db.session.scalars(
        sa.select(Organization.name).distinct()
        .join(MeetingInvitee, MeetingInvitee.organization_id == Organization.id)
        .where(MeetingInvitee.meeting_id == meeting.id, MeetingInvitee.attended.is_(True)))
    return sorted(set(names))


def _minutes_visible(user):
    """Rows hanging off minutes: approved ones for everybody, drafts for the core group."""
    return sa.true() if _is_core(user) else Minutes.status == MinutesStatus.APPROVED


def visible_actions(user) -> sa.Select:
    return (sa.select(ActionItem).join(Meeting, ActionItem.meeting_id == Meeting.id)
            .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
            .where(Meeting.visible_to(user), _minutes_visible(user)))


def visible_decisions(user) -> sa.Select:
    return (sa.select(Decision).join(Meeting, Decision.meeting_id == Meeting.id)
            .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
            .where(Meeting.visible_to(user), _minutes_visible(user)))


@dataclass
class MeetingFilters:
    when: str = "upcoming"  # upcoming | past
    kind: str = ""
    year: int | None = None
    project_id: int | None = None


def meetings_query(user, filters: MeetingFilters) -> sa.Select:
    now = utcnow()
    query = sa.select(Meeting).where(Meeting.visible_to(user))
    if filters.when == "past":
        query = query.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc(),
                                                            Meeting.id.desc())
    else:
        query = query.where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id)
    if filters.kind in {k.value for k in MeetingKind}:
        query = query.where(Meeting.kind == filters.kind)
    if filters.year:
        start = local_to_utc(dt.date(filters.year, 1, 1), dt.time(0, 0))
        end = local_to_utc(dt.date(filters.year + 1, 1, 1), dt.time(0, 0))
        query = query.where(Meeting.starts_at >= start, Meeting.starts_at < end)
    if filters.project_id:
        on_agenda = sa.select(AgendaItem.id).where(
            AgendaItem.meeting_id == Meeting.id, AgendaItem.project_id == filters.project_id,
            AgendaItem.status == AgendaItemStatus.ACCEPTED)
        decided = (sa.select(Decision.id)
                   .outerjoin(Minutes, Minutes.meeting_id == Decision.meeting_id)
                   .where(Decision.meeting_id == Meeting.id,
                          Decision.project_id == filters.project_id, _minutes_visible(user)))
        query = query.where(sa.or_(on_agenda.exists(), decided.exists()))
    return query


@dataclass
class MeetingRow:
    meeting: Meeting
    items: int
    my_invitation: MeetingInvitee | None


def meeting_rows(meetings: list[Meeting], person: Person | None) -> list[MeetingRow]:
    """Extras for a page of meetings: agenda length and the reader's invitation (2 queries)."""
    ids = [m.id for m in meetings]
    if not ids:
        return []
    counts = dict(db.session.execute(
        sa.select(AgendaItem.meeting_id, sa.func.count())
        .where(AgendaItem.meeting_id.in_(ids), AgendaItem.status == AgendaItemStatus.ACCEPTED)
        .group_by(AgendaItem.meeting_id)).all())
    mine = {}
    if person is not None:
        mine = {i.meeting_id: i for i in db.session.scalars(
            sa.select(MeetingInvitee).where(MeetingInvitee.meeting_id.in_(ids),
                                            MeetingInvitee.person_id == person.id))}
    return [MeetingRow(m, counts.get(m.id, 0), mine.get(m.id)) for m in meetings]


def meeting_years(user) -> list[int]:
    first, last = db.session.execute(
        sa.select(sa.func.min(Meeting.starts_at), sa.func.max(Meeting.starts_at))
        .where(Meeting.visible_to(user))).one()
    if first is None:
        return []
    if isinstance(first, str):  # aggregate results skip the column type on SQLite
        first, last = dt.datetime.fromisoformat(first), dt.datetime.fromisoformat(last)
    return list(range(last.year, first.year - 1, -1))


def projects_for_filter(user) -> list[Project]:
    """Projects the reader may see that some visible meeting discusses."""
    from tavolo.visibility import visible_levels

    linked = sa.union(
        sa.select(AgendaItem.project_id).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.project_id.is_not(None), Meeting.visible_to(user)),
        sa.select(Decision.project_id).join(Meeting, Decision.meeting_id == Meeting.id)
        .where(Decision.project_id.is_not(None), Meeting.visible_to(user)),
    ).subquery()
    return list(db.session.scalars(
        sa.select(Project).where(Project.id.in_(sa.select(linked.c[0])),
                                 Project.visibility.in_(visible_levels(user)))
        .order_by(Project.title)))


def action_query(user, *, status: str = "open", owner_id: int | None = None,
                 overdue: bool = False) -> sa.Select:
    query = (visible_actions(user).join(Person, ActionItem.owner_id == Person.id)
             .options(joinedload(ActionItem.owner).joinedload(Person.organization),
                      joinedload(ActionItem.meeting))
             .where(Meeting.status != MeetingStatus.CANCELLED))
    if status in {s.value for s in ActionStatus}:
        query = query.where(ActionItem.status == status)
    if owner_id:
        query = query.where(ActionItem.owner_id == owner_id)
    if overdue:
        today = dt.datetime.now(ROME).date()
        query = query.where(ActionItem.status == ActionStatus.OPEN, ActionItem.due_on < today)
    return query


def my_actions(user, person: Person) -> list[ActionItem]:
    """The reader's action items: open ones first by due date, then the closed ones."""
    return list(db.session.scalars(
        visible_actions(user).where(ActionItem.owner_id == person.id)
        .options(joinedload(ActionItem.meeting), joinedload(ActionItem.owner))
        .order_by(ActionItem.status != ActionStatus.OPEN, ActionItem.due_on.is_(None),
                  ActionItem.due_on, Meeting.starts_at.desc(), ActionItem.id)
        .limit(500)).unique())

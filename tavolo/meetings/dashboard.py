"""What the dashboard shows of meetings: my next meetings, my action items, the
coordinator's pending work, and approved minutes for the recent activity.

Every query starts from ``Meeting.visible_to(user)`` and runs a fixed number of times
whatever the number of meetings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import g, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, joinedload

from tavolo.dashboard.blocks import Activity
from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaItemStatus,
    Meeting,
    MeetingInvitee,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Rsvp,
)
from tavolo.types import ROME, utcnow

NEXT_MEETINGS = "meetings"  # the key of the "next meeting" block
FOLLOWING = 2
ACTIONS_SHOWN = 10
PENDING_SHOWN = 10
OPEN_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.SCHEDULED)


def _person_id(user) -> int | None:
    """The directory person of ``user`` (looked up once per request for all the blocks)."""
    cache = g.setdefault("dashboard_person_ids", {})
    if user.id not in cache:
        cache[user.id] = db.session.scalar(sa.select(Person.id).where(Person.user_id == user.id))
    return cache[user.id]


@dataclass
class NextMeetings:
    meeting: Meeting
    invitee: MeetingInvitee
    agenda: list[AgendaItem]
    can_rsvp: bool
    following: list[tuple[Meeting, MeetingInvitee]] = field(default_factory=list)


def next_meetings(user) -> NextMeetings | None:
    """The next meeting ``user`` is invited to (with agenda and answer) and the two after it.

    Three queries: the person, the meetings with the invitations, the agenda.
    """
    person_id = _person_id(user)
    if person_id is None:
        return None
    rows = db.session.execute(
        sa.select(Meeting, MeetingInvitee)
        .join(MeetingInvitee, MeetingInvitee.meeting_id == Meeting.id)
        .where(MeetingInvitee.person_id == person_id, Meeting.visible_to(user),
               Meeting.status.in_(OPEN_STATUSES), Meeting.ends_at > utcnow())
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1 + FOLLOWING)).all()
    if not rows:
        return None
    meeting, invitee = rows[0]
    agenda = list(db.session.scalars(
        sa.select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id,
               AgendaItem.status == AgendaItemStatus.ACCEPTED)
        .order_by(AgendaItem.position)))
    return NextMeetings(meeting=meeting, invitee=invitee, agenda=agenda,
                        can_rsvp=meeting.can_rsvp(user, invitee),
                        following=[(m, i) for m, i in rows[1:]])


def my_action_items(user) -> list[ActionItem]:
    """Open action items of the person linked to ``user``: by due date, overdue first,
    undated last. Two queries."""
    person_id = _person_id(user)
    if person_id is None:
        return []
    return list(db.session.scalars(
        sa.select(ActionItem).join(Meeting, ActionItem.meeting_id == Meeting.id)
        .where(ActionItem.owner_id == person_id, ActionItem.status == ActionStatus.OPEN,
               Meeting.visible_to(user))
        .options(contains_eager(ActionItem.meeting))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
        .limit(ACTIONS_SHOWN)))


@dataclass
class MeetingCount:
    meeting: Meeting
    count: int


@dataclass
class PendingWork:
    proposed_items: list[MeetingCount]
    unanswered: list[MeetingCount]
    overdue_actions: list[ActionItem]
    overdue_total: int

    def __bool__(self) -> bool:
        return bool(self.proposed_items or self.unanswered or self.overdue_actions)


def _per_meeting(condition, join_model, join_on) -> list[MeetingCount]:
    count = sa.func.count(join_model.id).label("n")
    rows = db.session.execute(
        sa.select(Meeting, count).join(join_model, join_on)
        .where(condition, Meeting.status.in_(OPEN_STATUSES), Meeting.ends_at > utcnow())
        .group_by(Meeting.id).order_by(Meeting.starts_at, Meeting.id)
        .limit(PENDING_SHOWN)).all()
    return [MeetingCount(meeting, n) for meeting, n in rows]


def pending_work(user) -> PendingWork:
    """For the coordinator: proposed agenda items waiting, convened meetings with invitations
    not answered (counts per meeting), overdue action items of the whole network.
    Four queries."""
    proposed = _per_meeting(AgendaItem.status == AgendaItemStatus.PROPOSED, AgendaItem,
                            AgendaItem.meeting_id == Meeting.id)
    unanswered = _per_meeting(
        sa.and_(MeetingInvitee.rsvp == Rsvp.PENDING, Meeting.status == MeetingStatus.SCHEDULED),
        MeetingInvitee, MeetingInvitee.meeting_id == Meeting.id)
    today = dt.datetime.now(ROME).date()
    overdue = (ActionItem.status == ActionStatus.OPEN) & (ActionItem.due_on < today)
    overdue_total = db.session.scalar(
        sa.select(sa.func.count()).select_from(ActionItem).where(overdue))
    actions = list(db.session.scalars(
        sa.select(ActionItem).where(overdue)
        .options(joinedload(ActionItem.owner), joinedload(ActionItem.meeting))
        .order_by(ActionItem.due_on, ActionItem.id).limit(ACTIONS_SHOWN))) if overdue_total else []
    return PendingWork(proposed_items=proposed, unanswered=unanswered,
                       overdue_actions=actions, overdue_total=overdue_total or 0)


def approved_minutes(user, limit: int) -> list[Activity]:
    """Recent activity: minutes approved of meetings ``user`` may see. One query."""
    rows = db.session.execute(
        sa.select(Meeting.id, Meeting.title, Minutes.approved_at)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Meeting.visible_to(user), Minutes.status == MinutesStatus.APPROVED)
        .order_by(Minutes.approved_at.desc(), Meeting.id.desc()).limit(limit)).all()
    return [Activity(at=at, kind=_l("Verbale approvato"), title=title,
                     url=url_for("meetings.detail", meeting_id=meeting_id, _anchor="minutes"))
            for meeting_id, title, at in rows]


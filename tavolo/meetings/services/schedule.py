"""What an agenda looks like on the day: running times, and the follow-up section with the
action items of earlier meetings still open when this one starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.meetings.models import ActionItem, ActionStatus, AgendaItem, Meeting
from tavolo.meetings.services.queries import visible_actions
from tavolo.visibility import Visibility


@dataclass
class ScheduledItem:
    item: AgendaItem
    number: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    overruns: bool


@dataclass
class Schedule:
    items: list[ScheduledItem]
    ends_at: dt.datetime
    overrun_minutes: int


def schedule(meeting: Meeting, items: Sequence[AgendaItem] | None = None) -> Schedule:
    """Running start time of each accepted item from the minutes allotted, and how far the
    agenda runs past the meeting's end."""
    items = [i for i in (meeting.agenda_items if items is None else items) if i.is_accepted]
    cursor = meeting.starts_at
    rows = []
    for number, item in enumerate(items, start=1):
        end = cursor + dt.timedelta(minutes=item.duration_minutes)
        rows.append(ScheduledItem(item, number, cursor, end, end > meeting.ends_at))
        cursor = end
    overrun = max(0, int((cursor - meeting.ends_at).total_seconds() // 60))
    return Schedule(rows, cursor, overrun)


def follow_up_actions(meeting: Meeting, user) -> list:
    """Action items of earlier meetings that were still open when this one starts.

    Only from meetings at most as visible as this one (an enlarged meeting never shows the
    core group's actions), and only what ``user`` may see. One query.
    """
    levels = [v.value for v in Visibility if v.rank <= Visibility(meeting.visibility).rank]
    query = (visible_actions(user)
             .where(Meeting.id != meeting.id, Meeting.starts_at < meeting.starts_at,
                    Meeting.visibility.in_(levels),
                    sa.or_(ActionItem.status == ActionStatus.OPEN,
                           ActionItem.closed_at >= meeting.starts_at))
             .options(joinedload(ActionItem.owner).joinedload(Person.organization),
                      joinedload(ActionItem.meeting))
             .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id))
    return list(db.session.scalars(query).unique())

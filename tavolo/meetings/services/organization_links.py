"""The meetings an organisation attended, for its page in the directory (``directory.links``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.meetings.models import Meeting, MeetingInvitee, MeetingStatus


@dataclass
class AttendedMeeting:
    """One meeting and who was there on behalf of the organisation."""

    meeting: Meeting
    people: list[str] = field(default_factory=list)


def meetings_for_organizations(organizations: Sequence, user
                               ) -> dict[int, list[AttendedMeeting]]:
    """Meetings ``user`` may see where someone was present for each organisation, the latest
    first. One query whatever the number of organisations and meetings.

    Attendance records the organisation each person represented at that meeting, so a
    person who later moved elsewhere still counts for the organisation they came for.
    """
    ids = [organization.id for organization in organizations]
    rows = db.session.execute(
        sa.select(MeetingInvitee.organization_id, Meeting, Person.name)
        .join(Meeting, MeetingInvitee.meeting_id == Meeting.id)
        .join(Person, MeetingInvitee.person_id == Person.id)
        .where(MeetingInvitee.organization_id.in_(ids), MeetingInvitee.attended.is_(True),
               Meeting.status != MeetingStatus.CANCELLED, Meeting.visible_to(user))
        .order_by(Meeting.starts_at.desc(), Meeting.id, Person.name)).all()
    found: dict[int, list[AttendedMeeting]] = defaultdict(list)
    for organization_id, meeting, name in rows:
        attended = found[organization_id]
        if not attended or attended[-1].meeting.id != meeting.id:
            attended.append(AttendedMeeting(meeting))
        attended[-1].people.append(name)
    return dict(found)

"""Agenda items and decisions shown on the page of the project they concern."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, AgendaItemStatus, Decision, Meeting, MeetingStatus
from tavolo.meetings.services.queries import visible_decisions


@dataclass
class ProjectMeetingLink:
    """One line of the project page: an agenda item or a decision, with its meeting."""

    kind: str  # "agenda" | "decision"
    meeting: Meeting
    text: str
    agenda_item: AgendaItem | None = None
    decision: Decision | None = None

    @property
    def when(self) -> dt.datetime:
        return self.meeting.starts_at


def links_for_projects(projects: Sequence, user) -> dict[int, list[ProjectMeetingLink]]:
    """For each project, what visible meetings put on the agenda and decided about it.

    Two queries whatever the number of projects; cancelled meetings and proposals that are
    not on an agenda are left out, decisions of draft minutes only for the core group.
    """
    ids = [p.id for p in projects]
    result: dict[int, list[ProjectMeetingLink]] = defaultdict(list)
    items = db.session.scalars(
        sa.select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.project_id.in_(ids), AgendaItem.status == AgendaItemStatus.ACCEPTED,
               Meeting.status != MeetingStatus.CANCELLED, Meeting.visible_to(user))
        .options(contains_eager(AgendaItem.meeting)))
    for item in items:
        result[item.project_id].append(ProjectMeetingLink("agenda", item.meeting, item.title,
                                                          agenda_item=item))
    decisions = db.session.scalars(
        visible_decisions(user)
        .where(Decision.project_id.in_(ids), Meeting.status != MeetingStatus.CANCELLED)
        .options(contains_eager(Decision.meeting)))
    for decision in decisions:
        result[decision.project_id].append(ProjectMeetingLink("decision", decision.meeting,
                                                              decision.text, decision=decision))
    for links in result.values():
        links.sort(key=lambda link: (link.when, link.kind == "decision"), reverse=True)
    return dict(result)

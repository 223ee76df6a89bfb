"""What of the meetings area can be searched, and by whom.

Four kinds of entry, because their texts have different audiences: the meeting (title,
description, place), its accepted agenda items, its minutes (summary, the notes of every
item, the action items) and its decisions. Meetings and agenda items follow the meeting's
rule (its level; drafts for the core group only); minutes and decisions are for the core
group until the minutes are approved, then follow the meeting. A change of the meeting
(level, status, title, date) or of the minutes' status refreshes the entries that depend on
it, in the same transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from tavolo import search
from tavolo.extensions import db
from tavolo.meetings.models import ActionItem, AgendaItem, Decision, Meeting, Minutes
from tavolo.meetings.models.agenda import AgendaItemStatus
from tavolo.meetings.models.meeting import MeetingStatus
from tavolo.types import ROME
from tavolo.visibility import Visibility

MEETING_FIELDS = ("title", "visibility", "status", "starts_at")


def meeting_level(meeting: Meeting) -> Visibility:
    """Who may find the meeting: its level, and the core group only while a draft."""
    level = Visibility(meeting.visibility)
    if meeting.status == MeetingStatus.DRAFT and level.rank < Visibility.CORE.rank:
        return Visibility.CORE
    return level


def minutes_level(meeting: Meeting) -> Visibility:
    """Minutes and decisions: the meeting's level once approved, the core group before."""
    level = meeting_level(meeting)
    approved = meeting.minutes is not None and meeting.minutes.is_approved
    if not approved and level.rank < Visibility.CORE.rank:
        return Visibility.CORE
    return level


def _context(meeting: Meeting) -> str:
    return f"{meeting.title} · {meeting.starts_at.astimezone(ROME):%d/%m/%Y}"


def _year(meeting: Meeting) -> int:
    return meeting.starts_at.astimezone(ROME).year


def _meetings(ids):
    rows = db.session.scalars(
        sa.select(Meeting).where(Meeting.id.in_(ids))
        .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=m.id, title=m.title, visibility=meeting_level(m), year=_year(m),
        happened_at=m.starts_at, context=_context(m),
        body="\n".join(filter(None, [m.description, m.place])))
        for m in rows]


def _agenda_items(ids):
    rows = db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.id.in_(ids),
                                    AgendaItem.status == AgendaItemStatus.ACCEPTED)
        .options(selectinload(AgendaItem.meeting))
        .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=i.id, title=i.title, visibility=meeting_level(i.meeting),
        parent_id=i.meeting_id, project_id=i.project_id, year=_year(i.meeting),
        happened_at=i.meeting.starts_at, context=_context(i.meeting), body=i.description)
        for i in rows]


def _minutes(ids):
    rows = db.session.scalars(
        sa.select(Minutes).where(Minutes.id.in_(ids))
        .options(selectinload(Minutes.meeting).selectinload(Meeting.agenda_items),
                 selectinload(Minutes.meeting).selectinload(Meeting.action_items))
        .execution_options(populate_existing=True))
    documents = []
    for minutes in rows:
        meeting = minutes.meeting
        parts = [minutes.summary]
        parts += [f"{item.title}: {item.notes}" for item in meeting.agenda_items
                  if item.is_accepted and item.notes]
        parts += [action.what for action in meeting.action_items]
        if not any(parts):
            continue  # nothing written yet: the meeting's own entry is enough
        documents.append(search.SearchDocument(
            object_id=minutes.id, title=meeting.title, visibility=minutes_level(meeting),
            parent_id=meeting.id, year=_year(meeting), happened_at=meeting.starts_at,
            context=_context(meeting), body="\n".join(filter(None, parts))))
    return documents


def _first_line(text: str, length: int = 120) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= length else line[:length].rsplit(" ", 1)[0] + " …"


def _decisions(ids):
    rows = db.session.scalars(
        sa.select(Decision).where(Decision.id.in_(ids))
        .options(selectinload(Decision.meeting).selectinload(Meeting.minutes))
        .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=d.id, title=_first_line(d.text), visibility=minutes_level(d.meeting),
        parent_id=d.meeting_id, project_id=d.project_id, year=_year(d.meeting),
        happened_at=d.meeting.starts_at, context=_context(d.meeting), body=d.text)
        for d in rows]


def _of_meetings(model):
    return lambda ids: sa.select(model.id).where(model.meeting_id.in_(ids))


def _minutes_of_children(model):
    return lambda ids: (sa.select(Minutes.id)
                        .join(model, model.meeting_id == Minutes.meeting_id)
                        .where(model.id.in_(ids)))


def register_search(app: Flask) -> None:
    def meeting_url(anchor=None):
        return lambda entry: url_for("meetings.detail", meeting_id=entry.parent_id or
                                     entry.object_id, _anchor=anchor(entry) if anchor else None)

    search.register(app, search.SearchSource(
        key="meeting", label=_l("Riunioni"), model=Meeting, load=_meetings, order=20,
        url=lambda entry: url_for("meetings.detail", meeting_id=entry.object_id)))
    search.register(app, search.SearchSource(
        key="agenda_item", label=_l("Punti all'ordine del giorno"), model=AgendaItem,
        load=_agenda_items, order=22, url=meeting_url(lambda e: f"item-{e.object_id}"),
        follows={Meeting: _of_meetings(AgendaItem)}, fields={Meeting: MEETING_FIELDS}))
    search.register(app, search.SearchSource(
        key="minutes", label=_l("Verbali"), model=Minutes, load=_minutes, order=24,
        url=meeting_url(lambda e: "minutes"),
        follows={Meeting: _of_meetings(Minutes), AgendaItem: _minutes_of_children(AgendaItem),
                 ActionItem: _minutes_of_children(ActionItem)},
        fields={Meeting: MEETING_FIELDS, AgendaItem: ("title", "notes", "status")}))
    search.register(app, search.SearchSource(
        key="decision", label=_l("Decisioni"), model=Decision, load=_decisions, order=26,
        url=meeting_url(lambda e: "decisions"),
        follows={Meeting: _of_meetings(Decision), Minutes: lambda ids: sa.select(
            Decision.id).join(Minutes, Minutes.meeting_id == Decision.meeting_id)
            .where(Minutes.id.in_(ids))},
        fields={Meeting: MEETING_FIELDS, Minutes: ("status",)}))

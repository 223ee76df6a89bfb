"""Meetings as calendar entries: the source the calendar registers for the meetings area.

Who sees what is decided by ``Meeting.visible_to`` (lists) and ``Meeting.can_view`` (one
meeting), the same rules as the meeting pages. Drafts, which only the core group sees, are
``TENTATIVE``; cancelled meetings stay in the calendar as ``CANCELLED`` so that subscribed
clients remove them instead of keeping a stale copy.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from tavolo.auth.models import User
from tavolo.calendar.sources import CalendarEntry, EntryQuery, EntryStatus
from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, AgendaItemStatus, Meeting, MeetingKind, MeetingStatus
from tavolo.outbox.mail import absolute_url
from tavolo.types import ROME

SOURCE_KEY = "meetings"
# The UID must never change, so it does not depend on the address the site is served from
# (which may change, and differs between a request and a command run by cron).
UID_DOMAIN = "tavolo.meetings"

_STATUS = {
    MeetingStatus.DRAFT: EntryStatus.TENTATIVE,
    MeetingStatus.SCHEDULED: EntryStatus.CONFIRMED,
    MeetingStatus.HELD: EntryStatus.CONFIRMED,
    MeetingStatus.CANCELLED: EntryStatus.CANCELLED,
}


@dataclass(frozen=True)
class AgendaLine:
    title: str
    minutes: int
    updated_at: dt.datetime


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def site_organizer() -> tuple[str, str]:
    """Name and address shown as organiser where the coordinator's own must not be."""
    config = current_app.config
    return config.get("SITE_NAME", "Tavolo"), parseaddr(config.get("MAIL_SENDER") or "")[1]


def organizer_of(meeting: Meeting) -> tuple[str, str]:
    """The coordinator who called the meeting, or the site itself when unknown."""
    author = meeting.created_by
    if author is not None and author.email:
        return author.name, author.email
    return site_organizer()


def agenda_lines(meeting: Meeting) -> list[AgendaLine]:
    """The accepted items of an already loaded meeting, in order."""
    return [AgendaLine(i.title, i.duration_minutes, i.updated_at)
            for i in meeting.agenda_items if i.is_accepted]


@dataclass(frozen=True)
class _Texts:
    """The translated words of entries, looked up once per list rather than per meeting."""

    kinds: dict
    statuses: dict
    draft: str
    cancelled: str
    reason: str
    agenda: str
    online: str
    page: str


def _texts() -> _Texts:
    return _Texts(
        kinds={kind: kind.label for kind in MeetingKind},
        statuses={status: status.label for status in MeetingStatus},
        draft=_("Riunione in preparazione: data, luogo e ordine del giorno possono ancora "
                "cambiare."),
        cancelled=_("RIUNIONE ANNULLATA."), reason=_("Motivo:"),
        agenda=_("Ordine del giorno:"), online=_("Partecipa a distanza:"),
        page=_("Pagina della riunione:"))


def _description(meeting: Meeting, agenda: Sequence[AgendaLine], url: str,
                 texts: _Texts) -> str:
    """The meeting as plain text: status, agenda with running times, notes and links.

    Many calendar apps ignore URL, so the page's address is written here too.
    """
    lines = [f"{texts.kinds[meeting.kind]} – {texts.statuses[meeting.status]}"]
    if meeting.status == MeetingStatus.DRAFT:
        lines.append(texts.draft)
    if meeting.status == MeetingStatus.CANCELLED:
        lines.append(texts.cancelled + (f" {texts.reason} {meeting.cancel_reason}"
                                        if meeting.cancel_reason else ""))
    if agenda:
        lines += ["", texts.agenda]
        cursor = meeting.starts_at
        for number, line in enumerate(agenda, start=1):
            lines.append(f"{number}. {cursor.astimezone(ROME):%H:%M} {line.title}")
            cursor += dt.timedelta(minutes=line.minutes)
    if meeting.description:
        lines += ["", meeting.description]
    if meeting.online_url:
        lines += ["", f"{texts.online} {meeting.online_url}"]
    lines += ["", f"{texts.page} {url}"]
    return "\n".join(lines)


def entry_for(meeting: Meeting, *, details: bool, agenda: Sequence[AgendaLine] = (),
              public: bool = False, texts: _Texts | None = None,
              site: tuple[str, str] | None = None) -> CalendarEntry:
    """The calendar entry of one meeting; ``public`` hides the coordinator's address.

    ``texts`` and ``site`` let a list compute its translations and the site's identity once.
    """
    texts = texts or _texts()
    url = absolute_url("meetings.detail", meeting_id=meeting.id)
    last_modified = max([meeting.updated_at, *(line.updated_at for line in agenda)])
    name, email = "", ""
    if details:
        name, email = (site or site_organizer()) if public else organizer_of(meeting)
    state = "" if meeting.status == MeetingStatus.SCHEDULED else texts.statuses[meeting.status]
    return CalendarEntry(
        source=SOURCE_KEY, uid=meeting_uid(meeting), sequence=meeting.sequence,
        title=meeting.title, starts_at=meeting.starts_at, ends_at=meeting.ends_at,
        status=_STATUS[meeting.status], category=meeting.kind.value,
        category_label=texts.kinds[meeting.kind], state_label=state,
        path=url_for("meetings.detail", meeting_id=meeting.id), url=url,
        place=meeting.place, online_url=meeting.online_url,
        description=_description(meeting, agenda, url, texts) if details else "",
        organizer_name=name, organizer_email=email, created_at=meeting.created_at,
        last_modified=last_modified, is_example=meeting.is_example)


def _agendas(condition, ids: list[int] | None) -> dict[int, list[AgendaLine]]:
    """Accepted agenda items of the selected meetings, in one query."""
    chosen = (AgendaItem.meeting_id.in_(ids) if ids is not None
              else AgendaItem.meeting_id.in_(sa.select(Meeting.id).where(condition)))
    rows = db.session.execute(
        sa.select(AgendaItem.meeting_id, AgendaItem.title, AgendaItem.duration_minutes,
                  AgendaItem.updated_at)
        .where(chosen, AgendaItem.status == AgendaItemStatus.ACCEPTED)
        .order_by(AgendaItem.meeting_id, AgendaItem.position))
    result: dict[int, list[AgendaLine]] = defaultdict(list)
    for meeting_id, title, minutes, updated_at in rows:
        result[meeting_id].append(AgendaLine(title, minutes, updated_at))
    return result


def _condition(query: EntryQuery):
    """The meetings of ``query``, or ``None`` when it asks for no meeting category."""
    kinds = [k for k in MeetingKind if query.categories is None or k.value in query.categories]
    if not kinds:
        return None
    condition = sa.and_(Meeting.visible_to(query.user), Meeting.ends_at > query.start,
                        Meeting.kind.in_(kinds))
    if query.end is not None:
        condition = sa.and_(condition, Meeting.starts_at < query.end)
    return condition


def load_entries(query: EntryQuery) -> list[CalendarEntry]:
    """Meetings ``query.user`` may see in the query's window: one query, two with details."""
    condition = _condition(query)
    if condition is None:
        return []
    statement = sa.select(Meeting).where(condition).order_by(Meeting.starts_at, Meeting.id)
    if query.limit is not None:
        statement = statement.limit(query.limit)
    if query.details:
        statement = statement.options(joinedload(Meeting.created_by))
    meetings = list(db.session.scalars(statement))
    texts = _texts()
    if not query.details or not meetings:
        return [entry_for(m, details=False, texts=texts) for m in meetings]
    agendas = _agendas(condition, [m.id for m in meetings] if query.limit is not None else None)
    public = not getattr(query.user, "is_authenticated", False)
    site = site_organizer()
    return [entry_for(m, details=True, agenda=agendas.get(m.id, ()), public=public,
                      texts=texts, site=site) for m in meetings]


def state(query: EntryQuery) -> tuple[sa.Select | None, tuple]:
    """What the feed entries of ``query`` are made of, as one aggregate row and the words
    around it (see ``sources.state``): the meetings' count, ids, sequences and latest
    change; the same of their accepted agenda items (a deleted or declined item changes
    the count, an edited one the latest change); the organisers' names and addresses (in
    id order; should a database ever give them in another order, the feed is only written
    once more); the words and links the entries are written with."""
    public = not getattr(query.user, "is_authenticated", False)
    extras = (query.details, public, site_organizer(), repr(_texts()),
              absolute_url("meetings.detail", meeting_id=0))
    condition = _condition(query)
    if condition is None:
        return None, extras
    chosen = sa.select(Meeting.id).where(condition)
    meetings = (sa.select(sa.func.count().label("meetings"),
                          sa.func.sum(Meeting.id).label("meeting_ids"),
                          sa.func.sum(Meeting.sequence).label("sequences"),
                          sa.func.max(Meeting.updated_at).label("meetings_changed"))
                .where(condition).subquery())
    agenda = (sa.select(sa.func.count().label("items"),
                        sa.func.sum(AgendaItem.id).label("item_ids"),
                        sa.func.sum(AgendaItem.position).label("positions"),
                        sa.func.max(AgendaItem.updated_at).label("items_changed"))
              .where(AgendaItem.meeting_id.in_(chosen),
                     AgendaItem.status == AgendaItemStatus.ACCEPTED).subquery())
    columns = [*meetings.c, *agenda.c]
    joined = meetings.join(agenda, sa.true())
    if query.details and not public:
        people = (sa.select(User.id, User.name, User.email)
                  .where(User.id.in_(sa.select(Meeting.created_by_id).where(condition)))
                  .order_by(User.id).subquery())
        organizers = sa.select(sa.func.aggregate_strings(
            sa.cast(people.c.id, sa.String) + " " + people.c.name + " <" + people.c.email
            + ">", "\n").label("organizers")).subquery()
        columns += list(organizers.c)
        joined = joined.join(organizers, sa.true())
    return sa.select(*columns).select_from(joined), extras

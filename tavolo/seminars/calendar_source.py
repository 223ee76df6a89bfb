"""Seminars as calendar entries: the source this area registers with the calendar.

They then appear in the month and agenda pages, in ``/calendar/public.ics`` (public ones),
in personal feeds, and each one as its own ``.ics``. Who sees what is ``Seminar.visible_to``,
the rule of the seminar pages.
"""

from __future__ import annotations

from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from tavolo.calendar.sources import CalendarEntry, EntryQuery, EntryStatus
from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.outbox.mail import absolute_url
from tavolo.seminars.models import Seminar, Speaker

SOURCE_KEY = "seminars"
CATEGORY = "seminar"
UID_DOMAIN = "tavolo.seminars"


def seminar_uid(seminar: Seminar) -> str:
    return f"{seminar.uid}@{UID_DOMAIN}"


def _description(seminar: Seminar, url: str) -> str:
    lines = []
    if seminar.speakers:
        lines.append(_("Relatori:"))
        for speaker in seminar.speakers:
            affiliation = speaker.display_affiliation
            lines.append(f"- {speaker.display_name}" + (f" ({affiliation})" if affiliation
                                                         else ""))
        lines.append("")
    if seminar.abstract:
        lines += [seminar.abstract, ""]
    if seminar.online_url:
        lines += [f"{_('Partecipa a distanza:')} {seminar.online_url}", ""]
    lines.append(f"{_('Pagina del seminario:')} {url}")
    return "\n".join(lines)


def entry_for(seminar: Seminar, *, details: bool, label: str | None = None) -> CalendarEntry:
    url = absolute_url("seminars.detail", seminar_id=seminar.id)
    name, email = "", ""
    if details:
        config = current_app.config
        name, email = config.get("SITE_NAME", "Tavolo"), parseaddr(
            config.get("MAIL_SENDER") or "")[1]
    return CalendarEntry(
        source=SOURCE_KEY, uid=seminar_uid(seminar), sequence=seminar.sequence,
        title=seminar.title, starts_at=seminar.starts_at, ends_at=seminar.ends_at,
        status=EntryStatus.CONFIRMED, category=CATEGORY,
        category_label=label or _("Seminario"),
        path=url_for("seminars.detail", seminar_id=seminar.id), url=url,
        place=seminar.place, online_url=seminar.online_url,
        description=_description(seminar, url) if details else "",
        organizer_name=name, organizer_email=email, created_at=seminar.created_at,
        last_modified=seminar.updated_at, is_example=seminar.is_example)


def load_entries(query: EntryQuery) -> list[CalendarEntry]:
    """Seminars ``query.user`` may see in the window: one query, two with details."""
    if query.categories is not None and CATEGORY not in query.categories:
        return []
    statement = (sa.select(Seminar)
                 .where(Seminar.visible_to(query.user), Seminar.ends_at > query.start)
                 .order_by(Seminar.starts_at, Seminar.id))
    if query.end is not None:
        statement = statement.where(Seminar.starts_at < query.end)
    if query.limit is not None:
        statement = statement.limit(query.limit)
    if query.details:
        statement = statement.options(selectinload(Seminar.speakers).joinedload(Speaker.person)
                                      .joinedload(Person.organization))
    label = _("Seminario")
    return [entry_for(s, details=query.details, label=label)
            for s in db.session.scalars(statement)]

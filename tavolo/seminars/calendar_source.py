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
from tavolo.directory.models import Organization, Person
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


def _condition(query: EntryQuery):
    condition = sa.and_(Seminar.visible_to(query.user), Seminar.ends_at > query.start)
    if query.end is not None:
        condition = sa.and_(condition, Seminar.starts_at < query.end)
    return condition


def load_entries(query: EntryQuery) -> list[CalendarEntry]:
    """Seminars ``query.user`` may see in the window: one query, two with details."""
    if query.categories is not None and CATEGORY not in query.categories:
        return []
    statement = (sa.select(Seminar).where(_condition(query))
                 .order_by(Seminar.starts_at, Seminar.id))
    if query.limit is not None:
        statement = statement.limit(query.limit)
    if query.details:
        statement = statement.options(selectinload(Seminar.speakers).joinedload(Speaker.person)
                                      .joinedload(Person.organization))
    label = _("Seminario")
    return [entry_for(s, details=query.details, label=label)
            for s in db.session.scalars(statement)]


def state(query: EntryQuery) -> tuple[sa.Select | None, tuple]:
    """What the feed entries of ``query`` are made of, as one aggregate row and the words
    around it (see ``tavolo.calendar.sources.state``): the seminars' count, ids, sequences
    and latest change, and their speakers (rewritten as new rows on every edit, so the
    highest id moves) with the latest change of the people and organisations their names
    and affiliations come from."""
    config = current_app.config
    extras = (query.details, config.get("SITE_NAME"), config.get("MAIL_SENDER"),
              _("Seminario"), _("Relatori:"), _("Partecipa a distanza:"),
              _("Pagina del seminario:"), absolute_url("seminars.detail", seminar_id=0))
    condition = _condition(query)
    seminars = (sa.select(sa.func.count().label("seminars"),
                          sa.func.sum(Seminar.id).label("seminar_ids"),
                          sa.func.sum(Seminar.sequence).label("seminar_sequences"),
                          sa.func.max(Seminar.updated_at).label("seminars_changed"))
                .where(condition).subquery())
    speakers = (sa.select(sa.func.count(Speaker.id).label("speakers"),
                          sa.func.max(Speaker.id).label("last_speaker"),
                          sa.func.max(Person.updated_at).label("people_changed"),
                          sa.func.max(Organization.updated_at).label("organizations_changed"))
                .select_from(Speaker)
                .outerjoin(Person, Speaker.person_id == Person.id)
                .outerjoin(Organization, Person.organization_id == Organization.id)
                .where(Speaker.seminar_id.in_(sa.select(Seminar.id).where(condition)))
                .subquery())
    return (sa.select(*seminars.c, *speakers.c)
            .select_from(seminars.join(speakers, sa.true())), extras)

"""Seminars: creating and editing them, topics, and registrations with a confirmation mail.

Services flush; the route commits once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.audit.services import pending_changes, record
from tavolo.auth.models import User
from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.meetings.times import local_to_utc
from tavolo.notifications.services import notify
from tavolo.outbox.mail import absolute_url, send_templated
from tavolo.projects.models import Project
from tavolo.seminars.errors import SeminarError
from tavolo.seminars.models import Registration, Seminar, Speaker, Topic
from tavolo.types import ROME, utcnow
from tavolo.visibility import Visibility

MAX_TITLE = 300
MAX_PLACE = 300
MAX_URL = 500
MAX_ABSTRACT = 20000
MAX_SPEAKERS = 30
MAX_PLACES = 10000
MAX_TOPIC = 80


@dataclass
class SeminarData:
    """What the seminar form says, in local time (Europe/Rome)."""

    title: str
    day: dt.date
    start: dt.time
    end: dt.time
    place: str = ""
    online_url: str = ""
    abstract: str = ""
    visibility: Visibility = Visibility.PUBLIC
    speaker_ids: list[int] = field(default_factory=list)
    external_speakers: str = ""  # one per line: "Name – Affiliation"
    topic_ids: list[int] = field(default_factory=list)
    project_ids: list[int] = field(default_factory=list)
    organization_ids: list[int] = field(default_factory=list)
    registration_enabled: bool = False
    places: int | None = None


def parse_external_speakers(text: str) -> list[tuple[str, str]]:
    """``"Anna Rossi – Università di Torino"`` per line → ``[(name, affiliation)]``.

    Name and affiliation are separated by a dash between spaces or by a semicolon.
    """
    speakers = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = " ".join(line.split())
        if not line:
            continue
        parts = re.split(r"\s+[–—-]\s+|\s*;\s*", line, maxsplit=1)
        name = parts[0].strip()
        affiliation = parts[1].strip() if len(parts) > 1 else ""
        if not name or len(name) > 200 or len(affiliation) > 300:
            raise SeminarError(_l("Riga %(n)d: scrivi il nome (al massimo 200 caratteri) e "
                                  "l'ente (al massimo 300).", n=number), "external_speakers")
        speakers.append((name, affiliation))
    return speakers


def _check(data: SeminarData) -> tuple[dt.datetime, dt.datetime]:
    if not data.title.strip():
        raise SeminarError(_l("Scrivi il titolo del seminario."), "title")
    if len(data.title) > MAX_TITLE:
        raise SeminarError(_l("Al massimo %(max)d caratteri.", max=MAX_TITLE), "title")
    if len(data.place) > MAX_PLACE:
        raise SeminarError(_l("Al massimo %(max)d caratteri.", max=MAX_PLACE), "place")
    if len(data.abstract) > MAX_ABSTRACT:
        raise SeminarError(_l("Al massimo %(max)d caratteri.", max=MAX_ABSTRACT), "abstract")
    if data.online_url:
        parts = urlsplit(data.online_url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc \
                or len(data.online_url) > MAX_URL:
            raise SeminarError(_l("Scrivi un indirizzo completo che inizi con https://."),
                               "online_url")
    if data.places is not None and not 1 <= data.places <= MAX_PLACES:
        raise SeminarError(_l("Tra 1 e %(max)d posti, o vuoto se non c'è limite.",
                              max=MAX_PLACES), "places")
    starts_at = local_to_utc(data.day, data.start, "start")
    ends_at = local_to_utc(data.day, data.end, "end")
    if ends_at <= starts_at:
        raise SeminarError(_l("La fine deve venire dopo l'inizio."), "end")
    return starts_at, ends_at


def _rows(model, ids: list[int], field_name: str) -> list:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    found = {row.id: row for row in db.session.scalars(sa.select(model).where(model.id.in_(ids)))}
    if len(found) != len(ids):
        raise SeminarError(_l("Una delle scelte non esiste più: ricarica la pagina."),
                           field_name)
    return [found[i] for i in ids]


def _apply(seminar: Seminar, data: SeminarData, actor) -> bool:
    """Copy the form onto the seminar; True when time or place changed (for calendars)."""
    starts_at, ends_at = _check(data)
    people = _rows(Person, data.speaker_ids, "speaker_ids")
    external = parse_external_speakers(data.external_speakers)
    if len(people) + len(external) > MAX_SPEAKERS:
        raise SeminarError(_l("Al massimo %(max)d relatori.", max=MAX_SPEAKERS),
                           "external_speakers")
    if data.places is not None and data.places < (seminar.registered or 0):
        raise SeminarError(_l("Sono già iscritte %(num)d persone: i posti non possono essere "
                              "meno.", num=seminar.registered or 0), "places")
    moved = (seminar.id is not None and (
        seminar.starts_at != starts_at or seminar.ends_at != ends_at
        or seminar.place != data.place.strip()
        or seminar.online_url != data.online_url.strip()))
    seminar.title = data.title.strip()
    seminar.starts_at, seminar.ends_at = starts_at, ends_at
    seminar.place, seminar.online_url = data.place.strip(), data.online_url.strip()
    seminar.abstract = data.abstract.strip()
    seminar.visibility = Visibility(data.visibility)
    seminar.registration_enabled = data.registration_enabled
    seminar.places = data.places
    seminar.topics = _rows(Topic, data.topic_ids, "topic_ids")
    seminar.projects = _rows(Project, data.project_ids, "project_ids")
    seminar.organizations = _rows(Organization, data.organization_ids, "organization_ids")
    speakers = [Speaker(person=p, name=p.name) for p in people]
    speakers += [Speaker(name=name, affiliation=affiliation) for name, affiliation in external]
    for position, speaker in enumerate(speakers, start=1):
        speaker.position = position
    seminar.speakers = speakers
    return moved


def create_seminar(actor, data: SeminarData) -> Seminar:
    seminar = Seminar(created_by=actor)
    _apply(seminar, data, actor)
    db.session.add(seminar)
    db.session.flush()
    record(actor, "create", "seminar", seminar.id, seminar.title,
           pending_changes(seminar) or {"title": [None, seminar.title]})
    notify_new_seminar(seminar, actor)
    return seminar


def notify_new_seminar(seminar: Seminar, actor=None) -> int:
    """Tell every active user who may see a new, future seminar (kind ``seminars``, as
    each chose: immediately, in the digest or not at all); not whoever created it."""
    if seminar.starts_at <= utcnow():
        return 0
    users = db.session.scalars(sa.select(User).where(User.active.is_(True))
                               .order_by(User.id)).all()
    link = absolute_url("seminars.detail", seminar_id=seminar.id)
    count = 0
    for user in users:
        if user.id == getattr(actor, "id", None) or not seminar.can_view(user):
            continue
        written = notify(user, "seminars", template="seminar_published",
                         subject=_l("Nuovo seminario: %(title)s", title=seminar.title),
                         context={"seminar": seminar, "link": link, "recipient": user,
                                  "summary": seminar.starts_at.astimezone(ROME)
                                  .strftime("%d/%m/%Y %H:%M")},
                         category="seminar-published")
        count += written is not None
    return count


def update_seminar(seminar: Seminar, actor, data: SeminarData) -> bool:
    moved = _apply(seminar, data, actor)
    changes = pending_changes(seminar, exclude=("updated_at",))
    if moved:
        seminar.sequence = Seminar.sequence + 1  # in SQL: concurrent edits never share one
    db.session.flush()
    if changes:
        record(actor, "update", "seminar", seminar.id, seminar.title, changes)
    return moved


def delete_seminar(seminar: Seminar, actor) -> None:
    """Delete a seminar with its registrations and materials (recorded in the audit log)."""
    from tavolo.documents.models import OwnerKind
    from tavolo.documents.services import delete_for_owners

    delete_for_owners(OwnerKind.SEMINAR, [seminar.id], actor)
    record(actor, "delete", "seminar", seminar.id, seminar.title,
           {"title": [seminar.title, None], "starts_at": [seminar.starts_at.isoformat(), None]})
    db.session.delete(seminar)
    db.session.flush()


# -- topics ----------------------------------------------------------------------------------

def _topic_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise SeminarError(_l("Scrivi il nome del tema."), "name")
    if len(name) > MAX_TOPIC:
        raise SeminarError(_l("Al massimo %(max)d caratteri.", max=MAX_TOPIC), "name")
    return name


def _unique_topic(name: str, topic_id: int | None = None) -> None:
    clash = db.session.scalar(sa.select(Topic.id).where(
        sa.func.lower(Topic.name) == name.lower(), Topic.id != (topic_id or 0)))
    if clash is not None:
        raise SeminarError(_l("Questo tema c'è già."), "name")


def add_topic(actor, name: str) -> Topic:
    name = _topic_name(name)
    _unique_topic(name)
    position = (db.session.scalar(sa.select(sa.func.max(Topic.position))) or 0) + 1
    topic = Topic(name=name, position=position)
    db.session.add(topic)
    db.session.flush()
    record(actor, "create", "topic", topic.id, topic.name, {"name": [None, name]})
    return topic


def rename_topic(topic: Topic, actor, name: str) -> None:
    name = _topic_name(name)
    _unique_topic(name, topic.id)
    if name != topic.name:
        record(actor, "update", "topic", topic.id, name, {"name": [topic.name, name]})
        topic.name = name
    db.session.flush()


def delete_topic(topic: Topic, actor) -> None:
    """A topic still used by a seminar cannot go (the archive's filter would lose it)."""
    from tavolo.seminars.models import seminar_topics
    used = db.session.scalar(sa.select(sa.func.count()).select_from(seminar_topics)
                             .where(seminar_topics.c.topic_id == topic.id))
    if used:
        raise SeminarError(_l("Il tema «%(name)s» è usato da %(num)d seminari: toglilo prima "
                              "da quei seminari.", name=topic.name, num=used), "name")
    record(actor, "delete", "topic", topic.id, topic.name, {"name": [topic.name, None]})
    db.session.delete(topic)
    db.session.flush()


# -- registrations ---------------------------------------------------------------------------

def register(seminar: Seminar, *, name: str, email: str, user=None) -> Registration:
    """Register one person and queue the confirmation e-mail.

    The free place is taken with one conditional UPDATE, so two people can never both get
    the last place; a second registration with the same address is refused.
    """
    name, email = " ".join((name or "").split()), (email or "").strip().lower()
    if not seminar.registration_open():
        raise SeminarError(_l("Le iscrizioni a questo seminario sono chiuse."))
    if not name or len(name) > 200:
        raise SeminarError(_l("Scrivi il tuo nome (al massimo 200 caratteri)."), "name")
    if not email or len(email) > 254 or "@" not in email:
        raise SeminarError(_l("Scrivi un indirizzo e-mail valido."), "email")
    already = db.session.scalar(sa.select(Registration.id).where(
        Registration.seminar_id == seminar.id, Registration.email == email))
    if already is not None:
        raise SeminarError(_l("Questo indirizzo è già iscritto al seminario."), "email")
    taken = db.session.execute(
        sa.update(Seminar).where(Seminar.id == seminar.id, sa.or_(
            Seminar.places.is_(None), Seminar.registered < Seminar.places))
        .values(registered=Seminar.registered + 1)
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        raise SeminarError(_l("Non ci sono più posti liberi."))
    db.session.refresh(seminar, ["registered"])
    registration = Registration(seminar=seminar, user=user, name=name, email=email)
    db.session.add(registration)
    db.session.flush()
    send_templated(
        to_addr=email, to_name=name, locale=getattr(user, "locale", None) or "it",
        template="seminar_registration", subject=_l("Iscrizione confermata: %(title)s",
                                                    title=seminar.title),
        category="seminar", seminar=seminar,
        url=absolute_url("seminars.detail", seminar_id=seminar.id),
        ics_url=absolute_url("seminars.ics", seminar_id=seminar.id))
    return registration


def cancel_registration(registration: Registration) -> None:
    seminar_id = registration.seminar_id
    db.session.delete(registration)
    db.session.execute(sa.update(Seminar).where(Seminar.id == seminar_id, Seminar.registered > 0)
                       .values(registered=Seminar.registered - 1)
                       .execution_options(synchronize_session=False))
    db.session.flush()


def registration_of(seminar: Seminar, user) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(sa.select(Registration).where(
        Registration.seminar_id == seminar.id,
        sa.or_(Registration.user_id == user.id, Registration.email == user.email.lower())))



"""Creating, editing, circulating, cancelling and closing meetings.

Every change of time, place or status adds one to ``Meeting.sequence`` (computed by the
database, so two concurrent changes never get the same number); other edits leave it alone.
Status changes are conditional updates (``… WHERE status = 'draft'``): a double submit or
two coordinators clicking at once change the status, and notify people, exactly once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.audit.services import pending_changes, record
from tavolo.directory.models import Organization, Ring
from tavolo.domain import DomainError
from tavolo.editing import check_length
from tavolo.extensions import db
from tavolo.meetings.models import (
    ALLOWED_VISIBILITY,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
)
from tavolo.meetings.services import agenda, invitations, notifications
from tavolo.meetings.times import local_to_utc
from tavolo.types import utcnow
from tavolo.visibility import Visibility

MAX_TITLE = 200
MAX_PLACE = 300
MAX_URL = 500
MAX_DESCRIPTION = 10_000
MAX_REASON = 500
MAX_QUORUM = 1000


@dataclass
class MeetingData:
    """What the coordinator types: local date and times in Europe/Rome."""

    title: str
    kind: MeetingKind
    visibility: Visibility
    day: dt.date
    start: dt.time
    end: dt.time
    place: str = ""
    online_url: str = ""
    description: str = ""
    quorum: int | None = None


def _check_visibility(kind: MeetingKind, visibility: Visibility) -> None:
    if visibility not in ALLOWED_VISIBILITY[kind]:
        if kind == MeetingKind.CORE:
            message = _l("Una riunione del gruppo ristretto è visibile solo al gruppo ristretto.")
        else:
            message = _l("Una riunione della rete allargata è visibile a tutta la rete oppure "
                         "pubblica.")
        raise DomainError(message, "visibility")


def _times(data: MeetingData) -> tuple[dt.datetime, dt.datetime]:
    starts_at = local_to_utc(data.day, data.start, "start")
    ends_at = local_to_utc(data.day, data.end, "end")
    if ends_at <= starts_at:
        raise DomainError(_l("L'ora di fine deve essere successiva all'ora di inizio dello "
                              "stesso giorno: una riunione non prosegue oltre la mezzanotte."),
                           "end")
    return starts_at, ends_at


def _check_future(starts_at: dt.datetime) -> None:
    if starts_at < utcnow():
        raise DomainError(_l("La riunione non può iniziare nel passato: scegli una data e "
                              "un'ora future."), "day")


def _clean(data: MeetingData) -> dict:
    """Validated column values; raises :class:`DomainError` naming the faulty field."""
    title = check_length(data.title, MAX_TITLE, "title", _l("Il titolo"))
    if not title:
        raise DomainError(_l("Scrivi il titolo della riunione."), "title")
    _check_visibility(data.kind, data.visibility)
    online_url = check_length(data.online_url, MAX_URL, "online_url", _l("Il link"))
    if online_url and not online_url.lower().startswith(("https://", "http://")):
        raise DomainError(_l("Il link per partecipare a distanza deve iniziare con https://."),
                           "online_url")
    if data.quorum is not None and not 1 <= data.quorum <= MAX_QUORUM:
        raise DomainError(_l("Il numero legale deve essere tra 1 e %(max)d enti.",
                              max=MAX_QUORUM), "quorum")
    return {
        "title": title,
        "visibility": data.visibility,
        "place": check_length(data.place, MAX_PLACE, "place", _l("Il luogo")),
        "online_url": online_url,
        "description": check_length(data.description, MAX_DESCRIPTION, "description",
                                    _l("La descrizione")),
        "quorum": data.quorum,
    }


def active_organizations(ring: Ring | None = None) -> list[Organization]:
    """Organisations still in the network (``active_until`` not in the past)."""
    query = sa.select(Organization).where(sa.or_(
        Organization.active_until.is_(None),
        Organization.active_until >= dt.date.today().year)).order_by(Organization.name)
    if ring is not None:
        query = query.where(Organization.ring == ring)
    return list(db.session.scalars(query))


def create_meeting(actor, data: MeetingData, *, invite_network: bool = False,
                   series: MeetingSeries | None = None, check_future: bool = True) -> Meeting:
    """A new meeting in preparation (draft), visible to the core group only.

    ``invite_network`` invites at once every active organisation the meeting is for: the
    core group for a core meeting, the whole network for an enlarged one. When an earlier
    meeting of the same kind has minutes still awaiting approval, the agenda starts with
    their approval.
    """
    values = _clean(data)
    starts_at, ends_at = _times(data)
    if check_future:
        _check_future(starts_at)
    meeting = Meeting(kind=data.kind, status=MeetingStatus.DRAFT, starts_at=starts_at,
                      ends_at=ends_at, series=series, created_by=actor, **values)
    db.session.add(meeting)
    db.session.flush()
    if invite_network:
        ring = Ring.CORE if data.kind == MeetingKind.CORE else None
        invitations.invite_organizations(meeting, actor, active_organizations(ring))
    agenda.add_previous_minutes_item(meeting)
    record(actor, "create", "meeting", meeting.id, meeting.title, {
        "title": [None, meeting.title], "kind": [None, meeting.kind.value],
        "starts_at": [None, starts_at.isoformat()]})
    return meeting


def update_meeting(meeting: Meeting, actor, data: MeetingData) -> set[str]:
    """Apply the edit; return which of ``{"time", "place"}`` changed.

    The kind cannot change (who was invited depends on it). A change of time or place adds
    one to the sequence and, once the agenda has been circulated, notifies every invitee
    once — whatever else changed in the same edit.
    """
    if not meeting.is_open:
        raise DomainError(_l("Una riunione svolta o annullata non si può più modificare."))
    if data.kind != meeting.kind:
        raise DomainError(_l("Il tipo di riunione non si può cambiare dopo la creazione."),
                           "kind")
    values = _clean(data)
    starts_at, ends_at = _times(data)
    changed: set[str] = set()
    if (starts_at, ends_at) != (meeting.starts_at, meeting.ends_at):
        _check_future(starts_at)
        changed.add("time")
    if (values["place"], values["online_url"]) != (meeting.place, meeting.online_url):
        changed.add("place")
    before = {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at,
              "place": meeting.place, "online_url": meeting.online_url}
    for key, value in values.items():
        setattr(meeting, key, value)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    changes = pending_changes(meeting, exclude=("updated_at",))
    if not changes:
        return changed
    if changed:
        meeting.sequence = Meeting.sequence + 1
    record(actor, "update", "meeting", meeting.id, meeting.title, changes)
    db.session.flush()
    if changed and meeting.status == MeetingStatus.SCHEDULED:
        notifications.notify_changed(meeting, before=before, changed=changed)
    return changed


def _change_status(meeting: Meeting, source: tuple[MeetingStatus, ...], target: MeetingStatus,
                   **values) -> bool:
    """Move from one of ``source`` to ``target`` in one conditional UPDATE; False if the
    status had already changed (someone else, or the same form sent twice)."""
    result = db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.status.in_(source))
        .values(status=target, sequence=Meeting.sequence + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False))
    db.session.refresh(meeting)
    return result.rowcount == 1


def circulate(meeting: Meeting, actor) -> int:
    """Draft → convened: the agenda goes to every invitee. Returns the messages written."""
    if meeting.status != MeetingStatus.DRAFT:
        raise DomainError(_l("La convocazione di questa riunione è già stata diramata."))
    if meeting.starts_at < utcnow():
        raise DomainError(_l("La riunione è nel passato: cambia la data prima di diramare la "
                              "convocazione."))
    if not meeting.place and not meeting.online_url:
        raise DomainError(_l("Indica il luogo o il link per partecipare prima di diramare la "
                              "convocazione."))
    if not any(item.is_accepted for item in meeting.agenda_items):
        raise DomainError(_l("Aggiungi almeno un punto all'ordine del giorno prima di "
                              "diramare la convocazione."))
    if not meeting.invitees:
        raise DomainError(_l("Invita almeno un ente o una persona prima di diramare la "
                              "convocazione."))
    if not _change_status(meeting, (MeetingStatus.DRAFT,), MeetingStatus.SCHEDULED,
                          circulated_at=utcnow()):
        raise DomainError(_l("La convocazione di questa riunione è già stata diramata."))
    record(actor, "circulate", "meeting", meeting.id, meeting.title,
           {"status": ["draft", "scheduled"]})
    return notifications.notify_circulated(meeting)


def cancel(meeting: Meeting, actor, reason: str) -> int:
    """Convened → cancelled; every invitee is told, with the reason."""
    reason = check_length(reason, MAX_REASON, "reason", _l("Il motivo"))
    if meeting.status == MeetingStatus.DRAFT:
        raise DomainError(_l("Una riunione in preparazione non è stata comunicata a nessuno: "
                              "eliminala invece di annullarla."))
    if meeting.status != MeetingStatus.SCHEDULED or not _change_status(
            meeting, (MeetingStatus.SCHEDULED,), MeetingStatus.CANCELLED,
            cancelled_at=utcnow(), cancel_reason=reason):
        raise DomainError(_l("Questa riunione non si può annullare: è già svolta o annullata."))
    record(actor, "cancel", "meeting", meeting.id, meeting.title,
           {"status": ["scheduled", "cancelled"], "cancel_reason": [None, reason]})
    return notifications.notify_cancelled(meeting, reason=reason)


def mark_held(meeting: Meeting, actor) -> None:
    """Convened → held, once the meeting has started."""
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(_l("Si può segnare come svolta solo una riunione convocata."))
    if not meeting.has_started:
        raise DomainError(_l("La riunione non è ancora iniziata."))
    if not _change_status(meeting, (MeetingStatus.SCHEDULED,), MeetingStatus.HELD):
        raise DomainError(_l("La riunione è già stata segnata come svolta."))
    record(actor, "held", "meeting", meeting.id, meeting.title, {"status": ["scheduled", "held"]})


def delete_draft(meeting: Meeting, actor) -> None:
    """Only a meeting nobody was told about may disappear; the others are cancelled."""
    if meeting.status != MeetingStatus.DRAFT:
        raise DomainError(_l("Si può eliminare solo una riunione in preparazione; una "
                              "riunione convocata si annulla."))
    record(actor, "delete", "meeting", meeting.id, meeting.title,
           {"starts_at": [meeting.starts_at.isoformat(), None]})
    db.session.delete(meeting)
    db.session.flush()

"""The agenda: items and their order, proposals, the approval of the previous minutes.

Concurrent edits of one agenda are serialised by :func:`_lock`, which first adds one to
``meetings.agenda_version`` with an UPDATE: PostgreSQL then holds the meeting's row lock and
SQLite the database write lock until the transaction ends, so the positions read afterwards
are the latest and no two requests renumber the same agenda at once. Positions are kept
1…n without gaps; a unique constraint on (meeting, position) guards against anything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.directory.models import Person
from tavolo.domain import DomainError
from tavolo.editing import check_length
from tavolo.extensions import db
from tavolo.meetings.models import (
    MAX_DURATION_MINUTES,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
)
from tavolo.meetings.models.minutes import MinutesFrozen
from tavolo.meetings.services import notifications
from tavolo.meetings.services.invitations import may_attend
from tavolo.projects.models import Project
from tavolo.proposals.models import Proposal
from tavolo.types import utcnow
from tavolo.visibility import Visibility

MAX_ITEM_TITLE = 200
MAX_ITEM_DESCRIPTION = 5_000
MAX_DECLINE_REASON = 1_000


@dataclass
class ItemData:
    title: str
    description: str = ""
    duration_minutes: int = 15
    presenter_id: int | None = None
    project_id: int | None = None
    proposal_id: int | None = None


def _lock(meeting: Meeting) -> list[AgendaItem]:
    """Take the agenda's lock; return its accepted items as the database has them now."""
    db.session.execute(
        sa.update(Meeting).where(Meeting.id == meeting.id)
        .values(agenda_version=Meeting.agenda_version + 1)
        .execution_options(synchronize_session=False))
    db.session.expire(meeting, ["agenda_version"])
    return list(db.session.scalars(
        sa.select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id, AgendaItem.status == AgendaItemStatus.ACCEPTED)
        .order_by(AgendaItem.position, AgendaItem.id)
        .execution_options(populate_existing=True)))


def _renumber(items: Sequence[AgendaItem]) -> None:
    """Give ``items`` positions 1…n in this order.

    Rows that move first take temporary negative positions, so that no UPDATE ever collides
    with the unique (meeting, position) constraint while rows swap places.
    """
    moving = [(index, item) for index, item in enumerate(items, start=1)
              if item.position != index]
    if not moving:
        return
    for index, item in moving:
        item.position = -index
    db.session.flush()
    for index, item in moving:
        item.position = index
    db.session.flush()


def _ensure_editable(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_l("La riunione è annullata: l'ordine del giorno non si modifica più."))
    if meeting.minutes is not None and meeting.minutes.is_approved:
        raise MinutesFrozen(_l("Il verbale di questa riunione è approvato: l'ordine del giorno "
                               "non si può più modificare."))


def _clean(meeting: Meeting, data: ItemData, reader=None) -> dict:
    title = check_length(data.title, MAX_ITEM_TITLE, "title", _l("Il titolo"))
    if not title:
        raise DomainError(_l("Scrivi il titolo del punto."), "title")
    description = check_length(data.description, MAX_ITEM_DESCRIPTION, "description",
                               _l("La descrizione"))
    if data.duration_minutes is None or not 1 <= data.duration_minutes <= MAX_DURATION_MINUTES:
        raise DomainError(_l("La durata deve essere tra 1 e %(max)d minuti.",
                              max=MAX_DURATION_MINUTES), "duration_minutes")
    presenter = None
    if data.presenter_id is not None:
        presenter = db.session.get(Person, data.presenter_id)
        if presenter is None:
            raise DomainError(_l("La persona indicata come relatore non è nella rubrica: "
                                  "sceglila dall'elenco."), "presenter_id")
        if not may_attend(presenter, meeting):
            raise DomainError(_l("%(name)s accede come partner e non può presentare un punto "
                                  "in una riunione del gruppo ristretto.", name=presenter.name),
                               "presenter_id")
    project = None
    if data.project_id is not None:
        project = db.session.get(Project, data.project_id)
        if project is None or not project_fits(project, meeting, reader):
            raise DomainError(_l("Il progetto scelto non esiste o non è visibile a tutti i "
                                  "partecipanti della riunione."), "project_id")
    proposal = None
    if data.proposal_id is not None:
        proposal = db.session.get(Proposal, data.proposal_id)
        if proposal is None or not proposal_fits(proposal, meeting, reader):
            raise DomainError(_l("La proposta scelta non esiste o non è visibile a tutti i "
                                  "partecipanti della riunione."), "proposal_id")
    return {"title": title, "description": description, "presenter": presenter,
            "duration_minutes": data.duration_minutes, "project": project,
            "proposal": proposal}


def project_fits(project: Project, meeting: Meeting, reader=None) -> bool:
    """A project may be linked when everyone who sees the meeting may see the project
    (and, for a proposal, the person proposing)."""
    if Visibility(project.visibility).rank > Visibility(meeting.visibility).rank:
        return False
    return reader is None or project.can_view(reader)


def proposal_fits(proposal: Proposal, meeting: Meeting, reader=None) -> bool:
    """The same rule for a proposal of the network: nobody may learn of a proposal (not even
    its title) through the agenda of a meeting open to readers the proposal is hidden from."""
    if Visibility(proposal.visibility).rank > Visibility(meeting.visibility).rank:
        return False
    return reader is None or proposal.can_view(reader)


def _check_proposal_once(values: dict, accepted: Sequence[AgendaItem], item=None) -> None:
    """One accepted item per proposal on an agenda: a second click on "add" or a proposal
    already scheduled by someone else does not put it there twice."""
    proposal = values.get("proposal")
    if proposal is None:
        return
    for other in accepted:
        if other.proposal_id == proposal.id and other is not item:
            raise DomainError(_l("La proposta «%(title)s» è già al punto %(number)d "
                                  "dell'ordine del giorno di questa riunione.",
                                  title=proposal.title, number=other.position), "proposal_id")


def add_item(meeting: Meeting, actor, data: ItemData) -> AgendaItem:
    """A new item at the end of the agenda."""
    _ensure_editable(meeting)
    values = _clean(meeting, data)
    items = _lock(meeting)
    _check_proposal_once(values, items)
    item = AgendaItem(meeting=meeting, status=AgendaItemStatus.ACCEPTED,
                      position=len(items) + 1, **values)
    db.session.add(item)
    db.session.flush()
    return item


def update_item(item: AgendaItem, actor, data: ItemData) -> None:
    _ensure_editable(item.meeting)
    values = _clean(item.meeting, data)
    if item.is_accepted:
        _check_proposal_once(values, [i for i in item.meeting.agenda_items if i.is_accepted],
                             item)
    for key, value in values.items():
        setattr(item, key, value)
    db.session.flush()


def delete_item(item: AgendaItem, actor) -> None:
    meeting = item.meeting
    _ensure_editable(meeting)
    items = _lock(meeting)
    db.session.delete(item)
    db.session.flush()
    _renumber([i for i in items if i.id != item.id])


def move_item(item: AgendaItem, actor, offset: int) -> None:
    """Move an item ``offset`` places (−1 up, +1 down), within the ends of the agenda."""
    _ensure_editable(item.meeting)
    items = _lock(item.meeting)
    ids = [i.id for i in items]
    if item.id not in ids:
        raise DomainError(_l("Questo punto non è più nell'ordine del giorno."))
    index = ids.index(item.id)
    target = max(0, min(len(items) - 1, index + offset))
    moved = items.pop(index)
    items.insert(target, moved)
    _renumber(items)


def reorder(meeting: Meeting, actor, ordered_ids: Sequence[int]) -> None:
    """Put the agenda in the order given (drag and drop).

    Items someone else added meanwhile, missing from ``ordered_ids``, keep their relative
    place after the ones given; ids of items that no longer exist are ignored.
    """
    _ensure_editable(meeting)
    items = _lock(meeting)
    by_id = {item.id: item for item in items}
    wanted = []
    for item_id in ordered_ids:
        item = by_id.pop(item_id, None)
        if item is not None:
            wanted.append(item)
    wanted.extend(item for item in items if item.id in by_id)
    _renumber(wanted)


def propose_item(meeting: Meeting, actor, invitee, data: ItemData) -> AgendaItem:
    """An invited member or partner proposes an item; the coordinator decides."""
    if not meeting.can_propose_item(actor, invitee):
        raise DomainError(_l("Si possono proporre punti solo alle riunioni a cui si è invitati, "
                              "prima che inizino."))
    values = _clean(meeting, data, reader=actor)
    item = AgendaItem(meeting=meeting, status=AgendaItemStatus.PROPOSED, position=None,
                      proposed_by=actor, proposed_at=utcnow(), **values)
    db.session.add(item)
    db.session.flush()
    return item


def accept_proposal(item: AgendaItem, actor, data: ItemData | None = None) -> None:
    """Put a proposal at the end of the agenda, possibly edited; the proposer is told."""
    if item.status != AgendaItemStatus.PROPOSED:
        raise DomainError(_l("Su questa proposta si è già deciso."))
    meeting = item.meeting
    _ensure_editable(meeting)
    if data is not None:
        for key, value in _clean(meeting, data).items():
            setattr(item, key, value)
    items = _lock(meeting)
    _check_proposal_once({"proposal": item.proposal}, items)
    item.status, item.position = AgendaItemStatus.ACCEPTED, len(items) + 1
    item.decided_at = utcnow()
    db.session.flush()
    notifications.notify_proposal_decided(item)


def decline_proposal(item: AgendaItem, actor, reason: str) -> None:
    """Decline with a reason, which the proposer reads on the page and by e-mail."""
    if item.status != AgendaItemStatus.PROPOSED:
        raise DomainError(_l("Su questa proposta si è già deciso."))
    reason = check_length(reason, MAX_DECLINE_REASON, "reason", _l("Il motivo"))
    if not reason:
        raise DomainError(_l("Spiega a chi l'ha proposta perché la proposta non è accolta."),
                           "reason")
    item.status, item.decline_reason, item.decided_at = AgendaItemStatus.DECLINED, reason, utcnow()
    db.session.flush()
    notifications.notify_proposal_decided(item)


def previous_draft_minutes(meeting: Meeting) -> Minutes | None:
    """The minutes of the previous meeting of the same kind, when they still await
    approval and no other agenda has scheduled their approval yet."""
    previous = db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.kind == meeting.kind, Meeting.starts_at < meeting.starts_at,
               Meeting.id != meeting.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc()).limit(1))
    if previous is None:
        return None
    minutes = previous.minutes
    if minutes is None or minutes.is_approved:
        return None
    already = db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem).where(
        AgendaItem.approves_minutes_id == minutes.id, AgendaItem.meeting_id != meeting.id))
    return None if already else minutes


def add_previous_minutes_item(meeting: Meeting, minutes: Minutes | None = None,
                              at_top: bool = True) -> AgendaItem | None:
    """The standard item "approval of the minutes of <date>", linked to those minutes.

    Nothing is added when there are no minutes awaiting approval or this agenda already
    has the item.
    """
    minutes = minutes or previous_draft_minutes(meeting)
    if minutes is None or any(i.approves_minutes_id == minutes.id for i in meeting.agenda_items):
        return None
    items = _lock(meeting)
    source = minutes.meeting
    item = AgendaItem(
        meeting=meeting, kind=AgendaItemKind.MINUTES_APPROVAL, status=AgendaItemStatus.ACCEPTED,
        title=str(_l("Approvazione del verbale della seduta del %(date)s",
                     date=source.local_start.strftime("%d/%m/%Y"))),
        duration_minutes=5, approves_minutes=minutes, position=len(items) + 1)
    db.session.add(item)
    db.session.flush()
    if at_top:
        _renumber([item, *items])
    return item

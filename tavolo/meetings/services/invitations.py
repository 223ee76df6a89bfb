"""Invitees, answers (RSVP) with delegates, attendance and the quorum."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from tavolo.audit.services import record
from tavolo.directory.models import Organization, Person, Ring
from tavolo.domain import DomainError, NotAllowed
from tavolo.editing import check_length
from tavolo.extensions import db
from tavolo.meetings.models import (
    InviteeSource,
    Meeting,
    MeetingInvitee,
    MeetingKind,
    MeetingOrganization,
    MeetingStatus,
    Rsvp,
)
from tavolo.meetings.models.minutes import MinutesFrozen
from tavolo.meetings.services import notifications
from tavolo.types import utcnow

MAX_RSVP_NOTE = 300


def person_for(user) -> Person | None:
    """The directory person a login acts as, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(sa.select(Person).where(Person.user_id == user.id))


def may_attend(person: Person, meeting: Meeting) -> bool:
    """Core meetings are never shown to partners, so a partner login cannot be invited."""
    if meeting.kind != MeetingKind.CORE or person.user is None:
        return True
    return person.user.is_core


def _ensure_open(meeting: Meeting) -> None:
    if not meeting.is_open:
        raise DomainError(_l("La riunione è svolta o annullata: gli invitati non si possono "
                              "più cambiare."))


def _add(meeting: Meeting, person: Person, source: InviteeSource,
         organization: Organization | None = None, delegate_of: MeetingInvitee | None = None
         ) -> MeetingInvitee:
    invitee = MeetingInvitee(meeting=meeting, person=person, source=source,
                             organization=organization or person.organization,
                             delegate_of=delegate_of)
    db.session.add(invitee)
    return invitee


@dataclass
class InviteResult:
    added: list[MeetingInvitee]
    skipped: list[Person]  # partner logins left out of a core meeting


def invite_organizations(meeting: Meeting, actor,
                         organizations: Iterable[Organization]) -> InviteResult:
    """Invite organisations and, with each, every one of its contact people."""
    _ensure_open(meeting)
    organizations = list(organizations)
    if meeting.kind == MeetingKind.CORE:
        outside = [org.name for org in organizations if org.ring != Ring.CORE]
        if outside:
            raise DomainError(_l("Alle riunioni del gruppo ristretto si invitano solo gli enti "
                                  "del gruppo ristretto: %(names)s fa parte della rete allargata.",
                                  names=", ".join(outside)), "organizations")
    present_orgs = {row.organization_id for row in meeting.organizations}
    invited = {invitee.person_id for invitee in meeting.invitees}
    people = db.session.scalars(
        sa.select(Person).where(Person.organization_id.in_([o.id for o in organizations]))
        .options(selectinload(Person.user)).order_by(Person.name)).all()
    result = InviteResult([], [])
    for org in organizations:
        if org.id not in present_orgs:
            db.session.add(MeetingOrganization(meeting=meeting, organization=org))
    for person in people:
        if person.id in invited:
            continue
        if not may_attend(person, meeting):
            result.skipped.append(person)
            continue
        result.added.append(_add(meeting, person, InviteeSource.ORGANIZATION))
        invited.add(person.id)
    _after_invite(meeting, actor, result.added, [o.name for o in organizations])
    return result


def invite_people(meeting: Meeting, actor, people: Iterable[Person]) -> InviteResult:
    """Invite people one by one (already invited ones are left as they are)."""
    _ensure_open(meeting)
    invited = {invitee.person_id for invitee in meeting.invitees}
    result = InviteResult([], [])
    for person in people:
        if not may_attend(person, meeting):
            raise DomainError(_l("%(name)s accede come partner della rete allargata e non può "
                                  "vedere le riunioni del gruppo ristretto.", name=person.name),
                               "people")
        if person.id not in invited:
            result.added.append(_add(meeting, person, InviteeSource.PERSON))
            invited.add(person.id)
    _after_invite(meeting, actor, result.added, [i.person.name for i in result.added])
    return result


def _after_invite(meeting: Meeting, actor, added: list[MeetingInvitee], names: list[str]) -> None:
    db.session.flush()
    if added:
        record(actor, "invite", "meeting", meeting.id, meeting.title,
               {"invitees": [None, ", ".join(names)[:1000]]})
    if added and meeting.status == MeetingStatus.SCHEDULED:
        # Invited after circulation: they receive the convocation now, on their own.
        notifications.notify_circulated(meeting, added)


def remove_invitee(meeting: Meeting, actor, invitee: MeetingInvitee) -> None:
    """Withdraw an invitation; someone already convened is told they are no longer expected."""
    _ensure_open(meeting)
    if invitee.notified_at is not None and meeting.status == MeetingStatus.SCHEDULED:
        notifications.notify_cancelled(meeting, [invitee], personal=True)
    record(actor, "uninvite", "meeting", meeting.id, meeting.title,
           {"invitees": [invitee.person.name, None]})
    meeting.invitees.remove(invitee)
    db.session.flush()


def remove_organization(meeting: Meeting, actor, organization_id: int) -> int:
    """Withdraw an organisation and the people invited with it; returns how many people."""
    _ensure_open(meeting)
    row = next((r for r in meeting.organizations if r.organization_id == organization_id), None)
    if row is None:
        raise DomainError(_l("Questo ente non è tra gli invitati."))
    meeting.organizations.remove(row)
    removed = [i for i in meeting.invitees if i.organization_id == organization_id
               and i.source == InviteeSource.ORGANIZATION]
    for invitee in removed:
        remove_invitee(meeting, actor, invitee)
    db.session.flush()
    return len(removed)


def answer(meeting: Meeting, invitee: MeetingInvitee, actor, rsvp: Rsvp,
           delegate: Person | None = None, note: str = "") -> MeetingInvitee | None:
    """Record an answer; returns the delegate's invitation when one was named.

    Only the invitee (or a coordinator on their behalf) answers, while the meeting is
    convened and not over. A delegate must belong to the same organisation; they are invited
    in their own right (and convened by e-mail) unless they already were. Withdrawing or
    changing a delegation un-invites a delegate who was invited only as such and had not
    answered yet.
    """
    person = person_for(actor)
    if not (meeting.can_manage(actor) or (person is not None and person.id == invitee.person_id)):
        raise NotAllowed(_l("Puoi rispondere solo agli inviti rivolti a te."))
    return _record_answer(meeting, invitee, rsvp, delegate, note)


def answer_in_one_click(meeting: Meeting, invitee: MeetingInvitee, actor, rsvp: Rsvp) -> None:
    """The invitee's own one-click answer (dashboard buttons): like the e-mail link, it keeps
    the note and any delegate already named, unless the answer is now "yes"."""
    person = person_for(actor)
    if person is None or person.id != invitee.person_id:
        raise NotAllowed(_l("Puoi rispondere solo agli inviti rivolti a te."))
    answer_by_link(invitee, rsvp)


def answer_by_link(invitee: MeetingInvitee, rsvp: Rsvp) -> None:
    """Record the answer given with the signed link of the e-mail (see ``rsvp_links``).

    The link only says yes, no or maybe: the note stays, and so does a delegate already
    named unless the answer is now "yes" (who attends in person needs no delegate).
    """
    delegate = invitee.delegate
    keep = delegate.person if delegate is not None and rsvp != Rsvp.YES else None
    _record_answer(invitee.meeting, invitee, rsvp, keep, invitee.rsvp_note)


def _record_answer(meeting: Meeting, invitee: MeetingInvitee, rsvp: Rsvp,
                   delegate: Person | None, note: str) -> MeetingInvitee | None:
    if meeting.status != MeetingStatus.SCHEDULED or meeting.is_past:
        raise DomainError(_l("Non è più possibile rispondere: la riunione non è convocata "
                              "oppure è già conclusa."))
    note = check_length(note, MAX_RSVP_NOTE, "note", _l("La nota"))
    if delegate is not None:
        _check_delegate(meeting, invitee, rsvp, delegate)
    previous = invitee.delegate
    invitee.rsvp, invitee.rsvp_at, invitee.rsvp_note = rsvp, utcnow(), note
    new_delegate = None
    if previous is not None and (delegate is None or previous.person_id != delegate.id):
        _withdraw_delegation(meeting, previous)
    if delegate is not None and (previous is None or previous.person_id != delegate.id):
        new_delegate = meeting.invitee_for(delegate)
        if new_delegate is None:
            new_delegate = _add(meeting, delegate, InviteeSource.DELEGATE,
                                organization=invitee.organization, delegate_of=invitee)
            db.session.flush()
            notifications.notify_circulated(meeting, [new_delegate], delegated_by=invitee)
        else:
            new_delegate.delegate_of = invitee
    db.session.flush()
    return new_delegate


def _check_delegate(meeting: Meeting, invitee: MeetingInvitee, rsvp: Rsvp,
                    delegate: Person) -> None:
    if rsvp == Rsvp.YES:
        raise DomainError(_l("Se partecipi di persona non serve indicare una delega."),
                           "delegate")
    if delegate.id == invitee.person_id:
        raise DomainError(_l("Non puoi delegare te stessa/o."), "delegate")
    if invitee.organization_id is None or delegate.organization_id != invitee.organization_id:
        raise DomainError(_l("La persona delegata deve far parte del tuo stesso ente."),
                           "delegate")
    if not may_attend(delegate, meeting):
        raise DomainError(_l("%(name)s accede come partner della rete allargata e non può "
                              "partecipare alle riunioni del gruppo ristretto.",
                              name=delegate.name), "delegate")
    existing = meeting.invitee_for(delegate)
    if existing is not None and existing.delegate_of_id not in (None, invitee.id):
        raise DomainError(_l("%(name)s è già delegata/o da un'altra persona.",
                              name=delegate.name), "delegate")


def _withdraw_delegation(meeting: Meeting, delegate: MeetingInvitee) -> None:
    if delegate.source == InviteeSource.DELEGATE and delegate.rsvp == Rsvp.PENDING:
        notifications.notify_cancelled(meeting, [delegate], personal=True)
        meeting.invitees.remove(delegate)
    else:
        delegate.delegate_of = None


def record_attendance(meeting: Meeting, actor, present_ids: set[int],
                      added_people: Iterable[Person] = ()) -> int:
    """Mark who was present (ids of invitation rows) and add people who came uninvited.

    Returns how many people were present.
    """
    if not meeting.can_take_attendance(actor):
        if meeting.minutes is not None and meeting.minutes.is_approved:
            raise MinutesFrozen(_l("Il verbale è approvato: le presenze non si possono più "
                                   "modificare."))
        raise DomainError(_l("Le presenze si registrano quando la riunione sta per iniziare "
                              "o è svolta."))
    known = {invitee.id for invitee in meeting.invitees}
    unknown = present_ids - known
    if unknown:
        raise DomainError(_l("Alcune persone indicate non sono tra gli invitati di questa "
                              "riunione: ricarica la pagina e riprova."))
    for invitee in meeting.invitees:
        invitee.attended = invitee.id in present_ids
    for person in added_people:
        existing = meeting.invitee_for(person)
        if existing is not None:
            existing.attended = True
        else:
            _add(meeting, person, InviteeSource.ADDED).attended = True
    db.session.flush()
    present = sum(1 for invitee in meeting.invitees if invitee.attended)
    record(actor, "attendance", "meeting", meeting.id, meeting.title,
           {"present": [None, present]})
    return present


@dataclass
class RsvpCounts:
    yes: int = 0
    no: int = 0
    maybe: int = 0
    pending: int = 0
    delegates: int = 0

    @property
    def total(self) -> int:
        return self.yes + self.no + self.maybe + self.pending


def rsvp_counts(meeting: Meeting) -> RsvpCounts:
    counts = RsvpCounts()
    for invitee in meeting.invitees:
        setattr(counts, invitee.rsvp.value, getattr(counts, invitee.rsvp.value) + 1)
        if invitee.delegate_of_id is not None:
            counts.delegates += 1
    return counts


@dataclass
class Quorum:
    invited: int  # organisations invited
    present: int  # organisations with at least one person present
    needed: int

    @property
    def reached(self) -> bool:
        return self.needed > 0 and self.present >= self.needed


def quorum(meeting: Meeting) -> Quorum:
    """Organisations present against those invited; by default a majority is needed."""
    invited = {i.organization_id for i in meeting.invitees
               if i.organization_id is not None and i.source != InviteeSource.ADDED}
    invited |= {row.organization_id for row in meeting.organizations}
    present = {i.organization_id for i in meeting.invitees
               if i.attended and i.organization_id is not None}
    needed = meeting.quorum if meeting.quorum is not None else len(invited) // 2 + 1
    return Quorum(invited=len(invited), present=len(present), needed=needed if invited else 0)


def invitees_by_organization(meeting: Meeting) -> list[tuple[Organization | None,
                                                            list[MeetingInvitee]]]:
    """Invitees grouped by the organisation they represent, organisations by name."""
    groups: dict[int | None, list[MeetingInvitee]] = {}
    for invitee in meeting.invitees:
        groups.setdefault(invitee.organization_id, []).append(invitee)
    ordered = sorted(groups.values(), key=lambda rows: (
        rows[0].organization is None, rows[0].organization.name if rows[0].organization else ""))
    return [(rows[0].organization, sorted(rows, key=lambda i: i.person.name)) for rows in ordered]

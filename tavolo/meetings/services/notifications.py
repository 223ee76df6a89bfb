"""E-mails about meetings, written to the outbox in the caller's transaction.

Every message about a meeting's time and place leaves through :func:`_deliver`, one call of
``send_templated`` per recipient, with ``kind`` saying which of the three it is:

* ``circulated`` — the convocation (agenda circulated, or a person invited later);
* ``changed`` — the time or the place changed after circulation;
* ``cancelled`` — the meeting was cancelled, or this person is no longer invited.

People with an account get them through ``tavolo.notifications`` (kind ``agenda`` for the
circulation to every invitee, ``meetings`` for the rest), as each chose: immediately, in
the daily digest, or not at all; personal invitations carrying calendar parts always leave
immediately. Minutes approved go to the invitees with an account (kind ``minutes``).

Convocations and changes carry one-click answer links signed for each invitee
(``rsvp_links``).

Extra MIME parts (a calendar invitation, for instance) come from builders registered with
``MAIL_PARTS`` (a ``MailParts(key, build)``); each ``build`` receives ``(meeting, invitee, kind)`` and returns a list of
parts in the outbox's format. The meetings area knows nothing of calendars: the calendar
area plugs in here when the app starts.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tavolo.meetings.models import AgendaItem, Meeting, MeetingInvitee, MeetingStatus
from tavolo.meetings.models.invitee import InviteeSource
from tavolo.meetings.services import rsvp_links
from tavolo.meetings.services.schedule import schedule
from tavolo.notifications.services import notify
from tavolo.outbox.mail import absolute_url, send_templated
from tavolo.registry import Registry
from tavolo.types import utcnow


class NotificationKind(enum.StrEnum):
    CIRCULATED = "circulated"
    CHANGED = "changed"
    CANCELLED = "cancelled"


PartBuilder = Callable[[Meeting, MeetingInvitee, NotificationKind], list[dict]]


@dataclass(frozen=True)
class MailParts:
    """A builder of extra MIME parts for every meeting notification."""

    key: str
    build: PartBuilder
    order: int = 50


MAIL_PARTS: Registry[MailParts] = Registry("meeting_mail_parts")


def _extra_parts(meeting: Meeting, invitee: MeetingInvitee, kind: NotificationKind) -> list[dict]:
    parts: list[dict] = []
    for builder in MAIL_PARTS.entries():
        parts.extend(builder.build(meeting, invitee, kind))
    return parts


def _recipients(invitees: Iterable[MeetingInvitee]) -> list[MeetingInvitee]:
    """Invitees with an address, each address once (two contacts may share one mailbox)."""
    seen: set[str] = set()
    chosen = []
    for invitee in invitees:
        address = invitee.email.strip().lower()
        if address and address not in seen:
            seen.add(address)
            chosen.append(invitee)
    return chosen


def _is_personal(invitee: MeetingInvitee) -> bool:
    """Invited as a person (by name, as a delegate, added later), not only with the
    organisation: their calendar invitations leave whatever the notification preference."""
    return invitee.source != InviteeSource.ORGANIZATION


def _deliver(meeting: Meeting, invitees: Iterable[MeetingInvitee], kind: NotificationKind, *,
             template: str, subject, topic: str = "meetings", **context) -> int:
    """Write one message per recipient; return how many were written (or kept for a digest).

    People with an account go through ``tavolo.notifications.services.notify`` with
    ``topic`` as the notification kind (``meetings`` or ``agenda``); a personal invitation
    with calendar parts stays immediate. People of the directory without an account get the
    mail as before.
    """
    link = absolute_url("meetings.detail", meeting_id=meeting.id)
    agenda = schedule(meeting).items
    count = 0
    answerable = kind != NotificationKind.CANCELLED and meeting.status == MeetingStatus.SCHEDULED
    for invitee in _recipients(invitees):
        parts = _extra_parts(meeting, invitee, kind)
        values = dict(meeting=meeting, invitee=invitee, agenda=agenda, link=link,
                      answer_links=rsvp_links.links_for(invitee) if answerable else None,
                      **context)
        user = invitee.person.user
        if user is None:
            send_templated(
                to_addr=invitee.email, to_name=invitee.person.name, locale=invitee.locale,
                template=template, subject=subject, category=f"meeting-{kind.value}",
                parts=parts, **values)
            written = True
        else:
            values["recipient_name"] = invitee.person.name
            written = notify(user, topic, template=template, subject=subject,
                             context=values, parts=parts,
                             personal=bool(parts) and _is_personal(invitee),
                             category=f"meeting-{kind.value}",
                             to_addr=invitee.email) is not None
        if kind == NotificationKind.CIRCULATED:
            invitee.notified_at = utcnow()
        count += written
    return count


def notify_circulated(meeting: Meeting, invitees: Iterable[MeetingInvitee] | None = None,
                      delegated_by: MeetingInvitee | None = None) -> int:
    """The convocation with the agenda, to every invitee or to those given."""
    return _deliver(meeting, meeting.invitees if invitees is None else invitees,
                    NotificationKind.CIRCULATED, template="meeting_circulated",
                    subject=_l("Convocazione: %(title)s", title=meeting.title),
                    topic="agenda" if invitees is None else "meetings",
                    delegated_by=delegated_by)


def notify_changed(meeting: Meeting, before: dict, changed: set[str]) -> int:
    """Time or place changed: ``changed`` says which (``time``, ``place``), ``before`` holds
    the earlier ``starts_at``, ``ends_at``, ``place`` and ``online_url``."""
    return _deliver(meeting, meeting.invitees, NotificationKind.CHANGED,
                    template="meeting_changed",
                    subject=_l("Riunione modificata: %(title)s", title=meeting.title),
                    before=before, changed=changed)


def notify_cancelled(meeting: Meeting, invitees: Iterable[MeetingInvitee] | None = None,
                     reason: str = "", personal: bool = False) -> int:
    """The meeting is cancelled (to everyone), or ``personal``: these people are no longer
    expected (removed from the invitees, or a delegation withdrawn)."""
    subject = (_l("Non sei più tra gli invitati: %(title)s", title=meeting.title) if personal
               else _l("Riunione annullata: %(title)s", title=meeting.title))
    return _deliver(meeting, meeting.invitees if invitees is None else invitees,
                    NotificationKind.CANCELLED, template="meeting_cancelled", subject=subject,
                    reason=reason, personal=personal)


def notify_proposal_decided(item: AgendaItem) -> None:
    """Tell whoever proposed an agenda item whether it was accepted, and why not."""
    user = item.proposed_by
    if user is None or not user.active:
        return
    accepted = item.is_accepted
    send_templated(
        to_addr=user.email, to_name=user.name, locale=user.locale,
        template="meeting_proposal", category="meeting-proposal",
        subject=(_l("Proposta accolta: %(title)s", title=item.title) if accepted
                 else _l("Proposta non accolta: %(title)s", title=item.title)),
        item=item, meeting=item.meeting, accepted=accepted,
        link=absolute_url("meetings.detail", meeting_id=item.meeting_id))


def notify_minutes_approved(meeting: Meeting) -> int:
    """Tell the invitees with an account who may read them that the minutes are approved."""
    link = absolute_url("meetings.detail", meeting_id=meeting.id)
    seen: set[int] = set()
    count = 0
    for invitee in meeting.invitees:
        user = invitee.person.user
        if user is None or user.id in seen or not meeting.can_view_minutes(user):
            continue
        seen.add(user.id)
        written = notify(user, "minutes", template="minutes_approved",
                         subject=_l("Verbale approvato: %(title)s", title=meeting.title),
                         context={"meeting": meeting, "link": link, "recipient": user},
                         category="meeting-minutes")
        count += written is not None
    return count

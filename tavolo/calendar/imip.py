"""Calendar invitations inside the meeting e-mails (iMIP, RFC 6047).

The meetings area sends its e-mails through ``notifications._deliver`` and asks registered
builders for extra MIME parts; this module is that builder. Every message about a meeting
carries the same ``UID``:

* convocation and change of time or place: ``METHOD:REQUEST`` with the current
  ``SEQUENCE`` (it grew with the change, so clients replace the earlier version), the
  coordinator as ``ORGANIZER`` and the recipient as the one ``ATTENDEE`` asked to answer;
* cancellation, or this person no longer invited: ``METHOD:CANCEL``, ``STATUS:CANCELLED``.

The part goes in the message twice, as Google Calendar itself sends invitations: as a
``text/calendar; method=…`` alternative next to the text and HTML bodies (what Outlook,
Gmail, Thunderbird and Apple Mail read to show the invitation with its buttons) and as an
``invite.ics`` attachment for clients and webmails that only offer attachments.
"""

from __future__ import annotations

from tavolo.calendar import ical
from tavolo.calendar.meeting_source import agenda_lines, entry_for
from tavolo.calendar.sources import EntryStatus
from tavolo.meetings.models import Meeting, MeetingInvitee
from tavolo.meetings.services.notifications import NotificationKind
from tavolo.types import utcnow


def method_for(kind: NotificationKind) -> str:
    return "CANCEL" if kind == NotificationKind.CANCELLED else "REQUEST"


def invitation(meeting: Meeting, invitee: MeetingInvitee, kind: NotificationKind) -> bytes:
    """The iCalendar object of one message to one invitee."""
    method = method_for(kind)
    entry = entry_for(meeting, details=True, agenda=agenda_lines(meeting))
    event = ical.event(entry, stamp=utcnow(),
                       status=EntryStatus.CANCELLED if method == "CANCEL" else None)
    event.add("attendee", ical.attendee(invitee.email, invitee.person.name))
    return ical.to_bytes(ical.calendar([event], method=method))


def mail_parts(meeting: Meeting, invitee: MeetingInvitee, kind: NotificationKind) -> list[dict]:
    """Outbox parts for ``notifications.register_mail_parts``."""
    if not invitee.email:
        return []
    method = method_for(kind)
    content = invitation(meeting, invitee, kind).decode("utf-8")
    filename = "cancel.ics" if method == "CANCEL" else "invite.ics"
    return [
        {"kind": "alternative", "content_type": "text/calendar",
         "params": {"method": method}, "content": content},
        {"kind": "attachment", "content_type": "application/ics", "filename": filename,
         "params": {"name": filename}, "content": content},
    ]

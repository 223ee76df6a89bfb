"""Invitations that calendar clients understand (iMIP, RFC 6047), received by a real SMTP
server on loopback: MIME structure, METHOD, UID, SEQUENCE, ORGANIZER and ATTENDEE."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re

import pytest

from tavolo.extensions import db
from tavolo.meetings.models import MeetingKind
from tavolo.meetings.services import invitations
from tavolo.meetings.services import meetings as service
from tavolo.outbox.services import send_pending
from tavolo.visibility import Visibility
from tests.calendar.helpers import parse
from tests.factories import make_agenda_item, make_meeting
from tests.meetings.helpers import invite_all
from tests.outbox.smtp import Inbox, free_port, smtp_server


@pytest.fixture
def mail(app):
    """Deliver the outbox to an SMTP server on loopback; returns the received messages."""
    port = free_port()
    config = dict(app.config, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5,
                  MAIL_SENDER="Tavolo <tavolo@example.org>")

    def deliver() -> list:
        with smtp_server(port, Inbox()) as inbox:
            report = send_pending(config)
        assert report.failed == report.retried == 0, report.errors
        # Read the bytes the server received, as a mail client would.
        return [email.message_from_bytes(m.as_bytes(), policy=email.policy.default)
                for m in inbox.received]

    return deliver


def _calendar_parts(message):
    return [p for p in message.walk() if p.get_content_type() in ("text/calendar",
                                                                  "application/ics")]


def _check_structure(message, method: str):
    """multipart/mixed [ multipart/alternative [ text/plain, text/html, text/calendar ],
    application/ics ] — the layout Google Calendar sends and every client reads."""
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html",
        "text/calendar", "application/ics"]
    inline, attached = _calendar_parts(message)
    assert inline.get_param("method") == method
    assert inline.get_content_charset() == "utf-8"
    assert inline.get_content_disposition() is None
    assert attached.get_content_disposition() == "attachment"
    assert attached.get_filename() in ("invite.ics", "cancel.ics")
    # A text part travels with canonical CRLF line ends and is read back with "\n";
    # the attachment (base64) keeps its bytes exactly.
    exact = attached.get_content().decode("utf-8")
    assert inline.get_content().replace("\r\n", "\n") == exact.replace("\r\n", "\n")
    return parse(exact)


def _meeting(people):
    meeting = make_meeting(status="draft", title="Rete allargata – giugno àè", kind="enlarged",
                           visibility="network", created_by=people.coordinator,
                           starts_in_days=20)
    make_agenda_item(meeting, title="Bilancio, priorità; \\ note")
    invite_all(meeting, people.member_person, people.partner_person)
    return meeting


def _data(meeting, **changes):
    values = dict(title=meeting.title, kind=MeetingKind(meeting.kind),
                  visibility=Visibility(meeting.visibility), day=meeting.local_start.date(),
                  start=meeting.local_start.time(), end=meeting.local_end.time(),
                  place=meeting.place, online_url=meeting.online_url,
                  description=meeting.description)
    values.update(changes)
    return service.MeetingData(**values)


def test_circulate_change_and_cancel_send_request_request_cancel(people, mail, in_request):
    meeting = _meeting(people)
    service.circulate(meeting, people.coordinator)
    db.session.commit()
    circulated = mail()
    assert sorted(m["To"] for m in circulated) == sorted(
        f"{p.name} <{p.email}>" for p in (people.member_person, people.partner_person))
    first = {}
    for message in circulated:
        cal, [event] = _check_structure(message, "REQUEST")
        assert str(cal["method"]) == "REQUEST"
        assert str(event.ical["organizer"]) == f"mailto:{people.coordinator.email}"
        assert event.ical["organizer"].params["CN"] == people.coordinator.name
        attendee = event.ical["attendee"]
        assert str(attendee) == f"mailto:{message['To'].addresses[0].addr_spec}"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
        assert event.vobj.attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]
        assert event.status == "CONFIRMED" and event.summary == "Rete allargata – giugno àè"
        assert "Bilancio, priorità; \\ note" in event.description
        first[message["To"].addresses[0].addr_spec] = event

    service.update_meeting(meeting, people.coordinator,
                           _data(meeting, start=dt.time(10, 0), end=dt.time(12, 0)))
    db.session.commit()
    changed = mail()
    assert len(changed) == 2
    for message in changed:
        _cal, [event] = _check_structure(message, "REQUEST")
        before = first[message["To"].addresses[0].addr_spec]
        assert event.uid == before.uid
        assert event.sequence > before.sequence
        assert event.start_utc != before.start_utc

    service.update_meeting(meeting, people.coordinator, _data(meeting, description="Nota"))
    db.session.commit()
    assert mail() == []  # an unrelated edit sends nothing and keeps the sequence

    service.cancel(meeting, people.coordinator, "Sala non disponibile")
    db.session.commit()
    cancelled = mail()
    assert len(cancelled) == 2
    for message in cancelled:
        cal, [event] = _check_structure(message, "CANCEL")
        assert str(cal["method"]) == "CANCEL" and event.status == "CANCELLED"
        assert event.uid == first[message["To"].addresses[0].addr_spec].uid
        assert event.sequence == meeting.sequence


def test_someone_removed_from_the_invitees_gets_a_cancel(people, mail, in_request):
    meeting = _meeting(people)
    service.circulate(meeting, people.coordinator)
    db.session.commit()
    mail()
    partner = meeting.invitee_for(people.partner_person)
    invitations.remove_invitee(meeting, people.coordinator, partner)
    db.session.commit()
    [message] = mail()
    _cal, [event] = _check_structure(message, "CANCEL")
    assert str(event.ical["attendee"]) == f"mailto:{people.partner_person.email}"


def test_convocations_carry_one_click_answer_links(people, mail, in_request):
    meeting = _meeting(people)
    service.circulate(meeting, people.coordinator)
    db.session.commit()
    for message in mail():
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        found = re.findall(r"http://tavolo\.test/meetings/answer/([^/\s]+)/(yes|maybe|no)", text)
        assert sorted(answer for _token, answer in found) == ["maybe", "no", "yes"]
        assert len({token for token, _answer in found}) == 1
        assert "Rispondi con un clic" in html and "http://tavolo.test/meetings/answer/" in html


def test_cancellations_carry_no_answer_links(people, mail, in_request):
    meeting = _meeting(people)
    service.circulate(meeting, people.coordinator)
    db.session.commit()
    mail()
    service.cancel(meeting, people.coordinator, "")
    db.session.commit()
    for message in mail():
        assert "/meetings/answer/" not in message.get_body(("plain",)).get_content()

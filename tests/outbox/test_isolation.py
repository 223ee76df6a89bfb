"""One bad message never stops the others (issue 16, failure 1).

Each message is built and sent on its own: one that cannot be built is marked undeliverable
with its reason and the run goes on; only a mail server that fails makes the run fail.
Line breaks of any kind in a subject or a display name can never add a header.
"""

from __future__ import annotations

import datetime as dt
from email.header import decode_header, make_header

import pytest
import sqlalchemy as sa

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage, OutboxStatus
from tavolo.outbox.services import build_email, claim, enqueue, send_pending
from tavolo.types import utcnow
from tests.factories import (
    make_agenda_item,
    make_meeting,
    make_member_person,
    make_organization,
    make_proposal,
    make_user,
)
from tests.outbox.smtp import free_port, smtp_server

LINE_BREAKS = ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def mail_app(app, port):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5,
                      MAIL_SENDER="Tavolo <tavolo@example.org>")
    return app


def _subject(received) -> str:
    """The Subject as a reader sees it (the test server keeps encoded words)."""
    return str(make_header(decode_header(received["Subject"])))


def _rows() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def _good(subject: str = "Buono", to: str = "anna@example.org") -> OutboxMessage:
    return enqueue(to_addr=to, to_name="Anna", subject=subject, body_text="Testo",
                   category="test")


def _unbuildable() -> OutboxMessage:
    # An address with a line break in it cannot become a header: nothing can deliver it.
    return enqueue(to_addr="anna\n@example.org", to_name="Anna", subject="Cattivo",
                   body_text="Testo", category="test")


# -- the three cases of the issue ----------------------------------------------------------

def test_a_comment_on_a_proposal_titled_with_a_line_separator_is_delivered(mail_app, port):
    from tavolo.proposals import comments

    author = make_user(Role.PARTNER, email="autrice@example.org")
    commenter = make_user(Role.MEMBER)
    proposal = make_proposal(author, title="Orti\u2028urbani")
    comments.add_comment(commenter, proposal, "Sono d'accordo")
    db.session.commit()
    with smtp_server(port) as inbox:
        report = send_pending(mail_app.config)
    assert report.sent == 1
    [received] = inbox.received
    assert "Orti urbani" in _subject(received)
    assert _rows()[0].status == OutboxStatus.SENT


def test_a_display_name_with_crlf_adds_no_header_to_the_reset_mail(mail_app, port, client):
    make_user(Role.PARTNER, email="paola@example.org", name="Paola\r\nBcc: evil@example.net")
    assert client.post("/password/forgot",
                       data={"email": "paola@example.org"}).status_code == 200
    with smtp_server(port) as inbox:
        report = send_pending(mail_app.config)
    assert report.sent == 1
    [received] = inbox.received
    assert received["Bcc"] is None
    assert received["X-RcptTo"] == "paola@example.org"
    assert received["To"].endswith("<paola@example.org>")
    headers = received.as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers


def test_a_meeting_titled_with_a_line_separator_is_circulated_and_later_mail_too(
        mail_app, port, client, login):
    core = make_organization(name="Ufficio Lavoro", ring="core")
    coordinator, coordinator_person = make_member_person(Role.COORDINATOR, organization=core)
    member, member_person = make_member_person(Role.MEMBER, organization=core)
    meeting = make_meeting(status="draft", title="Tavolo\u2028di marzo")
    make_agenda_item(meeting)
    from tests.factories import make_invitee
    make_invitee(meeting, coordinator_person)
    make_invitee(meeting, member_person)
    login(coordinator)
    assert client.post(f"/meetings/{meeting.id}/circulate").status_code == 303
    _good("Scritto dopo")
    db.session.commit()
    with smtp_server(port) as inbox:
        report = send_pending(mail_app.config)
    assert report.sent == 3 and report.failed == 0
    subjects = [_subject(m) for m in inbox.received]
    assert "Scritto dopo" in subjects
    assert sum("Convocazione: Tavolo di marzo" in s for s in subjects) == 2


@pytest.mark.parametrize("separator", LINE_BREAKS)
def test_no_line_break_in_a_subject_or_name_reaches_the_headers(app, separator):
    message = enqueue(to_addr="anna@example.org", to_name=f"Anna{separator}Bcc: x@example.net",
                      subject=f"Ciao{separator}Bcc: x@example.net", body_text="Testo")
    db.session.commit()
    email = build_email(message, "Tavolo <tavolo@example.org>")
    raw = email.as_bytes().decode("utf-8", errors="replace")
    headers = raw.split("\n\n", 1)[0]
    assert "\nBcc:" not in headers
    assert email["Bcc"] is None
    for char in "\r\x0b\x0c\x1c\x85\u2028\u2029":
        assert char not in str(email["Subject"]) and char not in str(email["To"])


# -- isolation, leases and the command ------------------------------------------------------

def test_an_unbuildable_message_between_two_good_ones_does_not_stop_the_run(mail_app, port,
                                                                            runner, client,
                                                                            login):
    _good("Primo")
    bad = _unbuildable()
    _good("Terzo")
    db.session.commit()
    with smtp_server(port) as inbox:
        result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "Inviati: 2" in result.output and "non consegnabili: 1" in result.output
    assert sorted(_subject(m) for m in inbox.received) == ["Primo", "Terzo"]
    assert [r.status for r in _rows()] == [OutboxStatus.SENT, OutboxStatus.FAILED,
                                           OutboxStatus.SENT]
    db.session.refresh(bad)
    assert bad.last_error.startswith("Non è stato possibile comporre il messaggio")

    login(make_user(Role.COORDINATOR))
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Non consegnabile" in page and "Non è stato possibile comporre il messaggio" in page
    detail = client.get(f"/admin/outbox/{bad.id}")
    assert detail.status_code == 200
    assert "Non è stato possibile comporre il messaggio" in detail.get_data(as_text=True)
    assert f"/admin/outbox/{bad.id}.eml" not in detail.get_data(as_text=True)
    eml = client.get(f"/admin/outbox/{bad.id}.eml")
    assert eml.status_code == 409
    assert "Non è stato possibile comporre il messaggio" in eml.get_data(as_text=True)


def test_with_the_server_down_the_command_fails_and_messages_wait(mail_app, runner):
    _good("Primo")
    _unbuildable()
    _good("Terzo")
    db.session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "da ritentare: 2" in result.output
    rows = _rows()
    assert [r.status for r in rows] == [OutboxStatus.PENDING, OutboxStatus.FAILED,
                                        OutboxStatus.PENDING]
    assert rows[0].last_error and rows[2].last_error


def test_an_unexpected_error_while_sending_marks_only_that_message(mail_app, port,
                                                                   monkeypatch):
    import smtplib

    original = smtplib.SMTP.send_message

    def flaky(self, msg, *args, **kwargs):
        if str(msg["Subject"]) == "Esplode":
            raise RuntimeError("boom")
        return original(self, msg, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "send_message", flaky)
    _good("Primo")
    _good("Esplode")
    _good("Terzo")
    db.session.commit()
    with smtp_server(port) as inbox:
        report = send_pending(mail_app.config)
    assert report.sent == 2 and report.failed == 1
    assert len(inbox.received) == 2
    assert "boom" in _rows()[1].last_error


def test_a_message_left_in_sending_by_a_crashed_run_is_retried_after_the_lease(mail_app,
                                                                              port):
    [message] = [_good("Rimasto in invio")]
    db.session.commit()
    started = utcnow()
    assert claim(message.id, started)  # the run that claimed it died here
    with smtp_server(port) as inbox:
        soon = started + dt.timedelta(minutes=5)
        assert send_pending(mail_app.config, now=lambda: soon).sent == 0
        later = started + dt.timedelta(minutes=mail_app.config["OUTBOX_LEASE_MINUTES"] + 1)
        assert send_pending(mail_app.config, now=lambda: later).sent == 1
    assert len(inbox.received) == 1
    db.session.refresh(message)
    assert message.status == OutboxStatus.SENT


def test_the_lease_is_a_setting(app):
    from tavolo.outbox.services import due_messages

    app.config["OUTBOX_LEASE_MINUTES"] = 2
    message = _good()
    db.session.commit()
    started = utcnow()
    claim(message.id, started)
    assert due_messages(started + dt.timedelta(minutes=1), 10) == []
    assert due_messages(started + dt.timedelta(minutes=3), 10) == [message.id]

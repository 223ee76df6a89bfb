"""Outbox delivery through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage, OutboxStatus
from tavolo.outbox.services import claim, enqueue, send_pending
from tavolo.types import utcnow
from tests.outbox.smtp import Inbox, free_port, smtp_server


class RejectingInbox(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("ghost@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def mail_config(app, port):
    config = dict(app.config)
    config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5,
                  MAIL_SENDER="Tavolo <tavolo@example.org>")
    return config


def _write(n: int = 1, to: str = "anna@example.org") -> list[OutboxMessage]:
    messages = [enqueue(to_addr=to, to_name="Anna", subject=f"Prova {i}",
                        body_text=f"Testo {i} – àèìòù", body_html=f"<p>Testo {i}</p>",
                        category="test") for i in range(n)]
    db.session.commit()
    return messages


def _statuses() -> list[OutboxStatus]:
    return list(db.session.scalars(sa.select(OutboxMessage.status).order_by(OutboxMessage.id)))


def test_pending_messages_are_delivered_once(app, mail_config, port):
    _write(3)
    with smtp_server(port, Inbox()) as inbox:
        report = send_pending(mail_config)
        assert report.sent == 3
        assert len(inbox.received) == 3
        again = send_pending(mail_config)
        assert again.sent == 0 and len(inbox.received) == 3
    assert _statuses() == [OutboxStatus.SENT] * 3
    received = inbox.received[0]
    assert received["To"] == "Anna <anna@example.org>"
    assert received["Subject"] == "Prova 0"
    assert received["Message-ID"] == db.session.scalar(
        sa.select(OutboxMessage.message_id).order_by(OutboxMessage.id))
    assert received.get_content_type() == "multipart/alternative"


def test_server_down_then_back_nothing_lost_nothing_twice(app, mail_config, port):
    _write(2)
    moment = utcnow()
    report = send_pending(mail_config, now=lambda: moment)
    assert report.sent == 0 and report.retried == 2
    rows = list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [r.status for r in rows] == [OutboxStatus.PENDING] * 2
    assert all(r.attempts == 1 and r.last_error for r in rows)
    assert all(r.next_attempt_at > moment for r in rows)
    assert "Connection refused" in rows[0].last_error or "Errno" in rows[0].last_error

    with smtp_server(port, Inbox()) as inbox:
        # Not due yet: the backoff is respected.
        assert send_pending(mail_config, now=lambda: moment).sent == 0
        later = moment + dt.timedelta(minutes=5)
        report = send_pending(mail_config, now=lambda: later)
        assert report.sent == 2
        assert send_pending(mail_config, now=lambda: later + dt.timedelta(hours=1)).sent == 0
    assert len(inbox.received) == 2
    db.session.expire_all()
    assert [r.status for r in rows] == [OutboxStatus.SENT] * 2
    assert [r.attempts for r in rows] == [2, 2]
    assert all(r.last_error is None for r in rows)


def test_refused_recipient_is_marked_failed_and_kept(app, mail_config, port):
    _write(1, to="ghost@example.org")
    _write(1, to="anna@example.org")
    with smtp_server(port, RejectingInbox()) as inbox:
        report = send_pending(mail_config)
    assert report.failed == 1 and report.sent == 1
    assert len(inbox.received) == 1
    assert _statuses() == [OutboxStatus.FAILED, OutboxStatus.SENT]
    failed = db.session.scalar(sa.select(OutboxMessage).filter_by(to_addr="ghost@example.org"))
    assert "550" in failed.last_error


def test_a_message_claimed_by_another_run_is_not_sent_again(app, mail_config, port):
    [message] = _write(1)
    assert claim(message.id, utcnow()) is True
    assert claim(message.id, utcnow()) is False
    with smtp_server(port, Inbox()) as inbox:
        assert send_pending(mail_config).sent == 0
    assert inbox.received == []


def test_a_claim_left_by_a_crashed_run_is_taken_up_later(app, mail_config, port):
    [message] = _write(1)
    long_ago = utcnow() - dt.timedelta(hours=1)
    claim(message.id, long_ago)
    with smtp_server(port, Inbox()) as inbox:
        assert send_pending(mail_config).sent == 1
    assert len(inbox.received) == 1


def test_without_mail_server_messages_wait(app, runner):
    _write(2)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0
    assert "2 messaggi restano in attesa" in result.output
    assert _statuses() == [OutboxStatus.PENDING] * 2


def test_cli_delivers_through_the_configured_server(app, runner, port):
    _write(1)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5)
    with smtp_server(port, Inbox()) as inbox:
        result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "Inviati: 1" in result.output
    assert len(inbox.received) == 1


def test_cli_reports_failures_with_a_nonzero_exit(app, runner, port):
    _write(1)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "da ritentare: 1" in result.output


def test_calendar_part_is_sent_as_a_body_alternative(app, mail_config, port):
    enqueue(to_addr="anna@example.org", subject="Riunione", body_text="Testo",
            body_html="<p>Testo</p>", parts=[{
                "kind": "alternative", "content_type": "text/calendar",
                "params": {"method": "REQUEST"},
                "content": "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"}])
    db.session.commit()
    with smtp_server(port, Inbox()) as inbox:
        send_pending(mail_config)
    [received] = inbox.received
    types = [part.get_content_type() for part in received.walk()]
    assert types == ["multipart/alternative", "text/plain", "text/html", "text/calendar"]
    calendar = [p for p in received.walk() if p.get_content_type() == "text/calendar"][0]
    assert calendar.get_param("method") == "REQUEST"


def test_coordinator_outbox_page_shows_full_content(client, login):
    from tavolo.auth.models import Role
    from tests.factories import make_user

    [message] = _write(1)
    login(make_user(Role.COORDINATOR))
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Prova 0" in page and "anna@example.org" in page
    detail = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert "Testo 0 – àèìòù" in detail
    html = client.get(f"/admin/outbox/{message.id}/html")
    assert "sandbox" in html.headers["Content-Security-Policy"]
    eml = client.get(f"/admin/outbox/{message.id}.eml")
    assert eml.mimetype == "message/rfc822"
    assert b"Subject: Prova 0" in eml.data


def test_retry_puts_a_failed_message_back_in_the_queue(client, login):
    from tavolo.auth.models import Role
    from tests.factories import make_user

    [message] = _write(1)
    message.status = OutboxStatus.FAILED
    db.session.commit()
    login(make_user(Role.COORDINATOR))
    assert client.post(f"/admin/outbox/{message.id}/retry").status_code == 303
    assert message.status == OutboxStatus.PENDING


def test_mail_is_written_outside_a_request_too(app):
    """Commands and timers have no request: links still use the public address."""
    from flask import has_request_context

    from tavolo.auth.services import request_password_reset
    from tests.factories import make_user

    assert not has_request_context()
    user = make_user()
    request_password_reset(user.email)
    db.session.commit()
    message = db.session.scalar(sa.select(OutboxMessage))
    assert "http://tavolo.test/password/reset/" in message.body_text

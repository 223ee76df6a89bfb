"""Writing messages to the outbox and delivering them over SMTP.

Writing happens inside the caller's transaction: the message exists exactly when the change
that caused it is committed. Delivery runs separately (``flask --app tavolo outbox send``,
on a timer in production) and claims each message before sending it, so two runs at once
never send the same message twice, and a server that is down only postpones delivery.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from tavolo.extensions import db
from tavolo.outbox.headers import extra_headers, header_text
from tavolo.outbox.models import OutboxMessage, OutboxStatus
from tavolo.types import utcnow

MAX_BACKOFF = dt.timedelta(hours=6)


def lease(config=None) -> dt.timedelta:
    """How long a run may hold a message "In invio": a run that died longer ago than this
    left it there, and the next run takes it up again (``OUTBOX_LEASE_MINUTES``)."""
    config = current_app.config if config is None else config
    return dt.timedelta(minutes=int(config.get("OUTBOX_LEASE_MINUTES") or 15))


def enqueue(*, to_addr: str, subject: str, body_text: str, body_html: str | None = None,
            to_name: str = "", category: str = "", parts: Iterable[dict] = (),
            domain: str | None = None, headers: dict | None = None) -> OutboxMessage:
    """Add one message to the session; it is stored when the caller commits.

    ``headers`` are extra header lines (``List-Unsubscribe`` …, see
    ``headers.EXTRA_HEADERS``)."""
    message = OutboxMessage(
        to_addr=to_addr,
        to_name=header_text(to_name),
        subject=header_text(subject),
        body_text=body_text,
        body_html=body_html,
        category=category,
        parts=list(parts),
        headers=extra_headers(headers),
        message_id=make_msgid(domain=domain or "tavolo.invalid"),
        status=OutboxStatus.PENDING,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The RFC 5322 message for an outbox row (text, optional HTML and extra parts).

    Raises ``ValueError`` (or another error) when the row cannot make a message, e.g. an
    address that is not one: :func:`send_pending` then marks that row alone undeliverable.
    Subject and display name go through :func:`header_text` again here, for rows written
    before it existed.
    """
    email = EmailMessage()
    email["From"] = sender
    email["To"] = Address(display_name=header_text(message.to_name),
                          addr_spec=message.to_addr.strip())
    email["Subject"] = header_text(message.subject)
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message.message_id
    email["Auto-Submitted"] = "auto-generated"
    for name, value in extra_headers(message.headers).items():
        email[name] = value
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    alternatives = [p for p in message.parts if p.get("kind", "attachment") == "alternative"]
    attachments = [p for p in message.parts if p.get("kind", "attachment") != "alternative"]
    for part in alternatives:
        maintype, subtype = part["content_type"].split("/", 1)
        email.add_alternative(part["content"], subtype=subtype, params=part.get("params", {}))
        if maintype != "text":  # pragma: no cover - only text alternatives make sense
            raise ValueError("alternative parts must be text")
    for part in attachments:
        maintype, subtype = part["content_type"].split("/", 1)
        content = part["content"]
        if maintype == "text":
            email.add_attachment(content, subtype=subtype, filename=part.get("filename"),
                                 params=part.get("params", {}))
        else:
            email.add_attachment(content.encode("utf-8"), maintype=maintype, subtype=subtype,
                                 filename=part.get("filename"), params=part.get("params", {}))
    return email


def backoff(attempts: int) -> dt.timedelta:
    """Wait 1, 2, 4, 8 … minutes between attempts, at most six hours."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass
class DeliveryReport:
    """What one run did. ``retried`` counts messages put back because the mail server
    failed (unreachable, broken connection, a temporary refusal); ``failed`` those marked
    undeliverable (refused for good, or impossible to build)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def server_failed(self) -> bool:
        return self.retried > 0


class SmtpSettings:
    """The mail server settings of the app configuration."""

    def __init__(self, config: dict):
        self.server = config.get("MAIL_SERVER")
        self.port = int(config.get("MAIL_PORT") or 25)
        self.username = config.get("MAIL_USERNAME")
        self.password = config.get("MAIL_PASSWORD")
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.use_ssl = bool(config.get("MAIL_USE_SSL"))
        self.timeout = int(config.get("MAIL_TIMEOUT") or 30)
        self.sender = config.get("MAIL_SENDER")

    @property
    def configured(self) -> bool:
        return bool(self.server)

    def connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.use_ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.server, self.port, timeout=self.timeout,
                                                  context=context)
        else:
            smtp = smtplib.SMTP(self.server, self.port, timeout=self.timeout)
            if self.use_tls:
                smtp.starttls(context=context)
        if self.username:
            smtp.login(self.username, self.password or "")
        return smtp


def due_messages(now: dt.datetime, limit: int,
                 lease_time: dt.timedelta | None = None) -> list[int]:
    """Ids of messages to try now: pending and due, or claimed by a run that died."""
    lease_time = lease() if lease_time is None else lease_time
    return list(db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(sa.or_(
            sa.and_(OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.next_attempt_at <= now),
            sa.and_(OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.claimed_at < now - lease_time),
        ))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ))


def claim(message_id: int, now: dt.datetime, lease_time: dt.timedelta | None = None) -> bool:
    """Mark one message as being sent by this run; False when another run got it first."""
    lease_time = lease() if lease_time is None else lease_time
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .where(sa.or_(
            OutboxMessage.status == OutboxStatus.PENDING,
            sa.and_(OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.claimed_at < now - lease_time),
        ))
        .values(status=OutboxStatus.SENDING, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _record_failure(message: OutboxMessage, error: str, now: dt.datetime,
                    permanent: bool) -> None:
    message.attempts += 1
    message.last_attempt_at = now
    message.last_error = error[:2000]
    message.claimed_at = None
    if permanent:
        message.status = OutboxStatus.FAILED
    else:
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = now + backoff(message.attempts)


def _is_permanent(exc: Exception) -> bool:
    """5xx answers about the recipient or the message will not improve with time."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, (smtplib.SMTPDataError, smtplib.SMTPSenderRefused)):
        return exc.smtp_code >= 500
    return False


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{addr}: {code} {msg.decode(errors='replace')}"
                         for addr, (code, msg) in exc.recipients.items())
    return f"{type(exc).__name__}: {exc}"


def _technical(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


class _Connection:
    """One SMTP connection for the run, opened at the first message that needs it.

    Once the server cannot be reached, the rest of the run records that error instead of
    waiting for one connection timeout per message.
    """

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        self.unreachable: Exception | None = None

    def get(self) -> smtplib.SMTP:
        if self.unreachable is not None:
            raise self.unreachable
        if self.smtp is None:
            try:
                self.smtp = self.settings.connect()
            except (smtplib.SMTPException, OSError) as exc:
                self.unreachable = exc
                raise
        return self.smtp

    def drop(self) -> None:
        _close(self.smtp)
        self.smtp = None


def _give_up(message: OutboxMessage, reason: str, now: dt.datetime,
             report: DeliveryReport) -> None:
    _record_failure(message, reason, now, permanent=True)
    db.session.commit()
    report.failed += 1
    report.errors.append(f"#{message.id} {message.to_addr}: {reason}")


def _deliver(message: OutboxMessage, settings: SmtpSettings, connection: _Connection,
             report: DeliveryReport, now: Callable[[], dt.datetime]) -> None:
    """Build and send one message and record the outcome; nothing it does stops the run."""
    try:
        email = build_email(message, settings.sender)
    except Exception as exc:  # noqa: BLE001 - a defect of one message stays with it
        _give_up(message, _("Non è stato possibile comporre il messaggio: %(error)s",
                            error=_technical(exc)), now(), report)
        return
    try:
        smtp = connection.get()
        envelope_from = parseaddr(settings.sender)[1] or None
        smtp.send_message(email, from_addr=envelope_from, to_addrs=[message.to_addr.strip()])
    except (smtplib.SMTPException, OSError) as exc:
        permanent = _is_permanent(exc)
        _record_failure(message, _describe(exc), now(), permanent)
        db.session.commit()
        report.errors.append(f"#{message.id} {message.to_addr}: {_describe(exc)}")
        if permanent:
            report.failed += 1
        else:
            report.retried += 1
        if not isinstance(exc, (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                                smtplib.SMTPSenderRefused)):
            # The connection broke: open a new one for the next message.
            connection.drop()
        return
    except Exception as exc:  # noqa: BLE001 - e.g. a body the SMTP library cannot encode
        connection.drop()
        _give_up(message, _("Errore durante l'invio del messaggio: %(error)s",
                            error=_technical(exc)), now(), report)
        return
    message.status = OutboxStatus.SENT
    message.attempts += 1
    message.last_attempt_at = now()
    message.sent_at = now()
    message.claimed_at = None
    message.last_error = None
    db.session.commit()
    report.sent += 1


def send_pending(config: dict, *, now: Callable[[], dt.datetime] = utcnow,
                 limit: int | None = None) -> DeliveryReport:
    """Deliver every due message once; record each attempt, success or error.

    Each message is built and sent on its own: one that cannot be built is marked
    undeliverable with the reason and the run goes on. Messages stay in the outbox whatever
    happens: a server that is down, refuses the connection or fails mid-batch leaves them
    pending with their error and a later retry time.
    """
    settings = SmtpSettings(config)
    report = DeliveryReport()
    if not settings.configured:
        return report
    lease_time = lease(config)
    batch = due_messages(now(), limit or int(config.get("OUTBOX_BATCH_SIZE") or 100),
                         lease_time)
    connection = _Connection(settings)
    try:
        for message_id in batch:
            if not claim(message_id, now(), lease_time):
                continue
            _deliver(db.session.get(OutboxMessage, message_id), settings, connection,
                     report, now)
    finally:
        connection.drop()
    return report


def build_problem(message: OutboxMessage, sender: str) -> str | None:
    """Why this message cannot be built, or None when it can (for the outbox pages)."""
    try:
        build_email(message, sender)
    except Exception as exc:  # noqa: BLE001 - shown to the coordinator, never raised
        return _("Non è stato possibile comporre il messaggio: %(error)s",
                 error=_technical(exc))
    return None


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def retry_now(message: OutboxMessage) -> None:
    """Put a failed or waiting message back at the front of the queue."""
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = utcnow()
    message.claimed_at = None


def counts_by_status() -> dict[OutboxStatus, int]:
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    )
    counts = {status: 0 for status in OutboxStatus}
    counts.update({status: n for status, n in rows})
    return counts

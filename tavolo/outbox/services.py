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

from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage, OutboxStatus
from tavolo.types import utcnow

# A message claimed by a run that died is taken up again after this long.
STALE_CLAIM = dt.timedelta(minutes=15)
MAX_BACKOFF = dt.timedelta(hours=6)


def enqueue(*, to_addr: str, subject: str, body_text: str, body_html: str | None = None,
            to_name: str = "", category: str = "", parts: Iterable[dict] = (),
            domain: str | None = None) -> OutboxMessage:
    """Add one message to the session; it is stored when the caller commits."""
    message = OutboxMessage(
        to_addr=to_addr,
        to_name=to_name,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        category=category,
        parts=list(parts),
        message_id=make_msgid(domain=domain or "tavolo.invalid"),
        status=OutboxStatus.PENDING,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The RFC 5322 message for an outbox row (text, optional HTML and extra parts)."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = Address(display_name=message.to_name, addr_spec=message.to_addr) \
        if message.to_name else message.to_addr
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message.message_id
    email["Auto-Submitted"] = "auto-generated"
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
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


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


def due_messages(now: dt.datetime, limit: int) -> list[int]:
    """Ids of messages to try now: pending and due, or claimed by a run that died."""
    return list(db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(sa.or_(
            sa.and_(OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.next_attempt_at <= now),
            sa.and_(OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.claimed_at < now - STALE_CLAIM),
        ))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ))


def claim(message_id: int, now: dt.datetime) -> bool:
    """Mark one message as being sent by this run; False when another run got it first."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .where(sa.or_(
            OutboxMessage.status == OutboxStatus.PENDING,
            sa.and_(OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.claimed_at < now - STALE_CLAIM),
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


def send_pending(config: dict, *, now: Callable[[], dt.datetime] = utcnow,
                 limit: int | None = None) -> DeliveryReport:
    """Deliver every due message once; record each attempt, success or error.

    Messages stay in the outbox whatever happens: a server that is down, refuses the
    connection or fails mid-batch leaves them pending with their error and a later retry time.
    """
    settings = SmtpSettings(config)
    report = DeliveryReport()
    if not settings.configured:
        return report
    batch = due_messages(now(), limit or int(config.get("OUTBOX_BATCH_SIZE") or 100))
    smtp: smtplib.SMTP | None = None
    # Once the server cannot be reached, the rest of this run records that error instead of
    # waiting for one connection timeout per message.
    unreachable: Exception | None = None
    try:
        for message_id in batch:
            if not claim(message_id, now()):
                continue
            message = db.session.get(OutboxMessage, message_id)
            try:
                if unreachable is not None:
                    raise unreachable
                if smtp is None:
                    try:
                        smtp = settings.connect()
                    except (smtplib.SMTPException, OSError) as exc:
                        unreachable = exc
                        raise
                email = build_email(message, settings.sender)
                envelope_from = parseaddr(settings.sender)[1] or None
                smtp.send_message(email, from_addr=envelope_from, to_addrs=[message.to_addr])
            except (smtplib.SMTPException, OSError) as exc:
                permanent = _is_permanent(exc)
                _record_failure(message, _describe(exc), now(), permanent)
                db.session.commit()
                report.errors.append(f"#{message.id} {message.to_addr}: {_describe(exc)}")
                if permanent:
                    report.failed += 1
                else:
                    report.retried += 1
                if smtp is not None and not isinstance(
                        exc, (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                              smtplib.SMTPSenderRefused)):
                    # The connection broke: open a new one for the next message.
                    _close(smtp)
                    smtp = None
                continue
            message.status = OutboxStatus.SENT
            message.attempts += 1
            message.last_attempt_at = now()
            message.sent_at = now()
            message.claimed_at = None
            message.last_error = None
            db.session.commit()
            report.sent += 1
    finally:
        _close(smtp)
    return report


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

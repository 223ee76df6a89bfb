"""Outgoing messages waiting for, or done with, delivery."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from tavolo.extensions import db
from tavolo.types import UTCDateTime, str_enum, utcnow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    OutboxStatus.PENDING: _l("In attesa"),
    OutboxStatus.SENDING: _l("In invio"),
    OutboxStatus.SENT: _l("Inviato"),
    OutboxStatus.FAILED: _l("Non consegnabile"),
}


class OutboxMessage(db.Model):
    """One e-mail to one recipient.

    ``parts`` holds extra MIME parts (for instance a ``text/calendar`` invitation) as a list
    of ``{"content_type", "content", "params", "filename", "kind"}`` where ``kind`` is
    ``alternative`` (a body alternative next to text and HTML) or ``attachment``. The
    ``message_id`` is fixed when the message is written, so a retry after an uncertain
    delivery carries the same Message-ID and receiving servers can recognise it.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    category: Mapped[str] = mapped_column(sa.String(40), default="")
    message_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    to_addr: Mapped[str] = mapped_column(sa.String(254))
    to_name: Mapped[str] = mapped_column(sa.String(120), default="")
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    parts: Mapped[list] = mapped_column(sa.JSON, default=list)
    status: Mapped[OutboxStatus] = mapped_column(
        str_enum(OutboxStatus, "outbox_status", 10), default=OutboxStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    @property
    def recipient(self) -> str:
        return f"{self.to_name} <{self.to_addr}>" if self.to_name else self.to_addr

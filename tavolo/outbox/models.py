"""Outgoing messages waiting for, or done with, delivery."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from tavolo.extensions import db
from tavolo.types import LabelledEnum, UTCDateTime, str_enum, utcnow


class OutboxStatus(LabelledEnum):
    PENDING = "pending", _l("In attesa")
    SENDING = "sending", _l("In invio")
    SENT = "sent", _l("Inviato")
    FAILED = "failed", _l("Non consegnabile")


STATUS_LABELS = OutboxStatus.labels()


class OutboxMessage(db.Model):
    """One e-mail to one recipient.

    ``parts`` holds extra MIME parts (for instance a ``text/calendar`` invitation) as a list
    of ``{"content_type", "content", "params", "filename", "kind"}`` where ``kind`` is
    ``alternative`` (a body alternative next to text and HTML) or ``attachment``.
    ``headers`` holds extra header lines (only the names in ``headers.EXTRA_HEADERS``). The
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
    headers: Mapped[dict] = mapped_column(
        sa.JSON, default=dict, server_default="{}",
        doc="Extra header lines ({name: value}), e.g. List-Unsubscribe; cleaned like the "
            "subject when written and again when the message is built")
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

"""Preferences per user and kind, the network's defaults, and the daily digest."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.types import LabelledEnum, UTCDateTime, str_enum, utcnow


class NotificationKind(LabelledEnum):
    MEETINGS = "meetings", _l("Inviti e modifiche alle riunioni")
    AGENDA = "agenda", _l("Ordine del giorno inviato")
    MINUTES = "minutes", _l("Verbali approvati")
    ROUNDS = "rounds", _l("Votazioni aperte e in chiusura entro 24 ore")
    REPLIES = "replies", _l("Risposte ai miei commenti e commenti alle mie proposte")
    NOTICES = "notices", _l("Nuovi avvisi in bacheca")
    SEMINARS = "seminars", _l("Nuovi seminari")


KIND_LABELS = NotificationKind.labels()


class Delivery(LabelledEnum):
    IMMEDIATE = "immediate", _l("Subito")
    DIGEST = "digest", _l("Riepilogo giornaliero")
    OFF = "off", _l("Mai")


DELIVERY_LABELS = Delivery.labels()

# What the network does for a kind nobody has chosen for (coordinators can change it).
BUILT_IN_DEFAULTS = {
    NotificationKind.MEETINGS: Delivery.IMMEDIATE,
    NotificationKind.AGENDA: Delivery.IMMEDIATE,
    NotificationKind.MINUTES: Delivery.IMMEDIATE,
    NotificationKind.ROUNDS: Delivery.IMMEDIATE,
    NotificationKind.REPLIES: Delivery.IMMEDIATE,
    NotificationKind.NOTICES: Delivery.IMMEDIATE,  # the author asked to mail the network
    NotificationKind.SEMINARS: Delivery.DIGEST,
}


class NotificationPreference(db.Model):
    """One user's choice for one kind; no row means the network's default."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(
        str_enum(NotificationKind, "notification_kind", 20), primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(str_enum(Delivery, "notification_delivery", 10))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class NotificationDefault(db.Model):
    """The network's default for one kind, set by a coordinator."""

    __tablename__ = "notification_defaults"

    kind: Mapped[NotificationKind] = mapped_column(
        str_enum(NotificationKind, "notification_default_kind", 20), primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(
        str_enum(Delivery, "notification_default_delivery", 10))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Digest(db.Model):
    """The one digest mail of a user for a day (Europe/Rome): unique, so a second run or a
    run after an interrupted one never sends the same day twice."""

    __tablename__ = "notification_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(sa.Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    item_count: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.UniqueConstraint("user_id", "day", name="uq_notification_digests_day"),)


class DigestItem(db.Model):
    """One notification waiting for the user's digest of ``day``; ``digest_id`` is the
    digest that sent it (empty while it waits)."""

    __tablename__ = "notification_digest_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    day: Mapped[dt.date] = mapped_column(sa.Date)
    kind: Mapped[NotificationKind] = mapped_column(
        str_enum(NotificationKind, "digest_item_kind", 20))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.String(500), default="")
    link: Mapped[str] = mapped_column(sa.String(1000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    digest_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("notification_digests.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship()

    __table_args__ = (sa.Index("ix_notification_digest_items_waiting", "digest_id", "day"),)

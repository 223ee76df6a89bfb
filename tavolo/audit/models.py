"""The audit trail. Rows are only ever added, never changed."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.types import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One change to one object.

    ``object_type`` and ``object_id`` name the object without a foreign key, so the entry
    survives the deletion of what it describes; ``object_label`` and ``actor_name`` are
    snapshots for the same reason.
    """

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(sa.String(120), default="")
    action: Mapped[str] = mapped_column(sa.String(40))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    object_label: Mapped[str] = mapped_column(sa.String(300), default="")
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (sa.Index("ix_audit_entries_object", "object_type", "object_id"),)
